"""The built-in models by name: IDs are lowercase with hyphens, and common aliases resolve.

``build_model("llama-3-8b", phase="decode", batch=8, context=4096, dtype="bf16")`` returns a
Graph. Transformers come from the config.json files shipped in ``models/configs``; the others
from the builders in :mod:`ironlaw.models.vision`, :mod:`~ironlaw.models.tiny` and
:mod:`~ironlaw.models.dlrm`.
"""

from __future__ import annotations

import copy
import difflib
import importlib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from ironlaw.dtypes import element_bytes
from ironlaw.errors import ParameterError, UserError
from ironlaw.frameworks.graph import Graph

CONFIG_DIR = Path(__file__).with_name("configs")


class UnknownModel(UserError, KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class ModelSpec:
    """A built-in model: where its graph comes from and what it is."""

    id: str
    family: str  # transformer | vision | tiny | recsys
    description: str
    aliases: tuple[str, ...] = ()
    builder: str = ""  # "module:function" for non-transformers

    @property
    def phases(self) -> tuple[str, ...]:
        if self.family != "transformer":
            return ("forward",)
        return ("encoder",) if self.id.startswith("bert") else ("prefill", "decode")


MODELS: tuple[ModelSpec, ...] = (
    ModelSpec("resnet18", "vision", "ResNet-18, 224×224 ImageNet classifier",
              ("resnet-18",), "vision:resnet18"),
    ModelSpec("resnet50", "vision", "ResNet-50 v1.5, 224×224 (Lighthouse: compute-bound)",
              ("resnet-50", "rn50"), "vision:resnet50"),
    ModelSpec("mobilenetv1", "vision", "MobileNetV1 1.0, 224×224", ("mobilenet-v1",),
              "vision:mobilenetv1"),
    ModelSpec("mobilenetv2", "vision", "MobileNetV2 1.0, 224×224 (Lighthouse: mobile)",
              ("mobilenet-v2",), "vision:mobilenetv2"),
    ModelSpec("efficientnet-b0", "vision", "EfficientNet-B0, 224×224", ("efficientnetb0",),
              "vision:efficientnet_b0"),
    ModelSpec("vgg16", "vision", "VGG-16, 224×224", ("vgg-16",), "vision:vgg16"),
    ModelSpec("vit-b-16", "vision", "ViT-B/16, 224×224", ("vit-b/16", "vitb16", "vit-base"),
              "vision:vit_b_16"),
    ModelSpec("ds-cnn", "tiny", "DS-CNN keyword spotting, MLPerf Tiny (Lighthouse: tiny)",
              ("dscnn", "kws"), "tiny:ds_cnn"),
    ModelSpec("mlp", "tiny", "784-128-64-10 MLP (MNIST)", ("mnist-mlp",), "tiny:mlp"),
    ModelSpec("dlrm", "recsys", "DLRM, MLPerf Criteo Terabyte config (Lighthouse: capacity)",
              ("dlrm-mlperf",), "dlrm:dlrm"),
    ModelSpec("gpt2", "transformer", "GPT-2 124M", ("gpt-2", "gpt2-small", "openai-gpt2")),
    ModelSpec("gpt2-xl", "transformer", "GPT-2 XL 1.5B (Lighthouse: bandwidth)", ("gpt-2-xl",)),
    ModelSpec("bert-base", "transformer", "BERT-base uncased 110M",
              ("bert-base-uncased", "bert")),
    ModelSpec("bert-large", "transformer", "BERT-large uncased 340M", ("bert-large-uncased",)),
    ModelSpec("llama-2-7b", "transformer", "Llama 2 7B", ("llama2-7b", "llama-2-7b-hf")),
    ModelSpec("llama-2-70b", "transformer", "Llama 2 70B (GQA)",
              ("llama2-70b", "llama-2-70b-hf")),
    ModelSpec("llama-3-8b", "transformer", "Llama 3 8B (GQA; Lighthouse: bandwidth)",
              ("llama3-8b", "meta-llama-3-8b")),
    ModelSpec("llama-3-70b", "transformer", "Llama 3 70B (GQA)",
              ("llama3-70b", "meta-llama-3-70b")),
    ModelSpec("mistral-7b", "transformer", "Mistral 7B v0.1 (GQA)", ("mistral-7b-v0.1",)),
    ModelSpec("mixtral-8x7b", "transformer", "Mixtral 8x7B (sparse MoE, 2 of 8 experts)",
              ("mixtral", "mixtral-8x7b-v0.1")),
    ModelSpec("qwen2-7b", "transformer", "Qwen2 7B (GQA, QKV bias)", ("qwen2",)),
)

_INDEX = {key: spec for spec in MODELS for key in (spec.id, *spec.aliases)}


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def get_model(name: str) -> ModelSpec:
    key = _key(name)
    if key in _INDEX:
        return _INDEX[key]
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownModel(f"unknown model {name!r}{hint} (see `ironlaw model list`)")


def config_of(spec: ModelSpec) -> dict:
    """The shipped config.json of a built-in transformer (read once per process; a copy, so a
    caller may change it)."""
    return copy.deepcopy(_shipped_config(spec.id))


@cache
def _shipped_config(model_id: str) -> dict:
    from ironlaw.models.transformer import load_config

    return load_config(CONFIG_DIR / f"{model_id}.json")


def build_model(name: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
                context: int | None = None, dtype: str = "bf16", kv_dtype: str | None = None,
                kv_heads: int | None = None) -> Graph:
    """The graph of a built-in model. Transformers: ``seq`` (default 128) is the prompt or
    input length and ``context`` the tokens a decode step attends to (default ``seq``);
    ``kv_dtype`` and ``kv_heads`` set the KV cache's precision and heads (default: ``dtype``
    and the model's own)."""
    spec = get_model(name)
    element_bytes(dtype)
    batch_values = np.asarray(batch)
    if (not np.issubdtype(batch_values.dtype, np.number) or np.any(batch_values < 1)
            or np.any(batch_values != np.floor(batch_values))):
        raise ParameterError("batch", f"expected a whole number of at least 1; got {batch!r}")
    phase = phase or spec.phases[0]
    if phase not in spec.phases:
        raise ParameterError("phase", f"{spec.id} supports {', '.join(spec.phases)}; "
                                      f"got {phase!r}")
    if spec.family == "transformer":
        from ironlaw.models.transformer import build

        return build(config_of(spec), phase, batch=batch, seq=128 if seq is None else seq,
                     context=context, dtype=dtype, name=spec.id, kv_dtype=kv_dtype,
                     kv_heads=kv_heads)
    for parameter, value in (("seq", seq), ("context", context), ("kv_dtype", kv_dtype),
                             ("kv_heads", kv_heads)):
        if value is not None:
            raise ParameterError(parameter, f"does not apply to {spec.id}, which takes a "
                                            "fixed input")
    module, function = spec.builder.split(":")
    builder = getattr(importlib.import_module(f"ironlaw.models.{module}"), function)
    graph = builder(batch=batch, dtype=dtype)
    return replace(graph, name=spec.id)
