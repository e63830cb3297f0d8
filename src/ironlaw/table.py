"""What a result shows people: tables of records, each column a key, a header and a dimension.

Every result type has three methods, and ``ironlaw.report.render`` prints any of them:

- ``to_dict()``: SI numbers under unit-carrying keys (``latency_s``, ``energy_j``), for JSON/CSV;
- ``rows()``: a list of :class:`Table` for a terminal or a Markdown document;
- ``explain()``: the worked derivation (a ``derive.Worked``, or a list of them).

Numbers in tables are formatted by ``units.format`` (the one formatter), at render time for a
column that names a dimension, or when the row is built (:func:`facts`) for mixed rows.

:class:`Shown` gives every result the same face outside the CLI: a one-line ``repr``, a compact
Markdown summary in Jupyter, rich tables for ``rich.print(result)``, ``to_frame()`` and
``to_dataset()``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ironlaw import units


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    dim: str = "text"  # a units.DIMENSIONS name, "text", or "count"
    binary: bool | None = None  # True: IEC prefixes (GiB); otherwise decimal (GB)

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


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One CSV row: scalars under their keys, nested records' as ``parent.key``, a [low, high]
    interval as ``key.low`` and ``key.high``; other lists are left out."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = prefix + key
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, (list, tuple)):
            if len(value) == 2 and all(v is None or isinstance(v, (int, float)) for v in value):
                flat[f"{name}.low"], flat[f"{name}.high"] = value
        else:
            flat[name] = value
    return flat


def to_markdown(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    lines = ["| " + " | ".join(c.header for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for record in records:
        lines.append("| " + " | ".join(c.cell(record).replace("|", "\\|") for c in columns)
                     + " |")
    return "\n".join(lines)


def to_table(records: Sequence[dict[str, Any]], columns: Sequence[Column],
             title: str | None = None):
    """A rich Table (printed by the caller's console). Text is escaped, never read as rich
    markup: a cell such as ``peak [fp64]`` prints as it is."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table as RichTable

    table = RichTable(title=None if title is None else escape(title), header_style="bold",
                      title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                      min_width=None if title is None else len(title))  # a title on one line
    for index, c in enumerate(columns):
        table.add_column(escape(c.header), justify="left" if c.dim == "text" else "right",
                         no_wrap=index == 0 or c.dim != "text", overflow="fold")
    for record in records:
        table.add_row(*(escape(c.cell(record)) for c in columns))
    return table


def records_of(result: Any) -> list[dict[str, Any]]:
    """A result's numbers as rows of SI values: its ``records()`` when it is a table of its own
    (a sweep, a benchmark), else one row of its flattened ``to_dict()``; what CSV and
    ``to_frame()`` hold."""
    if hasattr(result, "records"):
        return list(result.records())
    return [flatten(result.to_dict())]


class Shown:
    """How a result shows itself in Python: a one-line ``repr`` (its type and headline), a
    Markdown summary in Jupyter (the headline table; the others are named), rich tables for
    ``rich.print(result)``, and its numbers (SI units) as a pandas DataFrame (``to_frame()``)
    or an xarray Dataset (``to_dataset()``).

    A subclass defines ``rows()`` and ``to_dict()`` and, being a dataclass, is declared with
    ``repr=False`` so that this ``__repr__`` is kept."""

    def rows(self) -> list[Table]:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _one_line(self) -> str:
        tables = self.rows()
        if not tables:
            return ""
        first = tables[0]
        shown = [f"{r.get('quantity')} {r.get('value')}" for r in first.records
                 if set(r) == {"quantity", "value"} and r["quantity"] != "assumption"][:3]
        return "; ".join(filter(None, [first.title, ", ".join(shown)]))

    def __repr__(self) -> str:
        headline = self._one_line()
        return f"<{type(self).__name__}{': ' + headline if headline else ''}>"

    def _repr_markdown_(self) -> str:
        tables = self.rows()
        parts = []
        if tables:
            first = tables[0]
            parts.append((f"**{first.title}**\n\n" if first.title else "")
                         + to_markdown(first.records, first.columns))
        more = [t.title or "untitled" for t in tables[1:]]
        hints = ["`.explain()` the derivation" if hasattr(self, "explain") else "",
                 "`.to_dict()` the SI numbers", "`.to_frame()` a DataFrame"]
        if more:
            hints.insert(0, f"`.rows()` {len(more)} more table(s): {', '.join(more)}")
        parts.append("*" + "; ".join(h for h in hints if h) + "*")
        return "\n\n".join(parts)

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        for table in self.rows():
            yield to_table(table.records, table.columns, table.title)
            yield from table.notes

    def to_dataset(self) -> Any:
        """An xarray Dataset of the same records as ``to_frame()`` (and CSV), one per index of
        a ``row`` dimension: a column of numbers (a missing one NaN) is a data variable, any
        other column (text, or nothing at all) a coordinate along ``row``, so every column is
        there once. A sweep (``ironlaw.sweep``) is a Dataset already, over its own dimensions;
        a ``Selection`` of it gives the configurations it chose, its whole sweep is
        ``selection.dataset``."""
        import numpy as np
        import xarray

        records = records_of(self)
        keys = dict.fromkeys(key for record in records for key in record)
        data: dict[str, Any] = {}
        coords: dict[str, Any] = {"row": np.arange(len(records))}
        for key in keys:
            values = [record.get(key) for record in records]
            given = [v for v in values if v is not None]
            if given and all(isinstance(v, numbers.Real) for v in given):
                data[key] = ("row", np.array(values) if len(given) == len(values) else
                             np.array([np.nan if v is None else v for v in values], float))
            else:
                coords[key] = ("row", np.array(values, dtype=object))
        return xarray.Dataset(data, coords=coords)

    def to_frame(self) -> Any:
        """A pandas DataFrame of the result's numbers (SI units, keys as columns); pandas is
        needed (``pip install pandas``)."""
        try:
            import pandas
        except ImportError:
            from ironlaw.errors import UserError

            raise UserError("to_frame() needs pandas: pip install pandas") from None
        return pandas.DataFrame(records_of(self))
