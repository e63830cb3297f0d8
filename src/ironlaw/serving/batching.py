"""Continuous batching in steady state, two ways to admit new prompts, and static batches.

A replica keeps B sequences decoding; each request needs one prefill of P prompt tokens (which
yields the first token) and O − 1 decode steps. With every slot busy (steady state at full
batch), per unit time N iterations advance B sequences each, and X requests complete:
B·N = X·(O − 1).

Prefill-first (vLLM's original scheduler; Kwon et al., SOSP 2023). A waiting prompt runs as
its own pass of time T_pre, pausing every decoding sequence. Time balance
N·T_dec + X·T_pre = 1 gives

    mean gap (TPOT)   T_dec + B·T_pre/(O − 1)
    worst gap         T_dec + T_pre                 (a prefill lands between two steps)
    requests/s        X = B / ((O − 1)·T_dec + B·T_pre)
    TTFT              T_pre                          (before queueing)

Chunked prefill (Sarathi-Serve, Agrawal et al., OSDI 2024; vLLM V1). Each iteration carries at
most K tokens: the B decode tokens first, then a chunk of c = min(K − B, P) prompt tokens, run
as one mixed pass of time T_mix. A prompt takes n = ⌈P/c⌉ mixed iterations. Prefill tokens
balance f·N·c = X·P, so the share of mixed iterations is f = B·P/(c·(O − 1)); f > 1 means the
budget cannot admit prompts as fast as B slots free up (not sustainable at batch B).

    mean gap (TPOT)   f·T_mix + (1 − f)·T_dec
    worst gap         T_mix
    requests/s        X = B / ((O − 1)·mean gap)
    TTFT              n·T_mix                        (before queueing)

Output tokens/s = X·O. Static batching (any model): a batch of B waits for its B-th request;
the i-th of B waits (B − i)/λ, on average (B − 1)/(2λ) (laws.queueing.batch_wait_mean), the
first (B − 1)/λ (batch_wait_first); then the batch runs in T(B), throughput B/T(B). For an LLM
(an engine's static batch, e.g. TensorRT-LLM's gptSessionBenchmark): the B prompts run as one
prefill pass T_pre(B), then O − 1 decode steps of the whole batch,

    output tokens/s   B·O / (T_pre(B) + (O − 1)·T_dec(B))
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    """One admission policy at batch B, per replica. Times in s, rates per s."""

    name: str  # prefill-first | chunked
    batch: int
    ttft_s: float  # without queueing
    tpot_mean_s: float
    tpot_worst_s: float
    requests_per_s: float
    tokens_per_s: float
    sustainable: bool
    chunk_tokens: int | None = None
    chunks: int | None = None
    mixed_share: float | None = None  # f
    mixed_s: float | None = None  # T_mix

    def to_dict(self) -> dict:
        return {"schedule": self.name, "batch": self.batch, "ttft_s": self.ttft_s,
                "tpot_mean_s": self.tpot_mean_s, "tpot_worst_s": self.tpot_worst_s,
                "requests_per_s": self.requests_per_s, "tokens_per_s": self.tokens_per_s,
                "sustainable": self.sustainable, "chunk_tokens": self.chunk_tokens,
                "chunks": self.chunks, "mixed_share": self.mixed_share,
                "mixed_s": self.mixed_s}


def prefill_first(t_decode: float, t_prefill: float, batch: int, output: int) -> Schedule:
    """Steady state when each prompt runs as its own pass (see the module docstring)."""
    steps = output - 1
    gap = t_decode + batch * t_prefill / steps
    rate = batch / (steps * t_decode + batch * t_prefill)
    return Schedule("prefill-first", batch, t_prefill, gap, t_decode + t_prefill, rate,
                    rate * output, True)


def static_batch(t_prefill: float, t_decode: float, batch: int, output: int) -> float:
    """Output tokens/s of a static LLM batch: B prompts prefilled in one pass of
    ``t_prefill``, then O − 1 decode steps of ``t_decode`` (module docstring)."""
    return batch * output / (t_prefill + (output - 1) * t_decode)


def chunk_size(budget: int, batch: int, prompt: int) -> int:
    """Prompt tokens per mixed iteration: c = min(K − B, P); 0 if B fills the budget."""
    return max(0, min(budget - batch, prompt))


def chunk_context(prompt: int, chunk: int) -> int:
    """Mean keys a chunk attends to: chunk j of ⌈P/c⌉ sees min((j + 1)·c, P) tokens."""
    n = math.ceil(prompt / chunk)
    return round(sum(min((j + 1) * chunk, prompt) for j in range(n)) / n)


def chunked(t_decode: float, t_mixed: float, batch: int, prompt: int, output: int,
            chunk: int) -> Schedule:
    """Steady state with chunked prefill of ``chunk`` tokens per mixed iteration."""
    steps = output - 1
    if chunk < 1:  # the decode tokens alone fill the budget: no prompt is ever admitted
        return Schedule("chunked", batch, math.inf, t_decode, t_decode, 0.0, 0.0, False,
                        0, None, None, t_mixed)
    n = math.ceil(prompt / chunk)
    share = batch * prompt / (chunk * steps)
    if share <= 1.0:
        gap = share * t_mixed + (1.0 - share) * t_decode
        rate = batch / (steps * gap)
    else:  # prompts arrive faster than chunks can admit them: every iteration is mixed
        gap = t_mixed
        rate = chunk / (prompt * t_mixed)
    return Schedule("chunked", batch, n * t_mixed, gap, t_mixed, rate, rate * output,
                    share <= 1.0, chunk, n, min(share, 1.0), t_mixed)
