"""A model as a graph of ops: blocks repeated L times are stored once, with a count.

``Graph.ops`` is the flat list an analysis walks (each op's ``count`` already multiplied by its
block's repetition); ``Graph.columns()`` gives the same as numpy arrays, one entry per op, so
a cost model evaluates a whole graph — and later a whole sweep — in a few vector operations.
Totals multiply per-execution figures by ``count``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ironlaw.frameworks.ops import TENSOR_KINDS, Op


@dataclass(frozen=True)
class Block:
    """A sequence of ops executed ``count`` times in a row (e.g. L transformer layers)."""

    name: str
    ops: tuple[Op, ...]
    count: int = 1


@dataclass(frozen=True)
class Graph:
    """A model's forward (or backward) pass at one batch size, sequence length and precision."""

    name: str
    items: tuple[Op | Block, ...]
    dtype: str
    meta: dict = field(default_factory=dict, compare=False)

    @cached_property
    def ops(self) -> tuple[Op, ...]:
        flat: list[Op] = []
        for item in self.items:
            if isinstance(item, Block):
                flat.extend(op.times(item.count) for op in item.ops)
            else:
                flat.append(item)
        return tuple(flat)

    @cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        ops = self.ops

        def column(get) -> np.ndarray:
            return np.fromiter((get(op) for op in ops), dtype=float, count=len(ops))

        return {
            "count": column(lambda o: o.count),
            "flops": column(lambda o: o.flops),
            "params": column(lambda o: o.params),
            "weight_bytes": column(lambda o: o.weight_bytes),
            "input_bytes": column(lambda o: o.input_bytes),
            "output_bytes": column(lambda o: o.output_bytes),
            "m": column(lambda o: o.dims.get("m", 0.0)),
            "n": column(lambda o: o.dims.get("n", 0.0)),
            "k": column(lambda o: o.dims.get("k", 0.0)),
            "batch": column(lambda o: o.dims.get("batch", 1.0)),
        }

    def columns(self) -> dict[str, np.ndarray]:
        """Per-op numpy arrays: count, flops, params, weight/input/output bytes, m, n, k, batch."""
        return self._columns

    @cached_property
    def kinds(self) -> np.ndarray:
        return np.array([op.kind for op in self.ops])

    # --- totals (per graph execution) --------------------------------------------------------
    @property
    def flops(self) -> float:
        c = self._columns
        return float(np.dot(c["count"], c["flops"]))

    @property
    def tensor_flops(self) -> float:
        """FLOPs of the matrix products — matmul, convolution and attention's QKᵀ and PV (not its
        softmax) — which is what dispatcher-level FLOP counters count. Causal attention counts
        the scores it computes; PyTorch's counter counts the full q×kv square."""
        return float(sum(op.count * op.dims.get("tensor_flops", op.flops)
                         for op in self.ops if op.kind in TENSOR_KINDS))

    @property
    def params(self) -> float:
        """Parameters: an op in a block repeated L times has L sets of weights. An op that
        reuses weights held elsewhere (a tied LM head) declares ``params = 0``."""
        c = self._columns
        return float(np.dot(c["count"], c["params"]))

    @property
    def param_bytes(self) -> float:
        return float(sum(op.param_bytes * op.count for op in self.ops))

    @property
    def weight_bytes(self) -> float:
        c = self._columns
        return float(np.dot(c["count"], c["weight_bytes"]))

    @property
    def activation_bytes(self) -> float:
        c = self._columns
        return float(np.dot(c["count"], c["input_bytes"] + c["output_bytes"]))

    @property
    def bytes(self) -> float:
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
            "intensity_flop_per_byte": self.flops / self.bytes if self.bytes else float("inf"),
            **self.meta,
        }
