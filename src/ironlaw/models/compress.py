"""Model compression as graph transforms — quantization, pruning, distillation — and what each one
buys on a device, side by side with the uncompressed baseline.

A transform returns a new Graph whose ops are rewritten with ``dataclasses.replace``; parameter
counts never change (a quantized or pruned weight is still a parameter). Only the weights of
matrix products (linear, conv) are compressed; embeddings, norms and a tied LM head (which reads
the embedding table) stay at the baseline precision. Stored bits per weight element, b = bits of
the baseline precision, k = a GEMM's reduction length:

    int8 weights       8 + 16/k             one fp16 scale per output channel (k weights)
    int4 weights       4 + 16/min(128, k)   one fp16 scale per group of 128 (symmetric, Marlin)
    fp8 weights        8                    one fp32 scale per tensor (negligible)
    2:4 sparse         b/2 + 2/2            half the values, a 2-bit index per value kept
    unstructured s     min(b, (1−s)(b + 32) + 32/k, (1−s)·b + 1)
                                            dense, CSR (int32 column index per nonzero, int32
                                            row offset per row) or a bitmap: the smallest

Weight-only (W8A16, W4A16, FP8 weights): activations, KV cache and compute stay at the baseline
precision; each weight element read is dequantized to it inside the GEMM kernel (int8 w = s·q:
1 FLOP; int4 w = s·(q − 8): 2 FLOP; fp8 w = s·x: 1 FLOP) on the vector units, so the GEMM's
compute time grows by  dequant FLOPs / (R_vector · η_vector)  while its memory time shrinks.
Weight + activation (W8A8 int8, fp8): every op runs at the narrow precision: tensor ops at its
peak (a device without it gets an "unsupported" verdict, never a fallback), activation bytes and
the KV cache scale by bytes(narrow)/bytes(baseline). 2:4 pruning: pruned GEMMs run at the
device's *sparse* peak for the precision (an "unsupported" verdict where the catalog has none).
Unstructured pruning: weights are read in the stored format and expanded on chip ("load as
sparse, compute as dense", Flash-LLM); compute is unchanged — no catalog device has a peak for
unstructured sparsity. Distillation swaps the model for a smaller student (not a transform).

The cost model (:func:`ironlaw.frameworks.cost.analyze`) takes the peak from ``Graph.dtype``
and reads ``Op.dtype`` only for parameter footprints: it has no per-op precision, sparsity or
dequantization. So the transforms keep ``Graph.dtype`` at the compute precision (weight-only
int4 stays bf16 with weight bytes ×(4.125/16); W8A8 becomes int8) and record in ``Op.dims``
what the cost model cannot see — ``weight_format``, ``stored_param_bytes``, ``dequant_flops``,
``sparse_peak`` — which :func:`analyze` here applies per op on top of the cost model.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError
from ironlaw.frameworks.cost import Analysis, memory_levels
from ironlaw.frameworks.cost import analyze as cost_analyze
from ironlaw.frameworks.graph import Block, Graph
from ironlaw.frameworks.ops import TENSOR_KINDS, Op, element_bytes
from ironlaw.hardware.schema import Device, Efficiency
from ironlaw.laws.energy import EnergyTerms, technology_energy
from ironlaw.laws.energy_table import LEVELS, OPERATION, energy_per_byte
from ironlaw.provenance import Constant, Source
from ironlaw.table import Table, columns
from ironlaw.units import format as show

CHECKED = datetime.date(2026, 11, 28)
WEIGHT_KINDS = frozenset({"matmul", "conv2d"})


def _reference(title: str, kind: str, url: str | None = None) -> Source:
    """Where a compression figure comes from."""
    return Source(kind, title, CHECKED, url)


REFERENCES: dict[str, Source] = {
    "llm-int8": _reference("T. Dettmers et al., 'LLM.int8(): 8-bit Matrix Multiplication for "
                          "Transformers at Scale', NeurIPS 2022: one scale per weight row "
                          "(vector-wise quantization)", "paper", "https://arxiv.org/abs/2208.07339"),
    "marlin": _reference("E. Frantar et al., 'MARLIN: Mixed-Precision Auto-Regressive Parallel "
                        "Inference on Large Language Models', PPoPP 2025: symmetric 4-bit weights, "
                        "an fp16 scale per group of 128, dequantized in registers inside the GEMM",
                        "paper", "https://arxiv.org/abs/2408.11743"),
    "awq": _reference("J. Lin et al., 'AWQ: Activation-aware Weight Quantization for LLM "
                     "Compression and Acceleration', MLSys 2024: group-wise INT4 weights, "
                     "dequantized on line inside the kernel", "paper",
                     "https://arxiv.org/abs/2306.00978"),
    "fp8-formats": _reference("P. Micikevicius et al., 'FP8 Formats for Deep Learning', 2022: "
                             "E4M3 weights and activations with per-tensor scaling", "paper",
                             "https://arxiv.org/abs/2209.05433"),
    "smoothquant": _reference("G. Xiao et al., 'SmoothQuant: Accurate and Efficient Post-Training "
                             "Quantization for Large Language Models', ICML 2023: W8A8 INT8 "
                             "GEMMs", "paper", "https://arxiv.org/abs/2211.10438"),
    "ampere-sparsity": _reference("NVIDIA A100 Tensor Core GPU Architecture whitepaper, 'Fine-"
                                 "Grained Structured Sparsity': 2:4 pattern, non-zero values plus "
                                 "2-bit indices, sparse Tensor Cores at 2x the dense rate",
                                 "datasheet", "https://images.nvidia.com/aem-dam/en-zz/Solutions/"
                                 "data-center/nvidia-ampere-architecture-whitepaper.pdf"),
    "csr": _reference("NVIDIA cuSPARSE documentation, CSR format (cusparseCreateCsr): row offsets "
                     "(rows + 1), column indices (nnz) and values (nnz); 32-bit indices chosen "
                     "here", "datasheet", "https://docs.nvidia.com/cuda/cusparse/"),
    "bitmap": _reference("A bitmap sparse format: one presence bit per element plus the packed "
                        "non-zero values (a definition, 1 bit/element + (1 − s)·b)", "derived"),
    "flash-llm": _reference("H. Xia et al., 'Flash-LLM: Enabling Cost-Effective and Highly-"
                           "Efficient Large Generative Model Inference with Unstructured "
                           "Sparsity', VLDB 2024: load as sparse, compute as dense on Tensor "
                           "Cores", "paper", "https://arxiv.org/abs/2309.10285"),
    "fp8-vs-int8": _reference("M. van Baalen et al., 'FP8 versus INT8 for efficient deep learning "
                             "inference', 2023: FP8 arithmetic is 50-180% less efficient than "
                             "INT8 in dedicated hardware", "paper",
                             "https://arxiv.org/abs/2303.17951"),
    "distilbert": _reference("V. Sanh et al., 'DistilBERT, a distilled version of BERT', 2019: "
                            "a smaller student trained to match a teacher", "paper",
                            "https://arxiv.org/abs/1910.01108"),
}


@dataclass(frozen=True)
class WeightFormat:
    """A narrow weight format: value bits, scale bits and the group a scale covers (0: per row
    of k, i.e. per output channel; None: per tensor), and dequantization FLOPs per element."""

    dtype: str
    bits: float
    scale_bits: float
    group: int | None
    dequant_flops: float
    source: str

    def bits_per_weight(self, k: float) -> float:
        """b_w + b_s/G, with G = k (per channel) or min(G, k) (grouped); per tensor adds ~0."""
        if self.group is None or k <= 0:
            return self.bits
        group = k if self.group == 0 else min(self.group, k)
        return self.bits + self.scale_bits / group


WEIGHT_FORMATS: dict[str, WeightFormat] = {
    "int8": WeightFormat("int8", 8.0, 16.0, 0, 1.0, "llm-int8"),
    "int4": WeightFormat("int4", 4.0, 16.0, 128, 2.0, "marlin"),
    "fp8": WeightFormat("fp8", 8.0, 32.0, None, 1.0, "fp8-formats"),
}
SPARSE_INDEX_BITS = 2.0  # per value kept in a 2:4 group (ampere-sparsity)
CSR_INDEX_BITS = 32.0  # column index per nonzero and row offset per row (csr)

# Energy per operation where the technology table (laws.energy_table) has no figure.
EXTRA_OP_ENERGY: dict[str, Constant] = {
    "fp8": Constant(OPERATION["int8"].value * 2.15, "J/FLOP", replace(
        REFERENCES["fp8-vs-int8"], kind="estimate", note="int8's 0.115 pJ/op × 2.15, the middle "
        "of the 1.5-2.8x range")),
}
# Memory-level kinds of the catalog -> levels of the technology table.
ENERGY_LEVEL = {"register": "register", "l1": "sram", "sram": "sram", "l2": "l2", "l3": "l2",
                "hbm": "hbm", "dram": "dram"}
ENERGY_LEVEL_NOTES = {"l3": "an L3 / last-level SRAM cache is priced at the 1 MB SRAM (l2) "
                            "figure, a lower bound for a larger array"}


# --- schemes ---------------------------------------------------------------------------------
KINDS = ("weight-only", "weight-activation", "prune-unstructured", "prune-2:4", "distill")
SCHEME_NAMES = ("int8-weight", "int4-weight", "fp8-weight", "int8", "fp8",
                "prune-unstructured-50", "prune-2:4", "distill:<model>")


@dataclass(frozen=True)
class Scheme:
    """A compression scheme, parsed from its name (see :data:`SCHEME_NAMES`)."""

    name: str
    kind: str
    dtype: str | None = None  # the narrow precision of a quantization
    sparsity: float = 0.0
    target: str | None = None  # the student of a distillation

    def describe(self) -> str:
        if self.kind == "weight-only":
            return f"{self.dtype} weights, compute at the baseline precision"
        if self.kind == "weight-activation":
            return f"{self.dtype} weights and activations, compute at the {self.dtype} peak"
        if self.kind == "prune-unstructured":
            return f"{self.sparsity:.0%} of GEMM weights pruned, unstructured"
        if self.kind == "prune-2:4":
            return "2 of every 4 GEMM weights pruned, sparse Tensor Core peak"
        return f"distilled into {self.target}"


def parse_scheme(text: str) -> Scheme:
    """``int8-weight | int4-weight | fp8-weight | int8 | fp8 | prune-unstructured-NN |
    prune-2:4 | distill:MODEL``; anything else is a UserError naming --scheme."""
    name = text.strip().lower()
    match = re.fullmatch(r"(int8|int4|fp8)-weights?", name)
    if match:
        return Scheme(name, "weight-only", dtype=match.group(1))
    if name in ("int8", "fp8", "w8a8", "int8-w8a8"):
        return Scheme(name, "weight-activation", dtype="fp8" if name == "fp8" else "int8")
    match = re.fullmatch(r"prune-unstructured-(\d+(?:\.\d+)?)", name)
    if match:
        percent = float(match.group(1))
        if not 0 < percent < 100:
            raise UserError(f"--scheme {text}: sparsity must be between 0 and 100 percent")
        return Scheme(name, "prune-unstructured", sparsity=percent / 100.0)
    if name in ("prune-2:4", "prune-2-4", "2:4"):
        return Scheme("prune-2:4", "prune-2:4", sparsity=0.5)
    if name.startswith("distill:") and len(name) > len("distill:"):
        return Scheme(name, "distill", target=text.strip().split(":", 1)[1].strip())
    raise UserError(f"--scheme: expected one of {', '.join(SCHEME_NAMES)}; got {text!r}")


def _check_precision(scheme: Scheme, precision: str) -> None:
    """A quantization must narrow the baseline: bad input otherwise."""
    if scheme.kind in ("weight-only", "weight-activation"):
        if element_bytes(scheme.dtype) >= element_bytes(precision):
            raise UserError(f"--scheme {scheme.name}: the baseline --precision {precision} is "
                            f"already {8 * element_bytes(precision):g}-bit; {scheme.dtype} "
                            "would not narrow it")


def unsupported(scheme: Scheme, device: Device, precision: str) -> str | None:
    """Why ``device`` cannot run ``scheme`` at ``precision`` (None when it can)."""
    if scheme.kind == "weight-activation" and scheme.dtype not in device.peak:
        return (f"{device.id} has no {scheme.dtype} peak in the catalog (it supports "
                f"{', '.join(device.peak)}): {scheme.name} needs {scheme.dtype} matrix units; "
                f"weight-only {scheme.dtype} ({scheme.dtype}-weight) does not")
    if scheme.kind == "prune-2:4":
        entry = device.peak.get(precision)
        if entry is None or entry.sparse is None:
            with_sparse = [p for p, e in device.peak.items() if e.sparse is not None]
            also = (f" (it has sparse peaks for {', '.join(with_sparse)})" if with_sparse
                    else "")
            return (f"{device.id} has no sparse {precision} peak in the catalog{also}: its "
                    "matrix units do not exploit 2:4 sparsity at this precision")
    return None


# --- transforms ------------------------------------------------------------------------------
def _map_ops(graph: Graph, rewrite, dtype: str | None = None, meta: dict | None = None) -> Graph:
    """A new graph with ``rewrite(op)`` applied to every op, inside blocks too."""
    items = []
    for item in graph.items:
        if isinstance(item, Block):
            items.append(replace(item, ops=tuple(rewrite(op) for op in item.ops)))
        else:
            items.append(rewrite(item))
    return Graph(graph.name, tuple(items), dtype or graph.dtype, {**graph.meta, **(meta or {})})


def _compressible(op: Op) -> bool:
    """GEMM weights that own their parameters (a tied head reads the uncompressed table)."""
    return op.kind in WEIGHT_KINDS and op.weight_bytes > 0 and op.params > 0


def _compress_weights(op: Op, bits: float, label: str, **dims: Any) -> Op:
    """Weight bytes and stored parameter bytes × bits/(8·e), with e the op's element bytes."""
    ratio = bits / (8.0 * element_bytes(op.dtype))
    return replace(op, weight_bytes=op.weight_bytes * ratio,
                   dims={**op.dims, "weight_format": label, "weight_bits": bits,
                         "stored_param_bytes": op.param_bytes * ratio, **dims})


