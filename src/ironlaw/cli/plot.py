"""``ironlaw plot roofline|terms|batch``: figures of a model on a device, as PNG or SVG."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.model import BATCH, CONTEXT, PHASE, PRECISION, SEQ
from ironlaw.cli.options import FORMAT, Format, model_argument, on_option

app = typer.Typer(help="Figures (PNG or SVG by the file suffix): the roofline with a model's ops "
                  "on it, the Iron Law terms, latency vs throughput over batch sizes, training "
                  "memory per device, the op-by-op waterfall, the memory ladder.",
                  no_args_is_help=True)

NAME = model_argument(help="A built-in model, e.g. llama-3-8b.")
ON = on_option(help="Device ID or alias, e.g. h100.")
CONFIG = typer.Option(None, "--config", help="A Hugging Face config.json.")
ONNX = typer.Option(None, "--onnx", help="An ONNX model file.")
MODE = typer.Option("fused", "--mode", help="eager | fused.")
CATALOG = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                       help="Your own devices (YAML).")
OUT = typer.Option(..., "--out", "-o", help="The figure to write: FILE.png or FILE.svg.")
EXPLAIN = typer.Option(False, "--explain", help="Show the worked derivation.")
DEFAULT_BATCHES = "1..64x2"


def _analysis(name, on, config, onnx, batch, seq, context, phase, precision, mode, catalog):
    from ironlaw.cli.model import graph_for
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import open_catalog

    cat = open_catalog(catalog)
    device = cat.device(on)
    graph = graph_for(name, config, onnx, phase, batch, seq, context, precision,
                      runs=device.peak)
    return analyze(graph, device, cat.efficiency_of(device), mode)


def _report(plot, fmt: Format, explain: bool, notes=()) -> None:
    """What was written (file, kind, format, size), its notes, then --explain. A model that
    does not fit is drawn (the figure says so in red) and warned about on stderr too, so the
    verdict is seen whatever the output format."""
    import sys
    from dataclasses import replace

    from ironlaw.report.render import render

    unfit = plot.data.get("does_not_fit", [])
    render(replace(plot, assumptions=(*unfit, *notes)), fmt, explain)
    for verdict in unfit:
        sys.stderr.write(f"warning: {verdict}; the figure is marked 'does not fit'\n")


def _assumptions(series) -> tuple[str, ...]:
    """Every assumption of a figure's (label, Analysis) series, each once, in order."""
    return tuple(dict.fromkeys(note for _, a in series for note in a.assumptions))


@app.command("roofline")
def roofline(ctx: typer.Context, name: str = NAME, on: str = ON, config: Path = CONFIG,
             onnx: Path = ONNX,
             batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
             precision: str = PRECISION, mode: str = MODE, catalog: Path = CATALOG,
             batches: str = typer.Option(None, "--batches",
                                         help="Overlay these batch sizes (1,8,64 or 1..64x2): "
                                              "decode moves right as the batch grows."),
             phases: str = typer.Option(None, "--phases",
                                        help="Overlay these phases, e.g. prefill,decode."),
             label: int = typer.Option(5, "--label", help="Name the N ops taking most time."),
             out: Path = OUT, explain: bool = EXPLAIN, fmt: Format = FORMAT):
    """The device's roofline (one roof per memory level, ridge marked) with every op of the
    model placed on it: intensity = FLOPs / bytes, attained rate = FLOPs / op time; with
    --batches or --phases, one marker series per configuration on the same roofs; with
    several devices (--on h100,a100,mi300x), each device's roof and the model on it."""
    from ironlaw import checks
    from ironlaw.report import plots

    plots.check_target(out, "out")
    label = checks.whole(label, "label", 0, 50)
    devices = [d.strip() for d in on.split(",") if d.strip()]
    if len(devices) > 1:
        from ironlaw.errors import UserError

        if batches is not None or phases is not None:
            raise UserError("--on: several devices overlay one configuration; drop --batches "
                            "and --phases, or give one device")
        if len(devices) > 8:
            raise UserError(f"--on: at most 8 devices on one figure; got {len(devices)}")
        if ctx.get_parameter_source("label").name != "DEFAULT":
            raise UserError("--label: several devices' figure names no ops (each device's ops "
                            "are small dots); drop --label, or give one device")
        series = [(d, _analysis(name, d, config, onnx, batch, seq, context, phase, precision,
                                mode, catalog)) for d in devices]
        ids = [a.device.id for _, a in series]
        twice = next((d for d, i in zip(devices, ids, strict=True) if ids.count(i) > 1), None)
        if twice is not None:
            raise UserError(f"--on: {twice} is listed twice (as {ids[devices.index(twice)]}); "
                            "name each device once")
        _report(plots.device_rooflines(series, out), fmt, explain, _assumptions(series))
        return
    if batches is not None and phases is not None:
        from ironlaw.errors import UserError

        raise UserError("--batches, --phases: overlay one of them at a time")
    if batches is not None:
        from ironlaw.ranges import expand, unique, whole

        sizes = sorted(unique(expand(batches, "batches", whole("batches")), "batches"))
        series = [(f"batch {b}", _analysis(name, on, config, onnx, b, seq, context, phase,
                                           precision, mode, catalog)) for b in sizes]
    elif phases is not None:
        chosen = [p.strip() for p in phases.split(",") if p.strip()]
        series = [(p, _analysis(name, on, config, onnx, batch, seq, context, p, precision,
                                mode, catalog)) for p in chosen]
    else:
        series = _analysis(name, on, config, onnx, batch, seq, context, phase, precision, mode,
                           catalog)
    notes = _assumptions(series) if isinstance(series, list) else series.assumptions
    _report(plots.roofline(series, out, label=label), fmt, explain, notes)


