"""The KV cache in its own precision and with other key/value heads (issue 11: `--kv-precision`
and `--kv-heads` wherever a model is served), through the one KV law."""

import pytest

from ironlaw.errors import ParameterError
from ironlaw.models.zoo import build_model
from ironlaw.serving import serve_llm

# Llama 3 8B (its config.json): 32 layers, 8 key/value heads of 128, 32 query heads
PER_TOKEN_BF16 = 2 * 32 * 8 * 128 * 2  # K and V, every layer: 131,072 B
PER_TOKEN_FP8 = 2 * 32 * 8 * 128 * 1  # 65,536 B

# Serving Llama 3 8B on one H100 SXM, batch 32, prompt 4,096, output 512, by hand:
# usable memory u·M: vLLM's default gpu_memory_utilization 0.9 of the 81,559 MiB nvidia-smi
# reports for an H100 SXM 80GB
USABLE = 0.9 * 81559 * 2**20  # 76,968,728,985.6 B
WEIGHTS = 8_030_261_248 * 2  # Llama 3 8B's parameters (HF model card: 8.03B) in bf16
# a sequence reserves 4,096 + 512 = 4,608 tokens: 288 whole blocks of 16 (vLLM block_size)
PAGED = -(-(4096 + 512) // 16) * 16
# the largest live working set A: the cache an op reads is already in the KV term, so a
# decode step's largest is its LM head, reading 32 hidden states and writing 32 logits,
# 32 × 2 × (4,096 + 128,256) B = 8,470,528 B (bf16 activations, whatever the cache's dtype),
DECODE_LM_HEAD = 32 * 2 * (4096 + 128_256)
# ... below the prefill's SwiGLU product over 4,096 prompt tokens: reads gate and up
# (2 × 14,336), writes 14,336, bf16
PREFILL_SILU_MUL = 4096 * 3 * 14336 * 2  # 352,321,536 B


def test_kv_bytes_at_the_kv_precision_not_the_weights():
    plain = build_model("llama-3-8b", "decode", batch=8, context=4096)
    fp8 = build_model("llama-3-8b", "decode", batch=8, context=4096, kv_precision="fp8")
    assert plain.workload.kv_cache_bytes == PER_TOKEN_BF16 * 4096 * 8  # 4.29 GB
    assert fp8.workload.kv_cache_bytes == PER_TOKEN_FP8 * 4096 * 8  # 2.15 GB
    assert fp8.param_bytes == plain.param_bytes  # the weights stay bf16
    # decode reads the whole cache each step: each layer's attention reads 8 sequences × 4096
    # tokens × (K + V: 2 × 8 heads × 128) elements, one byte fewer each in fp8
    attention = [op for op in plain.ops if op.kind == "attention"][0]
    attention8 = [op for op in fp8.ops if op.kind == "attention"][0]
    assert attention.input_bytes - attention8.input_bytes == 8 * 4096 * 2 * 8 * 128


def test_fewer_kv_heads_shrink_the_cache_and_the_projections():
    mqa = build_model("llama-3-8b", "decode", batch=8, context=4096, kv_heads=1)
    plain = build_model("llama-3-8b", "decode", batch=8, context=4096)
    assert mqa.workload.kv_cache_bytes == 2 * 32 * 1 * 128 * 2 * 4096 * 8  # 1/8 of GQA-8
    # K and V projections lose 7 heads × 128 of output width, in each of 32 layers
    assert plain.params - mqa.params == 2 * 32 * 4096 * 7 * 128


def test_serving_with_an_fp8_cache():
    plain = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512)
    fp8 = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512, kv_precision="fp8")
    assert plain.memory["kv_per_token_bytes"] == PER_TOKEN_BF16
    assert fp8.memory["kv_per_token_bytes"] == PER_TOKEN_FP8
    # the sequences that fit, by hand: budget = u·M − W − A, per sequence = per token × paged
    # tokens, max = ⌊budget / per sequence⌋ (kv.py's law; Kwon et al. SOSP 2023 for blocks)
    # A is the larger of the two, the prefill's 352,321,536 B for either cache dtype
    assert PREFILL_SILU_MUL > DECODE_LM_HEAD
    budget = USABLE - WEIGHTS - PREFILL_SILU_MUL  # 60,555,884,953.6 B
    assert plain.memory["kv_budget_bytes"] == pytest.approx(budget, rel=1e-12)
    assert fp8.memory["kv_budget_bytes"] == pytest.approx(budget, rel=1e-12)
    # 60,555,884,953.6 / (131,072 × 4,608) = 100.3 → 100; / (65,536 × 4,608) = 200.5 → 200:
    # half the bytes per sequence hold twice the sequences
    assert plain.memory["max_sequences"] == budget // (PER_TOKEN_BF16 * PAGED) == 100
    assert fp8.memory["max_sequences"] == budget // (PER_TOKEN_FP8 * PAGED) == 200
    ratio = fp8.memory["max_sequences"] / plain.memory["max_sequences"]
    assert ratio == 2
    # at 4,352 tokens of context the decode step reads 32 × 4,352 × 131 kB = 18.3 GB of KV
    # beside 16 GB of weights: halving the KV saves a quarter of the step or more
    assert fp8.tpot_s < 0.8 * plain.tpot_s
    assert "KV cache stored in fp8" in " ".join(fp8.assumptions)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"kv_heads": 3}, "kv_heads"),  # must divide 32 query heads
    ({"kv_heads": 0}, "kv_heads"),
    ({"kv_precision": "fp7"}, "kv_precision"),
])
def test_a_kv_layout_that_cannot_be_is_refused(kwargs, field):
    with pytest.raises(ParameterError) as err:
        serve_llm("llama-3-8b", "h100", **kwargs)
    assert err.value.parameter == field