def quantize_weights(graph: Graph, dtype: str) -> Graph:
    """Weight-only quantization to ``dtype`` (int8 | int4 | fp8); compute stays at graph.dtype."""
    fmt = WEIGHT_FORMATS[dtype]

    def rewrite(op: Op) -> Op:
        if not _compressible(op):
            return op
        elements = op.weight_bytes / element_bytes(op.dtype)  # weight elements read
        bits = fmt.bits_per_weight(op.dims.get("k", 0.0))
        return _compress_weights(op, bits, f"{dtype} ({bits:.4g} bit)",
                                 dequant_flops=fmt.dequant_flops * elements)

    return _map_ops(graph, rewrite, meta={"compression": f"{dtype}-weight"})


def quantize(graph: Graph, dtype: str) -> Graph:
    """Weight + activation quantization (W8A8) to ``dtype``: every op's activations, the KV
    cache and the graph's compute precision become ``dtype``; GEMM weights carry their scales;
    other parameters (embeddings, norms) keep their baseline bytes."""
    fmt = WEIGHT_FORMATS[dtype]
    scale = element_bytes(dtype) / element_bytes(graph.dtype)

    def rewrite(op: Op) -> Op:
        if _compressible(op):
            bits = fmt.bits_per_weight(op.dims.get("k", 0.0))
            op = _compress_weights(op, bits, f"{dtype} ({bits:.4g} bit)")
        elif op.params:
            op = replace(op, dims={**op.dims, "stored_param_bytes": op.param_bytes})
        dims = dict(op.dims)
        if "score_bytes" in dims:
            dims["score_bytes"] = dims["score_bytes"] * scale
        return replace(op, dtype=dtype, input_bytes=op.input_bytes * scale,
                       output_bytes=op.output_bytes * scale, dims=dims)

    return _map_ops(graph, rewrite, dtype=dtype, meta={
        "compression": dtype, "kv_cache_bytes": graph.meta.get("kv_cache_bytes", 0.0) * scale})


