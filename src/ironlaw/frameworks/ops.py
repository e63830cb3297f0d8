"""The op vocabulary: each op knows its FLOPs, parameters and the bytes it reads and writes.

Conventions: a multiply-add is 2 FLOP; bytes are split into weights read (``weight_bytes``),
activations read (``input_bytes``) and activations written (``output_bytes``), at the op's
own precision ``dtype`` (a name of :mod:`ironlaw.dtypes`); ``params`` counts parameters
(weights + biases), whose footprint in memory is ``params × weight_bits/8`` (the precision's
width unless a compression stored them narrower) even when, like an embedding gather, an op
reads only a few rows. ``count`` says how many times the op runs per graph execution (a block
repeated L times is stored once with count L). ``m, n, k, batch`` are the GEMM view the
efficiency model needs: a convolution is the implicit GEMM m = B·H_out·W_out, n = C_out/g,
k = C_in/g·kh·kw, batch = g. Sizes (batch, tokens, lengths) may be numpy arrays: every figure
then broadcasts, one value per configuration, which is how sweeps cost many at once.

What an op costs besides its FLOPs and bytes is a typed field: ``sparsity`` (fraction of its
weights pruned; ``structured`` for the 2:4 pattern that runs at the sparse peak),
``dequant_flops`` (vector FLOPs to widen low-bit weights inside the kernel), ``router`` (a
routing or gating projection quantizers leave alone), ``tp_role``
(column | row | split | vocab under tensor parallelism; None: replicated) and ``tp_reduce``
(a row-parallel group's partial sums are all-reduced after this op).

FLOP formulas (per execution):
    linear / matmul   2·b·m·n·k
    conv2d            2·B·H_out·W_out·C_out·(C_in/g)·kh·kw
    attention         2·B·H·q·kv·(d_qk + d_v)  (QKᵀ and PV; causal with q = kv does
                      (kv + 1)/(2kv) of it) + 5·B·H·q·kv (softmax)
    softmax           5 per element    (max, subtract, exp, sum, divide)
    norm              5 (layer/RMS) or 2 (batch norm, folded scale and shift) per element
    elementwise       as given per output element (add 1, GELU ≈ 8, SiLU ≈ 4)
    pooling           kh·kw per output element
    reduce            as given per input element (a sum: 1)
    copy, cast, concat, gather    0 FLOP; every byte read and written is costed
    embedding         0 (a gather from a parameter table)
    view              0 FLOP, 0 bytes: only a reshape that moves nothing
    collective        0 FLOP; its buffer read and written, its time the α–β law on the link
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ironlaw.dtypes import element_bytes
from ironlaw.laws.memory import kv_cache_bytes, latent_cache_bytes, linear_parameters

# Kinds whose work is on tensor/matrix units and counted by FLOP counters (torch's included).
TENSOR_KINDS = frozenset({"matmul", "conv2d", "attention"})
# Kinds that an elementwise-fusing compiler folds into the producing op.
FUSIBLE_KINDS = frozenset({"elementwise", "norm", "softmax", "pool"})
# Kinds that only move data: bytes read and written, no arithmetic.
MOVE_KINDS = frozenset({"copy", "cast", "concat", "gather"})
KINDS = ("matmul", "conv2d", "attention", "elementwise", "norm", "softmax", "pool", "reduce",
         "embedding", "copy", "cast", "concat", "gather", "view", "collective")


@dataclass  # not frozen: a frozen __init__ sets each of its fields through object.__setattr__,
class Op:  # 10× slower; ops are still never changed in place — derive new ones with replace()
    """One operator. Numbers are per execution; ``count`` executions per graph run."""

    kind: str
    name: str
    dtype: str
    flops: float = 0.0
    params: float = 0.0
    weight_bytes: float = 0.0
    input_bytes: float = 0.0
    output_bytes: float = 0.0
    count: int = 1
    # the GEMM view of a tensor op: batch × (m×k)·(k×n)
    m: float = 0.0
    n: float = 0.0
    k: float = 0.0
    batch: float = 1.0
    tensor_flops: float | None = None  # FLOPs on matrix units when not all (attention)
    score_bytes: float = 0.0  # attention's materialized S and P traffic (no flash)
    saves_input: bool = True  # False: the gradient needs none of the inputs (an add)
    sparsity: float = 0.0  # fraction of the weights pruned
    structured: bool = False  # 2:4 pattern: runs at the sparse peak
    weight_bits: float | None = None  # stored bits per weight element (None: the dtype's)
    weight_format: str | None = None  # how compressed weights are stored, for people
    dequant_flops: float = 0.0  # vector FLOPs to widen stored weights to ``dtype``
    tp_role: str | None = None  # column | row | split | vocab; None: replicated
    tp_reduce: bool = False  # an all-reduce of partial sums follows this op
    collective: str | None = None  # all-reduce | all-gather ... (kind "collective")
    group: int = 1  # devices a collective spans
    foldable: bool = False  # an affine op with fixed parameters (inference BatchNorm): an
    #                         inference engine folds it into the conv/matmul before it
    router: bool = False  # scores that route tokens to experts or gate a path (an MoE
    #                       router, a shared-expert gate): quantizers keep it in the model's
    #                       precision (``models.compress.W8A8``)
    sibling: str | None = None  # GEMMs of one input that follow one another with the same key
    #                             (Q, K, V; gate, up) run as one GEMM in fused mode
    shared_bytes: float = 0.0  # of input_bytes, what every device of a tensor-parallel split
    #                            reads whole (MLA's latent cache: all heads read it)
    cache_bytes: float = 0.0  # of input + output bytes, the held cache (K/V, an SSM state)
    #                           read or written in place: resident memory, not a live
    #                           activation, where the graph's workload holds the cache
    kv_group: float = 1.0  # attention: query heads sharing one K/V (GQA h/h_kv, MLA all h),
    #                        which kernels pack as rows of one GEMM (m·g rows, batch/g GEMMs)
    gradient: bool = False  # an op of the backward pass (frameworks.autodiff)
    shape: tuple = ()  # output shape, for people

    @property
    def bytes(self) -> float:
        """All bytes moved by one execution when nothing is fused: weights + in + out."""
        return self.weight_bytes + self.input_bytes + self.output_bytes

    @property
    def param_bytes(self) -> float:
        """Memory footprint of the op's parameters, as stored."""
        bits = self.weight_bits
        return self.params * (element_bytes(self.dtype) if bits is None else bits / 8.0)

    @property
    def matrix_flops(self):
        """FLOPs on matrix units: all of a tensor op's unless it says otherwise; 0 elsewhere."""
        if self.kind not in TENSOR_KINDS:
            return 0.0
        return self.flops if self.tensor_flops is None else self.tensor_flops

    def times(self, count: int) -> Op:
        """The same op run ``count`` times as often (a shallow copy: no field is re-derived)."""
        twin = object.__new__(type(self))  # copy.copy's result, without its generic dispatch
        twin.__dict__ = {**self.__dict__, "count": self.count * count}
        return twin


