"""Scaling rules for training and inference compute.

    training FLOPs      C = 6·P·D        (2 forward + 4 backward FLOP per parameter per token)
    inference FLOPs     C = 2·P·n        (one multiply-add per parameter per token)
    compute-optimal     D = k·P, k ≈ 20 tokens per parameter (Chinchilla), so with C = 6PD:
                        P = sqrt(C / (6k)),  D = k·P
    time to train       T = C / (N·R·η)
    exponential growth  n = log₂ G doublings in a period t; doubling time T_d = t/n = t·ln 2/ln G
                        (a growth rate r per period: G = 1 + r, T_d = ln 2/ln(1 + r) periods);
                        the factor over t at doubling time T_d: G = 2^(t/T_d)

P parameters, D training tokens, n tokens generated or processed, N devices, R peak rate per
device [FLOP/s], η utilization (MFU). Kaplan et al. 2020 (arXiv:2001.08361) for 6PD;
Hoffmann et al. 2022 (arXiv:2203.15556) for ~20 tokens per parameter. Growth: compute for
the largest training runs doubled every 3.4 months in 2012–2018 (Amodei & Hernandez, OpenAI,
"AI and Compute", 2018); Moore's law doubles transistor counts every ~2 years.
"""

from __future__ import annotations

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real
from ironlaw.units import YEAR

CHINCHILLA_TOKENS_PER_PARAMETER = 20.0


def training_flops(parameters: Real, tokens: Real) -> Real:
    """C = 6·P·D [FLOP]."""
    return 6.0 * parameters * tokens


def inference_flops(parameters: Real, tokens: Real = 1.0) -> Real:
    """C = 2·P·n [FLOP]."""
    return 2.0 * parameters * tokens


def compute_optimal_tokens(parameters: Real,
                           tokens_per_parameter: Real = CHINCHILLA_TOKENS_PER_PARAMETER) -> Real:
    """D = k·P [tokens]."""
    return tokens_per_parameter * parameters


def compute_optimal_parameters(
        flops: Real, tokens_per_parameter: Real = CHINCHILLA_TOKENS_PER_PARAMETER) -> Real:
    """P = sqrt(C / (6k)) for a compute budget C [FLOP]."""
    return np.sqrt(flops / (6.0 * tokens_per_parameter))[()]


def time_to_train(flops: Real, devices: Real, peak: Real, utilization: Real) -> Real:
    """T = C / (N·R·η) [s]."""
    return flops / (devices * peak * utilization)


def doublings(factor: Real) -> Real:
    """n = log₂ G: how many doublings make a growth factor G (×)."""
    return np.log2(factor)[()]


def doubling_time(factor: Real, period: Real) -> Real:
    """T_d = t/log₂ G = t·ln 2/ln G [s]: the doubling time of growth by G over a period t [s]
    (G < 1 gives a negative T_d: the halving time, negated)."""
    return period / doublings(factor)


def growth_factor(doubling: Real, period: Real) -> Real:
    """G = 2^(t/T_d): the growth over a period t [s] at a doubling time T_d [s] (∞ past the
    largest float)."""
    with np.errstate(over="ignore"):
        return np.exp2(period / np.asarray(doubling, dtype=float))[()]


def _doubling(factor, period):
    if factor == 1.0:
        raise ParameterError("factor", "a growth factor of 1 never doubles; give the factor "
                                       "over the period, like 350000 or 1.5")
    t_d = doubling_time(factor, period)
    return {"doublings": doublings(factor), "doubling": t_d, "per_year": growth_factor(t_d, YEAR)}


def _growth(doubling, period):
    return {"doublings": period / doubling, "factor": growth_factor(doubling, period)}


_DOUBLINGS = Symbol("doublings", "n", "count", "doublings in the period")
_PERIOD = Symbol("period", "t", "time", "the period the growth spans")
_P = Symbol("parameters", "P", "count", "model parameters")
_MACS = Symbol("macs", "C/2", "count", "multiply-accumulates (MACs)")

