"""``ironlaw model list|show`` and ``ironlaw analyze``: graphs and their cost on a device."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="Built-in models, config.json and ONNX files as op graphs.",
                  no_args_is_help=True)

BATCH = typer.Option(1, "--batch", "-b", help="Batch size.")
SEQ = typer.Option(None, "--seq", "-s", help="Sequence (prompt) length; transformers only.")
CONTEXT = typer.Option(None, "--context", "-c",
                       help="Tokens a decode step attends to (default: --seq).")
PHASE = typer.Option(None, "--phase", "-p", help="encoder | prefill | decode | forward.")
PRECISION = typer.Option("bf16", "--precision", help="fp32, bf16, fp16, fp8, int8, ...")


def graph_for(name: str | None, config: Path | None, onnx: Path | None, phase, batch, seq,
              context, precision):
    """One graph from a built-in name, a config.json or an ONNX file (exactly one of them)."""
    from ironlaw.errors import UserError

    given = [x for x in (name, config, onnx) if x is not None]
    if len(given) != 1:
        raise UserError("give exactly one of: a model name, --config FILE, --onnx FILE")
    if config is not None:
        from ironlaw.models.transformer import build, load_config

        return build(load_config(config), phase or "prefill", batch=batch, seq=seq or 128,
                     context=context, dtype=precision, name=config.stem)
    if onnx is not None:
        from ironlaw.models.from_onnx import load

        return load(onnx, dtype=precision, batch=batch)
    from ironlaw.models.zoo import build_model

    return build_model(name, phase=phase, batch=batch, seq=seq, context=context,
                       dtype=precision)


@app.command("list")
def list_(fmt: Format = FORMAT):
    """The built-in models and their aliases."""
    from ironlaw.models.zoo import MODELS
    from ironlaw.report.render import Column, emit

    records = [{"id": m.id, "family": m.family, "phases": ", ".join(m.phases),
                "aliases": ", ".join(m.aliases), "description": m.description} for m in MODELS]
    emit(records, [Column(k, k) for k in ("id", "family", "phases", "description", "aliases")],
         fmt.value, title="Models")


@app.command()
def show(name: str = typer.Argument(None, help="A built-in model, e.g. resnet50, llama-3-8b."),
         config: Path = typer.Option(None, "--config", help="A Hugging Face config.json."),
         onnx: Path = typer.Option(None, "--onnx", help="An ONNX model file."),
         batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
         precision: str = PRECISION, fmt: Format = FORMAT):
    """A model's summary (parameters, FLOPs, bytes) and its per-layer table."""
    from ironlaw.report.render import Column, emit, human

    graph = graph_for(name, config, onnx, phase, batch, seq, context, precision)
    summary = graph.summary()
    rows = [{"name": op.name, "kind": op.kind, "count": op.count,
             "shape": "×".join(str(int(x)) if float(x).is_integer() else f"{x:g}"
                               for x in op.shape),
             "params": op.params * op.count, "flops": op.flops * op.count,
             "weight_bytes": op.weight_bytes * op.count,
             "activation_bytes": (op.input_bytes + op.output_bytes) * op.count}
            for op in graph.ops if op.kind != "view"]
    if fmt == Format.json:
        emit(rows, [], "json", data={**summary, "layers": rows})
        return
    columns = [Column("name", "op"), Column("kind", "kind"), Column("count", "×", "count"),
               Column("shape", "output"), Column("params", "params", "count"),
               Column("flops", "FLOPs", "flops"), Column("weight_bytes", "weights", "bytes"),
               Column("activation_bytes", "activations", "bytes")]
    if fmt == Format.table:
        from rich.console import Console

        facts = (f"{graph.name} [{graph.dtype}]: {human(summary['params'], 'count')} parameters "
                 f"({human(summary['param_bytes'], 'bytes')}), "
                 f"{human(summary['flops'], 'flops')} per pass, "
                 f"{human(summary['weight_bytes'] + summary['activation_bytes'], 'bytes')} moved, "
                 f"intensity {human(summary['intensity_flop_per_byte'], 'intensity')}")
        if summary.get("kv_cache_bytes"):
            facts += f", KV cache {human(summary['kv_cache_bytes'], 'bytes')}"
        Console().print(facts, markup=False, highlight=False)
    emit(rows, columns, fmt.value, title="Layers (× = times per pass; totals per row)")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="model")

    @root.command("analyze")
    def analyze(name: str = typer.Argument(None, help="A built-in model, e.g. llama-3-8b."),
                on: str = typer.Option(..., "--on", help="Device ID or alias, e.g. h100."),
                config: Path = typer.Option(None, "--config", help="A Hugging Face config.json."),
                onnx: Path = typer.Option(None, "--onnx", help="An ONNX model file."),
                batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT,
                phase: str = PHASE, precision: str = PRECISION,
                mode: str = typer.Option("fused", "--mode", help="eager | fused."),
                ops: bool = typer.Option(False, "--ops", help="Also show the per-op table."),
                catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                             help="Your own devices (YAML)."),
                plot: Path = typer.Option(None, "--plot",
                                          help="Write the roofline with every op (PNG/SVG)."),
                fmt: Format = FORMAT):
        """Latency, throughput, Iron Law terms, bottleneck, MFU and memory on a device."""
        from ironlaw.frameworks.cost import analyze as run_analysis
        from ironlaw.hardware.catalog import open_catalog

        if plot is not None:
            from ironlaw.report.plots import check_target

            check_target(plot, "--plot")  # a bad file name fails before any work
        cat = open_catalog(catalog)
        device = cat.device(on)
        graph = graph_for(name, config, onnx, phase, batch, seq, context, precision)
        result = run_analysis(graph, device, cat.efficiency_of(device), mode)
        if plot is not None:
            from ironlaw.report.plots import roofline

            roofline(result, plot)
        _print_analysis(result, fmt, ops)


