"""Figures, written as PNG or SVG (chosen by the file's suffix):

    roofline     a device's roofs — one per memory level with a known bandwidth, P = min(R, I·BW),
                 log-log, ridge I* = R/BW marked — with every op of one or more analyses placed on
                 it: intensity I = FLOPs / bytes moved, attained rate = FLOPs / op time, by kind
    terms        the Iron Law terms of analyses as stacked bars: time in compute-bound ops, in
                 memory-bound ops and in launch overhead
    batch_curve  latency against throughput as the batch grows, one point per batch size (for
                 an LLM beside TTFT against batch), the chosen batch and the SLOs marked
    comparison   baseline vs compressed: latency, memory and energy side by side
    memory       a training plan's memory per device as a stacked bar against the capacity
    waterfall    an analysis's time op by op in execution order, each bar starting where the
                 last ended, colored by what bounds it; the smallest ops merged per kind
    ladder       the memory and interconnect hierarchy of a device (and node): the access
                 latency and the energy per byte at each level, registers to disk, each from
                 its source, "n/a" where none is published

Analyses and comparisons are read by attribute (this layer imports nothing above derive).
matplotlib is imported only when a figure is drawn (``pip install 'ironlaw[plot]'``); figures
are built on ``matplotlib.figure.Figure`` directly, so no pyplot state or global backend is
touched, and PNGs are rasterized by Agg.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ironlaw import units
from ironlaw.derive import Line, Worked, derive
from ironlaw.errors import ParameterError, UserError
from ironlaw.laws.roofline import arithmetic_intensity, attainable, ridge_point
from ironlaw.table import Table, columns
from ironlaw.units import format as show

SUFFIXES = (".png", ".svg")
KIND_COLORS = {"matmul": "#1f77b4", "conv2d": "#17becf", "attention": "#d62728",
               "elementwise": "#2ca02c", "norm": "#9467bd", "softmax": "#ff7f0e",
               "pool": "#8c564b", "embedding": "#e377c2", "collective": "#7f7f7f"}
TERM_COLORS = {"compute-bound": "#1f77b4", "memory-bound": "#d62728", "overhead": "#9e9e9e"}
MARKERS = ("o", "^", "s", "D", "v", "P")
LEVEL_STYLES = ("-", "--", "-.", ":")


@dataclass(frozen=True)
class Plot:
    """A figure written to ``path``, with the numbers it shows and how they were derived."""

    path: Path
    kind: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: tuple[Line, ...] = ()
    notes: tuple[str, ...] = ()  # of the derivation
    assumptions: tuple[str, ...] = ()  # of the numbers plotted
    # the matplotlib Figure drawn (legend texts, titles, artists), for notebooks and tests;
    # neither shown nor serialized
    figure: Any = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "kind": self.kind, "title": self.title,
                "format": self.path.suffix.lstrip("."),
                "size_bytes": self.path.stat().st_size if self.path.exists() else None,
                **self.data, "notes": list(self.assumptions)}

    def rows(self) -> list[Table]:
        """One row saying what was written: file, kind, format, size, title."""
        return [Table(None, columns(("file", "file"), ("kind", "figure"), ("format", "format"),
                                    ("size_bytes", "size", "bytes"), ("title", "title")),
                      (self.to_dict(),), tuple(f"note: {n}" for n in self.assumptions))]

    def explain(self) -> Worked:
        return Worked(self.title, self.lines, self.notes)

    def page_figures(self) -> list[dict]:
        """The figure as written, embedded in an HTML page (``--format html``)."""
        from ironlaw.report.html import drawn

        return [drawn(self.path, self.title)]


# --- helpers ---------------------------------------------------------------------------------
def check_target(path: str | Path, parameter: str = "path") -> Path:
    """``path`` as a Path if it ends in .png or .svg and its folder exists; else a
    ParameterError naming ``parameter`` (the caller's name for the file)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ParameterError(parameter, "expected a file name ending in .png or .svg; "
                                        f"got {str(path)!r}")
    from ironlaw.files import target

    return target(path, parameter)


def new_figure(width: float = 8.0, height: float = 5.0):
    """A matplotlib Figure (no pyplot state); a UserError if matplotlib is missing."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise UserError("plotting needs matplotlib: pip install 'ironlaw[plot]'") from None
    return Figure(figsize=(width, height), layout="constrained")


def save_figure(fig, path: Path) -> None:
    """Write PNG or SVG by the file suffix; SVGs without a date, so they are reproducible."""
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"Date": None} if fmt == "svg" else {}
    try:
        fig.savefig(path, format=fmt, dpi=150, metadata=metadata)
    except OSError as exc:
        raise ParameterError("path", f"cannot write {str(path)!r} ({exc.strerror})") from None


def _time_unit(largest: float) -> tuple[float, str]:
    """The axis unit (scale in s, name) that shows ``largest`` seconds as a number ≥ 1."""
    scale, prefix = units.prefix(largest, at_most=1.0)
    return scale, f"{prefix}s"


def _series(analyses) -> list[tuple[str, Any]]:
    """One analysis or a sequence of (label, analysis), as a list of (label, analysis)."""
    if hasattr(analyses, "per_op"):
        return [(analyses.graph.name, analyses)]
    out = list(analyses)
    if not out:
        raise ValueError("nothing to plot: no analyses given")
    return out


def _does_not_fit(series) -> list[str]:
    """The verdict for each analysis whose memory exceeds its device's capacity."""
    return [f"{label} does not fit on {a.device.id}: needs {show(a.memory_bytes, 'bytes')} "
            f"of {show(a.memory_capacity_bytes, 'bytes')}" for label, a in series if not a.fits]


