"""The textbook's napkin calculations as laws (issue 11): each value below is worked by hand in
the comment beside it, or quoted from the source named there."""

import json

import numpy as np
import pytest

from ironlaw.derive import derive
from ironlaw.errors import ParameterError
from ironlaw.laws.memory import kv_cache_bytes, model_state_bytes
from ironlaw.laws.queueing import mm1_wait

# --- transfer time shows its point ------------------------------------------------------------

def test_transfer_time_shows_the_microseconds_that_the_bandwidth_adds():
    # 1 kB over 10 Gb/s = 1000 B / 1.25e9 B/s = 0.8 µs; plus 10 ms latency = 10.0008 ms
    d = derive("transfer-time", data="1 kB", bandwidth="10 Gb/s", latency="10 ms")
    text = d.text()
    assert "10.0008 ms" in text and "800 ns" in text
    assert d.to_dict()["result"]["time_s"] == pytest.approx(0.0100008)


# --- queueing prints wait and response -------------------------------------------------------

def test_mm1_prints_the_wait_and_the_response():
    # λ = 80/s, μ = 100/s: ρ = 0.8, W = ρ/(μ − λ) = 0.8/20 = 40 ms, T = W + 1/μ = 50 ms
    d = derive("mm1", arrival_rate="80 /s", service_rate="100 /s")
    result = d.to_dict()["result"]
    assert result["wait_s"] == pytest.approx(0.040) and result["response_s"] == pytest.approx(0.05)
    assert ("W = 0.8 / (100 requests/s − 80 requests/s) = 0.8 / 20 requests/s = 40 ms"
            in d.text())  # a rate names what flows
    assert "T = 40 ms + 10 ms = 50 ms" in d.text()
    assert mm1_wait(np.array([50.0, 80.0, 100.0]), 100.0).tolist() == pytest.approx(
        [0.01, 0.04, np.inf])  # 0.5/50 = 10 ms; unstable at ρ = 1


def test_mmc_and_md1_steps_add_times_not_rates():
    # M/D/1, λ = 80/s, μ = 100/s: W = ρ/(2μ(1 − ρ)) = 0.8/(2·100·0.2) = 20 ms; T = 20 + 10 ms
    assert "T = 20 ms + 10 ms = 30 ms" in derive("md1", arrival_rate="80 /s",
                                                  service_rate="100 /s").text()
    # M/M/2, λ = 80/s, μ = 100/s: a = 0.8, C(2, 0.8) = 2·0.8²/(2!·(2 − 0.8)·(1 + 0.8) + 2·0.8²)
    #   wait: C = 0.64/(1.2·1.8 + 0.64)·... written out: P0 = 1/(1 + 0.8 + 0.64/(2·0.6)) = 0.4286
    #   C = 0.64/(2·0.6)·P0 = 0.5333·0.4286 = 0.2286; W = 0.2286/(200 − 80) = 1.905 ms
    d = derive("mmc", arrival_rate="80 /s", service_rate="100 /s", servers=2)
    assert d.to_dict()["result"]["wait_s"] == pytest.approx(0.2286 / 120, rel=1e-3)
    assert "+ 10 ms = 11.9 ms" in d.text()


# --- roofline from FLOPs and bytes -----------------------------------------------------------

def test_roofline_takes_flops_and_bytes():
    # O = 2 GFLOP, D = 4 MB: I = 500 FLOP/B, above the H100's ridge 989/3.35 = 295 FLOP/B
    d = derive("roofline", peak="989 TFLOP/s", bandwidth="3.35 TB/s", flops="2 GFLOP",
               bytes="4 MB")
    values = d.to_dict()["values"]
    assert values["i_flop_per_byte"] == pytest.approx(500.0)
    assert values["bound"] == "compute-bound"
    assert values["time_s"] == pytest.approx(2e9 / 989e12)
    # the intensity's own step first: I = O/D = 1e9 FLOP / 1e7 B = 100 FLOP/B, then P
    lines = [line.strip() for line in derive("roofline", peak="989 TFLOP/s",
                                             bandwidth="3.35 TB/s", flops="1 GFLOP",
                                             bytes="10 MB").text().splitlines()]
    step = lines.index("I = O/D = 1 GFLOP / 10 MB = 100 FLOP/B")
    assert lines[step + 1] == "P = min(989 TFLOP/s, 100 FLOP/B × 3.35 TB/s)"
    # 100 FLOP/B × 3.35 TB/s = 335 TFLOP/s; T = 1e9 / 335e12 = 2.99 µs
    assert "T = O/P = 1 GFLOP / 335 TFLOP/s = 2.99 µs" in lines
    with pytest.raises(ParameterError, match="^bytes: "):
        derive("roofline", peak="1 PFLOP/s", bandwidth="1 TB/s", flops="1 GFLOP")
    with pytest.raises(ParameterError, match="^intensity: .*not both"):
        derive("roofline", peak="1 PFLOP/s", bandwidth="1 TB/s", flops=1e9, bytes=1e6,
               intensity=3)


