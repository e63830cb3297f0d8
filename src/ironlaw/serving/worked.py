"""The worked derivations behind ``ServingResult.explain()``: formula, numbers, result.

Built only when ``explain()`` is called, from the pass costs, the KV plan, the schedules and
the queue a solver computed.
"""

from __future__ import annotations

from ironlaw.derive import Line
from ironlaw.dtypes import element_bytes
from ironlaw.laws.queueing import littles_law
from ironlaw.models.compress import cache_precision, gemm_precision
from ironlaw.serving.batching import running
from ironlaw.serving.kv import cache_formula
from ironlaw.units import format as show
from ironlaw.units import per_second


def _pass(cost, t) -> str:
    if not cost.collectives:
        return f"{show(cost.flops, 'flops')} over the graph's ops"
    return f"{t(cost.share_s)} + {cost.collectives} collectives ({t(cost.collective_s)})"


def _computed(prompt, cache) -> tuple[float, str]:
    """(the prompt tokens a request computes, their symbol): P_c = P − h·S_b with a cached
    prefix (``cache.computed``, serving.prefix.computed_tokens), else P."""
    return (prompt, "P") if cache is None else (cache.computed, "P_c")


def _engine_lines(offline, it, budget, prompt, output, t, computed) -> list[Line]:
    """The engine's saturated iteration: its batch, prompt tokens, one pass, the rates;
    ``computed`` (tokens, symbol) the prompt tokens a request computes (:func:`_computed`)."""
    if it is None or not offline.batch:
        return []
    n, o = offline.batch, output
    c, pc = computed
    return [
        Line("engine: batch", f"B = min(B_kv, B_max, ⌊K·(O − 1)/({pc} + O − 1)⌋)",
             f"min(B_kv, B_max, ⌊{budget} × {o - 1} / {c + o - 1:g}⌋)",
             f"{n} (set by the {offline.bound})"),
        Line("engine: prompt tokens per iteration", f"p = B·{pc}/(O − 1)",
             f"{n} × {c:g} / {o - 1}", f"{offline.prefill_tokens:,.0f}"),
        Line(f"engine: iteration ({n} decode rows + {round(offline.prefill_tokens)} prompt "
             "tokens)", "one graph: linear layers on B + p rows, weights read once",
             f"{n} + {round(offline.prefill_tokens)} rows", t(it.time_s)),
        Line("engine: requests/s", "X = B/((O − 1)·T_iter)", f"{n} / ({o - 1} × "
             f"{t(it.time_s)})", per_second(offline.requests_per_s, "requests")),
        Line("engine: total tokens/s", "X·(P + O)",
             f"{offline.requests_per_s:.4g} /s × {prompt + o}",
             f"{per_second(offline.total_tokens_per_s, 'tokens')} "
             f"({per_second(offline.tokens_per_s, 'tokens')} output)"),
    ]


def _cache_lines(arch, mem, e_kv, b) -> list[Line]:
    """The KV cache per token, or a state-space model's fixed state per sequence."""
    formula, values = cache_formula(arch)
    if arch.ssm is not None:
        return [Line("SSM state per sequence (no KV cache)", formula,
                     f"{values} × {e_kv:g} B", b(mem.kv_per_sequence_bytes))]
    return [Line("KV cache per token", formula, f"{values} × {e_kv:g} B",
                 b(mem.kv_per_token_bytes))]


