"""Plain-dict views of devices and nodes: unit-suffixed keys, and provenance rows for people.

A device's own sheet (``Sheet``, ``device_summary``, ``provenance_rows``) is in
``hardware.schema``, beside ``Device``, which shows itself with it; a node's summary needs the
catalog (its accelerator) and is here."""

from __future__ import annotations

from typing import Any

from ironlaw.hardware.catalog import Catalog
from ironlaw.hardware.schema import (
    HEADLINE_ORDER,
    Device,
    Node,
    Sheet,
    _opt,
    device_summary,
    headline_precision,
    provenance_rows,
    rate_dimension,
)

# A device's sheet lives beside Device (hardware.schema), which shows itself with it; these
# names are kept here, where `hw` and the tests have always found them.
__all__ = ["HEADLINE_ORDER", "Sheet", "device_summary", "headline_precision", "ladder_rungs",
           "node_summary", "provenance_rows", "rate_dimension", "sheet"]


def node_summary(node: Node, catalog: Catalog) -> dict[str, Any]:
    """A node's own numbers plus its accelerators' totals (count × per-device figures)."""
    device = catalog.devices[node.accelerator]
    precision = headline_precision(device)
    main = device.main_memory
    return {
        "id": node.id,
        "name": node.name,
        "kind": "node",
        "aliases": list(node.aliases),
        "accelerator": node.accelerator,
        "count": node.count,
        "headline_precision": precision,
        "total_peak_flop_per_s": node.count * device.peak[precision].dense.value,
        "total_accelerator_memory_bytes": node.count * main.capacity.value
        if main.capacity else None,
        "host_cpu": node.host_cpu.device if node.host_cpu else None,
        "host_cpu_count": node.host_cpu.count if node.host_cpu else None,
        "host_memory_bytes": _opt(node.host_memory.capacity) if node.host_memory else None,
        "storage_bytes": _opt(node.storage.capacity) if node.storage else None,
        "storage_read_bandwidth_bytes_per_s": _opt(node.storage.read_bandwidth)
        if node.storage else None,
        "network_bandwidth_bytes_per_s": node.nic.ports * node.nic.bandwidth_per_port.value
        if node.nic else None,
        "power_w": node.power.value,
        "price_usd": _opt(node.price),
        "embodied_carbon_kg": _opt(node.embodied_carbon),
    }


def sheet(name: str, catalog: Catalog) -> Sheet:
    """The sheet of a device or node by ID or alias."""
    ident = catalog.resolve(name)
    if ident in catalog.devices:
        return Sheet(catalog.devices[ident], device_summary(catalog.devices[ident]))
    return Sheet(catalog.nodes[ident], node_summary(catalog.nodes[ident], catalog))


def ladder_rungs(device: Device, node: Node | None = None) -> list[dict[str, Any]]:
    """The levels data crosses on ``device`` (and its ``node``), fastest first — registers,
    its memory levels, its scale-up link, its host (PCIe) link, the node's network and
    storage — each with its access latency [s] (the catalog's for a memory level; NCCL's
    per-step α for a link, ``hardware.links.LINK_LATENCY``; ``STORAGE_LATENCY`` for the
    node's drives), its bandwidth [B/s] and the energy per byte of its kind of level from
    ``laws.energy_table.MOVEMENT``, each figure with the title of its source; None (and no
    source) where none is published."""
    from ironlaw.hardware.links import LINK_LATENCY, STORAGE_LATENCY, fabric_kind, link_for
    from ironlaw.laws.energy_table import LEVEL_FIGURE, MOVEMENT

    def rung(name, latency=None, bandwidth=None, energy=None):
        """``latency``/``bandwidth``: a catalog value or a Constant (both carry .value and
        .source); ``energy``: a key of MOVEMENT, or None."""
        figure = MOVEMENT.get(energy) if energy else None
        return {"name": name,
                "latency_s": None if latency is None else float(latency.value),
                "latency_source": None if latency is None else latency.source.title,
                "bandwidth_bytes_per_s": None if bandwidth is None else float(bandwidth.value),
                "energy_j_per_byte": None if figure is None else figure.value,
                "energy_source": None if figure is None else figure.source.title}

    rungs = [rung("registers", energy="register")]
    for level in device.memory:
        rungs.append(rung(f"{level.level.upper()} ({level.name or level.level})", level.latency,
                          level.bandwidth, LEVEL_FIGURE.get(level.level)))
    if device.scale_up is not None:
        name = f"{device.scale_up.name} (scale-up)"
        if fabric_kind(device.scale_up.name) is None:  # a fabric NCCL's figures do not cover
            rungs.append({**rung(name), "bandwidth_bytes_per_s":
                          float(device.scale_up.bandwidth_per_direction.value)})
        else:
            link = link_for(device, 2)
            rungs.append({**rung(name, LINK_LATENCY[link.kind]),
                          "bandwidth_bytes_per_s": link.bandwidth})
    if device.host_link is not None:
        rungs.append(rung(f"PCIe {device.host_link.generation} x{device.host_link.lanes} "
                          "(host)", LINK_LATENCY["pcie"],
                          device.host_link.bandwidth_per_direction))
    if node is not None and node.nic is not None:  # NCCL's α is RDMA's (InfiniBand, RoCE)
        name = node.nic.name or "NIC"
        rdma = any(k in name for k in ("InfiniBand", "RoCE", "ConnectX"))
        rungs.append(rung(f"network ({name}, one port)", LINK_LATENCY["roce"] if rdma else None,
                          node.nic.bandwidth_per_port, "network" if rdma else None))
    if node is not None and node.storage is not None:  # a latency for the kind it is, if known
        kind = node.storage.kind
        rungs.append(rung(f"storage (node {kind or 'storage'})", STORAGE_LATENCY.get(kind),
                          node.storage.read_bandwidth, "ssd" if kind in ("nvme", "sata-ssd")
                          else None))
    return rungs