# --- KV cache ----------------------------------------------------------------------------------

def test_kv_cache_llama2_7b_mha():
    # Llama-2-7B (Touvron et al. 2023): 32 layers, 32 heads of 128, MHA, fp16:
    # 2 × 32 × 32 × 128 × 2 B = 524,288 B per token; × 4096 tokens = 2,147,483,648 B = 2 GiB
    d = derive("kv-cache", layers=32, kv_heads=32, head_dim=128, tokens=4096, precision="fp16")
    result = d.to_dict()["result"]
    assert result["per_token_bytes"] == 524_288
    assert result["total_bytes"] == 2_147_483_648


def test_kv_cache_latex_sets_its_words_as_text():
    # 2 × 32 × 32 × 128 × 2 B = 524,288 B per token: "per token" and the B are words, not math
    tex = derive("kv-cache", layers=32, kv_heads=32, head_dim=128, tokens=4096).latex()
    assert "\\text{2} \\text{ B} = \\text{524 kB} \\text{ per token}" in tex
    assert "} per token" not in tex and "} B" not in tex


def test_kv_cache_gqa_and_mqa_against_mha():
    # Llama-2-70B: 80 layers, 64 query heads, 8 KV heads of 128 (GQA), fp16:
    # 2 × 80 × 8 × 128 × 2 B = 327,680 B per token; MHA would keep 64/8 = 8× more
    d = derive("kv-cache", layers=80, kv_heads=8, head_dim=128, tokens=1, heads=64)
    result = d.to_dict()["result"]
    assert result["total_bytes"] == 327_680 and result["saving"] == 8.0
    assert result["mha_bytes"] == 8 * 327_680 and result["kind"].startswith("GQA")
    mqa = derive("kv-cache", layers=80, kv_heads=1, head_dim=128, tokens=1, heads=64)
    assert mqa.to_dict()["result"]["kind"].startswith("MQA")
    # int4 K and V: half a byte each, 2 × 80 × 8 × 128 × 0.5 B = 81,920 B per token
    int4 = derive("kv-cache", layers=80, kv_heads=8, head_dim=128, tokens=1, precision="int4")
    assert int4.to_dict()["result"]["total_bytes"] == 81_920
    with pytest.raises(ParameterError, match="^kv_heads: "):
        derive("kv-cache", layers=80, kv_heads=6, head_dim=128, tokens=1, heads=64)


def test_kv_cache_of_latent_attention_deepseek_v3():
    """DeepSeek-V3 (arXiv:2412.19437, §4.2: 61 layers, d_c = 512, d_R = 64, 128 heads of
    d_h = 128) caches 512 + 64 = 576 elements per token and layer — 4.5·d_h, DeepSeek-V2's
    Table 1 figure: in bf16 61 × 576 × 2 B = 70,272 B per token, × 4096 tokens =
    287,834,112 B. MHA with 128 heads of 128 keeps 2 × 61 × 128 × 128 × 2 B = 3,997,696 B per
    token: 2·128·128/576 = 56.89× more."""
    d = derive("kv-cache-mla", layers=61, kv_rank=512, rope_dim=64, precision="bf16",
               tokens=4096, heads=128, head_dim=128)
    result = d.to_dict()["result"]
    assert result["per_token_bytes"] == 70_272
    assert result["total_bytes"] == 287_834_112
    assert result["mha_bytes"] == 3_997_696 * 4096
    assert result["saving"] == pytest.approx(2 * 128 * 128 / 576)
    with pytest.raises(ParameterError, match="^head_dim: "):
        derive("kv-cache-mla", layers=61, kv_rank=512, rope_dim=64, tokens=1, heads=128)


def test_the_latent_kv_law_is_the_one_deepseek_v3_serves_with():
    """The calc and the model's KV plan read one law: DeepSeek-V3's graph holds 70,272 B of
    bf16 latent per token (61 layers × 576 × 2 B)."""
    from ironlaw.models.zoo import build_model

    graph = build_model("deepseek-v3", phase="decode", batch=1, seq=1, context=4096,
                        dtype="bf16")
    assert graph.workload.kv_cache_bytes == 70_272 * 4096


