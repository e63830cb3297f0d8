"""Pareto fronts and ranking over a sweep's metrics.

A point a dominates b when a is no worse in every metric and strictly better in one (each
metric minimized or maximized as stated). The front is the set of points nobody dominates;
equal points are all kept. Points with a NaN metric (infeasible) are never on the front.

    2 metrics   sort by (x, y); a point is on the front when it has the least y of its x and
                that y is below every y at smaller x: O(n log n)
    3+ metrics  in lexicographic order a point can only be dominated by an earlier one, and if
                by anything, by a point already on the front: compare each with the front,
                O(n·f) for a front of f points
"""

from __future__ import annotations

import numpy as np

from ironlaw.errors import ParameterError, UserError
from ironlaw.explore.metrics import sense


def pareto_front(values, maximize=None) -> np.ndarray:
    """Boolean mask of the non-dominated rows of ``values`` (n × k); ``maximize[j]`` says
    metric j is better larger (default: every metric minimized)."""
    v = np.array(values, dtype=float, ndmin=2)
    if v.ndim != 2:
        raise ValueError("values: expected an n × k array")
    n, k = v.shape
    flip = np.zeros(k, bool) if maximize is None else np.asarray(maximize, dtype=bool)
    if flip.shape != (k,):
        raise ValueError(f"maximize: expected {k} flags")
    v = np.where(flip, -v, v)
    valid = ~np.isnan(v).any(axis=1)
    mask = np.zeros(n, bool)
    rows = np.flatnonzero(valid)
    if rows.size == 0:
        return mask
    w = v[rows]
    if k == 1:
        mask[rows[w[:, 0] == w[:, 0].min()]] = True
    elif k == 2:
        mask[rows[_front_2d(w[:, 0], w[:, 1])]] = True
    else:
        mask[rows[_front_nd(w)]] = True
    return mask


def _front_2d(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    order = np.lexsort((y, x))
    xs, ys = x[order], y[order]
    start = np.r_[True, xs[1:] != xs[:-1]]
    group = np.cumsum(start) - 1
    least = ys[start]  # least y of each x (sorted by y within x)
    before = np.r_[np.inf, np.minimum.accumulate(least)[:-1]]  # least y at smaller x
    on = (ys == least[group]) & (least[group] < before[group])
    out = np.zeros(len(x), bool)
    out[order[on]] = True
    return out


def _front_nd(w: np.ndarray) -> np.ndarray:
    order = np.lexsort(w.T[::-1])
    front: list[int] = []
    for i in order:
        if front:
            f = w[front]
            dominated = np.any(np.all(f <= w[i], axis=1) & np.any(f < w[i], axis=1))
            if dominated:
                continue
        front.append(i)
    out = np.zeros(len(w), bool)
    out[front] = True
    return out


def parse_objectives(spec, names) -> list[tuple[str, bool]]:
    """``"cost_per_million_tokens_usd,tpot_s"`` or a list, each name optionally written
    ``max:name``/``min:name`` (or ``name:max``); the default direction comes from the metric
    table. Returns (name, maximize) pairs."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    known = set(names)
    out = []
    for item in (str(i).strip() for i in items if str(i).strip()):
        how = None
        for word in ("min", "max"):
            if item.startswith(f"{word}:"):
                how, item = word, item[len(word) + 1:].strip()
            elif item.endswith(f":{word}"):
                how, item = word, item[:-len(word) - 1].strip()
        if item not in known:
            import difflib

            close = difflib.get_close_matches(item, sorted(known), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise UserError(f"unknown metric {item!r}{hint}")
        how = how or sense(item)
        if how is None:
            raise UserError(f"{item}: say whether to minimize or maximize it "
                            f"(min:{item} or max:{item})")
        out.append((item, how == "max"))
    if not out:
        raise UserError("no metric given")
    return out


def pareto(ds, metrics, mask=None):
    """A boolean DataArray: the Pareto front of ``metrics`` among the feasible points of the
    Dataset (and those where ``mask`` holds)."""
    pairs = parse_objectives(metrics, ds.data_vars)
    if not 1 <= len(pairs) <= 3:
        raise ParameterError("metrics", "give 1 to 3 metrics, e.g. "
                                        "cost_per_million_tokens_usd,tpot_s")
    keep = ds["feasible"] if "feasible" in ds else None
    if mask is not None:
        keep = mask if keep is None else keep & mask
    flat = np.flatnonzero(np.ravel(keep.values)) if keep is not None else \
        np.arange(ds[pairs[0][0]].size)
    values = np.stack([np.ravel(ds[name].broadcast_like(ds[pairs[0][0]]).values)[flat]
                       for name, _ in pairs], axis=1)
    on = pareto_front(values, [m for _, m in pairs])
    result = np.zeros(ds[pairs[0][0]].size, bool)
    result[flat[on]] = True
    return ds[pairs[0][0]].copy(data=result.reshape(ds[pairs[0][0]].shape)).rename("pareto")


def rank(ds, objective: str, mask=None) -> np.ndarray:
    """Flat indices of the feasible points (where ``mask`` holds), best ``objective`` first;
    ties keep the sweep's order."""
    (name, maximize), *rest = parse_objectives(objective, ds.data_vars)
    if rest:
        raise ParameterError("objective", "one metric (a Pareto front takes several)")
    keep = ds["feasible"] if "feasible" in ds else None
    if mask is not None:
        keep = mask if keep is None else keep & mask
    values = np.ravel(ds[name].values).astype(float)
    ok = ~np.isnan(values) if keep is None else np.ravel(keep.values) & ~np.isnan(values)
    flat = np.flatnonzero(ok)
    key = -values[flat] if maximize else values[flat]
    return flat[np.argsort(key, kind="stable")]
