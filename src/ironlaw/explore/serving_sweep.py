"""Serving capacity sweeps: the serving layer's own solvers, called with arrays.

Per (model, precision, device, tp) run of a chunk, the distinct prompts and (batch, context)
pairs are passed as arrays to the functions ``serve_llm`` calls for one configuration:

    TTFT (bare)   serving.phases.prefill: one P-token prompt, split tp ways (Megatron-LM);
                  with a swept shared prefix of S tokens and hit share h, the mean
                  serving.prefix.mean: h·T_hit + (1 − h)·T_miss, the hit pass computing
                  P − S_b tokens (phases.prefill with ``cached`` = S_b = ⌊S/16⌋·16)
    TPOT          serving.phases.decode: B sequences at the mean context P + ⌊O/2⌋
    KV layout     the swept kv_precision, kv_heads and kv_reads (serving.kv.KvLayout), as
                  serve_llm takes them: per-head reads (a decode kernel reading each K/V head
                  once per query head, frameworks.ops.per_head_reads) read a GQA model's
                  decode K/V bytes C g = h/h_kv times, C·g in place of C
    KV fit        serving.kv.plan: the sequences each device's KV budget holds (with a
                  shared prefix: its S_b tokens held once, h·S_b off each sequence)
    schedules     serving.batching.prefill_first: mean TPOT T_dec + B·T_pre/(O − 1); and
                  chunked prefill under the default engine's token budget K
                  (serving.sources.token_budget), its mixed pass costed on the graph: both
                  from serving.schedules.at_batch, as serve_llm takes them;
                  serving.batching.running picks chunked prefill where it is sustainable
    service       S = TTFT_run + (O − 1)·mean TPOT_run;   tokens/s per replica B/T_dec
    replicas      serving.capacity.replicas_for: M/D/c with c = r·B servers of rate 1/S, the
                  fewest replicas r with TTFT_run + W_q ≤ SLO (configurations that differ
                  only in their SLO share each Erlang C evaluation)

Then the q-th percentile TTFT = TTFT_run + W_q, request latency = W_q + S, and cost per
million output tokens = 1e6·r·tp·p/(λ·O), p the price per device-second [USD/s]
(operations.cost).

Worked KV side of a shared prefix: Llama-3-8B in bf16 keeps 32 layers × 8 KV heads × 128 × 2
(K, V) × 2 B = 131,072 B per token. With 16-token blocks, a 1536-token shared prefix (96 whole
blocks, S_b = 1536) of a 2048-token prompt with 128 output tokens at hit 1: a sequence holds
⌈2176/16⌉·16 − 1536 = 640 tokens, 640 × 131,072 = 83,886,080 B (was 2176 × 131,072 =
285,212,672 B), and the prefix's 1536 × 131,072 = 201,326,592 B are held once per replica.
"""

from __future__ import annotations

import numpy as np

from ironlaw.errors import UserError
from ironlaw.explore import metrics
from ironlaw.explore.space import Chunk, Space, runs

RUN_DIMS = ("model", "precision", "device", "tp")
KV_DIMS = ("kv_precision", "kv_heads", "kv_reads")  # present when swept (serving.kv.KvLayout)
ROW_DIMS = ("batch", "prompt", "output")


def _target(space: Space, d: int, tp: int):
    """One replica of ``tp`` devices of sweep device ``d`` in one node (as ``serve --on``
    a device names it)."""
    from ironlaw.hardware.links import link_for
    from ironlaw.serving.target import Target

    device = space.devices[d]
    return Target(device, space.efficiencies[d], None, tp,
                  link_for(device, tp) if tp > 1 else None)


