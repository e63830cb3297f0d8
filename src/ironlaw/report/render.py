"""The one output path: print any result as a table, JSON, CSV, Markdown or an HTML page.

A result has ``to_dict()`` (SI values under unit-carrying keys), ``rows()`` (a list of
``ironlaw.table.Table`` for people) and ``explain()`` (a ``derive.Worked``, or a list of them).
:func:`render` prints its tables, then, with ``explain``, the derivation after them; JSON embeds
the derivation under ``"explain"``; CSV is one row of the flattened ``to_dict()``.
Tables and Markdown show values formatted by ``units.format``; CSV and JSON keep SI numbers.
HTML is one self-contained page (``report.html``): the tables, the figures the result implies and
the derivation, always.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ironlaw.table import Column, Shown, Table, flatten, records_of, to_markdown, to_table

FORMATS = ("table", "json", "csv", "markdown", "html")


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
    """The JSON document of an answer: an object whose first key, ``ironlaw_version``, names
    the version that computed it (a list of records becomes its ``rows``); non-finite numbers
    are null (JSON has no inf/NaN)."""
    from ironlaw import __version__

    body = data if isinstance(data, dict) else {"rows": list(data)}
    return json.dumps(_clean({"ironlaw_version": __version__, **body}), indent=2,
                      ensure_ascii=False)


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for record in records:
        writer.writerow(["" if record.get(c.key) is None else record.get(c.key) for c in columns])
    return out.getvalue().rstrip("\n")


def emit(records: Sequence[dict[str, Any]], columns: Sequence[Column], fmt: str,
         title: str | None = None, data: Any = None) -> None:
    """Print ``records`` in ``fmt``; JSON prints ``data`` when given (a richer structure), and
    an HTML page draws the figures a ``data`` dict implies (``report.html.breakdowns``)."""
    fmt = str(fmt)
    if fmt == "json":
        print(to_json(list(records) if data is None else data))
    elif fmt == "csv":
        print(to_csv(records, columns))
    elif fmt == "html":
        from ironlaw.report.html import breakdowns, page

        table = Table(title, tuple(columns), tuple(records))
        print(page(title or "ironlaw", [table],
                   figures=breakdowns(data if isinstance(data, dict) else {}, [table])))
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


def _worked(result: Any) -> list[Any]:
    worked = result.explain()
    return list(worked) if isinstance(worked, (list, tuple)) else [worked]


def render(result: Any, fmt: str = "table", explain: bool = False, **view: Any) -> None:
    """Print ``result`` in ``fmt``: its tables (then its derivation with ``explain``), or JSON
    (the derivation under ``"explain"``), or CSV: the result's ``records()`` when it has a
    table of its own, else one row of its flattened ``to_dict()``. ``view`` options (how many
    rows to show) go to ``rows()``."""
    fmt = str(fmt)
    if fmt == "json":
        data = result.to_dict()
        if explain:
            worked = result.explain()
            data = {**data, "explain": [w.to_dict() for w in worked]
                    if isinstance(worked, (list, tuple)) else worked.to_dict()}
        print(to_json(data))
        return
    if fmt == "csv":
        records = records_of(result)
        keys = dict.fromkeys(k for r in records for k, v in r.items()
                             if not isinstance(v, (dict, list, tuple)))
        print(to_csv(records, [Column(k, k) for k in keys]))
        return
    if fmt == "html":
        from ironlaw.report.html import figures, page

        tables = result.rows(**view) if hasattr(result, "rows") else []
        title = (next((t.title for t in tables if t.title), None)
                 or getattr(result, "title", None) or str(result).splitlines()[0])
        worked = _worked(result) if hasattr(result, "explain") else [result]  # a Derivation
        print(page(title, tables, worked, figures(result, tables)))
        return
    for index, table in enumerate(result.rows(**view)):
        if index and fmt == "markdown":
            print()
        emit(table.records, table.columns, fmt, title=table.title)
        for note in table.notes:
            print(note)
    if explain:
        for worked in _worked(result):
            print()
            print(worked.markdown() if fmt == "markdown" else worked.text())


@dataclass(frozen=True, repr=False)
class Bundle(Shown):
    """Several results printed as one: a run-level record first, then each part's facts in one
    table, and each part's derivation in turn (``ironlaw cost``)."""

    title: str
    run: dict[str, Any]  # SI under unit-carrying keys
    run_rows: tuple[tuple, ...]
    parts: dict[str, Any]  # name -> result, or None when not asked for

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run, **{k: None if r is None else r.to_dict()
                                    for k, r in self.parts.items()}}

    def records(self) -> list[dict[str, Any]]:
        """CSV: the run, then each part's numbers as ``part.key``."""
        return [{**self.run, **flatten({k: r.to_dict() for k, r in self.parts.items()
                                        if r is not None})}]

    def rows(self) -> list[Table]:
        from ironlaw.table import facts

        records, notes = list(facts(None, self.run_rows).records), []
        for part in (p for p in self.parts.values() if p is not None):
            for table in part.rows():
                own = [r for r in table.records if r["quantity"] != "assumption"]
                records += own
                notes += [r["value"] for r in table.records if r["quantity"] == "assumption"]
        records += [{"quantity": "assumption", "value": a} for a in dict.fromkeys(notes)]
        return [Table(self.title, facts(None, ()).columns, tuple(records))]

    def explain(self) -> list[Any]:
        return [p.explain() for p in self.parts.values() if p is not None]
