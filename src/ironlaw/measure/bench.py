"""The benchmark harness: a real PyTorch model (random weights) in an MLPerf-style scenario, its
result with intervals and a worked derivation, and the time of each aten op.

    result = run_benchmark("resnet50", scenario="single-stream", min_duration_s=2.0)
    result.latency_p99_s, result.ci["latency_p99_s"], result.throughput_per_s

The pieces, one idea each: ``targets`` (the torch module and the graph ironlaw costs for it),
``loadgen`` (the scenarios and the energy meter), ``percentiles`` (nearest-rank percentiles,
order-statistic and bootstrap intervals). Here: checking the request, running it under
torch.inference_mode with a fixed thread count, the :class:`BenchResult`, recording it in the
results store, and :func:`profile_ops`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from ironlaw import checks, units
from ironlaw.derive import Line, Worked
from ironlaw.measure.loadgen import (
    MLPERF_MIN_DURATION,
    MLPERF_SERVER_LATENCY_BOUND,
    MLPERF_SOURCE,
    SCENARIOS,
    SEARCH_STEPS,
    metered_runner,
    offline,
    server_search,
    single_stream,
    timed,
    warm_up,
)
from ironlaw.measure.percentiles import (
    BOOTSTRAP_RESAMPLES,
    CI_SOURCE,
    CONFIDENCE,
    bootstrap_throughput_ci,
    latency_summary,
    nearest_rank,
    order_statistic_ranks,
)
from ironlaw.measure.targets import prepare, require_torch
from ironlaw.table import Fact, Shown, Table, facts
from ironlaw.units import format as show


@dataclass(frozen=True, repr=False)
class BenchResult(Shown):
    """One benchmark run. Times in s, rates per s, energy in J; ``ci`` maps a key of this
    result to its [low, high] interval (an end is None where the data cannot bound it)."""

    model: str
    torch_model: str
    scenario: str
    device: str
    precision: str
    phase: str
    batch: int
    seq: int | None
    context: int | None
    threads: int
    queries: int
    samples: int
    duration_s: float
    latency_p50_s: float
    latency_p90_s: float
    latency_p99_s: float
    latency_mean_s: float
    latency_min_s: float
    latency_max_s: float
    throughput_per_s: float
    ci: dict
    warmup_queries: int
    warmup_s: float
    params: int
    flops_per_query: float
    energy: dict
    env: dict
    verdict: str
    assumptions: tuple[str, ...] = ()
    server: dict | None = None
    latencies_s: tuple[float, ...] = field(default=(), repr=False)
    run_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("latencies_s")
        out["assumptions"] = list(self.assumptions)
        return out

    def explain(self) -> Worked:
        lines = []
        x = np.sort(np.asarray(self.latencies_s))
        n = len(x)
        for q, key in ((0.50, "latency_p50_s"), (0.99, "latency_p99_s")):
            if n == 0:
                break
            k = nearest_rank(n, q)
            low, high = self.ci.get(key, [None, None])
            lines.append(Line(f"p{q * 100:g} latency (nearest rank)", "p_q = x_(⌈q·n⌉)",
                              f"x_(⌈{q:g}·{n}⌉) = x_({k}) of {n} sorted latencies",
                              show(getattr(self, key), 'time')))
            lo_rank, hi_rank = order_statistic_ranks(n, q, CONFIDENCE)
            lines.append(Line(
                f"{CONFIDENCE:.0%} interval for p{q * 100:g}",
                f"[x_(l), x_(u)],  P(l ≤ B < u) ≥ {CONFIDENCE:.0%},  B ~ Binomial(n, q)",
                f"l = {lo_rank or '—'}, u = {hi_rank or '—'} (n = {n})",
                f"[{show(low, 'time')}, {show(high, 'time')}]"))
        lines.append(Line("throughput", "X = samples / T",
                          f"{self.samples} / {self.duration_s:.4g} s",
                          f"{self.throughput_per_s:.4g} /s"))
        if self.server and self.server.get("trials"):
            s = self.server
            lines.append(Line("service rate (stability edge)", "μ = 1 / mean service time",
                              f"1 / {show(s['service_mean_s'], 'time')}",
                              f"{s['service_rate_per_s']:.4g} /s"))
            lines.append(Line("largest arrival rate within the bound",
                              f"max λ with p99(λ) ≤ {show(s['latency_bound_s'], 'time')}, "
                              "bisection on [0, μ]", f"{len(s['trials'])} trials, bracket "
                              f"[{s['bracket_per_s'][0]:.4g}, {s['bracket_per_s'][1]:.4g}] /s",
                              f"{s['max_arrival_rate_per_s']:.4g} /s"))
            if s["max_arrival_rate_per_s"] > 0:
                from ironlaw.laws.queueing import littles_law

                lam, mean = s["max_arrival_rate_per_s"], self.latency_mean_s
                lines.append(Line("queries in the system (Little's law)", "N = λ·T",
                                  f"{lam:.4g} /s × {show(mean, 'time')}",
                                  f"{littles_law(lam, mean):.3g}"))
        if self.energy.get("energy_j") is not None and self.samples:
            lines.append(Line("energy per sample", "E / samples",
                              f"{self.energy['energy_j']:.4g} J / {self.samples}",
                              f"{self.energy['energy_j'] / self.samples:.4g} J"))
        energy = () if self.energy.get("available") else (f"energy: {self.energy['reason']}",)
        notes = (f"Percentile intervals: {CI_SOURCE}.", *self.assumptions, *energy)
        title = (f"{self.model} ({self.torch_model}) · {self.scenario} · {self.device} "
                 f"{self.precision} · batch {self.batch} · {self.threads} threads")
        return Worked(title, tuple(lines), notes)

    def rows(self) -> list[Table]:
        """Percentiles with their intervals, throughput, the server search and energy."""
        def with_ci(key: str, dim: str) -> str:
            low, high = self.ci.get(key, (None, None))
            shown = units.format(getattr(self, key), dim)
            if low is None and high is None:
                return shown
            return (f"{shown}  [{units.format(low, dim)}, "
                    f"{'unbounded' if high is None else units.format(high, dim)}]")

        rows: list[Fact] = [
            ("verdict", self.verdict),
            *((f"latency p{q}", with_ci(f"latency_p{q}_s", "time")) for q in (50, 90, 99)),
            ("latency mean / min / max", " / ".join(units.format(x, "time") for x in (
                self.latency_mean_s, self.latency_min_s, self.latency_max_s))),
            ("throughput", with_ci("throughput_per_s", "rate")),
            ("queries / samples", f"{self.queries} / {self.samples}"),
            ("measured for", self.duration_s, "time"),
            ("warm-up", f"{self.warmup_queries} queries, {units.format(self.warmup_s, 'time')}"),
            ("parameters / FLOPs per query", f"{units.format(self.params, 'count')} / "
                                             f"{units.format(self.flops_per_query, 'flops')}")]
        if self.server:
            s = self.server
            rows += [("server: max arrival rate", s["max_arrival_rate_per_s"], "rate"),
                     ("server: service rate μ", s["service_rate_per_s"], "rate"),
                     ("server: trials (λ → p99)", "; ".join(
                         f"{units.format(t['arrival_rate_per_s'], 'rate')} → "
                         f"{units.format(t['latency_p99_s'], 'time')}"
                         f"{'' if t['feasible'] else ' ✗'}" for t in s["trials"]) or "none")]
        energy = self.energy
        if energy.get("energy_j") is not None:
            rows.append(("energy / per sample / power", " / ".join(
                units.format(energy[k], d) for k, d in (("energy_j", "energy"),
                                                        ("energy_per_sample_j", "energy"),
                                                        ("power_w", "power")))))
        else:
            rows.append(("energy", energy.get("reason", "unavailable")))
        rows += [("interval method", self.ci["method"]),
                 ("run id", self.run_id or "not recorded")]
        title = (f"{self.model} · {self.scenario} · {self.device} {self.precision} · "
                 f"batch {self.batch} · {self.threads} threads")
        return [facts(title, rows, self.assumptions)]


@dataclass(frozen=True)
class OpTime:
    """One aten op's time per pass: self CPU time (excluding its children) and calls."""

    op: str
    self_cpu_s: float
    total_cpu_s: float
    calls: float
    self_device_s: float | None = None


