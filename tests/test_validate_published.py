"""Validation against published GPU results: the data set, the static-batch formula, the CLI.

No test asserts a predicted value against the published one: the error is what the validation
reports, not something a test may pin (that would be tuning to validation data).
"""

import json

import pytest

from ironlaw.errors import UserError
from ironlaw.measure import validate_published as vp
from ironlaw.serving.batching import static_batch


def test_every_case_names_its_source_and_every_input_its_kind_needs():
    cases = vp.load_cases()
    assert len(cases) >= 25
    for case in cases:
        for field in vp.SOURCE_FIELDS:
            assert case.source[field], (case.id, field)
        assert case.source["url"].startswith("https://")
        assert set(vp.KINDS[case.kind][0]) <= set(case.inputs)
        assert case.published > 0 and case.table


def test_the_set_holds_the_figures_read_in_the_sources():
    # spot checks, copied from the sources (not from the code): TensorRT-LLM performance.md,
    # H100 FP8 LLaMA 7B batch 768, 128/128 -> 19,694 out tok/s/GPU; A100 FP16 LLaMA 70B TP4
    # first-token latency at 2048 input tokens: 377 ms; MAMF H100 SXM 792.1 TFLOPS at
    # 6144x17920x2816
    by_id = {c.id: c for c in vp.load_cases()}
    h100 = by_id["trt-h100-llama2-7b-b768-128-128"]
    assert h100.published == 19694 and h100.inputs["batch"] == 768
    assert by_id["trt-a100-llama2-70b-tp4-ttft-2048"].published == pytest.approx(0.377)
    mamf = by_id["mamf-h100-sxm-bf16"]
    assert mamf.published == pytest.approx(792.1e12)
    assert (mamf.inputs["m"], mamf.inputs["n"], mamf.inputs["k"]) == (6144, 17920, 2816)
    # TensorRT-LLM perf-overview (v1.0), in-flight batching: Llama 3.1 8B FP8 on H100 TP1 at
    # 1000/1000 -> 15,220 output tokens/s; Llama 3.3 70B FP8 on H100 TP2 at 2048/128 -> 762
    ib = by_id["trtib-h100-llama31-8b-1000-1000"]
    assert ib.published == 15220 and ib.inputs["engine"] == "trtllm"
    assert (ib.inputs["prompt"], ib.inputs["output"]) == (1000, 1000)
    assert by_id["trtib-h100-llama33-70b-tp2-2048-128"].published == 762
    # MLPerf Inference v3.0, NVIDIA closed, ResNet-50 Offline: DGX-H100 x1 'Samples per second:
    # 91825.7' at gpu_batch_size 2048 in int8; L4x1 13157.8 at gpu_batch_size 32
    rn50 = by_id["mlperf30-h100-sxm-x1-resnet50"]
    assert rn50.published == pytest.approx(91825.7)
    assert (rn50.inputs["batch"], rn50.inputs["precision"]) == (2048, "int8")
    assert by_id["mlperf30-l4-x1-resnet50"].inputs["batch"] == 32


def test_static_batch_hand_calculation():
    # B = 4 prompts prefilled in one 50 ms pass, then O − 1 = 9 decode steps of 10 ms:
    # 4 · 10 tokens / (0.05 + 9 · 0.01) s = 40 / 0.14 = 285.714... tokens/s
    assert static_batch(0.05, 0.01, 4, 10) == pytest.approx(40 / 0.14)


