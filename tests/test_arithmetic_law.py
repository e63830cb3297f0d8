"""The arithmetic law: napkin arithmetic on bracketed quantities, by hand, and what it refuses."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.derive import derive
from ironlaw.errors import ParameterError, UserError


def value(expression):
    return derive("arithmetic", expression=expression).values["result"]


@pytest.mark.parametrize(("expression", "expected", "dim"), [
    # 32,000 tokens / 500,000 tokens/s = 0.064 s
    ("[32K tokens] / [500K tokens/s]", 0.064, "time"),
    # 19.5e12 FLOP/s × 4 B / 1 FLOP = 78e12 B/s
    ("[19.5 TFLOP/s] × [4 B] / [1 FLOP]", 78e12, "bandwidth"),
    # 10 versions × 10e9 B = 100e9 B
    ("10 × [10 GB]", 100e9, "bytes"),
    # (2 − 1.2) weeks = 0.8 × 604,800 s = 483,840 s = 5.6 days
    ("[2 week] − [1.2 week]", 483840.0, "time"),
    # 1e9 B/s sampled every 60 s instead of every 1 s: 1e9 × 1/60 = 16.67e6 B/s
    ("[1 GB/s] × [1 s] / [60 s]", 1e9 / 60, "bandwidth"),
    # 42.3 + 27.6 + 17.6 + 3.1 = 90.6
    ("0.45·94 + 0.30·92 + 0.20·88 + 0.05·62", 90.6, "count"),
    # √48 = 4√3 = 6.9282
    ("√48", 6.928203230275509, "count"),
    # (4000/512)² = 7.8125² = 61.035
    ("(4000/512)^2", 61.03515625, "count"),
    # 1% of a million
    ("[1%] × 1e6", 10000.0, "count"),
    # 1,000 samples at 1 query/s = 1,000 s
    ("[1000 samples] / [1 query/s]", 1000.0, "time"),
    # $2.50/h × 2 GPUs × 3 h = $15
    ("[$2.50/h] * 2 * [3 h]", 15.0, "usd"),
    # 700 W × 3600 s = 2.52 MJ
    ("[700 W] * [1 h]", 2.52e6, "energy"),
    # 1.2³ = 1.728
    ("1.2^3", 1.728, "count"),
    # √(16 s²) = 4 s; a negative exponent divides: 2 / (1/(2 s)) = 4 s
    ("sqrt([4 s] * [4 s])", 4.0, "time"),
    ("2 / [2 s]^-1", 4.0, "time"),
])
def test_hand_calculated_values_in_their_dimension(expression, expected, dim):
    result = value(expression)
    assert result == pytest.approx(expected, rel=1e-12)
    assert result.dim == dim


def test_the_derivation_shows_the_quantities_as_read_and_in_si():
    d = derive("arithmetic", expression="[2 week] − [1.2 week]")
    text = d.text()
    assert "x = 14 days − 8.4 days" in text  # as a person reads them
    assert "= 1.2096×10⁶ s − 725760 s" in text  # in SI
    assert "5.6 days" in text
    assert d.to_dict()["result"] == {"result_s": pytest.approx(483840.0)}  # keyed by its unit


@pytest.mark.parametrize(("expression", "why"), [
    ("[2 s] + [3 GB]", "cannot add a time and an amount of data"),
    ("[2 s] - 1", "cannot subtract a time and a plain number"),
    ("[2 s] * [3 s]", "s\\^2, which ironlaw has no dimension for"),
    ("sqrt([2 s])", "square root of a time"),
    ("sqrt(-4)", "square root of a negative"),
    ("x + 1", "'x' is not a number"),
    ("__import__('os').system('true')", "'__import__' is not a number"),
    ("(1).real", "'.' is not a number"),
    ("max(1, 2)", "'max' is not a number"),
    ("9**9**9", "from −10⁶ to 10⁶"),  # 9⁹ = 387,420,489: no tower is evaluated
    ("[2 s] ** 5", "whole number from −4 to 4"),
    ("[4 s] ^ 0.5", "whole number from −4 to 4"),
    ("(-8)^(1/3)", "fractional power of a negative number"),
    ("2^[2 s]", "exponent must be a plain number, not a time"),
    ("0 ^ -1", "divides by zero"),
    ("exp([2 s])", "exp\\(\\) takes a plain number, not a time"),
    ("ln(0)", "not positive"),
    ("exp(1000)", "out of range"),
    ("Phi_inv(1)", "strictly between 0 and 1"),
    ("1e400", "out of range"),
    ("(1e200)^2", "out of range"),
    ("1e308 * 10", "out of range"),
    ("[1e400 s]", "out of range"),
    ("1 / 0", "divides by zero"),
    ("[0 s]^-1", "divides by zero"),
    ("1 +", "not a well-formed expression"),
    ("", "not a well-formed expression"),
    ("2[3 s]", "not a well-formed expression"),
    ("[3 ampere]", "cannot read"),
    ("[" + "1 s] + [" * 13 + "1 s]", "quantities, at most 12"),
    ("1+" * 5000 + "1", "10001 characters, at most 200"),
])
def test_refusals_name_the_input(expression, why):
    with pytest.raises(ParameterError, match=why) as caught:
        derive("arithmetic", expression=expression)
    assert caught.value.parameter == "expression"
    assert "\n" not in str(caught.value)


def test_the_cli_refuses_with_exit_2_and_one_line(cli):
    for expression in ("__import__('os')", "9**9**9", "1e400", "x" * 10_000, "[1 s] + [1 GB]"):
        code, out, err = cli("calc", "arithmetic", "--expression", expression)
        assert code == 2
        message = (out + err).strip()
        assert message.count("\n") == 0 and "--expression" in message
        assert "Traceback" not in message
    code, out, _ = cli("calc", "arithmetic", "--expression", "[32K tokens] / [500K tokens/s]")
    assert code == 0 and "64 ms" in out


_atoms = st.one_of(
    st.integers(0, 10**6).map(str),
    st.floats(1e-6, 1e6).map(lambda x: f"{x:.6g}"),
    st.sampled_from(["[2.8 ms]", "[1 GB]", "[3.35 TB/s]", "[989 TFLOP/s]", "[$2.50/h]",
                     "[700 W]", "[32K tokens]", "[100 /s]", "[40%]", "[1 h]", "[1 xx]"]))


def _expressions(children):
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "×", "÷", "−"]), children)
        .map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        children.map(lambda e: f"({e})"),
        children.map(lambda e: f"-{e}"),
        st.tuples(children, st.integers(-5, 5)).map(lambda t: f"({t[0]})^{t[1]}"),
        # a plain number's any exponent (fractional, large, an expression) and the functions
        st.tuples(children, st.sampled_from(["0.5", "(1/3)", "1e6", "-999999", "1000001"]))
        .map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(["sqrt", "floor", "ceil", "exp", "ln", "log10", "log2",
                                   "Phi", "Φ", "Φ⁻¹", "Phi_inv"]), children)
        .map(lambda t: f"{t[0]}({t[1]})"))


@settings(max_examples=300, deadline=None)
@given(st.recursive(_atoms, _expressions, max_leaves=12))
def test_well_formed_expressions_answer_or_refuse_quickly(expression):
    value("1")  # the unit registry is loaded once, before timing
    start = time.perf_counter()
    try:
        result = value(expression)
    except UserError:  # ParameterError included: the project's refusals, nothing else
        pass
    else:
        assert result == result and abs(result) != float("inf")  # finite
    assert time.perf_counter() - start < 5.0  # a hang guard, not a speed test (benchmarks/)


def test_the_longest_expression_allowed_is_answered():
    """12 brackets in 195 characters: 6 × (1 h × 700 W × 1.25²) = 6 × 2,520 kJ × 1.5625
    = 23,625 kJ."""
    longest = " + ".join(["[1 h] * [700 W] * (1.5−0.25)^2"] * 6)  # 12 brackets, 195 chars
    assert len(longest) <= 200
    assert value(longest) == pytest.approx(6 * 3600 * 700 * 1.25**2)


def test_floor_and_ceil_count_what_fits_and_what_is_needed(cli):
    """How many 42.9 GB requests fit in 480 GB: ⌊480/42.9⌋ = ⌊11.19⌋ = 11; how many 80 GB
    devices hold 140 GB: ⌈140/80⌉ = ⌈1.75⌉ = 2. Only a count rounds: a time is refused."""
    assert value("floor([480 GB] / [42.9 GB])") == 11.0
    assert value("ceil([140 GB] / [80 GB])") == 2.0
    code, _, err = cli("calc", "arithmetic", "--expression", "floor([2 s])")
    assert code == 2 and "plain number" in err and err.count("\n") <= 1


@pytest.mark.parametrize(("expression", "expected"), [
    # a plain number takes any exponent: 0.99¹⁰⁰ = exp(100 · ln 0.99) = exp(−1.005034) = 0.366032
    ("0.99^100", 0.366032),
    # Šidák's per-test level for 20 tests at 5%: 1 − 0.95^(1/20) = 1 − exp(ln 0.95 / 20)
    # = 1 − exp(−0.0025647) = 0.0025614
    ("1 - 0.95^(1/20)", 0.0025614),
    # standard normal table: Φ(2) = 0.97725, Φ(1.96) = 0.97500
    ("Phi(2)", 0.97725),
    ("1 - Φ(1.96)", 0.02500),
    # standard normal table: Φ⁻¹(0.975) = 1.95996, Φ⁻¹(0.999) = 3.09023
    ("Phi_inv(0.975)", 1.95996),
    ("Φ⁻¹(0.999)", 3.09023),
    # log₂ 200 = ln 200 / ln 2 = 5.29832 / 0.693147 = 7.64386
    ("log2(1000/5)", 7.64386),
    # e⁰ = 1, ln 2 = 0.693147, log₁₀ 1000 = 3
    ("exp(0)", 1.0),
    ("ln(2)", 0.693147),
    ("log10(1000)", 3.0),
])
def test_functions_and_powers_of_plain_numbers(expression, expected):
    assert value(expression) == pytest.approx(expected, rel=2e-5, abs=5e-6)  # tables: 5 digits


def test_each_function_is_written_as_it_is_read():
    """The derivation writes floor and ceil as ⌊ ⌋ and ⌈ ⌉ (it once showed every call as √)."""
    assert "x = ⌊7 / 2⌋" in derive("arithmetic", expression="floor(7/2)").text()
    assert "x = 1 − Φ(1.96)" in derive("arithmetic", expression="1 - Phi(1.96)").text()


@pytest.mark.parametrize(("expression", "shown"), [
    # a divisor that is a product keeps its parentheses: 1 s / (2 × 2 s) = 0.25, not 1 s / 2 × 2 s
    ("[1 s] / (2 * [2 s])", "x = (1 s) / (2 × (2 s))"),
    ("1 - (2 + 3)", "x = 1 − (2 + 3)"),  # −4, not 1 − 2 + 3 = 2
    ("1 - 2 + 3", "x = 1 − 2 + 3"),  # left to right needs none
    ("1/(2/3)", "x = 1 / (2 / 3)"),
])
def test_the_expression_is_written_back_with_its_grouping(expression, shown):
    assert shown in derive("arithmetic", expression=expression).text()
