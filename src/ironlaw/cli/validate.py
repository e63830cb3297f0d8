"""``ironlaw calibrate`` and ``ironlaw validate``: fit to micro-benchmarks, check on models."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format
from ironlaw.cli.progress import progress_bar


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
        from ironlaw.report.render import render

        result = fit(profile, dtype)
        render(result, fmt, explain)
        _record("calibration", result.to_dict())

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
                 published: bool = typer.Option(False, "--published",
                                                help="Compare with the published GPU results "
                                                "kept in the package (no benchmark runs)."),
                 explain: bool = typer.Option(False, "--explain",
                                              help="Show the worked derivation."),
                 fmt: Format = FORMAT):
        """Benchmark models, predict them on the measured host profile, print the error;
        with --published, compare predictions with published GPU results instead."""
        from ironlaw.report.render import render

        if published:
            from ironlaw.measure.validate_published import validate_published

            render(validate_published(), fmt, explain)
            return
        from ironlaw.measure.validate import DEFAULT_MODELS
        from ironlaw.measure.validate import validate as run
        from ironlaw.ranges import expand, unique, whole

        batches = unique(expand(batch, "batch", whole("batch")), "batch")
        chosen = tuple(models) if models else DEFAULT_MODELS
        with progress_bar("validate", len(chosen) * len(batches)) as step:
            result = run(chosen, batches, min_duration_s=min_duration, threads=threads,
                         per_op=per_op, progress=step)
        render(result, fmt, explain)


def _record(kind: str, summary: dict) -> None:
    from ironlaw.measure.store import open_store

    open_store().record_run(kind, "host", {}, [], summary)
