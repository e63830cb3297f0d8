"""Percentiles of measured latencies and their distribution-free confidence intervals.

    p_q = x_(⌈q·n⌉)                the nearest-rank q-quantile of n sorted values
    [x_(l), x_(u)]                 its interval: B ~ Binomial(n, q) counts the values below the
                                   true quantile, P(l ≤ B < u) ≥ confidence (Conover 1999, §3.2);
                                   an end the data cannot support is None, never invented
    X* = B·n / (Σt* + gap)         throughput over resampled batch times t* (percentile bootstrap)
"""

from __future__ import annotations

import math

import numpy as np

CONFIDENCE = 0.95  # our choice for every interval reported here
BOOTSTRAP_RESAMPLES = 1000  # our choice; percentile bootstrap, numpy default_rng(seed 0)
CI_SOURCE = ("W. J. Conover, Practical Nonparametric Statistics, 3rd ed., Wiley 1999, §3.2 "
             "(confidence interval for a quantile from order statistics)")


def nearest_rank(n: int, q: float) -> int:
    """The 1-based rank ⌈q·n⌉ (at least 1) of the q-quantile among n sorted values."""
    return max(1, math.ceil(q * n - 1e-9))


def percentile(sorted_values, q: float) -> float:
    return float(sorted_values[nearest_rank(len(sorted_values), q) - 1])


def binomial_cdf(n: int, q: float) -> np.ndarray:
    """P(B ≤ k) for k = 0..n, B ~ Binomial(n, q), through the log-pmf recursion
    log p(k+1) = log p(k) + log((n − k)/(k + 1)) + log(q/(1 − q))."""
    k = np.arange(n)
    steps = np.log((n - k) / (k + 1.0)) + math.log(q / (1.0 - q))
    log_pmf = np.concatenate(([n * math.log1p(-q)], n * math.log1p(-q) + np.cumsum(steps)))
    pmf = np.exp(log_pmf - log_pmf.max())
    return np.cumsum(pmf / pmf.sum())


def order_statistic_ranks(n: int, q: float, confidence: float) -> tuple[int | None, int | None]:
    """1-based ranks (l, u) with P(x_(l) ≤ ξ_q ≤ x_(u)) ≥ confidence, each tail ≤ α/2.

    P(x_(l) > ξ_q) = P(B ≤ l − 1) and P(x_(u) < ξ_q) = P(B ≥ u), B ~ Binomial(n, q);
    l is the largest rank with P(B ≤ l − 1) ≤ α/2, u the smallest with P(B ≤ u − 1) ≥ 1 − α/2.
    None where no rank within 1..n achieves it (too few samples for that tail).
    """
    if n < 1:
        return None, None
    alpha = 1.0 - confidence
    cdf = binomial_cdf(n, q)
    below = np.nonzero(cdf <= alpha / 2)[0]
    low = int(below[-1]) + 1 if below.size else None
    high = int(np.argmax(cdf >= 1.0 - alpha / 2 - 1e-12)) + 1
    return low, (high if high <= n else None)


def percentile_ci(sorted_values, q: float, confidence: float = CONFIDENCE) -> list:
    """[low, high] order-statistic interval for the q-quantile (None for an unsupported end)."""
    low, high = order_statistic_ranks(len(sorted_values), q, confidence)
    return [None if low is None else float(sorted_values[low - 1]),
            None if high is None else float(sorted_values[high - 1])]


def bootstrap_throughput_ci(batch_times, batch: int, gap_s: float = 0.0,
                            confidence: float = CONFIDENCE) -> list:
    """Percentile-bootstrap interval of X = B·n / (Σt + gap) over resampled batch times t;
    ``gap_s`` is the harness's own time between queries (wall − Σt), held fixed."""
    t = np.asarray(batch_times, dtype=float)
    rng = np.random.default_rng(0)
    sums = t[rng.integers(0, t.size, (BOOTSTRAP_RESAMPLES, t.size))].sum(axis=1)
    rates = batch * t.size / (sums + gap_s)
    tail = (1.0 - confidence) / 2 * 100
    return [float(np.percentile(rates, tail)), float(np.percentile(rates, 100 - tail))]


def latency_summary(latencies) -> tuple[dict, dict]:
    """(latency_*_s statistics, their percentile intervals) of raw latencies."""
    x = np.sort(np.asarray(latencies, dtype=float))
    stats = {"latency_p50_s": percentile(x, 0.50), "latency_p90_s": percentile(x, 0.90),
             "latency_p99_s": percentile(x, 0.99), "latency_mean_s": float(x.mean()),
             "latency_min_s": float(x[0]), "latency_max_s": float(x[-1])}
    ci = {key: percentile_ci(x, q) for key, q in (("latency_p50_s", 0.50),
                                                  ("latency_p90_s", 0.90),
                                                  ("latency_p99_s", 0.99))}
    return stats, ci
