"""The cost of a graph on a device: per op, per Iron Law term, and the binding constraint.

For each op (design.md §4), vectorized over all ops of the graph, at the op's own precision p:

    compute   = FLOPs / (R(p) · η),   η = f_peak · wave · tile · k/(k + k_half)   (tensor ops;
              R(p) the dense peak, or the sparse one for 2:4-pruned weights)
              wave = tiles / (⌈tiles/U⌉ · U),  tiles = ⌈m/t_m⌉·⌈n/t_n⌉·batch over U units
              (attention: the g query heads that share one K/V are rows of one GEMM,
              m·g rows in batch/g GEMMs)
              tile = m·n / (⌈m/t_m⌉·t_m · ⌈n/t_n⌉·t_n)   (with split-K, see gemm_efficiency)
              (in eager mode, where a micro-benchmark measured the framework's flash-attention
              kernel, a flash attention op instead runs its matrix FLOPs at
              η = f · n/(n + n½) of R(p), n the keys a query sees, f and n½ its pass's:
              ``flash_efficiency``)
              (a tensor op may instead run as a direct vector kernel, R_vec(p) · f_vec: the
              faster wins — depthwise convolutions and GEMVs usually do; a convolution also
              as a direct kernel at R(p) · f_conv where a probe measured f_conv); other ops
              run on the vector units, R_vec(p) = min(R(p), R(fp32)), at f_vec of it (their
              kind's own f_vec where a probe measured it); dequantizing stored weights adds
              dequant FLOPs / (R_vec(p) · f_vec)
    memory    = weight bytes / (BW_w · f_w) + cache bytes / (BW_w · f_a)
                + activation bytes / (BW_a · f_a)
              weights from the level that holds them (HBM/DRAM, flash on an MCU), and from
              there too the K/V cache (or SSM state) a graph holds between passes (a prefill
              writes it, a decode step reads it); the other activations from the fastest level
              with a known bandwidth that holds the op's working set of them;
              f_w = f_mem, or f_gemv for a GEMV (a matmul of one row tile, m ≤ t_m/8) where
              a probe measured it; f_a = f_mem, or for an attention op in eager mode f_att,
              where the framework's own kernel, torch SDPA, was measured streaming K/V apart
    link      = a collective op on the link of its group as NCCL runs it (``Link.time``: the
              fastest of the LL, LL128 and Simple rings and, for an all-reduce where the
              NVLink switch reduces, NVLS: ``laws.collectives.tuned``)
    overhead  = per-launch cost: every op in eager mode, at its kind's dispatch cost where
              measured apart (a view pays only its own, else nothing); only unfused kernels
              in fused mode
    op time   = max(compute, memory, link) + overhead      (the overlapped Iron Law, per op)
    graph     = Σ count · op time
    MFU       = Σ count · FLOPs / R(p)  /  graph time   (≤ 1: no op beats its own peak)

Fused mode folds elementwise/norm/softmax ops into their producer's kernel (their intermediate
tensors never reach memory, their launches vanish, and the kernel takes max(Σ compute,
Σ memory) over its ops, so an epilogue hides under a memory-bound producer); sibling GEMMs
reading one input (Q, K and V; gate and up) run as one GEMM of their summed width, one launch,
the input read once; in inference it folds BatchNorm into the conv or matmul before it (no
FLOPs left); attention runs as flash attention. Efficiency
parameters come from the catalog (hardware/catalog/efficiency.yaml) with their provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ironlaw.checks import choice
from ironlaw.errors import UserError
from ironlaw.frameworks.graph import Graph, as_float
from ironlaw.hardware.links import link_for
from ironlaw.hardware.schema import Device, Efficiency, FlashAttention, MemoryLevel
from ironlaw.laws._pick import dominant
from ironlaw.table import Shown
from ironlaw.uncertainty import with_bounds

MODES = ("eager", "fused")
# the largest head size FlashAttention-2's kernels take (its README: "all head dimensions up to
# 256"); a larger head (MLA's absorbed 576-wide latent) runs another kernel: the GEMM path
FLASH_HEAD_DIM_MAX = 256


@dataclass(frozen=True, repr=False)
class Analysis(Shown):
    """A graph costed on a device. Times in seconds, sizes in bytes, rates per second."""

    graph: Graph
    device: Device
    mode: str
    latency_s: float
    compute_s: float  # Σ count·compute time, as if nothing overlapped
    memory_s: float  # Σ count·memory time
    overhead_s: float  # Σ count·launch overhead
    compute_bound_s: float  # time spent in ops whose compute exceeds their memory time
    memory_bound_s: float
    link_bound_s: float  # time in collectives, bound by the link between devices
    bottleneck: str  # compute | memory | link | overhead
    mfu: float
    peak_flop_per_s: float
    memory_bytes: float
    memory_capacity_bytes: float | None
    fits: bool
    per_op: dict[str, np.ndarray]
    levels: tuple[str, ...] = ()  # memory levels: weights' first, then per_op["activation_level"]
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    # [low, high] of latency_s with the efficiency parameters at the ends of their stated
    # ranges (analyze_bounded; arrays for a broadcast graph); None when not asked or no
    # parameter states a range
    latency_interval_s: tuple[Any, Any] | None = None

    @property
    def throughput_interval_per_s(self) -> tuple[float, float] | None:
        """[low, high] of throughput_per_s: batch over the latency interval's high and low."""
        if self.latency_interval_s is None:
            return None
        low, high = self.latency_interval_s
        return (self.graph.workload.batch / high, self.graph.workload.batch / low)

    @property
    def throughput_per_s(self) -> float:
        """Samples (sequences) per second: batch / latency."""
        return self.graph.workload.batch / self.latency_s

    @property
    def tokens_per_s(self) -> float | None:
        tokens = self.graph.workload.tokens
        return None if tokens is None else tokens / self.latency_s

    def bytes_by_level(self) -> dict[str, float]:
        """Bytes one execution moves from each memory level, as this analysis placed them:
        Σ count · (weight + held-cache bytes) at the weights' level (``levels[0]``) + Σ count ·
        activation bytes at each op's activation level."""
        p, count = self.per_op, self.graph.columns()["count"]
        moved: dict[str, float] = {}
        for i, level in enumerate(self.levels):
            nbytes = float(np.dot(count, (p["weight_bytes"] + p["cache_bytes"] if i == 0 else 0.0)
                                  + np.where(p["activation_level"] == i,
                                             p["activation_bytes"], 0.0)))
            if nbytes > 0:
                moved[level] = nbytes
        return moved

    def flops_by_precision(self) -> dict[str, float]:
        """Σ count · (FLOPs + dequantization FLOPs) of the ops at each precision."""
        c = self.graph.columns()
        return {p: w for p, w in by_precision(self.graph, c["flops"] + c["dequant_flops"]).items()
                if w}

    def to_dict(self, ops: bool = False) -> dict[str, Any]:
        # the link term (collectives between devices) only where the graph has collectives
        link = {"link": self.link_bound_s} if np.any(self.link_bound_s) else {}
        out = {
            "model": self.graph.name,
            "device": self.device.id,
            "mode": self.mode,
            "precision": self.graph.dtype,
            **{k: v for k, v in self.graph.workload.to_dict().items() if v is not None},
            "latency_s": self.latency_s,
            "throughput_per_s": self.throughput_per_s,
            "tokens_per_s": self.tokens_per_s,
            "flops": self.graph.flops,
            "params": self.graph.params,
            "terms_s": {"compute": self.compute_s, "memory": self.memory_s, **link,
                        "overhead": self.overhead_s},
            "bound_s": {"compute": self.compute_bound_s, "memory": self.memory_bound_s, **link,
                        "overhead": self.overhead_s},
            "bottleneck": self.bottleneck,
            "mfu": self.mfu,
            "peak_flop_per_s": self.peak_flop_per_s,
            "memory_bytes": self.memory_bytes,
            "memory_capacity_bytes": self.memory_capacity_bytes,
            "fits": self.fits,
            "assumptions": list(self.assumptions),
        }
        if ops:
            out["ops"] = self.op_rows()
        return with_bounds(out, {"latency_s": self.latency_interval_s,
                                 "throughput_per_s": self.throughput_interval_per_s})

    def op_rows(self) -> list[dict[str, Any]]:
        """One row per op: name, kind, count, FLOPs, bytes, each term and the total [s]."""
        p = self.per_op
        return [
            {"name": op.name, "kind": op.kind, "count": op.count, "flops": op.flops,
             "bytes": float(p["bytes"][i]), "compute_s": float(p["compute_s"][i]),
             "memory_s": float(p["memory_s"][i]), "link_s": float(p["link_s"][i]),
             "overhead_s": float(p["overhead_s"][i]),
             "time_s": float(p["time_s"][i]), "bound": str(p["bound"][i])}
            for i, op in enumerate(self.graph.ops)
        ]

    def rows(self):  # tables for people and the worked derivation: frameworks/worked.py
        from ironlaw.frameworks.worked import headline

        return [headline(self)]

    def explain(self):
        from ironlaw.frameworks.worked import worked

        return worked(self)


