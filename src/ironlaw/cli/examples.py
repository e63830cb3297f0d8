"""``ironlaw examples [--topic T]`` lists the textbook's worked examples; ``ironlaw examples run
NAME`` prints one as a worked calculation with the book's inputs, beside the value the book prints.
"""

from __future__ import annotations

import typer

from ironlaw.cli.calc import CalcFormat
from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="The textbook's worked examples, each run through ironlaw's laws.",
                  invoke_without_command=True)


def _records(topic: str | None) -> list[dict]:
    from ironlaw import units
    from ironlaw.examples import by_topic, run

    records = []
    for ex in by_topic(topic):
        record = {"name": ex.name, "topic": ex.topic, "chapter": ex.source.chapter_name,
                  "section": ex.source.section, "law": ex.law or "—", "book": ex.printed}
        if ex.computable:
            result = run(ex)
            record["ironlaw"] = units.format(result.value, result.dim, digits=4)
            record["status"] = ("disputed" if ex.disputed else
                                "agrees" if result.agrees else "DISAGREES")
        else:
            record["ironlaw"] = "—"
            record["status"] = "missing"
        records.append(record)
    return records


@app.callback()
def examples(ctx: typer.Context,
             topic: str = typer.Option(None, "--topic", help="Only this topic: data movement, "
                                       "energy, roofline, speedup, training, serving, "
                                       "operations."),
             fmt: Format = FORMAT):
    """The book's worked examples by topic: the law each runs, the book's value, ironlaw's."""
    if ctx.invoked_subcommand is not None:
        return
    from ironlaw.report.render import Column, emit

    records = _records(topic)
    columns = [Column(k, k) for k in ("name", "topic", "chapter", "law", "book", "ironlaw",
                                      "status")]
    if fmt in (Format.csv, Format.json):
        columns = [Column(k, k) for k in records[0]] if records else columns
    emit(records, columns, fmt.value,
         title="Worked examples of Machine Learning Systems (ironlaw examples run NAME)")


@app.command("run")
def run_example(
        name: str = typer.Argument(..., help="An example's name (`ironlaw examples` lists them)."),
        fmt: CalcFormat = typer.Option(CalcFormat.table, "--format", "-f",
                                       help="table (the worked calculation), json, csv, "
                                       "markdown, latex or html.")):
    """Run one example: the law's derivation on the book's inputs, and the book's value."""
    from ironlaw.examples import example, run

    result = run(example(name))  # sizes in KiB/MiB/GiB: `ironlaw --binary examples run ...`
    if fmt == CalcFormat.json:
        from ironlaw.report.render import to_json

        print(to_json(result.to_dict()))
    elif fmt == CalcFormat.markdown:
        print(result.markdown())
    elif fmt == CalcFormat.latex:
        print(result.latex())
    elif fmt == CalcFormat.html:
        from ironlaw.report.render import render

        render(result, fmt.value)
    elif fmt == CalcFormat.csv:
        from ironlaw.report.render import Column, to_csv
        from ironlaw.table import flatten

        flat = flatten(result.to_dict())
        print(to_csv([flat], [Column(k, k) for k in flat]))
    else:
        print(result.text())


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="examples")
