"""KV cache: bytes per sequence (MHA/GQA/MQA, paged blocks) and how many sequences fit.

    per token      2 · L · h_kv · d · b          (K and V, every layer; h_kv = h for MHA,
                                                  < h for GQA, 1 for MQA)
    per sequence   per token · ⌈T/16⌉ · 16        (paged: whole blocks of 16 tokens;
                                                  Kwon et al., SOSP 2023)
    per device     per sequence · ⌈h_kv/p⌉/h_kv   (KV heads split over p tensor-parallel
                                                  devices; replicated when h_kv < p)
    budget         u · M − W_dev − A_dev          (u: usable share of memory M, the rest the
                                                  runtime reserve; W_dev the device's weights
                                                  (≈ W/p: matmuls split, norms replicated);
                                                  A_dev its largest live activation set,
                                                  the cache an op reads not counted again)
    max sequences  ⌊budget / per-device sequence⌋
    most sequences the largest b with b ≤ max sequences beside batch b's own activations
                   (A_dev grows with the batch: :func:`most_sequences`)

Prefix caching (vLLM automatic prefix caching, SGLang RadixAttention, TensorRT-LLM KV cache
reuse): requests sharing the first S prompt tokens share that prefix's whole blocks,
S_b = ⌊S/block⌋·block tokens (vLLM hashes full blocks only), held once per replica. With a
share h of the requests finding it cached (the others hold their own copy):

    prefix          KV_token · S_b                    held once (when h > 0)
    per sequence    KV_token · (⌈T/block⌉·block − h·S_b)   (the mean; S_b ≤ P, so whole blocks)
    max sequences   ⌊(budget − prefix_dev) / per-device sequence⌋

Precision: the cache is stored in ``KvLayout.dtype`` when given (fp8, int8 ...), else as the
checkpoint stores it (``compress.cache_precision``): fp8 for an fp8 checkpoint (ModelOpt
quantizes K and V by default), else in the precision of the model's activations — the
weights', but 16-bit for int4 (W4A16) and int8 (W8A8 in the linear layers only). A
state-space model's state is always in the precision of its activations, as its decode step
reads and writes it (a ``KvLayout.dtype`` is refused for it: ``transformer.check_kv_precision``).

Sliding-window models (Mistral) keep a rolling buffer of the last W tokens
(``transformer.kv_cache_bytes`` applies it). Multi-head latent attention (DeepSeek-V3) caches
one latent of d_c + d_R per token and layer, L·(d_c + d_R)·b per token, which every device of a
tensor-parallel replica holds whole (its heads all read it). A state-space model (Mamba) has
no KV cache: each sequence holds a fixed state, L·d_inner·(N + K)·b, whatever its length;
its per-token term is 0 and its per-sequence term that state. Token counts, weights and
activations broadcast (a sweep plans arrays of them at once).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

import numpy as np

from ironlaw.checks import choice, whole
from ironlaw.dtypes import NAMES
from ironlaw.frameworks.ops import KV_READS
from ironlaw.models.compress import cache_precision
from ironlaw.models.transformer import Arch, kv_cache_bytes


@dataclass(frozen=True)
class KvLayout:
    """How a served model stores its KV cache and how its decode kernel reads it: precision
    (None: :meth:`dtype_for`'s default), key/value heads (None: the model's own; fewer is the
    MHA → GQA → MQA what-if), and ``reads`` (``frameworks.ops.KV_READS``; None: "grouped"):
    "grouped", each K/V head read once for the query heads that share it, or "per-head", once
    per query head (TensorRT-LLM before v0.8: ``frameworks.ops.per_head_reads``)."""

    dtype: str | None = None
    heads: int | None = None
    reads: str | None = None

    def __post_init__(self):
        if self.dtype is not None:  # named as the caller wrote it, not as 'precision'
            choice(self.dtype, "kv_precision", NAMES)
        if self.reads is not None:
            choice(self.reads, "kv_reads", KV_READS)
        if self.heads is not None:  # (frozen: the checked whole number replaces the given)
            object.__setattr__(self, "heads", whole(self.heads, "kv_heads"))

    def dtype_for(self, precision: str, arch: Arch, runs=None) -> str:
        """The cache's precision for ``arch`` served with ``precision`` weights on a device
        with peaks for ``runs``: ``dtype`` when given, else ``compress.cache_precision``'s
        (fp8 for an fp8 checkpoint, the activations' precision otherwise and for a
        state-space model's state)."""
        return self.dtype or cache_precision(precision, arch.ssm is not None, runs)

    def reads_note(self, arch: Arch) -> tuple[str, ...]:
        """The assumption per-head reads make for ``arch`` (none where they change nothing:
        grouped reads, MHA, MLA's latent, a state-space model's state)."""
        if self.reads != "per-head" or arch.ssm is not None or arch.mla is not None \
                or arch.heads <= arch.kv_heads:
            return ()
        return (f"decode attention reads each K/V head once per query head ("
                f"{arch.heads // arch.kv_heads} times, reads 'per-head': one thread block per "
                "query head, TensorRT-LLM's masked MHA before XQA, v0.8); the repeats are "
                "charged to device memory like the first read (an upper bound: L2 may serve "
                "some)",)


PLAIN = KvLayout()


def cache_name(arch: Arch) -> str:
    """What a sequence keeps between decode steps, for people: a state-space model's
    'SSM state', else a 'KV cache' (MLA's latent cache included)."""
    return "SSM state" if arch.ssm is not None else "KV cache"


def cache_formula(arch: Arch) -> tuple[str, str]:
    """(formula, substitution without the bytes per element) of the cache's size: per token,
    or per sequence for a state-space model."""
    if arch.ssm is not None:
        m = arch.ssm
        return ("L·d_inner·(N + K)·b", f"{arch.layers} × {m.inner} × ({m.state} + {m.conv})")
    if arch.mla is not None:
        return ("L·(d_c + d_R)·b", f"{arch.layers} × ({arch.mla.kv_rank} + {arch.mla.rope})")
    return "2·L·h_kv·d·b", f"2 × {arch.layers} × {arch.kv_heads} × {arch.head_dim}"


def paged_tokens(tokens, block: int):
    """Tokens a paged cache reserves for ``tokens``: whole blocks, ⌈T/block⌉·block."""
    return -(-tokens // block) * block


def shared_tokens(shared, block: int):
    """Prompt tokens a paged cache shares between requests with a common prefix of ``shared``
    tokens: its whole blocks, ⌊S/block⌋·block (vLLM's automatic prefix caching hashes full
    blocks only; a partly filled last block stays each request's own)."""
    return shared // block * block


def kv_bytes_per_sequence(arch: Arch, tokens: int, dtype: str, block: int | None = 16) -> float:
    """KV bytes of one sequence of ``tokens`` (rounded up to whole blocks unless block=None);
    a state-space model's state, whatever ``tokens``."""
    reserved = tokens if block is None else paged_tokens(tokens, block)
    return kv_cache_bytes(arch, 1, reserved, dtype)


def device_share(arch: Arch, tp):
    """The fraction of a sequence's KV cache one of ``tp`` devices holds: ⌈h_kv/p⌉/h_kv
    (broadcasts over tp); 1 for MLA's latent (shared by every head) and a model without
    attention (served on one device)."""
    if arch.mla is not None or arch.ssm is not None:
        return 1.0 + 0.0 * tp
    return -(-arch.kv_heads // tp) / arch.kv_heads


@dataclass(frozen=True)
class KvPlan:
    """Memory of one device of a replica, and the sequences its KV budget holds. Bytes."""

    capacity_bytes: float
    usable_bytes: float  # u · capacity
    reserve_bytes: float  # (1 − u) · capacity
    weight_bytes: float  # per device
    activation_bytes: float  # per device
    kv_budget_bytes: float
    kv_per_token_bytes: float  # whole sequence, all devices
    kv_per_sequence_bytes: float  # paged, all devices
    kv_per_sequence_device_bytes: float
    tokens: int
    paged_tokens: int
    max_sequences: int
    prefix_tokens: int = 0  # S_b: the shared prefix's whole-block tokens, held once (h > 0)
    prefix_bytes: float = 0.0  # all devices
    prefix_device_bytes: float = 0.0
    hit: float = 0.0  # h: share of sequences that reuse the prefix

    @property
    def own_tokens(self):
        """Tokens of a sequence's own blocks, the mean: ⌈T/block⌉·block − h·S_b."""
        return self.paged_tokens - self.hit * self.prefix_tokens

    @property
    def fits_weights(self) -> bool:
        return self.kv_budget_bytes > 0

    def for_batch(self, batch):
        """KV bytes per device for ``batch`` sequences: the shared prefix once, plus each
        sequence's own (mean) blocks."""
        return self.prefix_device_bytes + batch * self.kv_per_sequence_device_bytes

    def at(self, k: int) -> KvPlan:
        """Configuration ``k`` (flat index) of a plan of arrays, as a plan of scalars."""
        shape = np.broadcast_shapes(*(np.shape(getattr(self, f.name)) for f in fields(self)))
        return replace(self, **{f.name: np.broadcast_to(getattr(self, f.name), shape)
                                .ravel()[k].item() for f in fields(self)})


def most_sequences(fit_beside: Callable[[int], int], start: int) -> int:
    """The largest batch b with b ≤ ``fit_beside(b)``, the sequences the KV budget holds
    beside batch b's own activations (non-increasing in b), searched from ``start`` (the
    plan at another batch's activations). The batches that fit are 1..b*: each guess g(b)
    is tried next, bisecting where it would leave the bracket [fits, does not fit)."""
    if start < 1:
        return start
    fits, too_many, b = 0, None, start
    while too_many is None or too_many - fits > 1:
        most = fit_beside(b)
        if most >= b:
            fits = b
            if most == b:  # b + 1 would need more than g(b + 1) ≤ g(b) = b
                break
        else:
            too_many = b
        guess = most if fits < most < (too_many or math.inf) else None
        b = guess if guess is not None else (fits + too_many) // 2
    return fits


def misfit(mem: KvPlan, batch: int, model: str, arch: Arch, device: str,
           most: int | None = None) -> str | None:
    """Why ``batch`` sequences do not fit one device of a replica (a plan of scalars at that
    batch's activations), or None: the weights and activations leave no budget, or B ×
    per-device sequence bytes exceed it (``serve``'s verdict and the serving sweep's reason);
    ``most``, where known, the most sequences that fit beside their own activations."""
    from ironlaw.units import format as show

    b = lambda x: show(float(x), "bytes")  # noqa: E731
    cache = cache_name(arch)
    if not mem.fits_weights:
        return (f"{model} weights ({b(mem.weight_bytes)} per device) and activations at batch "
                f"{batch} ({b(mem.activation_bytes)}) leave no room for a {cache} in "
                f"{b(mem.usable_bytes)} usable of {b(mem.capacity_bytes)} on {device}; use "
                "more devices or a smaller precision")
    if batch > mem.max_sequences:
        shared = (f" beside the {b(mem.prefix_device_bytes)} shared prefix"
                  if mem.prefix_tokens else "")
        own = (f"; at most {most} fit beside their own activations"
               if most is not None and most != mem.max_sequences else "")
        return (f"batch {batch} needs {batch} × {b(mem.kv_per_sequence_device_bytes)} of "
                f"{cache} per device, but the {b(mem.kv_budget_bytes)} left after weights "
                f"and batch {batch}'s activations ({b(mem.activation_bytes)}) holds "
                f"{mem.max_sequences} sequences{shared}{own}")
    return None


def plan(arch: Arch, tokens: int, dtype: str, capacity: float, weights: float,
         activations: float, tp: int, utilization: float, block: int, shared: int = 0,
         hit: float = 0.0) -> KvPlan:
    """How many sequences of ``tokens`` fit on each device of a ``tp``-way replica, given the
    device's share of the weights and its largest activation working set [B]; a prefix of
    ``shared`` prompt tokens that a share ``hit`` of them reuse is held once (its whole
    blocks; module docstring). ``hit = 0`` is the plan without prefix caching. ``shared`` and
    ``hit`` broadcast with ``tokens`` (a sweep plans arrays of prefixes and hit shares)."""
    usable = utilization * capacity
    budget = np.maximum(usable - weights - activations, 0.0)[()]  # none left is 0, never < 0
    per_token = 0.0 if arch.ssm is not None else kv_cache_bytes(arch, 1, 1, dtype)
    prefix_tokens = shared_tokens(shared, block) * (np.asarray(hit) > 0)  # none at h = 0
    prefix_tokens = prefix_tokens if np.ndim(prefix_tokens) else int(prefix_tokens)
    prefix = per_token * prefix_tokens
    per_sequence = kv_bytes_per_sequence(arch, tokens, dtype, block) - hit * prefix
    share = device_share(arch, tp)
    on_device = per_sequence * share
    fit = np.maximum(budget - prefix * share, 0.0) // on_device  # > 0: a cache or a state
    fit = fit.astype(np.int64) if isinstance(fit, np.ndarray) else int(fit)
    return KvPlan(capacity, usable, capacity - usable, weights, activations, budget, per_token,
                  per_sequence, on_device, tokens, paged_tokens(tokens, block), fit,
                  prefix_tokens, prefix, prefix * share, hit)
