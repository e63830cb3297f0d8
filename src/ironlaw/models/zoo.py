"""Models by name — the one resolver every command uses: a built-in ID or alias (lowercase
with hyphens: ``llama-3.1-8b``, or its Hugging Face id ``meta-llama/Llama-3.1-8B``), a path to
a config.json (or a folder holding one), or a Hugging Face id whose config.json is in the local
Hugging Face cache or in ``$IRONLAW_MODELS`` (:mod:`ironlaw.config`; no network is used).

``build_model("llama-3-8b", phase="decode", batch=8, context=4096, dtype="bf16")`` returns a
Graph. Transformers come from config.json files (shipped in ``models/configs``, or the user's);
the others from the builders in :mod:`ironlaw.models.vision`, :mod:`~ironlaw.models.detect`,
:mod:`~ironlaw.models.diffusion`, :mod:`~ironlaw.models.tiny` and :mod:`~ironlaw.models.dlrm`.
"""

from __future__ import annotations

import copy
import difflib
import importlib
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from ironlaw import checks
from ironlaw.dtypes import element_bytes
from ironlaw.errors import ParameterError, UserError, quoted
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
    encoder_only: bool = False  # a user's BERT-like config: no decode phase
    config: str = ""  # a user's model: its config.json, which resolves it in any process

    @property
    def phases(self) -> tuple[str, ...]:
        if self.family != "transformer":
            return ("forward",)
        encoder = self.encoder_only or self.id.startswith("bert")
        return ("encoder",) if encoder else ("prefill", "decode")

    @property
    def decoder(self) -> bool:
        """Whether it is a decoder LLM (it has a decode phase)."""
        return "decode" in self.phases


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
    ModelSpec("yolov8n", "vision", "YOLOv8n detector, 640×640, 80 COCO classes",
              ("yolov8-n", "ultralytics/yolov8n"), "detect:yolov8n"),
    ModelSpec("sd15-unet", "vision", "Stable Diffusion v1.5 UNet, one denoising step at "
              "512×512 (64×64 latent, 77 text tokens)",
              ("sd-unet", "stable-diffusion-v1-5", "stable-diffusion-v1-5/stable-diffusion-v1-5",
               "runwayml/stable-diffusion-v1-5"), "diffusion:sd15_unet"),
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
    ModelSpec("llama-3.1-8b", "transformer", "Llama 3.1 8B (GQA, 128k context)",
              ("meta-llama/llama-3.1-8b", "llama3.1-8b", "llama-3.1-8b-instruct",
               "meta-llama/llama-3.1-8b-instruct")),
    ModelSpec("llama-3.1-70b", "transformer", "Llama 3.1 70B (GQA, 128k context)",
              ("meta-llama/llama-3.1-70b", "llama3.1-70b", "llama-3.1-70b-instruct",
               "meta-llama/llama-3.1-70b-instruct")),
    ModelSpec("llama-3.1-405b", "transformer", "Llama 3.1 405B (GQA, 128k context)",
              ("meta-llama/llama-3.1-405b", "llama3.1-405b", "llama-3.1-405b-instruct",
               "meta-llama/llama-3.1-405b-instruct")),
    ModelSpec("llama-3.2-1b", "transformer", "Llama 3.2 1B (GQA, tied embeddings)",
              ("meta-llama/llama-3.2-1b", "llama3.2-1b", "llama-3.2-1b-instruct",
               "meta-llama/llama-3.2-1b-instruct")),
    ModelSpec("llama-3.2-3b", "transformer", "Llama 3.2 3B (GQA, tied embeddings)",
              ("meta-llama/llama-3.2-3b", "llama3.2-3b", "llama-3.2-3b-instruct",
               "meta-llama/llama-3.2-3b-instruct")),
    ModelSpec("phi-3-mini", "transformer", "Phi-3 mini 3.8B (4k context)",
              ("microsoft/phi-3-mini-4k-instruct", "phi3-mini", "phi-3-mini-4k-instruct")),
    ModelSpec("gemma-2-2b", "transformer", "Gemma 2 2B (GQA, local/global layers, tied)",
              ("google/gemma-2-2b", "gemma2-2b")),
    ModelSpec("gemma-2-9b", "transformer", "Gemma 2 9B (GQA, local/global layers, tied)",
              ("google/gemma-2-9b", "gemma2-9b")),
    ModelSpec("gemma-2-27b", "transformer", "Gemma 2 27B (GQA, local/global layers, tied)",
              ("google/gemma-2-27b", "gemma2-27b")),
    ModelSpec("llama-3.3-70b", "transformer", "Llama 3.3 70B Instruct (GQA, 128k context)",
              ("meta-llama/llama-3.3-70b-instruct", "llama3.3-70b", "llama-3.3-70b-instruct")),
    ModelSpec("qwen1.5-moe-a2.7b", "transformer", "Qwen1.5-MoE-A2.7B (60 experts, top-4, "
              "gated shared expert; 14.3B, 2.7B active)",
              ("qwen/qwen1.5-moe-a2.7b", "qwen2-moe", "qwen1.5-moe", "qwen1.5-moe-a2.7b-chat",
               "qwen/qwen1.5-moe-a2.7b-chat")),
    ModelSpec("deepseek-v3", "transformer", "DeepSeek-V3 (MLA, 256 experts top-8 + 1 shared; "
              "671B, 37B active)",
              ("deepseek-ai/deepseek-v3", "deepseekv3", "deepseek-v3-base",
               "deepseek-ai/deepseek-v3-base")),
    ModelSpec("mamba-2.8b", "transformer", "Mamba 2.8B (selective state space, no attention)",
              ("state-spaces/mamba-2.8b", "state-spaces/mamba-2.8b-hf", "mamba")),
    ModelSpec("mamba-130m", "transformer", "Mamba 130M (selective state space, no attention)",
              ("state-spaces/mamba-130m", "state-spaces/mamba-130m-hf")),
)

