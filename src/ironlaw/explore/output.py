"""A selection out of ironlaw: a table for people; JSON, CSV, Markdown or Parquet for machines;
and, when the results store is there, one ``sweep`` run in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ironlaw import checks
from ironlaw.errors import ParameterError
from ironlaw.explore.metrics import dim_of

FORMATS = ("table", "json", "csv", "markdown", "parquet")
HEADLINE = {
    "graph": ("latency_s", "throughput_per_s", "tokens_per_s", "memory_bytes", "bottleneck",
              "mfu", "power_w", "energy_per_sample_j", "cost_per_million_tokens_usd",
              "cost_per_million_samples_usd", "carbon_kg"),
    "serving": ("ttft_s", "tpot_s", "replicas", "p99_ttft_s", "p99_latency_s",
                "tokens_per_s", "max_sequences", "cost_per_million_tokens_usd"),
}
HEADLINE["closed-form"] = HEADLINE["graph"]
HEADERS = {"latency_s": "latency", "throughput_per_s": "samples/s", "tokens_per_s": "tokens/s",
           "memory_bytes": "memory", "bottleneck": "bound", "mfu": "MFU", "power_w": "power",
           "energy_per_sample_j": "energy/sample", "cost_per_million_tokens_usd": "$/M tokens",
           "cost_per_million_samples_usd": "$/M samples", "carbon_kg": "carbon/step",
           "ttft_s": "TTFT", "tpot_s": "TPOT", "replicas": "replicas", "p99_ttft_s": "p99 TTFT",
           "p99_latency_s": "p99 latency", "max_sequences": "max seqs"}
STORE_ROWS = 100_000  # rows recorded in the results store at most


def columns(selection, rows: list[dict]) -> list:
    """Table columns: the dimensions that vary, then the method's headline metrics that have
    a value in some row (p99 names follow the percentile)."""
    from ironlaw.report.render import Column

    space = selection.space
    out = [Column(d, d, "text" if isinstance(space.coord(d)[0], str) else dim_of(d))
           for d in space.dims if len(space.coord(d)) > 1 or d in ("model", "device")]
    q = space.options.get("percentile")
    tag = f"p{round(q * 100, 6):g}" if q else "p99"
    present = {n for n in HEADLINE[space.method] if any(r.get(n) is not None for r in rows)}
    if "cost_per_million_tokens_usd" in present:  # the same figure for decode; else redundant
        present.discard("cost_per_million_samples_usd")
    for name in HEADLINE[space.method]:
        name = name.replace("p99_", f"{tag}_")
        if name in present or (name.startswith(tag) and any(r.get(name) is not None
                                                            for r in rows)):
            header = HEADERS.get(name.replace(f"{tag}_", "p99_"), name)
            out.append(Column(name, header.replace("p99", tag), dim_of(name)))
    return out


def emit(selection, fmt: str, *, out: Path | None = None, top: int | None = None) -> None:
    """Write the first ``top`` chosen rows (all by default) to the file ``out`` in ``fmt``;
    printing is ``report.render``'s (``Selection.rows()``)."""
    from ironlaw.files import write_text
    from ironlaw.report.render import to_csv, to_json
    from ironlaw.table import to_markdown

    checks.choice(fmt, "fmt", FORMATS)
    if out is None:
        raise ParameterError("out", f"the {fmt} format is written to a file; give one")
    if fmt == "table":
        raise ParameterError("fmt", "a file takes json, csv, markdown or parquet; got table")
    rows = selection.records(top)
    if fmt == "parquet":
        write_parquet(rows, out)
    elif fmt == "json":
        write_text(out, to_json(selection.to_dict(top)) + "\n", "out")
    else:
        text = to_csv(rows, _all_columns(rows)) if fmt == "csv" else \
            to_markdown(rows, columns(selection, rows))
        write_text(out, text + "\n", "out")


def title(selection, shown: int) -> str:
    s = selection
    head = (f"{s.configurations:,} configurations ({s.space.method}); "
            f"{s.matching:,} feasible{' and meeting the constraints' if s.where else ''}")
    if s.front_metrics:
        head += f"; Pareto front of {', '.join(s.front_metrics)}: {len(s.chosen):,}"
    if s.objective:
        head += f"; by {s.objective}"
    if shown < len(s.chosen):
        head += f" (first {shown} of {len(s.chosen):,})"
    return head


def summary_lines(selection) -> list[str]:
    """Infeasible reasons (most frequent first) and the assumptions, for under a table."""
    lines = [f"infeasible: {n:,} × {reason}" for reason, n in
             list(selection.infeasible.items())[:8]]
    if len(selection.infeasible) > 8:
        lines.append(f"infeasible: … and {len(selection.infeasible) - 8} more reasons")
    lines += [f"assumption: {a}" for a in selection.dataset.attrs.get("assumptions", [])]
    return lines


def _all_columns(rows: list[dict]) -> list:
    from ironlaw.report.render import Column

    keys = list(rows[0]) if rows else []
    return [Column(k, k) for k in keys]


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """Rows as a Parquet file (written by DuckDB)."""
    import duckdb

    path = Path(path)
    if not path.parent.exists():
        raise ParameterError("out", f"folder {path.parent} does not exist")
    keys = list(rows[0]) if rows else ["empty"]
    table = {}
    for key in keys:
        values = [r.get(key) for r in rows]
        if all(isinstance(v, bool) for v in values if v is not None):
            table[key] = np.array([bool(v) for v in values], dtype=bool)
        elif all(isinstance(v, (int, float)) for v in values if v is not None) and values:
            table[key] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            table[key] = np.array(["" if v is None else str(v) for v in values], dtype=object)
    con = duckdb.connect()
    try:
        con.register("rows", table)
        target = str(path).replace("'", "''")
        con.execute(f"COPY rows TO '{target}' (FORMAT parquet)")
    except duckdb.Error as exc:
        raise ParameterError("out", f"cannot write {path} ({exc})") from None
    finally:
        con.close()


def record(selection, name: str) -> str:
    """Write the selection to the results store as a ``sweep`` run; the run ID."""
    from ironlaw.measure.env import capture
    from ironlaw.measure.store import record_run

    data = selection.to_dict(limit=STORE_ROWS)
    rows = data.pop("rows")
    return record_run("sweep", name, capture(), rows, data)