@dataclass(frozen=True)
class OpProfile:
    """Per-aten-op CPU times of one forward pass (averaged over ``passes``) from torch.profiler."""

    model: str
    batch: int
    device: str
    precision: str
    threads: int
    passes: int
    wall_s: float  # mean wall time of a profiled pass (the profiler's own cost included)
    ops: tuple[OpTime, ...]
    env: dict

    @property
    def self_cpu_s(self) -> float:
        return sum(o.self_cpu_s for o in self.ops)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["self_cpu_s"] = self.self_cpu_s
        return out

    def explain(self) -> Worked:
        lines = [Line(o.op, "self CPU time per pass / calls per pass",
                      f"{o.self_cpu_s * 1e6:.4g} µs / {o.calls:g}", show(o.self_cpu_s, 'time'))
                 for o in self.ops[:10]]
        return Worked(f"aten ops of {self.model}, batch {self.batch} ({self.passes} passes)",
                      tuple(lines), ("Times from torch.profiler key_averages(); "
                                     "self time excludes child ops.",))


def environment(device: str, threads: int) -> dict:
    """What the numbers depend on: :func:`ironlaw.measure.env.capture` (processor, caches,
    threads, environment variables such as OPENBLAS_CORETYPE, versions, load) plus the run's
    torch settings and, on CUDA, the GPU."""
    torch = require_torch()
    from ironlaw.measure.env import capture

    run = {"device": device, "torch_threads": threads,
           "torch_interop_threads": torch.get_num_interop_threads(), "torch": torch.__version__}
    if device == "cuda":
        props = torch.cuda.get_device_properties(0)
        run.update(gpu=torch.cuda.get_device_name(0),
                   gpu_capability=list(torch.cuda.get_device_capability(0)),
                   gpu_memory_bytes=props.total_memory, cuda=torch.version.cuda,
                   cudnn=torch.backends.cudnn.version(),
                   matmul_allow_tf32=torch.backends.cuda.matmul.allow_tf32,
                   cudnn_allow_tf32=torch.backends.cudnn.allow_tf32)
    return {**capture(), "run": run}


