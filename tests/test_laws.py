"""Known answers for each law, from papers, datasheets and hand calculation written out here."""

import json
import math

import numpy as np
import pytest

from ironlaw.derive import derive
from ironlaw.laws import energy, gravity, iron, queueing, roofline, scaling, speedup
from ironlaw.laws.energy_table import MOVEMENT, OPERATION, energy_per_byte, energy_per_op


# --- Iron Law -----------------------------------------------------------------------------------
def test_iron_law_additive_by_hand():
    # 16 GB at 3.35 TB/s = 4.776 ms; 16 TFLOP at 989.4 TFLOP/s × 0.5 = 32.34 ms; + 20 µs.
    r = iron.iron_law(16e9, 3.35e12, 16e12, 989.4e12, 0.5, 20e-6)
    assert r.transfer_s == pytest.approx(16e9 / 3.35e12)
    assert r.compute_s == pytest.approx(16e12 / (989.4e12 * 0.5))
    assert r.total_s == pytest.approx(4.7761e-3 + 32.343e-3 + 20e-6, rel=1e-4)
    assert r.dominant == "compute"


def test_iron_law_overlapped_takes_the_max():
    # decode of a 16 GB model: 4.78 ms of transfer hides 16 GFLOP (16 µs) of compute.
    r = iron.iron_law_overlapped(16e9, 3.35e12, 16e9, 989.4e12, 1.0, 5e-6)
    assert r.total_s == pytest.approx(16e9 / 3.35e12 + 5e-6)
    assert r.dominant == "transfer"


def test_iron_law_broadcasts_and_names_the_dominant_term_per_element():
    bandwidth = np.array([1e9, 1e12, 1e15])
    r = iron.iron_law(1e9, bandwidth[:, None], 1e12, np.array([1e12, 1e15]), 1.0, 1e-3)
    assert r.total_s.shape == (3, 2)
    # 1 GB at 1 GB/s = 1 s dominates everything in the first row
    assert list(r.dominant[0]) == ["transfer", "transfer"]
    # 1 TB/s → 1 ms transfer; 1 TFLOP at 1 PFLOP/s → 1 ms compute; overhead 1 ms: ties → first
    assert r.dominant[1, 1] == "transfer"
    # 1 PB/s → 1 µs; at 1 PFLOP/s compute is 1 ms = overhead 1 ms → compute (earlier name)
    assert r.dominant[2, 1] == "compute"


# --- Roofline -----------------------------------------------------------------------------------
def test_h100_ridge_point_from_the_datasheet():
    # NVIDIA H100 SXM5 datasheet: 989.4 TFLOP/s dense BF16, 3.35 TB/s HBM3 → ≈ 295 FLOP/B.
    assert roofline.ridge_point(989.4e12, 3.35e12) == pytest.approx(295.3, abs=0.1)


def test_roofline_below_and_above_the_ridge():
    low = roofline.roofline(100.0, 989.4e12, 3.35e12)
    assert low.attainable_flop_per_s == pytest.approx(335e12)  # 100 × 3.35e12
    assert low.bound == "memory"
    assert low.fraction_of_peak == pytest.approx(335 / 989.4)
    high = roofline.roofline(1000.0, 989.4e12, 3.35e12)
    assert high.attainable_flop_per_s == pytest.approx(989.4e12)
    assert high.bound == "compute"


def test_arithmetic_intensity_of_a_square_gemm():
    # n×n×n GEMM in fp16: 2n³ FLOP over 3 matrices × n² × 2 B → I = n/3 FLOP/B. n = 4096 → 1365.3
    n = 4096
    assert roofline.arithmetic_intensity(2 * n**3, 3 * n * n * 2) == pytest.approx(n / 3)


def test_multi_roofline_picks_the_lowest_roof():
    # 1 GFLOP; 10 MB from HBM at 2 TB/s → roof 1e9/1e7 × 2e12 = 200 TFLOP/s;
    # 100 MB from L2 at 10 TB/s → roof 1e9/1e8 × 1e13 = 100 TFLOP/s; peak 300 TFLOP/s.
    r = roofline.multi_roofline(1e9, 300e12, {"hbm": 10e6, "l2": 100e6},
                                {"hbm": 2e12, "l2": 10e12})
    assert r.attainable_flop_per_s == pytest.approx(100e12)
    assert r.binding == "l2"
    r = roofline.multi_roofline(np.array([1e9, 1e12]), 300e12, {"hbm": 10e6}, {"hbm": 2e12})
    assert list(r.binding) == ["hbm", "compute"]