def test_cli_flags(cli):
    code, out, _ = cli("serve", "llama-3-8b", "--on", "h100", "--kv-precision", "fp8",
                       "--kv-heads", "4", "-f", "json")
    assert code == 0
    import json

    # 2 × 32 layers × 4 heads × 128 × 1 B = 32,768 B per token
    assert json.loads(out)["memory"]["kv_per_token_bytes"] == 32768
    code, _, err = cli("serve", "resnet50", "--on", "h100", "--kv-heads", "2")
    assert code == 2 and "--kv-heads" in err


def test_int4_weights_are_served_weight_only_with_a_16_bit_cache():
    # issue 11: `serve --precision int4` on an H100 (no int4 tensor peak) failed, and the KV
    # cache followed the weights to int4. int4 is served W4A16 (Marlin): fp16 activations and
    # cache, int4 weights with an fp16 scale per group of 128 dequantized inside each GEMM.
    w4 = serve_llm("llama-3-8b", "h100", precision="int4", prompt=4096, output=512, batch=32)
    assert w4.memory["kv_per_token_bytes"] == PER_TOKEN_BF16  # 2 × 32 × 8 × 128 × 2 B (fp16)
    # weights by hand: 8,030,261,248 parameters; the embedding 128,256 × 4,096 = 525,336,576
    # stays 16-bit (1.051 GB); the 65 norms of 4,096 too (0.5 MB); every other parameter is a
    # GEMM weight at 4 + 16/128 = 4.125 bits:
    # (8,030,261,248 − 525,336,576 − 266,240) × 4.125 / 8 = 3.870 GB → 4.921 GB in all
    gemm = 8_030_261_248 - 525_336_576 - 65 * 4096
    expected = gemm * 4.125 / 8 + (525_336_576 + 65 * 4096) * 2
    assert w4.memory["weights_per_device_bytes"] == pytest.approx(expected, rel=1e-3)
    assert any("weight-only" in a for a in w4.assumptions)
    # an int4 cache beside fp16 weights can be asked for: 2 × 32 × 8 × 128 × 0.5 B per token
    kv4 = serve_llm("llama-3-8b", "h100", precision="fp16", kv_precision="int4")
    assert kv4.memory["kv_per_token_bytes"] == 32768


@pytest.mark.parametrize("store", ["fp8", "int8"])
def test_an_8_bit_cache_shortens_decode_at_long_context(store):
    # batch 32 at 4,096 + 256 tokens: 32 × 4,352 × 131,072 B = 18.3 GB of bf16 KV per step
    # beside 16 GB of weights; an 8-bit cache reads 9.1 GB, so the step loses about a quarter
    plain = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512)
    small = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512,
                      kv_precision=store)
    assert small.tpot_s < 0.8 * plain.tpot_s


