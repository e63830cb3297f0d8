"""The one validation module: each check names the parameter; the CLI names the flag."""

import math

import numpy as np
import pytest
import typer.main

from ironlaw import checks
from ironlaw.cli.main import _label_parameter_errors, app, flag_for
from ironlaw.errors import ParameterError, UserError


@pytest.mark.parametrize("value", [0, -1, 0.5, 1.5, math.nan, math.inf, True, "8", None])
def test_whole_refuses_and_names_the_parameter(value):
    with pytest.raises(ParameterError) as info:
        checks.whole(value, "batch")
    assert info.value.parameter == "batch"
    assert str(info.value).startswith("batch: expected a whole number from 1 to 1048576")


def test_whole_accepts_integral_floats_within_range():
    assert checks.whole(8.0, "batch") == 8
    assert checks.whole(8, "tp", most=8) == 8
    with pytest.raises(ParameterError, match="from 1 to 8"):
        checks.whole(9, "tp", most=8)


@pytest.mark.parametrize("value", [0, 1.01, -0.1, math.nan])
def test_fraction_is_in_the_half_open_unit_interval(value):
    with pytest.raises(ParameterError, match=r"utilization: expected a fraction in \(0, 1\]"):
        checks.fraction(value, "utilization")


def test_fraction_bounds_are_stated_and_kept():
    assert checks.fraction(1, "utilization") == 1.0
    assert checks.fraction(0, "share", open_low=False) == 0.0
    with pytest.raises(ParameterError, match=r"\(0, 1\)"):
        checks.percentile(1.0)


def test_positive_optional_and_zero():
    assert checks.positive(None, "rate", optional=True) is None
    assert checks.positive(0, "rate", allow_zero=True) == 0.0
    with pytest.raises(ParameterError, match="rate: expected a positive number; got 0"):
        checks.positive(0, "rate")


def test_a_parameter_error_is_relabelled_for_the_cli():
    serve = _label_parameter_errors(typer.main.get_command(app)).commands["serve"]
    error = ParameterError("slo_ttft", "expected a time")
    assert flag_for(serve, "slo_ttft") == "--slo-ttft"  # the option of the same name
    relabelled = error.with_label(flag_for(serve, error.parameter))
    assert isinstance(relabelled, UserError)
    assert str(relabelled) == "--slo-ttft: expected a time"
    assert flag_for(serve, "arrival_rate") == "--rate"  # `serve --rate`: the alias table
    assert flag_for(serve, "no_such_parameter") == "no_such_parameter"  # no option: as named


def test_positive_bounds_are_stated_and_kept():
    assert checks.positive(100, "lifetime_years", least=0.1, most=100) == 100.0
    assert checks.positive(0.1, "lifetime_years", least=0.1, most=100) == 0.1
    with pytest.raises(ParameterError, match=r"^lifetime_years: expected a positive number, "
                       r"from 0\.1 to 100; got 1e-300"):
        checks.positive(1e-300, "lifetime_years", least=0.1, most=100)
    with pytest.raises(ParameterError, match="more than 0 and at most 876,600; got 1e"):
        checks.positive(1e308, "hours", most=876_600)
    with pytest.raises(ParameterError, match="at most 2; got 3.0"):
        checks.positive(np.array([1.0, 3.0]), "hours", most=2)


def test_whole_names_a_huge_number_by_its_digits():
    with pytest.raises(ParameterError, match="^devices: expected a whole number from 1 to 10; "
                       "got a 320-digit number$"):
        checks.whole(int("9" * 320), "devices", 1, 10)


def test_a_long_value_is_quoted_by_its_start_and_length():
    from ironlaw.errors import quoted

    assert quoted("fp7") == "'fp7'"
    # repr of 5,000 a's is 5,002 characters: the first 80 − 24 = 56 of them (the quote and 55
    # a's), then the value's length
    assert quoted("a" * 5000) == "'" + "a" * 55 + "… (5,000 characters)"


@pytest.mark.parametrize("args", [
    ("analyze", "resnet50", "--on", "a" * 5000),
    ("analyze", "resnet50", "--on", "h100", "--precision", "a" * 5000),
    ("analyze", "a" * 5000, "--on", "h100"),
    ("serve", "llama-3-8b", "--on", "h100", "--kv-reads", "a" * 5000),
])
def test_a_hostile_long_value_gives_one_short_line(cli, args):
    code, _, err = cli(*args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert len(lines[0]) < 400 and "5,000 characters" in lines[0]


@pytest.mark.parametrize("name", ["a" * 3000 + "/" + "b" * 3000, "a" * 3000 + ".json",
                                  "a" * 6000])
def test_a_model_name_no_file_system_takes_is_an_unknown_model(cli, name):
    # names past the file system's 255-byte limit used to raise OSError (ENAMETOOLONG) out of
    # the config.json and Hugging Face cache lookups: a traceback
    code, _, err = cli("analyze", name, "--on", "h100")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "characters" in lines[0]


def test_a_huge_integer_is_quoted_by_its_digits():
    from ironlaw.errors import quoted

    assert quoted(10**29) == "1" + "0" * 29  # 30 digits: shown whole
    assert quoted(10**319) == "a 320-digit number"
    assert quoted(10**20000) == "a 20,001-digit number"  # past what str() of an int prints
