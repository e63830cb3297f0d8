"""Validation: predicted vs measured latency on this host, per model and per kind of op.

For each model and batch size: the benchmark harness measures the median latency of one query
(SingleStream at batch 1, Offline batches at larger sizes); the cost model predicts the same
graph (:func:`ironlaw.measure.targets.graph_for`) on the measured ``host`` profile in eager mode
(PyTorch eager is what runs). Then

    error = (predicted − measured) / measured

and, to show where the error comes from, torch.profiler's self time per aten op is summed by
the kind of op it implements (matmul, conv2d, attention, norm, elementwise ...) beside the
cost model's time for ops of that kind. These timings are validation data: nothing here feeds
back into the model's constants (design.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError
from ironlaw.table import Shown, Table, columns
from ironlaw.uncertainty import coverage, covers, mape, relative_error, with_bounds

# aten op (without the "aten::" prefix) → the graph op kind whose work it does
ATEN_KIND = {
    **dict.fromkeys(["addmm", "mm", "bmm", "baddbmm", "matmul", "linear", "_addmm_activation"],
                    "matmul"),
    **dict.fromkeys(["mkldnn_convolution", "convolution", "_convolution", "conv2d",
                     "_slow_conv2d_forward", "thnn_conv2d", "_nnpack_spatial_convolution",
                     "conv1d"], "conv2d"),
    **dict.fromkeys(["_scaled_dot_product_flash_attention_for_cpu", "scaled_dot_product_attention",
                     "_scaled_dot_product_attention_math"], "attention"),
    **dict.fromkeys(["native_layer_norm", "layer_norm", "native_batch_norm", "batch_norm",
                     "_native_batch_norm_legit_no_training", "_batch_norm_impl_index",
                     "rms_norm", "_fused_rms_norm"], "norm"),
    **dict.fromkeys(["_softmax", "softmax", "_log_softmax"], "softmax"),
    **dict.fromkeys(["embedding", "index_select", "embedding_bag", "_embedding_bag"],
                    "embedding"),
    **dict.fromkeys(["max_pool2d", "max_pool2d_with_indices", "avg_pool2d",
                     "adaptive_avg_pool2d", "_adaptive_avg_pool2d", "mean"], "pool"),
}
VIEW_OPS = {"view", "reshape", "permute", "transpose", "t", "flatten", "expand", "unsqueeze",
            "squeeze", "slice", "select", "as_strided", "_unsafe_view", "split", "chunk",
            "narrow", "detach", "alias", "resolve_conj", "resolve_neg", "lift_fresh"}
# allocating an output (or a constant tensor): no graph op does this work apart — each op's
# cost includes its output's — so the profiler's time for it is shown on its own line
ALLOCATION_OPS = {"empty", "empty_like", "empty_strided", "zeros", "zeros_like", "ones",
                  "ones_like", "full", "arange"}

DEFAULT_MODELS = ("resnet50", "mobilenetv2", "ds-cnn", "bert-base", "gpt2", "gpt2:decode",
                  "mlp", "dlrm")


def kind_of(aten: str) -> str:
    """The graph op kind an aten op's time belongs to (elementwise for pointwise math;
    "allocation" for creating a tensor, which no graph op does apart)."""
    name = aten.removeprefix("aten::")
    if name in ATEN_KIND:
        return ATEN_KIND[name]
    if name in VIEW_OPS:
        return "view"
    if name in ALLOCATION_OPS:
        return "allocation"
    return "elementwise"


@dataclass(frozen=True)
class ValidationRow:
    model: str
    phase: str
    batch: int
    scenario: str
    measured_s: float
    predicted_s: float
    measured_ci: tuple
    by_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    # [low, high] of predicted_s: the efficiency parameters at the ends of their stated ranges
    # (calibrate writes them from its fit's residuals)
    interval_s: tuple[float, float] | None = None

    @property
    def error(self) -> float:
        return relative_error(self.predicted_s, self.measured_s)

    @property
    def covered(self) -> bool:
        """Whether the measured latency lies inside the prediction's interval."""
        return covers(self.interval_s, self.measured_s)

    def to_dict(self) -> dict[str, Any]:
        out = {"model": self.model, "phase": self.phase, "batch": self.batch,
               "scenario": self.scenario, "measured_s": self.measured_s,
               "predicted_s": self.predicted_s, "covered": self.covered, "error": self.error,
               "measured_ci_s": list(self.measured_ci), "by_kind": self.by_kind}
        return with_bounds(out, {"predicted_s": self.interval_s})


