"""The command reference in ``docs/cli/``: one Markdown page per command, written from the
command line itself (typer's Markdown writer walks the same command objects ``ironlaw --help``
prints), so the pages cannot drift from the code; a test checks they are current.

    python -m ironlaw.cli.docs docs/cli      (re)write the pages (``make docs``)
"""

from __future__ import annotations

import sys
from pathlib import Path

INDEX = "README.md"


def pages() -> dict[str, str]:
    """File name → Markdown: one page per top-level command (groups with their subcommands),
    and an index listing them with the first line of their help."""
    import typer
    from typer.cli import get_docs_for_click

    from ironlaw.cli.main import app

    root = typer.main.get_command(app)
    context = typer.Context(root, info_name="ironlaw")
    out, lines = {}, []
    for name, command in root.commands.items():
        if command.hidden:
            continue
        text = get_docs_for_click(obj=command, ctx=context, name=name, call_prefix="ironlaw")
        out[f"{name}.md"] = text.rstrip() + "\n"
        summary = (command.help or "").strip().split("\n\n")[0].replace("\n", " ")
        lines.append(f"| [`ironlaw {name}`]({name}.md) | {summary} |")
    out[INDEX] = "\n".join([
        "# Command reference",
        "",
        "Generated from the command line by `make docs` (`python -m ironlaw.cli.docs docs/cli`);",
        "`tests/test_cli_docs.py` fails when a page is out of date. `ironlaw COMMAND --help`",
        "prints the same text.",
        "",
        "| command | what it does |",
        "|---|---|",
        *lines,
    ]) + "\n"
    return out


def write(directory: str | Path) -> list[Path]:
    """Write :func:`pages` into ``directory``, removing pages of commands that no longer exist."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = pages()
    for stale in folder.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, text in wanted.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(sys.argv[1] if len(sys.argv) > 1 else "docs/cli"):
        print(path)
