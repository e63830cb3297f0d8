"""``ironlaw sources``: every constant ironlaw assumes, with its value, unit and citation.

The constants are found in the tables of each layer (module-level :class:`Constant` values and
dicts of them, and records that carry one :class:`Source` for their numbers); ``--devices`` adds
every number of every catalog device.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import typer

from ironlaw.cli.options import FORMAT, Format

TABLES = ("ironlaw.laws.energy_table", "ironlaw.hardware.links", "ironlaw.models.compress",
          "ironlaw.data.tables", "ironlaw.training.tables", "ironlaw.serving.sources",
          "ironlaw.operations.tables", "ironlaw.measure.loadgen")


def _walk(value: Any, name: str):
    """(name, Constant) for ``value`` and everything inside it."""
    from ironlaw.provenance import Constant, Source

    if isinstance(value, Constant):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{name}[{key!r}]")
    elif isinstance(value, tuple):
        for item in value:
            label = getattr(item, "name", None)  # a named record: PROTOCOLS['nvlink'].LL...
            yield from _walk(item, name if not isinstance(label, str) else f"{name}.{label}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        source = getattr(value, "source", None)
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(source, Source) and isinstance(item, float):  # e.g. OptimizerSpec
                unit = "B" if f.name.endswith("_bytes") else "s" if f.name.endswith("_s") else "1"
                yield f"{name}.{f.name}", Constant(item, unit, source)
            else:
                yield from _walk(item, f"{name}.{f.name}")


def constants() -> list[tuple[str, Any]]:
    """Every constant of every table, once each, named by module and attribute."""
    seen, out = set(), []
    for module_name in TABLES:
        module = importlib.import_module(module_name)
        short = module_name.removeprefix("ironlaw.")
        for attr, value in vars(module).items():
            if not attr.isupper():
                continue
            for name, constant in _walk(value, f"{short}.{attr}"):
                if id(constant) not in seen:
                    seen.add(id(constant))
                    out.append((name, constant))
    return out


def _record(name: str, constant) -> dict[str, Any]:
    source = constant.source
    return {"name": name, "value": constant.value, "unit": constant.unit, "kind": source.kind,
            "title": source.title, "url": source.url, "checked": source.checked.isoformat(),
            "note": source.note}


def _device_records(catalog) -> list[dict[str, Any]]:
    """Every number of every device in the catalog (``hardware.describe.provenance_rows``)."""
    from ironlaw.hardware.describe import provenance_rows
    from ironlaw.units import DIMENSIONS

    return [{"name": f"{device.id}.{row['field']}", "value": row["value"],
             "unit": DIMENSIONS[row["dimension"]].si or "1", "kind": row["kind"],
             "title": row["source"], "url": row["url"], "checked": row["checked"],
             "note": row["note"] or ""}
            for device in catalog.devices.values() for row in provenance_rows(device)]


def register(app: typer.Typer) -> None:
    @app.command("sources")
    def sources(match: str = typer.Argument(None, help="Only names containing this text."),
                devices: bool = typer.Option(False, "--devices",
                                             help="Also every number of every catalog device."),
                catalog: Path = typer.Option(None, "--catalog", envvar="IRONLAW_CATALOG",
                                             help="Your own devices (YAML), with --devices."),
                fmt: Format = FORMAT):
        """Every constant ironlaw assumes: value (SI), unit, kind, source, URL, date checked."""
        from ironlaw.report.render import Column, emit

        records = [_record(n, c) for n, c in constants()]
        if devices:
            from ironlaw.hardware.catalog import open_catalog

            records += _device_records(open_catalog(catalog))
        if match is not None:
            records = [r for r in records if match.lower() in r["name"].lower()]
        if fmt in (Format.table, Format.markdown, Format.html):  # SI value, beside its unit
            from ironlaw.units import format as show

            for r in records:
                r["value"] = show(r["value"], "count", digits=6)
        columns = [Column("name", "constant"), Column("value", "value"), Column("unit", "unit"),
                   Column("kind", "kind"), Column("title", "source"), Column("url", "url"),
                   Column("checked", "checked")]
        if fmt in (Format.json, Format.csv):
            columns.append(Column("note", "note"))
        emit(records, columns, fmt.value, title=f"Constants and their sources ({len(records)})")
