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

import datetime

from ironlaw.provenance import Constant, Source

CHECKED = datetime.date(2026, 11, 28)

KV_BLOCK_TOKENS = Constant(16.0, "token", Source(
    "paper", "W. Kwon et al., 'Efficient Memory Management for Large Language Model Serving with "
    "PagedAttention', SOSP 2023; vLLM EngineArgs.block_size = 16 (vllm/engine/arg_utils.py)",
    CHECKED, "https://arxiv.org/abs/2309.06180",
    "tokens per paged KV-cache block: a sequence occupies ceil(tokens/16) blocks; the last one "
    "is partly empty"))

MEMORY_UTILIZATION = Constant(0.90, "1", Source(
    "datasheet", "vLLM engine arguments: --gpu-memory-utilization, default 0.9 "
    "(EngineArgs.gpu_memory_utilization = 0.90)", CHECKED,
    "https://docs.vllm.ai/en/latest/models/engine_args.html",
    "share of device memory for weights + activations + KV cache; a software default: the "
    "other 10% is the runtime reserve (CUDA context, allocator fragmentation, CUDA graphs, "
    "non-torch memory)"))

TOKEN_BUDGET = Constant(2048.0, "token", Source(
    "estimate", "vLLM SchedulerConfig.DEFAULT_MAX_NUM_BATCHED_TOKENS = 2048 "
    "(vllm/config/scheduler.py); chunked prefill: A. Agrawal et al., 'Taming Throughput-Latency "
    "Tradeoff in LLM Inference with Sarathi-Serve', OSDI 2024", CHECKED,
    "https://arxiv.org/abs/2403.02310",
    "tokens per iteration with chunked prefill; vLLM sets the real default per device and "
    "entry point, 2048 is its class default"))

ALL = {"kv_block_tokens": KV_BLOCK_TOKENS, "memory_utilization": MEMORY_UTILIZATION,
       "token_budget": TOKEN_BUDGET}
