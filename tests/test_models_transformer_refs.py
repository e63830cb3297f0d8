"""The built-in HF configs and the plain-torch reference transformers built from them.

Parameter counts are published figures (model cards, HF ``num_parameters()`` /
``print_trainable_parameters()`` output quoted in many places); FLOP counts are hand calculations
written out below from the published config values. Everything full-size runs on the meta device.
"""

import json

import pytest

from ironlaw.errors import UserError
from ironlaw.models.torch_transformers import (
    CONFIG_DIR,
    config_names,
    decode_step,
    dims,
    empty_cache,
    load_config,
    make,
    prefill,
)

EXPECTED_CONFIGS = {
    "gpt2": "openai-community/gpt2",
    "gpt2-xl": "openai-community/gpt2-xl",
    "bert-base": "google-bert/bert-base-uncased",
    "bert-large": "google-bert/bert-large-uncased",
    "llama-2-7b": "meta-llama/Llama-2-7b-hf",
    "llama-2-70b": "meta-llama/Llama-2-70b-hf",
    "llama-3-8b": "meta-llama/Meta-Llama-3-8B",
    "llama-3-70b": "meta-llama/Meta-Llama-3-70B",
    "mistral-7b": "mistralai/Mistral-7B-v0.1",
    "mixtral-8x7b": "mistralai/Mixtral-8x7B-v0.1",
    "qwen2-7b": "Qwen/Qwen2-7B",
    "llama-3.1-8b": "meta-llama/Llama-3.1-8B",
    "llama-3.1-70b": "meta-llama/Llama-3.1-70B",
    "llama-3.1-405b": "meta-llama/Llama-3.1-405B",
    "llama-3.2-1b": "meta-llama/Llama-3.2-1B",
    "llama-3.2-3b": "meta-llama/Llama-3.2-3B",
    "llama-3.3-70b": "meta-llama/Llama-3.3-70B-Instruct",
    "phi-3-mini": "microsoft/Phi-3-mini-4k-instruct",
    "gemma-2-2b": "google/gemma-2-2b",
    "gemma-2-9b": "google/gemma-2-9b",
    "gemma-2-27b": "google/gemma-2-27b",
    "qwen1.5-moe-a2.7b": "Qwen/Qwen1.5-MoE-A2.7B",
    "deepseek-v3": "deepseek-ai/DeepSeek-V3",
    "mamba-2.8b": "state-spaces/mamba-2.8b-hf",
    "mamba-130m": "state-spaces/mamba-130m-hf",
}

# Published totals (all parameters; a tied LM head counted once).
PUBLISHED_PARAMS = {
    "gpt2": 124_439_808,  # GPT2LMHeadModel, HF gpt2
    "gpt2-xl": 1_557_611_200,  # HF gpt2-xl
    "bert-base": 109_482_240,  # BertModel incl. pooler, bert-base-uncased
    "bert-large": 335_141_888,  # BertModel incl. pooler, bert-large-uncased
    "llama-2-7b": 6_738_415_616,  # PEFT "all params" for Llama-2-7b-hf
    "llama-2-70b": 68_976_648_192,  # PEFT "all params" for Llama-2-70b-hf
    "llama-3-8b": 8_030_261_248,  # Meta-Llama-3(.1)-8B safetensors metadata
    # Llama-3.1-70B (same tensor shapes as Llama-3-70B: only RoPE scaling differs)
    "llama-3-70b": 70_553_706_496,
    "mistral-7b": 7_241_732_096,  # Mistral-7B-v0.1
    "mixtral-8x7b": 46_702_792_704,  # Mixtral-8x7B-v0.1 ("46.7B")
    # Qwen2.5-7B safetensors metadata; Qwen2-7B has the same tensor shapes (3584 wide, 28
    # layers, 4 KV heads, MLP 18944, vocab 152064, q/k/v biases, untied head)
    "qwen2-7b": 7_615_616_512,
    # safetensors metadata totals of the Hugging Face repos
    "llama-3.1-8b": 8_030_261_248,
    "llama-3.1-70b": 70_553_706_496,
    "llama-3.1-405b": 405_853_388_800,
    "llama-3.2-1b": 1_235_814_400,  # tied: the head reuses the embedding
    "llama-3.2-3b": 3_212_749_824,
    "llama-3.3-70b": 70_553_706_496,
}


