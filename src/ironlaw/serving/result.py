"""The answer of ``serve_llm`` / ``serve_model``: headline numbers, the verdict, the sweep over
batch sizes, and a worked derivation (``explain()``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.serving.batching import Schedule
from ironlaw.serving.capacity import Queue

VERDICTS = ("meets SLO", "fits", "does not fit", "SLO impossible")


def percentile_key(q: float) -> str:
    """``0.99`` -> ``p99``, ``0.999`` -> ``p99.9``: how a percentile reads in a JSON key."""
    return f"p{round(q * 100, 6):g}"


def per_second(x: float, what: str = "") -> str:
    """A rate for people: ``21,893 tokens/s``, ``16 requests/s``, ``0.788 /s``."""
    shown = f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"
    return f"{shown} {what}/s" if what else f"{shown} /s"


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else x


@dataclass(frozen=True)
class ServingResult:
    """One model served on one device or node. Times in s, rates per s, sizes in B.

    ``throughput`` is per replica: output tokens/s for an LLM (B/TPOT at steady-state decode),
    samples/s otherwise (B/T(B)). ``replicas`` is set when an arrival rate is given.
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
    sweep: tuple[dict[str, Any], ...] = ()
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    lines: Callable[[], tuple[Line, ...]] | None = field(default=None, repr=False,
                                                          compare=False)

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
            out.update({"prompt": self.prompt, "output": self.output, "ttft_s": self.ttft_s,
                        "tpot_s": self.tpot_s,
                        "throughput_tokens_per_s": self.throughput})
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
        if self.schedules:
            out["schedules"] = [s.to_dict() for s in self.schedules]
        out["sweep"] = [dict(r) for r in self.sweep]
        out["assumptions"] = list(self.assumptions)
        out["sources"] = list(self.sources)
        return {k: (_finite(v) if isinstance(v, float) else v) for k, v in out.items()}

    def explain(self) -> Worked:
        """The worked derivation of the headline numbers."""
        title = (f"Serving {self.model} on {self.node or self.device}"
                 f"{f' (tensor parallel over {self.devices})' if self.devices > 1 else ''}"
                 f" · {self.precision} · batch {self.batch}")
        lines = self.lines() if self.lines else ()
        verdict = f"Verdict: {self.verdict}" + (f" — {self.reason}" if self.reason else "")
        notes = (verdict, *(f"Assumption: {a}" for a in self.assumptions),
                 *(f"Source: {s}" for s in self.sources))
        return Worked(title, tuple(lines), notes)
