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
the KV cache scale by bytes(narrow)/bytes(baseline) — the whole-network integer inference of
TensorRT's int8 CNN engines. A decoder LLM's W8A8 checkpoint quantizes less
(``quantize_linear``): the linear layers but the LM head and the routers read narrow weights
and run at the narrow peak; their outputs, the residual stream, norms and attention stay 16-bit
(:data:`W8A8`), the KV cache fp8 in an fp8 checkpoint (:data:`KV_CACHE`).
``activation_precision``, ``cache_precision`` and ``run_at`` are the one rule a model built at
a precision follows (``models.zoo.build_model``). 2:4 pruning: pruned GEMMs run at the device's
*sparse* peak for the precision (an "unsupported" verdict where the catalog has none).
Unstructured pruning: weights are read in the stored format and expanded on chip ("load as
sparse, compute as dense", Flash-LLM); compute is unchanged — no catalog device has a peak for
unstructured sparsity. Distillation swaps the model for a smaller student (not a transform).

Each transform rewrites op fields the cost model reads (frameworks.ops.Op): ``weight_bits`` and
``weight_format`` (stored weights: weight bytes and the parameter footprint shrink),
``dequant_flops`` (weight-only), ``dtype`` (weight + activation: the op runs at that peak),
``structured``/``sparsity`` (pruning). The comparison with the baseline, on the same cost and
energy models as every other command, is :mod:`ironlaw.operations.compression`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from ironlaw import units
from ironlaw.dtypes import dtype, element_bytes
from ironlaw.errors import ParameterError
from ironlaw.frameworks.graph import Graph
from ironlaw.frameworks.ops import Op
from ironlaw.hardware.schema import Device
from ironlaw.provenance import Source

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

# How LLM checkpoints in a narrow format are served. Weight-only: int4 weights, activations and
# KV cache 16-bit (W4A16; no engine runs int4 activations, and most devices have no int4 peak).
WEIGHT_ONLY = ("int4",)
# The 16-bit float the rest of such a model runs in, first choice first: fp16 and bf16 move and
# compute alike; a device with no fp16 figure (TPU, Gaudi, Xeon AMX) runs bf16.
SIXTEEN_BIT = ("fp16", "bf16")
WEIGHT_ONLY_SOURCE = Source(
    "paper", "E. Frantar et al., 'MARLIN: Mixed-Precision Auto-Regressive Parallel Inference on "
    "Large Language Models', PPoPP 2025 (FP16 x INT4 GEMM, weights dequantized in registers); "
    "vLLM CacheConfig.cache_dtype 'auto': the KV cache in the model's data type",
    datetime.date(2026, 12, 5), "https://arxiv.org/abs/2408.11743",
    "int4 weights, fp16 activations and KV cache: the default of serving int4 checkpoints")
# W8A8: fp8 and int8 in the linear layers only, and the 16-bit precision of the rest (GEMM
# outputs, norms, the residual stream, attention, the LM head and the routers).
W8A8 = ("fp8", "int8")
W8A8_SOURCE = Source(
    "datasheet", "NVIDIA TensorRT Model Optimizer, modelopt/torch/quantization/config.py: "
    "FP8_DEFAULT_CFG and INT8_SMOOTHQUANT_CFG quantize the weights and inputs of linear layers "
    "('*weight_quantizer', '*input_quantizer'); _default_disabled_quantizer_cfg leaves "
    "'*lm_head*', the MoE routers ('*router*', '*mlp.gate.*', '*mlp.shared_expert_gate.*') "
    "and every other quantizer off; the KV cache's is a separate config (FP8_KV_CFG); "
    "nvidia/Llama-3.1-405B-Instruct-FP8 model card: 'Only the weights and "
    "activations of the linear operators within transformers blocks are quantized'",
    datetime.date(2026, 12, 6),
    "https://github.com/NVIDIA/TensorRT-Model-Optimizer/blob/"
    "09914046803993961dfefe763ba04fffed76aaec/modelopt/torch/quantization/config.py",
    "how the FP8 checkpoints TensorRT-LLM and vLLM serve are made: GEMM outputs, the residual "
    "stream, the LM head and the routers stay 16-bit; the KV cache is :data:`KV_CACHE`'s")
# The KV cache a checkpoint in a narrow format stores by default, where it is not the
# activations' precision: an fp8 checkpoint made the ModelOpt way quantizes its K and V too.
KV_CACHE = {"fp8": "fp8"}
KV_CACHE_SOURCE = Source(
    "datasheet", "NVIDIA TensorRT Model Optimizer, examples/llm_ptq/hf_ptq.py: --kv_cache_qformat "
    "defaults to 'fp8' (the '*[kv]_bmm_quantizer' of FP8_KV_CFG), exported as "
    "kv_cache_quant_algo FP8 in hf_quant_config.json; TensorRT-LLM's KvCacheConfig.dtype 'auto' "
    "follows the checkpoint's KV scheme (TensorRT-LLM PR #16240), as vLLM's kv_cache_dtype "
    "'auto' does", datetime.date(2026, 12, 6),
    "https://github.com/NVIDIA/TensorRT-Model-Optimizer/blob/main/examples/llm_ptq/hf_ptq.py",
    "an fp8 checkpoint stores its KV cache in fp8; one without a KV scheme (llm-compressor's "
    "FP8-dynamic, vLLM --quantization fp8 on a 16-bit model) keeps it 16-bit "
    "(--kv-precision fp16); for int8 and int4 checkpoints ironlaw keeps it 16-bit, as an "
    "fp8 cache needs fp8 units many of their devices lack (--kv-precision int8 or fp8 to "
    "ask)")


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
            return f"{units.format(self.sparsity, 'share')} of GEMM weights pruned, unstructured"
        if self.kind == "prune-2:4":
            return "2 of every 4 GEMM weights pruned, sparse Tensor Core peak"
        return f"distilled into {self.target}"


def parse_scheme(text: str) -> Scheme:
    """``int8-weight | int4-weight | fp8-weight | int8 | fp8 | prune-unstructured-NN |
    prune-2:4 | distill:MODEL``; anything else is a ParameterError naming ``scheme``."""
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
            raise ParameterError("scheme", f"{text}: sparsity must be between 0 and 100 percent")
        return Scheme(name, "prune-unstructured", sparsity=percent / 100.0)
    if name in ("prune-2:4", "prune-2-4", "2:4"):
        return Scheme("prune-2:4", "prune-2:4", sparsity=0.5)
    if name.startswith("distill:") and len(name) > len("distill:"):
        return Scheme(name, "distill", target=text.strip().split(":", 1)[1].strip())
    raise ParameterError("scheme", f"expected one of {', '.join(SCHEME_NAMES)}; got {text!r}")


def check_precision(scheme: Scheme, precision: str) -> None:
    """A quantization must narrow the baseline: bad input otherwise."""
    if scheme.kind in ("weight-only", "weight-activation"):
        if element_bytes(scheme.dtype) >= element_bytes(precision):
            raise ParameterError("scheme", f"{scheme.name}: the baseline precision "
                                           f"{precision} is already "
                                           f"{dtype(precision).bits:g}-bit; "
                                           f"{scheme.dtype} would not narrow it")


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
def _compressible(op: Op) -> bool:
    """GEMM weights that own their parameters (a tied head reads the uncompressed table)."""
    return op.kind in WEIGHT_KINDS and op.weight_bytes > 0 and op.params > 0


def _compress_weights(op: Op, bits: float, label: str, **fields) -> Op:
    """Weights stored at ``bits`` per element: weight bytes × bits/(8·e), e = the op's
    element bytes; the parameter footprint follows ``weight_bits``."""
    ratio = bits / (8.0 * element_bytes(op.dtype))
    return replace(op, weight_bytes=op.weight_bytes * ratio, weight_format=label,
                   weight_bits=bits, **fields)


def quantize_weights(graph: Graph, dtype: str) -> Graph:
    """Weight-only quantization to ``dtype`` (int8 | int4 | fp8); compute stays at graph.dtype."""
    fmt = WEIGHT_FORMATS[dtype]

    def rewrite(op: Op) -> Op:
        if not _compressible(op):
            return op
        elements = op.weight_bytes / element_bytes(op.dtype)  # weight elements read
        bits = fmt.bits_per_weight(op.k)
        return _compress_weights(op, bits, f"{dtype} ({bits:.4g} bit)",
                                 dequant_flops=fmt.dequant_flops * elements)

    return graph.map_ops(rewrite, meta={"compression": f"{dtype}-weight"})


def quantize(graph: Graph, dtype: str) -> Graph:
    """Weight + activation quantization (W8A8) to ``dtype``: every op's activations, the KV
    cache and the graph's compute precision become ``dtype``; GEMM weights carry their scales;
    other parameters (embeddings, norms) keep their baseline bytes."""
    fmt = WEIGHT_FORMATS[dtype]
    scale = element_bytes(dtype) / element_bytes(graph.dtype)

    def rewrite(op: Op) -> Op:
        if _compressible(op):
            bits = fmt.bits_per_weight(op.k)
            op = _compress_weights(op, bits, f"{dtype} ({bits:.4g} bit)")
        elif op.params:
            op = replace(op, weight_bits=8.0 * element_bytes(op.dtype))
        return replace(op, dtype=dtype, input_bytes=op.input_bytes * scale,
                       output_bytes=op.output_bytes * scale, score_bytes=op.score_bytes * scale)

    return graph.map_ops(rewrite, dtype=dtype, meta={"compression": dtype},
                    kv_cache_bytes=graph.workload.kv_cache_bytes * scale)


def quantize_linear(graph: Graph, dtype: str) -> Graph:
    """W8A8 as an LLM checkpoint is made (:data:`W8A8`): every linear layer but the LM head and
    the routers (``Op.router``) stores ``dtype`` weights and computes at ``dtype``'s peak; its
    activation is quantized as it is read (the producer wrote it 16-bit: the GEMM reads those
    bytes) and its output stays in ``graph.dtype``, like norms, residual adds, attention and
    embeddings (the KV cache is the builder's: :func:`cache_precision`). The graph is then
    named by its served precision ``dtype``."""
    fmt = WEIGHT_FORMATS[dtype]

    def rewrite(op: Op) -> Op:
        if op.kind != "matmul" or not _compressible(op) or op.tp_role == "head" or op.router:
            return op
        bits = fmt.bits_per_weight(op.k)
        return replace(_compress_weights(op, bits, f"{dtype} ({bits:.4g} bit)"), dtype=dtype)

    return graph.map_ops(rewrite, dtype=dtype,
                    meta={"compression": f"{dtype} linear layers (W8A8)"})


def is_decoder(graph: Graph) -> bool:
    """Whether ``graph`` is a decoder LLM's pass (prefill, decode or both), whose W8A8
    checkpoints quantize the linear layers only (:data:`W8A8`): the rule for a graph, imported
    ones included; a built-in model's ``ModelSpec.decoder`` gives the same answer before its
    graph is built."""
    return graph.workload.phase in ("prefill", "decode", "mixed")


def sixteen_bit(runs: Collection[str] | None = None) -> str | None:
    """The 16-bit float a device that has peaks for ``runs`` computes the unquantized part of a
    narrow-format model in: fp16, else bf16 (:data:`SIXTEEN_BIT`); None when it has neither
    (then only the narrow format runs). ``runs`` None: no device yet, fp16."""
    if runs is None:
        return SIXTEEN_BIT[0]
    return next((p for p in SIXTEEN_BIT if p in runs), None)


def gemm_precision(precision: str, runs: Collection[str] | None = None) -> str:
    """The precision the GEMMs of a model with ``precision`` weights compute in: 16-bit for int4
    weights (W4A16, :data:`WEIGHT_ONLY`: dequantized inside the kernel; :func:`sixteen_bit`
    on a device with peaks for ``runs``), else ``precision``."""
    if precision in WEIGHT_ONLY:
        return sixteen_bit(runs) or precision
    return precision


def activation_precision(precision: str, decoder: bool,
                         runs: Collection[str] | None = None) -> str:
    """The precision a model run with ``precision`` weights keeps its activations in: 16-bit
    (:func:`sixteen_bit` of a device with peaks for ``runs``) for int4 weights (W4A16,
    :data:`WEIGHT_ONLY`) and, in a decoder LLM, for fp8 and int8 (W8A8 linear layers,
    :data:`W8A8`); ``precision`` itself otherwise (whole-network W8A8, as TensorRT runs CNNs,
    and on a device with no 16-bit float, which can run nothing else)."""
    if decoder and precision in W8A8:
        return sixteen_bit(runs) or precision
    return gemm_precision(precision, runs)


def cache_precision(precision: str, state_space: bool = False,
                    runs: Collection[str] | None = None) -> str:
    """The precision a decoder served with ``precision`` weights keeps its KV cache in unless
    told otherwise: fp8 for an fp8 checkpoint (:data:`KV_CACHE`), else its activations'
    (:func:`activation_precision`); a state-space model's state always in its activations'
    precision (its scan reads and writes it; no K/V quantizer covers it)."""
    rest = activation_precision(precision, decoder=True, runs=runs)
    return rest if state_space else KV_CACHE.get(precision, rest)


def run_at(graph: Graph, precision: str) -> Graph:
    """``graph``, built at :func:`activation_precision`, as it runs with ``precision``
    weights: int4 weight-only (:func:`quantize_weights`), fp8/int8 in the linear layers
    (:func:`quantize_linear`) where the graph kept 16-bit activations; else unchanged."""
    if graph.dtype == precision:
        return graph
    if precision in WEIGHT_ONLY:  # named by the precision it is served at, like W8A8
        return replace(quantize_weights(graph, precision), dtype=precision)
    return quantize_linear(graph, precision)


def prune_2_4(graph: Graph) -> Graph:
    """2:4 structured pruning of GEMM weights: half the values plus a 2-bit index each; the
    pruned GEMMs run at the device's sparse peak."""

    def rewrite(op: Op) -> Op:
        if not _compressible(op):
            return op
        bits = 0.5 * 8.0 * element_bytes(op.dtype) + 0.5 * SPARSE_INDEX_BITS
        return _compress_weights(op, bits, f"2:4 ({bits:.4g} bit)", sparsity=0.5,
                                 structured=True)

    return graph.map_ops(rewrite, meta={"compression": "prune-2:4"})


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
        name, bits = unstructured_bits(sparsity, 8.0 * element_bytes(op.dtype), op.k)
        return _compress_weights(op, bits, f"{name} ({bits:.4g} bit)", sparsity=sparsity)

    return graph.map_ops(rewrite, meta={"compression": f"prune-unstructured-{sparsity:.0%}"})


def transform(graph: Graph, scheme: Scheme | str) -> Graph:
    """Apply a quantization or pruning scheme to ``graph`` (distillation is a model swap)."""
    scheme = parse_scheme(scheme) if isinstance(scheme, str) else scheme
    check_precision(scheme, graph.dtype)
    if scheme.kind == "weight-only":
        return quantize_weights(graph, scheme.dtype)
    if scheme.kind == "weight-activation":
        return (quantize_linear if is_decoder(graph) else quantize)(graph, scheme.dtype)
    if scheme.kind == "prune-2:4":
        return prune_2_4(graph)
    if scheme.kind == "prune-unstructured":
        return prune_unstructured(graph, scheme.sparsity)
    raise ParameterError("scheme", f"{scheme.name}: distillation swaps the model; use "
                                   "operations.compression.compare()")


def sources(scheme: Scheme) -> tuple[str, ...]:
    if scheme.kind == "weight-only":
        return (WEIGHT_FORMATS[scheme.dtype].source, "awq")
    if scheme.kind == "weight-activation":
        return ("smoothquant",) if scheme.dtype == "int8" else ("fp8-formats", "fp8-vs-int8")
    if scheme.kind == "prune-2:4":
        return ("ampere-sparsity",)
    if scheme.kind == "prune-unstructured":
        return ("csr", "bitmap", "flash-llm")
    return ("distilbert",)


def scheme_notes(scheme: Scheme, baseline: Graph, runs: Collection[str] | None = None,
                 kv_precision: str | None = None, state_space: bool = False) -> list[str]:
    """What a scheme changes and keeps, for ``baseline``; a decoder's W8A8 model is rebuilt
    as served on a device with peaks for ``runs`` (:func:`activation_precision`,
    :func:`cache_precision`, or ``kv_precision`` where the caller gave one)."""
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
    elif scheme.kind == "weight-activation" and is_decoder(baseline):
        rest = activation_precision(scheme.dtype, True, runs)
        kv = kv_precision or cache_precision(scheme.dtype, state_space, runs)
        notes.append(f"{scheme.dtype} weights and inputs in the linear layers but the LM head and "
                     f"the routers; their outputs, norms and attention in {rest}, the "
                     f"{'state' if state_space else 'KV cache'} in {kv} "
                     f"({W8A8_SOURCE.title.split(':')[0]})")
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
