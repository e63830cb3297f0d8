"""Graph-level sweeps: every configuration costed by the per-operator model, ops × configurations.

Within a chunk, configurations sharing (model, phase, precision, device, mode) form a run. A
run's distinct sizes (batch; seq or the decode context) become numpy arrays, the graph is
built once from them (``models.zoo.build_model`` broadcasts) and costed in one call of
``frameworks.cost.analyze``: per-op arrays of shape (ops × configurations), no Python loop per
configuration. ``count`` and ``region`` do not change the graph; they only scale the result
(``metrics.finish``).

What does not apply to a model is not swept for it: seq and context are ignored by vision
models (the values repeat along those dimensions), context by prefill and encoder passes.
Infeasible configurations keep their row, with ``infeasible_reason`` saying why: a phase the
model does not have, a precision the device does not support, a sequence beyond a model's
learned positions, or "does not fit: needs X of Y".
"""

from __future__ import annotations

import numpy as np

from ironlaw.explore import metrics
from ironlaw.explore.space import Chunk, Space, runs

BLOCK = 8192  # configurations per analyze call: keeps the (ops × configurations) arrays in cache
RUN_DIMS = ("model", "phase", "precision", "device", "mode")
FLOATS = ("latency_s", "compute_bound_s", "memory_bound_s", "overhead_s", "mfu", "flops",
          "memory_bytes", "memory_capacity_bytes", "samples", "tokens", "tpot_s", "ttft_s")


def _sizes(space: Space, idx, a: int, b: int, model: str, phase: str):
    """The distinct size tuples of a run, which of its rows each configuration uses, the
    keyword names they are passed as, and the rows beyond the model's positions."""
    from ironlaw.models.zoo import get_model

    batch = np.asarray(space.coord("batch"))[idx["batch"][a:b]]
    seq = np.asarray(space.coord("seq"))[idx["seq"][a:b]]
    if get_model(model).family != "transformer":
        columns, names = [batch], ["batch"]
    elif phase == "decode":
        context = (np.asarray(space.coord("context"))[idx["context"][a:b]]
                   if space.has("context") else seq)
        columns, names = [batch, context], ["batch", "context"]
    else:
        columns, names = [batch, seq], ["batch", "seq"]
    rows, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
    limit = metrics.positions(model)
    too_long = rows[:, 1] > limit if len(names) > 1 else np.zeros(len(rows), bool)
    if too_long.any():
        rows = rows.copy()
        rows[too_long, 1] = limit  # built at the limit, then marked infeasible
    return rows, inverse.ravel(), names, too_long


def _cost_rows(model, phase, precision, device, efficiency, mode, rows, names):
    """Cost the distinct size rows in blocks; per-row arrays of every FLOATS metric."""
    from ironlaw.frameworks.cost import analyze
    from ironlaw.models.zoo import build_model

    k = len(rows)
    out = {name: np.full(k, np.nan) for name in FLOATS}
    out["fits"] = np.zeros(k, bool)
    out["bottleneck"] = np.empty(k, dtype=object)
    assumptions: list[str] = []
    for s in range(0, k, BLOCK):
        part = rows[s:s + BLOCK]
        sizes = {name: part[:, j] for j, name in enumerate(names)}
        graph = build_model(model, phase=phase, dtype=precision, runs=device.peak, **sizes)
        result = analyze(graph, device, efficiency, mode)
        n = len(part)
        span = slice(s, s + n)

        def put(key, value, n=n, span=span):
            out[key][span] = np.broadcast_to(np.asarray(value, dtype=out[key].dtype), (n,))

        put("latency_s", result.latency_s)
        put("compute_bound_s", result.compute_bound_s)
        put("memory_bound_s", result.memory_bound_s)
        put("overhead_s", result.overhead_s)
        put("mfu", result.mfu)
        put("flops", graph.flops)
        put("memory_bytes", result.memory_bytes)
        put("memory_capacity_bytes", np.inf if result.memory_capacity_bytes is None
            else result.memory_capacity_bytes)
        put("fits", result.fits)
        put("bottleneck", result.bottleneck)
        put("samples", graph.workload.batch)
        put("tokens", np.nan if graph.workload.tokens is None else graph.workload.tokens)
        if phase == "decode":
            put("tpot_s", result.latency_s)
        elif phase == "prefill":
            put("ttft_s", result.latency_s)
        assumptions += [x for x in result.assumptions if x not in assumptions]
    return out, assumptions


def evaluate(space: Space, index: int) -> Chunk:
    """The metrics of chunk ``index`` of a graph-method space."""
    start, stop = space.bounds(index)
    idx = space.unravel(start, stop)
    n = stop - start
    out = {name: np.full(n, np.nan) for name in FLOATS}
    out["fits"] = np.zeros(n, bool)
    out["bottleneck"] = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)
    assumptions: list[str] = []
    for a, b, (model, phase, precision, _, mode) in runs(space, idx, RUN_DIMS):
        d = int(idx["device"][a])
        device = space.devices[d]
        built, why = metrics.phase_of(model, phase)
        why = why or metrics.unsupported(device, precision)
        if why:
            reason[a:b] = why
            continue
        rows, inverse, names, too_long = _sizes(space, idx, a, b, model, built)
        costs, notes = _cost_rows(model, built, precision, device, space.efficiencies[d], mode,
                                  rows, names)
        assumptions += [x for x in notes if x not in assumptions]
        for key, value in costs.items():
            out[key][a:b] = value[inverse]
        if too_long.any():
            bad = too_long[inverse]
            what = "context" if built == "decode" else "seq"
            reason[a:b][bad] = (f"{model} has {int(metrics.positions(model))} learned positions; a "
                                f"longer {what} does not fit")
            for key in FLOATS:
                out[key][a:b][bad] = np.nan
            out["fits"][a:b][bad] = False
            out["bottleneck"][a:b][bad] = ""
    metrics.fit_reasons(reason, out["fits"], out["memory_bytes"], out["memory_capacity_bytes"])
    metrics.finish(space, idx, out)
    out["infeasible_reason"] = reason
    out["feasible"] = reason == ""
    return Chunk(index, start, stop, out, tuple(assumptions))
