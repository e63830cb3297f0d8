"""Prefix caching (issue 10 item 1): requests share the first S prompt tokens, whose KV blocks
are computed once and reused (vLLM automatic prefix caching, SGLang RadixAttention,
TensorRT-LLM KV cache reuse). Every expected number is worked out by hand below."""

import json
import math
from dataclasses import replace

import pytest

from ironlaw.applications.evaluate import evaluate
from ironlaw.applications.scenario import Scenario, load
from ironlaw.errors import ParameterError
from ironlaw.models.zoo import build_model
from ironlaw.serving import batching, kv, phases, serve_llm

# Llama 3 8B (its config.json): 32 layers, hidden 4096, 32 query heads and 8 key/value heads of
# 128, MLP 14336 (SwiGLU), vocabulary 128,256
PER_TOKEN = 2 * 32 * 8 * 128 * 2  # K and V, every layer, bf16: 131,072 B
# the weights a token's rows meet in one layer: Q and O (4096 × 4096 each), K and V
# (4096 × 1024 each), gate, up and down (3 × 4096 × 14336)
LAYER_WEIGHTS = 2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336  # 218,103,808
MATMUL_PARAMS = 32 * LAYER_WEIGHTS  # 6,979,321,856
LM_HEAD = 2 * 4096 * 128256  # logits of the last token only


def attention_flops(q: int, kv_len: int) -> float:
    """One layer's causal attention of q queries over kv keys, 32 heads of 128: query i sees
    kv − q + i + 1 keys, (first + last)/2 on average; 2·scores·(128 + 128) for QKᵀ and PV
    plus 5·scores for the softmax."""
    visible = ((kv_len - q + 1) + kv_len) / 2
    scores = 32 * q * visible
    return 2 * scores * 256 + 5 * scores


def h100_attention_s(kv_len: int, q: int = 512) -> float:
    """One layer's flash attention of q queries over kv_len keys on an H100 SXM, bf16, by hand:
    FLOPs (attention_flops) over the dense bf16 peak 989.4 TFLOP/s (NVIDIA H100 datasheet,
    SXM5) times η = f · wave · tile · k/(k + k_half) (the tiled-GEMM efficiency law of
    frameworks/cost.py): f = 0.8 of peak on large GEMMs (NVIDIA Deep Learning Performance
    Guide, Matrix Multiplication Background), 128 × 128 tiles (CUTLASS's default SM90 Tensor
    Core tiles), k_half = 64 (same guide), 132 SMs (Hopper whitepaper). The 4 query heads that
    share one K/V head are rows of one GEMM: m = 4·q rows, 32/4 = 8 GEMMs, n the keys each
    query sees on average, k = head dim 128."""
    m, batch, k = 4 * q, 8, 128
    n = ((kv_len - q + 1) + kv_len) / 2
    row_tiles, col_tiles = math.ceil(m / 128), math.ceil(n / 128)
    tiles = row_tiles * col_tiles * batch  # ≥ 132: no split-K
    wave = tiles / (math.ceil(tiles / 132) * 132)
    tile = m * n / (row_tiles * 128 * col_tiles * 128)
    eta = 0.8 * wave * tile * k / (k + 64)
    return attention_flops(q, kv_len) / (989.4e12 * eta)


def test_the_attention_kernel_times_worked_out():
    # 512 over 2048 keys: n = 1792.5, 16 × 15 × 8 = 1,920 tiles in 15 waves of 132 (0.9697),
    # tile fill 2048 × 1792.5 / (2048 × 1920) = 0.9336, k-fill 128/192: η = 0.4828,
    # 15,183,421,440 FLOPs / (989.4e12 × 0.4828) = 31.78 µs
    assert h100_attention_s(2048) == pytest.approx(31.78e-6, rel=1e-3)
    # 512 over 512 keys: n = 256.5, 16 × 3 × 8 = 384 tiles in 3 waves (0.9697), fill
    # 256.5/384, η = 0.3455: 2,172,690,432 FLOPs in 6.36 µs
    assert h100_attention_s(512) == pytest.approx(6.357e-6, rel=1e-3)


