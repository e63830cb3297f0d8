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
from functools import cache
from pathlib import Path

from ironlaw.errors import UserError

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
    if config.get("rope_scaling") is not None or config.get("mlp_bias"):
        raise UserError("rope_scaling and mlp_bias are not supported by the reference modules")
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


@dataclass
class KVCache:
    """Per-layer (key, value) tensors of shape [batch, kv_heads, length, head_dim].

    ``position`` counts the tokens seen so far; with a sliding window the tensors keep only the
    last ``window`` of them (a rolling buffer), so ``position`` may exceed ``length``.
    """

    layers: list
    position: int

    @property
    def length(self) -> int:
        """Tokens held per layer."""
        return self.layers[0][0].shape[2] if self.layers else 0


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
    nn = _modules()
    return nn.Encoder(d) if d.family == "bert" else nn.Decoder(d, moe_routing)


def prefill(model, tokens, *, last_logits_only: bool = False):
    """Run S tokens ([batch, S] int64) through ``model``; return (output, KVCache or None).

    Decoders return logits [batch, S, vocab] (or [batch, 1, vocab] with ``last_logits_only``)
    and a cache of length S; BERT returns (hidden states, pooled output) and no cache.
    """
    if isinstance(model, _modules().Encoder):
        return model(tokens), None
    return model(tokens, None, last_logits_only=last_logits_only)


def decode_step(model, tokens, cache: KVCache):
    """Run one new token per sequence ([batch, 1]) against ``cache``; return (logits, cache)."""
    if isinstance(model, _modules().Encoder):
        raise UserError("bert is an encoder: it has no decode step")
    return model(tokens, cache)


def empty_cache(model, batch: int, context: int) -> KVCache:
    """A zero-filled KVCache holding ``context`` tokens, on the model's device and dtype."""
    import torch

    d: Dims = model.dims
    held = min(context, d.window) if d.window else context
    weight = next(model.parameters())
    shape = (batch, d.kv_heads, held, d.head_dim)
    layers = [(torch.zeros(shape, dtype=weight.dtype, device=weight.device),
               torch.zeros(shape, dtype=weight.dtype, device=weight.device))
              for _ in range(d.layers)]
    return KVCache(layers, context)