def _mark_unfit(ax, verdicts: list[str]) -> None:
    """Write the 'does not fit' verdicts on the figure, in red, so no one reads it as feasible."""
    if verdicts:
        ax.text(0.5, 0.5, "\n".join(v.upper() if i == 0 else v for i, v in
                                    enumerate(["does not fit", *verdicts])),
                transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#b00020",
                fontweight="bold", alpha=0.85, zorder=10,
                bbox={"facecolor": "white", "edgecolor": "#b00020", "alpha": 0.8})


def _wrap(text: str, width: int = 72) -> str:
    """``text`` broken onto lines of at most ``width`` characters, so a long title or caption
    stays inside the figure (constrained layout centres a title, it does not shrink it)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


LABEL_DECADES = 0.15  # roofline points nearer than this on both log axes share one label


def close_on_roofline(a: dict[str, Any], b: dict[str, Any],
                      decades: float = LABEL_DECADES) -> bool:
    """Whether two roofline points (``intensity``, ``attained``) lie within ``decades`` of
    each other on both log axes: their labels would overprint, so they share one (the PNG
    rooflines here and the explorer's page)."""
    return (abs(math.log10(a["intensity"] / b["intensity"])) < decades
            and abs(math.log10(a["attained"] / b["attained"])) < decades)


def _overlay(series) -> str:
    """What the series of a roofline are: "batch 1, 4, 16" when they are batch sizes, their
    labels otherwise, the one batch size of a single analysis."""
    if len(series) == 1:
        return f"batch {series[0][1].graph.workload.batch}"
    names = [name for name, _ in series]
    if all(n.startswith("batch ") for n in names):
        return "batch " + ", ".join(n.removeprefix("batch ") for n in names)
    return ", ".join(names)


# --- roofline --------------------------------------------------------------------------------
def _roofs(device):
    """(label, bandwidth) per memory level with a known bandwidth, fastest first."""
    levels = [(m.level.upper(), m.bandwidth.value) for m in device.memory
              if m.bandwidth is not None]
    if not levels:
        raise UserError(f"{device.id}: no memory level has a bandwidth in the catalog; "
                        "a roofline needs at least one")
    return levels


def _op_points(analysis) -> tuple[list[dict[str, Any]], int]:
    """Per op: intensity = FLOPs / bytes, attained = FLOPs / (time per execution); ops with no
    FLOPs or no traffic (folded into a producer) cannot sit on log axes and are counted."""
    p = analysis.per_op
    points, hidden = [], 0
    latency = analysis.latency_s or 1.0
    for i, op in enumerate(analysis.graph.ops):
        if op.kind == "view":
            continue
        moved, total = float(p["bytes"][i]), float(p["time_s"][i])
        if op.flops <= 0 or moved <= 0 or total <= 0:
            hidden += 1
            continue
        per_run = total / op.count
        points.append({"name": op.name, "kind": op.kind,
                       "intensity": arithmetic_intensity(op.flops, moved),
                       "attained": op.flops / per_run, "share": total / latency,
                       "time_s": total, "flops": op.flops, "bytes": moved})
    return points, hidden


def roofline(analyses, path: str | Path, *, title: str | None = None, label: int = 5) -> Plot:
    """The roofline of the analyses' device with every op placed on it (see the module doc),
    the ``label`` ops that take the most time named beside their points.

    ``analyses``: one Analysis, or a sequence of (label, Analysis) on the same device.
    """
    series = _series(analyses)
    device = series[0][1].device
    if any(a.device.id != device.id for _, a in series):
        raise UserError("a roofline shows one device; the analyses are on "
                        + ", ".join(sorted({a.device.id for _, a in series})))
    target = check_target(path)
    peaks = {a.graph.dtype: a.peak_flop_per_s for _, a in series}
    levels = _roofs(device)
    all_points = [(label, a, *_op_points(a)) for label, a in series]
    intensities = [pt["intensity"] for *_, pts, _ in all_points for pt in pts]
    ridges = {(dtype, name): derive("ridge-point", peak=peak, bandwidth=bw)
              for dtype, peak in peaks.items() for name, bw in levels}
    ridge_values = [float(d.values["ridge"]) for d in ridges.values()]
    x_lo = 10 ** math.floor(math.log10(min(intensities + ridge_values) / 3))
    x_hi = 10 ** math.ceil(math.log10(max(intensities + ridge_values) * 3))
    scale, prefix = units.prefix(max(peaks.values()))

    fig = new_figure(9.0, 5.8)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    ax.set_yscale("log")
    import numpy as np

    x = np.logspace(math.log10(x_lo), math.log10(x_hi), 400)
    for (name, bw), style in zip(levels, LEVEL_STYLES * 4, strict=False):
        for dtype, peak in peaks.items():
            ax.plot(x, attainable(x, peak, bw) / scale, color="black", linestyle=style, lw=1.4,
                    label=f"{name} roof, {show(bw, 'bandwidth')}"
                    if dtype == next(iter(peaks)) else None)
    for dtype, peak in peaks.items():
        ax.annotate(f"{dtype} peak {show(peak, 'flop_rate')}", (x_hi, peak / scale),
                    xytext=(-4, 4), textcoords="offset points", ha="right", fontsize=9)
    vector = device.peak["fp32"].dense.value if "fp32" in device.peak else None
    if vector is not None and vector not in peaks.values():
        ax.axhline(vector / scale, color="gray", linestyle="--", lw=1)
        ax.annotate(f"fp32 vector units {show(vector, 'flop_rate')} (non-matrix ops)",
                    (x_hi, vector / scale), xytext=(-4, 4), textcoords="offset points",
                    ha="right", fontsize=8, color="dimgray")
    main = levels[-1]
    for dtype in peaks:
        ridge = float(ridges[(dtype, main[0])].values["ridge"])
        ax.axvline(ridge, color="gray", linestyle=":", lw=1)
        ax.text(ridge, 0.02, f" ridge I* = {show(ridge, 'intensity')}\n ({dtype}, {main[0]})",
                transform=ax.get_xaxis_transform(), fontsize=8, color="dimgray")
    kinds_seen: dict[str, None] = {}
    hidden_total = 0
    for (_label, _a, pts, hidden), marker in zip(all_points, MARKERS * 4, strict=False):
        hidden_total += hidden
        for pt in pts:
            kinds_seen[pt["kind"]] = None
            ax.scatter(pt["intensity"], pt["attained"] / scale, marker=marker,
                       s=18 + 400 * pt["share"], color=KIND_COLORS.get(pt["kind"], "#555555"),
                       alpha=0.75, edgecolors="white", linewidths=0.5, zorder=3)
    labeled = []
    groups: list[tuple[dict[str, Any], list[str]]] = []  # (first point, its labels)
    for series_label, _a, pts, _hidden in all_points:  # the heaviest ops, named
        each = label if len(series) == 1 else -(-label // len(series))  # ⌈N/series⌉ each
        heaviest = sorted(pts, key=lambda pt: pt["time_s"], reverse=True)[:each]
        for pt in heaviest:
            name = pt["name"] if len(series) == 1 else f"{series_label}: {pt['name']}"
            text = f"{name} ({pt['share']:.0%})"
            near = next((g for g in groups if close_on_roofline(g[0], pt)), None)
            if near is None:
                groups.append((pt, [text]))
            else:  # points that (nearly) coincide share one label, one name per line
                near[1].append(text)
            labeled.append(name)
    for rank, (pt, texts) in enumerate(groups):
        ax.annotate("\n".join(texts), (pt["intensity"], pt["attained"] / scale),
                    xytext=(8, 10 - 9 * (rank % 3)), textcoords="offset points", fontsize=7,
                    va="top" if len(texts) > 1 else "baseline", color="#333333",
                    arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})
    from matplotlib.lines import Line2D

    handles, _ = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="o", linestyle="", color=KIND_COLORS.get(k, "#555555"),
                       label=k) for k in kinds_seen]
    if len(series) > 1:
        handles += [Line2D([], [], marker=m, linestyle="", color="black", label=label)
                    for (label, _), m in zip(series, MARKERS * 4, strict=False)]
    ax.legend(handles=handles, loc="center right", fontsize=8, framealpha=0.9)
    ax.set_xlim(x_lo, x_hi)
    y_lo = min([pt["attained"] for *_, pts, _ in all_points for pt in pts]
               + [x_lo * levels[-1][1]]) / scale / 3
    ax.set_ylim(y_lo, max(peaks.values()) / scale * 3)
    ax.set_xlabel("arithmetic intensity I = FLOPs / bytes moved  [FLOP/B]")
    ax.set_ylabel(f"attained rate = FLOPs / op time  [{prefix}FLOP/s]")
    first = series[0][1]
    heading = title or (f"Roofline: {first.graph.name} on {device.name} "
                        f"({', '.join(peaks)}, {first.mode}, {_overlay(series)})")
    ax.set_title(_wrap(heading))
    ax.grid(True, which="major", alpha=0.3)
    caption = "marker area ∝ share of latency"
    if hidden_total:
        caption += (f"; not shown: {hidden_total} op point{'s' if hidden_total > 1 else ''} "
                    "with no FLOPs (gathers), no memory traffic, or run inside the kernel "
                    "before them (fused)")
    ax.text(0.01, 0.99, _wrap(caption, 110), transform=ax.transAxes, fontsize=8, va="top",
            color="dimgray")
    unfit = _does_not_fit(series)
    _mark_unfit(ax, unfit)
    save_figure(fig, target)

    lines = [Line(f"ridge point, {dtype} on {name}", "I* = R / BW",
                  f"{show(peaks[dtype], 'flop_rate')} / {show(bw, 'bandwidth')}",
                  show(float(ridges[(dtype, name)].values["ridge"]), "intensity"))
             for dtype in peaks for name, bw in levels]
    for series_name, _a, pts, _ in all_points:
        if pts:
            top = max(pts, key=lambda pt: pt["time_s"])
            lines.append(Line(f"{series_name}: slowest op {top['name']} ({top['kind']})",
                              "I = O / D;  P = O / t",
                              f"{show(top['flops'], 'flops')} / {show(top['bytes'], 'bytes')}; "
                              f"{show(top['flops'], 'flops')} / "
                              f"{show(top['flops'] / top['attained'], 'time')}",
                              f"I = {show(top['intensity'], 'intensity')}, "
                              f"P = {show(top['attained'], 'flop_rate')}"))
    data = {"device": device.id,
            "roofs": [{"level": name, "bandwidth_bytes_per_s": bw} for name, bw in levels],
            "peaks_flop_per_s": peaks,
            "series": [{"label": name, "ops_shown": len(pts), "ops_hidden": hidden,
                        "fits": bool(a.fits)} for name, a, pts, hidden in all_points],
            "labeled_ops": labeled,
            "does_not_fit": unfit}
    return Plot(target, "roofline", heading, data, tuple(lines),
                ("Source: Williams, Waterman & Patterson, 'Roofline', CACM 52(4), 2009",),
                figure=fig)