def test_tensor_parallelism_splits_the_overridden_kv_heads():
    # 4 KV heads over 2 devices: each holds 2 of 4, half of a sequence's cache
    # (2 × 32 × 4 × 128 × 2 B × 640 paged tokens = 41.9 MB per sequence, 21.0 MB per device)
    two = serve_llm("llama-3-8b", "dgx-h100", devices=2, kv_heads=4)
    assert two.memory["kv_per_sequence_bytes"] == 2 * 32 * 4 * 128 * 2 * 640
    assert two.memory["kv_per_sequence_per_device_bytes"] == 2 * 32 * 4 * 128 * 2 * 640 / 2
    with pytest.raises(ParameterError) as err:  # 8 devices cannot split 4 KV heads
        serve_llm("llama-3-8b", "dgx-h100", devices=8, kv_heads=4)
    assert err.value.parameter == "devices"


def test_a_serving_sweep_takes_kv_precision_and_kv_heads_as_dimensions():
    import ironlaw

    ds = ironlaw.sweep("llama-3-8b", "h100", method="serving", batch=32, prompt=4096,
                       output=512, kv_precision=["bf16", "fp8"], kv_heads=[8, 32])
    assert ds.sizes == {"kv_precision": 2, "kv_heads": 2}
    # the same numbers serve_llm gives for one configuration (one function, called with arrays)
    one = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512,
                    kv_precision="fp8", kv_heads=32)
    at = ds.sel(kv_precision="fp8", kv_heads=32)
    assert float(at.tpot_s) == pytest.approx(one.tpot_s)
    assert float(at.max_sequences) == one.memory["max_sequences"]
    # MHA (32 heads) holds 4× the bytes per sequence of GQA-8 (2 × 32 × 32 × 128 × 2 B =
    # 524,288 B per token), its K and V projections add 2 × 32 layers × 4,096 × 24 heads × 128
    # × 2 B = 1.61 GB of weights, and its decode attention reads 4× the cache (the cache,
    # not a live activation: A stays the prefill's SwiGLU product)
    bf16 = ds.sel(kv_precision="bf16")
    weights_mha = WEIGHTS + 2 * 32 * 4096 * 24 * 128 * 2  # 17,671,135,232 B
    budget_mha = USABLE - weights_mha - PREFILL_SILU_MUL  # 58,945,272,217.6 B
    mha = budget_mha // (2 * 32 * 32 * 128 * 2 * PAGED)  # / 2,415,919,104 = 24.4 → 24
    gqa = (USABLE - WEIGHTS - PREFILL_SILU_MUL) // (PER_TOKEN_BF16 * PAGED)  # 100
    assert (mha, gqa) == (24, 100)
    assert float(bf16.max_sequences.sel(kv_heads=32)) == mha
    assert float(bf16.max_sequences.sel(kv_heads=8)) == gqa
    ratio = float(bf16.max_sequences.sel(kv_heads=8) / bf16.max_sequences.sel(kv_heads=32))
    assert ratio == 100 / 24  # 4.17: a little under a quarter of the sequences fit


def test_a_sweep_spec_names_kv_fields(cli, tmp_path):
    spec = tmp_path / "kv.yaml"
    spec.write_text("method: serving\nmodel: llama-3-8b\ndevice: h100\nbatch: 8\n"
                    "kv_precision: [bf16, fp8]\nkv_heads: 3\n")
    code, _, err = cli("sweep", "--spec", str(spec))
    assert code == 2 and "kv_heads" in err and "divide" in err  # 3 does not divide 32
    code, _, err = cli("sweep", "--model", "llama-3-8b", "--device", "h100", "--method", "serving",
                       "--kv-precision", "fp7")
    assert code == 2 and "--kv-precision" in err
    code, _, err = cli("sweep", "--model", "resnet50", "--device", "h100", "--kv-heads", "2")
    assert code == 2 and "--kv-heads" in err  # the graph method has no KV cache


