"""Raw probe measurements -> the measured host profile: a catalog file with one device, ``host``.

* Peak per precision = the best GEMM rate measured at that precision (the median of its
  repeats, at the shape where it was highest): an *achievable* peak (the vendor BLAS on this
  machine), not a datasheet one.
* Memory levels l1/l2/l3/dram: capacities read from sysfs (kind ``derived``: per-instance size ×
  instances; DRAM = MemTotal), bandwidth = the STREAM *triad* plateau of each level, latency =
  the pointer-chase plateau (kind ``measured``). A level's plateau is the median of the
  working-set medians inside its band,
      band(level i) = [2 · C(i−1), C(i) / 2],   band(dram) = [4 · C(LLC), ∞),
  where C is the capacity the measurement can reach: for bandwidth, run on T threads, the
  per-instance size × min(T, instances); for latency (one thread), the per-instance size. A
  level with no working set inside its band gets no value, and the profile says so.
* TDP cannot be measured by a probe: the RAPL package power limit where powercap exposes it
  (kind ``derived``), else an explicit estimate (kind ``estimate``) to be replaced by hand.

``save_profile(raw, path)`` writes ``path`` (YAML) and ``<stem>.measurements.json`` beside it;
``load_raw(path)`` reads the JSON back.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.errors import ParameterError, UserError
from ironlaw.files import MiB, read_json
from ironlaw.table import Shown, Table, columns
from ironlaw.units import format as fmt

PROFILE_KERNEL = "triad"
SOURCE_KEY = "probe"
RAPL_LIMIT = Path("/sys/class/powercap/intel-rapl:0/constraint_0_max_power_uw")
LEVEL_NAMES = {1: "l1", 2: "l2", 3: "l3"}
BAND_SLACK = 0.02
UNSTABLE_RATIO = 2.0  # a GEMM whose fastest repeat is over 2× its slowest is flagged

# The fallback TDP estimate: watts per physical core of a server CPU (provenance table).
TDP_PER_CORE = {
    "value_w": 360.0 / 96,
    "title": "AMD EPYC 9654 product specifications (amd.com): 360 W default TDP, 96 cores",
    "url": "https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-"
           "8004-series/amd-epyc-9654.html",
    "kind": "estimate",
    "checked": "2026-11-28",
}


@dataclass(frozen=True, repr=False)
class HostProfile(Shown):
    """The measured profile: headline figures, the catalog data written as YAML, assumptions."""

    date: str
    cpu_model: str
    peaks: dict[str, dict[str, Any]]  # precision -> best GEMM row
    levels: tuple[dict[str, Any], ...]  # l1 … dram: capacity, bandwidth, latency, bands
    dispatch: dict[str, Any]
    tdp_w: float
    tdp_kind: str
    tdp_note: str
    wall_s: float | None
    catalog: dict[str, Any] = field(repr=False)
    assumptions: tuple[str, ...] = ()
    profile_path: str | None = None
    measurements_path: str | None = None
    run_id: str | None = None  # in the results store, once recorded
    convs: tuple[dict[str, Any], ...] = ()  # the probed convolutions (probe.CONV_SHAPES)

    def device(self):
        """The profile as a validated catalog Device."""
        from ironlaw.hardware.schema import CatalogFile

        return CatalogFile.from_data(self.catalog).devices[0]

    def summary(self) -> dict[str, Any]:
        """Flat headline numbers (unit-carrying keys), e.g. for the results store."""
        out: dict[str, Any] = {f"peak_{p}_flop_per_s": v["flop_per_s"]
                               for p, v in self.peaks.items()}
        for level in self.levels:
            out[f"{level['level']}_bandwidth_bytes_per_s"] = level["bandwidth_bytes_per_s"]
            out[f"{level['level']}_latency_s"] = level["latency_s"]
        out["dispatch_torch_eager_s"] = self.dispatch.get("torch_eager_s")
        out["dispatch_numpy_call_s"] = self.dispatch.get("numpy_call_s")
        out["tdp_w"] = self.tdp_w
        out["tdp_kind"] = self.tdp_kind
        out["probe_wall_s"] = self.wall_s
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "cpu_model": self.cpu_model, "peaks": self.peaks,
                "memory": list(self.levels), "dispatch": self.dispatch,
                "tdp_w": self.tdp_w, "tdp_kind": self.tdp_kind, "tdp_note": self.tdp_note,
                "probe_wall_s": self.wall_s, "assumptions": list(self.assumptions),
                "profile_path": self.profile_path,
                "measurements_path": self.measurements_path, "figures": self.figures(),
                "run_id": self.run_id}

    def figures(self) -> list[dict[str, Any]]:
        """One row per headline figure: SI value, its dimension, spread and where it came from."""
        rows = []
        for precision, row in self.peaks.items():
            rows.append({"quantity": f"peak {precision}", "value": row["flop_per_s"],
                         "dimension": "flop_rate", "low": row["spread"][0],
                         "high": row["spread"][1],
                         "detail": f"{row['library']} matmul {row['m']}×{row['n']}×{row['k']}"})
        for level in self.levels:
            name = level["level"].upper()
            if level["bandwidth_bytes_per_s"] is not None:
                points = level["bandwidth_points"]
                rows.append({"quantity": f"{name} bandwidth", "value": level[
                    "bandwidth_bytes_per_s"], "dimension": "bandwidth", "low": min(points),
                    "high": max(points), "detail": f"STREAM triad, {len(points)} working set(s)"})
            if level["latency_s"] is not None:
                points = level["latency_points"]
                rows.append({"quantity": f"{name} latency", "value": level["latency_s"],
                             "dimension": "time", "low": min(points), "high": max(points),
                             "detail": f"pointer chase, {len(points)} working set(s)"})
        for row in self.convs:
            rows.append({"quantity": row["label"], "value": row["flop_per_s"],
                         "dimension": "flop_rate", "low": row["spread"][0],
                         "high": row["spread"][1], "detail": f"torch {row['dtype']} conv2d"})
        spreads = self.dispatch.get("spread") or {}
        layers = tuple((k, f"torch {k.removeprefix('torch_').removesuffix('_s')} layer")
                       for k in self.dispatch if k.startswith("torch_") and k != "torch_eager_s"
                       and self.dispatch[k] is not None)
        for key, label in (("torch_eager_s", "torch eager op"),
                           ("numpy_call_s", "numpy ufunc call"), *layers):
            if self.dispatch.get(key) is not None:
                low, high = spreads.get(key) or (None, None)
                rows.append({"quantity": f"dispatch, {label}", "value": self.dispatch[key],
                             "dimension": "time", "low": low, "high": high,
                             "detail": "1-element operands, per call"})
        rows.append({"quantity": "TDP", "value": self.tdp_w, "dimension": "power", "low": None,
                     "high": None, "detail": f"{self.tdp_kind.upper()}: {self.tdp_note}"
                     if self.tdp_kind == "estimate" else self.tdp_note})
        return rows

    def records(self) -> list[dict[str, Any]]:
        """CSV: one line per headline figure."""
        return self.figures()

    def rows(self) -> list[Table]:
        records = tuple({**r, "shown": fmt(r["value"], r["dimension"]),
                         "range": "" if r["low"] is None else
                         f"{fmt(r['low'], r['dimension'])} – {fmt(r['high'], r['dimension'])}"}
                        for r in self.figures())
        return [Table(f"{self.cpu_model}: measured {self.date} ({self.wall_s:.0f} s)",
                      columns(("quantity", "quantity"), ("shown", "median"),
                              ("range", "spread (min – max)"), ("detail", "how")), records)]

    def explain(self) -> Worked:
        lines = []
        for precision, row in self.peaks.items():
            flop = 2.0 * row["m"] * row["n"] * row["k"]
            lines.append(Line(
                f"{precision} peak ({row['library']}, best of the shapes measured)",
                "R = 2·m·n·k / t_median",
                f"2·{row['m']}·{row['n']}·{row['k']} / {fmt(flop / row['flop_per_s'], 'time')}",
                fmt(row["flop_per_s"], "flop_rate")))
        for level in self.levels:
            name = level["level"].upper()
            if level["bandwidth_bytes_per_s"] is not None:
                points = ", ".join(fmt(x, "bandwidth") for x in level["bandwidth_points"])
                band = _band(level["bandwidth_band"])
                lines.append(Line(
                    f"{name} bandwidth (STREAM triad, working sets {band})",
                    "BW = median over the band of (24 B · N / t)",
                    f"median({points})", fmt(level["bandwidth_bytes_per_s"], "bandwidth")))
            if level["latency_s"] is not None:
                points = ", ".join(fmt(x, "time") for x in level["latency_points"])
                lines.append(Line(
                    f"{name} latency (pointer chase, working sets {_band(level['latency_band'])})",
                    "L = median over the band of (t / loads)",
                    f"median({points})", fmt(level["latency_s"], "time")))
        for key, label in (("torch_eager_s", "torch eager op"), ("numpy_call_s", "numpy ufunc")):
            if self.dispatch.get(key) is not None:
                lines.append(Line(f"dispatch: {label} on 1 element", "t_call = t_loop / calls",
                                  "median over repeats", fmt(self.dispatch[key], "time")))
        lines.append(Line(f"TDP ({self.tdp_kind})", "see note", self.tdp_note,
                          fmt(self.tdp_w, "power")))
        notes = ("Bandwidth counts bytes as STREAM does (copy/scale 16 B, add/triad 24 B per "
                 "element); write-allocate traffic is not counted.", *self.assumptions)
        return Worked(f"Measured profile of this machine ({self.cpu_model}, {self.date})",
                      tuple(lines), notes)


def _band(band: list[float | None]) -> str:
    lo, hi = band
    lo_text = fmt(lo, "bytes", binary=True) if lo else "0 B"
    hi_text = fmt(hi, "bytes", binary=True) if hi and math.isfinite(hi) else "∞"
    return f"{lo_text} – {hi_text}"


# ---------------------------------------------------------------- plateaus

def _caches(env: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(level name, bytes per instance, instances) for L1d/L2/L3 in order."""
    found = []
    for cache in sorted(env.get("caches") or [], key=lambda c: c["level"]):
        name = LEVEL_NAMES.get(cache["level"])
        if name and cache.get("type") != "Instruction":
            found.append((name, int(cache["size_bytes"]), int(cache.get("instances") or 1)))
    return found


