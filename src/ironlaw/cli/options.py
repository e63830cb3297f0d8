"""Options shared by every command."""

from __future__ import annotations

from enum import StrEnum

import typer


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")
