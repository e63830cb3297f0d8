"""Serving an LLM: TTFT, TPOT, KV cache, continuous batching, chunked prefill and replicas.

    TTFT (bare)   the prefill pass of one P-token prompt                 (graph, see phases)
    TPOT          one decode step of B sequences at the mean context P + O/2 (graph)
    throughput    B / TPOT output tokens/s per replica (steady-state decode)
    KV cache      2·L·h_kv·d·b per token, paged in blocks of 16; sequences that fit after
                  weights, activations and the runtime reserve (:mod:`~ironlaw.serving.kv`)
    schedules     prefill-first vs chunked prefill at batch B, and the engine's saturated
                  (offline) iteration: B decode rows + the prompts' tokens under its token
                  budget as one pass, at the batch the KV cache and the engine's cap on
                  running sequences allow (:mod:`~ironlaw.serving.batching`)
    replicas      M/D/c (Allen–Cunneen) with B slots per replica for a TTFT percentile: every
                  request holds its slot the same time, S = TTFT + (O − 1)·mean TPOT of the
                  schedule run at batch B — chunked prefill where the token budget sustains
                  it, else prefill-first (capacity module; batching.running)
    prefix cache  S shared prompt tokens, a share h of requests finding them cached: TTFT
                  h·T_hit + (1 − h)·T_miss, the prefix's blocks held once, P − h·S_b prompt
                  tokens computed per request (:mod:`~ironlaw.serving.prefix`)

Every time comes from the op graph costed on the device (``frameworks.cost.analyze``); the
closed forms 2·N·P/R (prefill) and (W + B·KV)/BW (decode) appear in ``explain()`` as napkin
math to compare against.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from ironlaw import checks, dtypes
from ironlaw.errors import ParameterError
from ironlaw.hardware.catalog import Catalog
from ironlaw.models import transformer
from ironlaw.models.compress import (
    KV_CACHE,
    KV_CACHE_SOURCE,
    W8A8,
    W8A8_SOURCE,
    WEIGHT_ONLY_SOURCE,
    activation_precision,
    cache_precision,
    gemm_precision,
)
from ironlaw.models.zoo import get_model
from ironlaw.serving import batching, capacity, kv, phases, prefix, schedules, sources, worked
from ironlaw.serving.result import LazyRows, ServingResult
from ironlaw.serving.target import Target, resolve
from ironlaw.units import format as show

SWEEP_MAX = 1024
DRAFT_TOKENS = 4  # γ, tokens drafted per iteration when a draft is given without a count


def _sweep_batches(batch: int, fit: int) -> list[int]:
    top = min(max(batch, fit), SWEEP_MAX) if fit else batch
    sizes = {b for b in (2 ** k for k in range(11)) if b <= top} | {batch}
    if 1 <= fit <= SWEEP_MAX:
        sizes.add(fit)
    return sorted(sizes)


def serve_llm(model: str, device: str | None = None, *, on: str | None = None,
              devices: int = 1, precision: str = "bf16",
              prompt: int = 512, output: int = 128, batch: int = 1,
              arrival_rate: float | None = None, slo_ttft: float | None = None,
              slo_tpot: float | None = None, percentile: float = 0.99,
              catalog: Catalog | str | Path | None = None, engine: str | None = None,
              token_budget: int | None = None, block: int | None = None,
              memory_utilization: float | None = None, draft: str | None = None,
              draft_tokens: int | None = None, acceptance: float | None = None,
              disaggregate: bool = False, kv_precision: str | None = None,
              kv_heads: int | None = None, kv_reads: str | None = None, lengths=None,
              shared_prefix: int | None = None,
              prefix_hit: float | None = None) -> ServingResult:
    """Serve ``model`` on ``device`` (a device or node) with ``devices``-way tensor parallelism.

    ``prompt``/``output`` tokens per request (output ≥ 2: the first token comes from the
    prefill), ``batch`` concurrent sequences per replica, ``arrival_rate`` requests/s,
    ``slo_ttft``/``slo_tpot`` in s at ``percentile``. ``engine`` (vllm, trtllm, sglang; vllm
    by default) sets the token budget per iteration to its default on the device unless
    ``token_budget`` gives one; ``block`` is the KV block size in tokens,
    ``memory_utilization`` the usable share of device memory (defaults in
    :mod:`ironlaw.serving.sources`). ``draft`` (a smaller model of the same vocabulary)
    drafts ``draft_tokens`` per iteration (4 by default), each accepted with probability
    ``acceptance`` (required with a draft; both refused without one): speculative decoding
    (:mod:`ironlaw.serving.speculative`); the draft's weights share the device.
    ``disaggregate`` splits a node's instances into prefill and decode ones
    (:mod:`ironlaw.serving.disaggregated`). ``kv_precision`` stores the KV cache in another
    precision than the weights (fp8, int8 ...; refused for a state-space model, whose state
    stays in the precision it computes in), ``kv_heads`` gives the model that many key/value
    heads (MHA → GQA → MQA what-ifs); ``kv_reads`` how the decode kernel reads a grouped K/V
    cache: "grouped" (default; each K/V head once) or "per-head" (once per query head, as
    TensorRT-LLM did before v0.8: :func:`ironlaw.frameworks.ops.per_head_reads`). ``lengths``
    (a CSV of prompt and
    output lengths, or a :class:`~ironlaw.serving.lengths.Lengths`) replaces ``prompt`` and
    ``output`` by a distribution: its means, its decode-time-weighted context and the mean
    prefill time over its prompts (:mod:`ironlaw.serving.lengths`). ``shared_prefix``
    tokens of every prompt are shared by the requests, a share ``prefix_hit`` of them (1 by
    default) finding that prefix's KV blocks cached: prefix caching
    (:mod:`ironlaw.serving.prefix`). The device may be given as ``on=``, as ``analyze``
    takes it.
    """
    device = checks.device_given(device, on)
    spread = None
    if lengths is not None:
        from ironlaw.serving.lengths import Lengths, read_lengths

        spread = lengths if isinstance(lengths, Lengths) else read_lengths(lengths)
        prompt, output = max(1, round(spread.mean_prompt)), max(2, round(spread.mean_output))
    prompt, output = checks.whole(prompt, "prompt"), checks.whole(output, "output", 2)
    batch = checks.whole(batch, "batch")
    rate = checks.positive(arrival_rate, "arrival_rate", "a positive request rate, e.g. '20 /s'",
                           optional=True)
    slo_ttft = checks.positive(slo_ttft, "slo_ttft", "a positive time, e.g. '500 ms'",
                               optional=True)
    slo_tpot = checks.positive(slo_tpot, "slo_tpot", "a positive time, e.g. '50 ms'",
                               optional=True)
    q = checks.percentile(percentile)
    engine = checks.choice(sources.DEFAULT_ENGINE if engine is None else engine, "engine",
                           sources.ENGINES)
    token_budget = checks.whole(token_budget, "token_budget") if token_budget is not None \
        else None
    block = int(sources.KV_BLOCK_TOKENS.value) if block is None else checks.whole(block, "block")
    u = checks.fraction(sources.MEMORY_UTILIZATION.value if memory_utilization is None
                        else memory_utilization, "memory_utilization")

    spec = get_model(model)
    layout = kv.KvLayout(kv_precision, kv_heads, kv_reads)
    arch = phases.arch_of(spec.id, layout.heads)
    transformer.check_kv_precision(arch, layout.dtype)
    target = resolve(device, devices, catalog)
    kv_dtype = layout.dtype_for(precision, arch, target.device.peak)
    tp = target.tp
    memory, device_id = target.device.main_memory.capacity.value, target.device.id
    default = sources.token_budget(engine, memory, device_id)
    budget = token_budget or int(default.value)
    cap = sources.max_sequences(engine, memory, device_id)
    refused = phases.tp_refusal(arch, spec.id, tp)
    if refused:
        raise ParameterError("devices", refused)
    if draft is None:  # as prefix.check refuses a hit share without a prefix
        for name, given in (("acceptance", acceptance), ("draft_tokens", draft_tokens)):
            if given is not None:
                raise ParameterError(name, "applies to speculative decoding; give the draft "
                                     "model too")
    cache = prefix.check(shared_prefix, prefix_hit, prompt, arch, block)
    if cache is not None:
        for name, given in (("lengths", spread is not None), ("disaggregate", disaggregate)):
            if given:
                raise ParameterError(name, "is not modeled together with prefix caching "
                                     "(a shared prefix)")
    share = {} if cache is None else {"shared": cache[0], "hit": cache[1]}
    cached = 0 if cache is None else kv.shared_tokens(cache[0], block)
    computed = prefix.computed_tokens(prompt, cached, cache[1]) if cache else prompt  # P_c
    context = prompt + output // 2 if spread is None else round(spread.context)
    pre = miss = phases.prefill(spec.id, target, prompt, precision, kv=layout)
    hit_pass = None
    if cache is not None:  # the mean TTFT: h·T_hit + (1 − h)·T_miss
        hit_pass = phases.prefill(spec.id, target, prompt, precision, kv=layout, cached=cached)
        pre = replace(miss, time_s=prefix.mean(cache[1], hit_pass.time_s, miss.time_s))
    if spread is not None:  # the mean prefill time over the prompts, each distinct P once
        distinct, where = np.unique(spread.prompts, return_inverse=True)
        times = np.atleast_1d(phases.prefill(spec.id, target, distinct.astype(int), precision,
                                             kv=layout).time_s)
        pre = replace(pre, time_s=float(np.dot(spread.weights, times[where])))
    dec = phases.decode(spec.id, target, batch, context, precision, kv=layout)
    spec_run = None
    if draft is not None:
        if acceptance is None:
            raise ParameterError("acceptance", "speculative decoding needs the draft's "
                                 "acceptance rate (0 to 1; it depends on the traffic)")
        from ironlaw.serving.speculative import speculate

        spec_run = speculate(spec.id, draft, target, batch, context,
                             DRAFT_TOKENS if draft_tokens is None else draft_tokens, acceptance,
                             precision, layout)
    held = target.device.main_memory.capacity.value
    weights = pre.param_bytes + (spec_run.draft_weight_bytes if spec_run else 0.0)
    mem = kv.plan(arch, prompt + output, kv_dtype, held, weights,
                  max(pre.activation_bytes, dec.activation_bytes), tp, u, block, **share)

    def schedules_at(b, step):  # prefill-first, chunked and its mixed pass at batch b
        return schedules.at_batch(spec.id, target, b, step.time_s, pre.time_s, context, prompt,
                                  output, computed, budget, precision, layout)

    first, chunked, mix = schedules_at(batch, dec)
    offline, it = _engine(spec.id, target, arch, mem, held, pre, budget, prompt, output,
                          context, precision, tp, u, block, layout,
                          (int(cap.value), "engine's max sequences") if cap else None, share,
                          computed, kv_dtype)

    run = batching.running(first, chunked)  # what the engine runs at batch B
    split = None
    if disaggregate:
        from ironlaw.serving.disaggregated import disaggregate as split_node

        per_node = run.requests_per_s * target.replicas_per_node \
            if target.replicas_per_node else None
        split = split_node(spec.id, target, prompt, output, batch, context, precision, budget,
                           per_node, layout)
    def step_at(b):
        return dec if b == batch else phases.decode(spec.id, target, b, context, precision,
                                                    kv=layout)

    def held_beside(steps):  # each batch leaves its own KV budget: its decode activations
        return kv.plan(arch, prompt + output, kv_dtype, held, weights,
                       np.array([max(pre.activation_bytes, s.activation_bytes) for s in steps]),
                       tp, u, block, **share).max_sequences

    most = kv.most_sequences(lambda b: int(held_beside([step_at(b)])[0]), mem.max_sequences)
    beside_most = max(pre.activation_bytes, step_at(most).activation_bytes) if most >= 1 \
        else None
    sizes = _sweep_batches(batch, most)
    steps = [step_at(b) for b in sizes]
    fits_at = [bool(b <= holds) for b, holds in zip(sizes, held_beside(steps), strict=True)]

    def sweep_rows():  # each batch's schedules: costed when the table or JSON is read
        rows = []
        for b, step, fits in zip(sizes, steps, fits_at, strict=True):
            at = run if b == batch else batching.running(*schedules_at(b, step)[:2])
            rows.append({"batch": b, "tpot_s": step.time_s, "tokens_per_s": b / step.time_s,
                         "tokens_per_s_per_device": b / step.time_s / tp,
                         "schedule": at.name, "tpot_mean_s": at.tpot_mean_s,
                         "ttft_s": float(at.ttft_s), "requests_per_s": at.requests_per_s,
                         "kv_bytes_per_device": mem.for_batch(b), "fits": fits})
        return rows

    queue = replicas = None
    service = float(batching.service_time(run, output))
    if rate is not None:
        found = capacity.replicas_for(rate, service, batch, q, run.ttft_s, slo_ttft)[0]
        replicas = None if math.isnan(found) else int(found)
        if replicas is not None:
            queue = capacity.queue(rate, service, batch, replicas, q)

    verdict, reason, meets = _judge(spec.id, arch, target, batch, prompt, mem, most, run, dec,
                                    tuple(zip(sizes, steps, fits_at, strict=True)), slo_ttft,
                                    slo_tpot, rate, replicas, queue, q)
    per_node = target.replicas_per_node
    nodes = math.ceil(replicas / per_node) if replicas and per_node else None
    assumptions = _assumptions(spec.id, arch, target, prompt, output, context, u, budget,
                               first, chunked, slo_tpot,
                               (pre, dec, *(x for x in (mix, it) if x is not None)),
                               kv_dtype, precision)
    assumptions += layout.reads_note(arch)
    if spread is not None:
        d = spread.to_dict()
        assumptions += (f"lengths from {spread.source}: {d['pairs']} prompt/output pairs, mean "
                        f"prompt {d['mean_prompt']:.0f} (p90 {d['p90_prompt']:.0f}) and output "
                        f"{d['mean_output']:.0f} (p90 {d['p90_output']:.0f}) tokens; decode "
                        f"attends to {context} tokens (weighted by decode time); TTFT is the mean "
                        "prefill over the prompts",)
    if spec_run is not None:
        draft_kv = kv.kv_bytes_per_sequence(phases.arch_of(spec_run.draft), prompt + output,
                                            cache_precision(precision, runs=target.device.peak),
                                            block)
        assumptions += (f"speculative decoding: the draft's weights "
                        f"({show(spec_run.draft_weight_bytes, 'bytes')} per device) come out "
                        f"of the KV budget; its own KV cache ({show(draft_kv, 'bytes')} per "
                        "sequence) is not counted; the schedules and sweep are those of plain "
                        "decoding",)
    cached_result = None
    if cache is not None:
        unshared = kv.plan(arch, prompt + output, kv_dtype, held, weights,
                           max(pre.activation_bytes, dec.activation_bytes), tp, u, block)
        cached_result = prefix.attach(spec.id, prompt, cache[0], cache[1], block, hit_pass,
                                      miss, mem, unshared)
        assumptions += prefix.ASSUMPTIONS
    result = ServingResult(
        kind="llm", model=spec.id, device=target.device.id,
        node=target.node.id if target.node else None, devices=tp, precision=precision,
        batch=batch, verdict=verdict, reason=reason, meets_slo=meets,
        latency_s=pre.time_s + (output - 1) * dec.time_s, throughput=batch / dec.time_s,
        throughput_unit="tokens/s", requests_per_s=run.requests_per_s, percentile=q,
        ttft_s=pre.time_s, tpot_s=dec.time_s, prompt=prompt, output=output,
        arrival_rate=rate, replicas=replicas, nodes=nodes,
        p50_s=run.ttft_s + queue.wait_p50_s if queue else None,
        tail_s=run.ttft_s + queue.wait_tail_s if queue else None,
        latency_p50_s=queue.wait_p50_s + service if queue else None,
        latency_tail_s=queue.wait_tail_s + service if queue else None,
        in_system=queue.in_system if queue else None,
        slo={"ttft_s": slo_ttft, "tpot_s": slo_tpot},
        memory=_memory(mem, batch, arch, most),
        queue=queue, schedules=(first, chunked, offline), sweep=LazyRows(sweep_rows),
        engine=engine, token_budget=budget, budget_given=token_budget is not None,
        replicas_per_node=per_node, passes={
            "prefill": pre if hit_pass is None else miss, "decode": dec, "engine": it,
            **({"mixed": mix} if mix else {}),
            **({"prefill_hit": hit_pass} if hit_pass else {})},
        assumptions=assumptions,
        sources=_sources(target, engine, None if token_budget else default, cap,
                         cache is not None, cache is not None and prefix_hit is None),
        speculative=spec_run, disaggregated=split, prefix=cached_result,
        lengths=None if spread is None else spread.to_dict(),
        kv_precision=kv_dtype,  # key/value heads where the cache has them (not MLA's latent)
        kv_heads=None if arch.ssm is not None or arch.mla is not None else arch.kv_heads,
        kv_reads=None if arch.ssm is not None or arch.mla is not None else
        layout.reads or "grouped",
        lines=lambda: worked.llm_lines(arch, target, precision, prompt, output, batch, context, mem,
                             pre, dec, mix, first, chunked, rate, service, queue, replicas,
                             slo_ttft, q, u, offline, it, budget, kv_dtype, cached_result,
                             (most, beside_most)),
    )
    return result


def _engine(model, target, arch, mem, held, pre, budget, prompt, output, context, precision,
            tp, u, block, layout, cap, share, computed, cache):
    """The engine's saturated iteration at the batch the KV cache (with that iteration's own
    activations), the engine's ``cap`` (most sequences, its name) and the token budget allow:
    (schedule, its mixed pass or None); ``share`` holds the prefix cache's keywords of
    ``kv.plan``, ``computed`` the prompt tokens a request computes (P_c,
    :func:`~ironlaw.serving.prefix.computed_tokens`; P without a prefix cache), ``cache``
    the KV cache's precision (``layout.dtype_for`` on the target)."""
    slots = mem.max_sequences
    for _ in range(2):  # the iteration's activations may shrink the KV budget: settle once
        limit = "kv cache"
        if cap and cap[0] < slots:
            slots, limit = cap
        batch, tokens, bound = batching.steady(budget, slots, computed, output, limit)
        if batch < 1:
            return batching.engine(math.nan, 0, 0.0, prompt, output, bound), None
        it = schedules.mixed_pass(model, target, batch, context, max(1, round(tokens)), prompt,
                                  computed, precision, layout)
        fit = kv.plan(arch, prompt + output, cache, held, pre.param_bytes,
                      max(pre.activation_bytes, it.activation_bytes), tp, u, block,
                      **share).max_sequences
        if fit >= batch:
            break
        slots = fit
    return batching.engine(it.time_s, batch, tokens, prompt, output, bound, computed), it


