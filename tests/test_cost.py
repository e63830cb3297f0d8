"""The cost model: hand-calculated single ops, then invariants over whole graphs."""

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze, gemm_efficiency
from ironlaw.frameworks.graph import Block, Graph, Workload
from ironlaw.hardware.catalog import builtin
from ironlaw.models.zoo import build_model

CATALOG = builtin()
H100 = CATALOG.device("h100-sxm")
GPU = CATALOG.efficiency["gpu"]


def run(graph, device=H100, mode="fused"):
    return analyze(graph, device, CATALOG.efficiency_of(device), mode)


def with_bandwidth(device, factor):
    memory = tuple(
        replace(m, bandwidth=replace(m.bandwidth, value=m.bandwidth.value * factor))
        if m.bandwidth else m
        for m in device.memory)
    return replace(device, memory=memory)


def test_large_gemm_by_hand():
    # 8192³ bf16 GEMM on H100 SXM (132 SMs, 989.4 TFLOP/s dense), 128×128 tiles:
    # 64 × 64 = 4096 tiles → ⌈4096/132⌉ = 32 waves → wave efficiency 4096/(32·132) = 0.96970;
    # tile efficiency 1; k/(k + 64) = 8192/8256 = 0.99225; η = 0.8 · 0.96970 · 0.99225 = 0.76975.
    n = 8192
    eta = 0.8 * (4096 / (32 * 132)) * (8192 / 8256)
    graph = Graph("gemm", (ops.matmul("gemm", 1, n, n, n, "bf16"),), "bf16")
    result = run(graph)
    compute = 2 * n**3 / (989.4e12 * eta)  # 1.444 ms
    overhead = 3e-6  # one fused launch
    assert result.latency_s == pytest.approx(compute + overhead, rel=1e-9)
    assert result.bottleneck == "compute"
    assert result.mfu == pytest.approx(2 * n**3 / (989.4e12 * result.latency_s))


def test_gemm_efficiency_follows_the_ops_precision():
    # H200's own GEMM peak fractions (benchmarks/gpu): fp32 0.76 of 67 TFLOP/s, bf16 0.68 of
    # 989.4 TFLOP/s. Same shape, so wave, tile and k factors cancel: the times are in the ratio
    # (989.4 · 0.68) / (67 · 0.76) = 13.21.
    h200 = CATALOG.device("h200")
    n = 16384
    times = {p: run(Graph("gemm", (ops.matmul("gemm", 1, n, n, n, p),), p), h200).latency_s
             - 1.1e-6 for p in ("fp32", "bf16")}  # less H200's measured 1.1 us fused launch
    assert times["fp32"] / times["bf16"] == pytest.approx(989.4 * 0.68 / (67 * 0.76), rel=1e-9)


def test_elementwise_add_by_hand():
    # 10⁹-element bf16 add: reads 2 × 2 GB, writes 2 GB = 6 GB at 3.35 TB/s × 0.85 = 2.107 ms.
    graph = Graph("add", (ops.elementwise("add", 1e9, "bf16", inputs=2),), "bf16")
    result = run(graph, mode="eager")
    assert result.latency_s == pytest.approx(6e9 / (3.35e12 * 0.85) + 10e-6, rel=1e-9)
    assert result.bottleneck == "memory"


def test_a_held_kv_cache_streams_from_main_memory_though_one_layer_of_it_fits_a_cache():
    # One decode attention layer on MI300X, bf16: batch 4, 32 query heads, 8 K/V heads of 128,
    # 4096 cached tokens. K and V: 2 × 8 × 128 × 4096 × 4 × 2 B = 67,108,864 B, which would fit
    # the 256 MiB Infinity Cache; Q and O: 4 × 32 × 128 × 2 B = 32,768 B each. The graph holds
    # the cache between steps (32 layers: 2,147,483,648 B), so K and V stream from HBM (5.3 TB/s
    # × 0.85); Q and O sit in the fastest level that holds them (L2: 34406.4 GB/s × 0.85).
    mi300x = CATALOG.device("mi300x")
    attention = ops.attention("attn", 4, 32, 1, 4096, 128, "bf16", kv_heads=8)
    kv, q_and_o = 67_108_864, 2 * 32_768
    decode = Graph("decode", (attention,), "bf16",
                   workload=Workload(batch=4, phase="decode", context=4096,
                                     kv_cache_bytes=32 * kv))
    result = run(decode, mi300x)
    assert result.per_op["memory_s"][0] == pytest.approx(
        kv / (5.3e12 * 0.85) + q_and_o / (34406.4e9 * 0.85), rel=1e-9)  # 14.90 µs + 2.2 ns
    assert result.bytes_by_level() == {"hbm": pytest.approx(kv), "l2": pytest.approx(q_and_o)}
    # the same op in a graph that holds no cache (K and V made in the pass): all from the
    # Infinity Cache, 67,174,400 B / (17.2 TB/s × 0.85)
    result = run(Graph("made", (attention,), "bf16"), mi300x)
    assert result.per_op["memory_s"][0] == pytest.approx((kv + q_and_o) / (17.2e12 * 0.85),
                                                         rel=1e-9)