def gemm_efficiency(m, n, k, batch, units, tile_m, tile_n, k_half, peak_fraction=1.0):
    """η of a (batched) GEMM m×n×k on ``units`` compute units, all arguments broadcast.

    Tiles: t_m × t_n, with t_m shrunk to the next power of two ≥ m (not below t_m/8) for
    skinny GEMMs, as libraries ship small-M kernels. Split-K: when there are fewer tiles than
    units, the k dimension is split (in chunks of at least 4·k_half) to fill them. Then
    η = f_peak · wave · tile · k_s/(k_s + k_half), with k_s = k/split.
    """
    tm = np.clip(2.0 ** np.ceil(np.log2(m)), tile_m / 8, tile_m)
    tn = tile_n
    row_tiles, col_tiles = np.ceil(m / tm), np.ceil(n / tn)
    tiles = row_tiles * col_tiles * batch
    split = np.maximum(1.0, np.minimum(np.floor(units / tiles),
                                       np.floor(k / (4.0 * k_half))))
    work = tiles * split
    wave = work / (np.ceil(work / units) * units)
    tile = (m * n) / (row_tiles * tm * col_tiles * tn)
    k_split = k / split
    return peak_fraction * wave * tile * k_split / (k_split + k_half)


def memory_levels(device: Device) -> tuple[MemoryLevel, list[MemoryLevel], list[str]]:
    """The level weights are read from, the levels activations may use, and assumptions."""
    assumptions = []
    weights = device.main_memory
    if weights.bandwidth is None:
        faster = [m for m in device.memory if m.bandwidth is not None]
        if not faster:
            raise UserError(f"{device.id}: no memory level has a bandwidth in the catalog; "
                            "add one (e.g. in a catalog file) to cost memory traffic")
        assumptions.append(f"{device.id}: {weights.level} bandwidth unknown; weights are "
                           f"assumed to stream at {faster[-1].level} bandwidth")
        weights = faster[-1]
    fast = [m for m in device.memory if m.bandwidth is not None and m.capacity is not None
            and m is not weights]
    return weights, fast, assumptions