# --- Amdahl, Gustafson, USL ---------------------------------------------------------------------
def test_amdahl_textbook_value():
    # p = 0.95, s = 100: 1 / (0.05 + 0.0095) = 16.806…
    assert speedup.amdahl(0.95, 100) == pytest.approx(16.8067, rel=1e-4)
    assert speedup.amdahl_limit(0.95) == pytest.approx(20.0)
    assert speedup.amdahl_limit(1.0) == math.inf


def test_gustafson_by_hand():
    # 90% parallel on 64 units: 0.1 + 0.9 × 64 = 57.7
    assert speedup.gustafson(0.9, 64) == pytest.approx(57.7)


def test_usl_reduces_to_amdahl_when_coherency_is_zero():
    # With κ = 0, C(N) = N/(1 + σ(N−1)) is Amdahl with serial fraction σ and s = N.
    n = np.arange(1, 65)
    assert np.allclose(speedup.usl(n, 0.05, 0.0), speedup.amdahl(0.95, n))


def test_usl_peak_by_hand():
    # N* = sqrt((1 − 0.05)/0.001) = sqrt(950) = 30.82
    assert speedup.usl_peak_units(0.05, 0.001) == pytest.approx(30.822, rel=1e-4)
    assert speedup.usl(31, 0.05, 0.001) > speedup.usl(60, 0.05, 0.001)


# --- Data gravity -------------------------------------------------------------------------------
def test_transfer_time_and_crossover():
    # 1 GB over 100 Gb/s (12.5 GB/s) with 1 ms latency: 0.08 + 0.001 = 0.081 s.
    assert gravity.transfer_time(1e9, 12.5e9, 1e-3) == pytest.approx(0.081)
    # crossover L·BW = 1e-3 × 12.5e9 = 12.5 MB
    assert gravity.crossover_size(1e-3, 12.5e9) == pytest.approx(12.5e6)


def test_egress_cost():
    # 10 TB at $0.09/GB = 10,000 GB × 0.09 = $900
    assert gravity.egress_cost(10e12, 0.09e-9) == pytest.approx(900.0)


def test_fiber_latency_new_york_to_london():
    # ~5,570 km great circle; at c/1.4682 ≈ 204,190 km/s one way ≈ 27.3 ms.
    assert gravity.fiber_latency(5570e3) == pytest.approx(5570 / 204_190, rel=1e-3)
    assert gravity.FIBER_SPEED == pytest.approx(2.0419e8, rel=1e-4)


def test_ship_beats_send_for_a_petabyte_on_a_slow_link():
    # 1 PB over 1 Gb/s: 8e6 s ≈ 92.6 days; shipping: 2 days + 2 × 1e15/4e9 s = 2 + 5.79 days.
    send = gravity.transfer_time(1e15, 1e9 / 8)
    ship = gravity.ship_time(1e15, 2 * 86400, 4e9)
    assert send == pytest.approx(8e6)
    assert ship == pytest.approx(2 * 86400 + 5e5)
    assert ship < send


# --- Energy -------------------------------------------------------------------------------------
def test_energy_table_values_from_horowitz_2014():
    # Horowitz ISSCC 2014, 45 nm: fp32 mult 3.7 pJ + add 0.9 pJ per FMA (2 FLOP) = 2.3 pJ/FLOP.
    assert energy_per_op("fp32") == pytest.approx(2.3e-12)
    assert energy_per_op("fp16") == pytest.approx((1.1 + 0.4) / 2 * 1e-12)
    assert energy_per_op("int8") == pytest.approx((0.2 + 0.03) / 2 * 1e-12)
    # 8 KB SRAM 64-bit read 10 pJ → 1.25 pJ/B
    assert energy_per_byte("sram") == pytest.approx(1.25e-12)


