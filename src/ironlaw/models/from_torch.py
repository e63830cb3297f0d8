"""Trace a torch ``nn.Module`` into an ironlaw Graph: one op per aten call, no weights, no compute.

The module runs once on meta tensors (shapes only) under a dispatcher-level mode that sees every
aten op after autograd and composite decomposition, so a call like
``F.scaled_dot_product_attention`` is counted even though it is no ``nn.Module`` (forward hooks on
``nn.Linear``/``nn.Conv2d`` miss it). Each aten op is turned into an op of
:mod:`ironlaw.frameworks.ops` by the table ``HANDLERS``; an op missing from the table stops the
trace with :class:`UnsupportedOps`, which lists every unknown op — nothing is silently costed at 0.

Parameters are counted once each, on the first op that reads them (a tied weight read again adds
no parameters, though its bytes are read again). Units: FLOP, bytes, parameters (elements).
torch is imported lazily; this module imports without it.
"""

from __future__ import annotations

import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace

from ironlaw.dtypes import element_bytes, from_torch
from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph, Workload
from ironlaw.models.parts import ACTIVATION_FLOPS


class UnsupportedOps(UserError):
    """The model uses operators ironlaw cannot cost yet; the message lists each one."""


# FLOPs per output element of pointwise ops: one per arithmetic step, a transcendental function
# (exp, tanh, erf ...) counts as one; the activations the builders use too (ReLU, sigmoid,
# softplus, SiLU, GELU) take their counts from models.parts.ACTIVATION_FLOPS.
POINTWISE = {
    **dict.fromkeys(["add", "sub", "rsub", "mul", "div", "neg", "abs", "reciprocal", "sqrt",
                     "rsqrt", "pow", "exp", "log", "sin", "cos", "tanh", "erf", "maximum",
                     "minimum", "clamp_min", "clamp_max", "where", "masked_fill", "eq", "ne", "lt",
                     "le", "gt", "ge", "logical_not", "logical_and", "logical_or", "tril", "triu",
                     "floor", "ceil", "round", "sign", "threshold"], 1),
    **dict.fromkeys(["clamp", "hardtanh", "leaky_relu"], 2),
    **dict.fromkeys(["hardsigmoid", "elu"], 4),
    **dict.fromkeys(["hardswish", "mish"], 5),
    **{name: ACTIVATION_FLOPS[name] for name in ("relu", "sigmoid", "softplus", "silu", "gelu")},
    "native_dropout": 2,  # draw a mask, multiply
}
# Reductions: one FLOP per input element.
REDUCTIONS = frozenset({"sum", "mean", "amax", "amin", "max", "min", "var", "std", "var_mean",
                        "std_mean", "prod", "argmax", "argmin", "cumsum", "logsumexp"})
# No arithmetic. Views move nothing (a reshape, a strided view, an allocation); the others
# read and write every byte: copies, casts, concatenations, gathers and fills (created
# constants such as masks: written, nothing read).
VIEWS = frozenset({
    "view", "_unsafe_view", "reshape", "permute", "transpose", "t", "expand", "split",
    "split_with_sizes", "chunk", "unbind", "slice", "select", "narrow", "unsqueeze", "squeeze",
    "flatten", "detach", "alias", "as_strided", "lift_fresh", "_reshape_alias", "view_as_real",
    "view_as_complex", "empty", "empty_like", "empty_strided", "new_empty",
})
COPIES = frozenset({"clone", "contiguous", "copy", "copy_", "lift_fresh_copy", "repeat",
                    "repeat_interleave"})
CASTS = frozenset({"_to_copy", "to"})
CONCATS = frozenset({"cat", "stack"})
GATHERS = frozenset({"index", "index_select", "gather"})
FILLS = frozenset({"zeros", "zeros_like", "new_zeros", "ones", "ones_like", "new_ones", "full",
                   "full_like", "new_full", "arange", "scalar_tensor", "fill", "zero"})