def linear(name: str, tokens: float, in_features: int, out_features: int, dtype: str,
           bias: bool = True) -> Op:
    """y = x·Wᵀ + b over ``tokens`` rows: a GEMM m = tokens, n = out, k = in."""
    e = element_bytes(dtype)
    params = sum(linear_parameters(in_features, out_features, bias))
    return Op("matmul", name, dtype, flops=2.0 * tokens * in_features * out_features,
              params=params, weight_bytes=params * e, input_bytes=tokens * in_features * e,
              output_bytes=tokens * out_features * e, m=tokens, n=out_features, k=in_features,
              shape=(tokens, out_features))


def grouped_linear(name: str, rows, in_features: int, out_features: int, dtype: str,
                   matrices: int, run=None) -> Op:
    """y = x·W_gᵀ for ``matrices`` weight matrices of in × out (no bias), ``rows`` rows in
    all spread evenly over the ``run`` of them that run (default all: each head's own
    projection; fewer: the experts a batch touches, a mean that may be fractional): ``run``
    batched GEMMs of m = rows/run, n = out, k = in. Every matrix is held (params); only the
    ``run`` ones are read."""
    run = matrices if run is None else run
    op = linear(name, rows, in_features, out_features, dtype, bias=False)
    return replace(op, params=op.params * matrices, weight_bytes=op.weight_bytes * run,
                   m=rows / run, batch=run)


def matmul(name: str, batch: float, m: float, n: float, k: float, dtype: str) -> Op:
    """Activation × activation batched GEMM (no parameters): C[b] = A[b]·B[b]."""
    e = element_bytes(dtype)
    return Op("matmul", name, dtype, flops=2.0 * batch * m * n * k,
              input_bytes=batch * (m * k + k * n) * e, output_bytes=batch * m * n * e,
              m=m, n=n, k=k, batch=batch, shape=(batch, m, n))