def test_a_scenario_file_sets_the_kv_layout(cli, tmp_path):
    import json

    path = tmp_path / "kv.yaml"
    body = ("id: kv\ntitle: KV what-if\nsystem: {device: h100}\n"
            "workload: {task: llm-serving, model: llama-3-8b, precision: int4, batch: 8, "
            "kv_precision: fp8, kv_heads: %s}\nrequirements: [{metric: tpot_s, max: 1 s}]\n")
    path.write_text(body % 4)
    code, out, err = cli("scenario", "run", str(path), "-f", "json")
    assert code in (0, 1), err
    # int4 weights on an H100 (no int4 peak) serve W4A16; the cache 2 × 32 × 4 × 128 × 1 B
    assert json.loads(out)["metrics"]["memory_kv_per_token_bytes"] == 32768
    path.write_text(body % 5)  # 5 does not divide 32 query heads
    code, _, err = cli("scenario", "run", str(path))
    assert code == 2 and "kv_heads" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("given", [("--disaggregate",), ("--prefix-hit", "0.5"),
                                   ("--slo-tpot", "50 ms")])
def test_a_non_llm_refuses_each_llm_option_by_its_flag(cli, given):
    code, _, err = cli("serve", "resnet50", "--on", "h100", *given)
    assert code == 2 and f"{given[0]} applies to LLMs" in err


# --- how the decode kernel reads a grouped cache (kv_reads) -----------------------------------
# Llama 2 70B (its config.json): 80 layers, 64 query heads, 8 key/value heads of 128: each K/V
# head serves g = 8 query heads. A decode step at batch 8 and 1,024 tokens of fp16 context
# holds 2 × 80 × 8 × 128 × 2 B × 1,024 × 8 = 2,684,354,560 B of K/V; a kernel that reads each
# K/V head once per query head (TensorRT-LLM's masked MHA: one thread block per query head)
# reads it 8 times, 7 × 2,684,354,560 = 18,790,481,920 B more from device memory.
KV_70B = 2 * 80 * 8 * 128 * 2 * 1024 * 8


def _hbm_bytes(graph):
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import builtin

    cat = builtin()
    device = cat.devices["h100-sxm"]
    return analyze(graph, device, cat.efficiency_of(device)).bytes_by_level()["hbm"]


def test_per_head_reads_read_a_grouped_cache_once_per_query_head():
    from ironlaw.frameworks.ops import per_head_reads

    grouped = build_model("llama-2-70b", "decode", batch=8, context=1024, dtype="fp16")
    per_head = grouped.map_ops(per_head_reads)
    assert grouped.workload.kv_cache_bytes == KV_70B  # what is held does not change
    assert per_head.workload.kv_cache_bytes == KV_70B
    assert _hbm_bytes(per_head) - _hbm_bytes(grouped) == pytest.approx(7 * KV_70B, rel=1e-12)
    # the heads of a group no longer fill one tile's rows
    assert {op.kv_group for op in per_head.ops if op.kind == "attention"} == {1.0}
    # a prefill pass (FMHA reads K/V per tile, not per query head) and an MHA model (g = 1)
    # are unchanged
    prefill = build_model("llama-2-70b", "prefill", batch=1, seq=512, dtype="fp16")
    assert prefill.map_ops(per_head_reads).ops == prefill.ops
    mha = build_model("llama-2-7b", "decode", batch=8, context=1024, dtype="fp16")
    assert mha.map_ops(per_head_reads).ops == mha.ops


def test_serving_with_per_head_reads():
    # Llama 3 8B, batch 32 at 4,096 + 256 tokens: 32 × 4,352 × 131,072 B = 18.25 GB of K/V a
    # step beside 16.06 GB of weights; read once per query head (g = 4) the K/V is 73.0 GB:
    # the step's bytes grow from 34.3 GB to 89.1 GB, 2.6×
    grouped = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512)
    per_head = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512,
                         kv_reads="per-head")
    kv = 32 * 4352 * PER_TOKEN_BF16
    assert per_head.tpot_s / grouped.tpot_s == pytest.approx((WEIGHTS + 4 * kv)
                                                             / (WEIGHTS + kv), rel=0.05)
    assert per_head.memory["max_sequences"] == grouped.memory["max_sequences"]
    assert any("once per query head (4 times" in a for a in per_head.assumptions)
    assert not any("once per query head" in a for a in grouped.assumptions)
    with pytest.raises(ParameterError) as err:
        serve_llm("llama-3-8b", "h100", kv_reads="sideways")
    assert err.value.parameter == "kv_reads"


