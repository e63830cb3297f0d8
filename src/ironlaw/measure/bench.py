"""Run real PyTorch models (random weights) in MLPerf-style scenarios, and time each aten op.

    result = run_benchmark("resnet50", scenario="single-stream", min_duration_s=2.0)
    result.latency_p99_s, result.ci["latency_p99_s"], result.throughput_per_s

Scenarios (after the MLPerf Inference LoadGen scenarios; see ``MLPERF`` for their figures):

  single-stream  one query (``batch`` samples) at a time, the next issued when the last completes;
                 latency percentiles p_q = x_(⌈q·n⌉), the ⌈q·n⌉-th smallest of n latencies
                 (nearest rank), with a distribution-free confidence interval from order
                 statistics: [x_(l), x_(u)] where B ~ Binomial(n, q) counts the samples below
                 the true quantile and P(l ≤ B < u) ≥ 95 % (Conover 1999, §3.2). An end the data
                 cannot support (too few samples for a tail) is ``None``, never invented.
                 Throughput X = samples / T (wall time), its interval as for offline.
  offline        batches back to back; throughput X = B·n / T over n batches in wall time T,
                 its 95 % interval from a percentile bootstrap over the batch times t_i
                 (X* = B·n / (Σt* + T − Σt), the harness's own gaps held fixed).
  server         queries arrive as a Poisson process at rate λ (exponential gaps, seed = step)
                 at one worker that serves them in order; latency = completion − scheduled
                 arrival (queueing + service). A single-stream pass first measures the service
                 time: if its p99 already exceeds the bound, no λ can meet it (verdict, λ = 0).
                 Else the largest λ whose point p99 stays within the bound is found by bisection
                 on [0, μ], μ = 1/mean service time (M/G/1 is unstable at λ ≥ μ), in a fixed
                 number of steps (default 6: the answer is within μ/2⁶ of the true edge, noise
                 aside); each step is a trial under the same duration and count rules.

Every scenario: untimed warm-up, then at least ``min_duration_s`` and at least ``min_queries``
(offline: samples), whichever is longer. torch.inference_mode, eval mode, fixed thread count,
fp32 by default. The graph ironlaw costs for the same model is :func:`graph_for`; the
parameter counts of the two are checked equal before anything runs. torch is imported lazily.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from ironlaw import dtypes
from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError

SCENARIOS = ("single-stream", "offline", "server")
DEVICES = ("cpu", "cuda")
PRECISIONS = ("fp32", "bf16", "fp16")  # what the harness runs; torch names from ironlaw.dtypes
CONFIDENCE = 0.95  # our choice for every interval reported here
BOOTSTRAP_RESAMPLES = 1000  # our choice; percentile bootstrap, numpy default_rng(seed 0)
SEARCH_STEPS = 6  # server bisection steps: the bracket shrinks to μ/2⁶ ≈ 1.6 % of μ
WARMUP_QUERIES = 3  # untimed queries before measuring, at least ...
WARMUP_FRACTION = 0.25  # ... and at least this fraction of the minimum duration, ...
WARMUP_CAP_S = 2.0  # ... capped at 2 s

# MLPerf Inference LoadGen settings, quoted to say how far a run here is from a compliant one.
MLPERF_SOURCE = {
    "title": "MLCommons inference, loadgen/mlperf.conf (SingleStream/Server/Offline settings)",
    "url": "https://github.com/mlcommons/inference/blob/master/loadgen/mlperf.conf",
    "kind": "datasheet", "checked": "2026-11-28",
}
MLPERF = {
    "single_stream_percentile": 0.90,  # *.SingleStream.target_latency_percentile = 90
    "server_percentile": 0.99,  # *.Server.target_latency_percentile = 99
    "min_duration_s": 600.0,  # *.{SingleStream,Server,Offline}.min_duration = 600000 (ms)
    # resnet50.Server.target_latency = 15, bert.Server.target_latency = 130 (ms); MLPerf's BERT
    # is BERT-Large (SQuAD, 384 tokens). dlrm's 60 ms is for the MLPerf config, not ours.
    "server_latency_bound_s": {"resnet50": 0.015, "bert-large": 0.130},
}
CI_SOURCE = ("W. J. Conover, Practical Nonparametric Statistics, 3rd ed., Wiley 1999, §3.2 "
             "(confidence interval for a quantile from order statistics)")


@dataclass(frozen=True)
class Target:
    """An ironlaw model ID and the plain-torch module that runs it."""

    id: str
    source: str  # "zoo": ironlaw.models.torch_zoo; "transformer": models.torch_transformers
    torch_name: str  # torch_zoo name, or the config ID for transformers
    note: str = ""


TARGETS = {t.id: t for t in (
    Target("resnet18", "zoo", "resnet18"),
    Target("resnet50", "zoo", "resnet50"),
    Target("mobilenetv1", "zoo", "mobilenetv1"),
    Target("mobilenetv2", "zoo", "mobilenetv2"),
    Target("efficientnet-b0", "zoo", "efficientnet_b0"),
    Target("vgg16", "zoo", "vgg16"),
    Target("vit-b-16", "zoo", "vit_b_16"),
    Target("ds-cnn", "zoo", "ds_cnn"),
    Target("mlp", "zoo", "mlp"),
    Target("dlrm", "zoo", "dlrm_small",
           "dlrm runs the 'small' config (8 tables × 100k rows, dim 64) on both the torch and "
           "the graph side; the MLPerf config needs 96 GB in fp32"),
    Target("gpt2", "transformer", "gpt2"),
    Target("gpt2-xl", "transformer", "gpt2-xl"),
    Target("bert-base", "transformer", "bert-base"),
    Target("bert-large", "transformer", "bert-large"),
)}


def target_of(model: str) -> Target:
    """The runnable target for a model name or alias; UserError if it has none."""
    from ironlaw.models.zoo import get_model

    spec = get_model(model)
    if spec.id not in TARGETS:
        raise UserError(f"MODEL: {spec.id} has no runnable PyTorch counterpart here; "
                        f"expected one of {', '.join(TARGETS)}")
    return TARGETS[spec.id]


def graph_for(model: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
              context: int | None = None, dtype: str = "fp32"):
    """The graph ironlaw costs for exactly what :func:`run_benchmark` runs (dlrm: "small")."""
    from ironlaw.models.zoo import build_model

    target = target_of(model)
    if target.id != "dlrm":
        return build_model(target.id, phase=phase, batch=batch, seq=seq, context=context,
                           dtype=dtype)
    build_model("dlrm", phase=phase, batch=batch, seq=seq, context=context, dtype=dtype)  # checks
    from ironlaw.models.dlrm import dlrm

    graph = dlrm(batch=batch, dtype=dtype, config="small")
    return replace(graph, name="dlrm")


def parameter_counts(model: str) -> tuple[int, int]:
    """(torch module parameters, graph parameters) for ``model``, built on the meta device."""
    torch = _torch()
    target = target_of(model)
    with torch.device("meta"):
        module = _module(target)
    return sum(p.numel() for p in module.parameters()), int(graph_for(target.id).params)


@dataclass(frozen=True)
class BenchResult:
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
                              _ms(getattr(self, key))))
            lo_rank, hi_rank = order_statistic_ranks(n, q, CONFIDENCE)
            lines.append(Line(
                f"{CONFIDENCE:.0%} interval for p{q * 100:g}",
                "[x_(l), x_(u)],  P(l ≤ B < u) ≥ 95 %,  B ~ Binomial(n, q)",
                f"l = {lo_rank or '—'}, u = {hi_rank or '—'} (n = {n})",
                f"[{_ms(low)}, {_ms(high)}]"))
        lines.append(Line("throughput", "X = samples / T",
                          f"{self.samples} / {self.duration_s:.4g} s",
                          f"{self.throughput_per_s:.4g} /s"))
        if self.server and self.server.get("trials"):
            s = self.server
            lines.append(Line("service rate (stability edge)", "μ = 1 / mean service time",
                              f"1 / {_ms(s['service_mean_s'])}",
                              f"{s['service_rate_per_s']:.4g} /s"))
            lines.append(Line("largest arrival rate within the bound",
                              f"max λ with p99(λ) ≤ {_ms(s['latency_bound_s'])}, bisection on "
                              "[0, μ]", f"{len(s['trials'])} trials, bracket "
                              f"[{s['bracket_per_s'][0]:.4g}, {s['bracket_per_s'][1]:.4g}] /s",
                              f"{s['max_arrival_rate_per_s']:.4g} /s"))
            if s["max_arrival_rate_per_s"] > 0:
                from ironlaw.laws.queueing import littles_law

                lam, mean = s["max_arrival_rate_per_s"], self.latency_mean_s
                lines.append(Line("queries in the system (Little's law)", "N = λ·T",
                                  f"{lam:.4g} /s × {_ms(mean)}", f"{littles_law(lam, mean):.3g}"))
        if self.energy.get("energy_j") is not None and self.samples:
            lines.append(Line("energy per sample", "E / samples",
                              f"{self.energy['energy_j']:.4g} J / {self.samples}",
                              f"{self.energy['energy_j'] / self.samples:.4g} J"))
        energy = () if self.energy.get("available") else (f"energy: {self.energy['reason']}",)
        notes = (f"Percentile intervals: {CI_SOURCE}.", *self.assumptions, *energy)
        title = (f"{self.model} ({self.torch_model}) · {self.scenario} · {self.device} "
                 f"{self.precision} · batch {self.batch} · {self.threads} threads")
        return Worked(title, tuple(lines), notes)


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
                      f"{o.self_cpu_s * 1e6:.4g} µs / {o.calls:g}", _ms(o.self_cpu_s))
                 for o in self.ops[:10]]
        return Worked(f"aten ops of {self.model}, batch {self.batch} ({self.passes} passes)",
                      tuple(lines), ("Times from torch.profiler key_averages(); "
                                     "self time excludes child ops.",))


# --- statistics ------------------------------------------------------------------------------

def nearest_rank(n: int, q: float) -> int:
    """The 1-based rank ⌈q·n⌉ (at least 1) of the q-quantile among n sorted values."""
    return max(1, math.ceil(q * n - 1e-9))


def percentile(sorted_values, q: float) -> float:
    return float(sorted_values[nearest_rank(len(sorted_values), q) - 1])


def binomial_cdf(n: int, q: float) -> np.ndarray:
    """P(B ≤ k) for k = 0..n, B ~ Binomial(n, q), through the log-pmf recursion
    log p(k+1) = log p(k) + log((n − k)/(k + 1)) + log(q/(1 − q))."""
    k = np.arange(n)
    steps = np.log((n - k) / (k + 1.0)) + math.log(q / (1.0 - q))
    log_pmf = np.concatenate(([n * math.log1p(-q)], n * math.log1p(-q) + np.cumsum(steps)))
    pmf = np.exp(log_pmf - log_pmf.max())
    return np.cumsum(pmf / pmf.sum())


def order_statistic_ranks(n: int, q: float, confidence: float) -> tuple[int | None, int | None]:
    """1-based ranks (l, u) with P(x_(l) ≤ ξ_q ≤ x_(u)) ≥ confidence, each tail ≤ α/2.

    P(x_(l) > ξ_q) = P(B ≤ l − 1) and P(x_(u) < ξ_q) = P(B ≥ u), B ~ Binomial(n, q);
    l is the largest rank with P(B ≤ l − 1) ≤ α/2, u the smallest with P(B ≤ u − 1) ≥ 1 − α/2.
    None where no rank within 1..n achieves it (too few samples for that tail).
    """
    if n < 1:
        return None, None
    alpha = 1.0 - confidence
    cdf = binomial_cdf(n, q)
    below = np.nonzero(cdf <= alpha / 2)[0]
    low = int(below[-1]) + 1 if below.size else None
    high = int(np.argmax(cdf >= 1.0 - alpha / 2 - 1e-12)) + 1
    return low, (high if high <= n else None)


def percentile_ci(sorted_values, q: float, confidence: float = CONFIDENCE) -> list:
    """[low, high] order-statistic interval for the q-quantile (None for an unsupported end)."""
    low, high = order_statistic_ranks(len(sorted_values), q, confidence)
    return [None if low is None else float(sorted_values[low - 1]),
            None if high is None else float(sorted_values[high - 1])]


def bootstrap_throughput_ci(batch_times, batch: int, gap_s: float = 0.0,
                            confidence: float = CONFIDENCE) -> list:
    """Percentile-bootstrap interval of X = B·n / (Σt + gap) over resampled batch times t;
    ``gap_s`` is the harness's own time between queries (wall − Σt), held fixed."""
    t = np.asarray(batch_times, dtype=float)
    rng = np.random.default_rng(0)
    sums = t[rng.integers(0, t.size, (BOOTSTRAP_RESAMPLES, t.size))].sum(axis=1)
    rates = batch * t.size / (sums + gap_s)
    tail = (1.0 - confidence) / 2 * 100
    return [float(np.percentile(rates, tail)), float(np.percentile(rates, 100 - tail))]


