"""The ``ironlaw`` command. Heavy modules are imported inside commands so ``--help`` stays fast.

Any :class:`ironlaw.errors.UserError` becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import errno
import sys

import typer
import typer.core
import typer.main

from ironlaw.cli.options import FORMAT, Format

# The module that registers each top-level command or group. A call builds only the module of
# the command it runs (importing and converting all of them costs ~40 ms of every first answer);
# help, shell completion and an unknown command get the whole tree. tests/test_cli_layout.py
# checks this table against what each module registers.
COMMANDS: dict[str, str] = {
    "hw": "hw", "calc": "calc", "energy-table": "calc", "analyze": "model", "model": "model",
    "compress": "compress", "plot": "plot", "scenario": "scenario", "cost": "cost",
    "pipeline": "pipeline", "gravity": "pipeline", "train": "train", "serve": "serve",
    "runs": "runs", "bench": "bench", "measure": "measure", "validate": "validate",
    "calibrate": "validate", "sources": "sources", "sweep": "sweep", "examples": "examples",
    "explore": "explore", "schema": "schema",
}
MODULES: tuple[str, ...] = tuple(dict.fromkeys(COMMANDS.values()))  # in help's order


def _every_command(ctx: typer.Context, binary: bool = typer.Option(
        False, "--binary/--decimal", envvar="IRONLAW_BINARY",
        help="Sizes with IEC prefixes (KiB, MiB, GiB) in every output, e.g. `ironlaw --binary "
             "calc ...`; decimal SI (kB, MB, GB) by default (--decimal overrides "
             "IRONLAW_BINARY). JSON stays in bytes.")) -> None:
    from ironlaw.units import use_binary

    ctx.call_on_close(use_binary(binary))  # the choice ends with the command


def version(fmt: Format = FORMAT):
    """Show the versions of ironlaw and the libraries it computes with."""
    import platform
    from importlib.metadata import version as dist_version

    from ironlaw.report.render import Column, emit

    names = ("ironlaw", "numpy", "pint", "pydantic", "typer", "rich", "pyyaml")
    record = {name: dist_version(name) for name in names}
    record["python"] = platform.python_version()
    columns = [Column(k, k) for k in record]
    emit([record], columns, fmt.value, data=record)


def build_app(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The ``ironlaw`` command tree with the commands of ``modules`` (ironlaw.cli.<module>,
    each registering its own) and ``version``."""
    from importlib import import_module

    app = typer.Typer(
        name="ironlaw",
        help="ML systems engineering as numbers: the Iron Law, the roofline and friends, "
        "on a catalog of real hardware.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
    )
    app.callback()(_every_command)
    for name in modules:
        import_module(f"ironlaw.cli.{name}").register(app)
    app.command()(version)
    return app


def modules_for(argv: list[str]) -> tuple[str, ...]:
    """The modules a call needs: its command's, where the first word that is not an option
    names one (the root takes only flags); all of them otherwise, and for shell completion."""
    import os

    if any(key.endswith("_COMPLETE") for key in os.environ):
        return MODULES
    command = next((word for word in argv if not word.startswith("-")), None)
    return (COMMANDS[command],) if command in COMMANDS else MODULES


def __getattr__(name: str):
    """``app``: the whole command tree, built when first asked for (docs, tests)."""
    if name == "app":
        globals()["app"] = build_app()
        return globals()["app"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Per command, the domain parameters set by an option of another Python name
# (``serve --rate`` passes ``arrival_rate``); every other parameter is the option of its own name.
ALIASES: dict[str, dict[str, str]] = {
    "serve": {"arrival_rate": "rate", "slo_latency": "slo", "idle_w": "idle_power"},
    "sweep": {"arrival_rate": "rate", "directory": "resume", "metrics": "pareto",
              "selection": "pareto", "path": "plot", "price": "price_per_hour"},
    "plot roofline": {"path": "out"}, "plot terms": {"path": "out"},
    "plot batch": {"path": "out"}, "measure host": {"path": "out"},
    "cost": {"capex_usd": "capex", "checkpoint_bytes": "checkpoint",
             "storage_bandwidth": "storage", "idle_w": "idle_power",
             "price": "price_per_hour", "electricity_price": "electricity",
             "duration_s": "hours", "mtbf_s": "mtbf_hours", "lifetime_s": "lifetime_years"},
    "train": {"dataset_samples": "samples"},
    "bench": {"min_duration_s": "min_duration", "latency_bound_s": "latency_bound"},
    "pipeline": {"samples_per_s_demand": "demand", "storage_bandwidth": "storage",
                 "decode_rate_per_core": "decode_rate", "network_bandwidth": "network"},
    "gravity": {"dataset_bytes": "size", "egress_per_byte": "egress",
                "transit_time": "transit"},
}


def flag_for(command: typer.core.TyperCommand, parameter: str, path: str | None = None) -> str:
    """How ``command`` (``path`` under the root, e.g. ``plot batch``; its name by default)
    spells the option or argument that sets the domain ``parameter`` (``serve``:
    ``arrival_rate`` → ``--rate``); the parameter itself when no option sets it."""
    if command.context_settings.get("ignore_unknown_options"):  # calc: --name for each name
        return "--" + parameter.replace("_", "-")
    name = ALIASES.get(path or command.name, {}).get(parameter, parameter)
    for param in command.params:
        if param.name == name:
            if param.param_type_name == "option":
                return max(param.opts, key=len)
            return param.name.upper()  # an argument: its metavar
    return parameter


def _lineage(ctx) -> list:
    """The contexts from ``ctx`` up to the root's child (the root's name is the program's)."""
    chain = []
    while ctx.parent is not None:
        chain.append(ctx)
        ctx = ctx.parent
    return chain


def _label_parameter_errors(command):
    """Make every command of the tree re-raise a :class:`ParameterError` named by its own flag,
    while the invoked command is known."""
    from ironlaw.errors import ParameterError

    if isinstance(command, typer.core.TyperGroup):
        for sub in command.commands.values():
            _label_parameter_errors(sub)
        return command
    invoke = command.invoke

    def labelled(ctx):
        try:
            return invoke(ctx)
        except ParameterError as exc:
            path = " ".join(c.info_name for c in reversed(_lineage(ctx)))
            raise exc.with_label(flag_for(ctx.command, exc.parameter, path)) from None

    command.invoke = labelled
    return command


def run() -> None:
    """Entry point: run the app, turning user errors — ours, and the command line's own (an
    unknown option, '0.5' for a whole number) — into one message and exit status 2."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from ironlaw.errors import UserError

    try:
        app = build_app(modules_for(sys.argv[1:]))
        command = _label_parameter_errors(typer.main.get_command(app))
        code = command(standalone_mode=False)  # returns typer.Exit's status; raises usage errors
    except NoArgsIsHelpError as exc:  # `ironlaw plot`: the help is the answer
        exc.show()
        sys.exit(exc.exit_code)
    except ClickException as exc:
        sys.stderr.write(f"error: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:  # e.g. `ironlaw hw list | head`
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:  # a name given that no file system takes, wherever it was looked up
        if exc.errno != errno.ENAMETOOLONG:
            raise
        from ironlaw.errors import quoted

        sys.stderr.write(f"error: {quoted(exc.filename)}: a file or folder name is longer than "
                         "the file system allows (255 bytes a name on most)\n")
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # python -m ironlaw.cli.main, as python -m ironlaw
    run()
