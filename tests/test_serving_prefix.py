"""Prefix caching (issue 10 item 1): requests share the first S prompt tokens, whose KV blocks
are computed once and reused (vLLM automatic prefix caching, SGLang RadixAttention,
TensorRT-LLM KV cache reuse). Every expected number is worked out by hand below."""


import pytest

from ironlaw.errors import ParameterError
from ironlaw.models.zoo import build_model
from ironlaw.serving import batching, kv, phases

# Llama 3 8B (its config.json): 32 layers, hidden 4096, 32 query heads and 8 key/value heads of
# 128, MLP 14336 (SwiGLU), vocabulary 128,256
PER_TOKEN = 2 * 32 * 8 * 128 * 2  # K and V, every layer, bf16: 131,072 B
# the weights a token's rows meet in one layer: Q and O (4096 × 4096 each), K and V
# (4096 × 1024 each), gate, up and down (3 × 4096 × 14336)
LAYER_WEIGHTS = 2 * 4096 * 4096 + 2 * 4096 * 1024 + 3 * 4096 * 14336  # 218,103,808
MATMUL_PARAMS = 32 * LAYER_WEIGHTS  # 6,979,321,856
LM_HEAD = 2 * 4096 * 128256  # logits of the last token only


def attention_flops(q: int, kv_len: int) -> float:
    """One layer's causal attention of q queries over kv keys, 32 heads of 128: query i sees
    kv − q + i + 1 keys, (first + last)/2 on average; 2·scores·(128 + 128) for QKᵀ and PV
    plus 5·scores for the softmax."""
    visible = ((kv_len - q + 1) + kv_len) / 2
    scores = 32 * q * visible
    return 2 * scores * 256 + 5 * scores


def test_a_hit_prefills_only_the_new_tokens_attending_to_the_whole_prompt():
    hit = build_model("llama-3-8b", "prefill", seq=2048, cached=1536)
    miss = build_model("llama-3-8b", "prefill", seq=2048)
    fresh = build_model("llama-3-8b", "prefill", seq=512)  # 512 tokens, no prefix at all
    assert hit.workload.tokens == 512
    # one attention op of a hit: 512 queries over 2048 keys, each seeing 1537 to 2048 keys
    # (1792.5 on average): 32 · 512 · 1792.5 = 29,368,320 scores × 517 = 15,183,421,440 FLOPs
    attn = next(op for op in hit.ops if op.kind == "attention")
    assert attn.flops == 15_183_421_440 == attention_flops(512, 2048)
    # a hit differs from a 512-token prompt only in what its attention sees
    assert hit.flops - fresh.flops == pytest.approx(
        32 * (attention_flops(512, 2048) - attention_flops(512, 512)), rel=1e-12)
    # napkin by hand: 2·N·tokens + 32 layers of attention (+ the last token's logits);
    # norms, RoPE and SwiGLU's elementwise work are the < 0.1% left
    by_hand_hit = 2 * MATMUL_PARAMS * 512 + 32 * attention_flops(512, 2048) + LM_HEAD
    by_hand_miss = 2 * MATMUL_PARAMS * 2048 + 32 * attention_flops(2048, 2048) + LM_HEAD
    assert hit.flops == pytest.approx(by_hand_hit, rel=1e-3)  # 7.63 TFLOP
    assert miss.flops == pytest.approx(by_hand_miss, rel=1e-3)  # 29.7 TFLOP
    # the KV the hit's attention reads is the whole prompt's
    assert hit.workload.kv_cache_bytes == miss.workload.kv_cache_bytes == 2048 * PER_TOKEN


def test_cached_tokens_are_refused_outside_prefill():
    with pytest.raises(ParameterError, match="cached"):
        build_model("llama-3-8b", "decode", context=2048, cached=16)
    with pytest.raises(ParameterError, match="cached"):
        build_model("resnet50", cached=16)


def test_only_whole_blocks_are_shared():
    assert kv.shared_tokens(1536, 16) == 1536  # 96 blocks
    assert kv.shared_tokens(1540, 16) == 1536  # the partly filled 97th block is not shared
    assert kv.shared_tokens(15, 16) == 0


def test_the_kv_plan_holds_the_prefix_once_by_hand():
    arch = phases.arch_of("llama-3-8b")
    # a 64 GB budget: 80 GB of memory, all usable, less 16 GB of weights
    args = (arch, 2048 + 128, "bf16", 80e9, 16e9, 0.0, 1, 1.0, 16)
    plain = kv.plan(*args)
    shared = kv.plan(*args, shared=1536, hit=1.0)
    half = kv.plan(*args, shared=1536, hit=0.5)
    # 2176 tokens = 136 whole blocks of 16: 2176 × 131,072 = 285,212,672 B per sequence
    assert plain.kv_per_sequence_bytes == 285_212_672
    assert plain.max_sequences == 224  # ⌊64e9 / 285,212,672⌋ = ⌊224.4⌋
    # 96 blocks (1536 tokens) held once: 201,326,592 B; each sequence keeps 640 tokens of its
    # own: 83,886,080 B; ⌊(64e9 − 201,326,592) / 83,886,080⌋ = ⌊760.5⌋
    assert shared.prefix_bytes == 1536 * PER_TOKEN == 201_326_592
    assert shared.kv_per_sequence_bytes == 640 * PER_TOKEN == 83_886_080
    assert shared.max_sequences == 760
    # half the requests hit: 2176 − 0.5 × 1536 = 1408 tokens, 184,549,376 B on average;
    # ⌊63,798,673,408 / 184,549,376⌋ = ⌊345.7⌋
    assert half.kv_per_sequence_bytes == 1408 * PER_TOKEN
    assert half.max_sequences == 345
    # 64 sequences: the prefix once plus 64 × 640 tokens
    assert shared.for_batch(64) == (1536 + 64 * 640) * PER_TOKEN
    # no hit is no sharing: the plan without prefix caching, exactly
    assert kv.plan(*args, shared=1536, hit=0.0) == plain


def test_a_chunk_after_a_cached_prefix_attends_to_it():
    # 512 new tokens in chunks of 256 after 1536 cached: they see 1792 and 2048 keys
    assert batching.chunk_context(2048, 256, 1536) == (1792 + 2048) / 2
    assert batching.chunk_context(2048, 256) == round((256 + 512 + 768 + 1024 + 1280 + 1536
                                                       + 1792 + 2048) / 8)
