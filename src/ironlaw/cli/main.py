"""The ``ironlaw`` command. Heavy modules are imported inside commands so ``--help`` stays fast.

Any :class:`ironlaw.errors.UserError` becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

import typer

from ironlaw.cli import (
    bench,
    calc,
    compress,
    cost,
    hw,
    measure,
    model,
    pipeline,
    plot,
    runs,
    scenario,
    serve,
    sources,
    sweep,
    train,
    validate,
)
from ironlaw.cli.options import FORMAT, Format

app = typer.Typer(
    name="ironlaw",
    help="ML systems engineering as numbers: the Iron Law, the roofline and friends, "
    "on a catalog of real hardware.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(hw.app, name="hw")
calc.register(app)
model.register(app)
compress.register(app)
plot.register(app)
scenario.register(app)
cost.register(app)
pipeline.register(app)
train.register(app)
serve.register(app)
runs.register(app)
bench.register(app)
measure.register(app)
validate.register(app)
sources.register(app)
sweep.register(app)


@app.command()
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


# Domain parameters whose flag is not simply ``--`` + the name with hyphens.
FLAG_OF_PARAMETER: dict[str, str] = {
    "samples_per_s_demand": "--demand", "storage_bandwidth": "--storage",
    "decode_rate_per_core": "--decode-rate", "network_bandwidth": "--network",
    "dataset_bytes": "SIZE", "egress_per_byte": "--egress", "transit_time": "--transit",
    "arrival_rate": "--rate",  # serve
    "slo_latency": "--slo",  # serve (non-LLMs)
    "capex_usd": "--capex",  # cost
    "checkpoint_bytes": "--checkpoint",  # cost (storage_bandwidth: --storage, above)
    "dataset_samples": "--samples",  # train
}


def flag_for(parameter: str) -> str:
    """The command-line flag that sets a domain ``parameter`` (``slo_ttft`` → ``--slo-ttft``)."""
    return FLAG_OF_PARAMETER.get(parameter, "--" + parameter.replace("_", "-"))


def run() -> None:
    """Entry point: run the app, turning user errors — ours, and the command line's own (an
    unknown option, '0.5' for a whole number) — into one message and exit status 2."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from ironlaw.errors import ParameterError, UserError

    try:
        code = app(standalone_mode=False)  # returns typer.Exit's status; raises usage errors
    except NoArgsIsHelpError as exc:  # `ironlaw plot`: the help is the answer
        exc.show()
        sys.exit(exc.exit_code)
    except ClickException as exc:
        sys.stderr.write(f"error: {' '.join(exc.format_message().split())}\n")
        sys.exit(exc.exit_code)
    except ParameterError as exc:
        sys.stderr.write(f"error: {exc.with_label(flag_for(exc.parameter))}\n")
        sys.exit(2)
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:  # e.g. `ironlaw hw list | head`
        sys.stderr.close()
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