def _record(result: BenchResult, rows: list[dict], started_at) -> tuple[str | None, str | None]:
    """(run_id, None) once stored, or (None, why not) when the store could not take it."""
    from ironlaw.measure.store import NotRecorded, record_run

    summary = {k: v for k, v in result.to_dict().items() if k != "env"}
    name = f"{result.model}-{result.scenario}-{result.device}-b{result.batch}"
    try:
        return str(record_run("bench", name, result.env, rows, summary,
                              started_at=started_at)), None
    except NotRecorded as exc:  # the measurement is kept in a side file; say where
        return None, f"not recorded: {exc}"


def _check(scenario, batch, threads, min_duration_s, min_queries, latency_bound_s,
           search_steps) -> str:
    key = scenario.strip().lower().replace("_", "-")
    key = {"singlestream": "single-stream"}.get(key, key)
    if key not in SCENARIOS:
        checks.choice(scenario, "scenario", SCENARIOS)
    for name, value in (("batch", batch), ("min_queries", min_queries),
                        ("search_steps", search_steps), ("threads", threads)):
        if value is not None:
            checks.whole(value, name)
    for name, value in (("min_duration_s", min_duration_s), ("latency_bound_s", latency_bound_s)):
        checks.positive(value, name, "a time greater than 0")
    return key


def run_benchmark(model: str, scenario: str = "single-stream", *, batch: int = 1,
                  seq: int | None = None, phase: str | None = None, context: int | None = None,
                  threads: int | None = None, device: str = "cpu", precision: str = "fp32",
                  min_duration_s: float = 2.0, min_queries: int = 64,
                  latency_bound_s: float = 0.100, search_steps: int = SEARCH_STEPS,
                  record: bool = True,
                  progress: Callable[[str], None] | None = None) -> BenchResult:
    """Benchmark ``model`` in ``scenario`` (see the module docstring for the rules).

    ``threads`` sets torch.set_num_threads for the run (default: torch's current count) and is
    restored afterwards. ``min_queries`` counts samples in the offline scenario. ``record``
    writes the run to the results store (ironlaw.measure.store).
    """
    scenario = _check(scenario, batch, threads, min_duration_s, min_queries, latency_bound_s,
                      search_steps)
    torch = require_torch()
    previous_threads = torch.get_num_threads()
    threads = threads or previous_threads
    torch.set_num_threads(threads)
    try:
        with torch.inference_mode():
            return _run(model, scenario, batch, seq, phase, context, threads, device, precision,
                        min_duration_s, min_queries, latency_bound_s, search_steps, record,
                        progress)
    finally:
        torch.set_num_threads(previous_threads)


