"""Load an ONNX model file into an ironlaw Graph, one op per ONNX node.

The file is read without its external weight data (only shapes matter), checked with the ONNX
checker, and its shapes inferred by ``onnx.shape_inference``; a symbolic batch dimension is set
to ``batch`` first. Each node becomes an op of :mod:`ironlaw.frameworks.ops` through the table
``HANDLERS``; a node type missing from it stops the load with :class:`UnsupportedOps` listing
every unknown type. Parameters are the floating-point initializers that ops read as weights,
counted once each (BatchNorm running mean and variance are statistics, not parameters, as in
torch). Units: FLOP, bytes, parameters (elements). onnx is imported lazily.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

from ironlaw.dtypes import element_bytes, from_onnx
from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Graph, Workload
from ironlaw.models.from_torch import UnsupportedOps, conv_from_shapes, pool_from_shapes
from ironlaw.models.parts import ACTIVATION_FLOPS


class OnnxFileError(UserError):
    """An ONNX file that cannot be used: missing, not ONNX, truncated, invalid or shapeless."""


FLOAT_TYPES = frozenset({1, 10, 11, 16, 17, 18, 19, 20, 23, 24, 27, 28})

# FLOPs per output element, counted as in from_torch.POINTWISE.
POINTWISE = {
    **dict.fromkeys(["Add", "Sub", "Mul", "Div", "Neg", "Abs", "Reciprocal", "Sqrt", "Pow",
                     "Exp", "Log", "Sin", "Cos", "Tanh", "Erf", "Max", "Min", "Where",
                     "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "Not", "And",
                     "Or", "Floor", "Ceil", "Round", "Sign", "Trilu", "Mod"], 1),
    **dict.fromkeys(["Clip", "LeakyRelu", "PRelu"], 2),
    **dict.fromkeys(["HardSigmoid", "Elu"], 4),
    **dict.fromkeys(["HardSwish", "Mish"], 5),
    **{name.capitalize(): ACTIVATION_FLOPS[name]
       for name in ("relu", "sigmoid", "softplus", "gelu")},
}
REDUCTIONS = frozenset({"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
                        "ReduceL2", "ReduceSumSquare", "ArgMax", "ArgMin", "CumSum"})
# No arithmetic: views move nothing; copies (a transpose, a slice, a pad ...) read and write
# their output's elements, fills only write them.
VIEWS = frozenset({"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Shape", "Constant", "Identity",
                   "Dropout", "Size"})
COPIES = frozenset({"Transpose", "Slice", "Split", "Expand", "Tile", "Pad", "GatherElements"})
FILLS = frozenset({"ConstantOfShape", "Range"})
# Inputs that hold weights, by position; other ops read as weights any float initializer
# of more than one element (a bias or a scale vector, not a scalar constant such as 0.5).
WEIGHT_SLOTS = {"MatMul": (0, 1), "Gemm": (0, 1, 2), "Conv": (1, 2), "BatchNormalization": (1, 2),
                "LayerNormalization": (1, 2), "RMSNormalization": (1,),
                "GroupNormalization": (1, 2), "InstanceNormalization": (1, 2), "Gather": (0,)}


class _Graph:
    """What handlers need to know about the inferred ONNX graph."""

    def __init__(self, model, dtype: str, file: str):
        from onnx import helper, numpy_helper

        self.dtype, self.file = dtype, file
        self.opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")),
                          1)
        self.inits = {t.name: (tuple(t.dims), t.data_type) for t in model.graph.initializer}
        for node in model.graph.node:  # Constant nodes are initializers written as nodes
            if node.op_type == "Constant" and node.attribute:
                value = helper.get_attribute_value(node.attribute[0])
                if hasattr(value, "dims"):
                    array = numpy_helper.to_array(value)
                    self.inits[node.output[0]] = (array.shape, value.data_type)
        self.alias = {}  # Identity of a weight (exporters use it for deduplicated weights)
        for node in model.graph.node:
            if node.op_type == "Identity" and node.input[0] in self.inits:
                source = self.alias.get(node.input[0], node.input[0])
                self.alias[node.output[0]] = source
                self.inits[node.output[0]] = self.inits[source]
        self.shapes = {name: dims for name, (dims, _) in self.inits.items()}
        for v in [*model.graph.input, *model.graph.value_info, *model.graph.output]:
            dims = v.type.tensor_type.shape.dim
            if v.type.tensor_type.HasField("shape") and all(d.HasField("dim_value") for d in dims):
                self.shapes[v.name] = tuple(d.dim_value for d in dims)

    def shape(self, node, value: str) -> tuple:
        if value not in self.shapes:
            raise OnnxFileError(f"{self.file}: the shape of {value!r} (at node {node.name!r}, "
                                f"{node.op_type}) is unknown after shape inference")
        return self.shapes[value]

    def is_weight(self, value: str) -> bool:
        return value in self.inits and self.inits[value][1] in FLOAT_TYPES


def _attr(node, name: str, default=None):
    from onnx import helper

    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


# --- handlers: (graph, node, name) -> Op ------------------------------------------------------
def _matmul(g, node, name):
    a, b = node.input[:2]
    sa, sb, out = g.shape(node, a), g.shape(node, b), g.shape(node, node.output[0])
    m, k = (sa[-2], sa[-1]) if len(sa) > 1 else (1, sa[0])
    n = sb[-1] if len(sb) > 1 else 1
    batch = ops.numel(out) / (m * n)
    if g.is_weight(b):
        return ops.linear(name, batch * m, k, n, g.dtype, bias=False)
    if g.is_weight(a):
        return ops.linear(name, batch * n, k, m, g.dtype, bias=False)
    return ops.matmul(name, batch, m, n, k, g.dtype)


def _gemm(g, node, name):
    """Y = alpha·A'·B' + beta·C with A' = A or Aᵀ (transA), B' = B or Bᵀ (transB)."""
    sa, sb = g.shape(node, node.input[0]), g.shape(node, node.input[1])
    m, k = (sa[1], sa[0]) if _attr(node, "transA", 0) else sa
    n = sb[0] if _attr(node, "transB", 0) else sb[1]
    bias = len(node.input) > 2 and g.is_weight(node.input[2])
    if g.is_weight(node.input[1]):
        return ops.linear(name, m, k, n, g.dtype, bias=bias)
    return ops.matmul(name, 1, m, n, k, g.dtype)


def _as_2d(shape: tuple) -> tuple:
    """(N, C, L) -> (N, C, 1, L): a 1-d convolution or pooling as a 2-d one of height 1."""
    return shape[:2] + (1,) + shape[2:] if len(shape) == 3 else shape


def _conv(g, node, name):
    x, w, y = (g.shape(node, v) for v in (node.input[0], node.input[1], node.output[0]))
    if len(x) not in (3, 4):
        return None
    # ONNX lists pads as [begin of each axis ..., end of each axis ...]
    strides = tuple(_attr(node, "strides", [1] * (len(x) - 2)))
    dilations = tuple(_attr(node, "dilations", [1] * (len(x) - 2)))
    pads = tuple(_attr(node, "pads", [0] * 2 * (len(x) - 2)))
    if len(x) == 3:  # as a 2-d convolution of height 1
        strides, dilations, pads = (1, *strides), (1, *dilations), (0, pads[0], 0, pads[1])
    bias = len(node.input) > 2 and bool(node.input[2])
    return conv_from_shapes(name, _as_2d(x), _as_2d(w), _as_2d(y), _attr(node, "group", 1), bias,
                            g.dtype, strides, (pads[0], pads[2], pads[1], pads[3]), dilations)


def _pool(g, node, name):
    x, y = _as_2d(g.shape(node, node.input[0])), _as_2d(g.shape(node, node.output[0]))
    if len(x) != 4:
        return None
    kernel = x[2:] if node.op_type.startswith("Global") else _attr(node, "kernel_shape")
    kernel = (1, kernel[0]) if len(kernel) == 1 else tuple(kernel)
    return pool_from_shapes(name, x, y, kernel, g.dtype)


def _norm(g, node, name):
    x = g.shape(node, node.input[0])
    if node.op_type in ("LayerNormalization", "RMSNormalization"):
        axis = _attr(node, "axis", -1)
        features = math.prod(x[axis:])
        kind = "layernorm" if node.op_type == "LayerNormalization" else "rmsnorm"
    else:  # per-channel: Batch-, Group-, InstanceNormalization
        features = x[1] if len(x) > 1 else 1
        kind = "batchnorm" if node.op_type == "BatchNormalization" else "layernorm"
    return ops.norm(name, ops.numel(x) / features, features, g.dtype, kind)


def _softmax(g, node, name):
    x = g.shape(node, node.input[0])
    axis = _attr(node, "axis", -1 if g.opset >= 13 else 1)
    # Before opset 13 softmax ran over the input flattened to 2-d at ``axis``.
    columns = x[axis] if g.opset >= 13 else math.prod(x[axis:])
    return ops.softmax(name, ops.numel(x) / columns, columns, g.dtype)


def _gather(g, node, name):
    data, indices = node.input[:2]
    out = g.shapes.get(node.output[0], ())
    if not g.is_weight(data) or _attr(node, "axis", 0) != 0:  # indexing activations or shapes
        return ops.copy(name, ops.numel(out), g.dtype, out, kind="gather")
    table = g.shape(node, data)
    return ops.embedding(name, ops.numel(g.shape(node, indices)), table[0],
                         math.prod(table[1:]), g.dtype)


def _pointwise(flops_per_element):
    def handler(g, node, name):
        out = g.shape(node, node.output[0])
        inputs = [g.shape(node, v) for v in node.input if v]  # broadcast ones are read once
        return ops.elementwise(name, ops.numel(out), g.dtype, flops_per_element, 0, shape=out,
                               broadcast=tuple(ops.numel(s) for s in inputs))
    return handler


def _reduction(g, node, name):
    x, out = g.shape(node, node.input[0]), g.shape(node, node.output[0])
    return ops.reduce(name, ops.numel(x), ops.numel(out), g.dtype, shape=out)


def _view(g, node, name):
    return ops.view(name, g.dtype, g.shapes.get(node.output[0], ()) if node.output else ())


def _written(g, node) -> tuple[float, tuple]:
    """Elements of all outputs, and the first one's shape."""
    shapes = [g.shape(node, v) for v in node.output if v]
    return float(sum(ops.numel(s) for s in shapes)), (shapes[0] if shapes else ())


