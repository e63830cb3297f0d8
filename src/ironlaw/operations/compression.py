"""A compressed model against its baseline on one device: latency, memory and energy side by side.

The compression itself is a graph transform (:mod:`ironlaw.models.compress`); both graphs are
costed by the one cost model (:func:`ironlaw.frameworks.cost.analyze`) and their physics energy
by the one energy model (:func:`ironlaw.operations.energy.physics`), so a compressed model's
figures are those any other command gives for the same graph. Ratios are compressed / baseline,
except the speedup S = T_baseline / T_compressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.dtypes import element_bytes
from ironlaw.errors import ParameterError
from ironlaw.frameworks.cost import Analysis, analyze
from ironlaw.hardware.schema import Device
from ironlaw.laws.energy_table import MOVEMENT, OPERATION
from ironlaw.models.compress import (
    REFERENCES,
    WEIGHT_KINDS,
    Scheme,
    check_precision,
    is_decoder,
    parse_scheme,
    scheme_notes,
    sources,
    transform,
    unsupported,
)
from ironlaw.operations.energy import Physics, physics
from ironlaw.table import Shown, Table, columns
from ironlaw.units import format as show
from ironlaw.units import per_second


@dataclass(frozen=True, repr=False)
class Comparison(Shown):
    """A model on a device, baseline and compressed, side by side.

    ``verdict``: ok | unsupported (the device cannot run the scheme; ``compressed`` is None) |
    does-not-fit (the compressed model still exceeds device memory). Ratios are
    compressed / baseline, except ``speedup`` = T_baseline / T_compressed.
    """

    model: str
    device: str
    scheme: Scheme
    baseline: Analysis
    compressed: Analysis | None
    baseline_energy: Physics
    compressed_energy: Physics | None
    verdict: str
    reason: str = ""
    assumptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def speedup(self) -> float | None:
        return None if self.compressed is None else \
            self.baseline.latency_s / self.compressed.latency_s

    def _ratio(self, get) -> float | None:
        if self.compressed is None:
            return None
        base, new = get(self.baseline, self.baseline_energy), get(self.compressed,
                                                                  self.compressed_energy)
        return None if base in (None, 0) or new is None else new / base

    @property
    def memory_ratio(self) -> float | None:
        return self._ratio(lambda a, e: a.memory_bytes)

    @property
    def weight_traffic_ratio(self) -> float | None:
        return self._ratio(lambda a, e: a.graph.weight_bytes)

    @property
    def energy_ratio(self) -> float | None:
        return self._ratio(lambda a, e: e.total_j)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model, "device": self.device, "precision": self.baseline.graph.dtype,
            "mode": self.baseline.mode, **self.baseline.graph.workload.point_fields(),
            "scheme": self.scheme.name,
            "scheme_kind": self.scheme.kind, "description": self.scheme.describe(),
            "verdict": self.verdict, "reason": self.reason,
            "baseline": side(self.baseline, self.baseline_energy),
            "compressed": (None if self.compressed is None
                           else side(self.compressed, self.compressed_energy)),
            "speedup": self.speedup, "memory_ratio": self.memory_ratio,
            "weight_traffic_ratio": self.weight_traffic_ratio,
            "energy_ratio": self.energy_ratio,
            "assumptions": list(self.assumptions),
            "sources": [{"key": k, **vars(REFERENCES[k]), "checked": str(REFERENCES[k].checked)}
                        for k in self.sources],
        }

    def explain(self) -> Worked:
        lines = [_weights_line("weights read per pass, baseline", self.baseline)]
        if self.compressed is not None:
            lines.append(_weights_line(f"weights read per pass, {self.scheme.name}",
                                       self.compressed))
        lines.append(_latency_line("latency, baseline", self.baseline))
        if self.compressed is not None:
            lines.append(_latency_line(f"latency, {self.scheme.name}", self.compressed))
            lines.append(Line("speedup", "S = T_baseline / T_compressed",
                              f"{show(self.baseline.latency_s, 'time')} / "
                              f"{show(self.compressed.latency_s, 'time')}",
                              show(self.speedup, "factor")))
        for label, a in (("baseline", self.baseline), (self.scheme.name, self.compressed)):
            if a is not None:
                lines.append(_memory_line(f"memory needed, {label}", a))
        for label, e in (("baseline", self.baseline_energy),
                         (self.scheme.name, self.compressed_energy)):
            if e is not None:
                lines.append(_energy_line(f"energy per pass, {label}", e))
        notes = [f"verdict: {self.verdict}" + (f" — {self.reason}" if self.reason else "")]
        notes += list(self.assumptions)
        notes += [f"source: {REFERENCES[k].title}"
                  + (f" <{REFERENCES[k].url}>" if REFERENCES[k].url else "")
                  for k in self.sources]
        return Worked(f"{self.model} on {self.device}: {self.scheme.name} "
                      f"({self.scheme.describe()}) vs baseline", tuple(lines), tuple(notes))

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per side (baseline, compressed)."""
        data = self.to_dict()
        sides = [("baseline", data["baseline"]), (self.scheme.name, data["compressed"])]
        return [{"side": name, **side} for name, side in sides if side is not None]

    def rows(self) -> list[Table]:
        """Quantity, baseline, compressed and their ratio; then the verdict."""
        data = self.to_dict()
        base, new = data["baseline"], data["compressed"]

        def rate(s: dict[str, Any]) -> str:
            return (per_second(s["tokens_per_s"], "tokens") if s.get("tokens_per_s")
                    else per_second(s["throughput_per_s"], "samples"))

        quantities = [("compute precision", "precision", "text"),
                      ("GEMM weight format", "weight_format", "text"),
                      ("parameters", "params", "count"),
                      ("weights read per pass", "weight_bytes", "bytes"),
                      ("memory needed", "memory_bytes", "bytes"), ("fits", "fits", "text"),
                      ("latency", "latency_s", "time"), ("throughput", "throughput_per_s", None),
                      ("bottleneck", "bottleneck", "text"),
                      ("energy per pass", "energy_j", "energy")]
        records = []
        for label, key, dim in quantities:
            cell = rate if dim is None else lambda s, k=key, d=dim: (
                ("yes" if s[k] else "NO") if k == "fits" else show(s[k], d))
            numeric = dim != "text" and new is not None and new.get(key) is not None
            ratio = show(new[key] / base[key], "factor") if numeric and base.get(key) else ""
            records.append({"quantity": label, "baseline": cell(base),
                            "compressed": "—" if new is None else cell(new), "ratio": ratio})
        speed = "" if self.speedup is None else f"; speedup {show(self.speedup, 'factor')}"
        notes = (f"verdict: {self.verdict}{speed}" + (f" — {self.reason}" if self.reason else ""),
                 *(f"assumption: {a}" for a in self.assumptions))
        return [Table(f"{self.model} on {self.device} · {self.scheme.name} "
                      f"({self.scheme.describe()}) · {self.baseline.graph.dtype} baseline · "
                      f"{self.baseline.mode} · {self.baseline.graph.workload.point()}",
                      columns(("quantity", "quantity"), ("baseline", "baseline"),
                              ("compressed", self.scheme.name),
                              ("ratio", "compressed / baseline")), tuple(records), notes)]