def _rows(space: Space, idx, a, b, model, precision, d, tp, layout):
    """Per distinct (batch, prompt, output[, shared prefix, hit share]) of a run: times,
    schedule, KV plan, reasons."""
    from ironlaw.serving import batching, kv, phases, prefix, schedules
    from ironlaw.serving.sources import (
        DEFAULT_ENGINE,
        KV_BLOCK_TOKENS,
        MEMORY_UTILIZATION,
        token_budget,
    )

    device, target = space.devices[d], _target(space, d, tp)
    cached_prefix = space.has("shared_prefix")
    dims = ROW_DIMS + (("shared_prefix", "prefix_hit") if cached_prefix else ())
    # distinct rows by their coordinates' indices, one integer code each (a 1-d unique)
    sizes = [len(space.coord(k)) for k in dims]
    codes, inverse = np.unique(np.ravel_multi_index([idx[k][a:b] for k in dims], sizes),
                               return_inverse=True)
    at = np.unravel_index(codes, sizes)
    # the values, and the hit share by its index: the rows stay whole numbers
    rows = np.stack([np.asarray(space.coord(k))[i] for k, i in zip(dims[:4], at, strict=False)]
                    + list(at[4:]), axis=1)
    batch, prompt, output = (rows[:, j] for j in range(3))
    block = int(KV_BLOCK_TOKENS.value)
    shared, hit = ((rows[:, 3], np.asarray(space.coord("prefix_hit"), float)[rows[:, 4]])
                   if cached_prefix else (0, 0.0))
    prompts, at = np.unique(prompt, return_inverse=True)
    at = at.ravel()
    pre = phases.prefill(model, target, prompts, precision, kv=layout)
    dec = phases.decode(model, target, batch, prompt + output // 2, precision, kv=layout)
    n = len(rows)
    t_pre = np.broadcast_to(pre.time_s, prompts.shape)[at]
    if cached_prefix:  # the mean TTFT h·T_hit + (1 − h)·T_miss, as serve_llm takes it
        pairs, where = np.unique(np.stack([prompt, kv.shared_tokens(shared, block)], axis=1),
                                 axis=0, return_inverse=True)
        hit_pass = phases.prefill(model, target, pairs[:, 0], precision, kv=layout,
                                  cached=pairs[:, 1])
        t_pre = prefix.mean(hit, np.broadcast_to(hit_pass.time_s, (len(pairs),))[
            where.ravel()], t_pre)
    activations = np.maximum(np.broadcast_to(pre.activation_bytes, prompts.shape)[at],
                             dec.activation_bytes)
    t_dec = np.broadcast_to(dec.time_s, (n,))
    capacity = device.main_memory.capacity.value
    budget = int(token_budget(DEFAULT_ENGINE, capacity, device.id).value)
    computed = prefix.computed_tokens(prompt, kv.shared_tokens(shared, block), hit) \
        if cached_prefix else prompt
    first, chunked, _ = schedules.at_batch(model, target, batch, t_dec, t_pre,
                                           prompt + output // 2, prompt, output, computed,
                                           budget, precision, layout)
    run = batching.running(first, chunked)
    arch = phases.arch_of(model, layout.heads)
    mem = kv.plan(arch, prompt + output,
                  layout.dtype_for(precision, arch, device.peak), capacity,
                  pre.param_bytes, activations, tp, MEMORY_UTILIZATION.value, block,
                  shared=shared, hit=hit)
    fit = np.broadcast_to(mem.max_sequences, (n,)).astype(float)
    out = {"ttft_s": t_pre, "tpot_s": t_dec, "tpot_mean_s": run.tpot_mean_s,
           "ttft_running_s": run.ttft_s,
           "service_s": batching.service_time(run, output),
           "requests_per_s": run.requests_per_s, "tokens_per_s": batch / t_dec,
           "memory_bytes": mem.weight_bytes + activations + mem.for_batch(batch),
           "memory_capacity_bytes": np.full(n, capacity),
           "max_sequences": fit, "fits": mem.fits_weights & (batch <= fit)}
    reason = np.full(n, "", dtype=object)
    for k in np.flatnonzero(~out["fits"]):
        reason[k] = "does not fit: " + kv.misfit(mem.at(k), int(batch[k]), model, arch,
                                                 device.id)
    show = _shower()
    slo_tpot = space.options.get("slo_tpot_s")
    if slo_tpot is not None:
        for k in np.flatnonzero((reason == "") & (t_dec > slo_tpot)):
            reason[k] = (f"SLO impossible: the decode step takes {show(t_dec[k], 'time')} at "
                         f"batch {int(batch[k])}, above the TPOT SLO {show(slo_tpot, 'time')}")
    notes = [*target.assumptions, *pre.assumptions,
             *(prefix.ASSUMPTIONS if np.any(np.asarray(mem.prefix_tokens) > 0) else ())]
    return out, reason, inverse.ravel(), [*notes, *(x for x in dec.assumptions
                                                   if x not in notes)]


def _arch(model: str, kv_heads: int | None = None):
    """The architecture of a decoder LLM (with ``kv_heads`` key/value heads when given), None
    for other models."""
    from ironlaw.serving.phases import arch_of

    try:
        return arch_of(model, kv_heads)
    except UserError:
        return None


def _shower():
    from ironlaw.units import format as show

    return lambda x, dim: show(float(x), dim, False)


def evaluate(space: Space, index: int) -> Chunk:
    """The metrics of chunk ``index`` of a serving space (see the module docstring)."""
    start, stop = space.bounds(index)
    idx = space.unravel(start, stop)
    n = stop - start
    names = ("ttft_s", "tpot_s", "tpot_mean_s", "ttft_running_s", "service_s", "requests_per_s",
             "tokens_per_s", "memory_bytes", "memory_capacity_bytes", "max_sequences")
    out = {k: np.full(n, np.nan) for k in names}
    out["fits"] = np.zeros(n, bool)
    reason = np.full(n, "", dtype=object)
    notes: list[str] = []
    from ironlaw.models.compress import gemm_precision
    from ironlaw.serving.kv import KvLayout
    from ironlaw.serving.phases import tp_refusal

    swept = tuple(k for k in KV_DIMS if space.has(k))
    for a, b, (model, precision, _, tp, *given) in runs(space, idx, RUN_DIMS + swept):
        d = int(idx["device"][a])
        device = space.devices[d]
        values = dict(zip(swept, given, strict=True))
        heads = values.get("kv_heads")
        layout = KvLayout(values.get("kv_precision"), None if heads is None else int(heads),
                          values.get("kv_reads"))
        arch = _arch(model, layout.heads)
        if arch is None:
            reason[a:b] = f"{model} is not a decoder LLM (serving sweeps size LLM replicas)"
            continue
        refused = tp_refusal(arch, model, int(tp))
        if refused:
            reason[a:b] = refused
            continue
        why = metrics.unsupported(device, gemm_precision(precision, device.peak))
        if why:
            reason[a:b] = why
            continue
        rows, why, inverse, more = _rows(space, idx, a, b, model, precision, d, int(tp),
                                         layout)
        notes += [x for x in (*more, *layout.reads_note(arch)) if x not in notes]
        for key, value in rows.items():
            out[key][a:b] = value[inverse]
        reason[a:b] = why[inverse]
    _queue(space, start, idx, out, reason)
    out["infeasible_reason"] = reason
    out["feasible"] = reason == ""
    return Chunk(index, start, stop, out, tuple(notes))


def _queue(space: Space, start: int, idx, out: dict, reason: np.ndarray) -> None:
    """Replicas, tail TTFT and latency, and cost per million tokens for each configuration."""
    from ironlaw.laws.cost import cost_per_items
    from ironlaw.serving import capacity

    q = space.options["percentile"]
    tag = f"p{round(q * 100, 6):g}"
    batch = np.asarray(space.coord("batch"), dtype=float)[idx["batch"]]
    output = np.asarray(space.coord("output"), dtype=float)[idx["output"]]
    devices = np.asarray(space.coord("tp"), dtype=float)[idx["tp"]]
    price = _price_per_s(space, idx["device"]) * devices  # per replica-second [USD/s]
    ok = np.isfinite(out["service_s"]) & out["fits"]  # no queue for what cannot run
    if not space.has("rate"):
        out["cost_per_million_tokens_usd"] = cost_per_items(price, out["tokens_per_s"], 1e6)
        return
    rate = np.asarray(space.coord("rate"))[idx["rate"]]
    slo = (np.asarray(space.coord("slo_ttft"))[idx["slo_ttft"]] if space.has("slo_ttft")
           else None)
    # configurations that differ only in their SLO (the last dimension) share a queue
    group = np.arange(start, start + len(rate)) // space.shape[-1] if slo is not None \
        else np.arange(len(rate))
    found = np.full(len(rate), np.nan)
    wait = np.full(len(rate), np.nan)
    j = np.flatnonzero(ok)
    first = out["ttft_running_s"]  # before queueing, in the schedule run at batch B
    found[j], wait[j] = capacity.replicas_for(rate[j], out["service_s"][j], batch[j], q,
                                              first[j], None if slo is None else slo[j],
                                              group[j])
    out["replicas"] = found
    out[f"{tag}_ttft_s"] = first + wait
    out[f"{tag}_latency_s"] = wait + out["service_s"]
    out["cost_usd_per_s"] = found * price
    out["cost_per_million_tokens_usd"] = cost_per_items(found * price, rate * output, 1e6)
    if slo is not None:
        impossible = ok & (reason == "") & ~(first < slo)
        if impossible.any():
            show = _shower()
            texts = metrics.unique_texts(
                lambda s, t: (f"SLO impossible: the TTFT SLO {show(s, 'time')} is not above "
                              f"the first-token time {show(t, 'time')} at this batch, before "
                              "queueing; more replicas cannot help"),
                slo[impossible], first[impossible])
            reason[impossible] = texts


def _price_per_s(space: Space, d: np.ndarray) -> np.ndarray:
    """USD per device-second: the cloud price, else the owned device amortized over its
    service life plus electricity at TDP × PUE (an upper bound on the power drawn), for one
    second of use."""
    from ironlaw.laws.energy import energy_from_power
    from ironlaw.operations.cost import capital_cost, electricity_cost

    cloud = metrics.gather(space.price_per_s, d)
    capex = metrics.gather(space.capex, d)
    tdp = metrics.gather([x.power.tdp.value for x in space.devices], d)
    owned = capital_cost(capex, 1.0) + electricity_cost(energy_from_power(tdp, 1.0))
    return np.where(np.isnan(cloud), owned, cloud)
