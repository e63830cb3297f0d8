"""The Iron Law of ML systems: time = data/bandwidth + work/(rate × utilization) + overhead.

    T = D/BW + O/(R·η) + L            (additive: transfer and compute one after the other)
    T = max(D/BW, O/(R·η)) + L        (overlapped: transfer hidden under compute, or vice versa)

D bytes moved [B], BW bandwidth [B/s], O operations [FLOP], R peak rate [FLOP/s], η utilization
[0–1], L fixed overhead (launch, dispatch, network latency) [s]. Every argument broadcasts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, dominant, maximum

TERMS = ("transfer", "compute", "overhead")


@dataclass(frozen=True)
class IronLawTerms:
    """Each term of the Iron Law [s], their total [s] and the name of the largest term."""

    transfer_s: Any
    compute_s: Any
    overhead_s: Any
    total_s: Any
    dominant: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def iron_law(data_bytes: Real, bandwidth: Real, flops: Real, peak: Real, utilization: Real = 1.0,
             overhead: Real = 0.0) -> IronLawTerms:
    """Additive Iron Law: T = D/BW + O/(R·η) + L, in seconds."""
    transfer = data_bytes / bandwidth
    compute = flops / (peak * utilization)
    total = transfer + compute + overhead
    return IronLawTerms(transfer, compute, overhead, total,
                        dominant(TERMS, transfer, compute, overhead))


def iron_law_overlapped(data_bytes: Real, bandwidth: Real, flops: Real, peak: Real,
                        utilization: Real = 1.0, overhead: Real = 0.0) -> IronLawTerms:
    """Overlapped Iron Law: T = max(D/BW, O/(R·η)) + L, in seconds."""
    transfer = data_bytes / bandwidth
    compute = flops / (peak * utilization)
    total = maximum(transfer, compute) + overhead
    return IronLawTerms(transfer, compute, overhead, total,
                        dominant(TERMS, transfer, compute, overhead))


_INPUTS = (
    Symbol("data", "D", "bytes", "data moved", domain="nonnegative"),
    Symbol("bandwidth", "BW", "bandwidth", "bandwidth of the link or memory"),
    Symbol("flops", "O", "flops", "operations performed", domain="nonnegative"),
    Symbol("peak", "R", "flop_rate", "peak compute rate"),
    Symbol("utilization", "η", "count", "fraction of peak achieved", default=1.0,
           domain="fraction", latex=r"\eta"),
    Symbol("overhead", "L", "time", "fixed overhead (launch, latency)", default=0.0,
           domain="nonnegative"),
)
_OUTPUTS = (
    Symbol("transfer", "T_D", "time", "transfer time D/BW", latex="T_D"),
    Symbol("compute", "T_O", "time", "compute time O/(R·η)", latex="T_O"),
    Symbol("total", "T", "time", "total time"),
    Symbol("dominant", "", "text", "largest term"),
)


def _terms(law):
    def compute(data, bandwidth, flops, peak, utilization, overhead):
        r = law(data, bandwidth, flops, peak, utilization, overhead)
        return {"transfer": r.transfer_s, "compute": r.compute_s, "total": r.total_s,
                "dominant": r.dominant}
    return compute


CALCS = (
    Calc(
        name="iron-law",
        title="Iron Law of ML systems (additive)",
        inputs=_INPUTS,
        outputs=_OUTPUTS,
        formula="T = D/BW + O/(R·η) + L",
        latex=r"T = \frac{D}{BW} + \frac{O}{R\,\eta} + L",
        steps=("{data}/{bandwidth} + {flops}/({peak} × {utilization}) + {overhead}",
               "{transfer} + {compute} + {overhead}",
               "{total}"),
        compute=_terms(iron_law),
        results=("total", "dominant", "transfer", "compute"),
        sums=(("total", ("transfer", "compute", "overhead")),),
        source="design.md §3; Iron Law of processor performance generalized to data movement",
    ),
    Calc(
        name="iron-law-overlapped",
        title="Iron Law of ML systems (transfer and compute overlapped)",
        inputs=_INPUTS,
        outputs=_OUTPUTS,
        formula="T = max(D/BW, O/(R·η)) + L",
        latex=r"T = \max\left(\frac{D}{BW}, \frac{O}{R\,\eta}\right) + L",
        steps=("max({data}/{bandwidth}, {flops}/({peak} × {utilization})) + {overhead}",
               "max({transfer}, {compute}) + {overhead}",
               "{total}"),
        compute=_terms(iron_law_overlapped),
        results=("total", "dominant", "transfer", "compute"),
        source="design.md §3",
    ),
)
