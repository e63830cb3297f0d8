"""Plain-torch reference transformers built from a Hugging Face ``config.json`` dict.

These modules exist to be measured, not trained: their parameter count (a count of numbers) and
the FLOPs torch's dispatcher sees (``torch.utils.flop_counter.FlopCounterMode``; a multiply-add
is 2 FLOP) are the torch-side references that ironlaw's op graphs are checked against.

families, by ``model_type``
  gpt2            learned positions, pre-LayerNorm, GELU (tanh) MLP, LM head tied to the embedding
  bert            token + position + type embeddings, post-LayerNorm, GELU MLP, tanh pooler
  llama, mistral  RMSNorm, RoPE, grouped-query attention, SwiGLU MLP, head untied unless
                  ``tie_word_embeddings``; mistral's ``sliding_window`` limits what a query sees
  qwen2           llama with biases on the q/k/v projections
  mixtral         llama whose MLP is a top-k routed mixture of SwiGLU experts

Attention always goes through ``torch.nn.functional.scaled_dot_product_attention`` (causal in
decoders). Build on the meta device to count a full-size model without memory::

    with torch.device("meta"):
        model = make(load_config("llama-2-7b"))
    logits, cache = prefill(model, tokens)                  # S tokens at once
    cache = empty_cache(model, batch=1, context=4096)       # or a cache of length C directly
    logits, cache = decode_step(model, next_tokens, cache)  # one token against the cache

Caveat (torch 2.13): FlopCounterMode counts SDPA on the meta device, where it decomposes into two
batched matmuls, but not on CPU tensors, whose fused kernel has no FLOP formula.
torch is imported lazily: importing this module does not need it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ironlaw.errors import UserError

if TYPE_CHECKING:
    from ironlaw.models.torch_blocks import KVCache

CONFIG_DIR = Path(__file__).with_name("configs")
FAMILIES = {"gpt2": "gpt2", "bert": "bert", "llama": "llama", "mistral": "llama",
            "qwen2": "llama", "mixtral": "llama"}
ROUTINGS = ("topk", "balanced")


def config_names() -> list[str]:
    """IDs of the built-in Hugging Face configs (``configs/<id>.json``)."""
    return sorted(p.stem for p in CONFIG_DIR.glob("*.json"))


def load_config(name: str) -> dict:
    """The built-in ``config.json`` dict for ``name`` (e.g. ``"gpt2"``, ``"llama-2-7b"``)."""
    path = CONFIG_DIR / f"{name}.json"
    if not path.is_file():
        raise UserError(f"no built-in model config {name!r}; known: {', '.join(config_names())}")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Dims:
    """The shape of a transformer, read from a config.json (all counts, no units)."""

    family: str  # "gpt2", "bert" or "llama" (llama, mistral, qwen2, mixtral)
    vocab: int
    width: int  # d_model
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    ffn: int  # MLP hidden width (per expert for a mixture)
    positions: int  # learned position table size (gpt2, bert); RoPE models: max trained length
    eps: float
    tied: bool  # LM head shares the token embedding
    qkv_bias: bool  # biases on the q, k, v projections
    o_bias: bool  # bias on the attention output projection
    rope_theta: float = 0.0
    window: int | None = None  # sliding attention window, in tokens
    experts: int = 0
    top_k: int = 0
    type_vocab: int = 0


def _need(config: dict, *keys: str):
    for key in keys:
        if config.get(key) is not None:
            return config[key]
    raise UserError(f"config.json lacks {' / '.join(keys)}")


def dims(config: dict, n_layers: int | None = None) -> Dims:
    """Read a config.json dict into :class:`Dims`; ``n_layers`` overrides the layer count."""
    model_type = config.get("model_type")
    family = FAMILIES.get(model_type)
    if family is None:
        raise UserError(f"model_type {model_type!r} is not supported; expected one of "
                        f"{', '.join(FAMILIES)}")
    if n_layers is not None and (not isinstance(n_layers, int) or n_layers < 1):
        raise UserError(f"n_layers must be a positive integer, got {n_layers!r}")
    width = _need(config, "hidden_size", "n_embd")
    heads = _need(config, "num_attention_heads", "n_head")
    common = dict(
        family=family,
        vocab=_need(config, "vocab_size"),
        width=width,
        layers=n_layers or _need(config, "num_hidden_layers", "n_layer"),
        heads=heads,
        kv_heads=config.get("num_key_value_heads") or heads,
        head_dim=config.get("head_dim") or width // heads,
        positions=_need(config, "max_position_embeddings", "n_positions"),
    )
    if family == "gpt2":
        _check_activation(config.get("activation_function"), "gelu_new")
        return Dims(**common, ffn=config.get("n_inner") or 4 * width,
                    eps=config.get("layer_norm_epsilon", 1e-5),
                    tied=config.get("tie_word_embeddings", True), qkv_bias=True, o_bias=True)
    if family == "bert":
        _check_activation(config.get("hidden_act"), "gelu")
        if config.get("position_embedding_type", "absolute") != "absolute":
            raise UserError("only absolute position embeddings are supported for bert")
        return Dims(**common, ffn=_need(config, "intermediate_size"),
                    eps=_need(config, "layer_norm_eps"), tied=False, qkv_bias=True, o_bias=True,
                    type_vocab=_need(config, "type_vocab_size"))
    _check_activation(config.get("hidden_act"), "silu")
    scaling = config.get("rope_scaling")
    # Llama 3.1's "llama3" scaling only re-spaces the rotary frequencies (no tensor, no FLOP
    # changes: Meta's Llama 3 paper, §3.1); other kinds and MLP biases are not modeled here
    if (scaling is not None and scaling.get("rope_type") != "llama3") or config.get("mlp_bias"):
        raise UserError("rope_scaling (other than Llama 3's) and mlp_bias are not supported by "
                        "the reference modules")
    attention_bias = config.get("attention_bias", False)  # llama: on q, k, v and o alike
    # qwen2 slides its window only when use_sliding_window is true; mistral always does
    window = config.get("sliding_window") if config.get("use_sliding_window", True) else None
    return Dims(
        **common, ffn=_need(config, "intermediate_size"), eps=_need(config, "rms_norm_eps"),
        tied=config.get("tie_word_embeddings", False),
        qkv_bias=model_type == "qwen2" or attention_bias, o_bias=attention_bias,
        rope_theta=config.get("rope_theta", 10000.0),  # HF's default when the file omits it
        window=window,
        experts=config.get("num_local_experts", 0) if model_type == "mixtral" else 0,
        top_k=config.get("num_experts_per_tok", 0) if model_type == "mixtral" else 0,
    )


def _check_activation(found, expected: str) -> None:
    if found != expected:
        raise UserError(f"activation {found!r} is not supported here; expected {expected!r}")


def make(config: dict, n_layers: int | None = None, *, moe_routing: str = "topk"):
    """A plain-torch module for ``config`` (built on torch's current default device).

    ``n_layers`` builds a shallower variant for fast tests. ``moe_routing`` (mixtral only):
    ``"topk"`` routes each token to the experts with the largest router logits (needs real
    tensors); ``"balanced"`` sends token t to experts (t + j) mod E, j < k, whatever the logits
    — data-independent, so it runs on the meta device, and every token still visits exactly
    ``num_experts_per_tok`` experts, which is what FLOP counting needs.
    """
    if moe_routing not in ROUTINGS:
        raise UserError(f"moe_routing must be one of {ROUTINGS}, got {moe_routing!r}")
    d = dims(config, n_layers)
    from ironlaw.models import torch_blocks as blocks

    return blocks.Encoder(d) if d.family == "bert" else blocks.Decoder(d, moe_routing)


def prefill(model, tokens, *, last_logits_only: bool = False):
    """Run S tokens ([batch, S] int64) through ``model``; return (output, KVCache or None).

    Decoders return logits [batch, S, vocab] (or [batch, 1, vocab] with ``last_logits_only``)
    and a cache of length S; BERT returns (hidden states, pooled output) and no cache.
    """
    from ironlaw.models.torch_blocks import Encoder

    if isinstance(model, Encoder):
        return model(tokens), None
    return model(tokens, None, last_logits_only=last_logits_only)


def decode_step(model, tokens, cache: KVCache):
    """Run one new token per sequence ([batch, 1]) against ``cache``; return (logits, cache)."""
    from ironlaw.models.torch_blocks import Encoder

    if isinstance(model, Encoder):
        raise UserError("bert is an encoder: it has no decode step")
    return model(tokens, cache)


def empty_cache(model, batch: int, context: int, capacity: int | None = None) -> KVCache:
    """A zero-filled KVCache holding ``context`` tokens, on the model's device and dtype; with
    ``capacity`` a static one: buffers of ``capacity`` tokens (≥ context) allocated once, the
    next steps' keys and values written in place after the first ``context``."""
    import torch

    from ironlaw.models.torch_blocks import KVCache

    d: Dims = model.dims
    weight = next(model.parameters())
    if capacity is not None:
        if d.window is not None or capacity < context:
            raise UserError("a static cache needs a model without a sliding window and a "
                            f"capacity of at least the context ({context} tokens)")
        shape = (batch, d.kv_heads, capacity, d.head_dim)
        return KVCache([(torch.zeros(shape, dtype=weight.dtype, device=weight.device),
                         torch.zeros(shape, dtype=weight.dtype, device=weight.device), context)
                        for _ in range(d.layers)], context)
    held = min(context, d.window) if d.window else context
    shape = (batch, d.kv_heads, held, d.head_dim)
    layers = [(torch.zeros(shape, dtype=weight.dtype, device=weight.device),
               torch.zeros(shape, dtype=weight.dtype, device=weight.device))
              for _ in range(d.layers)]
    return KVCache(layers, context)
