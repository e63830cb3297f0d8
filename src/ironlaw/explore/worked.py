"""The worked derivation of one sweep configuration: each headline number from its formula."""

from __future__ import annotations

from ironlaw.derive import Line
from ironlaw.units import format as show


def _t(x) -> str:
    return show(x, "time") if x is not None else "—"


def lines_for(space, row: dict) -> list[Line]:
    if space.method == "serving":
        return _serving(space, row)
    lines = _latency(space, row)
    return lines + _derived(space, row)


def _latency(space, row) -> list[Line]:
    c, m, o, t = (row.get(k) for k in ("compute_bound_s", "memory_bound_s", "overhead_s",
                                       "latency_s"))
    if space.method == "closed-form":
        return [Line("pass time (napkin Iron Law)", "T = max(D/(BW·f), O/(R·η)) + L",
                     f"max({_t(m)}, {_t(c)}) + {_t(o)}   "
                     f"(D = {show(row['memory_bytes'], 'bytes')}, "
                     f"O = {show(row['flops'], 'flops')})", _t(t))]
    return [Line("pass time (per-op cost model)",
                 "T = Σ_ops count·(max(compute, memory) + overhead)",
                 f"{_t(c)} in compute-bound ops + {_t(m)} in memory-bound ops + {_t(o)} "
                 f"launch overhead", f"{_t(t)} ({row['bottleneck']}-bound)")]


def _derived(space, row) -> list[Line]:
    device = space.devices[list(space.coord("device")).index(row["device"])]
    n, b, t = row.get("count", 1), row["batch"], row["latency_s"]
    idle = device.power.idle.value if device.power.idle else 0.0
    tdp = device.power.tdp.value
    u = 1.0 - row["overhead_s"] / t
    lines = [
        Line("throughput", "X = n·B/T", f"{n} × {b} / {_t(t)}",
             f"{row['throughput_per_s']:.4g} /s"),
        Line("board power", "P = n·(P_idle + (P_TDP − P_idle)·u),  u = 1 − L/T",
             f"{n} × ({show(idle, 'power')} + ({show(tdp, 'power')} − {show(idle, 'power')})"
             f" × {u:.3g})", show(row["power_w"], "power")),
        Line("energy per step", "E = P·T", f"{show(row['power_w'], 'power')} × {_t(t)}",
             show(row["energy_j"], "energy")),
    ]
    if row.get("cost_usd") is not None:
        k = list(space.coord("device")).index(row["device"])
        if space.price_per_s[k] is not None:
            price = show(space.price_per_s[k], "usd_per_time", digits=4)
            formula, numbers = "C = n·T·p", f"{n} × {_t(t)} × {price}"
        else:
            from ironlaw.operations import tables

            pue = tables.PUE[tables.DEFAULT_PUE].value
            rate = tables.ELECTRICITY[tables.DEFAULT_ELECTRICITY].value
            formula = "C = c·n·T/L_life + E·PUE·p_E"
            numbers = (f"${space.capex[k]:,.0f} × {n} × {_t(t)} / "
                       f"{_t(tables.LIFETIME.value)} + "
                       f"{show(row['energy_j'], 'energy')} × {pue:g} × "
                       f"{show(rate, 'usd_per_energy', digits=4)}")
        lines.append(Line("cost per step", formula, numbers, show(row["cost_usd"], "usd")))
        per = "tokens" if row.get("cost_per_million_tokens_usd") is not None else "samples"
        key = f"cost_per_million_{per}_usd"
        made = "N" if per == "tokens" else "B"
        count = row["tokens_per_s"] * t if per == "tokens" else n * b  # n·N or n·B
        lines.append(Line(f"cost per million {per}", f"1e6·C/(n·{made})",
                          f"1e6 × {show(row['cost_usd'], 'usd')} / {float(count):.4g}",
                          show(row[key], "usd")))
    if row.get("carbon_kg") is not None:
        lines.append(Line("carbon per step", "C = E·PUE·I_grid + C_mfg·n·T/L_life",
                          f"{show(row['energy_j'], 'energy')} in {row['region']}",
                          show(row["carbon_kg"], "mass")))
    return lines


def _serving(space, row) -> list[Line]:
    q = space.options["percentile"]
    tag = f"p{round(q * 100, 6):g}"
    lines = [
        Line("TTFT without queueing", "T_pre = prefill of P tokens (graph)",
             f"P = {row['prompt']}", _t(row["ttft_s"])),
        Line("TPOT", "T_dec = decode step of B sequences at context P + ⌊O/2⌋ (graph)",
             f"B = {row['batch']}, context {row['prompt'] + row['output'] // 2}",
             _t(row["tpot_s"])),
        Line("first token and mean TPOT at batch B", "the schedule run: chunked prefill "
             "(TTFT ⌈P/c⌉·T_mix, f·T_mix + (1 − f)·T_dec) where the token budget sustains "
             "it, else prefill-first (T_pre, T_dec + B·T_pre/(O − 1))", "",
             f"{_t(row['ttft_running_s'])}, {_t(row['tpot_mean_s'])}"),
        Line("service time", "S = TTFT_run + (O − 1)·mean TPOT",
             f"{_t(row['ttft_running_s'])} + {row['output'] - 1} × "
             f"{_t(row['tpot_mean_s'])}", _t(row["service_s"])),
    ]
    if row.get("replicas") is not None:
        lines += [
            Line("replicas (M/D/c, c = r·B)", "least r ≥ ⌊λS/B⌋ + 1 with TTFT_run + W_q ≤ SLO",
                 f"λ = {row['rate']:g} /s, S = {_t(row['service_s'])}, B = {row['batch']}"
                 + (f", SLO {_t(row['slo_ttft'])}" if "slo_ttft" in row else ""),
                 f"{row['replicas']:g}"),
            Line(f"{tag} TTFT", "TTFT_run + W_q", f"{_t(row['ttft_running_s'])} + "
                 f"{_t(row[f'{tag}_ttft_s'] - row['ttft_running_s'])}",
                 _t(row[f"{tag}_ttft_s"])),
        ]
        if row.get("cost_per_million_tokens_usd") is not None:
            per_replica = row["cost_usd_per_s"] / row["replicas"]
            lines.append(Line("cost per million output tokens", "1e6·r·p/(λ·O)",
                              f"1e6 × {row['replicas']:g} × "
                              f"{show(per_replica, 'usd_per_time', digits=4)} / "
                              f"({row['rate']:g} × {row['output']})",
                              show(row["cost_per_million_tokens_usd"], "usd")))
    return lines
