"""Calibration recovers known efficiency parameters from synthetic micro-benchmarks."""

import pytest

from ironlaw.measure import calibrate
from ironlaw.measure.calibrate import _shape_terms, fit_gemm


def synthetic(tile, k_half, fraction, units, peak=1e12):
    """GEMM measurements generated from a known curve (the truth the fit must find)."""
    rows = []
    for size in (12, 20, 36, 100, 300, 1000, 2048):  # not all multiples of a tile
        for m, n, k in ((size, size, size), (8, size, size), (size, size, 16)):
            rate = peak * fraction * float(_shape_terms(m, n, k, units, tile, k_half))
            rows.append({"library": "torch", "dtype": "fp32", "m": m, "n": n, "k": k,
                         "flop_per_s": rate})
    return rows


@pytest.mark.parametrize(("tile", "k_half", "fraction"), [(32, 64.0, 0.8), (8, 16.0, 0.95)])
def test_fit_recovers_the_curve_that_generated_the_data(tile, k_half, fraction):
    """The truths lie on the fit's grid: tiles are powers of two 4..256; k_half runs
    geomspace(1, 4096, 25), steps of 4096^(1/24) = √2, so 16 = √2⁸ and 64 = √2¹² are grid
    points; f_peak runs linspace(0.2, 1, 81), steps of 0.01. Noise-free data generated from a
    grid point is then matched exactly by that point (RMS error 0), and by no neighbour."""
    fit = fit_gemm(synthetic(tile, k_half, fraction, units=2), peak=1e12, units=2)
    assert fit.tile == tile
    assert fit.k_half == pytest.approx(k_half, rel=1e-9)
    assert fit.peak_fraction == pytest.approx(fraction, rel=1e-9)
    assert fit.rms_error < 1e-9


def test_too_few_points_is_a_user_error():
    from ironlaw.errors import UserError

    with pytest.raises(UserError, match="at least 3 GEMM"):
        fit_gemm(synthetic(32, 64.0, 0.8, 2)[:2], peak=1e12, units=2)


def test_fit_accounts_for_memory_time_and_call_overhead():
    # Truth: tile 16, k_half 32, f 0.7 on 2 units at 1 TFLOP/s, memory at 100 GB/s, 2 µs calls.
    def bandwidth(data):
        return data * 0 + 100e9

    rows = []
    for m, n, k in ((1, 4096, 4096), (8, 4096, 4096), (64, 64, 64), (300, 300, 300),
                    (1000, 1000, 1000), (20, 2000, 2000), (2048, 2048, 2048)):
        flops = 2.0 * m * n * k
        compute = flops / (1e12 * 0.7 * float(_shape_terms(m, n, k, 2, 16, 32.0)))
        memory = (m * k + k * n + m * n) * 4 / 100e9
        rows.append({"library": "torch", "dtype": "fp32", "m": m, "n": n, "k": k,
                     "flop_per_s": flops / (max(compute, memory) + 2e-6)})
    fit = fit_gemm(rows, peak=1e12, units=2, bandwidth=bandwidth, overhead=2e-6)
    # tile 16, k_half 32 = √2¹⁰ and f 0.7 are grid points (see above): recovered exactly
    assert (fit.tile, fit.k_half) == (16, pytest.approx(32.0, rel=1e-9))
    assert fit.rms_error < 1e-9 and fit.peak_fraction == pytest.approx(0.7, rel=1e-9)


def test_a_fit_to_noise_is_refused():
    import numpy as np

    from ironlaw.errors import UserError
    from ironlaw.measure.calibrate import check_fit

    rows = synthetic(32, 64.0, 0.8, units=2)
    rng = np.random.default_rng(0)
    for row in rows:  # a busy machine: each rate off by a random factor of 1/1000 to 1000
        row["flop_per_s"] *= float(np.exp(rng.uniform(-6.9, 6.9)))
    fit = fit_gemm(rows, peak=1e12, units=2)
    assert fit.rms_error > 3.0
    with pytest.raises(UserError, match="too noisy to calibrate from; nothing written"):
        check_fit(fit)
    clean = fit_gemm(synthetic(32, 64.0, 0.8, units=2), peak=1e12, units=2)
    assert check_fit(clean) is clean


def test_a_layer_kind_reaches_its_flops_over_its_call_less_its_launch():
    """Two pool layers of 1.8e6 FLOPs called in 3.0 ms (spread 2.9–3.2 ms) and 1.5 ms
    (1.4–1.6 ms), a pool launch of 3 µs, R_vec = 200 GFLOP/s: fractions 1.8e6/(2.997e-3·2e11)
    = 0.003003 and 1.8e6/(1.497e-3·2e11) = 0.006012, value their median 0.0045075, range from
    the slowest repeat (3.2 ms) to the fastest (1.4 ms); a norm that took no longer than its
    launch is not fitted, and said so."""
    rows = [{"label": "a", "kind": "pool", "flops": 1.8e6, "time_s": 3.0e-3,
             "spread_s": [2.9e-3, 3.2e-3]},
            {"label": "b", "kind": "pool", "flops": 1.8e6, "time_s": 1.5e-3,
             "spread_s": [1.4e-3, 1.6e-3]},
            {"label": "ln", "kind": "norm", "flops": 1e3, "time_s": 2e-6,
             "spread_s": [1.9e-6, 2.1e-6]}]
    notes: list[str] = []
    launch = {"pool": 3e-6, "norm": 5e-6}.get
    fitted = calibrate._layer_fractions(rows, launch, 200e9, notes)
    assert set(fitted) == {"pool"}
    pool = fitted["pool"]
    assert pool.value == pytest.approx((1.8e6 / (2.997e-3 * 2e11) + 1.8e6 / (1.497e-3 * 2e11))
                                       / 2)
    assert pool.range == pytest.approx((1.8e6 / (3.197e-3 * 2e11), 1.8e6 / (1.397e-3 * 2e11)))
    assert notes == ["ln: a call took no longer than its launch; not fitted"]
