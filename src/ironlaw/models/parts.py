"""Op-level parts the model builders share (:mod:`~ironlaw.models.transformer`,
:mod:`~ironlaw.models.moe`, :mod:`~ironlaw.models.mla`, :mod:`~ironlaw.models.vision` ...):
each is defined here once.

FLOPs per element of the pointwise functions, one per arithmetic step and one per
transcendental function (exp, tanh, erf), constants folded:

    ReLU      1   max(x, 0)
    ReLU6     2   a max and a min
    sigmoid   3   exp(−x), add 1, divide
    softplus  3   log(1 + exp(x)): exp, add 1, log
    SiLU      4   x·sigmoid(x)
    GELU      8   tanh approximation 0.5·x·(1 + tanh(x·(a + b·x²))), a = √(2/π),
                  b = 0.044715·√(2/π): x², b·x², a + ·, x·(…), tanh, 1 + ·, x·(…), 0.5·
    RoPE      3   rotary embedding x·cos θ + rotate_half(x)·sin θ per element of q and k: two
                  multiplies and an add (the cos/sin tables are computed once per position)

``role`` tags an op with its Megatron tensor-parallel role (:mod:`ironlaw.frameworks.parallel`);
``swiglu`` is the dense SwiGLU MLP of width f over T tokens of width d:

    gate, up   T × d → f each (no bias), one GEMM in fused mode       params 2·d·f
    silu_mul   SiLU(gate)·up, 5 FLOPs an element over T·f elements
    down       T × f → d (no bias)                                    params d·f
    FLOPs      2·T·3·d·f (the GEMMs) + 5·T·f
"""

from __future__ import annotations

from dataclasses import replace

from ironlaw.frameworks import ops

ACTIVATION_FLOPS = {"relu": 1.0, "relu6": 2.0, "sigmoid": 3.0, "softplus": 3.0, "silu": 4.0,
                    "gelu": 8.0}  # per element (module docstring)
ROPE_FLOPS = 3.0  # per rotated element of q and k (module docstring)
SILU_MUL_FLOPS = ACTIVATION_FLOPS["silu"] + 1.0  # SiLU(g)·u per element: SiLU, then the product


def role(op: ops.Op, tp_role: str | None, reduce: bool = False) -> ops.Op:
    """``op`` tagged with its tensor-parallel role (column | row | split | vocab | head; None:
    replicated); ``reduce``: an all-reduce of its partial sums follows it."""
    return replace(op, tp_role=tp_role, tp_reduce=reduce)


def swiglu(prefix: str, tokens, d: int, f: int, dtype: str,
           reduce: bool = True) -> list[ops.Op]:
    """The ops of a dense SwiGLU MLP of width ``f`` (module docstring) named ``prefix``.gate,
    .up, .silu_mul, .down; split as Megatron splits it (gate and up by columns, down by rows).
    ``reduce``: the down projection's partial sums are all-reduced right after it (False for a
    shared expert, whose sums join the routed experts' in one all-reduce after the combine)."""
    return [*(replace(role(ops.linear(f"{prefix}.{x}", tokens, d, f, dtype, bias=False),
                           "column"), sibling=f"{prefix}.gate_up") for x in ("gate", "up")),
            role(ops.elementwise(f"{prefix}.silu_mul", tokens * f, dtype,
                                 flops_per_element=SILU_MUL_FLOPS, inputs=2), "split"),
            role(ops.linear(f"{prefix}.down", tokens, f, d, dtype, bias=False), "row",
                 reduce=reduce)]
