"""Serving: KV cache, TTFT/TPOT from the graph, batching schedules, queueing and capacity.

Expected values are hand calculations written out here, datasheet figures (H100 SXM: 989.4
TFLOP/s dense bf16, 3.35 TB/s HBM3, NVLink 900 GB/s both directions = 450 GB/s per direction),
the published Llama 2 config (80 layers, 8 KV heads, head dim 8192/64 = 128), and a published
Erlang C table.
"""

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ironlaw.errors import UserError
from ironlaw.laws.queueing import erlang_c
from ironlaw.serving import (
    ServingResult,
    batching,
    capacity,
    decode_time,
    kv,
    kv_bytes_per_sequence,
    phases,
    prefill_time,
    serve_llm,
    serve_model,
)
from ironlaw.serving.kv import KvLayout
from ironlaw.serving.target import resolve

SLOW = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- KV cache ----------------------------------------------------------------------------------


def test_kv_cache_llama2_70b_4096_tokens_fp16():
    # 2 (K and V) · 80 layers · 8 KV heads · 128 head dim · 4096 tokens · 2 B = 1,342,177,280 B
    arch = phases.arch_of("llama-2-70b")
    assert kv_bytes_per_sequence(arch, 4096, "fp16") == 2 * 80 * 8 * 128 * 4096 * 2
    assert kv_bytes_per_sequence(arch, 4096, "fp16") == 1_342_177_280  # 1.34 GB


def test_kv_cache_mha_gqa_mqa_per_token():
    # Llama-2-7B is MHA: 2 · 32 layers · 32 heads · 128 · 2 B = 524,288 B per token (0.5 MiB)
    mha = phases.arch_of("llama-2-7b")
    assert kv_bytes_per_sequence(mha, 1, "bf16", block=None) == 2 * 32 * 32 * 128 * 2
    # Llama-3-8B is GQA with 8 KV heads: 2 · 32 · 8 · 128 · 2 B = 131,072 B per token
    gqa = phases.arch_of("llama-3-8b")
    assert kv_bytes_per_sequence(gqa, 1, "bf16", block=None) == 131_072
    # the same model as MQA (one KV head): 2 · 32 · 1 · 128 · 2 B = 16,384 B per token
    mqa = dataclasses.replace(gqa, kv_heads=1)
    assert kv_bytes_per_sequence(mqa, 1, "bf16", block=None) == 16_384


def test_paged_kv_rounds_up_to_blocks_of_16_tokens():
    arch = phases.arch_of("llama-2-70b")
    per_token = 2 * 80 * 8 * 128 * 2
    assert kv.paged_tokens(4097, 16) == 4112  # 257 blocks
    assert kv_bytes_per_sequence(arch, 4097, "fp16") == per_token * 4112
    assert kv_bytes_per_sequence(arch, 4097, "fp16", block=None) == per_token * 4097


def test_kv_heads_split_over_tensor_parallel_devices():
    gqa = phases.arch_of("llama-2-70b")  # 8 KV heads
    assert kv.device_share(gqa, 8) == 1 / 8
    assert kv.device_share(gqa, 3) == 3 / 8  # ⌈8/3⌉ = 3 heads on the busiest device
    assert kv.device_share(dataclasses.replace(gqa, kv_heads=1), 8) == 1.0  # MQA: replicated
    np.testing.assert_allclose(kv.device_share(gqa, np.array([1, 2, 3, 8])),
                               [1.0, 4 / 8, 3 / 8, 1 / 8])  # tp as an array


def test_sequences_that_fit_hand_calculation():
    # 80 GB · 0.9 − 16.06 GB of weights = 55.94 GB; a 640-token sequence of Llama-3-8B holds
    # 131,072 B · 640 = 83,886,080 B; ⌊55.94e9 / 83,886,080⌋ = ⌊666.86⌋ = 666
    plan = kv.plan(phases.arch_of("llama-3-8b"), 640, "bf16", capacity=80e9,
                   weights=16.06e9, activations=0.0, tp=1, utilization=0.9, block=16)
    assert plan.kv_budget_bytes == pytest.approx(72e9 - 16.06e9)
    assert plan.kv_per_sequence_bytes == 83_886_080
    assert plan.max_sequences == 666
    assert plan.reserve_bytes == pytest.approx(8e9)


# --- TTFT, TPOT and tensor parallelism ---------------------------------------------------------


def test_prefill_and_decode_respect_the_roofline_on_h100():
    # Llama-3-8B has 8.03e9 parameters. A 512-token prefill needs at least
    # 2 · 8.03e9 · 512 / 989.4e12 = 8.31 ms of bf16 compute; a batch-1 decode step must read
    # the 16.06 GB of weights at 3.35 TB/s, at least 4.79 ms.
    ttft = prefill_time("llama-3-8b", "h100", 512)
    tpot = decode_time("llama-3-8b", "h100", 576, 1)
    assert 2 * 8.03e9 * 512 / 989.4e12 < ttft < 3 * 2 * 8.03e9 * 512 / 989.4e12
    assert 16.06e9 / 3.35e12 < tpot < 2 * 16.06e9 / 3.35e12


def test_one_device_share_is_the_cost_model_latency():
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import builtin
    from ironlaw.models.zoo import build_model

    device = builtin().device("h100")
    graph = build_model("llama-3-8b", phase="decode", batch=4, context=1000)
    expected = analyze(graph, device, builtin().efficiency_of(device), "fused").latency_s
    assert decode_time("llama-3-8b", "h100", 1000, 4) == pytest.approx(expected, rel=1e-12)