def _sources(target: Target, engine: str, budget, cap, cached: bool = False,
             default_hit: bool = False) -> tuple[str, ...]:
    """The sources of the constants a run used: the default hit share only where it applied
    (``default_hit``: a prefix cached and no ``prefix_hit`` given)."""
    where = f"({engine}, {target.device.id})"
    named = {**sources.ALL, **({f"token_budget {where}": budget} if budget else {}),
             **({f"max_sequences {where}": cap} if cap else {}),
             **({"prefix_hit (default)": sources.PREFIX_HIT} if default_hit else {})}
    out = [f"{name} = {k.value:g}: {k.source.title} ({k.source.kind}"
           f"{', ' + k.source.url if k.source.url else ''}; checked {k.source.checked}"
           f"{'; ' + k.source.note if k.source.note else ''})"
           for name, k in named.items()]
    if target.link is not None:
        src = target.link.latency_source
        out.append(f"α = {show(target.link.latency, 'time')} per ring step on {target.link.name}"
                   f": {src.title} ({src.kind}{', ' + src.url if src.url else ''}; checked "
                   f"{src.checked})")
    if cached:
        src = sources.PREFIX_BLOCKS_SOURCE
        out.append(f"prefix caching shares whole blocks: {src.title} ({src.kind}, {src.url}; "
                   f"checked {src.checked})")
    return tuple(out)


