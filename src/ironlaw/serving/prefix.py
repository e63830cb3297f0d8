"""Prefix caching: requests whose prompts start with the same S tokens (a system prompt,
few-shot examples, a document) reuse that prefix's KV blocks instead of computing and storing
them again (vLLM automatic prefix caching; SGLang RadixAttention, Zheng et al., NeurIPS 2024;
TensorRT-LLM KV cache reuse).

A share h of the requests finds the prefix cached (a hit); the others compute it (a miss).
Every number comes from the per-op core and the one KV plan:

    S_b         ⌊S/block⌋·block tokens cached: the prefix's whole blocks (kv.shared_tokens)
    TTFT_hit    one prefill pass of P − S_b new tokens whose attention reads all P keys
                (phases.prefill with ``cached``: linear layers on P − S_b rows)
    TTFT_miss   the prefill of all P tokens
    TTFT        h·TTFT_hit + (1 − h)·TTFT_miss                 (mean, no queue; ``mean``)
    KV          the S_b prefix tokens held once per replica; a sequence holds
                ⌈(P + O)/block⌉·block − h·S_b tokens on average (kv.plan)
    engine      a request computes P_c = P − h·S_b prompt tokens (computed_tokens; the
                batching schedules)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ironlaw import checks
from ironlaw.derive import Line, Worked
from ironlaw.errors import ParameterError
from ironlaw.serving import kv, sources
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as show


def mean(hit, of_hit, of_miss):
    """The mean request's share-weighted quantity, h·x_hit + (1 − h)·x_miss (its TTFT with
    no queue, its prefill's energy ...; broadcasts)."""
    return hit * of_hit + (1.0 - hit) * of_miss


def computed_tokens(prompt, cached, hit):
    """P_c = P − h·S_b [tokens]: the prompt tokens a request computes on average when a share
    h of the requests finds the first S_b = ``kv.shared_tokens(S, block)`` of its P prompt
    tokens cached (broadcasts)."""
    return prompt - hit * cached


def check(shared, hit, prompt: int, arch, block: int | None = None
          ) -> tuple[int, float] | None:
    """(S, h) from ``shared`` prefix tokens and the ``hit`` share (default
    :data:`~ironlaw.serving.sources.PREFIX_HIT`), or None when no prefix is shared or no
    request reuses it (h = 0: serving without prefix caching, exactly); raises
    ParameterError (shared_prefix, prefix_hit) for what cannot be, a prefix shorter than one
    ``block`` (default :data:`~ironlaw.serving.sources.KV_BLOCK_TOKENS`) among them: only
    whole blocks are shared, so it would share nothing."""
    if shared is None:
        if hit is not None:
            raise ParameterError("prefix_hit", "applies to a shared prefix; give the shared "
                                 "prefix's length in tokens too")
        return None
    shared = checks.whole(shared, "shared_prefix")
    if shared >= prompt:
        raise ParameterError("shared_prefix", f"expected fewer tokens than the {prompt}-token "
                             f"prompt (each request has tokens of its own); got {shared}")
    h = checks.fraction(sources.PREFIX_HIT.value if hit is None else hit, "prefix_hit",
                        open_low=False)
    if arch.window is not None:
        raise ParameterError("shared_prefix", f"{arch.name} keeps a rolling sliding-window KV "
                             "buffer; prefix caching of it is not modeled")
    if arch.ssm is not None:
        raise ParameterError("shared_prefix", f"{arch.name} is a state-space model: it keeps "
                             "no KV blocks to share; prefix caching of its state is not "
                             "modeled")
    block = int(sources.KV_BLOCK_TOKENS.value) if block is None else block
    if shared < block:
        raise ParameterError("shared_prefix", f"expected at least one whole {block}-token KV "
                             f"block (only whole blocks are shared); got {shared}")
    return (shared, float(h)) if h > 0 else None


