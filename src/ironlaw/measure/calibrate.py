"""Calibration: fit the cost model's efficiency curves to this host's micro-benchmarks only.

Inputs are the probe's raw measurements (``<profile>.measurements.json``), never a model's
end-to-end timing (design.md §5). Fitted, for the measured ``host`` device:

    GEMM    η(m, n, k) = f_peak · wave · tile · k_s/(k_s + k_half)      (frameworks.cost)
            with U = the threads the BLAS used; t_m = t_n = t, k_half and f_peak chosen on a
            grid so that the model's time max(compute, memory) + call overhead matches each
            measured GEMM call (least squares in log time) — R is the profile's peak (the
            best measured GEMM rate), so f_peak ≤ 1.
    memory  the profile's bandwidths are measured plateaus, so memory_fraction = 1.
    launch  eager_overhead per op kind = the measured call time of a tiny layer of that kind
            (nn.Linear for matmul, nn.Conv2d, BatchNorm/LayerNorm for norm, ReLU for
            elementwise, softmax, pooling, embedding, a view, a concatenation: a layer as eager
            PyTorch dispatches it, no real work); 'other' = the median of the Linear and Conv2d
            calls; fused_overhead = the numpy call time (a kernel call without dispatch).
    conv    conv_peak_fraction = median over the dense convolutions probed of rate / R
            (oneDNN's direct kernels), ≤ 1.
    vector  vector_peak_fraction = the depthwise convolution's rate / R_vec (a depthwise
            kernel runs on the vector units; R_vec = R(fp32)), ≤ 1; and per kind of layer
            probed (elementwise, norm, pool: probe.LAYER_SHAPES) the median over its layers
            of FLOPs / ((t_call − t_launch(kind)) · R_vec), ≤ 1 — 'other' keeps the depthwise
            figure.
    GEMV    gemv_memory_fraction = median over the GEMMs of one row tile (m ≤ t/8) of the
            bandwidth their weights streamed at, (k·n·b / t_call) / BW_main, ≤ 1.

Residuals (relative errors of the fitted curve at each measured GEMM) are reported, and each
parameter's range (the spread over the probes it comes from) is written beside it: prediction
intervals come from those ranges (ironlaw.uncertainty).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError
from ironlaw.table import Shown, Table, columns

TILES = (4, 8, 16, 32, 64, 128, 256)
K_HALVES = tuple(float(x) for x in np.geomspace(1, 4096, 25))


def measurements_path(profile: Path) -> Path:
    return profile.with_name(profile.stem + ".measurements.json")


def _shape_terms(m, n, k, units: float, tile: float, k_half: float) -> np.ndarray:
    """wave · tile · k_s/(k_s + k_half) of frameworks.cost.gemm_efficiency, with f_peak = 1."""
    from ironlaw.frameworks.cost import gemm_efficiency

    return gemm_efficiency(m, n, k, 1.0, units, tile, tile, k_half)


@dataclass(frozen=True)
class GemmFit:
    dtype: str
    library: str
    peak_flop_per_s: float
    tile: float
    k_half: float
    peak_fraction: float
    units: float
    residuals: tuple[float, ...]  # relative error of the fitted time at each measured point
    points: int

    @property
    def rms_error(self) -> float:
        return math.sqrt(sum(r * r for r in self.residuals) / len(self.residuals))

    @property
    def fraction_range(self) -> tuple[float, float]:
        """[low, high] of the peak fraction the measured GEMMs imply one by one: a GEMM the
        fit times r too slow (t_model = (1 + r)·t_measured) ran as if at f·(1 + r); clipped
        to (0, 1] and always holding f."""
        implied = [min(1.0, self.peak_fraction * (1.0 + r)) for r in self.residuals]
        return (min(*implied, self.peak_fraction), max(*implied, self.peak_fraction))


FRACTIONS = np.linspace(0.2, 1.0, 81)
MAX_RMS_ERROR = 3.0  # a fit whose times are off by more than 300% RMS (4× slow on average)
#                     fits noise, not the machine: the busy host gave 117,725%


def check_fit(fit: GemmFit) -> GemmFit:
    """``fit``, or a UserError when it misses the micro-benchmarks it was fitted to by more
    than ``MAX_RMS_ERROR`` (RMS relative error): noise from a busy machine, not a curve."""
    if not fit.rms_error <= MAX_RMS_ERROR:
        raise UserError(f"calibrate: the best fit misses its {fit.points} GEMM measurements "
                        f"by {fit.rms_error:.0%} RMS (at most {MAX_RMS_ERROR:.0%}): they are "
                        "too noisy to calibrate from; nothing written — run `ironlaw measure "
                        "host` again on an idle machine")
    return fit


def fit_gemm(rows: list[dict], peak: float, units: float, bandwidth=None,
             overhead: float = 0.0, element_bytes: float = 4.0) -> GemmFit:
    """Fit (tile, k_half, f_peak) so the cost model reproduces the measured GEMM times.

    The model's time for one GEMM call is, as in frameworks.cost,
        t = max(2mnk / (R · f_peak · shape(tile, k_half)), D / BW(D)) + t_call
    with D = (mk + kn + mn) · bytes the data it touches, BW(D) from ``bandwidth`` (the level
    that holds D; None ignores memory) and t_call the library's call overhead. The grid over
    tile, k_half and f_peak minimizes the RMS of log(t_model / t_measured).
    """
    if len(rows) < 3:
        raise UserError("calibration needs at least 3 GEMM measurements of one dtype; "
                        "run `ironlaw measure host` (not only --quick with one size)")
    m = np.array([r["m"] for r in rows], float)
    n = np.array([r["n"] for r in rows], float)
    k = np.array([r["k"] for r in rows], float)
    flops = 2.0 * m * n * k
    measured = flops / np.array([r["flop_per_s"] for r in rows], float)
    data = (m * k + k * n + m * n) * element_bytes
    memory = data / bandwidth(data) if bandwidth is not None else np.zeros_like(data)
    best = None
    for tile in TILES:
        for k_half in K_HALVES:
            shape = _shape_terms(m, n, k, units, tile, k_half)
            compute = flops / (peak * FRACTIONS[:, None] * shape[None, :])
            model = np.maximum(compute, memory[None, :]) + overhead
            error = np.log(model / measured[None, :])
            scores = np.sqrt(np.mean(error**2, axis=1))
            i = int(np.argmin(scores))
            if best is None or scores[i] < best[0]:
                best = (float(scores[i]), tile, k_half, float(FRACTIONS[i]), model[i])
    _, tile, k_half, fraction, model = best
    residuals = tuple(float(x) for x in model / measured - 1.0)
    return GemmFit(rows[0]["dtype"], rows[0]["library"], peak, tile, k_half, fraction, units,
                   residuals, len(rows))


def _bandwidth(device):
    """BW(D): the bandwidth of the fastest measured level that holds D bytes (else DRAM)."""
    levels = [(mem.capacity.value, mem.bandwidth.value) for mem in device.memory
              if mem.capacity is not None and mem.bandwidth is not None]
    main = device.main_memory.bandwidth.value

    def bandwidth(data):
        bw = np.full(np.shape(data), main)
        for capacity, level_bw in sorted(levels, reverse=True):  # largest first, fastest wins
            bw = np.where(data <= capacity, level_bw, bw)
        return bw

    return bandwidth


@dataclass(frozen=True)
class Measured:
    """A parameter measured by several probes: the median and [min, max] over them."""

    value: float
    range: tuple[float, float]
    points: int

    @classmethod
    def of(cls, values: list[tuple[float, float, float]], most: float = math.inf
           ) -> Measured | None:
        """From (median, lowest, highest repeat) per probe: the median of the medians, and the
        range from the lowest to the highest repeat of any probe, each clipped to ``most``;
        None when there are no probes."""
        if not values:
            return None
        clip = [tuple(min(float(x), most) for x in v) for v in values]
        return cls(float(np.median([c[0] for c in clip])), (min(min(c) for c in clip),
                                                             max(max(c) for c in clip)),
                   len(clip))

    def entry(self, note: str) -> dict[str, Any]:
        return {"value": self.value, "source": "calibration", "range": list(self.range),
                "note": note}


@dataclass(frozen=True, repr=False)
class Calibration(Shown):
    profile: Path
    gemm: GemmFit
    eager_overhead_s: float
    fused_overhead_s: float
    vector_peak_fraction: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    eager_range_s: tuple[float, float] | None = None  # [min, max] of the dispatches measured
    eager_by_kind_s: dict[str, float] = field(default_factory=dict)
    vector: Measured | None = None  # from the depthwise convolution; None: catalog value kept
    conv: Measured | None = None
    gemv: Measured | None = None
    layers: dict[str, Measured] = field(default_factory=dict)  # vector fraction per op kind

    def to_dict(self) -> dict[str, Any]:
        g = self.gemm
        return {"profile": str(self.profile), "gemm_dtype": g.dtype, "gemm_library": g.library,
                "peak_flop_per_s": g.peak_flop_per_s, "tile": g.tile, "k_half": g.k_half,
                "gemm_peak_fraction": g.peak_fraction,
                "gemm_peak_fraction_range": list(g.fraction_range), "units": g.units,
                "gemm_points": g.points, "gemm_rms_error": g.rms_error,
                "gemm_residuals": list(g.residuals),
                "eager_overhead_s": self.eager_overhead_s,
                **{f"eager_overhead_{k}_s": v for k, v in self.eager_by_kind_s.items()},
                "fused_overhead_s": self.fused_overhead_s,
                "vector_peak_fraction": self.vector_peak_fraction,
                **{f"vector_peak_fraction_{k}": m.value for k, m in self.layers.items()},
                "memory_fraction": 1.0,
                "conv_peak_fraction": None if self.conv is None else self.conv.value,
                "gemv_memory_fraction": None if self.gemv is None else self.gemv.value,
                "notes": list(self.notes)}

    def rows(self) -> list[Table]:
        records = tuple({"parameter": k, "value": _shown(k, v)}
                        for k, v in self.to_dict().items()
                        if k.endswith("_range") or not isinstance(v, list))
        return [Table(f"Calibrated {self.profile}",
                      columns(("parameter", "parameter"), ("value", "value")), records)]

    def explain(self) -> Worked:
        g = self.gemm
        return Worked(f"Calibration of {self.profile.name} from micro-benchmarks", (
            Line("GEMM efficiency", "η = f_peak · wave · tile · k_s/(k_s + k_half)",
                 f"tile {g.tile:g}×{g.tile:g} over {g.units:g} threads, k_half {g.k_half:.3g}",
                 f"f_peak {g.peak_fraction:.3f}, RMS error {g.rms_error:.1%} over {g.points} "
                 f"{g.library} {g.dtype} GEMMs"),
            Line("launch overhead (eager)", "t_launch = median call of a tiny torch layer",
                 "nn.Linear(1, 1) and nn.Conv2d(1, 1, 1) on 1-element operands",
                 f"{self.eager_overhead_s * 1e6:.2f} µs"),
            *(Line(f"launch overhead (eager {kind})", "t_launch = median call of a tiny layer",
                   f"a {kind} layer on 1-element operands", f"{t * 1e6:.2f} µs")
              for kind, t in self.eager_by_kind_s.items()),
            Line("launch overhead (fused)", "t_launch = median numpy call time",
                 "measured per tiny call", f"{self.fused_overhead_s * 1e6:.2f} µs"),
            *(Line(name, formula, f"median of {m.points} probe(s), range "
                   f"{m.range[0]:.3g}–{m.range[1]:.3g}", f"{m.value:.3g}")
              for name, formula, m in (
                  ("direct convolution", "f_conv = rate / R", self.conv),
                  ("vector units (depthwise conv)", "f_vec = rate / R_vec", self.vector),
                  ("GEMV bandwidth", "f_gemv = (k·n·b / t_call) / BW_main", self.gemv),
                  *((f"vector units ({kind} layers)", "f_vec = FLOPs / ((t_call − t_launch) "
                     "· R_vec)", m) for kind, m in self.layers.items()))
              if m is not None),
        ), self.notes)


def _shown(key: str, value: Any) -> Any:
    """A calibration figure for people: with its unit (the key names it), 3 significant
    figures for a fraction or a count, a range as low – high."""
    from ironlaw.units import dimension_of
    from ironlaw.units import format as show

    if key.endswith("_range"):
        return f"{value[0]:.3g} – {value[1]:.3g}"
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    dim = dimension_of(key)
    return f"{value:.3g}" if dim == "count" else show(value, dim)


def calibrate(profile: str | Path | None = None, dtype: str = "fp32") -> Calibration:
    """Fit the host's efficiency parameters and write them into its profile (see module)."""
    from ironlaw.config import paths
    from ironlaw.dtypes import element_bytes
    from ironlaw.frameworks.cost import is_gemv, vector_peak
    from ironlaw.hardware.catalog import builtin, load_file
    from ironlaw.measure.probe import dispatch_keys_by_kind
    from ironlaw.measure.profile import load_raw

    path = Path(profile) if profile else paths().host_profile
    raw_path = measurements_path(path)
    if not path.exists() or not raw_path.exists():
        raise UserError(f"{path}: no measured profile (and {raw_path.name}); run "
                        "`ironlaw measure host` first")
    raw = load_raw(raw_path)
    device = load_file(path).devices[0]
    rows = [r for r in raw.get("gemm", []) if r["dtype"] == dtype and r["flop_per_s"] > 0]
    torch_rows = [r for r in rows if r["library"] == "torch"]
    if len(torch_rows) >= 3:  # the library the models run with
        rows, library = torch_rows, "torch"
    else:
        library = "numpy"
        rows = [r for r in rows if r["library"] == "numpy"]
    if dtype not in device.peak:
        raise UserError(f"{path}: the profile has no {dtype} peak to calibrate against")
    env = raw.get("env", {})
    units = float(env.get("torch_threads" if library == "torch" else "blas_threads") or 1)
    dispatch = raw.get("dispatch", {})
    call = dispatch.get("torch_eager_s") if library == "torch" else dispatch.get("numpy_call_s")
    element = element_bytes(dtype)
    fit = check_fit(fit_gemm(rows, device.peak[dtype].dense.value, units, _bandwidth(device),
                             float(call or 0.0), element))
    notes = []
    peak = device.peak[dtype].dense.value
    def rates(row: dict, scale: float) -> tuple[float, float, float]:
        return tuple(x * scale for x in (row["flop_per_s"], *row["spread"]))

    by_kind = {kind: float(np.median(values)) for kind, keys in dispatch_keys_by_kind().items()
               if (values := [dispatch[k] for k in keys if dispatch.get(k)])}
    vector_rate = float(vector_peak(device, peak))
    layers = [dispatch[k] for k in ("torch_linear_s", "torch_conv_s") if dispatch.get(k)]
    eager = float(np.median(layers)) if layers else dispatch.get("torch_eager_s")
    if not layers and eager is not None:
        notes.append("no nn.Module dispatch measured: eager overhead is a bare aten op's")
    if eager is None:
        eager = dispatch["numpy_call_s"]
        notes.append("torch was not measured: eager overhead taken from the numpy call time")
    kind_fractions = _layer_fractions(  # each launch as the cost model adds it back: the
        # kind's own, else 'other' (Efficiency.eager_launch)
        [r for r in raw.get("layers") or () if r["dtype"] == dtype],
        lambda kind: by_kind.get(kind, eager), vector_rate, notes)
    convs = [r for r in raw.get("conv") or () if r["dtype"] == dtype]
    conv = Measured.of([rates(r, 1 / peak) for r in convs if r["kind"] == "dense"], most=1.0)
    depthwise = Measured.of([rates(r, 1 / peak) for r in convs if r["kind"] == "depthwise"],
                            most=1.0)
    main = device.main_memory.bandwidth.value
    # a GEMM of F = 2·m·n·k FLOPs at rate R takes F/R: its k·n·b weight bytes stream at
    # k·n·b·R/F = b·R/(2m) bytes/s
    gemv = Measured.of([rates(r, element / (2.0 * r["m"]) / main) for r in rows
                        if is_gemv(r["m"], fit.tile)], most=1.0)
    for name, m in (("conv_peak_fraction", conv), ("vector_peak_fraction", depthwise),
                    ("gemv_memory_fraction", gemv),
                    *((f"vector_peak_fraction ({k})", m) for k, m in kind_fractions.items())):
        if m is not None and m.range[1] >= 1.0:
            notes.append(f"{name}: a probe ran at or above the profile's peak (clipped to 1)")
    if conv is None:
        notes.append("no convolution measured: convolutions are costed as GEMMs")
    kind_default = builtin().efficiency[device.kind]
    vector = kind_default.vector_peak_fraction.value if depthwise is None else depthwise.value
    if depthwise is None:
        notes.append("vector_peak_fraction kept at the cpu kind's catalog value "
                     f"({vector:g}): no depthwise convolution measured")
    spread = (min(layers), max(layers)) if len(layers) > 1 else None
    calibration = Calibration(path, fit, float(eager), float(dispatch["numpy_call_s"]),
                              vector, tuple(notes),
                              None if spread is None else (float(spread[0]), float(spread[1])),
                              by_kind, depthwise, conv, gemv, kind_fractions)
    _write(path, calibration)
    return calibration


