"""The torch modules of the reference transformers (``torch_transformers`` builds them from a
config.json): one class per idea, imported only when a model is made, so that importing
``torch_transformers`` needs no torch.

    norm       RMSNorm (llama family, in float32) or LayerNorm
    rotate     RoPE on [.., S, head_dim], dimension i paired with i + head_dim/2 (HF layout)
    Attention  grouped K/V heads, optional RoPE and sliding window, through
               scaled_dot_product_attention (``enable_gqa`` from torch 2.5)
    GeluMLP, SwiGLU, MoE (top-k routed SwiGLU experts)
    PreNormBlock + Decoder (GPT-2, llama family), PostNormBlock + Encoder (BERT)

``d`` is always a ``torch_transformers.Dims``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ironlaw.errors import UserError

GQA_IN_SDPA = torch.__version__ >= (2, 5)


@dataclass
class KVCache:
    """Per-layer (key, value) tensors of shape [batch, kv_heads, length, head_dim].

    ``position`` counts the tokens seen so far; with a sliding window the tensors keep only the
    last ``window`` of them (a rolling buffer), so ``position`` may exceed ``length``.

    A static cache (``empty_cache(..., capacity=N)``) holds (key, value, filled) per layer:
    buffers of N tokens allocated once, the first ``filled`` of them written. A step writes its
    new keys and values in place after them, as serving engines do (paged or static caches),
    instead of concatenating — which copies the whole cache every step.
    """

    layers: list
    position: int

    @property
    def length(self) -> int:
        """Tokens held per layer."""
        if not self.layers:
            return 0
        return self.layers[0][2] if len(self.layers[0]) == 3 else self.layers[0][0].shape[2]


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

def norm(d):
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

    def __init__(self, d, causal: bool):
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
        static = past is not None and len(past) == 3
        if static:  # write the new tokens in place, attend to the filled prefix and them
            k_buffer, v_buffer, filled = past
            k_buffer[:, :, filled:filled + s] = k
            v_buffer[:, :, filled:filled + s] = v
            k, v = k_buffer[:, :, :filled + s], v_buffer[:, :, :filled + s]
        elif past is not None:
            k, v = torch.cat((past[0], k), dim=2), torch.cat((past[1], v), dim=2)
        if s == 1 and d.window is not None:  # a rolling buffer: attend to the last window
            k, v = k[:, :, -d.window:], v[:, :, -d.window:]
        mask, is_causal = (None, False)
        if self.causal:
            mask, is_causal = mask_for(s, k.shape[2], d.window, x.device)
        ka, va, extra = k, v, {}
        if d.kv_heads != d.heads:
            if GQA_IN_SDPA:
                extra["enable_gqa"] = True
            else:
                groups = d.heads // d.kv_heads
                ka, va = k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1)
        y = F.scaled_dot_product_attention(q, ka, va, attn_mask=mask, is_causal=is_causal,
                                           **extra)
        out = self.o(y.transpose(1, 2).reshape(b, s, d.heads * d.head_dim))
        if static:
            return out, (k_buffer, v_buffer, filled + s)
        if d.window is not None:
            k, v = k[:, :, -d.window:], v[:, :, -d.window:]
        return out, (k, v)

class GeluMLP(nn.Module):
    """down(gelu(up(x))); tanh-approximated GELU for GPT-2, exact for BERT."""

    def __init__(self, d):
        super().__init__()
        self.up, self.down = nn.Linear(d.width, d.ffn), nn.Linear(d.ffn, d.width)
        self.approximate = "tanh" if d.family == "gpt2" else "none"

    def forward(self, x):
        return self.down(F.gelu(self.up(x), approximate=self.approximate))

class SwiGLU(nn.Module):
    """down(silu(gate(x)) * up(x)), no biases."""

    def __init__(self, d):
        super().__init__()
        self.gate = nn.Linear(d.width, d.ffn, bias=False)
        self.up = nn.Linear(d.width, d.ffn, bias=False)
        self.down = nn.Linear(d.ffn, d.width, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))

class MoE(nn.Module):
    """Mixtral's sparse MLP: a linear router picks k of E SwiGLU experts per token and
    mixes their outputs with a softmax over the k chosen router logits."""

    def __init__(self, d, routing: str):
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

    def __init__(self, d, routing: str):
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

    def __init__(self, d, routing: str):
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

    def __init__(self, d):
        super().__init__()
        self.attn, self.norm1 = Attention(d, causal=False), norm(d)
        self.mlp, self.norm2 = GeluMLP(d), norm(d)

    def forward(self, x):
        x = self.norm1(x + self.attn(x)[0])
        return self.norm2(x + self.mlp(x))

class Encoder(nn.Module):
    """BERT: summed embeddings + LayerNorm, L post-norm blocks, tanh pooler on token 0."""

    def __init__(self, d):
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
