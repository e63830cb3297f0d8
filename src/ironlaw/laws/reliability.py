"""Reliability of a synchronous job on N devices: cluster MTBF and the checkpoint interval.

    M_N     = M / N                               cluster MTBF [s]: any device failing stops
                                                  a synchronous job (failures are Poisson)
    P_fail  = 1 − exp(−T / M_N)                   probability of at least one failure in T [s]
    τ_Young = √(2·δ·M_N)                          optimal checkpoint interval [s] for a
                                                  checkpoint that takes δ [s] (Young 1974)
    τ_Daly  = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ  for δ < 2M, else M   (Daly 2006)
    waste   ≈ δ/τ + τ/(2·M_N) + R/M_N             checkpointing, lost work (half an interval
                                                  on average) and restart R per failure
    goodput = 1 − waste
    R_N     = (1 − p)^N                           every one of N independent parts works when
                                                  each fails with probability p (a series
                                                  system); 1 − R_N: at least one fails

The first-order model assumes δ ≪ M_N. ``operations.reliability`` plans a run with these.
"""

from __future__ import annotations

import numpy as np

from ironlaw.laws._calc import Calc, Symbol

YOUNG = ("J. W. Young, 'A first order approximation to the optimum checkpoint interval', "
         "CACM 17(9), 1974, doi:10.1145/361147.361115")
DALY = ("J. T. Daly, 'A higher order estimate of the optimum checkpoint interval for restart "
        "dumps', Future Generation Computer Systems 22(3), 2006, doi:10.1016/j.future.2004.11.016")


def cluster_mtbf(mtbf, devices):
    """M_N = M / N [s]."""
    return mtbf / devices


def failure_probability(run_s, mtbf):
    """P = 1 − exp(−T/M): at least one failure in T, failures Poisson at rate 1/M."""
    return -np.expm1(-np.asarray(run_s, dtype=float) / mtbf)[()]


def all_work(p, parts):
    """R_N = (1 − p)^N, as exp(N·ln(1 − p)) so that tiny p keeps its digits."""
    return np.exp(np.asarray(parts, dtype=float) * np.log1p(-np.asarray(p, dtype=float)))[()]


def young_interval(checkpoint_s, mtbf):
    """τ = √(2·δ·M) [s] (Young 1974)."""
    return np.sqrt(2.0 * checkpoint_s * mtbf)


def daly_interval(checkpoint_s, mtbf):
    """Daly's higher-order optimum: √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ for δ < 2M, else M."""
    x = checkpoint_s / (2.0 * mtbf)
    tau = np.sqrt(2.0 * checkpoint_s * mtbf) * (1 + np.sqrt(x) / 3 + x / 9) - checkpoint_s
    return np.where(checkpoint_s < 2.0 * mtbf, tau, mtbf)[()]


def waste_fraction(interval, checkpoint_s, mtbf, restart_s=0.0):
    """waste ≈ δ/τ + τ/(2M) + R/M: the first-order fraction of time not spent on progress."""
    return checkpoint_s / interval + interval / (2.0 * mtbf) + restart_s / mtbf


def _interval(mtbf, devices, checkpoint, restart):
    m = cluster_mtbf(mtbf, 1.0 if devices is None else devices)
    r = 0.0 if restart is None else restart
    tau = young_interval(checkpoint, m)
    waste = waste_fraction(tau, checkpoint, m, r)
    return {"cluster": m, "young": tau, "daly": daly_interval(checkpoint, m), "waste": waste,
            "goodput": 1.0 - waste, "restart": r}


def _series(p, parts):
    every = all_work(p, parts)
    return {"every": every, "any": 1.0 - every}


CALCS = (
    Calc(
        name="series-reliability",
        title="N independent parts: all work, or at least one fails",
        inputs=(Symbol("p", "p", "share", "probability that one part fails (or is slow)",
                       domain="probability"),
                Symbol("parts", "N", "count", "independent parts a request or job needs",
                       domain="integer")),
        outputs=(Symbol("every", "R_N", "share", "every part works: (1 − p)^N",
                        latex="R_N"),
                 Symbol("any", "1 − R_N", "share", "at least one part fails",
                        latex="1 - R_N")),
        formula="R_N = (1 − p)^N;  P(at least one) = 1 − R_N",
        latex=r"R_N = (1 - p)^N, \quad P_{\ge 1} = 1 - R_N",
        steps=("R_N = (1 − {p})^{parts} = {every}",
               "P(at least one) = 1 − {every} = {any}"),
        compute=_series,
        results=("every", "any"),
        notes=("Parts fail independently; a request that fans out to N servers waits for the "
               "slowest, so with p the chance one is slow, 1 − R_N is the chance it is slow.",),
        source="Series-system reliability: the product of independent survival probabilities "
               "(e.g. Barlow and Proschan, 'Mathematical Theory of Reliability', 1965); the "
               "fan-out tail: Dean and Barroso, 'The Tail at Scale', CACM 56(2), 2013",
    ),
    Calc(
        name="checkpoint-interval",
        title="Cluster MTBF and the checkpoint interval (Young–Daly)",
        inputs=(Symbol("mtbf", "M", "time", "mean time between failures of one device"),
                Symbol("devices", "N", "count", "devices a failure of any of which stops the job",
                       optional=True, domain="integer"),
                Symbol("checkpoint", "δ", "time", "time to write one checkpoint",
                       latex=r"\delta"),
                Symbol("restart", "R", "time", "time to restart after a failure", optional=True)),
        outputs=(Symbol("cluster", "M_N", "time", "cluster MTBF M/N", latex="M_N"),
                 Symbol("young", "τ", "time", "checkpoint interval √(2δM_N)", latex=r"\tau"),
                 Symbol("daly", "τ_D", "time", "Daly's higher-order interval",
                        latex=r"\tau_D"),
                 Symbol("waste", "w", "share", "time lost at τ: δ/τ + τ/(2M_N) + R/M_N"),
                 Symbol("goodput", "G", "share", "1 − w")),
        formula="M_N = M/N;  τ = √(2·δ·M_N);  w = δ/τ + τ/(2·M_N) + R/M_N",
        latex=(r"M_N = \frac{M}{N}, \quad \tau = \sqrt{2\,\delta\,M_N}, \quad "
               r"w = \frac{\delta}{\tau} + \frac{\tau}{2M_N} + \frac{R}{M_N}"),
        steps=("M_N = {mtbf} / {devices} = {cluster}",
               "τ = √(2 × {checkpoint} × {cluster}) = {young}",
               "w = {checkpoint}/{young} + {young}/(2 × {cluster}) + {restart}/{cluster}",
               "  = {waste}"),
        compute=_interval,
        results=("young", "cluster", "daly", "waste", "goodput"),
        notes=("Failures are Poisson and any device's failure stops a synchronous job; the "
               "first-order optimum assumes δ ≪ M_N (Daly's form holds further).",),
        source=f"{YOUNG}; {DALY}",
    ),
)
