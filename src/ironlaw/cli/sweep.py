"""``ironlaw sweep``: evaluate a design space, filter it, rank it or take its Pareto front.

    ironlaw sweep --model llama-3-8b --device h100,a100-80gb,l40s --phase decode \\
        --batch 1..256x2 --context 2048,8192 --count 1,2,4,8 --price-per-hour '$4/h' \\
        --where "fits" --pareto cost_per_million_tokens_usd,tpot_s --plot pareto.png
    ironlaw sweep --spec sweep.yaml --workers 4 --resume runs/big --format parquet \\
        --out best.parquet

Values take lists and ranges (``1,8,64``, ``1..256x2``, ``128..4096:128``); a YAML spec takes
the same keys (plus where, objective, pareto); flags override it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ironlaw.cli.options import price_per_hour as per_hour
from ironlaw.cli.options import wrote


class SweepFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    parquet = "parquet"


def _option(flag: str, text: str):
    return typer.Option(None, flag, help=text)


def sweep(spec: Path = typer.Option(None, "--spec", help="A YAML sweep spec."),
          method: str = _option("--method", "graph (default) | closed-form | serving."),
          model: str = _option("--model", "Models, e.g. llama-3-8b,mistral-7b."),
          config: str = _option("--config", "Your own models' config.json files, with or "
                                "instead of --model, e.g. a.json,b.json."),
          device: str = _option("--device", "Devices, e.g. h100,a100-80gb."),
          count: str = _option("--count", "Data-parallel replicas, e.g. 1,2,4,8."),
          tp: str = _option("--tp", "Tensor-parallel devices per replica (serving), e.g. "
                            "1,2,4,8."),
          batch: str = _option("--batch", "Batch sizes, e.g. 1..256x2."),
          seq: str = _option("--seq", "Sequence (prompt) lengths."),
          context: str = _option("--context", "Tokens a decode step attends to."),
          precision: str = _option("--precision", "Precisions, e.g. bf16,fp8."),
          phase: str = _option("--phase", "prefill | decode | encoder | forward | auto."),
          mode: str = _option("--mode", "fused | eager."),
          region: str = _option("--region", "Grid regions for carbon, e.g. us,fr."),
          price_per_hour: str = _option("--price-per-hour",
                                        "USD per device-hour ('$4/h'), or 'cloud'."),
          prompt: str = _option("--prompt", "Prompt tokens (serving)."),
          output: str = _option("--output", "Output tokens (serving)."),
          rate: str = _option("--rate", "Arrival rates (serving), e.g. '1,10,100'."),
          slo_ttft: str = _option("--slo-ttft", "TTFT SLOs (serving), e.g. '200 ms'."),
          slo_tpot: str = _option("--slo-tpot", "TPOT SLO (serving), e.g. '50 ms'."),
          kv_precision: str = _option("--kv-precision", "KV cache precisions (serving "
                                      "models with attention), e.g. bf16,fp8."),
          kv_heads: str = _option("--kv-heads", "Key/value heads (serving), e.g. 1,8,32."),
          kv_reads: str = _option("--kv-reads", "How the decode kernel reads a grouped K/V "
                                  "cache (serving): grouped (default), per-head (TensorRT-LLM "
                                  "before v0.8), e.g. grouped,per-head."),
          shared_prefix: str = _option("--shared-prefix", "Prompt tokens every request "
                                       "shares (serving; prefix caching; 0: none), e.g. "
                                       "0,1024,1536."),
          prefix_hit: str = _option("--prefix-hit", "Share of requests finding the shared "
                                    "prefix cached (serving; 0-1, default 1), e.g. 0.5,0.9,1."),
          percentile: float = typer.Option(None, "--percentile", help="SLO percentile (0.99)."),
          catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                       help="Your own devices (YAML)."),
          where: list[str] = typer.Option(None, "--where",
                                          help="A constraint, e.g. 'p99_ttft_s <= 0.2' "
                                               "(repeatable; all must hold)."),
          objective: str = _option("--objective", "Rank by a metric, e.g. "
                                   "cost_per_million_tokens_usd or max:tokens_per_s."),
          pareto: str = _option("--pareto", "Pareto front of 2-3 metrics, e.g. "
                                "cost_per_million_tokens_usd,tpot_s."),
          plot: Path = typer.Option(None, "--plot", help="Write the Pareto front (PNG/SVG)."),
          top: int = typer.Option(None, "--top", help="Show at most N rows (table: 20)."),
          out: Path = typer.Option(None, "--out", help="Write rows to FILE (json, csv, "
                                                       "markdown, parquet)."),
          scheduler: str = _option("--scheduler", "Dask scheduler, e.g. tcp://HOST:8786."),
          workers: int = typer.Option(None, "--workers", help="Run a local Dask cluster of "
                                                              "N workers."),
          chunk: int = typer.Option(None, "--chunk", help="Configurations per chunk."),
          resume: Path = typer.Option(None, "--resume", help="Stream chunks to Parquet in DIR "
                                                             "and resume from it."),
          progress: bool = typer.Option(None, "--progress/--no-progress",
                                        help="Progress bar (default: on a terminal)."),
          record: bool = typer.Option(False, "--record", help="Save the result in the results "
                                                              "store (measure.store)."),
          intervals: bool = typer.Option(False, "--intervals",
                                         help="Add <var>_low/<var>_high: the sweep again with "
                                              "the efficiency parameters at the ends of their "
                                              "ranges (3x the work)."),
          explain: bool = typer.Option(False, "--explain",
                                       help="Show how the best configuration's numbers follow."),
          fmt: SweepFormat = typer.Option(SweepFormat.table, "--format", "-f",
                                          help="Output format.")):
    """Sweep a design space: every combination of the values, infeasible ones marked with the
    reason; then --where, --objective, --pareto."""
    import sys

    from ironlaw.errors import ParameterError, UserError
    from ironlaw.explore.output import emit
    from ironlaw.explore.output import record as store_record
    from ironlaw.explore.run import Interrupted, run_space
    from ironlaw.explore.select import select
    from ironlaw.explore.spec import make_space
    from ironlaw.explore.spec_file import load_spec

    args = load_spec(spec) if spec is not None else {}
    if config is not None:  # config files are models too
        from ironlaw.cli.model import config_file

        model = ",".join([*([model] if model else []),
                          *(config_file(c.strip()) for c in config.split(","))])
    flags = {"method": method, "model": model, "device": device, "count": count, "tp": tp,
             "batch": batch, "seq": seq, "context": context, "precision": precision,
             "phase": phase, "mode": mode, "region": region, "price": per_hour(price_per_hour),
             "prompt": prompt, "output": output, "rate": rate, "slo_ttft": slo_ttft,
             "slo_tpot": slo_tpot, "kv_precision": kv_precision, "kv_heads": kv_heads,
             "kv_reads": kv_reads, "shared_prefix": shared_prefix, "prefix_hit": prefix_hit,
             "percentile": percentile, "catalog": catalog,
             "chunk": chunk, "objective": objective, "pareto": pareto}
    args.update({k: v for k, v in flags.items() if v is not None})
    from_spec = {k for k in args if flags.get(k) is None}  # named by the file, not a flag
    if where:
        args["where"] = list(where)
    for key in ("model", "device"):
        if key not in args:
            raise UserError(f"--{key}: required (or give it in --spec)")
    chosen = {k: args.pop(k, None) for k in ("where", "objective", "pareto")}
    constraints = chosen["where"] or ()
    try:
        space = make_space(**args)
    except ParameterError as exc:
        if exc.parameter not in from_spec:
            raise
        raise exc.with_label(f"{spec}: {exc.parameter}") from None
    if plot is not None and not chosen["pareto"]:
        raise UserError("--plot: draws the Pareto front; give --pareto METRICS too")
    show = sys.stderr.isatty() if progress is None else progress
    try:
        ds = run_space(space, scheduler=scheduler, workers=workers, directory=resume,
                       progress=show)
        if intervals:
            from ironlaw.explore.run import with_intervals

            ds = with_intervals(ds, space, scheduler=scheduler, workers=workers)
    except Interrupted as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(130) from None
    selection = select(ds, space, where=constraints, objective=chosen["objective"],
                       front=chosen["pareto"])
    if plot is not None:
        from ironlaw.explore.plot import pareto_plot

        wrote(pareto_plot(selection, plot).path, fmt)
    if record:
        from ironlaw.measure.store import NotRecorded

        try:  # the result is printed either way; a run the store refused waits in a side file
            run_id = store_record(selection, f"{space.method}: "
                                  f"{', '.join(space.coord('model'))}")
            sys.stderr.write(f"recorded as {run_id}\n")
        except NotRecorded as exc:
            sys.stderr.write(f"--record: {exc}\n")
    _print(selection, fmt, out, top, explain, emit)


def _print(selection, fmt, out, top, explain, emit) -> None:
    """Rows to a file (--out, parquet), else the one renderer; --top keeps the first N."""
    from dataclasses import replace

    from ironlaw.report.render import render

    if out is not None or fmt == SweepFormat.parquet:
        emit(selection, fmt.value, out=out, top=top)
        if out is not None:
            wrote(out)
        if explain:
            print(selection.explain().text())
        return
    if top is not None:
        selection = replace(selection, chosen=selection.chosen[:top])
    render(selection, fmt.value, explain, limit=top or 20)


def register(app: typer.Typer) -> None:
    """Add ``ironlaw sweep`` to the root app."""
    app.command("sweep")(sweep)
