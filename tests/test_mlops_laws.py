"""Operations laws (issue 11): retraining interval, PSI, A/B sample size, and dynamic power
under voltage-frequency scaling. Each value is worked by hand in the comment beside it; the
normal quantiles are the standard table's z_0.975 = 1.959964 and z_0.8 = 0.841621."""

import json

import numpy as np
import pytest

from ironlaw.derive import derive
from ironlaw.errors import ParameterError
from ironlaw.laws.energy import clock_power_ratio
from ironlaw.laws.mlops import (
    optimal_retraining_interval,
    population_stability_index,
    sample_size_per_variant,
)

DAY = 86400.0
FRAUD = {"cost": "$5,000", "queries": "1000000/day", "value": "$0.50", "accuracy": 0.95,
         "decay": "0.02/day"}  # the book's fraud model (ML Operations, retraining economics)

# --- optimal retraining interval --------------------------------------------------------------


def test_retraining_interval_of_the_books_fraud_model():
    # T* = √(2 × 5000 / (1e6/day × 0.50 × 0.95 × 0.02/day)) = √(10,000/9,500) day
    #    = √1.0526316 day = 1.0259784 day = 88,644.5 s
    # R* = 2C/T* = 10,000 / 1.0259784 day = $9,746.8/day; λT* = 0.02 × 1.0259784 = 0.020520
    values = derive("retraining-interval", **FRAUD).values
    assert values["interval"] == pytest.approx(1.0259784 * DAY, rel=1e-6)
    assert values["rate"] * DAY == pytest.approx(9746.8, rel=1e-4)
    assert values["lam_t"] == pytest.approx(0.020520, rel=1e-4)


@pytest.mark.parametrize(("k", "excess"), [(2, 0.25), (0.5, 0.25), (4, 1.125)])
def test_retraining_off_the_optimum_costs_k_plus_one_over_k_halves(k, excess):
    # R(kT*)/R* = (k + 1/k)/2: k = 2 → 2.5/2 = 1.25; k = ½ → 2.5/2 = 1.25; k = 4 → 4.25/2 = 2.125
    values = derive("retraining-interval", **FRAUD, k=k).values
    assert values["excess"] == pytest.approx(excess)
    assert values["k_rate"] == pytest.approx(values["rate"] * (1 + excess))
    assert values["k_interval"] == pytest.approx(k * values["interval"])


def test_four_times_the_retraining_cost_doubles_the_interval():
    # the book's sensitivity table: 4× C → 2× T* (√4); 4× Q or 4× λ → ½ T*
    base = optimal_retraining_interval(5000.0, 1.0, 0.5, 0.95, 0.02)
    assert optimal_retraining_interval(20000.0, 1.0, 0.5, 0.95, 0.02) == pytest.approx(2 * base)
    assert optimal_retraining_interval(5000.0, 4.0, 0.5, 0.95, 0.02) == pytest.approx(base / 2)
    assert optimal_retraining_interval(5000.0, 1.0, 0.5, 0.95, 0.08) == pytest.approx(base / 2)


def test_retraining_interval_broadcasts():
    # √(2·C/(1·0.5·1·0.02)) = √(200·C): C = 2, 8 → 20, 40
    out = optimal_retraining_interval(np.array([2.0, 8.0]), 1.0, 0.5, 1.0, 0.02)
    assert out == pytest.approx([20.0, 40.0])


@pytest.mark.parametrize(("field", "bad"), [("decay", "-0.02/day"), ("queries", "-5/day"),
                                            ("accuracy", 1.5), ("cost", "$0"), ("k", -2)])
def test_retraining_interval_refuses_impossible_inputs_naming_them(field, bad):
    with pytest.raises(ParameterError, match=f"^{field}: "):
        derive("retraining-interval", **{**FRAUD, field: bad})


# --- population stability index ---------------------------------------------------------------

AGE_TRAINING = "0.15, 0.25, 0.20, 0.18, 0.12, 0.10"  # the book's age bins, training shares
AGE_SERVING = "0.12, 0.22, 0.18, 0.20, 0.15, 0.13"  # and serving shares