def device_rooflines(analyses, path: str | Path, *, title: str | None = None) -> Plot:
    """One model's roofline on several devices: per device, in its own color, the roof of its
    main memory P = min(R, I·BW) at the model's precision with the ridge I* = R/BW marked, the
    model's ops as small dots and the whole pass as a large one (I = Σ FLOPs / Σ bytes moved,
    P = Σ FLOPs / latency).

    ``analyses``: Analyses of the same model on different devices.
    """
    import numpy as np

    series = [a for _, a in _series(analyses)]
    target = check_target(path)
    rows = []
    for a in series:
        bandwidth = _roofs(a.device)[-1][1]
        moved = float(np.dot(a.graph.columns()["count"], a.per_op["bytes"]))
        rows.append({"device": a.device.id, "peak_flop_per_s": a.peak_flop_per_s,
                     "bandwidth_bytes_per_s": bandwidth,
                     "ridge_flop_per_byte": ridge_point(a.peak_flop_per_s, bandwidth),
                     "intensity_flop_per_byte": arithmetic_intensity(a.graph.flops, moved),
                     "attained_flop_per_s": a.graph.flops / a.latency_s,
                     "latency_s": a.latency_s, "bottleneck": a.bottleneck,
                     "fits": bool(a.fits)})
    points = [_op_points(a)[0] for a in series]
    xs = [r[k] for r in rows for k in ("ridge_flop_per_byte", "intensity_flop_per_byte")] + [
        pt["intensity"] for pts in points for pt in pts]
    x_lo = 10 ** math.floor(math.log10(min(xs) / 3))
    x_hi = 10 ** math.ceil(math.log10(max(xs) * 3))
    scale, prefix = units.prefix(max(r["peak_flop_per_s"] for r in rows))
    fig = new_figure(9.0, 5.8)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    ax.set_yscale("log")
    x = np.logspace(math.log10(x_lo), math.log10(x_hi), 400)
    colors = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
              "#17becf")
    for r, pts, color in zip(rows, points, colors * 4, strict=False):
        peak, bw = r["peak_flop_per_s"], r["bandwidth_bytes_per_s"]
        ax.plot(x, attainable(x, peak, bw) / scale, color=color, lw=1.6,
                label=f"{r['device']}: {show(peak, 'flop_rate')}, {show(bw, 'bandwidth')}")
        ax.axvline(r["ridge_flop_per_byte"], color=color, linestyle=":", lw=1)
        ax.scatter([pt["intensity"] for pt in pts], [pt["attained"] / scale for pt in pts],
                   s=10, color=color, alpha=0.35, zorder=2)
        ax.scatter(r["intensity_flop_per_byte"], r["attained_flop_per_s"] / scale, s=140,
                   color=color, edgecolors="black", zorder=4)
        ax.annotate(f"{r['device']}: {show(r['latency_s'], 'time')}, {r['bottleneck']}",
                    (r["intensity_flop_per_byte"], r["attained_flop_per_s"] / scale),
                    xytext=(8, -4), textcoords="offset points", fontsize=8)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(min([pt["attained"] for pts in points for pt in pts]
                    + [r["attained_flop_per_s"] for r in rows]) / scale / 3,
                max(r["peak_flop_per_s"] for r in rows) / scale * 3)
    ax.set_xlabel("arithmetic intensity I = FLOPs / bytes moved  [FLOP/B]")
    ax.set_ylabel(f"attained rate = FLOPs / time  [{prefix}FLOP/s]")
    first = series[0]
    heading = title or (f"Roofline: {first.graph.name} on {', '.join(r['device'] for r in rows)}"
                        f" ({first.graph.dtype}, {first.mode}, batch "
                        f"{first.graph.workload.batch})")
    ax.set_title(_wrap(heading))
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8, framealpha=0.9)
    ax.text(0.01, 0.99, "large dot: the whole pass; small dots: its ops; dotted: ridge points",
            transform=ax.transAxes, fontsize=8, va="top", color="dimgray")
    unfit = _does_not_fit([(a.device.id, a) for a in series])
    _mark_unfit(ax, unfit)
    save_figure(fig, target)
    lines = tuple(Line(f"{r['device']}: the whole pass", "I = ΣO / ΣD;  P = ΣO / T;  I* = R / BW",
                       f"{show(first.graph.flops, 'flops')} / {show(r['latency_s'], 'time')}",
                       f"I = {show(r['intensity_flop_per_byte'], 'intensity')}, P = "
                       f"{show(r['attained_flop_per_s'], 'flop_rate')}, I* = "
                       f"{show(r['ridge_flop_per_byte'], 'intensity')}") for r in rows)
    return Plot(target, "roofline", heading, {"devices": rows, "does_not_fit": unfit}, lines,
                ("Source: Williams, Waterman & Patterson, 'Roofline', CACM 52(4), 2009",),
                figure=fig)


