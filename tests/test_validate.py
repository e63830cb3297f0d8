"""Calibration and validation end to end on a tiny measured profile (no timing assertions)."""

import pytest

from ironlaw.measure import calibrate, probe, profile, validate


def test_aten_ops_map_to_the_graph_kinds_they_implement():
    assert validate.kind_of("aten::addmm") == "matmul"
    assert validate.kind_of("aten::mkldnn_convolution") == "conv2d"
    assert validate.kind_of("aten::_scaled_dot_product_flash_attention_for_cpu") == "attention"
    assert validate.kind_of("aten::native_layer_norm") == "norm"
    assert validate.kind_of("aten::relu") == "elementwise"
    assert validate.kind_of("aten::view") == "view"
    assert validate.kind_of("aten::empty") == "allocation"  # an output's memory, not a view


# The GEMM curve the calibration must recover (the truth, not a fit): tile 32, k_half 64 and
# f_peak 0.8 lie on calibrate's grid (tiles 4..256 in powers of two; k_half runs
# geomspace(1, 4096, 25), steps of √2, and 64 = √2¹²; f_peak runs linspace(0.2, 1, 81), steps
# of 0.01), so noise-free times from them are matched exactly (RMS error 0) by that point.
TRUE_TILE, TRUE_K_HALF, TRUE_FRACTION = 32, 64.0, 0.8
FP32_PEAK = 100e9  # FLOP/s: the profile's fp32 peak, set by one numpy row at exactly this rate
THREADS = 2  # torch threads recorded in the environment: the fit's compute units


def hierarchy_bandwidth(data_bytes: float) -> float:
    """BW(D) of test_probe.synthetic_raw's hierarchy, read by hand (its profile test checks
    these): the fastest level holding D — L1 64 KiB (32 KiB × 2) at 450 GB/s, L2 2 MiB
    (1 MiB × 2) at 190 GB/s, L3 32 MiB at 85 GB/s, else DRAM at 40 GB/s."""
    for capacity, bandwidth in ((64 * 2**10, 450e9), (2 * 2**20, 190e9), (32 * 2**20, 85e9)):
        if data_bytes <= capacity:
            return bandwidth
    return 40e9


def synthetic_gemms(call_s: float) -> list[dict]:
    """torch fp32 GEMM rates generated from the truth above, timed as calibrate's model times a
    call: t = max(2mnk / (R · η), D / BW(D)) + t_call, D = (mk + kn + mn) · 4 B, with η the
    documented curve f_peak · wave · tile · k_s/(k_s + k_half) (frameworks.cost); plus the
    numpy fp32 row that makes R the profile's fp32 peak (the best fp32 rate measured)."""
    from ironlaw.frameworks.cost import gemm_efficiency

    rows = [{"library": "numpy", "dtype": "fp32", "m": 512, "n": 512, "k": 512,
             "flop_per_s": FP32_PEAK, "spread": [FP32_PEAK, FP32_PEAK], "repeats": 3}]
    shapes = [(4, 128, 128)]  # one row tile (4 ≤ 32/8): the GEMV the fraction comes from
    for size in (12, 20, 36, 100, 300, 1000, 2048):  # not all multiples of a tile
        shapes += [(size, size, size), (8, size, size), (size, size, 16)]
    for m, n, k in shapes:
        eta = float(gemm_efficiency(m, n, k, 1, THREADS, TRUE_TILE, TRUE_TILE, TRUE_K_HALF,
                                    TRUE_FRACTION))
        data = (m * k + k * n + m * n) * 4
        time = max(2 * m * n * k / (FP32_PEAK * eta), data / hierarchy_bandwidth(data)) + call_s
        rate = 2 * m * n * k / time
        rows.append({"library": "torch", "dtype": "fp32", "m": m, "n": n, "k": k,
                     "flop_per_s": rate, "spread": [rate, rate], "repeats": 3})
    return rows


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """The tiny probe's live dispatch, convolution and layer timings on a hand-made memory
    hierarchy and hand-made GEMMs: under load, live bandwidth timings can invert the levels
    (the profile's physics check then rightly refuses them) and live GEMM timings can miss any
    curve (calibrate then rightly refuses the fit) — timing must not decide a test. The
    synthetic GEMMs carry the live torch call overhead the fit subtracts."""
    from test_probe import synthetic_raw, tiny_settings

    raw = probe.run_probes(tiny_settings())
    hierarchy = synthetic_raw()
    raw["bandwidth"], raw["latency"] = hierarchy["bandwidth"], hierarchy["latency"]
    raw["env"] = {**raw["env"], "caches": hierarchy["env"]["caches"],
                  "cache_source": hierarchy["env"]["cache_source"], "torch_threads": THREADS,
                  "probe": {**raw["env"]["probe"], "stream_threads": 2}}
    raw["gemm"] = [r for r in raw["gemm"] if r["dtype"] != "fp32"]
    raw["gemm"] += synthetic_gemms(raw["dispatch"]["torch_eager_s"])
    return raw


