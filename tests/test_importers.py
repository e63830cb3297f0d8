"""Importers: a torch module traced on meta tensors, and ONNX files built with onnx.helper.

References are independent of ironlaw: torch's own parameter count (``sum(p.numel())``), torch's
dispatcher-level FlopCounterMode (which counts mm/addmm/bmm/convolution/SDPA only, so it is
compared with ``Graph.tensor_flops``), and hand calculations written out below.
"""

from __future__ import annotations

import pytest

from ironlaw.errors import UserError


# --- torch --------------------------------------------------------------------------------------
def _flop_counter(torch, module, *shapes, dtype=None):
    """Run ``module`` on meta tensors under torch's FlopCounterMode; return (total, per-op)."""
    from torch.utils.flop_counter import FlopCounterMode

    module = module.to("meta")
    inputs = [torch.empty(s, device="meta", dtype=dtype) for s in shapes]
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        module(*inputs)
    per_op = {str(k).split(".")[-1]: v for k, v in counter.get_flop_counts()["Global"].items()}
    return counter.get_total_flops(), per_op


def _n_params(module) -> int:
    return sum(p.numel() for p in module.parameters())  # deduplicates tied weights


def _block(torch, d=128, heads=4, kv_heads=4, causal=True, vocab=None):
    """A pre-norm transformer block calling F.scaled_dot_product_attention directly
    (optionally with a token embedding and a head tied to it)."""
    nn, F = torch.nn, torch.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.hd = d // heads
            self.embed = nn.Embedding(vocab, d) if vocab else None
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.q = nn.Linear(d, d, bias=False)
            self.kv = nn.Linear(d, 2 * kv_heads * self.hd, bias=False)
            self.proj = nn.Linear(d, d)
            self.up, self.down = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

        def forward(self, x):
            if self.embed is not None:
                x = self.embed(x)
            b, t, _ = x.shape
            y = self.ln1(x)
            q = self.q(y).view(b, t, heads, self.hd).transpose(1, 2)
            k, v = self.kv(y).view(b, t, 2, kv_heads, self.hd).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=causal,
                                               enable_gqa=kv_heads != heads)
            x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
            x = x + self.down(F.gelu(self.up(self.ln2(x))))
            if self.embed is not None:
                x = x @ self.embed.weight.T  # LM head tied to the embedding
            return x

    return Block()


def test_mlp_params_and_flops_match_torch():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    nn = torch.nn
    mlp = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 64), nn.GELU(),
                        nn.Linear(64, 10))
    graph = trace(mlp, (torch.randn(8, 32),))
    assert graph.params == _n_params(mlp) == (32 * 64 + 64) + (64 * 64 + 64) + (64 * 10 + 10)
    # hand: 2 FLOP per multiply-add, 8 rows through 32->64->64->10
    assert graph.tensor_flops == 2 * 8 * (32 * 64 + 64 * 64 + 64 * 10)
    total, _ = _flop_counter(torch, mlp, (8, 32))
    assert graph.tensor_flops == pytest.approx(total, rel=0.01)
    assert {op.kind for op in graph.ops} >= {"matmul", "elementwise"}


def test_cnn_with_batchnorm_depthwise_and_pooling():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    nn = torch.nn
    cnn = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16, bias=False),  # depthwise
        nn.BatchNorm2d(16), nn.ReLU6(),
        nn.Conv2d(16, 32, 1), nn.MaxPool2d(2), nn.AvgPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10),
    ).eval()
    graph = trace(cnn, ((2, 3, 32, 32),))
    assert graph.params == _n_params(cnn)
    total, per_op = _flop_counter(torch, cnn, (2, 3, 32, 32))
    assert graph.tensor_flops == pytest.approx(total, rel=0.01)
    # depthwise conv by hand: each of 16 output channels sees 1 input channel, 3x3, on 16x16
    depthwise = [op for op in graph.ops if op.kind == "conv2d"][1]
    assert depthwise.flops == 2 * 2 * 16 * 16 * 16 * (1 * 3 * 3)
    kinds = [op.kind for op in graph.ops]
    assert kinds.count("norm") == 2 and kinds.count("pool") == 2  # two BN, max + avg pool


