"""``ironlaw explore``: one self-contained interactive page over a bounded grid.

The grid is models × devices × precisions × phases × batches × contexts. Each (model, phase,
precision, device) is costed in one broadcast call of ``frameworks.cost.analyze_bounded`` over
all its (batch, context) pairs — per-op arrays of shape (ops × configurations), as the graph
sweep does — with its latency interval.
A grid of more than ``MAX_CONFIGURATIONS`` configurations is refused before any work.

From each configuration the page draws (all SI; tooltips formatted by ``units.format``):

    roofline     per op: I = FLOPs / bytes [FLOP/B], attained = count·FLOPs / time [FLOP/s],
                 under the roof P = min(R(precision), I·BW(weights' level)) (laws.roofline)
    dominance    time in compute-bound ops, in memory-bound ops, launch overhead [s]
    ladder       latency [s] against throughput (batch / latency) [1/s] over batch, each
                 point with its interval: the latency with every efficiency parameter at the
                 fast and the slow end of its stated range (ironlaw.uncertainty)
    memory       weights + KV cache + largest live activations [B] (analyze's footprint), and
                 training states with AdamW in mixed precision: weights, gradients, master and
                 optimizer state (training.memory.model_states) [B]
    devices      latency of the same configuration on every device [s], with its interval
    pareto       latency against throughput over every device, precision, batch and context
                 of the model and phase, the non-dominated points marked (explore.pareto)

Controls are Vega-Lite parameters bound to form inputs (report.html): the page has no script
of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np

from ironlaw.checks import choice
from ironlaw.dtypes import element_bytes
from ironlaw.errors import ParameterError
from ironlaw.explore.pareto import pareto_front
from ironlaw.frameworks.cost import MODES, analyze_bounded, memory_levels
from ironlaw.hardware.catalog import open_catalog
from ironlaw.laws.roofline import arithmetic_intensity, attainable
from ironlaw.models.zoo import build_model, get_model
from ironlaw.ranges import expand, whole
from ironlaw.report.html import VEGA_LITE, page, shown, titled
from ironlaw.report.plots import close_on_roofline
from ironlaw.training.memory import model_states, optimizer_state_bytes
from ironlaw.training.tables import PRECISIONS
from ironlaw.units import format_interval

MAX_CONFIGURATIONS = 1024  # each carries its ops (~15 kB of page each): at most ~16 MB
TOP_OPS = 5  # ops labeled on the roofline: the largest shares of the latency
CONTROLS = ("model", "device", "precision", "phase", "batch", "context")
CONTROLS_ID = "controls"  # the page's element the selects are placed in (Vega's bind.element)
TRAINING_OPTIMIZER = "adamw"
SI = {"format": "~s"}  # tick labels with SI prefixes: 3.35T, 20G
INDEPENDENT = {"scale": {"color": "independent", "shape": "independent", "size": "independent"}}


@dataclass
class Grid:
    """The page's data: one record per configuration, per op, per term, per memory part."""

    axes: dict[str, list]
    points: list[dict] = field(default_factory=list)
    ops: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    memory: list[dict] = field(default_factory=list)
    roofs: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _keys(model, device, precision, phase, batch, context) -> dict[str, Any]:
    return {"model": model, "device": device, "precision": precision, "phase": phase,
            "batch": int(batch), "context": int(context)}


