"""The load generator: MLPerf-style scenarios run against a prepared workload, with the energy
meter around each measurement.

  single-stream  one query at a time, the next issued when the last completes
  offline        batches back to back
  server         Poisson arrivals at rate λ (exponential gaps, seed = step) at one in-order
                 worker; latency = completion − scheduled arrival. The service time is measured
                 first; if its p99 exceeds the bound no λ can meet it. Else the largest λ whose
                 p99 stays within the bound is found by bisection on [0, μ], μ = 1/mean service
                 time, in ``SEARCH_STEPS`` steps (within μ/2⁶ of the edge, noise aside).

Every scenario: untimed warm-up (at least ``WARMUP_QUERIES`` and min(¼ of the minimum
duration, 2 s)), then at least ``min_duration_s`` and at least ``min_queries`` (offline:
samples), whichever is longer.
"""

from __future__ import annotations

import math
import time

import numpy as np

from ironlaw.measure.percentiles import percentile
from ironlaw.measure.targets import Workload
from ironlaw.provenance import Constant, Source
from ironlaw.units import format as show

SCENARIOS = ("single-stream", "offline", "server")
SEARCH_STEPS = 6  # server bisection steps: the bracket shrinks to μ/2⁶ ≈ 1.6 % of μ
WARMUP_QUERIES = 3  # untimed queries before measuring, at least ...
WARMUP_FRACTION = 0.25  # ... and at least this fraction of the minimum duration, ...
WARMUP_CAP_S = 2.0  # ... capped at 2 s

# MLPerf Inference LoadGen settings, quoted to say how far a run here is from a compliant one
# (listed by `ironlaw sources`).
MLPERF_SOURCE = Source(
    "datasheet", "MLCommons inference, loadgen/mlperf.conf (SingleStream/Server/Offline settings)",
    "2026-11-28", "https://github.com/mlcommons/inference/blob/master/loadgen/mlperf.conf")
# *.{SingleStream,Server,Offline}.min_duration = 600000 (ms)
MLPERF_MIN_DURATION = Constant(600.0, "s", MLPERF_SOURCE)
# resnet50.Server.target_latency = 15, bert.Server.target_latency = 130 (ms); MLPerf's BERT is
# BERT-Large (SQuAD, 384 tokens). dlrm's 60 ms is for the MLPerf config, not ours.
MLPERF_SERVER_LATENCY_BOUND = {"resnet50": Constant(0.015, "s", MLPERF_SOURCE),
                               "bert-large": Constant(0.130, "s", MLPERF_SOURCE)}


def timed(work: Workload) -> float:
    start = time.perf_counter()
    work.call()
    work.sync()
    return time.perf_counter() - start


def warm_up(work: Workload, min_duration_s: float) -> tuple[int, float]:
    """Untimed queries: at least WARMUP_QUERIES and min(¼ of min duration, 2 s)."""
    wanted = min(WARMUP_FRACTION * min_duration_s, WARMUP_CAP_S)
    start, count = time.perf_counter(), 0
    while count < WARMUP_QUERIES or time.perf_counter() - start < wanted:
        timed(work)
        count += 1
    return count, time.perf_counter() - start


def _enough(start: float, count: int, min_duration_s: float, min_count: int) -> bool:
    return count >= min_count and time.perf_counter() - start >= min_duration_s


def single_stream(work, min_duration_s, min_queries) -> tuple[list[float], float]:
    latencies: list[float] = []
    start = time.perf_counter()
    while not _enough(start, len(latencies), min_duration_s, min_queries):
        latencies.append(timed(work))
    return latencies, time.perf_counter() - start


def offline(work, batch, min_duration_s, min_samples) -> tuple[list[float], float]:
    times: list[float] = []
    start = time.perf_counter()
    while not _enough(start, len(times) * batch, min_duration_s, min_samples):
        times.append(timed(work))
    return times, time.perf_counter() - start


def _wait_until(moment: float) -> None:
    """Sleep until 1 ms before ``moment``, then spin (sleep alone overshoots by ~0.1 ms)."""
    gap = moment - time.perf_counter()
    if gap > 1e-3:
        time.sleep(gap - 1e-3)
    while time.perf_counter() < moment:
        pass