def test_tensor_parallel_decode_pays_its_collectives():
    # Llama-2-70B on a DGX H100 with tp = 8, batch 1 (Megatron split). Each row-parallel
    # all-reduce carries the hidden state, 8192 · 2 B = 16,384 B over NVLink 4 (β = 18 links ×
    # 20.6 GB/s = 370.8 GB/s per direction in NCCL's topology model). NCCL's rings (tuning.cc;
    # tests/nccl_reference.py), 14 steps:
    #   LL 3.6 + 14 × 0.47 = 10.18 µs + 16,384 · 14/(β/4 · 8) = 0.309 µs → 10.489 µs (chosen;
    #   LL128 36.68 µs, Simple 56.08 µs, NVLS 25.05 µs: 14 steps' latency dominates 16 kB)
    from nccl_reference import nvlink_ring

    ring = nvlink_ring(16384, 8, 370.8e9)["best"]
    assert ring == pytest.approx(10.489e-6, rel=1e-4)
    # 2 per layer · 80 layers + 1 for the vocabulary-parallel embedding, plus an all-gather of
    # the 32,000 logits · 2 B = 64,000 B, 7 steps of LL at β/3: 6.89 + 0.453 µs = 7.343 µs
    gather = nvlink_ring(64000, 8, 370.8e9, all_reduce=False)["best"]
    assert gather == pytest.approx(7.343e-6, rel=1e-3)
    target = resolve("dgx-h100", 8, None)
    step = phases.decode("llama-2-70b", target, 1, 4096, "bf16")
    assert step.collectives == 2 * 80 + 1 + 1
    assert step.allreduce_bytes == 8192 * 2
    assert step.allreduce_s == pytest.approx(ring)
    assert step.collective_s == pytest.approx(161 * ring + gather)
    one = phases.decode("llama-2-70b", resolve("h100", 1, None), 1, 4096, "bf16")
    assert step.share_s < one.time_s / 4  # weights ÷ 8 dominate the saving
    assert step.share_s > one.time_s / 8  # launch overheads and norms are not divided


def test_serve_llm_headline_and_memory_on_a_node():
    r = serve_llm("llama-2-70b", "dgx-h100", devices=8, prompt=512, output=128, batch=32,
                  precision="fp16")
    assert isinstance(r, ServingResult)
    # Llama 2 70B has 68,976,648,192 parameters; its RMSNorm weights (2 per layer · 80 · 8192
    # + 8192 final = 1,318,912) are replicated, the rest split 8 ways: 17,246,470,144 B
    norms = 2 * 80 * 8192 + 8192
    assert r.memory["weights_per_device_bytes"] == pytest.approx(
        (68_976_648_192 - norms) * 2 / 8 + norms * 2)
    # 512 + 128 = 640 tokens, already whole blocks: 327,680 B · 640 = 209,715,200 B
    assert r.memory["kv_per_sequence_bytes"] == 2 * 80 * 8 * 128 * 2 * 640
    assert r.memory["kv_per_sequence_per_device_bytes"] == 2 * 80 * 8 * 128 * 2 * 640 / 8
    assert r.throughput == pytest.approx(32 / r.tpot_s)
    assert r.latency_s == pytest.approx(r.ttft_s + 127 * r.tpot_s)
    assert r.verdict == "fits" and r.feasible and r.meets_slo is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.batch = 2  # type: ignore[misc]


def test_seventy_billion_does_not_fit_one_h100_as_a_verdict():
    r = serve_llm("llama-2-70b", "h100", batch=1)
    assert r.verdict == "does not fit" and not r.feasible
    assert "weights" in r.reason and "use more devices" in r.reason
    assert r.memory["max_sequences"] == 0


def test_batch_beyond_kv_memory_does_not_fit():
    r = serve_llm("llama-3-8b", "h100", prompt=8000, output=192, batch=512)
    assert r.verdict == "does not fit"
    assert "KV cache" in r.reason
    assert f"holds {r.memory['max_sequences']} sequences" in r.reason


def test_most_sequences_is_the_largest_batch_that_fits_beside_its_own_activations():
    """A budget of 1000 units, activations 3 per sequence, KV 10 per sequence: b fits
    while b ≤ ⌊(1000 − 3b)/10⌋, i.e. 13b ≤ 1000: b* = 76 (g(76) = ⌊772/10⌋ = 77 ≥ 76,
    g(77) = ⌊769/10⌋ = 76 < 77), found from above, from below and exactly."""
    from ironlaw.serving.kv import most_sequences

    calls = []

    def g(b):
        calls.append(b)
        return (1000 - 3 * b) // 10

    for start in (99, 5, 76, 77, 1000):
        calls.clear()
        assert most_sequences(g, start) == 76, start
        assert len(calls) <= 12
    assert most_sequences(lambda b: 0, 40) == 0  # nothing fits even alone
    assert most_sequences(lambda b: 7, 0) == 0  # a plan with no budget is not searched


def test_sequences_that_fit_count_their_own_decode_activations():
    """Llama 3 8B bf16 on an H100, P 512, O 128, batch 32. Activations by hand: prefill's
    largest live op is the SwiGLU product, reading gate and up and writing their product,
    3·512·14336·2 B = 44,040,192 B; a decode step's is the LM head, reading b hidden states
    and writing b logits, b·2·(4096 + 128,256) B = b·264,704 B. The attention's K/V read is
    the cache, already in the KV term (it was counted twice: one layer's cache per sequence).
    The most sequences b* meet u·M − W − A(b*) ≥ b*·KV_seq, b* + 1 does not, and the
    sweep's row at b* fits (before, b* was planned beside batch 32's activations and its own
    row said it did not fit)."""
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32)
    mem, most = r.memory, r.memory["most_sequences"]
    # KV per token 2·32 layers·8 heads·128·2 B = 131,072 B; 640 paged tokens
    assert mem["kv_per_sequence_bytes"] == 2 * 32 * 8 * 128 * 2 * 640
    assert r.passes["prefill"].activation_bytes == 3 * 512 * 14336 * 2
    assert r.passes["decode"].activation_bytes == 32 * 2 * (4096 + 128_256)
    assert mem["activations_per_device_bytes"] == 3 * 512 * 14336 * 2  # > 32·264,704

    def budget(b):
        return mem["usable_bytes"] - mem["weights_per_device_bytes"] - max(
            3 * 512 * 14336 * 2, b * 2 * (4096 + 128_256))

    assert most * mem["kv_per_sequence_bytes"] <= budget(most)
    assert (most + 1) * mem["kv_per_sequence_bytes"] > budget(most + 1)
    assert mem["max_sequences"] == budget(32) // mem["kv_per_sequence_bytes"] > most
    row = next(row for row in r.sweep if row["batch"] == most)
    assert row["fits"]