def test_a_hit_prefills_only_the_new_tokens_attending_to_the_whole_prompt():
    hit = build_model("llama-3-8b", "prefill", seq=2048, cached=1536)
    miss = build_model("llama-3-8b", "prefill", seq=2048)
    fresh = build_model("llama-3-8b", "prefill", seq=512)  # 512 tokens, no prefix at all
    assert hit.workload.tokens == 512
    # one attention op of a hit: 512 queries over 2048 keys, each seeing 1537 to 2048 keys
    # (1792.5 on average): 32 · 512 · 1792.5 = 29,368,320 scores × 517 = 15,183,421,440 FLOPs
    attn = next(op for op in hit.ops if op.kind == "attention")
    assert attn.flops == 15_183_421_440 == attention_flops(512, 2048)
    # a hit differs from a 512-token prompt only in what its attention sees
    assert hit.flops - fresh.flops == pytest.approx(
        32 * (attention_flops(512, 2048) - attention_flops(512, 512)), rel=1e-12)
    # napkin by hand: 2·N·tokens + 32 layers of attention (+ the last token's logits);
    # norms, RoPE and SwiGLU's elementwise work are the < 0.1% left
    by_hand_hit = 2 * MATMUL_PARAMS * 512 + 32 * attention_flops(512, 2048) + LM_HEAD
    by_hand_miss = 2 * MATMUL_PARAMS * 2048 + 32 * attention_flops(2048, 2048) + LM_HEAD
    assert hit.flops == pytest.approx(by_hand_hit, rel=1e-3)  # 7.63 TFLOP
    assert miss.flops == pytest.approx(by_hand_miss, rel=1e-3)  # 29.7 TFLOP
    # the KV the hit's attention reads is the whole prompt's
    assert hit.workload.kv_cache_bytes == miss.workload.kv_cache_bytes == 2048 * PER_TOKEN


def test_cached_tokens_are_refused_outside_prefill():
    with pytest.raises(ParameterError, match="cached"):
        build_model("llama-3-8b", "decode", context=2048, cached=16)
    with pytest.raises(ParameterError, match="cached"):
        build_model("resnet50", cached=16)


def test_the_default_hit_share_names_its_source():
    from ironlaw.cli.sources import constants

    hit = dict(constants())["serving.sources.PREFIX_HIT"]
    assert hit.value == 1.0 and "RadixAttention" in hit.source.title


def test_the_default_hit_share_is_cited_only_where_it_applied():
    def cited(**kwargs):
        r = serve_llm("llama-3-8b", "h100", prompt=2048, shared_prefix=1536, **kwargs)
        return [x for x in r.sources if x.startswith("prefix_hit (default)")]

    assert len(cited()) == 1  # h = 1 by default: its source is cited
    assert cited(prefix_hit=0.5) == []  # the user's h: no default to cite
    assert cited(prefix_hit=1.0) == []  # even when the user's h equals the default


def test_only_whole_blocks_are_shared():
    assert kv.shared_tokens(1536, 16) == 1536  # 96 blocks
    assert kv.shared_tokens(1540, 16) == 1536  # the partly filled 97th block is not shared
    assert kv.shared_tokens(15, 16) == 0


