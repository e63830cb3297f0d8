"""The Pareto figure of a sweep: every feasible configuration, the front highlighted.

Two metrics: x and y, front points joined in order of x, every point colored by device and
marked by model (front points large and outlined, dominated ones small and faded), so any
point names its hardware and model; a third metric colors the points instead, the device
then a colored ring. The legend names every device and model drawn.
matplotlib is imported only here, figures built on ``matplotlib.figure.Figure`` (the
``report.plots`` conventions: PNG or SVG by suffix, no pyplot state).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ironlaw import units
from ironlaw.derive import Line
from ironlaw.errors import ParameterError
from ironlaw.explore.metrics import dim_of
from ironlaw.report.plots import Plot, check_target, new_figure, save_figure
from ironlaw.units import format as show

MAX_BACKGROUND = 20_000  # feasible points drawn behind the front (a deterministic sample)


readable = units.words  # a metric's words without its unit suffix


def _axis(name: str, values: np.ndarray) -> tuple[float, str]:
    """A scale and a label for a metric axis: its words and unit, times in the largest unit
    that keeps the values at 1 or more, other quantities in the unit people read them in
    ($, J, /s, $/h, L ...: ``units.shown_per_si``)."""
    dim = dim_of(name)
    if dim == "time" and len(values):
        for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if np.nanmax(values) >= scale:
                return scale, f"{readable(name)}  [{unit}]"
        return 1e-6, f"{readable(name)}  [µs]"
    if dim in ("count", "share"):  # a plain number: MFU's axis runs 0 to 1
        return 1.0, readable(name)
    if dim == "rate":  # a rate names what flows: throughput [samples/s], tokens [tokens/s]
        what = {"throughput_per_s": "samples", "tokens_per_s": "tokens",
                "requests_per_s": "requests"}.get(name, "")
        return 1.0, f"{readable(name)}  [{what}/s]"
    return 1.0 / units.shown_per_si(dim), f"{readable(name)}  [{units.DIMENSIONS[dim].show}]"


MODEL_MARKERS = "os^Dvp*hP<>X"


def _labels(selection, dim: str, flat) -> np.ndarray:
    """The ``dim`` coordinate of each flat index as text, "" everywhere when the sweep has no
    such dimension (every point then shares one color or marker)."""
    if not selection.space.has(dim):
        return np.full(len(flat), "", dtype=object)
    return np.asarray([str(v) for v in _coordinate(selection, dim, flat)], dtype=object)


def _coordinate(selection, dim: str, flat) -> np.ndarray:
    """The ``dim`` coordinate of each flat configuration index (as objects)."""
    space = selection.space
    return np.asarray(space.coord(dim), dtype=object)[
        np.unravel_index(flat, space.shape)[space.dims.index(dim)]]


def pareto_plot(selection, path: str | Path, *, title: str | None = None) -> Plot:
    """Draw the front of ``selection.front_metrics`` (2 or 3 metrics) over all feasible
    points meeting the constraints."""
    metrics = [m.split(":", 1)[1] for m in selection.front_metrics]
    if len(metrics) not in (2, 3):
        raise ParameterError("selection", "a plot draws a front of 2 or 3 metrics; got "
                                          f"{len(metrics)}")
    target = check_target(path)
    ds = selection.dataset
    keep = np.ravel(ds["feasible"].values)
    if selection.where:
        from ironlaw.explore.constraints import where

        keep = keep & np.ravel(where(ds, *selection.where).values)
    every = np.flatnonzero(keep)
    front = selection.chosen
    all_dominated = len(np.setdiff1d(every, front))  # counted before any sampling
    if len(every) > MAX_BACKGROUND:
        every = every[np.linspace(0, len(every) - 1, MAX_BACKGROUND).astype(int)]
    dominated = np.setdiff1d(every, front)
    x_all, y_all = (np.ravel(ds[m].values) for m in metrics[:2])
    xs, x_label = _axis(metrics[0], x_all[front])
    ys, y_label = _axis(metrics[1], y_all[front])
    fig = new_figure(9.5, 5.6)
    ax = fig.add_subplot()
    shown = np.concatenate([dominated, front])
    devices = _labels(selection, "device", shown)
    models = _labels(selection, "model", shown)
    colors = {d: f"C{k % 10}" for k, d in enumerate(dict.fromkeys(devices))}
    markers = {m: MODEL_MARKERS[j % len(MODEL_MARKERS)]
               for j, m in enumerate(dict.fromkeys(models))}
    z = np.ravel(ds[metrics[2]].values) if len(metrics) == 3 else None
    if z is not None:
        import matplotlib as mpl

        finite = z[shown][np.isfinite(z[shown])]
        norm = mpl.colors.Normalize(*(finite.min(), finite.max()) if len(finite) else (0, 1))
        fig.colorbar(mpl.cm.ScalarMappable(norm, "viridis"), ax=ax,
                     label=_axis(metrics[2], z[front])[1])
    else:
        order = np.argsort(x_all[front], kind="stable")
        ax.plot(x_all[front][order] / xs, y_all[front][order] / ys, color="#333333", lw=1.2,
                zorder=2)
    n = len(dominated)
    for d, color in colors.items():  # color by device (or by the third metric), marker by model
        for m, marker in markers.items():
            on = (devices == d) & (models == m)
            for part, is_front in ((on[:n], False), (on[n:], True)):
                if not part.any():
                    continue
                idx = (front if is_front else dominated)[part]
                fill = ({"c": z[idx], "cmap": "viridis", "norm": norm, "edgecolors": color,
                         "linewidths": 1.4} if z is not None else
                        {"color": color, "edgecolors": "black" if is_front else "none",
                         "linewidths": 1.4 if is_front else 0})
                ax.scatter(x_all[idx] / xs, y_all[idx] / ys, marker=marker,
                           s=70 if is_front else 22, alpha=1.0 if is_front else 0.45,
                           zorder=3 if is_front else 1, **fill)
    from matplotlib.lines import Line2D

    def entry(label, **style):
        return Line2D([], [], linestyle="", label=str(label), **style)

    key = "ring" if z is not None else "color"
    handles = [entry(f"device ({key})", marker=""),
               *(entry(d, marker="o", markerfacecolor="white" if z is not None else c,
                       markeredgecolor=c, markeredgewidth=1.6 if z is not None else 0.5,
                       color=c)
                 for d, c in colors.items()),
               entry("model (marker)", marker=""),
               *(entry(m, marker=k, color="#555555") for m, k in markers.items()),
               Line2D([], [], marker="o", color="#333333", markersize=8,
                      lw=0 if z is not None else 1.2,
                      markerfacecolor="#888888", markeredgecolor="black",
                      label=f"Pareto front ({len(front)})"),
               entry(f"dominated ({all_dominated}" + (f", {n} drawn)" if n < all_dominated
                                                      else ")"),
                     marker="o", color="#888888", alpha=0.45, markersize=5)]
    legend = ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1),
                       borderaxespad=0, frameon=False)
    for text in legend.get_texts():
        if text.get_text() in (f"device ({key})", "model (marker)"):
            text.set_fontweight("bold")
    for values, setter in ((x_all[every], ax.set_xscale), (y_all[every], ax.set_yscale)):
        finite = values[np.isfinite(values) & (values > 0)]
        if len(finite) and finite.max() / finite.min() > 100:
            setter("log")
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    title = title or "Pareto front: " + " vs ".join(
        f"{readable(m.split(':', 1)[1])} ({m.split(':', 1)[0]})" for m in selection.front_metrics)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    save_figure(fig, target)
    rows = selection.records()
    lines = tuple(Line(f"front point {i + 1}", ", ".join(selection.front_metrics),
                       ", ".join(f"{r[d]}" for d in ("model", "device") if d in r),
                       ", ".join(show(r[m], dim_of(m)) if r[m] is not None else "—"
                                 for m in metrics))
                  for i, r in enumerate(rows[:5]))
    data = {"metrics": selection.front_metrics, "front_points": int(len(front)),
            "dominated_points": int(all_dominated), "dominated_drawn": int(n),
            "devices": [str(d) for d in colors],
            "models": [str(m) for m in markers]}
    return Plot(target, "pareto", title, data, lines, figure=fig)
