"""One layer's FLOPs, MACs, bytes, intensity and roofline position, and training memory by
recipe, as `ironlaw calc` worked calculations: values worked by hand in the comments."""

import json

import pytest

import ironlaw
from ironlaw.derive import derive, get_calc
from ironlaw.errors import ParameterError
from ironlaw.training.calcs import every_calc


def calc(name, **params):
    return ironlaw.calc(name, **params).to_dict()["values"]


def test_dense_layer_batch_1_is_memory_bound_on_an_h100():
    # 4096 × 4096 fp16 at B = 1: O = 2 × 4096² = 33,554,432 FLOP (16,777,216 MACs);
    # D = (4096² + 4096) weights+bias + 4096 in + 4096 out = 16,781,312 + 8192 elements × 2 B
    #   = 33,579,008 B; I = 33,554,432 / 33,579,008 = 0.999 FLOP/B, far below the H100's
    #   989/3.35 = 295 FLOP/B: memory-bound, P = 0.999 × 3.35 TB/s = 3.35 TFLOP/s
    v = calc("dense", batch=1, in_features=4096, out_features=4096, precision="fp16",
             peak="989 TFLOP/s", bandwidth="3.35 TB/s")
    assert v["flops"] == 33_554_432 and v["macs"] == 16_777_216
    assert v["data_bytes"] == 33_579_008
    assert v["intensity_flop_per_byte"] == pytest.approx(33_554_432 / 33_579_008)
    assert v["bound"] == "memory-bound"
    assert v["time_s"] == pytest.approx(33_579_008 / 3.35e12)


def test_dense_layer_intensity_grows_with_batch():
    # B = 512: O = 2 × 512 × 4096² = 17.18 GFLOP; D = (16,781,312 + 2 × 512 × 4096) × 2 B
    #   = 41,951,232 B; I = 409.6 FLOP/B > 295: compute-bound on an H100
    v = calc("dense", batch=512, in_features=4096, out_features=4096, precision="fp16",
             peak="989 TFLOP/s", bandwidth="3.35 TB/s")
    assert v["flops"] == 2 * 512 * 4096**2 and v["data_bytes"] == 41_951_232
    assert v["bound"] == "compute-bound"
    assert v["time_s"] == pytest.approx(2 * 512 * 4096**2 / 989e12)


def test_qkv_projection_with_grouped_query_attention():
    # Llama-3-8B: d = 4096, 32 query heads, 8 KV heads of 128: n_out = (32 + 16) × 128 = 6144;
    # over 2048 tokens O = 2 × 2048 × 4096 × 6144 = 103,079,215,104 FLOP
    v = calc("qkv", tokens=2048, d_model=4096, heads=32, kv_heads=8)
    assert v["width"] == 6144 and v["flops"] == 103_079_215_104
    # no bias: weights 4096 × 6144 × 2 B = 50,331,648 B
    assert v["weights_bytes"] == 50_331_648


def test_conv_layer_resnet50_stage_2():
    # ResNet-50 conv2_x 3×3: 64 → 64 channels on 56×56, padding 1: 56 × 56 × 64 × 64 × 9
    #   = 115,605,504 MACs (He et al. 2016 count MACs), 231,211,008 FLOP
    v = calc("conv", batch=1, c_in=64, size=56, c_out=64, kernel=3, padding=1)
    assert v["macs"] == 115_605_504 and v["flops"] == 231_211_008 and v["h_out"] == 56


def test_attention_layer_flops():
    # B = 1, h = 32, q = kv = 2048, d = 128, not causal: (4 × 128 + 5) × 32 × 2048²
    v = calc("attention", batch=1, heads=32, seq=2048, head_dim=128)
    assert v["flops"] == (4 * 128 + 5) * 32 * 2048**2


def test_attention_macs_count_the_matrix_products_only():
    # QKᵀ and PV: 2 × 2 × 128 × 32 × 2048² = 68,719,476,736 FLOP = 34,359,738,368 MACs;
    # softmax 5 × 32 × 2048² = 671,088,640 FLOP, no MACs; O = 69,390,565,376 FLOP
    d = ironlaw.calc("attention", batch=1, heads=32, seq=2048, head_dim=128)
    v = d.to_dict()["values"]
    assert v["matmul_flops"] == 68_719_476_736 and v["softmax_flops"] == 671_088_640
    assert v["macs"] == 34_359_738_368 and v["flops"] == 69_390_565_376
    text = d.text()
    assert ("O_mm = 4 × 128 × 1 × 32 × 2048 × 2048 = 68.7 GFLOP (QKᵀ and PV: 3.436×10¹⁰ MACs)"
            in text)
    assert "O_sm = 5 × 1 × 32 × 2048 × 2048 = 671 MFLOP (softmax)" in text
    assert "O = 68.7 GFLOP + 671 MFLOP = 69.4 GFLOP" in text
    # D: Q 32 × 2048 × 128 × 2 B = 16,777,216 B, K and V twice that: 50.3 MB read; the
    #   output 16.8 MB written; no weights
    assert "D = 50.3 MB (queries, keys, values read) + 16.8 MB (output written) = 67.1 MB" \
        in text


