"""``ironlaw hw``: list, show, compare and validate devices and nodes."""

from __future__ import annotations

from pathlib import Path

import typer

from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="The hardware catalog: devices and nodes with provenance.",
                  no_args_is_help=True)


CATALOG = typer.Option(None, "--catalog", help="A YAML file of your own devices/nodes "
                       "(same schema as the built-in catalog).", envvar="IRONLAW_CATALOG")
KINDS = ("gpu", "tpu", "npu", "cpu", "soc", "mcu", "accelerator", "node")


def _catalog(path: Path | None):
    from ironlaw.hardware.catalog import open_catalog

    return open_catalog(path)


def _device_columns():
    from ironlaw.report.render import Column

    return [
        Column("id", "id"), Column("kind", "kind"), Column("release_year", "year", "count"),
        Column("headline_precision", "precision"),
        Column("peak_flop_per_s", "dense peak", "text"),
        Column("main_memory_bytes", "memory", "bytes"),
        Column("main_memory_bandwidth_bytes_per_s", "bandwidth", "bandwidth"),
        Column("ridge_flop_per_byte", "ridge", "intensity"),
        Column("tdp_w", "TDP", "power"),
    ]


def _flat(summary: dict) -> dict:
    """One row of a device list: the headline precision's peak and ridge point."""
    from ironlaw.hardware.describe import HEADLINE_ORDER

    precision = next(p for p in HEADLINE_ORDER if p in summary["peak_flop_per_s"])
    return {**summary, "headline_precision": precision,
            "peak_flop_per_s": summary["peak_flop_per_s"][precision]["dense"],
            "ridge_flop_per_byte": summary["ridge_flop_per_byte"][precision]}


def _shown_peaks(records: list[dict], key: str, fmt: Format) -> None:
    """For people, write integer-precision peaks as OP/s (TOPS), float ones as FLOP/s."""
    from ironlaw.hardware.describe import rate_dimension
    from ironlaw.units import format as human

    if fmt in (Format.table, Format.markdown, Format.html):
        for record in records:
            record[key] = human(record[key], rate_dimension(record["headline_precision"]))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="hw")


@app.command("list")
def list_(kind: str = typer.Option(None, "--kind", "-k", help=f"One of: {', '.join(KINDS)}."),
          fmt: Format = FORMAT, catalog: Path = CATALOG):
    """List devices (or nodes, with --kind node), slowest to fastest."""
    from ironlaw.errors import UserError
    from ironlaw.hardware.describe import device_summary, node_summary
    from ironlaw.report.render import Column, emit

    if kind is not None and kind not in KINDS:
        raise UserError(f"--kind: expected one of {', '.join(KINDS)}; got {kind!r}")
    cat = _catalog(catalog)
    if kind == "node":
        records = [node_summary(n, cat) for n in cat.nodes.values()]
        records.sort(key=lambda r: r["total_peak_flop_per_s"])
        _shown_peaks(records, "total_peak_flop_per_s", fmt)
        columns = [Column("id", "id"), Column("name", "name"),
                   Column("accelerator", "accelerator"), Column("count", "count", "count"),
                   Column("headline_precision", "precision"),
                   Column("total_peak_flop_per_s", "total peak", "text"),
                   Column("total_accelerator_memory_bytes", "accel. memory", "bytes"),
                   Column("host_memory_bytes", "host memory", "bytes"),
                   Column("power_w", "power", "power")]
        emit(records, columns, fmt.value, title="Nodes")
        return
    summaries = [device_summary(d) for d in cat.devices.values()
                 if kind is None or d.kind == kind]
    records = sorted((_flat(s) for s in summaries), key=lambda r: r["peak_flop_per_s"])
    _shown_peaks(records, "peak_flop_per_s", fmt)
    emit(records, _device_columns(), fmt.value, title="Devices",
         data=summaries if fmt == Format.json else None)


@app.command()
def show(name: str = typer.Argument(..., help="Device or node ID or alias, e.g. h100."),
         explain: bool = typer.Option(False, "--explain",
                                      help="Then derive the ridge points (or node totals)."),
         fmt: Format = FORMAT, catalog: Path = CATALOG):
    """Every number of one device or node, with its provenance."""
    from ironlaw.hardware.describe import sheet
    from ironlaw.report.render import render

    render(sheet(name, _catalog(catalog)), fmt, explain)


