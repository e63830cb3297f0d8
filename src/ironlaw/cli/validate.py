"""``ironlaw calibrate`` and ``ironlaw validate``: fit to micro-benchmarks, check on models."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, print_worked


def register(app: typer.Typer) -> None:
    @app.command()
    def calibrate(profile: Path = typer.Option(None, "--profile",
                                               help="A measured profile (default: this host's)."),
                  dtype: str = typer.Option("fp32", "--dtype", help="GEMM dtype to fit."),
                  explain: bool = typer.Option(False, "--explain",
                                               help="Show the worked derivation."),
                  fmt: Format = FORMAT):
        """Fit the host's efficiency curves to its micro-benchmarks (never to model timings)."""
        from ironlaw.measure.calibrate import calibrate as fit
        from ironlaw.report.render import Column, emit

        result = fit(profile, dtype)
        if explain:
            print_worked(result.explain(), fmt)
            return
        data = result.to_dict()
        rows = [{"parameter": k, "value": v} for k, v in data.items()
                if not isinstance(v, list)]
        emit(rows, [Column("parameter", "parameter"), Column("value", "value")], fmt.value,
             title=f"Calibrated {data['profile']}", data=data)
        _record("calibration", data)

    @app.command()
    def validate(models: list[str] = typer.Argument(None, help="Models (default: the "
                                                    "Lighthouse set); gpt2:decode for decode."),
                 batch: str = typer.Option("1,8", "--batch", "-b",
                                           help="Batch sizes: 1,8 or 1..64x2 or 8..64:8."),
                 threads: int = typer.Option(None, "--threads", help="Torch threads."),
                 min_duration: float = typer.Option(2.0, "--min-duration",
                                                    help="Seconds per measurement."),
                 per_op: bool = typer.Option(True, "--per-op/--no-per-op",
                                             help="Profile per op (torch.profiler)."),
                 explain: bool = typer.Option(False, "--explain",
                                              help="Show the worked derivation."),
                 fmt: Format = FORMAT):
        """Benchmark models, predict them on the measured host profile, print the error."""
        from ironlaw.measure.validate import DEFAULT_MODELS
        from ironlaw.measure.validate import validate as run
        from ironlaw.ranges import expand, unique, whole
        from ironlaw.report.render import Column, emit

        batches = unique(expand(batch, "batch", whole("batch")), "batch")
        result = run(tuple(models) if models else DEFAULT_MODELS, batches,
                     min_duration_s=min_duration, threads=threads, per_op=per_op)
        if explain:
            print_worked(result.explain(), fmt)
            return
        data = result.to_dict()
        rows = [{**{k: v for k, v in r.items() if k not in ("by_kind", "measured_ci_s")},
                 "error": f"{r['error']:+.1%}"} for r in data["rows"]]
        columns = [Column("model", "model"), Column("phase", "phase"),
                   Column("batch", "batch", "count"), Column("measured_s", "measured", "time"),
                   Column("predicted_s", "predicted", "time"), Column("error", "error")]
        emit(rows, columns, fmt.value,
             title=f"Predicted vs measured on {data['device']}: mean |error| "
                   f"{data['mean_abs_error']:.1%}, {data['within_25_percent']}/{data['count']} "
                   "within 25%", data=data)
        if fmt == Format.table and per_op:
            kinds = [{"model": f"{r['model']} b{r['batch']}", "kind": k,
                      "predicted_s": v["predicted_s"], "measured_s": v["measured_s"]}
                     for r in data["rows"] for k, v in r["by_kind"].items()
                     if v["predicted_s"] or v["measured_s"]]
            emit(kinds, [Column("model", "model"), Column("kind", "op kind"),
                         Column("predicted_s", "predicted", "time"),
                         Column("measured_s", "measured (profiler)", "time")], "table",
                 title="Where the time goes, by kind of op")
        for note in data["assumptions"]:
            print(f"assumption: {note}")


def _record(kind: str, summary: dict) -> None:
    from ironlaw.measure.store import open_store

    open_store().record_run(kind, "host", {}, [], summary)