def test_builtin_configs_are_the_expected_set():
    assert set(config_names()) == set(EXPECTED_CONFIGS)


@pytest.mark.parametrize("name", sorted(EXPECTED_CONFIGS))
def test_config_parses_and_names_its_source(name):
    config = json.loads((CONFIG_DIR / f"{name}.json").read_text(encoding="utf-8"))
    source = config["_source"]
    assert source["repo_id"] == EXPECTED_CONFIGS[name]
    assert source["url"] == f"https://huggingface.co/{source['repo_id']}/blob/main/config.json"
    assert source["read_from"]
    assert isinstance(config["architectures"], list) and config["architectures"]
    assert isinstance(config["vocab_size"], int)


def _has_one(config, *keys):
    return any(isinstance(config.get(key), int) and config[key] > 0 for key in keys)


@pytest.mark.parametrize("name", sorted(EXPECTED_CONFIGS))
def test_config_has_the_architecture_keys(name):
    config = load_config(name)
    if config["model_type"] == "mamba":  # no attention: a state-space model (tests/test_archs)
        for key in ("hidden_size", "num_hidden_layers", "state_size", "conv_kernel", "expand",
                    "intermediate_size", "time_step_rank", "vocab_size"):
            assert isinstance(config[key], int) and config[key] > 0, key
        return
    assert _has_one(config, "hidden_size", "n_embd")
    assert _has_one(config, "num_hidden_layers", "n_layer")
    assert _has_one(config, "num_attention_heads", "n_head")
    assert _has_one(config, "max_position_embeddings", "n_positions")
    kind = config["model_type"]
    if kind == "gpt2":
        assert config["activation_function"] == "gelu_new"
        assert config["layer_norm_epsilon"] == 1e-5
    elif kind == "bert":
        assert {"intermediate_size", "type_vocab_size", "layer_norm_eps", "hidden_act"} <= set(
            config
        )
    else:
        for key in ("intermediate_size", "num_key_value_heads", "rms_norm_eps", "hidden_act",
                    "tie_word_embeddings", "torch_dtype"):
            assert key in config, key
        # Gemma 2 gates its MLP with tanh-approximated GELU (GeGLU), the others with SiLU
        assert config["hidden_act"] == ("gelu_pytorch_tanh" if kind == "gemma2" else "silu")
        assert config["num_attention_heads"] % config["num_key_value_heads"] == 0
    if kind == "mixtral":
        assert (config["num_local_experts"], config["num_experts_per_tok"]) == (8, 2)
    if kind == "mistral":
        assert config["sliding_window"] == 4096
    if kind in ("mistral", "mixtral", "qwen2") or name.startswith("llama-3"):
        assert config["rope_theta"] > 0


@pytest.mark.parametrize("name", sorted(PUBLISHED_PARAMS))
def test_full_size_parameter_count_matches_published(name):
    torch = pytest.importorskip("torch")
    with torch.device("meta"):
        model = make(load_config(name))
    assert sum(p.numel() for p in model.parameters()) == PUBLISHED_PARAMS[name]


def _flops(fn):
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        result = fn()
    return counter.get_total_flops(), result