_INDEX = {key: spec for spec in MODELS for key in (spec.id, *spec.aliases)}


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


_USER: dict[str, tuple[ModelSpec, dict]] = {}  # the user's configs, by the name given and ID


def get_model(name: str) -> ModelSpec:
    """The model ``name`` names: built-in (ID or alias), a config.json path or folder, or a
    Hugging Face id found locally (module docstring); else UnknownModel saying where it
    looked."""
    key = _key(str(name))
    if key in _INDEX:
        return _INDEX[key]
    if key in _USER:
        return _USER[key][0]
    path = Path(str(name)).expanduser()
    folder = _on_disk(path.is_dir)
    if path.suffix == ".json" or folder or path.name == "config.json":
        file = path / "config.json" if folder and not path.suffix else path
        if not _on_disk(file.exists):  # what is there (a folder, a FIFO): the reader refuses
            raise UnknownModel(f"model config {quoted(str(file))}: no such file")
        return _register(key, file, file.parent.name if file.name == "config.json"
                         else file.stem)
    if str(name).count("/") == 1:
        file = hub_config(str(name))
        if file is None:
            from ironlaw.config import paths

            where = paths()
            also = f" or {where.models}" if where.models else " (or set IRONLAW_MODELS)"
            raise UnknownModel(f"unknown model {quoted(name)}: not built in, and no config.json "
                               f"for it in the Hugging Face cache {where.hf_hub}{also}; download "
                               "it there (ironlaw uses no network) or give its config.json")
        return _register(key, file, str(name).split("/")[1])
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownModel(f"unknown model {quoted(name)}{hint} (see `ironlaw model list`; a "
                       "config.json path or a Hugging Face id in the local cache also work)")


def relative_to(name: str, folder: Path) -> str:
    """``name`` as written in a file that lives in ``folder`` (a sweep spec, a scenario): a
    relative path to a config.json, or to a folder holding one, is read from ``folder``;
    built-in names and Hugging Face ids are unchanged."""
    path = Path(name).expanduser()
    if path.is_absolute() or _key(name) in _INDEX:
        return name
    there = folder / path
    return str(there) if path.suffix == ".json" or _on_disk(there.is_dir) else name


