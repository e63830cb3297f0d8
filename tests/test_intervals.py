"""Prediction intervals (issue 10 item 10): every efficiency parameter may state the range its
source gives; a prediction evaluated with the parameters at the fast and at the slow end of
their ranges is its interval, and validation reports how often the measurement falls inside."""

from __future__ import annotations

import json

import pytest

from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze_bounded
from ironlaw.frameworks.graph import Graph, Workload
from ironlaw.hardware.catalog import builtin
from ironlaw.uncertainty import coverage, covers, efficiency_at, ends, span, with_bounds

H100_BF16 = 989.4e12  # H100 SXM5 dense bf16 FLOP/s, NVIDIA H100 datasheet
H100_SMS = 132


def _gemm(n: int = 8192) -> Graph:
    return Graph("gemm", (ops.matmul("gemm", 1, n, n, n, "bf16"),), "bf16", {}, Workload())


def test_the_gpu_kind_states_the_ranges_its_sources_give():
    """nv-gemm-guide: Tensor Core GEMMs reach ~70-85% of dense peak; STREAM: 80-90% of the
    theoretical bandwidth; eager dispatch + launch 5-20 us, a captured graph 2-4 us."""
    gpu = builtin().efficiency["gpu"]
    assert gpu.gemm_peak_fraction.range == (0.70, 0.85)
    assert gpu.memory_fraction.range == (0.80, 0.90)
    assert gpu.eager_overhead.range == pytest.approx((5e-6, 20e-6))
    assert gpu.fused_overhead.range == pytest.approx((2e-6, 4e-6))
    assert gpu.vector_peak_fraction.range is None  # the source states no spread for it


def test_the_fast_end_has_high_fractions_and_low_overheads():
    gpu = builtin().efficiency["gpu"]
    fast, slow = gpu.at("fast"), gpu.at("slow")
    assert (fast.gemm_fraction("bf16"), slow.gemm_fraction("bf16")) == (0.85, 0.70)
    assert (fast.memory_fraction.value, slow.memory_fraction.value) == (0.90, 0.80)
    assert fast.eager_overhead.value == pytest.approx(5e-6)
    assert slow.eager_overhead.value == pytest.approx(20e-6)
    # a parameter without a range keeps its value at both ends
    assert fast.vector_peak_fraction.value == slow.vector_peak_fraction.value == 0.5
    assert fast.tile_m.value == slow.tile_m.value == 128


def test_per_precision_ranges_move_one_by_one():
    """H200, benchmarks/gpu records: bf16 GEMMs of 663.5-689.9 TFLOP/s of 989.4 (0.671-0.697),
    fp8 1265.4-1367.7 of 1978.9 (0.639-0.691); int8 is not measured and keeps 0.68."""
    cat = builtin()
    h200 = cat.efficiency_of(cat.device("h200"))
    fast, slow = h200.at("fast"), h200.at("slow")
    assert (slow.gemm_fraction("bf16"), fast.gemm_fraction("bf16")) == (0.671, 0.697)
    assert (slow.gemm_fraction("fp8"), fast.gemm_fraction("fp8")) == (0.639, 0.691)
    assert slow.gemm_fraction("int8") == fast.gemm_fraction("int8") == 0.68


def test_a_large_gemm_interval_by_hand():
    """8192³ bf16 on an H100 (132 SMs), fused: 4096 tiles of 128×128 on 132 SMs run in
    ⌈4096/132⌉ = 32 waves, wave = 4096/(32·132); k/(k + k_half) = 8192/8256; one kernel
    launch. T = 2·8192³ / (989.4 TFLOP/s · f · wave · 8192/8256) + t_launch, with
    f = 0.85, t = 2 µs at the fast end and f = 0.70, t = 4 µs at the slow end (memory,
    3·8192²·2 B at ≥ 2.68 TB/s = 0.15 ms, stays below compute at both ends)."""
    cat = builtin()
    device = cat.device("h100")
    wave, depth, flops = 4096 / (32 * H100_SMS), 8192 / 8256, 2 * 8192**3
    low = flops / (H100_BF16 * 0.85 * wave * depth) + 2e-6
    high = flops / (H100_BF16 * 0.70 * wave * depth) + 4e-6
    result = analyze_bounded(_gemm(), device, cat.efficiency_of(device))
    assert result.latency_interval_s == pytest.approx((low, high), rel=1e-12)
    assert low < result.latency_s < high
    data = result.to_dict()
    assert (data["latency_s_low"], data["latency_s_high"]) == pytest.approx((low, high))
    # throughput's interval is batch over the latency interval, reversed
    assert (data["throughput_per_s_low"], data["throughput_per_s_high"]) == \
        pytest.approx((1 / high, 1 / low))