def test_cli_kv_reads(cli):
    import json

    code, out, err = cli("serve", "llama-3-8b", "--on", "h100", "--kv-reads", "per-head",
                         "-f", "json")
    assert code == 0, err
    out = json.loads(out)
    assert any("per query head" in a for a in out["assumptions"])
    assert out["kv_reads"] == "per-head"
    code, _, err = cli("serve", "llama-3-8b", "--on", "h100", "--kv-reads", "sideways")
    assert code == 2 and "--kv-reads" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("serve", "resnet50", "--on", "h100", "--kv-reads", "per-head")
    assert code == 2 and "--kv-reads applies to LLMs" in err


def test_a_serving_sweep_takes_kv_reads_as_a_dimension():
    import ironlaw

    ds = ironlaw.sweep("llama-3-8b", "h100", method="serving", batch=[8, 32], prompt=4096,
                       output=512, kv_reads=["grouped", "per-head"])
    assert ds.sizes == {"kv_reads": 2, "batch": 2}
    # at every point the numbers serve_llm gives for that one configuration
    for reads in ("grouped", "per-head"):
        for batch in (8, 32):
            one = serve_llm("llama-3-8b", "h100", batch=batch, prompt=4096, output=512,
                            kv_reads=reads)
            at = ds.sel(kv_reads=reads, batch=batch)
            assert float(at.tpot_s) == pytest.approx(one.tpot_s, rel=1e-12)
            assert float(at.ttft_s) == pytest.approx(one.ttft_s, rel=1e-12)
            assert float(at.max_sequences) == one.memory["max_sequences"]
    # by hand, batch 32 at 4,096 + 256 tokens: the step reads W = 16.06 GB of weights and
    # KV = 32 × 4,352 × 131,072 B = 18.25 GB of K/V; read once per query head (g = 32/8 = 4)
    # the K/V is 4·KV, the step (memory-bound) (W + 4·KV)/(W + KV) = 89.1/34.3 = 2.6× longer
    kv = 32 * 4352 * PER_TOKEN_BF16
    at32 = ds.sel(batch=32)
    assert float(at32.tpot_s.sel(kv_reads="per-head") / at32.tpot_s.sel(kv_reads="grouped")) \
        == pytest.approx((WEIGHTS + 4 * kv) / (WEIGHTS + kv), rel=0.05)
    # the cache held and the prefill (FMHA reads K/V per tile, not per query head) are the same
    assert (ds.ttft_s.sel(kv_reads="per-head") == ds.ttft_s.sel(kv_reads="grouped")).all()
    assert (ds.max_sequences.sel(kv_reads="per-head")
            == ds.max_sequences.sel(kv_reads="grouped")).all()
    assert any("once per query head (4 times" in a for a in ds.attrs["assumptions"])


def test_per_head_reads_change_nothing_for_an_mha_model_in_a_sweep():
    import ironlaw

    # Llama 2 7B: 32 query heads, 32 key/value heads (g = 1): each K/V head is read once
    # either way, and nothing is said about it
    ds = ironlaw.sweep("llama-2-7b", "h100", method="serving", batch=16, prompt=2048,
                       output=256, kv_reads="grouped,per-head")
    assert float(ds.tpot_s.sel(kv_reads="per-head")) == float(ds.tpot_s.sel(kv_reads="grouped"))
    assert not any("once per query head" in a for a in ds.attrs["assumptions"])


def test_a_sweep_refuses_kv_reads_by_its_field_or_flag(cli, tmp_path):
    spec = tmp_path / "reads.yaml"
    spec.write_text("method: serving\nmodel: llama-3-8b\ndevice: h100\n"
                    "kv_reads: [grouped, sideways]\n")
    code, _, err = cli("sweep", "--spec", str(spec))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"{spec}: kv_reads" in err and "sideways" in err
    code, _, err = cli("sweep", "--model", "llama-3-8b", "--device", "h100", "--method",
                       "serving", "--kv-reads", "sideways")
    assert code == 2 and "--kv-reads" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("sweep", "--model", "llama-3-8b", "--device", "h100", "--kv-reads",
                       "per-head")  # the graph method: no serving decode kernel
    assert code == 2 and "--kv-reads" in err and len(err.strip().splitlines()) == 1
    with pytest.raises(ParameterError) as raised:
        import ironlaw

        ironlaw.sweep("llama-3-8b", "h100", method="serving", kv_reads=["grouped", "grouped"])
    assert raised.value.parameter == "kv_reads"


