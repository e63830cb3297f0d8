"""Ops carry what they cost: one dtype table, typed op fields, a typed workload, costed data
movement, per-op precision, and energy from the levels the cost model used.

Every expected value is a datasheet figure or a hand calculation written out here.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from ironlaw import dtypes
from ironlaw.errors import ParameterError
from ironlaw.frameworks import ops
from ironlaw.frameworks.cost import analyze
from ironlaw.frameworks.graph import Graph, Workload
from ironlaw.hardware.catalog import builtin
from ironlaw.models.zoo import build_model
from ironlaw.operations import compression
from ironlaw.operations.energy import energy_of

CATALOG = builtin()
H100 = CATALOG.device("h100-sxm")
GPU = CATALOG.efficiency_of(H100)
HBM = 3.35e12 * 0.85  # H100 SXM HBM3 datasheet bandwidth × the sustained fraction
BF16, FP8 = 989.4e12, 1978.9e12  # H100 SXM dense tensor peaks, datasheet


# --- the dtype table ------------------------------------------------------------------------
def test_one_dtype_table_names_widths_and_energy_keys():
    assert dtypes.element_bytes("bf16") == 2 and dtypes.element_bytes("int4") == 0.5
    assert dtypes.dtype("fp6").bits == 6
    assert dtypes.from_onnx(16) == "bf16" and dtypes.from_onnx(1) == "fp32"  # TensorProto codes
    assert dtypes.from_onnx(7) is None  # INT64: not a format ironlaw costs
    assert dtypes.from_torch("torch.bfloat16") == "bf16" and dtypes.from_torch("float16") == "fp16"
    assert dtypes.dtype("tf32").energy == "fp32" and dtypes.dtype("int4").energy == "int8"
    with pytest.raises(ParameterError, match="^precision: expected one of") as info:
        dtypes.dtype("fp12")
    assert info.value.parameter == "precision"
    with pytest.raises(ParameterError, match="^precision"):
        build_model("resnet50", dtype="fp12")


# --- copies and casts cost their bytes --------------------------------------------------------
def test_copy_and_cast_cost_bytes_over_bandwidth():
    n = 1e9  # elements: 4 GB of traffic, far beyond the 50 MB L2, so from HBM
    copy = ops.copy("transpose", n, "bf16")
    cast = ops.cast("to_bf16", n, "fp32", "bf16")
    concat = ops.concat("cat", (n / 2, n / 2), "bf16")
    assert (copy.flops, copy.bytes) == (0.0, 2 * n + 2 * n)
    assert cast.bytes == 4 * n + 2 * n  # read fp32, write bf16
    assert concat.bytes == copy.bytes
    a = analyze(Graph("moves", (copy, cast, concat), "bf16"), H100, GPU, "eager")
    assert list(a.per_op["compute_s"]) == [0.0, 0.0, 0.0]
    assert a.per_op["memory_s"] == pytest.approx([4e9 / HBM, 6e9 / HBM, 4e9 / HBM], rel=1e-12)
    assert list(a.per_op["bound"]) == ["memory"] * 3
    # a view moves nothing and launches nothing
    view = analyze(Graph("v", (ops.view("reshape", "bf16"),), "bf16"), H100, GPU, "eager")
    assert view.latency_s == 0.0


# --- each op at its own precision -------------------------------------------------------------
def test_mixed_precision_graph_runs_each_op_at_its_own_peak():
    n = 8192
    fp8 = ops.matmul("fp8 gemm", 1, n, n, n, "fp8")
    bf16 = ops.matmul("bf16 gemm", 1, n, n, n, "bf16")
    a = analyze(Graph("mixed", (fp8, bf16), "bf16"), H100, GPU)
    t_fp8, t_bf16 = a.per_op["compute_s"]
    assert t_fp8 / t_bf16 == pytest.approx(BF16 / FP8, rel=1e-12)  # same shape, same η
    # MFU: Σ FLOPs / R(own precision), over the latency
    flops = 2.0 * n**3
    assert a.mfu == pytest.approx((flops / FP8 + flops / BF16) / a.latency_s, rel=1e-12)
    assert a.mfu <= 1.0
    assert a.flops_by_precision() == {"fp8": flops, "bf16": flops}


def test_vector_ops_run_at_their_own_precision_not_always_fp32():
    # fp64 on a B200: a norm runs at min(R_fp64, R_fp32), never above the fp64 peak
    b200 = CATALOG.device("b200")
    a = analyze(build_model("llama-3-8b", phase="prefill", seq=2048, batch=4, dtype="fp64"),
                b200, CATALOG.efficiency_of(b200))
    assert a.mfu <= 1.0  # was 1.007 when vector ops ran at the fp32 peak


def _catalog_cases():
    for device in CATALOG.devices.values():
        if not any(m.bandwidth for m in device.memory):
            continue  # the cost model refuses to guess a bandwidth (tested elsewhere)
        for precision in device.peak:
            if precision in dtypes.DTYPES:
                yield device.id, precision


@pytest.mark.parametrize("device_id, precision", list(_catalog_cases()))
def test_mfu_at_most_one_and_ops_above_their_floors(device_id, precision):
    """For every catalog device × precision × phase: MFU ≤ 1, every op's compute time
    ≥ FLOPs / R(p) and memory time ≥ bytes / the fastest bandwidth on the device."""
    device = CATALOG.device(device_id)
    efficiency = CATALOG.efficiency_of(device)
    fastest = max(m.bandwidth.value for m in device.memory if m.bandwidth is not None)
    peak = device.peak_rate(precision)
    runs = device.peak  # a narrow LLM's 16-bit part in the float this device has
    graphs = [build_model("resnet50", batch=4, dtype=precision),
              build_model("gpt2", phase="prefill", seq=64, dtype=precision, runs=runs),
              build_model("gpt2", phase="decode", context=64, batch=8, dtype=precision,
                          runs=runs)]
    for graph in graphs:
        for mode in ("eager", "fused"):
            a = analyze(graph, device, efficiency, mode)
            assert 0.0 < a.mfu <= 1.0, (graph.name, mode, a.mfu)
            c = graph.columns()
            # BatchNorm folded into its conv (inference, fused) executes no FLOPs of its own
            executed = np.where(graph.fused["folded"], 0.0, c["flops"]) if mode == "fused" \
                else c["flops"]
            assert np.all(a.per_op["compute_s"] >= executed / peak * (1 - 1e-12))
            assert np.all(a.per_op["memory_s"] >= a.per_op["bytes"] / fastest * (1 - 1e-12))


# --- the workload: importers set it too -------------------------------------------------------
def test_torch_import_at_batch_8_reports_8_per_latency():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    graph = trace(torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU()), ((8, 16),))
    assert graph.workload == Workload(batch=8)
    a = analyze(graph, H100, GPU)
    assert a.throughput_per_s == pytest.approx(8 / a.latency_s, rel=1e-15)


def test_onnx_import_at_batch_8_reports_8_per_latency(tmp_path):
    onnx = pytest.importorskip("onnx")
    import numpy as np_
    from onnx import TensorProto, helper, numpy_helper

    from ironlaw.models.from_onnx import load

    nodes = [helper.make_node("MatMul", ["x", "W"], ["h"]),
             helper.make_node("Transpose", ["h"], ["y"], perm=[1, 0])]
    graph = helper.make_graph(
        nodes, "mm", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [32, "N"])],
        [numpy_helper.from_array(np_.zeros((16, 32), np_.float32), "W")])
    path = tmp_path / "mm.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    imported = load(path, batch=8)
    assert imported.workload.batch == 8
    a = analyze(imported, H100, GPU)
    assert a.throughput_per_s == pytest.approx(8 / a.latency_s, rel=1e-15)
    # the transpose is a real copy now: 8·32 fp32 elements read and written
    transpose = imported.ops[1]
    assert (transpose.kind, transpose.bytes) == ("copy", 2 * 8 * 32 * 4)


# --- energy from the levels the cost model used, one way ---------------------------------------
def test_physics_energy_of_resnet50_is_the_same_by_cost_and_by_compress(cli):
    graph = build_model("resnet50", batch=32, dtype="bf16")
    direct = energy_of(analyze(graph, H100, GPU), "physics")
    # every op is bf16: all FLOPs at the 16-bit figure, 0.75 pJ/FLOP (Horowitz, ISSCC 2014)
    assert direct.physics_compute_j == pytest.approx(graph.flops * 0.75e-12, rel=1e-12)
    compared = compression.compare("resnet50", "h100-sxm", "int8-weight", batch=32)
    assert compared.baseline_energy.total_j == direct.physics_j
    code, out, _ = cli("cost", "resnet50", "--on", "h100-sxm", "--batch", "32", "--format",
                       "json")
    assert code == 0
    code2, out2, _ = cli("compress", "resnet50", "--on", "h100-sxm", "--batch", "32",
                         "--scheme", "int8-weight", "--format", "json")
    assert code2 == 0
    by_cost = json.loads(out)["energy"]["physics_j"]
    by_compress = json.loads(out2)["baseline"]["energy_j"]
    assert by_cost == pytest.approx(by_compress, rel=1e-12) and by_cost == pytest.approx(
        direct.physics_j, rel=1e-12)


# --- the vocabulary gaps builders worked around ----------------------------------------------
def test_vit_class_token_and_positions_are_parameters():
    graph = build_model("vit_b_16")
    assert graph.params == 86_567_656  # torchvision ViT_B_16_Weights: 86,567,656 parameters
    token = next(op for op in graph.ops if op.name == "class_token")
    positions = next(op for op in graph.ops if op.name == "pos_embed")
    assert (token.kind, token.params) == ("concat", 768)
    assert positions.params == 197 * 768
    # the token is concatenated in front of the 196 patches: 196·768 read, 197·768 written
    assert token.input_bytes == 196 * 768 * 2 and token.output_bytes == 197 * 768 * 2  # bf16


def test_conv_and_pool_windows_per_axis_and_per_side():
    # DS-CNN's first layer: 10×4 kernel, stride 2, Keras "same" on 49×10: pad 4 above, 5 below
    conv = ops.conv2d("c", 1, 1, 49, 10, 64, (10, 4), "fp32", stride=2, padding=(4, 5, 1, 1))
    assert conv.shape == (1, 64, 25, 5)
    pool = ops.pool("p", 1, 64, 25, 5, (24, 5), (24, 5), "fp32")
    assert pool.shape == (1, 64, 1, 1) and pool.flops == 64 * 24 * 5
    # squeeze-excite scale: x (B·C·H·W) times s (B·C) broadcast over H·W
    scale = ops.elementwise("se", 2 * 8 * 7 * 7, "fp32", 1.0, broadcast=(2 * 8,))
    assert scale.input_bytes == (2 * 8 * 7 * 7 + 2 * 8) * 4


def test_attention_with_a_different_value_head_size():
    # MLA-style: Q/K heads of 192, V heads of 128; B = 1, H = 2, q = kv = 16, full attention
    att = ops.attention("a", 1, 2, 16, 16, 192, "bf16", v_head_dim=128)
    scores = 2 * 16 * 16
    assert att.tensor_flops == 2 * scores * 192 + 2 * scores * 128  # QKᵀ and PV
    assert att.output_bytes == 2 * 16 * 128 * 2
    assert att.input_bytes == (2 * 16 * 192 + 2 * 16 * 192 + 2 * 16 * 128) * 2


def test_tensor_parallel_roles_come_from_the_builder():
    graph = build_model("llama-3-8b", phase="decode", context=64)
    roles = {op.name: op.tp_role for op in graph.ops}
    assert roles["attn.q"] == "column" and roles["attn.o"] == "row"
    assert roles["norm.attn"] is None and roles["lm_head"] == "head"
    assert [op.name for op in graph.ops if op.tp_reduce] == ["attn.o", "mlp.down"]


# --- fusion as inference engines do it ----------------------------------------------------------
def _conv_bn_relu(phase: str = "forward") -> Graph:
    # a 3×3 conv of 64 → 64 channels on a 56×56 map at batch 32, then BatchNorm and ReLU
    conv = ops.conv2d("conv", 32, 64, 56, 56, 64, 3, "bf16", padding=1)
    rows = 32 * 56 * 56
    return Graph("block", (conv, ops.norm("bn", rows, 64, "bf16", "batchnorm"),
                           ops.elementwise("relu", rows * 64, "bf16")), "bf16",
                 workload=Workload(batch=32, phase=phase))


def test_batchnorm_folds_into_its_conv_for_inference():
    graph = _conv_bn_relu()
    fused, eager = analyze(graph, H100, GPU, "fused"), analyze(graph, H100, GPU, "eager")
    bn = 1
    # folded: no FLOPs (2 per element in eager), no traffic, no launch of its own
    assert eager.per_op["compute_s"][bn] > 0 and fused.per_op["compute_s"][bn] == 0
    assert fused.per_op["activation_bytes"][bn] == 0 and fused.per_op["time_s"][bn] == 0
    assert graph.fused["folded"].tolist() == [False, True, False]
    # training keeps BatchNorm: its statistics come from the batch
    train = _conv_bn_relu("train")
    assert not train.fused["folded"].any()
    assert analyze(train, H100, GPU, "fused").per_op["compute_s"][bn] > 0


def test_a_fused_kernel_takes_the_max_of_its_summed_compute_and_memory():
    graph = _conv_bn_relu()
    a = analyze(graph, H100, GPU, "fused")
    p = a.per_op
    # the conv leads one kernel holding BN (folded) and ReLU (its epilogue): the kernel time is
    # max(Σ compute, Σ memory) + one launch, the others take no time of their own
    kernel = max(p["compute_s"].sum(), p["memory_s"].sum()) + GPU.fused_overhead.value
    assert p["time_s"][0] == pytest.approx(kernel)
    assert p["time_s"][1] == p["time_s"][2] == 0.0
    assert a.latency_s == pytest.approx(kernel)


def test_expert_and_per_head_gemms_run_as_batched_gemms():
    """Mixtral 8x7B decode at batch 8: 16 routed rows (top-2 of 8 experts), spread over the
    8·(1 − (1 − 2/8)^8) = 7.199 experts they touch: 7.199 GEMMs of m = 16/7.199 = 2.22 rows
    (skinny, as grouped-GEMM kernels run them), every expert held, the touched ones read.
    DeepSeek-V3's absorbed K projection at decode: 128 heads, each its own 128 × 512 matrix
    over the batch's rows: 128 GEMMs of m = 8; split 8 ways, 16 heads (GEMMs) a device."""
    from ironlaw.frameworks.graph import Block
    from ironlaw.frameworks.parallel import tensor_parallel

    def ops_of(graph):
        return {op.name: op for item in graph.items if isinstance(item, Block)
                for op in item.ops}

    touched = 8 * (1 - (1 - 2 / 8) ** 8)
    gate = ops_of(build_model("mixtral-8x7b", phase="decode", batch=8, context=1024))[
        "moe.gate"]
    assert gate.batch == pytest.approx(touched) and gate.m == pytest.approx(16 / touched)
    assert (gate.n, gate.k) == (14336, 4096)
    assert gate.flops == 2 * 16 * 4096 * 14336
    assert gate.params == 8 * 4096 * 14336
    assert gate.weight_bytes == pytest.approx(touched * 4096 * 14336 * 2)
    v3 = build_model("deepseek-v3", phase="decode", batch=8, context=1024)
    k_b = ops_of(v3)["attn.k_b"]
    assert (k_b.batch, k_b.m, k_b.n, k_b.k) == (128, 8, 512, 128)
    assert k_b.params == 128 * 128 * 512
    split = ops_of(tensor_parallel(v3, 8, heads=128, kv_heads=128))["attn.k_b"]
    assert (split.batch, split.m) == (16, 8)


