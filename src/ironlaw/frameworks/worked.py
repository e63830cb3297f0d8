"""How an :class:`~ironlaw.frameworks.cost.Analysis` reads for people: its headline table, its
per-op table, and the worked derivation of its numbers (``analyze --explain``).

    latency    T = Σ count·(max(compute, memory, link) + overhead)      over the graph's ops
    terms      compute-bound + memory-bound + link-bound (collectives) time + overhead   (= T)
    bottleneck the largest of the four terms
    MFU        Σ FLOPs/R(p) / T, each op at its own precision's peak (one p: FLOPs / (T·R_peak))
    memory     weights + KV cache + the largest live activation set ≤ capacity

``a`` is always an Analysis; this module reads its fields and imports nothing from
``frameworks.cost`` (which imports it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.frameworks.graph import as_count
from ironlaw.table import Fact, Table, columns, facts
from ironlaw.units import format as show
from ironlaw.units import format_interval as between
from ironlaw.units import per_second


def title(a) -> str:
    return (f"{a.graph.name} on {a.device.id} · {a.graph.dtype} · {a.mode} · "
            f"{a.graph.workload.point()}")


def headline(a) -> Table:
    tokens = a.tokens_per_s
    rows: list[Fact] = [
        ("latency", between(a.latency_s, a.latency_interval_s, "time")),
        ("throughput", per_second(a.throughput_per_s, "samples", a.throughput_interval_per_s)
         + (f"  ({per_second(tokens, 'tokens')})" if tokens else "")),
        ("bottleneck", a.bottleneck),
        ("time in compute-bound ops", a.compute_bound_s, "time"),
        ("time in memory-bound ops", a.memory_bound_s, "time"),
        *([("time in collectives (link)", a.link_bound_s, "time")] if a.link_bound_s else []),
        ("launch overhead", a.overhead_s, "time"),
        ("Σ compute / Σ memory terms", f"{show(a.compute_s, 'time')} / "
                                       f"{show(a.memory_s, 'time')}"),
        ("MFU", a.mfu, "share"),
        ("peak", a.peak_flop_per_s, "flop_rate"),
        ("FLOPs per pass", a.graph.flops, "flops"),
        ("memory needed", a.memory_bytes, "bytes"),
        ("memory on device", a.memory_capacity_bytes, "bytes"),
        ("fits", "yes" if a.fits else "NO"),
    ]
    spread = (("[low–high]: the efficiency parameters at the ends of their stated ranges",)
              if a.latency_interval_s is not None else ())
    return facts(title(a), rows, a.assumptions + spread)


OP_COLUMNS = columns(("name", "op"), ("kind", "kind"), ("count", "×", "count"),
                     ("flops", "FLOPs", "flops"), ("bytes", "bytes", "bytes"),
                     ("compute_s", "compute", "time"), ("memory_s", "memory", "time"),
                     ("link_s", "link", "time"),
                     ("overhead_s", "overhead", "time"), ("time_s", "total (× count)", "time"),
                     ("bound", "bound"))


def op_table(a) -> Table:
    return Table("Per op", OP_COLUMNS, tuple(r for r in a.op_rows() if r["kind"] != "view"))


@dataclass(frozen=True)
class WithOps:
    """An analysis shown with its per-op table (``analyze --ops``)."""

    analysis: Any  # frameworks.cost.Analysis

    def to_dict(self) -> dict[str, Any]:
        return self.analysis.to_dict(ops=True)

    def rows(self) -> list[Table]:
        return [headline(self.analysis), op_table(self.analysis)]

    def explain(self) -> Worked:
        return worked(self.analysis)


def worked(a) -> Worked:
    """The latency as the sum of per-op overlapped Iron Laws, the bottleneck, MFU, memory."""
    t = lambda x: show(x, "time")  # noqa: E731
    ops = [r for r in a.op_rows() if r["kind"] != "view"]
    slowest = sorted(ops, key=lambda r: r["time_s"], reverse=True)[:3]
    # the link term (collectives between devices) shows only where the graph has collectives
    linked = bool(a.link_bound_s) or any(r["link_s"] for r in ops)
    terms = (a.compute_bound_s, a.memory_bound_s, *([a.link_bound_s] if linked else []),
             a.overhead_s)
    roofs, link = ("compute, memory, link", ", link") if linked else ("compute, memory", "")
    lines = [
        Line("latency (one pass)", f"T = Σ count·(max({roofs}) + overhead)",
             f"{t(a.compute_bound_s)} in compute-bound ops + {t(a.memory_bound_s)} in "
             f"memory-bound ops + "
             + (f"{t(a.link_bound_s)} in collectives + " if linked else "")
             + f"{t(a.overhead_s)} launch overhead, over {len(ops)} ops", t(a.latency_s)),
        *(Line(f"op {r['name']} ({r['kind']}, × {r['count']:g})",
               f"count·(max(FLOPs/(R·η), bytes/(BW·f_mem){link}) + overhead)",
               f"{r['count']:g} × (max({t(r['compute_s'])}, {t(r['memory_s'])}"
               + (f", {t(r['link_s'])}" if linked else "")
               + f") + {t(r['overhead_s'])})", t(r["time_s"])) for r in slowest),
        Line("bottleneck", f"the largest of compute-bound, memory-bound{link}-bound and "
             "overhead time" if linked else
             "the largest of compute-bound, memory-bound and overhead time",
             f"max({', '.join(t(x) for x in terms)})", a.bottleneck),
        _mfu_line(a, t),
        Line("throughput", "X = batch / T",
             f"{a.graph.workload.batch} / {t(a.latency_s)}",
             show(a.throughput_per_s, "rate")),
        Line("memory needed", "weights + KV cache + largest live activations ≤ capacity",
             f"{show(a.memory_bytes, 'bytes')} ≤ {show(a.memory_capacity_bytes, 'bytes')}",
             "fits" if a.fits else "does not fit"),
    ]
    return Worked(f"Analysis of {title(a)}", tuple(lines),
                  tuple(f"Assumption: {x}" for x in a.assumptions))


@dataclass(frozen=True)
class Summary:
    """A graph on its own (``model show``): totals, the per-layer table and how they add up."""

    graph: Any  # frameworks.graph.Graph

    def layers(self) -> list[dict[str, Any]]:
        return [{"name": op.name, "kind": op.kind, "count": op.count,
                 "shape": "×".join(str(int(x)) if float(x).is_integer() else f"{x:g}"
                                   for x in op.shape),
                 "params": as_count(op.params * op.count), "flops": op.flops * op.count,
                 "weight_bytes": op.weight_bytes * op.count,
                 "activation_bytes": (op.input_bytes + op.output_bytes) * op.count}
                for op in self.graph.ops if op.kind != "view"]

    def to_dict(self) -> dict[str, Any]:
        """The summary, keyed as every result keys its inputs (model, precision, phase,
        batch, seq, context), and the layers."""
        s = self.graph.summary()
        return {"model": s.pop("name"), "precision": s.pop("dtype"), **s,
                "layers": self.layers()}

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per layer."""
        return self.layers()

    def rows(self) -> list[Table]:
        s = self.graph.summary()
        moved = s["weight_bytes"] + s["activation_bytes"]
        rows: list[Fact] = [("parameters", s["params"], "count"),
                            *([("active parameters per token", s["active_params"], "count")]
                              if "active_params" in s else []),
                            ("weights", s["param_bytes"], "bytes"),
                            ("FLOPs per pass", s["flops"], "flops"),
                            ("bytes moved per pass", moved, "bytes"),
                            ("arithmetic intensity", s["intensity_flop_per_byte"], "intensity")]
        if s.get("kv_cache_bytes"):
            rows.append(("SSM state (no KV cache)" if s.get("family") == "mamba" else "KV cache",
                         s["kv_cache_bytes"], "bytes"))
        layers = columns(("name", "op"), ("kind", "kind"), ("count", "×", "count"),
                         ("shape", "output"), ("params", "params", "count"),
                         ("flops", "FLOPs", "flops"), ("weight_bytes", "weights", "bytes"),
                         ("activation_bytes", "activations", "bytes"))
        return [facts(f"{s['name']} · {s['dtype']} · {self.graph.workload.point()}", rows),
                Table("Layers (× = times per pass; totals per row)", layers,
                      tuple(self.layers()))]

    def explain(self) -> Worked:
        s, layers = self.graph.summary(), self.layers()
        heaviest = max(layers, key=lambda r: r["flops"], default=None)
        moved = s["weight_bytes"] + s["activation_bytes"]
        lines = [
            Line("parameters", "P = Σ count·params",
                 f"over {len(layers)} layers", show(s["params"], "count")),
            Line("weights", "P · bytes per element",
                 f"{show(s['params'], 'count')} × {s['param_bytes'] / s['params']:g} B"
                 if s["params"] else "no parameters", show(s["param_bytes"], "bytes")),
            Line("FLOPs per pass", "O = Σ count·FLOPs (a multiply-add is 2 FLOPs)",
                 f"largest: {heaviest['name']} {show(heaviest['flops'], 'flops')}"
                 if heaviest else "no ops", show(s["flops"], "flops")),
            Line("bytes moved per pass", "D = weights read + activations read and written",
                 f"{show(s['weight_bytes'], 'bytes')} + {show(s['activation_bytes'], 'bytes')}",
                 show(moved, "bytes")),
            Line("arithmetic intensity", "I = O / D",
                 f"{show(s['flops'], 'flops')} / {show(moved, 'bytes')}",
                 show(s["intensity_flop_per_byte"], "intensity")),
        ]
        return Worked(f"{s['name']} [{s['dtype']}]: totals over the graph", tuple(lines))


def _mfu_line(a, t) -> Line:
    """MFU = FLOPs / (T · R_peak) at one precision; Σ FLOPs/R(p) / T when ops differ."""
    mixed = len(a.flops_by_precision()) > 1
    if mixed:
        return Line("model FLOPs utilization", "MFU = Σ FLOPs/R(p) / T   (each op at its own "
                    "precision's peak)", ", ".join(f"{show(f, 'flops')} at {p}" for p, f in
                                                   a.flops_by_precision().items())
                    + f" over {t(a.latency_s)}", show(a.mfu, 'share'))
    return Line("model FLOPs utilization", "MFU = FLOPs / (T · R_peak)",
                f"{show(a.graph.flops, 'flops')} / ({t(a.latency_s)} × "
                f"{show(a.peak_flop_per_s, 'flop_rate')})", show(a.mfu, 'share'))
