"""The benchmark harness: structure and sanity of each scenario (never timings: the machine is
shared and noisy), the ID-to-torch mapping, the statistics against hand calculations, errors."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from ironlaw.errors import UserError  # noqa: E402
from ironlaw.measure import bench, loadgen, percentiles, targets  # noqa: E402

FAST = {"min_duration_s": 0.2, "min_queries": 10, "record": False}


@pytest.fixture(autouse=True)
def isolated_store(tmp_path, monkeypatch):
    monkeypatch.setenv("IRONLAW_STORE", str(tmp_path / "runs.duckdb"))


def assert_interval(result, key):
    low, high = result.ci[key]
    point = getattr(result, key)
    assert low is None or low <= point
    assert high is None or point <= high


# --- scenarios: structure and sanity ---------------------------------------------------------

@pytest.mark.parametrize("model", ["mlp", "ds-cnn"])
def test_single_stream(model):
    threads_before = torch.get_num_threads()
    r = bench.run_benchmark(model, "single-stream", threads=1, **FAST)
    assert r.scenario == "single-stream" and r.model == model and r.threads == 1
    assert torch.get_num_threads() == threads_before  # restored
    assert r.queries >= 10 and r.samples == r.queries and r.duration_s >= 0.2
    assert r.latency_max_s >= r.latency_p99_s >= r.latency_p90_s >= r.latency_p50_s > 0
    assert r.latency_p50_s >= r.latency_min_s > 0
    assert r.throughput_per_s > 0 and len(r.latencies_s) == r.queries
    # sequential queries: throughput cannot beat 1 / mean latency
    assert r.throughput_per_s <= 1 / r.latency_mean_s * (1 + 1e-9)
    for key in ("latency_p50_s", "latency_p90_s", "latency_p99_s", "throughput_per_s"):
        assert_interval(r, key)
    assert r.warmup_queries >= loadgen.WARMUP_QUERIES
    data = r.to_dict()
    json.dumps(data)  # JSON-ready
    assert "latencies_s" not in data and data["env"]["run"]["torch_threads"] == 1
    assert "OPENBLAS_CORETYPE" in data["env"]["env_vars"]
    assert r.energy["available"] or r.energy["reason"].startswith("unavailable")
    assert "p99 latency" in r.explain().text()


@pytest.mark.parametrize("model", ["mlp", "ds-cnn"])
def test_offline(model):
    r = bench.run_benchmark(model, "offline", batch=4, **FAST)
    assert r.batch == 4 and r.samples == 4 * r.queries and r.samples >= 10
    assert r.throughput_per_s == pytest.approx(r.samples / r.duration_s)
    low, high = r.ci["throughput_per_s"]
    assert 0 < low <= high
    assert r.latency_p99_s >= r.latency_p50_s > 0


@pytest.mark.parametrize("model", ["mlp", "ds-cnn"])
def test_server_rate_within_its_bracket(model):
    # a bound no hiccup of a shared machine reaches, so that every step runs a trial
    r = bench.run_benchmark(model, "server", latency_bound_s=10.0, search_steps=3,
                            min_duration_s=0.1, min_queries=20, record=False)
    s = r.server
    low, high = s["bracket_per_s"]
    assert low == 0 and high == pytest.approx(1 / s["service_mean_s"])
    assert low <= s["max_arrival_rate_per_s"] <= high
    assert len(s["trials"]) == 3
    for trial in s["trials"]:
        assert low < trial["arrival_rate_per_s"] < high
        assert trial["feasible"] == (trial["latency_p99_s"] <= 10.0)
        assert trial["queries"] >= 20
    feasible = [t["arrival_rate_per_s"] for t in s["trials"] if t["feasible"]]
    assert s["max_arrival_rate_per_s"] == (max(feasible) if feasible else 0.0)
    assert r.latency_p99_s >= r.latency_p50_s > 0


def test_server_with_an_impossible_bound_is_a_verdict_not_an_error():
    r = bench.run_benchmark("mlp", "server", latency_bound_s=1e-9, **FAST)
    assert r.server["max_arrival_rate_per_s"] == 0.0 and r.throughput_per_s == 0.0
    assert r.verdict.startswith("infeasible") and r.server["trials"] == []


def test_energy_from_a_counter_is_attached(tmp_path, monkeypatch):
    from ironlaw.measure import energy

    zone = tmp_path / "intel-rapl:0"  # a fake powercap tree whose counter reads 5 J, then 7 J
    zone.mkdir()
    (zone / "name").write_text("package-0\n")
    (zone / "max_energy_range_uj").write_text("262143328850\n")
    counter = zone / "energy_uj"
    counter.write_text("5000000\n")

    def fake_meter():
        m = energy.meter(powercap_root=tmp_path, nvml=False, poll_s=None)
        original = m.__exit__

        def exit_after_2_joules(*exc):
            counter.write_text("7000000\n")
            return original(*exc)

        m.__exit__ = exit_after_2_joules
        return _Forward(m)

    monkeypatch.setattr(loadgen, "_meter_factory", lambda: fake_meter)
    r = bench.run_benchmark("mlp", "single-stream", **FAST)
    assert r.energy["available"] and r.energy["energy_j"] == pytest.approx(2.0)
    assert r.energy["energy_per_sample_j"] == pytest.approx(2.0 / r.samples)
    assert r.energy["power_w"] == pytest.approx(2.0 / r.energy["elapsed_s"])


class _Forward:
    """A context manager calling the wrapped meter's (patched) __enter__/__exit__."""

    def __init__(self, meter):
        self.meter = meter

    def __enter__(self):
        self.meter.__enter__()
        return self.meter

    def __exit__(self, *exc):
        return self.meter.__exit__(*exc)


