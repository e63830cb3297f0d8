"""A model as a graph of ops: blocks repeated L times are stored once, with a count.

``Graph.ops`` is the flat list an analysis walks (each op's ``count`` already multiplied by its
block's repetition); ``Graph.columns()`` gives the same as numpy arrays, one entry per op, so
a cost model evaluates a whole graph — and later a whole sweep — in a few vector operations.
Totals multiply per-execution figures by ``count``. ``Graph.workload`` says what one
execution processes (batch, sequence, context, phase, tokens, KV-cache bytes): every builder and
importer sets it, and throughput is batch / latency from it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from typing import Any

import numpy as np

from ironlaw.frameworks.ops import FUSIBLE_KINDS, TENSOR_KINDS, Op


def _siblings(before: Op, op: Op) -> bool:
    """Whether ``op`` runs in one GEMM with ``before``: the builder gave both the same sibling
    key (they read one input), and they share kind, precision and count."""
    return (op.sibling is not None and op.sibling == before.sibling and op.kind == before.kind
            and op.dtype == before.dtype and op.count == before.count)


_COLUMNS = ("flops", "params", "weight_bytes", "input_bytes", "output_bytes", "m", "n", "k",
            "batch", "kv_group", "cache_bytes", "score_bytes", "dequant_flops", "matrix_flops")


def _rows(column: np.ndarray) -> list:
    """A per-op column as a list: Python floats for one configuration, else one array (a
    copy) per op over the configurations."""
    return column.tolist() if column.ndim == 1 else [row.copy() for row in column]


@dataclass(frozen=True)
class Workload:
    """What one graph execution processes. Sizes may be numpy arrays (a sweep).

    batch           samples (sequences, images) per execution
    phase           forward | encoder | prefill | decode | mixed | backward | train
    seq             prompt or input length [tokens] (None: not a sequence model, or decode)
    context         tokens a decode step attends to (None outside decode)
    tokens          tokens processed per execution (None: not a sequence model)
    kv_cache_bytes  KV cache held while the graph runs [B]
    """

    batch: Any = 1
    phase: str = "forward"
    seq: Any = None
    context: Any = None
    tokens: Any = None
    kv_cache_bytes: Any = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def point_fields(self) -> dict[str, Any]:
        """The operating point as a result's inputs: phase, batch, and seq or context where
        they apply (the keys every JSON answer carries them under)."""
        return {k: v for k, v in (("phase", self.phase), ("batch", self.batch),
                                  ("seq", self.seq), ("context", self.context))
                if v is not None}

    def point(self) -> str:
        """The operating point for people: phase · batch [· seq] [· context] (a sweep's sizes
        as their range)."""
        sizes = (("batch", self.batch), ("seq", self.seq), ("context", self.context))
        return " · ".join([self.phase, *(f"{name} {_span(x)}" for name, x in sizes
                                         if x is not None)])


def _span(x, show=lambda v: f"{v:g}") -> str:
    """A value, or a sweep's values as low–high, each written by ``show``."""
    values = np.asarray(x, dtype=float)
    low, high = show(float(values.min())), show(float(values.max()))
    return low if low == high else f"{low}–{high}"


@dataclass(frozen=True)
class Block:
    """A sequence of ops executed ``count`` times in a row (e.g. L transformer layers)."""

    name: str
    ops: tuple[Op, ...]
    count: int = 1