def _per_op(x, like: np.ndarray) -> np.ndarray:
    """A per-op vector (axis 0) shaped to broadcast against per-op × configuration arrays."""
    x = np.asarray(x)
    return x.reshape(x.shape + (1,) * (np.ndim(like) - x.ndim))


def vector_peak(device: Device, rate):
    """R_vec = min(R(p), R(fp32)) [FLOP/s]: the vector units run a precision's work no faster
    than its peak R(p) nor than the fp32 peak; R(p) alone where the device states no fp32 peak
    (a TPU, an NPU). ``rate`` broadcasts."""
    return np.minimum(rate, device.peak_rate("fp32")) if "fp32" in device.peak else rate


def is_gemv(m, tile_m):
    """Whether a matmul of ``m`` rows runs as a GEMV kernel (one row tile of the smallest,
    m ≤ t_m/8: libraries' small-M kernels) that streams its weights; broadcasts."""
    return m <= tile_m / 8


def op_rates(graph: Graph, device: Device) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per op: the matrix-unit peak R(p) at its precision (sparse for 2:4-pruned weights), the
    vector rate R_vec(p) = min(R(p), R(fp32)) [FLOP/s], and assumptions.

    A precision (or sparse peak) the device lacks is a UserError naming both when an op at it
    computes anything; ops that compute nothing (a cast to such a precision) get NaN, which
    :func:`_seconds` never divides by. A device without an fp32 peak (a TPU, an NPU) runs
    vector work at R(p), said in an assumption.
    """
    names, index = graph.precisions
    structured = graph.masks["structured"]
    c = graph.columns()
    work = np.reshape(c["flops"] + c["dequant_flops"], (len(index), -1)).any(axis=1)
    dense = np.array([device.peak_rate(p) if p in device.peak or work[index == i].any()
                      else np.nan for i, p in enumerate(names)])
    tensor = dense[index]
    for i, p in enumerate(names):
        if np.any(structured[(index == i) & work]):
            tensor = np.where(structured & (index == i), device.peak_rate(p, sparse=True), tensor)
    assumptions = []
    vector = vector_peak(device, dense)
    if "fp32" not in device.peak and work.any():
        assumptions.append(f"{device.id}: no fp32 peak in the catalog; vector ops run at their "
                           "own precision's peak (an upper bound)")
    return tensor, vector[index], assumptions


def _kernels(kernel: np.ndarray, compute: np.ndarray, memory: np.ndarray):
    """Per op, the compute and memory time of the kernel it leads — Σ over the ops fused into
    it, so an epilogue's vector work hides under its producer's memory time or adds to its
    compute — and 0 for the ops that run inside another's kernel."""
    leads = _per_op(kernel == np.arange(len(kernel)), compute)
    out = []
    for part in (compute, memory):
        total = np.zeros(np.broadcast_shapes(np.shape(compute), np.shape(memory)))
        np.add.at(total, kernel, np.broadcast_to(part, total.shape))
        out.append(np.where(leads, total, 0.0))
    return out