def test_the_end_reaches_every_layer_through_the_catalog():
    cat = builtin()
    device = cat.device("h100")
    nominal = cat.efficiency_of(device)
    with efficiency_at("slow"):
        assert cat.efficiency_of(device).gemm_fraction("bf16") == 0.70
        assert cat.efficiency_of(device) is cat.efficiency_of(device)  # one object per end
    assert cat.efficiency_of(device) is nominal  # outside the block: the values themselves
    fast, slow = ends(lambda: cat.efficiency_of(device).memory_fraction.value)
    assert span(fast, slow) == (0.80, 0.90)


def test_serving_carries_its_intervals():
    """Llama 3 8B decode on an H100: TPOT is bounded by the two ends, in the JSON as
    tpot_s_low/tpot_s_high, and the ends are the same serving evaluated at each end."""
    import ironlaw
    from ironlaw.serving import serve_llm

    result = ironlaw.serve("llama-3-8b", "h100", batch=8)
    low, high = result.intervals["tpot_s"]
    assert low < result.tpot_s < high
    with efficiency_at("fast"):
        assert serve_llm("llama-3-8b", "h100", batch=8).tpot_s == pytest.approx(low)
    with efficiency_at("slow"):
        assert serve_llm("llama-3-8b", "h100", batch=8).tpot_s == pytest.approx(high)
    data = result.to_dict()
    assert (data["tpot_s_low"], data["tpot_s_high"]) == (low, high)
    t_low, t_high = result.intervals["throughput_tokens_per_s"]
    assert t_low == pytest.approx(8 / high) and t_high == pytest.approx(8 / low)


def test_the_cli_shows_intervals(cli):
    code, out, err = cli("analyze", "resnet50", "--on", "h100", "--batch", "32")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.strip().startswith("latency"))
    assert "[" in line and "]" in line
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ttft_s_low"] < data["ttft_s"] < data["ttft_s_high"]


def test_cost_carries_the_interval_of_the_pass_it_prices(cli):
    """1,000,000 ResNet-50 samples at batch 32 on one H100 of a p5.48xlarge ($6.88 per
    GPU-hour): duration = 10⁶/32 passes × latency, cost = duration/3600 × $6.88, IT energy =
    10⁶ × energy per sample — each end of each interval from the same end of the latency's
    (the one `analyze` gives for the same pass)."""
    code, out, err = cli("analyze", "resnet50", "--on", "h100", "--batch", "32", "-f", "json")
    assert code == 0, err
    analysis = json.loads(out)
    code, out, err = cli("cost", "resnet50", "--on", "h100", "--batch", "32", "--requests",
                         "1000000", "--instance", "p5.48xlarge", "-f", "json")
    assert code == 0, err
    run = json.loads(out)["run"]
    for end in ("", "_low", "_high"):
        latency = analysis[f"latency_s{end}"]
        assert run[f"latency_s{end}"] == pytest.approx(latency, rel=1e-12)
        assert run[f"duration_s{end}"] == pytest.approx(1e6 / 32 * latency, rel=1e-12)
        assert run[f"cost_usd{end}"] == pytest.approx(1e6 / 32 * latency / 3600 * 6.88,
                                                      rel=1e-12)
    assert run["energy_j_low"] < run["energy_j"] < run["energy_j_high"]
    assert run["carbon_kg_low"] < run["carbon_kg"] < run["carbon_kg_high"]
    assert "samples_low" not in run  # a fixed number of requests has no spread
    code, out, err = cli("cost", "resnet50", "--on", "h100", "--batch", "32")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.strip().startswith("latency (one pass)"))
    assert "[" in line and "]" in line


