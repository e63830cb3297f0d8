"""Scaling rules for training and inference compute.

    training FLOPs      C = 6·P·D        (2 forward + 4 backward FLOP per parameter per token)
    inference FLOPs     C = 2·P·n        (one multiply-add per parameter per token)
    compute-optimal     D = k·P, k ≈ 20 tokens per parameter (Chinchilla), so with C = 6PD:
                        P = sqrt(C / (6k)),  D = k·P
    time to train       T = C / (N·R·η)

P parameters, D training tokens, n tokens generated or processed, N devices, R peak rate per
device [FLOP/s], η utilization (MFU). Kaplan et al. 2020 (arXiv:2001.08361) for 6PD;
Hoffmann et al. 2022 (arXiv:2203.15556) for ~20 tokens per parameter.
"""

from __future__ import annotations

import numpy as np

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real

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
)