def grid(model, device, precision="bf16", batch="1..256x2", context="512,2048,8192",
         phase=None, catalog=None, mode: str = "fused", kv_precision: str | None = None,
         kv_heads: int | None = None, kv_reads: str | None = None) -> Grid:
    """Cost every configuration of the grid (see the module doc). Each axis takes a value, a
    list, or a string of values (``"h100,mi300x"``, ``"1..256x2"``: ``ranges``). The decoder
    LLMs' KV cache in ``kv_precision`` with ``kv_heads`` heads, read by decode as ``kv_reads``
    says (``models.zoo.build_model``), where given."""
    names = lambda raw, what: list(dict.fromkeys(expand(raw, what, str.strip)))  # noqa: E731
    models, devices, precisions = names(model, "model"), names(device, "device"), names(
        precision, "precision")
    phases = None if phase is None else names(phase, "phase")
    choice(mode, "mode", MODES)
    for name in precisions:
        element_bytes(name)  # an unknown precision is an error, not a note
    batches = sorted(set(expand(batch, "batch", whole("batch"))))
    contexts = sorted(set(expand(context, "context", whole("context"))))
    cat = open_catalog(catalog)
    found = [cat.device(d) for d in devices]
    specs = [get_model(m) for m in models]
    cache = {"kv_precision": kv_precision, "kv_heads": kv_heads, "kv_reads": kv_reads}
    given = [k for k, v in cache.items() if v is not None]
    if given:
        if not any(s.decoder for s in specs):
            raise ParameterError(given[0],
                                 "applies to a decoder LLM's KV cache; none of "
                                 f"{', '.join(s.id for s in specs)} has one")
    wanted = {s.id: [p for p in (phases or s.phases) if p in s.phases] for s in specs}
    for spec in specs:
        if not wanted[spec.id]:
            raise ParameterError("phase", f"{spec.id} has none of {', '.join(phases)} "
                                           f"(it has {', '.join(spec.phases)})")
    size = (sum(len(p) for p in wanted.values()) * len(found) * len(precisions)
            * len(batches) * len(contexts))
    if size > MAX_CONFIGURATIONS:
        raise ParameterError("batch", f"the grid holds {size} configurations; at most "
                                      f"{MAX_CONFIGURATIONS} (MAX_CONFIGURATIONS) fit one page: "
                                      "name fewer batches, contexts, models, devices or "
                                      "precisions")
    out = Grid({"model": [s.id for s in specs], "device": [d.id for d in found],
                "precision": list(precisions),
                "phase": list(dict.fromkeys(p for s in specs for p in wanted[s.id])),
                "batch": batches, "context": contexts})
    b, c = (a.ravel() for a in np.meshgrid(batches, contexts, indexing="ij"))
    for device, precision in product(found, precisions):
        if precision not in device.peak:
            out.notes.append(f"{device.id} does not support {precision}: left out")
            continue
        peak, bandwidth = device.peak_rate(precision), memory_levels(device)[0].bandwidth.value
        for intensity in np.logspace(-2, 5, 57):
            out.roofs.append({"device": device.id, "precision": precision,
                              "intensity": intensity,
                              "attainable": float(attainable(intensity, peak, bandwidth))})
        for spec, phase in ((s, p) for s in specs for p in wanted[s.id]):
            sizes = ({"batch": b} if spec.family != "transformer" else
                     {"batch": b, "context": c} if phase == "decode" else {"batch": b, "seq": c})
            graph = build_model(spec.id, phase=phase, dtype=precision, runs=device.peak,
                                **sizes, **(cache if spec.decoder else {}))
            result = analyze_bounded(graph, device, cat.efficiency_of(device), mode)
            out.notes += [n for n in result.assumptions if n not in out.notes]
            _collect(out, spec.id, device, precision, phase, b, c, graph, result)
    _mark_front(out.points)
    return out


def _collect(out: Grid, model, device, precision, phase, b, c, graph, result):
    """Append the records of one broadcast analysis (configurations along the last axis),
    each with its latency interval (``analyze_bounded``; none wider than the point where no
    efficiency parameter states a range)."""
    n = len(b)
    each = lambda x: np.broadcast_to(np.asarray(x, dtype=float), (n,))  # noqa: E731
    latency, fits = each(result.latency_s), np.broadcast_to(result.fits, (n,))
    low, high = (each(x) for x in (result.latency_interval_s or (latency, latency)))
    throughput, mfu = each(result.throughput_per_s), each(result.mfu)
    weights, kv = each(graph.param_bytes), each(graph.workload.kv_cache_bytes)
    activations = each(result.memory_bytes) - weights - kv
    capacity = result.memory_capacity_bytes  # None or inf: no limit known
    capacity = capacity if capacity is not None and np.isfinite(capacity) else None
    terms = {"compute-bound ops": each(result.compute_bound_s),
             "memory-bound ops": each(result.memory_bound_s),
             "launch overhead": each(result.overhead_s)}
    states = [(use, part, each(v)) for use, part, v in _training_states(graph, precision,
                                                                          out.notes)]
    cols, p = graph.columns(), result.per_op
    flops = np.broadcast_to(cols["flops"].reshape(len(graph.ops), -1), p["time_s"].shape)
    count = np.broadcast_to(cols["count"].reshape(len(graph.ops), -1), p["time_s"].shape)
    moved = np.broadcast_to(p["bytes"], p["time_s"].shape)
    for j in range(n):
        key = _keys(model, device.id, precision, phase, b[j], c[j])
        spread = None if low[j] == high[j] else (low[j], high[j])
        out.points.append({**key, "latency_s": latency[j], "latency_s_low": low[j],
                           "latency_s_high": high[j], "throughput_per_s": throughput[j],
                           "mfu": mfu[j], "fits": bool(fits[j]), "capacity_bytes": capacity,
                           "latency": format_interval(latency[j], spread, "time"),
                           "throughput": f"{shown(throughput[j], 'count')} /s",
                           "memory": shown(weights[j] + kv[j] + activations[j], "bytes")})
        for term, seconds in terms.items():
            out.terms.append({**key, "term": term, "time_s": seconds[j],
                              "time": shown(seconds[j], "time")})
        parts = {"weights": weights[j], "KV cache": kv[j], "activations": activations[j]}
        for use, part, value in [*(("this phase", k, v) for k, v in parts.items()),
                                 *((use, k, v[j]) for use, k, v in states)]:
            out.memory.append({**key, "use": use, "part": part, "bytes": value,
                               "shown": shown(value, "bytes")})
        time = p["time_s"][:, j]
        real = (flops[:, j] > 0) & (moved[:, j] > 0) & (time > 0)
        order = np.argsort(-np.where(real, time, -1.0))
        for rank, i in enumerate(order[:int(real.sum())]):
            attained = count[i, j] * flops[i, j] / time[i]
            out.ops.append({**key, "op": graph.ops[i].name,
                            "rank": rank,
                            "intensity": float(arithmetic_intensity(flops[i, j], moved[i, j])),
                            "attained": float(attained), "bound": str(p["bound"][i, j])
                            if np.ndim(p["bound"]) == 2 else str(p["bound"][i]),
                            "share": float(time[i] / latency[j]),
                            "time": shown(time[i], "time"),
                            "rate": shown(attained, "flop_rate")})