def latency_summary(latencies) -> tuple[dict, dict]:
    """(latency_*_s statistics, their percentile intervals) of raw latencies."""
    x = np.sort(np.asarray(latencies, dtype=float))
    stats = {"latency_p50_s": percentile(x, 0.50), "latency_p90_s": percentile(x, 0.90),
             "latency_p99_s": percentile(x, 0.99), "latency_mean_s": float(x.mean()),
             "latency_min_s": float(x[0]), "latency_max_s": float(x[-1])}
    ci = {key: percentile_ci(x, q) for key, q in (("latency_p50_s", 0.50),
                                                  ("latency_p90_s", 0.90),
                                                  ("latency_p99_s", 0.99))}
    return stats, ci


# --- running models --------------------------------------------------------------------------

def _torch():
    try:
        import torch
    except ImportError:
        raise UserError("ironlaw bench needs PyTorch: pip install 'ironlaw[torch]'") from None
    return torch


def _module(target: Target):
    if target.source == "zoo":
        from ironlaw.models import torch_zoo

        return torch_zoo.make(target.torch_name)
    from ironlaw.models import torch_transformers
    from ironlaw.models.zoo import config_of, get_model

    return torch_transformers.make(config_of(get_model(target.torch_name))).eval()


@dataclass
class Workload:
    """A model on its device with fixed inputs: ``call()`` runs one query, ``sync()`` waits."""

    target: Target
    graph: Any
    module: Any
    call: Callable[[], Any]
    sync: Callable[[], None]
    phase: str
    seq: int | None
    context: int | None