# --- shape helpers shared with the ONNX importer ---------------------------------------------
def conv_from_shapes(name: str, x_shape: tuple, w_shape: tuple, y_shape: tuple, groups: int,
                     bias: bool, dtype: str, stride: tuple = (1, 1), padding: tuple = (0, 0),
                     dilation: tuple = (1, 1)) -> ops.Op:
    """A 2-D convolution op from the importer's shapes and attributes (per-axis stride and
    dilation; padding per axis or per side); the output shape must agree with the file's."""
    n, c_in, h, w = x_shape
    c_out, _, kh, kw = w_shape
    op = ops.conv2d(name, n, c_in, h, w, c_out, (kh, kw), dtype, stride=stride, padding=padding,
                    groups=groups, bias=bias, dilation=dilation)
    if op.shape != tuple(y_shape):
        raise UserError(f"{name}: a convolution of {tuple(x_shape)} by {tuple(w_shape)} gives "
                        f"{op.shape}, but the model says {tuple(y_shape)}")
    return op


def pool_from_shapes(name: str, x_shape: tuple, y_shape: tuple, kernel: tuple,
                     dtype: str) -> ops.Op:
    """A pooling op with a kh × kw window and a known output shape: kh·kw FLOP per output element.

    ``ops.pool`` takes a square window and one stride; the output side (per-axis stride,
    ceil mode, adaptive and global pooling) is taken from the real output shape instead.
    """
    n, c, h, w = x_shape
    kh, kw = kernel
    op = ops.pool(name, n, c, h, w, (kh, kw), 1, dtype)
    out = ops.numel(y_shape)
    return replace(op, flops=out * kh * kw, output_bytes=out * element_bytes(dtype),
                   shape=tuple(y_shape))


def _pair(value) -> tuple[int, int]:
    if isinstance(value, int):
        return value, value
    value = list(value) or [1]
    return (value[0], value[0]) if len(value) == 1 else (value[0], value[1])


def _shape(t) -> tuple:
    return tuple(int(s) for s in t.shape)


# --- handlers: (tracer, name, bound arguments, output) -> Op ---------------------------------
def _gemm(tr, name, a, b, out, bias=None):
    """C = A·B (batched, broadcast); a linear layer when one operand is a parameter."""
    m = a.shape[-2] if a.dim() > 1 else 1
    k = a.shape[-1]
    n = b.shape[-1] if b.dim() > 1 else 1
    batch = ops.numel(_shape(out)) / (m * n)
    has_bias = bias is not None and tr.is_param(bias)
    if tr.is_param(b):
        return ops.linear(name, batch * m, k, n, tr.dtype, bias=has_bias)
    if tr.is_param(a):  # W·x: the weight's rows are the outputs
        return ops.linear(name, batch * n, k, m, tr.dtype, bias=has_bias)
    return ops.matmul(name, batch, m, n, k, tr.dtype)


def _mm(tr, name, a, out):
    return _gemm(tr, name, a["self"], a["mat2"] if "mat2" in a else a["other"], out)


def _addmm(tr, name, a, out):
    x, w = (a["mat1"], a["mat2"]) if "mat1" in a else (a["batch1"], a["batch2"])
    return _gemm(tr, name, x, w, out, bias=a["self"])


def _conv(tr, name, a, out):
    x, w = a["input"], a["weight"]
    if a["transposed"] or x.dim() not in (3, 4):
        tr.unsupported(f"{name.rsplit('.', 1)[-1]} ({x.dim() - 2}-d"
                       f"{', transposed' if a['transposed'] else ''})")
        return None
    xs, ws, ys = _shape(x), _shape(w), _shape(out)
    if x.dim() == 3:  # 1-d convolution as a 2-d one of height 1
        xs, ws, ys = xs[:2] + (1,) + xs[2:], ws[:2] + (1,) + ws[2:], ys[:2] + (1,) + ys[2:]
    stride, padding, dilation = (_pair(a[key]) for key in ("stride", "padding", "dilation"))
    if x.dim() == 3:
        stride, padding, dilation = (1, stride[0]), (0, padding[0]), (1, dilation[0])
    return conv_from_shapes(name, xs, ws, ys, a["groups"], a["bias"] is not None, tr.dtype,
                            stride, padding, dilation)


def _attention(tr, name, a, out):
    q, k, v = a["query"], a["key"], a["value"]
    heads = q.shape[-3] if q.dim() > 2 else 1
    kv_heads = k.shape[-3] if k.dim() > 2 else 1
    batch = math.prod(q.shape[:-3])
    return ops.attention(name, batch, heads, q.shape[-2], k.shape[-2], q.shape[-1], tr.dtype,
                         kv_heads=kv_heads, causal=bool(a.get("is_causal", False)),
                         v_head_dim=v.shape[-1])


