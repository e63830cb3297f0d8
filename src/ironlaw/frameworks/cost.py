"""The cost of a graph on a device: per op, per Iron Law term, and the binding constraint.

For each op (design.md §4), vectorized over all ops of the graph:

    compute   = FLOPs / (R · η),   η = f_peak · wave · tile · k/(k + k_half)   (tensor ops)
              wave = tiles / (⌈tiles/U⌉ · U),  tiles = ⌈m/t_m⌉·⌈n/t_n⌉·batch over U units
              tile = m·n / (⌈m/t_m⌉·t_m · ⌈n/t_n⌉·t_n)   (with split-K, see gemm_efficiency)
              (a tensor op may instead run as a direct vector kernel, R_vec · f_vec: the
              faster wins — depthwise convolutions and GEMVs usually do)
    memory    = weight bytes / (BW_w · f_mem) + activation bytes / (BW_a · f_mem)
              weights from the level that holds them (HBM/DRAM, flash on an MCU); activations
              from the fastest level with a known bandwidth that holds the op's working set
    overhead  = per-launch cost: every op in eager mode; only unfused kernels in fused mode
    op time   = max(compute, memory) + overhead      (the overlapped Iron Law, per op)
    graph     = Σ count · op time

Fused mode folds elementwise/norm/softmax ops into their producer (their intermediate tensors
never reach memory, their launches vanish) and runs attention as flash attention. Efficiency
parameters come from the catalog (hardware/catalog/efficiency.yaml) with their provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ironlaw.errors import UserError
from ironlaw.frameworks.graph import Graph, as_float
from ironlaw.frameworks.ops import FUSIBLE_KINDS, TENSOR_KINDS
from ironlaw.hardware.schema import Device, Efficiency, MemoryLevel
from ironlaw.laws._pick import dominant

MODES = ("eager", "fused")


@dataclass(frozen=True)
class Analysis:
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
    bottleneck: str  # compute | memory | overhead
    mfu: float
    peak_flop_per_s: float
    memory_bytes: float
    memory_capacity_bytes: float | None
    fits: bool
    per_op: dict[str, np.ndarray]
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def throughput_per_s(self) -> float:
        """Samples (sequences) per second: batch / latency."""
        return self.graph.meta.get("batch", 1) / self.latency_s

    @property
    def tokens_per_s(self) -> float | None:
        tokens = self.graph.meta.get("tokens")
        return None if tokens is None else tokens / self.latency_s

    def to_dict(self, ops: bool = False) -> dict[str, Any]:
        out = {
            "model": self.graph.name,
            "device": self.device.id,
            "mode": self.mode,
            "precision": self.graph.dtype,
            **{k: v for k, v in self.graph.meta.items() if v is not None},
            "latency_s": self.latency_s,
            "throughput_per_s": self.throughput_per_s,
            "tokens_per_s": self.tokens_per_s,
            "flops": self.graph.flops,
            "params": self.graph.params,
            "terms_s": {"compute": self.compute_s, "memory": self.memory_s,
                        "overhead": self.overhead_s},
            "bound_s": {"compute": self.compute_bound_s, "memory": self.memory_bound_s,
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
        return out

    def op_rows(self) -> list[dict[str, Any]]:
        """One row per op: name, kind, count, FLOPs, bytes, each term and the total [s]."""
        p = self.per_op
        return [
            {"name": op.name, "kind": op.kind, "count": op.count, "flops": op.flops,
             "bytes": float(p["bytes"][i]), "compute_s": float(p["compute_s"][i]),
             "memory_s": float(p["memory_s"][i]), "overhead_s": float(p["overhead_s"][i]),
             "time_s": float(p["time_s"][i]), "bound": str(p["bound"][i])}
            for i, op in enumerate(self.graph.ops)
        ]

    def rows(self):  # tables for people and the worked derivation: frameworks/worked.py
        from ironlaw.frameworks.worked import headline

        return [headline(self)]

    def explain(self):
        from ironlaw.frameworks.worked import worked

        return worked(self)


def fusion_plan(graph: Graph) -> dict[str, np.ndarray]:
    """Bytes and launches once fusible ops are folded into their producers.

    Walking the ops in order, an elementwise/norm/softmax/pool op that follows another
    (non-view) op joins that op's kernel: the producer no longer writes its output and the
    consumer no longer reads it (a residual add still reads its other input), and the
    consumer's launch disappears. Attention drops its materialized score traffic (flash).
    """
    ops = graph.ops
    inputs = graph.columns()["input_bytes"].copy()
    outputs = graph.columns()["output_bytes"].copy()
    launches = np.ones(len(ops))
    producer = None
    for i, op in enumerate(ops):
        if op.kind == "view":
            launches[i] = 0.0
            continue
        if op.kind == "attention":
            score = op.dims.get("score_bytes", 0.0)
            inputs[i] -= score / 2
            outputs[i] -= score / 2
        if op.kind in FUSIBLE_KINDS and producer is not None and ops[producer].count == op.count:
            passed = np.minimum(outputs[producer], inputs[i])
            outputs[producer] -= passed
            inputs[i] -= passed
            launches[i] = 0.0
        producer = i
    return {"input_bytes": inputs, "output_bytes": outputs, "launches": launches}


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
                            "add one (e.g. with --catalog) to cost memory traffic")
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


def analyze(graph: Graph, device: Device, efficiency: Efficiency, mode: str = "fused",
            sparse: bool = False) -> Analysis:
    """Cost ``graph`` on ``device`` in ``mode`` (eager | fused); see the module docstring.

    A graph built from arrays of sizes is costed for every configuration at once: the
    per-op arrays are (ops × configurations) and every total is an array over configurations.
    """
    if mode not in MODES:
        raise UserError(f"--mode: expected one of {', '.join(MODES)}; got {mode!r}")
    try:
        peak = device.peak_rate(graph.dtype, sparse=sparse)
    except KeyError as exc:
        raise UserError(str(exc).strip("'\"")) from None
    vector_peak = device.peak["fp32"].dense.value if "fp32" in device.peak else peak
    e = efficiency
    c = graph.columns()
    flops = c["flops"]
    kinds = _per_op(graph.kinds, flops)
    tensor = np.isin(kinds, list(TENSOR_KINDS))

    # compute time: tensor path with tile/wave/size efficiency, or the vector path
    units = device.compute_units.value if device.compute_units else 1.0
    m, n, k, batch = (np.maximum(c[x], 1.0) for x in ("m", "n", "k", "batch"))
    eta = gemm_efficiency(m, n, k, batch, units, e.tile_m.value, e.tile_n.value,
                          e.k_half.value, e.gemm_peak_fraction.value)
    vector_time = flops / (vector_peak * e.vector_peak_fraction.value)
    # libraries ship tiled-GEMM and direct (vector) kernels for the same op: the faster wins
    compute = np.where(tensor, np.minimum(flops / (peak * eta), vector_time), vector_time)

    # memory time
    if mode == "fused":
        plan = fusion_plan(graph)
        inputs, outputs, launches = plan["input_bytes"], plan["output_bytes"], plan["launches"]
    else:
        inputs, outputs = c["input_bytes"], c["output_bytes"]
        launches = (graph.kinds != "view").astype(float)
    weight_level, fast_levels, assumptions = memory_levels(device)
    f_mem = e.memory_fraction.value
    working = inputs + outputs
    activation_bw = np.full(np.shape(working), weight_level.bandwidth.value)
    for level in reversed(fast_levels):  # slowest first, so the fastest that fits wins
        activation_bw = np.where(working <= level.capacity.value, level.bandwidth.value,
                                 activation_bw)
    memory = (c["weight_bytes"] / weight_level.bandwidth.value + working / activation_bw) / f_mem

    per_launch = (e.eager_overhead if mode == "eager" else e.fused_overhead).value
    overhead = _per_op(launches * per_launch, flops)
    time = np.maximum(compute, memory) + overhead
    compute_bound = compute >= memory
    bound = np.where(kinds == "view", "none", np.where(compute_bound, "compute", "memory"))
    latency = graph.total(time)
    terms = {"compute": graph.total(np.where(compute_bound, compute, 0.0)),
             "memory": graph.total(np.where(compute_bound, 0.0, memory)),
             "overhead": graph.total(overhead * np.ones_like(time))}
    bottleneck = dominant(("compute", "memory", "overhead"), *terms.values())
    if units == 1.0 and device.kind in ("gpu", "tpu"):
        assumptions.append(f"{device.id}: compute-unit count not in the catalog; "
                           "wave quantization not modeled")

    # memory footprint: weights + KV cache + the largest live activation set of any op
    live = np.max(c["input_bytes"] + c["output_bytes"], axis=0, initial=0.0)
    footprint = graph.param_bytes + graph.meta.get("kv_cache_bytes", 0.0) + live
    capacity = sum(mem.capacity.value for mem in device.memory if mem.capacity) \
        if device.kind == "mcu" else (device.main_memory.capacity.value
                                      if device.main_memory.capacity else None)
    per_op = {"compute_s": compute, "memory_s": memory, "overhead_s": overhead * np.ones_like(time),
              "time_s": _per_op(c["count"], time) * time, "bytes": c["weight_bytes"] + working,
              "bound": bound}
    fits = True if capacity is None else footprint <= capacity
    return Analysis(
        graph=graph, device=device, mode=mode, latency_s=latency,
        compute_s=graph.total(compute), memory_s=graph.total(memory),
        overhead_s=terms["overhead"], compute_bound_s=terms["compute"],
        memory_bound_s=terms["memory"], bottleneck=bottleneck,
        mfu=as_float(np.divide(graph.flops, np.multiply(latency, peak))), peak_flop_per_s=peak,
        memory_bytes=as_float(footprint), memory_capacity_bytes=capacity,
        fits=bool(fits) if np.ndim(fits) == 0 else fits, per_op=per_op,
        assumptions=tuple(assumptions),
    )