def _kv_lines(arch, mem, u, batch, b, most=None) -> list[Line]:
    """KV per sequence, the budget and the sequences that fit beside batch ``batch``'s
    activations, then the most that fit beside their own (``most``: b*, A_dev(b*)); a shared
    prefix held once; a state-space model's state has no pages, MLA's latent no heads."""
    held = mem.prefix_tokens
    split = "" if arch.mla or arch.ssm else "·⌈h_kv/p⌉/h_kv"
    paged = [] if arch.ssm is not None else [
        Line("KV cache per sequence (paged)", "KV_token · ⌈(P + O)/16⌉·16" if not held else
             "KV_token · (⌈(P + O)/16⌉·16 − h·S_b)   (S_b: the shared prefix's blocks)",
             f"{b(mem.kv_per_token_bytes)} × "
             + (f"{mem.paged_tokens} tokens" if not held else
                f"({mem.paged_tokens} − {mem.hit:g} × {held}) tokens"),
             b(mem.kv_per_sequence_bytes) + (f" ({mem.own_tokens:g} tokens)" if held else ""))]
    return [
        *paged,
        Line("KV budget per device", "max(u·M − W_dev − A_dev, 0)",
             f"{u:g} × {b(mem.capacity_bytes)} − {b(mem.weight_bytes)} − "
             f"{b(mem.activation_bytes)}", b(mem.kv_budget_bytes)),
        Line("sequences that fit", f"⌊budget / (KV_seq{split})⌋" if not held else
             f"⌊(budget − KV_token·S_b{split}) / (KV_seq{split})⌋",
             (f"⌊{b(mem.kv_budget_bytes)}" if not held else
              f"⌊({b(mem.kv_budget_bytes)} − {b(mem.prefix_device_bytes)})")
             + f" / {b(mem.kv_per_sequence_device_bytes)}⌋",
             f"{mem.max_sequences} (batch {batch})"),
        *([] if most is None or most[1] is None else [
            Line("most sequences (their own activations)",
                 "largest b ≤ ⌊(u·M − W_dev − A_dev(b)" + (" − KV_token·S_b" if held else "")
                 + f") / (KV_seq{split})⌋, A_dev(b) the decode step's at batch b",
                 f"⌊({u:g} × {b(mem.capacity_bytes)} − {b(mem.weight_bytes)} − {b(most[1])}"
                 + (f" − {b(mem.prefix_device_bytes)}" if held else "")
                 + f") / {b(mem.kv_per_sequence_device_bytes)}⌋ at b = {most[0]}",
                 f"{most[0]}")]),
    ]


def _ttft_lines(pre, cache, pass_formula, t, prompt, params, peak, p, computed
                ) -> list[Line]:
    """TTFT from the prefill pass (or the mean of a prefix hit's and a miss's) and its
    napkin compute form 2·N·P/(R·p), P the prompt tokens computed (``computed``'s count)."""
    if cache is None:
        head = Line(f"TTFT: prefill of {prompt} tokens", pass_formula, _pass(pre, t),
                    f"{t(pre.time_s)} ({pre.bottleneck}-bound)")
    else:
        head = Line("TTFT: mean over prefix hits and misses", "h·TTFT_hit + (1 − h)·TTFT_miss",
                    f"{cache.hit:g} × {t(cache.ttft_hit_s)} + {1 - cache.hit:g} × "
                    f"{t(cache.ttft_miss_s)}", t(pre.time_s))
    n = computed[0]
    return [head, Line("  napkin: prefill compute", "2·N·P/(R·p)" if cache is None else
                       "2·N·(P − h·S_b)/(R·p)",
                       f"2 × {show(params, 'count')} × {n:g} / "
                       f"({show(peak, 'flop_rate')} × {p})", t(2 * params * n / (peak * p)))]


