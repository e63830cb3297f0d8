"""``ironlaw serve``: a model served on a device or node — TTFT/TPOT, KV cache, batching,
queueing and the replicas an SLO needs."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, quantity


def serve(name: str = typer.Argument(..., help="A built-in model, e.g. llama-2-70b, resnet50."),
          on: str = typer.Option(..., "--on", help="Device or node, e.g. h100, dgx-h100."),
          devices: int = typer.Option(1, "--devices", "-n",
                                      help="Tensor-parallel devices per replica (LLMs)."),
          precision: str = typer.Option("bf16", "--precision", help="bf16, fp16, fp8, int8..."),
          prompt: int = typer.Option(None, "--prompt", help="Prompt tokens (LLMs; 512)."),
          output: int = typer.Option(None, "--output", help="Output tokens (LLMs; 128)."),
          batch: int = typer.Option(1, "--batch", "-b",
                                    help="Concurrent sequences (LLM) or batch size."),
          rate: str = typer.Option(None, "--rate", help="Arrival rate, e.g. '20 /s'."),
          slo_ttft: str = typer.Option(None, "--slo-ttft", help="TTFT SLO, e.g. '500 ms'."),
          slo_tpot: str = typer.Option(None, "--slo-tpot", help="TPOT SLO, e.g. '50 ms'."),
          slo: str = typer.Option(None, "--slo", help="Latency SLO (non-LLMs), e.g. '200 ms'."),
          percentile: float = typer.Option(0.99, "--percentile", help="SLO percentile."),
          catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                       help="Your own devices (YAML)."),
          explain: bool = typer.Option(False, "--explain", help="Show the worked derivation."),
          plot: Path = typer.Option(None, "--plot",
                                    help="Write latency vs throughput over batch sizes (PNG/SVG)."),
          fmt: Format = FORMAT):
    """Serve a model: TTFT and TPOT (LLMs) or batch latency, throughput vs batch, KV cache,
    p50/p99 latency and the replicas an SLO needs. Exit status 1 when the verdict is
    'does not fit' or 'SLO impossible'."""
    from ironlaw.errors import UserError
    from ironlaw.models.zoo import get_model
    from ironlaw.serving import serve_llm, serve_model

    if plot is not None:
        from ironlaw.report.plots import check_target

        check_target(plot, "--plot")  # a bad file name fails before any work
    spec = get_model(name)
    llm = spec.family == "transformer" and "decode" in spec.phases
    arrival = quantity(rate, "rate", "--rate")
    if llm:
        if slo is not None:
            raise UserError(f"--slo: {spec.id} is an LLM; give --slo-ttft and/or --slo-tpot")
        result = serve_llm(spec.id, on, devices=devices, precision=precision,
                           prompt=512 if prompt is None else prompt,
                           output=128 if output is None else output, batch=batch,
                           arrival_rate=arrival,
                           slo_ttft=quantity(slo_ttft, "time", "--slo-ttft"),
                           slo_tpot=quantity(slo_tpot, "time", "--slo-tpot"),
                           percentile=percentile, catalog=catalog)
    else:
        for flag, value in (("--prompt", prompt), ("--output", output),
                            ("--slo-ttft", slo_ttft), ("--slo-tpot", slo_tpot)):
            if value is not None:
                raise UserError(f"{flag} applies to LLMs (decoders); {spec.id} is not one")
        if devices != 1:
            raise UserError(f"--devices: tensor parallelism applies to LLM serving; {spec.id} "
                            "is served one device per replica")
        result = serve_model(spec.id, on, batch=batch, precision=precision,
                             arrival_rate=arrival, slo_latency=quantity(slo, "time", "--slo"),
                             percentile=percentile, catalog=catalog)
    if plot is not None:
        _plot(result, plot, llm)
    _print(result, fmt, explain)
    if not result.feasible:
        raise typer.Exit(1)


def _plot(result, path: Path, llm: bool) -> None:
    """Latency vs throughput over the batch sizes of the result's sweep (those that fit)."""
    from ironlaw.report.plots import batch_curve

    data = result.to_dict()
    if llm:
        rows = [(r["batch"], r["tpot_s"], r["tokens_per_s"]) for r in data["sweep"] if r["fits"]]
        title, unit = f"{data['model']} on {data['device']}: TPOT vs throughput", "tokens"
    else:
        rows = [(r["batch"], r["latency_s"], r["throughput_per_s"]) for r in data["sweep"]
                if r.get("fits", True)]
        title, unit = f"{data['model']} on {data['device']}: latency vs throughput", "samples"
    batch_curve(rows, path, title=title, throughput_unit=unit)