def test_the_kv_plan_holds_the_prefix_once_by_hand():
    arch = phases.arch_of("llama-3-8b")
    # a 64 GB budget: 80 GB of memory, all usable, less 16 GB of weights
    args = (arch, 2048 + 128, "bf16", 80e9, 16e9, 0.0, 1, 1.0, 16)
    plain = kv.plan(*args)
    shared = kv.plan(*args, shared=1536, hit=1.0)
    half = kv.plan(*args, shared=1536, hit=0.5)
    # 2176 tokens = 136 whole blocks of 16: 2176 × 131,072 = 285,212,672 B per sequence
    assert plain.kv_per_sequence_bytes == 285_212_672
    assert plain.max_sequences == 224  # ⌊64e9 / 285,212,672⌋ = ⌊224.4⌋
    # 96 blocks (1536 tokens) held once: 201,326,592 B; each sequence keeps 640 tokens of its
    # own: 83,886,080 B; ⌊(64e9 − 201,326,592) / 83,886,080⌋ = ⌊760.5⌋
    assert shared.prefix_bytes == 1536 * PER_TOKEN == 201_326_592
    assert shared.kv_per_sequence_bytes == 640 * PER_TOKEN == 83_886_080
    assert shared.max_sequences == 760
    # half the requests hit: 2176 − 0.5 × 1536 = 1408 tokens, 184,549,376 B on average;
    # ⌊63,798,673,408 / 184,549,376⌋ = ⌊345.7⌋
    assert half.kv_per_sequence_bytes == 1408 * PER_TOKEN
    assert (plain.own_tokens, shared.own_tokens, half.own_tokens) == (2176, 640, 1408)
    assert half.max_sequences == 345
    # 64 sequences: the prefix once plus 64 × 640 tokens
    assert shared.for_batch(64) == (1536 + 64 * 640) * PER_TOKEN
    # no hit is no sharing: the plan without prefix caching, exactly
    assert kv.plan(*args, shared=1536, hit=0.0) == plain


