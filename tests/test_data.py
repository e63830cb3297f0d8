"""Input pipelines and data gravity: hand calculations, invariants, verdicts and the CLI."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.data.gravity import gravity
from ironlaw.data.pipeline import demand_from, pipeline, stall_fraction, supply_rate
from ironlaw.data.tables import DATASETS, DECODE_RATES
from ironlaw.errors import ParameterError
from ironlaw.laws.speedup import amdahl_limit

# --- pipeline: hand calculations ---------------------------------------------------------------


def test_decode_bound_pipeline_stalls_and_names_the_binding_stage():
    # by hand: storage 2 GB/s / 100 kB = 20,000/s; decode 16 cores × 500/s = 8,000/s;
    # supply = 8,000/s against 12,000/s demanded -> stall 1 − 8/12 = 1/3;
    # cores needed ⌈12,000/500⌉ = 24; Amdahl limit 1/(1 − 1/3) = 1.5 = 12,000/8,000
    p = pipeline(12_000, bytes_per_sample=100e3, storage_bandwidth=2e9, cores=16,
                 decode_rate_per_core=500)
    assert p.stage_rates_per_s == {"storage": pytest.approx(20_000), "decode": 8_000}
    assert p.supply_per_s == 8_000 and p.binding == "decode" and not p.feeds
    assert p.stall_fraction == pytest.approx(1 / 3)
    assert p.cores_needed == 24 and p.max_speedup == pytest.approx(1.5)
    # doubling decode gives 16,000/s, but only 12,000/s is wanted: 12,000/8,000 = 1.5×
    assert p.speedup_if_binding_doubled == pytest.approx(1.5)
    assert p.verdict.startswith("STALLS") and "decode" in p.verdict
    assert p.storage_bandwidth_needed_bytes_per_s == pytest.approx(12_000 * 100e3)
    assert any("24 cores" in fix for fix in p.fixes)
    assert p.delivered_per_s == 8_000


def test_storage_and_network_bound_pipelines():
    # storage 500 MB/s / 110 kB = 4,545/s < decode 32 × 577 = 18,464/s
    p = pipeline(10_000, bytes_per_sample=110e3, storage_bandwidth=500e6, cores=32,
                 decode_rate_per_core=577)
    assert p.binding == "storage" and p.supply_per_s == pytest.approx(500e6 / 110e3)
    assert p.stall_fraction == pytest.approx(1 - (500e6 / 110e3) / 10_000)
    assert any(f.startswith("storage: 1.1 GB/s needed") for f in p.fixes)
    # a 10 Gb/s link delivers 1.25e9 / 4,096 = 305,176 token sequences per second
    p = pipeline(400_000, bytes_per_sample=4096, storage_bandwidth=7e9, cores=1,
                 decode_rate_per_core=None, network_bandwidth=1.25e9)
    assert p.binding == "network" and p.supply_per_s == pytest.approx(1.25e9 / 4096)
    assert "decode" not in p.stage_rates_per_s and p.cores_needed is None


def test_a_pipeline_that_keeps_up_reports_headroom():
    p = pipeline(1_000, bytes_per_sample=110e3, storage_bandwidth=2e9, cores=8,
                 decode_rate_per_core=577)
    # 8 × 577 = 4,616/s against 1,000/s: 4.616× headroom, no stall
    assert p.feeds and p.stall_fraction == 0 and p.max_speedup == 1
    assert "4.62× headroom" in p.verdict and p.fixes == ()
    text = p.explain().text()
    assert "S = min(stage rates)" in text and "f = max(0, 1 − S/D)" in text


@pytest.mark.parametrize("kwargs", [
    {"cores": 0}, {"cores": 2.5}, {"storage_bandwidth": -1}, {"bytes_per_sample": 0},
    {"decode_rate_per_core": float("nan")},
])
def test_impossible_pipeline_inputs_name_the_parameter(kwargs):
    args = dict(bytes_per_sample=1e5, storage_bandwidth=1e9, cores=4, decode_rate_per_core=500)
    args.update(kwargs)
    (name,) = kwargs
    with pytest.raises(ParameterError, match=f"^{name}:") as caught:
        pipeline(1000, **args)
    assert caught.value.parameter == name
    with pytest.raises(ParameterError, match="^samples_per_s_demand:"):
        pipeline(-5, bytes_per_sample=1e5, storage_bandwidth=1e9, cores=4,
                 decode_rate_per_core=500)


@pytest.mark.parametrize("args, flag", [
    (("--cores", "0"), "--cores"), (("--storage", "-1 GB/s"), "--storage"),
    (("--decode-rate", "0 /s"), "--decode-rate"), (("--network", "0 Gbps"), "--network"),
])
def test_cli_pipeline_errors_name_the_flag(cli, args, flag):
    base = {"--demand": "1000 /s", "--storage": "1 GB/s", "--cores": "4",
            "--bytes-per-sample": "100 kB", "--decode-rate": "500 /s"}
    base[args[0]] = args[1]
    code, _, err = cli("pipeline", *[x for kv in base.items() for x in kv])
    assert code == 2 and err.startswith(f"error: {flag}:"), err


def test_decode_rate_table_matches_the_published_benchmark():
    # Iglovikov & Kosarevsky 2026, single thread, Intel Xeon Platinum 8581C, ImageNet val:
    # Pillow 577 img/s, simplejpeg 735 img/s
    assert DECODE_RATES["jpeg-pillow"].value == 577
    assert DECODE_RATES["jpeg-simplejpeg"].value == 735
    # 150 GB over 1,281,167 + 50,000 images
    assert DATASETS["imagenet"].bytes_per_sample.value == pytest.approx(150e9 / 1_331_167)
    for figure in (*DECODE_RATES.values(), DATASETS["imagenet"].bytes_per_sample):
        assert figure.source.title and figure.source.kind
        assert str(figure.source.checked) == "2026-11-28"


def test_demand_from_a_training_step_is_batch_over_step_time():
    from ironlaw.frameworks.autodiff import training_step
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import builtin
    from ironlaw.models.zoo import build_model

    demand, note = demand_from("resnet50", "a100", batch=64, train=True, accelerators=8)
    cat = builtin()
    dev = cat.device("a100")
    step = analyze(training_step(build_model("resnet50", batch=64)), dev,
                   cat.efficiency_of(dev)).latency_s
    assert demand == pytest.approx(8 * 64 / step) and "training step" in note


# --- invariants ----------------------------------------------------------------------------------

positive = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=80, deadline=None)
@given(positive, positive, st.integers(1, 512), st.integers(0, 512), positive, positive)
def test_more_cores_never_lower_supply(b, bw, cores, extra, rate, net):
    assert supply_rate(b, bw, cores + extra, rate, net) >= supply_rate(b, bw, cores, rate, net)


@settings(max_examples=80, deadline=None)
@given(positive, positive, st.integers(1, 256), positive, positive)
def test_supply_is_the_slowest_stage_and_stall_is_a_fraction(demand, b, cores, rate, bw):
    supply = supply_rate(b, bw, cores, rate)
    assert supply <= bw / b * (1 + 1e-12) and supply <= cores * rate * (1 + 1e-12)
    f = stall_fraction(supply, demand)
    assert 0 <= f <= 1  # 1 only when rounding swallows a supply far below the demand
    p = pipeline(demand, bytes_per_sample=b, storage_bandwidth=bw, cores=cores,
                 decode_rate_per_core=rate)
    assert p.feeds == (p.stall_fraction == 0)
    if f < 0.999:  # Amdahl's limit 1/(1 − f) is the pipeline's D/S
        assert p.max_speedup == pytest.approx(float(amdahl_limit(f)), rel=1e-6)


def test_supply_broadcasts_over_arrays():
    cores = np.array([1, 2, 4, 8, 16])
    s = supply_rate(100e3, 2e9, cores, 577.0)
    assert s.shape == (5,) and np.all(np.diff(s) >= 0)
    assert s[-1] == pytest.approx(min(2e9 / 100e3, 16 * 577))


# --- gravity -------------------------------------------------------------------------------------


def test_send_time_egress_and_energy_by_hand():
    # 100 TB over 10 Gb/s (1.25 GB/s) with 100 ms latency: 0.1 + 1e14/1.25e9 = 80,000.1 s;
    # crossover L·BW = 0.1 × 1.25e9 = 125 MB; egress 1e14 B × $0.09/GB = $9,000;
    # energy 1e14 B × 360 pJ/B (2 × 9 W / 50 GB/s, both transceivers) = 36 kJ
    g = gravity(100e12, bandwidth=1.25e9, latency=0.1, egress_per_byte=0.09e-9)
    send = g.option("send")
    assert send.time_s == pytest.approx(80_000.1)
    assert g.crossover_bytes == pytest.approx(125e6) and not g.latency_bound
    assert send.cost_usd == pytest.approx(9_000)
    assert send.energy_j == pytest.approx(1e14 * 2 * 9.0 / 50e9)
    assert g.fastest == "send" and g.cheapest == "send"


def test_shipping_wins_on_a_slow_link():
    # 1 PB: send at 1 Gb/s (125 MB/s) = 8e6 s ≈ 92.6 days; ship = 2 days + 2 × 1e15/2e9
    # = 172,800 + 1,000,000 s ≈ 13.6 days
    g = gravity(1e15, bandwidth=125e6, transit_time=2 * 86400, copy_bandwidth=2e9)
    assert g.option("send").time_s == pytest.approx(8e6)
    assert g.option("ship").time_s == pytest.approx(1_172_800)
    assert g.fastest == "ship" and g.decision.startswith("ship")
    # on 100 Gb/s the same petabyte is sent in 8e5 s, faster than the truck
    assert gravity(1e15, bandwidth=12.5e9, transit_time=2 * 86400,
                   copy_bandwidth=2e9).fastest == "send"


def test_moving_the_compute_beats_moving_a_large_dataset():
    g = gravity(1e15, bandwidth=1.25e9, latency=0.05, egress_per_byte=0.09e-9,
                compute_bytes=16e9)
    move = g.option("move-compute")
    assert move.time_s == pytest.approx(0.05 + 16e9 / 1.25e9)  # 12.85 s
    assert move.cost_usd == pytest.approx(16e9 * 0.09e-9)  # $1.44
    assert g.fastest == "move-compute" and g.cheapest == "move-compute"
    assert "L·BW" in g.explain().text()


def test_latency_bound_transfers_and_bad_inputs():
    assert gravity(1e6, bandwidth=1.25e9, latency=0.07).latency_bound  # 1 MB < 87.5 MB
    with pytest.raises(ParameterError, match="^bandwidth:"):
        gravity(1e12, bandwidth=0)
    with pytest.raises(ParameterError, match="^transit_time: needs a copy bandwidth"):
        gravity(1e12, bandwidth=1e9, transit_time=86400)




# --- CLI -----------------------------------------------------------------------------------------


def test_cli_pipeline_stall_verdict_and_json(cli):
    code, out, _ = cli("pipeline", "--dataset", "imagenet", "--demand", "12000 /s",
                       "--storage", "2 GB/s", "--cores", "16")
    assert code == 0 and "STALLS" in out and "CPU decode" in out
    code, out, _ = cli("pipeline", "--demand", "12000 /s", "--storage", "2 GB/s", "--cores",
                       "16", "--bytes-per-sample", "100 kB", "--decode-rate", "500 /s",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["binding"] == "decode" and data["cores_needed"] == 24
    assert data["stall_fraction"] == pytest.approx(1 / 3)


def test_cli_pipeline_explain_and_formats(cli):
    args = ("pipeline", "--dataset", "tokens-2k", "--demand", "1000 /s", "--storage",
            "1 GB/s", "--cores", "4")
    code, out, _ = cli(*args, "--explain")
    assert code == 0 and "R_s = BW_storage / b" in out and "feeds" in out
    for fmt in ("markdown", "csv"):
        code, out, _ = cli(*args, "--format", fmt)
        assert code == 0 and out.strip()


def test_cli_pipeline_and_gravity_user_errors_exit_2(cli):
    code, _, err = cli("pipeline", "--dataset", "imagenett", "--demand", "1 /s", "--storage",
                       "1 GB/s", "--cores", "4")
    assert code == 2 and "--dataset" in err and "imagenet" in err
    code, _, err = cli("pipeline", "--dataset", "imagenet", "--demand", "12 GB",
                       "--storage", "1 GB/s", "--cores", "4")
    assert code == 2 and "--demand" in err
    code, _, err = cli("gravity", "1 PB", "--bandwidth", "fast")
    assert code == 2 and "--bandwidth" in err


def test_cli_gravity(cli):
    code, out, _ = cli("gravity", "1 PB", "--bandwidth", "1 Gbps", "--transit", "2 days",
                       "--copy-bandwidth", "2 GB/s", "--egress", "$0.09/GB", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["fastest"] == "ship"
    assert data["options"]["send"]["cost_usd"] == pytest.approx(90_000)
    code, out, _ = cli("gravity", "10 TB", "--bandwidth", "10 Gbps", "--egress",
                       "aws-ap-southeast-2")
    assert code == 0 and "$1,140" in out
