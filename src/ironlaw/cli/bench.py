"""``ironlaw bench MODEL``: a real PyTorch model (random weights) in an MLPerf-style scenario."""

from __future__ import annotations

import typer

from ironlaw.cli.options import FORMAT, Format, print_worked, quantity


def register(root: typer.Typer) -> None:
    @root.command("bench")
    def bench(
        model: str = typer.Argument(..., help="A built-in model: resnet50, mobilenetv2, ds-cnn, "
                                    "mlp, dlrm (small config), bert-base, gpt2 ..."),
        scenario: str = typer.Option("single-stream", "--scenario",
                                     help="single-stream | offline | server."),
        batch: int = typer.Option(1, "--batch", "-b", help="Samples per query."),
        seq: int = typer.Option(None, "--seq", "-s", help="Sequence length; transformers only."),
        phase: str = typer.Option(None, "--phase", "-p", help="prefill | decode (gpt2)."),
        context: int = typer.Option(None, "--context", "-c",
                                    help="Tokens a decode step attends to (default: --seq)."),
        threads: int = typer.Option(None, "--threads",
                                    help="torch threads (default: torch's own choice)."),
        device: str = typer.Option("cpu", "--device", help="cpu | cuda."),
        precision: str = typer.Option("fp32", "--precision", help="fp32 | bf16 | fp16."),
        min_duration: str = typer.Option("2 s", "--min-duration",
                                         help="Measure at least this long (MLPerf: 600 s)."),
        min_queries: int = typer.Option(64, "--min-queries",
                                        help="And at least this many queries (offline: "
                                        "samples)."),
        latency_bound: str = typer.Option("100 ms", "--latency-bound",
                                          help="Server: the p99 latency bound."),
        search_steps: int = typer.Option(6, "--search-steps",
                                         help="Server: bisection steps over the arrival rate."),
        record: bool = typer.Option(True, "--record/--no-record",
                                    help="Write the run to the results store."),
        explain: bool = typer.Option(False, "--explain", help="Show the worked statistics."),
        fmt: Format = FORMAT,
    ):
        """Latency percentiles with confidence intervals, throughput, or the largest Poisson
        arrival rate within a p99 bound, measured on this machine."""
        import sys

        from ironlaw.measure.bench import run_benchmark

        duration_s = quantity(min_duration, "time", "--min-duration")
        bound_s = quantity(latency_bound, "time", "--latency-bound")
        say = _progress(sys.stderr.isatty())
        try:
            result = run_benchmark(model, scenario, batch=batch, seq=seq, phase=phase,
                                   context=context, threads=threads, device=device,
                                   precision=precision, min_duration_s=duration_s,
                                   min_queries=min_queries, latency_bound_s=bound_s,
                                   search_steps=search_steps, record=record, progress=say)
        except KeyboardInterrupt:
            sys.stderr.write("interrupted: nothing measured or recorded\n")
            raise typer.Exit(130) from None
        if explain:
            print_worked(result.explain(), fmt)
            return
        _print(result, fmt)


def _progress(interactive: bool):
    """A callback printing each phase of the run on stderr (only when it is a terminal)."""
    if not interactive:
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return lambda message: console.print(f"[dim]… {message}[/dim]")


def _print(result, fmt: Format) -> None:
    from ironlaw.report.render import Column, emit, human, to_json

    data = result.to_dict()
    if fmt == Format.json:
        print(to_json(data))
        return
    if fmt == Format.csv:
        flat = {k: v for k, v in data.items() if not isinstance(v, (dict, list, tuple))}
        for key, (low, high) in ((k, v) for k, v in data["ci"].items() if k != "method"):
            flat[f"{key}_ci_low"], flat[f"{key}_ci_high"] = low, high
        if data["energy"].get("energy_j") is not None:
            flat["energy_j"] = data["energy"]["energy_j"]
        emit([flat], [Column(k, k) for k in flat], "csv")
        return
    ci = data["ci"]

    def with_ci(key: str, dim: str) -> str:
        low, high = ci.get(key, (None, None))
        shown = human(data[key], dim) if dim != "rate" else f"{data[key]:.4g} /s"
        if low is None and high is None:
            return shown
        fmt_end = (lambda x: human(x, dim)) if dim != "rate" else (lambda x: f"{x:.4g}")
        return f"{shown}  [{fmt_end(low) if low is not None else '—'}, " \
               f"{fmt_end(high) if high is not None else 'unbounded'}]"

    rows = [("verdict", data["verdict"]),
            ("latency p50", with_ci("latency_p50_s", "time")),
            ("latency p90", with_ci("latency_p90_s", "time")),
            ("latency p99", with_ci("latency_p99_s", "time")),
            ("latency mean / min / max", " / ".join(human(data[k], "time") for k in (
                "latency_mean_s", "latency_min_s", "latency_max_s"))),
            ("throughput (samples/s)", with_ci("throughput_per_s", "rate")),
            ("queries / samples", f"{data['queries']} / {data['samples']}"),
            ("measured for", human(data["duration_s"], "time")),
            ("warm-up", f"{data['warmup_queries']} queries, {human(data['warmup_s'], 'time')}"),
            ("parameters / FLOPs per query", f"{human(data['params'], 'count')} / "
                                             f"{human(data['flops_per_query'], 'flops')}")]
    if data["server"]:
        s = data["server"]
        rows += [("server: max arrival rate", f"{s['max_arrival_rate_per_s']:.4g} /s"),
                 ("server: service rate μ", f"{s['service_rate_per_s']:.4g} /s"),
                 ("server: trials (λ → p99)", "; ".join(
                     f"{t['arrival_rate_per_s']:.4g} → {human(t['latency_p99_s'], 'time')}"
                     f"{'' if t['feasible'] else ' ✗'}" for t in s["trials"]) or "none")]
    energy = data["energy"]
    if energy.get("energy_j") is not None:
        rows.append(("energy / per sample / power",
                     f"{human(energy['energy_j'], 'energy')} / "
                     f"{human(energy['energy_per_sample_j'], 'energy')} / "
                     f"{human(energy['power_w'], 'power')}"))
    else:
        rows.append(("energy", energy.get("reason", "unavailable")))
    rows += [("interval method", ci["method"]), ("run id", data["run_id"] or "not recorded")]
    rows += [("assumption", a) for a in data["assumptions"]]
    title = (f"{data['model']} · {data['scenario']} · {data['device']} {data['precision']} · "
             f"batch {data['batch']} · {data['threads']} threads")
    emit([{"quantity": k, "value": v} for k, v in rows],
         [Column("quantity", "quantity"), Column("value", "value")], fmt.value, title=title,
         data=data)