def _copy(g, node, name):
    written, shape = _written(g, node)
    return ops.copy(name, written, g.dtype, shape, read=0.0 if node.op_type in FILLS else None,
                    kind="gather" if node.op_type == "GatherElements" else "copy")


def _concat(g, node, name):
    return ops.concat(name, tuple(ops.numel(g.shape(node, v)) for v in node.input if v),
                      g.dtype, g.shape(node, node.output[0]))


def _cast(g, node, name):
    """Read at the graph's precision, write at the target type's (a type ironlaw does not
    cost, such as int64, counts at the graph's)."""
    written, shape = _written(g, node)
    target = from_onnx(_attr(node, "to", 0)) if node.op_type == "Cast" else None
    if target is None or target == g.dtype:
        return ops.copy(name, written, g.dtype, shape)
    return ops.cast(name, written, g.dtype, target, shape)


HANDLERS = {
    "MatMul": _matmul, "Gemm": _gemm, "Conv": _conv, "Softmax": _softmax, "LogSoftmax": _softmax,
    "MaxPool": _pool, "AveragePool": _pool, "GlobalAveragePool": _pool, "GlobalMaxPool": _pool,
    **dict.fromkeys(["BatchNormalization", "LayerNormalization", "RMSNormalization",
                     "GroupNormalization", "InstanceNormalization"], _norm),
    "Gather": _gather,
    **{op: _pointwise(f) for op, f in POINTWISE.items()},
    **dict.fromkeys(REDUCTIONS, _reduction),
    **dict.fromkeys(VIEWS, _view),
    **dict.fromkeys(COPIES | FILLS, _copy), "Concat": _concat, "Cast": _cast, "CastLike": _cast,
}


