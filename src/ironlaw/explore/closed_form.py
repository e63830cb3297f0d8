"""Whole-model closed forms for huge sweeps: the napkin Iron Law, vectorized over every dimension.

Per configuration (model m, phase, precision p, device d, mode, batch B, seq S, context C):

    tokens    N = B·S (prefill, encoder), B (decode), B samples (vision)
    work      O = f_m·N          f_m = 2·P_active FLOPs per token (transformers: the weights of
                                 every matmul a token passes through; MoE: the k routed experts),
                                 or the FLOPs of one sample (vision models)
    data      D = P_m·b_p + KV,  KV = 2·L·h_kv·d·K·B·b_p  (K: tokens attended; decoders only)
    time      T = max(D/(BW·f), O/(R_p·η_p)) + n_launch·t_launch   (laws.iron, overlapped)
    memory    M = D (weights + KV cache; activations left out), fits if M ≤ capacity

R_p, BW, η_p (GEMM peak fraction at precision p), f (memory fraction) and t_launch come from
the catalog as arrays over devices; P, f_m, the KV size per token and n_launch from each
model's graph at one token. Everything is gathered by index and evaluated in one numpy pass
per block of a chunk; :func:`solve` evaluates one configuration on Python floats through the
same :func:`napkin`.
Assumptions: activation traffic and memory are ignored; attention FLOPs are ignored; an MoE
reads all of its experts' weights every pass; a state-space model's fixed state is left out
(it has no KV cache).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ironlaw.explore import metrics
from ironlaw.explore.space import Chunk, Space

FORWARD, PREFILL, DECODE = 0, 1, 2
BLOCK = 1 << 15  # configurations per numpy pass: arrays of 256 kB stay in cache
BOTTLENECK = np.array(["compute", "memory", "overhead", ""], dtype=object)
ASSUMPTIONS = ("closed form: activation traffic and memory left out; attention FLOPs left out; "
               "an MoE reads all experts' weights every pass",)


@lru_cache(maxsize=256)
def model_row(model: str, phase: str) -> tuple[str, dict]:
    """(reason, coefficients) of one model in one phase (reason "" when it has the phase)."""
    from ironlaw.dtypes import element_bytes
    from ironlaw.models.transformer import kv_cache_bytes
    from ironlaw.models.zoo import architecture, build_model, get_model

    built, reason = metrics.phase_of(model, phase)
    if reason:
        return reason, {}
    spec = get_model(model)
    b = element_bytes("bf16")
    one = {"seq": 1} if built in ("prefill", "encoder") else (
        {"context": 1} if built == "decode" else {})
    graph = build_model(model, phase=built, batch=1, dtype="bf16", **one)
    c = graph.columns()
    count = c["count"]
    launches = {"fused": float(np.dot(count, graph.fused["launches"])),
                "eager": float(np.dot(count, (graph.kinds != "view").astype(float)))}
    row = {"kind": {"decode": DECODE, "forward": FORWARD}.get(built, PREFILL),
           "params": graph.param_bytes / b, "launches": launches,
           "kv_per_token": 0.0, "window": np.inf, "positions": metrics.positions(model),
           "transformer": float(spec.family == "transformer")}
    if spec.family == "transformer":
        matmul = graph.kinds == "matmul"
        row["flops_per_token"] = 2.0 * float(np.dot(count[matmul], c["weight_bytes"][matmul])) / b
        arch = architecture(spec.id)
        row["kv_per_token"] = float(kv_cache_bytes(arch, 1, 1, "bf16")) / b \
            if arch.decoder and arch.ssm is None else 0.0
        row["window"] = float(arch.window) if arch.window else np.inf
    else:
        row["flops_per_token"] = float(graph.flops)
    return "", row


def _tables(space: Space) -> dict[str, np.ndarray]:
    """Coefficient arrays over (model, phase), (device, precision), (device, mode) ..."""
    from ironlaw.dtypes import element_bytes

    models, phases = space.coord("model"), space.coord("phase")
    precisions, modes = space.coord("precision"), space.coord("mode")
    shape = (len(models), len(phases))
    t = {k: np.zeros(shape) for k in ("kind", "params", "flops_per_token", "kv_per_token",
                                      "window", "positions", "transformer")}
    t["launches"] = np.zeros((*shape, len(modes)))
    static = [""]  # reason texts; code 0 = none
    t["model_reason"] = np.zeros(shape, dtype=np.int64)
    t["positions_reason"] = np.zeros(shape, dtype=np.int64)
    for i, m in enumerate(models):
        for j, ph in enumerate(phases):
            reason, row = model_row(m, ph)
            if reason:
                static.append(reason)
                t["model_reason"][i, j] = len(static) - 1
                continue
            for key in ("kind", "params", "flops_per_token", "kv_per_token", "window",
                        "positions", "transformer"):
                t[key][i, j] = row[key]
            if np.isfinite(row["positions"]):
                static.append(f"{m} has {row['positions']:.0f} learned positions; a longer "
                              "sequence does not fit")
                t["positions_reason"][i, j] = len(static) - 1
            t["launches"][i, j] = [row["launches"][md] for md in modes]
    t["bytes"] = np.array([element_bytes(p) for p in precisions])
    nd = len(space.devices)
    t["peak"], t["eta"] = np.full((nd, len(precisions)), np.nan), np.zeros((nd, len(precisions)))
    t["device_reason"] = np.zeros((nd, len(precisions)), dtype=np.int64)
    t["bandwidth"], t["capacity"] = np.zeros(nd), np.zeros(nd)
    t["launch_s"] = np.zeros((nd, len(modes)))
    for k, (device, e) in enumerate(zip(space.devices, space.efficiencies, strict=True)):
        for j, p in enumerate(precisions):
            why, numbers = precision_row(device, e, p)
            if why:
                static.append(why)
                t["device_reason"][k, j] = len(static) - 1
            else:
                t["peak"][k, j], t["eta"][k, j] = numbers["peak"], numbers["eta"]
        row = device_row(device, e)
        t["bandwidth"][k], t["capacity"][k] = row["bandwidth"], row["capacity"]
        t["launch_s"][k] = [row["launch_s"][md] for md in modes]
    t["static"] = np.array(static, dtype=object)
    return t


def evaluate(space: Space, index: int) -> Chunk:
    """The metrics of chunk ``index`` of a closed-form space (see the module docstring),
    computed in blocks of BLOCK configurations so the arrays stay in cache."""
    start, stop = space.bounds(index)
    t = _tables(space)
    out: dict[str, np.ndarray] = {}
    for a in range(start, stop, BLOCK):
        part = _block(space, t, a, min(a + BLOCK, stop))
        for key, value in part.items():
            if key not in out:
                out[key] = np.empty(stop - start, dtype=value.dtype)
            out[key][a - start:a - start + len(value)] = value
    return Chunk(index, start, stop, out, ASSUMPTIONS)


def napkin(kind, params, flops_per_token, kv_per_token, window, element_bytes, batch, seq,
           context, bandwidth, peak, eta, overhead):
    """The closed form of the module docstring for one configuration (Python floats) or many
    (broadcasting arrays): (tokens N, tokens attended K, data D [bytes], work O [FLOPs], the
    overlapped Iron Law's terms [s], MFU = O / (T·R_p)).

    ``kind``, ``params``, ``flops_per_token``, ``kv_per_token`` [elements], ``window``: a model
    row (:func:`model_row`); ``bandwidth`` [bytes/s] already times the memory fraction f;
    ``peak`` R_p [FLOP/s], ``eta`` η, ``overhead`` n_launch·t_launch [s].
    """
    from ironlaw.laws._pick import minimum, where
    from ironlaw.laws.iron import iron_law_overlapped

    tokens = where(kind == PREFILL, batch * seq, batch)
    attended = minimum(where(kind == DECODE, context, seq), window)
    data = (params + kv_per_token * attended * batch) * element_bytes
    flops = flops_per_token * tokens
    law = iron_law_overlapped(data, bandwidth, flops, peak, eta, overhead)
    return tokens, attended, data, flops, law, flops / (law.total_s * peak)


def launch_s(efficiency, mode: str) -> float:
    """t_launch [s] of one kernel in ``mode``: the fused launch, or the eager dispatch of an
    op of no kind measured apart ('other': the closed form does not tell op kinds apart)."""
    return (efficiency.eager_launch("other") if mode == "eager"
            else efficiency.fused_overhead.value)


def device_row(device, efficiency) -> dict:
    """A device's numbers that no precision changes, SI floats: bandwidth [bytes/s] (the
    fastest memory level's times the memory fraction f), capacity [bytes] and launch_s [s] by
    mode (:func:`launch_s`). What :func:`_tables` and :func:`device_numbers` both read."""
    from ironlaw.frameworks.cost import memory_levels

    return {"bandwidth": memory_levels(device)[0].bandwidth.value
            * efficiency.memory_fraction.value,
            "capacity": device.model_capacity,
            "launch_s": {mode: launch_s(efficiency, mode) for mode in ("fused", "eager")}}


def precision_row(device, efficiency, precision: str) -> tuple[str, dict]:
    """(reason, numbers) of a device at ``precision`` (reason "" when it runs it): peak R_p
    [FLOP/s] and eta η_p, the GEMM fraction of R_p. What :func:`_tables` and
    :func:`device_numbers` both read."""
    why = metrics.unsupported(device, precision)
    if why:
        return why, {}
    return "", {"peak": device.peak[precision].dense.value,
                "eta": efficiency.gemm_fraction(precision)}


def device_numbers(device, efficiency, precision: str, mode: str = "fused") -> dict:
    """A device's numbers for :func:`solve`, SI floats: bandwidth [bytes/s] and capacity
    [bytes] (:func:`device_row`), peak R_p [FLOP/s] and eta η_p (:func:`precision_row`),
    launch_s [s] in ``mode``, bytes per element of ``precision``."""
    from ironlaw.checks import choice
    from ironlaw.dtypes import element_bytes
    from ironlaw.errors import ParameterError

    why, numbers = precision_row(device, efficiency, precision)
    if why:
        raise ParameterError("precision", why)
    choice(mode, "mode", ("fused", "eager"))
    row = device_row(device, efficiency)
    return {**row, **numbers, "launch_s": row["launch_s"][mode],
            "bytes": float(element_bytes(precision)), "mode": mode}


def solve(row: dict, dev: dict, batch: float, seq: float = 1.0, context: float = 1.0) -> dict:
    """One configuration of the closed form in pure float math (no numpy call): ``row`` a
    model's totals (:func:`model_row`), ``dev`` a device's numbers (:func:`device_numbers`),
    ``batch``, ``seq`` and ``context`` [tokens]. Returns latency_s [s], the law's terms [s],
    mfu, flops [FLOP], memory_bytes [bytes], fits and the bottleneck's name; the same
    :func:`napkin` the sweeps evaluate."""
    _, attended, data, flops, law, mfu = napkin(
        row["kind"], row["params"], row["flops_per_token"], row["kv_per_token"], row["window"],
        dev["bytes"], float(batch), float(seq), float(context), dev["bandwidth"], dev["peak"],
        dev["eta"], row["launches"][dev["mode"]] * dev["launch_s"])
    if attended > row["positions"]:
        from ironlaw.errors import ParameterError
        raise ParameterError("seq", f"the model has {row['positions']:.0f} learned positions; "
                             f"{attended:.0f} tokens do not fit")
    return {"latency_s": law.total_s, "compute_bound_s": law.compute_s,
            "memory_bound_s": law.transfer_s, "overhead_s": law.overhead_s, "mfu": mfu,
            "flops": flops, "memory_bytes": data, "fits": data <= dev["capacity"],
            "bottleneck": BOTTLENECK[{"t": 1, "c": 0}.get(law.dominant[0], 2)]}


def _block(space: Space, t: dict, start: int, stop: int) -> dict[str, np.ndarray]:
    idx = space.unravel(start, stop)
    n_ph, n_p, n_md = (len(space.coord(k)) for k in ("phase", "precision", "mode"))
    mp = idx["model"] * n_ph + idx["phase"]  # flat indices into the coefficient tables
    dp = idx["device"] * n_p + idx["precision"]
    dmd = idx["device"] * n_md + idx["mode"]
    flat = {k: v.ravel() for k, v in t.items() if isinstance(v, np.ndarray)}
    batch = np.asarray(space.coord("batch"), dtype=float)[idx["batch"]]
    seq = np.asarray(space.coord("seq"), dtype=float)[idx["seq"]]
    context = (np.asarray(space.coord("context"), dtype=float)[idx["context"]]
               if space.has("context") else seq)
    peak = flat["peak"][dp]
    d = idx["device"]
    with np.errstate(invalid="ignore", divide="ignore"):
        tokens, attended, data, flops, law, mfu = napkin(
            flat["kind"][mp], flat["params"][mp], flat["flops_per_token"][mp],
            flat["kv_per_token"][mp], flat["window"][mp], t["bytes"][idx["precision"]],
            batch, seq, context, t["bandwidth"][d], peak,
            flat["eta"][dp], flat["launches"][mp * n_md + idx["mode"]] * flat["launch_s"][dmd])
        latency = law.total_s
    # the law names the largest term transfer | compute | overhead (first letters t, c, o)
    first = np.asarray(law.dominant).view(np.uint32).reshape(len(latency), -1)[:, 0]
    code = np.where(first == ord("c"), 0, np.where(first == ord("t"), 1, 2))
    capacity = t["capacity"][d]
    fits = data <= capacity
    static = np.maximum(flat["model_reason"][mp], flat["device_reason"][dp])
    long = (static == 0) & (attended > flat["positions"][mp])
    bad = (static != 0) | long
    reason = t["static"][np.where(long, flat["positions_reason"][mp], static)]
    metrics.fit_reasons(reason, fits, data, capacity)
    out = {"latency_s": latency, "compute_bound_s": law.compute_s,
           "memory_bound_s": law.transfer_s, "overhead_s": law.overhead_s, "mfu": mfu,
           "flops": flops, "memory_bytes": data}
    if bad.any():
        out = {k: np.where(bad, np.nan, v) for k, v in out.items()}
        code = np.where(bad, 3, code)
    out.update({"memory_capacity_bytes": capacity, "fits": fits & ~bad,
                "bottleneck": BOTTLENECK[code], "samples": batch,
                "tokens": np.where(flat["transformer"][mp] > 0, tokens, np.nan)})
    metrics.finish(space, idx, out)
    out["infeasible_reason"] = reason
    out["feasible"] = ~bad & fits
    return out
