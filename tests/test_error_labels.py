"""Errors name the parameter: a Python call names the domain function's parameter; the command
line names the flag of the command that was run (one parameter, a different flag per command)."""

import pytest

from ironlaw.data.pipeline import pipeline
from ironlaw.derive import derive
from ironlaw.errors import ParameterError
from ironlaw.operations.cost import run_cost
from ironlaw.operations.water import water
from ironlaw.serving.llm import serve_llm
from ironlaw.training.plan import plan_training

# Each case: a domain call with one bad value, the parameter it must name, the command line
# that passes the same value, and the flag that command spells it with.
CASES = [
    (lambda: serve_llm("gpt2", "h100", arrival_rate=0.0), "arrival_rate",
     ("serve", "gpt2", "--on", "h100", "--rate", "0 /s"), "--rate"),
    (lambda: derive("mmc", arrival_rate=-1.0, service_rate=1.0, servers=2), "arrival_rate",
     ("calc", "mmc", "--arrival-rate", "-1", "--service-rate", "1", "--servers", "2"),
     "--arrival-rate"),
    (lambda: plan_training("gpt2", "h100", micro_batch=0), "micro_batch",
     ("train", "gpt2", "--on", "h100", "--micro-batch", "0"), "--micro-batch"),
    (lambda: run_cost(10.0, 1, device="h100-sxm", capex_usd=30_000.0, lifetime_s=-2.0),
     "lifetime_s",
     ("cost", "resnet50", "--on", "a100", "--lifetime-years", "-2"), "--lifetime-years"),
    # SI parameters, each set by a flag that takes people's units
    (lambda: run_cost(10.0, 1, device="h100-sxm", capex_usd=30_000.0,
                      electricity_price="us-moon"),
     "electricity_price",
     ("cost", "resnet50", "--on", "a100", "--capex", "$30000", "--electricity", "us-moon"),
     "--electricity"),
    (lambda: water(1e9, grid_water=-1e-10), "grid_water",
     ("cost", "resnet50", "--on", "a100", "--grid-water", "-1 L/kWh"), "--grid-water"),
    (lambda: plan_training("gpt2", "h100", price="$2/GB"), "price",
     ("train", "gpt2", "--on", "h100", "--price-per-hour", "$2/GB"), "--price-per-hour"),
    (lambda: pipeline(-5.0, bytes_per_sample=1e5, storage_bandwidth=1e9, cores=4,
                      decode_rate_per_core=100.0), "samples_per_s_demand",
     ("pipeline", "--demand", "-5 /s", "--storage", "1 GB/s", "--cores", "4", "--dataset",
      "imagenet"), "--demand"),
]


@pytest.mark.parametrize("call, parameter, args, flag", CASES, ids=[c[3] for c in CASES])
def test_python_names_the_parameter_and_the_cli_names_its_flag(cli, call, parameter, args,
                                                                flag):
    with pytest.raises(ParameterError) as caught:
        call()
    assert caught.value.parameter == parameter
    assert str(caught.value).startswith(f"{parameter}: ")
    assert "--" not in str(caught.value)  # a domain message names no flag

    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {flag}: ") and len(err.strip().splitlines()) == 1, err


def test_one_parameter_is_spelled_by_each_command_its_own_way(cli):
    """``arrival_rate`` is ``serve --rate`` and ``calc mmc --arrival-rate``: the flag comes from
    the command that ran, not from one table for all."""
    _, _, serve_err = cli("serve", "gpt2", "--on", "h100", "--rate", "0 /s")
    _, _, calc_err = cli("calc", "mmc", "--arrival-rate", "-1", "--service-rate", "1",
                         "--servers", "2")
    assert serve_err.startswith("error: --rate: ")
    assert calc_err.startswith("error: --arrival-rate: ")


def test_a_plot_file_is_named_by_each_commands_option(cli, tmp_path):
    """``check_target``'s file is ``plot batch --out`` but ``serve --plot``."""
    bad = str(tmp_path / "figure.pdf")
    _, _, err = cli("plot", "batch", "gpt2", "--on", "h100", "--out", bad)
    assert err.startswith("error: --out: expected a file name ending in .png or .svg")
    _, _, err = cli("serve", "gpt2", "--on", "h100", "--plot", bad)
    assert err.startswith("error: --plot: expected a file name ending in .png or .svg")
