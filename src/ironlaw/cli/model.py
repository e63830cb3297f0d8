"""``ironlaw model list|show`` and ``ironlaw analyze``: graphs and their cost on a device."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, model_argument, on_option, wrote

app = typer.Typer(help="Built-in models, config.json and ONNX files as op graphs.",
                  no_args_is_help=True)

BATCH = typer.Option(1, "--batch", "-b", help="Batch size.")
SEQ = typer.Option(None, "--seq", "-s", help="Sequence (prompt) length; transformers only.")
CONTEXT = typer.Option(None, "--context", "-c",
                       help="Tokens a decode step attends to (the KV cache it reads); "
                            "required with --phase decode.")
PHASE = typer.Option(None, "--phase", "-p", help="encoder | prefill | decode | forward.")
KV_PRECISION = typer.Option(None, "--kv-precision",
                            help="KV cache precision (LLMs with attention; default: as the "
                                 "checkpoint keeps it: fp8 for fp8, else the activations'), "
                                 "e.g. fp8.")
KV_HEADS = typer.Option(None, "--kv-heads", help="Key/value heads (LLMs; default: the "
                        "model's): MHA → GQA → MQA what-ifs.")
KV_READS = typer.Option(None, "--kv-reads", help="How the decode kernel reads a grouped K/V "
                        "cache: grouped (default; each K/V head once) or per-head (once per "
                        "query head: TensorRT-LLM before v0.8).")
PRECISION = typer.Option("bf16", "--precision", help="fp32, bf16, fp16, fp8, int8, ...")
EXPLAIN = typer.Option(False, "--explain", help="Then show the worked derivation.")


def decode_sizes(model: str, phase: str | None, seq: int | None, context: int | None) -> None:
    """A decode step is stated, never guessed: it takes one new token a sequence (``--seq``
    absent or 1) and attends to ``--context`` cached tokens, which must be given (a model
    without a decode phase is refused by the builder, naming the phases it has)."""
    from ironlaw.errors import ParameterError
    from ironlaw.models.zoo import get_model

    if phase != "decode" or phase not in get_model(model).phases:
        return
    if context is None:
        raise ParameterError("context", "a decode step attends to the tokens already in the "
                                        "KV cache: give them, e.g. --context 4096")
    if seq is not None and seq != 1:
        raise ParameterError("seq", f"a decode step takes 1 new token a sequence; got {seq} "
                                    "(the prompt of a prefill is --phase prefill --seq)")


def graph_for(name: str | None, config: Path | None, onnx: Path | None, phase, batch, seq,
              context, precision, kv_precision: str | None = None,
              kv_heads: int | None = None, runs=None, kv_reads: str | None = None):
    """One graph from a model name (built-in, Hugging Face id, config.json path), --config
    FILE or an ONNX file (exactly one of them); an LLM's KV cache in ``kv_precision`` with
    ``kv_heads`` heads, read by decode as ``kv_reads`` says, where given; ``runs``: the
    precisions of the device it runs on (a narrow-format LLM's 16-bit part:
    ``models.compress.sixteen_bit``)."""
    from ironlaw import checks
    from ironlaw.errors import UserError

    for parameter, size in (("batch", batch), ("seq", seq), ("context", context)):
        if size is not None:
            checks.whole(size, parameter)  # in range before any array is sized by it

    given = [x for x in (name, config, onnx) if x is not None]
    if len(given) != 1:
        raise UserError("give exactly one of: a model name, --config FILE, --onnx FILE")
    if onnx is not None:
        from ironlaw.models.from_onnx import load

        checks.not_given("applies to a built-in or config.json LLM, not to an ONNX graph",
                         kv_precision=kv_precision, kv_heads=kv_heads, kv_reads=kv_reads)
        return load(onnx, dtype=precision, batch=batch)
    from ironlaw.models.zoo import build_model

    model = model_name(name, config)
    decode_sizes(model, phase, seq, context)
    return build_model(model, phase=phase, batch=batch, seq=seq, context=context,
                       dtype=precision, kv_precision=kv_precision, kv_heads=kv_heads, runs=runs,
                       kv_reads=kv_reads)


def model_name(name: str | None, config: Path | None, shape: dict | None = None) -> str:
    """The model a command was given: its name, ``--config FILE`` (a config.json, read by
    the one model resolver, ``models.zoo.get_model``) or a bare ``shape`` (layers, hidden,
    heads, vocab and seq, for ``models.zoo.shape_model``); exactly one of them."""
    from ironlaw.errors import ParameterError, UserError

    sized = {k: v for k, v in (shape or {}).items() if k != "seq" and v is not None}
    if sized:
        if name is not None or config is not None:
            raise UserError("give a model name, --config FILE or a bare shape (--layers, "
                            "--hidden, --heads, --vocab), one of them")
        missing = [k for k, v in shape.items() if v is None and k != "seq"]
        if missing:
            raise ParameterError(missing[0], "a bare shape needs --layers, --hidden, --heads "
                                             "and --vocab; give it too")
        from ironlaw.models.zoo import shape_model

        return shape_model(**shape).id
    if (name is None) == (config is None):
        raise UserError("give a model name or --config FILE (a config.json), one of them")
    return config_file(config) if config is not None else name


def config_file(config) -> str:
    """``--config``: a path to a config.json (or a folder holding one), not a model's name,
    which is the model argument: ParameterError('config') when nothing is there; what is
    there is checked where it is read (a regular UTF-8 file of bounded size)."""
    from ironlaw.errors import ParameterError

    path = Path(config)
    if not str(config) or not path.exists():
        raise ParameterError("config", f"expected a config.json file (or a folder holding "
                                       f"one); got {str(config)!r}")
    return str(path)


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
def show(name: str = model_argument(help="A built-in model, e.g. resnet50, llama-3-8b."),
         config: Path = typer.Option(None, "--config", help="A Hugging Face config.json."),
         onnx: Path = typer.Option(None, "--onnx", help="An ONNX model file."),
         batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
         precision: str = PRECISION, kv_precision: str = KV_PRECISION,
         kv_heads: int = KV_HEADS, kv_reads: str = KV_READS, explain: bool = EXPLAIN,
         fmt: Format = FORMAT):
    """A model's summary (parameters, FLOPs, bytes) and its per-layer table."""
    from ironlaw.frameworks.worked import Summary
    from ironlaw.report.render import render

    graph = graph_for(name, config, onnx, phase, batch, seq, context, precision, kv_precision,
                      kv_heads, kv_reads=kv_reads)
    render(Summary(graph), fmt, explain)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="model")

    @root.command("analyze")
    def analyze(name: str = model_argument(help="A built-in model, e.g. llama-3-8b."),
                on: str = on_option(help="Device ID or alias, e.g. h100."),
                config: Path = typer.Option(None, "--config", help="A Hugging Face config.json."),
                onnx: Path = typer.Option(None, "--onnx", help="An ONNX model file."),
                batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT,
                phase: str = PHASE, precision: str = PRECISION,
                kv_precision: str = KV_PRECISION, kv_heads: int = KV_HEADS,
                kv_reads: str = KV_READS,
                mode: str = typer.Option("fused", "--mode", help="eager | fused."),
                tp: int = typer.Option(1, "--tp", help="Tensor-parallel devices (Megatron-LM): "
                                       "the per-device graph with its collectives."),
                ops: bool = typer.Option(False, "--ops", help="Also show the per-op table."),
                catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                             help="Your own devices (YAML)."),
                plot: Path = typer.Option(None, "--plot",
                                          help="Write the roofline with every op (PNG/SVG)."),
                explain: bool = EXPLAIN, fmt: Format = FORMAT):
        """Latency, throughput, Iron Law terms, bottleneck, MFU and memory on a device."""
        from ironlaw.frameworks.cost import analyze_bounded as run_analysis
        from ironlaw.hardware.catalog import open_catalog

        if plot is not None:
            from ironlaw.report.plots import check_target

            check_target(plot, "plot")  # a bad file name fails before any work
        cat = open_catalog(catalog)
        device = cat.device(on)
        graph = graph_for(name, config, onnx, phase, batch, seq, context, precision,
                          kv_precision, kv_heads, device.peak, kv_reads)
        if tp != 1:
            from ironlaw.frameworks.parallel import tensor_parallel, with_collectives

            graph = with_collectives(tensor_parallel(graph, tp), tp)
        result = run_analysis(graph, device, cat.efficiency_of(device), mode)
        if plot is not None:
            from ironlaw.report.plots import roofline

            wrote(roofline(result, plot).path, fmt)
        from ironlaw.frameworks.worked import WithOps
        from ironlaw.report.render import render

        render(WithOps(result) if ops else result, fmt, explain)


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