def _on_disk(test) -> bool:
    """``test()``, a path's is_dir or exists; False for a name no file system takes (longer
    than its 255 bytes a name): a model's name, not a path."""
    try:
        return test()
    except OSError:
        return False


def hub_config(model_id: str) -> Path | None:
    """The config.json of Hugging Face ``ORG/NAME`` on this machine: in $IRONLAW_MODELS
    (ORG/NAME/config.json or NAME.json), else the hub cache's snapshot that refs/main names
    (or the newest snapshot)."""
    from ironlaw.config import paths

    try:
        return _hub_config(paths(), *model_id.split("/"))
    except OSError:  # a name no file system takes (too long): not on this machine
        return None


def _hub_config(where, org: str, name: str) -> Path | None:
    if where.models is not None:
        for file in (where.models / org / name / "config.json", where.models / f"{name}.json"):
            if file.is_file():
                return file
    repo = where.hf_hub / f"models--{org}--{name}"
    ref = repo / "refs" / "main"
    if ref.is_file():
        file = repo / "snapshots" / ref.read_text(encoding="utf-8").strip() / "config.json"
        if file.is_file():
            return file
    found = sorted((repo / "snapshots").glob("*/config.json"), key=lambda f: f.stat().st_mtime)
    return found[-1] if found else None


def known_as(model_id: str, file: str) -> None:
    """Make the user's config ``file`` model ``model_id`` in this process, as it was in the
    one that resolved it first (a sweep's worker process has not seen it)."""
    if _key(model_id) not in _USER:
        _register(_key(file), Path(file), model_id, model_id)


def shape_model(layers: int, hidden: int, heads: int, vocab: int, seq: int) -> ModelSpec:
    """A GPT of bare shape: the model of Narayanan et al. (SC '21, "Efficient Large-Scale
    Language Model Training on GPU Clusters Using Megatron-LM", eq. 2) — ``layers`` blocks of
    width ``hidden`` with ``heads`` heads, a 4·hidden MLP, biases and two LayerNorms a block,
    ``seq`` learned positions and a ``vocab`` embedding tied to the LM head: a GPT-2
    config.json with P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)) + 2h (the final norm)."""
    for parameter, value in (("layers", layers), ("hidden", hidden), ("heads", heads),
                             ("vocab", vocab), ("seq", seq)):
        checks.whole(value, parameter)
    if hidden % heads:
        raise ParameterError("heads", f"expected a divisor of hidden ({hidden}); got {heads}")
    model_id = f"gpt-l{layers}-h{hidden}-a{heads}-v{vocab}-s{seq}"
    if model_id in _USER:
        return _USER[model_id][0]
    config = {"model_type": "gpt2", "n_layer": layers, "n_embd": hidden, "n_head": heads,
              "vocab_size": vocab, "n_positions": seq}
    return _register(model_id, None, model_id, model_id, config)


def _register(key: str, file: Path | None, stem: str, model_id: str | None = None,
              config: dict | None = None) -> ModelSpec:
    """A user's config.json (``file``, or a ``config`` made in memory) as a model: parsed (and
    refused with a clear error) once."""
    from ironlaw.models.transformer import load_config, parse_config

    config = load_config(file) if config is None else config
    arch = parse_config(config, stem)
    if model_id is None:
        model_id = _key(stem)
        if model_id in _INDEX or any(model_id == s.id for s, _ in _USER.values()):
            model_id = f"{model_id}-config"
    origin = f"from {file}" if file is not None else "of bare shape"
    spec = ModelSpec(model_id, "transformer", f"{config.get('model_type')} {origin}",
                     encoder_only=not arch.decoder,
                     config=str(file.resolve()) if file is not None else "")
    _USER[key] = _USER[model_id] = (spec, config)
    return spec


def config_of(spec: ModelSpec) -> dict:
    """The config.json of a transformer: shipped with ironlaw or the user's (read once per
    process; a copy, so a caller may change it)."""
    if spec.id in _USER:
        return copy.deepcopy(_USER[spec.id][1])
    return copy.deepcopy(_shipped_config(spec.id))


