"""The constants the serving layer adds, each with its provenance (checked 2026-11-28).

    kv_block_tokens           16     tokens per paged KV-cache block (vLLM default block size)
    memory_utilization        0.90   share of device memory a serving engine may use for
                                     weights, activations and KV cache (vLLM default); the rest
                                     is the runtime reserve (CUDA context, allocator, graphs)
    engine token budgets      tokens per engine iteration (decode rows first, the rest
                                     prefill tokens of one or several prompts): vLLM
                                     max_num_batched_tokens, TensorRT-LLM max_num_tokens,
                                     SGLang chunked_prefill_size; each engine's default by
                                     device memory, see ``token_budget``
    engine max sequences      vLLM max_num_seqs, TensorRT-LLM max_batch_size: the running
                              batch's cap besides the KV cache (``max_sequences``)

    narrow formats            int4 weights are served W4A16, fp8 and int8 W8A8 in the linear
                              layers only; activations stay 16-bit, and so does the KV cache
                              unless asked otherwise, but an fp8 checkpoint's, fp8
                              (``models.compress.WEIGHT_ONLY``, ``W8A8`` and ``KV_CACHE``, with
                              their sources)
    prefix caching            whole blocks shared (``PREFIX_BLOCKS_SOURCE``: vLLM's design
                              docs); by default every request finds a shared prefix cached
                              (``PREFIX_HIT`` = 1: SGLang's RadixAttention keeps it)

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

CHECKED_ENGINES = datetime.date(2026, 12, 5)

GiB = 2.0 ** 30


def _engine(title: str, url: str, note: str) -> Source:
    return Source("datasheet", title, CHECKED_ENGINES, url, note)


_VLLM = ("vLLM EngineArgs.get_batch_defaults (vllm/engine/arg_utils.py, V1 engine): default "
         "max_num_batched_tokens by usage context and device memory")
_VLLM_URL = "https://github.com/vllm-project/vllm/blob/main/vllm/engine/arg_utils.py"
_SGLANG = ("SGLang ServerArgs (python/sglang/srt/server_args.py): chunked_prefill_size, set by "
           "GPU memory when not given")
_SGLANG_URL = "https://github.com/sgl-project/sglang/blob/main/python/sglang/srt/server_args.py"

# engine -> {memory floor [GiB]: budget}, largest floor first; the first floor at or below the
# device's memory gives the default (vLLM also keeps the A100 on its lower tier)
ENGINE_BUDGETS = {
    "vllm": {
        70: Constant(16384.0, "token", _engine(_VLLM, _VLLM_URL,
            "offline LLM class on a GPU of >= 70 GiB that is not an A100 (H100, H200, MI300X); "
            "the OpenAI-compatible server defaults to 8192 there")),
        0: Constant(8192.0, "token", _engine(_VLLM, _VLLM_URL,
            "offline LLM class on other GPUs, A100-80GB included (vLLM PR #17885: larger "
            "budgets lowered A100 throughput); the OpenAI-compatible server defaults to 2048")),
    },
    "trtllm": {
        0: Constant(8192.0, "token", _engine(
            "TensorRT-LLM BuildConfig.max_num_tokens = 8192 (tensorrt_llm/builder.py; "
            "trtllm-build --max_num_tokens): tokens per in-flight-batching iteration",
            "https://github.com/NVIDIA/TensorRT-LLM/blob/main/tensorrt_llm/builder.py",
            "an engine build default, the same on every GPU")),
    },
    "sglang": {
        160: Constant(16384.0, "token", _engine(_SGLANG, _SGLANG_URL,
            "GPUs of >= 160 GiB (B200, MI300X)")),
        35: Constant(8192.0, "token", _engine(_SGLANG, _SGLANG_URL,
            "GPUs of 35 to 160 GiB (A100, H100, H200, H20); some releases give 40 GB A100s "
            "4096")),
        0: Constant(2048.0, "token", _engine(_SGLANG, _SGLANG_URL,
            "GPUs under 35 GiB (A10, L4, RTX 4090)")),
    },
}
# engine -> {memory floor [GiB]: most sequences running at once}; SGLang has no fixed cap (its
# max_running_requests follows from the KV pool, which the KV plan already bounds)
ENGINE_MAX_SEQUENCES = {
    "vllm": {
        70: Constant(1024.0, "sequence", _engine(_VLLM.replace("max_num_batched_tokens",
                                                                "max_num_seqs"), _VLLM_URL,
            "max_num_seqs on a GPU of >= 70 GiB that is not an A100, LLM class and server")),
        0: Constant(256.0, "sequence", _engine(_VLLM.replace("max_num_batched_tokens",
                                                              "max_num_seqs"), _VLLM_URL,
            "max_num_seqs on other GPUs, A100-80GB included")),
    },
    "trtllm": {
        0: Constant(2048.0, "sequence", _engine(
            "TensorRT-LLM BuildConfig.max_batch_size = 2048 (tensorrt_llm/builder.py; "
            "trtllm-build --max_batch_size)",
            "https://github.com/NVIDIA/TensorRT-LLM/blob/main/tensorrt_llm/builder.py",
            "requests scheduled at once; an engine build default, the same on every GPU")),
    },
}
ENGINES = tuple(ENGINE_BUDGETS)
DEFAULT_ENGINE = "vllm"


def _tier(table: dict, engine: str, memory_bytes: float, device_id: str) -> Constant | None:
    """The first tier of ``table[engine]`` whose floor [GiB] the memory reaches (vLLM keeps
    A100s on its lowest tier); None when the engine has no entry."""
    for floor, value in table.get(engine, {}).items():
        if engine == "vllm" and floor and "a100" in device_id:
            continue
        if memory_bytes >= floor * GiB:
            return value
    return None


def token_budget(engine: str, memory_bytes: float, device_id: str) -> Constant:
    """The engine's default token budget K per iteration on a device of ``memory_bytes``
    (``ENGINE_BUDGETS``)."""
    return _tier(ENGINE_BUDGETS, engine, memory_bytes, device_id)


def max_sequences(engine: str, memory_bytes: float, device_id: str) -> Constant | None:
    """The most sequences the engine runs at once by default (``ENGINE_MAX_SEQUENCES``), or
    None when only the KV cache bounds them."""
    return _tier(ENGINE_MAX_SEQUENCES, engine, memory_bytes, device_id)


ALL = {"kv_block_tokens": KV_BLOCK_TOKENS, "memory_utilization": MEMORY_UTILIZATION}

# Prefix caching (serving.prefix): what engines share, and the default share of hits.
PREFIX_BLOCKS_SOURCE = Source(
    "datasheet", "vLLM documentation, 'Automatic Prefix Caching' (design): each KV block is "
    "hashed with the tokens before it and reused by any request with the same prefix; only "
    "full blocks are cached", CHECKED_ENGINES,
    "https://docs.vllm.ai/en/latest/design/prefix_caching.html",
    "a shared prefix of S tokens shares floor(S/block) blocks; the partly filled last block "
    "is each request's own")
PREFIX_HIT = Constant(1.0, "1", Source(
    "paper", "L. Zheng et al., 'SGLang: Efficient Execution of Structured Language Model "
    "Programs', NeurIPS 2024 (RadixAttention: the prefix tree keeps cached prefixes, evicting "
    "least recently used leaves only when memory runs short)", CHECKED_ENGINES,
    "https://arxiv.org/abs/2312.07104",
    "default share of requests that find the shared prefix cached: a prefix every request "
    "uses stays in the cache after the first one computed it"))