def test_gemm_rate_by_hand():
    # an 8192³ bf16 GEMM on an H100 SXM, by hand: FLOPs = 2·M·N·K = 1,099,511,627,776
    flops = 2 * 8192 * 8192 * 8192
    # peak: 989.4 TFLOP/s dense BF16 (NVIDIA H100 datasheet, SXM5; 1,979 with sparsity)
    peak = 989.4e12
    # fraction η = f · wave · tile · k/(k + k_half) (frameworks/cost.py's tiled-GEMM law):
    #   f = 0.8: large Tensor Core GEMMs reach ~70-85% of dense peak (NVIDIA Deep Learning
    #     Performance Guide, Matrix Multiplication Background)
    #   128 × 128 tiles (CUTLASS's default SM90 threadblock tile): 64 × 64 = 4,096 tiles over
    #     132 SMs (Hopper whitepaper) in ⌈4096/132⌉ = 32 waves: wave = 4096/4224 = 0.9697;
    #     8192 is a whole number of tiles: tile = 1; no split-K (4,096 tiles > 132 SMs)
    #   k_half = 64 (same guide): 8192 / (8192 + 64) = 0.9922
    fraction = 0.8 * (4096 / 4224) * 1.0 * (8192 / (8192 + 64))  # 0.76974
    # it is compute-bound: 3 × 8192² × 2 B = 403 MB at 0.85 × 3.35 TB/s is 0.14 ms, under the
    # 1.44 ms of compute; the one kernel pays a launch of 3 µs (a captured graph's ~2-4 µs per
    # kernel, the catalog's fused-mode overhead)
    time = flops / (peak * fraction) + 3e-6  # 1.4467 ms
    assert vp.gemm_rate("h100-sxm", "bf16", 8192, 8192, 8192) == pytest.approx(
        flops / time, rel=1e-12)  # 760.0 TFLOP/s, 76.8% of the datasheet peak


def test_errors_mape_and_worst_case_from_hand_made_results():
    source = {"title": "t", "url": "https://x", "published": "2024", "checked": "2026-12-04"}

    def case(i, published):
        return vp.Case(f"c{i}", "llm-prefill", "table", published, "s", {}, source, "f.yaml")

    result = vp.PublishedValidation((vp.CaseResult(case(1, 1.0), 1.05),
                                     vp.CaseResult(case(2, 2.0), 1.0)))
    # errors +5% and −50%: MAPE (0.05 + 0.5) / 2 = 27.5%; worst c2
    assert result.mape == pytest.approx(0.275)
    assert result.worst.case.id == "c2"
    assert result.within(0.10) == 1


def test_overall_and_per_kind_mape_are_one_calculation_by_hand():
    """uncertainty.mape: errors +10% and −30% give (0.1 + 0.3) / 2 = 20%; the overall MAPE and
    each kind's come from it (gemm: +10% and −30%, llm-prefill: +50% alone)."""
    from ironlaw.uncertainty import mape, relative_error

    assert relative_error(1.1, 1.0) == pytest.approx(0.1)
    assert mape([(1.1, 1.0), (14.0, 20.0)]) == pytest.approx(0.20)
    source = {"title": "t", "url": "https://x", "published": "2024", "checked": "2026-12-04"}

    def result(i, kind, published, predicted):
        return vp.CaseResult(vp.Case(f"c{i}", kind, "table", published, "s", {}, source,
                                     "f.yaml"), predicted)

    v = vp.PublishedValidation((result(1, "gemm", 1.0, 1.1), result(2, "gemm", 20.0, 14.0),
                                result(3, "llm-prefill", 2.0, 3.0)))
    by_kind = v.by_kind()
    assert by_kind["gemm"]["mape"] == pytest.approx(0.20)
    assert by_kind["llm-prefill"]["mape"] == pytest.approx(0.50)
    assert v.mape == pytest.approx((0.1 + 0.3 + 0.5) / 3)


@pytest.mark.parametrize("text, message", [
    ("cases: []\n", "'source' must give"),
    ("source: {title: t, url: u, published: p, checked: c}\n"
     "cases: [{id: a, kind: nope, table: t, unit: s, published: 1, inputs: {}}]\n", "kind"),
    ("source: {title: t, url: u, published: p, checked: c}\n"
     "cases: [{id: a, kind: gemm, table: t, unit: s, published: 1, inputs: {device: x}}]\n",
     "needs inputs"),
    ("source: {title: t, url: u, published: p, checked: c}\n"
     "cases: [{id: a, kind: gemm, table: t, unit: s, published: -1,\n"
     "         inputs: {device: x, dtype: bf16, m: 1, n: 1, k: 1}}]\n", "positive"),
])
def test_a_malformed_file_is_refused_naming_it(tmp_path, text, message):
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(UserError, match=message) as info:
        vp.load_cases(tmp_path)
    assert "bad.yaml" in str(info.value)