def _layer_fractions(rows: list[dict], launch: Callable[[str], float], vector_rate: float,
                     notes: list[str]) -> dict[str, Measured]:
    """Per op kind, the vector fraction its probed layers reach: FLOPs / ((t − t_launch) ·
    R_vec) for each layer (the kind's measured launch taken off its call, as the cost model
    adds it back), their median and range (Measured.of), ≤ 1."""
    per_kind: dict[str, list[tuple[float, float, float]]] = {}
    for row in rows:
        work = [t - launch(row["kind"]) for t in (row["time_s"], *row["spread_s"])]
        if min(work) <= 0:
            notes.append(f"{row['label']}: a call took no longer than its launch; not fitted")
            continue
        per_kind.setdefault(row["kind"], []).append(
            tuple(row["flops"] / (w * vector_rate) for w in work))
    return {kind: m for kind, values in per_kind.items()
            if (m := Measured.of(values, most=1.0)) is not None}


def _write(path: Path, c: Calibration) -> None:
    """Put the fitted parameters into the profile's device as its ``efficiency`` block."""
    import yaml

    from ironlaw.files import read_yaml
    from ironlaw.hardware.catalog import load_file

    data = read_yaml(path, "host profile")
    today = _dt.date.today().isoformat()
    data.setdefault("sources", {})["calibration"] = {
        "kind": "measured", "title": f"ironlaw calibrate, {today}: fitted to this host's "
        f"micro-benchmarks ({c.gemm.points} GEMMs, RMS error {c.gemm.rms_error:.1%})",
        "checked": today}
    g = c.gemm

    def value(x, note=None):
        entry = {"value": float(x), "source": "calibration"}
        if note:
            entry["note"] = note
        return entry

    data["devices"][0]["efficiency"] = {
        "tile_m": value(g.tile), "tile_n": value(g.tile), "k_half": value(g.k_half),
        "gemm_peak_fraction": {**value(g.peak_fraction), "range": list(g.fraction_range),
                               "note": "range: the fraction each measured GEMM implies, "
                                       "f·(1 + residual)"},
        "vector_peak_fraction": (
            c.vector.entry("depthwise convolution rate / fp32 peak") if c.vector else
            {**value(c.vector_peak_fraction), "kind": "estimate",
             "note": "catalog value for cpus; not measured"}),
        "memory_fraction": value(1.0, "bandwidths are measured plateaus"),
        "eager_overhead": {**value(c.eager_overhead_s, "torch eager dispatch per op"),
                           **({"range": list(c.eager_range_s)} if c.eager_range_s else {})},
        "fused_overhead": value(c.fused_overhead_s, "numpy call per kernel"),
    }
    block = data["devices"][0]["efficiency"]
    if c.eager_by_kind_s:  # each kind's own dispatch, 'other' for the rest
        block["eager_overhead"] = {
            "other": block["eager_overhead"],
            **{k: value(v, f"a tiny {k} layer called in eager torch")
               for k, v in c.eager_by_kind_s.items()}}
    if c.layers:  # each probed kind's own, 'other' (depthwise or the kind's estimate) for the rest
        block["vector_peak_fraction"] = {
            "other": block["vector_peak_fraction"],
            **{k: m.entry(f"median of {m.points} {k} layer(s): FLOPs / (call − launch) / "
                          "fp32 peak") for k, m in c.layers.items()}}
    if c.conv is not None:
        block["conv_peak_fraction"] = c.conv.entry(
            f"median of {c.conv.points} dense fp32 convolutions' rate / fp32 peak")
    if c.gemv is not None:
        block["gemv_memory_fraction"] = c.gemv.entry(
            f"median of {c.gemv.points} one-row-tile GEMMs: weight bytes / call / DRAM bandwidth")
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    load_file(partial)  # never leave a profile the catalog cannot read
    partial.replace(path)