# --- Iron Law terms --------------------------------------------------------------------------
def terms(analyses, path: str | Path, *, title: str | None = None) -> Plot:
    """Stacked bars: time in compute-bound ops, memory-bound ops and launch overhead."""
    series = _series(analyses)
    target = check_target(path)
    rows = [(label, {"compute-bound": a.compute_bound_s, "memory-bound": a.memory_bound_s,
                     "overhead": a.overhead_s}, a) for label, a in series]
    scale, unit = _time_unit(max(a.latency_s for _, a in series))
    fig = new_figure(9.0, 1.6 + 0.9 * len(rows))
    ax = fig.add_subplot()
    for y, (_label, parts, a) in enumerate(rows):
        left = 0.0
        for name, value in parts.items():
            ax.barh(y, value / scale, left=left, color=TERM_COLORS[name], height=0.6,
                    label=name if y == 0 else None, edgecolor="white")
            share = value / a.latency_s if a.latency_s else 0.0
            if share >= 0.07:
                ax.text(left + value / scale / 2, y, f"{share:.0%}", ha="center",
                        va="center", color="white", fontsize=9, fontweight="bold")
            left += value / scale
        ax.text(left, y, f"  {show(a.latency_s, 'time')}", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), [f"{label}\n({a.bottleneck}-bound)"
                                     for label, _, a in rows])
    ax.invert_yaxis()
    ax.set_xlabel(f"time per pass  [{unit}]")
    ax.set_xlim(0, max(a.latency_s for _, a in series) / scale * 1.18)
    first = series[0][1]
    heading = title or (f"Where the time goes: {first.graph.name} on {first.device.name} "
                        f"({first.graph.dtype}, {first.mode})")
    ax.set_title(_wrap(heading))
    ax.legend(loc="lower right", fontsize=8, ncols=3)
    ax.grid(True, axis="x", alpha=0.3)
    unfit = _does_not_fit(series)
    _mark_unfit(ax, unfit)
    save_figure(fig, target)
    lines = tuple(Line(f"{label}: Iron Law terms", "T = T_compute-bound + T_memory-bound + "
                       "T_overhead",
                       " + ".join(show(v, "time") for v in parts.values()),
                       f"{show(a.latency_s, 'time')} ({a.bottleneck} dominates)")
                  for label, parts, a in rows)
    data = {"series": [{"label": label, **{f"{k.replace('-', '_')}_s": v
                                           for k, v in parts.items()},
                        "latency_s": a.latency_s, "bottleneck": a.bottleneck,
                        "fits": bool(a.fits)} for label, parts, a in rows],
            "does_not_fit": unfit}
    return Plot(target, "terms", heading, data, lines, figure=fig)