def _memory(mem: kv.KvPlan, batch: int, arch, most: int) -> dict:
    """The plan at ``batch`` as JSON: ``max_sequences`` fit beside batch ``batch``'s
    activations (as a sweep's point reports them), ``most_sequences`` (``most``) beside their
    own decode activations (:func:`~ironlaw.serving.kv.most_sequences`)."""
    state = {} if arch.ssm is None else {"ssm_state_per_sequence_bytes":
                                         mem.kv_per_sequence_bytes}  # no KV cache (Mamba)
    return {"capacity_bytes": mem.capacity_bytes, "usable_bytes": mem.usable_bytes,
            "reserve_bytes": mem.reserve_bytes, "weights_per_device_bytes": mem.weight_bytes,
            "activations_per_device_bytes": mem.activation_bytes,
            "kv_budget_bytes": mem.kv_budget_bytes,
            "kv_per_token_bytes": mem.kv_per_token_bytes,
            "kv_per_sequence_bytes": mem.kv_per_sequence_bytes,
            "kv_per_sequence_per_device_bytes": mem.kv_per_sequence_device_bytes,
            "kv_for_batch_per_device_bytes": mem.for_batch(batch),
            "paged_tokens": mem.paged_tokens, "max_sequences": mem.max_sequences,
            "most_sequences": most, **state}