def test_serving_with_a_shared_prefix():
    r = serve_llm("llama-3-8b", "h100", prompt=2048, output=128, shared_prefix=1536)
    plain = serve_llm("llama-3-8b", "h100", prompt=2048, output=128)
    p = r.prefix
    assert (p.cached, p.hit, p.cached // p.block) == (1536, 1.0, 96)
    assert p.ttft_miss_s == plain.ttft_s  # a miss prefills the whole prompt
    # a hit computes P − S_b = 512 tokens: the same linear layers, norms, launches and logits
    # as a plain 512-token prompt; only its 32 flash-attention kernels see 1537..2048 keys
    # instead of 1..512. So T_hit = T_prefill(512) + 32 · (t_attn(512 over 2048) − t_attn(512
    # over 512)), each attention kernel compute-bound, its launch in both terms
    fresh = serve_llm("llama-3-8b", "h100", prompt=512, output=128).ttft_s
    assert p.ttft_hit_s == pytest.approx(
        fresh + 32 * (h100_attention_s(2048) - h100_attention_s(512)), rel=1e-12)
    # = fresh + 32 × (31.78 − 6.36) µs = fresh + 0.81 ms, where the miss pays 32 × 2048
    # tokens of everything
    assert r.ttft_s == p.ttft_hit_s  # every request hits (h = 1 by default)
    # memory by hand from the budget the plan leaves: 640 tokens of each sequence's own
    budget = r.memory["kv_budget_bytes"]
    assert r.memory["kv_per_sequence_bytes"] == 83_886_080
    assert p.sequences == r.memory["max_sequences"] == (budget - 201_326_592) // 83_886_080
    assert p.sequences_unshared == plain.memory["max_sequences"] == budget // 285_212_672
    # the engine saturated: each request computes 2048 − 1536 = 512 prompt tokens, so an
    # iteration of B sequences carries p = B · 512 / 127 of them
    e = r.offline
    assert e.prefill_tokens == pytest.approx(e.batch * 512 / 127)
    assert e.batch > plain.offline.batch
    assert e.total_tokens_per_s == pytest.approx(e.requests_per_s * (2048 + 128))
    data = r.to_dict()["prefix_cache"]
    assert data["cached_blocks"] == 96 and data["prefix_kv_bytes"] == 201_326_592
    assert data["ttft_hit_s"] < data["ttft_miss_s"]
    assert any("never evicted" in a for a in r.assumptions)


def test_the_mean_ttft_weighs_hits_and_misses():
    r = serve_llm("llama-3-8b", "h100", prompt=2048, shared_prefix=1536, prefix_hit=0.25)
    p = r.prefix
    assert r.ttft_s == pytest.approx(0.25 * p.ttft_hit_s + 0.75 * p.ttft_miss_s, rel=1e-12)
    assert p.computed == 2048 - 0.25 * 1536  # 1664 prompt tokens computed per request
    assert r.memory["kv_per_sequence_bytes"] == (2176 - 0.25 * 1536) * PER_TOKEN


def test_one_share_weighted_mean_for_ttft_and_prefill_energy():
    import numpy as np

    from ironlaw.operations.serving_energy import PassEnergy, mean_pass
    from ironlaw.serving import prefix

    assert prefix.mean(0.25, 2.0, 6.0) == 0.25 * 2.0 + 0.75 * 6.0 == 5.0
    assert list(prefix.mean(np.array([0.0, 1.0]), 2.0, 6.0)) == [6.0, 2.0]  # all miss, all hit
    # a hit of 1 s at 300 W (300 J) and a miss of 3 s at 500 W (1500 J), half and half: 2 s,
    # 900 J, and the board's power the mean energy over the mean time, 900 J / 2 s = 450 W
    hit = PassEnergy("prefill", 1.0, 300.0, 200.0, 300.0)
    miss = PassEnergy("prefill", 3.0, 1500.0, None, 500.0)
    both = mean_pass(miss, hit, 0.5)
    assert (both.time_s, both.board_j, both.physics_j, both.power_w) == (2.0, 900.0, None, 450.0)
    assert mean_pass(replace(miss, physics_j=1000.0), hit, 0.5).physics_j == 600.0


def test_no_hit_is_serving_without_prefix_caching_exactly():
    """h = 0: no request reuses the prefix, so nothing is shared, held once or cited; the
    numbers, assumptions and sources are the plain run's (once the result said "sequences fit
    sharing 96 blocks" and "S_b = 1536 tokens = 0 B")."""
    plain = serve_llm("llama-3-8b", "h100", prompt=2048, batch=64).to_dict()
    cold = serve_llm("llama-3-8b", "h100", prompt=2048, batch=64, shared_prefix=1536,
                     prefix_hit=0.0).to_dict()
    assert cold == plain and "prefix_cache" not in cold
    # the KV by hand: 2048 + 128 = 2176 tokens (136 whole blocks) of 131,072 B each, no
    # prefix held once
    assert cold["memory"]["kv_per_sequence_bytes"] == 2176 * PER_TOKEN == 285_212_672
    code, shown = _invoke("llama-3-8b", "--on", "h100", "--prompt", "2048", "--shared-prefix",
                          "1536", "--prefix-hit", "0", "--explain")
    assert code == 0
    assert (code, shown) == _invoke("llama-3-8b", "--on", "h100", "--prompt", "2048",
                                    "--explain")
    assert "prefix" not in shown and "shared" not in shown and "S_b" not in shown


def test_the_chunked_explain_lines_use_the_prompt_tokens_computed():
    """Half the requests hit a 1536-token prefix of a 2048-token prompt: P_c = 2048 − 0.5 ×
    1536 = 1280 tokens computed. At batch 64 a slot frees 64 × 1280/127 = 645 prompt tokens an
    iteration, under one prompt, so a mixed iteration carries one, c = min(16,384 − 64,
    max(1280, 646)) = 1280 tokens: ⌈1280/1280⌉ = 1 chunk and a mixed share
    f = 64 × 1280 / (1280 × 127) = 64/127 = 0.504."""
    r = serve_llm("llama-3-8b", "h100", prompt=2048, batch=64, shared_prefix=1536,
                  prefix_hit=0.5)
    lines = {x.label: x for x in r.explain().lines}
    ttft = lines["chunked: TTFT"]
    assert ttft.formula == "⌈P_c/c⌉·T_mix" and ttft.substituted.startswith("⌈1280/1280⌉ × ")
    tpot = lines["chunked: mean TPOT"]
    assert tpot.formula.endswith("f = B·P_c/(c·(O − 1))")
    assert tpot.substituted.startswith("0.504 × ")
    assert r.schedules[1].mixed_share == pytest.approx(64 * 1280 / (1280 * 127), rel=1e-12)
    plain = {x.label: x for x in serve_llm("llama-3-8b", "h100", prompt=2048, batch=64)
             .explain().lines}
    assert plain["chunked: TTFT"].formula == "⌈P/c⌉·T_mix"
    assert plain["chunked: TTFT"].substituted.startswith("⌈2048/2048⌉ × ")


def test_a_chunk_after_a_cached_prefix_attends_to_it():
    # 512 new tokens in chunks of 256 after 1536 cached: they see 1792 and 2048 keys
    assert batching.chunk_context(2048, 256, 1536) == (1792 + 2048) / 2
    assert batching.chunk_context(2048, 256) == round((256 + 512 + 768 + 1024 + 1280 + 1536
                                                       + 1792 + 2048) / 8)


def test_the_prefill_energy_is_the_mean_of_a_hit_and_a_miss():
    """A token budget K = B = 64 leaves no prompt tokens for a mixed iteration, so the engine
    runs prefill-first and a request is charged its prefill and 127/64 decode steps. Half the
    requests hit: E_prefill = 0.5·E_hit + 0.5·E_miss, each pass's energy the board's power
    over it on one H100, P = P_idle + (P_TDP − P_idle)·u, u = 1 − t_overhead/T (the busy
    share), with P_idle = 70 W and the H100 SXM's 700 W TDP (NVIDIA datasheet):

        energy per output token = (0.5·E_hit + 0.5·E_miss + 127·E_dec/64) / 128"""
    from ironlaw.operations.serving_energy import with_energy

    def board(cost, idle_w=70.0, tdp_w=700.0):
        a = cost.analysis
        u = 1 - a.overhead_s / a.latency_s
        return (idle_w + (tdp_w - idle_w) * u) * a.latency_s

    r = with_energy(serve_llm("llama-3-8b", "h100", prompt=2048, output=128, batch=64,
                              token_budget=64, shared_prefix=1536, prefix_hit=0.5), 70.0)
    assert r.running.name == "prefill-first" and r.energy.schedule == "prefill-first"
    e_hit, e_miss = board(r.passes["prefill_hit"]), board(r.passes["prefill"])
    e_dec = board(r.passes["decode"])
    assert e_hit < e_miss  # the hit computes 512 of the 2048 prompt tokens
    assert r.energy.per_output_token_j == pytest.approx(
        (0.5 * e_hit + 0.5 * e_miss + 127 * e_dec / 64) / 128, rel=1e-9)
    # the mean prefill's time: half of each pass's graph time
    t_hit = r.passes["prefill_hit"].analysis.latency_s
    t_miss = r.passes["prefill"].analysis.latency_s
    assert r.energy.prefill.time_s == pytest.approx(0.5 * t_hit + 0.5 * t_miss, rel=1e-12)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"shared_prefix": 2048}, "shared_prefix"),  # not shorter than the prompt
    ({"shared_prefix": 0}, "shared_prefix"),
    ({"shared_prefix": 8}, "shared_prefix"),  # under one 16-token block: nothing to share
    ({"shared_prefix": 20, "block": 32}, "shared_prefix"),
    ({"shared_prefix": 100, "prefix_hit": 1.5}, "prefix_hit"),
    ({"shared_prefix": 100, "prefix_hit": -0.1}, "prefix_hit"),
    ({"prefix_hit": 0.5}, "prefix_hit"),  # a hit share without a shared prefix
])
def test_a_prefix_that_cannot_be_is_refused(kwargs, field):
    with pytest.raises(ParameterError) as err:
        serve_llm("llama-3-8b", "h100", prompt=2048, **kwargs)
    assert err.value.parameter == field