def test_sweep_is_a_table_over_batch_sizes():
    r = serve_llm("llama-3-8b", "h100", batch=16)
    batches = [row["batch"] for row in r.sweep]
    assert batches[:5] == [1, 2, 4, 8, 16] and 16 in batches
    assert batches[-1] == r.memory["most_sequences"]  # the largest batch that fits
    assert r.sweep[-1]["fits"]
    for row in r.sweep:
        assert row["tokens_per_s"] == pytest.approx(row["batch"] / row["tpot_s"])
        assert row["tpot_mean_s"] >= row["tpot_s"]  # prefill interruptions only add
    tpots = [row["tpot_s"] for row in r.sweep]
    assert tpots == sorted(tpots)  # a bigger batch never makes a step faster


# --- schedules: prefill-first and chunked prefill ----------------------------------------------


def test_prefill_first_hand_calculation():
    # T_dec = 10 ms, T_pre = 50 ms, B = 8, O = 101: gap = 10 + 8·50/100 = 14 ms;
    # X = 8 / (100 · 10 ms + 8 · 50 ms) = 8 / 1.4 s = 5.714 /s; worst gap 10 + 50 = 60 ms
    s = batching.prefill_first(0.010, 0.050, 8, 101)
    assert s.tpot_mean_s == pytest.approx(0.014)
    assert s.requests_per_s == pytest.approx(8 / 1.4)
    assert s.tokens_per_s == pytest.approx(8 / 1.4 * 101)
    assert s.tpot_worst_s == pytest.approx(0.060)
    assert s.ttft_s == 0.050


def test_chunked_prefill_hand_calculation():
    # T_dec = 10 ms, T_mix = 30 ms, B = 8, P = 1000, O = 101, c = 500: n = 2 chunks,
    # f = 8·1000/(500·100) = 0.16, gap = 0.16·30 + 0.84·10 = 13.2 ms, TTFT = 2·30 = 60 ms,
    # X = 8/(100 · 13.2 ms) = 6.0606 /s
    s = batching.chunked(0.010, 0.030, 8, 1000, 101, 500)
    assert (s.chunks, s.mixed_share) == (2, pytest.approx(0.16))
    assert s.tpot_mean_s == pytest.approx(0.0132)
    assert s.ttft_s == pytest.approx(0.060)
    assert s.requests_per_s == pytest.approx(8 / (100 * 0.0132))
    assert s.sustainable
    # a budget the decodes fill leaves no room for prompts
    assert batching.iteration_tokens(2048, 2048, 512, 128) == 0
    # a slot frees as a sequence finishes: B·P/(O − 1) prompt tokens an iteration on average.
    # B 32, P 512, O 128: ⌈32·512/127⌉ = 130 < 512, so one whole prompt per mixed iteration
    assert batching.iteration_tokens(16384, 32, 512, 128) == 512
    # B 512: ⌈512·512/127⌉ = ⌈2064.1⌉ = 2065 tokens, about four prompts freed together
    assert batching.iteration_tokens(16384, 512, 512, 128) == 2065
    # P 4096 beyond the room K − B = 2048 − 64 = 1984: a chunk of 1984
    assert batching.iteration_tokens(2048, 64, 4096, 256) == 1984
    assert not batching.chunked(0.01, math.nan, 2048, 512, 128, 0).sustainable
    # chunk j of ⌈1000/400⌉ = 3 sees 400, 800, 1000 keys: mean 733
    assert batching.chunk_context(1000, 400) == 733


def test_chunked_schedule_in_serve_llm():
    r = serve_llm("llama-3-8b", "h100", prompt=4096, output=256, batch=64, token_budget=2048)
    first, chunked, _ = r.schedules
    assert chunked.chunk_tokens == 2048 - 64 and chunked.chunks == math.ceil(4096 / 1984)
    assert r.tpot_s <= chunked.tpot_mean_s <= chunked.tpot_worst_s
    assert chunked.tpot_worst_s < first.tpot_worst_s  # chunks bound the stall a prefill causes
    # B 32, P 512, O 128: one prompt per mixed iteration (a slot frees 129 tokens' worth an
    # iteration), so the first token comes after one mixed pass of 32 + 512 rows — not a pass
    # of 32 packed prompts (16,352 tokens: 310 ms) as when every iteration filled the budget
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32)
    chunked = r.schedules[1]
    assert chunked.chunk_tokens == 512 and chunked.chunks == 1
    assert chunked.ttft_s == r.passes["mixed"].time_s == chunked.tpot_worst_s
    assert r.passes["mixed"].tokens == 32 + 512
    assert chunked.ttft_s < r.ttft_s + r.tpot_s  # one pass reads the weights once, not twice


# --- queueing and capacity ---------------------------------------------------------------------


@pytest.mark.parametrize("agents, erlangs, p_wait", [(8, 3.87, 0.05), (10, 4.08, 0.01)])
def test_erlang_c_against_a_published_table(agents, erlangs, p_wait):
    # "Table C" (Erlang C table; worked TETRA example: 8 channels at P_Q = 5% carry 3.87 E;
    # 10 channels at 1% carry 4.08 E), https://www.scribd.com/document/831962299/TABLE-C.
    # The table lists traffic to 2 decimals, so the probability agrees to that rounding.
    assert erlang_c(agents, erlangs) == pytest.approx(p_wait, rel=0.01)


def test_mm1_wait_percentile_and_replicas_hand_calculation():
    # One server (M/M/1, exponential service: C_s² = 1): λ = 50 /s, S = 10 ms (μ = 100 /s),
    # ρ = 0.5 = P_wait. W_99 = ln(0.5/0.01)/(100 − 50) = ln(50)/50 = 78.24 ms; W_50 = 0
    q = capacity.queue(50.0, 0.010, 1, 1, 0.99, service_scv=1.0)
    assert q.p_wait == pytest.approx(0.5)
    assert q.wait_tail_s == pytest.approx(math.log(50) / 50)
    assert q.wait_p50_s == 0.0
    assert q.wait_mean_s == pytest.approx(0.5 / 50)  # C/(μ − λ) = 10 ms
    assert q.in_system == pytest.approx(50 * (0.010 + 0.010))  # Little: λ·(W̄ + S) = 1
    mm = {"service_scv": 1.0}
    assert capacity.replicas_for(50.0, 0.010, 1, 0.99, 0.0, 0.080, **mm)[0] == 1
    assert capacity.replicas_for(50.0, 0.010, 1, 0.99, 0.0, 0.070, **mm)[0] == 2
    assert np.isnan(capacity.replicas_for(50.0, 0.010, 1, 0.99, 0.080, 0.070, **mm)[0])