def test_run_is_recorded_in_the_store(tmp_path):
    from ironlaw.measure.store import get_run

    r = bench.run_benchmark("mlp", "single-stream", min_duration_s=0.05, min_queries=5)
    run = get_run(r.run_id)
    assert run.kind == "bench" and run.n_rows == r.queries
    assert run.summary["latency_p50_s"] == pytest.approx(r.latency_p50_s)


def test_profile_ops_lists_aten_ops():
    p = bench.profile_ops("mlp", batch=2, passes=3, warmup=1)
    names = {o.op for o in p.ops}
    assert "aten::addmm" in names  # nn.Linear with bias on 2-D input
    addmm = next(o for o in p.ops if o.op == "aten::addmm")
    assert addmm.calls == 3  # the MLP's three Linear layers, per pass
    assert all(o.op.startswith("aten::") and o.self_cpu_s >= 0 for o in p.ops)
    assert [o.self_cpu_s for o in p.ops] == sorted((o.self_cpu_s for o in p.ops), reverse=True)
    json.dumps(p.to_dict())


# --- the ID-to-torch mapping -----------------------------------------------------------------

@pytest.mark.parametrize("model", sorted(targets.TARGETS))
def test_torch_module_and_graph_have_equal_parameter_counts(model):
    torch_params, graph_params = targets.parameter_counts(model)
    assert torch_params == graph_params > 0


# Independent figures: published counts, or written out by hand.
PUBLISHED = {
    "resnet50": 25_557_032,  # torchvision resnet50 (ResNet-50 v1.5), its model card
    "vgg16": 138_357_544,  # torchvision vgg16, its model card
    "gpt2": 124_439_808,  # Hugging Face gpt2, num_parameters()
    "bert-base": 109_482_240,  # Hugging Face bert-base-uncased, num_parameters()
    # 784·128+128 + 128·64+64 + 64·10+10
    "mlp": 100_480 + 8_256 + 650,
    # conv 10·4·1·64+64, 9 BatchNorms × 2·64, 4 depthwise 3·3·64+64, 4 pointwise 64·64+64,
    # linear 64·12+12
    "ds-cnn": 2_624 + 9 * 128 + 4 * 640 + 4 * 4_160 + 780,
    # small DLRM: 8 tables × 100k × 64; bottom 13-256-128-64; F = 9 vectors, 36 pairs,
    # top (64 + 36)-256-128-1
    "dlrm": 8 * 100_000 * 64 + (13 * 256 + 256) + (256 * 128 + 128) + (128 * 64 + 64)
            + (100 * 256 + 256) + (256 * 128 + 128) + (128 * 1 + 1),
}