def prune_2_4(graph: Graph) -> Graph:
    """2:4 structured pruning of GEMM weights: half the values plus a 2-bit index each; the
    pruned GEMMs are marked to run at the device's sparse peak."""

    def rewrite(op: Op) -> Op:
        if not _compressible(op):
            return op
        bits = 0.5 * 8.0 * element_bytes(op.dtype) + 0.5 * SPARSE_INDEX_BITS
        return _compress_weights(op, bits, f"2:4 ({bits:.4g} bit)", sparse_peak=True)

    return _map_ops(graph, rewrite, meta={"compression": "prune-2:4"})


def unstructured_bits(sparsity: float, value_bits: float, k: float) -> tuple[str, float]:
    """The smallest stored format per original element: dense b, CSR (1−s)(b + 32) + 32/k,
    bitmap (1−s)·b + 1 [bits]."""
    keep = 1.0 - sparsity
    formats = {"dense": value_bits,
               "csr": keep * (value_bits + CSR_INDEX_BITS) + (CSR_INDEX_BITS / k if k else 0.0),
               "bitmap": keep * value_bits + 1.0}
    best = min(formats, key=formats.get)
    return best, formats[best]


def prune_unstructured(graph: Graph, sparsity: float) -> Graph:
    """Unstructured magnitude pruning at ``sparsity``: weights stored (and read) in the smallest
    of dense, CSR and bitmap; compute unchanged (dense on Tensor Cores)."""

    def rewrite(op: Op) -> Op:
        if not _compressible(op):
            return op
        name, bits = unstructured_bits(sparsity, 8.0 * element_bytes(op.dtype),
                                       op.dims.get("k", 0.0))
        return _compress_weights(op, bits, f"{name} ({bits:.4g} bit)")

    return _map_ops(graph, rewrite, meta={"compression": f"prune-unstructured-{sparsity:.0%}"})


