"""Mixture-of-experts MLPs: Mixtral, Qwen2-MoE, DeepSeek-V3.

Each token goes to k of E routed SwiGLU experts of width f (a router of d·E weights scores
them), and, where the model has one, through a shared expert of width f_s that every token
uses (Qwen2-MoE gates it with a sigmoid of a d → 1 projection; DeepSeek-V3 does not):

    params   d·E + 3·d·f·E + 3·d·f_s (+ d: the shared expert's gate; + E: a routing bias)
    active   d·E + 3·d·f·k + 3·d·f_s (+ d) (+ E)               per token
    FLOPs    2 × active weights per token (+ the gating elementwise work)

A batch of T tokens reads the weights of the experts it touches: E·(1 − (1 − k/E)^T) of them
in expectation when tokens are routed uniformly (:func:`experts_touched`).
"""

from __future__ import annotations

from dataclasses import replace

from ironlaw.frameworks import ops
from ironlaw.models.parts import ACTIVATION_FLOPS, SILU_MUL_FLOPS, role, swiglu

# the routed experts' GEMMs, E sets of weights each: gate and up (d → f), down (f → d);
# moe_ops names them from here and active_params counts them by these names
EXPERT_OPS = ("moe.gate", "moe.up", "moe.down")


def active_params(items, experts: int, k: int) -> float:
    """Parameters one token uses: all of them but the E − k routed experts it skips,
    P − (1 − k/E)·Σ expert weights (``items``: a graph's ops and blocks)."""
    total = expert = 0.0
    for item in items:
        count = getattr(item, "count", 1)
        for op in getattr(item, "ops", (item,)):
            total += count * op.params
            if op.name in EXPERT_OPS:
                expert += count * op.params
    return total - (1.0 - k / experts) * expert


def experts_touched(experts: int, k: int, tokens: float) -> float:
    """Expected distinct experts hit by ``tokens`` tokens routed uniformly, k of E each."""
    return experts * (1.0 - (1.0 - k / experts) ** tokens)


def moe_ops(tokens, d: int, f: int, experts: int, k: int, dtype: str, shared: int = 0,
            shared_gate: bool = False, router_bias: bool = False) -> list[ops.Op]:
    """The ops of one MoE MLP over ``tokens`` tokens (module docstring): k·tokens expert rows,
    the weights of every touched expert read, then the shared expert of width ``shared``;
    ``router_bias`` adds E biases to the router's scores (DeepSeek-V3's load-balancing bias
    b_i, arXiv:2412.19437 §2.1.2, stored as e_score_correction_bias)."""
    routed = tokens * k
    touched = experts_touched(experts, k, tokens)
    out: list[ops.Op] = [replace(ops.linear("moe.router", tokens, d, experts, dtype,
                                            bias=router_bias), router=True),
                         ops.softmax("moe.router_softmax", tokens, experts, dtype),
                         *(replace(role(ops.grouped_linear(name, routed, d, f, dtype, experts,
                                                           touched), "column"),
                                   sibling="moe.gate_up") for name in EXPERT_OPS[:2]),
                         role(ops.elementwise("moe.silu_mul", routed * f, dtype,
                                              flops_per_element=SILU_MUL_FLOPS, inputs=2),
                              "split"),
                         role(ops.grouped_linear(EXPERT_OPS[2], routed, f, d, dtype, experts,
                                                 touched), "row")]
    inputs = k
    if shared:
        out += swiglu("moe.shared", tokens, d, shared, dtype, reduce=False)
        inputs += 1
        if shared_gate:  # sigmoid(x·w_g), one per token, scales the shared expert's output:
            # a sigmoid per token and a multiply per element, 1 + sigmoid/d an element
            out += [replace(ops.linear("moe.shared_gate", tokens, d, 1, dtype, bias=False),
                            router=True),
                    ops.elementwise("moe.shared_scale", tokens * d, dtype,
                                    flops_per_element=1.0 + ACTIVATION_FLOPS["sigmoid"] / d,
                                    broadcast=(tokens,))]
    # the experts' partial sums are all-reduced once combined (tokens·d, not k·tokens·d)
    out.append(replace(ops.elementwise("moe.combine", tokens * d, dtype,
                                       flops_per_element=2.0 * inputs, inputs=inputs),
                       tp_reduce=True))
    return out
