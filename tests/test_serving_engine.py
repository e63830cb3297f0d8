"""An engine's token budget: several prompts' tokens and the running batch's decode rows costed as
one pass, the saturated (offline) iteration, the engines' default budgets, and energy per token.

Expected values are hand calculations written out here, the engines' own sources (vLLM
EngineArgs.get_batch_defaults, TensorRT-LLM BuildConfig, SGLang ServerArgs), the published
Llama 3 8B config (32 layers, hidden 4096, 8 KV heads of 128, MLP 14336) and the H100 SXM
datasheet (700 W TDP).
"""

import json
import math

import pytest

from ironlaw.operations.serving_energy import serving_energy, with_energy
from ironlaw.serving import batching, phases, serve_llm, sources
from ironlaw.serving.target import resolve

H100 = resolve("h100", 1, None)
GB = 1e9


# --- the engines' default budgets ---------------------------------------------------------------

def test_default_budgets_are_the_engines_own():
    budget = lambda engine, memory, device: sources.token_budget(engine, memory, device).value  # noqa: E731
    # vLLM V1, offline LLM class: 16384 on GPUs of >= 70 GiB except the A100, else 8192
    assert budget("vllm", 80 * GB, "h100-sxm") == 16384
    assert budget("vllm", 80 * GB, "a100-80gb") == 8192
    assert budget("vllm", 48 * GB, "l40s") == 8192
    # TensorRT-LLM BuildConfig.max_num_tokens = 8192 everywhere
    assert budget("trtllm", 80 * GB, "h100-sxm") == budget("trtllm", 24 * GB, "l4") == 8192
    # SGLang chunked_prefill_size: < 35 GiB 2048, < 160 GiB 8192, else 16384
    assert budget("sglang", 24 * GB, "l4") == 2048
    assert budget("sglang", 80 * GB, "h100-sxm") == 8192
    assert budget("sglang", 192 * GB, "b200") == 16384
    for tiers in sources.ENGINE_BUDGETS.values():
        for constant in tiers.values():
            assert constant.source.url.startswith("https://github.com/")


def test_serve_uses_the_engine_default_unless_a_budget_is_given():
    assert serve_llm("llama-3-8b", "h100", batch=8).token_budget == 16384
    assert serve_llm("llama-3-8b", "h100", batch=8, engine="sglang").token_budget == 8192
    given = serve_llm("llama-3-8b", "h100", batch=8, token_budget=4096)
    assert (given.token_budget, given.engine, given.budget_given) == (4096, "vllm", True)


def test_the_engine_caps_the_running_batch():
    # vLLM max_num_seqs: 1024 on GPUs of >= 70 GiB except the A100, else 256; TensorRT-LLM
    # BuildConfig.max_batch_size 2048; SGLang: no fixed cap (the KV pool bounds it)
    cap = lambda engine, memory, device: sources.max_sequences(engine, memory, device)  # noqa: E731
    assert cap("vllm", 80 * GB, "h100-sxm").value == 1024
    assert cap("vllm", 80 * GB, "a100-80gb").value == 256
    assert cap("trtllm", 80 * GB, "h100-sxm").value == 2048
    assert cap("sglang", 80 * GB, "h100-sxm") is None
    # Llama 3 8B, P = O = 128 on an H100: the budget allows ⌊16384·127/255⌋ = 8159 rows, the KV
    # cache more than 1024 sequences, so vLLM's cap of 1024 sets the batch: p = 1024·128/127
    r = serve_llm("llama-3-8b", "h100", prompt=128, output=128, batch=8)
    assert r.memory["max_sequences"] > 1024
    assert (r.offline.batch, r.offline.bound) == (1024, "engine's max sequences")
    assert r.offline.prefill_tokens == pytest.approx(1024 * 128 / 127)


# --- the saturated iteration, by hand -----------------------------------------------------------