def test_skinny_gemms_split_k_and_shrink_tiles():
    # m = 8 (decode): tile rows shrink to 16 (128/8), so tile efficiency is 8/16, not 8/128;
    # 4096 columns → 32 tiles, split-K by min(⌊132/32⌋, ⌊4096/256⌋) = 4 → 128 of 132 units busy.
    eta = gemm_efficiency(8.0, 4096.0, 4096.0, 1.0, 132.0, 128, 128, 64, 0.8)
    k_split = 4096 / 4
    assert eta == pytest.approx(0.8 * (128 / 132) * (8 / 16) * k_split / (k_split + 64))


def test_eager_pays_a_launch_per_op_and_fused_folds_elementwise():
    layer = (ops.linear("fc", 64, 1024, 1024, "bf16"),
             ops.elementwise("gelu", 64 * 1024, "bf16", flops_per_element=8),
             ops.norm("ln", 64, 1024, "bf16"))
    graph = Graph("g", (Block("layers", layer, 10),), "bf16")
    eager, fused = run(graph, mode="eager"), run(graph, mode="fused")
    assert eager.overhead_s == pytest.approx(30 * 10e-6)
    assert fused.overhead_s == pytest.approx(10 * 3e-6)  # gelu and ln join fc's kernel
    assert fused.per_op["bytes"].sum() < eager.per_op["bytes"].sum()


def test_unsupported_precision_is_a_user_error():
    graph = build_model("gpt2", dtype="bf16")
    with pytest.raises(UserError, match="v100 has no bf16 peak"):
        run(graph, CATALOG.device("v100"))


def test_a_model_that_does_not_fit_says_so():
    # Llama-3-70B in bf16 is 141 GB of weights; one H100 has 80 GB.
    result = run(build_model("llama-3-70b", phase="decode", seq=1, context=128))
    assert not result.fits and result.memory_bytes > 140e9


def test_the_footprint_counts_the_kv_cache_once():
    """Llama 3 8B decode, batch 8, context 4096, bf16: weights 8,030,261,248 × 2 B; KV
    2·32·8·128·2 B = 131,072 B a token × 4096 × 8; the largest live activation is the LM
    head's, 8 × 2 × (4096 + 128,256) B = 2,117,632 B. The attention's K/V read is the held
    cache, not live again (it used to add one layer's cache: 8 × 4096 × 4096 B = 134 MB)."""
    result = run(build_model("llama-3-8b", phase="decode", batch=8, seq=1, context=4096))
    assert result.memory_bytes == (8_030_261_248 * 2 + 131_072 * 4096 * 8
                                   + 8 * 2 * (4096 + 128_256))
    # an encoder holds no cache: its attention's K and V are live activations
    bert = build_model("bert-base", seq=512)
    attention = next(op for op in bert.ops if op.kind == "attention")
    assert bert.workload.kv_cache_bytes == 0
    assert run(bert).memory_bytes >= bert.param_bytes + attention.input_bytes


def test_decode_is_memory_bound_and_prefill_compute_bound_on_h100():
    decode = run(build_model("llama-3-8b", phase="decode", seq=1, context=1024))
    prefill = run(build_model("llama-3-8b", phase="prefill", seq=2048))
    assert decode.bottleneck == "memory" and prefill.bottleneck == "compute"
    # batch-1 decode cannot beat reading 16 GB of weights at the achievable bandwidth
    assert decode.latency_s > 16.06e9 / 3.35e12


MODELS = st.sampled_from(["gpt2", "bert-base", "llama-3-8b", "mixtral-8x7b"])
DEVICES = st.sampled_from(["h100-sxm", "a100-80gb", "mi300x", "l4", "tpu-v5e", "xeon-8480"])


