"""``ironlaw measure host``: micro-benchmark this machine and write its measured profile."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="Measure this machine (micro-benchmarks -> a measured device profile).",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="measure")


@app.command()
def host(quick: bool = typer.Option(False, "--quick",
                                    help="Fewer sizes and repeats: about 30 s instead of minutes."),
         out: Path = typer.Option(None, "--out", "-o",
                                  help="Profile YAML to write (default: the host profile path, "
                                       "$IRONLAW_HOST_PROFILE or ~/.cache/ironlaw/host.yaml)."),
         no_store: bool = typer.Option(False, "--no-store",
                                       help="Do not record the run in the results store."),
         explain: bool = typer.Option(False, "--explain",
                                      help="Show how each figure was derived."),
         fmt: Format = FORMAT):
    """Measure GEMM rates, bandwidth per cache level and DRAM, load latency and dispatch
    overhead; write the measured profile (device 'host') and the raw measurements beside it."""
    from dataclasses import replace

    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ironlaw.measure import probe
    from ironlaw.measure.profile import ImpossibleProfile, record, save_profile
    from ironlaw.report.render import render

    settings = probe.QUICK if quick else probe.FULL
    console = Console(stderr=True)
    if out is not None:  # refused before minutes of probing, not after
        from ironlaw.errors import UserError
        from ironlaw.files import target

        if out.suffix not in (".yaml", ".yml"):
            raise UserError(f"--out: expected a .yaml file for the profile; got {str(out)!r}")
        target(out, "out")
    try:
        with Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            task = progress.add_task("starting", total=None)

            def on_step(done: int, total: int, label: str) -> None:
                progress.update(task, completed=done, total=total, description=label)

            raw = probe.run_probes(settings, on_step)
            try:
                profile = save_profile(raw, out)
            except ImpossibleProfile as first:  # noise: measure once more, then refuse
                console.print(f"[yellow]{escape(str(first).split(':', 1)[0])}; measuring "
                              "again[/yellow]")
                progress.reset(task)
                raw = probe.run_probes(settings, on_step)
                profile = save_profile(raw, out)
    except KeyboardInterrupt:
        console.print("interrupted: no profile written")
        raise typer.Exit(130) from None
    run_id, message = (None, "not recorded (--no-store)") if no_store else record(raw, profile)
    render(replace(profile, run_id=run_id), fmt, explain)
    # paths and notes are text, never rich markup: a folder named "[x]" prints as it is
    console.print(escape(f"wrote {profile.profile_path} and "
                         f"{Path(profile.measurements_path).name}; {message}"))
    for assumption in profile.assumptions:
        console.print(escape(f"note: {assumption}"))
    if profile.tdp_kind == "estimate":
        console.print("[bold yellow]warning:[/] power.tdp is an estimate, not a measurement: "
                      f"set it in {escape(str(profile.profile_path))}")