def _judge(model, arch, target, batch, prompt, mem, most, run, dec, steps, slo_ttft, slo_tpot,
           rate, replicas, queue, q):
    """(verdict, reason, meets_slo): fit first, then SLOs no replica count can fix, then load;
    ``steps``: (batch, its decode step, whether it fits) over the sweep's batches."""
    where = target.node.id if target.node else target.device.id
    t = lambda x: show(x, "time")  # noqa: E731
    misfit = kv.misfit(mem, batch, model, arch, target.device.id, most)
    if misfit:
        return "does not fit", misfit, None
    problems = []
    if slo_ttft is not None and run.ttft_s >= slo_ttft:
        problems.append(f"the TTFT SLO {t(slo_ttft)} is below the first-token time "
                        f"{t(run.ttft_s)} of a {prompt}-token prompt at batch {batch} on "
                        f"{where} ({run.name}, no queueing at all); more replicas cannot help "
                        "— use more tensor-parallel devices, a faster device, a smaller batch "
                        "or shorter prompts")
    if slo_tpot is not None and dec.time_s > slo_tpot:
        ok = [b for b, step, fits in steps if step.time_s <= slo_tpot and fits]
        hint = (f"a batch of {max(ok)} meets it" if ok
                else "even batch 1 misses it — use more tensor-parallel devices")
        problems.append(f"the decode step takes {t(dec.time_s)} at batch {batch}, above the "
                        f"TPOT SLO {t(slo_tpot)}; replicas do not shorten a step — {hint}")
    if problems:
        return "SLO impossible", "; ".join(problems), False
    if slo_ttft is None and slo_tpot is None:
        return "fits", None, None
    if rate is None:
        return "meets SLO", None, True
    qs = f"p{round(q * 100, 6):g}"
    return ("meets SLO", f"{replicas} replica(s) keep {qs} TTFT at "
            f"{t(run.ttft_s + queue.wait_tail_s)} ≤ {t(slo_ttft)}" if slo_ttft else None, True)


