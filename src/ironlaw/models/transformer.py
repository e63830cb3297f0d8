"""Language models from a Hugging Face ``config.json``: GPT-2, BERT, Llama/Mistral/Qwen2, Phi-3,
Gemma 2, the mixtures of experts Mixtral, Qwen2-MoE and DeepSeek-V3, and the state-space Mamba.

``build(config, phase, batch, seq, context, dtype)`` returns the graph of one forward pass:

    phase "encoder"  B sequences of S tokens, bidirectional attention (BERT)
    phase "prefill"  B prompts of S tokens, causal attention; logits for the last token only
                     (what a serving engine computes before the first output token)
    phase "decode"   one new token for each of B sequences that attend to C tokens (the KV cache
                     holds C − 1 earlier tokens plus the new one)

Per layer the graph has the ops the model executes: norms, Q/K/V/O projections (GQA/MQA via
``num_key_value_heads``), rotary embedding, attention, residual adds and the MLP (GELU for
GPT-2/BERT, SwiGLU for Llama-style; Mixtral routes each token to ``num_experts_per_tok`` of
``num_local_experts`` SwiGLU experts; Qwen2-MoE and DeepSeek-V3 add a shared expert,
:mod:`~ironlaw.models.moe`). DeepSeek-V3 attends with multi-head latent attention
(:mod:`~ironlaw.models.mla`) and keeps its first layers dense; Mamba has no attention at all
(:mod:`~ironlaw.models.mamba`). The layer is a Block stored once with count L (two blocks when
layers differ: local/global, dense/MoE).

The KV cache of a decoder: 2·L·kv_heads·head_dim·C·B·bytes (design.md §3, memory rules); with
sliding-window attention (Mistral) a rolling buffer of the last W tokens; with MLA one latent
of d_c + d_R per token and layer; Mamba keeps a fixed-size state per sequence instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ironlaw.checks import choice
from ironlaw.dtypes import NAMES, element_bytes
from ironlaw.errors import ParameterError, UserError
from ironlaw.frameworks import ops
from ironlaw.frameworks.graph import Block, Graph, Workload
from ironlaw.laws.memory import kv_cache_bytes as laws_kv_cache_bytes
from ironlaw.laws.memory import latent_cache_bytes, ssm_state_bytes
from ironlaw.models import mamba, moe
from ironlaw.models.mla import Mla, attention_ops
from ironlaw.models.parts import ACTIVATION_FLOPS, ROPE_FLOPS, role, swiglu

PHASES = ("encoder", "prefill", "decode")


class ConfigError(UserError, ValueError):
    """A config.json that is missing, malformed or describes an unsupported architecture."""


@dataclass(frozen=True)
class Arch:
    """The architecture facts a graph needs, normalized across config dialects."""

    family: str  # gpt2 | bert | llama | mamba
    vocab: int
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    ffn: int
    positions: int
    tied: bool
    experts: int = 1
    experts_per_token: int = 1
    qkv_bias: bool = False
    type_vocab: int = 0
    window: int | None = None  # sliding-window attention span (Mistral)
    name: str = "transformer"
    head_size: int | None = None  # when the config gives it (Gemma 2), not hidden/heads
    post_norms: bool = False  # an RMSNorm after attention and after the MLP too (Gemma 2)
    local_layers: int | None = None  # layers with the sliding window (None: all, if a window)
    expert_ffn: int | None = None  # a routed expert's width (None: ffn, as in Mixtral)
    shared_ffn: int = 0  # the shared expert's width (Qwen2-MoE, DeepSeek-V3), 0: none
    shared_gate: bool = False  # a sigmoid gate on the shared expert (Qwen2-MoE)
    router_bias: bool = False  # a learned bias on the routing scores (DeepSeek-V3)
    dense_layers: int = 0  # leading layers with a dense MLP of width ffn (DeepSeek-V3)
    mla: Mla | None = None  # multi-head latent attention (DeepSeek-V3)
    ssm: mamba.Ssm | None = None  # a state-space model (Mamba): no attention

    @property
    def head_dim(self) -> int:
        return self.head_size or self.hidden // self.heads

    @property
    def decoder(self) -> bool:
        return self.family != "bert"

    @property
    def learned_positions(self) -> bool:
        """Positions are a learned table (GPT-2, BERT): no sequence may exceed it."""
        return self.family in ("gpt2", "bert")


def _need(config: dict, *keys: str) -> Any:
    for key in keys:
        if config.get(key) is not None:
            return config[key]
    raise ConfigError(f"config.json: missing {' or '.join(repr(k) for k in keys)}")


def _mixture(config: dict, name: str) -> Arch:
    """Qwen2-MoE (every layer sparse, a gated shared expert) and DeepSeek-V2/V3 (MLA, the
    first ``first_k_dense_replace`` layers dense, ``n_shared_experts`` ungated)."""
    kind = config["model_type"]
    heads = int(_need(config, "num_attention_heads"))
    common = dict(vocab=int(_need(config, "vocab_size")), hidden=int(_need(config, "hidden_size")),
                  layers=int(_need(config, "num_hidden_layers")), heads=heads,
                  kv_heads=int(config.get("num_key_value_heads") or heads),
                  ffn=int(_need(config, "intermediate_size")),
                  positions=int(_need(config, "max_position_embeddings")),
                  tied=bool(config.get("tie_word_embeddings", False)), name=name,
                  experts_per_token=int(_need(config, "num_experts_per_tok")),
                  expert_ffn=int(_need(config, "moe_intermediate_size")))
    if kind == "qwen2_moe":
        if config.get("mlp_only_layers") or int(config.get("decoder_sparse_step", 1)) != 1:
            raise ConfigError("config.json: qwen2_moe with dense layers (mlp_only_layers, "
                              "decoder_sparse_step > 1) is not supported")
        return Arch("llama", **common, experts=int(_need(config, "num_experts")),
                    shared_ffn=int(config.get("shared_expert_intermediate_size") or 0),
                    shared_gate=True, qkv_bias=True,
                    window=(config.get("sliding_window")
                            if config.get("use_sliding_window", False) else None))
    if int(config.get("moe_layer_freq", 1)) != 1:
        raise ConfigError(f"config.json: {kind} with moe_layer_freq > 1 is not supported")
    nope, rope = int(_need(config, "qk_nope_head_dim")), int(_need(config, "qk_rope_head_dim"))
    q_rank = config.get("q_lora_rank")
    mla = Mla(int(q_rank) if q_rank else None, int(_need(config, "kv_lora_rank")), nope, rope,
              int(_need(config, "v_head_dim")))
    return Arch("llama", **common, experts=int(_need(config, "n_routed_experts")),
                shared_ffn=int(config.get("n_shared_experts") or 0) * common["expert_ffn"],
                dense_layers=int(config.get("first_k_dense_replace") or 0), mla=mla,
                head_size=nope + rope, router_bias=config.get("topk_method") == "noaux_tc"
                or kind == "deepseek_v3")


def _mamba(config: dict, name: str) -> Arch:
    """Mamba (HF MambaConfig): d_i = intermediate_size (expand·d), Δ rank time_step_rank
    ("auto": ⌈d/16⌉, Gu & Dao §3.6)."""
    hidden = int(_need(config, "hidden_size"))
    inner = int(config.get("intermediate_size") or int(config.get("expand", 2)) * hidden)
    rank = config.get("time_step_rank", "auto")
    rank = -(-hidden // 16) if rank == "auto" else int(rank)
    ssm = mamba.Ssm(inner, int(_need(config, "state_size")), int(_need(config, "conv_kernel")),
                    rank, bool(config.get("use_conv_bias", True)),
                    bool(config.get("use_bias", False)))
    return Arch("mamba", int(_need(config, "vocab_size")), hidden,
                int(_need(config, "num_hidden_layers", "n_layer")), 1, 1, inner, 0,
                tied=bool(config.get("tie_word_embeddings", True)), name=name, ssm=ssm)


def parse_config(config: dict, name: str | None = None) -> Arch:
    """Normalize a Hugging Face config dict (GPT-2, BERT, Llama, Mistral, Mixtral, Qwen2,
    Phi-3, Gemma 2, Qwen2-MoE, DeepSeek-V2/V3, Mamba)."""
    if not isinstance(config, dict):
        raise ConfigError("config.json: expected a JSON object")
    kind = config.get("model_type")
    name = name or config.get("_name_or_path") or kind or "transformer"
    if kind == "gpt2":
        hidden = int(_need(config, "n_embd", "hidden_size"))
        heads = int(_need(config, "n_head", "num_attention_heads"))
        return Arch("gpt2", int(_need(config, "vocab_size")), hidden,
                    int(_need(config, "n_layer", "num_hidden_layers")), heads, heads,
                    int(config.get("n_inner") or 4 * hidden),
                    int(_need(config, "n_positions", "max_position_embeddings")),
                    tied=config.get("tie_word_embeddings", True), name=name)
    if kind == "bert":
        heads = int(_need(config, "num_attention_heads"))
        return Arch("bert", int(_need(config, "vocab_size")), int(_need(config, "hidden_size")),
                    int(_need(config, "num_hidden_layers")), heads, heads,
                    int(_need(config, "intermediate_size")),
                    int(_need(config, "max_position_embeddings")), tied=True,
                    type_vocab=int(config.get("type_vocab_size", 2)), name=name)
    if kind in ("llama", "mistral", "mixtral", "qwen2", "phi3"):
        heads = int(_need(config, "num_attention_heads"))
        return Arch("llama", int(_need(config, "vocab_size")), int(_need(config, "hidden_size")),
                    int(_need(config, "num_hidden_layers")), heads,
                    int(config.get("num_key_value_heads") or heads),
                    int(_need(config, "intermediate_size")),
                    int(_need(config, "max_position_embeddings")),
                    tied=bool(config.get("tie_word_embeddings", False)),
                    experts=int(config.get("num_local_experts") or 1),
                    experts_per_token=int(config.get("num_experts_per_tok") or 1),
                    qkv_bias=kind == "qwen2" or bool(config.get("attention_bias", False)),
                    window=(config.get("sliding_window")
                            if config.get("use_sliding_window", True) else None),
                    name=name, head_size=config.get("head_dim"))
    if kind == "gemma2":  # Gemma 2 report (2024): alternating local (4096) and global layers
        heads, layers = int(_need(config, "num_attention_heads")), int(_need(config,
                                                                          "num_hidden_layers"))
        return Arch("llama", int(_need(config, "vocab_size")), int(_need(config, "hidden_size")),
                    layers, heads, int(config.get("num_key_value_heads") or heads),
                    int(_need(config, "intermediate_size")),
                    int(_need(config, "max_position_embeddings")),
                    tied=bool(config.get("tie_word_embeddings", True)),
                    window=config.get("sliding_window"), name=name,
                    head_size=int(config.get("head_dim") or 256), post_norms=True,
                    local_layers=(layers + 1) // 2)
    if kind in ("qwen2_moe", "deepseek_v2", "deepseek_v3"):
        return _mixture(config, name)
    if kind == "mamba":
        return _mamba(config, name)
    raise ConfigError(f"config.json: model_type {kind!r} is not supported; supported: gpt2, "
                      "bert, llama, mistral, mixtral, qwen2, phi3, gemma2, qwen2_moe, "
                      "deepseek_v2, deepseek_v3, mamba")


def load_config(path: str | Path) -> dict:
    """Read a config.json, with a clear error for a missing or malformed file."""
    from ironlaw.files import MiB, read_json

    return read_json(path, "model config", limit_bytes=MiB)


def kv_cache_bytes(arch: Arch, batch: int, context: int, dtype: str) -> float:
    """KV cache = 2·L·kv_heads·head_dim·C·B·bytes [B]; 0 for an encoder. A sliding-window
    layer keeps a rolling buffer of the last W tokens (C → min(C, W)); with ``local_layers``
    only those layers do, the others keep the whole context (Gemma 2 alternates them). MLA
    caches L·(d_c + d_R)·C·B·bytes; Mamba's cache is its state, L·d_i·(N + K)·B·bytes,
    whatever the context (``laws.memory``)."""
    if not arch.decoder:
        return 0.0
    b = element_bytes(dtype)
    if arch.ssm is not None:
        return ssm_state_bytes(arch.layers, arch.ssm.inner, arch.ssm.state, arch.ssm.conv,
                               batch, b) + 0.0 * context
    if arch.mla is not None:
        return latent_cache_bytes(arch.layers, arch.mla.cached, context, batch, b)
    if arch.window is None:
        return laws_kv_cache_bytes(arch.layers, arch.kv_heads, arch.head_dim, context, batch, b)
    local = arch.layers if arch.local_layers is None else arch.local_layers
    rolling = laws_kv_cache_bytes(local, arch.kv_heads, arch.head_dim,
                                  np.minimum(context, arch.window), batch, b)
    return rolling + laws_kv_cache_bytes(arch.layers - local, arch.kv_heads, arch.head_dim,
                                         context, batch, b)


def _mlp(arch: Arch, tokens: float, dtype: str, dense: bool = False) -> list[ops.Op]:
    d, f = arch.hidden, arch.ffn
    if arch.family != "llama":
        return [role(ops.linear("mlp.up", tokens, d, f, dtype), "column"),
                role(ops.elementwise("mlp.gelu", tokens * f, dtype,
                                     flops_per_element=ACTIVATION_FLOPS["gelu"]), "split"),
                role(ops.linear("mlp.down", tokens, f, d, dtype), "row", reduce=True)]
    if arch.experts == 1 or dense:
        return swiglu("mlp", tokens, d, f, dtype)
    return moe.moe_ops(tokens, d, arch.expert_ffn or f, arch.experts, arch.experts_per_token,
                       dtype, arch.shared_ffn, arch.shared_gate, arch.router_bias)


def _attention(arch: Arch, batch: int, q_len: int, kv_len: int, dtype: str, causal: bool,
               kv_dtype: str | None, window: int | None, absorbed: bool) -> list[ops.Op]:
    """The attention sublayer's ops, from its input to the output projection: MLA's
    (:func:`~ironlaw.models.mla.attention_ops`, ``absorbed`` its decode form), or the Q, K, V
    projections (one fused QKV GEMM for GPT-2; GQA/MQA through ``kv_heads``), the rotary
    embedding (Llama-style), attention and the output projection."""
    d, h, kv, hd = arch.hidden, arch.heads, arch.kv_heads, arch.head_dim
    t = batch * q_len
    if arch.mla is not None:
        return attention_ops(arch.mla, d, h, batch, q_len, kv_len, dtype, causal, kv_dtype,
                             absorbed, window)
    if arch.family == "gpt2":
        projections = [role(ops.linear("attn.qkv", t, d, 3 * d, dtype), "column")]
    else:
        bias = arch.family == "bert" or arch.qkv_bias
        projections = [replace(role(ops.linear(f"attn.{x}", t, d, n, dtype, bias=bias),
                                    "column"), sibling="attn.qkv")
                       for x, n in (("q", h * hd), ("k", kv * hd), ("v", kv * hd))]
    if arch.family == "llama":
        projections.append(role(ops.elementwise("attn.rope", t * (h + kv) * hd, dtype,
                                                flops_per_element=ROPE_FLOPS), "split"))
    return [*projections,
            role(ops.attention("attn.sdpa", batch, h, q_len, kv_len, hd, dtype, kv_heads=kv,
                               causal=causal, window=window, kv_dtype=kv_dtype), "split"),
            role(ops.linear("attn.o", t, h * hd, d, dtype, bias=arch.family != "llama"), "row",
                 reduce=True)]


def _layer(arch: Arch, batch: int, q_len: int, kv_len: int, dtype: str,
           causal: bool, kv_dtype: str | None = None,
           window: int | None = None, dense: bool = False,
           decode: bool = False) -> tuple[ops.Op, ...]:
    """One layer's ops; ``dense``: the dense MLP of a MoE model's leading layers;
    ``decode``: a decode step (MLA runs absorbed, a Mamba layer reads its state)."""
    d, t = arch.hidden, batch * q_len
    if arch.ssm is not None:
        return tuple(mamba.layer_ops(arch.ssm, d, batch, q_len, dtype, decode))
    norm_kind = "rmsnorm" if arch.family == "llama" else "layernorm"
    attention = _attention(arch, batch, q_len, kv_len, dtype, causal, kv_dtype, window,
                           absorbed=decode)
    residual = ops.elementwise("residual.add", t * d, dtype, inputs=2, saves_input=False)
    norm1 = ops.norm("norm.attn", t, d, dtype, norm_kind)
    norm2 = ops.norm("norm.mlp", t, d, dtype, norm_kind)
    mlp = _mlp(arch, t, dtype, dense)
    if arch.family == "bert":  # post-LN: sublayer, add, norm
        sequence = [*attention, residual, norm1, *mlp, residual, norm2]
    elif arch.post_norms:  # pre- and post-LN (Gemma 2): norm, sublayer, norm, add
        sequence = [norm1, *attention, ops.norm("norm.attn_post", t, d, dtype, norm_kind),
                    residual, norm2, *mlp, ops.norm("norm.mlp_post", t, d, dtype, norm_kind),
                    residual]
    else:  # pre-LN: norm, sublayer, add
        sequence = [norm1, *attention, residual, norm2, *mlp, residual]
    return tuple(sequence)


def _whole(label: str, value, least: int = 1) -> None:
    """A size (or an array of sizes) must be whole numbers of at least ``least``."""
    v = np.asarray(value)
    if not np.issubdtype(v.dtype, np.number) or np.any(v != np.floor(v)) or np.any(v < least):
        raise ParameterError(label, f"expected a whole number of at least {least}; "
                             f"got {value!r}")


def with_kv_heads(arch: Arch, kv_heads: int | None) -> Arch:
    """``arch`` with ``kv_heads`` key/value heads (a what-if: MHA → GQA → MQA, the K and V
    projections narrowed to match); they must divide the query heads."""
    if kv_heads is None or kv_heads == arch.kv_heads:
        return arch
    if arch.mla is not None or arch.ssm is not None:  # no heads to count: said first
        what = ("caches one latent per token (MLA), not key/value heads" if arch.mla
                else "is a state-space model: no attention, no key/value heads")
        raise ParameterError("kv_heads", f"{arch.name} {what}")
    kv_heads = int(kv_heads)
    if kv_heads < 1 or arch.heads % kv_heads:
        raise ParameterError("kv_heads", f"must divide {arch.name}'s {arch.heads} query heads "
                             f"(1 for MQA, {arch.heads} for MHA); got {kv_heads}")
    if arch.family == "gpt2":
        raise ParameterError("kv_heads", f"{arch.name} projects Q, K and V in one matrix "
                             "(MHA only)")
    return replace(arch, kv_heads=kv_heads)


def check_kv_precision(arch: Arch, kv_precision: str | None,
                       parameter: str = "kv_precision") -> None:
    """Refuse a KV cache precision for a model without a KV cache (ParameterError naming
    ``parameter``, the callers' ``kv_precision``). A state-space
    model keeps a state, and keeps it in the precision it computes in: engines give it a
    precision of its own, apart from the KV cache's (vLLM's ``mamba_ssm_cache_dtype``, the
    model's dtype by default, beside ``kv_cache_dtype``), so its memory plan and its decode
    step's state traffic are both sized in that precision (``laws.memory.ssm_state_bytes``)."""
    if kv_precision is not None and arch.ssm is not None:
        raise ParameterError(parameter, f"{arch.name} is a state-space model: it keeps no KV "
                             "cache, and its state stays in the precision the model computes "
                             "in")


def _blocks(arch: Arch, batch, q_len, kv_len, dtype: str, kv_dtype: str,
            decode: bool) -> list[Block]:
    """The layers as repeated blocks: one, or two where layers differ (Gemma 2's
    sliding-window and global layers; DeepSeek-V3's leading dense and MoE layers)."""
    def layer(window=None, dense=False):
        return _layer(arch, batch, q_len, kv_len, dtype, arch.decoder, kv_dtype, window, dense,
                      decode)

    local = arch.layers if arch.local_layers is None or arch.window is None \
        else arch.local_layers
    if arch.window is not None and local < arch.layers:  # sliding-window and global layers
        return [Block("layers.local", layer(arch.window), local),
                Block("layers.global", layer(), arch.layers - local)]
    if arch.dense_layers and arch.experts > 1:
        return [Block("layers.dense", layer(arch.window, dense=True), arch.dense_layers),
                Block("layers", layer(arch.window), arch.layers - arch.dense_layers)]
    return [Block("layers", layer(arch.window), arch.layers)]


def build(config: dict | Arch, phase: str = "prefill", batch: int = 1, seq: int = 128,
          context: int | None = None, dtype: str = "bf16", name: str | None = None,
          all_logits: bool = False, kv_precision: str | None = None,
          kv_heads: int | None = None, cached=0) -> Graph:
    """The forward graph of one phase. ``seq`` is the prompt (or input) length; ``context``
    the number of tokens a decode step attends to (default ``seq``); ``all_logits`` computes
    logits at every position (training) instead of the last one (serving). ``batch``, ``seq``
    and ``context`` may be numpy arrays (broadcast together): one graph then describes every
    combination, each op's figures being arrays over the configurations. ``kv_precision`` stores
    the KV cache in another precision than ``dtype`` (fp8, int8 ...; refused for a
    state-space model, :func:`check_kv_precision`); ``kv_heads`` overrides
    the key/value heads (:func:`with_kv_heads`). ``cached`` (prefill only) is the number of
    leading prompt tokens whose K and V are already in the cache (prefix caching): the pass
    computes the S − cached new tokens, whose causal attention reads all S keys
    (q = S − cached, kv = S)."""
    arch = config if isinstance(config, Arch) else parse_config(config, name)
    arch = with_kv_heads(arch, kv_heads)
    check_kv_precision(arch, kv_precision)
    choice(phase, "phase", PHASES)
    element_bytes(dtype)
    if kv_precision is not None:  # named as the caller wrote it, not as 'precision'
        choice(kv_precision, "kv_precision", NAMES)
    kv_dtype = kv_precision or dtype
    if phase == "encoder" and arch.decoder:
        raise ParameterError("phase", f"{arch.name} is a decoder; use prefill or decode")
    if phase != "encoder" and not arch.decoder:
        raise ParameterError("phase", f"{arch.name} is an encoder; use encoder")
    context = seq if context is None else context
    for label, value in (("batch", batch), ("seq", seq), ("context", context)):
        _whole(label, value)
    _whole("cached", cached, 0)
    if np.any(np.asarray(cached) != 0):
        if phase != "prefill":
            raise ParameterError("cached", f"cached prompt tokens apply to prefill, not {phase}")
        if np.any(np.asarray(cached) >= seq):
            raise ParameterError("cached", f"expected fewer cached tokens than the {seq}-token "
                                 f"prompt (at least one is computed); got {cached}")
    q_len, kv_len = (1, context) if phase == "decode" else (seq - cached, seq)
    if np.any(np.asarray(kv_len) > arch.positions) and arch.learned_positions:
        raise ParameterError("context" if phase == "decode" else "seq",
                             f"{arch.name} has {arch.positions} learned positions; "
                        f"a length of {kv_len} does not fit")
    tokens = batch * q_len
    d = arch.hidden
    items: list[ops.Op | Block] = [role(ops.embedding("embed.tokens", tokens, arch.vocab, d,
                                                       dtype), "vocab")]
    if arch.family in ("gpt2", "bert"):
        items.append(ops.embedding("embed.positions", tokens, arch.positions, d, dtype))
    if arch.family == "bert":
        items += [ops.embedding("embed.types", tokens, arch.type_vocab, d, dtype),
                  ops.elementwise("embed.sum", tokens * d, dtype, flops_per_element=2.0,
                                  inputs=3, saves_input=False),
                  ops.norm("embed.norm", tokens, d, dtype, "layernorm")]
    elif arch.family == "gpt2":
        items.append(ops.elementwise("embed.sum", tokens * d, dtype, inputs=2,
                                     saves_input=False))
    items += _blocks(arch, batch, q_len, kv_len, dtype, kv_dtype, phase == "decode")
    if arch.family == "bert":
        items += [ops.linear("pooler", batch, d, d, dtype),
                  ops.elementwise("pooler.tanh", batch * d, dtype, flops_per_element=4.0)]
    else:
        norm_kind = "layernorm" if arch.family == "gpt2" else "rmsnorm"
        logits_rows = tokens if all_logits else batch  # else the last position only
        head = role(ops.linear("lm_head", logits_rows, d, arch.vocab, dtype, bias=False),
                     "head")
        if arch.tied:  # reads the embedding matrix, owns no parameters of its own
            head = replace(head, params=0.0)
        items += [ops.norm("norm.final", tokens, d, dtype, norm_kind), head]
    workload = Workload(batch=batch, phase=phase, seq=seq if phase != "decode" else None,
                        context=context if phase == "decode" else None, tokens=tokens,
                        kv_cache_bytes=kv_cache_bytes(arch, batch, kv_len, kv_dtype))
    meta: dict = {"family": arch.family}
    if arch.experts > 1:
        meta["active_params"] = moe.active_params(items, arch.experts, arch.experts_per_token)
    return Graph(name or arch.name, tuple(items), dtype, meta, workload)
