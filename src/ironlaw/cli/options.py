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


def print_worked(worked, fmt: Format) -> None:
    """Print a worked derivation (``--explain``) as text, Markdown or JSON."""
    from ironlaw.report.render import to_json

    if fmt == Format.json:
        print(to_json(worked.to_dict()))
    elif fmt == Format.markdown:
        print(worked.markdown())
    else:
        print(worked.text())