@pytest.mark.parametrize("model", sorted(PUBLISHED))
def test_parameter_counts_match_independent_figures(model):
    assert targets.parameter_counts(model)[0] == PUBLISHED[model]


def test_dlrm_runs_the_small_config_on_both_sides():
    graph = targets.graph_for("dlrm", batch=2)
    assert graph.meta["config"] == "small" and graph.workload.batch == 2
    assert "small" in targets.TARGETS["dlrm"].note


def test_gpt2_decode_attends_to_context_tokens():
    r = bench.run_benchmark("gpt2", "single-stream", phase="decode", context=16,
                            min_duration_s=0.01, min_queries=2, record=False)
    assert (r.phase, r.seq, r.context) == ("decode", 1, 16)
    graph = targets.graph_for("gpt2", phase="decode", context=16)
    assert r.flops_per_query == graph.flops


# --- statistics against hand calculations -----------------------------------------------------

def test_nearest_rank():
    assert percentiles.nearest_rank(100, 0.99) == 99  # ⌈99.0⌉
    assert percentiles.nearest_rank(64, 0.5) == 32
    assert percentiles.nearest_rank(64, 0.99) == 64  # ⌈63.36⌉
    assert percentiles.nearest_rank(1, 0.5) == 1


def test_median_interval_for_ten_samples():
    # B ~ Bin(10, 1/2): P(B ≤ 1) = 11/1024 = 0.0107 ≤ 0.025 < P(B ≤ 2) = 56/1024, so l = 2;
    # P(B ≤ 7) = 968/1024 < 0.975 ≤ P(B ≤ 8) = 1013/1024, so u = 9 (coverage 1 − 22/1024).
    assert percentiles.order_statistic_ranks(10, 0.5, 0.95) == (2, 9)
    assert percentiles.percentile_ci(list(range(1, 11)), 0.5) == [2.0, 9.0]


def test_p99_needs_368_samples_for_an_upper_bound():
    # u ≤ n needs P(B ≤ n − 1) = 1 − 0.99ⁿ ≥ 0.975, i.e. n ≥ ln 0.025 / ln 0.99 = 367.04
    assert percentiles.order_statistic_ranks(367, 0.99, 0.95)[1] is None
    assert percentiles.order_statistic_ranks(368, 0.99, 0.95)[1] == 368
    assert percentiles.order_statistic_ranks(64, 0.99, 0.95)[1] is None


def test_bootstrap_of_constant_batch_times_is_the_point():
    # 5 batches of 4 samples, 0.5 s each, 0.5 s of harness gaps: X = 20 / 3 s
    low, high = percentiles.bootstrap_throughput_ci([0.5] * 5, 4, gap_s=0.5)
    assert low == pytest.approx(20 / 3) and high == pytest.approx(20 / 3)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 60), st.floats(0.01, 0.99))
def test_binomial_cdf_matches_the_exact_sum(n, q):
    cdf = percentiles.binomial_cdf(n, q)
    exact = [sum(math.comb(n, i) * q**i * (1 - q) ** (n - i) for i in range(k + 1))
             for k in range(n + 1)]
    assert cdf == pytest.approx(exact, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1e-6, 10.0), min_size=1, max_size=400),
       st.sampled_from([0.5, 0.9, 0.99]))
