"""``ironlaw calc LAW --param value ...``: any law as a worked calculation.

Parameters are the law's own (``ironlaw calc list`` shows them) and take unit strings:
``ironlaw calc roofline --peak "989.4 TFLOP/s" --bandwidth "3.35 TB/s" --intensity 100``.
"""

from __future__ import annotations

from enum import StrEnum

import typer

from ironlaw.cli.options import FORMAT, Format


class CalcFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    latex = "latex"
    html = "html"


def _pairs(args: list[str]) -> dict[str, str]:
    """``["--peak", "1e15", "--bandwidth=3e12"]`` -> ``{"peak": "1e15", "bandwidth": "3e12"}``."""
    from ironlaw.errors import UserError

    params: dict[str, str] = {}
    items = iter(args)
    for item in items:
        if not item.startswith("--"):
            raise UserError(f"unexpected argument {item!r}; parameters are written --name value")
        name, eq, value = item[2:].partition("=")
        if name in ("binary", "decimal"):  # the size convention is the root's, for every command
            raise UserError(f"--{name} goes before the command: `ironlaw --{name} calc ...`")
        if not eq:
            value = next(items, None)
            if value is None:
                raise UserError(f"--{name} needs a value")
        params[name.replace("-", "_")] = value
    return params


def register(app: typer.Typer) -> None:
    @app.command(
        "calc",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def calc(
        ctx: typer.Context,
        law: str = typer.Argument(..., help="A law, e.g. roofline, amdahl, mm1 "
                                  "(`ironlaw calc list` shows all)."),
        fmt: CalcFormat = typer.Option(CalcFormat.table, "--format", "-f",
                                       help="table (the worked calculation), json, csv, "
                                       "markdown, latex or html."),
        explain: bool = typer.Option(True, "--explain/--no-explain", hidden=True,
                                     help="The worked derivation: always printed (and in "
                                          "JSON, its steps)."),
    ):
        """Evaluate a law on your numbers and print the worked calculation.

        Pass the law's parameters as --name value, with units: --bandwidth "3.35 TB/s".
        """
        from ironlaw.training.calcs import calc as worked

        if law == "list":
            _list(Format.table if fmt == CalcFormat.latex else Format(fmt.value))
            return
        derivation = worked(law, **_pairs(ctx.args))  # sizes: `ironlaw --binary calc ...`
        if fmt == CalcFormat.json:
            from ironlaw.report.render import to_json

            print(to_json(derivation.to_dict()))
        elif fmt == CalcFormat.markdown:
            print(derivation.markdown())
        elif fmt == CalcFormat.latex:
            print(derivation.latex())
        elif fmt == CalcFormat.html:
            from ironlaw.report.render import render

            render(derivation, fmt.value)
        elif fmt == CalcFormat.csv:
            from ironlaw.report.render import Column, to_csv

            record = derivation.to_dict()
            flat = {**record["inputs"], **record["values"]}
            print(to_csv([flat], [Column(k, k) for k in flat]))
        else:
            print(derivation.text())

    @app.command("energy-table")
    def energy_table(fmt: Format = FORMAT):
        """The technology table behind `calc energy`: energy per op and per byte, with sources."""
        from ironlaw.laws.energy_table import MOVEMENT, OPERATION
        from ironlaw.report.render import Column, emit

        records = [{"what": f"operation, {k}", "energy_j": v.value, "per": "FLOP or op",
                    **_cited(v)} for k, v in OPERATION.items()]
        records += [{"what": f"moving from {k}", "energy_j": v.value, "per": "byte",
                     **_cited(v)} for k, v in MOVEMENT.items()]
        columns = [Column("what", "what"), Column("energy_j", "energy", "energy"),
                   Column("per", "per"), Column("kind", "kind"), Column("note", "how"),
                   Column("source", "source")]
        if fmt == Format.csv:
            columns = [Column(k, k) for k in records[0]]
        emit(records, columns, fmt.value, title="Energy per operation and per byte moved")


def _cited(constant) -> dict:
    source = constant.source
    return {"kind": source.kind, "note": source.note, "source": source.title, "url": source.url}


def _list(fmt: Format) -> None:
    from ironlaw.report.render import Column, emit
    from ironlaw.training.calcs import every_calc

    records = [
        {"law": c.name, "title": c.title, "formula": c.formula,
         "parameters": " ".join(f"--{s.name.replace('_', '-')}" +
                                ("[optional]" if s.optional else "" if s.default is None
                                 else f"[={s.default:g}]" if not isinstance(s.default, str)
                                 else f"[={s.default}]")
                                for s in c.inputs)}
        for c in every_calc().values()
    ]
    columns = [Column("law", "law"), Column("formula", "formula"),
               Column("parameters", "parameters")]
    emit(records, columns, fmt.value, title="Laws (ironlaw calc LAW --param value ...)")