def test_a_scenario_file_sets_the_kv_reads(cli, tmp_path):
    import json

    path = tmp_path / "reads.yaml"
    body = ("id: reads\ntitle: decode reads\nsystem: {device: h100}\n"
            "workload: {task: %s, model: llama-3-8b, batch: 32, prompt: 4096, output: 512, "
            "kv_reads: %s}\nrequirements: [{metric: tpot_s, max: 1 s}]\n")
    path.write_text(body % ("llm-serving", "per-head"))
    code, out, err = cli("scenario", "run", str(path), "-f", "json")
    assert code == 0, err
    one = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512,
                    kv_reads="per-head")
    assert json.loads(out)["metrics"]["tpot_s"] == pytest.approx(one.tpot_s, rel=1e-12)
    path.write_text(body % ("llm-serving", "sideways"))
    code, _, err = cli("scenario", "run", str(path))
    assert code == 2 and "workload.kv_reads" in err and len(err.strip().splitlines()) == 1
    path.write_text(body % ("inference", "per-head"))  # no decode kernel to choose
    code, _, err = cli("scenario", "run", str(path))
    assert code == 2 and "kv_reads applies to llm-serving" in err


# --- kv_reads wherever a graph is built with its KV layout (analyze, model show, cost,
# compress, explore): a decode step's graph, read as the kernel reads it ------------------------
def test_build_model_reads_a_grouped_cache_as_kv_reads_says():
    from ironlaw.frameworks.ops import per_head_reads

    grouped = build_model("llama-2-70b", "decode", batch=8, context=1024, dtype="fp16")
    per_head = build_model("llama-2-70b", "decode", batch=8, context=1024, dtype="fp16",
                           kv_reads="per-head")
    assert per_head.ops == grouped.map_ops(per_head_reads).ops
    # 7 more reads of the 2,684,354,560 B of K/V (g = 64/8 = 8), nothing more held
    assert _hbm_bytes(per_head) - _hbm_bytes(grouped) == pytest.approx(7 * KV_70B, rel=1e-12)
    assert per_head.workload.kv_cache_bytes == KV_70B
    assert build_model("llama-2-70b", "decode", batch=8, context=1024, dtype="fp16",
                       kv_reads="grouped").ops == grouped.ops
    for model, reads in (("resnet50", "grouped"), ("llama-3-8b", "sideways")):
        with pytest.raises(ParameterError) as err:  # a fixed-input model has no KV cache
            build_model(model, kv_reads=reads)
        assert err.value.parameter == "kv_reads"


def test_analyze_a_decode_step_with_per_head_reads(cli):
    import json

    # a decode step of 32 sequences at 4,352 tokens is the step serve's TPOT is (context
    # P + ⌊O/2⌋ = 4,096 + 256): the same graph through the same cost model
    args = ("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--batch", "32",
            "--context", "4352", "-f", "json")
    latency = {}
    for reads in ("grouped", "per-head"):
        code, out, err = cli(*args, "--kv-reads", reads)
        assert code == 0, err
        latency[reads] = json.loads(out)["latency_s"]
        one = serve_llm("llama-3-8b", "h100", batch=32, prompt=4096, output=512, kv_reads=reads)
        assert latency[reads] == pytest.approx(one.tpot_s, rel=1e-12)
    # by hand: (W + 4·KV)/(W + KV), KV = 32 × 4,352 × 131,072 B, g = 32/8 = 4
    kv = 32 * 4352 * PER_TOKEN_BF16
    assert latency["per-head"] / latency["grouped"] == pytest.approx(
        (WEIGHTS + 4 * kv) / (WEIGHTS + kv), rel=0.05)


