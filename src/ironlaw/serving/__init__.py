"""Serving: prefill and decode from the graph cost model, the KV cache, continuous batching
and chunked prefill, queueing and SLO capacity planning.

    serve_llm(model, device, devices=, prompt=, output=, batch=, arrival_rate=, slo_ttft=, ...)
    serve_model(model, device, batch=, arrival_rate=, slo_latency=, percentile=, ...)

Modules: ``sources`` (constants with provenance), ``target`` (device/node, tensor parallelism),
``tp`` (per-device share and α–β all-reduce), ``phases`` (pass costs, cached), ``kv`` (paged
KV cache and what fits), ``batching`` (continuous batching, chunked prefill), ``capacity``
(M/D/c replicas, Allen–Cunneen), ``llm`` and ``model`` (the two entry points), ``result``
(ServingResult).
"""

from ironlaw.serving.kv import kv_bytes_per_sequence
from ironlaw.serving.llm import serve_llm
from ironlaw.serving.model import serve_model
from ironlaw.serving.phases import decode_time, prefill_time
from ironlaw.serving.result import ServingResult

__all__ = ["ServingResult", "decode_time", "kv_bytes_per_sequence", "prefill_time",
           "serve_llm", "serve_model"]
