"""Self-contained HTML pages: tables, worked derivations and Vega-Lite figures in one file.

A page carries everything inline — Vega, Vega-Lite and Vega-Embed from vl-convert-python's
bundle (the optional extra ``ironlaw[html]``), the data in the specs — so it opens from a file
with no network. Figures are Vega-Lite specs (JSON dicts); controls are Vega-Lite parameters
bound to form inputs, so a page has no script of its own beyond ``vegaEmbed`` calls. A figure
a command drew as a file (``ironlaw plot``) is a spec too: one Vega-Lite image mark whose URL is
the file's bytes as a ``data:`` URI (:func:`drawn`), so it is embedded, never linked.

:func:`page` lays out a result: its tables, its derivation, and its figures. :func:`figures`
chooses a result's figures: those it names itself (``page_figures()``, specs built here), else
the ones :func:`breakdowns` draws from what its ``to_dict()`` implies: one bar chart per record
of unit-keyed parts (``terms_s: {compute, memory, overhead}`` → seconds per term) and per
unit-keyed field across a record of records (``options: {send: {time_s}, ship: {time_s}}`` →
seconds per option), else the first table column with a physical dimension (a count if none),
one bar per record. Values stay SI; tooltips show them formatted with units by ``units.format``.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ironlaw import units
from ironlaw.errors import UserError
from ironlaw.table import Table

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched
STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{padding:2px 10px;text-align:left}
th{border-bottom:1px solid #888}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555}.vega-bindings{display:flex;flex-wrap:wrap;gap:4px 18px;margin:.5em 0}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.2em}"""


@lru_cache(maxsize=1)
def script() -> str:
    """Vega, Vega-Lite 6 (the newest 6.x vl-convert ships, as the specs' ``$schema`` says) and
    Vega-Embed as one inline script (``window.vegaEmbed``)."""
    try:
        import vl_convert
    except ImportError:
        raise UserError("HTML output needs vl-convert-python: pip install 'ironlaw[html]'"
                        ) from None
    v6 = [v for v in vl_convert.get_vegalite_versions() if v.startswith("6.")]
    if not v6:
        raise UserError("HTML output needs vl-convert-python with Vega-Lite 6: "
                        "pip install -U 'ironlaw[html]'")
    newest = max(v6, key=lambda v: tuple(int(x) for x in v.split(".")))
    return vl_convert.javascript_bundle(vl_version=newest)  # the specs' schema: VEGA_LITE


def unit_of(dim: str) -> str:
    """The SI unit a dimension's values are plotted in ("" for counts and text)."""
    spec = units.DIMENSIONS.get(dim)
    return spec.si if spec else ""


def titled(name: str, dim: str) -> str:
    """An axis title with its unit: ``latency [s]``."""
    unit = unit_of(dim)
    return f"{name} [{unit}]" if unit else name


def shown(value: Any, dim: str) -> str:
    """A value formatted with its unit, for tooltips."""
    return units.format(value, dim if dim in units.DIMENSIONS else "count")


def table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c.header)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f'<td{"" if c.dim == "text" else " class=n"}>'
                         f"{html.escape(c.cell(r))}</td>" for c in table.columns) + "</tr>"
        for r in table.records)
    title = f"<h2>{html.escape(table.title)}</h2>" if table.title else ""
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in table.notes)
    return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"


def worked_html(worked: Any) -> str:
    """A derivation: its steps as a table (``rows()``), or its text."""
    if hasattr(worked, "rows"):
        return "".join(table_html(t) for t in worked.rows())
    return f"<pre>{html.escape(worked.text())}</pre>"


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(
        value)


def bars(title: str, records: Sequence[dict[str, Any]], label: str, dim: str) -> dict:
    """A horizontal bar chart of ``records`` (``label``, ``value`` in SI, ``shown``)."""
    return {"$schema": VEGA_LITE, "title": title, "width": 480,
            "data": {"values": list(records)}, "mark": "bar",
            "encoding": {"y": {"field": "label", "type": "nominal", "sort": None,
                               "title": label},
                         "x": {"field": "value", "type": "quantitative",
                               "title": titled("value", dim), "axis": {"format": "~s"}},
                         "tooltip": [{"field": "label", "title": label},
                                     {"field": "shown", "title": "value"}]}}


