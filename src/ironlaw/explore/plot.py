"""The Pareto figure of a sweep: every feasible configuration, the front highlighted.

Two metrics: x and y, front points joined in order of x; a third metric colours the points.
Points are coloured by device (two metrics) so the front shows which hardware wins where.
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


ACRONYMS = {"ttft": "TTFT", "tpot": "TPOT", "mfu": "MFU", "hfu": "HFU", "kv": "KV"}


def readable(name: str) -> str:
    """A metric's words without its unit suffix: ``cost_per_million_tokens_usd`` → "cost per
    million tokens", ``p99_ttft_s`` → "p99 TTFT"."""
    suffix = units.JSON_SUFFIX.get(dim_of(name), "")
    base = name[: -len(suffix)] if suffix and name.endswith(suffix) else name
    return " ".join(ACRONYMS.get(word, word) for word in base.split("_"))


def _axis(name: str, values: np.ndarray) -> tuple[float, str]:
    """A scale and a label for a metric axis: its words and unit, times in the largest unit
    that keeps the values at 1 or more, other quantities in their SI unit ($, J, /s ...)."""
    dim = dim_of(name)
    if dim == "time" and len(values):
        for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
            if np.nanmax(values) >= scale:
                return scale, f"{readable(name)}  [{unit}]"
        return 1e-6, f"{readable(name)}  [µs]"
    if dim == "count":
        return 1.0, readable(name)
    return 1.0, f"{readable(name)}  [{units.DIMENSIONS[dim].show}]"


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
    if len(every) > MAX_BACKGROUND:
        every = every[np.linspace(0, len(every) - 1, MAX_BACKGROUND).astype(int)]
    front = selection.chosen
    x_all, y_all = (np.ravel(ds[m].values) for m in metrics[:2])
    xs, x_label = _axis(metrics[0], x_all[front])
    ys, y_label = _axis(metrics[1], y_all[front])
    fig = new_figure(8.0, 5.4)
    ax = fig.add_subplot()
    ax.scatter(x_all[every] / xs, y_all[every] / ys, s=6, color="#c8c8c8", label="feasible",
               zorder=1)
    devices = _coordinate(selection, "device", front)
    if len(metrics) == 3:
        z = np.ravel(ds[metrics[2]].values)[front]
        points = ax.scatter(x_all[front] / xs, y_all[front] / ys, c=z, s=28, cmap="viridis",
                            zorder=3)
        fig.colorbar(points, ax=ax, label=_axis(metrics[2], z)[1])
    else:
        order = np.argsort(x_all[front], kind="stable")
        ax.plot(x_all[front][order] / xs, y_all[front][order] / ys, color="#444444", lw=1,
                zorder=2)
        models = _coordinate(selection, "model", front)
        markers = {m: "os^Dvp*h"[j % 8] for j, m in enumerate(dict.fromkeys(models))}
        colors = {d: f"C{k % 10}" for k, d in enumerate(dict.fromkeys(devices))}
        for d in colors:  # color by device, marker by model
            for m in markers:
                on = (devices == d) & (models == m)
                if on.any():
                    ax.scatter(x_all[front][on] / xs, y_all[front][on] / ys, s=34, zorder=3,
                               color=colors[d], marker=markers[m])
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="", color="#c8c8c8", label="feasible"),
                   *(Line2D([], [], marker="o", linestyle="", color=c, label=str(d))
                     for d, c in colors.items())]
        if len(markers) > 1:
            handles += [Line2D([], [], marker=k, linestyle="", color="#555555", label=str(m))
                        for m, k in markers.items()]
        ax.legend(handles=handles, fontsize=8, loc="best")
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
            "background_points": int(len(every))}
    return Plot(target, "pareto", title, data, lines)