def test_a_batch_beyond_the_shared_budget_does_not_fit():
    # 2048 + 128 tokens, 1536 shared: about 720 sequences fit on one H100, not 1000
    r = serve_llm("llama-3-8b", "h100", prompt=2048, batch=1000, shared_prefix=1536)
    assert r.verdict == "does not fit" and "beside the 201 MB shared prefix" in r.reason


def test_a_sliding_window_cache_is_not_shared():
    with pytest.raises(ParameterError) as err:
        serve_llm("mistral-7b", "h100", prompt=2048, shared_prefix=1024)
    assert err.value.parameter == "shared_prefix"


def test_a_state_space_model_has_no_kv_blocks_to_share():
    """Mamba keeps a fixed state, no KV blocks: a shared prefix is refused, not costed as
    cached blocks of 0 bytes."""
    with pytest.raises(ParameterError, match="state-space") as err:
        serve_llm("mamba-2.8b", "h100", prompt=1024, shared_prefix=256)
    assert err.value.parameter == "shared_prefix"
    code, out = _invoke("mamba-2.8b", "--on", "h100", "--prompt", "1024", "--shared-prefix",
                        "256")
    assert code == 2 and "--shared-prefix" in out and "Traceback" not in out


def _invoke(*args):
    from test_serving import _invoke as invoke  # the real app, UserError → exit 2

    return invoke(*args)


