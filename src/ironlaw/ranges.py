"""Lists of values from one string: the syntax of every option that takes several sizes.

    "1,8,64"          the values listed
    "1..256x2"        geometric: 1, 2, 4 ... 256   (start · factor^i while ≤ end)
    "128..4096:128"   linear: 128, 256 ... 4096    (start + step · i while ≤ end)
    "1..4"            linear with step 1

Parts combine with commas (``"1..8x2,12,16"``); values may carry units where the reader parses
them (``"200 ms"``, ``"20 /s"``, ``"$4.50/h"``). Each value is computed from the start, rounded
to 12 significant figures, so long ranges do not drift. A list is refused before it is built
when it would hold more than :data:`MAX_VALUES` values. Errors are
:class:`~ironlaw.errors.ParameterError` naming the parameter.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ironlaw import checks, units
from ironlaw.errors import ParameterError

MAX_VALUES = 10_000  # values of one parameter

_RANGE = re.compile(r"^\s*(.+?)\s*\.\.\s*(.+?)\s*(?:([:x])\s*([0-9.eE+-]+|\d[^:x]*))?\s*$")


def _count(lo: float, hi: float, how: str, step: float) -> int:
    """How many values lo..hi holds (a hair of tolerance for rounding)."""
    span = math.log(hi / lo) / math.log(step) if how == "x" else (hi - lo) / step
    return math.floor(span + 1e-9) + 1


def _expand_text(text: str, name: str, read, out: list) -> None:
    for part in (p.strip() for p in text.split(",") if p.strip()):
        match = _RANGE.match(part)
        if not match:
            out.append(read(part))
            continue
        lo, hi, how, step = match.groups()
        lo, hi = read(lo), read(hi)
        how, step = (how, step) if how is not None else (":", "1")
        try:
            step_value = float(units.parse(step, "count")) if how == "x" else read(step)
        except units.UnitError as exc:  # the factor: read here, not by ``read``
            raise ParameterError(name, f"range {part!r}: {exc}") from None
        if not step_value > (1 if how == "x" else 0) or hi < lo or (how == "x" and lo <= 0):
            raise ParameterError(name, f"range {part!r} must run upward with a step > 0 "
                                       "(':step') or from a positive start by a factor > 1 "
                                       "('xfactor')")
        count = _count(lo, hi, how, step_value)
        if len(out) + count > MAX_VALUES:
            raise ParameterError(name, f"more than {MAX_VALUES:,} values in {text!r}")
        for i in range(count):
            x = lo * step_value ** i if how == "x" else lo + i * step_value
            out.append(read(float(f"{x:.12g}")))


def expand(raw: Any, name: str, read) -> list:
    """A scalar, a list/tuple/array, or a string of values (module docstring), each passed
    through ``read``; at least one value, at most :data:`MAX_VALUES`."""
    if isinstance(raw, np.ndarray):
        raw = list(raw.ravel())
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    out: list = []
    for item in items:
        if isinstance(item, str):
            _expand_text(item, name, read, out)
        else:
            out.append(read(item))
        if len(out) > MAX_VALUES:
            raise ParameterError(name, f"more than {MAX_VALUES:,} values")
    if not out:
        raise ParameterError(name, "no values given")
    return out


def whole(name: str, least: int = 1):
    """A reader of whole numbers ≥ ``least`` (strings such as ``"1e3"`` allowed)."""

    def read(x: Any) -> int:
        if isinstance(x, str):
            try:
                x = units.parse(x, "count")
            except units.UnitError as exc:
                raise ParameterError(name, str(exc)) from None
        if isinstance(x, (np.integer, np.floating)):
            x = x.item()
        return checks.whole(x, name, least)

    return read


def positive(name: str, dim: str, example: str):
    """A reader of positive quantities of dimension ``dim``: an SI number, or a string with its
    unit (``"$2.50/h"``); a ParameterError naming ``name`` otherwise."""

    def read(x: Any) -> float:
        if isinstance(x, (np.integer, np.floating)):
            x = x.item()
        try:
            value = units.parse(x, dim)
        except units.UnitError as exc:
            raise ParameterError(name, str(exc)) from None
        return checks.positive(value, name, f"a positive value like {example!r}")

    return read


def text(name: str, choices: tuple[str, ...] | None = None):
    """A reader of names, optionally one of ``choices``."""

    def read(x: Any) -> str:
        if not isinstance(x, str) or not x.strip():
            raise ParameterError(name, f"expected a name; got {x!r}")
        return x.strip() if choices is None else checks.choice(x.strip(), name, choices)

    return read


def unique(values: list, name: str) -> tuple:
    """The values as a tuple, refusing one listed twice."""
    seen = set()
    for v in values:
        if v in seen:
            raise ParameterError(name, f"{v!r} is listed twice")
        seen.add(v)
    return tuple(values)
