"""Training step time on one node: per-stage compute, recomputation, collectives, pipeline.

Per micro-batch on the slowest pipeline stage (each device runs its tensor-parallel share):

    t_mb = forward + backward                (frameworks.cost.analyze of the step graph)
         + recompute                         (forward of the recomputed ops, see memory)
         + Σ all-reduce(tensor-parallel activations)   on the critical path
         + 2v·(α + M_boundary/β)             (pipeline: send activation, receive its gradient,
                                              once per model chunk: v chunks per device)

    pipeline  = (m + (p − 1)/v)·t_mb         bubble = (p − 1)/v·t_mb, fraction (p−1)/(v·m+p−1)
                                             (v = 1: 1F1B; v > 1: interleaved 1F1B)
    data-parallel communication per step, N_dp devices, Ψ gradient bytes per device:
        ZeRO 0–2  all-reduce(Ψ)              once per step, after the last micro-batch
        ZeRO 3    m·(2·all-gather(W) + reduce-scatter(Ψ))   weights regathered per pass
                  (1.5× the volume of an all-reduce: ZeRO §7)
    exposed   = T_dp − min(overlap·T_dp, hideable compute)
                hideable: the last micro-batch's backward (ZeRO 0–2), all compute (ZeRO 3)
    optimizer = bytes moved / (BW_mem · f_mem), bytes per parameter = 2·(m + s) + g + w
                (read and write master and state, read the gradient, write the weights)
    step      = pipeline + exposed + optimizer

Each collective runs as NCCL would (``Link.time``): the fastest of its LL, LL128 and Simple
rings, T_p = a_p + steps·α_p + M/(s_p·β·N/steps), steps = 2(N − 1) for an all-reduce.

A forward graph built from arrays of sizes (batch, seq) gives arrays of stage times, and the
communication and overlap formulas broadcast, so a sweep over sizes costs one graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ironlaw.frameworks.cost import Analysis
from ironlaw.frameworks.graph import Block, Graph, as_float
from ironlaw.frameworks.parallel import tensor_parallel_allreduces
from ironlaw.hardware.links import Link
from ironlaw.laws.collectives import send_receive
from ironlaw.training.memory import Activations


@dataclass(frozen=True)
class StageTime:
    """Seconds one pipeline stage spends on one micro-batch, per device."""

    forward_s: float
    backward_s: float
    recompute_s: float
    tensor_parallel_s: float
    pipeline_p2p_s: float
    flops: float  # executed per device, recomputation included
    tp_allreduces: float = 0.0  # all-reduces per micro-batch
    tp_allreduce_bytes: float = 0.0  # the largest of them

    @property
    def total_s(self) -> float:
        return (self.forward_s + self.backward_s + self.recompute_s + self.tensor_parallel_s
                + self.pipeline_p2p_s)

    def to_dict(self) -> dict:
        return {"forward_s": self.forward_s, "backward_s": self.backward_s,
                "recompute_s": self.recompute_s, "tensor_parallel_comm_s": self.tensor_parallel_s,
                "pipeline_p2p_s": self.pipeline_p2p_s, "total_s": self.total_s,
                "flops": self.flops}


def _block_mask(forward: Graph) -> np.ndarray:
    """True for the flattened forward ops that belong to repeated blocks."""
    mask: list[bool] = []
    for item in forward.items:
        mask += [True] * len(item.ops) if isinstance(item, Block) else [False]
    return np.array(mask, dtype=bool)


def boundary_bytes(forward: Graph) -> float:
    """Bytes crossing a pipeline stage boundary per micro-batch: one layer's input."""
    for item in forward.items:
        if isinstance(item, Block):
            return next((op for op in item.ops if op.kind != "view"), item.ops[0]).input_bytes
    return 0.0