# --- batch -----------------------------------------------------------------------------------
def batch_curve(rows: Sequence[tuple[float, float, float]], path: str | Path, *,
                title: str = "Latency vs throughput as the batch grows",
                throughput_unit: str = "samples", chosen: float | None = None,
                slo: tuple[float, str] | None = None,
                first_token: Sequence[tuple[float, float]] | None = None,
                first_token_slo: float | None = None,
                first_token_tail: tuple[float, str] | None = None) -> Plot:
    """Latency [s] against throughput [/s], one point per (batch, latency_s, throughput_per_s);
    the ``chosen`` batch ringed, and an ``slo`` (seconds, label) drawn as a line.

    ``first_token``: (batch, TTFT [s]) rows of an LLM, drawn in a second panel (TTFT against
    batch) with the chosen batch ringed, ``first_token_slo`` [s] as a line and
    ``first_token_tail`` (seconds, label: the TTFT with queueing at the chosen batch) as a
    point, so a TTFT SLO is seen where TTFT is drawn."""
    points = sorted((float(b), float(t), float(x)) for b, t, x in rows)
    if not points:
        raise ValueError("nothing to plot: no (batch, latency, throughput) rows")
    target = check_target(path)
    scale, unit = _time_unit(max(t for _, t, _ in points))
    fig = new_figure(12.5 if first_token else 8.0, 5.2)
    ax, ttft_ax = fig.subplots(1, 2) if first_token else (fig.add_subplot(), None)
    xs = [x for _, _, x in points]
    ys = [t / scale for _, t, _ in points]
    ax.plot(xs, ys, marker="o", color="#1f77b4", lw=1.6)
    for (b, _, _), x, y in zip(points, xs, ys, strict=True):
        ax.annotate(f"b={b:g}", (x, y), xytext=(5, -11), textcoords="offset points",
                    fontsize=8)
        if chosen is not None and b == chosen:
            ax.scatter([x], [y], s=160, facecolors="none", edgecolors="firebrick", lw=1.8,
                       zorder=4, label=f"batch {b:g} (chosen)")
    if slo is not None:
        ax.axhline(slo[0] / scale, color="firebrick", linestyle="--", lw=1.2,
                   label=f"{slo[1]} {show(slo[0], 'time')}")
    if chosen is not None or slo is not None:
        ax.legend(fontsize=8, loc="upper left")
    ttft = _first_token_panel(ttft_ax, first_token, chosen, first_token_slo,
                              first_token_tail) if ttft_ax is not None else None
    if max(xs) / min(xs) > 20:
        ax.set_xscale("log")
    if max(ys) / min(ys) > 20:
        ax.set_yscale("log")
    else:  # a linear axis from zero shows how flat latency stays
        ax.set_ylim(0, max([*ys, slo[0] / scale if slo else 0.0]) * 1.1)
    ax.set_xlabel(f"throughput  [{throughput_unit}/s]")
    ax.set_ylabel(f"latency per batch  [{unit}]")
    if ttft_ax is None:
        ax.set_title(_wrap(title))
    else:
        ax.set_title("per decode step", fontsize=10)
        fig.suptitle(_wrap(title, 100))
    ax.grid(True, which="major", alpha=0.3)
    save_figure(fig, target)
    lines = tuple(Line(f"batch {b:g}", "X = B / T", f"{b:g} / {show(t, 'time')}",
                       f"{x:.4g} {throughput_unit}/s")
                  for b, t, x in (points[0], points[-1]))
    data = {"rows": [{"batch": b, "latency_s": t, "throughput_per_s": x} for b, t, x in points],
            "chosen_batch": chosen, "slo_s": None if slo is None else slo[0]}
    if ttft is not None:
        data.update(ttft)
    return Plot(target, "batch", title, data, lines, figure=fig)