def test_eager_attention_streams_its_cache_at_the_measured_fraction():
    """The H200's torch SDPA (flash backend) decode kernel streamed K/V at 0.53-0.555 of
    4.8 TB/s (benchmarks/gpu, both runs); eager attention is costed at that fraction, fused
    attention (an engine's own kernel) at the STREAM fraction 0.90. Batch 16, 32 heads of 128,
    8192 keys, bf16: K and V 2·16·32·128·8192·2 B = 2,147,483,648 B, q and out
    2·16·32·128·2 B = 262,144 B: 2,147,745,792 B.
      eager  2,147,745,792 / (4.8e12 · 0.54) + 8.8 µs = 828.6 + 8.8 = 837.4 µs
             (measured 822.4 µs and 853.5 µs in the two runs)
      fused  2,147,745,792 / (4.8e12 · 0.90) + 1.1 µs = 497.2 + 1.1 = 498.3 µs"""
    from ironlaw.frameworks.graph import Graph, Workload

    device = CATALOG.device("h200")
    op = ops.attention("sdpa", 16, 32, 1, 8192, 128, "bf16", causal=False)
    assert op.bytes == 2_147_745_792
    graph = Graph("sdpa", (op,), "bf16", workload=Workload(batch=16))
    eager = analyze(graph, device, CATALOG.efficiency_of(device), "eager").latency_s
    fused = analyze(graph, device, CATALOG.efficiency_of(device), "fused").latency_s
    assert eager == pytest.approx(2_147_745_792 / (4.8e12 * 0.54) + 8.8e-6, rel=1e-6)
    assert fused == pytest.approx(2_147_745_792 / (4.8e12 * 0.90) + 1.1e-6, rel=1e-6)