@cache
def architecture(name: str):
    """The transformer architecture (``models.transformer.Arch``) of the transformer model
    ``name``: its config.json parsed once per process (an Arch is frozen: callers share it)."""
    from ironlaw.models.transformer import parse_config

    spec = get_model(name)
    return parse_config(config_of(spec), spec.id)


@cache
def _shipped_config(model_id: str) -> dict:
    from ironlaw.models.transformer import load_config

    return load_config(CONFIG_DIR / f"{model_id}.json")


def build_model(name: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
                context: int | None = None, dtype: str = "bf16", kv_precision: str | None = None,
                kv_heads: int | None = None, cached=0,
                runs: Collection[str] | None = None, kv_reads: str | None = None) -> Graph:
    """The graph of a built-in model. Transformers: ``seq`` (default 128) is the prompt or
    input length and ``context`` the tokens a decode step attends to (default ``seq``);
    ``kv_precision`` and ``kv_heads`` set the KV cache's precision and heads (default: the
    activations' precision and the model's own), ``kv_reads`` how a decode step's kernel reads
    a grouped cache (``frameworks.ops.KV_READS``; default "grouped"; "per-head" reads a K/V
    head's bytes once per query head: ``frameworks.ops.per_head_reads``); ``cached`` prompt
    tokens already in the KV cache (prefill with a cached prefix: ``transformer.build``).

    ``dtype`` is the precision the model runs with, as it is served: the graph is built at
    ``compress.activation_precision`` and its weights narrowed by ``compress.run_at`` (int4:
    weight-only W4A16; fp8 and int8 in a decoder LLM: the linear layers only), the rest in the
    16-bit float of a device with peaks for ``runs`` (fp16, else bf16; None: fp16); a
    decoder's KV cache by default in ``compress.cache_precision``."""
    from ironlaw.frameworks.ops import KV_READS, per_head_reads
    from ironlaw.models.compress import KV_CACHE, activation_precision, cache_precision, run_at

    spec = get_model(name)
    element_bytes(dtype)
    if kv_reads is not None:
        checks.choice(kv_reads, "kv_reads", KV_READS)
    if kv_precision is None and spec.decoder and dtype in KV_CACHE \
            and architecture(spec.id).ssm is None:  # a state has no KV default
        kv_precision = cache_precision(dtype, runs=runs)
    graph = run_at(_build(spec, phase, batch, seq, context,
                          activation_precision(dtype, spec.decoder, runs), kv_precision,
                          kv_heads, cached, kv_reads),
                   dtype)
    return graph.map_ops(per_head_reads) if kv_reads == "per-head" else graph


def _build(spec: ModelSpec, phase, batch, seq, context, dtype: str, kv_precision, kv_heads,
           cached, kv_reads=None) -> Graph:
    batch_values = np.asarray(batch)
    if (not np.issubdtype(batch_values.dtype, np.number) or np.any(batch_values < 1)
            or np.any(batch_values != np.floor(batch_values))):
        raise ParameterError("batch", f"expected a whole number of at least 1; got {quoted(batch)}")
    phase = phase or spec.phases[0]
    if phase not in spec.phases:
        raise ParameterError("phase", f"{spec.id} supports {', '.join(spec.phases)}; "
                                      f"got {quoted(phase)}")
    if spec.family == "transformer":
        from ironlaw.models.transformer import build

        return build(config_of(spec), phase, batch=batch, seq=128 if seq is None else seq,
                     context=context, dtype=dtype, name=spec.id, kv_precision=kv_precision,
                     kv_heads=kv_heads, cached=cached)
    cached = cached if np.any(cached) else None
    checks.not_given(f"does not apply to {spec.id}, which takes a fixed input", seq=seq,
                     context=context, kv_precision=kv_precision, kv_heads=kv_heads,
                     kv_reads=kv_reads, cached=cached)
    module, function = spec.builder.split(":")
    builder = getattr(importlib.import_module(f"ironlaw.models.{module}"), function)
    graph = builder(batch=batch, dtype=dtype)
    return replace(graph, name=spec.id)