def side(a: Analysis, e: Physics | None) -> dict[str, Any]:
    """One column of a comparison: SI values under unit-carrying keys."""
    formats = sorted({op.weight_format for op in a.graph.ops if op.weight_format})
    terms = None if e is None else e.terms
    return {
        "model": a.graph.name, "precision": a.graph.dtype,
        "weight_format": ", ".join(formats) or a.graph.dtype,
        "params": a.graph.params, "flops": a.graph.flops,
        "weight_bytes": a.graph.weight_bytes, "param_bytes": a.graph.param_bytes,
        "kv_cache_bytes": a.graph.workload.kv_cache_bytes,
        "memory_bytes": a.memory_bytes, "memory_capacity_bytes": a.memory_capacity_bytes,
        "fits": a.fits, "latency_s": a.latency_s, "throughput_per_s": a.throughput_per_s,
        "tokens_per_s": a.tokens_per_s, "bottleneck": a.bottleneck, "mfu": a.mfu,
        "peak_flop_per_s": a.peak_flop_per_s,
        "bound_s": {"compute": a.compute_bound_s, "memory": a.memory_bound_s,
                    "overhead": a.overhead_s},
        "energy_j": None if terms is None else float(terms.total_j),
        "compute_energy_j": None if terms is None else float(terms.compute_j),
        "movement_energy_j": None if terms is None else float(terms.movement_j),
        "energy_missing": [] if e is None else list(e.missing),
    }


