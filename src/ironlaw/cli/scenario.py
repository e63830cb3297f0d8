"""``ironlaw scenario list|show|run``: workloads on systems, judged against requirements."""

from __future__ import annotations

import typer

from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(help="Scenarios: a workload + a system + requirements, judged across every "
                  "layer.", no_args_is_help=True)


@app.command("list")
def list_(fmt: Format = FORMAT):
    """The built-in scenarios."""
    from ironlaw.applications.scenario import builtin_scenarios
    from ironlaw.report.render import Column, emit

    records = [{"id": s.id, "title": s.title, "task": s.workload.task, "model": s.workload.model,
                "system": s.system.device + (f" ({s.system.devices} devices)"
                                             if s.system.devices > 1 else ""),
                "requirements": ", ".join(r.metric for r in s.requirements)}
               for s in builtin_scenarios()]
    emit(records, [Column(k, k) for k in ("id", "title", "task", "model", "system",
                                          "requirements")], fmt.value, title="Scenarios")


@app.command()
def show(name: str = typer.Argument(..., help="A built-in scenario or a YAML file."),
         fmt: Format = FORMAT):
    """A scenario's workload, system and requirements."""
    from ironlaw.applications.scenario import load
    from ironlaw.report.render import to_json

    scenario = load(name)
    if fmt == Format.json:
        print(to_json(scenario.model_dump()))
        return
    if fmt == Format.html:
        from ironlaw.report.render import Column, emit
        from ironlaw.table import flatten

        fields = flatten(scenario.model_dump(exclude_none=True))
        emit([{"field": k, "value": str(v)} for k, v in fields.items()],
             [Column("field", "field"), Column("value", "value")], fmt.value, title=name)
        return
    import yaml

    print(yaml.safe_dump(scenario.model_dump(exclude_none=True), sort_keys=False).rstrip())


@app.command()
def run(name: str = typer.Argument(..., help="A built-in scenario or a YAML file."),
        explain: bool = typer.Option(False, "--explain", help="Show the worked derivations."),
        fmt: Format = FORMAT):
    """Evaluate a scenario: each requirement passes or fails, with its margin and the binding one.

    Exit status 1 when a requirement fails or the workload cannot run (a verdict, not an error).
    """
    from ironlaw.applications.evaluate import evaluate
    from ironlaw.applications.scenario import load
    from ironlaw.report.render import render

    verdict = evaluate(load(name))
    render(verdict, fmt, explain)
    if not verdict.passed:
        raise typer.Exit(1)


@app.command()
def template():
    """Print a commented scenario file to start from (`ironlaw scenario template > mine.yaml`;
    `ironlaw schema scenario` gives its JSON Schema)."""
    from ironlaw.applications.scenario import TEMPLATE

    typer.echo(TEMPLATE.read_text(encoding="utf-8"), nl=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="scenario")
