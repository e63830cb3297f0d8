"""The design space: named dimensions, their values, and the chunks the grid is cut into.

A sweep is the Cartesian product of its dimensions, taken in a fixed order (categorical ones
first, then the sizes a graph is built from, then those that only scale the result):

    graph, closed-form   model · phase · precision · device · mode · batch · seq [· context]
                         · count [· region]
    serving              model · precision · device · tp [· kv_precision · kv_heads
                         · kv_reads] · batch · prompt · output [· shared_prefix
                         · prefix_hit] [· rate · slo_ttft]

Configuration i is the C-order (last dimension fastest) flat index into that grid; chunk k
holds configurations [k·N, min((k + 1)·N, size)). Every backend evaluates the same chunks, so
a sweep run locally, on a Dask cluster, or resumed from a folder gives identical numbers.

Values are given as a scalar, a list, or a string in the syntax of :mod:`ironlaw.ranges`
(``"1,8,64"``, ``"1..256x2"``, ``"128..4096:128"``, units allowed at this edge).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ironlaw.hardware.schema import to_json

METHODS = ("graph", "closed-form", "serving")
AUTO_PHASE = "auto"  # each model's first phase: forward, prefill (decoders) or encoder (BERT)
DEFAULT_CHUNK = {"graph": 1 << 16, "closed-form": 1 << 20, "serving": 1 << 18}


@dataclass(frozen=True)
class Space:
    """The grid of a sweep: ordered dimensions with their values, the resolved devices (with
    efficiency and price per device-second), and the options of the method."""

    method: str
    dims: tuple[str, ...]
    values: tuple[tuple, ...]
    devices: tuple[Any, ...]  # hardware.schema.Device, in the order of the device dimension
    efficiencies: tuple[Any, ...]
    price_per_s: tuple[float | None, ...]  # USD per device-second (cloud); None: owned
    capex: tuple[float | None, ...]  # USD per device (owned); None: no price known
    chunk: int
    options: dict[str, Any] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()
    model_configs: tuple[tuple[str, str], ...] = ()  # the user's models: (ID, config.json)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.values)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def chunks(self) -> int:
        return max(1, -(-self.size // self.chunk))

    def bounds(self, k: int) -> tuple[int, int]:
        """[start, stop) flat indices of chunk ``k``."""
        return k * self.chunk, min((k + 1) * self.chunk, self.size)

    def has(self, dim: str) -> bool:
        return dim in self.dims

    def coord(self, dim: str) -> tuple:
        return self.values[self.dims.index(dim)]

    def unravel(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Per dimension, the index of each configuration in [start, stop) (C order)."""
        flat = np.arange(start, stop, dtype=np.int64)
        out = {}
        for dim, n in zip(reversed(self.dims), reversed(self.shape), strict=True):
            if n == 1:  # nothing to divide: every configuration has index 0
                out[dim] = np.broadcast_to(np.int64(0), flat.shape)
            else:
                flat, out[dim] = np.divmod(flat, n)
        return {dim: out[dim] for dim in self.dims}

    def stride(self, dim: str) -> int:
        """Configurations between consecutive values of ``dim``."""
        return math.prod(self.shape[self.dims.index(dim) + 1:])

    def spec(self) -> dict[str, Any]:
        """A JSON-able description: what a resumed sweep must match."""
        return {"method": self.method, "dims": {d: list(v) for d, v in zip(
                    self.dims, self.values, strict=True)},
                "price_usd_per_s": list(self.price_per_s), "capex_usd": list(self.capex),
                "chunk": self.chunk,
                "options": self.options,
                "devices": [to_json(d) for d in self.devices]}


@dataclass(frozen=True)
class Chunk:
    """The metrics of configurations [start, stop): one array per metric, in flat order."""

    index: int
    start: int
    stop: int
    columns: dict[str, np.ndarray]
    assumptions: tuple[str, ...] = ()


def runs(space: Space, idx: dict[str, np.ndarray], dims: tuple[str, ...]):
    """(a, b, values): the [a, b) ranges of a chunk over which the coordinates of ``dims``
    stay constant (they are sorted within a chunk), with those coordinates."""
    keys = np.ravel_multi_index(tuple(idx[d] for d in dims),
                                tuple(len(space.coord(d)) for d in dims))
    edges = np.flatnonzero(np.diff(keys)) + 1
    bounds = [0, *edges.tolist(), int(keys.size)] if keys.size else [0]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        yield a, b, tuple(space.coord(d)[idx[d][a]] for d in dims)