def llm_lines(arch, target, precision, prompt, output, batch, context, mem, pre, dec, mix,
              first, chunked, rate, service, queue, replicas, slo_ttft, q, u, offline=None,
              it=None, budget=None, kv_dtype=None, cache=None, most=None):
    """Memory, TTFT and TPOT with their napkin forms, schedules, queue and replicas (LLM);
    the KV cache in ``kv_dtype`` (default: ``compress.cache_precision``); ``cache`` the
    :class:`~ironlaw.serving.prefix.PrefixCache` when prompts share a cached prefix; ``most``
    (b*, A_dev(b*)) the most sequences that fit beside their own decode activations."""
    b, t = (lambda x: show(x, "bytes")), (lambda x: show(x, "time"))
    p, params = target.tp, pre.params
    computed = _computed(prompt, cache)  # P_c with a cached prefix: what prefill computes
    e = pre.model_param_bytes / params  # bytes per parameter: mixed for int4 (W4A16)
    e_kv = element_bytes(kv_dtype or cache_precision(precision, arch.ssm is not None,
                                                          target.device.peak))
    dev = target.device
    peak = dev.peak_rate(gemm_precision(precision, dev.peak))
    bw = dev.main_memory.bandwidth.value if dev.main_memory.bandwidth else None
    pass_formula = ("Σ_ops count·(max(compute, memory) + overhead) on the split graph "
                    "+ collectives" if p > 1 else "Σ_ops count·(max(compute, memory) + overhead)")
    lines = [
        Line("weights per device", "W_dev ≈ N·b/p (matmuls split, norms replicated)"
             if p > 1 else "W = N·b", f"{show(params, 'count')} × {e:.4g} B"
             + (f" / {p}" if p > 1 else ""), b(mem.weight_bytes)),
        *_cache_lines(arch, mem, e_kv, b),
        *_kv_lines(arch, mem, u, batch, b, most),
        *_ttft_lines(pre, cache, pass_formula, t, prompt, params, peak, p, computed),
        Line(f"TPOT: decode step, batch {batch}, context {context}", pass_formula,
             _pass(dec, t), f"{t(dec.time_s)} ({dec.bottleneck}-bound)"),
    ]
    if bw:
        kv_read = dec.kv_cache_bytes
        lines.append(Line("  napkin: decode memory", "(W + B·KV(C))/(BW·p)",
                          f"({b(pre.model_param_bytes)} + {b(kv_read)}) / "
                          f"({show(bw, 'bandwidth')} × {p})",
                          t((pre.model_param_bytes + kv_read) / (bw * p))))
    if p > 1:
        link = target.link
        lines.append(Line("all-reduce per layer half (decode)",
                          "2(p − 1)/p · S/β + 2(p − 1)·α, S = B·d·b",
                          f"2 × {p - 1}/{p} × {b(dec.allreduce_bytes)} / "
                          f"{show(link.bandwidth, 'bandwidth')} + 2 × {p - 1} × "
                          f"{t(link.latency)}", t(dec.allreduce_s)))
    lines += [
        Line("throughput per replica", "B / TPOT", f"{batch} / {t(dec.time_s)}",
             f"{per_second(batch / dec.time_s, 'tokens')} "
             f"({per_second(batch / dec.time_s / p, 'tokens')} per device)"),
        Line("prefill-first: mean TPOT", "T_dec + B·T_pre/(O − 1)",
             f"{t(dec.time_s)} + {batch} × {t(pre.time_s)} / {output - 1}",
             t(first.tpot_mean_s)),
    ]
    if mix is not None and chunked.chunks:
        c, pc = computed
        lines += [
            Line("chunked: prompt tokens per mixed iteration",
                 f"c = min(K − B, max({pc}, ⌈B·{pc}/(O − 1)⌉))",
                 f"min({budget} − {batch}, max({c:g}, ⌈{batch} × {c:g} / {output - 1}⌉))",
                 f"{chunked.chunk_tokens}"),
            Line(f"chunked: mixed iteration ({batch} decode + {chunked.chunk_tokens} prompt "
                 "tokens)", "one graph: linear layers on B + c rows, weights read once",
                 f"{batch} + {chunked.chunk_tokens} rows", t(mix.time_s)),
            Line("chunked: TTFT", f"⌈{pc}/c⌉·T_mix",
                 f"⌈{c:g}/{chunked.chunk_tokens}⌉ × {t(mix.time_s)}", t(chunked.ttft_s)),
            Line("chunked: mean TPOT", f"f·T_mix + (1 − f)·T_dec, f = B·{pc}/(c·(O − 1))",
                 f"{chunked.mixed_share:.3g} × {t(mix.time_s)} + "
                 f"{1 - chunked.mixed_share:.3g} × {t(dec.time_s)}", t(chunked.tpot_mean_s)),
        ]
    lines += _engine_lines(offline, it, budget, prompt, output, t, computed)
    if rate is not None:
        run = running(first, chunked)  # the schedule the engine runs at batch B
        lines.append(Line(f"request holding time ({run.name})",
                          "S = TTFT_run + (O − 1)·TPOT_mean",
                          f"{t(run.ttft_s)} + {output - 1} × {t(run.tpot_mean_s)}",
                          t(service)))
        lines.append(Line("offered load", "a = λ·S", f"{per_second(rate)} × {t(service)}",
                          f"{rate * service:.4g} Erlangs ({batch} slots per replica)"))
        if queue is None:
            lines.append(Line("replicas", "smallest r with TTFT_run + W_q(r·B) ≤ SLO",
                              f"TTFT_run = {t(run.ttft_s)} ≥ {t(slo_ttft)}", "none"))
        else:
            qs = f"p{round(q * 100, 6):g}"
            at = (f"{t(run.ttft_s)} + {t(queue.wait_tail_s)} ≤ {t(slo_ttft)} at r = {replicas}"
                  f" ({queue.servers} slots, ρ = {queue.utilization:.3g})" if slo_ttft else
                  f"{rate * service:.4g} / ({replicas} × {batch}) = {queue.utilization:.3g} < 1")
            lines += [
                Line("replicas", f"smallest r with TTFT_run + W_q,{qs}(r·B) ≤ SLO" if slo_ttft
                     else "fewest r with ρ = a/(r·B) < 1", at,
                     f"{replicas} replica{'s' * (replicas != 1)} of {p} device(s)"),
                Line("probability of waiting", "C(c, a) (Erlang C)",
                     f"C({queue.servers}, {queue.offered:.4g})", show(queue.p_wait, "count")),
                Line(f"TTFT {qs} ({queue.model})", "TTFT_run + k·ln(C/(1 − q))/(c/S − λ), "
                     f"k = (1 + C_s²)/2 = {(1 + queue.service_scv) / 2:g}",
                     f"{t(run.ttft_s)} + {t(queue.wait_tail_s)}",
                     t(run.ttft_s + queue.wait_tail_s)),
                Line("requests in the system", "N = λ·(W̄ + S) (Little)",
                     f"{per_second(rate)} × ({t(queue.wait_mean_s)} + {t(service)})",
                     f"{queue.in_system:.4g} ({queue.in_system / replicas:.3g} per replica)"),
            ]
    return tuple(lines)