def test_causal_attention_is_traced_where_forward_hooks_see_nothing():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    b, t, d, h = 2, 16, 128, 4
    block = _block(torch, d, h)
    graph = trace(block, ((b, t, d),))
    # What a forward-hook counter on nn.Linear / nn.Conv2d counts: 2 FLOP per MAC of each layer.
    hooked = []
    for m in block.modules():
        if isinstance(m, torch.nn.Linear):
            m.register_forward_hook(lambda m, i, o: hooked.append(
                2 * i[0].numel() // m.in_features * m.in_features * m.out_features))
    block(torch.randn(b, t, d))  # the hook counter runs the real module
    assert graph.params == _n_params(block)

    # hand: causal attention, query i sees i + 1 keys: mean (t + 1)/2 keys per query
    keys = (t + 1) / 2
    attention = 4 * b * h * t * keys * (d // h)  # QKᵀ and PV GEMMs, on tensor units
    softmax = 5 * b * h * t * keys
    [att] = [op for op in graph.ops if op.kind == "attention"]
    assert att.flops == pytest.approx(attention + softmax)
    assert sum(hooked) == 2 * b * t * (d * d + d * 2 * d + d * d + 2 * d * 4 * d)
    assert graph.tensor_flops == pytest.approx(sum(hooked) + attention)  # the hooks miss SDPA

    # torch's counter sees the full (unmasked) QKᵀ and PV GEMMs: 4·b·h·t·t·d_head FLOP
    total, per_op = _flop_counter(torch, _block(torch, d, h), (b, t, d))
    assert per_op["bmm"] == 4 * b * h * t * t * (d // h)
    assert graph.tensor_flops == pytest.approx(total - per_op["bmm"] + attention, rel=0.01)


def test_full_attention_matches_flop_counter():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    block = _block(torch, causal=False)
    graph = trace(block, ((2, 16, 128),))
    total, _ = _flop_counter(torch, block, (2, 16, 128))
    assert graph.tensor_flops == pytest.approx(total, rel=0.01)


def test_grouped_query_attention_reads_fewer_kv_heads():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    b, t, d, h, kv = 2, 16, 128, 8, 2
    gqa = _block(torch, d, h, kv_heads=kv, causal=False)
    graph = trace(gqa, ((b, t, d),))
    assert graph.params == _n_params(gqa)
    [att] = [op for op in graph.ops if op.kind == "attention"]
    hd = d // h
    assert att.flops == 4 * b * h * t * t * hd + 5 * b * h * t * t  # FLOPs follow query heads
    assert att.input_bytes == 4 * (b * h * t * hd + 2 * b * kv * t * hd)  # Q, then K and V
    total, _ = _flop_counter(torch, gqa, (b, t, d))
    assert graph.tensor_flops == pytest.approx(total, rel=0.01)


def test_fused_aten_kernels_called_directly():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    aten = torch.ops.aten

    class Fused(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(32))

        def forward(self, q):
            y = aten._fused_rms_norm(q, [32], self.scale, 1e-6)[0]
            return aten._scaled_dot_product_flash_attention_for_cpu(y, y, y, is_causal=True)[0]

    graph = trace(Fused(), ((1, 2, 8, 32),))
    assert graph.params == 32  # on meta tensors the RMS norm decomposes into pointwise ops
    [att] = [op for op in graph.ops if op.kind == "attention"]
    keys = (8 + 1) / 2  # causal: query i sees i + 1 of 8 keys
    assert att.flops == pytest.approx(4 * 2 * 8 * keys * 32 + 5 * 2 * 8 * keys)


def test_tied_embedding_counted_once_and_module_untouched():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    lm = _block(torch, vocab=1000)
    graph = trace(lm, (torch.zeros(2, 16, dtype=torch.long),), dtype="bf16", name="tiny-lm")
    assert graph.name == "tiny-lm"
    assert graph.params == _n_params(lm)  # the 1000x128 table once, though read twice
    assert [op.kind for op in graph.ops].count("embedding") == 1
    assert next(lm.parameters()).device.type == "cpu"  # weights were not moved to meta


def test_unsupported_torch_op_is_named():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    class Spectrum(torch.nn.Module):
        def forward(self, x):
            return torch.fft.fft(x).abs()

    with pytest.raises(UserError, match="fft"):
        trace(Spectrum(), ((4, 8),))


def test_unknown_precision_is_a_user_error():
    torch = pytest.importorskip("torch")
    from ironlaw.models.from_torch import trace

    with pytest.raises(UserError, match="fp33"):
        trace(torch.nn.Linear(4, 4), ((2, 4),), dtype="fp33")


# --- ONNX ---------------------------------------------------------------------------------------
def _save(onnx, tmp_path, name, nodes, inputs, outputs, weights):
    """Write a one-graph ONNX model (opset 17) whose initializers are zero float32 arrays."""
    import numpy as np
    from onnx import helper, numpy_helper

    inits = [numpy_helper.from_array(np.zeros(shape, np.float32), n) for n, shape in weights]
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    path = tmp_path / f"{name}.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def _mlp_onnx(onnx, tmp_path):
    from onnx import TensorProto, helper

    node = helper.make_node
    return _save(onnx, tmp_path, "mlp",
                 [node("MatMul", ["x", "W1"], ["h1"]), node("Add", ["h1", "b1"], ["h2"]),
                  node("Relu", ["h2"], ["h3"]),
                  node("MatMul", ["h3", "W2"], ["h4"]), node("Add", ["h4", "b2"], ["y"])],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
                 [("W1", (16, 32)), ("b1", (32,)), ("W2", (32, 4)), ("b2", (4,))])


def test_onnx_mlp_by_hand(tmp_path):
    onnx = pytest.importorskip("onnx")
    from ironlaw.models.from_onnx import load

    graph = load(_mlp_onnx(onnx, tmp_path), batch=8)
    assert graph.dtype == "fp32"
    assert graph.params == (16 * 32 + 32) + (32 * 4 + 4)  # = 676
    assert graph.tensor_flops == 2 * 8 * 16 * 32 + 2 * 8 * 32 * 4  # = 10240
    # elementwise: two bias adds and a ReLU, one FLOP per output element
    assert graph.flops - graph.tensor_flops == 8 * 32 + 8 * 32 + 8 * 4


def test_onnx_symbolic_batch_needs_batch(tmp_path):
    onnx = pytest.importorskip("onnx")
    from ironlaw.models.from_onnx import load

    with pytest.raises(UserError, match="'x'.*batch="):
        load(_mlp_onnx(onnx, tmp_path))


def test_onnx_cnn_by_hand(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from ironlaw.models.from_onnx import load

    node = helper.make_node
    path = _save(onnx, tmp_path, "cnn",
                 [node("Conv", ["x", "Wc", "bc"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                       strides=[2, 2]),
                  node("BatchNormalization", ["c", "scale", "shift", "mean", "var"], ["n"]),
                  node("Relu", ["n"], ["r"]), node("GlobalAveragePool", ["r"], ["p"]),
                  node("Flatten", ["p"], ["f"]), node("Gemm", ["f", "Wg", "bg"], ["y"], transB=1)],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, 32, 32])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 10])],
                 [("Wc", (16, 3, 3, 3)), ("bc", (16,)), ("scale", (16,)), ("shift", (16,)),
                  ("mean", (16,)), ("var", (16,)), ("Wg", (10, 16)), ("bg", (10,))])
    graph = load(path, batch=2)
    # conv 16·3·3·3 + 16 bias; BN scale + shift (mean/var are statistics); Gemm 16·10 + 10
    assert graph.params == (16 * 27 + 16) + 2 * 16 + (16 * 10 + 10)  # = 650
    # conv output (32 + 2 − 3)//2 + 1 = 16: 2·B·16·16·C_out·(C_in·3·3), then Gemm 2·B·16·10
    assert graph.tensor_flops == 2 * 2 * 16 * 16 * 16 * 27 + 2 * 2 * 16 * 10
    [pool] = [op for op in graph.ops if op.kind == "pool"]
    assert pool.flops == 2 * 16 * 16 * 16  # one add per input element
    assert [op.kind for op in graph.ops].count("norm") == 1


def test_onnx_gather_is_embedding_and_shared_weights_count_once(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from ironlaw.models.from_onnx import load

    node = helper.make_node
    path = _save(onnx, tmp_path, "tied",
                 [node("Gather", ["E", "ids"], ["h"]), node("Flatten", ["h"], ["f"], axis=1),
                  node("MatMul", ["f", "ET"], ["y"]), node("Gemm", ["f", "E"], ["z"], transB=1)],
                 [helper.make_tensor_value_info("ids", TensorProto.INT64, [10])],
                 [helper.make_tensor_value_info("y", TensorProto.FLOAT, [10, 100]),
                  helper.make_tensor_value_info("z", TensorProto.FLOAT, [10, 100])],
                 [("E", (100, 8)), ("ET", (8, 100))])
    graph = load(path)
    assert graph.params == 100 * 8 + 8 * 100  # E once (read by Gather and Gemm), ET once
    assert [op.kind for op in graph.ops] == ["embedding", "view", "matmul", "matmul"]
    assert graph.tensor_flops == 2 * (2 * 10 * 8 * 100)


def test_onnx_garbage_truncated_and_missing_files(tmp_path):
    onnx = pytest.importorskip("onnx")
    from ironlaw.models.from_onnx import load

    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"definitely not a protobuf\n" * 8)
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    whole = _mlp_onnx(onnx, tmp_path).read_bytes()
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(whole[: len(whole) // 2])
    for bad in (garbage, empty, truncated, tmp_path / "missing.onnx"):
        with pytest.raises(UserError, match=bad.name):
            load(bad, batch=1)


def test_onnx_unsupported_ops_are_listed(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    from ironlaw.models.from_onnx import load

    node = helper.make_node
    path = _save(onnx, tmp_path, "odd",
                 [node("Einsum", ["x", "x"], ["y"], equation="ij,ij->ij"),
                  node("Relu", ["y"], ["z"]), node("Hardmax", ["z"], ["w"])],
                 [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 8])],
                 [helper.make_tensor_value_info("w", TensorProto.FLOAT, [2, 8])], [])
    with pytest.raises(UserError, match="Einsum.*Hardmax"):
        load(path)