def _run(model, scenario, batch, seq, phase, context, threads, device, precision,
         min_duration_s, min_queries, bound_s, steps, record, progress) -> BenchResult:
    say = progress or (lambda _msg: None)
    started_at = datetime.now(UTC)
    say(f"building {model} on {device}")
    work = prepare(model, phase, batch, seq, context, precision, device)
    env = environment(device, threads)
    say("warming up")
    warm_count, warm_s = warm_up(work, min_duration_s)
    metered = metered_runner()
    assumptions = [
        "random weights and one fixed random input reused for every query (no sample library)",
        f"not an MLPerf-compliant run: minimum duration {min_duration_s:g} s (MLPerf: "
        f"{MLPERF_MIN_DURATION.value:g} s), no accuracy check",
        f"{warm_count} untimed warm-up queries ({warm_s:.3g} s) before measuring",
    ]
    if work.target.note:
        assumptions.append(work.target.note)
    if (env.get("env_vars") or {}).get("OPENBLAS_CORETYPE"):
        assumptions.append(f"OPENBLAS_CORETYPE={env['env_vars']['OPENBLAS_CORETYPE']} is set "
                           "in the environment (recorded, left as is)")
    if device == "cuda" and precision == "fp32" and env["run"]["cudnn_allow_tf32"]:
        assumptions.append("cuDNN may run fp32 convolutions in TF32 (torch's default "
                           "torch.backends.cudnn.allow_tf32 = True)")
    server = None
    if scenario in ("single-stream", "offline"):
        say(f"{scenario}: measuring")
        (latencies, duration), energy = metered(
            (lambda: single_stream(work, min_duration_s, min_queries))
            if scenario == "single-stream" else
            (lambda: offline(work, batch, min_duration_s, min_queries)))
        stats, ci = latency_summary(latencies)
        queries, samples = len(latencies), len(latencies) * batch
        throughput = samples / duration
        ci["throughput_per_s"] = bootstrap_throughput_ci(
            latencies, batch, max(duration - sum(latencies), 0.0))
        if scenario == "single-stream":
            verdict = (f"p90 {show(stats['latency_p90_s'], 'time')} over {queries} "
                       "sequential queries")
            rows = [{"query": i, "latency_s": t} for i, t in enumerate(latencies)]
        else:
            verdict = f"{throughput:.4g} samples/s at batch {batch}"
            rows = [{"batch_index": i, "latency_s": t, "samples": batch}
                    for i, t in enumerate(latencies)]
    else:
        server, best = server_search(work, bound_s, min_duration_s, min_queries, steps,
                                     metered, say)
        latencies, energy = list(best["latencies"]), best["energy"]
        stats, ci = latency_summary(latencies)
        queries, samples = len(latencies), len(latencies) * batch
        duration = best.get("duration_s", float(np.sum(latencies)))
        feasible = server["max_arrival_rate_per_s"] > 0
        throughput = samples / duration if feasible else 0.0
        ci["throughput_per_s"] = [None, None]
        verdict = server["verdict"]
        rows = [{"trial": i, **t} for i, t in enumerate(server["trials"])]
        assumptions.append("server: one worker, queries served in arrival order; latency counts "
                           "queueing from the scheduled arrival; the feasibility test uses the "
                           "point p99 of each trial (no interval), so near the edge it is noisy")
        mlperf_bound = MLPERF_SERVER_LATENCY_BOUND.get(work.target.id)
        if mlperf_bound is not None:
            assumptions.append(f"server: MLPerf's own p99 bound for {work.target.id} is "
                               f"{show(mlperf_bound.value, 'time')} ({MLPERF_SOURCE.url}); "
                               f"this run used {show(bound_s, 'time')}")
        if not feasible:
            assumptions.append("server: no feasible trial, so the latency figures are the "
                               "service times alone (a single-stream calibration pass)")
    if energy.get("energy_j") is not None:
        energy = {**energy, "power_w": energy["energy_j"] / energy["elapsed_s"],
                  "energy_per_sample_j": energy["energy_j"] / samples}
    if hasattr(os, "getloadavg"):  # other processes on the machine show up here
        env["run"]["load_average_end"] = list(os.getloadavg())
    result = BenchResult(
        model=work.target.id, torch_model=work.target.torch_name, scenario=scenario,
        device=device, precision=precision, phase=work.phase, batch=batch, seq=work.seq,
        context=work.context, threads=threads, queries=queries, samples=samples,
        duration_s=duration, **stats, throughput_per_s=throughput,
        ci={**ci, "method": f"percentiles: order statistics (Binomial, {CONFIDENCE:.0%}); "
                            f"throughput: percentile bootstrap ({BOOTSTRAP_RESAMPLES} resamples)"},
        warmup_queries=warm_count, warmup_s=warm_s, params=int(work.graph.params),
        flops_per_query=float(work.graph.flops), energy=energy, env=env, verdict=verdict,
        assumptions=tuple(assumptions), server=server, latencies_s=tuple(latencies))
    if record:
        run_id, why_not = _record(result, rows, started_at)
        result = replace(result, run_id=run_id,
                         assumptions=result.assumptions + ((why_not,) if why_not else ()))
    return result