def _print_analysis(result, fmt: Format, ops: bool) -> None:
    from ironlaw.report.render import Column, emit, human, to_json

    data = result.to_dict(ops=ops)
    if fmt == Format.json:
        print(to_json(data))
        return
    terms, bound = data["terms_s"], data["bound_s"]
    rows = [
        ("latency", human(data["latency_s"], "time")),
        ("throughput", f"{data['throughput_per_s']:.4g} /s"
         + (f"  ({data['tokens_per_s']:.4g} tokens/s)" if data.get("tokens_per_s") else "")),
        ("bottleneck", data["bottleneck"]),
        ("time in compute-bound ops", human(bound["compute"], "time")),
        ("time in memory-bound ops", human(bound["memory"], "time")),
        ("launch overhead", human(terms["overhead"], "time")),
        ("Σ compute / Σ memory terms", f"{human(terms['compute'], 'time')} / "
                                       f"{human(terms['memory'], 'time')}"),
        ("MFU", f"{data['mfu']:.1%}"),
        ("peak", human(data["peak_flop_per_s"], "flop_rate")),
        ("FLOPs per pass", human(data["flops"], "flops")),
        ("memory needed", human(data["memory_bytes"], "bytes")),
        ("memory on device", human(data["memory_capacity_bytes"], "bytes")),
        ("fits", "yes" if data["fits"] else "NO"),
    ]
    rows += [("assumption", a) for a in data["assumptions"]]
    title = (f"{data['model']} on {data['device']} · {data['precision']} · {data['mode']} · "
             f"batch {data['batch']}")
    records = [{"quantity": k, "value": v} for k, v in rows]
    if fmt == Format.csv:
        flat = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        flat.update({f"{k}_term_s": v for k, v in terms.items()})
        emit([flat], [Column(k, k) for k in flat], "csv")
        return
    emit(records, [Column("quantity", "quantity"), Column("value", "value")], fmt.value,
         title=title)
    if ops:
        columns = [Column("name", "op"), Column("kind", "kind"), Column("count", "×", "count"),
                   Column("flops", "FLOPs", "flops"), Column("bytes", "bytes", "bytes"),
                   Column("compute_s", "compute", "time"), Column("memory_s", "memory", "time"),
                   Column("overhead_s", "overhead", "time"),
                   Column("time_s", "total (× count)", "time"), Column("bound", "bound")]
        emit([r for r in data["ops"] if r["kind"] != "view"], columns, fmt.value,
             title="Per op")


@app.command()
def lighthouse(fmt: Format = FORMAT):
    """The Lighthouse workloads, profiled from their graphs on a reference device per class."""
    from ironlaw.models.lighthouse import REFERENCES, profiles
    from ironlaw.report.render import Column, emit

    data = profiles()
    records = []
    for p in data:
        per_token = "flops_per_token" in p
        records.append({
            "model": p["model"], "stresses": p["stresses"], "params": p["params"],
            "flops": p.get("flops_per_token", p.get("flops_per_inference")),
            "per": "token" if per_token else "inference",
            "weights_bf16_bytes": p["weight_bytes"]["bf16"],
            "weights_int8_bytes": p["weight_bytes"]["int8"],
            "intensity": p["intensity_flop_per_byte_fp32_batch1"],
            **{f"on_{cls}": p["dominant_constraint"][cls] for cls in REFERENCES},
        })
    columns = [Column("model", "model"), Column("stresses", "stresses"),
               Column("params", "params", "count"), Column("flops", "FLOPs", "flops"),
               Column("per", "per"), Column("weights_bf16_bytes", "bf16 weights", "bytes"),
               Column("weights_int8_bytes", "int8 weights", "bytes"),
               Column("intensity", "intensity (fp32, b=1)", "intensity"),
               *[Column(f"on_{cls}", f"{dev} {dt}")
                 for cls, (dev, dt) in REFERENCES.items()]]
    emit(records, columns, fmt.value, title="Lighthouse workloads (computed from their graphs)",
         data=data)
