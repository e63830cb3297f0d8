"""Serving capacity sweeps: TTFT and TPOT from the graph, KV fit, and M/M/c replicas, vectorized.

Per (model, precision, device) run of a chunk, the distinct prompts and (batch, context) pairs
are costed as two graphs (``frameworks.cost.analyze``, fused, one device per replica):

    TTFT (bare)   T_pre(P): one prefill of a P-token prompt
    TPOT          T_dec(B, P + ⌊O/2⌋): a decode step of B sequences at the mean context
    KV fit        budget = u·M − W − max(A_pre, A_dec);  per sequence 2·L·h_kv·d·⌈(P+O)/16⌉·16·b
                  fits if budget > 0 and B ≤ ⌊budget / per sequence⌋   (serving.kv)
    schedule      prefill-first (serving.batching): mean TPOT T_dec + B·T_pre/(O − 1)
    service       S = T_pre + (O − 1)·mean TPOT;   tokens/s per replica B/T_dec

With an arrival rate λ, each configuration that fits is queued as M/M/c with c = r·B servers
of rate 1/S (serving.capacity): the fewest replicas r ≥ ⌊λS/B⌋ + 1 with T_pre + W_q(c) ≤ SLO,
W_q the q-th percentile wait of ``laws.queueing.mmc_wait_percentile`` (Erlang C, broadcast over
arrays of servers). W_q falls as r grows, so the search gallops up from the stable minimum and
bisects, for all configurations at once; configurations that differ only in their SLO share
each evaluation. Then the q-th percentile TTFT = T_pre + W_q, request latency = W_q + S, and
cost per million output tokens = 1e6·r·p/3600/(λ·O). The Erlang C recursion costs O(c) per
evaluation, so heavily loaded configurations (thousands of servers) dominate the time.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ironlaw.explore import metrics
from ironlaw.explore.space import Chunk, Space, runs

RUN_DIMS = ("model", "precision", "device")
ROW_DIMS = ("batch", "prompt", "output")
WAIT_BLOCK = 1024  # configurations per Erlang C call, sorted by servers


@lru_cache(maxsize=64)
def _arch(model: str):
    from ironlaw.models.transformer import parse_config
    from ironlaw.models.zoo import config_of, get_model

    spec = get_model(model)
    if spec.family != "transformer" or "decode" not in spec.phases:
        return None
    return parse_config(config_of(spec), spec.id)


def _pass(model, phase, precision, device, efficiency, **sizes):
    """(time, weights, activations, assumptions) of one kind of pass over arrays of sizes."""
    from ironlaw.frameworks.cost import analyze
    from ironlaw.models.zoo import build_model

    graph = build_model(model, phase=phase, dtype=precision, **sizes)
    a = analyze(graph, device, efficiency, "fused")
    kv = graph.workload.kv_cache_bytes
    n = len(next(iter(sizes.values())))
    return (np.broadcast_to(a.latency_s, (n,)), graph.param_bytes,
            np.broadcast_to(a.memory_bytes - graph.param_bytes - kv, (n,)), a.assumptions)


def _rows(space: Space, idx, a, b, model, precision, d):
    """Per distinct (batch, prompt, output) of a run: times, schedule, KV plan, reasons."""
    from ironlaw.models.transformer import kv_cache_bytes
    from ironlaw.serving.batching import prefill_first
    from ironlaw.serving.sources import KV_BLOCK_TOKENS, MEMORY_UTILIZATION

    device, efficiency = space.devices[d], space.efficiencies[d]
    sizes = np.stack([np.asarray(space.coord(k))[idx[k][a:b]] for k in ROW_DIMS], axis=1)
    rows, inverse = np.unique(sizes, axis=0, return_inverse=True)
    batch, prompt, output = (rows[:, j].astype(float) for j in range(3))
    prompts, at = np.unique(rows[:, 1], return_inverse=True)
    t_pre, weights, pre_act, notes = _pass(model, "prefill", precision, device, efficiency,
                                           batch=np.ones(len(prompts), int), seq=prompts)
    context = rows[:, 1] + rows[:, 2] // 2
    t_dec, _, dec_act, more = _pass(model, "decode", precision, device, efficiency,
                                    batch=rows[:, 0], context=context)
    t_pre, pre_act = t_pre[at.ravel()], pre_act[at.ravel()]
    first = prefill_first(t_dec, t_pre, batch, output)
    arch = _arch(model)
    block = KV_BLOCK_TOKENS.value
    usable = MEMORY_UTILIZATION.value * device.main_memory.capacity.value
    budget = usable - weights - np.maximum(pre_act, dec_act)
    per_sequence = kv_cache_bytes(arch, 1, np.ceil((prompt + output) / block) * block,
                                  precision)
    fit = np.where(budget > 0, np.floor_divide(budget, per_sequence), 0.0)
    out = {"ttft_s": t_pre, "tpot_s": t_dec, "tpot_mean_s": first.tpot_mean_s,
           "service_s": t_pre + (output - 1) * first.tpot_mean_s,
           "requests_per_s": first.requests_per_s, "tokens_per_s": batch / t_dec,
           "memory_bytes": weights + np.maximum(pre_act, dec_act) + batch * per_sequence,
           "memory_capacity_bytes": np.full(len(rows), device.main_memory.capacity.value),
           "max_sequences": fit, "fits": (budget > 0) & (batch <= fit)}
    reason = np.full(len(rows), "", dtype=object)
    show = _shower()
    for k in np.flatnonzero(~out["fits"]):
        if budget[k] <= 0:
            reason[k] = (f"does not fit: {model} weights ({show(weights, 'bytes')}) and "
                         f"activations leave no room for a KV cache in {show(usable, 'bytes')} "
                         f"usable of {show(device.main_memory.capacity.value, 'bytes')}")
        else:
            reason[k] = (f"does not fit: batch {int(batch[k])} needs {int(batch[k])} × "
                         f"{show(per_sequence[k], 'bytes')} of KV cache; the "
                         f"{show(budget[k], 'bytes')} left holds {int(fit[k])} sequence(s)")
    slo_tpot = space.options.get("slo_tpot_s")
    if slo_tpot is not None:
        for k in np.flatnonzero((reason == "") & (t_dec > slo_tpot)):
            reason[k] = (f"SLO impossible: the decode step takes {show(t_dec[k], 'time')} at "
                         f"batch {int(batch[k])}, above the TPOT SLO {show(slo_tpot, 'time')}")
    return out, reason, inverse.ravel(), [*notes, *(x for x in more if x not in notes)]


def _shower():
    from ironlaw.derive import show

    return lambda x, dim: show(float(x), dim, False)


def _wait(rate, service, servers, q) -> np.ndarray:
    """q-th percentile M/M/c wait, in blocks sorted by servers (the Erlang recursion runs to
    each block's largest server count, not the whole array's)."""
    from ironlaw.laws.queueing import mmc_wait_percentile

    out = np.empty(len(rate))
    order = np.argsort(servers, kind="stable")
    for s in range(0, len(order), WAIT_BLOCK):
        j = order[s:s + WAIT_BLOCK]
        out[j] = mmc_wait_percentile(rate[j], 1.0 / service[j], servers[j], q)
    return out


def replicas_for(rate, service, slots, q, fixed, slo, group=None):
    """The fewest replicas with fixed + W_q ≤ slo (NaN where fixed ≥ slo) and the wait there.

    Vectorized ``serving.capacity.replicas_for``. ``group`` (non-decreasing) marks
    configurations that share rate, service, slots and fixed (they differ in their SLO); each
    Erlang C evaluation is made once per group, or once per group and bracket:

        gallop     r = r0 + 2^k − 1, k = 0, 1, 2 …, until every SLO of the group is met
        bisect     between the last probe that missed and the first that met each SLO
    """
    rate, service, slots, fixed = (np.asarray(x, dtype=float) for x in
                                   (rate, service, slots, fixed))
    first = np.floor(rate * service / slots) + 1.0
    if slo is None:
        return first, _wait(rate, service, first * slots, q)
    slo = np.asarray(slo, dtype=float)
    group = np.arange(len(rate)) if group is None else np.asarray(group)
    lead, member = np.unique(group, return_index=True, return_inverse=True)[1:]
    member = member.ravel()
    g_rate, g_service, g_slots, g_first = rate[lead], service[lead], slots[lead], first[lead]
    possible = fixed < slo
    low = first - 1.0  # unstable: too few
    high, wait = np.full(len(rate), np.nan), np.full(len(rate), np.nan)

    def probe(configs: np.ndarray, counts_of) -> None:
        """Evaluate W_q once per distinct (group, replicas) among ``configs``; narrow their
        brackets."""
        counts = counts_of(configs)
        span = np.int64(counts.max()) + 1
        keys, inverse = np.unique(member[configs] * span + counts.astype(np.int64),
                                  return_inverse=True)
        g, r = np.divmod(keys, span)
        w = _wait(g_rate[g], g_service[g], r * g_slots[g], q)[inverse.ravel()]
        ok = fixed[configs] + w <= slo[configs]
        high[configs[ok]], wait[configs[ok]] = counts[ok], w[ok]
        low[configs[~ok]] = counts[~ok]

    k = 0
    while True:  # gallop
        configs = np.flatnonzero(possible & np.isnan(high))
        if not configs.size:
            break
        probe(configs, lambda c, k=k: g_first[member[c]] + (2.0 ** k - 1.0))
        k += 1
    while True:  # bisect
        configs = np.flatnonzero(possible & (high - low > 1))
        if not configs.size:
            break
        probe(configs, lambda c: np.floor((low[c] + high[c]) / 2.0))
    return high, wait


def evaluate(space: Space, index: int) -> Chunk:
    """The metrics of chunk ``index`` of a serving space (see the module docstring)."""
    start, stop = space.bounds(index)
    idx = space.unravel(start, stop)
    n = stop - start
    names = ("ttft_s", "tpot_s", "tpot_mean_s", "service_s", "requests_per_s",
             "tokens_per_s", "memory_bytes", "memory_capacity_bytes", "max_sequences")
    out = {k: np.full(n, np.nan) for k in names}
    out["fits"] = np.zeros(n, bool)
    reason = np.full(n, "", dtype=object)
    notes: list[str] = []
    keys = np.ravel_multi_index(tuple(idx[d] for d in RUN_DIMS),
                                tuple(len(space.coord(d)) for d in RUN_DIMS))
    for a, b in runs(keys):
        model, precision, _ = (space.coord(k)[idx[k][a]] for k in RUN_DIMS)
        d = int(idx["device"][a])
        device = space.devices[d]
        if _arch(model) is None:
            reason[a:b] = f"{model} is not a decoder LLM (serving sweeps size LLM replicas)"
            continue
        if precision not in device.peak:
            reason[a:b] = (f"precision {precision} not supported by {device.id} (it supports "
                           f"{', '.join(device.peak)})")
            continue
        if device.main_memory.capacity is None:
            reason[a:b] = f"{device.id}: memory capacity not in the catalog"
            continue
        rows, why, inverse, more = _rows(space, idx, a, b, model, precision, d)
        notes += [x for x in more if x not in notes]
        for key, value in rows.items():
            out[key][a:b] = value[inverse]
        reason[a:b] = why[inverse]
    _queue(space, start, idx, out, reason)
    out["infeasible_reason"] = reason
    out["feasible"] = reason == ""
    return Chunk(index, start, stop, out, tuple(notes))


def _queue(space: Space, start: int, idx, out: dict, reason: np.ndarray) -> None:
    """Replicas, tail TTFT and latency, and cost per million tokens for each configuration."""
    q = space.options["percentile"]
    tag = f"p{round(q * 100, 6):g}"
    batch = np.asarray(space.coord("batch"), dtype=float)[idx["batch"]]
    output = np.asarray(space.coord("output"), dtype=float)[idx["output"]]
    price = _price_per_hour(space, idx["device"])
    ok = np.isfinite(out["service_s"]) & out["fits"]  # no queue for what cannot run
    if not space.has("rate"):
        out["cost_per_million_tokens_usd"] = 1e6 * price / 3600.0 / out["tokens_per_s"]
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
    found[j], wait[j] = replicas_for(rate[j], out["service_s"][j], batch[j], q,
                                     out["ttft_s"][j], None if slo is None else slo[j],
                                     group[j])
    out["replicas"] = found
    out[f"{tag}_ttft_s"] = out["ttft_s"] + wait
    out[f"{tag}_latency_s"] = wait + out["service_s"]
    out["cost_per_hour_usd"] = found * price
    out["cost_per_million_tokens_usd"] = 1e6 * found * price / 3600.0 / (rate * output)
    if slo is not None:
        impossible = ok & (reason == "") & ~(out["ttft_s"] < slo)
        if impossible.any():
            show = _shower()
            texts = metrics.unique_texts(
                lambda s, t: (f"SLO impossible: the TTFT SLO {show(s, 'time')} is not above "
                              f"the bare prefill {show(t, 'time')}; more replicas cannot help"),
                slo[impossible], out["ttft_s"][impossible])
            reason[impossible] = texts


def _price_per_hour(space: Space, d: np.ndarray) -> np.ndarray:
    """USD per device-hour: the cloud price, else the owned device amortized over its service
    life plus electricity at TDP × PUE (an upper bound on the power drawn)."""
    from ironlaw.operations.cost import capital_cost, electricity_cost
    from ironlaw.operations.tables import HOUR

    cloud = metrics.gather(space.price_per_hour, d)
    capex = metrics.gather(space.capex, d)
    tdp = metrics.gather([x.power.tdp.value for x in space.devices], d)
    owned = capital_cost(capex, HOUR) + electricity_cost(tdp * HOUR)
    return np.where(np.isnan(cloud), owned, cloud)