def test_psi_of_the_books_age_bins():
    # (−0.03)·ln(0.12/0.15) = 0.03 × 0.223144 = 0.0066943
    # (−0.03)·ln(0.22/0.25) = 0.03 × 0.127833 = 0.0038350
    # (−0.02)·ln(0.18/0.20) = 0.02 × 0.105361 = 0.0021072
    # (+0.02)·ln(0.20/0.18) = 0.02 × 0.105361 = 0.0021072
    # (+0.03)·ln(0.15/0.12) = 0.03 × 0.223144 = 0.0066943
    # (+0.03)·ln(0.13/0.10) = 0.03 × 0.262364 = 0.0078709
    # sum = 0.0293089: stable (< 0.1); the book prints 0.029
    d = derive("psi", expected=AGE_TRAINING, actual=AGE_SERVING)
    assert d.values["terms"] == pytest.approx(
        (0.0066943, 0.0038350, 0.0021072, 0.0021072, 0.0066943, 0.0078709), abs=1e-7)
    assert d.values["psi"] == pytest.approx(0.0293089, abs=1e-7)
    assert d.values["reading"].startswith("stable")
    assert "0.02931" in d.text()


def test_psi_reads_percents_like_fractions():
    percents = derive("psi", expected="15, 25, 20, 18, 12, 10 %",
                      actual="12, 22, 18, 20, 15, 13 %").values["psi"]
    assert percents == pytest.approx(derive("psi", expected=AGE_TRAINING,
                                            actual=AGE_SERVING).values["psi"])


@pytest.mark.parametrize(("actual", "psi", "reading"), [
    # (−0.2)·ln(0.3/0.5) + (0.2)·ln(0.7/0.5) = 0.2 × 0.510826 + 0.2 × 0.336472 = 0.169460
    ("0.3, 0.7", 0.169460, "moderate"),
    # (−0.3)·ln(0.2/0.5) + (0.3)·ln(0.8/0.5) = 0.3 × 0.916291 + 0.3 × 0.470004 = 0.415888
    ("0.2, 0.8", 0.415888, "significant"),
    ("0.5, 0.5", 0.0, "stable"),  # no shift, no index
])
def test_psi_readings(actual, psi, reading):
    values = derive("psi", expected="0.5, 0.5", actual=actual).values
    assert values["psi"] == pytest.approx(psi, abs=1e-6)
    assert values["reading"].startswith(reading)


def test_psi_is_symmetric():
    # each term (a − e)·ln(a/e) is unchanged when a and e swap
    forward = population_stability_index((0.15, 0.85), (0.3, 0.7))[1]
    assert population_stability_index((0.3, 0.7), (0.15, 0.85))[1] == pytest.approx(forward)


@pytest.mark.parametrize(("expected", "actual", "field", "words"), [
    ("0.5, 0.6", "0.5, 0.5", "expected", "sum to 1"),  # 1.1
    ("0.5, 0.5", "0.2, 0.2, 0.6", "actual", "one share per bin"),
    ("0.5, 0.5", "0.3, 0.6", "actual", "sum to 1"),  # 0.9
    ("0.5, 0.5", "0, 1", "actual", "in (0, 1]"),  # ln(0) has no value
    ("1", "1", "expected", "at least two bins"),
    ("0.5, 0.5", "-0.5, 1.5", "actual", "in (0, 1]"),
])
def test_psi_refuses_shares_that_are_not_a_distribution(expected, actual, field, words):
    pattern = words.replace("(", ".").replace(")", ".")
    with pytest.raises(ParameterError, match=f"^{field}: .*{pattern}"):
        derive("psi", expected=expected, actual=actual)


# --- A/B sample size --------------------------------------------------------------------------


def test_ab_sample_size_for_an_absolute_two_point_lift():
    # p₁ = 0.05, p₂ = 0.05 + 0.02 = 0.07; z = 1.959964 + 0.841621 = 2.801585, z² = 7.848879
    # n = 7.848879 × (0.05·0.95 + 0.07·0.93) / 0.02² = 7.848879 × 0.1126 / 0.0004 = 2209.46
    d = derive("ab-sample-size", baseline=0.05, lift=0.02, lift_kind="absolute")
    assert d.values["p2"] == pytest.approx(0.07)
    assert d.values["n"] == pytest.approx(2209.46, rel=1e-5)
    assert d.values["per_variant"] == 2210 and d.values["total"] == 4420


