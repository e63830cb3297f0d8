"""What a sweep reports per configuration, and the metrics every method derives the same way.

From one pass of one replica (latency T, launch overhead L, samples B, tokens N) on a device
(TDP P_max, idle P_idle) and ``count`` = n data-parallel replicas:

    throughput    n·B/T [1/s];  tokens/s n·N/T
    board power   P = n·(P_idle + (P_max − P_idle)·u),  u = 1 − L/T   (operations.energy)
    energy        E = P·T per step of all n replicas [J]; per sample E/(n·B), per token E/(n·N)
    cost, cloud   C = n·T·p                    p: USD per device-second (operations.cost)
    cost, owned   C = c·n·T/L_life + E·PUE·p_E c: price per device, L_life: service life [s],
                                               p_E: electricity [USD/J]
    cost rate     C/T [USD/s], all replicas (shown per hour)
    per million   1e6·C/(n·N) tokens, 1e6·C/(n·B) samples
    carbon        E·PUE·I_grid + C_mfg·n·T/L_life  (operations.carbon), with a region
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ironlaw import units

# name -> (dimension for display and unit strings, better: min | max | None, meaning)
METRICS: dict[str, tuple[str, str | None, str]] = {
    "latency_s": ("time", "min", "one pass of one replica"),
    "throughput_per_s": ("rate", "max", "samples (sequences) per second, all replicas"),
    "tokens_per_s": ("rate", "max", "tokens per second, all replicas (LLMs)"),
    "tpot_s": ("time", "min", "time per output token (decode step)"),
    "ttft_s": ("time", "min", "time to first token without queueing (prefill)"),
    "memory_bytes": ("bytes", "min", "memory needed per device"),
    "memory_capacity_bytes": ("bytes", None, "memory on the device"),
    "fits": ("text", None, "the model fits in device memory"),
    "feasible": ("text", None, "no infeasibility (infeasible_reason is empty)"),
    "infeasible_reason": ("text", None, "why the configuration cannot run, or empty"),
    "bottleneck": ("text", None, "compute | memory | overhead"),
    "mfu": ("share", "max", "model FLOPs utilization"),
    "flops": ("flops", None, "FLOPs of one pass"),
    "compute_bound_s": ("time", None, "time in compute-bound ops (closed form: compute term)"),
    "memory_bound_s": ("time", None, "time in memory-bound ops (closed form: memory term)"),
    "overhead_s": ("time", None, "launch overhead"),
    "power_w": ("power", "min", "board power of all replicas"),
    "energy_j": ("energy", "min", "energy of one step of all replicas"),
    "energy_per_sample_j": ("energy", "min", "energy per sample"),
    "energy_per_token_j": ("energy", "min", "energy per token (LLMs)"),
    "cost_usd_per_s": ("usd_per_time", "min", "all replicas, per second (shown per hour)"),
    "cost_usd": ("usd", "min", "one step of all replicas"),
    "cost_per_million_samples_usd": ("usd", "min", "per million samples"),
    "cost_per_million_tokens_usd": ("usd", "min", "per million tokens (LLMs)"),
    "carbon_kg": ("mass", "min", "operational + embodied carbon of one step"),
    "replicas": ("count", "min", "replicas for the rate and SLO"),
    "service_s": ("time", None, "time a request holds a batch slot"),
    "ttft_running_s": ("time", "min", "first-token time of the schedule run at batch B "
                       "(chunked prefill where the token budget sustains it), before queueing"),
    "tpot_mean_s": ("time", "min", "mean gap between tokens with prefill interruptions"),
    "requests_per_s": ("rate", "max", "requests per second one replica completes"),
    "max_sequences": ("count", None, "sequences the KV budget holds beside this batch's "
                      "activations"),
    # dimensions with a unit
    "rate": ("rate", None, "arrival rate (serving)"),
    "slo_ttft": ("time", None, "TTFT SLO (serving)"),
}


def sense(name: str) -> str | None:
    if name in METRICS:
        return METRICS[name][1]
    if name.startswith("p") and name.endswith("_s"):  # p99_ttft_s, p99_latency_s
        return "min"
    return None


def dim_of(name: str) -> str:
    """The units dimension of a metric or coordinate, from the table or its suffix."""
    return METRICS[name][0] if name in METRICS else units.dimension_of(name)


def gather(values, index) -> np.ndarray:
    """``values[index]`` as floats (None → NaN)."""
    table = np.array([np.nan if v is None else v for v in values], dtype=float)
    return table[index]


def finish(space, idx: dict[str, np.ndarray], out: dict[str, np.ndarray]) -> None:
    """Add throughput, power, energy, cost and carbon to ``out`` (see the module docstring).

    ``out`` holds per configuration: latency_s, overhead_s, samples, tokens (NaN when not an
    LLM), and is updated in place.
    """
    from ironlaw.laws.cost import cost_per_items, resource_time, total_cost
    from ironlaw.laws.energy import energy_from_power
    from ironlaw.operations.carbon import embodied_share, grid_intensity, operational_carbon
    from ironlaw.operations.cost import capital_cost, electricity_cost
    from ironlaw.operations.energy import board_power, busy_share
    from ironlaw.operations.tables import DEFAULT_PUE, LIFETIME, PUE

    d = idx["device"]
    n = (np.asarray(space.coord("count"), dtype=float)[idx["count"]] if space.has("count")
         else np.ones(d.shape))
    latency = out["latency_s"]
    tdp = gather([x.power.tdp.value for x in space.devices], d)
    idle = gather([x.power.idle.value if x.power.idle else 0.0 for x in space.devices], d)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["power_w"] = n * board_power(tdp, idle, busy_share(latency, out["overhead_s"]))
        out["energy_j"] = energy_from_power(out["power_w"], latency)
        samples, tokens = n * out.pop("samples"), n * out.pop("tokens")
        out["throughput_per_s"] = samples / latency
        out["tokens_per_s"] = tokens / latency
        out["energy_per_sample_j"] = out["energy_j"] / samples
        out["energy_per_token_j"] = out["energy_j"] / tokens
        cloud = gather(space.price_per_s, d)
        capex = gather(space.capex, d)
        owned = capital_cost(capex * n, latency) + electricity_cost(out["energy_j"])
        out["cost_usd"] = np.where(np.isnan(cloud), owned,
                                   total_cost(resource_time(n, latency), cloud))
        out["cost_usd_per_s"] = per_s = out["cost_usd"] / latency  # the configuration's
        out["cost_per_million_samples_usd"] = cost_per_items(per_s, samples / latency, 1e6)
        out["cost_per_million_tokens_usd"] = cost_per_items(per_s, tokens / latency, 1e6)
    if space.has("region"):
        intensity = np.array([grid_intensity(r).value for r in space.coord("region")])
        embodied = gather([x.embodied_carbon.value if x.embodied_carbon else 0.0
                           for x in space.devices], d)
        out["carbon_kg"] = (operational_carbon(out["energy_j"], PUE[DEFAULT_PUE].value,
                                               intensity[idx["region"]])
                            + embodied_share(embodied * n, latency, LIFETIME.value))


def assumptions(space) -> list[str]:
    """What the derived metrics assume for this space's devices."""
    from ironlaw.operations import tables as t
    from ironlaw.operations.carbon import grid_intensity

    pue, rate = t.PUE[t.DEFAULT_PUE], t.ELECTRICITY[t.DEFAULT_ELECTRICITY]
    out = []
    for device in space.devices if space.method != "serving" else ():
        if device.power.idle is None:
            out.append(f"{device.id}: idle power not in the catalog; board power takes 0 W "
                       "when idle (a lower bound)")
    if any(c is not None for c in space.capex):
        power = " at TDP (an upper bound)" if space.method == "serving" else ""
        out.append(f"owned hardware: price amortized over {t.LIFETIME.value / units.YEAR:g} "
                   f"years ({t.LIFETIME.source.cite()}) at utilization 1, plus electricity"
                   f"{power} {units.format(rate.value, 'usd_per_energy', digits=4)} "
                   f"({rate.source.cite()}) × PUE {pue.value:g} "
                   f"({pue.source.cite()})")
    if any(p is not None for p in space.price_per_s):
        out.append("cloud prices include electricity and facility")
    if space.has("region"):
        for region in space.coord("region"):
            out.append(f"grid {region}: {grid_intensity(region).source.cite()}")
        missing = [x.id for x in space.devices if x.embodied_carbon is None]
        if missing:
            out.append(f"no embodied carbon in the catalog for {', '.join(missing)}: "
                       "operational carbon only")
    return out


