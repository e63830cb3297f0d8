"""Choosing from a sweep: constraints, then a ranking or a Pareto front; the result explained.

    sel = select(ds, space, where=["p99_ttft_s <= 0.2"], objective="cost_per_million_tokens_usd")
    sel.records(5)          the five cheapest configurations that meet the constraint
    sel.explain().text()    how the best one's numbers were derived

Only feasible configurations (``infeasible_reason`` empty) are chosen; the others are counted
by reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ironlaw.explore.constraints import where as where_mask
from ironlaw.explore.pareto import pareto, rank
from ironlaw.table import Shown, Table


@dataclass(frozen=True, repr=False)
class Selection(Shown):
    """The configurations of a sweep that meet ``where``, ranked by ``objective`` or on the
    Pareto front of ``front_metrics``; ``chosen`` are flat indices into the Dataset."""

    dataset: Any  # xarray.Dataset
    space: Any  # explore.space.Space
    where: tuple[str, ...]
    objective: str | None
    front_metrics: tuple[str, ...]
    chosen: np.ndarray
    matching: int
    infeasible: dict[str, int] = field(default_factory=dict)

    @property
    def configurations(self) -> int:
        return int(self.space.size)

    def records(self, limit: int | None = None) -> list[dict[str, Any]]:
        """One dict per chosen configuration: its dimension values and every metric."""
        ds = self.dataset
        picked = self.chosen if limit is None else self.chosen[:limit]
        index = np.unravel_index(picked, self.space.shape)
        columns: dict[str, np.ndarray] = {}
        for dim, at in zip(self.space.dims, index, strict=True):
            columns[dim] = np.asarray(self.space.coord(dim), dtype=object)[at]
        for name in ds.data_vars:
            columns[name] = np.ravel(ds[name].values)[picked]
        return [{k: _plain(v[i]) for k, v in columns.items()} for i in range(len(picked))]

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        return {"method": self.space.method, "configurations": self.configurations,
                "feasible": self.configurations - sum(self.infeasible.values()),
                "matching": self.matching, "chosen": int(len(self.chosen)),
                "where": list(self.where), "objective": self.objective,
                "pareto": list(self.front_metrics), "infeasible": dict(self.infeasible),
                "assumptions": list(self.dataset.attrs.get("assumptions", [])),
                "rows": self.records(limit)}

    def rows(self, limit: int | None = 20) -> list[Table]:
        """The first ``limit`` chosen configurations for people, then why the others are
        infeasible and the assumptions."""
        from ironlaw.explore.output import columns, summary_lines, title

        shown = self.records(limit)
        return [Table(title(self, len(shown)), tuple(columns(self, shown)), tuple(shown),
                      tuple(summary_lines(self)))]

    def explain(self):
        """The worked derivation of the first chosen configuration's headline numbers."""
        from ironlaw.derive import Worked
        from ironlaw.explore.worked import lines_for

        if not len(self.chosen):
            return Worked("Sweep: no configuration meets the constraints", (),
                          tuple(f"{n} × {r}" for r, n in self.infeasible.items()))
        row = self.records(1)[0]
        title = "Best configuration: " + ", ".join(
            f"{d} {row[d]}" for d in self.space.dims if len(self.space.coord(d)) > 1 or
            d in ("model", "device"))
        notes = [f"{self.configurations:,} configurations; {self.matching:,} feasible and "
                 f"meeting the constraints"]
        if self.objective:
            notes.append(f"ranked by {self.objective}")
        if self.front_metrics:
            notes.append(f"on the Pareto front of {', '.join(self.front_metrics)}")
        notes += list(self.dataset.attrs.get("assumptions", []))
        return Worked(title, tuple(lines_for(self.space, row)), tuple(notes))


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def infeasible_counts(ds) -> dict[str, int]:
    """How many configurations each infeasibility reason covers, most frequent first."""
    import pandas as pd

    reasons = np.ravel(ds["infeasible_reason"].values)
    counts = pd.Series(reasons[reasons != ""]).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def select(ds, space, *, where=(), objective: str | None = None, front=None) -> Selection:
    """Apply ``where`` expressions, then rank by ``objective`` and/or keep the Pareto front of
    ``front`` (metric names, ``"a,b"`` or a list). Without either, the matching configurations
    in sweep order."""
    where = tuple([where] if isinstance(where, str) else where)
    mask = where_mask(ds, *where) if where else None
    keep = ds["feasible"] if mask is None else ds["feasible"] & mask
    matching = int(keep.sum())
    metrics = ()
    if front:
        from ironlaw.explore.pareto import parse_objectives

        pairs = parse_objectives(front, ds.data_vars)
        metrics = tuple(f"{'max' if m else 'min'}:{n}" for n, m in pairs)
        keep = keep & pareto(ds, list(metrics), mask)
    if objective:
        chosen = rank(ds, objective, keep)
    elif metrics:  # the front, along its first metric
        chosen = rank(ds, metrics[0], keep)
    else:
        chosen = np.flatnonzero(np.ravel(keep.values))
    return Selection(ds, space, where, objective, metrics, chosen, matching,
                     infeasible_counts(ds))
