"""In-node parallelism: graph splits, and the sources of the parallelism models.

Collectives are laws (``laws.collectives``: α–β formulas), links hardware (``hardware.links``:
β and α of a node's fabric). Graph splits: :func:`tensor_parallel` (Megatron-LM, Shoeybi et al.
2019: column- then row-parallel matmuls, heads split, two all-reduces of the activation per layer
forward and two backward, by the roles builders tag on ops), :func:`pipeline_stages` (contiguous
layers per stage), :func:`pipeline_bubble` (p−1)/(v·m+p−1) (GPipe, Huang et al. 2019; 1F1B and
its interleaved form with v model chunks per device, Narayanan et al. SC'21 §2.2) and
:func:`pipeline_in_flight`, the micro-batches whose activations a stage holds at its peak.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

import numpy as np

from ironlaw.checks import whole
from ironlaw.errors import ParameterError
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.ops import Op
from ironlaw.provenance import Source

CHECKED = _dt.date(2026, 11, 28)

SOURCES = {
    "thakur2005": Source(
        kind="paper", checked=CHECKED,
        title="Thakur, Rabenseifner & Gropp, 'Optimization of Collective Communication "
              "Operations in MPICH', IJHPCA 19(1):49-66, 2005",
        url="https://doi.org/10.1177/1094342005051521"),
    "nccl-tests": Source(
        kind="datasheet", checked=CHECKED,
        title="NCCL tests, doc/PERFORMANCE.md: bus bandwidth = algorithm bandwidth x 2(n-1)/n "
              "for all-reduce, (n-1)/n for all-gather, reduce-scatter and all-to-all",
        url="https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md"),
    "megatron": Source(
        kind="paper", checked=CHECKED,
        title="Shoeybi et al., 'Megatron-LM: Training Multi-Billion Parameter Language Models "
              "Using Model Parallelism', arXiv:1909.08053, 2019, §3",
        url="https://arxiv.org/abs/1909.08053"),
    "gpipe": Source(
        kind="paper", checked=CHECKED,
        title="Huang et al., 'GPipe: Efficient Training of Giant Neural Networks using "
              "Pipeline Parallelism', arXiv:1811.06965, 2019",
        url="https://arxiv.org/abs/1811.06965"),
    "narayanan2021": Source(
        kind="paper", checked=CHECKED,
        title="Narayanan et al., 'Efficient Large-Scale Language Model Training on GPU "
              "Clusters Using Megatron-LM', arXiv:2104.04473, 2021, §2.2 (1F1B, bubble)",
        url="https://arxiv.org/abs/2104.04473"),
}


# --- tensor parallelism (Megatron-LM) ---------------------------------------------------------

COLUMN, ROW, SPLIT, VOCAB, HEAD = "column", "row", "split", "vocab", "head"
# Builders tag each op with its role under Megatron tensor parallelism (``Op.tp_role``):
# column: output features split (Y = X·W[:, shard]); row: input features split, partial sums
# all-reduced after the op marked ``tp_reduce``; split: per-head or per-feature work on
# already-split tensors; vocab: an embedding split over the vocabulary; head: the LM head,
# column-parallel over the vocabulary. Untagged ops (norms, residual adds) are replicated.


def _split_op(op: Op, tp: int) -> Op:
    role = op.tp_role
    if role in (COLUMN, HEAD):  # the weight's output columns (and bias) split; input replicated
        return replace(op, flops=op.flops / tp, params=op.params / tp, n=op.n / tp,
                       weight_bytes=op.weight_bytes / tp, output_bytes=op.output_bytes / tp,
                       dequant_flops=op.dequant_flops / tp)
    if role == ROW:  # input features split; the bias is added once, after the all-reduce
        matrix = op.k * op.n
        matrices = max(1.0, float(op.params // matrix)) if matrix else 0.0  # MoE: per expert
        bias = max(op.params - matrices * matrix, 0.0)
        per_param = op.weight_bytes / op.params if op.params else 0.0
        params = matrices * matrix / tp + bias
        return replace(op, flops=op.flops / tp, params=params, weight_bytes=params * per_param,
                       input_bytes=op.input_bytes / tp, k=op.k / tp,
                       dequant_flops=op.dequant_flops / tp)
    if role == VOCAB:  # each device holds V/tp rows; lookups are all-reduced to full outputs
        return replace(op, params=op.params / tp, weight_bytes=op.weight_bytes / tp)
    return replace(op, flops=op.flops / tp, params=op.params / tp,  # split: heads or features
                   weight_bytes=op.weight_bytes / tp,  # what all heads share is read whole
                   input_bytes=(op.input_bytes - op.shared_bytes) / tp + op.shared_bytes,
                   cache_bytes=(op.cache_bytes - op.shared_bytes) / tp + op.shared_bytes,
                   output_bytes=op.output_bytes / tp,
                   # per-head GEMMs (attention, MLA's absorbed projections): heads split
                   batch=op.batch / tp if op.kind in ("attention", "matmul") else op.batch,
                   # a device's heads all share MLA's latent: its group shrinks with them
                   kv_group=op.kv_group / tp if op.shared_bytes else op.kv_group,
                   tensor_flops=None if op.tensor_flops is None else op.tensor_flops / tp,
                   score_bytes=op.score_bytes / tp)


def tensor_parallel(graph: Graph, tp: int, heads: int | None = None,
                    kv_heads: int | None = None) -> Graph:
    """The per-device graph of ``graph`` split ``tp`` ways (Megatron-LM, Shoeybi et al. 2019).

    Matmul and attention FLOPs and weights of the layer's column/row-parallel ops divide by
    tp, as do the bytes of the split tensors, except what every head reads (an op's
    ``shared_bytes``: MLA's latent cache, which each device reads whole); norms and residual
    adds stay replicated (no sequence parallelism); the workload's KV cache is the device's
    share (its heads', or a latent whole). ``heads`` (query) and ``kv_heads`` must
    divide by tp; without them the head count is read from the attention op. Which op splits
    how is its ``tp_role``, set by the model's builder.
    """
    whole(tp, "tp")
    if tp == 1:
        return graph
    attention = next((op for op in graph.ops if op.tp_role == SPLIT and op.kind == "attention"),
                     None)
    if attention is None:
        raise ParameterError("tp", f"tensor parallelism is modeled for graphs whose builder "
                                   f"tags tensor-parallel roles (transformers, Megatron-LM); "
                                   f"{graph.name} has none")
    if heads is None:
        heads = round(float(np.max(attention.batch / np.asarray(graph.workload.batch))))
    for label, count in (("attention heads", heads), ("key/value heads", kv_heads or heads)):
        if count % tp:
            raise ParameterError("tp", f"{tp} must divide {graph.name}'s {count} {label}")

    def split(op: Op) -> Op:
        return op if op.tp_role is None else _split_op(op, tp)

    # each device holds its heads' share of the KV cache (1/tp), or the whole of a latent
    # that all heads read (MLA): the share one layer's attention keeps
    whole_cache = np.asarray(attention.cache_bytes, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(whole_cache > 0, np.asarray(split(attention).cache_bytes) / whole_cache,
                         1.0 / tp)
    return graph.map_ops(split, meta={"tp": tp},
                         kv_cache_bytes=graph.workload.kv_cache_bytes * share[()])


def forward_collective(op: Op, tp: int) -> Op | None:
    """The collective that follows ``op`` in a forward pass split ``tp`` ways, or None.

    After the op marked ``tp_reduce`` (closing a row-parallel group) and after the
    vocabulary-parallel embedding: an all-reduce of its output; after the LM head: an
    all-gather of the vocabulary shards (M = tp × the shard's bytes).
    """
    if tp == 1:
        return None
    if op.tp_reduce or op.tp_role == VOCAB:
        return ops.collective(f"{op.name}.all_reduce", "all-reduce", op.output_bytes, op.dtype,
                              tp)
    if op.tp_role == HEAD:
        return ops.collective(f"{op.name}.all_gather", "all-gather", op.output_bytes * tp,
                              op.dtype, tp)
    return None


def with_collectives(split: Graph, tp: int) -> Graph:
    """``split`` (a graph from :func:`tensor_parallel`) with each forward collective as an op
    of kind ``collective`` right after the op that needs it (:func:`forward_collective`), so
    that ``frameworks.cost.analyze`` times it on the device's link."""
    def expand(items) -> tuple[Op, ...]:
        out: list[Op] = []
        for op in items:
            out.append(op)
            after = forward_collective(op, tp)
            if after is not None:
                out.append(replace(after, count=op.count))
        return tuple(out)

    items: list[Op | Block] = []
    for item in split.items:
        if isinstance(item, Block):
            items.append(Block(item.name, expand(item.ops), item.count))
        else:
            items += expand((item,))
    return replace(split, items=tuple(items))


def tensor_parallel_allreduces(graph: Graph, recompute_forward: bool = False
                               ) -> tuple[tuple[float, float], ...]:
    """(bytes, count) of each all-reduce a tensor-parallel graph needs per training step.

    Forward: the output of every row-parallel group (attention out-projection, MLP down, or
    the combined experts: :data:`ALLREDUCE_AFTER`) and of the vocabulary-parallel embedding;
    backward: the input gradient of every column-parallel group (one per row-parallel group,
    the same size) and of the LM head: 2 forward + 2 backward per transformer layer
    (Megatron-LM §3). ``recompute_forward`` repeats the forward ones of ops inside repeated
    blocks (full recomputation reruns the layers' forward).
    """
    out: list[tuple[float, float]] = []

    def visit(op: Op, in_block: bool) -> None:
        if op.tp_reduce:
            forward = 2 if recompute_forward and in_block else 1
            out.append((op.output_bytes, op.count * (forward + 1)))
        elif op.tp_role == VOCAB:
            out.append((op.output_bytes, op.count))
        elif op.tp_role == HEAD:
            out.append((op.input_bytes, op.count))

    for item in graph.items:
        if isinstance(item, Block):
            for op in item.ops:
                visit(op.times(item.count), True)
        else:
            visit(item, False)
    return tuple(out)


# --- pipeline parallelism --------------------------------------------------------------------

def pipeline_bubble(stages, micro_batches, virtual=1):
    """Idle fraction of a pipeline flush, (p−1)/(v·m + p − 1): the step takes (m + (p−1)/v)
    micro-batch times, (p−1)/v of them filling and draining. GPipe and 1F1B: v = 1; the
    interleaved 1F1B schedule gives each device v chunks of layers, so the fill and drain
    shrink v-fold (Narayanan et al., SC'21, §2.2.2)."""
    p = np.asarray(stages, dtype=float)
    return ((p - 1.0) / (virtual * micro_batches + p - 1.0))[()]


def pipeline_in_flight(stage: int, stages: int, micro_batches: int, virtual: int = 1) -> float:
    """Micro-batches whose activations stage ``stage`` (0-based) of p holds at its peak, in
    units of one micro-batch through the whole stage. 1F1B: min(p − i, m). Interleaved
    (v > 1): Megatron-LM's schedule warms up 2(p − i − 1) + (v − 1)·p chunks before its
    first backward, plus the one running, each chunk 1/v of the stage, at most all m·v:
    stage 0 holds p + (p − 1)/v (Narayanan et al., SC'21, §2.2.2: more memory than 1F1B)."""
    if virtual == 1:
        return float(min(stages - stage, micro_batches))
    chunks = 2 * (stages - stage - 1) + (virtual - 1) * stages + 1
    return min(chunks, micro_batches * virtual) / virtual


def pipeline_stages(graph: Graph, stages: int) -> tuple[Graph, ...]:
    """Split ``graph`` into ``stages`` contiguous stages with as equal a number of repeated
    layers as possible (ops before the first layer go to the first stage, after the last to the
    last; stage i gets ⌈L/p⌉ or ⌊L/p⌋ layers). Needs at least ``stages`` repeated layers."""
    whole(stages, "pp")
    if stages == 1:
        return (graph,)
    layers = sum(i.count for i in graph.items if isinstance(i, Block))
    if layers < stages:
        raise ParameterError("pp", f"{stages}: {graph.name} has {layers} repeated layers; "
                        "a pipeline needs at least one per stage")
    quota = [layers // stages + (1 if s < layers % stages else 0) for s in range(stages)]
    parts: list[list] = [[] for _ in range(stages)]
    stage, used = 0, 0
    for item in graph.items:
        if not isinstance(item, Block):
            parts[stage if used < quota[stage] or stage == stages - 1 else stage + 1].append(item)
            continue
        left = item.count
        while left:
            if used == quota[stage]:
                stage, used = stage + 1, 0
            take = min(left, quota[stage] - used)
            parts[stage].append(Block(item.name, item.ops, take))
            used, left = used + take, left - take
    meta = {**graph.meta, "pp": stages}
    return tuple(replace(graph, name=f"{graph.name}.stage{s}", items=tuple(parts[s]),
                         meta={**meta, "stage": s, "layers": quota[s]}) for s in range(stages))