def pair(value) -> tuple:
    """An int or a pair as a (height, width) pair."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _sides(padding) -> tuple:
    """Padding as (top, bottom, left, right): an int, (pad_h, pad_w) or the four sides."""
    if not isinstance(padding, (tuple, list)):
        return (padding,) * 4
    padding = tuple(padding)
    return (padding[0], padding[0], padding[1], padding[1]) if len(padding) == 2 else padding


def conv_output(size: int, kernel: int, stride: int, padding: int, dilation: int = 1,
                padding_after: int | None = None) -> int:
    """Output height/width of a convolution or pooling window (floor mode); padding on each
    side, or ``padding`` before and ``padding_after`` after."""
    after = padding if padding_after is None else padding_after
    return (size + padding + after - dilation * (kernel - 1) - 1) // stride + 1


def _window(h: int, w: int, kernel, stride, padding, dilation=1) -> tuple:
    """(kh, kw, h_out, w_out) of a window over an h × w map (per-axis, per-side padding)."""
    (kh, kw), (sh, sw), (dh, dw) = pair(kernel), pair(stride), pair(dilation)
    top, bottom, left, right = _sides(padding)
    return (kh, kw, conv_output(h, kh, sh, top, dh, bottom),
            conv_output(w, kw, sw, left, dw, right))


def conv2d(name: str, batch: int, c_in: int, h: int, w: int, c_out: int, kernel: int | tuple,
           dtype: str, stride: int | tuple = 1, padding: int | tuple = 0, groups: int = 1,
           bias: bool = False, dilation: int | tuple = 1) -> Op:
    """2-D convolution (grouped and depthwise via ``groups``), as an implicit GEMM; kernel,
    stride and dilation per axis, padding per axis or per side (top, bottom, left, right)."""
    if c_in % groups or c_out % groups:
        raise ValueError(f"{name}: channels {c_in}->{c_out} not divisible by groups={groups}")
    kh, kw, h_out, w_out = _window(h, w, kernel, stride, padding, dilation)
    e = element_bytes(dtype)
    k = c_in // groups * kh * kw
    params = c_out * k + (c_out if bias else 0)
    m = batch * h_out * w_out
    return Op("conv2d", name, dtype, flops=2.0 * m * c_out * k, params=params,
              weight_bytes=params * e, input_bytes=batch * c_in * h * w * e,
              output_bytes=m * c_out * e, m=m, n=c_out / groups, k=k, batch=groups,
              shape=(batch, c_out, h_out, w_out))


def pool(name: str, batch: int, channels: int, h: int, w: int, kernel: int | tuple,
         stride: int | tuple, dtype: str, padding: int | tuple = 0) -> Op:
    """Max or average pooling over kh × kw windows (per axis; padding per axis or side);
    ``kernel = (h, w)`` with ``stride = 1`` is global pooling."""
    kh, kw, h_out, w_out = _window(h, w, kernel, stride, padding)
    e = element_bytes(dtype)
    out = batch * channels * h_out * w_out
    return Op("pool", name, dtype, flops=out * kh * kw * 1.0,
              input_bytes=batch * channels * h * w * e, output_bytes=out * e,
              shape=(batch, channels, h_out, w_out))


def elementwise(name: str, elements: float, dtype: str, flops_per_element: float = 1.0,
                inputs: int = 1, shape: tuple = (), saves_input: bool = True,
                broadcast: tuple = (), learned: float = 0.0) -> Op:
    """An op applied element by element to ``inputs`` tensors of ``elements`` each, plus
    smaller operands broadcast over them (``broadcast``: their element counts, each read
    once) and a learned operand of ``learned`` parameters (a position embedding).

    ``saves_input=False`` marks ops whose gradient needs none of their inputs (an add).
    """
    e = element_bytes(dtype)
    return Op("elementwise", name, dtype, flops=flops_per_element * elements,
              params=learned, weight_bytes=learned * e,
              input_bytes=(inputs * elements + sum(broadcast)) * e, output_bytes=elements * e,
              shape=shape, saves_input=saves_input)


def reduce(name: str, elements: float, out_elements: float, dtype: str,
           flops_per_element: float = 1.0, shape: tuple = ()) -> Op:
    """A reduction (sum, mean, max ...) of ``elements`` to ``out_elements``."""
    e = element_bytes(dtype)
    return Op("reduce", name, dtype, flops=flops_per_element * elements,
              input_bytes=elements * e, output_bytes=out_elements * e, shape=shape)


def norm(name: str, rows: float, features: int, dtype: str, kind: str = "layernorm") -> Op:
    """LayerNorm (scale and shift), RMSNorm (scale) or inference BatchNorm over ``features``."""
    per_element = {"layernorm": 5.0, "rmsnorm": 4.0, "batchnorm": 2.0}[kind]
    params = {"layernorm": 2 * features, "rmsnorm": features, "batchnorm": 2 * features}[kind]
    e = element_bytes(dtype)
    return Op("norm", name, dtype, flops=per_element * rows * features, params=params,
              weight_bytes=params * e, input_bytes=rows * features * e,
              output_bytes=rows * features * e, foldable=kind == "batchnorm",
              shape=(rows, features))


def softmax(name: str, rows: float, columns: float, dtype: str) -> Op:
    e = element_bytes(dtype)
    return Op("softmax", name, dtype, flops=5.0 * rows * columns,
              input_bytes=rows * columns * e, output_bytes=rows * columns * e,
              shape=(rows, columns))


def attention(name: str, batch: int, heads: int, q_len: int, kv_len: int, head_dim: int,
              dtype: str, kv_heads: int | None = None, causal: bool = False,
              flash: bool = True, window: int | None = None,
              v_head_dim: int | None = None, kv_dtype: str | None = None,
              latent: int | None = None) -> Op:
    """Scaled dot-product attention softmax(QKᵀ/√d)·V over ``heads`` query heads.

    FLOPs: 2·B·H·q·kv_eff·(d + d_v) + 5·B·H·q·kv_eff (softmax), where d is the Q/K head size,
    d_v the V head size (``v_head_dim``, default d), and kv_eff = kv for full attention and
    the mean number of visible keys for causal attention (query i of q sees the last
    kv − q + i + 1 keys, or at most ``window`` with sliding-window attention).
    Bytes: Q, K, V read and O (d_v per head) written; ``flash=False`` (an eager "math"
    implementation) also writes and re-reads the S = QKᵀ and P = softmax(S) matrices
    (B·H·q·kv each), recorded as ``score_bytes`` so that fused execution, which always uses
    flash attention, can drop them. K and V have ``kv_heads`` heads (GQA/MQA), stored in
    ``kv_dtype`` (default ``dtype``: an fp8 or int8 KV cache halves their traffic); a sliding
    window of W keeps only the last W keys in the cache. ``latent`` (MLA with absorbed
    projections, DeepSeek-V2 §2.1.2): every head's K is the one cached vector of ``latent``
    elements per token (d_c + d_R) and its V the first d_v of them, read once:
    T·(d_c + d_R)·b per sequence instead of K and V per head — and read whole by every device
    its heads are split over (``shared_bytes``). The g query heads that share one K/V (GQA:
    h/h_kv; MLA: all h) run as the rows of one GEMM (``kv_group``), as decode kernels pack
    them (FlashInfer's head-group fusion, arXiv:2501.01005; DeepSeek's FlashMLA), so a decode
    step's q = 1 query fills g rows of a tile, not one.
    """
    kv_heads = heads if kv_heads is None else kv_heads
    dv = head_dim if v_head_dim is None else v_head_dim
    visible = _mean_visible(q_len, kv_len, window) if causal else kv_len * 1.0
    e = element_bytes(dtype)
    scores = batch * heads * q_len * visible
    q_bytes = batch * heads * q_len * head_dim * e
    out_bytes = batch * heads * q_len * dv * e
    stored = kv_len if window is None else np.minimum(kv_len, window)  # a rolling KV buffer
    kv_e = element_bytes(kv_dtype or dtype)  # one layer's K and V, or its latent
    kv_bytes = latent_cache_bytes(1, latent, stored, batch, kv_e) if latent else \
        kv_cache_bytes(1, kv_heads, head_dim, stored, batch, kv_e, dv)
    extra = 0.0 if flash else 4.0 * batch * heads * q_len * kv_len * e  # S and P, out and in
    tensor = 2.0 * scores * (head_dim + dv)
    return Op("attention", name, dtype, flops=tensor + 5.0 * scores,
              input_bytes=q_bytes + kv_bytes + extra / 2, output_bytes=out_bytes + extra / 2,
              shared_bytes=kv_bytes if latent else 0.0, cache_bytes=kv_bytes,
              kv_group=heads / kv_heads,  # MLA: one latent (kv_heads 1) for all h
              m=q_len, n=visible, k=head_dim, batch=batch * heads, score_bytes=extra,
              tensor_flops=tensor, shape=(batch, heads, q_len, dv))


# how a decode kernel reads a grouped (GQA/MQA) K/V cache: once per K/V head, the g query
# heads of a group packed as the rows of one tile (FlashInfer, FlashDecoding, TensorRT-LLM's
# XQA), or once per query head (one thread block per query head: TensorRT-LLM's masked MHA,
# its generation kernel before XQA arrived in v0.8)
KV_READS = ("grouped", "per-head")


def per_head_reads(op: Op) -> Op:
    """``op`` as a decode kernel that reads K/V once per query head runs it: a decode
    attention (one query, m = 1) of g = ``kv_group`` > 1 query heads per K/V head reads its
    cache bytes C g times — input bytes + (g − 1)·C, all of them held cache streamed from
    where the cache lives (the repeats charged like the first: an upper bound, as L2 may
    serve some) — and its heads no longer share a tile (g = 1). Other ops, MLA's latent
    (``shared_bytes``) and prefill attention, are returned unchanged."""
    g = op.kv_group
    if op.kind != "attention" or op.shared_bytes or g <= 1 or np.any(np.asarray(op.m) != 1):
        return op
    return replace(op, input_bytes=op.input_bytes + (g - 1.0) * op.cache_bytes,
                   cache_bytes=g * op.cache_bytes, kv_group=1.0)


def _mean_visible(q_len, kv_len, window: int | None):
    """Mean keys a causal query sees: query i of q sees min(kv − q + i + 1, W) keys.

    Broadcasts over arrays of q and kv lengths.
    """
    first, last = kv_len - q_len + 1, kv_len
    if window is None:
        return (first + last) / 2.0
    inside = np.maximum(0, np.minimum(last, window) - first + 1)  # whole history fits
    total = inside * (first + first + inside - 1) / 2.0 + (q_len - inside) * window
    return (total / q_len)[()] if np.ndim(total) else total / q_len


def embedding(name: str, tokens: float, vocab: int, dim: int, dtype: str) -> Op:
    """Gather ``tokens`` rows of a vocab × dim table: reads only the rows it needs."""
    e = element_bytes(dtype)
    return Op("embedding", name, dtype, params=float(vocab * dim),
              weight_bytes=np.minimum(tokens, vocab) * dim * e, output_bytes=tokens * dim * e,
              shape=(tokens, dim))


def copy(name: str, elements: float, dtype: str, shape: tuple = (), kind: str = "copy",
         read: float | None = None, to: str | None = None) -> Op:
    """Data movement without arithmetic: read ``read`` elements (default ``elements``) at
    ``dtype`` and write ``elements`` at ``to`` (default ``dtype``). ``kind``: copy (a
    transpose, a contiguous copy, a fill when ``read = 0``), gather (indexed rows) — see
    :func:`cast` and :func:`concat` for the others."""
    if kind not in MOVE_KINDS:
        raise ValueError(f"{name}: {kind!r} is not one of {', '.join(sorted(MOVE_KINDS))}")
    read = elements if read is None else read
    return Op(kind, name, dtype, input_bytes=read * element_bytes(dtype),
              output_bytes=elements * element_bytes(to or dtype), shape=shape)


def cast(name: str, elements: float, dtype: str, to: str, shape: tuple = ()) -> Op:
    """Convert ``elements`` from ``dtype`` to ``to``: read at one width, write at the other."""
    return copy(name, elements, dtype, shape, kind="cast", to=to)


def concat(name: str, parts: tuple, dtype: str, shape: tuple = (), learned: float = 0.0,
           copies: float = 1.0) -> Op:
    """Concatenate activations of ``parts`` elements each, and ``copies`` copies of a learned
    tensor of ``learned`` parameters (ViT's class token, read once as a weight)."""
    read = float(sum(parts))
    op = copy(name, read + learned * copies, dtype, shape, kind="concat", read=read)
    return replace(op, params=learned, weight_bytes=learned * element_bytes(dtype))


def view(name: str, dtype: str, shape: tuple = ()) -> Op:
    """A reshape (or a transpose-as-view) that moves no data: no cost."""
    return Op("view", name, dtype, shape=shape)


def collective(name: str, kind: str, data_bytes: float, dtype: str, group: int) -> Op:
    """A collective ``kind`` (a name of ``laws.collectives.TIME``) over ``group`` devices, of
    ``data_bytes`` per device (the law's M). It reads and writes its buffer (an all-gather
    reads M/group); ``frameworks.cost`` times it on the link of ``group`` devices."""
    read = data_bytes / group if kind == "all-gather" else data_bytes
    return Op("collective", name, dtype, input_bytes=read, output_bytes=data_bytes,
              collective=kind, group=group)


def numel(shape: tuple) -> float:
    return float(math.prod(shape))
