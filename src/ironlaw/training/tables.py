"""The constants of the training layer, each with its source (kind, title, URL, date checked).

Bytes per parameter of mixed-precision training (ZeRO, Rajbhandari et al. 2020, §3.1): 16-bit
weights (2) and gradients (2), and for Adam an fp32 master copy (4), momentum (4) and variance
(4): 16 B per parameter, "K = 12" bytes of optimizer state. fp32 training keeps 4 B weights and
4 B gradients and no master copy.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ironlaw.provenance import Constant, Source

CHECKED = _dt.date(2026, 11, 28)

ZERO = Source(kind="paper", checked=CHECKED, url="https://arxiv.org/abs/1910.02054",
              title="Rajbhandari et al., 'ZeRO: Memory Optimizations Toward Training Trillion "
                    "Parameter Models', arXiv:1910.02054, 2020, §3.1 (16 B/parameter for "
                    "mixed-precision Adam), §5 (stages), §7 (communication volume)")
ADAFACTOR = Source(kind="paper", checked=CHECKED, url="https://arxiv.org/abs/1804.04235",
                   title="Shazeer & Stern, 'Adafactor: Adaptive Learning Rates with Sublinear "
                         "Memory Cost', arXiv:1804.04235, 2018: factored second moment, one "
                         "row and one column vector per weight matrix, no momentum (beta1 = 0)")
TORCH_SGD = Source(kind="datasheet", checked=CHECKED,
                   url="https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html",
                   title="PyTorch torch.optim.SGD: one momentum buffer per parameter when "
                         "momentum > 0, none without")
ADAM_8BIT = Source(kind="paper", checked=CHECKED, url="https://arxiv.org/abs/2110.02861",
                  title="Dettmers et al., '8-bit Optimizers via Block-wise Quantization', ICLR "
                        "2022: both Adam moments stored in 8 bits (2 B per parameter; the "
                        "per-block scales, one fp32 per 2048 values, are neglected)")
TORCH_ADAMW = Source(kind="datasheet", checked=CHECKED,
                     url="https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
                     title="PyTorch torch.optim.AdamW: exp_avg and exp_avg_sq per parameter")


@dataclass(frozen=True)
class OptimizerSpec:
    """Optimizer state per parameter [B] (fp32), or ``None`` where it is factored (Adafactor)."""

    name: str
    state_bytes: float | None
    source: Source
    note: str = ""


OPTIMIZERS: dict[str, OptimizerSpec] = {o.name: o for o in (
    OptimizerSpec("sgd", 0.0, TORCH_SGD, "plain SGD keeps no state"),
    OptimizerSpec("momentum", 4.0, TORCH_SGD, "one fp32 momentum buffer"),
    OptimizerSpec("adam", 8.0, ZERO, "fp32 momentum and variance"),
    OptimizerSpec("adamw", 8.0, TORCH_ADAMW, "fp32 momentum and variance (as Adam)"),
    OptimizerSpec("adam8bit", 2.0, ADAM_8BIT, "8-bit momentum and variance"),
    OptimizerSpec("adafactor", None, ADAFACTOR,
                  "4·(rows + columns) B per weight matrix, 4 B per element of other tensors"),
)}


@dataclass(frozen=True)
class PrecisionSpec:
    """Bytes per parameter of weights, gradients and the fp32 master copy for one precision."""

    name: str
    weight_bytes: float
    gradient_bytes: float
    master_bytes: float
    source: Source


PRECISIONS: dict[str, PrecisionSpec] = {p.name: p for p in (
    PrecisionSpec("fp32", 4.0, 4.0, 0.0, ZERO),
    PrecisionSpec("bf16", 2.0, 2.0, 4.0, ZERO),
    PrecisionSpec("fp16", 2.0, 2.0, 4.0, ZERO),
)}


RUNTIME_CONTEXT = Constant(400e6, "B", Source(
    kind="estimate", checked=CHECKED, url="https://github.com/pytorch/pytorch/issues/109888",
    title="PyTorch issue #109888 (maintainer): the CUDA context uses around 400 MB with "
          "CUDA >= 11.7 and lazy module loading",
    note="per device; NCCL buffers and cuBLAS workspaces come on top and are not counted"))
FRAGMENTATION = Constant(0.10, "1", Source(
    kind="estimate", checked=CHECKED, url="https://arxiv.org/abs/1910.02054",
    title="ironlaw estimate: the caching allocator reserves ~10% beyond live tensors; ZeRO "
          "(Rajbhandari et al. 2020, §3.2) describes fragmentation leaving memory unusable",
    note="a fraction of model states + activations"))
OVERLAP = Constant(0.8, "1", Source(
    kind="estimate", checked=CHECKED, url="https://arxiv.org/abs/2006.15704",
    title="ironlaw estimate: PyTorch DDP overlaps bucketed gradient all-reduce with the "
          "backward pass (Li et al., 'PyTorch Distributed', VLDB 2020); the last bucket "
          "cannot overlap, so 80% of the data-parallel communication is taken as hidden",
    note="the hidden part is also capped by the backward time of the last micro-batch"))
PIPELINE_MICRO_BATCHES = Constant(4.0, "1", Source(
    kind="estimate", checked=CHECKED, url="https://arxiv.org/abs/2104.04473",
    title="ironlaw default: 4 micro-batches per pipeline stage when no global batch is "
          "given, keeping the bubble (p-1)/(m+p-1) below 20% (Narayanan et al. 2021 "
          "recommend m >> p)"))

# The loss of a language model, taken in fp32: per logit, beside the logits themselves.
LOSS_FP32_BYTES = Constant(8.0, "B", Source(
    kind="estimate", checked=_dt.date(2026, 12, 5),
    url="https://github.com/huggingface/transformers/blob/v4.40.0/src/transformers/models/"
        "llama/modeling_llama.py",
    title="Hugging Face transformers v4.40 LlamaForCausalLM.forward: logits = logits.float() "
          "before CrossEntropyLoss; PyTorch cross_entropy = log_softmax (its fp32 output "
          "kept for backward) + nll_loss; Megatron-LM's vocab-parallel cross entropy also "
          "upcasts to fp32",
    note="per logit: the fp32 copy (4 B) and the fp32 log-softmax (4 B), beside the logits"))

# A fused cross-entropy kernel reads the 16-bit logits and works in fp32 registers: it keeps
# the logits for backward, three fp32 values per row (loss, log-sum-exp, z-loss), and writes
# the logits' gradient into a new tensor of the logits' dtype (in place with
# inplace_backward). MosaicML llm-foundry's MPT uses it by default (loss_fn
# 'fused_crossentropy': ComposerMPTCausalLM).
FUSED_LOSS_ROW_BYTES = Constant(12.0, "B", Source(
    kind="derived", checked=_dt.date(2026, 12, 5),
    url="https://github.com/Dao-AILab/flash-attention/blob/"
        "058ad35a3914afd7408dd33c7d5f558a48f4bb05/flash_attn/ops/triton/cross_entropy.py",
    title="flash-attention flash_attn/ops/triton/cross_entropy.py at commit 058ad35, "
          "CrossEntropyLoss: forward "
          "allocates losses, lse and z_losses (fp32, one per row) and saves logits, lse, "
          "labels; backward dlogits = torch.empty_like(logits) unless inplace_backward",
    note="per row (token): 3 × 4 B; per logit: the gradient in the logits' dtype"))
