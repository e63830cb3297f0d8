"""``ironlaw train MODEL --on DEVICE|NODE``: memory per device, step time, MFU, time and cost."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import (
    FORMAT,
    Format,
    model_argument,
    on_option,
    price_per_hour,
    quantity,
)


def register(root: typer.Typer) -> None:
    @root.command("train")
    def train(
        model: str = model_argument(help="A model: built-in (e.g. llama-3-8b, "
                                    "resnet50), a Hugging Face id in the local cache, or a "
                                    "config.json."),
        config: Path = typer.Option(None, "--config", help="A Hugging Face config.json "
                                    "(instead of a model name)."),
        layers: int = typer.Option(None, "--layers", help="A GPT of bare shape (Megatron-LM's "
                                   "model: 4·hidden MLP, learned positions for --seq tokens, "
                                   "tied embeddings): its blocks; with --hidden, --heads, "
                                   "--vocab."),
        hidden: int = typer.Option(None, "--hidden", help="Bare shape: the model width."),
        heads: int = typer.Option(None, "--heads", help="Bare shape: attention heads."),
        vocab: int = typer.Option(None, "--vocab", help="Bare shape: vocabulary size."),
        on: str = on_option(help="Device or node, e.g. h100, dgx-h100."),
        devices: int = typer.Option(None, "--devices", "-n",
                                    help="Devices = dp × tp × pp (default: the node's count)."),
        tp: int = typer.Option(1, "--tp", help="Tensor-parallel degree (Megatron-LM)."),
        pp: int = typer.Option(1, "--pp", help="Pipeline stages (1F1B)."),
        virtual_stages: int = typer.Option(1, "--virtual-stages",
                                           help="Model chunks per device: > 1 runs the "
                                                "interleaved 1F1B schedule (Megatron-LM)."),
        micro_batch: int = typer.Option(1, "--micro-batch", "-b",
                                        help="Samples per device per pass."),
        global_batch: int = typer.Option(None, "--global-batch",
                                         help="Samples per optimizer step."),
        seq: int = typer.Option(None, "--seq", "-s",
                                help="Tokens per sample (transformers; default 2048)."),
        precision: str = typer.Option("bf16", "--precision", help="bf16, fp16 or fp32."),
        optimizer: str = typer.Option("adamw", "--optimizer",
                                      help="sgd, momentum, adam, adamw, adam8bit, adafactor."),
        zero: int = typer.Option(0, "--zero", help="ZeRO stage 0-3."),
        recompute: str = typer.Option("none", "--recompute", help="none | selective | full."),
        tokens: str = typer.Option(None, "--tokens", help="Training tokens, e.g. 300e9."),
        epochs: str = typer.Option(None, "--epochs", help="Epochs over --samples."),
        samples: str = typer.Option(None, "--samples", help="Samples in the data set."),
        price: str = typer.Option(None, "--price-per-hour",
                                  help="Price per device-hour, e.g. '$2.50/h'."),
        overlap: float = typer.Option(None, "--overlap",
                                      help="Fraction of data-parallel communication hidden "
                                           "behind backward (default 0.8)."),
        mode: str = typer.Option("fused", "--mode", help="eager | fused."),
        sequence_parallel: bool = typer.Option(False, "--sequence-parallel",
                                               help="Split norms, dropouts and layer inputs "
                                                    "over the tp devices (Korthikanti 2022)."),
        attention: str = typer.Option("flash", "--attention",
                                      help="flash | materialized (keeps the s² scores)."),
        dropout: bool = typer.Option(False, "--dropout/--no-dropout",
                                     help="Count dropout masks in activation memory."),
        loss: str = typer.Option("fp32", "--loss",
                                 help="fp32 (cross entropy upcast, PyTorch's) | fused "
                                      "(a fused kernel: flash-attention's, llm-foundry's)."),
        catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                     help="Your own devices (YAML)."),
        explain: bool = typer.Option(False, "--explain", help="Show the worked derivation."),
        fmt: Format = FORMAT,
    ):
        """Does a training run fit on one node, how fast does it step, what does it cost:
        memory per device (ZeRO, recomputation), step time, MFU, time-to-train. Exit status 1
        when the verdict is 'does not fit'."""
        from ironlaw.cli.model import model_name
        from ironlaw.operations.cost import owned_price
        from ironlaw.report.render import render
        from ironlaw.training.plan import DEFAULT_SEQ
        from ironlaw.training.plan import train as train_bounded
        from ironlaw.training.tables import OVERLAP

        shape = {"layers": layers, "hidden": hidden, "heads": heads, "vocab": vocab,
                 "seq": DEFAULT_SEQ if seq is None else seq}
        plan = train_bounded(
            model_name(model, config, shape), on, devices, tp=tp, pp=pp, micro_batch=micro_batch,
            global_batch=global_batch, seq=seq, precision=precision, optimizer=optimizer,
            zero=zero, recompute=recompute, tokens=quantity(tokens, "count", "--tokens"),
            epochs=quantity(epochs, "count", "--epochs"),
            dataset_samples=quantity(samples, "count", "--samples"),
            price=owned_price if price is None else price_per_hour(price), catalog=catalog,
            overlap=OVERLAP.value if overlap is None else overlap, mode=mode,
            sequence_parallel=sequence_parallel, attention=attention, dropout=dropout, loss=loss,
            virtual_stages=virtual_stages)
        render(plan, fmt, explain)
        if not plan.fits:
            raise typer.Exit(1)