def transform(graph: Graph, scheme: Scheme | str) -> Graph:
    """Apply a quantization or pruning scheme to ``graph`` (distillation is a model swap)."""
    scheme = parse_scheme(scheme) if isinstance(scheme, str) else scheme
    _check_precision(scheme, graph.dtype)
    if scheme.kind == "weight-only":
        return quantize_weights(graph, scheme.dtype)
    if scheme.kind == "weight-activation":
        return quantize(graph, scheme.dtype)
    if scheme.kind == "prune-2:4":
        return prune_2_4(graph)
    if scheme.kind == "prune-unstructured":
        return prune_unstructured(graph, scheme.sparsity)
    raise UserError(f"--scheme {scheme.name}: distillation swaps the model; use compare()")


def stored_param_bytes(graph: Graph) -> float:
    """Σ count · stored parameter bytes: ``dims['stored_param_bytes']`` where a transform set it,
    else params × bytes(dtype) (what Graph.param_bytes counts)."""
    return float(sum(op.count * op.dims.get("stored_param_bytes", op.param_bytes)
                     for op in graph.ops))


# --- costing ---------------------------------------------------------------------------------
def _recost(a: Analysis, compute: np.ndarray) -> Analysis:
    """The Analysis with new per-op compute times; memory and launches as the cost model had
    them: op time = max(compute, memory) + overhead, graph = Σ count · op time."""
    p, count, kinds = a.per_op, a.graph.columns()["count"], a.graph.kinds
    memory, overhead = p["memory_s"], p["overhead_s"]
    time = np.maximum(compute, memory) + overhead
    compute_bound = compute >= memory
    terms = {"compute": float(np.dot(count, np.where(compute_bound, compute, 0.0))),
             "memory": float(np.dot(count, np.where(compute_bound, 0.0, memory))),
             "overhead": a.overhead_s}
    latency = float(np.dot(count, time))
    bound = np.where(kinds == "view", "none", np.where(compute_bound, "compute", "memory"))
    return replace(a, latency_s=latency, compute_s=float(np.dot(count, compute)),
                   compute_bound_s=terms["compute"], memory_bound_s=terms["memory"],
                   bottleneck=max(terms, key=terms.get),
                   mfu=a.graph.flops / (latency * a.peak_flop_per_s) if latency > 0 else 0.0,
                   per_op={**p, "compute_s": compute, "time_s": count * time, "bound": bound})