def _heads(arch) -> str:
    """What the cache holds per token, for people."""
    if arch.ssm is not None:
        return (f"no KV cache: a fixed state per sequence (d_inner {arch.ssm.inner} × "
                f"(N {arch.ssm.state} + K {arch.ssm.conv}) a layer), whatever the context")
    if arch.mla is not None:
        return (f"multi-head latent attention: one latent of {arch.mla.kv_rank} + "
                f"{arch.mla.rope} per token and layer for all {arch.heads} heads (decode "
                "absorbs W_UK and W_UV; held whole on every tensor-parallel device)")
    return f"{arch.kv_heads} key/value heads"


def _assumptions(model, arch, target, prompt, output, context, u, budget, first, chunked,
                 slo_tpot, costs, kv_dtype, precision) -> tuple[str, ...]:
    runs = target.device.peak
    compute = gemm_precision(precision, runs)
    rest = activation_precision(precision, True, runs)  # what the non-GEMM ops compute in
    run_name = batching.running(first, chunked).name
    checkpoint = (f" (an fp8 checkpoint's K/V quantizers: {KV_CACHE_SOURCE.title.split(':')[0]}; "
                  "--kv-precision fp16 for one without them)" if precision in KV_CACHE else "")
    stored = (f"at the weights' precision{checkpoint}" if kv_dtype == precision else
              f"in {kv_dtype}, the precision of its activations" if kv_dtype == rest else
              f"in {kv_dtype} (weights in {precision}; dequantized inside attention)")
    formats = [] if compute == precision else [
        f"{precision} weights served weight-only (W{dtypes.dtype(precision).bits:g}A16): "
        f"dequantized inside each GEMM, activations and (by default) the KV cache in {compute} "
        f"— {WEIGHT_ONLY_SOURCE.title}"]
    if precision in W8A8:
        formats.append(
            f"{precision} served W8A8 in the linear layers but the LM head (weights and inputs "
            f"in {precision}, at its peak) and the routers; their outputs, norms, residual adds, "
            f"attention, the embedding and the LM head in {rest} — "
            f"{W8A8_SOURCE.title.split(':')[0]}")
    out = [f"decode steps attend to P + O/2 = {context} tokens on average (step k sees P + k)",
           "fused execution (flash attention, elementwise chains fused into their producers)",
           *formats,
           f"{kv.cache_name(arch)} stored {stored}; {_heads(arch)}; usable memory "
           f"{u:.0%} of capacity, the rest a runtime reserve",
           "M/D/c queue with B slots per replica (Allen–Cunneen: half M/M/c's waits): every "
           "request has the stated prompt and output lengths, so it holds its slot a constant "
           "time, S = TTFT + (O − 1)·mean TPOT of the schedule the engine runs at batch B "
           f"({run_name}: chunked prefill where the token budget sustains it, else "
           "prefill-first); replicas, queueing and requests/s are sized on it",
           f"throughput and TPOT at full batch; prefill-first adds B·T_pre/(O−1) per token "
           f"(mean TPOT {show(first.tpot_mean_s, 'time')}); chunked prefill with a "
           f"{budget}-token budget gives mean TPOT {show(chunked.tpot_mean_s, 'time')}"]
    if slo_tpot is not None:
        out.append("the TPOT SLO is checked against the decode step at batch B; prefill "
                   "interruptions raise the mean as the schedules show")
    if target.tp > 1:
        out.append(f"tensor parallel over {target.tp} (Megatron-LM split of the graph): 2 "
                   f"all-reduces per layer, 1 for the embedding and a logits all-gather on "
                   f"{target.link.name} (α–β ring), not overlapped with compute")
    if not chunked.sustainable:
        out.append(f"chunked prefill with a {budget}-token budget cannot admit prompts as fast "
                   "as the batch frees slots (not sustainable at this batch)")
    if not arch.learned_positions and 0 < arch.positions < prompt + output:
        out.append(f"{prompt + output} tokens exceed {model}'s trained context of "
                   f"{arch.positions}")
    out += target.assumptions
    for cost in costs:
        out += [a for a in cost.assumptions if a not in out]
    return tuple(out)