@app.command()
def compare(names: list[str] = typer.Argument(..., help="Two or more device IDs or aliases."),
            fmt: Format = FORMAT, catalog: Path = CATALOG):
    """Devices side by side: peaks, memory, ridge points per precision, power, price."""
    from ironlaw.errors import UserError
    from ironlaw.hardware.describe import device_summary, rate_dimension
    from ironlaw.hardware.schema import PRECISIONS
    from ironlaw.report.render import Column, emit
    from ironlaw.units import format as human

    if len(names) < 2:
        raise UserError("compare needs at least two devices, e.g. `ironlaw hw compare h100 mi300x`")
    cat = _catalog(catalog)
    devices = list({d.id: d for d in (cat.device(n) for n in names)}.values())
    if len(devices) < 2:
        raise UserError(f"compare needs two different devices; {', '.join(names)} name only "
                        f"{devices[0].id!r}")
    summaries = [device_summary(d) for d in devices]
    metrics: list[tuple[str, str, object]] = [
        ("kind", "text", lambda s: s["kind"]),
        ("release year", "count", lambda s: s["release_year"]),
    ]
    for p in PRECISIONS:
        if any(p in s["peak_flop_per_s"] for s in summaries):
            metrics.append((f"{p} dense peak", rate_dimension(p),
                            lambda s, p=p: s["peak_flop_per_s"].get(p, {}).get("dense")))
    metrics += [
        ("memory", "bytes", lambda s: s["main_memory_bytes"]),
        ("memory bandwidth", "bandwidth", lambda s: s["main_memory_bandwidth_bytes_per_s"]),
    ]
    for p in PRECISIONS:
        if any(p in s["ridge_flop_per_byte"] for s in summaries):
            metrics.append((f"{p} ridge point", "intensity",
                            lambda s, p=p: s["ridge_flop_per_byte"].get(p)))
    metrics += [
        ("TDP", "power", lambda s: s["tdp_w"]),
        ("host link (per direction)", "bandwidth", lambda s: s["host_link_bandwidth_bytes_per_s"]),
        ("scale-up link (per direction)", "bandwidth",
         lambda s: s["scale_up_bandwidth_bytes_per_s"]),
        ("price", "usd", lambda s: s["price_usd"]),
    ]
    ids = [s["id"] for s in summaries]
    records = [{"metric": label, **{i: get(s) for i, s in zip(ids, summaries, strict=True)}}
               for label, _dim, get in metrics]
    if fmt in (Format.table, Format.markdown, Format.html):
        for record, (_label, dim, _get) in zip(records, metrics, strict=True):
            record.update({i: human(record[i], dim) for i in ids})
        columns = [Column("metric", "metric"), *[Column(i, i) for i in ids]]
        emit(records, columns, fmt.value, title="Comparison",
             data=_compared(summaries) if fmt == Format.html else None)
    else:
        emit(records, [Column("metric", "metric"), *[Column(i, i) for i in ids]], fmt.value,
             data=summaries)


def _compared(summaries: list[dict]) -> dict[str, dict[str, float]]:
    """What an HTML comparison draws, one bar per device: four of the table's rows (the dense
    peak at the first headline precision every device has, memory bandwidth, memory, TDP),
    each under the key whose words (units.words) are the row's label and whose suffix its
    unit (an integer peak in OP/s)."""
    from ironlaw.hardware.describe import HEADLINE_ORDER, rate_dimension
    from ironlaw.units import JSON_SUFFIX

    shared = next((p for p in HEADLINE_ORDER
                   if all(s["peak_flop_per_s"].get(p, {}).get("dense") for s in summaries)),
                  None)
    drawn = {} if shared is None else {
        f"{shared}_dense_peak{JSON_SUFFIX[rate_dimension(shared)]}": {
            s["id"]: s["peak_flop_per_s"][shared]["dense"] for s in summaries}}
    for key, field in (("memory_bandwidth_bytes_per_s", "main_memory_bandwidth_bytes_per_s"),
                       ("memory_bytes", "main_memory_bytes"), ("tdp_w", "tdp_w")):
        drawn[key] = {s["id"]: s[field] for s in summaries}
    return drawn


@app.command()
def template():
    """Print a commented catalog file to start your own devices and nodes from
    (`ironlaw hw template > mine.yaml`; `ironlaw schema catalog` gives its JSON Schema)."""
    from ironlaw.hardware.catalog import TEMPLATE

    typer.echo(TEMPLATE.read_text(encoding="utf-8"), nl=False)


@app.command()
def validate(path: Path = typer.Argument(..., help="A YAML file of devices and/or nodes.")):
    """Check a user catalog file against the schema; exit 2 with the field at fault if not."""
    from ironlaw.hardware.catalog import load_file, open_catalog

    content = load_file(path)
    cat = open_catalog(path)
    typer.echo(f"{path}: OK — {len(content.devices)} device(s), {len(content.nodes)} node(s); "
               f"catalog now holds {len(cat.devices)} devices and {len(cat.nodes)} nodes")
