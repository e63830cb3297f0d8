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
most K tokens (the engine's token budget: vLLM max_num_batched_tokens, TensorRT-LLM
max_num_tokens, SGLang chunked_prefill_size): the B decode tokens first, then prompt tokens
in the room left, K − B. At full batch a waiting prompt is admitted only when a sequence
finishes and frees its slot: B·P/(O − 1) prompt tokens per iteration on average. So a mixed
iteration carries c = min(K − B, max(P, ⌈B·P/(O − 1)⌉)) prompt tokens (``iteration_tokens``):
one prompt (its chunk of K − B when it is longer) while fewer than one slot frees per
iteration, or the whole prompts freed together (``pack``) — run as one mixed pass of time
T_mix. A prompt takes n = ⌈P/c⌉ mixed iterations. Prefill tokens balance f·N·c = X·P, so the
share of mixed iterations is f = B·P/(c·(O − 1)); f > 1 means the budget cannot admit prompts
as fast as B slots free up (not sustainable at batch B).

    mean gap (TPOT)   f·T_mix + (1 − f)·T_dec
    worst gap         T_mix
    requests/s        X = B / ((O − 1)·mean gap)
    TTFT              n·T_mix                        (before queueing)

Engine steady state (offline, saturated: a prompt always waits). Every iteration is one pass
of B decode rows plus the prefill tokens that replace the sequences finishing, p = B·P/(O − 1)
on average, with B + p ≤ K. The running batch is the largest the KV cache holds (B_kv) unless
the engine's cap on running sequences or the budget binds first:

    B          min(B_kv, B_max, ⌊K·(O − 1)/(P + O − 1)⌋)          (``steady``; B_max the
               engine's cap on running sequences, vLLM max_num_seqs)
    p          B·P/(O − 1) prompt tokens per iteration, packed as ⌈p/P⌉ chunks
    T_iter     one mixed pass of B + p rows (serving.phases.mixed)
    requests/s X = B/((O − 1)·T_iter);  output tokens/s X·O;  TTFT ⌈P/p⌉·T_iter (no queue)

Output tokens/s = X·O; total tokens/s = X·(P + O), prompt and generated tokens together (what
vLLM's benchmark_throughput reports as total tokens/s).

With prefix caching a request computes only P_c = P − h·S_b of its prompt tokens on average
(h the share that finds the S_b-token prefix cached: serving.prefix); the schedules count
P_c where they count prompt tokens computed (chunks, the share f, p, the budget's batch,
TTFT) and keep P in total tokens/s (a cached token is still a prompt token served).

Static batching (any model): a batch of B waits for its B-th request; the i-th of B waits
(B − i)/λ, on average (B − 1)/(2λ) (laws.queueing.batch_wait_mean), the first (B − 1)/λ
(batch_wait_first); then the batch runs in T(B), throughput B/T(B). For an LLM
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
    total_tokens_per_s: float | None = None  # X·(P + O)
    prefill_tokens: float | None = None  # per iteration (engine steady state)
    bound: str | None = None  # what limits the engine's batch: kv cache | token budget

    def to_dict(self) -> dict:
        return {"schedule": self.name, "batch": self.batch, "ttft_s": self.ttft_s,
                "tpot_mean_s": self.tpot_mean_s, "tpot_worst_s": self.tpot_worst_s,
                "requests_per_s": self.requests_per_s, "tokens_per_s": self.tokens_per_s,
                "sustainable": self.sustainable, "chunk_tokens": self.chunk_tokens,
                "chunks": self.chunks, "mixed_share": self.mixed_share,
                "mixed_s": self.mixed_s, "total_tokens_per_s": self.total_tokens_per_s,
                "prefill_tokens": self.prefill_tokens, "bound": self.bound}


def prefill_first(t_decode: float, t_prefill: float, batch: int, output: int,
                  prompt: int | None = None) -> Schedule:
    """Steady state when each prompt runs as its own pass (see the module docstring); total
    tokens/s when the ``prompt`` length is given."""
    steps = output - 1
    gap = t_decode + batch * t_prefill / steps
    rate = batch / (steps * t_decode + batch * t_prefill)
    return Schedule("prefill-first", batch, t_prefill, gap, t_decode + t_prefill, rate,
                    rate * output, True,
                    total_tokens_per_s=None if prompt is None else rate * (prompt + output))


def static_batch(t_prefill: float, t_decode: float, batch: int, output: int) -> float:
    """Output tokens/s of a static LLM batch: B prompts prefilled in one pass of
    ``t_prefill``, then O − 1 decode steps of ``t_decode`` (module docstring)."""
    return batch * output / (t_prefill + (output - 1) * t_decode)


def iteration_tokens(budget: int, batch: int, prompt: float, output: int) -> int:
    """Prompt tokens a mixed iteration carries at full batch B (module docstring):
    c = min(K − B, max(P, ⌈B·P/(O − 1)⌉)), P the tokens a prompt computes; 0 if B fills
    the budget K."""
    room = max(0, budget - batch)
    return min(room, max(math.ceil(prompt), math.ceil(batch * prompt / (output - 1))))


def pack(tokens: int, prompt: float) -> tuple[int, int]:
    """(n, s): ``tokens`` prompt tokens of one iteration as n = ⌈tokens/P⌉ chunks of
    s = ⌈tokens/n⌉ ≤ P tokens each (one chunk of one prompt, or about tokens/P whole prompts;
    n·s exceeds ``tokens`` by less than n); P the tokens each prompt computes."""
    n = math.ceil(tokens / prompt)
    return n, math.ceil(tokens / n)


def steady(budget: int, slots: int, prompt: float, output: int, limit: str = "kv cache"
           ) -> tuple[int, float, str]:
    """(B, p, bound) of an engine's saturated iteration (module docstring): B decode rows,
    p = B·P/(O − 1) prefill tokens (P the prompt tokens a request computes: P_c with a
    cached prefix), and which limit sets B: ``limit`` (what bounds the ``slots``, the KV
    cache by default) or 'token budget'."""
    by_budget = int(budget * (output - 1) // (prompt + output - 1))
    batch = min(slots, by_budget)
    return batch, batch * prompt / (output - 1), (limit if slots <= by_budget
                                                  else "token budget")


def engine(t_iter: float, batch: int, prefill_tokens: float, prompt: int, output: int,
           bound: str, computed: float | None = None) -> Schedule:
    """The engine's steady state: one mixed pass of ``t_iter`` per iteration (``steady``);
    ``computed`` prompt tokens per request (P_c, default P) set the TTFT."""
    computed = prompt if computed is None else computed
    if batch < 1:  # not one sequence and its prompt fit in the budget
        return Schedule("engine (offline)", 0, math.inf, math.inf, math.inf, 0.0, 0.0, False,
                        mixed_s=t_iter, total_tokens_per_s=0.0, prefill_tokens=0.0,
                        bound=bound)
    rate = batch / ((output - 1) * t_iter)
    return Schedule("engine (offline)", batch, math.ceil(computed / prefill_tokens) * t_iter,
                    t_iter, t_iter, rate, rate * output, True, mixed_share=1.0,
                    mixed_s=t_iter, total_tokens_per_s=rate * (prompt + output),
                    prefill_tokens=prefill_tokens, bound=bound)


def chunk_context(prompt: int, chunk: int, cached: int = 0) -> int:
    """Mean keys a chunk attends to: chunk j of ⌈(P − C)/c⌉ sees C + min((j + 1)·c, P − C)
    tokens, C of them cached (prefix caching; C = 0 without)."""
    new = prompt - cached
    n = math.ceil(new / chunk)
    return round(cached + sum(min((j + 1) * chunk, new) for j in range(n)) / n)


def running(first: Schedule, chunked: Schedule | None) -> Schedule:
    """The schedule an engine runs at batch B: chunked prefill under its token budget when
    that is sustainable (vLLM, SGLang and TensorRT-LLM enable it), else prefill-first."""
    return chunked if chunked is not None and chunked.sustainable else first


def chunked(t_decode: float, t_mixed: float, batch: int, prompt: int, output: int,
            chunk: int, computed: float | None = None) -> Schedule:
    """Steady state with chunked prefill of ``chunk`` tokens per mixed iteration; a request
    computes ``computed`` of its ``prompt`` tokens (P_c, default P: module docstring)."""
    steps = output - 1
    total, prompt = prompt, prompt if computed is None else computed
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
                    share <= 1.0, chunk, n, min(share, 1.0), t_mixed,
                    rate * (total + output))