def test_moving_a_dram_byte_costs_orders_of_magnitude_more_than_an_op():
    # design.md §3: two to three orders of magnitude between a DRAM byte and a 16-bit op.
    ratio = energy_per_byte("dram") / energy_per_op("fp16")
    assert 100 <= ratio <= 1000
    ordered = [energy_per_byte(level) for level in ("register", "sram", "l2", "hbm", "dram")]
    assert ordered == sorted(ordered)


def test_energy_terms_by_hand():
    # 2 GFLOP at 0.75 pJ = 1.5 mJ; 1 GB at 31.76 pJ/B (HBM2) = 31.76 mJ.
    e = energy.energy(2e9, 1e9, 0.75e-12, 3.97 * 8e-12)
    assert e.compute_j == pytest.approx(1.5e-3)
    assert e.movement_j == pytest.approx(31.76e-3)
    assert e.dominant == "movement"
    t = energy.technology_energy({"fp16": 2e9}, {"hbm": 1e9})
    assert t.total_j == pytest.approx(e.total_j)


def test_every_energy_figure_has_provenance():
    for figure in (*OPERATION.values(), *MOVEMENT.values()):
        assert figure.value > 0 and len(figure.source.title) > 10 and figure.source.note
        assert figure.source.kind in ("datasheet", "paper", "derived", "estimate")


def test_unknown_precision_or_level_is_an_error():
    with pytest.raises(KeyError, match="known"):
        energy_per_op("fp3")
    with pytest.raises(KeyError, match="known"):
        energy_per_byte("tape")


# --- Queueing -----------------------------------------------------------------------------------
def test_mm1_by_hand():
    # λ = 80/s, μ = 100/s: T = 1/20 = 50 ms; p99 = ln(100)/20 = 230.26 ms; N = 80 × 0.05 = 4.
    assert queueing.mm1_response(80.0, 100.0) == pytest.approx(0.05)
    assert queueing.mm1_percentile(80.0, 100.0, 0.99) == pytest.approx(math.log(100) / 20)
    assert queueing.littles_law(80.0, 0.05) == pytest.approx(4.0)


def test_unstable_queue_is_infinite_not_clipped():
    assert queueing.mm1_response(100.0, 100.0) == math.inf
    assert queueing.mmc_response(30.0, 10.0, 2) == math.inf
    assert np.isinf(queueing.mm1_response(np.array([50.0, 150.0]), 100.0)).tolist() == [
        False, True]


def test_erlang_c_closed_forms():
    # c = 1: P(wait) = ρ.  c = 2: P(wait) = 2ρ²/(1 + ρ)  (M/M/2, Kleinrock §3.5).
    assert queueing.erlang_c(1, 0.7) == pytest.approx(0.7)
    rho = 0.6
    assert queueing.erlang_c(2, 2 * rho) == pytest.approx(2 * rho**2 / (1 + rho))


def test_erlang_c_against_the_explicit_sum():
    # C(c, a) = (a^c/c!)·(c/(c−a)) / (Σ_{k<c} a^k/k! + (a^c/c!)·(c/(c−a))), written out here.
    for c, a in ((10, 8.0), (50, 45.0), (3, 0.5)):
        top = a**c / math.factorial(c) * c / (c - a)
        expected = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
        assert queueing.erlang_c(c, a) == pytest.approx(expected, rel=1e-10)


def test_mmc_with_one_server_is_mm1():
    assert queueing.mmc_response(80.0, 100.0, 1) == pytest.approx(0.05)
    # P(W > t) = C·e^{−(cμ−λ)t}: for c = 1 the 99th-percentile wait is ln(ρ/0.01)/(μ − λ)
    assert queueing.mmc_wait_percentile(80.0, 100.0, 1, 0.99) == pytest.approx(
        math.log(0.8 / 0.01) / 20)


def test_erlang_c_broadcasts_over_servers():
    values = queueing.erlang_c(np.array([1, 2, 4, 8]), 0.9)
    assert values.shape == (4,) and np.all(np.diff(values) < 0)


def test_md1_waits_half_as_long_as_mm1():
    # Pollaczek–Khinchine: deterministic service halves the M/M/1 queueing delay.
    lam, mu = 80.0, 100.0
    w_md1 = queueing.md1_response(lam, mu) - 1 / mu
    w_mm1 = queueing.mm1_response(lam, mu) - 1 / mu
    assert w_md1 == pytest.approx(w_mm1 / 2)