def profile_ops(model: str, batch: int = 1, *, seq: int | None = None,
                phase: str | None = None, context: int | None = None,
                threads: int | None = None, device: str = "cpu", precision: str = "fp32",
                passes: int = 10, warmup: int = 5) -> OpProfile:
    """Self and total CPU time per aten op name, per pass, from torch.profiler over ``passes``
    forward passes (after ``warmup`` untimed ones, then two profiler steps discarded: its
    start-up cost lands on the first); sorted by self time, largest first."""
    torch = require_torch()
    from torch.profiler import ProfilerActivity, profile, schedule

    for name, value in (("batch", batch), ("passes", passes), ("threads", threads)):
        if value is not None:
            checks.whole(value, name)
    previous = torch.get_num_threads()
    threads = threads or previous
    torch.set_num_threads(threads)
    try:
        with torch.inference_mode():
            work = prepare(model, phase, batch, seq, context, precision, device)
            for _ in range(warmup):
                timed(work)
            activities = [ProfilerActivity.CPU]
            if device == "cuda":
                activities.append(ProfilerActivity.CUDA)
            # the profiler's first steps carry its start-up cost: skip one, warm up one
            plan = schedule(wait=1, warmup=1, active=passes, repeat=1)
            walls = []
            with _kineto_quiet(), profile(activities=activities, schedule=plan) as prof:
                for _ in range(passes + 2):
                    walls.append(timed(work))
                    prof.step()
            wall = float(np.mean(walls[2:]))
    finally:
        torch.set_num_threads(previous)
    ops = []
    for e in prof.key_averages():
        if not e.key.startswith("aten::"):
            continue
        device_s = (e.self_device_time_total * 1e-6 / passes) if device == "cuda" else None
        ops.append(OpTime(e.key, e.self_cpu_time_total * 1e-6 / passes,
                          e.cpu_time_total * 1e-6 / passes, e.count / passes, device_s))
    ops.sort(key=lambda o: o.self_cpu_s, reverse=True)
    return OpProfile(work.target.id, batch, device, precision, threads, passes, wall,
                     tuple(ops), environment(device, threads))


@contextmanager
def _kineto_quiet():
    """The profiler's C++ library prints 'USDT: ... profiler_start/stop' lines on file
    descriptor 2 whatever its log level; within the block, descriptor 2 goes to a temporary
    file, and anything else written there is passed on to stderr afterwards."""
    import sys
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            kept = [line for line in sink.read().decode(errors="replace").splitlines()
                    if not line.startswith(("USDT:", "STAGE:"))]
            if kept:
                print("\n".join(kept), file=sys.stderr)
