"""Sweeps (ironlaw.explore): every point equals the scalar solvers, infeasible points are marked,
the closed form agrees with the graph where its assumptions hold, and the CLI works."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("xarray")

from ironlaw.errors import UserError  # noqa: E402
from ironlaw.explore import sweep  # noqa: E402
from ironlaw.hardware.catalog import builtin  # noqa: E402

CATALOG = builtin()
GRID = dict(model=["llama-3-8b", "resnet50", "bert-base", "gpt2"],
            phase=["decode", "auto", "prefill"], device=["h100", "a100-40gb", "v100"],
            precision=["bf16", "fp16"], mode=["fused", "eager"], batch=[1, 7, 64],
            seq=[128, 1500], context=[256, 4096], count=[1, 3], region="fr",
            price={"h100": "$4.50/h"})


@pytest.fixture(scope="module")
def grid():
    return sweep(**GRID)


def _scalar(model, phase, precision, device_id, mode, batch, seq, context):
    from ironlaw.frameworks.cost import analyze
    from ironlaw.models.zoo import build_model, get_model

    spec = get_model(model)
    built = spec.phases[0] if phase == "auto" else phase
    sizes = {"batch": batch}
    if spec.family == "transformer":
        sizes.update({"context": context} if built == "decode" else {"seq": seq})
    device = CATALOG.device(device_id)
    graph = build_model(model, phase=built, dtype=precision, **sizes)
    return analyze(graph, device, CATALOG.efficiency_of(device), mode)


def test_every_sampled_point_equals_the_scalar_solvers(grid):
    from ironlaw.operations import carbon, energy_of, run_cost
    from ironlaw.operations.tables import LIFETIME

    rng = np.random.default_rng(7)
    checked = 0
    while checked < 60:
        point = {d: grid[d].values[rng.integers(grid.sizes[d])] for d in grid.dims}
        row = grid.sel(point)
        if row.infeasible_reason.item() not in ("",) and not row.infeasible_reason.item() \
                .startswith("does not fit"):
            continue
        count = int(point["count"])
        a = _scalar(str(point["model"]), str(point["phase"]), str(point["precision"]),
                    str(point["device"]), str(point["mode"]), int(point["batch"]),
                    int(point["seq"]), int(point["context"]))
        assert row.latency_s.item() == pytest.approx(a.latency_s, rel=1e-12)
        assert row.memory_bytes.item() == pytest.approx(a.memory_bytes, rel=1e-12)
        assert row.fits.item() == a.fits
        assert row.bottleneck.item() == a.bottleneck
        assert row.mfu.item() == pytest.approx(a.mfu, rel=1e-12)
        assert row.throughput_per_s.item() == pytest.approx(count * a.throughput_per_s,
                                                            rel=1e-12)
        if a.tokens_per_s is not None:
            assert row.tokens_per_s.item() == pytest.approx(count * a.tokens_per_s, rel=1e-12)
        else:
            assert math.isnan(row.tokens_per_s.item())
        energy = count * energy_of(a, "board").board_j
        assert row.energy_j.item() == pytest.approx(energy, rel=1e-12)
        device = CATALOG.device(str(point["device"]))
        if device.id == "h100-sxm":  # $4.50 per device-hour = 4.5 / 3600 USD/s
            cost = run_cost(a.latency_s, count, price=4.5 / 3600).cost_usd
        elif device.id == "a100-40gb":  # priced by the DGX A100 node / 8
            cost = run_cost(a.latency_s, count, node="dgx-a100", energy_j=energy).cost_usd
        else:
            cost = math.nan
        assert row.cost_usd.item() == pytest.approx(cost, rel=1e-12, nan_ok=True)
        embodied = device.embodied_carbon.value * count if device.embodied_carbon else 0.0
        expected = carbon(energy, "fr", embodied_kg=embodied, use_s=a.latency_s,
                          lifetime_s=LIFETIME.value).carbon_kg
        assert row.carbon_kg.item() == pytest.approx(expected, rel=1e-12)
        checked += 1


def test_infeasible_points_are_kept_and_say_why(grid):
    reasons = grid.infeasible_reason
    assert grid.latency_s.size == 4 * 3 * 3 * 2 * 2 * 3 * 2 * 2 * 2  # nothing dropped
    assert reasons.sel(model="resnet50", phase="decode").str.startswith(
        "resnet50 has no decode phase").all()
    v100 = {"device": "v100", "precision": "bf16", "model": "llama-3-8b"}
    assert (reasons.sel(v100) == "precision bf16 not supported by v100 (it supports fp64, "
            "fp32, fp16)").all()
    assert np.isnan(grid.latency_s.sel(v100)).all()
    # GPT-2 has 1024 learned positions: a 1500-token prompt cannot be encoded
    assert reasons.sel(model="gpt2", phase="prefill", seq=1500, device="h100-sxm").str.contains(
        "1024 learned positions").all()
    assert (grid.feasible == (reasons == "")).all()


def test_a_model_that_does_not_fit_says_how_much_it_needs():
    # Llama 3 70B: 2·128256·8192 (embeddings, untied head) + 80 layers × (2·8192² + 2·8192·1024
    # + 3·8192·28672 + 2·8192) + 8192 = 70,553,714,688 parameters × 2 B = 141.1 GB (+ 42 MB of
    # KV cache at context 128): more than the 85.9 GB of an A100 80GB (81920 MiB, i.e. 80 GiB, as
    # nvidia-smi reports it)
    ds = sweep(model="llama-3-70b", device="a100-80gb", phase="decode", context=128)
    assert ds.infeasible_reason.item() == "does not fit: needs 141 GB of 85.9 GB"
    assert not ds.feasible.item() and math.isfinite(ds.latency_s.item())


def test_count_is_data_parallel_replicas():
    ds = sweep(model="resnet50", device="h100", batch=32, count=[1, 2, 8])
    latency = ds.latency_s.squeeze()
    assert np.allclose(latency, latency[0], rtol=0, atol=0)
    assert np.allclose(ds.throughput_per_s.squeeze() / ds["count"], 32 / latency[0], rtol=1e-12)
    assert np.allclose(ds.memory_bytes.squeeze(), ds.memory_bytes.squeeze()[0], rtol=0)
    assert np.allclose(ds.power_w.squeeze() / ds["count"], ds.power_w.squeeze()[0], rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(batch=st.integers(1, 512), context=st.integers(1, 32768), count=st.integers(2, 8))
def test_energy_and_cost_per_token_do_not_depend_on_the_replica_count(batch, context, count):
    ds = sweep(model="llama-3-8b", device="h100", phase="decode", batch=batch,
               context=context, count=[1, count], price="$3/h", method="closed-form")
    per_token = ds.energy_per_token_j.squeeze().values
    cost = ds.cost_per_million_tokens_usd.squeeze().values
    assert per_token[0] == pytest.approx(per_token[-1], rel=1e-12)
    assert cost[0] == pytest.approx(cost[-1], rel=1e-12)
    # cloud: $3/h for T seconds per step of B tokens: 1e6 · 3 · T/3600 / B
    t = ds.latency_s.squeeze().values[0]
    assert cost[0] == pytest.approx(1e6 * 3.0 * t / 3600 / batch, rel=1e-12)


def test_the_closed_form_terms_are_the_napkin_iron_law():
    # Llama 3 8B decode, batch 1, context 1 on an H100: D = 2 B × 8,030,261,248 parameters
    # + KV 2·32 layers·8 heads·128·1 token·2 B; O = 2 FLOP × matmul weights per token
    # (8,030,261,248 − 128256·4096 embedding − 65·4096 norm weights = 7,504,658,432)
    ds = sweep(model="llama-3-8b", device="h100", phase="decode", context=1,
               method="closed-form").squeeze()
    device = CATALOG.device("h100")
    e = CATALOG.efficiency_of(device)
    data = 2 * 8_030_261_248 + 2 * 32 * 8 * 128 * 2
    flops = 2 * 7_504_658_432
    assert ds.memory_bytes.item() == data
    assert ds.memory_bound_s.item() == pytest.approx(
        data / (3.35e12 * e.memory_fraction.value), rel=1e-12)
    assert ds.compute_bound_s.item() == pytest.approx(
        flops / (device.peak["bf16"].dense.value * e.gemm_peak_fraction.value), rel=1e-12)
    assert ds.latency_s.item() == pytest.approx(
        max(ds.memory_bound_s.item(), ds.compute_bound_s.item()) + ds.overhead_s.item())
    assert ds.bottleneck.item() == "memory"


def test_the_closed_form_agrees_with_the_graph_where_its_assumptions_hold():
    # decode at small batch is weight streaming: the napkin and the per-op model within 10%
    kw = dict(model=["llama-3-8b", "mistral-7b"], device=["h100", "a100-80gb", "l40s"],
              phase="decode", batch=[1, 4], context=[512, 2048])
    graph, napkin = sweep(**kw), sweep(method="closed-form", **kw)
    ratio = (napkin.latency_s / graph.latency_s).values
    assert np.all(np.abs(ratio - 1) < 0.10), ratio


def test_the_serving_sweep_equals_serve_llm_point_by_point():
    from ironlaw.serving import serve_llm

    ds = sweep(model=["llama-3-8b", "mistral-7b"], device=["h100", "l4"], method="serving",
               batch=[1, 16, 128], prompt=[512, 2048], output=[64, 256], rate=[2, 50],
               slo_ttft=["50 ms", "500 ms", "3 s"])
    rng = np.random.default_rng(3)
    for _ in range(12):
        p = {d: ds[d].values[rng.integers(ds.sizes[d])] for d in ds.dims}
        row = ds.sel(p)
        p |= {c: ds[c].item() for c in ds.coords if ds[c].ndim == 0}  # the one precision
        r = serve_llm(str(p["model"]), str(p["device"]), precision=str(p["precision"]),
                      prompt=int(p["prompt"]), output=int(p["output"]), batch=int(p["batch"]),
                      arrival_rate=float(p["rate"]), slo_ttft=float(p["slo_ttft"]))
        assert row.ttft_s.item() == pytest.approx(r.ttft_s, rel=1e-12)
        assert row.tpot_s.item() == pytest.approx(r.tpot_s, rel=1e-12)
        # the schedule the engine runs at batch B (chunked where the budget sustains it)
        assert row.ttft_running_s.item() == pytest.approx(r.running.ttft_s, rel=1e-12)
        assert row.tpot_mean_s.item() == pytest.approx(r.running.tpot_mean_s, rel=1e-12)
        assert row.requests_per_s.item() == pytest.approx(r.requests_per_s, rel=1e-12)
        assert row.fits.item() == (r.verdict != "does not fit")
        if not row.fits.item():  # no queue is sized for what cannot run
            assert math.isnan(row.replicas.item())
        elif r.replicas is None:
            assert math.isnan(row.replicas.item())
            assert row.infeasible_reason.item().startswith(("SLO impossible", "does not fit"))
        else:
            assert row.replicas.item() == r.replicas
            assert row.p99_ttft_s.item() == pytest.approx(r.tail_s, rel=1e-12)
            assert row.p99_latency_s.item() == pytest.approx(r.latency_tail_s, rel=1e-12)


def test_a_serving_sweep_splits_replicas_by_tensor_parallelism_as_serve_does():
    from ironlaw.serving import serve_llm

    ds = sweep(model="llama-3-8b", device=["h100", "l4"], method="serving", tp=[1, 2, 3],
               batch=[8, 64], prompt=1024, output=128, rate=20, slo_ttft="1 s")
    for device in ("h100", "l4"):
        point = ds.sel(device=ds.device.values[
            [d.startswith(device) for d in ds.device.values]][0], tp=2, batch=64).squeeze()
        r = serve_llm("llama-3-8b", device, devices=2, prompt=1024, output=128, batch=64,
                      arrival_rate=20.0, slo_ttft=1.0)
        assert point.ttft_s.item() == pytest.approx(r.ttft_s, rel=1e-12)
        assert point.tpot_s.item() == pytest.approx(r.tpot_s, rel=1e-12)
        assert point.fits.item() == (r.verdict != "does not fit")
        if r.replicas is None:
            assert math.isnan(point.replicas.item())
        else:
            assert point.replicas.item() == r.replicas
            assert point.p99_ttft_s.item() == pytest.approx(r.tail_s, rel=1e-12)
    # two devices share the weights: a shorter prefill than one device's, and 3 does not
    # divide Llama-3-8B's 32 query and 8 key/value heads
    one, two = (ds.sel(device=ds.device.values[0], tp=t, batch=8).squeeze() for t in (1, 2))
    assert two.ttft_s.item() < one.ttft_s.item()
    three = ds.sel(tp=3).infeasible_reason.values.ravel()
    assert all("must divide" in x for x in three)


def test_serving_chunks_need_not_align_with_the_slo_dimension():
    kw = dict(model="llama-3-8b", device=["h100", "l4"], method="serving", batch=[1, 16],
              prompt=[512, 2048], rate=[2, 40], slo_ttft=["50 ms", "300 ms", "2 s"])
    whole, ragged = sweep(**kw), sweep(chunk=7, **kw)  # 7: chunks cut through SLO groups
    assert whole.replicas.equals(ragged.replicas)
    np.testing.assert_allclose(whole.p99_ttft_s, ragged.p99_ttft_s, rtol=1e-12)
    assert (whole.infeasible_reason == ragged.infeasible_reason).all()


def test_vectorized_replicas_match_the_scalar_capacity_planner():
    from ironlaw.serving.capacity import replicas_for
    from ironlaw.serving.capacity import replicas_for as scalar

    rng = np.random.default_rng(11)
    n = 300
    rate, service = rng.uniform(0.5, 200, n), rng.uniform(0.01, 3, n)
    slots, fixed = rng.choice([1, 4, 32], n).astype(float), rng.uniform(0, 0.3, n)
    slo = fixed + rng.choice([1e-4, 1e-2, 0.1, 1.0], n)  # tight budgets reach the bisection
    found, _ = replicas_for(rate, service, slots, 0.99, fixed, slo)
    expected = [scalar(float(a), float(b), int(c), 0.99, float(d), float(e))[0]
                for a, b, c, d, e in zip(rate, service, slots, fixed, slo, strict=True)]
    np.testing.assert_array_equal(found, expected)


@pytest.mark.parametrize(("kwargs", "flag"), [
    ({"model": "llama-3-9b"}, "unknown model"),
    ({"device": "h1000"}, "unknown device"),
    ({"batch": "0,8"}, "^batch:"),
    ({"batch": "1..64x1"}, "^batch:"),
    ({"precision": "fp7"}, "^precision:"),
    ({"rate": 10}, "^rate: does not apply to the graph method"),
    ({"method": "spreadsheet"}, "^method: expected one of"),
    ({"price": "4 kg"}, "^price:"),
    ({"price": "4"}, "^price: .*a price needs its currency"),
    ({"region": "atlantis"}, "region"),
])
def test_bad_input_is_a_user_error_naming_the_field(kwargs, flag):
    args = {"model": "resnet50", "device": "h100", **kwargs}
    with pytest.raises(UserError, match=flag):
        sweep(**args)


def test_ranges_expand_geometrically_and_linearly():
    from ironlaw.ranges import expand, whole

    assert expand("1..256x2", "batch", whole("batch")) == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    assert expand("128..512:128,1024", "seq", whole("seq")) == [128, 256, 384, 512, 1024]


# --- the command -----------------------------------------------------------------------------
def _invoke(*args):
    import typer
    from typer.testing import CliRunner

    from ironlaw.cli.sweep import register

    app = typer.Typer()
    register(app)
    app.command("other")(lambda: None)  # two commands: `sweep` stays a subcommand
    return CliRunner().invoke(app, ["sweep", *args])


def test_cli_ranks_filters_and_writes_every_format(tmp_path):
    import duckdb

    base = ["--model", "llama-3-8b", "--device", "h100,l40s", "--phase", "decode",
            "--batch", "1..64x4", "--context", "2048", "--price-per-hour", "$4/h"]
    table = _invoke(*base, "--where", "fits", "--objective", "cost_per_million_tokens_usd",
                    "--explain")
    assert table.exit_code == 0, table.output
    assert "$/M tokens" in table.output and "Best configuration" in table.output
    result = _invoke(*base, "--where", "tpot_s <= '10 ms'", "--format", "json")
    data = json.loads(result.output)
    assert data["configurations"] == 2 * 4  # devices × batches 1, 4, 16, 64
    assert all(r["tpot_s"] <= 0.010 for r in data["rows"])
    assert 0 < data["matching"] == len(data["rows"]) < data["feasible"] == 8
    csv = _invoke(*base, "--format", "csv").output.splitlines()
    assert csv[0].startswith("model,phase,precision,device") and len(csv) == 1 + 8
    out = tmp_path / "rows.parquet"
    assert _invoke(*base, "--format", "parquet", "--out", str(out)).exit_code == 0
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()[0] == 8


def test_cli_reads_a_spec_and_plots_the_front(tmp_path):
    spec = tmp_path / "sweep.yaml"
    spec.write_text("model: [llama-3-8b, mistral-7b]\ndevice: [h100, a100-80gb]\n"
                    "phase: decode\nbatch: 1..128x2\ncontext: [2048, 8192]\n"
                    "price: {h100: $4/h, a100-80gb: $2.50/h}\n"
                    "pareto: cost_per_million_tokens_usd,tpot_s\n", encoding="utf-8")
    png = tmp_path / "front.png"
    result = _invoke("--spec", str(spec), "--plot", str(png), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # the written file is named on stderr beside JSON
    assert f"wrote {png}" in result.stderr
    assert data["pareto"] == ["min:cost_per_million_tokens_usd", "min:tpot_s"]
    costs = [r["cost_per_million_tokens_usd"] for r in data["rows"]]
    tpots = [r["tpot_s"] for r in data["rows"]]
    assert costs == sorted(costs) and tpots == sorted(tpots, reverse=True)  # a front
    assert png.stat().st_size > 1000


@pytest.mark.parametrize("args", [
    ["--where", "latency_s <="],
    ["--where", "__import__('os').system('true')"],
    ["--where", "latncy_s < 1"],
    ["--objective", "speed"],
    ["--format", "parquet"],
    ["--plot", "x.png"],
])
def test_cli_user_errors_are_user_errors(args):
    result = _invoke("--model", "resnet50", "--device", "h100", *args)
    assert isinstance(result.exception, UserError), result.output


def test_cli_ctrl_c_keeps_completed_chunks_and_exits_130(tmp_path, monkeypatch):
    import ironlaw.explore.run as run

    evaluate, calls = run.evaluate_chunk, []

    def interrupted_on_the_third(space, index):
        calls.append(index)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return evaluate(space, index)

    monkeypatch.setattr(run, "evaluate_chunk", interrupted_on_the_third)
    folder = tmp_path / "run"
    args = ["--model", "resnet50", "--device", "h100", "--batch", "1..8", "--chunk", "2",
            "--resume", str(folder)]
    result = _invoke(*args)
    assert result.exit_code == 130
    assert len(list(folder.glob("part-*.parquet"))) == 2
    monkeypatch.setattr(run, "evaluate_chunk", evaluate)
    resumed = _invoke(*args, "--format", "json")
    assert resumed.exit_code == 0 and json.loads(resumed.output)["chosen"] == 8


@pytest.mark.parametrize("args, flag", [
    (["--rate", "10"], "--rate: does not apply to the graph method"),  # make_space's rate
    (["--where", "latency_s <="], "--where: 'latency_s <=': not a valid expression"),
    (["--pareto", "latency_s,energy_j,memory_bytes,throughput_per_s"],
     "--pareto: give 1 to 3 metrics"),  # pareto()'s metrics: the alias table
    (["--method", "spreadsheet"], "--method: expected one of"),
])
def test_the_command_names_its_flags(cli, args, flag):
    code, out, err = cli("sweep", "--model", "resnet50", "--device", "h100", *args)
    assert code == 2 and err.startswith(f"error: {flag}"), err


# --- damaged resume parts (issue 13): each refused with exit 2, named for deletion -------------
SMALL = ["sweep", "--model", "resnet50", "--device", "h100", "--batch", "1..8", "--chunk", "2"]


def _rewrite(part, select):
    import duckdb

    con = duckdb.connect()
    copy = part.with_name("copy.parquet")
    source = select.format(f=f"read_parquet('{part}')")
    con.execute(f"COPY ({source}) TO '{copy}' (FORMAT parquet)")
    con.close()
    copy.replace(part)


def _from_another_sweep(part, tmp_path, cli):
    other = tmp_path / "other"
    assert cli(*SMALL[:-4], "--batch", "16..128", "--chunk", "2", "--resume", str(other))[0] == 0
    for suffix in ("parquet", "json"):
        (other / f"part-000000.{suffix}").replace(part.with_suffix(f".{suffix}"))


DAMAGE = {
    "missing column": lambda p, *_: _rewrite(p, "SELECT * EXCLUDE (latency_s) FROM {f}"),
    "extra rows": lambda p, *_: _rewrite(p, "SELECT * FROM {f} UNION ALL SELECT * FROM {f}"),
    "fewer rows": lambda p, *_: _rewrite(p, "SELECT * FROM {f} LIMIT 1"),
    "wrong dtype": lambda p, *_: _rewrite(
        p, "SELECT * REPLACE (CAST(latency_s AS VARCHAR) AS latency_s) FROM {f}"),
    "corrupt bytes": lambda p, *_: p.write_bytes(p.read_bytes()[:40] + b"\xff" * 64
                                                 + p.read_bytes()[104:]),
    "empty file": lambda p, *_: p.write_bytes(b""),
    "not parquet": lambda p, *_: p.write_text("latency_s\n0\n"),
    "another sweep": _from_another_sweep,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_resume_part_is_refused_and_named(damage, tmp_path, cli):
    folder = tmp_path / "run"
    assert cli(*SMALL, "--resume", str(folder))[0] == 0
    part = folder / "part-000000.parquet"
    DAMAGE[damage](part, tmp_path, cli)
    code, out, err = cli(*SMALL, "--resume", str(folder))
    assert code == 2, (out, err)
    assert str(part) in err and "delete it" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_resume_at_a_file_is_refused(tmp_path, cli):
    not_a_folder = tmp_path / "run.parquet"
    not_a_folder.write_text("x")
    code, _, err = cli(*SMALL, "--resume", str(not_a_folder))
    assert code == 2 and str(not_a_folder) in err and "not a folder" in err


def test_a_sweep_squeezes_dimensions_of_one_value_and_keeps_sizes_whole():
    ds = sweep(model="llama-3-8b", device="h100", phase="decode", batch=[1, 8, 64], context=2048)
    assert list(ds.dims) == ["batch"]  # model, device, precision ... are scalar coordinates
    assert ds.model.item() == "llama-3-8b" and ds.context.item() == 2048
    assert ds.batch.dtype.kind == "i" and ds.batch.values.tolist() == [1, 8, 64]
    full = sweep(model="llama-3-8b", device="h100", phase="decode", batch=[1, 8, 64],
                 context=2048, squeeze=False)
    assert full.sizes["model"] == 1 and full.sizes["batch"] == 3
    assert full.latency_s.squeeze().values.tolist() == ds.latency_s.values.tolist()