def test_covers_coverage_and_bounds_by_hand():
    # [1, 2] holds its ends and 1.5, not 2.5; no interval covers nothing
    assert covers((1.0, 2.0), 1.0) and covers((1.0, 2.0), 2.0) and covers((1.0, 2.0), 1.5)
    assert not covers((1.0, 2.0), 2.5) and not covers(None, 1.0)
    # 2 of 4 pairs covered: 0.5
    assert coverage([((1.0, 2.0), 1.5), ((1.0, 2.0), 3.0), (None, 1.0), ((0.0, 1.0), 0.0)]) == 0.5
    # the ends follow their key; a key without an interval (None) gains nothing
    assert list(with_bounds({"a": 1.0, "b": 2.0, "c": 3.0}, {"a": (0.5, 1.5), "b": None})) == [
        "a", "a_low", "a_high", "b", "c"]


def test_published_validation_reports_coverage():
    from ironlaw.measure.validate_published import validate_published

    v = validate_published(kinds=("gemm",))
    for r in v.results:
        low, high = r.interval
        assert low <= r.predicted <= high
        assert r.covered == (low <= r.case.published <= high)
    assert v.coverage == sum(r.covered for r in v.results) / len(v.results)
    assert v.to_dict()["by_kind"]["gemm"]["coverage"] == v.coverage
    case = v.to_dict()["cases"][0]
    assert (case["predicted_low"], case["predicted_high"]) == v.results[0].interval


def test_a_range_must_hold_its_value(cli, tmp_path):
    from ironlaw.hardware.catalog import load_file  # noqa: F401  (the loader under test)

    code, text, _ = cli("hw", "template")
    bad = text.replace("range: [0.66, 0.70]", "range: [0.70, 0.75]")
    assert bad != text
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    code, out, err = cli("hw", "validate", str(path))
    assert code == 2
    assert "range" in err and "bad.yaml" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3


def test_calibration_range_is_the_fraction_each_gemm_implies():
    """A fit at f = 0.6 whose model times are 10% too slow at one point (r = +0.1) and 5% too
    fast at another (r = −0.05) implies f·1.1 = 0.66 and f·0.95 = 0.57 there."""
    from ironlaw.measure.calibrate import GemmFit

    fit = GemmFit("fp32", "torch", 1e12, 32, 64, 0.6, 2, (0.1, -0.05, 0.0), 3)
    assert fit.fraction_range == pytest.approx((0.57, 0.66))
    # an implied fraction above 1 is clipped to the peak
    assert GemmFit("fp32", "torch", 1e12, 32, 64, 0.95, 2, (0.2,), 1).fraction_range == \
        pytest.approx((0.95, 1.0))


def test_training_carries_its_intervals_past_its_cache():
    """plan_training caches costed graphs of the built-in catalog; the cache is kept per
    efficiency end, so the slow end is not the nominal plan served again."""
    import ironlaw
    from ironlaw.training import plan_training

    plan = ironlaw.train("gpt2", "h100", seq=1024, micro_batch=8)
    low, high = plan.intervals["step_s"]
    assert low < plan.step_s < high
    with efficiency_at("slow"):
        assert plan_training("gpt2", "h100", seq=1024, micro_batch=8).step_s == \
            pytest.approx(high)
    t_low, t_high = plan.intervals["tokens_per_s"]
    assert t_low == pytest.approx(8 * 1024 / high) and t_high == pytest.approx(8 * 1024 / low)
    assert plan.to_dict()["step_s_low"] == low


def test_a_cache_per_end_keys_on_the_end_in_force():
    """cached_per_end: one call per (arguments, end); each end gets its own result, and the
    nominal result cached first is not what the fast or slow end is given."""
    from ironlaw.uncertainty import END, cached_per_end

    calls = []

    @cached_per_end(maxsize=8)
    def scaled(x: float, *, by: float = 1.0) -> float:
        """A toy that reads the end, as efficiency_of does."""
        calls.append((x, by, END.get()))
        return x * by * {None: 1.0, "fast": 0.5, "slow": 2.0}[END.get()]

    assert scaled(3.0) == 3.0
    assert ends(lambda: scaled(3.0)) == (1.5, 6.0)
    assert ends(lambda: scaled(3.0)) == (1.5, 6.0)  # hits: no new calls
    assert scaled(3.0, by=2.0) == 6.0
    assert calls == [(3.0, 1.0, None), (3.0, 1.0, "fast"), (3.0, 1.0, "slow"),
                     (3.0, 2.0, None)]
    assert scaled.__name__ == "scaled" and "toy" in scaled.__doc__
    assert scaled.cache_info().hits == 2
    scaled.cache_clear()
    assert scaled(3.0) == 3.0 and len(calls) == 5