def _layer_norm(tr, name, a, out):
    x = a["input"]
    features = math.prod(a["normalized_shape"])
    return ops.norm(name, x.numel() / features, features, tr.dtype, "layernorm")


def _rms_norm(tr, name, a, out):
    x = a["input"]
    features = math.prod(a["normalized_shape"])
    return ops.norm(name, x.numel() / features, features, tr.dtype, "rmsnorm")


def _channel_norm(kind):
    def handler(tr, name, a, out):
        x = a["input"]
        channels = x.shape[1] if x.dim() > 1 else 1
        return ops.norm(name, x.numel() / channels, channels, tr.dtype, kind)
    return handler


def _softmax(tr, name, a, out):
    x = a["self"]
    columns = x.shape[a["dim"]] if x.dim() else 1
    return ops.softmax(name, x.numel() / columns, columns, tr.dtype)


def _embedding(tr, name, a, out):
    w = a["weight"]
    return ops.embedding(name, a["indices"].numel(), w.shape[0], w.shape[1], tr.dtype)


def _pool(tr, name, a, out):
    x = a["self"]
    if x.dim() == 3:  # unbatched (C, H, W)
        x = x.unsqueeze(0)
    ys = _shape(out)
    ys = (1,) + ys if len(ys) == 3 else ys
    if "kernel_size" in a:
        kernel = _pair(a["kernel_size"])
    else:  # adaptive: the mean window
        kernel = (-(-x.shape[2] // ys[2]), -(-x.shape[3] // ys[3]))
    return pool_from_shapes(name, _shape(x), ys, kernel, tr.dtype)


def _pointwise(flops_per_element):
    def handler(tr, name, a, out):
        tensors = [t for t in a.values() if tr.is_tensor(t)]  # broadcast ones are read once
        return ops.elementwise(name, out.numel(), tr.dtype, flops_per_element, 0,
                               shape=_shape(out), broadcast=tuple(t.numel() for t in tensors))
    return handler


def _reduction(tr, name, a, out):
    return ops.reduce(name, a["self"].numel(), out.numel(), tr.dtype, shape=_shape(out))


def _view(tr, name, a, out):
    return ops.view(name, tr.dtype, _shape(out) if tr.is_tensor(out) else ())


def _outputs(out) -> list:
    return [t for t in (out if isinstance(out, (tuple, list)) else [out]) if hasattr(t, "numel")]


def _move(kind: str):
    """Copies, concatenations, gathers and fills: read the tensor inputs (none for a fill, the
    rows it picks for a gather), write the outputs, at the graph's precision."""
    def handler(tr, name, a, out):
        written = float(sum(t.numel() for t in _outputs(out)))
        read = {"copy": written, "gather": written, "fill": 0.0}.get(kind)
        if read is None:  # concat
            read = float(sum(t.numel() for v in a.values()
                             for t in (v if isinstance(v, (list, tuple)) else [v])
                             if tr.is_tensor(t)))
        return ops.copy(name, written, tr.dtype, _shape(_outputs(out)[0]) if written else (),
                        kind="copy" if kind == "fill" else kind, read=read)
    return handler


def _cast(tr, name, a, out):
    """A dtype conversion (or a plain copy when the type stays): read at the source
    precision, write at the target's; a type ironlaw does not cost counts at the graph's."""
    x = next((v for v in a.values() if tr.is_tensor(v)), None)
    source = (from_torch(x.dtype) if x is not None else None) or tr.dtype
    target = from_torch(out.dtype) or tr.dtype
    if source == target:
        return ops.copy(name, out.numel(), tr.dtype, _shape(out))
    return ops.cast(name, out.numel(), source, target, _shape(out))


HANDLERS = {
    "mm": _mm, "bmm": _mm, "matmul": _mm, "addmm": _addmm, "baddbmm": _addmm,
    "convolution": _conv,
    "native_layer_norm": _layer_norm, "_fused_rms_norm": _rms_norm,
    "native_batch_norm": _channel_norm("batchnorm"),
    "_native_batch_norm_legit": _channel_norm("batchnorm"),
    "_native_batch_norm_legit_no_training": _channel_norm("batchnorm"),
    "native_group_norm": _channel_norm("layernorm"),
    "_softmax": _softmax, "_log_softmax": _softmax, "_safe_softmax": _softmax,
    "embedding": _embedding,
    "max_pool2d": _pool, "max_pool2d_with_indices": _pool, "avg_pool2d": _pool,
    "_adaptive_avg_pool2d": _pool, "adaptive_max_pool2d": _pool,
    **{op: _attention for op in ("_scaled_dot_product_flash_attention",
                                 "_scaled_dot_product_flash_attention_for_cpu",
                                 "_scaled_dot_product_efficient_attention",
                                 "_scaled_dot_product_cudnn_attention",
                                 "_scaled_dot_product_fused_attention_overrideable")},
    **{op: _pointwise(f) for op, f in POINTWISE.items()},
    **dict.fromkeys(REDUCTIONS, _reduction),
    **dict.fromkeys(VIEWS, _view),
    **dict.fromkeys(COPIES, _move("copy")), **dict.fromkeys(CASTS, _cast),
    **dict.fromkeys(CONCATS, _move("concat")), **dict.fromkeys(GATHERS, _move("gather")),
    **dict.fromkeys(FILLS, _move("fill")),
}

_SDPA_ARGS = ("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale",
              "enable_gqa")


class _Tracer:
    """Turns aten calls into ops; knows which meta tensors hold (or view) which parameters."""

    def __init__(self, dtype: str, param_sizes: dict[int, tuple[str, int]]):
        self.dtype = dtype
        self.param_sizes = param_sizes  # id(meta tensor) -> (name, elements)
        self.origin: dict[int, frozenset] = {i: frozenset([i]) for i in param_sizes}
        self.claimed: set[int] = set()
        self.keep: list = []  # keeps traced tensors alive so their ids stay unique
        self.ops: list[ops.Op] = []
        self.missing: Counter = Counter()
        self.scope = [""]
        self.mute = 0

    @staticmethod
    def is_tensor(x) -> bool:
        import torch

        return isinstance(x, torch.Tensor)

    def is_param(self, x) -> bool:
        return self.is_tensor(x) and bool(self.origin.get(id(x)))

    def unsupported(self, op_name: str) -> None:
        self.missing[op_name] += 1

    def message(self) -> str:
        listed = ", ".join(f"{op} ({n}×)" for op, n in sorted(self.missing.items()))
        return f"{len(self.missing)} operator(s) ironlaw cannot cost: {listed}"

    @contextmanager
    def muted(self):
        self.mute += 1
        try:
            yield
        finally:
            self.mute -= 1

    def record(self, aten_name: str, handler, bound: dict, inputs: list, out) -> None:
        """Build the op, give it the parameters first read here, or pass them on through views."""
        name = f"{self.scope[-1]}.{aten_name}" if self.scope[-1] else aten_name
        op = handler(self, name, bound, out)
        if op is None:
            return
        sources = frozenset().union(*(self.origin.get(id(t), ()) for t in inputs))
        if op.kind in ("view", "copy", "cast"):  # a weight viewed, copied or cast stays itself
            outs = out if isinstance(out, (tuple, list)) else [out]
            for t in outs:
                if self.is_tensor(t) and sources:
                    self.origin[id(t)] = sources
        else:
            new = sources - self.claimed
            self.claimed |= new
            op = replace(op, params=float(sum(self.param_sizes[i][1] for i in new)))
        self.ops.append(op)


def _bind(func, args, kwargs) -> dict:
    """Arguments of an aten call by their schema names, defaults filled in."""
    schema = func._schema.arguments
    bound = {a.name: a.default_value for a in schema if a.has_default_value()}
    bound.update(zip((a.name for a in schema if not a.kwarg_only), args, strict=False))
    bound.update(kwargs)
    return bound


def _modes(tracer: _Tracer):
    """The two torch modes: aten ops at the dispatcher, and SDPA caught before it decomposes."""
    import torch
    from torch.overrides import TorchFunctionMode
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils._pytree import tree_leaves

    class Aten(TorchDispatchMode):
        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            aten_name = func.overloadpacket.__name__
            handler = HANDLERS.get(aten_name) or HANDLERS.get(aten_name.rstrip("_"))
            if handler is None and not tracer.mute:
                tracer.unsupported(f"aten.{aten_name}")
            try:
                out = func(*args, **kwargs)
            except Exception:
                if tracer.missing:  # an unknown op without a meta kernel: report what we know
                    raise UnsupportedOps(tracer.message()) from None
                raise
            if tracer.mute or handler is None:
                return out
            inputs = [t for t in tree_leaves((args, kwargs)) if isinstance(t, torch.Tensor)]
            main = out[0] if isinstance(out, (tuple, list)) and handler is not _view else out
            tracer.keep.append(out)
            tracer.record(aten_name, handler, _bind(func, args, kwargs), inputs, main)
            return out

    class Sdpa(TorchFunctionMode):
        # On meta tensors SDPA decomposes into bmm/softmax (full, not causal); record it as one
        # attention op and mute the pieces.
        def __torch_function__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            if getattr(func, "__name__", "") != "scaled_dot_product_attention" or tracer.mute:
                return func(*args, **kwargs)
            bound = {**dict(zip(_SDPA_ARGS, args, strict=False)), **kwargs}
            with tracer.muted():
                out = func(*args, **kwargs)
            tracer.keep.append(out)
            qkv = [bound["query"], bound["key"], bound["value"]]
            tracer.record("scaled_dot_product_attention", _attention, bound, qkv, out)
            return out

    return Sdpa(), Aten()


def _meta(x):
    """An example input as a meta tensor: tensors keep shape and dtype; a tuple of ints is a
    float32 shape; anything else is passed unchanged."""
    import torch

    if isinstance(x, torch.Tensor):
        return torch.empty(x.shape, dtype=x.dtype, device="meta")
    if isinstance(x, (tuple, list, torch.Size)) and all(isinstance(d, int) for d in x):
        return torch.empty(tuple(x), device="meta")
    return x


def trace(module, example_inputs: tuple, dtype: str = "fp32", name: str | None = None) -> Graph:
    """Run ``module(*example_inputs)`` once on meta tensors and return its forward op graph.

    ``example_inputs`` are tensors (only their shape and dtype are used) or shapes given as
    tuples of ints. ``dtype`` is the storage precision every op is costed at. The module is not
    changed: parameters and buffers are replaced by meta tensors for the call only. Graph
    params equal the parameters the forward reads plus, as one zero-cost op, any it never reads.
    Raises :class:`UnsupportedOps` listing every aten op the tables do not cover.
    """
    import torch
    from torch.func import functional_call
    from torch.nn.modules.module import (
        register_module_forward_hook,
        register_module_forward_pre_hook,
    )

    element_bytes(dtype)
    if not isinstance(example_inputs, tuple):
        example_inputs = (example_inputs,)
    params = {n: torch.empty_like(p, device="meta") for n, p in module.named_parameters()}
    buffers = {n: torch.empty_like(b, device="meta") for n, b in module.named_buffers()}
    tracer = _Tracer(dtype, {id(t): (n, t.numel()) for n, t in params.items()})
    paths = {id(m): path for path, m in module.named_modules()}

    def enter(mod, _inputs):
        tracer.scope.append(paths.get(id(mod), tracer.scope[-1]))

    def leave(mod, _inputs, _output):
        tracer.scope.pop()

    hooks = [register_module_forward_pre_hook(enter), register_module_forward_hook(leave)]
    inputs = tuple(map(_meta, example_inputs))
    sdpa_mode, aten_mode = _modes(tracer)
    try:
        with torch.no_grad(), sdpa_mode, aten_mode:
            functional_call(module, {**params, **buffers}, inputs)
    finally:
        for hook in hooks:
            hook.remove()
    if tracer.missing:
        raise UnsupportedOps(f"{type(module).__name__}: {tracer.message()}")
    unread = [i for i in tracer.param_sizes if i not in tracer.claimed]
    if unread:
        count = float(sum(tracer.param_sizes[i][1] for i in unread))
        tracer.ops.append(replace(ops.view("parameters never read by forward", dtype),
                                  params=count))
    first = next((x for x in inputs if isinstance(x, torch.Tensor) and x.dim() > 0), None)
    return Graph(name or type(module).__name__, tuple(tracer.ops), dtype, {"source": "torch"},
                 Workload(batch=int(first.shape[0]) if first is not None else 1))
