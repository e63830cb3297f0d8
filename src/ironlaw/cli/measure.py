"""``ironlaw measure host``: micro-benchmark this machine and write its measured profile."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, print_worked

app = typer.Typer(help="Measure this machine (micro-benchmarks -> a measured device profile).",
                  no_args_is_help=True)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="measure")


def _rows(profile) -> list[dict]:
    """One row per headline figure: SI value, its dimension, spread and where it came from."""
    rows = []
    for precision, row in profile.peaks.items():
        rows.append({"quantity": f"peak {precision}", "value": row["flop_per_s"],
                     "dimension": "flop_rate", "low": row["spread"][0], "high": row["spread"][1],
                     "detail": f"{row['library']} matmul {row['m']}×{row['n']}×{row['k']}"})
    for level in profile.levels:
        name = level["level"].upper()
        if level["bandwidth_bytes_per_s"] is not None:
            points = level["bandwidth_points"]
            rows.append({"quantity": f"{name} bandwidth", "value": level[
                "bandwidth_bytes_per_s"], "dimension": "bandwidth", "low": min(points),
                "high": max(points), "detail": f"STREAM triad, {len(points)} working set(s)"})
        if level["latency_s"] is not None:
            points = level["latency_points"]
            rows.append({"quantity": f"{name} latency", "value": level["latency_s"],
                         "dimension": "time", "low": min(points), "high": max(points),
                         "detail": f"pointer chase, {len(points)} working set(s)"})
    spreads = profile.dispatch.get("spread") or {}
    for key, label in (("torch_eager_s", "torch eager op"), ("numpy_call_s", "numpy ufunc call")):
        if profile.dispatch.get(key) is not None:
            low, high = spreads.get(key) or (None, None)
            rows.append({"quantity": f"dispatch, {label}", "value": profile.dispatch[key],
                         "dimension": "time", "low": low, "high": high,
                         "detail": "1-element operands, per call"})
    rows.append({"quantity": "TDP", "value": profile.tdp_w, "dimension": "power", "low": None,
                 "high": None, "detail": f"{profile.tdp_kind.upper()}: {profile.tdp_note}"
                 if profile.tdp_kind == "estimate" else profile.tdp_note})
    return rows


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
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ironlaw.measure import probe
    from ironlaw.measure.profile import record, save_profile
    from ironlaw.report.render import Column, emit, human

    settings = probe.QUICK if quick else probe.FULL
    console = Console(stderr=True)
    if out is not None and out.suffix not in (".yaml", ".yml"):
        from ironlaw.errors import UserError

        raise UserError(f"--out: expected a .yaml file for the profile; got {str(out)!r}")
    try:
        with Progress(TextColumn("{task.description:<34}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            task = progress.add_task("starting", total=None)

            def on_step(done: int, total: int, label: str) -> None:
                progress.update(task, completed=done, total=total, description=label)

            raw = probe.run_probes(settings, on_step)
    except KeyboardInterrupt:
        console.print("interrupted: no profile written")
        raise typer.Exit(130) from None
    profile = save_profile(raw, out)
    run_id, message = (None, "not recorded (--no-store)") if no_store else record(raw, profile)
    if explain:
        print_worked(profile.explain(), fmt)
        return
    rows = _rows(profile)
    if fmt in (Format.table, Format.markdown):
        for row in rows:
            row["shown"] = human(row["value"], row["dimension"])
            row["range"] = (f"{human(row['low'], row['dimension'])} – "
                            f"{human(row['high'], row['dimension'])}"
                            if row["low"] is not None else "")
        columns = [Column("quantity", "quantity"), Column("shown", "median"),
                   Column("range", "spread (min – max)"), Column("detail", "how")]
    else:
        columns = [Column(k, k) for k in ("quantity", "value", "dimension", "low", "high",
                                          "detail")]
    mode = "quick" if quick else "full"
    emit(rows, columns, fmt.value,
         title=f"{profile.cpu_model}: measured {profile.date} ({mode}, {profile.wall_s:.0f} s)",
         data={**profile.to_dict(), "figures": rows, "run_id": run_id})
    console.print(f"wrote {profile.profile_path} and {Path(profile.measurements_path).name}; "
                  f"{message}")
    for assumption in profile.assumptions:
        console.print(f"note: {assumption}")
    if profile.tdp_kind == "estimate":
        console.print("[bold yellow]warning:[/] power.tdp is an estimate, not a measurement: "
                      f"set it in {profile.profile_path}")