def test_engine_iteration_hand_calculation():
    # K = 8192, P = 1000, O = 101. The budget holds B decode rows plus the prompt tokens that
    # replace finishing sequences, B·P/(O − 1): B·(1 + 1000/100) ≤ 8192 → B ≤ ⌊8192·100/1100⌋
    # = ⌊744.7⌋ = 744.
    # KV cache for 600 sequences: B = 600, p = 600·1000/100 = 6000 (6600 ≤ 8192 tokens)
    assert batching.steady(8192, 600, 1000, 101) == (600, 6000.0, "kv cache")
    # KV cache for 1000: the budget binds at B = 744, p = 7440 (8184 ≤ 8192 tokens)
    assert batching.steady(8192, 1000, 1000, 101) == (744, 7440.0, "token budget")
    # 7440 prompt tokens pack as ⌈7440/1000⌉ = 8 chunks of ⌈7440/8⌉ = 930 tokens
    assert batching.pack(7440, 1000) == (8, 930)
    # one iteration of 100 ms: X = 744/(100 × 0.1 s) = 74.4 requests/s, output 74.4 × 101
    # = 7514.4 tokens/s, total 74.4 × (1000 + 101) = 81914.4 tokens/s; a prompt's 1000 tokens
    # fit one iteration's 7440: TTFT = 100 ms
    s = batching.engine(0.100, 744, 7440.0, 1000, 101, "token budget")
    assert s.requests_per_s == pytest.approx(74.4)
    assert s.tokens_per_s == pytest.approx(7514.4)
    assert s.total_tokens_per_s == pytest.approx(81914.4)
    assert (s.ttft_s, s.tpot_mean_s, s.sustainable) == (pytest.approx(0.1), 0.1, True)
    # a budget too small for one sequence and its prompt admits nothing
    assert batching.steady(8, 100, 1000, 101)[0] == 0
    assert not batching.engine(math.nan, 0, 0.0, 1000, 101, "token budget").sustainable


def test_several_prompts_share_one_pass_through_the_linear_layers():
    # B = 64 decode rows + 2 prompts of 500 tokens in one mixed pass: every linear layer of
    # Llama 3 8B runs on 64 + 2·500 = 1064 rows. Per layer its linear weights are
    # q, o: 4096² each; k, v: 4096·1024 each; gate, up, down: 4096·14336 each
    # = 2·16,777,216 + 2·4,194,304 + 3·58,720,256 = 218,103,808; × 32 layers = 6,979,321,856;
    # at 2 FLOPs per multiply-add: 2 × 6,979,321,856 × 1064 FLOPs
    cost = phases.mixed("llama-3-8b", H100, 64, 576, 500, 500, "bf16", pieces=2)
    assert cost.tokens == 1064
    graph = cost.analysis.graph
    linear = sum(op.count * op.flops for op in graph.ops
                 if op.kind == "matmul" and op.name != "lm_head")
    assert linear == pytest.approx(2 * 6_979_321_856 * 1064)
    # the logits: one row per decode sequence and one per prompt, 4096 × 128,256 each
    lm_head = next(op for op in graph.ops if op.name == "lm_head")
    assert lm_head.flops == pytest.approx(2 * 4096 * 128_256 * (64 + 2))
    # read once, the weights cost less than a decode step plus two separate prefills
    apart = (phases.decode("llama-3-8b", H100, 64, 576, "bf16").time_s
             + 2 * phases.prefill("llama-3-8b", H100, 500, "bf16").time_s)
    assert cost.time_s < apart


def test_offline_throughput_counts_prefill_and_decode_tokens():
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=64, token_budget=8192)
    e = r.offline
    # B ≤ ⌊8192·127/639⌋ = 1628, so the KV cache sets the batch
    assert e.bound == "kv cache" and e.batch <= r.memory["max_sequences"]
    assert e.prefill_tokens == pytest.approx(e.batch * 512 / 127)
    t_iter = r.passes["engine"].time_s
    # p prompt tokens packed as n = ⌈p/512⌉ chunks of ⌈p/n⌉ tokens: n·s rows, less than n over p
    n, size = batching.pack(round(e.prefill_tokens), 512)
    assert n * size - e.prefill_tokens < n
    assert r.passes["engine"].tokens == e.batch + n * size
    assert e.requests_per_s == pytest.approx(e.batch / (127 * t_iter))
    assert e.total_tokens_per_s == pytest.approx(e.requests_per_s * (512 + 128))
    data = r.to_dict()
    assert data["offline_total_tokens_per_s"] == pytest.approx(e.total_tokens_per_s)
    assert data["offline_output_tokens_per_s"] == pytest.approx(e.requests_per_s * 128)


def test_chunked_prefill_is_sustainable_at_offline_batches_when_the_budget_allows():
    # B = 512, P = 512, O = 128. Budget 16384: slots free B·P/(O − 1) = 2064.1 prompt tokens
    # an iteration, so c = min(16384 − 512, ⌈2064.1⌉) = 2065 (about four prompts), and
    # f = 512·512/(2065·127) = 262,144/262,255 = 0.99958 ≤ 1: sustainable, nearly every
    # iteration mixed.
    big = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=512,
                    token_budget=16384).schedules[1]
    assert big.chunk_tokens == 2065
    assert big.sustainable and big.mixed_share == pytest.approx(512 * 512 / (2065 * 127))
    # Budget 2048: c = 2048 − 512 = 1536, f = 512·512/(1536·127) = 1.34 > 1: prompts cannot
    # keep up
    small = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=512,
                      token_budget=2048).schedules[1]
    assert not small.sustainable