@settings(max_examples=40, deadline=None)
@given(MODELS, DEVICES, st.integers(1, 32), st.sampled_from([64, 256, 512]))
def test_fused_is_never_slower_nor_moves_more_bytes(name, device_id, batch, seq):
    graph = build_model(name, batch=batch, seq=seq)
    device = CATALOG.device(device_id)
    eager, fused = run(graph, device, "eager"), run(graph, device, "fused")
    assert fused.latency_s <= eager.latency_s * (1 + 1e-12)
    assert fused.per_op["bytes"].sum() <= eager.per_op["bytes"].sum() * (1 + 1e-12)


@settings(max_examples=40, deadline=None)
@given(MODELS, DEVICES, st.integers(1, 16), st.floats(1.01, 8.0))
def test_more_bandwidth_is_never_slower(name, device_id, batch, factor):
    graph = build_model(name, batch=batch, seq=128)
    device = CATALOG.device(device_id)
    slow, fast = run(graph, device), run(graph, with_bandwidth(device, factor))
    assert fast.latency_s <= slow.latency_s * (1 + 1e-12)


@settings(max_examples=30, deadline=None)
@given(MODELS, DEVICES, st.integers(1, 16))
def test_terms_add_up_and_mfu_stays_below_the_achievable_fraction(name, device_id, batch):
    result = run(build_model(name, batch=batch, seq=128), CATALOG.device(device_id))
    assert result.latency_s == pytest.approx(
        result.compute_bound_s + result.memory_bound_s + result.overhead_s, rel=1e-9)
    assert 0 < result.mfu <= 0.8 + 1e-9
    assert math.isfinite(result.throughput_per_s)


@pytest.mark.parametrize(("name", "phase", "sizes"), [
    ("llama-3-8b", "decode", {"batch": [1, 8, 64], "context": [512, 4096, 32768]}),
    ("mistral-7b", "prefill", {"batch": [1, 4], "seq": [128, 8192]}),
    ("bert-base", "encoder", {"batch": [1, 16], "seq": [64, 512]}),
    ("resnet50", None, {"batch": [1, 7, 256]}),
    ("efficientnet-b0", None, {"batch": [1, 32]}),
])
@pytest.mark.parametrize("device_id", ["h100-sxm", "jetson-agx-orin", "xeon-8480"])
def test_a_graph_built_from_arrays_costs_every_configuration_like_the_scalar_model(
        name, phase, sizes, device_id):
    import numpy as np

    device = CATALOG.device(device_id)
    names = list(sizes)
    grids = np.meshgrid(*(np.array(v) for v in sizes.values()), indexing="ij")
    extra = {"seq": 1} if phase == "decode" else {}
    vector = run(build_model(name, phase=phase, dtype="fp16" if "orin" in device_id else "bf16",
                             **dict(zip(names, grids, strict=True)), **extra), device)
    for index in np.ndindex(grids[0].shape):
        point = {n: int(g[index]) for n, g in zip(names, grids, strict=True)}
        scalar = run(build_model(name, phase=phase,
                                 dtype="fp16" if "orin" in device_id else "bf16",
                                 **point, **extra), device)
        assert vector.latency_s[index] == pytest.approx(scalar.latency_s, rel=1e-12)
        assert vector.memory_bytes[index] == pytest.approx(scalar.memory_bytes, rel=1e-12)
        assert vector.bottleneck[index] == scalar.bottleneck
        assert bool(np.asarray(vector.fits)[index]) == scalar.fits


# --- what a host probe measures apart (issue 10 item 8) ----------------------------------------

def _measured(**update):
    """The gpu kind's parameters with a probe's own values added (sources as the kind's)."""
    src = GPU.memory_fraction.source
    fields = {}
    for name, value in update.items():
        if name == "eager_overhead":
            fields[name] = {k: replace(GPU.fused_overhead, value=v, range=None)
                            for k, v in value.items()}
        else:
            fields[name] = replace(GPU.memory_fraction, value=value, source=src, range=None)
    return replace(GPU, **fields)