@cache
def _modules():
    """Define the torch modules on first use, so that importing this file needs no torch."""
    import types

    import torch
    import torch.nn.functional as F
    from torch import nn

    gqa_in_sdpa = torch.__version__ >= (2, 5)

    class RMSNorm(nn.Module):
        """x / sqrt(mean(x^2) + eps) * weight, computed in float32."""

        def __init__(self, width: int, eps: float):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(width))
            self.eps = eps

        def forward(self, x):
            h = x.float()
            h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
            return h.to(x.dtype) * self.weight

    def norm(d: Dims):
        return RMSNorm(d.width, d.eps) if d.family == "llama" else nn.LayerNorm(d.width, d.eps)

    def rotate(x, cos, sin):
        """RoPE on [.., S, head_dim], pairing dimension i with i + head_dim/2 (HF layout)."""
        first, second = x.chunk(2, dim=-1)
        return x * cos + torch.cat((-second, first), dim=-1) * sin

    def mask_for(queries: int, keys: int, window: int | None, device):
        """(attn_mask, is_causal) for the last ``queries`` of ``keys`` positions."""
        if queries == keys and (window is None or keys <= window):
            return None, True
        if queries == 1 and (window is None or keys <= window):
            return None, False
        q_pos = torch.arange(keys - queries, keys, device=device)[:, None]
        k_pos = torch.arange(keys, device=device)[None, :]
        allowed = k_pos <= q_pos
        if window is not None:
            allowed = allowed & (k_pos > q_pos - window)
        return allowed, False

    class Attention(nn.Module):
        """Multi-head attention with grouped K/V heads, optional RoPE, optional window."""

        def __init__(self, d: Dims, causal: bool):
            super().__init__()
            self.d, self.causal = d, causal
            q_width, kv_width = d.heads * d.head_dim, d.kv_heads * d.head_dim
            self.q = nn.Linear(d.width, q_width, bias=d.qkv_bias)
            self.k = nn.Linear(d.width, kv_width, bias=d.qkv_bias)
            self.v = nn.Linear(d.width, kv_width, bias=d.qkv_bias)
            self.o = nn.Linear(q_width, d.width, bias=d.o_bias)

        def forward(self, x, rope=None, past=None):
            d, (b, s, _) = self.d, x.shape
            q = self.q(x).view(b, s, d.heads, d.head_dim).transpose(1, 2)
            k = self.k(x).view(b, s, d.kv_heads, d.head_dim).transpose(1, 2)
            v = self.v(x).view(b, s, d.kv_heads, d.head_dim).transpose(1, 2)
            if rope is not None:
                q, k = rotate(q, *rope), rotate(k, *rope)
            if past is not None:
                k, v = torch.cat((past[0], k), dim=2), torch.cat((past[1], v), dim=2)
            if s == 1 and d.window is not None:  # a rolling buffer: attend to the last window
                k, v = k[:, :, -d.window:], v[:, :, -d.window:]
            mask, is_causal = (None, False)
            if self.causal:
                mask, is_causal = mask_for(s, k.shape[2], d.window, x.device)
            ka, va, extra = k, v, {}
            if d.kv_heads != d.heads:
                if gqa_in_sdpa:
                    extra["enable_gqa"] = True
                else:
                    groups = d.heads // d.kv_heads
                    ka, va = k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1)
            y = F.scaled_dot_product_attention(q, ka, va, attn_mask=mask, is_causal=is_causal,
                                               **extra)
            if d.window is not None:
                k, v = k[:, :, -d.window:], v[:, :, -d.window:]
            return self.o(y.transpose(1, 2).reshape(b, s, d.heads * d.head_dim)), (k, v)

    class GeluMLP(nn.Module):
        """down(gelu(up(x))); tanh-approximated GELU for GPT-2, exact for BERT."""

        def __init__(self, d: Dims):
            super().__init__()
            self.up, self.down = nn.Linear(d.width, d.ffn), nn.Linear(d.ffn, d.width)
            self.approximate = "tanh" if d.family == "gpt2" else "none"

        def forward(self, x):
            return self.down(F.gelu(self.up(x), approximate=self.approximate))

    class SwiGLU(nn.Module):
        """down(silu(gate(x)) * up(x)), no biases."""

        def __init__(self, d: Dims):
            super().__init__()
            self.gate = nn.Linear(d.width, d.ffn, bias=False)
            self.up = nn.Linear(d.width, d.ffn, bias=False)
            self.down = nn.Linear(d.ffn, d.width, bias=False)

        def forward(self, x):
            return self.down(F.silu(self.gate(x)) * self.up(x))

    class MoE(nn.Module):
        """Mixtral's sparse MLP: a linear router picks k of E SwiGLU experts per token and
        mixes their outputs with a softmax over the k chosen router logits."""

        def __init__(self, d: Dims, routing: str):
            super().__init__()
            self.d, self.routing = d, routing
            self.router = nn.Linear(d.width, d.experts, bias=False)
            self.experts = nn.ModuleList(SwiGLU(d) for _ in range(d.experts))

        def forward(self, x):
            d, flat = self.d, x.reshape(-1, x.shape[-1])
            tokens, logits = flat.shape[0], self.router(flat)
            if self.routing == "balanced":
                ar = torch.arange(tokens, device=x.device)[:, None]
                chosen = (ar + torch.arange(d.top_k, device=x.device)) % d.experts
            elif flat.is_meta:
                raise UserError("top-k routing depends on the data; on the meta device use "
                                "make(..., moe_routing='balanced')")
            else:
                chosen = logits.topk(d.top_k, dim=-1).indices
            weights = logits.gather(1, chosen).float().softmax(-1).to(x.dtype)
            out = torch.zeros_like(flat)
            for e, expert in enumerate(self.experts):
                rows, slots = self._assigned(e, chosen, tokens, x.device)
                if rows.numel():
                    y = expert(flat.index_select(0, rows)) * weights[rows, slots][:, None]
                    out = out.index_add(0, rows, y)
            return out.view_as(x)

        def _assigned(self, e, chosen, tokens, device):
            if self.routing == "topk":
                return (chosen == e).nonzero(as_tuple=True)
            # balanced: expert e is choice j of tokens t = e - j (mod E)
            rows, slots = [], []
            for j in range(self.d.top_k):
                first = (e - j) % self.d.experts
                rows.append(torch.arange(first, max(first, tokens), self.d.experts, device=device))
                slots.append(torch.full_like(rows[-1], j))
            return torch.cat(rows), torch.cat(slots)

    class PreNormBlock(nn.Module):
        """x + attn(norm(x)), then + mlp(norm(x)): GPT-2 and the llama family."""

        def __init__(self, d: Dims, routing: str):
            super().__init__()
            self.norm1, self.attn, self.norm2 = norm(d), Attention(d, causal=True), norm(d)
            if d.family == "gpt2":
                self.mlp = GeluMLP(d)
            else:
                self.mlp = MoE(d, routing) if d.experts else SwiGLU(d)

        def forward(self, x, rope, past):
            a, kv = self.attn(self.norm1(x), rope, past)
            x = x + a
            return x + self.mlp(self.norm2(x)), kv

    class Decoder(nn.Module):
        """A causal LM: embeddings, L pre-norm blocks, final norm, LM head."""

        def __init__(self, d: Dims, routing: str):
            super().__init__()
            self.dims = d
            self.embed = nn.Embedding(d.vocab, d.width)
            self.pos = nn.Embedding(d.positions, d.width) if d.family == "gpt2" else None
            self.blocks = nn.ModuleList(PreNormBlock(d, routing) for _ in range(d.layers))
            self.norm = norm(d)
            self.head = nn.Linear(d.width, d.vocab, bias=False)
            if d.tied:
                self.head.weight = self.embed.weight

        def rope(self, positions, dtype):
            """(cos, sin) of shape [S, head_dim] for the given positions."""
            d = self.dims
            exponent = torch.arange(0, d.head_dim, 2, device=positions.device).float()
            inv_freq = 1.0 / d.rope_theta ** (exponent / d.head_dim)
            angles = positions.float()[:, None] * inv_freq[None, :]
            angles = torch.cat((angles, angles), dim=-1)
            return angles.cos().to(dtype), angles.sin().to(dtype)

        def forward(self, tokens, cache=None, *, last_logits_only=False):
            start = cache.position if cache is not None else 0
            positions = torch.arange(start, start + tokens.shape[1], device=tokens.device)
            x = self.embed(tokens)
            rope = None
            if self.pos is not None:
                if start + tokens.shape[1] > self.dims.positions:
                    raise UserError(f"{start + tokens.shape[1]} tokens exceed the "
                                    f"{self.dims.positions} learned positions")
                x = x + self.pos(positions)
            else:
                rope = self.rope(positions, x.dtype)
            layers = []
            for i, block in enumerate(self.blocks):
                x, kv = block(x, rope, cache.layers[i] if cache is not None else None)
                layers.append(kv)
            x = self.norm(x)
            if last_logits_only:
                x = x[:, -1:]
            return self.head(x), KVCache(layers, start + tokens.shape[1])

    class PostNormBlock(nn.Module):
        """norm(x + attn(x)), then norm(x + mlp(x)): BERT."""

        def __init__(self, d: Dims):
            super().__init__()
            self.attn, self.norm1 = Attention(d, causal=False), norm(d)
            self.mlp, self.norm2 = GeluMLP(d), norm(d)

        def forward(self, x):
            x = self.norm1(x + self.attn(x)[0])
            return self.norm2(x + self.mlp(x))

    class Encoder(nn.Module):
        """BERT: summed embeddings + LayerNorm, L post-norm blocks, tanh pooler on token 0."""

        def __init__(self, d: Dims):
            super().__init__()
            self.dims = d
            self.embed = nn.Embedding(d.vocab, d.width)
            self.pos = nn.Embedding(d.positions, d.width)
            self.types = nn.Embedding(d.type_vocab, d.width)
            self.norm = norm(d)
            self.blocks = nn.ModuleList(PostNormBlock(d) for _ in range(d.layers))
            self.pooler = nn.Linear(d.width, d.width)

        def forward(self, tokens, token_types=None):
            if tokens.shape[1] > self.dims.positions:
                raise UserError(f"{tokens.shape[1]} tokens exceed the {self.dims.positions} "
                                "learned positions")
            if token_types is None:
                token_types = torch.zeros_like(tokens)
            positions = torch.arange(tokens.shape[1], device=tokens.device)
            x = self.norm(self.embed(tokens) + self.pos(positions) + self.types(token_types))
            for block in self.blocks:
                x = block(x)
            return x, torch.tanh(self.pooler(x[:, 0]))

    return types.SimpleNamespace(Decoder=Decoder, Encoder=Encoder)