def test_batch_forming_wait():
    # B = 8 at 100 req/s: mean (8 − 1)/(2 × 100) = 35 ms; the first request waits 70 ms.
    assert queueing.batch_wait_mean(8, 100.0) == pytest.approx(0.035)
    assert queueing.batch_wait_first(8, 100.0) == pytest.approx(0.070)


# --- Scaling ------------------------------------------------------------------------------------
def test_gpt3_training_compute():
    # Brown et al. 2020, Table D.1: GPT-3 175B on 300B tokens ≈ 3.14e23 FLOP.
    assert scaling.training_flops(175e9, 300e9) == pytest.approx(3.14e23, rel=0.01)


def test_chinchilla_compute_optimal():
    # Hoffmann et al. 2022: Chinchilla, 70B parameters, 1.4T tokens (20 tokens per parameter).
    assert scaling.compute_optimal_tokens(70e9) == pytest.approx(1.4e12)
    budget = scaling.training_flops(70e9, 1.4e12)
    assert scaling.compute_optimal_parameters(budget) == pytest.approx(70e9)


def test_inference_and_time_to_train_by_hand():
    assert scaling.inference_flops(7e9) == pytest.approx(14e9)  # 2 FLOP per parameter per token
    # 3.14e23 FLOP on 1024 A100s (312 TFLOP/s) at 40% MFU: 3.14e23/(1024 × 312e12 × 0.4) s
    t = scaling.time_to_train(3.14e23, 1024, 312e12, 0.4)
    assert t == pytest.approx(2.457e6, rel=1e-3)  # ≈ 28.4 days


def test_erlang_c_scalar_and_vector_paths_agree_and_percentiles_broadcast_over_q():
    for c, a in ((1, 0.5), (10, 8.0), (64, 60.0), (5, 7.0), (2000, 1990.0), (300, 0.0)):
        assert queueing.erlang_c(c, a) == pytest.approx(float(queueing.erlang_c(
            np.array([c]), np.array([a]))[0]), rel=1e-9, abs=1e-15)
    q = np.array([0.5, 0.9, 0.99])
    waits = queueing.mmc_wait_percentile(8.0, 1.0, 10, q)
    assert waits.shape == (3,) and np.all(np.diff(waits) >= 0)


def test_largest_batch_within_a_latency_slo_by_hand():
    from ironlaw.laws.queueing import slo_batch_max

    # 50 ms SLO, 5 ms window (mean wait 2.5 ms), S(b) = 5 ms + 0.6 ms·b:
    # (50 − 2.5 − 5)/0.6 = 42.5/0.6 = 70.83 → 70 (71 would take 2.5 + 5 + 42.6 = 50.1 ms)
    assert slo_batch_max(50e-3, 2.5e-3, 5e-3, 0.6e-3) == 70
    # a 25 ms window: (50 − 12.5 − 5)/0.6 = 32.5/0.6 = 54.17 → 54
    assert slo_batch_max(50e-3, 12.5e-3, 5e-3, 0.6e-3) == 54
    # a budget of exactly 10 items stays 10 despite 0.6 ms not being exact in binary
    assert slo_batch_max(11e-3, 0.0, 5e-3, 0.6e-3) == 10
    # one request alone misses a 5 ms SLO: 0, and the worked form says so
    assert slo_batch_max(5e-3, 2.5e-3, 5e-3, 0.6e-3) == 0
    d = derive("batch-slo", slo="5 ms", window="5 ms", fixed="5 ms", per_item="0.6 ms")
    assert d.values["verdict"].startswith("SLO impossible") and d.values["latency"] is None
    # broadcasts over SLOs
    assert list(slo_batch_max(np.array([50e-3, 11e-3]), 2.5e-3, 5e-3, 0.6e-3)) == [70, 5]