CALCS = (
    Calc(
        name="training-flops",
        title="Training compute",
        inputs=(_P, Symbol("tokens", "D", "count", "training tokens")),
        outputs=(Symbol("flops", "C", "flops", "training compute"), _MACS),
        formula="C = 6·P·D",
        latex=r"C = 6\,P\,D",
        steps=("6 × {parameters} × {tokens}", "{flops}   ({macs} MACs)"),
        compute=lambda parameters, tokens: {"flops": training_flops(parameters, tokens),
                                            "macs": training_flops(parameters, tokens) / 2},
        results=("flops", "macs"),
        source="Kaplan et al., 'Scaling Laws for Neural Language Models', arXiv:2001.08361",
    ),
    Calc(
        name="inference-flops",
        title="Inference compute per token",
        inputs=(_P, Symbol("tokens", "n", "count", "tokens processed", default=1.0)),
        outputs=(Symbol("flops", "C", "flops", "inference compute"), _MACS),
        formula="C = 2·P·n",
        latex=r"C = 2\,P\,n",
        steps=("2 × {parameters} × {tokens}", "{flops}   ({macs} MACs)"),
        compute=lambda parameters, tokens: {"flops": inference_flops(parameters, tokens),
                                            "macs": inference_flops(parameters, tokens) / 2},
        results=("flops", "macs"),
        notes=("Ignores attention's context-dependent FLOPs; the graph model counts them.",),
        source="Kaplan et al., arXiv:2001.08361, §2.1",
    ),
    Calc(
        name="compute-optimal",
        title="Compute-optimal tokens for a model size",
        inputs=(_P, Symbol("ratio", "k", "count", "tokens per parameter",
                           default=CHINCHILLA_TOKENS_PER_PARAMETER)),
        outputs=(Symbol("tokens", "D", "count", "compute-optimal training tokens"),
                 Symbol("flops", "C", "flops", "training compute 6PD")),
        formula="D = k·P",
        latex=r"D = k\,P",
        steps=("{ratio} × {parameters}", "{tokens}   (C = 6PD = {flops})"),
        compute=lambda parameters, ratio: {
            "tokens": compute_optimal_tokens(parameters, ratio),
            "flops": training_flops(parameters, compute_optimal_tokens(parameters, ratio))},
        results=("tokens", "flops"),
        source="Hoffmann et al., 'Training Compute-Optimal LLMs', arXiv:2203.15556",
    ),
    Calc(
        name="time-to-train",
        title="Time to train",
        inputs=(Symbol("flops", "C", "flops", "training compute"),
                Symbol("devices", "N", "count", "number of devices", domain="integer"),
                Symbol("peak", "R", "flop_rate", "peak rate per device"),
                Symbol("utilization", "η", "count", "model FLOPs utilization", default=0.4,
                       domain="fraction", latex=r"\eta")),
        outputs=(Symbol("time", "T", "time", "wall-clock time"),),
        formula="T = C / (N·R·η)",
        latex=r"T = \frac{C}{N\,R\,\eta}",
        steps=("{flops} / ({devices} × {peak} × {utilization})", "{time}"),
        compute=lambda flops, devices, peak, utilization: {
            "time": time_to_train(flops, devices, peak, utilization)},
        results=("time",),
        source="design.md §3 (scaling rules)",
    ),
    Calc(
        name="doubling-time",
        title="Doubling time of exponential growth, from its factor over a period",
        inputs=(Symbol("factor", "G", "count", "growth over the period (×; 1 + r for a "
                                              "growth rate r)"),
                _PERIOD),
        outputs=(_DOUBLINGS,
                 Symbol("doubling", "T_d", "time", "doubling time", latex="T_d"),
                 Symbol("per_year", "G_yr", "factor", "growth per year at that pace",
                        latex=r"G_{yr}")),
        formula="T_d = t/log₂ G = t·ln 2/ln G",
        latex=r"T_d = \frac{t}{\log_2 G} = \frac{t \ln 2}{\ln G}",
        steps=("n = log₂ G = log₂ {factor} = {doublings}",
               "T_d = t/n = {period} / {doublings} = {doubling}",
               "per year: 2^(1 year/T_d) = {per_year}"),
        compute=_doubling,
        results=("doubling", "doublings", "per_year"),
        notes=("A growth rate r per period is G = 1 + r over one period (10×/year: G = 10, "
               "t = 1 year). A month is 1/12 of a year, 30.44 days.",),
        source="Exponential growth G = 2^(t/T_d), solved for T_d; Amodei & Hernandez, 'AI and "
               "Compute' (OpenAI, 2018) for the 3.4-month doubling of training compute",
    ),
    Calc(
        name="growth-factor",
        title="Growth over a period at a doubling time",
        inputs=(Symbol("doubling", "T_d", "time", "doubling time", latex="T_d"), _PERIOD),
        outputs=(_DOUBLINGS, Symbol("factor", "G", "factor", "growth over the period")),
        formula="G = 2^(t/T_d)",
        latex=r"G = 2^{t/T_d}",
        steps=("n = t/T_d = {period} / {doubling} = {doublings}", "G = 2^n = {factor}"),
        compute=_growth,
        results=("factor", "doublings"),
        notes=("Moore's law: T_d ≈ 2 years, so 20 years give 2^10 ≈ 1000×.",),
        source="Exponential growth: a quantity that doubles every T_d grows 2^(t/T_d) in t",
    ),
)