def test_moe_all_reduce_carries_the_combined_tokens_not_every_routed_copy():
    # Mixtral 8x7B (hidden 4096, 2 of 8 experts per token), decode batch 4, tp = 2: the experts'
    # partial sums are combined first, so the MLP all-reduce carries 4 tokens × 4096 × 2 B
    # = 32,768 B (not 2 experts × that), like the attention out-projection's. Training (which
    # all-reduces after the op marked tp_reduce) and serving must agree.
    step = phases.decode("mixtral-8x7b", resolve("dgx-h100", 2, None), 4, 512, "bf16")
    assert step.allreduce_bytes == 4 * 4096 * 2
    from nccl_reference import nvlink_ring

    # NCCL's LL ring for both (tests/nccl_reference.py; β = 18 × 20.6 = 370.8 GB/s): 4.54 +
    # 0.354 µs = 4.893 µs; logits 4 rows × 32,000 vocabulary × 2 B all-gathered: 4.07 +
    # 1.036 µs = 5.106 µs
    ring = nvlink_ring(32768, 2, 370.8e9)["best"]
    gather = nvlink_ring(4 * 32000 * 2, 2, 370.8e9, all_reduce=False)["best"]
    assert (ring, gather) == (pytest.approx(4.893e-6, rel=1e-3), pytest.approx(5.106e-6, rel=1e-3))
    assert step.collective_s == pytest.approx((2 * 32 + 1) * ring + gather)


def test_replicas_for_erlang_c_by_hand_grouped_and_ungrouped():
    # λ = 30 jobs/s, S = 0.1 s (μ = 10 /s), 1 slot per replica, q = 0.9: offered a = λ·S = 3,
    # so the fewest stable replicas are ⌊3⌋ + 1 = 4.
    # Erlang B by recursion B_k = a·B_{k−1}/(k + a·B_{k−1}), B_0 = 1:
    #   B_1 = 3/4, B_2 = 9/17, B_3 = 9/26, B_4 = 27/131, B_5 = 81/736, B_6 = 81/1553
    # Erlang C = c·B/(c − a(1 − B)):
    #   C(4) = 27/53 = 0.509434, C(5) = 81/343 = 0.236152, C(6) = 0.099143
    # q-th percentile wait ln(C/(1 − q))/(cμ − λ), or 0 when C ≤ 1 − q = 0.1:
    #   W(4) = ln(5.09434)/10 = 0.162813 s, W(5) = ln(2.36152)/20 = 0.0429652 s, W(6) = 0
    # Exponential service times (C_s² = 1) make this M/M/c; constant ones (M/D/c, the default)
    # scale every wait by Allen–Cunneen's (1 + C_s²)/2 = 1/2.
    w4, w5 = math.log(270 / 53) / 10, math.log(810 / 343) / 20
    mmc = 1.0
    assert capacity.replicas_for(30.0, 0.1, 1, 0.9, 0.0, None, service_scv=mmc) == (
        4, pytest.approx(w4))
    assert capacity.replicas_for(30.0, 0.1, 1, 0.9, 0.0, None) == (4, pytest.approx(w4 / 2))
    slo = np.array([0.2, 0.1, 0.01, 0.1, 0.05])
    fixed = np.array([0.0, 0.0, 0.0, 0.05, 0.05])  # the last: nothing left for waiting
    # SLO 0.2 s: 4 replicas; 0.1 s: 5; 0.01 s: 6 (no wait); 0.05 s fixed + W ≤ 0.1 s: 5;
    # fixed 0.05 s ≥ SLO 0.05 s: impossible (NaN)
    expected = np.array([4, 5, 6, 5, np.nan])
    waits = np.array([w4, w5, 0.0, w5, np.nan])
    for group in (None, np.array([0, 0, 0, 1, 1])):  # configurations sharing λ, S, slots, fixed
        replicas, wait = capacity.replicas_for(np.full(5, 30.0), 0.1, 1, 0.9, fixed, slo,
                                               group=group, service_scv=mmc)
        np.testing.assert_array_equal(replicas, expected)
        np.testing.assert_allclose(wait, waits, rtol=1e-9)


def test_mm2_erlang_c_closed_form():
    # M/M/2 with a = 1 (ρ = 0.5): P_wait = 2ρ²/(1 + ρ) = 1/3
    assert capacity.queue(1.0, 1.0, 2, 1, 0.99).p_wait == pytest.approx(1 / 3)


def test_serve_llm_replicas_for_a_ttft_slo():
    r = serve_llm("llama-3-8b", "h100", batch=16, arrival_rate=20.0, slo_ttft=0.5,
                  percentile=0.99)
    assert r.verdict == "meets SLO" and r.meets_slo
    assert r.replicas >= math.ceil(20.0 * r.queue.service_s / 16)  # stable: ρ < 1
    assert r.tail_s <= 0.5
    assert r.queue.utilization < 1
    # Little's law: requests in the system = λ · (mean wait + holding time)
    assert r.in_system == pytest.approx(20.0 * (r.queue.wait_mean_s + r.queue.service_s))
    d = r.to_dict()
    assert d["ttft_p99_s"] == r.tail_s and d["devices_total"] == r.replicas
    json.dumps(d)  # plain JSON


def test_replicas_on_nodes():
    r = serve_llm("llama-2-70b", "dgx-h100", devices=2, batch=32, arrival_rate=40.0,
                  slo_ttft=1.0)
    assert r.replicas is not None
    assert r.nodes == math.ceil(r.replicas / 4)  # 8 GPUs per node, 2 per replica


