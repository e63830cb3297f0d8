"""Can the input pipeline feed the accelerator? Supply, demand, stall, and what would fix it.

Each stage of a prefetching (overlapped) input pipeline delivers samples at its own rate [1/s]:

    storage   R_s = BW_storage / b            b bytes per stored sample [B], BW [B/s]
    decode    R_d = cores · r_core            r_core samples/s one core decodes and augments
    network   R_n = BW_network / b            (only when samples arrive over a network)

    supply  S = min(R_s, R_d, R_n)            the slowest stage binds
    stall   f = max(0, 1 − S/D)               fraction of time the accelerator waits, D = demand

Amdahl's view: the accelerator is busy 1 − f of the time, so removing the data wait entirely
speeds training by at most 1/(1 − f) = D/S (``laws.speedup.amdahl_limit``; computed as D/S,
which keeps its precision when f is close to 1). With overlap, making
the binding stage s× faster gives min(s·R_bind, next stage, D)/S — less once another stage binds.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ironlaw.checks import positive, whole
from ironlaw.table import Fact, Shown, Table, facts
from ironlaw.units import format as fmt

STAGE_LABELS = {"storage": "storage bandwidth", "decode": "CPU decode (cores)",
                "network": "network bandwidth"}


def stage_rates(bytes_per_sample, storage_bandwidth, cores, decode_rate_per_core=None,
                network_bandwidth=None) -> dict[str, Any]:
    """Samples per second each stage can deliver (broadcasts); absent stages are left out."""
    rates = {"storage": storage_bandwidth / bytes_per_sample}
    if decode_rate_per_core is not None:
        rates["decode"] = cores * decode_rate_per_core
    if network_bandwidth is not None:
        rates["network"] = network_bandwidth / bytes_per_sample
    return rates


def supply_rate(bytes_per_sample, storage_bandwidth, cores, decode_rate_per_core=None,
                network_bandwidth=None):
    """S = min over stages of their rate [1/s] (broadcasts like numpy)."""
    rates = stage_rates(bytes_per_sample, storage_bandwidth, cores, decode_rate_per_core,
                        network_bandwidth)
    supply = rates.pop("storage")
    for rate in rates.values():
        supply = np.minimum(supply, rate)
    return supply


def stall_fraction(supply, demand):
    """f = max(0, 1 − S/D): the fraction of time the accelerator waits for data."""
    return np.maximum(0.0, 1.0 - supply / demand)


@dataclass(frozen=True, repr=False)
class Pipeline(Shown):
    """An input pipeline judged against the accelerator's demand. Rates in samples/s."""

    demand_per_s: float
    bytes_per_sample: float
    storage_bandwidth_bytes_per_s: float
    cores: int
    decode_rate_per_core_per_s: float | None
    network_bandwidth_bytes_per_s: float | None
    stage_rates_per_s: dict[str, float]
    supply_per_s: float
    binding: str
    stall_fraction: float
    feeds: bool
    verdict: str
    cores_needed: int | None
    storage_bandwidth_needed_bytes_per_s: float
    network_bandwidth_needed_bytes_per_s: float | None
    max_speedup: float
    speedup_if_binding_doubled: float
    fixes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def delivered_per_s(self) -> float:
        """Samples per second the accelerator actually processes: min(S, D)."""
        return min(self.supply_per_s, self.demand_per_s)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["delivered_per_s"] = self.delivered_per_s
        out["fixes"] = list(self.fixes)
        out["assumptions"] = list(self.assumptions)
        return out

    def rows(self) -> list[Table]:
        rows: list[Fact] = [("verdict", self.verdict), ("demand", self.demand_per_s, "rate")]
        rows += [(STAGE_LABELS[k], v, "rate") for k, v in self.stage_rates_per_s.items()]
        rows += [("supply", self.supply_per_s, "rate"), ("binding", STAGE_LABELS[self.binding]),
                 ("stall fraction", fmt(self.stall_fraction, "share")),
                 ("max speedup once fed (Amdahl)", f"{self.max_speedup:.3g}×"),
                 ("speedup if binding stage doubled", f"{self.speedup_if_binding_doubled:.3g}×")]
        if self.cores_needed is not None:
            rows.append(("cores to meet demand", self.cores_needed, "count"))
        rows.append(("storage bandwidth to meet demand",
                     self.storage_bandwidth_needed_bytes_per_s, "bandwidth"))
        rows += [("fix", f) for f in self.fixes]
        return [facts("Input pipeline", rows, self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        b = self.bytes_per_sample
        lines = [Line("storage stage", "R_s = BW_storage / b",
                      f"{fmt(self.storage_bandwidth_bytes_per_s, 'bandwidth')} / "
                      f"{fmt(b, 'bytes')}", _rate(self.stage_rates_per_s["storage"]))]
        if "decode" in self.stage_rates_per_s:
            lines.append(Line("decode stage", "R_d = cores · r_core",
                              f"{self.cores} × {_rate(self.decode_rate_per_core_per_s)}",
                              _rate(self.stage_rates_per_s["decode"])))
        if "network" in self.stage_rates_per_s:
            lines.append(Line("network stage", "R_n = BW_network / b",
                              f"{fmt(self.network_bandwidth_bytes_per_s, 'bandwidth')} / "
                              f"{fmt(b, 'bytes')}", _rate(self.stage_rates_per_s["network"])))
        rates = ", ".join(_rate(r) for r in self.stage_rates_per_s.values())
        lines += [
            Line("supply", "S = min(stage rates)", f"min({rates})",
                 f"{_rate(self.supply_per_s)} (binding: {STAGE_LABELS[self.binding]})"),
            Line("stall fraction", "f = max(0, 1 − S/D)",
                 f"max(0, 1 − {_rate(self.supply_per_s)} / {_rate(self.demand_per_s)})",
                 fmt(self.stall_fraction, "share")),
            Line("Amdahl limit", "S_max = 1/(1 − f) = D/S",
                 f"1 / (1 − {self.stall_fraction:.4g})", f"{self.max_speedup:.3g}×"),
        ]
        if self.cores_needed is not None:
            lines.append(Line("cores to meet demand", "⌈D / r_core⌉",
                              f"⌈{_rate(self.demand_per_s)} / "
                              f"{_rate(self.decode_rate_per_core_per_s)}⌉",
                              str(self.cores_needed)))
        lines.append(Line("storage bandwidth to meet demand", "D · b",
                          f"{_rate(self.demand_per_s)} × {fmt(b, 'bytes')}",
                          fmt(self.storage_bandwidth_needed_bytes_per_s, "bandwidth")))
        notes = (self.verdict, *self.fixes, *self.assumptions)
        return Worked("Input pipeline: supply vs demand", tuple(lines), notes)


def _rate(x: float | None) -> str:
    return "—" if x is None else fmt(x, "rate")


def pipeline(samples_per_s_demand, *, bytes_per_sample, storage_bandwidth, cores,
             decode_rate_per_core, network_bandwidth=None,
             assumptions: tuple[str, ...] = ()) -> Pipeline:
    """Judge an input pipeline: supply S = min(stages) against demand D [samples/s].

    ``decode_rate_per_core`` may be None for data that needs no CPU decode (pre-tokenized text);
    ``network_bandwidth`` None means the samples are read locally. A pipeline that cannot feed
    the accelerator is a verdict (``feeds`` False, the binding stage named), not an error.
    """
    demand = positive(samples_per_s_demand, "samples_per_s_demand", "a positive rate [1/s]")
    b = positive(bytes_per_sample, "bytes_per_sample", "a positive size [B]")
    bw = positive(storage_bandwidth, "storage_bandwidth", "a positive bandwidth [B/s]")
    n = whole(cores, "cores")
    r_core = positive(decode_rate_per_core, "decode_rate_per_core", "a positive rate [1/s]",
                      optional=True)
    net = positive(network_bandwidth, "network_bandwidth", "a positive bandwidth [B/s]",
                   optional=True)

    rates = {k: float(v) for k, v in stage_rates(b, bw, n, r_core, net).items()}
    binding = min(rates, key=rates.get)
    supply = rates[binding]
    stall = float(stall_fraction(supply, demand))
    feeds = supply >= demand
    cores_needed = math.ceil(demand / r_core) if r_core is not None else None
    storage_needed = demand * b
    net_needed = demand * b if net is not None else None

    # Amdahl's limit 1/(1 − f) equals D/S exactly; D/S keeps its precision when f is near 1
    limit = max(1.0, demand / supply)
    doubled = dict(rates, **{binding: 2.0 * rates[binding]})
    gain = min(min(doubled.values()), demand) / min(supply, demand)

    short = [k for k, r in rates.items() if r < demand]
    if feeds:
        verdict = (f"feeds: supply {_rate(supply)} ≥ demand {_rate(demand)} "
                   f"({supply / demand:.3g}× headroom; tightest stage: "
                   f"{STAGE_LABELS[binding]})")
        fixes: tuple[str, ...] = ()
    else:
        verdict = (f"STALLS: {STAGE_LABELS[binding]} supplies {_rate(supply)} of "
                   f"{_rate(demand)} demanded; the accelerator waits {fmt(stall, 'share')} of "
                   "the time "
                   f"(at most {limit:.3g}× faster once fixed)")
        fixes = tuple(_fix(k, demand, n, r_core, b, bw, net) for k in short)
    return Pipeline(
        demand_per_s=demand, bytes_per_sample=b, storage_bandwidth_bytes_per_s=bw, cores=n,
        decode_rate_per_core_per_s=r_core, network_bandwidth_bytes_per_s=net,
        stage_rates_per_s=rates, supply_per_s=supply, binding=binding, stall_fraction=stall,
        feeds=feeds, verdict=verdict, cores_needed=cores_needed,
        storage_bandwidth_needed_bytes_per_s=storage_needed,
        network_bandwidth_needed_bytes_per_s=net_needed, max_speedup=limit,
        speedup_if_binding_doubled=gain, fixes=fixes, assumptions=tuple(assumptions))


def _fix(stage: str, demand: float, cores: int, r_core, b: float, bw: float, net) -> str:
    if stage == "decode":
        return (f"decode: {math.ceil(demand / r_core)} cores needed (have {cores}), or decode "
                f"on the accelerator, or preprocess offline into a format with a cheaper decode")
    if stage == "storage":
        return (f"storage: {fmt(demand * b, 'bandwidth')} needed (have {fmt(bw, 'bandwidth')}),"
                f" or cache the dataset in host memory / local NVMe, or store smaller samples")
    return (f"network: {fmt(demand * b, 'bandwidth')} needed (have {fmt(net, 'bandwidth')}), "
            f"or stage the dataset on local storage before training")


def demand_from(model: str, device: str, *, batch: int = 1, precision: str = "bf16",
                train: bool = False, accelerators: int = 1, mode: str = "fused",
                catalog=None) -> tuple[float, str]:
    """D = accelerators · batch / step time [samples/s], the step costed by the cost model on
    ``device`` of ``catalog`` (``hardware.catalog.open_catalog``); returns the demand and a
    sentence saying how it was derived."""
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.models.zoo import build_model

    n = whole(accelerators, "accelerators")
    catalog = open_catalog(catalog)
    dev = catalog.device(device)
    graph = build_model(model, batch=batch, dtype=precision, runs=dev.peak)
    if train:
        from ironlaw.frameworks.autodiff import training_step

        graph = training_step(graph)
    step = analyze(graph, dev, catalog.efficiency_of(dev), mode).latency_s
    demand = n * batch / step
    what = "training step" if train else "forward pass"
    return demand, (f"demand = {n} × batch {batch} / {fmt(step, 'time')} per {what} of "
                    f"{graph.name} on {dev.id} ({precision}, {mode}; cost model) = "
                    f"{fmt(demand, 'rate')}")
