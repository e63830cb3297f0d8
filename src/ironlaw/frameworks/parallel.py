"""In-node parallelism: collectives in the α–β model, the link they run on, and graph splits.

Collectives, N devices, M bytes, α latency per message step [s], β bandwidth per direction
[B/s]; every function broadcasts (scalars in, scalar out; arrays in, array out):

    ring all-reduce        T = 2(N−1)/N · M/β + 2(N−1)·α     reduce-scatter then all-gather
    tree all-reduce        T = 2·⌈log2 N⌉ · (α + M/β)       binomial reduce, then broadcast
    all-gather             T = (N−1)/N · M/β + (N−1)·α       M = the gathered (output) bytes
    reduce-scatter         T = (N−1)/N · M/β + (N−1)·α       M = the input bytes per device
    all-to-all             T = (N−1)/N · M/β + (N−1)·α       M = bytes each device sends in all
    send/receive           T = α + M/β

Thakur, Rabenseifner & Gropp, "Optimization of Collective Communication Operations in MPICH",
IJHPCA 19(1), 2005 (ring all-gather, pairwise exchange, binomial trees, all-reduce as
reduce-scatter + all-gather); the bandwidth factors 2(N−1)/N and (N−1)/N are those of NCCL's
"bus bandwidth" (nccl-tests doc/PERFORMANCE.md).

The link (:func:`link_for`): a device's scale-up fabric (NVLink, Infinity Fabric, ICI, RoCE)
when the catalog has one, else its PCIe host link; α from :data:`LINK_LATENCY`, each with its
source. Graph splits: :func:`tensor_parallel` (Megatron-LM, Shoeybi et al. 2019: column- then
row-parallel matmuls, heads split, two all-reduces of the activation per layer forward and two
backward), :func:`pipeline_stages` (contiguous layers per stage) and :func:`pipeline_bubble`
(p−1)/(m+p−1) (GPipe, Huang et al. 2019; 1F1B, Narayanan et al. 2021).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

import numpy as np

from ironlaw.checks import whole
from ironlaw.errors import ParameterError, UserError
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.ops import Op
from ironlaw.hardware.schema import Device, Source

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


# --- collectives (α–β model) -----------------------------------------------------------------

def ring_all_reduce(size, devices, bandwidth, latency=0.0):
    """T = 2(N−1)/N · M/β + 2(N−1)·α [s]; 0 for N = 1."""
    n = np.asarray(devices, dtype=float)
    return (2.0 * (n - 1.0) / n * size / bandwidth + 2.0 * (n - 1.0) * latency)[()]


def tree_all_reduce(size, devices, bandwidth, latency=0.0):
    """T = 2·⌈log2 N⌉ · (α + M/β) [s]: a binomial-tree reduce then broadcast of all M bytes."""
    steps = np.ceil(np.log2(np.asarray(devices, dtype=float)))
    return (2.0 * steps * (latency + size / bandwidth))[()]


def all_gather(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the gathered bytes each device ends with."""
    n = np.asarray(devices, dtype=float)
    return ((n - 1.0) / n * size / bandwidth + (n - 1.0) * latency)[()]


def reduce_scatter(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the bytes each device starts with."""
    return all_gather(size, devices, bandwidth, latency)


def all_to_all(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the bytes each device sends (its own 1/N stays)."""
    return all_gather(size, devices, bandwidth, latency)


def send_receive(size, bandwidth, latency=0.0):
    """T = α + M/β [s]: one point-to-point message (a pipeline stage boundary)."""
    return latency + size / bandwidth


# --- links -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkLatency:
    """α for one kind of link: the per-step latency of a ring collective [s], with its source."""

    kind: str
    latency_s: float
    source: Source
    note: str = ""


_NCCL_TUNING = "https://github.com/NVIDIA/nccl/blob/master/src/graph/tuning.cc"
_RCCL_TUNING = "https://github.com/ROCm/rccl/blob/develop/src/graph/tuning.cc"

LINK_LATENCY: dict[str, LinkLatency] = {e.kind: e for e in (
    LinkLatency("nvlink", 3.4e-6, Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[NVLINK][RING][SIMPLE] = 3.4 us per ring step"),
        "NCCL adds a base latency of 8.4 us per call (baseLat, ring/Simple), not modeled here"),
    LinkLatency("pcie", 5.7e-6, Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[PCI][RING][SIMPLE] = 5.7 us per ring step")),
    LinkLatency("infinity-fabric", 2.7e-6, Source(
        kind="estimate", checked=CHECKED, url=_RCCL_TUNING,
        title="RCCL src/graph/tuning.cc: hwLat[NVLINK (xGMI)][RING][SIMPLE] = 2.7 us per "
              "ring step"),
        "RCCL adds a base latency of 27.9 us per call (ring/Simple), not modeled here"),
    LinkLatency("ici", 3.4e-6, Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="ironlaw estimate: no published per-step ICI collective latency; NCCL's NVLink "
              "ring step (3.4 us) is used for a comparable point-to-point chip fabric")),
    LinkLatency("roce", 9.6e-6, Source(
        kind="estimate", checked=CHECKED, url=_NCCL_TUNING,
        title="NCCL src/graph/tuning.cc: hwLat[NET][RING][SIMPLE] = 9.6 us per ring step, "
              "taken for RDMA over Converged Ethernet between accelerators")),
)}

MESH_PEERS = 7  # a fully connected 8-device platform: each device's links are split over 7 peers


@dataclass(frozen=True)
class Link:
    """The link a group of ``devices`` devices communicates over.

    ``bandwidth`` [B/s] is per direction per device, already reduced for the group when the
    fabric is a point-to-point mesh; ``latency`` [s] is α per message step.
    """

    kind: str  # nvlink | infinity-fabric | ici | roce | pcie
    name: str
    devices: int
    bandwidth: float
    latency: float
    topology: str  # switched | mesh | torus | bridge | pcie
    assumptions: tuple[str, ...] = ()

    @property
    def latency_source(self) -> Source:
        return LINK_LATENCY[self.kind].source

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "devices": self.devices,
                "bandwidth_bytes_per_s": self.bandwidth, "latency_s": self.latency,
                "topology": self.topology, "latency_source": self.latency_source.title,
                "assumptions": list(self.assumptions)}


