"""Prediction intervals from the spread of the efficiency parameters.

Every efficiency parameter may carry the range its source states (``range: [low, high]``: a
datasheet's "70–85% of peak", the two sizes a GEMM micro-benchmark ran at, a calibration's
residuals). A prediction is a monotone function of those parameters — latency falls as a
fraction rises and grows with k_half and the launch overheads — so evaluating the same
prediction at the two ends bounds it:

    [low, high] = [min(f(η_fast), f(η), f(η_slow)), max(f(η_fast), f(η), f(η_slow))]

The nominal f(η) is in the hull because not every prediction is monotone: one that makes a
discrete choice (a replica count re-chosen at each end) can put its nominal value outside
the two ends' (a p99 latency of 3.84 ms beside ends of 1.77 and 2.53 ms); the interval always
contains the prediction it qualifies.

where η_fast (η_slow) puts every parameter at the end of its range that makes work fast
(slow); ``hardware.schema.Efficiency.at``. Parameters without a stated range keep their value,
so the interval covers only the spread the catalog states, never a guessed one.

The end is a context (``efficiency_at``) that ``Catalog.efficiency_of`` reads, so the whole
stack — per-op core, serving, training — is evaluated again unchanged, through the same
functions, by :func:`ends`. A memoized function whose result depends on the end (it reads
``efficiency_of``, directly or through what it calls) is cached with :func:`cached_per_end`,
which keys on the end in force, so an interval is never the nominal value served twice.

Validation scores predictions against what was measured or published with the two figures
here: :func:`coverage` (intervals) and :func:`mape` (the predicted values themselves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Literal, TypeVar

T = TypeVar("T")
End = Literal["fast", "slow"]

END: ContextVar[End | None] = ContextVar("ironlaw_efficiency_end", default=None)


@contextmanager
def efficiency_at(end: End | None) -> Iterator[None]:
    """Within the block, ``Catalog.efficiency_of`` gives every parameter at ``end`` of its
    range (None: the value itself)."""
    token = END.set(end)
    try:
        yield
    finally:
        END.reset(token)


def cached_per_end(maxsize: int | None = 128) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """``functools.lru_cache(maxsize)`` with the efficiency end in force (``END``) added to the
    key: a function that reads ``Catalog.efficiency_of``, directly or through its callees, gives
    one result per end, and a cache keyed on its arguments alone would serve the nominal one at
    both ends. The wrapped function keeps its signature; ``cache_info`` and ``cache_clear``
    are lru_cache's (maxsize None: unbounded, as ``functools.cache``)."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @lru_cache(maxsize=maxsize)
        def at_end(end: End | None, /, *args, **kwargs) -> T:
            return function(*args, **kwargs)  # the end is still in force: END keys, not sets

        @wraps(function)
        def cached(*args, **kwargs) -> T:
            return at_end(END.get(), *args, **kwargs)

        cached.cache_info = at_end.cache_info  # type: ignore[attr-defined]
        cached.cache_clear = at_end.cache_clear  # type: ignore[attr-defined]
        return cached

    return decorate


def ends(predict: Callable[[], T]) -> tuple[T, T]:
    """``predict()`` evaluated with the efficiency parameters at their fast and at their slow
    end: (fast, slow)."""
    with efficiency_at("fast"):
        fast = predict()
    with efficiency_at("slow"):
        slow = predict()
    return fast, slow


def span(a, b, nominal=None) -> tuple:
    """[low, high] of a quantity predicted at the two ends (either may be the larger) and,
    when given, at the nominal parameters; broadcasts, element by element (NaN where any is
    NaN)."""
    import numpy as np

    low, high = np.minimum(a, b), np.maximum(a, b)
    if nominal is not None:
        low, high = np.minimum(low, nominal), np.maximum(high, nominal)
    return low[()], high[()]


def intervals(predict: Callable[[], T], keys: tuple[str, ...] | None = None
              ) -> tuple[T, dict]:
    """``predict()`` and the interval of each of its ``to_dict()`` quantities: those named in
    ``keys``, or (None) every top-level key that carries a unit (``latency_s``,
    ``tokens_per_s``, ``cost_usd``; units.dimension_of) — {key: (low, high)} for those that are
    numbers at both ends and differ."""
    from ironlaw.units import dimension_of

    result = predict()
    fast, slow = (r.to_dict() for r in ends(predict))  # type: ignore[attr-defined]
    nominal = result.to_dict()  # type: ignore[attr-defined]
    chosen = keys if keys is not None else tuple(k for k in nominal
                                                 if dimension_of(k) != "count")
    return result, {k: span(fast[k], slow[k], nominal[k]) for k in chosen
                    if all(isinstance(d.get(k), float) for d in (nominal, fast, slow))
                    and fast[k] != slow[k]}


def with_bounds(out: dict, bounds: dict) -> dict:
    """``out`` with ``key_low`` and ``key_high`` right after each key that has an interval in
    ``bounds`` ({key: (low, high) or None}; None: no interval, nothing added)."""
    if not bounds:
        return out
    bounded: dict = {}
    for k, v in out.items():
        bounded[k] = v
        if bounds.get(k) is not None:
            bounded[f"{k}_low"], bounded[f"{k}_high"] = bounds[k]
    return bounded


def covers(interval: tuple[float, float] | None, value: float) -> bool:
    """Whether ``value`` lies inside ``interval`` [low, high], ends included: low ≤ value ≤ high;
    False where there is no interval (None)."""
    return interval is not None and interval[0] <= value <= interval[1]


def coverage(pairs: Iterable[tuple[tuple[float, float] | None, float]]) -> float:
    """The share [1] of (interval, value) pairs whose value the interval covers
    (:func:`covers`): Σ covered / count."""
    flags = [covers(interval, value) for interval, value in pairs]
    return sum(flags) / len(flags)


def relative_error(predicted: float, reference: float) -> float:
    """(predicted − reference) / reference [1]: +0.1 is 10% over the measured or published
    figure."""
    return float((predicted - reference) / reference)


def mape(pairs: Iterable[tuple[float, float]]) -> float:
    """Mean absolute percentage error [1] of (predicted, reference) pairs:
    Σ |predicted − reference| / reference / count (:func:`relative_error`)."""
    errors = [abs(relative_error(predicted, reference)) for predicted, reference in pairs]
    return sum(errors) / len(errors)
