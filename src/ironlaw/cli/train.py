"""``ironlaw train MODEL --on DEVICE|NODE``: memory per device, step time, MFU, time and cost."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, print_worked


def _number(flag: str, text: str | None) -> float | None:
    """A plain number from the command line (``300e9``, ``1.4e12``)."""
    if text is None:
        return None
    from ironlaw import units
    from ironlaw.errors import UserError

    try:
        return units.parse(text, "count")
    except units.UnitError:
        raise UserError(f"{flag}: expected a number such as 300e9; got {text!r}") from None


def _rows(data: dict) -> list[tuple[str, str]]:
    from ironlaw.report.render import human

    mem, time = data["memory"], data["time"]
    mb = time["per_micro_batch"]
    rows = [
        ("verdict", f"{data['verdict']}: {data['reason']}"),
        ("parallelism", f"dp {data['dp']} × tp {data['tp']} × pp {data['pp']} = "
                        f"{data['devices']} devices"),
        ("batch", f"micro-batch {data['micro_batch']} × {data['micro_batches']} micro-batches × "
                  f"dp {data['dp']} = global {data['global_batch']}"
                  + (f" × seq {data['seq']}" if data.get("seq") else "")),
        ("parameters", human(data["params"], "count")),
    ]
    for key, label in (("weights_bytes", "weights"), ("gradients_bytes", "gradients"),
                       ("master_weights_bytes", "fp32 master weights"),
                       ("optimizer_state_bytes", "optimizer state"),
                       ("activations_bytes", "activations"), ("transient_bytes", "transient peak"),
                       ("zero3_gather_buffer_bytes", "ZeRO-3 gather buffer"),
                       ("fragmentation_bytes", "allocator fragmentation"),
                       ("runtime_context_bytes", "runtime context"),
                       ("total_bytes", "memory per device"),
                       ("capacity_bytes", "memory on device")):
        rows.append((label, human(mem[key], "bytes", binary=False)))
    largest = data["largest_micro_batch"]
    if largest is not None:
        rows.append(("largest micro-batch", f"{largest} (power of two: "
                                            f"{data['largest_micro_batch_pow2']})"))
    for key, label in (("forward_s", "forward (per micro-batch)"),
                       ("backward_s", "backward (per micro-batch)"),
                       ("recompute_s", "recompute (per micro-batch)"),
                       ("tensor_parallel_comm_s", "tensor-parallel all-reduces"),
                       ("pipeline_p2p_s", "pipeline sends")):
        rows.append((label, human(mb[key], "time")))
    rows += [
        ("pipeline bubble", f"{human(time['bubble_s'], 'time')} ({time['bubble_fraction']:.1%})"),
        ("data-parallel comm (exposed)", f"{human(time['data_parallel_comm_s'], 'time')} "
                                         f"({human(time['data_parallel_exposed_s'], 'time')}, "
                                         f"overlap {data['overlap']:g})"),
        ("optimizer step", human(time["optimizer_s"], "time")),
        ("step time", human(data["step_s"], "time")),
        ("throughput", f"{data['samples_per_s']:.4g} samples/s"
         + (f" ({data['tokens_per_s']:.4g} tokens/s)" if data.get("tokens_per_s") else "")),
        ("MFU (HFU)", f"{data['mfu']:.1%} ({data['hfu']:.1%})"),
    ]
    if data["time_to_train_s"] is not None:
        budget = (f"{human(data['tokens_total'], 'count')} tokens" if data["tokens_total"]
                  else f"{human(data['samples_total'], 'count')} samples")
        rows.append(("time to train", f"{human(data['time_to_train_s'], 'time')} for {budget} "
                                      f"({human(data['steps_total'], 'count')} steps)"))
        rows.append(("device-hours", f"{data['device_hours']:,.0f}"))
    if data["cost_usd"] is not None:
        rows.append(("cost", f"{human(data['cost_usd'], 'usd')} at "
                             f"${data['price_per_device_hour_usd']:.3g} per device-hour "
                             f"({data['price_basis']})"))
    rows += [("assumption", a) for a in data["assumptions"]]
    return rows


def _print(plan, fmt: Format, explain: bool) -> None:
    from ironlaw.report.render import Column, emit, to_json

    if explain:
        print_worked(plan.explain(), fmt)
        return
    data = plan.to_dict()
    if fmt == Format.json:
        print(to_json(data))
        return
    if fmt == Format.csv:
        flat = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        flat.update({k: v for k, v in data["memory"].items() if k != "fits"})
        flat.update({k: v for k, v in data["time"].items() if not isinstance(v, dict)})
        emit([flat], [Column(k, k) for k in flat], "csv")
        return
    records = [{"quantity": k, "value": v} for k, v in _rows(data)]
    title = (f"Training {data['model']} on {data['devices']} × {data['device']}"
             f"{' (' + data['node'] + ')' if data['node'] else ''} · {data['precision']} · "
             f"{data['optimizer']} · ZeRO {data['zero']} · recompute {data['recompute']}")
    emit(records, [Column("quantity", "quantity"), Column("value", "value")], fmt.value,
         title=title)


def register(root: typer.Typer) -> None:
    @root.command("train")
    def train(
        model: str = typer.Argument(..., help="A built-in model, e.g. llama-3-8b, resnet50."),
        on: str = typer.Option(..., "--on", help="Device or node, e.g. h100, dgx-h100."),
        devices: int = typer.Option(None, "--devices", "-n",
                                    help="Devices = dp × tp × pp (default: the node's count)."),
        tp: int = typer.Option(1, "--tp", help="Tensor-parallel degree (Megatron-LM)."),
        pp: int = typer.Option(1, "--pp", help="Pipeline stages (1F1B)."),
        micro_batch: int = typer.Option(1, "--micro-batch", "-b",
                                        help="Samples per device per pass."),
        global_batch: int = typer.Option(None, "--global-batch",
                                         help="Samples per optimizer step."),
        seq: int = typer.Option(None, "--seq", "-s",
                                help="Tokens per sample (transformers; default 2048)."),
        precision: str = typer.Option("bf16", "--precision", help="bf16, fp16 or fp32."),
        optimizer: str = typer.Option("adamw", "--optimizer",
                                      help="sgd, momentum, adam, adamw, adafactor."),
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
        catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                     help="Your own devices (YAML)."),
        explain: bool = typer.Option(False, "--explain", help="Show the worked derivation."),
        fmt: Format = FORMAT,
    ):
        """Does a training run fit on one node, how fast does it step, what does it cost:
        memory per device (ZeRO, recomputation), step time, MFU, time-to-train."""
        from ironlaw.operations.cost import owned_price_per_hour
        from ironlaw.training import plan_training
        from ironlaw.training.tables import OVERLAP

        plan = plan_training(
            model, on, devices, tp=tp, pp=pp, micro_batch=micro_batch,
            global_batch=global_batch, seq=seq, precision=precision, optimizer=optimizer,
            zero=zero, recompute=recompute, tokens=_number("--tokens", tokens),
            epochs=_number("--epochs", epochs), dataset_samples=_number("--samples", samples),
            price_per_hour=owned_price_per_hour if price is None else price, catalog=catalog,
            overlap=OVERLAP.value if overlap is None else overlap, mode=mode)
        _print(plan, fmt, explain)
