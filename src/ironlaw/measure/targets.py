"""What ``ironlaw bench`` runs: a model's plain-PyTorch module (random weights) beside the graph
ironlaw costs for exactly the same thing, with their parameter counts checked equal.

    prepare(model, phase, batch, seq, context, precision, device) -> Workload
    Workload.call() runs one query (``batch`` samples), Workload.sync() waits for the device

Transformers run ``seq`` tokens of prefill (default 128), or one decode step against a cache so
that it attends to ``context`` tokens (a static cache: the step's keys and values are written in
place, as engines do). torch is imported lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ironlaw import checks, dtypes
from ironlaw.errors import ParameterError, UserError

DEVICES = ("cpu", "cuda")
PRECISIONS = ("fp32", "bf16", "fp16")  # what the harness runs; torch names from ironlaw.dtypes


@dataclass(frozen=True)
class Target:
    """An ironlaw model ID and the plain-torch module that runs it."""

    id: str
    source: str  # "zoo": ironlaw.models.torch_zoo; "transformer": models.torch_transformers
    torch_name: str  # torch_zoo name, or the config ID for transformers
    note: str = ""


TARGETS = {t.id: t for t in (
    Target("resnet18", "zoo", "resnet18"),
    Target("resnet50", "zoo", "resnet50"),
    Target("mobilenetv1", "zoo", "mobilenetv1"),
    Target("mobilenetv2", "zoo", "mobilenetv2"),
    Target("efficientnet-b0", "zoo", "efficientnet_b0"),
    Target("vgg16", "zoo", "vgg16"),
    Target("vit-b-16", "zoo", "vit_b_16"),
    Target("ds-cnn", "zoo", "ds_cnn"),
    Target("mlp", "zoo", "mlp"),
    Target("dlrm", "zoo", "dlrm_small",
           "dlrm runs the 'small' config (8 tables × 100k rows, dim 64) on both the torch and "
           "the graph side; the MLPerf config needs 96 GB in fp32"),
    Target("gpt2", "transformer", "gpt2"),
    Target("gpt2-xl", "transformer", "gpt2-xl"),
    Target("bert-base", "transformer", "bert-base"),
    Target("bert-large", "transformer", "bert-large"),
)}


def target_of(model: str) -> Target:
    """The runnable target for a model name or alias; ParameterError if it has none."""
    from ironlaw.models.zoo import get_model

    spec = get_model(model)
    if spec.id not in TARGETS:
        raise ParameterError("model", f"{spec.id} has no runnable PyTorch counterpart here; "
                                      f"expected one of {', '.join(TARGETS)}")
    return TARGETS[spec.id]


def graph_for(model: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
              context: int | None = None, dtype: str = "fp32"):
    """The graph ironlaw costs for exactly what :func:`run_benchmark` runs (dlrm: "small")."""
    from ironlaw.models.zoo import build_model

    target = target_of(model)
    if target.id != "dlrm":
        return build_model(target.id, phase=phase, batch=batch, seq=seq, context=context,
                           dtype=dtype)
    build_model("dlrm", phase=phase, batch=batch, seq=seq, context=context, dtype=dtype)  # checks
    from ironlaw.models.dlrm import dlrm

    graph = dlrm(batch=batch, dtype=dtype, config="small")
    return replace(graph, name="dlrm")


def parameter_counts(model: str) -> tuple[int, int]:
    """(torch module parameters, graph parameters) for ``model``, built on the meta device."""
    torch = require_torch()
    target = target_of(model)
    with torch.device("meta"):
        module = _module(target)
    return sum(p.numel() for p in module.parameters()), int(graph_for(target.id).params)


def require_torch():
    try:
        import torch
    except ImportError:
        raise UserError("ironlaw bench needs PyTorch: pip install 'ironlaw[torch]'") from None
    return torch


def _module(target: Target):
    if target.source == "zoo":
        from ironlaw.models import torch_zoo

        return torch_zoo.make(target.torch_name)
    from ironlaw.models import torch_transformers
    from ironlaw.models.zoo import config_of, get_model

    return torch_transformers.make(config_of(get_model(target.torch_name))).eval()


@dataclass
class Workload:
    """A model on its device with fixed inputs: ``call()`` runs one query, ``sync()`` waits."""

    target: Target
    graph: Any
    module: Any
    call: Callable[[], Any]
    sync: Callable[[], None]
    phase: str
    seq: int | None
    context: int | None


def prepare(model: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
            context: int | None = None, precision: str = "fp32",
            device: str = "cpu") -> Workload:
    """Build ``model`` (random weights, eval mode, seed 0) on ``device`` in ``precision`` with
    fixed random inputs, after checking its parameter count equals its graph's. Call it inside
    torch.inference_mode(). Transformers: ``seq`` (default 128) tokens of prefill, or one
    decode step against a cache so that it attends to ``context`` tokens (default ``seq``)."""
    torch = require_torch()
    checks.choice(precision, "precision", PRECISIONS)
    checks.choice(device, "device", DEVICES)
    if device == "cuda" and not torch.cuda.is_available():
        raise ParameterError("device", "cuda: torch sees no CUDA device on this machine")
    target = target_of(model)
    if target.source == "transformer":
        _check_positions(target, phase, seq, context)
    graph = graph_for(target.id, phase, batch, seq, context, precision)
    phase = graph.workload.phase
    dtype = getattr(torch, dtypes.dtype(precision).torch)
    try:
        torch.ones(4, 4, dtype=dtype, device=device) @ torch.ones(4, 4, dtype=dtype,
                                                                 device=device)
    except RuntimeError as exc:
        raise ParameterError("precision", f"{precision}: not supported on {device} "
                             f"({exc})") from None
    torch.manual_seed(0)
    with torch.device(device):
        module = _module(target).to(dtype=dtype).eval()
    torch_params = sum(p.numel() for p in module.parameters())
    if torch_params != graph.params:
        raise RuntimeError(f"{target.id}: torch module has {torch_params} parameters, the graph "
                           f"{graph.params:.0f}: they are not the same architecture")
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    if target.source == "zoo":
        from ironlaw.models.torch_zoo import example_input

        inputs = tuple(x.to(dtype) if x.is_floating_point() else x
                       for x in example_input(target.torch_name, batch, device=device))
        return Workload(target, graph, module, lambda: module(*inputs), sync, phase, None, None)
    from ironlaw.models import torch_transformers as tt

    seq = seq or 128
    context = (context or seq) if phase == "decode" else None
    vocab = module.dims.vocab
    if phase == "decode":
        # the step attends to context tokens, its own written in place into a cache allocated
        # once, as the graph costs it (an engine's KV write, not a copy of the whole cache)
        cache = tt.empty_cache(module, batch, context - 1,
                               capacity=None if module.dims.window else context)
        token = torch.randint(0, vocab, (batch, 1), device=device)
        return Workload(target, graph, module, lambda: tt.decode_step(module, token, cache),
                        sync, phase, 1, context)
    tokens = torch.randint(0, vocab, (batch, seq), device=device)
    return Workload(target, graph, module,
                    lambda: tt.prefill(module, tokens, last_logits_only=True), sync, phase,
                    seq, None)


def _check_positions(target: Target, phase, seq, context) -> None:
    """GPT-2 and BERT learn a fixed number of positions: a longer input cannot run."""
    from ironlaw.models.torch_transformers import dims
    from ironlaw.models.zoo import config_of, get_model

    limit = dims(config_of(get_model(target.torch_name))).positions
    name, length = ("context", context or seq) if phase == "decode" else ("seq", seq)
    if length is not None and length > limit:
        raise ParameterError(name, f"{target.id} has {limit} learned positions; got {length}")
