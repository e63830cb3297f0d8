"""The laws added for the book's napkin math that had none (issue 11): battery life, compute per
watt, doubling time and growth factor, a dense network's parameters, N items at a price. Each
expected value is worked by hand in the comment beside it."""

import numpy as np
import pytest

from ironlaw import units
from ironlaw.derive import derive
from ironlaw.errors import ParameterError
from ironlaw.laws.cost import total_cost
from ironlaw.laws.energy import compute_per_watt, energy_from_power, runtime_from_energy
from ironlaw.laws.memory import dense_parameters
from ironlaw.laws.scaling import doubling_time, growth_factor

YEAR = 365.25 * 86400.0


# --- battery life: t = E/P ----------------------------------------------------------------------

def test_battery_life_is_energy_over_power():
    # 15 Wh = 15 × 3600 J = 54,000 J; at 3 W: 54,000/3 = 18,000 s = 5 h
    d = derive("battery-life", capacity="15 Wh", power="3 W")
    assert d.to_dict()["result"]["runtime_s"] == pytest.approx(18000.0)
    assert "t = 54 kJ / 3 W = 5 h" in d.text()


def test_battery_life_inverts_energy_from_power():
    # E = P·t, so t = E/P gives back the time: 2 W for 7200 s is 14,400 J, and 14,400/2 = 7200 s
    assert runtime_from_energy(energy_from_power(2.0, 7200.0), 2.0) == pytest.approx(7200.0)
    # it broadcasts: 3.7 Wh (13,320 J) at 10 mW and at 1 W: 1,332,000 s and 13,320 s
    assert runtime_from_energy(13320.0, np.array([0.01, 1.0])).tolist() == pytest.approx(
        [1332000.0, 13320.0])


def test_battery_life_refuses_a_zero_power():
    with pytest.raises(ParameterError) as err:
        derive("battery-life", capacity="15 Wh", power="0 W")
    assert err.value.parameter == "power"


# --- compute per watt: R/P ----------------------------------------------------------------------

def test_compute_per_watt_in_tflops_per_watt_and_pj_per_op():
    # 275 TFLOP/s / 200 W = 1.375e12 FLOP/J; its inverse 200/275e12 = 0.727 pJ/FLOP
    d = derive("compute-per-watt", rate="275 TFLOP/s", power="200 W")
    result = d.to_dict()["result"]
    assert result["efficiency_flop_per_j"] == pytest.approx(1.375e12)
    assert result["energy_per_op_j_per_flop"] == pytest.approx(200 / 275e12)
    assert "1.38 TFLOP/s/W" in d.text()
    # TOPS reads as a rate of operations: 35 TOPS / 5 W = 7e12 per joule
    assert compute_per_watt(units.parse("35 TOPS", "flop_rate"), 5.0) == pytest.approx(7e12)


def test_tops_per_watt_reads_as_operations_per_joule():
    # 1 TOPS/W = 1e12 OP/s per J/s = 1e12 per joule; GFLOP/J is 1e9
    assert units.parse("7.2 TOPS/W", "flop_per_energy") == pytest.approx(7.2e12)
    assert units.parse("5 GFLOP/J", "flop_per_energy") == pytest.approx(5e9)
    assert units.dimension_of("efficiency_flop_per_j") == "flop_per_energy"


# --- doubling time and growth factor --------------------------------------------------------------

def test_doubling_time_of_moores_law():
    # 1024× in 20 years: log2 1024 = 10 doublings, one every 20/10 = 2 years
    assert doubling_time(1024.0, 20 * YEAR) == pytest.approx(2 * YEAR)


def test_doubling_time_of_ai_compute():
    # 300,000× over 7 years: log2 300,000 = ln 300,000/ln 2 = 12.611/0.6931 = 18.19 doublings;
    # 84 months / 18.19 = 4.62 months
    d = derive("doubling-time", factor="300000", period="7 years")
    values = d.to_dict()["values"]
    assert values["doublings"] == pytest.approx(18.19, abs=0.01)
    assert values["doubling_s"] == pytest.approx(84 / 18.19 * YEAR / 12, rel=1e-3)


