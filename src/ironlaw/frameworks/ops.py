"""The op vocabulary: each op knows its FLOPs, parameters and the bytes it reads and writes.

Conventions: a multiply-add is 2 FLOP; bytes are split into weights read (``weight_bytes``),
activations read (``input_bytes``) and activations written (``output_bytes``), at the op's
storage precision; ``params`` counts parameters (weights + biases), whose footprint in memory
is ``params × bytes(dtype)`` even when, like an embedding gather, an op reads only a few rows.
``count`` says how many times the op runs per graph execution (a block repeated L times is
stored once with count L). ``dims`` keeps the GEMM view (m, n, k, batch) the efficiency model
needs: a convolution is the implicit GEMM m = B·H_out·W_out, n = C_out, k = C_in/g·kh·kw.
Sizes (batch, tokens, lengths) may be numpy arrays: every figure then broadcasts, one value per
configuration, which is how sweeps cost many configurations at once.

FLOP formulas (per execution):
    linear / matmul   2·b·m·n·k
    conv2d            2·B·H_out·W_out·C_out·(C_in/g)·kh·kw
    attention         4·B·H·q·kv·d    (QKᵀ and PV; causal with q = kv does (kv + 1)/(2kv) of it)
    softmax           5 per element    (max, subtract, exp, sum, divide)
    norm              5 (layer/RMS) or 2 (batch norm, folded scale and shift) per element
    elementwise       as given per output element (add 1, GELU ≈ 8, SiLU ≈ 4)
    pooling           kh·kw per output element
    embedding, view   0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

BYTES_PER_ELEMENT = {"fp64": 8.0, "fp32": 4.0, "tf32": 4.0, "bf16": 2.0, "fp16": 2.0,
                     "fp8": 1.0, "int8": 1.0, "fp6": 0.75, "fp4": 0.5, "int4": 0.5}

# Kinds whose work is on tensor/matrix units and counted by FLOP counters (torch's included).
TENSOR_KINDS = frozenset({"matmul", "conv2d", "attention"})
# Kinds that an elementwise-fusing compiler folds into the producing op.
FUSIBLE_KINDS = frozenset({"elementwise", "norm", "softmax", "pool"})
KINDS = ("matmul", "conv2d", "attention", "elementwise", "norm", "softmax", "pool",
         "embedding", "view", "collective")


def element_bytes(dtype: str) -> float:
    if dtype not in BYTES_PER_ELEMENT:
        raise KeyError(f"unknown precision {dtype!r}; known: {', '.join(BYTES_PER_ELEMENT)}")
    return BYTES_PER_ELEMENT[dtype]


@dataclass(frozen=True)
class Op:
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
    dims: dict = field(default_factory=dict)
    shape: tuple = ()  # output shape, for people

    @property
    def bytes(self) -> float:
        """All bytes moved by one execution when nothing is fused: weights + in + out."""
        return self.weight_bytes + self.input_bytes + self.output_bytes

    @property
    def param_bytes(self) -> float:
        """Memory footprint of the op's parameters."""
        return self.params * element_bytes(self.dtype)

    def times(self, count: int) -> Op:
        return replace(self, count=self.count * count)


def linear(name: str, tokens: float, in_features: int, out_features: int, dtype: str,
           bias: bool = True) -> Op:
    """y = x·Wᵀ + b over ``tokens`` rows: a GEMM m = tokens, n = out, k = in."""
    e = element_bytes(dtype)
    params = in_features * out_features + (out_features if bias else 0)
    return Op("matmul", name, dtype, flops=2.0 * tokens * in_features * out_features,
              params=params, weight_bytes=params * e, input_bytes=tokens * in_features * e,
              output_bytes=tokens * out_features * e,
              dims={"m": tokens, "n": out_features, "k": in_features, "batch": 1},
              shape=(tokens, out_features))


def matmul(name: str, batch: float, m: float, n: float, k: float, dtype: str) -> Op:
    """Activation × activation batched GEMM (no parameters): C[b] = A[b]·B[b]."""
    e = element_bytes(dtype)
    return Op("matmul", name, dtype, flops=2.0 * batch * m * n * k,
              input_bytes=batch * (m * k + k * n) * e, output_bytes=batch * m * n * e,
              dims={"m": m, "n": n, "k": k, "batch": batch}, shape=(batch, m, n))