def test_host_validation_mean_abs_error_is_the_mape_by_hand():
    """Predicted 11 ms and 7 ms against measured 10 ms and 10 ms: errors +10% and −30%, mean
    |error| 20% (the same uncertainty.mape the published validation reports)."""
    rows = tuple(validate.ValidationRow("m", "forward", 1, "SingleStream", 0.010, predicted,
                                        (0.010, 0.010)) for predicted in (0.011, 0.007))
    v = validate.Validation(rows, "host", {})
    assert [r.error for r in rows] == pytest.approx([0.1, -0.3])
    assert v.mean_abs_error == pytest.approx(0.20)
    assert v.within_25 == 1


def test_calibrate_then_validate_on_a_measured_profile(measured, tmp_path, monkeypatch):
    """The plumbing from micro-benchmarks to a calibrated catalog entry and a validation. The
    GEMMs are generated from a known curve (see synthetic_gemms), so the fit must recover it
    exactly and pass calibrate's own noise bound (MAX_RMS_ERROR, untouched here) with an RMS
    error of 0; the live timings (dispatch, layers) decide no number asserted below."""
    pytest.importorskip("torch")
    path = tmp_path / "host.yaml"
    monkeypatch.setenv("IRONLAW_HOST_PROFILE", str(path))
    profile.save_profile(measured, path)
    fitted = calibrate.calibrate(path)
    assert (fitted.gemm.library, fitted.gemm.dtype, fitted.gemm.units) == ("torch", "fp32", 2)
    assert fitted.gemm.peak_flop_per_s == FP32_PEAK  # the numpy row's 100 GFLOP/s
    assert fitted.gemm.points == 22  # (4, 128, 128) and 7 sizes × 3 shapes
    assert fitted.gemm.tile == TRUE_TILE
    assert fitted.gemm.k_half == pytest.approx(TRUE_K_HALF, rel=1e-9)
    assert fitted.gemm.peak_fraction == pytest.approx(TRUE_FRACTION, rel=1e-9)
    assert fitted.gemm.rms_error < 1e-9  # calibrate's check_fit passed it as it is
    # every residual 0: each GEMM implies f·(1 + 0) = 0.8, so the range is the one point
    assert fitted.gemm.fraction_range == pytest.approx((0.8, 0.8), rel=1e-9)
    assert fitted.eager_overhead_s > 0
    from ironlaw.hardware.catalog import load_file

    host = load_file(path).devices[0]
    assert host.efficiency is not None
    # every op kind's eager dispatch measured apart, 'other' for the kinds not probed
    by_kind = host.efficiency.eager_overhead
    assert set(by_kind) == {"other", "matmul", "conv2d", "norm", "elementwise", "softmax",
                            "pool", "embedding", "view", "concat"}
    assert all(t.source.kind == "measured" for t in by_kind.values())
    from ironlaw.hardware.catalog import HOST, open_catalog

    catalog = open_catalog()
    merged = catalog.efficiency_of(catalog.devices[HOST])
    assert merged.eager_launch("norm") == by_kind["norm"].value
    assert merged.eager_launch("reduce") == by_kind["other"].value
    # the probes' own parameters, each with the range its probes spanned
    vector = host.efficiency.vector_peak_fraction  # each probed kind's own, 'other' depthwise
    assert set(vector) == {"other", "elementwise", "norm", "pool"}
    # the GEMV fraction, by hand, from the one GEMM of one row tile (m = 4 ≤ 32/8): its
    # 2·4·128·128 = 131,072 FLOPs at η = 0.8 · wave 1 · tile 1 · 128/(128 + 64) = 0.5333 (the
    # row tile shrinks to m = 4: 1 × 4 tiles of 4×32 cover 4×128 exactly; 4 tiles ≥ 2 threads,
    # so k is not split, and they fill 2 whole waves of 2) take 131,072 / (1e11 · 0.5333)
    # = 2.4576 µs against its (512 + 16,384 + 512) · 4 = 69,632 B from L2 (> 64 KiB) at 190 GB/s,
    # 0.366 µs: compute wins, plus the call. Its weights, 128·128·4 = 65,536 B, stream at
    # 65,536 B / t over DRAM's 40 GB/s
    call = measured["dispatch"]["torch_eager_s"]
    gemv = host.efficiency.gemv_memory_fraction
    assert gemv.value == pytest.approx(65_536 / (131_072 / (1e11 * 0.8 * 128 / 192) + call)
                                       / 40e9, rel=1e-9)
    for x in (host.efficiency.conv_peak_fraction, gemv,
              *vector.values()):
        assert x.source.kind == "measured" and x.range[0] <= x.value <= x.range[1] <= 1
    assert merged.vector_fraction("pool") == vector["pool"].value
    assert merged.vector_fraction("softmax") == vector["other"].value
    result = validate.validate(("mlp",), (1, 2), min_duration_s=0.1, min_queries=4,
                               threads=1, per_op=True, record=True)
    assert [r.batch for r in result.results] == [1, 2]
    for row in result.results:
        assert row.measured_s > 0 and row.predicted_s > 0
        low, high = row.interval_s  # the calibrated ranges give every prediction its interval
        assert low <= row.predicted_s <= high and low < high
        assert "matmul" in row.by_kind and row.by_kind["matmul"]["measured_s"] > 0
    from ironlaw.measure.store import open_store

    assert any(run.kind == "validation" for run in open_store().list_runs())


def test_validate_without_a_profile_says_what_to_run(cli):
    code, _, err = cli("validate", "mlp")
    assert code == 2 and "ironlaw measure host" in err
