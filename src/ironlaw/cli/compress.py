"""``ironlaw compress MODEL --on DEVICE --scheme S``: a compressed model against its baseline."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.model import (
    BATCH,
    CONTEXT,
    KV_HEADS,
    KV_PRECISION,
    KV_READS,
    PHASE,
    PRECISION,
    SEQ,
)
from ironlaw.cli.options import FORMAT, Format, model_argument, on_option, wrote

SCHEME_HELP = ("int8-weight | int4-weight | fp8-weight (weight-only) | int8 | fp8 (weights and "
               "activations) | prune-unstructured-NN (NN% sparsity) | prune-2:4 | distill:MODEL")


def register(root: typer.Typer) -> None:
    @root.command("compress")
    def compress(name: str = model_argument(help="A model: built-in (e.g. llama-3-8b), "
                                            "a Hugging Face id in the local cache, or a "
                                            "config.json."),
                 config: Path = typer.Option(None, "--config", help="A Hugging Face "
                                             "config.json (instead of a model name)."),
                 on: str = on_option(help="Device ID or alias, e.g. h100."),
                 scheme: str = typer.Option(..., "--scheme", help=SCHEME_HELP),
                 batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT,
                 phase: str = PHASE, precision: str = PRECISION,
                 kv_precision: str = KV_PRECISION, kv_heads: int = KV_HEADS,
                 kv_reads: str = KV_READS,
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
        from ironlaw.report.render import render

        if plot is not None:
            from ironlaw.report.plots import check_target

            check_target(plot, "plot")  # a bad --plot name fails before any work
        from ironlaw.cli.model import decode_sizes, model_name

        model = model_name(name, config)
        decode_sizes(model, phase, seq, context)
        result = compare(model, on, scheme, batch=batch, seq=seq,
                         phase=phase, context=context, precision=precision,
                         catalog=open_catalog(catalog), mode=mode,
                         kv_precision=kv_precision, kv_heads=kv_heads, kv_reads=kv_reads)
        render(result, fmt, explain)
        if plot is not None:
            from ironlaw.report.plots import comparison

            wrote(comparison(result, plot).path, fmt)
        if result.verdict != "ok":
            raise typer.Exit(1)