def test_queueing_sizes_on_the_schedule_the_engine_runs():
    """Llama 3 8B on an H100, B 32, P 512, O 128, 20 requests/s, vLLM's 16,384-token budget:
    chunked prefill is sustainable (f = 32/127 ≤ 1), so a request holds its slot
    S = TTFT_chunked + 127·TPOT_mean,chunked, a replica completes B/(127·TPOT_mean)
    requests/s, and the tail TTFT is TTFT_chunked + W_q. With a 100-token budget the 68
    tokens left after the decodes cannot admit 32 × 512 / 127 = 129 prompt tokens an
    iteration (f = 32·512/(68·127) = 1.9 > 1): prefill-first runs, S = T_pre + 127·TPOT_mean."""
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32, arrival_rate=20.0)
    first, chunked, _ = r.schedules
    assert chunked.sustainable and r.running is chunked
    service = chunked.ttft_s + 127 * chunked.tpot_mean_s
    assert r.requests_per_s == pytest.approx(32 / (127 * chunked.tpot_mean_s))
    assert r.latency_p50_s == pytest.approx(r.queue.wait_p50_s + service)
    assert r.tail_s == pytest.approx(chunked.ttft_s + r.queue.wait_tail_s)
    assert r.queue.offered == pytest.approx(20.0 * service)  # a = λ·S Erlangs
    small = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32,
                      arrival_rate=20.0, token_budget=100)
    first, chunked, _ = small.schedules
    assert chunked.chunk_tokens == 68 and not chunked.sustainable
    assert small.running is first
    assert small.queue.offered == pytest.approx(20.0 * (first.ttft_s + 127 * first.tpot_mean_s))


def test_impossible_ttft_slo_is_a_verdict():
    r = serve_llm("llama-3-8b", "h100", prompt=2048, arrival_rate=5.0, slo_ttft=0.001)
    assert r.verdict == "SLO impossible" and r.meets_slo is False and not r.feasible
    assert "first-token time" in r.reason and r.replicas is None


def test_impossible_tpot_slo_names_a_batch_that_meets_it():
    r = serve_llm("llama-3-8b", "h100", batch=512, slo_tpot=0.008)
    assert r.verdict == "SLO impossible"
    assert "batch of" in r.reason and "TPOT" in r.reason


def test_serve_model_batching_hand_calculation():
    r = serve_model("resnet50", "h100", batch=8, arrival_rate=500.0, slo_latency=0.2)
    # forming a batch of 8 at 500 /s: mean (8 − 1)/(2·500) = 7 ms, first request 14 ms
    assert r.sweep[3]["batch"] == 8 and r.sweep[3]["batch_wait_mean_s"] == pytest.approx(0.007)
    assert r.p50_s >= 0.007 + r.latency_s
    assert r.tail_s >= 0.014 + r.latency_s
    assert r.throughput == pytest.approx(8 / r.latency_s)
    assert r.verdict == "meets SLO" and r.replicas >= 1


def test_serve_model_impossible_slo_and_no_rate():
    r = serve_model("resnet50", "h100", batch=64, arrival_rate=100.0, slo_latency=0.1)
    assert r.verdict == "SLO impossible"  # forming alone: 63/100 s = 630 ms
    assert "forming" in r.reason
    plain = serve_model("mobilenetv2", "jetson-orin-nano", batch=1)
    assert plain.verdict == "fits" and plain.replicas is None and plain.p50_s is None


# --- invariants --------------------------------------------------------------------------------


@SLOW
@given(st.integers(1, 8191), st.integers(1, 8191), st.sampled_from([1, 8, 64]))
def test_tpot_grows_with_context(c1, c2, batch):
    lo, hi = sorted((c1, c2))
    assert decode_time("llama-3-8b", "h100", lo, batch) <= decode_time("llama-3-8b", "h100",
                                                                       hi, batch)


def test_tpot_strictly_grows_over_long_contexts():
    t = decode_time("llama-3-8b", "h100", [128, 2048, 8192], 8)
    assert t[0] < t[1] < t[2]


@SLOW
@given(st.floats(0.5, 80.0), st.sampled_from([1, 8, 32]), st.floats(0.5, 0.999))
def test_tail_is_never_below_the_median(rate, batch, q):
    r = serve_llm("llama-3-8b", "h100", batch=batch, arrival_rate=rate, percentile=q)
    assert r.tail_s >= r.p50_s >= r.ttft_s
    assert r.latency_tail_s >= r.latency_p50_s


@SLOW
@given(st.floats(0.5, 60.0), st.floats(0.5, 60.0))
def test_replicas_grow_with_arrival_rate(r1, r2):
    lo, hi = sorted((r1, r2))
    a = serve_llm("llama-3-8b", "h100", batch=16, arrival_rate=lo, slo_ttft=0.1)
    b = serve_llm("llama-3-8b", "h100", batch=16, arrival_rate=hi, slo_ttft=0.1)
    assert a.replicas <= b.replicas


@SLOW
@given(st.floats(1.0, 2000.0), st.floats(1.0, 2000.0), st.sampled_from([1, 4, 16]))
def test_model_replicas_grow_with_arrival_rate(r1, r2, batch):
    lo, hi = sorted((r1, r2))
    a = serve_model("resnet50", "a100-80gb", batch=batch, arrival_rate=lo)
    b = serve_model("resnet50", "a100-80gb", batch=batch, arrival_rate=hi)
    assert a.replicas <= b.replicas
    assert b.tail_s >= b.p50_s


@SLOW
@given(st.floats(0.01, 0.999))
def test_ttft_slo_below_bare_prefill_is_a_verdict_not_an_exception(fraction):
    bare = prefill_time("llama-3-8b", "h100", 1024)
    r = serve_llm("llama-3-8b", "h100", prompt=1024, arrival_rate=3.0,
                  slo_ttft=fraction * bare)
    assert r.verdict == "SLO impossible" and r.replicas is None
    assert r.explain().text()  # still explains itself


@SLOW
@given(st.integers(1, 20_000), st.sampled_from([8, 16, 32]))
def test_paged_kv_wastes_less_than_one_block(tokens, block):
    arch = phases.arch_of("mistral-7b")
    exact = kv_bytes_per_sequence(arch, tokens, "bf16", block=None)
    paged = kv_bytes_per_sequence(arch, tokens, "bf16", block=block)
    per_token = kv_bytes_per_sequence(arch, 1, "bf16", block=None)
    assert exact <= paged < exact + block * per_token or arch.window is not None


# --- explain, errors, CLI ----------------------------------------------------------------------


