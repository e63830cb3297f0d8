"""``ironlaw schema KIND``: the JSON Schema of a file format users write — a catalog of devices
and nodes, a scenario, a sweep spec — from the same pydantic validators that read those files,
so an editor can check and complete them. ``ironlaw hw template`` and ``ironlaw scenario template``
print commented examples to start from."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer


class Kind(StrEnum):
    catalog = "catalog"
    scenario = "scenario"
    sweep = "sweep"


def json_schema(kind: Kind) -> dict:
    """The JSON Schema (draft 2020-12) of ``kind``'s files."""
    if kind == Kind.catalog:
        from ironlaw.hardware.schema import CatalogFile as model
    elif kind == Kind.scenario:
        from ironlaw.applications.scenario import Scenario as model
    else:
        from ironlaw.explore.spec_file import SweepSpec as model
    from pydantic import TypeAdapter

    schema = TypeAdapter(model).json_schema()  # the catalog's classes are dataclasses
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": f"ironlaw {kind.value} file"}


def schema(kind: Kind = typer.Argument(..., help="catalog, scenario or sweep."),
           out: Path = typer.Option(None, "--out", "-o",
                                    help="Write the schema to this file (else stdout).")):
    """The JSON Schema of a catalog, scenario or sweep-spec file (for editors and CI checks)."""
    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    from ironlaw.files import write_text

    typer.echo(f"wrote {write_text(out, text, 'out')}")


def register(root: typer.Typer) -> None:
    root.command("schema")(schema)