def test_compress_keeps_the_decode_kernel_of_its_baseline(cli):
    import json

    # int4 weights shrink the GEMMs' reads, not attention's: the per-head reads cost the
    # same time with the weights compressed as without (a memory-bound step: times add)
    args = ("compress", "llama-3-8b", "--on", "h100", "--scheme", "int4-weight", "--phase",
            "decode", "--batch", "32", "--context", "4352", "-f", "json")
    found = {}
    for reads in ("grouped", "per-head"):
        code, out, err = cli(*args, "--kv-reads", reads)
        assert code == 0, err
        data = json.loads(out)
        found[reads] = (data["baseline"]["latency_s"], data["compressed"]["latency_s"])
    extra = [p - g for g, p in zip(found["grouped"], found["per-head"], strict=True)]
    assert extra[1] == pytest.approx(extra[0], rel=1e-9) and extra[0] > 0


@pytest.mark.parametrize(("args", "why"), [
    (("analyze", "resnet50", "--on", "h100"), "does not apply to resnet50"),
    (("model", "show", "resnet50"), "does not apply to resnet50"),
    (("cost", "llama-3-8b", "--on", "h100", "--phase", "train"), "keeps no KV cache"),
    (("explore", "--model", "resnet50", "--device", "h100"), "applies to a decoder LLM"),
    (("analyze", "llama-3-8b", "--on", "h100", "--phase", "decode", "--context", "64",
      "--kv-reads", "sideways"), "expected one of grouped, per-head"),
])
def test_kv_reads_refused_where_no_decode_reads_a_cache(cli, args, why, tmp_path):
    given = () if "--kv-reads" in args else ("--kv-reads", "per-head")
    out = ("--out", str(tmp_path / "x.html")) if args[0] == "explore" else ()
    code, _, err = cli(*args, *given, *out)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "--kv-reads" in err and why in err


def test_the_python_analyze_takes_the_kv_layout():
    import ironlaw
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import builtin

    cat = builtin()
    device = cat.device("h100")
    options = dict(phase="decode", batch=32, context=4352)
    for layout in ({"kv_precision": "fp8"}, {"kv_heads": 4}, {"kv_reads": "per-head"}):
        got = ironlaw.analyze("llama-3-8b", "h100", **options, **layout)
        graph = build_model("llama-3-8b", **options, runs=device.peak, **layout)
        assert got.latency_s == analyze(graph, device, cat.efficiency_of(device)).latency_s
        assert got.graph.workload.kv_cache_bytes == graph.workload.kv_cache_bytes
    # an fp8 cache reads half the K/V bytes: 32 × 4,352 × 65,536 B instead of × 131,072 B
    plain = ironlaw.analyze("llama-3-8b", "h100", **options)
    fp8 = ironlaw.analyze("llama-3-8b", "h100", **options, kv_precision="fp8")
    assert plain.graph.workload.kv_cache_bytes - fp8.graph.workload.kv_cache_bytes == \
        32 * 4352 * (PER_TOKEN_BF16 - PER_TOKEN_FP8)
    with pytest.raises(ParameterError) as err:  # a Graph is used as it is
        ironlaw.analyze(plain.graph, "h100", kv_reads="per-head")
    assert err.value.parameter == "kv_reads"


def test_per_head_reads_leave_mla_alone_and_split_with_tensor_parallelism():
    from ironlaw.frameworks.ops import per_head_reads
    from ironlaw.frameworks.parallel import tensor_parallel

    # MLA's absorbed decode reads one latent for all heads (shared_bytes): nothing to repeat
    mla = build_model("deepseek-v3", "decode", batch=4, context=1024)
    assert mla.map_ops(per_head_reads).ops == mla.ops
    # Llama-2-70B over 4 devices: each holds 2 of the 8 K/V heads, a quarter of the cache,
    # and still reads each of them once per query head (16 query heads, g = 8)
    grouped = build_model("llama-2-70b", "decode", batch=8, context=1024, dtype="fp16")
    per_head = grouped.map_ops(per_head_reads)
    split = tensor_parallel(per_head, 4, 64, 8)
    assert split.workload.kv_cache_bytes == KV_70B / 4
    attention = next(op for op in split.ops if op.kind == "attention")
    assert attention.cache_bytes * attention.count == pytest.approx(8 * KV_70B / 4, rel=1e-12)
