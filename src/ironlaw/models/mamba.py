"""Mamba: a selective state-space model, no attention (Gu & Dao, arXiv:2312.00752).

Each of the L layers (model width d, d_i = expand·d inner channels, state size N, convolution
width K, Δ rank R) is RMSNorm → in_proj (d → 2·d_i: x and the gate z) → causal depthwise
conv1d (K taps + bias per channel) → SiLU → x_proj (d_i → R + 2N: Δ, B, C) → dt_proj (R → d_i,
with bias) → softplus → the selective scan → y·SiLU(z) → out_proj (d_i → d) → residual add.
Parameters a layer (the reference implementation's modules, mamba_ssm.modules.mamba_simple):

    in_proj 2·d·d_i + conv1d d_i·K + d_i + x_proj d_i·(R + 2N) + dt_proj R·d_i + d_i
    + A_log d_i·N + D d_i + out_proj d_i·d + norm d

plus the embedding V·d (tied to the LM head) and the final norm d.

The scan (§3.3, Algorithm 2) per token, channel and state: Ā = exp(Δ·A), B̄x = Δ·B·x, h ← Ā·h
+ B̄x, y += C·h: 9 FLOPs counted (2 multiplies and the exponential for Ā, 2 multiplies for
B̄x, a multiply-add for h, a multiply-add for y), plus 2 per token and channel for the skip
D·x. The hardware-aware scan keeps h in on-chip memory during a prefill: it reads x, Δ, B, C,
writes y and the final state. A decode step reads and writes each sequence's state instead:
d_i·N (the recurrence) and d_i·K (the convolution window) per layer, whatever the context
(``laws.memory.ssm_state_bytes``): there is no KV cache growing with the tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ironlaw.dtypes import element_bytes
from ironlaw.frameworks import ops
from ironlaw.laws.memory import ssm_state_bytes
from ironlaw.models.parts import ACTIVATION_FLOPS, SILU_MUL_FLOPS

SCAN_FLOPS = 9.0  # per token, channel and state element (module docstring)


@dataclass(frozen=True)
class Ssm:
    """A Mamba layer's sizes, from config.json (HF MambaConfig: intermediate_size, state_size,
    conv_kernel, time_step_rank, use_conv_bias, use_bias)."""

    inner: int  # d_i
    state: int  # N
    conv: int  # K
    dt_rank: int  # R
    conv_bias: bool = True
    proj_bias: bool = False


def layer_ops(ssm: Ssm, hidden: int, batch, q_len, dtype: str, decode: bool) -> list[ops.Op]:
    """The ops of one Mamba layer over ``batch`` sequences of ``q_len`` new tokens (module
    docstring); ``decode`` reads and writes the recurrent state of every sequence."""
    t, di, n = batch * q_len, ssm.inner, ssm.state
    e = element_bytes(dtype)
    # one layer's share of the law's state, in its two parts: the recurrence (d_i·N per
    # sequence) and the convolution's last K inputs (d_i·K) [B]
    state = ssm_state_bytes(1, di, n, 0, batch, e)
    window = ssm_state_bytes(1, di, 0, ssm.conv, batch, e)
    conv = ops.elementwise("ssm.conv1d", t * di, dtype, flops_per_element=2.0 * ssm.conv,
                           learned=di * ssm.conv + (di if ssm.conv_bias else 0))
    scan = ops.elementwise("ssm.scan", t * di, dtype, flops_per_element=SCAN_FLOPS * n + 2.0,
                           inputs=2, broadcast=(2 * t * n,), learned=di * n + di)
    reads = 2 if decode else 1  # decode reads the state and window the last step left
    if decode:
        conv = replace(conv, input_bytes=conv.input_bytes + window)
        scan = replace(scan, input_bytes=scan.input_bytes + state)
    # every pass leaves both for the next step: the window and the recurrent state
    conv = replace(conv, output_bytes=conv.output_bytes + window, cache_bytes=reads * window)
    scan = replace(scan, output_bytes=scan.output_bytes + state, cache_bytes=reads * state)
    bias = ssm.proj_bias
    return [ops.norm("norm.mixer", t, hidden, dtype, "rmsnorm"),
            ops.linear("ssm.in_proj", t, hidden, 2 * di, dtype, bias=bias),
            conv,
            ops.elementwise("ssm.silu", t * di, dtype,
                            flops_per_element=ACTIVATION_FLOPS["silu"]),
            ops.linear("ssm.x_proj", t, di, ssm.dt_rank + 2 * n, dtype, bias=False),
            ops.linear("ssm.dt_proj", t, ssm.dt_rank, di, dtype, bias=True),
            ops.elementwise("ssm.softplus", t * di, dtype,
                            flops_per_element=ACTIVATION_FLOPS["softplus"]),
            scan,
            ops.elementwise("ssm.gate", t * di, dtype, flops_per_element=SILU_MUL_FLOPS,
                            inputs=2),
            ops.linear("ssm.out_proj", t, di, hidden, dtype, bias=bias),
            ops.elementwise("residual.add", t * hidden, dtype, inputs=2, saves_input=False)]
