"""Multi-head latent attention (MLA): DeepSeek-V2 (arXiv:2405.04434, §2.1) and DeepSeek-V3.

Queries and keys/values pass through low-rank latents (per token, d the model width, h heads):

    q        c_Q = W_DQ·x (d → d_q, then RMSNorm);  [q_C, q_R] = W_UQ·c_Q (d_q → h·(d_n + d_R))
    kv       [c_KV, k_R] = W_DKV·x (d → d_c + d_R, c_KV then RMSNorm)   cached: d_c + d_R
    keys     k_C = W_UK·c_KV (d_c → h·d_n), the RoPE part k_R shared by every head
    values   v_C = W_UV·c_KV (d_c → h·d_v);  out = W_O·o (h·d_v → d)

A prefill (or a training pass) computes K and V for every head and runs attention with head
size d_n + d_R for Q·K and d_v for V. A decode step absorbs W_UK into the query and W_UV into
the output (§2.1.2, "we can absorb W_UK into W_UQ, and W_UV into W_O"): each head's query is
mapped into the latent space (q_C·W_UK: 2·h·d_n·d_c FLOPs a token), attends over the cached
latents directly (K = [c_KV, k_R] of d_c + d_R, V = c_KV of d_c: one tensor read once), and
its output is mapped back (2·h·d_c·d_v). The parameter count is the same in both forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from ironlaw.frameworks import ops
from ironlaw.models.parts import ROPE_FLOPS, role


@dataclass(frozen=True)
class Mla:
    """MLA's sizes, from config.json: q_lora_rank, kv_lora_rank, qk_nope_head_dim,
    qk_rope_head_dim, v_head_dim."""

    q_rank: int | None  # d_q (None: queries projected directly, DeepSeek-V2-Lite)
    kv_rank: int  # d_c
    nope: int  # d_n
    rope: int  # d_R
    v: int  # d_v

    @property
    def cached(self) -> int:
        """Elements cached per token and layer: d_c + d_R."""
        return self.kv_rank + self.rope


def attention_ops(mla: Mla, hidden: int, heads: int, batch, q_len, kv_len, dtype: str,
                  causal: bool, kv_dtype: str | None, absorbed: bool,
                  window: int | None = None) -> list[ops.Op]:
    """The ops of one MLA block (module docstring), from the attention input to the output
    projection; ``absorbed`` for a decode step. The op names are the same in both forms (a
    serving engine's mixed iteration pairs them)."""
    t = batch * q_len
    h, qk = heads, mla.nope + mla.rope
    out: list[ops.Op] = []
    if mla.q_rank:
        out += [ops.linear("attn.q_a", t, hidden, mla.q_rank, dtype, bias=False),
                ops.norm("attn.q_norm", t, mla.q_rank, dtype, "rmsnorm"),
                role(ops.linear("attn.q_b", t, mla.q_rank, h * qk, dtype, bias=False), "column")]
    else:
        out.append(role(ops.linear("attn.q", t, hidden, h * qk, dtype, bias=False), "column"))
    out += [ops.linear("attn.kv_a", t, hidden, mla.cached, dtype, bias=False),
            ops.norm("attn.kv_norm", t, mla.kv_rank, dtype, "rmsnorm"),
            role(ops.elementwise("attn.rope", t * (h + 1) * mla.rope, dtype,
                                 flops_per_element=ROPE_FLOPS), "split")]
    if absorbed:  # queries into the latent space, attention over the cache, back out; W_UV
        # is listed before attention as in the other form (ops pair by position), which does
        # not change what it costs
        out += [role(ops.grouped_linear("attn.k_b", t * h, mla.nope, mla.kv_rank, dtype, h),
                     "split"),
                role(ops.grouped_linear("attn.v_b", t * h, mla.kv_rank, mla.v, dtype, h),
                     "split"),
                role(ops.attention("attn.sdpa", batch, h, q_len, kv_len, mla.cached, dtype,
                                   kv_heads=1, causal=causal, window=window,
                                   v_head_dim=mla.kv_rank, kv_dtype=kv_dtype,
                                   latent=mla.cached), "split")]
    else:  # K and V of every head decompressed from the latents
        out += [role(ops.linear("attn.k_b", t, mla.kv_rank, h * mla.nope, dtype, bias=False),
                     "column"),
                role(ops.linear("attn.v_b", t, mla.kv_rank, h * mla.v, dtype, bias=False),
                     "column"),
                role(ops.attention("attn.sdpa", batch, h, q_len, kv_len, qk, dtype,
                                   causal=causal, window=window, v_head_dim=mla.v,
                                   kv_dtype=kv_dtype), "split")]
    out.append(role(ops.linear("attn.o", t, h * mla.v, hidden, dtype, bias=False), "row",
                    reduce=True))
    return out
