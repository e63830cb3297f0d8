"""Transformer graphs from the shipped config.json files: exact parameter counts, FLOPs by hand,
KV cache, phases and invariants."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ironlaw.errors import UserError
from ironlaw.models import transformer
from ironlaw.models.zoo import build_model, config_of, get_model

# Published parameter counts (Hugging Face model cards / reference implementations).
PUBLISHED = {
    "gpt2": 124_439_808,
    "gpt2-xl": 1_557_611_200,
    "bert-base": 109_482_240,  # bert-base-uncased with the pooler
    "bert-large": 335_141_888,
    "llama-2-7b": 6_738_415_616,
    "llama-2-70b": 68_976_648_192,
    "llama-3-8b": 8_030_261_248,
    "llama-3-70b": 70_553_706_496,
    "mistral-7b": 7_241_732_096,
    "mixtral-8x7b": 46_702_792_704,
    "qwen2-7b": 7_615_616_512,
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_exact_parameter_counts(name):
    assert build_model(name).params == PUBLISHED[name]


def test_gpt2_prefill_flops_by_hand():
    # Per layer with S tokens, d = 768: QKV 2·S·d·3d, O 2·S·d², MLP 2·2·S·d·4d, attention
    # (causal) 4·S·(S+1)/2·d. With S = 128 and logits for the last token only (2·d·V).
    s, d, layers, vocab = 128, 768, 12, 50257
    per_layer = 2 * s * d * 3 * d + 2 * s * d * d + 2 * 2 * s * d * 4 * d
    attention = 4 * s * (s + 1) / 2 * d
    expected = layers * (per_layer + attention) + 2 * d * vocab
    assert build_model("gpt2", seq=s).tensor_flops == pytest.approx(expected, rel=1e-12)


def test_decode_flops_are_about_two_per_parameter_per_token():
    # design.md §3: inference ≈ 2·P per token (P without embeddings, which are a gather).
    g = build_model("llama-2-7b", phase="decode", batch=1, seq=1, context=16)
    non_embedding = 6_738_415_616 - 32000 * 4096
    assert g.tensor_flops == pytest.approx(2 * non_embedding, rel=0.01)


def test_kv_cache_bytes_by_hand():
    # Llama-3-8B: 32 layers × 8 KV heads × 128 dims × 2 (K and V) × 2 B = 128 KiB per token.
    g = build_model("llama-3-8b", phase="decode", batch=4, seq=1, context=4096, dtype="bf16")
    assert g.workload.kv_cache_bytes == 2 * 32 * 8 * 128 * 4096 * 4 * 2
    # MHA (Llama-2-7B) keeps 32 KV heads: 4× more per token than GQA with 8.
    mha = build_model("llama-2-7b", phase="decode", batch=4, seq=1, context=4096)
    assert mha.workload.kv_cache_bytes == 4 * g.workload.kv_cache_bytes


def test_mixtral_reads_only_the_experts_it_routes_to():
    # One token routes to 2 of 8 experts: expert weight traffic is 2/8 of all expert weights.
    g = build_model("mixtral-8x7b", phase="decode", batch=1, seq=1, context=64)
    experts = [op for op in g.ops if op.name in ("moe.gate", "moe.up", "moe.down")]
    read = sum(op.weight_bytes * op.count for op in experts)
    owned = sum(op.param_bytes * op.count for op in experts)
    assert read == pytest.approx(owned * 2 / 8)


def test_shipped_configs_name_their_source():
    for spec_id in PUBLISHED:
        config = config_of(get_model(spec_id))
        assert "_source" in config and config["model_type"]


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 64), st.integers(2, 8))
def test_flops_are_linear_in_batch(batch, factor):
    one = build_model("llama-3-8b", seq=64, batch=batch)
    many = build_model("llama-3-8b", seq=64, batch=batch * factor)
    assert many.flops == pytest.approx(factor * one.flops, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(16, 4096))
def test_attention_flops_are_quadratic_in_sequence(s):
    def attention_flops(seq):
        g = build_model("bert-large", seq=min(seq, 512))
        return sum(op.flops * op.count for op in g.ops if op.kind == "attention")

    s = min(s, 256)
    assert attention_flops(2 * s) == pytest.approx(4 * attention_flops(s), rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 64), st.integers(1, 32768))
def test_decode_bytes_are_dominated_by_weights_and_kv_cache(batch, context):
    g = build_model("llama-3-8b", phase="decode", batch=batch, seq=1, context=context)
    weights_and_kv = g.weight_bytes + g.workload.kv_cache_bytes
    assert weights_and_kv / g.bytes > 0.9


def test_bad_configs_and_phases_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="not supported"):
        transformer.parse_config({"model_type": "rwkv"})
    with pytest.raises(UserError, match="missing 'num_attention_heads'"):
        transformer.parse_config({"model_type": "llama", "vocab_size": 10})
    broken = tmp_path / "config.json"
    broken.write_text("{ not json")
    with pytest.raises(UserError, match="not valid JSON"):
        transformer.load_config(broken)
    with pytest.raises(UserError, match="bert-base supports encoder"):
        build_model("bert-base", phase="decode")
    with pytest.raises(UserError, match="1024 learned positions"):
        build_model("gpt2", seq=2048)
    with pytest.raises(UserError, match="^precision: expected one of"):
        build_model("gpt2", dtype="fp12")
    good = tmp_path / "mine.json"
    good.write_text(json.dumps(config_of(get_model("gpt2"))))
    assert transformer.build(transformer.load_config(good)).params == PUBLISHED["gpt2"]


def test_mistral_sliding_window_caps_attention_and_cache():
    # Mistral-7B v0.1: sliding_window 4096, so a decode step at context 32768 attends to 4096
    # keys and the rolling KV cache holds 4096 tokens: 2·32 layers·8 heads·128·4096·2 B.
    g = build_model("mistral-7b", phase="decode", batch=1, seq=1, context=32768)
    assert g.workload.kv_cache_bytes == 2 * 32 * 8 * 128 * 4096 * 2
    attention = next(op for op in g.ops if op.kind == "attention")
    assert attention.flops == 4 * 32 * 4096 * 128 + 5 * 32 * 4096  # 32 query heads
    # in prefill of 8192 tokens, query i sees min(i + 1, 4096) keys: mean (4096·4097/2 +
    # 4096·4096)/8192 = 3072.25
    p = build_model("mistral-7b", phase="prefill", seq=8192)
    attention = next(op for op in p.ops if op.kind == "attention")
    assert attention.n == pytest.approx(3072.25)


@pytest.mark.parametrize(("cached", "says"), [
    (-5, "at least 0"), (0.5, "at least 0"),  # not a count of tokens
    (128, "fewer cached tokens than the 128-token prompt"),  # nothing left to compute
    (200, "fewer cached tokens than the 128-token prompt"),
])
def test_cached_prompt_tokens_are_a_count_below_the_prompt(cached, says):
    from ironlaw.errors import ParameterError
    from ironlaw.models.zoo import build_model

    with pytest.raises(ParameterError) as err:
        build_model("llama-3-8b", phase="prefill", seq=128, cached=cached)
    assert err.value.parameter == "cached" and says in err.value.message