def model_lines(batch, run, rate, forming_mean, forming_tail, queue, replicas, slo, q):
    """One batch, throughput, batch forming, queue and replicas (any model)."""
    t = lambda x: show(x, "time")  # noqa: E731
    lines = [
        Line(f"one batch of {batch}", "T(B) = Σ_ops count·(max(compute, memory) + overhead)",
             f"{show(run.flops, 'flops')}, {run.bottleneck}-bound", t(run.time_s)),
        Line("throughput per replica", "B / T(B)", f"{batch} / {t(run.time_s)}",
             per_second(batch / run.time_s, "samples")),
    ]
    if rate is None:
        return tuple(lines)
    lines += [
        Line("forming a batch (mean)", "(B − 1)/(2λ)", f"({batch} − 1) / (2 × {per_second(rate)})",
             t(forming_mean)),
        Line("forming a batch (first request)", "(B − 1)/λ", f"({batch} − 1) / {per_second(rate)}",
             t(forming_tail)),
        Line("offered load", "a = (λ/B)·T(B)", f"{per_second(rate / batch)} × {t(run.time_s)}",
             f"{rate / batch * run.time_s:.4g} Erlangs"),
    ]
    if queue is None:
        lines.append(Line("replicas", "smallest r with forming + W_q + T(B) ≤ SLO",
                          f"{t(forming_tail)} + {t(run.time_s)} ≥ {t(slo)}", "none"))
        return tuple(lines)
    qs = f"p{round(q * 100, 6):g}"
    at = (f"{t(forming_tail)} + {t(queue.wait_tail_s)} + {t(run.time_s)} ≤ {t(slo)} at "
          f"r = {replicas} (ρ = {queue.utilization:.3g})" if slo else
          f"{queue.offered:.4g} / {replicas} = {queue.utilization:.3g} < 1")
    lines += [
        Line("replicas", f"smallest r with (B − 1)/λ + W_q,{qs}(r) + T(B) ≤ SLO" if slo
             else "fewest r with ρ = a/r < 1", at, f"{replicas} replica{'s' * (replicas != 1)}"),
        Line("probability of waiting", "C(r, a) (Erlang C)",
             f"C({replicas}, {queue.offered:.4g})", show(queue.p_wait, "count")),
        Line(f"latency {qs} ({queue.model})", "(B − 1)/λ + k·ln(C/(1 − q))/(r/T − λ/B) + T(B), "
             f"k = (1 + C_s²)/2 = {(1 + queue.service_scv) / 2:g}",
             f"{t(forming_tail)} + {t(queue.wait_tail_s)} + {t(run.time_s)}",
             t(forming_tail + queue.wait_tail_s + run.time_s)),
        Line("requests in the system", "N = λ·(forming + W̄ + T(B)) (Little)",
             f"{per_second(rate)} × ({t(forming_mean)} + {t(queue.wait_mean_s)} + "
             f"{t(run.time_s)})",
             f"{littles_law(rate, forming_mean + queue.wait_mean_s + run.time_s):.4g}"),
    ]
    return tuple(lines)