@app.command("terms")
def terms(name: str = NAME, on: str = ON, config: Path = CONFIG, onnx: Path = ONNX,
          batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
          precision: str = PRECISION, mode: str = MODE, catalog: Path = CATALOG,
          out: Path = OUT, explain: bool = EXPLAIN, fmt: Format = FORMAT):
    """The Iron Law terms as a bar: time in compute-bound ops, memory-bound ops, overhead."""
    from ironlaw.report import plots

    plots.check_target(out, "out")
    result = _analysis(name, on, config, onnx, batch, seq, context, phase, precision, mode,
                       catalog)
    _report(plots.terms(result, out), fmt, explain, result.assumptions)


@app.command("batch")
def batch_(name: str = NAME, on: str = ON, config: Path = CONFIG, onnx: Path = ONNX,
           batches: str = typer.Option(DEFAULT_BATCHES, "--batches",
                                       help="Batch sizes: 1,8,32 or 1..64x2 (×2 steps) "
                                       "or 8..64:8 (steps of 8)."),
           seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
           precision: str = PRECISION, mode: str = MODE, catalog: Path = CATALOG,
           out: Path = OUT, explain: bool = EXPLAIN, fmt: Format = FORMAT):
    """Latency vs throughput as the batch grows (the cost model at each batch size); batch sizes
    whose memory does not fit the device are left out and named."""
    from ironlaw.ranges import expand, unique, whole
    from ironlaw.report import plots
    from ironlaw.units import format as human

    plots.check_target(out, "out")
    sizes = sorted(unique(expand(batches, "batches", whole("batches")), "batches"))
    rows, notes, label = [], [], None
    for size in sizes:
        result = _analysis(name, on, config, onnx, size, seq, context, phase, precision, mode,
                           catalog)
        label = label or result
        if not result.fits:
            notes.append(f"batch {size} left out: needs {human(result.memory_bytes, 'bytes')} "
                         f"of {human(result.memory_capacity_bytes, 'bytes')}")
            continue
        tokens = result.tokens_per_s
        rows.append((size, result.latency_s, tokens if tokens else result.throughput_per_s))
    if not rows:
        from ironlaw.errors import UserError

        raise UserError(f"--batches: no batch size fits on {label.device.id}: "
                        + "; ".join(notes))
    unit = "tokens" if label.tokens_per_s else "samples"
    phase_name = label.graph.workload.phase
    title = (f"{label.graph.name} on {label.device.name}: latency vs throughput "
             f"({phase_name}, {label.graph.dtype}, {mode})")
    written = plots.batch_curve(rows, out, title=title, throughput_unit=unit)
    _report(written, fmt, explain, [*notes, *label.assumptions])


