"""``ironlaw pipeline`` (can the input pipeline feed the accelerator?) and ``ironlaw gravity``
(move the data or move the compute)."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format, on_option, quantity

EXPLAIN = typer.Option(False, "--explain", help="Print the worked derivation.")




def register(app: typer.Typer) -> None:
    @app.command("pipeline")
    def pipeline_command(
        dataset: str = typer.Option(None, "--dataset",
                                    help="imagenet, imagenet-simplejpeg or tokens-2k: sets "
                                    "bytes per sample and the decode rate per core."),
        demand: str = typer.Option(None, "--demand",
                                   help='Samples/s the accelerators consume, e.g. "3000 /s".'),
        model: str = typer.Option(None, "--model",
                                  help="Or derive the demand from a model's step time ..."),
        config: Path = typer.Option(None, "--config", help="... (or your own model's "
                                    "config.json) ..."),
        on: str = on_option(None, help="... on this device ..."),
        batch: int = typer.Option(1, "--batch", "-b", help="... at this batch ..."),
        precision: str = typer.Option("bf16", "--precision", help="... and precision ..."),
        train: bool = typer.Option(False, "--train", help="... for a training step ..."),
        accelerators: int = typer.Option(1, "--accelerators",
                                         help="... times this many accelerators."),
        catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                     help="Your own devices (YAML)."),
        storage: str = typer.Option(..., "--storage", help='Storage read bandwidth, "2 GB/s".'),
        cores: int = typer.Option(..., "--cores", help="CPU cores decoding and augmenting."),
        decode_rate: str = typer.Option(None, "--decode-rate",
                                        help='Samples/s one core prepares, "577 /s", or none.'),
        bytes_per_sample: str = typer.Option(None, "--bytes-per-sample",
                                             help='Stored bytes per sample, "110 kB".'),
        network: str = typer.Option(None, "--network",
                                    help='Network bandwidth when data is remote, "25 Gbps".'),
        fmt: Format = FORMAT,
        explain: bool = EXPLAIN,
    ):
        """Supply (storage, decode, network) against the accelerators' demand: the stall
        fraction, the binding stage and what would fix it."""
        from ironlaw.data.pipeline import demand_from, pipeline
        from ironlaw.data.tables import DATASETS, DECODE_RATES, lookup
        from ironlaw.errors import UserError
        from ironlaw.report.render import render
        from ironlaw.units import format as human

        assumptions = []
        b = quantity(bytes_per_sample, "bytes", "--bytes-per-sample")
        rate = None
        no_decode = decode_rate is not None and decode_rate.strip().lower() == "none"
        if decode_rate is not None and not no_decode:
            rate = quantity(decode_rate, "rate", "--decode-rate")
        if dataset is not None:
            spec = lookup(DATASETS, dataset, "dataset", "dataset")
            if b is None:
                b = spec.bytes_per_sample.value
                assumptions.append(f"bytes per sample {human(b, 'bytes')}: "
                                   f"{spec.bytes_per_sample.source.cite()}; "
                                   f"{spec.bytes_per_sample.source.note}")
            if rate is None and not no_decode and spec.decode is not None:
                figure = DECODE_RATES[spec.decode]
                rate = figure.value
                assumptions.append(f"decode {figure.value:g}/s per core "
                                   f"({figure.source.note}): {figure.source.cite()}; "
                                   "augmentation not included, so supply "
                                   "is an upper bound")
        if b is None:
            raise UserError("--bytes-per-sample is needed (or --dataset to take it from)")
        if rate is None and not no_decode and (dataset is None):
            raise UserError("--decode-rate is needed: samples/s one core decodes, or 'none' "
                            "(or --dataset to take it from)")
        if config is not None:
            from ironlaw.cli.model import model_name

            model = model_name(model, config)
        if (demand is None) == (model is None):
            raise UserError("give the demand: --demand \"3000 /s\", or --model and --on to "
                            "derive it from a step time")
        if model is not None:
            if on is None:
                raise UserError("--model needs --on DEVICE")
            d, note = demand_from(model, on, batch=batch, precision=precision, train=train,
                                  accelerators=accelerators, catalog=catalog)
            assumptions.append(note)
        else:
            d = quantity(demand, "rate", "--demand")
        bw = quantity(storage, "bandwidth", "--storage")
        result = pipeline(d, bytes_per_sample=b, storage_bandwidth=bw,
                          cores=cores, decode_rate_per_core=rate,
                          network_bandwidth=quantity(network, "bandwidth", "--network"),
                          assumptions=tuple(assumptions))
        render(result, fmt, explain)

    @app.command("gravity")
    def gravity_command(
        size: str = typer.Argument(..., help='Dataset size, e.g. "1 PB".'),
        bandwidth: str = typer.Option(..., "--bandwidth", help='Link bandwidth, "10 Gbps".'),
        latency: str = typer.Option("0 s", "--latency", help='Link latency, "70 ms".'),
        egress: str = typer.Option(None, "--egress",
                                   help='Egress price, "$0.09/GB", or a table key '
                                   '(aws-ap-southeast-2).'),
        transit: str = typer.Option(None, "--transit", help='Shipping time, "2 days".'),
        copy_bandwidth: str = typer.Option(None, "--copy-bandwidth",
                                           help='Rate of copying onto/off disks, "2 GB/s".'),
        compute_bytes: str = typer.Option(None, "--compute-bytes",
                                          help='Size of the computation to move, "16 GB".'),
        fmt: Format = FORMAT,
        explain: bool = EXPLAIN,
    ):
        """Send the data, ship it on disks, or move the computation: time, money and energy."""
        from ironlaw.data.gravity import gravity
        from ironlaw.data.tables import EGRESS
        from ironlaw.report.render import render
        from ironlaw.units import format as human

        price, assumptions = None, []
        if egress is not None:
            if egress.strip().lower() in EGRESS:
                figure = EGRESS[egress.strip().lower()]
                price = figure.value
                assumptions.append(f"egress {human(price, 'usd_per_byte')}: "
                                   f"{figure.source.cite()}")
            else:
                price = quantity(egress, "usd_per_byte", "--egress")
        copy = quantity(copy_bandwidth, "bandwidth", "--copy-bandwidth")
        result = gravity(quantity(size, "bytes", "SIZE"),
                         bandwidth=quantity(bandwidth, "bandwidth", "--bandwidth"),
                         latency=quantity(latency, "time", "--latency"), egress_per_byte=price,
                         transit_time=quantity(transit, "time", "--transit"),
                         copy_bandwidth=copy,
                         compute_bytes=quantity(compute_bytes, "bytes", "--compute-bytes"),
                         assumptions=tuple(assumptions))
        render(result, fmt, explain)