def test_node_figures_multiply_the_replicas_a_node_holds():
    r = serve_llm("llama-3-8b", "dgx-h100", devices=2, batch=16)
    data = r.to_dict()  # 8 GPUs, 2 per replica: 4 replicas per node
    assert data["offline_total_tokens_per_s_per_node"] == pytest.approx(
        4 * data["offline_total_tokens_per_s"])


# --- energy per token ---------------------------------------------------------------------------

def _board(cost, idle_w, tdp_w=700.0):
    """P = P_idle + (P_TDP − P_idle)·u, u = 1 − t_overhead/T, over the per-device graph's T."""
    a = cost.analysis
    u = 1 - a.overhead_s / a.latency_s
    return (idle_w + (tdp_w - idle_w) * u) * a.latency_s


def test_energy_per_output_token_by_hand():
    # one H100 (700 W TDP), a stated idle power of 70 W, B = 32, P = 512, O = 128, under vLLM's
    # token budget K = 16384 on an 80 GB GPU: a slot frees B·P/(O − 1) = 129 prompt tokens an
    # iteration, under one prompt, so a mixed iteration carries one prompt, c = 512 tokens, a
    # share f = B·P/(c·(O − 1)) = 32/127 of the iterations, and a request is charged
    # (O − 1)/B iterations:
    # E_request = 127/32 · (f·E_mix + (1 − f)·E_dec); per output token E_request/128
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32)
    assert r.token_budget == 16384 and r.running.name == "chunked"
    e = serving_energy(r, idle_w=70.0)
    f = 32 * 512 / (512 * 127)
    mix, dec = _board(r.passes["mixed"], 70.0), _board(r.passes["decode"], 70.0)
    assert e.busy_share == 1.0 and e.idle_j == 0.0  # no arrival rate: always busy
    assert e.schedule == "chunked" and e.mixed_share == pytest.approx(f)
    assert e.per_output_token_j == pytest.approx(127 / 32 * (f * mix + (1 - f) * dec) / 128)
    # offline: one iteration yields B·O/(O − 1) output tokens
    n = r.offline.batch
    assert e.offline_per_output_token_j == pytest.approx(
        _board(r.passes["engine"], 70.0) * 127 / (n * 128))


def test_a_budget_the_decode_rows_fill_charges_prefill_first():
    # K = B = 32 leaves no prompt tokens for a mixed iteration (c = 0): the engine admits
    # prompts prefill-first, and a request is charged its prefill and 127/32 decode steps
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32, token_budget=32)
    assert r.running.name == "prefill-first" and "mixed" not in r.passes
    e = serving_energy(r, idle_w=70.0)
    pre, dec = _board(r.passes["prefill"], 70.0), _board(r.passes["decode"], 70.0)
    assert e.schedule == "prefill-first" and e.mixed is None
    assert e.per_output_token_j == pytest.approx((pre + 127 * dec / 32) / 128)


@pytest.mark.parametrize(("model", "device", "tp", "batch", "prompt", "output"), [
    ("llama-3-8b", "h100", 1, 32, 512, 128),
    ("llama-3-8b", "h100", 1, 64, 4096, 128),  # the prefill-first energy gave 705 W here
    ("llama-3-70b", "dgx-h100", 8, 64, 1024, 512),
])
def test_energy_per_token_times_tokens_per_s_stays_under_the_boards_tdp(
        model, device, tp, batch, prompt, output):
    # the power the served schedule draws, E/token × output tokens/s, is at most tp × 700 W
    data = with_energy(serve_llm(model, device, devices=tp, prompt=prompt, output=output,
                                 batch=batch)).to_dict()
    assert data["energy_per_token_j"] * data["output_tokens_per_s"] <= tp * 700.0


def test_idle_power_counts_in_a_lightly_loaded_fleet():
    # 2 requests/s against a replica that serves X requests/s at full batch on the schedule it
    # runs (chunked: X = B/((O − 1)·mean gap)): ρ = 2/X, and each request carries
    # P_idle·(1/X)·(1 − ρ)/ρ = 70 W·(1/2 − 1/X) of idling
    r = serve_llm("llama-3-8b", "h100", prompt=512, output=128, batch=32, arrival_rate=2.0,
                  slo_ttft=1.0)
    assert r.replicas == 1 and r.running.name == "chunked"
    x = 32 / (127 * r.running.tpot_mean_s)
    e = serving_energy(r, idle_w=70.0)
    assert e.busy_share == pytest.approx(2 / x)
    assert e.idle_j == pytest.approx(70.0 * (1 / 2 - 1 / x))