def server_trial(work, rate, min_duration_s, min_queries, seed) -> dict:
    """Poisson arrivals at ``rate`` against one in-order worker; latency from scheduled arrival."""
    n = max(min_queries, math.ceil(rate * min_duration_s))
    arrivals = np.cumsum(np.random.default_rng(seed).exponential(1.0 / rate, n))
    latencies, busy = np.empty(n), 0.0
    start = time.perf_counter()
    for i, offset in enumerate(arrivals):
        due = start + offset
        _wait_until(due)
        began = time.perf_counter()
        work.call()
        work.sync()
        done = time.perf_counter()
        busy += done - began
        latencies[i] = done - due
    duration = time.perf_counter() - start
    x = np.sort(latencies)
    return {"arrival_rate_per_s": float(rate), "queries": n, "duration_s": duration,
            "latency_p50_s": percentile(x, 0.50), "latency_p99_s": percentile(x, 0.99),
            "utilization": busy / duration, "latencies": latencies}


def server_search(work, bound_s, min_duration_s, min_queries, steps, metered, progress):
    """Calibrate the service time, then bisect λ on [0, μ]; returns (summary, best trial)."""
    service, _ = single_stream(work, min_duration_s, min_queries)  # single-stream rules
    s = np.sort(service)
    mean = float(s.mean())
    low, high = 0.0, 1.0 / mean
    info = {"latency_bound_s": bound_s, "service_mean_s": mean,
            "service_p99_s": percentile(s, 0.99), "service_rate_per_s": high,
            "search_steps": steps, "trials": [], "bracket_per_s": [low, high]}
    if info["service_p99_s"] > bound_s:
        info.update(max_arrival_rate_per_s=0.0, final_bracket_per_s=[low, high], verdict=(
            f"infeasible: the service time alone has p99 {show(info['service_p99_s'], 'time')} > "
            f"bound {show(bound_s, 'time')}; no arrival rate meets it"))
        return info, {"latencies": service, "energy": _no_energy("no trial run")}
    best = None
    for step in range(steps):
        rate = (low + high) / 2
        if progress:
            progress(f"server: trial {step + 1}/{steps} at λ = {rate:.4g} /s")
        trial, energy = metered(lambda r=rate, k=step: server_trial(
            work, r, min_duration_s, min_queries, seed=k))
        trial["energy"] = energy
        ok = trial["latency_p99_s"] <= bound_s
        info["trials"].append({k: v for k, v in trial.items()
                               if k not in ("latencies", "energy")} | {"feasible": ok})
        if ok:
            low, best = rate, trial
        else:
            high = rate
    info["max_arrival_rate_per_s"] = low
    info["final_bracket_per_s"] = [low, high]
    if best is None:
        info["verdict"] = (f"no tested rate met p99 ≤ {show(bound_s, 'time')}: the largest is "
                           f"below {high:.4g} /s")
        return info, {"latencies": service, "energy": _no_energy("no feasible trial")}
    info["verdict"] = (f"p99 ≤ {show(bound_s, 'time')} up to λ = {low:.4g} /s "
                       f"(within {high - low:.3g} /s)")
    return info, best


def _no_energy(reason: str) -> dict:
    return {"available": False, "energy_j": None, "reason": reason}


def _meter_factory():
    """The energy meter each measurement runs inside (a test puts a fake one here)."""
    from ironlaw.measure.energy import meter

    return meter


def _reading(m) -> dict:
    """Energy [J] per domain and in total from a finished ironlaw.measure.energy meter."""
    r = m.result
    if not r.available:
        return {**_no_energy(f"unavailable ({r.reason})"), "meter": r.to_dict()}
    return {"available": True, "energy_j": r.total_j, "domains_j": dict(r.joules),
            "elapsed_s": r.elapsed_s, "not_metered": r.reason, "meter": r.to_dict()}


def metered_runner():
    """A function run(fn) -> (fn(), energy dict) that wraps fn in the energy meter."""
    factory = _meter_factory()

    def run(fn):
        try:
            meter = factory()
        except Exception as exc:  # noqa: BLE001 - a meter that cannot start is reported as such
            return fn(), _no_energy(f"unavailable (meter failed to start: {exc})")
        with meter as m:
            value = fn()
        return value, _reading(m)

    return run
