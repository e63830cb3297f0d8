"""How a law describes itself for worked calculations: symbols, formula, substitution steps.

These are plain data, kept next to each law so the formula printed is the formula computed;
:mod:`ironlaw.derive` renders them as text, Markdown, LaTeX or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Symbol:
    """A named quantity: parameter name, printed symbol, dimension (see units.DIMENSIONS;
    ``any`` for an input that takes a quantity of whatever dimension it is written in, read
    as a :class:`Quantity`; a law's inputs of dimension ``any`` are of one kind,
    the first one's, and derive refuses others)."""

    name: str
    symbol: str
    dim: str
    meaning: str
    default: Any = None
    latex: str | None = None
    # positive | nonnegative | fraction (0, 1] | probability [0, 1) | share [0, 1] | integer
    domain: str = "positive"
    choices: tuple[str, ...] = ()  # for dim "text": the values accepted
    optional: bool = False  # may be left out: then None reaches compute (and prints "—")
    many: bool = False  # a list, "100 + 60 + 40 ms" or "100 ms, 60 ms": a tuple of floats
    joined: str = " + "  # what a list prints between its items (stages add; widths do not)
    # a second dimension this one input also takes, read as the law says (an energy given for
    # a per-operation figure is joules per operation; a named event or an energy); this law's
    # choice, never the unit parser's
    also: str | None = None
    what: str = ""  # a rate: what flows, printed "100 requests/s" (units.per_second)


@dataclass(frozen=True)
class Calc:
    """A law as a worked calculation.

    ``compute(**inputs)`` returns every named quantity (intermediates and results); ``formula``
    uses the symbols; each step is a template whose ``{name}`` fields are filled with the
    formatted values — the substitution a textbook prints between formula and answer.
    ``results`` names the quantities reported as the answer, first one first.
    """

    name: str
    title: str
    inputs: tuple[Symbol, ...]
    outputs: tuple[Symbol, ...]
    formula: str
    steps: tuple[str, ...]
    compute: Callable[..., dict[str, Any]]
    results: tuple[str, ...]
    source: str = ""
    latex: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    # result -> the terms it sums: the result prints with enough figures that the smallest
    # term shows (10 ms + 0.8 µs prints 10.0008 ms, not 10 ms)
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()


class Quantity(float):
    """An SI float that remembers the dimension it was read in: what a symbol of dimension
    ``any`` receives (``1280 img/s`` is a rate, ``2.8 ms`` a time), so a law may check that two
    inputs share one and the derivation prints each in its own unit; also what a law returns for
    a result whose dimension its inputs decide (arithmetic's)."""

    dim: str

    def __new__(cls, value: float, dim: str) -> Quantity:
        made = super().__new__(cls, value)
        made.dim = dim
        return made