def stage_time(forward: Graph, step: Analysis, kept: Activations, tp: int, pp: int,
               link_tp: Link | None, link_pp: Link | None, virtual: int = 1) -> StageTime:
    """Time of one micro-batch on one stage: ``step`` is the analysis of
    ``autodiff.training_step(forward)`` on the device; ``kept`` the recomputation policy."""
    times = step.per_op["time_s"]
    n = len(forward.ops)
    forward_s, backward_s = as_float(times[:n].sum(axis=0)), as_float(times[n:].sum(axis=0))
    if kept.policy == "full":
        mask = _block_mask(forward)
    elif kept.policy == "selective":
        mask = np.array([op.kind == "softmax" for op in forward.ops], dtype=bool)
    else:
        mask = np.zeros(n, dtype=bool)
    recompute_s = as_float(times[:n][mask].sum(axis=0))
    counts = step.graph.columns()["count"][:n]
    recompute_flops = as_float(np.dot(counts[mask], step.graph.columns()["flops"][:n][mask]))
    tp_s, tp_count, tp_bytes = 0.0, 0.0, 0.0
    if tp > 1 and link_tp is not None:
        for size, count in tensor_parallel_allreduces(forward, kept.policy == "full"):
            tp_s += count * link_tp.time("all-reduce", size, tp)
            tp_count, tp_bytes = tp_count + count, np.maximum(tp_bytes, size)
    p2p_s = 0.0
    if pp > 1 and link_pp is not None:
        p2p_s = 2.0 * virtual * send_receive(boundary_bytes(forward), link_pp.bandwidth,
                                             link_pp.latency)
    return StageTime(forward_s, backward_s, recompute_s, as_float(tp_s), as_float(p2p_s),
                     step.graph.flops + recompute_flops, tp_count, as_float(tp_bytes))


def data_parallel_comm(grad_bytes: float, weight_bytes: float, dp: int, zero: int,
                       micro_batches: int, link: Link | None) -> float:
    """Seconds of data-parallel communication per step (module formula), per device."""
    if dp <= 1 or link is None:
        return 0.0
    if zero >= 3:
        per_pass = (2.0 * link.time("all-gather", weight_bytes, dp)
                    + link.time("reduce-scatter", grad_bytes, dp))
        return as_float(micro_batches * per_pass)
    return as_float(link.time("all-reduce", grad_bytes, dp))


def exposed_comm(comm_s: float, overlap: float, hideable_s: float) -> float:
    """T_dp − min(overlap·T_dp, hideable compute) [s] (broadcasts)."""
    return as_float(comm_s - np.minimum(overlap * comm_s, hideable_s))


def optimizer_bytes_per_parameter(weight: float, gradient: float, master: float,
                                  state: float) -> float:
    """Bytes the optimizer update moves per parameter: read and write the fp32 copy (the
    master, or the weights themselves in fp32) and the state, read the gradient, and in mixed
    precision write the 16-bit weights: 2·(m + s) + g + w, or 2·(w + s) + g in fp32."""
    if master:
        return 2.0 * (master + state) + gradient + weight
    return 2.0 * (weight + state) + gradient


@dataclass(frozen=True)
class StepTime:
    """One optimizer step on the node [s]."""

    stage: StageTime  # the slowest stage, per micro-batch
    micro_batches: int
    stages: int
    pipeline_s: float
    bubble_s: float
    bubble_fraction: float
    data_parallel_s: float
    data_parallel_exposed_s: float
    optimizer_s: float
    hideable_s: float = 0.0  # compute the data-parallel communication may hide behind
    optimizer_bytes_per_param: float = 0.0
    optimizer_params: float = 0.0  # parameters each device updates
    memory_bandwidth: float | None = None  # sustained: BW · f_mem

    @property
    def step_s(self) -> float:
        return self.pipeline_s + self.data_parallel_exposed_s + self.optimizer_s

    def to_dict(self) -> dict:
        return {"per_micro_batch": self.stage.to_dict(), "micro_batches": self.micro_batches,
                "pipeline_s": self.pipeline_s, "bubble_s": self.bubble_s,
                "bubble_fraction": self.bubble_fraction,
                "data_parallel_comm_s": self.data_parallel_s,
                "data_parallel_exposed_s": self.data_parallel_exposed_s,
                "optimizer_s": self.optimizer_s, "step_s": self.step_s}
