"""What a result shows people: tables of records, each column a key, a header and a dimension.

Every result type has three methods, and ``ironlaw.report.render`` prints any of them:

- ``to_dict()``: SI numbers under unit-carrying keys (``latency_s``, ``energy_j``), for JSON/CSV;
- ``rows()``: a list of :class:`Table` for a terminal or a Markdown document;
- ``explain()``: the worked derivation (a ``derive.Worked``, or a list of them).

Numbers in tables are formatted by ``units.format`` (the one formatter), at render time for a
column that names a dimension, or when the row is built (:func:`facts`) for mixed rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ironlaw import units


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    dim: str = "text"  # a units.DIMENSIONS name, "text", or "count"
    binary: bool | None = None  # None: IEC prefixes only for exact binary sizes

    def cell(self, record: dict[str, Any]) -> str:
        value = record.get(self.key)
        if isinstance(value, bool):
            return "yes" if value else "NO"
        return units.format(value, self.dim, self.binary)


@dataclass(frozen=True)
class Table:
    """Records under columns, with a title and notes printed after it (assumptions, verdicts)."""

    title: str | None
    columns: tuple[Column, ...]
    records: tuple[dict[str, Any], ...]
    notes: tuple[str, ...] = ()


QUANTITY_VALUE = (Column("quantity", "quantity"), Column("value", "value"))

# One row of a facts table: (label, text) or (label, SI value, dimension).
Fact = tuple[str, Any] | tuple[str, Any, str]


def facts(title: str | None, rows: Iterable[Fact], notes: Sequence[str] = ()) -> Table:
    """The headline table of a result: one (quantity, value) row per fact, each value
    formatted in its own dimension; ``assumptions`` become ``assumption`` rows."""
    records = []
    for row in rows:
        label, value, dim = row if len(row) == 3 else (*row, "text")
        records.append({"quantity": label, "value": units.format(value, dim)})
    records += [{"quantity": "assumption", "value": a} for a in dict.fromkeys(notes)]
    return Table(title, QUANTITY_VALUE, tuple(records))


def columns(*spec: tuple[str, str] | tuple[str, str, str]) -> tuple[Column, ...]:
    """Columns from ``(key, header[, dim])`` tuples."""
    return tuple(Column(*s) for s in spec)
