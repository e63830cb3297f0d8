"""``ironlaw compress MODEL --on DEVICE --scheme S``: a compressed model against its baseline."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.model import BATCH, CONTEXT, PHASE, PRECISION, SEQ
from ironlaw.cli.options import FORMAT, Format

SCHEME_HELP = ("int8-weight | int4-weight | fp8-weight (weight-only) | int8 | fp8 (weights and "
               "activations) | prune-unstructured-NN (NN% sparsity) | prune-2:4 | distill:MODEL")


def register(root: typer.Typer) -> None:
    @root.command("compress")
    def compress(name: str = typer.Argument(..., help="A built-in model, e.g. llama-3-8b."),
                 on: str = typer.Option(..., "--on", help="Device ID or alias, e.g. h100."),
                 scheme: str = typer.Option(..., "--scheme", help=SCHEME_HELP),
                 batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT,
                 phase: str = PHASE, precision: str = PRECISION,
                 mode: str = typer.Option("fused", "--mode", help="eager | fused."),
                 catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                              help="Your own devices (YAML)."),
                 plot: Path = typer.Option(None, "--plot", help="Also write a figure (.png or "
                                           ".svg): latency, memory and energy vs baseline."),
                 explain: bool = typer.Option(False, "--explain",
                                              help="Show the worked derivation."),
                 fmt: Format = FORMAT):
        """Quantize, prune or distill a model; compare latency, memory, energy with the baseline.

        Exit status 1 when the device cannot run the scheme or the compressed model does not
        fit (a verdict, not an error).
        """
        from ironlaw.hardware.catalog import open_catalog
        from ironlaw.operations.compression import compare

        if plot is not None:
            from ironlaw.report.plots import check_target

            check_target(plot, "--plot")  # a bad --plot name fails before any work
        result = compare(name, on, scheme, batch=batch, seq=seq, phase=phase, context=context,
                         precision=precision, catalog=open_catalog(catalog), mode=mode)
        print_comparison(result, fmt, explain)
        if plot is not None:
            from ironlaw.report.plots import comparison

            written = comparison(result, plot)
            typer.echo(f"wrote {written.path}", err=True)
        if result.verdict != "ok":
            raise typer.Exit(1)


def print_comparison(result, fmt: Format, explain: bool) -> None:
    """The comparison as a table (quantity, baseline, compressed, ratio), CSV, Markdown or JSON."""
    from ironlaw.report.render import Column, emit, to_json

    data = result.to_dict()
    if fmt == Format.json:
        if explain:
            data["explain"] = result.explain().to_dict()
        print(to_json(data))
        return
    base, new = data["baseline"], data["compressed"]
    if fmt == Format.csv:
        sides = [{"side": "baseline", **base}]
        if new is not None:
            sides.append({"side": data["scheme"], **new})
        keys = [k for k, v in sides[0].items() if not isinstance(v, (dict, list))]
        emit(sides, [Column(k, k) for k in keys], "csv")
    else:
        emit(_rows(base, new), [Column("quantity", "quantity"), Column("baseline", "baseline"),
                                Column("compressed", data["scheme"]),
                                Column("ratio", "compressed / baseline")],
             fmt.value, title=f"{data['model']} on {data['device']} · {data['scheme']} "
                              f"({data['description']}) · {data['mode']}")
        if fmt == Format.markdown:
            print()
        speed = "" if data["speedup"] is None else f"; speedup {data['speedup']:.3g}×"
        print(f"verdict: {data['verdict']}{speed}"
              + (f" — {data['reason']}" if data["reason"] else ""))
        for assumption in data["assumptions"]:
            print(f"assumption: {assumption}")
    if explain:
        worked = result.explain()
        print(worked.markdown() if fmt == Format.markdown else worked.text())


def _rows(base: dict, new: dict | None) -> list[dict]:
    from ironlaw.report.render import human

    def rate(side: dict) -> str:
        tokens = side.get("tokens_per_s")
        value = tokens or side["throughput_per_s"]
        shown = f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
        return f"{shown} tokens/s" if tokens else f"{shown} /s"

    quantities = [
        ("compute precision", lambda s: s["precision"], None),
        ("GEMM weight format", lambda s: s["weight_format"], None),
        ("parameters", lambda s: human(s["params"], "count"), "params"),
        ("weights read per pass", lambda s: human(s["weight_bytes"], "bytes"), "weight_bytes"),
        ("memory needed", lambda s: human(s["memory_bytes"], "bytes"), "memory_bytes"),
        ("fits", lambda s: "yes" if s["fits"] else "NO", None),
        ("latency", lambda s: human(s["latency_s"], "time"), "latency_s"),
        ("throughput", rate, "throughput_per_s"),
        ("bottleneck", lambda s: s["bottleneck"], None),
        ("energy per pass", lambda s: human(s["energy_j"], "energy"), "energy_j"),
    ]
    rows = []
    for label, show, key in quantities:
        ratio = ""
        if new is not None and key and base.get(key) and new.get(key) is not None:
            ratio = f"{new[key] / base[key]:.3g}×"
        rows.append({"quantity": label, "baseline": show(base),
                     "compressed": "—" if new is None else show(new), "ratio": ratio})
    return rows