def analyze(graph: Graph, device: Device, efficiency: Efficiency, mode: str = "fused") -> Analysis:
    """:func:`ironlaw.frameworks.cost.analyze` plus what a compressed graph records per op:

    - ``sparse_peak``: the op's compute time is taken from a costing at the sparse peak;
    - ``dequant_flops``: + dequant FLOPs / (R_fp32 · η_vector) added to the op's compute time
      (dequantization inside the GEMM, overlapped with its memory traffic);
    - ``stored_param_bytes``: the footprint uses stored bytes, not params × bytes(dtype).
    An uncompressed graph gets exactly the cost model's Analysis.
    """
    result = cost_analyze(graph, device, efficiency, mode)
    ops = graph.ops
    sparse = np.array([bool(op.dims.get("sparse_peak")) for op in ops])
    dequant = np.array([op.dims.get("dequant_flops", 0.0) for op in ops])
    notes = list(result.assumptions)
    if sparse.any() or dequant.any():
        compute = result.per_op["compute_s"].copy()
        if sparse.any():
            at_sparse = cost_analyze(graph, device, efficiency, mode, sparse=True)
            compute = np.where(sparse, at_sparse.per_op["compute_s"], compute)
            notes.append(f"pruned GEMMs at the sparse {graph.dtype} peak "
                         f"{show(device.peak_rate(graph.dtype, sparse=True), 'flop_rate')}; "
                         "MFU is against the dense peak")
        if dequant.any():
            vector = (device.peak["fp32"].dense.value if "fp32" in device.peak
                      else result.peak_flop_per_s)
            compute = compute + dequant / (vector * efficiency.vector_peak_fraction.value)
            notes.append("dequantization runs inside each GEMM on the vector units "
                         f"({show(vector, 'flop_rate')} × {efficiency.vector_peak_fraction.value:g}"
                         "), adding to its compute time")
        result = _recost(result, compute)
    if any("stored_param_bytes" in op.dims for op in ops):
        c = graph.columns()
        footprint = (stored_param_bytes(graph) + graph.meta.get("kv_cache_bytes", 0.0)
                     + float(np.max(c["input_bytes"] + c["output_bytes"], initial=0.0)))
        capacity = result.memory_capacity_bytes
        result = replace(result, memory_bytes=footprint,
                         fits=capacity is None or footprint <= capacity)
    return replace(result, assumptions=tuple(notes))


# --- energy ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EnergyEstimate:
    """E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_byte(ℓ) per graph execution [J]; ``terms`` is None when
    a precision or level has no figure (named in ``missing``)."""

    ops_by_precision: dict[str, float]
    bytes_by_level: dict[str, float]
    terms: EnergyTerms | None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def total_j(self) -> float | None:
        return None if self.terms is None else float(self.terms.total_j)


def _op_energy(precision: str) -> float | None:
    if precision in OPERATION:
        return OPERATION[precision].value
    extra = EXTRA_OP_ENERGY.get(precision)
    return None if extra is None else extra.value


def energy(a: Analysis) -> EnergyEstimate:
    """Energy of one pass from the technology table (laws.energy_table), per op:
    tensor-op FLOPs and dequantization at the compute precision, other FLOPs at fp32 (the vector
    path the cost model uses); weight bytes at the device's main memory, activation bytes
    (after fusion) at the level the cost model streams them from."""
    g, c, count = a.graph, a.graph.columns(), a.graph.columns()["count"]
    tensor = np.isin(g.kinds, list(TENSOR_KINDS))
    dequant = np.array([op.dims.get("dequant_flops", 0.0) for op in g.ops])
    flops: dict[str, float] = {}
    for precision, mask, extra in ((g.dtype, tensor, dequant), ("fp32", ~tensor, 0.0)):
        total = float(np.dot(count, np.where(mask, c["flops"], 0.0) + extra))
        if total:
            flops[precision] = flops.get(precision, 0.0) + total
    _, fast, _ = memory_levels(a.device)
    working = a.per_op["bytes"] - c["weight_bytes"]
    level = np.full(len(working), a.device.main_memory.level, dtype=object)
    for memory in reversed(fast):  # the fastest level that holds the working set
        level = np.where(working <= memory.capacity.value, memory.level, level)
    moved = {a.device.main_memory.level: float(np.dot(count, c["weight_bytes"]))}
    for name in dict.fromkeys(level):
        moved[name] = moved.get(name, 0.0) + float(np.dot(count[level == name],
                                                          working[level == name]))
    missing = [f"no energy figure for {p} operations" for p in flops if _op_energy(p) is None]
    missing += [f"no energy figure for bytes from {lvl}" for lvl in moved
                if ENERGY_LEVEL.get(lvl) not in LEVELS]
    notes = [f"{lvl}: {ENERGY_LEVEL_NOTES[lvl]}" for lvl in moved if lvl in ENERGY_LEVEL_NOTES]
    if "fp8" in flops:
        notes.append(f"fp8 energy per operation: {EXTRA_OP_ENERGY['fp8'].source.note} (estimate)")
    if missing:
        return EnergyEstimate(flops, moved, None, tuple(missing), tuple(notes))
    by_level: dict[str, float] = {}
    for lvl, moved_bytes in moved.items():
        by_level[ENERGY_LEVEL[lvl]] = by_level.get(ENERGY_LEVEL[lvl], 0.0) + moved_bytes
    tabled = technology_energy({p: o for p, o in flops.items() if p in OPERATION}, by_level)
    compute_j = tabled.compute_j + sum(o * EXTRA_OP_ENERGY[p].value for p, o in flops.items()
                                       if p not in OPERATION)
    total = compute_j + tabled.movement_j
    terms = EnergyTerms(compute_j, tabled.movement_j, total,
                        "compute" if compute_j >= tabled.movement_j else "movement")
    return EnergyEstimate(flops, moved, terms, (), tuple(notes))