def bands(capacities: list[tuple[str, float]]) -> dict[str, tuple[float, float]]:
    """Working-set bands per level: [2·C(previous), C/2] for caches, [4·C(last), ∞) for DRAM."""
    found: dict[str, tuple[float, float]] = {}
    previous = 0.0
    for name, capacity in capacities:
        found[name] = (2.0 * previous, capacity / 2.0)
        previous = capacity
    found["dram"] = (4.0 * previous, math.inf) if previous else (0.0, math.inf)
    return found


def plateau(points: list[tuple[int, float]], band: tuple[float, float]
            ) -> tuple[float, list[float], list[int]] | None:
    """Median of the values whose working set lies in ``band`` (widened by ``BAND_SLACK``:
    arrays are rounded to whole lines per thread, so a sweep's 128 MiB may be 128 MiB − 128 B);
    returns (value, values, sizes), or None if no working set lies inside."""
    lo, hi = band[0] * (1 - BAND_SLACK), band[1] * (1 + BAND_SLACK)
    inside = [(size, value) for size, value in points if lo <= size <= hi]
    if not inside:
        return None
    return median(v for _, v in inside), [v for _, v in inside], [s for s, _ in inside]


def _levels(raw: dict[str, Any], assumptions: list[str]) -> list[dict[str, Any]]:
    env = raw["env"]
    caches = _caches(env)
    threads = int((env.get("probe") or {}).get("stream_threads") or 1)
    bw_points = sorted((r["working_set_bytes"], r["bytes_per_s"]) for r in raw["bandwidth"]
                       if r["kernel"] == PROFILE_KERNEL)
    lat_points = sorted((r["working_set_bytes"], r["latency_s"]) for r in raw["latency"])
    bw_bands = bands([(n, size * min(threads, count)) for n, size, count in caches])
    lat_bands = bands([(n, size) for n, size, _ in caches])
    if not caches:
        assumptions.append("cache sizes unknown: no cache levels; DRAM figures from every "
                           "working set measured")
    memory = (env.get("memory") or {}).get("total_bytes")
    levels = []
    for name, size, count in [*caches, ("dram", memory, 1)]:
        level: dict[str, Any] = {
            "level": name, "capacity_bytes": None if size is None else size * count,
            "per_instance_bytes": size, "instances": count,
            "bandwidth_bytes_per_s": None, "bandwidth_points": [], "bandwidth_sizes": [],
            "bandwidth_band": list(bw_bands[name]), "latency_s": None, "latency_points": [],
            "latency_sizes": [], "latency_band": list(lat_bands[name])}
        found = plateau(bw_points, bw_bands[name])
        if found:
            level["bandwidth_bytes_per_s"], level["bandwidth_points"], level[
                "bandwidth_sizes"] = found
        elif bw_points:
            assumptions.append(f"{name}: no triad working set in {_band(bw_bands[name])}; "
                               "no bandwidth recorded")
        found = plateau(lat_points, lat_bands[name])
        if found:
            level["latency_s"], level["latency_points"], level["latency_sizes"] = found
        elif lat_points:
            assumptions.append(f"{name}: no latency working set in {_band(lat_bands[name])}; "
                               "no latency recorded")
        levels.append(level)
    for level in levels:  # JSON has no infinity
        for key in ("bandwidth_band", "latency_band"):
            level[key] = [x if math.isfinite(x) else None for x in level[key]]
    return levels