def conv_output(size: int, kernel: int, stride: int, padding: int, dilation: int = 1) -> int:
    """Output height/width of a convolution or pooling window (floor mode)."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def conv2d(name: str, batch: int, c_in: int, h: int, w: int, c_out: int, kernel: int | tuple,
           dtype: str, stride: int = 1, padding: int = 0, groups: int = 1,
           bias: bool = False) -> Op:
    """2-D convolution (grouped and depthwise via ``groups``), as an implicit GEMM."""
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    if c_in % groups or c_out % groups:
        raise ValueError(f"{name}: channels {c_in}->{c_out} not divisible by groups={groups}")
    h_out = conv_output(h, kh, stride, padding)
    w_out = conv_output(w, kw, stride, padding)
    e = element_bytes(dtype)
    k = c_in // groups * kh * kw
    params = c_out * k + (c_out if bias else 0)
    m = batch * h_out * w_out
    return Op("conv2d", name, dtype, flops=2.0 * m * c_out * k, params=params,
              weight_bytes=params * e, input_bytes=batch * c_in * h * w * e,
              output_bytes=m * c_out * e,
              dims={"m": m, "n": c_out / groups, "k": k, "batch": groups},
              shape=(batch, c_out, h_out, w_out))


def pool(name: str, batch: int, channels: int, h: int, w: int, kernel: int, stride: int,
         dtype: str, padding: int = 0) -> Op:
    """Max or average pooling; ``kernel = h`` with ``stride = 1`` is global pooling."""
    h_out = conv_output(h, kernel, stride, padding)
    w_out = conv_output(w, kernel, stride, padding)
    e = element_bytes(dtype)
    out = batch * channels * h_out * w_out
    return Op("pool", name, dtype, flops=out * kernel * kernel * 1.0,
              input_bytes=batch * channels * h * w * e, output_bytes=out * e,
              shape=(batch, channels, h_out, w_out))


def elementwise(name: str, elements: float, dtype: str, flops_per_element: float = 1.0,
                inputs: int = 1, shape: tuple = (), saves_input: bool = True) -> Op:
    """An op applied element by element to ``inputs`` tensors of ``elements`` each.

    ``saves_input=False`` marks ops whose gradient needs none of their inputs (an add).
    """
    e = element_bytes(dtype)
    return Op("elementwise", name, dtype, flops=flops_per_element * elements,
              input_bytes=inputs * elements * e, output_bytes=elements * e, shape=shape,
              dims={} if saves_input else {"saves_input": False})


def norm(name: str, rows: float, features: int, dtype: str, kind: str = "layernorm") -> Op:
    """LayerNorm (scale and shift), RMSNorm (scale) or inference BatchNorm over ``features``."""
    per_element = {"layernorm": 5.0, "rmsnorm": 4.0, "batchnorm": 2.0}[kind]
    params = {"layernorm": 2 * features, "rmsnorm": features, "batchnorm": 2 * features}[kind]
    e = element_bytes(dtype)
    return Op("norm", name, dtype, flops=per_element * rows * features, params=params,
              weight_bytes=params * e, input_bytes=rows * features * e,
              output_bytes=rows * features * e, shape=(rows, features))


def softmax(name: str, rows: float, columns: float, dtype: str) -> Op:
    e = element_bytes(dtype)
    return Op("softmax", name, dtype, flops=5.0 * rows * columns,
              input_bytes=rows * columns * e, output_bytes=rows * columns * e,
              shape=(rows, columns))


def attention(name: str, batch: int, heads: int, q_len: int, kv_len: int, head_dim: int,
              dtype: str, kv_heads: int | None = None, causal: bool = False,
              flash: bool = True, window: int | None = None) -> Op:
    """Scaled dot-product attention softmax(QKᵀ/√d)·V over ``heads`` query heads.

    FLOPs: 4·B·H·q·kv_eff·d + 5·B·H·q·kv_eff (softmax), where kv_eff = kv for full attention
    and the mean number of visible keys for causal attention (query i of q sees the last
    kv − q + i + 1 keys, or at most ``window`` with sliding-window attention).
    Bytes: Q, K, V read and O written; ``flash=False`` (an eager "math" implementation) also
    writes and re-reads the S = QKᵀ and P = softmax(S) matrices (B·H·q·kv each), recorded in
    ``dims["score_bytes"]`` so that fused execution, which always uses flash attention, can
    drop them. K and V have ``kv_heads`` heads (GQA/MQA); a sliding window of W keeps only the
    last W keys in the cache.
    """
    kv_heads = heads if kv_heads is None else kv_heads
    visible = _mean_visible(q_len, kv_len, window) if causal else kv_len * 1.0
    e = element_bytes(dtype)
    scores = batch * heads * q_len * visible
    q_bytes = batch * heads * q_len * head_dim * e
    stored = kv_len if window is None else np.minimum(kv_len, window)  # a rolling KV buffer
    kv_bytes = 2.0 * batch * kv_heads * stored * head_dim * e
    extra = 0.0 if flash else 4.0 * batch * heads * q_len * kv_len * e  # S and P, out and in
    return Op("attention", name, dtype, flops=4.0 * scores * head_dim + 5.0 * scores,
              input_bytes=q_bytes + kv_bytes + extra / 2, output_bytes=q_bytes + extra / 2,
              dims={"m": q_len, "n": visible, "k": head_dim, "batch": batch * heads,
                    "score_bytes": extra, "tensor_flops": 4.0 * scores * head_dim},
              shape=(batch, heads, q_len, head_dim))


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


def view(name: str, dtype: str, shape: tuple = ()) -> Op:
    """Reshape, transpose-as-view, concat into a preallocated buffer: no cost."""
    return Op("view", name, dtype, shape=shape)


def collective(name: str, kind: str, data_bytes: float, dtype: str) -> Op:
    """A placeholder for a collective (all-reduce ...) costed by the parallelism layer."""
    return Op("collective", name, dtype, input_bytes=data_bytes, output_bytes=data_bytes,
              dims={"collective": kind})


def numel(shape: tuple) -> float:
    return float(math.prod(shape))
