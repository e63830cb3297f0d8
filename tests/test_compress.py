"""Compression: quantization, pruning and distillation as graph transforms, checked by hand."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze
from ironlaw.frameworks.graph import Graph
from ironlaw.hardware.catalog import builtin
from ironlaw.models import compress
from ironlaw.models.zoo import build_model
from ironlaw.operations import compression
from ironlaw.operations.energy import physics

CATALOG = builtin()
H100 = CATALOG.device("h100-sxm")
GPU = CATALOG.efficiency["gpu"]

# Llama-3-8B (config.json): hidden 4096, 32 layers, 32 heads, 8 KV heads of 128, FFN 14336,
# vocabulary 128256, untied head. GEMM weight elements read per decode step:
LAYER_GEMM = 2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336  # q, o; k, v; gate, up, down
GEMM_ELEMENTS = 32 * LAYER_GEMM + 4096 * 128256  # + LM head = 7,504,658,432
OTHER_BYTES = 4096 * 2 + 65 * 4096 * 2  # one embedding row + 65 RMSNorm scales, bf16
HBM = 3.35e12 * 0.85  # H100 SXM HBM3 datasheet bandwidth × sustained fraction (STREAM-like)


def decode(scheme, device="h100", **kw):
    return compression.compare("llama-3-8b", device, scheme, phase="decode", context=128, **kw)


def test_int4_weights_quarter_decode_traffic_and_speed_it_up():
    # bf16: 2 B per weight; int4 with an fp16 scale per group of 128: 4 + 16/128 = 4.125 bit.
    result = decode("int4-weight")
    base, new = result.baseline.graph, result.compressed.graph
    assert GEMM_ELEMENTS == 7_504_658_432
    assert base.weight_bytes == pytest.approx(GEMM_ELEMENTS * 2 + OTHER_BYTES, rel=1e-12)
    assert new.weight_bytes == pytest.approx(GEMM_ELEMENTS * 4.125 / 8 + OTHER_BYTES, rel=1e-12)
    assert result.weight_traffic_ratio == pytest.approx(4.125 / 16, abs=1e-3)  # ≈ a quarter
    # every GEMM stays memory-bound, so the time saved is exactly the bytes saved / bandwidth:
    # (15.010 GB − 3.870 GB) / 2.8475 TB/s = 3.912 ms
    saved = (GEMM_ELEMENTS * 2 - GEMM_ELEMENTS * 4.125 / 8) / HBM
    assert result.baseline.latency_s - result.compressed.latency_s == pytest.approx(saved, rel=1e-9)
    assert result.speedup > 2.5 and result.verdict == "ok"
    assert result.compressed.graph.dtype == "bf16"  # compute stays at the activation precision
    assert result.compressed.peak_flop_per_s == 989.4e12  # H100 SXM dense bf16, datasheet


def test_dequantization_adds_vector_flops_inside_the_gemm():
    # mlp.gate at batch 64: compute grows by 2 FLOP × 4096 × 14336 / (67 TFLOP/s fp32 × 0.5)
    result = compression.compare("llama-3-8b", "h100", "int4-weight", phase="decode", batch=64,
                              context=128)
    index = [op.name for op in result.baseline.graph.ops].index("mlp.gate")
    extra = 2 * 4096 * 14336 / (67e12 * 0.5)
    base = result.baseline.per_op["compute_s"][index]
    assert result.compressed.per_op["compute_s"][index] == pytest.approx(base + extra, rel=1e-9)


def test_w8a8_equals_the_model_built_at_int8_apart_from_scales():
    graph = build_model("llama-3-8b", phase="decode", context=512)
    quantized = compress.transform(graph, "int8")
    native = build_model("llama-3-8b", phase="decode", context=512, dtype="int8")
    assert quantized.dtype == "int8"
    assert quantized.activation_bytes == pytest.approx(native.activation_bytes, rel=1e-12)
    assert quantized.workload.kv_cache_bytes == native.workload.kv_cache_bytes
    # per-channel fp16 scales: 8 + 16/k bits; q (k = 4096) of layer 0
    q = next(op for op in quantized.ops if op.name == "attn.q")
    assert q.count == 32
    assert q.weight_bytes == pytest.approx(4096 * 4096 * (8 + 16 / 4096) / 8, rel=1e-12)
    result = decode("int8")
    assert result.compressed.peak_flop_per_s == 1978.9e12  # H100 SXM dense INT8, datasheet


def test_fp8_on_a_device_without_fp8_is_a_verdict():
    result = decode("fp8", device="a100-80gb")
    assert result.verdict == "unsupported" and result.compressed is None
    assert "a100-80gb has no fp8 peak" in result.reason
    data = result.to_dict()
    assert data["compressed"] is None and data["speedup"] is None
    assert "unsupported" in result.explain().text()


def test_2_4_without_a_sparse_peak_is_a_verdict_not_a_crash():
    result = decode("prune-2:4", device="tpu-v5p")  # Cloud TPU v5p lists no sparse rate
    assert result.verdict == "unsupported"
    assert "no sparse bf16 peak" in result.reason
    assert json.dumps(result.to_dict())


def test_2_4_halves_weights_plus_metadata_and_uses_the_sparse_peak():
    # 2:4 in bf16: 8 of 16 bits of values + 2 bits of index per kept value = 9 bits / weight.
    result = compression.compare("llama-3-8b", "h100", "prune-2:4", phase="prefill", seq=2048)
    new, base = result.compressed.graph, result.baseline.graph
    assert base.weight_bytes - new.weight_bytes == pytest.approx(GEMM_ELEMENTS * (2 - 9 / 8),
                                                                 rel=1e-12)
    index = [op.name for op in new.ops].index("mlp.gate")
    sparse, dense = (a.per_op["compute_s"][index] for a in (result.compressed, result.baseline))
    ratio = sparse / dense
    assert ratio == pytest.approx(989.4 / 1978.9, rel=1e-9)  # dense / sparse bf16 peak
    attention = [op.name for op in new.ops].index("attn.sdpa")  # activations: still dense
    assert (result.compressed.per_op["compute_s"][attention]
            == result.baseline.per_op["compute_s"][attention])
    assert result.speedup > 1.3


def test_unstructured_formats_by_hand():
    # 50% of bf16: dense 16, CSR 0.5·(16 + 32) + 32/4096, bitmap 0.5·16 + 1 = 9 bits
    assert compress.unstructured_bits(0.5, 16, 4096) == ("bitmap", 9.0)
    # 99%: CSR 0.01·48 + 32/4096 = 0.4878 bits beats the bitmap's 1.16
    name, bits = compress.unstructured_bits(0.99, 16, 4096)
    assert name == "csr" and bits == pytest.approx(0.01 * 48 + 32 / 4096)
    result = decode("prune-unstructured-50")
    assert result.compressed.graph.flops == result.baseline.graph.flops  # compute is unchanged
    assert result.compressed.graph.weight_bytes == pytest.approx(
        GEMM_ELEMENTS * 9 / 8 + OTHER_BYTES, rel=1e-12)


def test_distillation_swaps_in_the_students_exact_parameters():
    # Llama-3-8B: embeddings 128256·4096 + 32 layers × (q, k, v, o, MLP, 2 norms) + norm + head
    layer = 4096 * 4096 * 2 + 4096 * 1024 * 2 + 3 * 4096 * 14336 + 2 * 4096
    params = 2 * 128256 * 4096 + 32 * layer + 4096
    assert params == 8_030_261_248  # the published count of Meta-Llama-3-8B
    result = compression.compare("llama-3-70b", "h100", "distill:llama-3-8b", phase="decode",
                              context=128)
    assert result.compressed.graph.params == params
    assert result.verdict == "ok"
    assert "does not fit" not in result.reason and "fits" in result.reason  # 70B: 141 GB > 80
    assert result.speedup > 5


def test_energy_by_hand_for_one_gemv():
    # 4096×4096 bf16 GEMV on H100: 2·4096² FLOP × 0.75 pJ (16-bit FMA, Horowitz ISSCC 2014) +
    # 4096²·2 B of weights from HBM × 3.97 pJ/bit·8 (O'Connor et al., MICRO 2017) + the
    # 2·4096·2 B of input and output vectors, which fit the L2, × 100 pJ / 8 B (Horowitz's 1 MB
    # SRAM read)
    graph = Graph("gemv", (ops.linear("fc", 1, 4096, 4096, "bf16", bias=False),), "bf16")
    estimate = physics(analyze(graph, H100, GPU))
    flops, weights, vectors = 2 * 4096**2, 4096**2 * 2, 2 * 4096 * 2
    assert estimate.terms.compute_j == pytest.approx(flops * 0.75e-12)
    assert estimate.terms.movement_j == pytest.approx(weights * 3.97e-12 * 8
                                                      + vectors * 100e-12 / 8)
    assert estimate.terms.dominant == "movement"


def test_energy_of_flash_weights_is_a_stated_lower_bound():
    # weights of a microcontroller live in flash, which has no per-byte figure: the cost
    # model streams them at the level it knows, and the energy says it is a lower bound
    result = compression.compare("ds-cnn", "nrf52840", "int8", precision="fp32")
    assert result.baseline_energy.terms is not None
    assert any("flash" in note and "lower bound" in note for note in result.assumptions)


def test_footprint_uses_stored_bytes():
    result = decode("int4-weight")
    stored = result.compressed.graph.param_bytes
    gemm_params = GEMM_ELEMENTS  # no biases in Llama
    other_params = 128256 * 4096 + 65 * 4096
    assert stored == pytest.approx(gemm_params * 4.125 / 8 + other_params * 2, rel=1e-12)
    assert result.compressed.memory_bytes < 0.35 * result.baseline.memory_bytes


@pytest.mark.parametrize("text", ["int3", "prune-unstructured-0", "prune-unstructured-100",
                                  "distill:", "int4"])
def test_bad_schemes_are_user_errors(text):
    with pytest.raises(UserError, match="^scheme: "):
        compress.parse_scheme(text)


def test_quantization_must_narrow_the_baseline():
    with pytest.raises(UserError, match="already 8-bit"):
        compression.compare("mlp", "h100", "int8-weight", precision="int8")
    with pytest.raises(UserError, match="student must differ"):
        compression.compare("gpt2", "h100", "distill:gpt-2")


@settings(max_examples=25, deadline=None)
@given(scheme=st.sampled_from(["int8-weight", "int4-weight", "fp8-weight", "int8", "fp8",
                               "prune-2:4", "prune-unstructured-30", "prune-unstructured-90"]),
       model=st.sampled_from(["gpt2", "bert-base", "mlp", "ds-cnn", "mobilenetv2"]))
def test_transforms_keep_params_and_flops_and_never_grow_weights(scheme, model):
    graph = build_model(model, dtype="fp32")
    new = compress.transform(graph, scheme)
    assert new.params == graph.params and new.flops == graph.flops
    assert new.weight_bytes <= graph.weight_bytes * (1 + 1e-12)
    assert new.param_bytes <= graph.param_bytes * (1 + 1e-12)
    if compress.parse_scheme(scheme).kind != "weight-activation":
        assert new.activation_bytes == graph.activation_bytes and new.dtype == graph.dtype


@settings(max_examples=30, deadline=None)
@given(low=st.floats(0.01, 0.98), step=st.floats(0.0, 0.5))
def test_more_unstructured_sparsity_never_stores_more(low, step):
    high = min(low + step, 0.99)
    assert (compress.unstructured_bits(high, 16, 4096)[1]
            <= compress.unstructured_bits(low, 16, 4096)[1])


# --- CLI -------------------------------------------------------------------------------------
def test_cli_compress_table_json_and_explain(cli_text, tmp_path):
    code, out = cli_text("compress", "llama-3-8b", "--on", "h100", "--scheme",
                       "int4-weight", "--phase", "decode", "--context", "128", "--explain",
                       "--plot", str(tmp_path / "c.png"))
    assert code == 0
    assert "weights read per pass" in out and "verdict: ok" in out and "W = N_w" in out
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out = cli_text("compress", "gpt2", "--on", "h100", "--scheme", "fp8",
                       "--format", "json", "--explain")
    data = json.loads(out)
    assert code == 0 and data["compressed"]["precision"] == "fp8"
    assert data["explain"]["steps"]
    # a GPT-2 forward reads at least its layers' GEMM weights, 12 × 12 × 768² = 84,934,656,
    # and the tied 50,257 × 768 = 38,597,376 embedding/LM head, 1 B each in fp8: 123.5 MB at
    # 3.35 TB/s is 36.9 µs; fp8 reads fewer bytes at twice the peak, so it is not slower
    floor = (12 * 12 * 768**2 + 50_257 * 768) / 3.35e12
    assert floor == pytest.approx(36.87e-6, rel=1e-3)
    assert floor <= data["compressed"]["latency_s"] <= data["baseline"]["latency_s"]
    code, out = cli_text("compress", "gpt2", "--on", "h100", "--scheme", "int8-weight",
                       "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("side,model,precision")


def test_cli_compress_verdicts_and_user_errors(cli_text):
    code, out = cli_text("compress", "gpt2", "--on", "tpu-v5p", "--scheme", "prune-2:4")
    assert code == 1 and "unsupported" in out
    code, out = cli_text("compress", "gpt2", "--on", "h100", "--scheme", "int3")
    assert code == 2 and "--scheme" in out
    code, out = cli_text("compress", "gpt2", "--on", "h100", "--scheme", "int8",
                       "--plot", "x.pdf")
    assert code == 2 and "--out" in out or ".png or .svg" in out


def test_one_rule_for_a_model_at_a_narrow_precision():
    """`analyze --precision fp8`, `serve --precision fp8` and `compress --scheme fp8` run one
    rule (models.compress.run_at): a decoder LLM's fp8 checkpoint quantizes its linear layers
    but the LM head (ModelOpt's FP8_DEFAULT_CFG). Llama 3 8B by hand: linear weights
    32·(4096² + 2·4096·1024 + 4096² + 3·4096·14336) = 6,979,321,856 at 1 B; embedding, LM head
    and 65 RMSNorm vectors 2·(2·128,256·4096 + 65·4096) = 2,101,878,784 B at 2 B:
    9,081,200,640 B. A CNN runs int8 whole (TensorRT's int8 engines): every op of ResNet-50
    at int8, its 25,557,032 parameters (torchvision's count)."""
    from ironlaw.models.zoo import build_model

    built = build_model("llama-3-8b", phase="decode", batch=1, context=128, dtype="fp8")
    compressed = compress.transform(build_model("llama-3-8b", phase="decode", batch=1, context=128,
                                       dtype="fp16"), "fp8")
    for graph in (built, compressed):
        assert graph.param_bytes == 9_081_200_640
        assert {op.name: op.dtype for op in graph.ops}["lm_head"] == "fp16"
    cnn = build_model("resnet50", batch=1, dtype="int8")
    assert {op.dtype for op in cnn.ops} == {"int8"}
    assert cnn.params == 25_557_032


def test_the_unquantized_part_runs_in_the_devices_sixteen_bit_float():
    """A W8A8 LLM keeps norms, attention and the LM head 16-bit: fp16 where the device has it
    (H100), bf16 where it has only bf16 (Gaudi 2: bf16 and fp8 peaks in the catalog; TPU v5e:
    bf16 and int8), and on a device with neither (nRF52840: int8 and fp32) the whole model runs
    int8, the one narrow format it has."""
    from ironlaw.hardware.catalog import builtin as catalog
    from ironlaw.models.zoo import build_model

    def head(device, precision):
        graph = build_model("llama-3-8b", phase="decode", batch=1, context=64, dtype=precision,
                            runs=catalog().device(device).peak)
        return {op.name: op.dtype for op in graph.ops}["lm_head"]

    assert head("h100-sxm", "fp8") == "fp16"
    assert head("gaudi2", "fp8") == "bf16"
    assert head("tpu-v5e", "int8") == "bf16"
    assert head("nrf52840", "int8") == "int8"


def test_compress_takes_the_kv_cache_layout_and_serves_as_serve_does(cli):
    """`compress --scheme fp8` on a decoder is the model as `serve --precision fp8` runs it,
    its KV cache fp8 (ModelOpt's hf_ptq default) unless --kv-precision says otherwise, which
    then holds for both sides. Llama 3 8B, batch 8 at 4096 tokens (32 layers, 8 KV heads of
    128): 8·4096·2·32·8·128 = 2,147,483,648 elements: 4 GiB in bf16, 2 GiB in fp8; with
    --kv-heads 1 (MQA) an eighth of those."""
    def run(*extra):
        code, out, _ = cli("compress", "llama-3-8b", "--on", "h100", "--scheme", "fp8",
                           "--phase", "decode", "--batch", "8", "--context", "4096", *extra,
                           "-f", "json")
        assert code == 0
        data = json.loads(out)
        return data["baseline"]["kv_cache_bytes"], data["compressed"]["kv_cache_bytes"]

    elements = 8 * 4096 * 2 * 32 * 8 * 128
    assert run() == (2 * elements, elements)
    assert run("--kv-precision", "fp16") == (2 * elements, 2 * elements)
    assert run("--kv-precision", "fp8", "--kv-heads", "1") == (elements / 8, elements / 8)


def test_a_narrow_model_is_named_by_its_precision_and_quoted_against_its_gemms_peak():
    """`analyze --precision int4` shows int4 (as fp8 shows fp8) and quotes the peak of the
    precision its GEMMs compute in: W4A16 on an A100 against the fp16/bf16 312 TFLOP/s (not
    its 1,248 TOPS int4 figure), W8A8 on an H100 against the fp8 1,978.9 TFLOP/s (datasheets)."""
    from ironlaw.models.analysis import analyze as analyze_model

    int4 = analyze_model("llama-3-8b", on="a100-80gb", phase="decode", context=1024,
                         precision="int4")
    fp8 = analyze_model("llama-3-8b", on="h100", phase="decode", context=1024, precision="fp8")
    assert (int4.to_dict()["precision"], fp8.to_dict()["precision"]) == ("int4", "fp8")
    assert int4.peak_flop_per_s == pytest.approx(312e12, rel=1e-3)
    assert fp8.peak_flop_per_s == pytest.approx(1978.9e12, rel=1e-3)


def test_a_decoders_fp8_notes_name_the_cache_it_is_served_with():
    """Llama 3 8B at batch 8, 4,096 tokens of context: its KV cache is 32 layers × 8 heads × 128
    × 2 (K, V) × 4096 × 8 = 2,147,483,648 values, 4.29 GB in bf16 and, in an fp8 checkpoint
    (ModelOpt's default KV scheme), 2.15 GB in fp8 — and the note says so (it said the cache
    stayed bf16). With --kv-precision fp16 the cache is 16-bit and the note follows."""
    from ironlaw.operations.compression import compare

    out = compare("llama-3-8b", "h100", "fp8", phase="decode", batch=8, context=4096)
    assert out.baseline.graph.workload.kv_cache_bytes == 2 * 2_147_483_648
    assert out.compressed.graph.workload.kv_cache_bytes == 2_147_483_648
    assert any("the KV cache in fp8" in n for n in out.assumptions)
    asked = compare("llama-3-8b", "h100", "fp8", phase="decode", batch=8, context=4096,
                    kv_precision="fp16")
    assert asked.compressed.graph.workload.kv_cache_bytes == 2 * 2_147_483_648
    assert any("the KV cache in fp16" in n for n in asked.assumptions)