def test_published_serving_cases_carry_their_intervals_past_the_target_cache():
    """validate_published caches the serving target; asked nominal first (the cache filled),
    then at each end, a prefill case's time moves with the ends of the catalog's ranges."""
    from ironlaw.measure.validate_published import load_cases, predict

    case = next(c for c in load_cases() if c.id == "trt-h100-llama2-7b-ttft-2048")
    nominal = predict(case).predicted
    fast, slow = ends(lambda: predict(case).predicted)
    assert fast < nominal < slow


def test_a_sweep_carries_the_intervals_one_answer_gives():
    """One mechanism: a graph sweep's interval at a point is analyze's, a serving sweep's is
    serve's (the same parameters at the same ends)."""
    import ironlaw

    ds = ironlaw.sweep("resnet50", "h100", batch=[1, 32], intervals=True)
    one = ironlaw.analyze("resnet50", "h100", batch=32)
    at = ds.sel(batch=32)
    assert (float(at.latency_s_low), float(at.latency_s_high)) == \
        pytest.approx(one.latency_interval_s, rel=1e-9)
    served = ironlaw.sweep("llama-3-8b", "h100", method="serving", batch=[1, 8], prompt=512,
                           output=128, intervals=True).sel(batch=8)
    result = ironlaw.serve("llama-3-8b", "h100", batch=8, prompt=512, output=128)
    assert (float(served.tpot_s_low), float(served.tpot_s_high)) == \
        pytest.approx(result.intervals["tpot_s"], rel=1e-9)
    assert "latency_s_low" not in ironlaw.sweep("resnet50", "h100", batch=1)  # asked for only


@pytest.mark.parametrize(("find", "replace", "field"), [
    ("bandwidth: {value: 3.35 TB/s, source: my-datasheet}",
     "bandwidth: {value: 3.35 TB/s, range: [3 TB/s, 3.4 TB/s], source: my-datasheet}",
     "devices.my-gpu.memory.hbm.bandwidth"),
    ("tdp: {value: 700 W, source: my-datasheet}",
     "tdp: {value: 700 W, range: [600 W, 700 W], source: my-datasheet}",
     "devices.my-gpu.power.tdp"),
])
def test_a_range_where_no_interval_reads_it_is_refused(cli, tmp_path, find, replace, field):
    # intervals move only the efficiency parameters (Efficiency.at); a datasheet bandwidth's
    # or TDP's range would be silently ignored, so the file is refused, naming the field
    code, template, _ = cli("hw", "template")
    assert code == 0 and find in template
    path = tmp_path / "mine.yaml"
    path.write_text(template.replace(find, replace))
    code, out, err = cli("hw", "validate", str(path))
    assert code == 2 and f"{path}: {field}: range is read only" in err, err
    path.write_text(template)  # the template's own range is on gemm_peak_fraction: read
    assert cli("hw", "validate", str(path))[0] == 0


def test_an_interval_contains_the_prediction_it_qualifies(cli):
    """A served CNN picks its replica count at each end of the efficiency ranges, so its p99
    latency is not monotone in them: the slow end adds a replica and queues less. The interval
    is the hull of the fast, nominal and slow predictions, so every key's low ≤ value ≤ high
    (it once printed a p99 of 3.84 ms beside [1.77, 2.53] ms)."""
    code, out, _ = cli("serve", "resnet50", "--on", "h100", "--rate", "100000 images/s",
                       "--batch", "16", "-f", "json")
    assert code == 0
    data = json.loads(out)
    bounded = [k for k in data if f"{k}_low" in data]
    assert "latency_p99_s" in bounded
    for key in bounded:
        assert data[f"{key}_low"] <= data[key] <= data[f"{key}_high"], key
