"""``ironlaw bench MODEL``: a real PyTorch model (random weights) in an MLPerf-style scenario."""

from __future__ import annotations

import typer

from ironlaw.cli.options import FORMAT, Format, quantity
from ironlaw.cli.progress import progress_bar


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
                                    help="Tokens a decode step attends to; required with "
                                         "--phase decode."),
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

        from ironlaw.cli.model import decode_sizes
        from ironlaw.measure.bench import run_benchmark
        from ironlaw.report.render import render

        decode_sizes(model, phase, seq, context)
        duration_s = quantity(min_duration, "time", "--min-duration")
        bound_s = quantity(latency_bound, "time", "--latency-bound")
        try:
            with progress_bar(f"bench {model}") as say:
                result = run_benchmark(model, scenario, batch=batch, seq=seq, phase=phase,
                                       context=context, threads=threads, device=device,
                                       precision=precision, min_duration_s=duration_s,
                                       min_queries=min_queries, latency_bound_s=bound_s,
                                       search_steps=search_steps, record=record, progress=say)
        except KeyboardInterrupt:
            sys.stderr.write("interrupted: nothing measured or recorded\n")
            raise typer.Exit(130) from None
        render(result, fmt, explain)
