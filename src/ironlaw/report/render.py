"""Render records as a table for people, or as JSON, CSV or Markdown for machines and documents.

A record is a flat dict of SI values under unit-carrying keys; a :class:`Column` says which key
to show, under which header, formatted as which dimension. Tables and Markdown show formatted
values; CSV and JSON keep the SI numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from typing import Any

FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    dim: str = "text"  # a units.DIMENSIONS name, "text", or "count"
    binary: bool | None = None  # None: IEC prefixes only for exact binary sizes


def human(value: Any, dim: str, binary: bool | None = None) -> str:
    """A value of dimension ``dim`` formatted for a person (``—`` when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if dim == "text" or isinstance(value, str):
        return str(value)
    from ironlaw.derive import show

    return show(value, dim, binary)


def cell(value: Any, column: Column) -> str:
    return human(value, column.dim, column.binary)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def to_json(data: Any) -> str:
    """JSON with non-finite numbers as null (JSON has no inf/NaN)."""
    return json.dumps(_clean(data), indent=2, ensure_ascii=False)


def to_csv(records: list[dict[str, Any]], columns: list[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for record in records:
        writer.writerow(["" if record.get(c.key) is None else record.get(c.key) for c in columns])
    return out.getvalue().rstrip("\n")


def to_markdown(records: list[dict[str, Any]], columns: list[Column]) -> str:
    lines = ["| " + " | ".join(c.header for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    for record in records:
        lines.append("| " + " | ".join(cell(record.get(c.key), c).replace("|", "\\|")
                                       for c in columns) + " |")
    return "\n".join(lines)


def to_table(records: list[dict[str, Any]], columns: list[Column], title: str | None = None):
    """A rich Table (printed by the caller's console)."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, header_style="bold", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for index, c in enumerate(columns):
        table.add_column(c.header, justify="left" if c.dim == "text" else "right",
                         no_wrap=index == 0 or c.dim != "text", overflow="fold")
    for record in records:
        table.add_row(*(cell(record.get(c.key), c) for c in columns))
    return table


def emit(records: list[dict[str, Any]], columns: list[Column], fmt: str,
         title: str | None = None, data: Any = None) -> None:
    """Print ``records`` in ``fmt``; JSON prints ``data`` when given (a richer structure)."""
    if fmt == "json":
        print(to_json(records if data is None else data))
    elif fmt == "csv":
        print(to_csv(records, columns))
    elif fmt == "markdown":
        if title:
            print(f"**{title}**\n")
        print(to_markdown(records, columns))
    else:
        from rich.console import Console

        console = Console()
        if not console.is_terminal:  # piped or captured: never squeeze columns to 80 characters
            console.width = max(console.width, 200)
        console.print(to_table(records, columns, title))