def test_explain_shows_formulas_with_numbers():
    r = serve_llm("llama-2-70b", "dgx-h100", devices=8, batch=8, arrival_rate=10.0,
                  slo_ttft=0.5)
    text = r.explain().text()
    for piece in ("2·L·h_kv·d·b", "2 × 80 × 8 × 128", "2·N·P/(R·p)", "C(c, a)", "Little",
                  "2(p − 1)/p · S/β + 2(p − 1)·α", "Verdict: meets SLO",
                  "Source: kv_block_tokens", "tuning.cc"):
        assert piece in text
    assert "| quantity | formula |" in r.explain().markdown()


@pytest.mark.parametrize("call, flag", [
    (lambda: serve_llm("llama-3-8b", "h100", percentile=1.5), "^percentile"),
    (lambda: serve_llm("llama-3-8b", "h100", output=1), "^output"),
    (lambda: serve_llm("llama-3-8b", "h100", batch=0), "^batch"),
    (lambda: serve_llm("llama-3-8b", "h100", arrival_rate=-1.0), "^arrival_rate"),
    (lambda: serve_llm("llama-3-8b", "dgx-h100", devices=16), "devices"),
    (lambda: serve_llm("llama-3-8b", "dgx-h100", devices=3), "must divide"),
    (lambda: serve_llm("bert-base", "h100"), "not a decoder"),
    (lambda: serve_llm("llama-3-8b", "h9000"), "unknown"),
    (lambda: serve_model("resnet50", "h100", slo_latency=0.0), "^slo_latency"),
])
def test_user_errors_name_the_field(call, flag):
    with pytest.raises(UserError, match=flag):
        call()


def _invoke(*args: str):
    """``ironlaw serve ARGS`` on the real app, with the root's UserError → exit 2 rule (a
    ParameterError named by its flag)."""
    from unittest import mock

    import typer.main

    from ironlaw.cli.main import _label_parameter_errors, app

    command = _label_parameter_errors(typer.main.get_command(app))
    try:
        with mock.patch("typer.testing._get_command", return_value=command):
            result = CliRunner().invoke(app, ["serve", *args], catch_exceptions=False)
    except UserError as exc:
        return 2, str(exc)
    return result.exit_code, result.output


def test_cli_llm_json_and_explain():
    code, out = _invoke("llama-3-8b", "--on", "h100", "--batch", "16", "--rate", "20 /s",
                        "--slo-ttft", "500 ms", "--slo-tpot", "50 ms", "--format", "json",
                        "--explain")
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "meets SLO" and data["arrival_rate_per_s"] == 20.0
    assert data["slo"] == {"ttft_s": 0.5, "tpot_s": 0.05}
    assert data["explain"]["steps"][0]["label"] == "weights per device"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_cli_formats(fmt):
    code, out = _invoke("resnet50", "--on", "h100", "--batch", "8", "--rate", "500 /s",
                        "--slo", "200 ms", "--format", fmt, "--explain")
    assert code == 0 and "resnet50" in out


def test_cli_text_explain_and_infeasible_exit_status():
    code, out = _invoke("llama-2-70b", "--on", "dgx-h100", "--devices", "8", "--explain")
    assert code == 0 and "KV cache per token" in out and "TTFT" in out
    code, out = _invoke("llama-2-70b", "--on", "h100")
    assert code == 1 and "does not fit" in out


@pytest.mark.parametrize("args, flag", [
    (("llama-3-8b", "--on", "h100", "--rate", "fast"), "--rate"),
    (("llama-3-8b", "--on", "h100", "--slo-ttft", "5 GB"), "--slo-ttft"),
    (("llama-3-8b", "--on", "h100", "--slo", "200 ms"), "--slo"),
    (("resnet50", "--on", "h100", "--prompt", "512"), "--prompt"),
    (("resnet50", "--on", "h100", "--devices", "2"), "--devices"),
    (("llama-3-8b", "--on", "h100", "--percentile", "99"), "--percentile"),
    (("llama-3-8b", "--on", "nonesuch"), "unknown"),
])
def test_cli_user_errors_exit_2(args, flag):
    code, message = _invoke(*args)
    assert code == 2 and flag in message


@pytest.mark.parametrize("budget", ["99999999999999999999", str(2**24 + 1), "0"])
def test_a_token_budget_out_of_range_exits_2_naming_the_flag(budget):
    """A budget of 10^20 once ended in an OverflowError in the embedding's byte count; the
    bound is checks.LARGEST's 2^24 = 16,777,216 tokens, the longest sequence accepted."""
    code, message = _invoke("llama-3-8b", "--on", "h100", "--token-budget", budget)
    assert code == 2 and message.startswith("--token-budget") and "\n" not in message
    assert "from 1 to 16777216" in message


def test_a_forward_pass_broadcasts_over_batches():
    """serve_model's pass from an array of batches equals each scalar call (one function)."""
    from ironlaw.serving.phases import forward
    from ironlaw.serving.target import resolve

    target = resolve("h100", 1, None)
    batches = np.array([1, 8, 64])
    together = forward("resnet50", target, batches, "bf16").time_s
    for b, t in zip(batches, together, strict=True):
        assert t == pytest.approx(forward("resnet50", target, int(b), "bf16").time_s,
                                  rel=1e-12)


def test_each_batch_in_the_sweep_is_judged_by_its_own_activations():
    """A huge requested batch used to mark every batch of the table 'does not fit', batch 1
    included, because the KV budget took the requested batch's activations.

    By hand (Llama-3-8B, bf16, H100 81559 MiB = 85.5 GB as nvidia-smi reports it, 90% usable,
    prompt 512 + output 128 = 640 tokens): KV per sequence = 2·32 layers·8 KV heads·128·2 B·640
    = 83,886,080 B (80 MiB); usable 77.0 GB − 16.06 GB weights = 60.9 GB before activations, so
    512 sequences (42.9 GB) fit and 1024 (85.9 GB) do not, whatever batch was asked for."""
    fits = {row["batch"]: row["fits"]
            for row in serve_llm("llama-3-8b", "h100", batch=100_000, output=128).sweep}
    assert fits[1] and fits[512]
    assert not fits[1024] and not fits[100_000]
    assert 2 * 32 * 8 * 128 * 2 * 640 == 83_886_080
    assert 512 * 83_886_080 < 0.9 * 81559 * 2**20 - 16.06e9 < 1024 * 83_886_080