def unique_texts(make, *columns) -> np.ndarray:
    """``make(*values)`` per configuration, called once per distinct combination of the
    columns' values; an object array of shared strings."""
    import pandas as pd

    codes, uniques = zip(*(pd.factorize(np.asarray(c)) for c in columns), strict=True)
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for code, values in zip(codes, uniques, strict=True):
        key = key * len(values) + code
    pair, keys = pd.factorize(key)
    texts = []
    for k in keys:
        parts = []
        for values in reversed(uniques):
            k, j = divmod(int(k), len(values))
            parts.append(values[j])
        texts.append(make(*reversed(parts)))
    return np.array(texts, dtype=object)[pair]


@lru_cache(maxsize=65536)
def _fit_text(needed: float, capacity: float) -> str:
    from ironlaw.units import format as show

    return (f"does not fit: needs {show(float(needed), 'bytes')} of "
            f"{show(float(capacity), 'bytes')}")


@lru_cache(maxsize=256)
def phase_of(model: str, phase: str) -> tuple[str, str]:
    """(phase to build, reason the model cannot run it or "")."""
    from ironlaw.explore.space import AUTO_PHASE
    from ironlaw.models.zoo import get_model

    spec = get_model(model)
    built = spec.phases[0] if phase == AUTO_PHASE else phase
    if built not in spec.phases:
        return built, f"{model} has no {phase} phase (it has {', '.join(spec.phases)})"
    return built, ""


@lru_cache(maxsize=64)
def positions(model: str) -> float:
    """Learned positions of a GPT-2/BERT model (a hard limit); inf for rotary and vision models."""
    from ironlaw.models.zoo import architecture, get_model

    spec = get_model(model)
    if spec.family != "transformer":
        return np.inf
    arch = architecture(spec.id)
    return float(arch.positions) if arch.learned_positions else np.inf


def unsupported(device, precision: str) -> str:
    """Why ``device`` cannot run ``precision``, or "" when it can."""
    if precision in device.peak:
        return ""
    return (f"precision {precision} not supported by {device.id} (it supports "
            f"{', '.join(device.peak)})")


def fit_reasons(reason: np.ndarray, fits: np.ndarray, needed: np.ndarray,
                capacity: np.ndarray) -> None:
    """Write "does not fit: needs X of Y" (sizes to three figures) where a configuration does
    not fit and no other reason was given."""
    mask = (~fits) & (reason == "")
    if not mask.any():
        return
    needed = np.asarray(needed, dtype=float)[mask]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = 10.0 ** (np.floor(np.log10(np.abs(needed))) - 2)
        rounded = np.where(needed > 0, np.round(needed / scale) * scale, needed)
    reason[mask] = unique_texts(_fit_text, rounded, np.asarray(capacity, dtype=float)[mask])
