"""The time of one engine pass, from the graph cost model: prefill, decode step, a mixed
(chunked-prefill) iteration, or one forward pass of any model.

    prefill(P)          one prompt of P tokens, causal attention, logits for the last token
    prefill(P, C)       the same prompt with its first C tokens' K and V cached (prefix
                        caching): P − C rows through the linear layers, attention of P − C
                        queries over all P keys
    decode(B, C)        one new token for each of B sequences attending to C tokens
    mixed(B, C, c, K, n)  a decode step of B sequences plus n prefill chunks of c tokens each
                        (one prompt's chunk, or several whole prompts packed into an engine's
                        token budget), each attending to K tokens (its prefix and itself), run
                        as one pass: the linear layers see B + n·c rows and read their weights
                        once; attention runs per part (B decode rows; n causal chunks)
    forward(B)          a non-LLM model's forward pass at batch B

Tensor parallelism over p devices (Megatron-LM, Shoeybi et al. 2019) splits the graph with
``frameworks.parallel.tensor_parallel`` (matmuls and heads ÷ p, norms replicated) and costs the
per-device graph with ``frameworks.cost.analyze`` (fused mode); the forward collectives run on
the node's link (``hardware.links.link_for``), not overlapped with compute:

    T_pass = T(per-device graph) + Σ all-reduce(row-parallel outputs: 2 per layer;
             the vocabulary-parallel embedding) + all-gather(logits)
    each collective as NCCL runs it (``Link.time``): the fastest of its LL, LL128 and Simple
    rings, T_p = a_p + steps·α_p + M/(s_p·β·p/steps) (``laws.collectives.tuned``)

Sizes broadcast: give arrays of prompts, batches or contexts and every field of the
:class:`PassCost` is an array (one graph built from arrays, costed once). Scalar graphs and
costs are cached, so a repeated question costs a lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from ironlaw import checks
from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze
from ironlaw.frameworks.graph import Graph, as_float
from ironlaw.frameworks.parallel import forward_collective, tensor_parallel
from ironlaw.models import transformer
from ironlaw.models.zoo import architecture, build_model, get_model
from ironlaw.serving.kv import PLAIN, KvLayout
from ironlaw.serving.target import Target, resolve

MODE = "fused"


@dataclass(frozen=True)
class PassCost:
    """One pass on one replica, per device. Times in s, sizes in B."""

    phase: str  # prefill | decode | mixed | forward
    batch: int  # the sizes and times below are arrays when the sizes were
    tokens: int  # rows through the linear layers
    context: int | None
    time_s: float  # compute share + collectives
    share_s: float  # the per-device graph
    collective_s: float
    collectives: int  # all-reduces and all-gathers per pass
    allreduce_bytes: float  # one row-parallel all-reduce (the activation)
    allreduce_s: float  # its time
    flops: float  # whole graph (all devices)
    model_param_bytes: float  # whole model
    param_bytes: float  # per device
    kv_cache_bytes: float  # whole graph, all devices
    activation_bytes: float  # largest working set of one op, per device
    bottleneck: str
    fits: bool
    assumptions: tuple[str, ...] = ()
    # the per-device graph's cost (frameworks.cost.Analysis): its bytes by memory level and
    # busy share feed the energy of a pass (operations.serving_energy)
    analysis: Any = field(default=None, repr=False, compare=False)
    params: float = float("nan")  # whole model: parameters (its bytes may mix formats: int4)


@lru_cache(maxsize=64)
def is_decoder(model: str) -> bool:
    """Whether ``model`` is a built-in decoder LLM (it has a decode phase)."""
    return get_model(model).decoder


@lru_cache(maxsize=256)  # keyed like the graph cache below: a model's name and its heads
def arch_of(model: str, kv_heads: int | None = None) -> transformer.Arch:
    """The architecture of a built-in decoder (raises UserError for other models), with
    ``kv_heads`` key/value heads when given (an Arch is frozen: callers share one)."""
    spec = get_model(model)
    if not is_decoder(model):
        raise UserError(f"{spec.id} is not a decoder LLM (it has phases "
                        f"{', '.join(spec.phases)}); use `serve_model` / `ironlaw serve` "
                        "without a prompt and output length for it")
    return transformer.with_kv_heads(architecture(spec.id), kv_heads)


def tp_refusal(arch: transformer.Arch, model: str, tp: int) -> str | None:
    """Why ``model`` cannot be split ``tp`` ways (Megatron splits attention heads), or None."""
    if arch.ssm is not None and tp > 1:
        return (f"{model} is a state-space model with no attention heads to split; serve it "
                "on one device per replica")
    if arch.heads % tp or arch.kv_heads % tp:
        return (f"tensor parallelism splits heads; {tp} must divide {model}'s {arch.heads} "
                f"attention and {arch.kv_heads} key/value heads")
    return None


def _build(model: str, phase: str | None, batch, seq, context, dtype: str,
           kv: KvLayout = PLAIN, cached: int = 0, runs: tuple[str, ...] | None = None) -> Graph:
    """The graph served with ``dtype`` weights (``models.zoo.build_model``'s rule: int4
    weight-only, fp8 and int8 in a decoder's linear layers, the rest in the 16-bit float of a
    device with peaks for ``runs``), its cache in ``kv``'s layout, read as ``kv.reads`` says
    (``frameworks.ops.per_head_reads``)."""
    return build_model(model, phase=phase, batch=batch, seq=seq, context=context, dtype=dtype,
                       kv_precision=kv.dtype, kv_heads=kv.heads, cached=cached, runs=runs,
                       kv_reads=kv.reads)


@lru_cache(maxsize=512)
def _graph(model: str, phase: str | None, batch: int, seq: int | None, context: int | None,
           dtype: str, kv: KvLayout = PLAIN, cached: int = 0,
           runs: tuple[str, ...] | None = None) -> Graph:
    return _build(model, phase, batch, seq, context, dtype, kv, cached, runs)


@lru_cache(maxsize=256)
def _mixed_graph(model: str, batch: int, context: int, chunk: int, chunk_context: int,
                 dtype: str, pieces: int = 1, kv: KvLayout = PLAIN,
                 runs: tuple[str, ...] | None = None) -> Graph:
    return _merged(_graph(model, "decode", batch, None, context, dtype, kv, 0, runs),
                   _graph(model, "prefill", pieces, chunk_context, None, dtype, kv,
                          chunk_context - chunk, runs), batch + pieces * chunk)


def _mixed_built(model: str, batch, context, chunk, chunk_context, dtype: str, pieces=1,
                 kv: KvLayout = PLAIN, runs: tuple[str, ...] | None = None) -> Graph:
    """``batch`` decode rows and ``pieces`` prompt chunks of ``chunk`` tokens as one pass:
    the decode graph and the builder's prefill of the chunks, each attending to
    ``chunk_context`` keys (its earlier chunks cached: ``cached`` = chunk_context − chunk);
    cached for scalars, built once from arrays otherwise."""
    if not any(isinstance(x, np.ndarray) for x in (batch, context, chunk, chunk_context,
                                                   pieces)):
        return _mixed_graph(model, batch, context, chunk, chunk_context, dtype, pieces, kv,
                            runs)
    return _merged(_build(model, "decode", batch, None, context, dtype, kv, 0, runs),
                   _build(model, "prefill", pieces, chunk_context, None, dtype, kv,
                          chunk_context - chunk, runs), batch + pieces * chunk)


def _merged(decode: Graph, prefill: Graph, tokens) -> Graph:
    """The two graphs (of one builder) merged op by op — GEMM rows stacked, the weights read
    once, attention kept apart (each its own kernel)."""
    merged: list[ops.Op] = []
    for a, b in zip(decode.ops, prefill.ops, strict=True):
        if a.name != b.name:  # both graphs come from one builder; this is a bug if it happens
            raise AssertionError(f"decode and prefill graphs differ at {a.name} / {b.name}")
        if a.kind == "attention":
            merged += [a, b]
            continue
        m = a.m + b.m if a.kind == "matmul" else a.m
        weights = (a.weight_bytes + b.weight_bytes if a.kind == "embedding"
                   else np.maximum(a.weight_bytes, b.weight_bytes))
        merged.append(replace(a, flops=a.flops + b.flops, weight_bytes=weights,
                              input_bytes=a.input_bytes + b.input_bytes,
                              output_bytes=a.output_bytes + b.output_bytes, m=m,
                              shape=()))
    return replace(decode, items=tuple(merged),
                   workload=replace(decode.workload, phase="mixed", tokens=tokens))


def _collectives(split: Graph, link, tp: int) -> tuple[float, int, float, float]:
    """(total time, count, bytes and time of one row-parallel all-reduce) of a split graph."""
    total, count, one_bytes, one_s = 0.0, 0, 0.0, 0.0
    for op in split.ops:
        after = forward_collective(op, tp)
        if after is None:
            continue
        t = link.time(after.collective, after.output_bytes, tp)
        if op.tp_reduce:
            one_bytes, one_s = after.output_bytes, t
        total += op.count * t
        count += op.count
    return total, count, one_bytes, one_s


_CACHE: dict[tuple, tuple] = {}


def _cost(key: tuple, graph_of, target: Target, phase: str, batch: int, tokens: int,
          context: int | None, arch: transformer.Arch | None) -> PassCost:
    """Cost a graph (built on demand) on ``target``; memoized on ``key`` and the target when
    the sizes are scalars."""
    arrays = np.ndarray in map(type, key)
    full = (*key, id(target.device), id(target.efficiency), target.tp, target.link)
    hit = None if arrays else _CACHE.get(full)
    if hit is not None and hit[0] is target.device and hit[1] is target.efficiency:
        return hit[2]
    graph = graph_of()
    split = graph
    collective = one_bytes = one_s = 0.0
    count = 0
    if target.tp > 1:
        split = tensor_parallel(graph, target.tp, heads=arch.heads, kv_heads=arch.kv_heads)
        collective, count, one_bytes, one_s = _collectives(split, target.link, target.tp)
    a = analyze(split, target.device, target.efficiency, MODE)
    kv = as_float(graph.workload.kv_cache_bytes)
    cost = PassCost(phase, batch, tokens, context, a.latency_s + collective, a.latency_s,
                    collective, count, one_bytes, one_s, graph.flops, graph.param_bytes,
                    split.param_bytes, kv,  # the device's activations: less its own cache
                    a.memory_bytes - split.param_bytes - as_float(split.workload.kv_cache_bytes),
                    a.bottleneck, a.fits, a.assumptions, a, params=graph.params)
    if not arrays:
        if len(_CACHE) > 4096:
            _CACHE.clear()
        _CACHE[full] = (target.device, target.efficiency, cost)
    return cost


def _built(model: str, phase: str | None, batch, seq, context, dtype: str,
           kv: KvLayout = PLAIN, cached: int = 0, runs: tuple[str, ...] | None = None) -> Graph:
    """The graph of these sizes: cached for scalars, built once from arrays otherwise."""
    if any(isinstance(x, np.ndarray) for x in (batch, seq, context, cached)):
        return _build(model, phase, batch, seq, context, dtype, kv, cached, runs)
    return _graph(model, phase, batch, seq, context, dtype, kv, cached, runs)


def runs_on(target: Target) -> tuple[str, ...]:
    """The precisions ``target``'s device has peaks for (what a narrow-format model's
    unquantized part may run in: ``compress.sixteen_bit``), hashable for the graph caches."""
    return tuple(target.device.peak)


def prefill(model: str, target: Target, prompt, precision: str, batch=1,
            kv: KvLayout = PLAIN, cached: int = 0) -> PassCost:
    """A prefill pass of ``batch`` prompts of ``prompt`` tokens (each may be an array), the
    first ``cached`` of each already in the KV cache (prefix caching: only the rest is
    computed, attending to the whole prompt)."""
    prompt, batch = checks.whole(prompt, "prompt"), checks.whole(batch, "batch")
    cached = checks.whole(cached, "cached", 0)
    return _cost(("prefill", model, precision, batch, prompt, kv, cached),
                 lambda: _built(model, "prefill", batch, prompt, None, precision, kv, cached,
                                runs_on(target)),
                 target, "prefill", batch, batch * (prompt - cached), prompt,
                 arch_of(model, kv.heads))


def decode(model: str, target: Target, batch, context, precision: str,
           kv: KvLayout = PLAIN) -> PassCost:
    """One decode step of ``batch`` sequences attending to ``context`` tokens (arrays
    broadcast together)."""
    batch, context = checks.whole(batch, "batch"), checks.whole(context, "context")
    return _cost(("decode", model, precision, batch, context, kv),
                 lambda: _built(model, "decode", batch, None, context, precision, kv, 0,
                                runs_on(target)), target,
                 "decode", batch, batch, context, arch_of(model, kv.heads))


def mixed(model: str, target: Target, batch, context, chunk, chunk_context,
          precision: str, pieces=1, kv: KvLayout = PLAIN) -> PassCost:
    """A decode step of ``batch`` sequences fused with ``pieces`` prefill chunks of ``chunk``
    tokens each (arrays broadcast together)."""
    return _cost(("mixed", model, precision, batch, context, chunk, chunk_context, pieces, kv),
                 lambda: _mixed_built(model, batch, context, chunk, chunk_context, precision,
                                      pieces, kv, runs_on(target)),
                 target, "mixed", batch, batch + pieces * chunk, context,
                 arch_of(model, kv.heads))


def forward(model: str, target: Target, batch, precision: str) -> PassCost:
    """One forward pass of any built-in model at ``batch`` (an array of batches broadcasts;
    one device, no parallelism)."""
    batch = checks.whole(batch, "batch")
    return _cost(("forward", model, precision, batch),
                 lambda: _built(model, None, batch, None, None, precision, runs=runs_on(target)),
                 target, "forward",
                 batch, batch, None, None)


def _target(on: Target | str, devices: int, catalog) -> Target:
    return on if isinstance(on, Target) else resolve(on, devices, catalog)


def _sizes(x):
    return np.asarray(x) if np.ndim(x) else x


def prefill_time(model: str, on: Target | str, prompt, *, devices: int = 1,
                 precision: str = "bf16", catalog=None):
    """TTFT without queueing: the prefill time [s] of one prompt of each length (broadcasts)."""
    target = _target(on, devices, catalog)
    return prefill(model, target, _sizes(prompt), precision).time_s


def decode_time(model: str, on: Target | str, context, batch=1, *, devices: int = 1,
                precision: str = "bf16", catalog=None):
    """TPOT: the decode-step time [s] at each context length and batch (broadcast together)."""
    target = _target(on, devices, catalog)
    return decode(model, target, _sizes(batch), _sizes(context), precision).time_s