def test_the_batching_solvers_broadcast_to_the_scalar_answers():
    """One function for one configuration or many: chunked prefill over arrays equals it
    called configuration by configuration, including a budget the decodes fill (no room: the
    array form says chunks 0 and mixed share NaN where the scalar form says None)."""
    budget, batch = np.array([16384, 2048, 2048, 64]), np.array([32, 512, 64, 64])
    prompt, output = np.array([512, 512, 4096, 512]), np.array([128, 128, 256, 128])
    c = batching.iteration_tokens(budget, batch, prompt, output)
    assert c.tolist() == [512, 1536, 1984, 0]  # one prompt; the room K − B twice; no room
    t_dec, t_mix = np.array([0.007, 0.02, 0.01, 0.01]), np.array([0.017, 0.05, 0.03, 0.02])
    arrays = batching.chunked(t_dec, t_mix, batch, prompt, output, c)
    for k in range(4):
        one = batching.chunked(float(t_dec[k]), float(t_mix[k]), int(batch[k]),
                               int(prompt[k]), int(output[k]), int(c[k]))
        for name in ("ttft_s", "tpot_mean_s", "tpot_worst_s", "requests_per_s",
                     "tokens_per_s", "sustainable"):
            assert getattr(arrays, name)[k] == pytest.approx(getattr(one, name)), (k, name)
    assert arrays.sustainable.tolist() == [True, False, True, False]
    assert arrays.chunks[3] == 0 and math.isnan(arrays.mixed_share[3])
    # chunk j of n = ⌈(P − C)/c⌉ sees C + min((j + 1)·c, P − C) keys: by the loop, by hand
    for p, size, cached in ((1000, 400, 0), (2048, 256, 1536), (2048, 300, 100)):
        n = math.ceil((p - cached) / size)
        loop = round(cached + sum(min((j + 1) * size, p - cached) for j in range(n)) / n)
        assert batching.chunk_context(p, size, cached) == loop
    assert batching.chunk_context(np.array([1000, 2048]), np.array([400, 256]),
                                  np.array([0, 1536])).tolist() == [733, 1920]


def test_a_mixed_pass_over_arrays_equals_each_pass_alone():
    from ironlaw.serving import phases
    from ironlaw.serving.target import resolve

    target = resolve("h100", 1, None)
    batch, context = np.array([32, 64, 8]), np.array([576, 2112, 4352])
    chunk, chunk_context, pieces = np.array([512, 1024, 2048]), np.array([512, 1536, 3072]), \
        np.array([1, 2, 1])
    many = phases.mixed("llama-3-8b", target, batch, context, chunk, chunk_context, "bf16",
                        pieces)
    for k in range(3):
        one = phases.mixed("llama-3-8b", target, int(batch[k]), int(context[k]),
                           int(chunk[k]), int(chunk_context[k]), "bf16", int(pieces[k]))
        assert many.time_s[k] == pytest.approx(one.time_s, rel=1e-12)
        assert one.tokens == batch[k] + pieces[k] * chunk[k]


def test_the_batch_table_shows_the_schedule_run_at_each_batch():
    """Each row's mean TPOT and requests/s are those of the schedule the engine runs at that
    batch: at the requested batch, the headline's; with a 600-token budget, chunked prefill
    sustains batch 8 (room 592 ≥ one 512-token prompt, f = 8/127) but not batch 256 (room
    344 < 512 a prompt and 256·512/127 = 1032 tokens an iteration freed: f = 3 > 1), which
    runs prefill-first, T_dec + B·T_pre/(O − 1)."""
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32, token_budget=600)
    rows = {row["batch"]: row for row in r.sweep}
    assert rows[32]["schedule"] == r.running.name == "chunked"
    assert rows[32]["tpot_mean_s"] == r.running.tpot_mean_s
    assert rows[8]["schedule"] == "chunked"
    heavy = rows[256]
    assert heavy["schedule"] == "prefill-first"
    assert heavy["tpot_mean_s"] == pytest.approx(heavy["tpot_s"] + 256 * r.ttft_s / 127)


def test_served_fp8_quantizes_the_linear_layers_but_the_lm_head():
    """fp8 serving runs the checkpoints NVIDIA ModelOpt's FP8_DEFAULT_CFG makes (what
    TensorRT-LLM and vLLM serve, e.g. nvidia/Llama-3.1-8B-Instruct-FP8): the weights and inputs
    of every linear layer but the LM head in fp8, every other tensor 16-bit. Llama 3 8B by hand
    (d 4096, 8 KV heads of 128, f 14336, vocab 128,256, 32 layers):
    linear weights 32·(4096² + 2·4096·1024 + 4096² + 3·4096·14336) = 6,979,321,856 at 1 B;
    the embedding, the LM head and 65 RMSNorm weight vectors at 2 B:
    2·(2·128,256·4096 + 65·4096) = 2,101,878,784 B; 9,081,200,640 B in all (8,030,261,248
    parameters). Each GEMM reads its input as the 16-bit producer wrote it (2 B an element;
    the fp8 cast happens as it is loaded). The KV cache is fp8 unless asked otherwise (ModelOpt's
    hf_ptq.py quantizes K and V by default, --kv_cache_qformat fp8, and engines' 'auto' follows
    the checkpoint): 8·1024·2·32·8·128·1 B = 512 MiB; asked for fp16 (--kv-precision fp16),
    twice that, and attention reads it at 2 B."""
    from ironlaw.serving import phases
    from ironlaw.serving.target import resolve

    d, kv, f, vocab, layers, batch, context = 4096, 1024, 14336, 128_256, 32, 8, 1024
    linear = layers * (d * d + 2 * d * kv + d * d + 3 * d * f)
    sixteen = 2 * (2 * vocab * d + (2 * layers + 1) * d)
    step = phases.decode("llama-3-8b", resolve("h100", 1, None), batch, context, "fp8")
    assert linear == 6_979_321_856 and sixteen == 2_101_878_784
    assert step.param_bytes == linear + sixteen == 9_081_200_640
    assert step.params == 8_030_261_248
    assert step.kv_cache_bytes == batch * context * 2 * layers * 8 * 128 == 2**29
    ops = {op.name: op for op in step.analysis.graph.ops}
    q, down, head = ops["attn.q"], ops["mlp.down"], ops["lm_head"]
    assert (q.dtype, q.input_bytes, q.output_bytes) == ("fp8", batch * d * 2, batch * d * 2)
    assert (down.input_bytes, down.output_bytes) == (batch * f * 2, batch * d * 2)
    assert (head.dtype, head.weight_bytes) == ("fp16", vocab * d * 2)
    assert ops["residual.add"].output_bytes == batch * d * 2
    assert ops["attn.sdpa"].input_bytes == batch * 32 * 128 * 2 + batch * context * 2 * 8 * 128
    wide = phases.decode("llama-3-8b", resolve("h100", 1, None), batch, context, "fp8",
                         kv=KvLayout(dtype="fp16"))
    assert wide.kv_cache_bytes == 2**30
    sdpa = next(op for op in wide.analysis.graph.ops if op.name == "attn.sdpa")
    assert sdpa.input_bytes == batch * 32 * 128 * 2 + batch * context * 2 * 8 * 128 * 2