def prepare(model: str, phase: str | None = None, batch: int = 1, seq: int | None = None,
            context: int | None = None, precision: str = "fp32",
            device: str = "cpu") -> Workload:
    """Build ``model`` (random weights, eval mode, seed 0) on ``device`` in ``precision`` with
    fixed random inputs, after checking its parameter count equals its graph's. Call it inside
    torch.inference_mode(). Transformers: ``seq`` (default 128) tokens of prefill, or one
    decode step against a cache so that it attends to ``context`` tokens (default ``seq``)."""
    torch = _torch()
    if precision not in PRECISIONS:
        raise UserError(f"--precision: expected one of {', '.join(PRECISIONS)}; "
                        f"got {precision!r}")
    if device not in DEVICES:
        raise UserError(f"--device: expected one of {', '.join(DEVICES)}; got {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise UserError("--device cuda: torch sees no CUDA device on this machine")
    target = target_of(model)
    if target.source == "transformer":
        _check_positions(target, phase, seq, context)
    graph = graph_for(target.id, phase, batch, seq, context, precision)
    phase = graph.workload.phase
    dtype = getattr(torch, dtypes.dtype(precision).torch)
    try:
        torch.ones(4, 4, dtype=dtype, device=device) @ torch.ones(4, 4, dtype=dtype,
                                                                 device=device)
    except RuntimeError as exc:
        raise UserError(f"--precision {precision}: not supported on {device} ({exc})") from None
    torch.manual_seed(0)
    with torch.device(device):
        module = _module(target).to(dtype=dtype).eval()
    torch_params = sum(p.numel() for p in module.parameters())
    if torch_params != graph.params:
        raise RuntimeError(f"{target.id}: torch module has {torch_params} parameters, the graph "
                           f"{graph.params:.0f}: they are not the same architecture")
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    if target.source == "zoo":
        from ironlaw.models.torch_zoo import example_input

        inputs = tuple(x.to(dtype) if x.is_floating_point() else x
                       for x in example_input(target.torch_name, batch, device=device))
        return Workload(target, graph, module, lambda: module(*inputs), sync, phase, None, None)
    from ironlaw.models import torch_transformers as tt

    seq = seq or 128
    context = (context or seq) if phase == "decode" else None
    vocab = module.dims.vocab
    if phase == "decode":
        cache = tt.empty_cache(module, batch, context - 1)  # the step attends to context tokens
        token = torch.randint(0, vocab, (batch, 1), device=device)
        return Workload(target, graph, module, lambda: tt.decode_step(module, token, cache),
                        sync, phase, 1, context)
    tokens = torch.randint(0, vocab, (batch, seq), device=device)
    return Workload(target, graph, module,
                    lambda: tt.prefill(module, tokens, last_logits_only=True), sync, phase,
                    seq, None)


def _check_positions(target: Target, phase, seq, context) -> None:
    """GPT-2 and BERT learn a fixed number of positions: a longer input cannot run."""
    from ironlaw.models.torch_transformers import dims
    from ironlaw.models.zoo import config_of, get_model

    limit = dims(config_of(get_model(target.torch_name))).positions
    flag, length = ("--context", context or seq) if phase == "decode" else ("--seq", seq)
    if length is not None and length > limit:
        raise UserError(f"{flag}: {target.id} has {limit} learned positions; got {length}")


def _timed(work: Workload) -> float:
    start = time.perf_counter()
    work.call()
    work.sync()
    return time.perf_counter() - start


def _warm_up(work: Workload, min_duration_s: float) -> tuple[int, float]:
    """Untimed queries: at least WARMUP_QUERIES and min(¼ of min duration, 2 s)."""
    wanted = min(WARMUP_FRACTION * min_duration_s, WARMUP_CAP_S)
    start, count = time.perf_counter(), 0
    while count < WARMUP_QUERIES or time.perf_counter() - start < wanted:
        _timed(work)
        count += 1
    return count, time.perf_counter() - start


def _enough(start: float, count: int, min_duration_s: float, min_count: int) -> bool:
    return count >= min_count and time.perf_counter() - start >= min_duration_s


def _single_stream(work, min_duration_s, min_queries) -> tuple[list[float], float]:
    latencies: list[float] = []
    start = time.perf_counter()
    while not _enough(start, len(latencies), min_duration_s, min_queries):
        latencies.append(_timed(work))
    return latencies, time.perf_counter() - start


def _offline(work, batch, min_duration_s, min_samples) -> tuple[list[float], float]:
    times: list[float] = []
    start = time.perf_counter()
    while not _enough(start, len(times) * batch, min_duration_s, min_samples):
        times.append(_timed(work))
    return times, time.perf_counter() - start


def _wait_until(moment: float) -> None:
    """Sleep until 1 ms before ``moment``, then spin (sleep alone overshoots by ~0.1 ms)."""
    gap = moment - time.perf_counter()
    if gap > 1e-3:
        time.sleep(gap - 1e-3)
    while time.perf_counter() < moment:
        pass


def _server_trial(work, rate, min_duration_s, min_queries, seed) -> dict:
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


def _server(work, bound_s, min_duration_s, min_queries, steps, metered, progress):
    """Calibrate the service time, then bisect λ on [0, μ]; returns (summary, best trial)."""
    service, _ = _single_stream(work, min_duration_s, min_queries)  # single-stream rules
    s = np.sort(service)
    mean = float(s.mean())
    low, high = 0.0, 1.0 / mean
    info = {"latency_bound_s": bound_s, "service_mean_s": mean,
            "service_p99_s": percentile(s, 0.99), "service_rate_per_s": high,
            "search_steps": steps, "trials": [], "bracket_per_s": [low, high]}
    if info["service_p99_s"] > bound_s:
        info.update(max_arrival_rate_per_s=0.0, final_bracket_per_s=[low, high], verdict=(
            f"infeasible: the service time alone has p99 {_ms(info['service_p99_s'])} > "
            f"bound {_ms(bound_s)}; no arrival rate meets it"))
        return info, {"latencies": service, "energy": _no_energy("no trial run")}
    best = None
    for step in range(steps):
        rate = (low + high) / 2
        if progress:
            progress(f"server: trial {step + 1}/{steps} at λ = {rate:.4g} /s")
        trial, energy = metered(lambda r=rate, k=step: _server_trial(
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
    info["bracket_per_s"] = [0.0, 1.0 / mean]
    info["final_bracket_per_s"] = [low, high]
    if best is None:
        info["verdict"] = (f"no tested rate met p99 ≤ {_ms(bound_s)}: the largest is below "
                           f"{high:.4g} /s")
        return info, {"latencies": service, "energy": _no_energy("no feasible trial")}
    info["verdict"] = f"p99 ≤ {_ms(bound_s)} up to λ = {low:.4g} /s (within {high - low:.3g} /s)"
    return info, best


# --- energy, environment, store ----------------------------------------------------------------

def _no_energy(reason: str) -> dict:
    return {"available": False, "energy_j": None, "reason": reason}


def _meter_factory():
    """ironlaw.measure.energy.meter if that module exists, else (None, reason)."""
    try:
        from ironlaw.measure.energy import meter
    except ImportError as exc:
        return None, f"unavailable (ironlaw.measure.energy not importable: {exc})"
    return meter, ""


def _reading(m) -> dict:
    """Energy [J] per domain and in total from a finished ironlaw.measure.energy meter."""
    r = m.result
    if not r.available:
        return {**_no_energy(f"unavailable ({r.reason})"), "meter": r.to_dict()}
    return {"available": True, "energy_j": r.total_j, "domains_j": dict(r.joules),
            "elapsed_s": r.elapsed_s, "not_metered": r.reason, "meter": r.to_dict()}


def _metered_runner():
    """A function run(fn) -> (fn(), energy dict) that wraps fn in the energy meter if any."""
    factory, reason = _meter_factory()

    def run(fn):
        if factory is None:
            return fn(), _no_energy(reason)
        try:
            meter = factory()
        except Exception as exc:  # noqa: BLE001 - a meter that cannot start is reported as such
            return fn(), _no_energy(f"unavailable (meter failed to start: {exc})")
        with meter as m:
            value = fn()
        return value, _reading(m)

    return run


def environment(device: str, threads: int) -> dict:
    """What the numbers depend on: :func:`ironlaw.measure.env.capture` (processor, caches,
    threads, environment variables such as OPENBLAS_CORETYPE, versions, load) plus the run's
    torch settings and, on CUDA, the GPU."""
    torch = _torch()
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
    """(run_id, None) once stored, or (None, why not) when there is no results store."""
    try:
        from ironlaw.measure.store import record_run
    except ImportError as exc:
        return None, f"not recorded: ironlaw.measure.store not importable ({exc})"
    summary = {k: v for k, v in result.to_dict().items() if k != "env"}
    name = f"{result.model}-{result.scenario}-{result.device}-b{result.batch}"
    return str(record_run("bench", name, result.env, rows, summary, started_at=started_at)), None


# --- the harness -------------------------------------------------------------------------------

def _check(scenario, batch, threads, min_duration_s, min_queries, latency_bound_s, steps) -> str:
    key = scenario.strip().lower().replace("_", "-")
    key = {"singlestream": "single-stream"}.get(key, key)
    if key not in SCENARIOS:
        raise UserError(f"--scenario: expected one of {', '.join(SCENARIOS)}; got {scenario!r}")
    for flag, value in (("--batch", batch), ("--min-queries", min_queries),
                        ("--search-steps", steps), ("--threads", threads)):
        if value is not None and (int(value) != value or value < 1):
            raise UserError(f"{flag}: expected a whole number of at least 1; got {value!r}")
    for flag, value in (("--min-duration", min_duration_s), ("--latency-bound", latency_bound_s)):
        if not (math.isfinite(value) and value > 0):
            raise UserError(f"{flag}: expected a time greater than 0; got {value!r}")
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
    writes the run to the results store (ironlaw.measure.store) when that module exists.
    """
    scenario = _check(scenario, batch, threads, min_duration_s, min_queries, latency_bound_s,
                      search_steps)
    torch = _torch()
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
    warm_count, warm_s = _warm_up(work, min_duration_s)
    metered = _metered_runner()
    assumptions = [
        "random weights and one fixed random input reused for every query (no sample library)",
        f"not an MLPerf-compliant run: minimum duration {min_duration_s:g} s (MLPerf: "
        f"{MLPERF['min_duration_s']:g} s), no accuracy check",
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
    if scenario == "single-stream":
        say("single-stream: measuring")
        (latencies, duration), energy = metered(
            lambda: _single_stream(work, min_duration_s, min_queries))
        stats, ci = latency_summary(latencies)
        queries, samples = len(latencies), len(latencies) * batch
        throughput = samples / duration
        ci["throughput_per_s"] = bootstrap_throughput_ci(
            latencies, batch, max(duration - sum(latencies), 0.0))
        verdict = f"p90 {_ms(stats['latency_p90_s'])} over {queries} sequential queries"
        rows = [{"query": i, "latency_s": t} for i, t in enumerate(latencies)]
    elif scenario == "offline":
        say("offline: measuring")
        (latencies, duration), energy = metered(
            lambda: _offline(work, batch, min_duration_s, min_queries))
        stats, ci = latency_summary(latencies)
        queries, samples = len(latencies), len(latencies) * batch
        throughput = samples / duration
        ci["throughput_per_s"] = bootstrap_throughput_ci(
            latencies, batch, max(duration - sum(latencies), 0.0))
        verdict = f"{throughput:.4g} samples/s at batch {batch}"
        rows = [{"batch_index": i, "latency_s": t, "samples": batch}
                for i, t in enumerate(latencies)]
    else:
        server, best = _server(work, bound_s, min_duration_s, min_queries, steps, metered, say)
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
        mlperf_bound = MLPERF["server_latency_bound_s"].get(work.target.id)
        if mlperf_bound is not None:
            assumptions.append(f"server: MLPerf's own p99 bound for {work.target.id} is "
                               f"{_ms(mlperf_bound)} ({MLPERF_SOURCE['url']}); this run used "
                               f"{_ms(bound_s)}")
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
    torch = _torch()
    from torch.profiler import ProfilerActivity, profile, schedule

    for flag, value in (("--batch", batch), ("passes", passes), ("--threads", threads)):
        if value is not None and (int(value) != value or value < 1):
            raise UserError(f"{flag}: expected a whole number of at least 1; got {value!r}")
    previous = torch.get_num_threads()
    threads = threads or previous
    torch.set_num_threads(threads)
    try:
        with torch.inference_mode():
            work = prepare(model, phase, batch, seq, context, precision, device)
            for _ in range(warmup):
                _timed(work)
            activities = [ProfilerActivity.CPU]
            if device == "cuda":
                activities.append(ProfilerActivity.CUDA)
            # the profiler's first steps carry its start-up cost: skip one, warm up one
            plan = schedule(wait=1, warmup=1, active=passes, repeat=1)
            walls = []
            with profile(activities=activities, schedule=plan) as prof:
                for _ in range(passes + 2):
                    walls.append(_timed(work))
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


def _ms(seconds) -> str:
    """A time for people (``35.2 ms``), or ``—`` when missing."""
    from ironlaw import units

    return "—" if seconds is None else units.format(seconds, "time")
