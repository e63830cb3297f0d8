"""Units at the edge: known conversions (SI, IEC and the bit/byte rule) and clear errors."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironlaw import units
from ironlaw.units import UnitError, parse


@pytest.mark.parametrize(
    ("text", "dim", "expected"),
    [
        ("3.35 TB/s", "bandwidth", 3.35e12),  # decimal: 1 TB = 1e12 B
        ("80 GiB", "bytes", 80 * 2**30),  # binary: 1 GiB = 2^30 B = 85,899,345,920 B
        ("80 GB", "bytes", 80e9),
        ("989 TFLOP/s", "flop_rate", 989e12),
        ("1979 TOPS", "flop_rate", 1979e12),  # integer ops share the FLOP dimension
        ("100 Gbps", "bandwidth", 100e9 / 8),  # 8 bits per byte: 12.5 GB/s
        ("700 W", "power", 700.0),
        ("1.1 pJ", "energy", 1.1e-12),
        ("$0.09/GB", "usd_per_byte", 0.09 / 1e9),
        ("$2.50/h", "usd_per_time", 2.5 / 3600),
        ("429 g/kWh", "carbon_intensity", 0.429 / 3.6e6),  # 1 kWh = 3.6e6 J
        ("5 ms", "time", 5e-3),
        ("2 days", "time", 172800.0),
        ("1000 km", "length", 1e6),
        ("1.98 GHz", "frequency", 1.98e9),
        ("20 pJ/B", "energy_per_byte", 20e-12),
        ("64 KiB", "bytes", 65536.0),
        ("3.2e12", "bandwidth", 3.2e12),  # a bare number is already SI
    ],
)
def test_parse_known_values(text, dim, expected):
    assert parse(text, dim) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "dim", "expected_word"),
    [
        ("80 GiB", "bandwidth", "data rate"),
        ("3.35 TB/s", "bytes", "amount of data"),
        ("700 W", "energy", "energy"),
        ("10 ms", "flop_rate", "compute rate"),
        ("1 kg", "usd", "money"),
    ],
)
def test_wrong_dimension_names_what_was_expected(text, dim, expected_word):
    with pytest.raises(UnitError) as err:
        parse(text, dim)
    message = str(err.value)
    assert text in message and expected_word in message and "expected" in message


@pytest.mark.parametrize("text", ["fast", "3.35 TB/ss", "12 furlongs/fortnight/bogus", ""])
def test_malformed_strings_are_errors(text):
    with pytest.raises(UnitError):
        parse(text, "bandwidth")


def test_a_bit_is_not_a_plain_number():
    # pint's default registry makes bits dimensionless; ours must not.
    with pytest.raises(UnitError):
        parse("80 GiB", "count")


@pytest.mark.parametrize(
    ("value", "dim", "kwargs", "shown"),
    [
        (3.35e12, "bandwidth", {}, "3.35 TB/s"),
        (80 * 2**30, "bytes", {"binary": True}, "80 GiB"),
        (80e9, "bytes", {}, "80 GB"),
        (989.4e12, "flop_rate", {}, "989 TFLOP/s"),
        (989.4e12, "flop_rate", {"digits": 4}, "989.4 TFLOP/s"),
        (1.1e-12, "energy", {}, "1.1 pJ"),
        (0.05, "time", {}, "50 ms"),
        (7200.0, "time", {}, "2 h"),
        (0.09e-9, "usd_per_byte", {}, "$0.09/GB"),
        (0.429 / 3.6e6, "carbon_intensity", {}, "429 g/kWh"),
        (3.15e23, "flops", {}, "3.15×10²³ FLOP"),
        (999.96e12, "flop_rate", {}, "1 PFLOP/s"),  # rounding carries into the next prefix
    ],
)
def test_format_for_people(value, dim, kwargs, shown):
    assert units.format(value, dim, **kwargs) == shown


WRONG = [("GiB", "bandwidth"), ("TB/s", "bytes"), ("W", "energy"), ("ms", "flop_rate"),
         ("TFLOP/s", "bandwidth"), ("kg", "usd"), ("g/kWh", "power"), ("km", "time"),
         ("pJ", "energy_per_byte"), ("GHz", "bytes")]


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False), st.sampled_from(WRONG))
def test_any_number_with_a_unit_of_the_wrong_dimension_is_rejected(x, case):
    unit, dim = case
    with pytest.raises(UnitError, match="expected something like"):
        parse(f"{x:g} {unit}", dim)


@given(st.floats(min_value=1e-9, max_value=1e20, allow_nan=False))
def test_format_then_parse_round_trips_to_three_figures(x):
    shown = units.format(x, "bandwidth")
    assert math.isclose(parse(shown, "bandwidth"), x, rel_tol=5e-3)


NAMED = sorted(set(units.DIMENSIONS) - {"count"})


@pytest.mark.parametrize("own", NAMED)
@pytest.mark.parametrize("other", NAMED)
def test_every_example_parses_only_as_its_own_dimension(own, other):
    example = units.DIMENSIONS[own].example
    assert parse(example, own) > 0
    # Hz is 1/s, and an integer OP/s is a FLOP/s: one physical dimension each
    same = {own, other} in ({"frequency", "rate"}, {"flop_rate", "op_rate"})
    if own != other and not same:
        with pytest.raises(UnitError):
            parse(example, other)


def test_an_unwritable_cache_only_costs_time(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IRONLAW_CACHE_DIR", str(blocker / "below"))
    ureg = units.registry.__wrapped__()  # build afresh, bypassing the process-wide cache
    assert ureg.Quantity("3.35 TB/s").to("B/s").magnitude == pytest.approx(3.35e12)