def test_a_dense_convolution_runs_as_a_direct_kernel_where_one_was_measured():
    """ResNet-50's 3×3 64→64 conv at 56², batch 1, bf16 on an H100: 231,211,008 FLOPs. As an
    implicit GEMM (m = 3136, n = 64, k = 576) one 128-wide column tile of 25 row tiles fills
    25 of 132 SMs, split-K by min(⌊132/25⌋, ⌊576/256⌋) = 2: wave 50/132, tile
    3136·64/(25·128·128) = 0.49, k_s = 288, η = 0.8 · 50/132 · 0.49 · 288/352. A measured
    direct kernel at f_conv = 0.5 runs it in 231,211,008 / (989.4e12 · 0.5) and wins; a
    depthwise conv keeps its own paths."""
    conv = ops.conv2d("c", 1, 64, 56, 56, 64, 3, "bf16", padding=1)
    graph = Graph("c", (conv,), "bf16")
    eta = 0.8 * (50 / 132) * (3136 * 64 / (25 * 128 * 128)) * 288 / (288 + 64)
    plain = analyze(graph, H100, GPU, "fused")
    assert plain.per_op["compute_s"][0] == pytest.approx(231_211_008 / (989.4e12 * eta))
    direct = analyze(graph, H100, _measured(conv_peak_fraction=0.5), "fused")
    assert direct.per_op["compute_s"][0] == pytest.approx(231_211_008 / (989.4e12 * 0.5))
    depthwise = Graph("d", (ops.conv2d("d", 1, 144, 56, 56, 144, 3, "bf16", padding=1,
                                       groups=144),), "bf16")
    assert analyze(depthwise, H100, _measured(conv_peak_fraction=0.5)).per_op["compute_s"][0] \
        == analyze(depthwise, H100, GPU).per_op["compute_s"][0]


def test_a_gemv_streams_its_weights_at_the_measured_fraction():
    """GPT-2's 768→3072 fc at m = 1, fp32: (768·3072 + 3072 biases)·4 = 9,449,472 B of
    weights; a GEMV (m = 1
    ≤ 128/8) reads them at 3.35 TB/s · f_gemv = 0.3, its 768·4 + 3072·4 B of activations at
    the activation level's bandwidth · 0.85; at m = 64 (> 16) the weights stream at 0.85."""
    gemv = Graph("v", (ops.linear("fc", 1, 768, 3072, "fp32"),), "fp32")
    slow = analyze(gemv, H100, _measured(gemv_memory_fraction=0.3), "eager")
    plain = analyze(gemv, H100, GPU, "eager")
    weights = (768 * 3072 + 3072) * 4
    assert slow.per_op["memory_s"][0] - plain.per_op["memory_s"][0] == pytest.approx(
        weights / (3.35e12 * 0.3) - weights / (3.35e12 * 0.85))
    wide = Graph("w", (ops.linear("fc", 64, 768, 3072, "fp32"),), "fp32")
    assert analyze(wide, H100, _measured(gemv_memory_fraction=0.3)).per_op["memory_s"][0] == \
        analyze(wide, H100, GPU).per_op["memory_s"][0]


def test_each_vector_kind_runs_at_its_own_measured_fraction():
    """A 3×3 stride-2 max pool of 64·112·112 (200,704 outputs · 9 = 1,806,336 FLOPs) and a
    ReLU of 802,816 elements in fp32 on an H100 (vector rate R(fp32) = 67 TFLOP/s, the
    kind's f_vec 0.5): with the pool measured at 0.003 and 'other' at 0.4, the pool computes
    for 1,806,336/(67e12 · 0.003) and the ReLU for 802,816/(67e12 · 0.4)."""
    graph = Graph("g", (ops.pool("p", 1, 64, 112, 112, 3, 2, "fp32", padding=1),
                        ops.elementwise("r", 802_816, "fp32")), "fp32")
    fraction = GPU.vector_peak_fraction
    by_kind = {"pool": replace(fraction, value=0.003), "other": replace(fraction, value=0.4)}
    measured = replace(GPU, vector_peak_fraction=by_kind)
    compute = analyze(graph, H100, measured, "eager").per_op["compute_s"]
    assert compute[0] == pytest.approx(1_806_336 / (67e12 * 0.003))
    assert compute[1] == pytest.approx(802_816 / (67e12 * 0.4))
    plain = analyze(graph, H100, GPU, "eager").per_op["compute_s"]
    assert plain[1] == pytest.approx(802_816 / (67e12 * 0.5))


def test_a_decode_step_packs_the_query_heads_of_one_kv_head_as_gemm_rows():
    """Llama-3-8B-like decode attention, bf16 on an H100: B = 8, 32 query heads over 8 K/V
    heads (g = 4), one query each, C = 4096 keys of d = 128. FLOPs 2·8·32·4096·(128 + 128) +
    5·8·32·4096 = 542,113,792. The 4 heads sharing a K/V head are 4 rows of one GEMM (m = 4,
    tiled at the smallest row tile 128/8 = 16), 8·8 = 64 GEMMs of ⌈4096/128⌉ = 32 column
    tiles: 2048 tiles in ⌈2048/132⌉ = 16 waves of 132 SMs (2048/2112), tile 4/16, k-term
    128/(128 + 64): η = 0.8 · 2048/2112 · 0.25 · 2/3. One row per head would waste 15/16
    of each tile (and lose to the CUDA cores)."""
    att = ops.attention("a", 8, 32, 1, 4096, 128, "bf16", kv_heads=8)
    assert att.flops == 542_113_792 and att.kv_group == 4
    eta = 0.8 * (2048 / 2112) * 0.25 * (128 / 192)
    compute = analyze(Graph("a", (att,), "bf16"), H100, GPU, "fused").per_op["compute_s"][0]
    assert compute == pytest.approx(542_113_792 / (989.4e12 * eta), rel=1e-12)