# --- the comparison --------------------------------------------------------------------------
VERDICTS = ("ok", "unsupported", "does-not-fit")


@dataclass(frozen=True)
class Comparison:
    """A model on a device, baseline and compressed, side by side.

    ``verdict``: ok | unsupported (the device cannot run the scheme; ``compressed`` is None) |
    does-not-fit (the compressed model still exceeds device memory). Ratios are
    compressed / baseline, except ``speedup`` = T_baseline / T_compressed.
    """

    model: str
    device: str
    scheme: Scheme
    baseline: Analysis
    compressed: Analysis | None
    baseline_energy: EnergyEstimate
    compressed_energy: EnergyEstimate | None
    verdict: str
    reason: str = ""
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def speedup(self) -> float | None:
        return None if self.compressed is None else \
            self.baseline.latency_s / self.compressed.latency_s

    def _ratio(self, get) -> float | None:
        if self.compressed is None:
            return None
        base, new = get(self.baseline, self.baseline_energy), get(self.compressed,
                                                                  self.compressed_energy)
        return None if base in (None, 0) or new is None else new / base

    @property
    def memory_ratio(self) -> float | None:
        return self._ratio(lambda a, e: a.memory_bytes)

    @property
    def weight_traffic_ratio(self) -> float | None:
        return self._ratio(lambda a, e: a.graph.weight_bytes)

    @property
    def energy_ratio(self) -> float | None:
        return self._ratio(lambda a, e: e.total_j)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "device": self.device, "scheme": self.scheme.name,
            "scheme_kind": self.scheme.kind, "description": self.scheme.describe(),
            "mode": self.baseline.mode, "verdict": self.verdict, "reason": self.reason,
            "baseline": side(self.baseline, self.baseline_energy),
            "compressed": (None if self.compressed is None
                           else side(self.compressed, self.compressed_energy)),
            "speedup": self.speedup, "memory_ratio": self.memory_ratio,
            "weight_traffic_ratio": self.weight_traffic_ratio,
            "energy_ratio": self.energy_ratio,
            "assumptions": list(self.assumptions),
            "sources": [{"key": k, **vars(REFERENCES[k]), "checked": str(REFERENCES[k].checked)}
                        for k in self.sources],
        }

    def explain(self) -> Worked:
        lines = [_weights_line("weights read per pass, baseline", self.baseline)]
        if self.compressed is not None:
            lines.append(_weights_line(f"weights read per pass, {self.scheme.name}",
                                       self.compressed))
        lines.append(_latency_line("latency, baseline", self.baseline))
        if self.compressed is not None:
            lines.append(_latency_line(f"latency, {self.scheme.name}", self.compressed))
            lines.append(Line("speedup", "S = T_baseline / T_compressed",
                              f"{show(self.baseline.latency_s, 'time')} / "
                              f"{show(self.compressed.latency_s, 'time')}",
                              f"{self.speedup:.3g}×"))
        for label, a in (("baseline", self.baseline), (self.scheme.name, self.compressed)):
            if a is not None:
                lines.append(_memory_line(f"memory needed, {label}", a))
        for label, e in (("baseline", self.baseline_energy),
                         (self.scheme.name, self.compressed_energy)):
            if e is not None:
                lines.append(_energy_line(f"energy per pass, {label}", e))
        notes = [f"verdict: {self.verdict}" + (f" — {self.reason}" if self.reason else "")]
        notes += list(self.assumptions)
        notes += [f"source: {REFERENCES[k].title}"
                  + (f" <{REFERENCES[k].url}>" if REFERENCES[k].url else "")
                  for k in self.sources]
        return Worked(f"{self.model} on {self.device}: {self.scheme.name} "
                      f"({self.scheme.describe()}) vs baseline", tuple(lines), tuple(notes))

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per side (baseline, compressed)."""
        data = self.to_dict()
        sides = [("baseline", data["baseline"]), (self.scheme.name, data["compressed"])]
        return [{"side": name, **side} for name, side in sides if side is not None]

    def rows(self) -> list[Table]:
        """Quantity, baseline, compressed and their ratio; then the verdict."""
        data = self.to_dict()
        base, new = data["baseline"], data["compressed"]
        rate = lambda s: show(s.get("tokens_per_s") or s["throughput_per_s"], "rate").replace(  # noqa: E731
            " /s", " tokens/s" if s.get("tokens_per_s") else " /s")
        quantities = [("compute precision", "precision", "text"),
                      ("GEMM weight format", "weight_format", "text"),
                      ("parameters", "params", "count"),
                      ("weights read per pass", "weight_bytes", "bytes"),
                      ("memory needed", "memory_bytes", "bytes"), ("fits", "fits", "text"),
                      ("latency", "latency_s", "time"), ("throughput", "throughput_per_s", None),
                      ("bottleneck", "bottleneck", "text"),
                      ("energy per pass", "energy_j", "energy")]
        records = []
        for label, key, dim in quantities:
            cell = rate if dim is None else lambda s, k=key, d=dim: (
                ("yes" if s[k] else "NO") if k == "fits" else show(s[k], d))
            numeric = dim != "text" and new is not None and new.get(key) is not None
            ratio = f"{new[key] / base[key]:.3g}×" if numeric and base.get(key) else ""
            records.append({"quantity": label, "baseline": cell(base),
                            "compressed": "—" if new is None else cell(new), "ratio": ratio})
        speed = "" if self.speedup is None else f"; speedup {self.speedup:.3g}×"
        notes = (f"verdict: {self.verdict}{speed}" + (f" — {self.reason}" if self.reason else ""),
                 *(f"assumption: {a}" for a in self.assumptions))
        return [Table(f"{self.model} on {self.device} · {self.scheme.name} "
                      f"({self.scheme.describe()}) · {self.baseline.mode}",
                      columns(("quantity", "quantity"), ("baseline", "baseline"),
                              ("compressed", self.scheme.name),
                              ("ratio", "compressed / baseline")), tuple(records), notes)]


def side(a: Analysis, e: EnergyEstimate | None) -> dict[str, Any]:
    """One column of a comparison: SI values under unit-carrying keys."""
    formats = sorted({op.dims["weight_format"] for op in a.graph.ops if "weight_format" in op.dims})
    terms = None if e is None else e.terms
    return {
        "model": a.graph.name, "precision": a.graph.dtype,
        "weight_format": ", ".join(formats) or a.graph.dtype,
        "params": a.graph.params, "flops": a.graph.flops,
        "weight_bytes": a.graph.weight_bytes, "param_bytes": stored_param_bytes(a.graph),
        "kv_cache_bytes": a.graph.meta.get("kv_cache_bytes", 0.0),
        "memory_bytes": a.memory_bytes, "memory_capacity_bytes": a.memory_capacity_bytes,
        "fits": a.fits, "latency_s": a.latency_s, "throughput_per_s": a.throughput_per_s,
        "tokens_per_s": a.tokens_per_s, "bottleneck": a.bottleneck, "mfu": a.mfu,
        "peak_flop_per_s": a.peak_flop_per_s,
        "bound_s": {"compute": a.compute_bound_s, "memory": a.memory_bound_s,
                    "overhead": a.overhead_s},
        "energy_j": None if terms is None else float(terms.total_j),
        "compute_energy_j": None if terms is None else float(terms.compute_j),
        "movement_energy_j": None if terms is None else float(terms.movement_j),
        "energy_missing": [] if e is None else list(e.missing),
    }


def _weights_line(label: str, a: Analysis) -> Line:
    """W = N_w · b̄/8 + W_other: GEMM weight elements at their stored bits, plus the rest."""
    g = a.graph
    gemms = [op for op in g.ops if _compressible(op)]
    bits = [op.dims.get("weight_bits", 8.0 * element_bytes(op.dtype)) for op in gemms]
    gemm_bytes = sum(op.count * op.weight_bytes for op in gemms)
    elements = sum(op.count * op.weight_bytes * 8.0 / b for op, b in zip(gemms, bits, strict=True))
    mean_bits = 8.0 * gemm_bytes / elements if elements else 0.0
    return Line(label, "W = N_w · b̄/8 + W_other   (N_w GEMM weight elements read, b̄ bits each)",
                f"{show(elements, 'count')} × {mean_bits:.4g} bit / 8 + "
                f"{show(g.weight_bytes - gemm_bytes, 'bytes')}",
                show(g.weight_bytes, "bytes"))


def _latency_line(label: str, a: Analysis) -> Line:
    return Line(label, "T = Σ count · (max(t_compute, t_memory) + t_launch)",
                f"{show(a.compute_bound_s, 'time')} compute-bound + "
                f"{show(a.memory_bound_s, 'time')} memory-bound + "
                f"{show(a.overhead_s, 'time')} launches",
                f"{show(a.latency_s, 'time')} ({a.bottleneck}-bound)")


def _memory_line(label: str, a: Analysis) -> Line:
    weights = stored_param_bytes(a.graph)
    kv = a.graph.meta.get("kv_cache_bytes", 0.0)
    largest = a.memory_bytes - weights - kv
    capacity = ("" if a.memory_capacity_bytes is None
                else f" of {show(a.memory_capacity_bytes, 'bytes')}: "
                     f"{'fits' if a.fits else 'does NOT fit'}")
    return Line(label, "M = stored weights + KV cache + largest activation set",
                f"{show(weights, 'bytes')} + {show(kv, 'bytes')} + {show(largest, 'bytes')}",
                f"{show(a.memory_bytes, 'bytes')}{capacity}")


def _energy_line(label: str, e: EnergyEstimate) -> Line:
    def per_op(p: str) -> str:
        joules = _op_energy(p)
        return f"e_op({p})" if joules is None else f"{show(joules, 'energy_per_flop')} ({p})"

    def per_byte(level: str) -> str:
        tabled = ENERGY_LEVEL.get(level)
        return (f"e_B({level})" if tabled not in LEVELS
                else f"{show(energy_per_byte(tabled), 'energy_per_byte')} ({level})")

    ops = " + ".join(f"{show(o, 'flops')} × {per_op(p)}" for p, o in e.ops_by_precision.items())
    moved = " + ".join(f"{show(d, 'bytes')} × {per_byte(lvl)}"
                       for lvl, d in e.bytes_by_level.items())
    result = ("unavailable: " + "; ".join(e.missing) if e.terms is None else
              f"{show(e.terms.compute_j, 'energy')} compute + "
              f"{show(e.terms.movement_j, 'energy')} movement = "
              f"{show(e.terms.total_j, 'energy')}")
    return Line(label, "E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_B(ℓ)", f"{ops} + {moved}", result)


def _sources(scheme: Scheme) -> tuple[str, ...]:
    if scheme.kind == "weight-only":
        return (WEIGHT_FORMATS[scheme.dtype].source, "awq")
    if scheme.kind == "weight-activation":
        return ("smoothquant",) if scheme.dtype == "int8" else ("fp8-formats", "fp8-vs-int8")
    if scheme.kind == "prune-2:4":
        return ("ampere-sparsity",)
    if scheme.kind == "prune-unstructured":
        return ("csr", "bitmap", "flash-llm")
    return ("distilbert",)


def _scheme_notes(scheme: Scheme, baseline: Graph) -> list[str]:
    notes = ["model quality (accuracy, perplexity) after compression is not modeled"]
    if scheme.kind in ("weight-only", "weight-activation", "prune-2:4", "prune-unstructured"):
        notes.append("only GEMM weights are compressed; embeddings, norms and a tied LM head "
                     "stay at the baseline precision; biases are counted at the GEMM's format")
    if scheme.kind == "weight-only":
        fmt = WEIGHT_FORMATS[scheme.dtype]
        scale = ("one fp32 scale per tensor" if fmt.group is None else
                 f"one fp16 scale per {'output channel' if fmt.group == 0 else 'group of 128'}")
        notes.append(f"{scheme.dtype} weights: {fmt.bits:g} bits + {scale}; "
                     f"{fmt.dequant_flops:g} FLOP per weight element to dequantize; activations "
                     f"and KV cache stay {baseline.dtype}")
    elif scheme.kind == "weight-activation":
        notes.append(f"all activations, softmax/norm inputs and the KV cache at {scheme.dtype} "
                     "(per-token activation scales not counted)")
    elif scheme.kind == "prune-unstructured":
        notes.append("weights read in the stored format and expanded to dense tiles on chip "
                     "(cost of the expansion not modeled); compute is unchanged: no catalog "
                     "device has a peak for unstructured sparsity")
    elif scheme.kind == "prune-2:4":
        notes.append("values at half the count plus 2 bits of metadata per value kept; "
                     "activation × activation products (attention) stay dense")
    return notes


def compare(model: str, device: str | Device, scheme: str | Scheme, *, batch: int = 1,
            seq: int | None = None, phase: str | None = None, context: int | None = None,
            precision: str = "bf16", catalog=None, mode: str = "fused") -> Comparison:
    """``model`` on ``device`` at ``precision`` vs the same compressed by ``scheme``.

    ``catalog`` is a :class:`ironlaw.hardware.catalog.Catalog` or a file (``open_catalog``).
    """
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.models.zoo import build_model, get_model

    cat = open_catalog(catalog)
    dev = cat.device(device) if isinstance(device, str) else device
    eff = cat.efficiency_of(dev)
    plan = parse_scheme(scheme) if isinstance(scheme, str) else scheme
    _check_precision(plan, precision)
    graph = build_model(model, phase=phase, batch=batch, seq=seq, context=context,
                        dtype=precision)
    baseline = analyze(graph, dev, eff, mode)
    base_energy = energy(baseline)
    notes = _scheme_notes(plan, graph)
    problem = unsupported(plan, dev, precision)
    if problem:
        notes = list(dict.fromkeys((*notes, *baseline.assumptions, *base_energy.notes,
                                    *base_energy.missing)))
        return Comparison(graph.name, dev.id, plan, baseline, None, base_energy, None,
                          "unsupported", problem, tuple(notes), _sources(plan))
    if plan.kind == "distill":
        student = get_model(plan.target)
        if student.id == graph.name:
            raise UserError(f"--scheme {plan.name}: the student must differ from {graph.name}")
        new_graph = build_model(student.id, phase=graph.meta.get("phase"), batch=batch,
                                seq=seq, context=context, dtype=precision)
    else:
        new_graph = transform(graph, plan)
    compressed = analyze(new_graph, dev, eff, mode)
    new_energy = energy(compressed)
    verdict, reason = "ok", ""
    if not compressed.fits:
        verdict = "does-not-fit"
        reason = (f"compressed, {new_graph.name} needs {show(compressed.memory_bytes, 'bytes')}"
                  f" but {dev.id} has {show(compressed.memory_capacity_bytes, 'bytes')}")
    elif not baseline.fits:
        reason = (f"the baseline needs {show(baseline.memory_bytes, 'bytes')}, more than "
                  f"{dev.id}'s {show(baseline.memory_capacity_bytes, 'bytes')}; compressed it "
                  "fits")
    notes = list(dict.fromkeys((*notes, *baseline.assumptions, *compressed.assumptions,
                                *base_energy.notes, *new_energy.notes,
                                *base_energy.missing, *new_energy.missing)))
    return Comparison(graph.name, dev.id, plan, baseline, compressed, base_energy, new_energy,
                      verdict, reason, tuple(notes), _sources(plan))