# --- reading ----------------------------------------------------------------------------------
def _read(path: Path):
    """Load and check the file; every failure is an OnnxFileError naming the file."""
    import onnx

    from ironlaw.files import regular_file

    regular_file(path, "ONNX model", limit_bytes=2**31)  # protobuf's own 2 GiB limit
    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:  # protobuf DecodeError and friends
        raise OnnxFileError(f"{path}: not a readable ONNX model (truncated or not ONNX: "
                            f"{_first_line(exc)})") from None
    try:
        onnx.checker.check_model(model)
    except Exception as exc:
        raise OnnxFileError(f"{path}: fails the ONNX checker: {_first_line(exc)}") from None
    return model


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _fix_batch(model, batch: int | None, file: Path) -> None:
    """Set symbolic batch dimensions of the graph inputs (and outputs) to ``batch``, in place.

    A batch dimension is dimension 0 of an input, or any dimension sharing its symbol. Any
    other unknown input dimension is an error naming the input: ironlaw needs fixed shapes.
    """
    graph = model.graph
    inits = {t.name for t in graph.initializer}
    inputs = [v for v in graph.input if v.name not in inits]
    input_names = {v.name for v in inputs}
    symbols = {v.type.tensor_type.shape.dim[0].dim_param for v in inputs
               if len(v.type.tensor_type.shape.dim) and
               not v.type.tensor_type.shape.dim[0].HasField("dim_value")}
    for value in [*inputs, *graph.output]:
        for i, d in enumerate(value.type.tensor_type.shape.dim):
            if d.HasField("dim_value"):
                continue
            is_batch = ((i == 0 and value.name in input_names)
                        or bool(d.dim_param and d.dim_param in symbols))
            if is_batch and batch is not None:
                d.dim_value = batch
            elif value.name in input_names:
                what = f"symbolic ({d.dim_param!r})" if d.dim_param else "unknown"
                hint = ("pass batch=" if is_batch else
                        "export the model with a fixed size for it")
                raise OnnxFileError(f"{file}: input {value.name!r} dimension {i} is {what}; "
                                    f"{hint}")


