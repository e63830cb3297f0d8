"""The answer of ``serve_llm`` / ``serve_model``: headline numbers, the verdict, the sweep over
batch sizes, and a worked derivation (``explain()``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ironlaw import units
from ironlaw.derive import Line, Worked
from ironlaw.serving.batching import Schedule
from ironlaw.serving.capacity import Queue
from ironlaw.table import Fact, Shown, Table, columns, facts
from ironlaw.uncertainty import with_bounds
from ironlaw.units import per_second


def percentile_key(q: float) -> str:
    """``0.99`` -> ``p99``, ``0.999`` -> ``p99.9``: how a percentile reads in a JSON key."""
    return f"p{round(q * 100, 6):g}"


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else x


class LazyRows(Sequence):
    """Rows computed on first use, then kept: a result's table that costs more than the answer
    (serve's sweep over batch sizes schedules every batch; the verdict needs none of it)."""

    def __init__(self, compute: Callable[[], list[dict[str, Any]]]):
        self._compute, self._rows = compute, None

    def _all(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = self._compute()
        return self._rows

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, repr=False)
class ServingResult(Shown):
    """One model served on one device or node. Times in s, rates per s, sizes in B.

    ``throughput`` is per replica: output tokens/s for an LLM (B/TPOT at steady-state decode),
    samples/s otherwise (B/T(B)). ``replicas`` is set when an arrival rate is given. An LLM's
    third schedule is the engine's saturated (offline) iteration under ``token_budget``
    (``engine``'s default unless ``budget_given``). ``passes`` holds the pass costs
    (prefill, decode, engine iteration) for layers above to price; ``energy`` is set by one of
    them (``operations.serving_energy``): any result with ``to_dict``, ``explain``,
    ``headline``, ``assumptions`` and ``per_output_token_j``.
    """

    kind: str  # llm | model
    model: str
    device: str
    node: str | None
    devices: int  # tensor-parallel devices per replica
    precision: str
    batch: int
    verdict: str
    reason: str | None
    meets_slo: bool | None
    latency_s: float  # one request, no queueing
    throughput: float
    throughput_unit: str
    requests_per_s: float  # per replica
    percentile: float
    ttft_s: float | None = None
    tpot_s: float | None = None
    prompt: int | None = None
    output: int | None = None
    arrival_rate: float | None = None
    replicas: int | None = None
    nodes: int | None = None
    p50_s: float | None = None  # TTFT (LLM) or latency (model) at the median, with queueing
    tail_s: float | None = None  # ... at the percentile
    latency_p50_s: float | None = None  # end to end, with queueing
    latency_tail_s: float | None = None
    in_system: float | None = None  # requests in the system, all replicas (Little's law)
    slo: dict[str, float | None] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    queue: Queue | None = None
    schedules: tuple[Schedule, ...] = ()
    sweep: Sequence[dict[str, Any]] = ()
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    lines: Callable[[], tuple[Line, ...]] | None = field(default=None, repr=False,
                                                          compare=False)
    engine: str | None = None
    token_budget: int | None = None
    budget_given: bool = False
    replicas_per_node: int | None = None
    passes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    energy: Any = field(default=None, repr=False, compare=False)
    speculative: Any = field(default=None, repr=False, compare=False)  # a Speculation
    disaggregated: Any = field(default=None, repr=False, compare=False)  # a Disaggregation
    prefix: Any = field(default=None, repr=False, compare=False)  # a prefix.PrefixCache
    lengths: dict | None = None  # the length distribution's summary (serving.lengths)
    kv_precision: str | None = None  # LLMs: how the KV cache (or an SSM's state) is stored
    kv_heads: int | None = None  # LLMs with attention: key/value heads (the model's or asked)
    kv_reads: str | None = None  # LLMs with attention: how decode reads them (KvLayout.reads)
    # [low, high] per to_dict key (ttft_s, tpot_s, ...): the same serving evaluated with the
    # efficiency parameters at the ends of their stated ranges (bounded)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def offline(self) -> Schedule | None:
        """The engine's saturated iteration (LLMs)."""
        return next((s for s in self.schedules if s.bound is not None), None)

    @property
    def feasible(self) -> bool:
        return self.verdict in ("meets SLO", "fits")

    def to_dict(self) -> dict[str, Any]:
        q = percentile_key(self.percentile)
        out: dict[str, Any] = {
            "kind": self.kind, "model": self.model, "device": self.device, "node": self.node,
            "devices": self.devices, "precision": self.precision, "batch": self.batch,
            "verdict": self.verdict, "feasible": self.feasible, "reason": self.reason,
            "meets_slo": self.meets_slo,
        }
        if self.kind == "llm":
            running = self.running
            out.update({"prompt": self.prompt, "output": self.output,
                        "kv_precision": self.kv_precision, "kv_heads": self.kv_heads,
                        "kv_reads": self.kv_reads, "ttft_s": self.ttft_s,
                        "tpot_s": self.tpot_s,
                        "schedule": None if running is None else running.name,
                        "total_tokens_per_s": None if running is None
                        else running.total_tokens_per_s,
                        "output_tokens_per_s": None if running is None
                        else running.tokens_per_s,
                        "throughput_tokens_per_s": self.throughput,
                        "engine": self.engine, "token_budget": self.token_budget})
            out.update(self._offline())
        else:
            out["throughput_per_s"] = self.throughput
        out.update({"latency_s": self.latency_s, "requests_per_s": self.requests_per_s,
                    "arrival_rate_per_s": self.arrival_rate, "percentile": self.percentile,
                    "replicas": self.replicas, "nodes": self.nodes,
                    "devices_total": None if self.replicas is None
                    else self.replicas * self.devices, "in_system": self.in_system})
        head = "ttft" if self.kind == "llm" else "latency"
        out[f"{head}_p50_s"] = self.p50_s
        out[f"{head}_{q}_s"] = self.tail_s
        if self.kind == "llm":
            out["latency_p50_s"] = self.latency_p50_s
            out[f"latency_{q}_s"] = self.latency_tail_s
        out["slo"] = dict(self.slo)
        out["memory"] = dict(self.memory)
        if self.queue is not None:
            out["queue"] = self.queue.to_dict()
        if self.energy is not None:
            out["energy_per_token_j"] = self.energy.per_output_token_j
            out["energy"] = self.energy.to_dict()
        if self.schedules:
            out["schedules"] = [s.to_dict() for s in self.schedules]
        out["sweep"] = [dict(r) for r in self.sweep]
        for part, key in (("speculative", "speculative"), ("disaggregated", "disaggregated"),
                          ("prefix", "prefix_cache")):
            if getattr(self, part) is not None:
                out[key] = getattr(self, part).to_dict()
        if self.lengths is not None:
            out["lengths"] = self.lengths
        out["assumptions"] = list(self.assumptions)
        out["sources"] = list(self.sources)
        out = {k: (_finite(v) if isinstance(v, float) else v) for k, v in out.items()}
        return with_bounds(out, self.intervals)

    def _offline(self) -> dict[str, Any]:
        """The engine's saturated iteration: per replica, and per node (⌊count/tp⌋ replicas)."""
        e = self.offline
        if e is None:
            return {}
        out = {"offline_batch": e.batch, "offline_bound": e.bound,
               "offline_total_tokens_per_s": e.total_tokens_per_s,
               "offline_output_tokens_per_s": e.tokens_per_s,
               "offline_requests_per_s": e.requests_per_s}
        if self.replicas_per_node:
            out.update({f"{k}_per_node": v * self.replicas_per_node for k, v in out.items()
                        if k.endswith("_per_s")})
        return out

    def _point(self) -> str:
        """An LLM's operating point past the batch: lengths and how its cache is kept."""
        if self.kind != "llm":
            return ""
        heads = f", {self.kv_heads} KV heads" if self.kv_heads else ""
        reads = f", read {self.kv_reads}" if self.kv_reads == "per-head" else ""
        return (f" · prompt {self.prompt} · output {self.output} · "
                f"cache {self.kv_precision}{heads}{reads}")

    def explain(self) -> Worked:
        """The worked derivation of the headline numbers."""
        title = (f"Serving {self.model} on {self.node or self.device}"
                 f"{f' (tensor parallel over {self.devices})' if self.devices > 1 else ''}"
                 f" · {self.precision} · batch {self.batch}{self._point()}")
        lines = self.lines() if self.lines else ()
        if self.energy is not None:
            lines = (*lines, *self.energy.explain().lines)
        for part in (self.prefix, self.speculative, self.disaggregated):
            if part is not None:
                lines = (*lines, *part.explain().lines)
        verdict = f"Verdict: {self.verdict}" + (f" — {self.reason}" if self.reason else "")
        more = self.energy.assumptions if self.energy is not None else ()
        notes = (verdict, *(f"Assumption: {a}" for a in (*self.assumptions, *more)),
                 *(f"Source: {s}" for s in self.sources))
        return Worked(title, tuple(lines), notes)

    @property
    def running(self):
        """The schedule an engine runs at batch B: chunked prefill under the engine's token
        budget when it is sustainable (vLLM, SGLang and TensorRT-LLM enable it), else
        prefill-first; None for a model that is not an LLM."""
        from ironlaw.serving.batching import running

        by_name = {s.name: s for s in self.schedules}
        if "prefill-first" not in by_name:
            return None
        return running(by_name["prefill-first"], by_name.get("chunked"))

    def rows(self) -> list[Table]:
        """The headline, the admission schedules (LLMs) and the sweep over batch sizes."""
        tp = f" ×{self.devices} (tensor parallel)" if self.devices > 1 else ""
        title = (f"{self.model} on {self.node or self.device}{tp} · {self.precision} · "
                 f"batch {self.batch}{self._point()}")
        tables = [facts(title, self._headline())]
        if self.schedules:
            tables.append(Table(
                "Admitting prompts at full batch, and the engine saturated (per replica, before "
                "queueing)",
                columns(("schedule", "schedule"), ("batch", "batch", "count"),
                        ("ttft_s", "TTFT", "time"),
                        ("tpot_mean_s", "mean TPOT", "time"),
                        ("tpot_worst_s", "worst gap", "time"),
                        ("requests_per_s", "requests", "rate"),
                        ("tokens_per_s", "output tokens", "rate"),
                        ("total_tokens_per_s", "total tokens", "rate"),
                        ("sustainable", "sustainable")),
                tuple(s.to_dict() for s in self.schedules)))
        if self.kind == "llm":
            sweep = columns(("batch", "batch", "count"), ("tpot_s", "TPOT", "time"),
                            ("tokens_per_s", "tokens", "rate"),
                            ("tokens_per_s_per_device", "per device", "rate"),
                            ("schedule", "schedule run"),
                            ("tpot_mean_s", "mean TPOT", "time"),
                            ("requests_per_s", "requests", "rate"),
                            ("kv_bytes_per_device", "KV per device", "bytes"), ("fits", "fits"))
        else:
            sweep = columns(("batch", "batch", "count"), ("latency_s", "latency", "time"),
                            ("throughput_per_s", "samples", "rate"), ("fits", "fits"))
            if self.arrival_rate is not None:
                sweep += columns(("batch_wait_mean_s", "forming (mean)", "time"),
                                 ("latency_with_forming_s", "latency + forming", "time"))
        for part in (self.prefix, self.speculative, self.disaggregated):
            if part is not None:
                tables += part.rows()
        tables.append(Table("Throughput vs latency over batch sizes (one replica)", sweep,
                            self.sweep, tuple(f"assumption: {a}" for a in self.assumptions)))
        return tables

    def _between(self, key: str, dim: str) -> str:
        """The headline value of ``key`` with its interval (units.format_interval)."""
        return units.format_interval(getattr(self, key), self.intervals.get(key), dim)

    def _headline(self) -> list[Fact]:
        q = percentile_key(self.percentile)
        i = self.intervals.get  # a rate's interval, by its to_dict key
        rows: list[Fact] = [("verdict", self.verdict + (f" — {self.reason}" if self.reason
                                                         else ""))]
        if self.kind == "llm":
            mem = self.memory
            running = self.running
            rows += [("TTFT (prefill, no queue)" if self.prefix is None else
                      "TTFT (prefill, no queue; mean over hits and misses)",
                      self._between("ttft_s", "time"))]
            if self.prefix is not None:
                rows.append(("prefix cache", self.prefix.headline()))
            rows.append(("TPOT (decode step)", self._between("tpot_s", "time")))
            if running is not None and running.total_tokens_per_s is not None:
                rows.append((f"throughput per replica ({running.name}, batch {self.batch})",
                             per_second(running.total_tokens_per_s, "tokens",
                                        i("total_tokens_per_s"))
                             + " total (prefill + decode), "
                             f"{per_second(running.tokens_per_s, 'tokens')} output"))
            rows += [("decode-step throughput (B / TPOT)",
                      per_second(self.throughput, "tokens", i("throughput_tokens_per_s"))),
                     ("request latency (prefill + (O − 1) decode steps, no queue)",
                      self._between("latency_s", "time")),
                     ("weights per device", mem["weights_per_device_bytes"], "bytes"),
                     ("SSM state per sequence (no KV cache)",
                      mem["ssm_state_per_sequence_bytes"], "bytes")
                     if "ssm_state_per_sequence_bytes" in mem else
                     ("KV cache per sequence",
                      f"{units.format(mem['kv_per_sequence_bytes'], 'bytes')} "
                      f"({mem['paged_tokens']} tokens paged)" if self.prefix is None else
                      f"{units.format(mem['kv_per_sequence_bytes'], 'bytes')} on average "
                      f"(the {units.format(self.prefix.prefix_bytes, 'bytes')} shared prefix "
                      "held once)"),
                     ("state budget per device" if "ssm_state_per_sequence_bytes" in mem
                      else "KV budget per device", mem["kv_budget_bytes"], "bytes"),
                     ("sequences that fit", f"{mem['most_sequences']}" + (
                         "" if mem["most_sequences"] == mem["max_sequences"] else
                         f" ({mem['max_sequences']} beside batch {self.batch}'s "
                         "activations)"))]
            e = self.offline
            if e is not None and e.batch:
                budget = f"{self.token_budget:,}-token budget" + (
                    "" if self.budget_given else f", {self.engine}'s default")
                rows += [("engine saturated (offline)",
                          f"batch {e.batch} (set by the {e.bound}; {budget}), "
                          f"{e.prefill_tokens:,.0f} prompt tokens per iteration"),
                         ("offline throughput per replica",
                          per_second(e.total_tokens_per_s, "tokens",
                                     i("offline_total_tokens_per_s"))
                          + " total, "
                          f"{per_second(e.tokens_per_s, 'tokens')} output, "
                          f"{per_second(e.requests_per_s, 'requests')}")]
                if self.replicas_per_node:
                    rows.append((f"offline throughput per node ({self.replicas_per_node} "
                                 "replicas)", per_second(
                                     e.total_tokens_per_s * self.replicas_per_node, "tokens")
                                 + " total"))
            if self.energy is not None:
                rows += list(self.energy.headline())
        else:
            rows += [("latency (one batch)", self._between("latency_s", "time")),
                     ("throughput per replica",
                      per_second(self.throughput, "samples", i("throughput_per_s")))]
        if self.intervals:
            rows.append(("[low–high]", "the efficiency parameters at the ends of their stated "
                                       "ranges"))
        if self.arrival_rate is not None:
            head = "TTFT" if self.kind == "llm" else "latency"
            replicas = "—" if self.replicas is None else (
                f"{self.replicas}"
                + (f" ({self.replicas * self.devices} devices)" if self.devices > 1 else "")
                + (f", {self.nodes} node(s)" if self.nodes else ""))
            rows += [("arrival rate", per_second(self.arrival_rate, "requests")),
                     ("replicas", replicas)]
            if self.p50_s is not None:
                rows += [(f"{head} p50", self.p50_s, "time"), (f"{head} {q}", self.tail_s, "time")]
            if self.latency_p50_s is not None:
                rows += [("request latency p50", self.latency_p50_s, "time"),
                         (f"request latency {q}", self.latency_tail_s, "time")]
            if self.queue is not None:
                rows += [("utilization", units.format(self.queue.utilization, "share")),
                         ("requests in system (Little)", f"{self.in_system:.4g}")]
        return rows


def bounded(predict: Callable[[], ServingResult]) -> ServingResult:
    """``predict()`` with the intervals of its quantities (every unit-carrying key of its
    ``to_dict``: TTFT, TPOT, their percentiles with queueing, rates, energy): the same call
    evaluated again with every efficiency parameter at the fast and at the slow end of its
    stated range (ironlaw.uncertainty), [low, high] = [min, max] of the two."""
    from dataclasses import replace

    from ironlaw.uncertainty import intervals

    result, bounds = intervals(predict)
    return replace(result, intervals=bounds)