def _size(content: bytes, mime: str) -> tuple[float, float]:
    """The width and height a PNG (its IHDR pixels) or an SVG (its viewBox) is drawn at."""
    if mime == "image/png" and content[12:16] == b"IHDR":
        return struct.unpack(">II", content[16:24])
    box = re.search(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', content)
    if box is None:
        raise UserError("cannot embed the figure: neither a PNG nor an SVG with a viewBox")
    return float(box[1]), float(box[2])


def drawn(path: Any, title: str, width: int = 900) -> dict:
    """A figure written to ``path`` (PNG or SVG) as a spec of its own: one image mark, the
    file's bytes inline as a ``data:`` URI, shown ``width`` pixels wide at its aspect ratio."""
    from pathlib import Path

    path = Path(path)
    content = path.read_bytes()
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    w, h = _size(content, mime)
    height = max(1, round(width * h / w))
    uri = f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
    return {"$schema": VEGA_LITE, "title": title, "width": width, "height": height,
            "data": {"values": [{"url": uri, "file": str(path)}]},
            "mark": {"type": "image", "width": width, "height": height, "align": "left",
                     "baseline": "top"},
            "encoding": {"url": {"field": "url", "type": "nominal"}, "x": {"value": 0},
                         "y": {"value": 0}},
            "config": {"view": {"stroke": None}}}


def _parts(data: dict[str, Any], path: str = "") -> Iterable[tuple[str, str, dict[str, float]]]:
    """(title, dimension, numbers): the finite numbers of a record under a unit-carrying key
    (``terms_s``), or those of a record whose own keys carry one unit (``weights_bytes``,
    ``gradients_bytes``), or one unit-carrying key across a record of records (``options:
    {send: {time_s}, ship: {time_s}}`` → ``options time_s`` per option), two or more of them."""
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        if len(value) >= 2 and all(isinstance(v, dict) for v in value.values()):
            across: dict[str, dict[str, float]] = {}
            for name, record in value.items():
                for k, v in record.items():
                    if _finite(v) and units.dimension_of(k) != "count":
                        across.setdefault(k, {})[name] = v
            for k, numbers in across.items():
                if len(numbers) >= 2:
                    yield f"{path}{key} {k}", units.dimension_of(k), numbers
        numbers = {k: v for k, v in value.items() if _finite(v)}
        dim = units.dimension_of(key)
        if dim != "count" and len(numbers) >= 2:
            yield path + units.words(key), dim, numbers
            continue
        groups: dict[str, dict[str, float]] = {}
        for k, v in numbers.items():
            groups.setdefault(units.dimension_of(k), {})[k] = v
        for dim, group in groups.items():
            if dim != "count" and len(group) >= 2:
                yield f"{path}{units.words(key)} [{unit_of(dim)}]", dim, group
        yield from _parts(value, f"{path}{key}.")


def breakdowns(data: dict[str, Any], tables: Sequence[Table] = (),
               most: int = 4) -> list[dict]:
    """The figures a result implies (see the module doc), at most ``most``; none when it has
    nothing to draw."""
    figures = [bars(name, [{"label": k, "value": v, "shown": shown(v, dim)}
                           for k, v in numbers.items()], "part", dim)
               for name, dim, numbers in _parts(data)][:most]
    if figures:
        return figures
    for table in tables:
        numeric = ([c for c in table.columns if c.dim not in ("text", "count")]
                   or [c for c in table.columns if c.dim == "count"])
        if numeric and len(table.records) >= 2:
            first, column = table.columns[0], numeric[0]
            records = [{"label": first.cell(r), "value": r[column.key],
                        "shown": column.cell(r)} for r in table.records
                       if _finite(r.get(column.key))]
            if records:
                return [bars(f"{table.title or ''} — {column.header}".strip(" —"), records,
                             first.header, column.dim)]
    return []


def figures(result: Any, tables: Sequence[Table] = ()) -> list[dict]:
    """A result's page figures: the specs it names (``page_figures()``: a plot's drawn file, a
    comparison whose numbers ``to_dict()`` does not key by unit), else :func:`breakdowns`."""
    if hasattr(result, "page_figures"):
        return list(result.page_figures())
    return breakdowns(result.to_dict(), tables)


def inline_json(data: Any) -> str:
    """JSON safe inside a <script> element (no ``</`` to close it early); NaN is refused."""
    return json.dumps(data, allow_nan=False, separators=(",", ":")).replace("</", "<\\/")


def page(title: str, tables: Sequence[Table] = (), worked: Sequence[Any] = (),
         figures: Sequence[dict] = (), intro: str = "") -> str:
    """One HTML document: a heading, the figures, the tables, then the derivation."""
    views = "".join(f'<div class="figure" id="figure{i}"></div>' for i in range(len(figures)))
    calls = "\n".join(
        f"vegaEmbed('#figure{i}', {inline_json(spec)}, "
        "{renderer: 'svg', actions: false}).catch(console.error);"
        for i, spec in enumerate(figures))
    derivation = "".join(worked_html(w) for w in worked)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>",
        f"<script>{script()}</script></head><body>",
        f"<h1>{html.escape(title)}</h1>", intro, views,
        "".join(table_html(replace(t, title=None) if t.title == title else t) for t in tables),
        f"<h2>Derivation</h2>{derivation}" if derivation else "",
        f"<script>\n{calls}\n</script>" if calls else "", "</body></html>"])