def test_kv_cache_law_broadcasts_and_is_the_one_the_models_use():
    from ironlaw.models.transformer import kv_cache_bytes as model_kv
    from ironlaw.models.transformer import parse_config
    from ironlaw.models.zoo import config_of, get_model

    tokens = np.array([1.0, 1024.0])
    assert kv_cache_bytes(32, 32, 128, tokens, 1, 2).tolist() == [524_288, 524_288 * 1024]
    llama = parse_config(config_of(get_model("llama-2-7b")))
    assert model_kv(llama, 1, 4096, "fp16") == 2_147_483_648


# --- model states ------------------------------------------------------------------------------

def test_model_states_adam_mixed_precision_16_bytes_per_parameter():
    # ZeRO §3.1: 2 + 2 + 4 + 8 = 16 B per parameter; 7.5 B parameters -> 120 GB
    d = derive("model-states", params="7.5e9")
    assert d.to_dict()["result"]["total_bytes"] == pytest.approx(120e9)
    assert model_state_bytes(np.array([1.0, 2.0]), 2, 2, 4, 8).tolist() == [16.0, 32.0]
    assert json.loads(json.dumps(d.to_dict()))["result"]["per_param_bytes"] == 16.0


# --- pipelines and Amdahl from stage times ----------------------------------------------------

def test_pipeline_stage_made_ten_times_faster():
    # 100 + 60 + 40 ms = 200 ms; the 60 ms stage 10× faster: 100 + 6 + 40 = 146 ms,
    # S = 200/146 = 1.370 = Amdahl with p = 60/200 = 0.3: 1/(0.7 + 0.03) = 1.3699
    d = derive("pipeline", stages="100 + 60 + 40 ms", stage=2, s=10)
    values = d.to_dict()["values"]
    assert values["total_s"] == pytest.approx(0.2) and values["new_s"] == pytest.approx(0.146)
    assert values["speedup"] == pytest.approx(200 / 146)
    assert values["amdahl"] == pytest.approx(1 / (0.7 + 0.03))
    # throughput is set by the slowest stage, 100 ms: 10 items/s before and after
    assert values["throughput_per_s"] == pytest.approx(10.0)
    assert values["new_throughput_per_s"] == pytest.approx(10.0)
    assert "146 ms" in d.text() and d.to_dict()["inputs"]["stages_s"] == pytest.approx(
        [0.1, 0.06, 0.04])


def test_pipeline_defaults_to_the_slowest_stage_and_takes_comma_lists():
    # 1 s, 250 ms: the 1 s stage 4× faster -> 250 + 250 ms = 500 ms, throughput 1/s -> 4/s
    d = derive("pipeline", stages="1 s, 250 ms", s=4)
    values = d.to_dict()["values"]
    assert values["new_s"] == pytest.approx(0.5)
    assert values["new_throughput_per_s"] == pytest.approx(4.0)
    with pytest.raises(ParameterError, match="^stage: "):
        derive("pipeline", stages="1 s, 250 ms", stage=3, s=2)


# --- capacity sizing ---------------------------------------------------------------------------

def test_capacity_from_a_mean_latency_slo():
    # μ = 50/s (20 ms per request), SLO 100 ms on the mean: T = 1/(μ − λ_d) ≤ 0.1 s
    #   -> λ_d ≤ 40/s -> ρ_safe = 40/50 = 0.8 = 1 − 1/(50 × 0.1)
    # 1000 QPS: required 1000/0.8 = 1250/s of service -> 1250/50 = 25 devices; headroom
    # 1 − 1000/(25 × 50) = 0.2
    d = derive("capacity", arrival_rate="1000 QPS", service_rate="50 /s", slo="100 ms")
    values = d.to_dict()["values"]
    assert values["rho_safe"] == pytest.approx(0.8)
    assert values["required_per_s"] == pytest.approx(1250.0)
    assert values["devices"] == 25 and values["headroom"] == pytest.approx(0.2)
    assert values["response_s"] == pytest.approx(0.1)  # 1/(50 − 40)
    assert values["pooled_s"] < values["response_s"]  # one shared queue waits less


