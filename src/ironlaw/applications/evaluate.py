"""Run every layer a scenario needs and judge its requirements (see ``scenario``).

    inference     cost model (latency, memory, fits) → serving queue (p50/p99, replicas) when
                  an arrival rate is given → operations (energy, average power at a duty rate,
                  carbon)
    llm-serving   serving (TTFT, TPOT, throughput, KV cache, replicas) → operations (energy
                  per output token, operations.serving_energy)
    training      training plan (memory, step time, time to train) → operations (energy,
                  carbon, cost, reliability)

Every layer's ``to_dict()`` is flattened into one metrics table; requirements name its keys.
"""

from __future__ import annotations

from ironlaw import units
from ironlaw.applications.scenario import Scenario, Verdict, flatten, judge
from ironlaw.errors import ParameterError, UserError


def _rate(value) -> float | None:
    return None if value is None else units.parse(value, "rate")


def _inference(s: Scenario, catalog) -> tuple[dict, list, list, str | None]:
    from ironlaw.frameworks.cost import analyze_bounded
    from ironlaw.models.zoo import build_model
    from ironlaw.operations import carbon, energy_of
    from ironlaw.serving import serve_model
    from ironlaw.serving.result import bounded

    w, system = s.workload, s.system
    device, _ = catalog.accelerator(system.device)
    graph = build_model(w.model, phase=w.phase, batch=w.batch, seq=w.seq, context=w.context,
                        dtype=w.precision, runs=device.peak)
    analysis = analyze_bounded(graph, device, catalog.efficiency_of(device), "fused")
    metrics = flatten("", _core(analysis.to_dict()))
    explanations, assumptions = [], list(analysis.assumptions)
    energy_result = energy_of(analysis)
    energy = energy_result.to_dict()
    per_inference = energy["per_sample_j"]
    metrics["energy_per_inference_j"] = per_inference
    metrics["power_w"] = energy["power_w"]  # while running
    assumptions += energy["assumptions"]
    if w.duty_rate is not None:  # average power at a steady rate of inferences
        rate = _rate(w.duty_rate)
        busy = min(1.0, rate * analysis.latency_s / w.batch)
        metrics["average_power_w"] = rate * per_inference + energy["idle_w"] * (1.0 - busy)
    emitted = carbon(per_inference, region=system.region, pue=system.pue)
    metrics["carbon_per_inference_kg"] = emitted.carbon_kg
    explanations.append(energy_result.explain())
    if w.arrival_rate is not None:
        served = bounded(lambda: serve_model(
            w.model, system.device, batch=w.batch, precision=w.precision,
            arrival_rate=_rate(w.arrival_rate), percentile=w.percentile, catalog=catalog))
        metrics.update(flatten("serve_", served.to_dict()))
        explanations.append(served.explain())
    reason = None if analysis.fits else (
        f"{w.model} needs {units.format(analysis.memory_bytes, 'bytes')} but {device.id} has "
        f"{units.format(analysis.memory_capacity_bytes or 0, 'bytes')}")
    return metrics, explanations, assumptions, reason


def _core(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("assumptions", "ops")}


def _bound(s: Scenario, prefix: str) -> float | None:
    """A requirement's maximum on a metric starting with ``prefix`` (an SLO), in seconds."""
    for r in s.requirements:
        if r.metric.startswith(prefix) and r.max is not None:
            return units.parse(r.max, "time")
    return None


def _llm(s: Scenario, catalog) -> tuple[dict, list, list, str | None]:
    from ironlaw.operations.serving_energy import with_energy
    from ironlaw.serving import serve_llm
    from ironlaw.serving.result import bounded

    w, system = s.workload, s.system
    result = bounded(lambda: with_energy(serve_llm(
        w.model, system.device, devices=system.devices, precision=w.precision,
        prompt=w.prompt, output=w.output, batch=w.batch, arrival_rate=_rate(w.arrival_rate),
        percentile=w.percentile, slo_ttft=_bound(s, "ttft_p"), slo_tpot=_bound(s, "tpot_s"),
        catalog=catalog, kv_precision=w.kv_precision, kv_heads=w.kv_heads, kv_reads=w.kv_reads,
        shared_prefix=w.shared_prefix, prefix_hit=w.prefix_hit)))
    data = result.to_dict()
    if "energy" in data:
        data["energy"] = {k: v for k, v in data["energy"].items() if k != "assumptions"}
    metrics = flatten("", {k: v for k, v in data.items() if k not in ("sweep", "assumptions")})
    reason = data.get("reason") if data.get("feasible") is False else None
    return metrics, [result.explain()], list(data.get("assumptions", [])), reason


def _training(s: Scenario, catalog) -> tuple[dict, list, list, str | None]:
    from ironlaw.operations.cost import owned_price
    from ironlaw.training.plan import train

    w, system = s.workload, s.system
    plan = train(w.model, system.device, system.devices, tp=w.tp, pp=w.pp,
                         micro_batch=w.micro_batch, global_batch=w.global_batch,
                         seq=w.seq, precision=w.precision, optimizer=w.optimizer,
                         zero=w.zero, recompute=w.recompute, tokens=w.tokens, epochs=w.epochs,
                         dataset_samples=w.dataset_samples,
                         price=system.price or owned_price,
                         catalog=catalog)
    data = plan.to_dict()
    metrics = flatten("", {k: v for k, v in data.items() if k != "assumptions"})
    reason = None if data.get("fits", True) else data.get("reason") or "does not fit"
    return metrics, [plan.explain()], list(data.get("assumptions", [])), reason


TASK_RUNNERS = {"inference": _inference, "llm-serving": _llm, "training": _training}


def evaluate(scenario: Scenario, catalog=None) -> Verdict:
    """Run the scenario's layers and judge every requirement."""
    from ironlaw.hardware.catalog import open_catalog

    catalog = open_catalog(catalog)
    try:
        metrics, explanations, assumptions, reason = TASK_RUNNERS[scenario.workload.task](
            scenario, catalog)
    except ParameterError as exc:  # name the file and YAML field, not a function's parameter
        raise exc.with_label(scenario.label_of(exc.parameter)) from None
    unknown = [r.metric for r in scenario.requirements if r.metric not in metrics]
    if unknown:
        known = ", ".join(sorted(k for k, v in metrics.items()
                                 if isinstance(v, (int, float)) and not isinstance(v, bool)))
        raise UserError(f"scenario {scenario.id}: requirement metric {unknown[0]!r} is not "
                        f"computed for a {scenario.workload.task} task; available: {known}")
    judgements = tuple(judge(r, metrics) for r in scenario.requirements)
    return Verdict(scenario, metrics, judgements, reason is None, reason, tuple(explanations),
                   tuple(dict.fromkeys(assumptions)))  # each assumption once, in order