def test_moe_routers_stay_sixteen_bit_in_an_fp8_checkpoint():
    """ModelOpt's default configs disable the quantizers of '*router*', '*mlp.gate.*' and
    '*mlp.shared_expert_gate.*': an MoE's routers keep 16-bit weights in an fp8 checkpoint.
    Qwen1.5-MoE-A2.7B (models/configs: hidden 2048, 60 experts, a gated shared expert): the
    router holds 2048·60 = 122,880 weights at 2 B = 245,760 B, the shared gate 2048·1 at 2 B."""
    from ironlaw.models.zoo import build_model

    graph = build_model("qwen1.5-moe-a2.7b", phase="decode", batch=1, context=16, dtype="fp8")
    ops = {op.name: op for op in graph.ops}
    router, gate = ops["moe.router"], ops["moe.shared_gate"]
    assert (router.dtype, router.weight_bytes) == ("fp16", 2048 * 60 * 2)
    assert (gate.dtype, gate.weight_bytes) == ("fp16", 2048 * 1 * 2)
    assert ops["moe.shared.down"].dtype == "fp8"


def test_the_replicas_step_shows_the_check_at_the_chosen_count(cli):
    """The derivation writes the inequality the replica count satisfies with its numbers, not
    'replicas = ρ = 0.899 = 4' (issue 11's garbled step): with an SLO, the p99 latency sum at
    r against the SLO; without one, ρ = a/r < 1."""
    code, out, _ = cli("serve", "resnet50", "--on", "h100", "--rate", "100000 images/s",
                       "--batch", "16", "-f", "json")
    assert code == 0
    batch_s = json.loads(out)["latency_s"]  # T(16), checked against the roofline floor:
    # ResNet-50 v1.5 does 4.09 GMACs per 224² image (torchvision's model card), 2 FLOPs each:
    # 16 × 8.18 GFLOP = 130.9 GFLOP at the H100's 989.4 TFLOP/s dense bf16 is 132.3 µs; its
    # 25,557,032 bf16 weights, 51.1 MB at 3.35 TB/s, 15.3 µs. No schedule beats the larger,
    # 132.3 µs; unfused activations and small convolutions keep the model above it — not by
    # more than 6× (this test's stated band: at least 1/6 of bf16 peak at batch 16)
    floor = 16 * 2 * 4.09e9 / 989.4e12
    assert floor == pytest.approx(132.3e-6, rel=1e-3)
    assert floor <= batch_s <= 6 * floor
    # the offered load a = (λ/B)·T(B) = (100,000/16) /s × T(16) = 6,250 /s × T; r the fewest
    # replicas with a/r < 1, i.e. ⌊a⌋ + 1: with T between the floor (a = 0.83) and 6× it
    # (a = 4.96) that is 1 to 5 replicas; the step writes a, r and ρ = a/r with their numbers
    a = 100_000 / 16 * batch_s
    r = math.floor(a) + 1
    code, out, _ = cli("serve", "resnet50", "--on", "h100", "--rate", "100000 images/s",
                       "--batch", "16", "--explain")
    step = out[out.index("  replicas\n"):].splitlines()[:4]
    assert step[1].strip() == "fewest r with ρ = a/r < 1"
    assert step[2].strip() == f"= {a:.4g} / {r} = {a / r:.3g} < 1"
    assert step[3].strip() == f"= {r} replicas"
    # with a 20 ms SLO the sum starts with the first request's forming wait (B − 1)/λ =
    # 15 / 100,000 /s = 150 µs. At the stable count r the M/D/c p99 wait (Allen–Cunneen, half
    # M/M/c's) is k·ln(C/(1 − 0.99))/(r/T − λ/B) with k = 0.5 and C ≤ 1, at most
    # 0.5·ln(100)·T/(r − a): the whole sum stays under 20 ms, so the SLO adds no replica
    assert 150e-6 + 0.5 * math.log(100) * batch_s / (r - a) + batch_s < 20e-3
    code, out, _ = cli("serve", "resnet50", "--on", "h100", "--rate", "100000 images/s",
                       "--slo", "20 ms", "--batch", "16", "--explain")
    assert code == 0
    step = out[out.index("  replicas\n"):].splitlines()[:4]
    assert step[1].strip() == "smallest r with (B − 1)/λ + W_q,p99(r) + T(B) ≤ SLO"
    assert step[2].strip().startswith("= 150 µs + ")
    assert f"≤ 20 ms at r = {r} (ρ = {a / r:.3g})" in step[2]
    assert step[3].strip() == f"= {r} replicas"


def test_an_mla_model_reports_no_kv_heads():
    """DeepSeek-V3 caches one latent per token and layer for all 128 heads (MLA): there are
    no key/value heads to report (it said 128)."""
    from ironlaw.serving import serve_llm

    r = serve_llm("deepseek-v3", "h200", devices=8, precision="fp8")
    assert r.to_dict()["kv_heads"] is None
    assert serve_llm("llama-3-8b", "h100").to_dict()["kv_heads"] == 8  # GQA: 8 of 32