def test_batch_slo_takes_a_pure_per_item_cost_and_no_window(cli):
    # S₀ = 0 (a pure per-item cost): W̄ = 5 ms / 2 = 2.5 ms; b = ⌊(50 − 2.5 − 0) / 0.6⌋ =
    # ⌊79.17⌋ = 79; latency 2.5 ms + 0.6 ms × 79 = 2.5 + 47.4 = 49.9 ms
    d = derive("batch-slo", slo="50 ms", window="5 ms", fixed="0 ms", per_item="0.6 ms")
    assert d.values["batch"] == 79 and d.values["latency"] == pytest.approx(49.9e-3)
    # no window either (dispatch at once): b = ⌊50 / 0.6⌋ = ⌊83.33⌋ = 83; 0.6 × 83 = 49.8 ms
    d = derive("batch-slo", slo="50 ms", window="0 s", fixed="0 ms", per_item="0.6 ms")
    assert d.values["batch"] == 83 and d.values["latency"] == pytest.approx(49.8e-3)
    # s = 0 would let any batch through: refused, as is an SLO of 0
    for flag, value in (("--per-item", "0 ms"), ("--slo", "0 ms")):
        args = {"--slo": "50 ms", "--window": "5 ms", "--fixed": "0 ms", "--per-item": "1 ms",
                flag: value}
        code, _, err = cli("calc", "batch-slo", *(x for pair in args.items() for x in pair))
        assert code == 2 and flag in err and "greater than 0" in err


def test_poisson_tail_and_quantile_by_hand():
    from math import exp

    from ironlaw.laws.queueing import poisson_quantile, poisson_tail

    # m = 0.5: P(N ≥ 1) = 1 − e^−0.5 = 0.3935
    assert poisson_tail(1, 0.5) == pytest.approx(1 - exp(-0.5))
    # m = 2: P(N ≥ 4) = 1 − e^−2 (1 + 2 + 2 + 4/3) = 1 − 0.1353 × 6.333 = 0.1429
    assert poisson_tail(4, 2.0) == pytest.approx(1 - exp(-2) * (1 + 2 + 2 + 4 / 3))
    # m = 5: P(N ≤ 10) = 0.9863 < 0.99 ≤ P(N ≤ 11) = 0.9945, so the p99 is 11
    below = [exp(-5) * sum(5**j / math.factorial(j) for j in range(k + 1)) for k in (10, 11)]
    assert below[0] < 0.99 <= below[1]
    assert poisson_quantile(0.99, 5.0) == 11
    # k = 0: every window holds 0 or more; broadcasts over the mean
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(np.array([1, 1]), np.array([0.5, 2.0])) == pytest.approx(
        [1 - exp(-0.5), 1 - exp(-2)])


def test_energy_from_power_and_its_cost_by_hand():
    from ironlaw.laws.energy import electricity_cost, energy_from_power

    # 10 mW for an hour: 0.01 W × 3600 s = 36 J
    assert energy_from_power(10e-3, 3600.0) == pytest.approx(36.0)
    # 700 W for 24 h = 16.8 kWh = 60.48 MJ; at $0.12/kWh: 16.8 × 0.12 = $2.016
    e = energy_from_power(700.0, 24 * 3600.0)
    assert e == pytest.approx(60.48e6)
    assert electricity_cost(e, 0.12 / 3.6e6) == pytest.approx(2.016)
    d = derive("power-energy", power="700 W", time="24 h", price="$0.12/kWh")
    assert d.values["cost"] == pytest.approx(2.016)


def test_ratio_of_two_quantities_by_hand():
    from ironlaw.errors import ParameterError
    from ironlaw.laws.speedup import ratio

    # 1,280 img/s over 200 img/s = 6.4×; 2.8 ms over 0.9 ms = 3.11× (a speedup: old/new)
    assert ratio(1280.0, 200.0) == pytest.approx(6.4)
    d = derive("ratio", a="2.8 ms", b="0.9 ms")
    assert d.values["ratio"] == pytest.approx(2.8 / 0.9)
    assert "S = 2.8 ms / 900 µs = 3.111×" in d.text()
    # 11 ms against 15 ms: 11/15 − 1 = −26.7%, a 27% reduction
    assert derive("ratio", a="11 ms", b="15 ms").values["change"] == pytest.approx(-4 / 15)
    with pytest.raises(ParameterError, match="one kind"):
        derive("ratio", a="2.8 ms", b="1 GB")