def _first_token_panel(ax, rows, chosen, slo, tail) -> dict[str, Any]:
    """TTFT [s] against batch on ``ax``: the chosen batch ringed, the TTFT SLO a dashed line,
    the tail TTFT with queueing (seconds, label) a cross; returns what it drew."""
    points = sorted((float(b), float(t)) for b, t in rows)
    largest = max([t for _, t in points] + [slo or 0.0] + [tail[0] if tail else 0.0])
    scale, unit = _time_unit(largest)
    bs, ts = [b for b, _ in points], [t / scale for _, t in points]
    ax.plot(bs, ts, marker="o", color="#2ca02c", lw=1.6)
    for b, t in points:
        if chosen is not None and b == chosen:
            ax.scatter([b], [t / scale], s=160, facecolors="none", edgecolors="firebrick",
                       lw=1.8, zorder=4, label=f"batch {b:g} (chosen): {show(t, 'time')}")
    if tail is not None:
        ax.scatter([chosen], [tail[0] / scale], marker="X", s=70, color="firebrick", zorder=5,
                   label=f"{tail[1]} {show(tail[0], 'time')}")
    if slo is not None:
        ax.axhline(slo / scale, color="firebrick", linestyle="--", lw=1.2,
                   label=f"TTFT SLO {show(slo, 'time')}")
    if len(bs) > 1 and max(bs) / min(bs) > 20:
        ax.set_xscale("log", base=2)
        ticks = [b for b in bs if math.log2(b).is_integer()] or bs
        ax.set_xticks(ticks, [f"{b:g}" for b in ticks])
        ax.minorticks_off()
    ax.set_ylim(0, largest / scale * 1.15)
    ax.set_xlabel("batch  [sequences]")
    ax.set_ylabel(f"TTFT, no queueing  [{unit}]")
    ax.set_title("time to first token (the schedule run at each batch)", fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    if chosen is not None or slo is not None or tail is not None:
        ax.legend(fontsize=8, loc="best")  # never over the chosen batch's marks
    return {"ttft_rows": [{"batch": b, "ttft_s": t} for b, t in points],
            "ttft_slo_s": slo, "ttft_tail_s": tail[0] if tail else None}


# --- comparison ------------------------------------------------------------------------------
def comparison(result, path: str | Path, *, title: str | None = None) -> Plot:
    """Baseline vs compressed: latency, memory needed and energy per pass, as bars."""
    d = result.to_dict()
    target = check_target(path)
    sides = [("baseline", d["baseline"])]
    if d["compressed"] is not None:
        sides.append((d["scheme"], d["compressed"]))
    panels = (("latency_s", "latency per pass", "time"),
              ("memory_bytes", "memory needed", "bytes"),
              ("energy_j", "energy per pass", "energy"))
    fig = new_figure(10.0, 4.2)
    axes = fig.subplots(1, 3)
    colors = ("#7f7f7f", "#1f77b4")
    for ax, (key, label, dim) in zip(axes, panels, strict=True):
        values = [s[key] for _, s in sides]
        known = [v for v in values if v is not None]
        if not known:
            ax.text(0.5, 0.5, "unavailable", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            ax.set_title(label)
            continue
        if dim == "time":
            scale, unit = _time_unit(max(known))
        else:
            scale, p = units.prefix(max(known))
            unit = f"{p}{'B' if dim == 'bytes' else 'J'}"
        heights = [0.0 if v is None else v / scale for v in values]
        bars = ax.bar([name for name, _ in sides], heights, color=colors[:len(sides)])
        for bar, v in zip(bars, values, strict=True):
            ax.annotate("—" if v is None else show(v, dim),
                        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        ax.set_title(label)
        ax.set_ylabel(f"{label}  [{unit}]")
        ax.set_ylim(0, max(heights) * 1.18)
        ax.grid(True, axis="y", alpha=0.3)
    heading = title or (f"{d['model']} on {d['device']}: {d['scheme']} vs baseline"
                        + ("" if d["verdict"] == "ok" else f" — {d['verdict']}"))
    fig.suptitle(_wrap(heading))
    if d["verdict"] != "ok" and d["reason"]:
        fig.text(0.5, 0.01, d["reason"], ha="center", fontsize=8, color="firebrick", wrap=True)
    save_figure(fig, target)
    lines = []
    if d["speedup"] is not None:
        lines.append(Line("speedup", "S = T_baseline / T_compressed",
                          f"{show(d['baseline']['latency_s'], 'time')} / "
                          f"{show(d['compressed']['latency_s'], 'time')}",
                          f"{d['speedup']:.3g}×"))
    data = {"verdict": d["verdict"], "speedup": d["speedup"], "memory_ratio": d["memory_ratio"],
            "energy_ratio": d["energy_ratio"]}
    return Plot(target, "comparison", heading, data, tuple(lines), figure=fig)


# --- training memory ---------------------------------------------------------------------------
MEMORY_PARTS = (("weights_bytes", "weights", "#1f77b4"), ("gradients_bytes", "gradients",
                                                           "#aec7e8"),
                ("master_weights_bytes", "fp32 master weights", "#ff7f0e"),
                ("optimizer_state_bytes", "optimizer state", "#ffbb78"),
                ("activations_bytes", "activations", "#2ca02c"),
                ("transient_bytes", "transient (largest op, fp32 loss)", "#98df8a"),
                ("zero3_gather_buffer_bytes", "ZeRO-3 gather buffer", "#9467bd"),
                ("fragmentation_bytes", "fragmentation", "#c7c7c7"),
                ("runtime_context_bytes", "runtime context", "#7f7f7f"))


def memory(plan, path: str | Path, *, title: str | None = None) -> Plot:
    """A training plan's memory per device (its heaviest pipeline stage) as one stacked bar,
    part by part, against the device's capacity: M = Σ parts, fits when M ≤ capacity."""
    d = plan.to_dict()
    m = d["memory"]
    target = check_target(path)
    total, capacity = m["total_bytes"], m["capacity_bytes"]
    scale, prefix = units.prefix(max(total, capacity or 0.0))
    fig = new_figure(7.0, 5.6)
    ax = fig.add_subplot()
    bottom, shown = 0.0, []
    for key, name, color in MEMORY_PARTS:
        value = m.get(key) or 0.0
        if value <= 0:
            continue
        ax.bar([0], [value / scale], bottom=[bottom / scale], color=color, width=0.5,
               label=f"{name}: {show(value, 'bytes')}")
        bottom += value
        shown.append({"part": name, "bytes": value})
    if capacity:
        ax.axhline(capacity / scale, color="firebrick", linestyle="--", lw=1.4,
                   label=f"capacity {show(capacity, 'bytes')}")
    ax.set_xticks([])
    ax.set_xlim(-0.6, 1.9)
    ax.set_ylabel(f"memory per device  [{prefix}B]")
    verdict = "fits" if m["fits"] else "does NOT fit"
    heading = title or (f"{d['model']} training on {d['device']}: {show(total, 'bytes')} per "
                        f"device, {verdict}")
    ax.set_title(_wrap(heading))
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(True, axis="y", alpha=0.3)
    save_figure(fig, target)
    lines = (Line("memory per device", "M = Σ parts",
                  " + ".join(show(p["bytes"], "bytes") for p in shown), show(total, "bytes")),)
    data = {"parts": shown, "total_bytes": total, "capacity_bytes": capacity,
            "fits": bool(m["fits"]),
            "does_not_fit": [] if m["fits"] else [f"does not fit: needs {show(total, 'bytes')}"
                                                  f" of {show(capacity, 'bytes')}"]}
    return Plot(target, "memory", heading, data, lines, figure=fig)


# --- waterfall ---------------------------------------------------------------------------------
BOUND_COLORS = {"compute": TERM_COLORS["compute-bound"], "memory": TERM_COLORS["memory-bound"],
                "link": "#ff7f0e", "none": "#c8c8c8"}


def waterfall(analysis, path: str | Path, *, top: int = 20, title: str | None = None) -> Plot:
    """Latency op by op in execution order (count · time, repeated blocks included), as a
    waterfall: each bar starts where the previous ended; the ``top`` ops by time are drawn
    alone, the rest merged per kind into "other <kind>" at the end. Σ bars = latency."""
    p = analysis.per_op
    ops = analysis.graph.ops
    times = [float(t) for t in p["time_s"]]
    keep = set(sorted(range(len(ops)), key=lambda i: -times[i])[:top])
    bars, merged = [], {}
    for i, op in enumerate(ops):
        if times[i] <= 0:
            continue
        if i in keep:
            bars.append((f"{op.name} ×{op.count}" if op.count > 1 else op.name, times[i],
                         str(p["bound"][i])))
        else:
            merged[op.kind] = merged.get(op.kind, 0.0) + times[i]
    bars += [(f"other {kind}", t, "none") for kind, t in
             sorted(merged.items(), key=lambda kv: -kv[1])]
    target = check_target(path)
    scale, unit = _time_unit(max(float(analysis.latency_s), 1e-12))
    fig = new_figure(9.0, max(4.0, 0.28 * len(bars) + 1.6))
    ax = fig.add_subplot()
    start = 0.0
    for row, (_name, t, bound) in enumerate(bars):
        ax.barh(row, t / scale, left=start / scale, color=BOUND_COLORS.get(bound, "#555555"),
                height=0.7)
        start += t
    ax.set_yticks(range(len(bars)), [name for name, _, _ in bars], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"time  [{unit}]")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=BOUND_COLORS[b], label=f"{b}-bound" if b != "none" else
                             "merged") for b in ("compute", "memory", "link", "none")],
              fontsize=8, loc="lower right")
    heading = title or (f"Where the time goes: {analysis.graph.name} on {analysis.device.name}"
                        f" ({analysis.mode}, {show(analysis.latency_s, 'time')})")
    ax.set_title(_wrap(heading))
    ax.grid(True, axis="x", alpha=0.3)
    save_figure(fig, target)
    lines = (Line("latency", "T = Σ count · op time", f"{len(bars)} bars",
                  show(start, "time")),)
    data = {"bars": [{"name": n, "time_s": t, "bound": b} for n, t, b in bars],
            "total_s": start}
    return Plot(target, "waterfall", heading, data, lines, figure=fig)


