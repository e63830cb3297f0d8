"""``ironlaw runs list|show|export``: the results store of every probe, benchmark and validation."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="The results store: every probe, benchmark, validation, calibration and "
                       "sweep run, with its environment.", no_args_is_help=True)

STORE = typer.Option(None, "--store", metavar="FILE",
                     help="The results store (DuckDB file). Default: $IRONLAW_STORE, else "
                          "runs.duckdb in the ironlaw cache folder.")
KIND = typer.Option(None, "--kind", help="Only runs of this kind: probe, bench, validation, "
                                         "calibration, sweep.")

@app.command("list")
def list_(kind: str = KIND, store: Path = STORE, fmt: Format = FORMAT):
    """Every recorded run, oldest first."""
    from ironlaw.measure.store import open_store, when
    from ironlaw.report.render import Column, emit

    found = open_store(store)
    runs = found.list_runs(kind)
    if not runs and fmt in (Format.table, Format.markdown):
        print(f"No runs recorded in {found.path}" + (f" of kind {kind}." if kind else "."))
        return
    records = [{**{k: v for k, v in r.to_dict().items() if k not in ("env", "summary")},
                "started": when(r.started_at)} for r in runs]
    columns = [Column("run_id", "run"), Column("kind", "kind"), Column("name", "name"),
               Column("status", "status"), Column("started", "started (UTC)"),
               Column("duration_s", "duration", "time"), Column("n_rows", "rows", "count")]
    if fmt == Format.csv:
        columns = [Column(k, k) for k in ("run_id", "kind", "name", "status", "started_at",
                                          "finished_at", "duration_s", "n_rows")]
    emit(records, columns, fmt.value, title=f"Runs in {found.path}",
         data=[r.to_dict() for r in runs])


@app.command()
def show(run_id: str = typer.Argument(..., help="A run's ID, or a unique prefix of it."),
         rows: int = typer.Option(20, "--rows", help="Rows to show in a table (0: none, "
                                                     "-1: all); JSON and CSV give all."),
         explain: bool = typer.Option(False, "--explain", help="Show the worked derivation."),
         store: Path = STORE, fmt: Format = FORMAT):
    """One run: what, when, its environment, summary and rows."""
    from ironlaw.measure.store import open_store
    from ironlaw.report.render import render

    render(open_store(store).get_run(run_id), fmt, explain, limit=rows)


@app.command()
def export(parquet: Path = typer.Option(None, "--parquet", metavar="FILE",
                                        help="Write the rows to this Parquet file."),
           csv: Path = typer.Option(None, "--csv", metavar="FILE",
                                    help="Write the rows to this CSV file."),
           kind: str = KIND, store: Path = STORE, fmt: Format = FORMAT):
    """The runs (with their environment) and their rows (a column per row key) as two tables
    in Parquet and/or CSV: FILE holds the rows, FILE's name with .runs before the suffix the
    runs; join them on run_id."""
    from ironlaw.errors import UserError
    from ironlaw.measure.store import open_store
    from ironlaw.report.render import Column, emit

    if parquet is None and csv is None:
        raise UserError("export: give --parquet FILE and/or --csv FILE")
    found = open_store(store)
    records = [{"file": str(written), "table": table, "format": name, "lines": lines}
               for name, path in (("parquet", parquet), ("csv", csv)) if path is not None
               for table, (written, lines) in zip(("runs", "rows"),
                                                  found.export(path, name, kind=kind), strict=True)]
    emit(records, [Column("file", "file"), Column("table", "table"),
                   Column("format", "format"), Column("lines", "lines", "count")], fmt.value,
         title=f"Exported from {found.path}" + (f" (kind {kind})" if kind else ""))


@app.command("import")
def import_(files: list[Path] = typer.Argument(..., help="Runs saved aside (JSON) when the "
                                                         "store could not be written."),
            store: Path = STORE):
    """Add runs saved in side files to the store (each file is removed once its run is in)."""
    from ironlaw.measure.store import open_store

    found = open_store(store)
    for path in files:
        print(f"{path}: recorded as run {found.import_run(path)} in {found.path}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="runs")