@app.command("waterfall")
def waterfall(name: str = NAME, on: str = ON, config: Path = CONFIG, onnx: Path = ONNX,
              batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
              precision: str = PRECISION, mode: str = MODE, catalog: Path = CATALOG,
              top: int = typer.Option(20, "--top", help="Ops drawn alone; the rest merged "
                                      "per kind."),
              out: Path = OUT, explain: bool = EXPLAIN, fmt: Format = FORMAT):
    """Where the time goes: the ops in execution order, each bar starting where the last
    ended, colored by the bound (compute, memory, link)."""
    from ironlaw import checks
    from ironlaw.report import plots

    plots.check_target(out, "out")
    top = checks.whole(top, "top", 1, 200)
    result = _analysis(name, on, config, onnx, batch, seq, context, phase, precision, mode,
                       catalog)
    _report(plots.waterfall(result, out, top=top), fmt, explain, result.assumptions)


@app.command("ladder")
def ladder_(on: str = typer.Option(..., "--on", help="Device or node, e.g. h100, dgx-h100."),
            catalog: Path = CATALOG, out: Path = OUT, explain: bool = EXPLAIN,
            fmt: Format = FORMAT):
    """The hierarchy data crosses, registers to disk: the access latency and the energy per
    byte at each level of the device (and of its node: network and disk), from the catalog,
    NCCL's link latencies and the energy table; "n/a" where no source gives a figure."""
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.hardware.describe import ladder_rungs
    from ironlaw.report import plots

    plots.check_target(out, "out")
    cat = open_catalog(catalog)
    device, node = cat.accelerator(on)
    title = f"The ladder of {node.name if node else device.name}: latency and energy per level"
    notes = []
    if node is None:
        hosts = sorted(n.id for n in cat.nodes.values() if n.accelerator == device.id)
        notes.append(f"a device alone has no network or disk; a node adds them: --on "
                     f"{hosts[0]}" + (f" (nodes with {device.id}: {', '.join(hosts)})"
                                      if len(hosts) > 1 else "") if hosts else
                     f"a device alone has no network or disk, and no node in the catalog "
                     f"holds {device.id}")
    written = plots.ladder(ladder_rungs(device, node), out, title=title, notes=notes)
    _report(written, fmt, explain,
            [*written.assumptions, *notes,
             "latency: one dependent access; memory levels: the catalog's (pointer-chase "
             "cycles at the boost clock), links: NCCL's per-step α (hardware.links), disk: an "
             "NVMe datasheet's QD1 read",
             "energy per byte: the kind of level's figure in `ironlaw energy-table` (45 nm "
             "SRAM/DRAM, HBM2, a 400G transceiver, an NVMe SSD), not the device's own"])


@app.command("memory")
def memory_(name: str = NAME, on: str = typer.Option(..., "--on", help="Device or node, e.g. "
                                                     "h100, dgx-h100."),
            config: Path = CONFIG,
            devices: int = typer.Option(None, "--devices", "-n", help="dp × tp × pp."),
            tp: int = typer.Option(1, "--tp"), pp: int = typer.Option(1, "--pp"),
            micro_batch: int = typer.Option(1, "--micro-batch", "-b"),
            seq: int = SEQ, precision: str = PRECISION,
            optimizer: str = typer.Option("adamw", "--optimizer"),
            zero: int = typer.Option(0, "--zero"),
            recompute: str = typer.Option("none", "--recompute"),
            catalog: Path = CATALOG, out: Path = OUT, explain: bool = EXPLAIN,
            fmt: Format = FORMAT):
    """Training memory per device as a stacked bar — weights, gradients, fp32 masters,
    optimizer state, activations, transient, overheads — against the device's capacity."""
    from ironlaw.cli.model import model_name
    from ironlaw.report import plots
    from ironlaw.training import plan_training

    plots.check_target(out, "out")
    plan = plan_training(model_name(name, config), on, devices, tp=tp, pp=pp,
                         micro_batch=micro_batch, seq=seq, precision=precision,
                         optimizer=optimizer, zero=zero, recompute=recompute, catalog=catalog)
    _report(plots.memory(plan, out), fmt, explain, plan.assumptions)


def add_plot_commands(root: typer.Typer) -> None:
    """Register ``ironlaw plot roofline|terms|batch`` on the root app."""
    root.add_typer(app, name="plot")


register = add_plot_commands