def test_capacity_at_a_percentile_and_when_impossible():
    # p99: k = −ln(0.01) = 4.605; ρ_safe = 1 − 4.605/(50 × 0.1) = 0.0790
    d = derive("capacity", arrival_rate="100 /s", service_rate="50 /s", slo="100 ms", q=0.99)
    values = d.to_dict()["values"]
    assert values["rho_safe"] == pytest.approx(1 - 4.60517 / 5, rel=1e-5)
    assert values["devices"] == 26  # ⌈100/(0.0790 × 50)⌉ = ⌈25.3⌉
    # 200 ms of service cannot meet a 100 ms SLO on any number of devices
    slow = derive("capacity", arrival_rate="100 /s", service_rate="5 /s", slo="100 ms")
    assert slow.to_dict()["values"]["verdict"].startswith("SLO impossible")
    assert slow.to_dict()["values"]["devices"] is None  # infinite: JSON null


# --- energy with your own constants ------------------------------------------------------------

def test_energy_per_access_with_the_books_45nm_figures():
    # Horowitz 2014 / Han et al. 2015: a 32-bit DRAM access 640 pJ, an fp32 multiply 3.7 pJ:
    # one access costs 640/3.7 = 173 multiplies; per byte 640/4 = 160 pJ
    d = derive("energy", flops="1 GFLOP", data="4 GB", op_energy="3.7 pJ/FLOP",
               access_energy="640 pJ", access_bits=32)
    values = d.to_dict()["values"]
    assert values["e_byte_j_per_byte"] == pytest.approx(160e-12)
    assert values["access_ratio"] == pytest.approx(640 / 3.7)
    assert values["total_j"] == pytest.approx(1e9 * 3.7e-12 + 4e9 * 160e-12)  # 0.6437 J
    assert "643.7 mJ" in d.text()
    with pytest.raises(ParameterError, match="^access_energy: "):
        derive("energy", flops=1, data=1, byte_energy="1 pJ/B", access_energy="1 pJ")


def test_energy_takes_an_energy_per_operation_and_shows_the_per_byte_step(cli):
    # The book's 45 nm figures as plain energies: 3.7 pJ per fp32 multiply (J per operation),
    # 640 pJ per 32-bit DRAM access: e_B = 640 pJ × 8 / 32 = 160 pJ/B;
    # E = 1e9 × 3.7 pJ + 1e9 B × 160 pJ/B = 3.7 mJ + 160 mJ = 163.7 mJ
    d = derive("energy", flops=1e9, data="1 GB", op_energy="3.7 pJ", access_energy="640 pJ",
               access_bits=32)
    values = d.to_dict()["values"]
    assert values["e_op_j_per_flop"] == pytest.approx(3.7e-12)
    assert values["e_byte_j_per_byte"] == pytest.approx(160e-12)
    assert values["compute_j"] == pytest.approx(3.7e-3)
    assert values["movement_j"] == pytest.approx(0.160)
    assert values["total_j"] == pytest.approx(0.1637)
    lines = [line.strip() for line in d.text().splitlines()]
    step = lines.index("e_B = e_acc·8/N = 640 pJ·8/32 = 160 pJ/B")
    assert lines[step + 1] == "E = 1 GFLOP × 3.7 pJ/FLOP + 1 GB × 160 pJ/B"
    assert "e_{\\mathrm{acc}}" in d.latex()
    code, out, _ = cli("calc", "energy", "--flops", "1e9", "--data", "1 GB", "--op-energy",
                       "3.7 pJ")
    assert code == 0 and "1 GFLOP × 3.7 pJ/FLOP" in out
    assert "e_acc" not in out  # no per-access step without a per-access energy
    with pytest.raises(ParameterError, match="^op_energy: .*energy per operation.*or an energy"):
        derive("energy", flops=1, data=1, op_energy="3 W")


def test_energy_takes_an_energy_per_mac_as_half_per_flop(cli):
    # The book's fp32 MAC (45 nm): 3.7 pJ multiply + 0.9 pJ add = 4.6 pJ per MAC; a MAC is
    # 2 FLOP, so e_op = 4.6 / 2 = 2.3 pJ/FLOP and 1e9 FLOP (5e8 MACs) cost
    # 1e9 × 2.3e-12 J = 2.3 mJ, not the 4.6 mJ a bare '4.6 pJ' (per FLOP) would give.
    values = derive("energy", flops=1e9, data="0 B", op_energy="4.6 pJ/MAC").to_dict()["values"]
    assert values["e_op_j_per_flop"] == pytest.approx(2.3e-12)
    assert values["compute_j"] == pytest.approx(2.3e-3)
    code, out, _ = cli("calc", "energy", "--flops", "1e9", "--data", "0 B", "--op-energy",
                       "4.6 pJ/MAC")
    assert code == 0 and "1 GFLOP × 2.3 pJ/FLOP" in out
    assert "'/MAC'" in out and "per operation, one FLOP" in out  # the note says both