def test_interval_contains_the_point_estimate(values, q):
    x = sorted(values)
    low, high = percentiles.percentile_ci(x, q)
    point = percentiles.percentile(x, q)
    assert low is None or low <= point
    assert high is None or point <= high


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, flag", [
    ({"model": "no-such-model"}, "unknown model"),
    ({"model": "llama-3-8b"}, "^model: llama-3-8b has no runnable PyTorch"),
    ({"model": "mlp", "scenario": "multi-stream"}, "^scenario: expected one of"),
    ({"model": "mlp", "batch": 0}, "^batch: expected a whole number"),
    ({"model": "mlp", "threads": 0}, "^threads: expected a whole number"),
    ({"model": "mlp", "min_duration_s": 0.0}, "^min_duration_s: expected a time"),
    ({"model": "mlp", "latency_bound_s": -1.0}, "^latency_bound_s: expected a time"),
    ({"model": "mlp", "device": "tpu"}, "^device: expected one of"),
    ({"model": "mlp", "precision": "int3"}, "^precision: expected one of"),
    ({"model": "resnet50", "seq": 128}, "^seq: does not apply"),
    ({"model": "gpt2", "seq": 2048}, "^seq: gpt2 has 1024 learned positions"),
    ({"model": "gpt2", "phase": "decode", "context": 5000}, "^context: gpt2 has 1024 learned"),
    ({"model": "bert-base", "phase": "decode"}, "^phase: bert-base supports encoder"),
])
def test_bad_input_is_a_user_error(kwargs, flag):
    with pytest.raises(UserError, match=flag):
        bench.run_benchmark(**{**FAST, **kwargs})


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_a_gpu_is_a_user_error():
    with pytest.raises(UserError, match="^device: cuda"):
        bench.run_benchmark("mlp", device="cuda", **FAST)


# --- the command -------------------------------------------------------------------------------

def invoke(*args):
    """Run ``bench ARGS`` on a throwaway app, turning UserError into exit 2 like cli.main.run."""
    import typer
    from typer.testing import CliRunner

    from ironlaw.cli import bench as command

    app = typer.Typer()
    command.register(app)
    app.command("noop")(lambda: None)  # a second command, so `bench` stays a subcommand
    result = CliRunner().invoke(app, ["bench", *args])
    if isinstance(result.exception, UserError):
        return 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_cli_json_and_table():
    code, out = invoke("mlp", "--min-duration", "50 ms", "--min-queries", "5", "--no-record",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == "single-stream" and data["latency_p99_s"] >= data["latency_p50_s"]
    code, out = invoke("mlp", "--scenario", "offline", "--batch", "2", "--min-duration",
                       "50 ms", "--min-queries", "4", "--no-record")
    assert code == 0 and "throughput" in out
    code, out = invoke("mlp", "--min-duration", "50 ms", "--min-queries", "5", "--no-record",
                       "--explain")
    assert code == 0 and "p_q = x_(⌈q·n⌉)" in out


@pytest.mark.parametrize("args", [("mlp", "--scenario", "burst"),
                                  ("mlp", "--min-duration", "fast"),
                                  ("mlp", "--latency-bound", "10 GB"),
                                  ("nonexistent-model",)])
def test_cli_bad_input_exits_2(args):
    code, _ = invoke(*args, "--no-record")
    assert code == 2


def test_cli_through_the_real_entry_point(cli):
    code, _, err = cli("bench", "mlp", "--scenario", "burst")
    assert code == 2 and err.startswith("error: --scenario: expected one of")
    code, _, err = cli("bench", "mlp", "--threads", "0")  # the parameter's own option
    assert code == 2 and err.startswith("error: --threads: expected a whole number")
    code, _, err = cli("bench", "mlp", "--min-duration", "0 s")  # min_duration_s: an alias
    assert code == 2 and err.startswith("error: --min-duration: expected a time")