def _seconds(work: np.ndarray, rate) -> np.ndarray:
    """work / rate per op, 0 where there is no work (whatever the rate, NaN included)."""
    with np.errstate(invalid="ignore"):
        return np.where(work > 0, work / _per_op(rate, work), 0.0)


def by_precision(graph: Graph, work) -> dict[str, float]:
    """Σ count · work of the ops at each of the graph's precisions (``work`` per op, or per op
    and configuration: summed over both)."""
    names, index = graph.precisions
    work = np.asarray(work, dtype=float) * _per_op(graph.columns()["count"], work)
    return {p: float(np.sum(work[index == i])) for i, p in enumerate(names)}


def _main_precision(graph: Graph, c: dict) -> str:
    """The precision of the most matrix FLOPs (the graph's own where it has none): the peak a
    result is quoted against (fp16 for int4 weights served W4A16, fp8 for a W8A8 LLM)."""
    totals = by_precision(graph, np.where(_per_op(graph.masks["tensor"], c["flops"]),
                                          c["flops"], 0.0))
    best = max(totals, key=totals.get)
    return best if totals[best] else graph.dtype


def flash_efficiency(kernel: FlashAttention, keys, gradient):
    """η(n) = f · n / (n + n½): the fraction of the dense peak a measured flash-attention
    kernel sustains when each query sees ``keys`` keys (f and n½ of the forward or, where
    ``gradient``, the backward pass; arrays broadcast)."""
    f = np.where(gradient, kernel.backward.value, kernel.forward.value)
    half = np.where(gradient, kernel.backward_kv_half.value, kernel.forward_kv_half.value)
    return f * keys / (keys + half)