def _precision(model, file: Path) -> str:
    """The storage precision of the first floating-point initializer (else input)."""
    types = [t.data_type for t in model.graph.initializer]
    types += [v.type.tensor_type.elem_type for v in model.graph.input]
    for t in types:
        if t in FLOAT_TYPES and from_onnx(t):
            return from_onnx(t)
    raise OnnxFileError(f"{file}: no floating-point weights or inputs to take a precision from; "
                        f"pass dtype=")


def _batch(model) -> int:
    """Dimension 0 of the first graph input that is not an initializer (its batch, once
    ``_fix_batch`` has set it); 1 when it has no fixed dimension 0."""
    inits = {t.name for t in model.graph.initializer}
    for value in model.graph.input:
        dims = value.type.tensor_type.shape.dim
        if value.name not in inits and len(dims) and dims[0].HasField("dim_value"):
            return int(dims[0].dim_value)
    return 1


def load(path: str | Path, dtype: str | None = None, batch: int | None = None) -> Graph:
    """Read an ONNX file and return its forward op graph (a :class:`Graph`).

    ``dtype`` is the storage precision ops are costed at (default: the model's weight type);
    ``batch`` fills symbolic batch dimensions of the inputs. Parameters: floating-point
    initializers read as weights, once each. Raises :class:`OnnxFileError` for an unusable file
    and :class:`UnsupportedOps` listing node types the tables do not cover.
    """
    import onnx


    path = Path(path)
    model = _read(path)
    dtype = dtype or _precision(model, path)
    element_bytes(dtype)
    _fix_batch(model, batch, path)
    try:
        model = onnx.shape_inference.infer_shapes(model, strict_mode=True, data_prop=True)
    except Exception as exc:
        raise OnnxFileError(f"{path}: ONNX shape inference failed: {_first_line(exc)}") from None
    g = _Graph(model, dtype, str(path))

    graph_ops: list[ops.Op] = []
    missing: Counter = Counter()
    claimed: set[str] = set()
    for i, node in enumerate(model.graph.node):
        kind = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}.{node.op_type}"
        handler = HANDLERS.get(kind)
        op = handler(g, node, node.name or f"{node.op_type}_{i}") if handler else None
        if op is None:
            missing[kind if handler is None else f"{kind} (rank not 3-4)"] += 1
            continue
        if op.kind not in ("view", "copy", "cast"):
            slots = WEIGHT_SLOTS.get(node.op_type)
            weights = ([node.input[s] for s in slots if s < len(node.input)] if slots else
                       [v for v in node.input if v in g.inits and ops.numel(g.inits[v][0]) > 1])
            new = {g.alias.get(v, v) for v in weights if g.is_weight(v)} - claimed
            claimed |= new
            op = replace(op, params=sum(ops.numel(g.inits[v][0]) for v in new))
        graph_ops.append(op)
    if missing:
        listed = ", ".join(f"{op} ({n}×)" for op, n in sorted(missing.items()))
        raise UnsupportedOps(f"{path}: {len(missing)} ONNX operator(s) ironlaw cannot cost: "
                             f"{listed}")
    return Graph(model.graph.name or path.stem, tuple(graph_ops), dtype, {"source": "onnx"},
                 Workload(batch=_batch(model)))