def _fabric_kind(name: str) -> str | None:
    lowered = name.lower()
    for prefix, kind in (("nvlink", "nvlink"), ("infinity fabric", "infinity-fabric"),
                         ("ici", "ici"), ("roce", "roce")):
        if lowered.startswith(prefix):
            return kind
    return None


def _pcie_link(device: Device, devices: int, why: str) -> Link:
    if device.host_link is None:
        raise UserError(f"--devices {devices}: {device.id} has neither a scale-up link nor a "
                        "host link in the catalog, so its devices cannot exchange data")
    beta = device.host_link.bandwidth_per_direction.value
    notes = (why, f"PCIe peer-to-peer at the host link's {beta / 1e9:.4g} GB/s per direction "
             "through a switch; traffic through the CPU root complex can be slower")
    return Link("pcie", f"PCIe ({device.host_link.kind})", devices, beta,
                LINK_LATENCY["pcie"].latency_s, "pcie", notes)


def link_for(device: Device, devices: int) -> Link:
    """The link ``devices`` copies of ``device`` in one node use for collectives.

    Scale-up fabric when the catalog has one: NVLink is taken as switched (NVSwitch, full
    per-direction bandwidth in any group); Infinity Fabric and Gaudi's RoCE ports as a fully
    connected mesh of 8, so a group of n uses n−1 of 7 peer links: β·(n−1)/7; ICI at its full
    bandwidth (optimistic below a full torus ring); an NVLink bridge joins pairs only. Else PCIe.
    """
    if int(devices) != devices or devices < 1:
        raise UserError(f"--devices: expected a whole number of at least 1; got {devices!r}")
    fabric = device.scale_up
    kind = _fabric_kind(fabric.name) if fabric else None
    if fabric is None or kind is None:
        why = (f"{device.id} has no scale-up link in the catalog" if fabric is None else
               f"{device.id}'s scale-up link {fabric.name!r} is of no known kind")
        return _pcie_link(device, devices, why)
    beta = fabric.bandwidth_per_direction.value
    alpha = LINK_LATENCY[kind].latency_s
    if kind == "nvlink" and "bridge" in fabric.name.lower():
        if devices > 2:
            return _pcie_link(device, devices,
                              f"{fabric.name} joins pairs only; {devices} devices use PCIe")
        return Link(kind, fabric.name, devices, beta, alpha, "bridge")
    if kind == "nvlink":
        return Link(kind, fabric.name, devices, beta, alpha, "switched", (
            f"{fabric.name} through NVSwitch: each device drives its full "
            f"{beta / 1e9:.4g} GB/s per direction in any group (a point-to-point NVLink "
            "topology such as DGX-1's would be slower)",))
    if kind in ("infinity-fabric", "roce"):
        share = min(1.0, (devices - 1) / MESH_PEERS) if devices > 1 else 1.0
        return Link(kind, fabric.name, devices, beta * share, alpha, "mesh", (
            f"{fabric.name}: fully connected mesh of 8; a group of {devices} uses "
            f"{max(devices - 1, 0)} of {MESH_PEERS} peer links: β = {beta / 1e9:.4g} GB/s × "
            f"{max(devices - 1, 0)}/{MESH_PEERS}",))
    return Link(kind, fabric.name, devices, beta, alpha, "torus", (
        f"{fabric.name}: collectives assumed to use all links at {beta / 1e9:.4g} GB/s per "
        "direction (optimistic for slices smaller than a torus ring)",))


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
                   weight_bytes=op.weight_bytes / tp, input_bytes=op.input_bytes / tp,
                   output_bytes=op.output_bytes / tp,
                   batch=op.batch / tp if op.kind == "attention" else op.batch,
                   tensor_flops=None if op.tensor_flops is None else op.tensor_flops / tp,
                   score_bytes=op.score_bytes / tp)


def tensor_parallel(graph: Graph, tp: int, heads: int | None = None,
                    kv_heads: int | None = None) -> Graph:
    """The per-device graph of ``graph`` split ``tp`` ways (Megatron-LM, Shoeybi et al. 2019).

    Matmul and attention FLOPs and weights of the layer's column/row-parallel ops divide by
    tp, as do the bytes of the split tensors; norms and residual adds stay replicated (no
    sequence parallelism). ``heads`` (query) and ``kv_heads`` must divide by tp; without
    them the head count is read from the attention op. Which op splits how is its
    ``tp_role``, set by the model's builder.
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

    items = tuple(Block(i.name, tuple(split(o) for o in i.ops), i.count) if isinstance(i, Block)
                  else split(i) for i in graph.items)
    return replace(graph, items=items, meta={**graph.meta, "tp": tp})


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

def pipeline_bubble(stages, micro_batches):
    """Idle fraction of a pipeline flush: (p−1)/(m+p−1) (GPipe; 1F1B has the same bubble)."""
    p = np.asarray(stages, dtype=float)
    return ((p - 1.0) / (micro_batches + p - 1.0))[()]


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