def test_eager_dispatch_per_op_kind():
    """A linear, a norm, a view and a softmax in eager mode, with a matmul measured at 6 µs, a
    norm at 4 µs, a view at 1 µs and 'other' at 5 µs: 6 + 4 + 1 + 5 = 16 µs of overhead; with
    no view measured, the view pays nothing (6 + 4 + 5 = 15 µs)."""
    graph = Graph("g", (ops.linear("fc", 8, 64, 64, "bf16"), ops.norm("ln", 8, 64, "bf16"),
                        ops.view("flat", "bf16"), ops.softmax("sm", 8, 64, "bf16")), "bf16")
    measured = _measured(eager_overhead={"matmul": 6e-6, "norm": 4e-6, "view": 1e-6,
                                         "other": 5e-6})
    assert analyze(graph, H100, measured, "eager").overhead_s == pytest.approx(16e-6)
    no_view = _measured(eager_overhead={"matmul": 6e-6, "norm": 4e-6, "other": 5e-6})
    assert analyze(graph, H100, no_view, "eager").overhead_s == pytest.approx(15e-6)
    assert analyze(graph, H100, GPU, "eager").overhead_s == pytest.approx(3 * 10e-6)


def test_the_catalog_names_the_op_kinds_of_the_graph():
    from ironlaw.hardware.schema import OP_KINDS

    assert OP_KINDS == ops.KINDS  # the hardware layer cannot import frameworks: kept equal here


def test_a_per_kind_dispatch_needs_other(cli, tmp_path):
    code, text, _ = cli("hw", "template")
    mapping = ("      eager_overhead:\n        norm: {value: 4 us, source: my-datasheet}\n"
               "      gemm_peak_fraction:\n")
    path = tmp_path / "kinds.yaml"
    path.write_text(text.replace("      gemm_peak_fraction:\n", mapping, 1), encoding="utf-8")
    code, _, err = cli("hw", "validate", str(path))
    assert code == 2 and "eager_overhead" in err and "'other'" in err
    assert len(err.strip().splitlines()) == 1


def test_sibling_gemms_run_as_one_in_fused_mode():
    """Llama 3 8B's Q, K and V projections at decode batch 8 (m = 8, k = 4096; n = 4096, 1024,
    1024) on an H100, bf16, read the same 8·4096·2 = 65,536 B input: fused, they are one GEMM
    of n = 6144 — one launch (3 µs, not 9), the input read once, and tiled at the summed
    width: t_m = 16 (m = 8 shrinks it from 128 to its floor 128/8), 6144/128 = 48 tiles,
    split-K min(⌊132/48⌋, ⌊4096/256⌋) = 2 → wave 96/132, tile 8/16, k_s = 2048:
    η = 0.8 · 96/132 · 0.5 · 2048/2112, compute = 2·8·4096·6144 / (989.4e12 · η)."""
    from dataclasses import replace

    layer = tuple(replace(ops.linear(f"attn.{x}", 8, 4096, n, "bf16", bias=False),
                          sibling="attn.qkv") for x, n in (("q", 4096), ("k", 1024), ("v", 1024)))
    graph = Graph("qkv", layer, "bf16")
    fused, eager = run(graph, mode="fused"), run(graph, mode="eager")
    assert fused.overhead_s == pytest.approx(3e-6) and eager.overhead_s == pytest.approx(30e-6)
    plan = graph.fused
    assert list(plan["input_bytes"]) == [65_536, 0, 0] and list(plan["kernel"]) == [0, 0, 0]
    eta = 0.8 * (96 / 132) * 0.5 * 2048 / 2112
    assert sum(fused.per_op["compute_s"]) == pytest.approx(2 * 8 * 4096 * 6144 / (989.4e12 * eta))
    # a matmul of the same shape that is no sibling (the out-projection) stays apart
    apart = Graph("qo", (layer[0], ops.linear("attn.o", 8, 4096, 4096, "bf16", bias=False)),
                  "bf16")
    assert list(apart.fused["kernel"]) == [0, 1]