def test_doubling_time_from_a_growth_rate_per_period():
    # 10% a year: T_d = ln 2/ln 1.1 = 0.6931/0.09531 = 7.27 years
    assert doubling_time(1.1, YEAR) == pytest.approx(7.27 * YEAR, rel=1e-3)


def test_doubling_time_refuses_a_factor_of_one():
    with pytest.raises(ParameterError) as err:
        derive("doubling-time", factor="1", period="1 year")
    assert err.value.parameter == "factor"


def test_growth_factor_at_a_doubling_time():
    # 20 years at a doubling every 2 years: 2^10 = 1024
    d = derive("growth-factor", doubling="2 years", period="20 years")
    assert d.to_dict()["result"] == {"factor": pytest.approx(1024.0),
                                     "doublings": pytest.approx(10.0)}
    # a year at 3.4 months: 2^(12/3.4) = 2^3.529 = 11.55
    assert growth_factor(3.4 * YEAR / 12, YEAR) == pytest.approx(11.55, rel=1e-3)
    # and it inverts doubling_time: 2^(t/T_d) with T_d = t/log2 G is G
    assert growth_factor(doubling_time(350000.0, 7 * YEAR), 7 * YEAR) == pytest.approx(350000.0)


# --- a dense network's parameters -----------------------------------------------------------------

def test_mlp_784_128_10_parameters():
    # weights 784·128 + 128·10 = 100,352 + 1,280 = 101,632; biases 128 + 10 = 138; P = 101,770
    assert dense_parameters((784, 128, 10)) == (101632.0, 138.0)
    d = derive("dense-params", widths="784, 128, 10")
    assert d.to_dict()["result"]["params"] == pytest.approx(101770.0)
    assert "784–128–10" in d.text()  # widths are not a sum


def test_mlp_parameters_in_fp32_memory():
    # 784-128-64-10: 100,352 + 8,192 + 640 = 109,184 weights + 202 biases = 109,386 (the
    # tiny MLP's docstring count); × 4 B = 437,544 B
    d = derive("dense-params", widths="784, 128, 64, 10", precision="fp32")
    result = d.to_dict()["result"]
    assert result["params"] == pytest.approx(109386.0)
    assert result["memory_bytes"] == pytest.approx(437544.0)


def test_one_weight_matrix_without_biases():
    # an RNN's recurrent matrix, hidden 128: 128 × 128 = 16,384 weights, no biases
    assert dense_parameters((128, 128), biases=False) == (16384.0, 0.0)


def test_mlp_needs_two_widths():
    with pytest.raises(ParameterError) as err:
        derive("dense-params", widths="784")
    assert err.value.parameter == "widths"


# --- N items at a price -------------------------------------------------------------------------

def test_total_cost_and_what_a_second_price_changes():
    # 10 million labels: at $0.02, $200,000; at $0.05, $500,000; the difference $300,000
    d = derive("total-cost", items="10e6", price="$0.02", other="$0.05")
    result = d.to_dict()["result"]
    assert result["cost_usd"] == pytest.approx(200000.0)
    assert result["other_cost_usd"] == pytest.approx(500000.0)
    assert result["difference_usd"] == pytest.approx(300000.0)
    # broadcasts: 1,000 servers at $500 and at $2,000: $500,000 and $2,000,000
    assert total_cost(1000.0, np.array([500.0, 2000.0])).tolist() == [500000.0, 2000000.0]


def test_total_cost_without_a_second_price_leaves_the_difference_out():
    d = derive("total-cost", items="1000", price="$10")
    assert d.to_dict()["result"]["cost_usd"] == pytest.approx(10000.0)
    assert "ΔC" not in "\n".join(d.substitutions())