def test_layer_bytes_terms_are_labelled():
    # dense 64 → 64 at B = 1, fp16: weights (64² + 64) × 2 B = 8320 B; inputs and outputs
    # 64 × 2 B = 128 B each; D = 8576 B
    text = ironlaw.calc("dense", batch=1, in_features=64, out_features=64,
                        precision="fp16").text()
    assert "D = 8.32 kB (weights, bias) + 128 B (inputs) + 128 B (outputs) = 8.58 kB" in text
    # 4096 → 4096: 33,562,624 B of weights and bias + 8192 B + 8192 B = 33,579,008 B, 4099×
    # the smallest term, so D prints with 1 + 4 figures and the 16 kB show: 33.579 MB
    text = ironlaw.calc("dense", batch=1, in_features=4096, out_features=4096,
                        precision="fp16").text()
    assert "(outputs) = 33.579 MB" in text
    # conv 3 → 8 channels, 3×3, 32×32, bf16: weights 8 × 3 × 9 × 2 = 432 B, inputs
    # 3 × 32² × 2 = 6144 B, outputs (no padding: 30²) 8 × 900 × 2 = 14,400 B; D = 20,976 B
    text = ironlaw.calc("conv", batch=1, c_in=3, size=32, c_out=8, kernel=3).text()
    assert "D = 432 B (weights) + 6.14 kB (inputs) + 14.4 kB (outputs) = 21 kB" in text
    # qkv: 16 tokens, d = 64, 4 heads: weights 64 × 192 × 2 = 24,576 B, inputs 16 × 64 × 2 =
    # 2048 B, outputs 16 × 192 × 2 = 6144 B; D = 32,768 B
    text = ironlaw.calc("qkv", tokens=16, d_model=64, heads=4).text()
    assert "D = 24.6 kB (weights) + 2.05 kB (inputs) + 6.14 kB (outputs) = 32.8 kB" in text


def test_embedding_lookup_does_no_arithmetic():
    # 2048 tokens of a 32000 × 4096 bf16 table: reads 2048 rows, writes 2048 rows:
    # D = 2 × 2048 × 4096 × 2 B = 33,554,432 B, O = 0
    v = calc("embedding", tokens=2048, vocab=32000, dim=4096, peak="989 TFLOP/s",
             bandwidth="3.35 TB/s")
    assert v["flops"] == 0 and v["data_bytes"] == 33_554_432
    # the derivation's D has the formula's two terms: 2048 × 4096 × 2 B = 16.8 MB each
    text = ironlaw.calc("embedding", tokens=2048, vocab=32000, dim=4096).text()
    assert "D = 16.8 MB (min(T, V) rows gathered) + 16.8 MB (T rows written) = 33.6 MB" in text
    assert v["bound"] == "memory-bound" and v["time_s"] == pytest.approx(33_554_432 / 3.35e12)


def test_roofline_needs_both_peak_and_bandwidth():
    with pytest.raises(ParameterError, match="^bandwidth: "):
        calc("dense", batch=1, in_features=8, out_features=8, peak="1 TFLOP/s")


@pytest.mark.parametrize(("precision", "optimizer", "per_param"), [
    ("bf16", "adam", 16.0),  # ZeRO §3.1: 2 + 2 + 4 (fp32 master) + 8 (two fp32 moments)
    ("fp32", "adam", 16.0),  # 4 + 4 + 0 + 8
    ("bf16-pure", "adam", 12.0),  # 2 + 2, no master copy, + 8
    ("bf16", "adam8bit", 10.0),  # 2 + 2 + 4 + 2 (two 8-bit moments, Dettmers et al. 2022)
    ("fp32", "sgd", 8.0),  # 4 + 4, no state
    ("fp32", "momentum", 12.0),  # 4 + 4 + 4 (one fp32 momentum buffer)
    ("fp16-pure", "sgd", 4.0),  # 2 + 2
])
def test_training_memory_recipes(precision, optimizer, per_param):
    v = calc("train-memory", params="7e9", precision=precision, optimizer=optimizer)
    assert v["per_param_bytes"] == per_param
    assert v["total_bytes"] == pytest.approx(7e9 * per_param)


def test_calc_command_runs_the_layer_laws(cli):
    code, out, _ = cli("calc", "train-memory", "--params", "70e9", "--format", "json")
    assert code == 0 and json.loads(out)["result"]["total_bytes"] == pytest.approx(1.12e12)
    code, out, _ = cli("calc", "dense", "--batch", "8", "--in-features", "1024",
                       "--out-features", "1024")
    assert code == 0 and "MACs" in out and "O = 2 × 8 × 1024 × 1024" in out
    code, out, _ = cli("calc", "list")
    assert code == 0 and "kv-cache" in out and "train-memory" in out and "qkv" in out


EXAMPLES = {
    "dense": {"batch": 4, "in_features": 64, "out_features": 32, "peak": "1 TFLOP/s",
              "bandwidth": "1 TB/s"},
    "qkv": {"tokens": 16, "d_model": 64, "heads": 4},
    "conv": {"batch": 1, "c_in": 3, "size": 32, "c_out": 8, "kernel": 3},
    "attention": {"batch": 1, "heads": 2, "seq": 16, "head_dim": 8, "causal": "yes"},
    "embedding": {"tokens": 16, "vocab": 100, "dim": 8},
    "train-memory": {"params": 1e6},
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_layer_calc_renders_in_every_format(name):
    d = derive(get_calc(name, every_calc()), **EXAMPLES[name])
    assert d.calc.title in d.text() and "{" not in "\n".join(d.substitutions())
    assert f"**{d.calc.title}**" in d.markdown() and "\\begin{align*}" in d.latex()
    assert json.loads(json.dumps(d.to_dict()))["law"] == name