def test_energy_ratio_of_energies_as_well_as_named_events():
    # 640 pJ / 3.7 pJ = 172.97: one 32-bit DRAM access costs 173 fp32 multiplies
    d = derive("energy-ratio", a="640 pJ", b="3.7 pJ")
    assert d.to_dict()["result"]["ratio"] == pytest.approx(640 / 3.7)
    assert "ratio = 640 pJ / 3.7 pJ" in d.text() and "= 173" in d.text()
    # a name and an energy mixed: 640 pJ / fp32-mult's 3.7 pJ, the same 173
    mixed = derive("energy-ratio", a="640 pJ", b="fp32-mult").to_dict()["result"]
    assert mixed["ratio"] == pytest.approx(640 / 3.7) and mixed["e_b_j"] == pytest.approx(3.7e-12)
    with pytest.raises(ParameterError, match="^a: expected one of .*or an energy"):
        derive("energy-ratio", a="640 pJ/B", b="fp32-mult")


@pytest.mark.parametrize(("a", "b", "ratio"), [
    ("dram-32bit", "fp32-mult", 640 / 3.7),  # ≈ 173
    ("fp32-mult", "int8-mult", 3.7 / 0.2),  # 18.5
    ("fp32-mult", "fp16-mult", 3.7 / 1.1),  # 3.4
    ("dram-32bit", "sram-32bit", 640 / 5),  # 128
])
def test_energy_ratios_of_the_45nm_table(a, b, ratio):
    assert derive("energy-ratio", a=a, b=b).to_dict()["result"]["ratio"] == pytest.approx(ratio)


def test_operation_energies_are_derived_from_the_event_table():
    from ironlaw.laws.energy_table import energy_per_op

    # fp32 multiply-add: (3.7 + 0.9) pJ / 2 FLOP = 2.3 pJ/FLOP; int8 (0.2 + 0.03)/2 = 0.115
    assert energy_per_op("fp32") == pytest.approx(2.3e-12)
    assert energy_per_op("int8") == pytest.approx(0.115e-12)


def test_macs_beside_flops():
    # GPT-3: 6 × 175e9 × 300e9 = 3.15e23 FLOP (Brown et al. 2020, Table D.1: 3.14e23), which
    # is 1.575e23 multiply-accumulates (2 FLOP each)
    d = derive("training-flops", parameters=175e9, tokens=300e9)
    assert d.to_dict()["result"]["macs"] == pytest.approx(1.575e23)
    assert "MACs" in d.text()
    assert derive("inference-flops", parameters=7e9).to_dict()["result"]["macs"] == 7e9


def test_batch_window_poisson_counts_by_hand():
    from ironlaw.training.calcs import calc

    d = calc("batch-window", window="10 ms", arrival_rate="200 /s")
    # λT = 200 × 0.010 = 2; P(0) = e^-2 = 0.135335; P(1) = 2 e^-2 = 0.270671; wait T/2 = 5 ms
    assert float(d.values["mean_batch"]) == pytest.approx(2.0)
    assert float(d.values["p_empty"]) == pytest.approx(0.135335, rel=1e-5)
    assert float(d.values["p_one"]) == pytest.approx(0.270671, rel=1e-5)
    assert float(d.values["mean_wait"]) == pytest.approx(0.005)


def test_capacity_plan_by_hand():
    from ironlaw.training.calcs import calc

    d = calc("capacity-plan", arrival_rate="900 /s", rho="0.6", device_rate="400 /s",
             headroom="1.5")
    # 900/0.6 = 1500 /s; 1500/400 = 3.75 → 4 devices; ⌈1.5 × 4⌉ = 6; 900/(6 × 400) = 0.375
    assert float(d.values["required"]) == pytest.approx(1500.0)
    assert (float(d.values["minimum"]), float(d.values["devices"])) == (4.0, 6.0)
    assert float(d.values["utilization"]) == pytest.approx(0.375)


def test_cost_per_items_broadcasts():
    import numpy as np

    from ironlaw.laws.cost import cost_per_items

    # $3.60/h = $0.001/s; at 100 and 1000 items/s a million items cost $10 and $1
    cost = cost_per_items(3.6 / 3600, np.array([100.0, 1000.0]), 1e6)
    assert cost == pytest.approx([10.0, 1.0])


def test_littles_law_rate_and_its_inverse_agree():
    from ironlaw.laws.queueing import littles_law, littles_rate

    assert littles_rate(32, 0.025) == pytest.approx(1280.0)  # 32 images every 25 ms
    assert littles_law(littles_rate(32, 0.025), 0.025) == pytest.approx(32.0)