def _peaks(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for row in raw["gemm"]:
        if row["dtype"] not in best or row["flop_per_s"] > best[row["dtype"]]["flop_per_s"]:
            best[row["dtype"]] = row
    order = ("fp64", "fp32", "bf16", "fp16")
    return {p: dict(best[p]) for p in order if p in best}


def _tdp(env: dict[str, Any]) -> tuple[float, str, str]:
    """(watts, kind, note): the RAPL package power limit, else a loud estimate."""
    try:
        microwatts = int(RAPL_LIMIT.read_text().strip())
    except (OSError, ValueError):
        microwatts = 0
    if microwatts > 0:
        return (microwatts / 1e6, "derived",
                f"RAPL package power limit read from {RAPL_LIMIT} (a limit, not a reading)")
    cores = env.get("physical_cores") or env.get("logical_cores") or 1
    watts = cores * TDP_PER_CORE["value_w"]
    return (watts, "estimate",
            f"NOT MEASURED — no RAPL power limit readable here; estimate {cores} cores × "
            f"{TDP_PER_CORE['value_w']:.2f} W/core ({TDP_PER_CORE['title']}). Set it in the "
            "profile.")


# ---------------------------------------------------------------- the profile

def _spread_note(what: str, value: float, values: list[float], dim: str) -> str:
    return (f"{what}; median {fmt(value, dim)}, spread {fmt(min(values), dim)} – "
            f"{fmt(max(values), dim)}")


def _measured(value: float, note: str) -> dict[str, Any]:
    return {"value": float(value), "source": SOURCE_KEY, "note": note}


def _catalog(raw: dict[str, Any], peaks, levels, tdp, date: str) -> dict[str, Any]:
    env = raw["env"]
    probe = env.get("probe") or {}
    threads = probe.get("stream_threads") or 1
    peak = {}
    for precision, row in peaks.items():
        shape = f"{row['m']}×{row['n']}×{row['k']}"
        note = _spread_note(f"{row['library']} matmul {shape}, best of the shapes measured, "
                            f"{row['repeats']} repeats", row["flop_per_s"], row["spread"],
                            "flop_rate")
        peak[precision] = {"dense": _measured(row["flop_per_s"], note)}
    memory = []
    for level in levels:
        entry: dict[str, Any] = {"level": level["level"]}
        if level["level"] == "dram":
            entry["name"] = "Main memory (DRAM) as the OS reports it"
            if level["capacity_bytes"]:
                entry["capacity"] = {"value": level["capacity_bytes"], "source": SOURCE_KEY,
                                     "kind": "derived", "note": "MemTotal from /proc/meminfo"}
        else:
            size, count = level["per_instance_bytes"], level["instances"]
            entry["name"] = (f"{level['level'].upper()} cache ({fmt(size, 'bytes', binary=True)}"
                             f" × {count})")
            entry["capacity"] = {"value": level["capacity_bytes"], "source": SOURCE_KEY,
                                 "kind": "derived",
                                 "note": f"{fmt(size, 'bytes', binary=True)} per instance × "
                                         f"{count} instances ({env.get('cache_source')})"}
        if level["bandwidth_bytes_per_s"] is not None:
            entry["bandwidth"] = _measured(level["bandwidth_bytes_per_s"], _spread_note(
                f"STREAM triad on {threads} thread(s), 24 B/element counted (write-allocate "
                f"not counted), median of {len(level['bandwidth_points'])} working set(s) in "
                f"{_band(level['bandwidth_band'])}", level["bandwidth_bytes_per_s"],
                level["bandwidth_points"], "bandwidth"))
        if level["latency_s"] is not None:
            entry["latency"] = _measured(level["latency_s"], _spread_note(
                f"pointer chase (random cyclic order, one thread), median of "
                f"{len(level['latency_points'])} working set(s) in "
                f"{_band(level['latency_band'])}", level["latency_s"], level["latency_points"],
                "time"))
        if len(entry) > 2 or level["level"] == "dram":
            memory.append(entry)
    watts, tdp_kind, tdp_note = tdp
    device: dict[str, Any] = {
        "id": "host",
        "name": f"This machine: {env.get('cpu_model') or 'unknown CPU'} "
                f"({env.get('physical_cores') or '?'} cores), measured {date}",
        "vendor": env.get("cpu_vendor") or "unknown",
        "kind": "cpu",
        "release_year": {"value": int(date[:4]), "source": SOURCE_KEY, "kind": "estimate",
                         "note": "NOT the CPU's release year (a probe cannot read it): the "
                                 "year of measurement; set it in the profile"},
        "peak": peak,
        "memory": memory,
        "power": {"tdp": {"value": watts, "source": SOURCE_KEY, "kind": tdp_kind,
                          "note": tdp_note}},
    }
    mhz = (env.get("frequency") or {}).get("max_mhz") or (env.get("frequency") or {}).get(
        "current_mhz")
    if mhz:
        device["clock"] = {"value": mhz * 1e6, "source": SOURCE_KEY, "kind": "derived",
                           "note": f"from {(env.get('frequency') or {}).get('source')}; under a "
                                   "hypervisor or with boost the running clock may differ"}
    if env.get("physical_cores"):
        device["compute_units"] = {"value": env["physical_cores"], "source": SOURCE_KEY,
                                   "kind": "derived", "note": "physical cores (sysfs topology)"}
    variables = ", ".join(f"{k}={v}" for k, v in (env.get("env_vars") or {}).items() if v)
    device["notes"] = (
        f"Measured by `ironlaw measure host` on {date} ({env.get('kernel')}, Python "
        f"{(env.get('versions') or {}).get('python')}, numpy "
        f"{(env.get('versions') or {}).get('numpy')}, torch "
        f"{(env.get('versions') or {}).get('torch')}). Peaks are achievable GEMM rates "
        f"of the libraries here, not datasheet peaks. Environment: {variables or 'none set'}. "
        f"Raw measurements: the .measurements.json file beside this one.")
    return {"sources": {SOURCE_KEY: {"kind": "measured",
                                     "title": f"ironlaw measure host, {date}",
                                     "url": None, "checked": date}},
            "devices": [device]}


class ImpossibleProfile(UserError):
    """Measurements no machine could produce (a busy machine's timer noise): never written."""


SLACK = 0.5  # a faster level measured below half a slower one is noise, not hardware


def impossible(levels: list[dict[str, Any]]) -> list[str]:
    """What breaks the physics of a memory hierarchy, fastest level first: bandwidth cannot
    rise as the working set moves to a slower level, nor latency fall (beyond ``SLACK``)."""
    problems = []
    for key, worse in (("bandwidth_bytes_per_s", "higher"), ("latency_s", "lower")):
        known = [(x["level"], x[key]) for x in levels if x.get(key)]
        for (fast, a), (slow, b) in zip(known, known[1:], strict=False):
            if (a < SLACK * b) if key == "bandwidth_bytes_per_s" else (b < SLACK * a):
                dim = "bandwidth" if key == "bandwidth_bytes_per_s" else "time"
                problems.append(f"{slow} {key.split('_')[0]} {fmt(b, dim)} is {worse} than "
                                f"{fast}'s {fmt(a, dim)}")
    return problems


def build_profile(raw: dict[str, Any]) -> HostProfile:
    """The measured profile from raw measurements (see the module docstring); measurements
    that break the memory hierarchy's physics raise :class:`ImpossibleProfile`."""
    if not raw.get("gemm"):
        raise UserError("no GEMM measurement in the raw data: a profile needs at least one "
                        "peak rate")
    env = raw["env"]
    date = env.get("date") or "1970-01-01"
    assumptions: list[str] = []
    peaks = _peaks(raw)
    levels = _levels(raw, assumptions)
    problems = impossible(levels)
    if problems:
        raise ImpossibleProfile("the measurements are not physical (" + "; ".join(problems)
                                + "): the machine was probably busy; nothing written — "
                                "measure again on an idle machine")
    tdp = _tdp(env)
    if tdp[1] == "estimate":
        assumptions.append(f"TDP not measured: {fmt(tdp[0], 'power')} is an estimate — set "
                           "power.tdp in the profile")
    assumptions.append("release_year is the year of measurement, not the CPU's")
    skipped = (env.get("probe") or {}).get("skipped") or []
    assumptions += [f"skipped: {s}" for s in skipped]
    for row in raw["gemm"]:
        low, high = row["spread"]
        if low > 0 and high / low > UNSTABLE_RATIO:
            assumptions.append(
                f"unstable: {row['library']} {row['dtype']} {row['m']}×{row['n']}×{row['k']} "
                f"repeats ranged {fmt(low, 'flop_rate')} – {fmt(high, 'flop_rate')} (a busy "
                "neighbour stalls a BLAS thread); its median is kept as measured")
    load = (env.get("probe") or {}).get("load_during")
    if load and load.get("foreign_busy_fraction", 0) > 0.1:
        assumptions.append(f"the machine was {load['foreign_busy_fraction']:.0%} busy with "
                           "other work while measuring: figures may be low and noisy")
    dispatch = raw.get("dispatch") or {}
    catalog = _catalog(raw, peaks, levels, tdp, date)
    from ironlaw.hardware.schema import CatalogFile

    CatalogFile.from_data(catalog)  # never write a profile the catalog would reject
    return HostProfile(date=date, cpu_model=env.get("cpu_model") or "unknown CPU", peaks=peaks,
                       levels=tuple(levels), dispatch=dispatch, tdp_w=tdp[0], tdp_kind=tdp[1],
                       tdp_note=tdp[2], wall_s=(env.get("probe") or {}).get("wall_s"),
                       catalog=catalog, assumptions=tuple(assumptions),
                       convs=tuple(raw.get("conv") or ()))


def measurements_path(profile_path: str | Path) -> Path:
    """``<folder>/<stem>.measurements.json`` beside the profile YAML."""
    path = Path(profile_path)
    return path.with_name(f"{path.stem}.measurements.json")


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def save_profile(raw: dict[str, Any], path: str | Path | None = None) -> HostProfile:
    """Write the profile YAML to ``path`` (default: the host profile path) and the raw
    measurements JSON beside it; each file is replaced atomically. Returns the profile."""
    import yaml

    from ironlaw.config import paths

    path = Path(path) if path is not None else paths().host_profile
    if path.suffix not in (".yaml", ".yml"):
        raise ParameterError("path", f"expected a .yaml file for the profile; got {str(path)!r}")
    profile = build_profile(raw)
    raw_path = measurements_path(path)
    header = (f"# The measured profile of this machine, written by `ironlaw measure host` on "
              f"{profile.date}.\n# Raw measurements: {raw_path.name}. Values of kind estimate "
              "(power.tdp, release_year) are not measured: set them by hand.\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(raw_path, json.dumps(_finite(raw), indent=1) + "\n")
        _write_atomically(path, header + yaml.safe_dump(profile.catalog, sort_keys=False,
                                                        allow_unicode=True, width=100))
    except OSError as exc:
        raise ParameterError("path", f"cannot write {path} ({exc.strerror})") from None
    from dataclasses import replace

    return replace(profile, profile_path=str(path), measurements_path=str(raw_path))


def _finite(value: Any) -> Any:
    """JSON-ready: tuples as lists, numpy scalars as Python numbers, non-finite floats as None."""
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def load_raw(path: str | Path) -> dict[str, Any]:
    """The raw measurements: ``path`` itself if it is the JSON, else the JSON beside the
    profile YAML ``path``."""
    path = Path(path)
    target = path if path.suffix == ".json" else measurements_path(path)
    data = read_json(target, "raw measurements", limit_bytes=64 * MiB)
    missing = [k for k in ("env", "gemm", "bandwidth", "latency", "dispatch") if k not in data]
    if missing:
        raise UserError(f"{target}: not raw probe measurements (missing {', '.join(missing)})")
    return data


def store_rows(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Every measurement as one flat row with the same keys (None where not applicable)."""
    keys = ("probe", "library", "dtype", "kernel", "m", "n", "k", "working_set_bytes",
            "flop_per_s", "bytes_per_s", "latency_s", "value_min", "value_max", "repeats")
    rows = []

    for probe in ("gemm", "bandwidth", "latency", "conv"):
        for row in raw.get(probe) or ():
            low, high = row.get("spread") or (None, None)
            rows.append({**{k: row.get(k) for k in keys}, "probe": probe, "value_min": low,
                         "value_max": high})
    dispatch = raw.get("dispatch") or {}
    for key in ("torch_eager_s", "numpy_call_s"):
        if dispatch.get(key) is not None:
            low, high = (dispatch.get("spread") or {}).get(key) or (None, None)
            rows.append({**dict.fromkeys(keys), "probe": f"dispatch_{key[:-2]}",
                         "latency_s": dispatch[key], "value_min": low, "value_max": high})
    return rows


def record(raw: dict[str, Any], profile: HostProfile, store: str | Path | None = None
           ) -> tuple[str | None, str]:
    """Record the run in the results store: (run_id, message), or (None, why it was not
    recorded)."""
    from ironlaw.measure.store import record_run

    try:
        run_id = record_run("probe", "host", raw["env"], store_rows(raw), profile.summary(),
                            started_at=raw["env"].get("timestamp"), store=store)
    except UserError as exc:  # e.g. the store is busy: the profile is written all the same
        return None, f"not recorded in the results store: {exc}"
    return run_id, f"recorded as run {run_id} in the results store"
