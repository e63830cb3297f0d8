"""``ironlaw cost``: energy, carbon, water, money and failures of a model on a device.

Three scopes: one pass (default); ``--requests N`` samples served; ``--hours H --devices N``
of a run (a training job or a serving fleet busy for H hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from ironlaw.cli.model import BATCH, CONTEXT, KV_HEADS, KV_PRECISION, KV_READS, PRECISION, SEQ
from ironlaw.cli.options import (
    BARE_NUMBER,
    FORMAT,
    Format,
    model_argument,
    on_option,
    quantity,
)
from ironlaw.cli.options import price_per_hour as per_hour
from ironlaw.cli.pipeline import EXPLAIN

PHASE = typer.Option(None, "--phase", "-p",
                     help="encoder | prefill | decode | forward | train (a training step).")


def _number_or_key(text: str | None):
    """A plain number (a PUE), or a table key."""
    if text is None:
        return None
    try:
        return float(text.strip())
    except ValueError:
        return text.strip().lower()


def _quantity_or_key(text: str | None, dim: str, flag: str, example: str):
    """A table key (a name, such as aws-2024 or us-industrial), or a quantity of ``dim`` with
    its unit in SI ("0.15 L/kWh", "$0.12/kWh"). A bare number is refused: its unit would be a
    guess (issue 13); the message offers ``example``."""
    from ironlaw.errors import UserError

    if text is None:
        return None
    raw = text.strip()
    if raw[:1].isalpha():
        return raw.lower()
    if BARE_NUMBER.fullmatch(raw):
        raise UserError(f"{flag}: {text!r} has no unit; write it with its unit, like "
                        f"{example!r}")
    return quantity(text, dim, flag)


def _graph(name, config, onnx, phase, batch, seq, context, precision, kv_precision=None,
           kv_heads=None, runs=None, kv_reads=None):
    """The forward graph, or with --phase train a training step (forward + backward), for a
    device with peaks for ``runs``."""
    from ironlaw.cli.model import graph_for

    if phase != "train":
        return graph_for(name, config, onnx, phase, batch, seq, context, precision,
                         kv_precision, kv_heads, runs, kv_reads)
    from ironlaw.checks import not_given

    not_given("a training step keeps no KV cache", kv_precision=kv_precision,
              kv_heads=kv_heads, kv_reads=kv_reads)
    from ironlaw.frameworks.autodiff import training_step

    if name is not None and config is None and onnx is None:
        from ironlaw.models.zoo import get_model

        spec = get_model(name)
        if spec.family == "transformer" and spec.phases[0] == "prefill":
            from ironlaw.dtypes import element_bytes
            from ironlaw.models.transformer import build
            from ironlaw.models.zoo import config_of

            element_bytes(precision)
            return training_step(build(config_of(spec), "prefill", batch=batch, seq=seq or 128,
                                       dtype=precision, name=spec.id, all_logits=True))
    return training_step(graph_for(name, config, onnx, None, batch, seq, context, precision))


def register(app: typer.Typer) -> None:
    @app.command("cost")
    def cost(
        name: str = model_argument(help="A built-in model, e.g. llama-3-8b, resnet50."),
        on: str = on_option(help="Device ID or alias, e.g. h100."),
        config: Path = typer.Option(None, "--config", help="A Hugging Face config.json."),
        onnx: Path = typer.Option(None, "--onnx", help="An ONNX model file."),
        batch: int = BATCH, seq: int = SEQ, context: int = CONTEXT, phase: str = PHASE,
        precision: str = PRECISION, kv_precision: str = KV_PRECISION, kv_heads: int = KV_HEADS,
        kv_reads: str = KV_READS,
        mode: str = typer.Option("fused", "--mode", help="eager | fused."),
        requests: int = typer.Option(None, "--requests",
                                     help="Scope: this many samples (inferences) served."),
        hours: float = typer.Option(None, "--hours",
                                    help="Scope: a run of this many hours on --devices."),
        devices: int = typer.Option(1, "--devices", help="Accelerators in the run."),
        method: str = typer.Option("both", "--method", help="Energy: both | physics | board."),
        utilization: float = typer.Option(None, "--utilization",
                                          help="Board busy fraction (default: from the cost "
                                          "model, 1 − launch gaps / latency)."),
        idle_power: str = typer.Option(None, "--idle-power", help='Board idle power, "60 W".'),
        region: str = typer.Option("us-average", "--region",
                                   help="Grid: us-average, fr, de, gb, se, no, pl, jp, cn, in, "
                                   "au, ca, ca-qc, world ..."),
        intensity: str = typer.Option(None, "--intensity",
                                      help='Grid carbon intensity instead, "50 g/kWh".'),
        pue: str = typer.Option(None, "--pue", help="PUE, e.g. 1.2, or industry-average, "
                                "aws-2024."),
        wue: str = typer.Option(None, "--wue", help='WUE, "0.15 L/kWh", or aws-2024, '
                                "aws-2021."),
        grid_water: str = typer.Option(None, "--grid-water",
                                       help='The grid\'s water per energy generated, '
                                       '"1.8 L/kWh".'),
        price_per_hour: str = typer.Option(None, "--price-per-hour",
                                           help='Cloud price per device-hour, "$2.50/h".'),
        instance: str = typer.Option(None, "--instance",
                                     help="Cloud instance: on-demand p5.48xlarge, "
                                     "p4d.24xlarge, g6.xlarge, tpu-v6e-8 ...; Capacity Block "
                                     "p5.48xlarge-cb ... (`ironlaw sources` lists them)."),
        node: str = typer.Option(None, "--node", help="Owned catalog node, e.g. dgx-a100."),
        capex: str = typer.Option(None, "--capex", help='Owned: price per device, "$30000".'),
        lifetime_years: float = typer.Option(None, "--lifetime-years",
                                             help="Owned: service life (default 5)."),
        fleet_utilization: float = typer.Option(None, "--fleet-utilization",
                                                help="Owned: fraction of the life in use."),
        electricity: str = typer.Option(None, "--electricity",
                                        help='Owned: "$0.08/kWh" or us-industrial, '
                                        "us-va-commercial, us-ca-commercial ..."),
        mtbf_hours: float = typer.Option(None, "--mtbf-hours",
                                         help="MTBF per device (default: Llama 3's rate)."),
        checkpoint: str = typer.Option(None, "--checkpoint", help='Checkpoint size, "1 TB".'),
        storage: str = typer.Option(None, "--storage", help='Checkpoint write bandwidth, '
                                    '"100 GB/s".'),
        catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                     help="Your own devices (YAML)."),
        fmt: Format = FORMAT,
        explain: bool = EXPLAIN,
    ):
        """Energy (physics and board power), carbon, water, cost and reliability of a model on a
        device: per pass, for --requests N samples, or for --hours H on --devices N."""
        from ironlaw import checks
        from ironlaw.errors import UserError
        from ironlaw.frameworks.cost import analyze
        from ironlaw.hardware.catalog import open_catalog
        from ironlaw.laws.energy import energy_from_power
        from ironlaw.operations import carbon, energy_of, reliability, run_cost, water
        from ironlaw.operations.cost import service_life
        from ironlaw.operations.tables import (
            LIFETIME,
            LONGEST_RUN_H,
            MOST_DEVICES,
            MOST_REQUESTS,
            SERVICE_LIFE_YEARS,
        )
        from ironlaw.units import HOUR, YEAR

        if requests is not None and hours is not None:
            raise UserError("give --requests N or --hours H, not both")
        # One bounded check a flag (operations.tables: LONGEST_RUN_H, MOST_REQUESTS, ...);
        # each ParameterError is re-labelled with its flag.
        if requests is not None:
            checks.whole(requests, "requests", 1, MOST_REQUESTS)
        checks.whole(devices, "devices", 1, MOST_DEVICES)
        if hours is not None:
            checks.positive(hours, "hours", "a run length in hours", most=LONGEST_RUN_H)
        checks.positive(mtbf_hours, "mtbf_hours", "an MTBF per device in hours", optional=True)
        low, high = SERVICE_LIFE_YEARS
        checks.positive(lifetime_years, "lifetime_years", "a service life in years",
                        least=low, most=high, optional=True)
        lifetime_s = None if lifetime_years is None else lifetime_years * YEAR
        # read even where nothing is priced by it: a bad value is refused, never ignored
        electricity_price = _quantity_or_key(electricity, "usd_per_energy", "--electricity",
                                             "$0.12/kWh")
        life = service_life(lifetime_s)
        cat = open_catalog(catalog)
        device = cat.device(on)
        owned_node = None if node is None else cat.node(node)
        if owned_node is not None and owned_node.accelerator != device.id:
            raise UserError(f"--node: {owned_node.id} holds {owned_node.accelerator}, not "
                            f"{device.id} (--on {on}); give a node of {device.id}, or "
                            "--capex for its price")
        if instance is not None:
            from ironlaw.operations.cost import instance_price

            instance_price(instance, device.id)  # refused before any costing if not --on's
        graph = _graph(name, config, onnx, phase, batch, seq, context, precision, kv_precision,
                       kv_heads, device.peak, kv_reads)

        def assess() -> Assessment:
            """Every figure of the answer, from one costing of the graph (read at the
            efficiency end in force: ironlaw.uncertainty)."""
            analysis = analyze(graph, device, cat.efficiency_of(device), mode)
            e = energy_of(analysis, method, utilization=utilization,
                          idle_w=quantity(idle_power, "power", "--idle-power"))

            power = e.energy_j / e.latency_s  # average draw over a pass (board, or physics/T)
            if requests is not None:
                scope = f"{requests} samples on {devices} device(s)"
                energy_j = e.per_sample_j * requests
                run_s = requests * e.latency_s / (e.samples * devices)
                samples = float(requests)
            elif hours is not None:
                scope = f"{hours:g} h on {devices} device(s)"
                run_s = hours * HOUR
                energy_j = energy_from_power(power * devices, run_s)
                samples = run_s / e.latency_s * e.samples * devices
            else:
                scope = "one pass"
                energy_j, run_s, samples = e.energy_j, e.latency_s, e.samples

            notes = []
            embodied = 0.0
            if device.embodied_carbon is not None:
                embodied = device.embodied_carbon.value * devices
                notes.append(f"embodied {device.embodied_carbon.value:g} kg per {device.id} "
                             f"({device.embodied_carbon.source.title}) amortized over "
                             f"{life / YEAR:g} years" + ("" if lifetime_years is not None
                                                         else f" ({LIFETIME.source.cite()})"))
            else:
                notes.append(f"{device.id}: no embodied carbon in the catalog; operational only")
            c = carbon(energy_j, region, _number_or_key(pue),
                       intensity=quantity(intensity, "carbon_intensity", "--intensity"),
                       embodied_kg=embodied, use_s=run_s, lifetime_s=life,
                       assumptions=tuple(notes))
            w = water(energy_j, _quantity_or_key(wue, "water_intensity", "--wue", "0.15 L/kWh"),
                      pue=c.pue, grid_water=_quantity_or_key(grid_water, "water_intensity",
                                                             "--grid-water", "1.8 L/kWh"))
            money = None
            priced = any(x is not None for x in (price_per_hour, instance, node, capex))
            if priced:
                owned = price_per_hour is None and instance is None
                money = run_cost(
                    run_s, devices, price=per_hour(price_per_hour),
                    instance=instance, accelerator=device.id, node=owned_node,
                    capex_usd=quantity(capex, "usd", "--capex"),
                    lifetime_s=lifetime_s,
                    utilization=fleet_utilization, energy_j=energy_j if owned else None,
                    electricity_price=electricity_price,
                    pue=c.pue)
            rel = None
            if hours is not None:
                rel = reliability(hours * HOUR, devices,
                                  None if mtbf_hours is None else mtbf_hours * HOUR,
                                  quantity(checkpoint, "bytes", "--checkpoint"),
                                  quantity(storage, "bandwidth", "--storage"))
            elif checkpoint is not None or mtbf_hours is not None:
                raise UserError("--checkpoint and --mtbf-hours describe a run: give --hours")
            return Assessment({"energy": e, "carbon": c, "water": w, "cost": money,
                               "reliability": rel}, scope, energy_j, run_s, samples)

        from ironlaw.uncertainty import intervals

        _print(*intervals(assess, FIGURES), fmt, explain)


# Assessment.to_dict's keys: the figures each given an interval where its ends differ
FIGURES = ("latency_s", "duration_s", "samples", "energy_j", "carbon_kg", "cost_usd")


@dataclass(frozen=True)
class Assessment:
    """One evaluation of the cost command: its parts and the run-level figures [SI]."""

    parts: dict[str, Any]  # energy, carbon, water, cost, reliability (None: not asked for)
    scope: str
    energy_j: float
    run_s: float
    samples: float

    def to_dict(self) -> dict[str, float]:
        """The run's figures (FIGURES): per-pass latency, duration, samples, IT energy, carbon
        and (when priced) money — the quantities uncertainty.intervals spans."""
        out = {"latency_s": self.parts["energy"].latency_s, "duration_s": self.run_s,
               "samples": self.samples, "energy_j": self.energy_j,
               "carbon_kg": self.parts["carbon"].carbon_kg}
        if self.parts["cost"] is not None:
            out["cost_usd"] = self.parts["cost"].cost_usd
        return out


def _print(answer: Assessment, bounds: dict[str, tuple[float, float]], fmt: Format,
           explain: bool) -> None:
    """The answer with each run figure's interval ``bounds`` (the same assessment with the
    efficiency parameters at the fast and the slow end of their stated ranges:
    uncertainty.intervals)."""
    from ironlaw.report.render import Bundle, render
    from ironlaw.uncertainty import with_bounds
    from ironlaw.units import format_interval as shown

    figures = answer.to_dict()
    e = answer.parts["energy"]
    point = {"model": e.model, "device": e.device, "precision": e.precision, "mode": e.mode,
             **e.workload.point_fields()}  # the operating point, as its inputs
    run = with_bounds({**point, "scope": answer.scope, **figures}, bounds)
    head = [("scope", answer.scope),
            *((label, shown(figures[k], bounds.get(k), dim))
              for label, k, dim in (("latency (one pass)", "latency_s", "time"),
                                    ("duration", "duration_s", "time"),
                                    ("samples", "samples", "count"),
                                    ("energy (IT)", "energy_j", "energy"),
                                    ("carbon", "carbon_kg", "mass"),
                                    ("cost", "cost_usd", "usd"))
              if k in figures)]
    render(Bundle(e.title, run, tuple(head),
                  answer.parts), fmt, explain)
