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

import numpy as np


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


def iteration_tokens(budget, batch, prompt, output):
    """Prompt tokens a mixed iteration carries at full batch B (module docstring):
    c = min(K − B, max(P, ⌈B·P/(O − 1)⌉)), P the tokens a prompt computes; 0 if B fills
    the budget K. Broadcasts."""
    room = np.maximum(0, np.asarray(budget) - batch)
    freed = np.maximum(np.ceil(prompt), np.ceil(np.asarray(batch) * prompt / (output - 1)))
    return _whole(np.minimum(room, freed))


def pack(tokens, prompt):
    """(n, s): ``tokens`` prompt tokens of one iteration as n = ⌈tokens/P⌉ chunks of
    s = ⌈tokens/n⌉ ≤ P tokens each (one chunk of one prompt, or about tokens/P whole prompts;
    n·s exceeds ``tokens`` by less than n); P the tokens each prompt computes. Broadcasts."""
    n = np.ceil(np.asarray(tokens) / prompt)
    return _whole(n), _whole(np.ceil(tokens / n))


def _whole(x):
    """Whole numbers as Python ints for scalars, int64 arrays for arrays."""
    x = np.asarray(x)
    return x.astype(np.int64) if x.ndim else int(x)


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


def chunk_context(prompt, chunk, cached=0):
    """Mean keys a chunk attends to: chunk j of n = ⌈(P − C)/c⌉ sees C + min((j + 1)·c,
    P − C) tokens, C of them cached (prefix caching; C = 0 without); the first n − 1 are
    full, so the mean is C + (c·n(n − 1)/2 + (P − C))/n, rounded. Broadcasts."""
    new = np.asarray(prompt) - cached
    n = np.ceil(new / chunk)
    return _whole(np.rint(cached + (chunk * n * (n - 1) / 2 + new) / n))


def running(first: Schedule, chunked: Schedule | None) -> Schedule:
    """The schedule an engine runs at batch B: chunked prefill under its token budget when
    that is sustainable (vLLM, SGLang and TensorRT-LLM enable it), else prefill-first. With
    arrays (a sweep), each configuration's own pick, named 'running'."""
    if chunked is None:
        return first
    if np.ndim(chunked.sustainable) == 0:
        return chunked if chunked.sustainable else first
    ok = chunked.sustainable
    pick = lambda a, b: np.where(ok, a, b)  # noqa: E731
    return Schedule("running", first.batch, pick(chunked.ttft_s, first.ttft_s),
                    pick(chunked.tpot_mean_s, first.tpot_mean_s),
                    pick(chunked.tpot_worst_s, first.tpot_worst_s),
                    pick(chunked.requests_per_s, first.requests_per_s),
                    pick(chunked.tokens_per_s, first.tokens_per_s), np.ones_like(ok))


def service_time(schedule: Schedule, output):
    """S = TTFT + (O − 1)·mean TPOT [s]: how long a request of ``output`` tokens holds its
    batch slot in ``schedule`` (the queue's service time; broadcasts)."""
    return schedule.ttft_s + (np.asarray(output) - 1) * schedule.tpot_mean_s


def chunked(t_decode, t_mixed, batch, prompt, output, chunk, computed=None) -> Schedule:
    """Steady state with chunked prefill of ``chunk`` tokens per mixed iteration; a request
    computes ``computed`` of its ``prompt`` tokens (P_c, default P: module docstring).
    Broadcasts: with arrays in, every figure is an array (no room for prompts: chunks 0 and
    mixed share NaN; with scalars, None)."""
    steps = np.asarray(output) - 1
    total, prompt = prompt, prompt if computed is None else computed
    room = np.asarray(chunk) >= 1  # else the decodes fill the budget: no prompt is admitted
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(room, chunk, 1)
        n = np.ceil(prompt / c)
        share = np.asarray(batch) * prompt / (c * steps)
        keeps_up = room & (share <= 1.0)
        gap = np.where(keeps_up, share * t_mixed + (1.0 - share) * t_decode,
                       np.where(room, t_mixed, t_decode))  # unsustainable: all mixed
        rate = np.where(keeps_up, batch / (steps * gap),
                        np.where(room, c / (prompt * np.asarray(t_mixed)), 0.0))
    figures = [np.where(room, n * t_mixed, math.inf), gap, np.where(room, t_mixed, t_decode),
               rate, rate * output, keeps_up]
    if np.ndim(rate) == 0:  # one configuration: Python numbers, None where no room
        return Schedule("chunked", batch, *(x.item() for x in figures), int(chunk),
                        int(n) if room else None,
                        min(float(share), 1.0) if room else None, t_mixed,
                        float(rate) * (total + output))
    return Schedule("chunked", batch, *figures, _whole(chunk), _whole(np.where(room, n, 0)),
                    np.where(room, np.minimum(share, 1.0), np.nan), t_mixed,
                    rate * (total + output))