@dataclass(frozen=True, repr=False)
class PrefixCache(Shown):
    """The prefix cache's effect on one replica. Times in s, sizes in B, FLOPs whole model."""

    model: str
    prompt: int  # P
    shared: int  # S as given
    block: int
    cached: int  # S_b
    hit: float  # h
    ttft_hit_s: float
    ttft_miss_s: float
    flops_hit: float
    flops_miss: float
    prefix_bytes: float  # S_b tokens of KV, all devices, held once
    kv_per_sequence_bytes: float  # mean, paged, with sharing
    kv_per_sequence_unshared_bytes: float
    sequences: int  # that fit with sharing
    sequences_unshared: int

    @property
    def ttft_s(self) -> float:
        return float(mean(self.hit, self.ttft_hit_s, self.ttft_miss_s))

    @property
    def computed(self) -> float:
        """P_c = P − h·S_b: prompt tokens a request computes on average."""
        return computed_tokens(self.prompt, self.cached, self.hit)

    def to_dict(self) -> dict[str, Any]:
        return {"shared_prefix_tokens": self.shared, "cached_tokens": self.cached,
                "cached_blocks": self.cached // self.block, "block_tokens": self.block,
                "hit_fraction": self.hit, "prompt_tokens_computed": self.computed,
                "ttft_hit_s": self.ttft_hit_s, "ttft_miss_s": self.ttft_miss_s,
                "ttft_mean_s": self.ttft_s, "prefill_hit_flops": self.flops_hit,
                "prefill_miss_flops": self.flops_miss, "prefix_kv_bytes": self.prefix_bytes,
                "kv_per_sequence_bytes": self.kv_per_sequence_bytes,
                "kv_per_sequence_unshared_bytes": self.kv_per_sequence_unshared_bytes,
                "max_sequences": self.sequences,
                "max_sequences_unshared": self.sequences_unshared}

    def headline(self) -> str:
        """One line: TTFT of a hit and a miss, sequences that fit with and without sharing."""
        return (f"TTFT {show(self.ttft_hit_s, 'time')} hit / {show(self.ttft_miss_s, 'time')} "
                f"miss (h = {self.hit:g}); {self.sequences:,} sequences fit sharing "
                f"{self.cached // self.block} blocks, {self.sequences_unshared:,} without")

    def rows(self) -> list[Table]:
        return [facts(f"Prefix caching: {self.shared} of {self.prompt} prompt tokens shared, "
                      f"{self.hit:.0%} of requests hit", [
                          ("cached tokens (whole blocks)",
                           f"{self.cached} ({self.cached // self.block} blocks of "
                           f"{self.block})"),
                          ("TTFT of a hit", self.ttft_hit_s, "time"),
                          ("TTFT of a miss", self.ttft_miss_s, "time"),
                          ("mean TTFT", self.ttft_s, "time"),
                          ("prefill FLOPs hit / miss", f"{show(self.flops_hit, 'flops')} / "
                                                       f"{show(self.flops_miss, 'flops')}"),
                          ("prefix KV, held once", self.prefix_bytes, "bytes"),
                          ("KV per sequence (mean)", self.kv_per_sequence_bytes, "bytes"),
                          ("sequences that fit, shared / not",
                           f"{self.sequences:,} / {self.sequences_unshared:,}")])]

    def explain(self) -> Worked:
        """What the serving derivation (``worked.llm_lines``, prefix-aware: mean TTFT, KV per
        sequence, sequences that fit, P_c) lacks: S_b, the hit's and the miss's prefill
        passes and the prefix held once."""
        t = lambda x: show(x, "time")  # noqa: E731
        return Worked(f"Prefix caching of {self.shared} tokens", (
            Line("cached tokens", "S_b = ⌊S/block⌋·block",
                 f"⌊{self.shared}/{self.block}⌋ × {self.block}", f"{self.cached}"),
            Line(f"TTFT of a hit: prefill of {self.prompt - self.cached} new tokens",
                 "one pass: linear layers on P − S_b rows, attention over all P keys",
                 f"{show(self.flops_hit, 'flops')} over the graph's ops", t(self.ttft_hit_s)),
            Line(f"TTFT of a miss: prefill of {self.prompt} tokens",
                 "one pass over all P tokens", f"{show(self.flops_miss, 'flops')}",
                 t(self.ttft_miss_s)),
            Line("prefix KV, held once", "KV_token·S_b", f"S_b = {self.cached} tokens",
                 show(self.prefix_bytes, "bytes"))),
            (f"Source: {sources.PREFIX_BLOCKS_SOURCE.title}",))


def attach(model: str, prompt: int, shared: int, hit: float, block: int, hit_pass, miss_pass,
           mem: kv.KvPlan, unshared: kv.KvPlan) -> PrefixCache:
    """The :class:`PrefixCache` from the two prefill passes and the KV plans with and
    without sharing (h > 0: :func:`check` passes no prefix at h = 0)."""
    return PrefixCache(model, prompt, shared, block, mem.prefix_tokens, hit,
                       float(hit_pass.time_s), float(miss_pass.time_s),
                       float(hit_pass.flops), float(miss_pass.flops),
                       float(mem.prefix_bytes), float(mem.kv_per_sequence_bytes),
                       float(unshared.kv_per_sequence_bytes), int(mem.max_sequences),
                       int(unshared.max_sequences))


ASSUMPTIONS = (
    "prefix caching: the shared prefix's blocks stay cached (never evicted) and are held once "
    "per replica; a miss holds its own copy; only whole blocks are shared and reused",
    "prefix caching: the schedules and the engine's iteration use the mean request, which "
    "computes P − h·S_b prompt tokens; decode reads the prefix's blocks once per sequence",
)
