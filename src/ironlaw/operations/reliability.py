"""Reliability of a long run on N devices: failures, checkpoint interval, goodput.

    M_N     = M / N                               cluster MTBF [s]: any device failing stops
                                                  a synchronous job (failures are Poisson)
    k       = T / M_N                             expected failures in a run of T [s]
    P_fail  = 1 − exp(−T / M_N)                   probability of at least one failure
    δ       = checkpoint bytes / storage bandwidth  time to write a checkpoint [s]
    τ_Young = √(2·δ·M_N)                          optimal interval (Young 1974, first order)
    τ_Daly  = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ  for δ < 2M, else M   (Daly 2006)
    waste   ≈ δ/τ + τ/(2·M_N) + R/M_N             checkpointing, lost work (half an interval
                                                  on average) and restart R per failure
    goodput = 1 − waste                           at τ = τ_Young: 1 − √(2δ/M_N) − R/M_N

The formulas are laws (``ironlaw.laws.reliability``; ``ironlaw calc checkpoint-interval``);
this module plans a run with them. The first-order model assumes δ ≪ M_N. Validation: Meta's
Llama 3 pre-training saw 419 unexpected interruptions in 54 days on 16,384 H100s, one every
~3.1 hours.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from ironlaw import checks
from ironlaw.errors import ParameterError
from ironlaw.laws.reliability import (
    DALY,
    YOUNG,
    cluster_mtbf,
    daly_interval,
    failure_probability,
    waste_fraction,
    young_interval,
)
from ironlaw.operations.tables import MTBF
from ironlaw.table import Shown, Table, facts
from ironlaw.units import HOUR
from ironlaw.units import format as fmt


@dataclass(frozen=True, repr=False)
class Reliability(Shown):
    """Failures and checkpointing for a run. Times in seconds."""

    run_s: float
    devices: int
    mtbf_device_s: float
    mtbf_cluster_s: float
    expected_failures: float
    failure_probability: float
    checkpoint_bytes: float | None
    storage_bandwidth_bytes_per_s: float | None
    checkpoint_s: float | None
    restart_s: float | None
    interval_young_s: float | None
    interval_daly_s: float | None
    waste_fraction: float | None
    goodput: float | None
    wall_clock_s: float | None  # time to finish run_s of useful work
    feasible: bool
    verdict: str
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(sources=list(self.sources), assumptions=list(self.assumptions))
        return out

    def rows(self) -> list[Table]:
        return [facts("Reliability", [("reliability", self.verdict)], self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        m, mn, t = self.mtbf_device_s, self.mtbf_cluster_s, self.run_s
        lines = [
            Line("cluster MTBF", "M_N = M / N", f"{fmt(m, 'time')} / {self.devices}",
                 fmt(mn, "time")),
            Line("expected failures", "k = T / M_N", f"{fmt(t, 'time')} / {fmt(mn, 'time')}",
                 f"{self.expected_failures:.4g}"),
            Line("probability of a failure", "P = 1 − exp(−T/M_N)",
                 f"1 − exp(−{t / mn:.4g})", f"{self.failure_probability:.4g}"),
        ]
        if self.checkpoint_s is not None:
            d, tau, r = self.checkpoint_s, self.interval_young_s, self.restart_s
            lines += [
                Line("checkpoint write time", "δ = bytes / bandwidth",
                     f"{fmt(self.checkpoint_bytes, 'bytes')} / "
                     f"{fmt(self.storage_bandwidth_bytes_per_s, 'bandwidth')}", fmt(d, "time")),
                Line("optimal interval (Young)", "τ = √(2·δ·M_N)",
                     f"√(2 × {fmt(d, 'time')} × {fmt(mn, 'time')})", fmt(tau, "time")),
                Line("optimal interval (Daly)", "τ = √(2δM)·[1 + ⅓√x + ⅑x] − δ, x = δ/2M",
                     f"{fmt(tau, 'time')} × [1 + ⅓√{d / (2 * mn):.3g} + ⅑ × "
                     f"{d / (2 * mn):.3g}] − {fmt(d, 'time')}",
                     fmt(self.interval_daly_s, "time")),
                Line("waste", "δ/τ + τ/(2·M_N) + R/M_N",
                     f"{d / tau:.4g} + {tau / (2 * mn):.4g} + {r / mn:.4g}",
                     fmt(self.waste_fraction, "share")),
                Line("goodput", "1 − waste", f"1 − {self.waste_fraction:.4g}",
                     fmt(self.goodput, "share")),
            ]
        return Worked("Reliability and checkpointing", tuple(lines),
                      (self.verdict, *self.sources, *self.assumptions))


def reliability(duration_s, devices, mtbf_s=None, checkpoint_bytes=None,
                storage_bandwidth=None, *, restart_s=None) -> Reliability:
    """Failures over a run of ``duration_s`` [s] on ``devices``, and, given
    ``checkpoint_bytes`` and ``storage_bandwidth`` [B/s], the optimal checkpoint interval and
    expected goodput.

    ``mtbf_s`` [s] is per device (default: the Llama 3 interruption rate per GPU). ``restart_s``
    defaults to the checkpoint write time δ (reading it back at the same bandwidth).
    """
    t = checks.positive(duration_s, "duration_s", "a positive run length in seconds")
    n = checks.whole(devices, "devices")
    sources, assumptions = [YOUNG, DALY], []
    if mtbf_s is None:
        m = MTBF.value
        assumptions.append(f"MTBF per device {m / HOUR:,.0f} h: {MTBF.source.cite()}; "
                           f"{MTBF.source.note}")
    else:
        m = checks.positive(mtbf_s, "mtbf_s", "a positive MTBF per device in seconds")
    mn = float(cluster_mtbf(m, n))
    k = t / mn
    p = float(failure_probability(t, mn))
    fields = dict(checkpoint_bytes=None, storage_bandwidth_bytes_per_s=None, checkpoint_s=None,
                  restart_s=None, interval_young_s=None, interval_daly_s=None,
                  waste_fraction=None, goodput=None, wall_clock_s=None)
    feasible = True
    verdict = (f"expect {k:.3g} failures in {fmt(t, 'time')} on {n} devices "
               f"(one every {fmt(mn, 'time')}); P(at least one) = {p:.3g}")
    if (checkpoint_bytes is None) != (storage_bandwidth is None):
        raise ParameterError("checkpoint_bytes", "goes with storage_bandwidth: the write "
                             "time is checkpoint bytes / storage bandwidth")
    if checkpoint_bytes is not None:
        size = checks.positive(checkpoint_bytes, "checkpoint_bytes", "a positive size")
        bw = checks.positive(storage_bandwidth, "storage_bandwidth", "a positive bandwidth")
        d = size / bw
        if restart_s is None:
            r = d
            assumptions.append("restart time = checkpoint write time (read back at the same "
                               "bandwidth; scheduling and warm-up not counted)")
        else:
            r = checks.positive(restart_s, "restart_s", "0 or more seconds", allow_zero=True)
        tau = float(young_interval(d, mn))
        waste = float(waste_fraction(tau, d, mn, r))
        goodput = 1.0 - waste
        feasible = goodput > 0
        fields.update(checkpoint_bytes=size, storage_bandwidth_bytes_per_s=bw, checkpoint_s=d,
                      restart_s=r, interval_young_s=tau,
                      interval_daly_s=float(daly_interval(d, mn)), waste_fraction=waste,
                      goodput=max(goodput, 0.0),
                      wall_clock_s=t / goodput if feasible else math.inf)
        if not feasible:
            verdict = (f"INFEASIBLE: checkpointing every {fmt(tau, 'time')} (δ = "
                       f"{fmt(d, 'time')}) and restarting cannot keep up with a failure every "
                       f"{fmt(mn, 'time')}; the run makes no progress")
        else:
            verdict += (f"; checkpoint every {fmt(tau, 'time')} for {fmt(goodput, 'share')} "
                        "goodput")
        if d > 0.1 * mn:
            assumptions.append("δ is over a tenth of the cluster MTBF: the first-order model "
                               "is rough here (Daly's interval is the better guide)")
    return Reliability(run_s=t, devices=n, mtbf_device_s=m, mtbf_cluster_s=mn,
                       expected_failures=k, failure_probability=p, feasible=feasible,
                       verdict=verdict, sources=tuple(sources),
                       assumptions=tuple(assumptions), **fields)