# --- the ladder ------------------------------------------------------------------------------
def ladder(rungs: Sequence[dict[str, Any]], path: str | Path, *, title: str,
           notes: Sequence[str] = ()) -> Plot:
    """Two panels over the levels of a hierarchy (``rungs``: name, access latency [s],
    bandwidth [B/s] and energy per byte [J/B], each None where no source gives it, with the
    titles of their sources, from the fastest level down): the access latency — the time one
    dependent access waits, not a transfer — and the energy per byte, log scales; a level
    without a figure is marked "n/a" and named in a note on the figure. The time to move
    1 MB, T = latency + 1 MB / bandwidth, is kept in the data (``transfer_1mb_s``), not
    drawn."""
    target = check_target(path)
    size = 1e6
    names = [r["name"] for r in rungs]
    latencies = [r.get("latency_s") for r in rungs]
    energies = [r.get("energy_j_per_byte") for r in rungs]
    missing = []
    for key, what in (("latency_s", "access latency"), ("energy_j_per_byte", "energy per byte")):
        lacking = [r["name"].split(" (")[0] for r in rungs if r.get(key) is None]
        if lacking:
            missing.append(f"no published {what}: {', '.join(lacking)}")
    fig = new_figure(10.5, max(3.8, 0.45 * len(rungs) + 2.2))
    axes = fig.subplots(1, 2, sharey=True)
    for ax, values, dim, label, unit, color in (
            (axes[0], latencies, "time", "access latency", "s", "#1f77b4"),
            (axes[1], energies, "energy_per_byte", "energy per byte moved", "J/B", "#d62728")):
        known = [v for v in values if v]
        for row, v in enumerate(values):
            if v:
                ax.barh(row, v, color=color, height=0.6)
                ax.annotate(show(v, dim), (v, row), xytext=(3, -3), textcoords="offset points",
                            fontsize=7)
            else:
                ax.annotate("n/a (no source)", (min(known) / 2 if known else 1.0, row),
                            xytext=(3, -3), textcoords="offset points", fontsize=7,
                            color="gray")
        ax.set_xscale("log")
        if known:
            ax.set_xlim(min(known) / 3, max(known) * 30)
        ax.set_xlabel(f"{label}  [{unit}]")
        ax.grid(True, axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(names)), [_wrap(n, 36) for n in names], fontsize=8)
    axes[0].invert_yaxis()
    fig.suptitle(_wrap(title, 100))
    caption = [*missing, *notes]
    if caption:
        fig.supxlabel("\n".join(_wrap(c, 150) for c in caption), fontsize=7, color="dimgray")
    save_figure(fig, target)
    lines = tuple(Line(r["name"], "α (access latency)", r.get("latency_source") or "",
                       show(r["latency_s"], "time"))
                  for r in rungs if r.get("latency_s"))
    from ironlaw.laws.gravity import transfer_time

    # 1 MB at the level: T = α + D/BW, where both are known (no α is taken as none: None)
    transfer = [transfer_time(size, r["bandwidth_bytes_per_s"], r["latency_s"])
                if r.get("bandwidth_bytes_per_s") and r.get("latency_s") else None
                for r in rungs]
    data = {"rungs": [{**r, "transfer_1mb_s": t} for r, t in zip(rungs, transfer, strict=True)],
            "missing": missing}
    return Plot(target, "ladder", title, data, lines, figure=fig,
                assumptions=tuple(missing))