def test_poisson_quantile_at_q_zero_is_zero():
    """The smallest k ≥ 0 with P(N ≤ k) ≥ 0 is k = 0 for any mean (scipy's ppf says −1)."""
    from ironlaw.laws.queueing import poisson_quantile

    assert poisson_quantile(0.0, 2.0) == 0.0
    # and q = 0.5 for m = 2: P(N ≤ 1) = 3e⁻² = 0.406, P(N ≤ 2) = 5e⁻² = 0.677 → k = 2
    assert poisson_quantile(0.5, 2.0) == 2.0


def test_poisson_quantile_at_huge_means_is_computed(cli):
    """scipy's ppf returns NaN from a mean of about 1e11 (it printed '—'); the quantile is the
    Cornish–Fisher expansion there, checked here by hand and against the definition."""
    from scipy.stats import poisson

    from ironlaw.laws.queueing import poisson_quantile

    # m = 1e12, q = 0.99: z = Φ⁻¹(0.99) = 2.3263478740 (normal tables); z√m = 2326347.874;
    # (z² − 1)/6 = (5.4118944 − 1)/6 = 0.735316; the 1/√m term is ~1e-7. x − ½ = 1e12 +
    # 2326347.874 + 0.735 − 0.5 = 1e12 + 2326348.109 → k = ⌈…⌉ = 1e12 + 2326349
    m, k = 1e12, 1e12 + 2326349
    assert poisson_quantile(0.99, m) == k
    # the definition, by scipy's CDF (the regularized incomplete gamma, not its ppf):
    assert poisson.cdf(k - 1, m) < 0.99 <= poisson.cdf(k, m)
    # an integer mean is the median (Choi, Proc. AMS 121, 1994: m − ln 2 ≤ median < m + 1/3)
    assert poisson_quantile(0.5, np.array([1e9, 1e12, 4e15])) == pytest.approx([1e9, 1e12, 4e15],
                                                                             rel=0, abs=0)
    # m = 1e300: z√m = 2.3e150 is far below half a float step at 1e300 (2^944 ≈ 1.5e284)
    assert poisson_quantile(0.99, 1e300) == 1e300
    # and it broadcasts, q = 0 and q = 1 at its ends
    assert list(poisson_quantile(np.array([0.0, 1.0]), 1e9)) == [0.0, math.inf]
    # over q, just past the switch from scipy's exact search, every k meets the definition
    qs = np.linspace(1e-4, 1 - 1e-4, 101)
    for mean in (1.0000001e7, 3e9):
        ks = poisson_quantile(qs, mean)
        assert np.all((poisson.cdf(ks - 1, mean) < qs) & (qs <= poisson.cdf(ks, mean)))
    code, out, _ = cli("calc", "poisson", "--arrival-rate", "1e300 /s", "--window", "1 s",
                       "--q", "0.99")
    assert code == 0 and "k_q): 1×10³⁰⁰" in out and "—" not in out.split("k_q =")[1]
    # λT past the largest float (1e300 × 1e10 = 1e310 > 1.8e308): refused, naming the bound
    code, _, err = cli("calc", "poisson", "--arrival-rate", "1e300 /s", "--window", "1e10 s",
                       "--q", "0.99")
    assert code == 2 and "--window" in err and "1.8e+308" in err


def test_a_bare_number_given_to_the_ratio_law_is_a_plain_count(cli):
    """5 / 2 = 2.5×: bare numbers are counts (they were read as rates, '5 /s')."""
    code, out, _ = cli("calc", "ratio", "--a", "5", "--b", "2")
    assert code == 0 and "S = 5 / 2 = 2.5×" in out and "/s" not in out


def test_capacity_plan_whose_rate_product_underflows_needs_unboundedly_many_devices(cli):
    # ρ·μ_d = 1e-300 × 1e-300 = 1e-600, below the smallest float: c₀ = ⌈1e300 / 1e-600⌉ =
    # 1e900 devices, past the largest float (1.8e308), so ∞ (it raised ZeroDivisionError)
    d = derive("capacity-plan", arrival_rate="1e300 /s", rho=1e-300, device_rate="1e-300 /s")
    assert d.values["devices"] == math.inf and d.values["exact"] == math.inf
    code, out, _ = cli("calc", "capacity-plan", "--arrival-rate", "1e300 /s", "--rho", "1e-300",
                       "--device-rate", "1e-300 /s")
    assert code == 0 and "devices with headroom (c): ∞" in out