@dataclass(frozen=True, repr=False)
class Validation(Shown):
    results: tuple[ValidationRow, ...]
    device: str
    env: dict
    assumptions: tuple[str, ...] = ()

    @property
    def mean_abs_error(self) -> float:
        """MAPE of the predicted latencies against the measured ones (uncertainty.mape)."""
        return mape((r.predicted_s, r.measured_s) for r in self.results)

    @property
    def within_25(self) -> int:
        return sum(abs(r.error) <= 0.25 for r in self.results)

    @property
    def coverage(self) -> float:
        """The share of measured latencies inside their prediction's interval."""
        return coverage((r.interval_s, r.measured_s) for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "rows": [r.to_dict() for r in self.results],
                "mean_abs_error": self.mean_abs_error, "within_25_percent": self.within_25,
                "coverage": self.coverage,
                "count": len(self.results), "assumptions": list(self.assumptions)}

    def rows(self) -> list[Table]:
        """Predicted against measured per model, then where the time goes by kind of op."""
        data = self.to_dict()
        records = tuple({**r, "error": f"{r['error']:+.1%}",
                         "covered": "yes" if r["covered"] else "no"} for r in data["rows"])
        kinds = tuple({"model": f"{r['model']} b{r['batch']}", "kind": k, **v}
                      for r in data["rows"] for k, v in r["by_kind"].items()
                      if v["predicted_s"] or v["measured_s"])
        tables = [Table(f"Predicted vs measured on {self.device}: mean |error| "
                        f"{self.mean_abs_error:.1%}, {self.within_25}/{len(self.results)} "
                        f"within 25%, interval coverage {self.coverage:.0%}",
                        columns(("model", "model"), ("phase", "phase"), ("batch", "batch", "count"),
                                ("measured_s", "measured", "time"),
                                ("predicted_s", "predicted", "time"),
                                ("predicted_s_low", "low", "time"),
                                ("predicted_s_high", "high", "time"),
                                ("covered", "inside"), ("error", "error")),
                        records, () if kinds else self._notes())]
        if kinds:
            tables.append(Table("Where the time goes, by kind of op",
                                columns(("model", "model"), ("kind", "op kind"),
                                        ("predicted_s", "predicted", "time"),
                                        ("measured_s", "measured (profiler)", "time")),
                                kinds, self._notes()))
        return tables

    def _notes(self) -> tuple[str, ...]:
        return tuple(f"assumption: {a}" for a in self.assumptions)

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per model and batch."""
        return [{k: v for k, v in r.to_dict().items() if k not in ("by_kind", "measured_ci_s")}
                for r in self.results]

    def explain(self) -> Worked:
        lines = tuple(Line(f"{r.model} ({r.phase}, batch {r.batch})",
                           "error = (predicted − measured) / measured",
                           f"({r.predicted_s * 1e3:.3g} ms − {r.measured_s * 1e3:.3g} ms) / "
                           f"{r.measured_s * 1e3:.3g} ms", f"{r.error:+.1%}") for r in self.results)
        return Worked(f"Validation on {self.device}: mean |error| {self.mean_abs_error:.1%}, "
                      f"{self.within_25}/{len(self.results)} within 25%", lines, self.assumptions)


def _split(spec: str) -> tuple[str, str | None]:
    model, _, phase = spec.partition(":")
    return model, phase or None


def validate(models: tuple[str, ...] = DEFAULT_MODELS, batches: tuple[int, ...] = (1, 8), *,
             min_duration_s: float = 2.0, min_queries: int = 32, threads: int | None = None,
             per_op: bool = True, record: bool = True, progress=None) -> Validation:
    """Benchmark each model, predict it on the measured host profile, compare (module doc)."""
    from ironlaw.frameworks.cost import analyze_bounded
    from ironlaw.hardware.catalog import HOST, open_catalog
    from ironlaw.measure.bench import profile_ops, run_benchmark
    from ironlaw.measure.targets import graph_for

    catalog = open_catalog()
    if HOST not in catalog.devices:
        raise UserError("no measured profile of this machine yet: run `ironlaw measure host` "
                        "(and `ironlaw calibrate`) first")
    host = catalog.devices[HOST]
    efficiency = catalog.efficiency_of(host)
    assumptions = [] if host.efficiency else [
        "host not calibrated: the cpu kind's default efficiency parameters were used "
        "(run `ironlaw calibrate`)"]
    rows = []
    for spec in models:
        model, phase = _split(spec)
        for batch in batches:
            if progress:
                progress(f"{spec} batch {batch}")
            kwargs = {"batch": batch, "phase": phase, "threads": threads}
            if phase == "decode":
                kwargs["context"] = 128
            scenario = "single-stream" if batch == 1 else "offline"
            bench = run_benchmark(model, scenario, min_duration_s=min_duration_s,
                                  min_queries=min_queries, record=False, **kwargs)
            measured = bench.latency_p50_s
            graph = graph_for(model, phase=bench.phase if bench.phase != "forward" else None,
                              batch=batch, seq=bench.seq, context=bench.context, dtype="fp32")
            result = analyze_bounded(graph, host, efficiency, "eager")
            by_kind: dict[str, dict[str, float]] = {}
            if per_op:
                for i, op in enumerate(graph.ops):
                    entry = by_kind.setdefault(op.kind, {"predicted_s": 0.0, "measured_s": 0.0})
                    entry["predicted_s"] += float(result.per_op["time_s"][i])
                profile = profile_ops(model, batch=batch, phase=kwargs["phase"],
                                      context=kwargs.get("context"), threads=threads, passes=5)
                for op in profile.ops:
                    entry = by_kind.setdefault(kind_of(op.op),
                                               {"predicted_s": 0.0, "measured_s": 0.0})
                    entry["measured_s"] += op.self_cpu_s
            ci = bench.ci.get("latency_p50_s", [None, None]) if isinstance(bench.ci, dict) \
                else [None, None]
            rows.append(ValidationRow(model, bench.phase, batch, scenario, measured,
                                      result.latency_s, tuple(ci), by_kind,
                                      result.latency_interval_s))
    validation = Validation(tuple(rows), host.id, bench.env if rows else {}, tuple(assumptions))
    if record:
        _record(validation)
    return validation


def _record(validation: Validation) -> None:
    from ironlaw.measure.store import open_store

    data = validation.to_dict()
    open_store().record_run("validation", "host", validation.env,
                            [r.to_dict() for r in validation.results],
                            {k: v for k, v in data.items() if k != "rows"})