def test_llama2_prefill_and_decode_flops_by_hand():
    torch = pytest.importorskip("torch")
    d, ffn, vocab, s, c = 4096, 11008, 32000, 128, 1000  # Llama-2-7B config; S, C chosen
    with torch.device("meta"):
        model = make(load_config("llama-2-7b"), n_layers=2)
        tokens = torch.zeros(1, s, dtype=torch.long)
        flops, (logits, cache) = _flops(lambda: prefill(model, tokens))
        assert logits.shape == (1, s, vocab) and cache.length == s
        # per layer: q,k,v,o (4 d^2) and gate,up,down (3 d ffn) per token, 2 FLOP per MAC;
        # SDPA: QK^T and PV over the full S x S square (the counter ignores the causal half)
        per_layer = 2 * s * (4 * d * d + 3 * d * ffn) + 2 * 2 * s * s * d
        assert flops == 2 * per_layer + 2 * s * d * vocab
        flops, (logits, cache) = _flops(
            lambda: decode_step(model, tokens[:, :1], empty_cache(model, 1, c)))
        assert logits.shape == (1, 1, vocab) and cache.length == c + 1
        per_layer = 2 * (4 * d * d + 3 * d * ffn) + 2 * 2 * (c + 1) * d
        assert flops == 2 * per_layer + 2 * d * vocab