def _weights_line(label: str, a: Analysis) -> Line:
    """W = N_w · b̄/8 + W_other: GEMM weight elements at their stored bits, plus the rest."""
    g = a.graph
    gemms = [op for op in g.ops if op.kind in WEIGHT_KINDS and op.weight_bytes > 0 and op.params]
    bits = [op.weight_bits or 8.0 * element_bytes(op.dtype) for op in gemms]
    gemm_bytes = sum(op.count * op.weight_bytes for op in gemms)
    elements = sum(op.count * op.weight_bytes * 8.0 / b for op, b in zip(gemms, bits, strict=True))
    mean_bits = 8.0 * gemm_bytes / elements if elements else 0.0
    return Line(label, "W = N_w · b̄/8 + W_other   (N_w GEMM weight elements read, b̄ bits each)",
                f"{show(elements, 'count')} × {mean_bits:.4g} bit / 8 + "
                f"{show(g.weight_bytes - gemm_bytes, 'bytes')}",
                show(g.weight_bytes, "bytes"))


def _latency_line(label: str, a: Analysis) -> Line:
    return Line(label, "T = Σ count · (max(t_compute, t_memory) + t_launch)",
                f"{show(a.compute_bound_s, 'time')} compute-bound + "
                f"{show(a.memory_bound_s, 'time')} memory-bound + "
                f"{show(a.overhead_s, 'time')} launches",
                f"{show(a.latency_s, 'time')} ({a.bottleneck}-bound)")


def _memory_line(label: str, a: Analysis) -> Line:
    weights = a.graph.param_bytes
    kv = a.graph.workload.kv_cache_bytes
    largest = a.memory_bytes - weights - kv
    capacity = ("" if a.memory_capacity_bytes is None
                else f" of {show(a.memory_capacity_bytes, 'bytes')}: "
                     f"{'fits' if a.fits else 'does NOT fit'}")
    return Line(label, "M = stored weights + KV cache + largest activation set",
                f"{show(weights, 'bytes')} + {show(kv, 'bytes')} + {show(largest, 'bytes')}",
                f"{show(a.memory_bytes, 'bytes')}{capacity}")


def _energy_line(label: str, e: Physics) -> Line:
    def per_op(p: str) -> str:
        return (f"{show(OPERATION[p].value, 'energy_per_flop')} ({p})" if p in OPERATION
                else f"e_op({p})")

    def per_byte(level: str) -> str:
        return (f"{show(MOVEMENT[level].value, 'energy_per_byte')} ({level})"
                if level in MOVEMENT else f"e_B({level})")

    ops = " + ".join(f"{show(o, 'flops')} × {per_op(p)}" for p, o in e.flops_by_precision.items())
    moved = " + ".join(f"{show(d, 'bytes')} × {per_byte(lvl)}"
                       for lvl, d in e.bytes_by_level.items())
    result = ("unavailable: " + "; ".join(e.missing) if e.terms is None else
              f"{show(e.terms.compute_j, 'energy')} compute + "
              f"{show(e.terms.movement_j, 'energy')} movement = "
              f"{show(e.terms.total_j, 'energy')}")
    return Line(label, "E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_B(ℓ)", f"{ops} + {moved}", result)