def test_cli_published_json(cli):
    code, out, _ = cli("validate", "--published", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["count"] == len(data["cases"]) >= 25
    errors = [abs(c["error"]) for c in data["cases"]]
    assert data["mape"] == pytest.approx(sum(errors) / len(errors))
    assert data["worst_case"] in {c["id"] for c in data["cases"]}
    for c in data["cases"]:
        assert c["error"] == pytest.approx((c["predicted"] - c["published"]) / c["published"])
        assert c["source_url"].startswith("https://")


def test_cli_published_table_names_the_worst_case(cli_text):
    code, text = cli_text("validate", "--published")
    assert code == 0
    assert "MAPE" in text and "worst" in text


def test_all_reduce_busbw_hand_calculation():
    # 8 H100 (β = 18 links × 20.6 GB/s = 370.8 GB/s, NCCL's topology model), 8 GiB =
    # 8,589,934,592 B, NVLS (NCCL 2.30: 25 µs, e = 0.85): T = 25 µs + M/(0.85 × 370.8e9)
    # = 27.279 ms; busbw = 2·7/8 · M/T = 551.1 GB/s. On the ring (Simple):
    # T = 56 µs + 1.75·M/370.8e9 = 40.596 ms; busbw = 370.3 GB/s
    m, beta = 8_589_934_592, 18 * 20.6e9
    assert vp.all_reduce_busbw("h100-sxm", 8, m) == pytest.approx(
        1.75 * m / (25e-6 + m / (0.85 * beta)), rel=1e-9)
    assert vp.all_reduce_busbw("h100-sxm", 8, m, nvls=False) == pytest.approx(
        1.75 * m / (8.4e-6 + 14 * 3.4e-6 + 1.75 * m / beta), rel=1e-9)
    # the figure read in the source: ~480 GB/s busbw with NVLS (nccl-tests issue #212)
    assert {c.id: c for c in vp.load_cases()}["nccl-h100x8-allreduce-nvls-peak"].published == 480e9


def test_the_mpt_training_cases_load_with_their_source_figures():
    # MosaicML llm-foundry scripts/train/benchmarking/README.md, A100 80GB table: MPT-7B,
    # SeqLen 2048, 8 GPUs, MicroBatchSize 6, GradAccum 2, GlobalBatchSize 96, FULL_SHARD,
    # no activation checkpointing -> 4641 tokens/s/GPU (MFU 64.23)
    cases = [c for c in vp.load_cases() if c.kind == "llm-train-throughput"]
    # the README's one-node (# GPUs ≤ 8) BF16 rows: 13 of the A100 80GB table (MPT-30B at
    # 8k, 2k, 512; 13B at 32k, 8k, 2k; 7B 2k; 3B 32k, 16k, 2k; 1B 8k; 760M 512; 125M 2k)
    # and 12 of the H100 80GB BF16 table (30B 8k, 2k; 13B 16k, 2k, 1k; 7B 64k, 4k, 2k; 3B 8k;
    # 1B 32k, 2k; 760M 512)
    by_device = [c.inputs["device"] for c in cases]
    assert (by_device.count("a100-80gb"), by_device.count("h100-sxm"), len(cases)) == (13, 12, 25)
    assert {c.inputs["device"] for c in cases} == {"a100-80gb", "h100-sxm"}
    assert {c.inputs["recompute"] for c in cases} == {"full", "none"}
    assert all(c.inputs["devices"] <= 8 for c in cases)
    case = {c.id: c for c in cases}["mpt-a100-7b-s2k"]
    assert case.published == 4641 and "MFU 64.23" in case.note
    x = case.inputs
    assert (x["layers"], x["hidden"], x["heads"], x["vocab"], x["seq"]) == (32, 4096, 32,
                                                                           50368, 2048)
    assert (x["micro_batch"], x["grad_accum"], x["global_batch"]) == (6, 2, 96)
    assert (x["zero"], x["recompute"]) == (3, "none")
    # MPT's default loss_fn is flash-attention's fused cross entropy (modeling_mpt.py)
    assert {c.inputs["loss"] for c in cases} == {"fused"}


def test_every_mpt_micro_batch_llm_foundry_ran_fits_the_plan():
    # each row is a run that completed on 80 GB GPUs: a plan that says "does not fit" at its
    # micro-batch is wrong about memory, whatever its speed
    misfits = [r.case.id for r in vp.validate_published(kinds=("llm-train-throughput",)).results
               if any("does not fit" in n for n in r.notes)]
    assert misfits == []


def test_mpt_parameter_count_by_hand():
    # The README's NumParams for MPT-7B at SeqLen 2048: 6,658,859,008. The bare GPT (biases,
    # two LayerNorms with bias a block, learned positions, tied embeddings), l = 32, h = 4096,
    # V = 50368, s = 2048:
    #   12·l·h² = 12·32·16,777,216      = 6,442,450,944  (QKV, out, 4h MLP weights)
    #   13·l·h  = 13·32·4096            =     1,703,936  (9h biases + 4h LayerNorm, per block)
    #   (V + s)·h = 52,416·4096         =   214,695,936  (token + position embeddings)
    #   2h                              =         8,192  (final LayerNorm)
    #   total                           = 6,658,859,008
    from ironlaw.models.zoo import shape_model
    from ironlaw.training.plan import plan_training

    model = shape_model(32, 4096, 32, 50368, 2048).id
    plan = plan_training(model, "a100-80gb", 8, micro_batch=6, global_batch=96, seq=2048,
                         zero=3)
    assert plan.params == 6_658_859_008


def test_a_training_case_predicts_what_ironlaw_train_reports(cli):
    case = {c.id: c for c in vp.load_cases()}["mpt-a100-7b-s2k"]
    x = case.inputs
    code, out, _ = cli("train", "--layers", "32", "--hidden", "4096", "--heads", "32",
                       "--vocab", "50368", "--seq", "2048", "--on", "a100-80gb",
                       "--devices", "8", "--micro-batch", "6", "--global-batch", "96",
                       "--zero", "3", "--recompute", "none", "--precision", "bf16",
                       "--optimizer", "adamw", "--attention", "flash", "--loss", "fused",
                       "--mode", "eager", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert x["seq"] == 2048 and x["global_batch"] == 96 and x["device"] == "a100-80gb"
    assert x["mode"] == "eager"  # Composer without compile_config: eager PyTorch
    assert vp.predict(case).predicted == pytest.approx(data["tokens_per_s"] / data["devices"],
                                                       rel=1e-9)


def test_the_mlenergy_cases_load_with_the_figures_read_in_the_leaderboard():
    # ML.ENERGY Leaderboard v2.0, data/llm_text_generation/chat/H100 80GB HBM3/meta-llama/
    # Meta-Llama-3.1-8B-Instruct/bs64+tp1+pp1.json: "Energy/req (J)": 82.58581692374547,
    # "Avg Output Tokens": 482.798, "Max BS (reqs)": 64, TP 1. The aggregator's Energy/req is
    # the steady-state energy per output token times the mean output length, so the figure per
    # output token is the quotient, by hand:
    #   82.58581692374547 J / 482.798 tokens = 0.171057... J per output token
    cases = [c for c in vp.load_cases() if c.kind == "llm-energy-per-token"]
    # the runs read: on each of A100-SXM4-40GB and H100 80GB HBM3, four models (Llama 3.1 8B,
    # Mistral 7B, Llama 3.1 70B, Mixtral 8x7B), each at two maximum batches (its smallest and
    # largest run): 2 × 4 × 2 = 16
    assert len(cases) == 16
    assert len({(c.inputs["device"], c.inputs["model"]) for c in cases}) == 2 * 4
    assert {c.inputs["device"] for c in cases} == {"a100-40gb", "h100-sxm"}
    assert all(1 <= c.inputs["devices"] <= 8 for c in cases)
    case = {c.id: c for c in cases}["mle2-h100-llama31-8b-b64"]
    assert case.published == pytest.approx(0.171057, rel=1e-5)
    assert "82.5858 J" in case.note and "482.798" in case.note
    x = case.inputs
    assert (x["model"], x["device"], x["devices"], x["batch"], x["output"]) == (
        "llama-3.1-8b", "h100-sxm", 1, 64, 483)  # 482.798 rounded to a whole token
    # A100 8B at batch 32 (bs32+tp1+pp1.json): 102.65286690513797 J / 485.745 tokens
    a100 = {c.id: c for c in cases}["mle2-a100-llama31-8b-b32"]
    assert a100.published == pytest.approx(102.65286690513797 / 485.745, rel=1e-5)


# The ML.ENERGY v2 prompt length is not published; mlenergy-v2-chat.yaml estimates it from
# what is: the first human turns of ShareGPT_V3_filtered_500.json average 350.4 characters, at
# ~4 characters a token of English text; Llama 3.1's chat template adds ~20 tokens of the
# 19-word system prompt and ~33 of headers and the 'Cutting Knowledge Date ... Today Date'
# lines. Whole tokens (the fraction dropped): 87.6 + 20 + 33 = 140.6 -> 140
USER_TURN = 350.4 / 4
LLAMA31_PROMPT = int(USER_TURN + 20 + 33)
# Mistral v0.3 / Mixtral: a 32k vocabulary, Llama 3's 128k gives 'up to 15% fewer tokens'
# (Meta), so 87.6 × 1.15 + ~22 (system prompt) + ~8 ([INST] template) = 130.74 -> 130
MISTRAL_PROMPT = int(USER_TURN * 1.15 + 22 + 8)


def test_the_mlenergy_prompt_estimate_follows_from_its_stated_figures():
    assert (LLAMA31_PROMPT, MISTRAL_PROMPT) == (140, 130)
    cases = [c for c in vp.load_cases() if c.kind == "llm-energy-per-token"]
    for case in cases:
        llama = case.inputs["model"].startswith("llama-3.1")
        assert case.inputs["prompt"] == (LLAMA31_PROMPT if llama else MISTRAL_PROMPT), case.id


def test_an_energy_case_predicts_what_ironlaw_serve_reports(cli):
    case = {c.id: c for c in vp.load_cases()}["mle2-h100-llama31-8b-b64"]
    x = case.inputs
    code, out, _ = cli("serve", x["model"], "--on", x["device"], "--devices",
                       str(x["devices"]), "--precision", x["precision"], "--batch",
                       str(x["batch"]), "--prompt", str(x["prompt"]), "--output",
                       str(x["output"]), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["batch"], data["prompt"], data["output"]) == (64, LLAMA31_PROMPT, 483)
    assert vp.predict(case).predicted == pytest.approx(data["energy_per_token_j"], rel=1e-9)
    assert data["energy"]["per_output_token_j"] == data["energy_per_token_j"]


def test_the_a100_40gb_energy_cases_draw_its_measured_idle_power():
    """The ML.ENERGY A100-40GB cases used to take 0 W idle (the catalog lacked it, and said
    so); the catalog now has one GPU's nvidia-smi at rest, 45 W, and no case notes a gap.
    (A device without an idle power still says so: test_operations.)"""
    from ironlaw.hardware.catalog import builtin

    assert builtin().device("a100-40gb").power.idle.value == 45.0  # nvidia-smi at rest
    result = vp.predict({c.id: c for c in vp.load_cases()}["mle2-a100-llama31-8b-b32"])
    assert not any("idle power not in the catalog" in n for n in result.notes)


def test_an_offline_case_is_devices_times_what_ironlaw_analyze_reports(cli):
    """MLPerf Offline: each GPU runs its own engine, so 8 GPUs at batch B give 8 · B / T(B),
    T(B) the latency `ironlaw analyze` reports for one batch."""
    code, out, _ = cli("analyze", "resnet50", "--on", "h100", "--precision", "int8",
                       "--batch", "2048", "-f", "json")
    assert code == 0
    latency = json.loads(out)["latency_s"]
    case = vp.Case("x", "offline-throughput", "t", 1.0, "samples/s",
                   {"model": "resnet50", "device": "h100-sxm", "devices": 8,
                    "precision": "int8", "batch": 2048}, {}, "f", "")
    assert vp.predict(case).predicted == pytest.approx(8 * 2048 / latency, rel=1e-9)


def test_tensorrt_llm_before_xqa_reads_kv_per_query_head():
    # TensorRT-LLM v0.6.1 decodes with the masked MHA kernel, one thread block per query head
    # (its gpt_attention.md); XQA, which reads a K/V head once for its group, came in v0.8
    # (blogs/XQA-kernel.md). v1.0's in-flight cases run with XQA: grouped reads.
    cases = vp.load_cases()
    v06 = [c for c in cases if c.file == "trtllm-v0.6.yaml" and c.kind == "llm-static-throughput"]
    v10 = [c for c in cases if c.file == "trtllm-v1.0-inflight.yaml"]
    assert v06 and v10
    assert all(c.inputs.get("kv_reads") == "per-head" for c in v06)
    assert all("kv_reads" not in c.inputs for c in v10)