def _print(result, fmt: Format, explain: bool) -> None:
    from ironlaw.report.render import Column, emit, to_json

    data = result.to_dict()
    if fmt == Format.json:
        if explain:
            data["explain"] = result.explain().to_dict()
        print(to_json(data))
        return
    if fmt == Format.csv:
        flat = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        emit([flat], [Column(k, k) for k in flat], "csv")
        return
    where = result.node or result.device
    tp = f" ×{result.devices} (tensor parallel)" if result.devices > 1 else ""
    title = f"{result.model} on {where}{tp} · {result.precision} · batch {result.batch}"
    emit(_headline(result, data), [Column("quantity", "quantity"), Column("value", "value")],
         fmt.value, title=title)
    if result.schedules:
        columns = [Column("schedule", "schedule"), Column("ttft_s", "TTFT", "time"),
                   Column("tpot_mean_s", "mean TPOT", "time"),
                   Column("tpot_worst_s", "worst gap", "time"),
                   Column("requests_per_s", "requests/s"),
                   Column("tokens_per_s", "tokens/s"),
                   Column("sustainable", "sustainable")]
        emit([_rates(r, "yes" if r["sustainable"] else "NO") for r in data["schedules"]],
             columns, fmt.value,
             title="Admitting prompts at full batch (per replica, before queueing)")
    if result.kind == "llm":
        columns = [Column("batch", "batch", "count"), Column("tpot_s", "TPOT", "time"),
                   Column("tokens_per_s", "tokens/s"),
                   Column("tokens_per_s_per_device", "per device"),
                   Column("tpot_mean_s", "mean TPOT (prefill-first)", "time"),
                   Column("requests_per_s", "requests/s"),
                   Column("kv_bytes_per_device", "KV per device", "bytes"),
                   Column("fits", "fits")]
    else:
        columns = [Column("batch", "batch", "count"), Column("latency_s", "latency", "time"),
                   Column("throughput_per_s", "samples/s"), Column("fits", "fits")]
        if result.arrival_rate is not None:
            columns += [Column("batch_wait_mean_s", "forming (mean)", "time"),
                        Column("latency_with_forming_s", "latency + forming", "time")]
    emit([_rates(r, None) for r in data["sweep"]], columns,
         fmt.value, title="Throughput vs latency over batch sizes (one replica)")
    for assumption in result.assumptions:
        print(f"assumption: {assumption}")
    if explain:
        worked = result.explain()
        print(worked.markdown() if fmt == Format.markdown else worked.text())


def _rates(row: dict, sustainable: str | None) -> dict:
    """A row for people: rates as plain numbers per second, yes/NO for booleans."""
    from ironlaw.serving.result import per_second

    out = {k: (per_second(v).removesuffix(" /s") if "_per_s" in k and v is not None
               else v) for k, v in row.items()}
    if "fits" in out:
        out["fits"] = "yes" if row["fits"] else "NO"
    if sustainable is not None:
        out["sustainable"] = sustainable
    return out


def _headline(result, data) -> list[dict]:
    from ironlaw.report.render import human
    from ironlaw.serving.result import per_second

    t = lambda x: human(x, "time")  # noqa: E731
    q = f"p{round(result.percentile * 100, 6):g}"
    rows = [("verdict", result.verdict + (f" — {result.reason}" if result.reason else ""))]
    if result.kind == "llm":
        mem = result.memory
        rows += [("TTFT (prefill, no queue)", t(result.ttft_s)),
                 ("TPOT (decode step)", t(result.tpot_s)),
                 ("throughput per replica", per_second(result.throughput, "tokens")),
                 ("request latency (no queue)", t(result.latency_s)),
                 ("weights per device", human(mem["weights_per_device_bytes"], "bytes")),
                 ("KV cache per sequence", human(mem["kv_per_sequence_bytes"], "bytes")
                  + f" ({mem['paged_tokens']} tokens paged)"),
                 ("KV budget per device", human(mem["kv_budget_bytes"], "bytes")),
                 ("sequences that fit", str(mem["max_sequences"]))]
    else:
        rows += [("latency (one batch)", t(result.latency_s)),
                 ("throughput per replica", per_second(result.throughput, "samples"))]
    if result.arrival_rate is not None:
        head = "TTFT" if result.kind == "llm" else "latency"
        rows += [("arrival rate", per_second(result.arrival_rate, "requests")),
                 ("replicas", "—" if result.replicas is None else
                  f"{result.replicas}" + (f" ({result.replicas * result.devices} devices)"
                                          if result.devices > 1 else "")
                  + (f", {result.nodes} node(s)" if result.nodes else ""))]
        if result.p50_s is not None:
            rows += [(f"{head} p50", t(result.p50_s)), (f"{head} {q}", t(result.tail_s))]
        if result.latency_p50_s is not None:
            rows += [("request latency p50", t(result.latency_p50_s)),
                     (f"request latency {q}", t(result.latency_tail_s))]
        if result.queue is not None:
            rows += [("utilization", f"{result.queue.utilization:.1%}"),
                     ("requests in system (Little)", f"{result.in_system:.4g}")]
    return [{"quantity": k, "value": v} for k, v in rows]


def register(root: typer.Typer) -> None:
    root.command("serve")(serve)