def test_a_static_cache_gives_the_logits_of_a_concatenated_one():
    """A decode step writing its keys and values in place into a cache allocated once (the
    engines' way) computes what concatenating onto the cache computes: the same logits, a
    cache one token longer, the buffers not reallocated; repeating the step from the same
    cache gives the same answer (it writes the same slot)."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = make(load_config("gpt2"), n_layers=2).eval()
    prompt = torch.randint(0, 50257, (2, 7))
    token = torch.randint(0, 50257, (2, 1))
    with torch.inference_mode():
        _, grown = prefill(model, prompt)
        expected, _ = decode_step(model, token, grown)
        static = empty_cache(model, 2, 7, capacity=8)
        for i, (k, v) in enumerate(grown.layers):
            static.layers[i][0][:, :, :7], static.layers[i][1][:, :, :7] = k, v
        buffer = static.layers[0][0].data_ptr()
        for _ in range(2):
            logits, after = decode_step(model, token, static)
            torch.testing.assert_close(logits, expected)
        assert after.length == 8 and after.position == 8 and static.length == 7
        assert after.layers[0][0].data_ptr() == buffer
    with pytest.raises(UserError, match="capacity"):
        empty_cache(model, 2, 7, capacity=6)


def test_gpt2_full_prefill_flops_by_hand():
    torch = pytest.importorskip("torch")
    d, layers, vocab, s = 768, 12, 50257, 1024
    with torch.device("meta"):
        model = make(load_config("gpt2"))
        flops, _ = _flops(lambda: prefill(model, torch.zeros(2, s, dtype=torch.long)))
    # per token per layer: qkv + proj (4 d^2) and MLP (2 * d * 4d); attention 2 matmuls of S^2 d
    per_layer = 2 * s * (4 * d * d + 8 * d * d) + 2 * 2 * s * s * d
    assert flops == 2 * (layers * per_layer + 2 * s * d * vocab)


def test_mixtral_sends_each_token_to_exactly_k_experts():
    torch = pytest.importorskip("torch")
    d, ffn, experts, k, kv, vocab, s = 4096, 14336, 8, 2, 1024, 32000, 37  # S not a multiple of E
    with torch.device("meta"):
        model = make(load_config("mixtral-8x7b"), n_layers=1, moe_routing="balanced")
        flops, _ = _flops(lambda: prefill(model, torch.zeros(1, s, dtype=torch.long)))
    attention = 2 * s * (2 * d * d + 2 * d * kv) + 2 * 2 * s * s * d
    moe = 2 * s * d * experts + 2 * s * k * 3 * d * ffn  # router + k SwiGLU experts per token
    assert flops == attention + moe + 2 * s * d * vocab


def test_mixtral_topk_routing_needs_real_tensors():
    torch = pytest.importorskip("torch")
    with torch.device("meta"):
        model = make(load_config("mixtral-8x7b"), n_layers=1)
        with pytest.raises(UserError, match="balanced"):
            prefill(model, torch.zeros(1, 4, dtype=torch.long))


def test_mistral_decode_sees_only_the_sliding_window():
    torch = pytest.importorskip("torch")
    d, ffn, kv, vocab, window, c = 4096, 14336, 1024, 32000, 4096, 10_000
    with torch.device("meta"):
        model = make(load_config("mistral-7b"), n_layers=1)
        cache = empty_cache(model, 1, c)
        assert cache.length == window and cache.position == c
        flops, (_, cache) = _flops(
            lambda: decode_step(model, torch.zeros(1, 1, dtype=torch.long), cache))
    assert cache.length == window and cache.position == c + 1
    per_layer = 2 * (2 * d * d + 2 * d * kv + 3 * d * ffn) + 2 * 2 * window * d
    assert flops == per_layer + 2 * d * vocab


def _tiny(name, **dims_override):
    """The published config with small widths, for fast real-tensor runs."""
    config = dict(load_config(name))
    config.update(dims_override)
    return config


TINY = {
    "gpt2": _tiny("gpt2", n_embd=32, n_head=4, vocab_size=101, n_positions=64),
    "llama-3-8b": _tiny("llama-3-8b", hidden_size=32, intermediate_size=48,
                        num_attention_heads=4, num_key_value_heads=2, vocab_size=101),
    "qwen2-7b": _tiny("qwen2-7b", hidden_size=32, intermediate_size=48, num_attention_heads=4,
                      num_key_value_heads=1, vocab_size=101),
    "mistral-7b": _tiny("mistral-7b", hidden_size=32, intermediate_size=48,
                        num_attention_heads=4, num_key_value_heads=2, vocab_size=101,
                        sliding_window=5),
    "mixtral-8x7b": _tiny("mixtral-8x7b", hidden_size=32, intermediate_size=48,
                          num_attention_heads=4, num_key_value_heads=2, vocab_size=101),
}


@pytest.mark.parametrize("name", sorted(TINY))
def test_decode_with_cache_equals_longer_prefill(name):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = make(TINY[name], n_layers=2)
    tokens = torch.randint(0, 101, (2, 9))
    full, _ = prefill(model, tokens)
    _, cache = prefill(model, tokens[:, :8])
    step, cache = decode_step(model, tokens[:, 8:], cache)
    assert cache.position == 9
    torch.testing.assert_close(step[:, 0], full[:, 8], rtol=1e-4, atol=1e-5)


def test_qwen2_biases_only_on_qkv():
    torch = pytest.importorskip("torch")
    model = make(TINY["qwen2-7b"], n_layers=1)
    attn = model.blocks[0].attn
    assert all(isinstance(p.bias, torch.nn.Parameter) for p in (attn.q, attn.k, attn.v))
    assert attn.o.bias is None


def test_topk_and_balanced_routing_cost_the_same_matmuls():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    model = make(TINY["mixtral-8x7b"], n_layers=1)
    tokens = torch.randint(0, 101, (1, 13))
    topk, _ = _flops(lambda: prefill(model, tokens))
    model.blocks[0].mlp.routing = "balanced"
    balanced, _ = _flops(lambda: prefill(model, tokens))
    assert topk == balanced > 0


def test_bert_encodes_and_pools_but_has_no_decode_step():
    torch = pytest.importorskip("torch")
    config = _tiny("bert-base", hidden_size=32, intermediate_size=64, num_attention_heads=4,
                   vocab_size=101)
    model = make(config, n_layers=2)
    (hidden, pooled), cache = prefill(model, torch.randint(0, 101, (3, 7)))
    assert hidden.shape == (3, 7, 32) and pooled.shape == (3, 32) and cache is None
    assert pooled.abs().max() <= 1  # tanh pooler
    with pytest.raises(UserError):
        decode_step(model, torch.zeros(3, 1, dtype=torch.long), None)


def test_config_errors_are_user_errors():
    with pytest.raises(UserError, match="known"):
        load_config("gpt5")
    with pytest.raises(UserError, match="model_type"):
        dims({"model_type": "t5"})
    with pytest.raises(UserError, match="n_layers"):
        dims(load_config("gpt2"), n_layers=0)
    assert dims(load_config("llama-2-7b")).rope_theta == 10000.0  # absent: HF default
    assert dims(load_config("qwen2-7b")).window is None  # use_sliding_window is false
