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
    storage — each with its bandwidth [B/s] and latency [s] where the catalog (or, for links,
    NCCL's per-step α in ``hardware.links``) gives them, and the energy per byte of its kind of
    level from ``laws.energy_table.MOVEMENT`` (None where no source covers it)."""
    from ironlaw.hardware.links import LINK_LATENCY, link_for
    from ironlaw.laws.energy_table import LEVEL_FIGURE, MOVEMENT, energy_per_byte

    def energy(kind: str | None) -> float | None:
        return energy_per_byte(kind) if kind in MOVEMENT else None

    rungs = [{"name": "registers", "bandwidth_bytes_per_s": None, "latency_s": None,
              "energy_j_per_byte": energy("register")}]
    for level in device.memory:
        rungs.append({"name": f"{level.level.upper()} ({level.name or level.level})",
                      "bandwidth_bytes_per_s": _opt(level.bandwidth),
                      "latency_s": _opt(level.latency),
                      "energy_j_per_byte": energy(LEVEL_FIGURE.get(level.level))})
    if device.scale_up is not None:
        link = link_for(device, 2)
        rungs.append({"name": f"{device.scale_up.name} (scale-up)",
                      "bandwidth_bytes_per_s": link.bandwidth, "latency_s": link.latency,
                      "energy_j_per_byte": None})
    if device.host_link is not None:
        rungs.append({"name": f"PCIe {device.host_link.generation} x{device.host_link.lanes} "
                              "(host)",
                      "bandwidth_bytes_per_s": device.host_link.bandwidth_per_direction.value,
                      "latency_s": LINK_LATENCY["pcie"].value, "energy_j_per_byte": None})
    if node is not None and node.nic is not None:
        rungs.append({"name": f"network ({node.nic.name or 'NIC'}, one port)",
                      "bandwidth_bytes_per_s": node.nic.bandwidth_per_port.value,
                      "latency_s": LINK_LATENCY["roce"].value,
                      "energy_j_per_byte": energy("network")})
    if node is not None and node.storage is not None:
        rungs.append({"name": "storage (node)",
                      "bandwidth_bytes_per_s": _opt(node.storage.read_bandwidth),
                      "latency_s": None, "energy_j_per_byte": energy("ssd")})
    return rungs