def analyze(graph: Graph, device: Device, efficiency: Efficiency, mode: str = "fused") -> Analysis:
    """Cost ``graph`` on ``device`` in ``mode`` (eager | fused); see the module docstring.

    A graph built from arrays of sizes is costed for every configuration at once: the
    per-op arrays are (ops × configurations) and every total is an array over configurations.
    """
    choice(mode, "mode", MODES)
    tensor_rate, vector_rate, assumptions = op_rates(graph, device)
    e = efficiency
    c = graph.columns()
    flops = c["flops"]
    tensor = graph.masks["tensor"]

    # compute time: the vector path for every op; tensor ops may use the tiled-GEMM path
    vector_by_kind = {k: e.vector_fraction(k) for k in set(graph.kinds.tolist())}
    f_vec = np.array([vector_by_kind[k] for k in graph.kinds.tolist()])  # per op, like the rates
    compute = _seconds(flops + c["dequant_flops"], vector_rate * f_vec)
    if tensor.any():
        units = device.compute_units.value if device.compute_units else 1.0
        m, n, k, batch = (np.maximum(c[x][tensor], 1.0) for x in ("m", "n", "k", "batch"))
        group = c["kv_group"][tensor]  # attention: heads sharing one K/V tile as one GEMM
        m, batch = m * group, np.maximum(batch / group, 1.0)
        if mode == "fused":  # sibling GEMMs tile as one, at their Σn (Graph.fused)
            n = np.maximum(graph.fused["gemm_n"][tensor], 1.0)
        names, index = graph.precisions
        f_gemm = _per_op(np.array([e.gemm_fraction(p) for p in names])[index], flops)[tensor]
        eta = gemm_efficiency(m, n, k, batch, units, e.tile_m.value, e.tile_n.value,
                              e.k_half.value, f_gemm)
        tiled = (_seconds(flops[tensor], tensor_rate[tensor]) / eta
                 + _seconds(c["dequant_flops"][tensor], vector_rate[tensor] * f_vec[tensor]))
        # libraries ship tiled-GEMM and direct (vector) kernels for the same op: the faster wins
        compute[tensor] = np.minimum(tiled, compute[tensor])
        if e.conv_peak_fraction is not None:  # and direct convolution kernels, where measured
            groups = np.max(np.reshape(c["batch"], (len(graph.ops), -1)), axis=1)
            conv = (graph.kinds == "conv2d") & (groups == 1)  # dense: depthwise stays vector
            direct = _seconds(flops[conv], tensor_rate[conv] * e.conv_peak_fraction.value)
            compute[conv] = np.minimum(direct, compute[conv])
        if mode == "eager" and e.flash_attention is not None:  # the framework's own kernel
            per_op = (len(graph.ops), -1)  # FlashAttention-2 runs head sizes up to 256
            flash = ((graph.kinds == "attention")
                     & ~np.any(np.reshape(c["score_bytes"], per_op) > 0, axis=1)
                     & np.all(np.reshape(c["k"], per_op) <= FLASH_HEAD_DIM_MAX, axis=1))
            eta_flash = flash_efficiency(e.flash_attention, c["n"][flash],
                                         _per_op(graph.masks["gradient"][flash], c["n"][flash]))
            compute[flash] = _seconds(c["matrix_flops"][flash],
                                      _per_op(tensor_rate[flash], eta_flash) * eta_flash)

    # memory time
    view = graph.masks["view"]
    if mode == "fused":
        plan = graph.fused
        inputs, outputs, launches = plan["input_bytes"], plan["output_bytes"], plan["launches"]
    else:
        inputs, outputs = c["input_bytes"], c["output_bytes"]
    weight_level, fast_levels, placed = memory_levels(device)
    assumptions += placed
    levels = (weight_level, *fast_levels)
    f_mem = e.memory_fraction.value
    # a cache the graph holds between passes (K/V, an SSM state) lives where the weights do:
    # it streams from there, whatever level one layer's share of it would fit
    held = np.asarray(graph.workload.kv_cache_bytes) > 0
    resident = np.where(held, c["cache_bytes"], 0.0) if held.any() else 0.0  # per op [B]
    working = inputs + outputs
    if held.any():  # fused: no more than the kernel still moves
        streamed = np.minimum(resident, working)
        working = working - streamed
    else:
        streamed = 0.0
    activation_bw = np.full(np.shape(working), weight_level.bandwidth.value)
    activation_level = np.zeros(np.shape(working), dtype=int)
    for i in range(len(levels) - 1, 0, -1):  # slowest first, so the fastest that fits wins
        fits_here = working <= levels[i].capacity.value
        activation_bw = np.where(fits_here, levels[i].bandwidth.value, activation_bw)
        activation_level = np.where(fits_here, i, activation_level)
    f_weights = f_mem
    if e.gemv_memory_fraction is not None:  # one row tile: the GEMV kernels stream weights
        gemv = (graph.kinds == "matmul") & is_gemv(
            np.max(np.reshape(c["m"], (len(graph.ops), -1)), axis=1), e.tile_m.value)
        f_weights = np.where(_per_op(gemv, working), e.gemv_memory_fraction.value, f_mem)
    f_act = f_mem
    if mode == "eager" and e.attention_memory_fraction is not None:  # its K/V streaming
        attn = graph.kinds == "attention"
        f_act = np.where(_per_op(attn, working), e.attention_memory_fraction.value, f_mem)
    memory = (c["weight_bytes"] / (weight_level.bandwidth.value * f_weights)
              + working / (activation_bw * f_act))
    if held.any():
        memory = memory + streamed / (weight_level.bandwidth.value * f_act)

    link = np.zeros_like(compute)
    for i, op in enumerate(graph.ops):
        if op.kind == "collective":
            fabric = link_for(device, op.group)
            link[i] = fabric.time(op.collective, c["output_bytes"][i], op.group)
            assumptions += [a for a in fabric.assumptions if a not in assumptions]

    if mode == "eager":  # every op pays its kind's dispatch (a view only where measured)
        by_kind = {k: e.eager_launch(k) for k in set(graph.kinds.tolist())}
        overhead = _per_op(np.array([by_kind[k] for k in graph.kinds.tolist()]), flops)
    else:
        overhead = _per_op(launches * e.fused_overhead.value, flops)
    kernel_compute, kernel_memory = compute, memory
    if mode == "fused":  # one kernel per group: the producer with its fused consumers
        compute = np.where(_per_op(plan["folded"], compute), 0.0, compute)
        kernel_compute, kernel_memory = _kernels(plan["kernel"], compute, memory)
    time = np.maximum(np.maximum(kernel_compute, kernel_memory), link) + overhead
    link_bound = link > np.maximum(kernel_compute, kernel_memory)
    compute_bound = (kernel_compute >= kernel_memory) & ~link_bound
    memory_bound = ~compute_bound & ~link_bound
    if mode == "fused":  # an op inside another's kernel is bound as that kernel is
        link_bound, compute_bound, memory_bound = (x[plan["kernel"]] for x in
                                                   (link_bound, compute_bound, memory_bound))
    bound = np.where(_per_op(view, flops), "none", np.where(
        link_bound, "link", np.where(compute_bound, "compute", "memory")))
    latency = graph.total(time)
    terms = {"compute": graph.total(np.where(compute_bound, kernel_compute, 0.0)),
             "memory": graph.total(np.where(memory_bound, kernel_memory, 0.0)),
             "link": graph.total(np.where(link_bound, link, 0.0)),
             "overhead": graph.total(overhead * np.ones_like(time))}
    bottleneck = dominant(tuple(terms), *terms.values())
    if device.kind in ("gpu", "tpu") and not device.compute_units:
        assumptions.append(f"{device.id}: compute-unit count not in the catalog; "
                           "wave quantization not modeled")
    if graph.masks["structured"].any():
        assumptions.append("2:4-pruned GEMMs run at the sparse peak of their precision")
    if np.any(c["dequant_flops"]):
        assumptions.append("dequantization runs inside each GEMM on the vector units "
                           f"(× {e.vector_fraction('matmul'):g} of the vector rate), adding "
                           "to its compute time")

    # memory footprint: weights as stored + KV cache + the largest live activation set; the
    # cache an op reads or writes in place is in the KV term, not live again
    live = np.max(c["input_bytes"] + c["output_bytes"] - resident, axis=0, initial=0.0)
    footprint = graph.param_bytes + graph.workload.kv_cache_bytes + live
    capacity = device.model_capacity
    per_op = {"compute_s": compute, "memory_s": memory, "link_s": link,
              "overhead_s": overhead * np.ones_like(time),
              "time_s": _per_op(c["count"], time) * time,
              "bytes": c["weight_bytes"] + streamed + working, "bound": bound,
              "weight_bytes": c["weight_bytes"], "cache_bytes": streamed * np.ones_like(working),
              "activation_bytes": working, "activation_level": activation_level}
    fits = footprint <= capacity
    quoted = _main_precision(graph, c)
    peak = device.peak_rate(quoted) if quoted in device.peak else float(
        np.max(tensor_rate[np.isfinite(tensor_rate)], initial=0.0))
    at_peak = graph.total(_seconds(flops, tensor_rate))  # Σ count·FLOPs/R(p) [s]
    return Analysis(
        graph=graph, device=device, mode=mode, latency_s=latency,
        compute_s=graph.total(compute), memory_s=graph.total(memory),
        overhead_s=terms["overhead"], compute_bound_s=terms["compute"],
        memory_bound_s=terms["memory"], link_bound_s=terms["link"], bottleneck=bottleneck,
        mfu=as_float(np.divide(at_peak, latency, out=np.zeros(np.shape(latency)),
                               where=np.asarray(latency) > 0)),
        peak_flop_per_s=peak,
        memory_bytes=as_float(footprint), memory_capacity_bytes=capacity,
        fits=bool(fits) if np.ndim(fits) == 0 else fits, per_op=per_op,
        levels=tuple(level.level for level in levels), assumptions=tuple(assumptions),
    )


def analyze_bounded(graph: Graph, device: Device, efficiency: Efficiency,
                    mode: str = "fused") -> Analysis:
    """:func:`analyze` with its latency interval: the same graph costed again with every
    efficiency parameter at the fast and at the slow end of its stated range
    (``Efficiency.at``; ironlaw.uncertainty), [low, high] = [min, max] of the two latencies,
    element by element for a broadcast graph."""
    from dataclasses import replace

    from ironlaw.uncertainty import span

    result = analyze(graph, device, efficiency, mode)
    if not efficiency.has_spread:
        return result
    fast, slow = (analyze(graph, device, efficiency.at(end), mode).latency_s
                  for end in ("fast", "slow"))
    return replace(result, latency_interval_s=span(fast, slow, result.latency_s))