def test_ab_sample_size_for_a_relative_two_percent_lift():
    # p₂ = 0.05 × 1.02 = 0.051; n = 7.848879 × (0.0475 + 0.051·0.949) / 0.001²
    #    = 7.848879 × 0.095899 / 1e-6 = 752,700
    d = derive("ab-sample-size", baseline=0.05, lift=0.02, lift_kind="relative")
    assert d.values["p2"] == pytest.approx(0.051)
    assert d.values["n"] == pytest.approx(752_700, rel=1e-5)
    steps = d.substitutions()  # the relative step alone, not the absolute one
    assert any(s.startswith("p₂ = p₁·(1 + Δ)") for s in steps)
    assert not any(s.startswith("p₂ = p₁ + Δ") for s in steps)


def test_ab_sample_size_other_level_and_power():
    # α = 0.01, power 0.9: z = 2.575829 + 1.281552 = 3.857381, z² = 14.879388
    # p 0.10 → 0.12: n = 14.879388 × (0.09 + 0.1056) / 0.0004 = 7276.02
    assert sample_size_per_variant(0.10, 0.12, alpha=0.01, power=0.9) == pytest.approx(
        7276.02, rel=1e-5)


def test_ab_sample_size_json_and_kind_is_required():
    with pytest.raises(ParameterError, match="^lift_kind: ab-sample-size needs it"):
        derive("ab-sample-size", baseline=0.05, lift=0.02)
    payload = json.loads(json.dumps(derive("ab-sample-size", baseline=0.05, lift=0.02,
                                           lift_kind="absolute").to_dict()))
    assert payload["result"]["per_variant"] == 2210


@pytest.mark.parametrize(("changes", "field"), [
    ({"baseline": 1}, "baseline"),  # a probability of 1 has no variance to test against
    ({"baseline": 1.2}, "baseline"),
    ({"power": 1}, "power"),
    ({"power": 0}, "power"),
    ({"alpha": 0}, "alpha"),
    ({"lift": 0.96}, "lift"),  # p₂ = 1.01
    ({"lift": -0.01}, "lift"),
    ({"lift": 20, "lift_kind": "relative"}, "lift"),  # p₂ = 0.05 × 21 = 1.05
])
def test_ab_sample_size_refuses_impossible_inputs_naming_them(changes, field):
    with pytest.raises(ParameterError, match=f"^{field}: "):
        derive("ab-sample-size", **{"baseline": 0.05, "lift": 0.02, "lift_kind": "absolute",
                                    **changes})


def test_cli_ab_sample_size_and_a_refusal(cli):
    code, out, _ = cli("calc", "ab-sample-size", "--baseline", "0.05", "--lift", "0.02",
                       "--lift-kind", "absolute", "--format", "json")
    assert code == 0 and json.loads(out)["result"]["per_variant"] == 2210
    code, _, err = cli("calc", "psi", "--expected", "0.5, 0.6", "--actual", "0.5, 0.5")
    assert code == 2 and "--expected" in err and "Traceback" not in err


# --- dynamic power under voltage-frequency scaling --------------------------------------------


def test_twenty_percent_more_clock_under_dvfs():
    # P ∝ C·V²·f with V ∝ f: P₂/P₁ = 1.2³ = 1.728 (72.8% more); 300 W → 518.4 W
    d = derive("dvfs-power", f1="1.5 GHz", f2="1.8 GHz", power="300 W")
    assert d.values["ratio"] == pytest.approx(1.728)
    assert d.values["change"] == pytest.approx(0.728)
    assert d.values["power2"] == pytest.approx(518.4)


def test_at_fixed_voltage_power_follows_the_clock():
    # V constant: P ∝ f, 1.2 GHz → 0.9 GHz is 0.75×
    assert derive("dvfs-power", f1="1.2 GHz", f2="0.9 GHz",
                  voltage="fixed").values["ratio"] == pytest.approx(0.75)


def test_clock_power_ratio_broadcasts():
    # halving the clock under DVFS: 0.5³ = 0.125; doubling: 8
    assert clock_power_ratio(np.array([0.5, 2.0]), 1.0) == pytest.approx([0.125, 8.0])


@pytest.mark.parametrize("field", ["f1", "f2"])
def test_dvfs_refuses_a_clock_of_zero_or_less(field):
    with pytest.raises(ParameterError, match=f"^{field}: "):
        derive("dvfs-power", **{"f1": "1 GHz", "f2": "1.2 GHz", field: "-1 GHz"})