@pytest.mark.parametrize(("law", "extra"), [("mm1", []), ("md1", []),
                                            ("mmc", ["--servers", "1"])])
def test_a_queue_says_when_it_is_unstable(cli, law, extra):
    """λ = 300 /s offered to μ = 200 /s (one server): ρ = 300/200 = 1.5 ≥ 1, so the queue grows
    without bound and its waits are infinite — the law says why; an infinite time is just ∞
    (a 1e30 B transfer is not a queue). At λ = 100 /s, ρ = 0.5 and the queue is stable."""
    code, out, _ = cli("calc", law, "--arrival-rate", "300 /s", "--service-rate", "200 /s",
                       *extra)
    assert code == 0
    assert "stability: unstable: ρ ≥ 1" in out and "(unstable)" not in out
    code, out, _ = cli("calc", law, "--arrival-rate", "100 /s", "--service-rate", "200 /s",
                       *extra)
    assert "stability: stable (ρ < 1)" in out


def test_checkpoint_interval_by_hand(cli):
    """The book's worked example (vol2 Fault Tolerance): 10,000 GPUs at 50,000 h MTBF each fail
    every 50,000/10,000 = 5 h; a 21 s checkpoint gives τ = √(2 × 21 s × 18,000 s) = √756,000 s²
    = 869.5 s ≈ 14.5 min, and waste 21/869.5 + 869.5/36,000 = 0.02415 + 0.02415 = 4.83%."""
    code, out, _ = cli("calc", "checkpoint-interval", "--mtbf", "50000 h", "--devices", "10000",
                       "--checkpoint", "21 s", "-f", "json")
    assert code == 0
    values = json.loads(out)["values"]
    assert values["cluster_s"] == pytest.approx(18_000.0)
    assert values["young_s"] == pytest.approx(math.sqrt(756_000.0))
    assert values["waste"] == pytest.approx(2 * 21 / math.sqrt(756_000.0))


def test_series_reliability_by_hand(cli):
    """Dean and Barroso's fan-out tail ('The Tail at Scale', 2013): a request that waits on
    100 servers, each slow 1% of the time, is slow with probability 1 − 0.99¹⁰⁰ = 1 − 0.36603
    = 63.4%. 0.999¹⁰⁰⁰⁰ = exp(10,000 · ln 0.999) = exp(−10.005) = 4.517 × 10⁻⁵: printed to
    three significant figures, 0.00452%, not 0.0%."""
    code, out, _ = cli("calc", "series-reliability", "--p", "1%", "--parts", "100", "-f",
                       "json")
    assert code == 0
    values = json.loads(out)["values"]
    assert values["every"] == pytest.approx(0.36603, rel=1e-4)
    assert values["any"] == pytest.approx(0.63397, rel=1e-4)
    code, out, _ = cli("calc", "series-reliability", "--p", "0.001", "--parts", "10000")
    assert code == 0 and "= 0.00452%" in out
    code, _, err = cli("calc", "series-reliability", "--p", "1.5", "--parts", "3")
    assert code == 2 and "--p" in err


def test_all_reduce_ring_against_tree_by_hand(cli):
    """1 GB on 8 devices at 100 GB/s, α = 5 µs:
    ring 2·7/8 × 1e9/1e11 s + 2·7 × 5 µs = 17.5 ms + 70 µs = 17.57 ms;
    tree 2·⌈log₂ 8⌉ × (5 µs + 10 ms) = 6 × 10.005 ms = 60.03 ms: the ring is faster."""
    code, out, _ = cli("calc", "all-reduce", "--size", "1 GB", "--devices", "8", "--bandwidth",
                       "100 GB/s", "--latency", "5 us", "-f", "json")
    assert code == 0
    values = json.loads(out)["values"]
    assert values["ring_s"] == pytest.approx(0.0175 + 70e-6)
    assert values["tree_s"] == pytest.approx(6 * (5e-6 + 0.01))
    assert values["faster"] == "ring"