def test_serve_reports_energy_per_token_and_rejects_a_bad_engine(cli):
    code, out, _ = cli("serve", "llama-3-8b", "--on", "h100", "--batch", "16", "--engine",
                       "trtllm", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["token_budget"] == 8192 and data["engine"] == "trtllm"
    assert data["energy_per_token_j"] == pytest.approx(data["energy"]["per_output_token_j"])
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "--engine", "tgi")
    assert code == 2 and "--engine" in err and "Traceback" not in out + err
    code, out, err = cli("serve", "resnet50", "--on", "h100", "--token-budget", "8")
    assert code == 2 and "--token-budget" in err
    # an idle power above the H100's 700 W TDP is refused, naming the flag
    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "--idle-power", "900 W")
    assert code == 2 and "--idle-power" in err and "700 W" in err
    code, out, _ = cli("serve", "llama-3-8b", "--on", "h100", "--idle-power", "70 W",
                       "--format", "json")
    assert code == 0 and json.loads(out)["energy"]["idle_power_w"] == 70.0


def test_a_model_that_does_not_fit_reports_no_energy():
    # Llama 3 70B in bf16 holds about 141 GB of weights: more than an L4's 24 GB
    r = serve_llm("llama-3-70b", "l4")
    assert r.verdict == "does not fit" and r.offline.batch == 0
    data = with_energy(r).to_dict()
    assert "energy_per_token_j" not in data and data["offline_total_tokens_per_s"] == 0.0


def test_the_headline_throughput_counts_prefill_and_decode():
    from ironlaw.serving import serve_llm

    result = serve_llm("llama-3-8b", "h100", batch=64, prompt=512, output=128)
    data = result.to_dict()
    # a request carries P + O = 640 tokens through the engine, O = 128 of them generated
    assert data["total_tokens_per_s"] == pytest.approx(data["output_tokens_per_s"] * 640 / 128)
    assert data["schedule"] == "chunked"  # sustainable under vLLM's default budget
    # mixed iterations carry prefill work: fewer output tokens/s than pure decode steps B/TPOT
    assert data["output_tokens_per_s"] < data["throughput_tokens_per_s"]
    headline = result.rows()[0].records
    assert any("prefill + decode" in str(r["value"]) for r in headline)


def _chunk_attention(model, device, tp, context, chunk, chunk_context):
    """The (count, visible keys, FLOPs per device) of the prompt chunk's attention ops in one
    mixed iteration: one decode row at ``context`` and one ``chunk``-token prompt piece."""
    from ironlaw.serving import phases
    from ironlaw.serving.target import resolve

    p = phases.mixed(model, resolve(device, tp, None), 1, context, chunk, chunk_context,
                     "bf16", 1)
    return [(o.count, o.n, o.flops) for o in p.analysis.graph.ops
            if o.kind == "attention" and o.m == chunk]


def test_a_chunk_attends_as_its_layer_does_sliding_window_or_global():
    # Gemma 2 9B: 42 layers alternating a 4096-token sliding window and global attention,
    # 16 query heads of 256. A 1024-token chunk whose prompt reaches 8192 tokens: query i
    # sees 7169 + i keys in a global layer (mean (7169 + 8192)/2 = 7680.5), all 4096 of the
    # window in a local one. FLOPs = 2·H·q·keys·(d + d_v) + 5·H·q·keys (softmax)
    local, global_ = _chunk_attention("gemma-2-9b", "h100", 1, 8192, 1024, 8192)
    assert local == (21, 4096.0, pytest.approx(16 * 1024 * 4096 * (2 * 512 + 5)))
    assert global_ == (21, 7680.5, pytest.approx(16 * 1024 * 7680.5 * (2 * 512 + 5)))


def test_a_chunks_attention_splits_its_heads_over_the_tensor_parallel_devices():
    # Llama 3 70B over 4 devices: 64 query heads of 128, 16 per device. A first 512-token
    # chunk (causal over itself): mean visible keys (1 + 512)/2 = 256.5
    [(count, keys, flops)] = _chunk_attention("llama-3-70b", "dgx-h100", 4, 1024, 512, 512)
    assert (count, keys) == (80, 256.5)
    assert flops == pytest.approx(16 * 512 * 256.5 * (2 * 256 + 5))