def compare(model: str, device: str | Device, scheme: str | Scheme, *, batch: int = 1,
            seq: int | None = None, phase: str | None = None, context: int | None = None,
            precision: str = "bf16", catalog=None, mode: str = "fused",
            kv_precision: str | None = None, kv_heads: int | None = None,
            kv_reads: str | None = None) -> Comparison:
    """``model`` on ``device`` at ``precision`` vs the same compressed by ``scheme``; an LLM's
    KV cache in ``kv_precision`` with ``kv_heads`` heads, read by decode as ``kv_reads`` says
    (``models.zoo.build_model``), in both where given (else each its
    default: a decoder's fp8 checkpoint, fp8 and int8 being built as they are served by
    ``models.zoo.build_model``, keeps the KV cache its recipe gives it).

    ``catalog`` is a :class:`ironlaw.hardware.catalog.Catalog` or a file (``open_catalog``).
    """
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.models.zoo import architecture, build_model, get_model

    cat = open_catalog(catalog)
    dev = cat.device(device) if isinstance(device, str) else device
    eff = cat.efficiency_of(dev)
    plan = parse_scheme(scheme) if isinstance(scheme, str) else scheme
    check_precision(plan, precision)
    sizes = {"phase": phase, "batch": batch, "seq": seq, "context": context,
             "kv_precision": kv_precision, "kv_heads": kv_heads, "kv_reads": kv_reads,
             "runs": dev.peak}
    graph = build_model(model, dtype=precision, **sizes)
    baseline = analyze(graph, dev, eff, mode)
    base_energy = physics(baseline)
    ssm = is_decoder(graph) and architecture(model).ssm is not None
    notes = scheme_notes(plan, graph, dev.peak, kv_precision, ssm)
    problem = unsupported(plan, dev, precision)
    if problem:
        notes = list(dict.fromkeys((*notes, *baseline.assumptions, *base_energy.notes,
                                    *base_energy.missing)))
        return Comparison(graph.name, dev.id, plan, baseline, None, base_energy, None,
                          "unsupported", problem, tuple(notes), sources(plan))
    if plan.kind == "distill":
        student = get_model(plan.target)
        if student.id == graph.name:
            raise ParameterError("scheme", f"{plan.name}: the student must differ from "
                                           f"{graph.name}")
        new_graph = build_model(student.id, dtype=precision,
                                **{**sizes, "phase": graph.workload.phase})
    elif plan.kind == "weight-activation" and is_decoder(graph):
        new_graph = build_model(model, dtype=plan.dtype, **sizes)  # as it is served
    else:
        new_graph = transform(graph, plan)
    compressed = analyze(new_graph, dev, eff, mode)
    new_energy = physics(compressed)
    verdict, reason = "ok", ""
    if not compressed.fits:
        verdict = "does-not-fit"
        reason = (f"compressed, {new_graph.name} needs {show(compressed.memory_bytes, 'bytes')}"
                  f" but {dev.id} has {show(compressed.memory_capacity_bytes, 'bytes')}")
    elif not baseline.fits:
        reason = (f"the baseline needs {show(baseline.memory_bytes, 'bytes')}, more than "
                  f"{dev.id}'s {show(baseline.memory_capacity_bytes, 'bytes')}; compressed it "
                  "fits")
    notes = list(dict.fromkeys((*notes, *baseline.assumptions, *compressed.assumptions,
                                *base_energy.notes, *new_energy.notes,
                                *base_energy.missing, *new_energy.missing)))
    return Comparison(graph.name, dev.id, plan, baseline, compressed, base_energy, new_energy,
                      verdict, reason, tuple(notes), sources(plan))
