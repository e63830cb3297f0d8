"""The design space: named dimensions, their values, and the chunks the grid is cut into.

A sweep is the Cartesian product of its dimensions, taken in a fixed order (categorical ones
first, then the sizes a graph is built from, then those that only scale the result):

    graph, closed-form   model · phase · precision · device · mode · batch · seq [· context]
                         · count [· region]
    serving              model · precision · device · tp · batch · prompt · output
                         [· rate · slo_ttft]

Configuration i is the C-order (last dimension fastest) flat index into that grid; chunk k
holds configurations [k·N, min((k + 1)·N, size)). Every backend evaluates the same chunks, so
a sweep run locally, on a Dask cluster, or resumed from a folder gives identical numbers.

Values are given as a scalar, a list, or a string: ``"1,8,64"``, ``"1..256x2"`` (1, 2, 4 ...
256) or ``"128..4096:128"`` (128, 256 ... 4096). Quantities may carry units at this edge
(``"200 ms"``, ``"20 /s"``, ``"$4.50/h"``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ironlaw import checks, units
from ironlaw.errors import ParameterError, UserError

METHODS = ("graph", "closed-form", "serving")
CATEGORICAL = ("model", "phase", "precision", "device", "mode", "region")
AUTO_PHASE = "auto"  # each model's first phase: forward, prefill (decoders) or encoder (BERT)
DEFAULT_CHUNK = {"graph": 1 << 16, "closed-form": 1 << 20, "serving": 1 << 18}
MAX_VALUES = 100_000  # values of one dimension


@dataclass(frozen=True)
class Space:
    """The grid of a sweep: ordered dimensions with their values, the resolved devices (with
    efficiency and price per device-hour), and the options of the method."""

    method: str
    dims: tuple[str, ...]
    values: tuple[tuple, ...]
    devices: tuple[Any, ...]  # hardware.schema.Device, in the order of the device dimension
    efficiencies: tuple[Any, ...]
    price_per_hour: tuple[float | None, ...]  # USD per device-hour (cloud); None: owned
    capex: tuple[float | None, ...]  # USD per device (owned); None: no price known
    chunk: int
    options: dict[str, Any] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()

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
                "price_per_hour": list(self.price_per_hour), "capex_usd": list(self.capex),
                "chunk": self.chunk,
                "options": self.options,
                "devices": [json.loads(d.model_dump_json()) for d in self.devices]}


# --- values at the edge ----------------------------------------------------------------------
_RANGE = re.compile(r"^\s*(.+?)\s*\.\.\s*(.+?)\s*(?:([:x])\s*([0-9.eE+-]+|\d[^:x]*))?\s*$")


def _expand(text: str, flag: str, read) -> list:
    """``"a,b,c"``, ``"a..b:step"`` (linear) or ``"a..bxf"`` (geometric) as a list of values."""
    out: list = []
    for part in (p for p in text.split(",") if p.strip()):
        match = _RANGE.match(part)
        if not match:
            out.append(read(part.strip()))
            continue
        lo, hi, how, step = match.groups()
        lo, hi = read(lo), read(hi)
        if how is None:
            how, step = ":", "1"
        step_value = float(units.parse(step, "count")) if how == "x" else read(step)
        if not step_value > (1 if how == "x" else 0) or hi < lo:
            raise UserError(f"{flag}: range {part.strip()!r} must run upward with a step "
                            f"> 0 (':step') or a factor > 1 ('xfactor')")
        i = 0
        while True:  # each value from the start, rounded to 12 figures: no drift
            x = float(f"{(lo * step_value ** i if how == 'x' else lo + i * step_value):.12g}")
            if x > hi * (1 + 1e-12):
                break
            out.append(read(x))
            if len(out) > MAX_VALUES:
                raise UserError(f"{flag}: more than {MAX_VALUES:,} values")
            i += 1
    if not out:
        raise UserError(f"{flag}: no values given")
    return out


def as_list(raw: Any, flag: str, read) -> list:
    """A scalar, a list/tuple/array, or a string of values (see the module docstring)."""
    if isinstance(raw, str):
        return _expand(raw, flag, read)
    if isinstance(raw, (list, tuple, np.ndarray)):
        items = list(np.asarray(raw).ravel()) if isinstance(raw, np.ndarray) else list(raw)
        out = []
        for item in items:
            out += _expand(item, flag, read) if isinstance(item, str) else [read(item)]
        if not out:
            raise UserError(f"{flag}: no values given")
        return out
    return [read(raw)]


def whole(name: str):
    """A reader of whole numbers ≥ 1 for parameter ``name`` (``checks.whole``)."""

    def read(x: Any) -> int:
        if isinstance(x, str):
            x = units.parse(x, "count")
        return checks.whole(x.item() if isinstance(x, np.generic) else x, name)

    return read


def positive(name: str, dim: str, example: str, scale: float = 1.0):
    """A reader of positive quantities of dimension ``dim`` for parameter ``name`` (unit
    strings allowed, × scale)."""

    def read(x: Any) -> float:
        if isinstance(x, np.generic):
            x = x.item()
        try:
            value = units.parse(x, dim) * (scale if isinstance(x, str) else 1.0)
        except units.UnitError as exc:
            raise ParameterError(name, str(exc)) from None
        return checks.positive(value, name, f"a positive value like {example!r}")

    return read


def text(flag: str, choices: tuple[str, ...] | None = None):
    def read(x: Any) -> str:
        if not isinstance(x, str) or not x.strip():
            raise UserError(f"{flag}: expected a name; got {x!r}")
        x = x.strip()
        if choices is not None and x not in choices:
            raise UserError(f"{flag}: expected one of {', '.join(choices)}; got {x!r}")
        return x

    return read


def unique(values: list, flag: str) -> tuple:
    seen = set()
    for v in values:
        if v in seen:
            raise UserError(f"{flag}: {v!r} is listed twice")
        seen.add(v)
    return tuple(values)


@dataclass(frozen=True)
class Chunk:
    """The metrics of configurations [start, stop): one array per metric, in flat order."""

    index: int
    start: int
    stop: int
    columns: dict[str, np.ndarray]
    assumptions: tuple[str, ...] = ()


def runs(keys: np.ndarray) -> list[tuple[int, int]]:
    """[a, b) ranges over which ``keys`` stays constant (keys are sorted within a chunk)."""
    if keys.size == 0:
        return []
    edges = np.flatnonzero(np.diff(keys)) + 1
    bounds = [0, *edges.tolist(), int(keys.size)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))
