"""The constants the serving layer adds, each with its provenance (checked 2026-11-28).

    kv_block_tokens           16     tokens per paged KV-cache block (vLLM default block size)
    memory_utilization        0.90   share of device memory a serving engine may use for
                                     weights, activations and KV cache (vLLM default); the rest
                                     is the runtime reserve (CUDA context, allocator, graphs)
    token_budget              2048   tokens per engine iteration with chunked prefill
                                     (decode tokens first, the rest a prefill chunk)

Collective latencies and link bandwidths come from ``frameworks.parallel`` (with sources).

Change one for a run through the keyword arguments of ``serve_llm``; the defaults are these.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKED = "2026-11-28"


@dataclass(frozen=True)
class Constant:
    """A number the serving model uses, with where it comes from."""

    name: str
    value: float
    unit: str  # a units.DIMENSIONS name
    meaning: str
    source: str
    kind: str  # datasheet | paper | derived | estimate
    url: str | None = None
    note: str = ""
    checked: str = CHECKED

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "unit": self.unit,
                "meaning": self.meaning, "source": self.source, "kind": self.kind,
                "url": self.url, "note": self.note, "checked": self.checked}


KV_BLOCK_TOKENS = Constant(
    "kv_block_tokens", 16.0, "count", "tokens per paged KV-cache block",
    "W. Kwon et al., 'Efficient Memory Management for Large Language Model Serving with "
    "PagedAttention', SOSP 2023; vLLM EngineArgs.block_size = 16 (vllm/engine/arg_utils.py)",
    "paper", "https://arxiv.org/abs/2309.06180",
    "a sequence occupies ceil(tokens/16) blocks; the last one is partly empty")

MEMORY_UTILIZATION = Constant(
    "memory_utilization", 0.90, "count",
    "share of device memory for weights + activations + KV cache",
    "vLLM engine arguments: --gpu-memory-utilization, default 0.9 "
    "(EngineArgs.gpu_memory_utilization = 0.90)", "datasheet",
    "https://docs.vllm.ai/en/latest/models/engine_args.html",
    "software default; the other 10% is the runtime reserve (CUDA context, allocator "
    "fragmentation, CUDA graphs, non-torch memory)")

TOKEN_BUDGET = Constant(
    "token_budget", 2048.0, "count", "tokens per iteration with chunked prefill",
    "vLLM SchedulerConfig.DEFAULT_MAX_NUM_BATCHED_TOKENS = 2048 (vllm/config/scheduler.py); "
    "chunked prefill: A. Agrawal et al., 'Taming Throughput-Latency Tradeoff in LLM Inference "
    "with Sarathi-Serve', OSDI 2024", "estimate", "https://arxiv.org/abs/2403.02310",
    "vLLM sets the real default per device and entry point; 2048 is its class default")

ALL = (KV_BLOCK_TOKENS, MEMORY_UTILIZATION, TOKEN_BUDGET)
