"""Plain-dict views of devices and nodes: unit-suffixed keys, and provenance rows for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ironlaw import units
from ironlaw.derive import Line, Worked
from ironlaw.hardware.catalog import Catalog
from ironlaw.hardware.schema import PRECISIONS, Device, Node, iter_sourced
from ironlaw.laws.roofline import ridge_point
from ironlaw.table import Shown, Table, columns

HEADLINE_ORDER = ("bf16", "fp16", "fp8", "int8", "fp32", "tf32", "fp64", "int4", "fp4", "fp6")


def rate_dimension(precision: str) -> str:
    """``"op_rate"`` for integer precisions (shown as TOPS), ``"flop_rate"`` otherwise."""
    return "op_rate" if precision.startswith("int") else "flop_rate"


def headline_precision(device: Device) -> str:
    """The precision a device is usually quoted at for ML: bf16, else fp16, int8, fp32 ..."""
    return next(p for p in HEADLINE_ORDER if p in device.peak)


def _opt(value) -> float | None:
    return value.value if value is not None else None


def device_summary(device: Device) -> dict[str, Any]:
    """Every number of a device in SI, keys carrying their unit; ridge points per precision."""
    main = device.main_memory
    bandwidth = _opt(main.bandwidth)
    peak = {
        p: {"dense": device.peak[p].dense.value, "sparse": _opt(device.peak[p].sparse)}
        for p in PRECISIONS if p in device.peak
    }
    return {
        "id": device.id,
        "name": device.name,
        "vendor": device.vendor,
        "kind": device.kind,
        "aliases": list(device.aliases),
        "release_year": int(device.release_year.value),
        "peak_flop_per_s": peak,
        "ridge_flop_per_byte": {
            p: ridge_point(v["dense"], bandwidth) if bandwidth else None for p, v in peak.items()
        },
        "memory": [
            {
                "level": m.level,
                "name": m.name,
                "capacity_bytes": _opt(m.capacity),
                "bandwidth_bytes_per_s": _opt(m.bandwidth),
                "latency_s": _opt(m.latency),
            }
            for m in device.memory
        ],
        "main_memory_bytes": _opt(main.capacity),
        "main_memory_bandwidth_bytes_per_s": bandwidth,
        "tdp_w": device.power.tdp.value,
        "idle_power_w": _opt(device.power.idle),
        "clock_hz": _opt(device.clock),
        "peak_clock_hz": _opt(device.peak_clock),
        "peak_clock_basis": device.peak_clock.basis if device.peak_clock else None,
        "host_link_bandwidth_bytes_per_s": _opt(device.host_link.bandwidth_per_direction)
        if device.host_link else None,
        "scale_up_bandwidth_bytes_per_s": _opt(device.scale_up.bandwidth_per_direction)
        if device.scale_up else None,
        "price_usd": _opt(device.price),
        "embodied_carbon_kg": _opt(device.embodied_carbon),
    }


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


def provenance_rows(item: Device | Node) -> list[dict[str, Any]]:
    """One row per number: field path, SI value, dimension, provenance kind, source, URL, date."""
    return [
        {
            "field": path,
            "value": sourced.value,
            "dimension": sourced.dimension,
            "kind": sourced.provenance_kind,
            "source": sourced.source.title,
            "url": sourced.source.url,
            "checked": sourced.source.checked.isoformat(),
            "note": "; ".join(filter(None, (getattr(sourced, "basis", None), sourced.note)))
            or None,
        }
        for path, sourced in iter_sourced(item)
    ]


@dataclass(frozen=True, repr=False)
class Sheet(Shown):
    """Every number of one device or node with its provenance (``hw show``); ``explain()``
    derives the figures the catalog does not store: ridge points I* = R/BW, node totals."""

    item: Device | Node
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary, "provenance": provenance_rows(self.item)}

    def rows(self) -> list[Table]:
        records = tuple({**r, "shown": units.format(r["value"], r["dimension"])}
                        for r in provenance_rows(self.item))
        return [Table(f"{self.item.name} ({self.item.id})",
                      columns(("field", "field"), ("shown", "value"), ("kind", "kind"),
                              ("source", "source"), ("note", "note")), records)]

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per number, SI value and its provenance."""
        keys = ("field", "value", "dimension", "kind", "source", "url", "checked", "note")
        return [{k: r[k] for k in keys} for r in provenance_rows(self.item)]

    def explain(self) -> Worked:
        s, lines = self.summary, []
        if s["kind"] == "node":
            lines.append(Line(f"total {s['headline_precision']} peak", "count × R",
                              f"{s['count']} × {s['accelerator']}",
                              units.format(s["total_peak_flop_per_s"],
                                           rate_dimension(s["headline_precision"]))))
        else:
            bw = s["main_memory_bandwidth_bytes_per_s"]
            for p, ridge in s["ridge_flop_per_byte"].items():
                if ridge is not None:
                    rate = rate_dimension(p)
                    lines.append(Line(f"{p} ridge point", "I* = R / BW",
                                      f"{units.format(s['peak_flop_per_s'][p]['dense'], rate)}"
                                      f" / {units.format(bw, 'bandwidth')}",
                                      units.format(ridge, "intensity")))
        return Worked(f"{self.item.name} ({self.item.id}): derived figures", tuple(lines),
                      ("Below the ridge point an op is memory-bound, above it compute-bound.",))


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
    from ironlaw.hardware.links import LINK_LATENCY, STORAGE_LATENCY, link_for
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
        link = link_for(device, 2)
        rungs.append({**rung(f"{device.scale_up.name} (scale-up)", LINK_LATENCY[link.kind]),
                      "bandwidth_bytes_per_s": link.bandwidth})
    if device.host_link is not None:
        rungs.append(rung(f"PCIe {device.host_link.generation} x{device.host_link.lanes} "
                          "(host)", LINK_LATENCY["pcie"],
                          device.host_link.bandwidth_per_direction))
    if node is not None and node.nic is not None:
        rungs.append(rung(f"network ({node.nic.name or 'NIC'}, one port)", LINK_LATENCY["roce"],
                          node.nic.bandwidth_per_port, "network"))
    if node is not None and node.storage is not None:
        rungs.append(rung("storage (node NVMe)", STORAGE_LATENCY["nvme"],
                          node.storage.read_bandwidth, "ssd"))
    return rungs