def _label(ops: list[dict[str, Any]], at) -> None:
    """Set the ``label`` of the ops of one configuration (in rank order): the TOP_OPS largest
    shares are named; ops whose points are close on the roofline (``close_on_roofline``)
    share one label (at the largest), ``"mlp.down · mlp.gate"``; a label whose box (``at``:
    (intensity, attained) → its pixel position; about 6.5 px per character, 13 px high)
    would cover one already placed is left off, that op named in its tooltip only."""
    leaders: list[dict[str, Any]] = []
    for op in ops:
        op["label"] = ""
        if op["rank"] >= TOP_OPS:
            continue
        near = next((lead for lead in leaders if close_on_roofline(lead, op)), None)
        if near is None:
            op["label"] = op["op"]
            leaders.append(op)
        else:
            near["label"] += f" · {op['op']}"
    placed: list[tuple[float, float, float, float]] = []
    for lead in leaders:
        x, y = at(lead["intensity"], lead["attained"])
        box = (x + 8, y - 7, x + 8 + 6.5 * len(lead["label"]), y + 7)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in placed):
            lead["label"] = ""
        else:
            placed.append(box)


def _labels(ops: list[dict[str, Any]], x_domain, y_domain, width: float, height: float):
    """Label the ops of every configuration (:func:`_label`) on a log-log chart of ``width``
    × ``height`` pixels over the given domains."""
    def at(i, a):
        fx = math.log(i / x_domain[0]) / math.log(x_domain[1] / x_domain[0])
        fy = math.log(a / y_domain[0]) / math.log(y_domain[1] / y_domain[0])
        return width * fx, height * (1 - fy)

    groups: dict[tuple, list[dict[str, Any]]] = {}
    for op in ops:
        groups.setdefault(tuple(op[k] for k in CONTROLS), []).append(op)
    for group in groups.values():
        _label(sorted(group, key=lambda o: o["rank"]), at)


def _training_states(graph, precision: str, notes: list[str]) -> list[tuple[str, str, Any]]:
    """(use, part, bytes) of training the model's weights with AdamW in ``precision``."""
    if precision not in PRECISIONS:
        note = f"training states shown for {', '.join(PRECISIONS)} only"
        if note not in notes:
            notes.append(note)
        return []
    s = model_states(graph.params, precision, optimizer_state_bytes(graph, TRAINING_OPTIMIZER))
    use = f"training states ({TRAINING_OPTIMIZER})"
    return [(use, "weights", s.weights), (use, "gradients", s.gradients),
            (use, "optimizer", s.master + s.optimizer)]


def _mark_front(points: list[dict]) -> None:
    """``front``: not dominated in (latency ↓, throughput ↑) within its model and phase; a
    configuration that does not fit is never on it."""
    groups: dict[tuple, list[int]] = {}
    for i, point in enumerate(points):
        groups.setdefault((point["model"], point["phase"]), []).append(i)
    for rows in groups.values():
        values = [[points[i]["latency_s"], points[i]["throughput_per_s"]] if points[i]["fits"]
                  else [np.nan, np.nan] for i in rows]
        for i, front in zip(rows, pareto_front(values, [False, True]), strict=True):
            points[i]["front"] = bool(front)


