"""Backward graphs: 2× forward for matrix products, the 6·P·D rule, saved activations."""

import pytest

from ironlaw.frameworks import ops
from ironlaw.frameworks.autodiff import backward, backward_op, saved_bytes, training_step
from ironlaw.frameworks.graph import Graph
from ironlaw.models.transformer import build
from ironlaw.models.zoo import build_model, config_of, get_model


def test_matmul_backward_is_twice_forward():
    fc = ops.linear("fc", 64, 1024, 4096, "bf16")
    grad = backward_op(fc)
    assert grad.flops == 2 * fc.flops  # dX = dY·W and dW = Xᵀ·dY
    assert grad.params == 0 and grad.weight_bytes == 2 * fc.weight_bytes  # read W, write dW


def test_flash_attention_backward_is_two_and_a_half_forward():
    # forward: QKᵀ and PV; backward recomputes QKᵀ, then dV, dP, dQ, dK: 5 products vs 2.
    att = ops.attention("a", 2, 8, 128, 128, 64, "bf16", causal=True)
    grad = backward_op(att)
    assert grad.tensor_flops == pytest.approx(2.5 * att.tensor_flops)


def test_training_step_follows_six_p_d():
    # Kaplan et al. 2020: C ≈ 6·P·D with P the non-embedding parameters, plus attention.
    # Written out for Llama-2-7B at S = 2048: every linear weight costs 2 FLOP per token
    # forward and 4 backward; causal attention costs 2·S·(S+1)·d per layer forward
    # (4·H·S·(S+1)/2·d_head) and 2.5× that backward, 7·S·(S+1)·d per layer in all.
    config = config_of(get_model("llama-2-7b"))
    s, d, layers, vocab = 2048, 4096, 32, 32000
    step = training_step(build(config, "prefill", batch=1, seq=s, all_logits=True))
    norms = (2 * layers + 1) * d
    linear = 6_738_415_616 - vocab * d - norms  # includes the untied LM head
    expected = 6 * linear * s + 7 * s * (s + 1) * d * layers
    assert step.tensor_flops == pytest.approx(expected, rel=1e-9)
    assert step.tensor_flops == pytest.approx(6 * (linear + norms) * s, rel=0.05)  # the rule


def test_saved_activations_match_korthikanti_for_a_gpt_layer():
    # Korthikanti et al. 2022 (arXiv:2205.05198), 16-bit, per layer: 34·s·b·h + 5·a·s²·b bytes.
    # Without dropout masks (2·s·b·h) and with flash attention (no a·s² matrices): 32·s·b·h.
    s, b, h = 512, 4, 768
    graph = build_model("gpt2", batch=b, seq=s, dtype="bf16")
    layer = next(item for item in graph.items if hasattr(item, "ops"))
    per_layer = sum(saved_bytes(op) for op in layer.ops)
    assert per_layer == 32 * s * b * h


def test_backward_keeps_blocks_and_reverses_order():
    graph = build_model("bert-base", seq=128)
    back = backward(graph)
    assert back.ops[0].name == "pooler.tanh.grad"
    assert len(back.items) == len(graph.items)
    assert back.params == 0 and training_step(graph).params == graph.params
    assert back.meta["saved_activation_bytes"] > 0


def test_a_view_only_graph_has_a_free_backward():
    graph = Graph("v", (ops.view("reshape", "bf16"),), "bf16")
    assert backward(graph).flops == 0