def test_cli_headline_json_and_explain():
    code, out = _invoke("llama-3-8b", "--on", "h100", "--prompt", "2048", "--shared-prefix",
                        "1536")
    assert code == 0
    assert "prefix cache" in out and "hit /" in out and "sequences fit sharing 96 blocks" in out
    code, out = _invoke("llama-3-8b", "--on", "h100", "--prompt", "2048", "--shared-prefix",
                        "1536", "--prefix-hit", "0.5", "--format", "json", "--explain")
    data = json.loads(out)
    assert data["prefix_cache"]["hit_fraction"] == 0.5
    assert data["prefix_cache"]["prompt_tokens_computed"] == 2048 - 0.5 * 1536
    labels = [s["label"] for s in data["explain"]["steps"]]
    assert "cached tokens" in labels and "prefix KV, held once" in labels
    assert "TTFT of a hit: prefill of 512 new tokens" in labels  # 2048 − 1536 computed
    # the prefix's working appears once: the serving lines already hold the mean TTFT, the
    # KV per sequence, the sequences that fit and P_c, so the prefix cache does not repeat them
    assert len(labels) == len(set(labels))
    for repeated in ("mean TTFT", "KV per sequence (mean)", "prompt tokens computed"):
        assert repeated not in labels
    assert labels.count("sequences that fit") == 1
    assert "TTFT: mean over prefix hits and misses" in labels


@pytest.mark.parametrize(("args", "flag"), [
    (("--shared-prefix", "2048"), "--shared-prefix"),
    (("--shared-prefix", "100", "--prefix-hit", "2"), "--prefix-hit"),
    (("--prefix-hit", "0.5"), "--prefix-hit"),
])
def test_cli_bad_prefix_exits_2_with_one_line(args, flag):
    code, message = _invoke("llama-3-8b", "--on", "h100", "--prompt", "2048", *args)
    assert code == 2 and message.startswith(flag) and "\n" not in message


def test_cli_prefix_options_are_for_llms():
    code, message = _invoke("resnet50", "--on", "h100", "--shared-prefix", "16")
    assert code == 2 and "--shared-prefix" in message


def test_a_scenario_with_a_shared_prefix():
    data = load("chatbot-llama3-8b-h100").model_dump()
    data["workload"].update(shared_prefix=256, prefix_hit=0.9)
    verdict = evaluate(Scenario.model_validate(data))
    assert verdict.metrics["prefix_cache_cached_tokens"] == 256
    assert verdict.metrics["prefix_cache_hit_fraction"] == 0.9
    data = load("dlrm-serving").model_dump()
    data["workload"].update(shared_prefix=256)
    with pytest.raises(ValueError, match="shared_prefix applies to llm-serving"):
        Scenario.model_validate(data)