# --- the Vega-Lite spec ------------------------------------------------------------------------
def _where(*names: str) -> dict:
    return {"filter": " && ".join(f"datum.{n} == {n}_choice" for n in names)}


def _log(values) -> dict:
    positive = [v for v in values if v > 0]
    return {"type": "log", "domain": [min(positive) / 1.5, max(positive) * 1.5]}


def spec(data: Grid) -> dict:
    """The page's one Vega-Lite spec: controls on top, six linked views below."""
    start = {name: values[len(values) // 2 if name == "batch" else 0]
             for name, values in data.axes.items()}
    params = [{"name": f"{name}_choice", "value": start[name],
               "bind": {"input": "select", "options": data.axes[name], "name": f"{name} ",
                        "element": f"#{CONTROLS_ID}"}}
              for name in CONTROLS]
    tip = lambda *fields: [{"field": f, "title": t} for f, t in fields]  # noqa: E731
    x_scale = _log([r["intensity"] for r in data.roofs] or [1])
    y_scale = _log([r["attainable"] for r in data.roofs] + [o["attained"] for o in data.ops]
                   or [1])
    _labels(data.ops, x_scale["domain"], y_scale["domain"], 520, 360)
    roofline = {
        "title": "Roofline: ops of the chosen configuration (labels: the largest shares)",
        "width": 520, "height": 360,
        "layer": [
            {"data": {"name": "roofs"}, "transform": [_where("device", "precision")],
             "mark": {"type": "line", "color": "#444"},
             "encoding": {"x": {"field": "intensity", "type": "quantitative",
                                "scale": x_scale,
                                "title": titled("arithmetic intensity", "intensity"), "axis": SI},
                          "y": {"field": "attainable", "type": "quantitative",
                                "scale": y_scale,
                                "title": titled("attained rate", "flop_rate"), "axis": SI}}},
            {"data": {"name": "ops"}, "transform": [_where(*CONTROLS)],
             "mark": {"type": "circle", "opacity": 0.8},
             "encoding": {"x": {"field": "intensity", "type": "quantitative"},
                          "y": {"field": "attained", "type": "quantitative"},
                          "size": {"field": "share", "type": "quantitative",
                                   "title": "share of latency", "legend": None},
                          "color": {"field": "bound", "type": "nominal"},
                          "tooltip": tip(("op", "op"), ("intensity", "intensity [FLOP/B]"),
                                         ("rate", "attained"), ("time", "time (all repeats)"),
                                         ("bound", "bound"))}},
            # the largest shares named; ops whose points coincide share one label (_label)
            {"data": {"name": "ops"},
             "transform": [_where(*CONTROLS), {"filter": "datum.label != ''"}],
             "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 8,
                      "fontSize": 11},
             "encoding": {"x": {"field": "intensity", "type": "quantitative"},
                          "y": {"field": "attained", "type": "quantitative"},
                          "text": {"field": "label"}}},
        ]}
    dominance = {
        "title": "Iron Law terms: what dominates", "width": 420, "height": 70,
        "data": {"name": "terms"}, "transform": [_where(*CONTROLS)], "mark": "bar",
        "encoding": {"x": {"field": "time_s", "type": "quantitative", "stack": True,
                           "title": titled("time", "time"), "axis": SI},
                     "color": {"field": "term", "type": "nominal", "sort": None,
                               "scale": {"range": ["#d62728", "#1f77b4", "#7f7f7f"]}},
                     "tooltip": tip(("term", "term"), ("time", "time"))}}
    memory = {
        "title": "Memory: this phase and training states", "width": 420, "height": 90,
        "data": {"name": "memory"}, "transform": [_where(*CONTROLS)], "mark": "bar",
        "encoding": {"y": {"field": "use", "type": "nominal", "title": None},
                     "x": {"field": "bytes", "type": "quantitative", "stack": True,
                           "title": titled("memory", "bytes"), "axis": SI},
                     "color": {"field": "part", "type": "nominal"},
                     "tooltip": tip(("use", "use"), ("part", "part"), ("shown", "bytes"))}}
    axis_latency = {"field": "latency_s", "type": "quantitative", "scale": {"type": "log"},
                    "title": titled("latency", "time"), "axis": SI}
    axis_rate = {"field": "throughput_per_s", "type": "quantitative", "scale": {"type": "log"},
                 "title": "throughput [1/s] (samples or sequences)", "axis": SI}
    point_tip = tip(("device", "device"), ("precision", "precision"), ("batch", "batch"),
                    ("context", "context"), ("latency", "latency"),
                    ("throughput", "throughput"), ("memory", "memory"), ("fits", "fits"))
    def interval(x: dict) -> dict:
        """A rule from each point's fast-end to its slow-end latency (its interval)."""
        return {"mark": {"type": "rule", "color": "#888", "strokeWidth": 2},
                "encoding": {"x": x, "y": {**axis_latency, "field": "latency_s_low"},
                             "y2": {"field": "latency_s_high"}, "tooltip": point_tip}}

    ladder = {
        "title": "Latency–throughput ladder over batch (bars: intervals)", "width": 420,
        "height": 300,
        "data": {"name": "points"},
        "transform": [_where("model", "device", "precision", "phase", "context")],
        "layer": [interval(axis_rate),
                  {"mark": {"type": "line", "point": True},
                   "encoding": {"x": axis_rate, "y": axis_latency, "order": {"field": "batch"},
                                "tooltip": point_tip}},
                  {"transform": [{"filter": "datum.batch == batch_choice"}],
                   "mark": {"type": "point", "size": 160, "color": "#d62728", "filled": True},
                   "encoding": {"x": axis_rate, "y": axis_latency, "tooltip": point_tip}}]}
    devices = {
        "title": "Devices at the chosen configuration", "width": 420, "height": 160,
        "data": {"name": "points"},
        "transform": [_where("model", "precision", "phase", "batch", "context")],
        "layer": [
            {"mark": "bar",
             "encoding": {"y": {"field": "device", "type": "nominal"},
                          "x": {"field": "latency_s", "type": "quantitative",
                                "title": titled("latency", "time"), "axis": SI},
                          "color": {"field": "fits", "type": "nominal",
                                    "scale": {"domain": [True, False],
                                              "range": ["#4c78a8", "#e45756"]}},
                          "tooltip": point_tip}},
            {"mark": {"type": "rule", "color": "#222", "strokeWidth": 2},
             "encoding": {"y": {"field": "device", "type": "nominal"},
                          "x": {"field": "latency_s_low", "type": "quantitative"},
                          "x2": {"field": "latency_s_high"}, "tooltip": point_tip}}]}
    pareto = {
        "title": "Pareto front: every device, precision, batch and context", "width": 420,
        "height": 300, "data": {"name": "points"}, "transform": [_where("model", "phase")],
        "layer": [{"mark": {"type": "point", "opacity": 0.35},
                   "encoding": {"x": axis_latency, "y": axis_rate,
                                "color": {"field": "device", "type": "nominal"},
                                "shape": {"field": "precision", "type": "nominal"},
                                "tooltip": point_tip}},
                  {"transform": [{"filter": "datum.front"}],
                   "mark": {"type": "line", "point": True, "color": "#222"},
                   "encoding": {"x": axis_latency, "y": axis_rate,
                                "order": {"field": "latency_s"}, "tooltip": point_tip}}]}
    return {"$schema": VEGA_LITE, "params": params,
            "datasets": {"points": data.points, "ops": data.ops, "terms": data.terms,
                         "memory": data.memory, "roofs": data.roofs},
            "vconcat": [{"hconcat": [roofline, {"vconcat": [dominance, memory, devices],
                                                "resolve": INDEPENDENT}],
                         "resolve": INDEPENDENT},
                        {"hconcat": [ladder, pareto], "resolve": INDEPENDENT}],
            "resolve": INDEPENDENT,
            "config": {"view": {"stroke": None}, "axis": {"grid": True}}}


def explore_page(model, device, precision="bf16", batch="1..256x2", context="512,2048,8192",
                 phase=None, catalog=None, mode: str = "fused", kv_precision: str | None = None,
                 kv_heads: int | None = None, kv_reads: str | None = None) -> tuple[str, Grid]:
    """The HTML page and the grid behind it (arguments as :func:`grid`)."""
    data = grid(model, device, precision, batch, context, phase, catalog, mode, kv_precision,
                kv_heads, kv_reads)
    from html import escape

    axes = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in data.axes.items())
    intro = (f"<p>Grid ({len(data.points)} configurations, {mode} execution) — {axes}. "
             "Context is the prompt length in prefill and the tokens attended to in decode."
             "</p>" + "".join(f'<p class="note">{escape(n)}</p>' for n in data.notes)
             + f'<div id="{CONTROLS_ID}" class="controls"></div>')  # the selects, above the views
    return page("ironlaw explore", figures=[spec(data)], intro=intro), data
