"""Serving any model (CNNs, encoders, recommenders, ...) with static batches.

    T(B)          one forward pass at batch B, from the graph cost model
    throughput    B / T(B) samples/s per replica
    forming       a batch of B fills from a Poisson stream at rate λ: mean wait (B − 1)/(2λ)
                  (laws.queueing.batch_wait_mean); the first request waits (B − 1)/λ
                  (batch_wait_first), used as the tail value of the forming wait
    queue         batches arrive at λ/B at r replicas, each serving one batch in T(B): M/D/c
                  (Allen–Cunneen, capacity module): every batch takes the same T(B)
    latency_q     forming + W_q + T(B)        (median: mean forming wait + W_50 + T(B))
"""

from __future__ import annotations

import math
from pathlib import Path

from ironlaw import checks
from ironlaw.hardware.catalog import Catalog
from ironlaw.laws.queueing import batch_wait_first, batch_wait_mean, littles_law
from ironlaw.models.zoo import get_model
from ironlaw.serving import capacity, phases, worked
from ironlaw.serving.result import ServingResult
from ironlaw.serving.target import resolve
from ironlaw.units import format as show

SWEEP = (1, 2, 4, 8, 16, 32, 64, 128)


def serve_model(model: str, device: str | None = None, *, on: str | None = None,
                batch: int = 1, precision: str = "bf16",
                arrival_rate: float | None = None, slo_latency: float | None = None,
                percentile: float = 0.99,
                catalog: Catalog | str | Path | None = None) -> ServingResult:
    """Serve ``model`` on one ``device`` (or one accelerator of a node) in batches of ``batch``;
    with ``arrival_rate`` (requests/s) and ``slo_latency`` (s at ``percentile``), the replicas
    needed. The device may be given as ``on=``, as ``analyze`` takes it."""
    device = checks.device_given(device, on)
    batch = checks.whole(batch, "batch")
    rate = checks.positive(arrival_rate, "arrival_rate", "a positive request rate, e.g. "
                           "'100 /s'", optional=True)
    slo = checks.positive(slo_latency, "slo_latency", "a positive time, e.g. '200 ms'",
                          optional=True)
    q = checks.percentile(percentile)
    spec = get_model(model)
    target = resolve(device, 1, catalog)
    run = phases.forward(spec.id, target, batch, precision)
    sweep = []
    for b in sorted(set(SWEEP) | {batch}):
        step = run if b == batch else phases.forward(spec.id, target, b, precision)
        row = {"batch": b, "latency_s": step.time_s, "throughput_per_s": b / step.time_s,
               "fits": step.fits}
        if rate is not None:
            row["batch_wait_mean_s"] = float(batch_wait_mean(b, rate))
            row["latency_with_forming_s"] = row["batch_wait_mean_s"] + step.time_s
        sweep.append(row)

    queue = replicas = p50 = tail = in_system = None
    forming_mean = forming_tail = 0.0
    if rate is not None:
        forming_mean = float(batch_wait_mean(batch, rate))
        forming_tail = float(batch_wait_first(batch, rate))
        fixed = forming_tail + run.time_s
        found = capacity.replicas_for(rate / batch, run.time_s, 1, q, fixed, slo)[0]
        replicas = None if math.isnan(found) else int(found)
        if replicas is not None:
            queue = capacity.queue(rate / batch, run.time_s, 1, replicas, q)
            p50 = forming_mean + queue.wait_p50_s + run.time_s
            tail = forming_tail + queue.wait_tail_s + run.time_s
            in_system = float(littles_law(rate, forming_mean + queue.wait_mean_s + run.time_s))

    t = lambda x: show(x, "time")  # noqa: E731
    where = target.node.id if target.node else target.device.id
    if not run.fits:
        verdict, meets = "does not fit", None
        reason = (f"{spec.id} at batch {batch} needs more memory than {target.device.id} "
                  "has (weights + largest activation)")
    elif slo is not None and (run.time_s + forming_tail if rate else run.time_s) >= slo:
        verdict, meets = "SLO impossible", False
        reason = (f"one batch of {batch} takes {t(run.time_s)} on {where}"
                  + (f" and forming it takes (B − 1)/λ = {t(forming_tail)}" if rate else "")
                  + f", already at or above the {t(slo)} SLO; more replicas cannot help — "
                  "use a smaller batch or a faster device")
    elif slo is None:
        verdict, meets, reason = "fits", None, None
    else:
        verdict, meets = "meets SLO", True
        reason = (f"{replicas} replica(s) keep p{round(q * 100, 6):g} latency at {t(tail)}"
                  if rate else None)
    per_node = target.node.count if target.node else None
    assumptions = ["fused execution (elementwise chains fused into their producers)",
                   "batches form from the whole stream at one batcher; the tail of the forming "
                   "wait is the first request's mean wait (B − 1)/λ",
                   "M/D/c on batches (Allen–Cunneen: half M/M/c's waits): every batch takes "
                   "the same time T(B)", *run.assumptions]
    if get_model(spec.id).family == "transformer":
        assumptions.append(f"{spec.id}: one {run.phase} pass at the builder's default sequence "
                           "length; use serve_llm for prefill/decode serving")
    return ServingResult(
        kind="model", model=spec.id, device=target.device.id,
        node=target.node.id if target.node else None, devices=1, precision=precision,
        batch=batch, verdict=verdict, reason=reason, meets_slo=meets,
        latency_s=run.time_s, throughput=batch / run.time_s, throughput_unit="samples/s",
        requests_per_s=batch / run.time_s, percentile=q, arrival_rate=rate,
        replicas=replicas, nodes=-(-replicas // per_node) if replicas and per_node else None,
        p50_s=p50, tail_s=tail, in_system=in_system, slo={"latency_s": slo}, queue=queue,
        sweep=tuple(sweep),
        memory={"fits": run.fits, "weights_bytes": run.param_bytes,
                "activations_bytes": run.activation_bytes},
        assumptions=tuple(assumptions),
        lines=lambda: worked.model_lines(batch, run, rate, forming_mean, forming_tail, queue,
                                         replicas, slo, q),
    )
