"""Serving: prefill and decode from the graph cost model, the KV cache, continuous batching
and chunked prefill, queueing and SLO capacity planning.

    serve_llm(model, device, devices=, prompt=, output=, batch=, arrival_rate=, slo_ttft=, ...)
    serve_model(model, device, batch=, arrival_rate=, slo_latency=, percentile=, ...)
    serve(model, device, **options)   either of them, as the model is a decoder LLM or not

Modules: ``sources`` (constants with provenance), ``target`` (device/node, tensor parallelism),
``tp`` (per-device share and α–β all-reduce), ``phases`` (pass costs, cached), ``kv`` (paged
KV cache and what fits), ``batching`` (continuous batching, chunked prefill), ``capacity``
(M/D/c replicas, Allen–Cunneen), ``llm`` and ``model`` (the two entry points), ``result``
(ServingResult); ``speculative``, ``disaggregated`` and ``prefix`` (prefix caching) are
serving modes attached to a ServingResult.
"""

from ironlaw import checks
from ironlaw.serving.kv import kv_bytes_per_sequence
from ironlaw.serving.llm import serve_llm
from ironlaw.serving.model import serve_model
from ironlaw.serving.phases import decode_time, prefill_time
from ironlaw.serving.result import ServingResult

__all__ = ["ServingResult", "decode_time", "is_llm", "kv_bytes_per_sequence", "prefill_time",
           "serve", "serve_llm", "serve_model"]


def is_llm(model: str) -> bool:
    """True for a decoder language model (served token by token: prefill, then decode)."""
    from ironlaw.serving.phases import is_decoder

    return is_decoder(model)


def serve(model: str, device: str | None = None, *, on: str | None = None,
          **options) -> ServingResult:
    """What ``ironlaw serve`` does: :func:`serve_llm` for a decoder LLM (TTFT, TPOT, KV cache,
    tensor parallelism), else :func:`serve_model` (batch latency and replicas); ``options``
    are the chosen function's keywords. Its headline quantities carry their intervals
    (``result.intervals``, ``*_low``/``*_high`` in ``to_dict``: ``serving.result.bounded``).
    The device may be given as ``on=``, as ``analyze`` takes it."""
    from ironlaw.serving.result import bounded

    device = checks.device_given(device, on)
    fn = serve_llm if is_llm(model) else serve_model
    return bounded(lambda: fn(model, device, **options))
