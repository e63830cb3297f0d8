"""Options shared by every command."""

from __future__ import annotations

import re
from enum import StrEnum

import typer


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"  # one self-contained page: tables, figures, derivation (ironlaw[html])


FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")


def quantity(text: str | None, dim: str, flag: str) -> float | None:
    """A unit string given for ``flag`` (e.g. ``"2 GB/s"`` for a bandwidth) in SI; None stays
    None; a string that is not a ``dim`` is a UserError naming the flag."""
    from ironlaw import units
    from ironlaw.errors import UserError

    if text is None:
        return None
    try:
        return units.parse(text, dim)
    except units.UnitError as exc:
        raise UserError(f"{flag}: {exc}") from None


# a number with no unit: plain decimal digits only (float() would also take nan, inf, 1_0)
BARE_NUMBER = re.compile(r"\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?")


def price_per_hour(text: str | None) -> str | None:
    """What ``--price-per-hour`` says, for the solver to read (``ranges.positive``): a bare
    number is dollars per device-hour, as the flag's name states ("2.5" → "$2.5/h"); anything
    else as written ("$2.50/h", "$0.0007/s", or a sweep's "cloud")."""
    if text is None:
        return None
    bare = text.strip().lstrip("$").strip()
    return f"${bare}/h" if BARE_NUMBER.fullmatch(bare) else text


def wrote(path, fmt: str = "table") -> None:
    """Name a file a command wrote, with its size: on stdout beside a table or Markdown, on
    stderr when stdout carries JSON, CSV or HTML (which must stay parseable)."""
    import sys
    from pathlib import Path

    from ironlaw.units import format as show

    size = Path(path).stat().st_size
    stream = sys.stdout if str(fmt) in ("table", "markdown") else sys.stderr
    stream.write(f"wrote {path} ({show(size, 'bytes')})\n")


def complete_device(incomplete: str) -> list[str]:
    """Shell completion for ``--on``: the built-in devices' and nodes' IDs that start with what
    was typed."""
    from ironlaw.hardware.catalog import builtin

    catalog = builtin()
    return sorted(i for i in (*catalog.devices, *catalog.nodes) if i.startswith(incomplete))


def complete_model(incomplete: str) -> list[str]:
    """Shell completion for a model argument: the built-in models' IDs that start with what
    was typed."""
    from ironlaw.models.zoo import MODELS

    return sorted(m.id for m in MODELS if m.id.startswith(incomplete))


def model_argument(help: str):
    """A command's model argument (optional where ``--config`` may name it instead),
    completing built-in model IDs in the shell."""
    return typer.Argument(None, autocompletion=complete_model, help=help)


def on_option(default=..., help: str = "Device ID or alias, e.g. h100."):
    """The ``--on DEVICE`` option, completing device and node IDs in the shell."""
    return typer.Option(default, "--on", autocompletion=complete_device, help=help)