@dataclass(frozen=True, repr=False)
class Graph:
    """A model's forward (or backward) pass at one batch size, sequence length and precision.

    Its ``repr`` is one line (name, parameters, FLOPs, precision and operating point); every
    op is in ``ops``, and ``frameworks.worked.Summary`` shows them (``ironlaw model show``)."""

    name: str
    items: tuple[Op | Block, ...]
    dtype: str
    meta: dict = field(default_factory=dict, compare=False)  # descriptive: family, source ...
    workload: Workload = field(default_factory=Workload, compare=False)

    def __repr__(self) -> str:
        from ironlaw.units import format as show

        params = _span(self.params, lambda v: show(v, "count"))
        flops = _span(self.flops, lambda v: show(v, "flops"))
        return (f"<Graph {self.name}: {params} parameters, {flops} per pass; {self.dtype} · "
                f"{self.workload.point()}>")

    @cached_property
    def ops(self) -> tuple[Op, ...]:
        flat: list[Op] = []
        for item in self.items:
            if isinstance(item, Block):
                # ops are frozen: a block run once lends its own (no copy to make)
                flat.extend(item.ops if item.count == 1 else
                            (op.times(item.count) for op in item.ops))
            else:
                flat.append(item)
        return tuple(flat)

    @cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        ops = self.ops
        values = list(map(attrgetter(*_COLUMNS), ops))  # per op, a tuple of its fields
        try:  # numbers only (one configuration): one (ops × fields) table
            table = np.array(values, dtype=float).reshape(len(ops), len(_COLUMNS))
            table.flags.writeable = False  # cached: no caller may change a graph's columns
            columns = dict(zip(_COLUMNS, table.T, strict=True))
        except ValueError:  # arrays of sizes too: each field broadcast to one shape
            columns = {name: np.stack(np.broadcast_arrays(
                *(np.asarray(v[j], dtype=float) for v in values)))
                for j, name in enumerate(_COLUMNS)}
        # every column gets the same (ops, *configurations) shape (one configuration: (ops,))
        shape = np.broadcast_shapes(*(c.shape[1:] for c in columns.values()))
        if shape:
            columns = {name: np.broadcast_to(
                c.reshape(c.shape + (1,) * (len(shape) + 1 - c.ndim)), (len(ops), *shape))
                for name, c in columns.items()}
        columns["count"] = np.array([op.count for op in ops], dtype=float)
        return columns

    def columns(self) -> dict[str, np.ndarray]:
        """Per-op numpy arrays: count, flops, params, weight/input/output bytes, m, n, k, batch,
        score_bytes, dequant_flops, matrix_flops.

        Axis 0 is the op; further axes, if any, are the configurations a graph built from
        arrays of sizes describes (``count`` is per op only).
        """
        return self._columns

    @cached_property
    def fused(self) -> dict[str, np.ndarray]:
        """Bytes, launches and kernels in fused execution (frameworks.cost), once fusible ops
        are folded into their producers.

        Walking the ops in order, an elementwise/norm/softmax/pool op that follows another
        (non-view) op joins that op's kernel: the producer no longer writes its output and the
        consumer no longer reads it (a residual add still reads its other input), and the
        consumer's launch disappears (a collective fuses nothing). ``kernel`` is the index of
        the op whose kernel each op runs in (its own, or its producer's). In inference, a
        ``foldable`` op (BatchNorm) right after a conv or matmul is folded into that op's
        weights: ``folded`` marks it, its FLOPs gone. Attention drops its materialized score
        traffic (flash). Sibling GEMMs — ops that follow one another with the same ``sibling``
        key, which builders give the projections of one input (Q, K and V; gate and up) — run
        as one GEMM, as inference engines and Megatron-LM fuse them: one launch, the input read
        once, and ``gemm_n`` the group's Σn, the width the cost core tiles them at.
        """
        ops = self.ops
        c = self.columns()
        # walked per op on Python rows (floats for one configuration, arrays over a sweep's)
        inputs = _rows(c["input_bytes"] - c["score_bytes"] / 2)
        outputs = _rows(c["output_bytes"] - c["score_bytes"] / 2)
        lesser = min if np.ndim(c["n"]) == 1 else np.minimum
        launches = [1.0] * len(ops)
        kernel = list(range(len(ops)))
        folded = [False] * len(ops)
        gemm_n = _rows(c["n"])
        inference = self.workload.phase not in ("backward", "train")
        producer = None
        for i, op in enumerate(ops):
            if op.kind == "view":
                launches[i] = 0.0
                kernel[i] = kernel[i - 1] if i else i
                continue
            if op.kind == "collective":  # a communication kernel fuses nothing
                producer = None
                continue
            if producer is not None and _siblings(ops[producer], op):
                first = kernel[producer]
                inputs[i] = 0.0 * inputs[i]  # the shared input is read once, by the first
                launches[i] = 0.0
                kernel[i] = first
                gemm_n[first] = gemm_n[first] + gemm_n[i]
                producer = i
                continue
            if (op.kind in FUSIBLE_KINDS and producer is not None
                    and ops[producer].count == op.count):
                passed = lesser(outputs[producer], inputs[i])
                outputs[producer] = outputs[producer] - passed
                inputs[i] = inputs[i] - passed
                launches[i] = 0.0
                kernel[i] = kernel[producer]
                folded[i] = (inference and op.foldable
                             and ops[producer].kind in ("conv2d", "matmul"))
            producer = i
        kernel = np.array(kernel)
        return {"input_bytes": np.array(inputs, dtype=float),
                "output_bytes": np.array(outputs, dtype=float),
                "launches": np.array(launches), "kernel": kernel,
                "folded": np.array(folded, dtype=bool),
                # a sibling tiles at its group's width (others: their own)
                "gemm_n": np.array(gemm_n, dtype=float)[kernel]}

    def total(self, per_op) -> float | np.ndarray:
        """Σ_ops count · x over axis 0: a float, or an array over the configurations."""
        count = self._columns["count"]
        if np.ndim(per_op) <= 2:  # one configuration, or one axis of them: a plain product
            return as_float(count @ per_op)
        return as_float(np.tensordot(count, per_op, axes=1))

    @cached_property
    def masks(self) -> dict[str, np.ndarray]:
        """Per-op booleans: ``tensor`` (runs on matrix units), ``view`` (moves nothing),
        ``structured`` (2:4 sparse weights), ``gradient`` (a backward-pass op)."""
        ops = self.ops
        return {"tensor": np.array([op.kind in TENSOR_KINDS for op in ops], dtype=bool),
                "view": np.array([op.kind == "view" for op in ops], dtype=bool),
                "structured": np.array([op.structured for op in ops], dtype=bool),
                "gradient": np.array([op.gradient for op in ops], dtype=bool)}

    @cached_property
    def kinds(self) -> np.ndarray:
        return np.array([op.kind for op in self.ops])

    @cached_property
    def precisions(self) -> tuple[tuple[str, ...], np.ndarray]:
        """The distinct op precisions, and each op's index into them."""
        names = tuple(dict.fromkeys(op.dtype for op in self.ops))
        index = {p: i for i, p in enumerate(names)}
        return names, np.array([index[op.dtype] for op in self.ops], dtype=int)

    def map_ops(self, rewrite, dtype: str | None = None, meta: dict | None = None,
                **workload) -> Graph:
        """A new graph with ``rewrite(op)`` applied to every op, inside blocks too (a graph
        transform: compression, a kernel's way of reading a cache); ``dtype``, ``meta`` and
        ``workload`` fields updated where given."""
        items = tuple(replace(item, ops=tuple(rewrite(op) for op in item.ops))
                      if isinstance(item, Block) else rewrite(item) for item in self.items)
        return replace(self, items=items, dtype=dtype or self.dtype,
                       meta={**self.meta, **(meta or {})},
                       workload=replace(self.workload, **workload))

    # --- totals (per graph execution) --------------------------------------------------------
    @property
    def flops(self):
        return self.total(self._columns["flops"])

    @property
    def tensor_flops(self):
        """FLOPs of the matrix products — matmul, convolution and attention's QKᵀ and PV (not its
        softmax) — which is what dispatcher-level FLOP counters count. Causal attention counts
        the scores it computes; PyTorch's counter counts the full q×kv square."""
        return self.total(self._columns["matrix_flops"])

    @property
    def params(self):
        """Parameters: an op in a block repeated L times has L sets of weights. An op that
        reuses weights held elsewhere (a tied LM head) declares ``params = 0``. A count: an
        int when whole (an array over a sweep's configurations stays float)."""
        return as_count(self.total(self._columns["params"]))

    @cached_property
    def param_bytes(self):
        return as_float(sum(op.param_bytes * op.count for op in self.ops))

    @property
    def weight_bytes(self):
        return self.total(self._columns["weight_bytes"])

    @property
    def activation_bytes(self):
        c = self._columns
        return self.total(c["input_bytes"] + c["output_bytes"])

    @property
    def bytes(self):
        return self.weight_bytes + self.activation_bytes

    def summary(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "ops": len(self.ops),
            "params": self.params,
            "param_bytes": self.param_bytes,
            "flops": self.flops,
            "tensor_flops": self.tensor_flops,
            "weight_bytes": self.weight_bytes,
            "activation_bytes": self.activation_bytes,
            "intensity_flop_per_byte": as_float(np.divide(self.flops, self.bytes)),
            **self.meta,
            **({"active_params": as_count(self.meta["active_params"])}
               if "active_params" in self.meta else {}),
            **{k: v for k, v in self.workload.to_dict().items() if v is not None},
        }


def as_float(x):
    """A 0-d result as a Python float; arrays unchanged."""
    return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=float)


def as_count(x):
    """A count (parameters): a 0-d whole number as a Python int, so that JSON and Python show
    ``2614341888``, not ``2614341888.0``; anything else as ``as_float``."""
    x = as_float(x)
    return int(x) if np.ndim(x) == 0 and x.is_integer() else x
