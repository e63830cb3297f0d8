"""Queueing: how waiting grows as a server fills up.

    Little's law      N = λ·T, and solved for the rate: λ = N/T (a batch of N every T)
    M/M/1             ρ = λ/μ;  W = ρ/(μ − λ) (wait in queue);  T = W + 1/μ = 1/(μ − λ)
                      T_q = −ln(1 − q)/(μ − λ)  (q-th percentile of the response time)
    M/M/c (Erlang C)  a = λ/μ;  P_wait = C(c, a);  W = P_wait/(cμ − λ);  T = W + 1/μ
                      waiting percentile W_q = ln(P_wait/(1 − q))/(cμ − λ), 0 if P_wait ≤ 1 − q
    M/D/1             W = ρ/(2μ(1 − ρ));  T = W + 1/μ   (Pollaczek–Khinchine, constant service)
    batch forming     the i-th of B arrivals waits (B − i)/λ; mean (B − 1)/(2λ), first (B − 1)/λ
    batching window   a window of T closes on a timer: arrivals spread evenly over it wait T/2
                      on average; the batch holds k requests with the Poisson probability
                      P(k) = (λT)^k e^(−λT)/k!, so P(0) = e^(−λT) windows go empty
    Poisson counts    N ~ Poisson(m), m = λT: σ = √m; tail P(N ≥ k) = 1 − Σ_{j<k} P(j); the
                      q-quantile is the smallest k with P(N ≤ k) ≥ q (the p99 batch size)
    batch under SLO   a linear batch service time S(b) = S₀ + s·b after a mean wait W̄ (T/2
                      for a window T): b_max = max{b : W̄ + S(b) ≤ L_SLO} = ⌊(L_SLO − W̄ − S₀)/s⌋
    capacity sizing   each of c devices an M/M/1 queue with λ/c of the traffic meets a latency
                      SLO when T_q = k/(μ − λ/c) ≤ SLO, k = 1 for the mean, −ln(1 − q) for the
                      q-th percentile: ρ_safe = 1 − k/(μ·SLO); required rate λ/ρ_safe;
                      c = ⌈λ/(ρ_safe·μ)⌉; headroom 1 − λ/(c·μ). ρ_safe ≤ 0: SLO impossible
                      (one request's own service time already misses it)
    capacity plan     with a utilization target ρ given: required rate λ/ρ, devices
                      c₀ = ⌈λ/(ρ·μ_d)⌉ at μ_d per device, then c = ⌈h·c₀⌉ with a headroom factor h

λ arrival rate [1/s], μ service rate per server [1/s], c servers, q a percentile in [0, 1).
An unstable queue (λ ≥ cμ) has infinite response time: returned as ``inf``, never clipped.
Kleinrock, "Queueing Systems, Vol. 1", 1975; Harchol-Balter, "Performance Modeling and Design
of Computer Systems", 2013.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, is_scalar


def _stable(value, condition):
    """``value`` where the queue is stable, ``inf`` elsewhere (broadcast over both)."""
    if is_scalar(condition, value):
        return float(value) if bool(condition) else math.inf
    return np.where(condition, value, np.inf)


def littles_law(arrival_rate: Real, time_in_system: Real) -> Real:
    """N = λ·T: mean number in the system (or in flight)."""
    return arrival_rate * time_in_system


def littles_rate(in_system: Real, time_in_system: Real) -> Real:
    """λ = N/T [1/s]: Little's law solved for the rate (N requests in flight, T each)."""
    return in_system / time_in_system


def mm1_response(arrival_rate: Real, service_rate: Real) -> Real:
    """Mean response time of M/M/1, T = 1/(μ − λ) [s]."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _stable(np.divide(1.0, service_rate - arrival_rate), arrival_rate < service_rate)


def mm1_wait(arrival_rate: Real, service_rate: Real) -> Real:
    """Mean wait in queue of M/M/1, W = ρ/(μ − λ) = T − 1/μ [s] (ρ = λ/μ)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _stable(np.divide(arrival_rate / service_rate, service_rate - arrival_rate),
                       arrival_rate < service_rate)


def mm1_percentile(arrival_rate: Real, service_rate: Real, q: Real) -> Real:
    """q-th percentile of M/M/1 response time, −ln(1 − q)/(μ − λ) [s] (exponential, rate μ − λ)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _stable(np.divide(-np.log1p(-q), service_rate - arrival_rate),
                       arrival_rate < service_rate)


# Up to this many servers the scalar recursion (O(c), ~0.1 µs a step) beats the closed form.
RECURSION_SERVERS = 1000


def erlang_c(servers: Real, offered_load: Real) -> Real:
    """Probability that an arrival waits in M/M/c: C(c, a) with a = λ/μ (Erlang C formula).

    Erlang B, then C = c·B/(c − a(1 − B)). For scalars B comes from the recursion
    B_k = a·B_{k−1}/(k + a·B_{k−1}); for arrays, in one pass per element, from
    B = (a^c e^−a / c!) / Q(c + 1, a), since Σ_{k≤c} a^k/k! = e^a·Q(c + 1, a) with Q the
    regularized upper incomplete gamma function (scipy.special.gammaincc). ``servers`` may be
    an array of integers, any size: a scalar above RECURSION_SERVERS takes the closed form, so
    the cost never grows with c (``calc mmc --servers 1e9`` answers at once). Returns 1 where
    the system is unstable (a ≥ c).
    """
    if is_scalar(servers, offered_load) and servers <= RECURSION_SERVERS:
        return _erlang_c_scalar(servers, float(offered_load))
    from scipy.special import gammaincc, gammaln

    c = np.asarray(servers)
    a = np.asarray(offered_load, dtype=float)
    if np.any(c < 1) or np.any(c != np.floor(c)):
        raise ValueError("servers must be whole numbers >= 1")
    c, a = np.broadcast_arrays(c.astype(float), a)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        b = np.exp(c * np.log(a) - a - gammaln(c + 1.0)) / gammaincc(c + 1.0, a)
        wait = c * b / (c - a * (1.0 - b))
    return np.where(a < c, np.nan_to_num(wait), 1.0)[()]


def _erlang_c_scalar(servers, a: float) -> float:
    """The same recursion in plain Python: a few hundred ns per server instead of µs."""
    if servers < 1 or servers != int(servers):
        raise ValueError("servers must be whole numbers >= 1")
    c = int(servers)
    if a >= c:
        return 1.0
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a * (1.0 - b))


def mmc_wait(arrival_rate: Real, service_rate: Real, servers: Real) -> Real:
    """Mean waiting time in queue for M/M/c, W = C(c, a)/(cμ − λ) [s]."""
    p_wait = erlang_c(servers, arrival_rate / service_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _stable(np.divide(p_wait, servers * service_rate - arrival_rate),
                       arrival_rate < servers * service_rate)


def mmc_response(arrival_rate: Real, service_rate: Real, servers: Real) -> Real:
    """Mean response time of M/M/c, T = W + 1/μ [s]."""
    return mmc_wait(arrival_rate, service_rate, servers) + 1.0 / service_rate


def mmc_wait_percentile(arrival_rate: Real, service_rate: Real, servers: Real, q: Real) -> Real:
    """q-th percentile of waiting time in M/M/c: ln(C/(1 − q))/(cμ − λ), or 0 if C ≤ 1 − q [s].

    From P(W > t) = C·exp(−(cμ − λ)t).
    """
    p_wait = erlang_c(servers, arrival_rate / service_rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.divide(np.maximum(np.log(p_wait / (1.0 - q)), 0.0),
                      servers * service_rate - arrival_rate)
        return _stable(t, arrival_rate < servers * service_rate)


def md1_response(arrival_rate: Real, service_rate: Real) -> Real:
    """Mean response time of M/D/1 (constant service 1/μ): ρ/(2μ(1 − ρ)) + 1/μ [s]."""
    rho = arrival_rate / service_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = np.divide(rho, 2.0 * service_rate * (1.0 - rho))
        return _stable(wait + 1.0 / service_rate, rho < 1)


def batch_wait_mean(batch_size: Real, arrival_rate: Real) -> Real:
    """Mean wait for a batch of B to form at Poisson rate λ: (B − 1)/(2λ) [s]."""
    return (batch_size - 1.0) / (2.0 * arrival_rate)


def batch_wait_first(batch_size: Real, arrival_rate: Real) -> Real:
    """Expected wait of the batch's first request until the B-th arrives: (B − 1)/λ [s]."""
    return (batch_size - 1.0) / arrival_rate


def window_wait_mean(window: Real) -> Real:
    """Mean wait of a request in a batching window of length T that closes on a timer,
    arrivals spread evenly over it (Poisson): T/2 [s]."""
    return window / 2.0


def window_batch_probability(k: Real, arrival_rate: Real, window: Real) -> Real:
    """P(k) = (λT)^k e^(−λT)/k!: the probability that a window of T holds k Poisson arrivals."""
    from scipy.stats import poisson

    return poisson.pmf(k, arrival_rate * window)[()]


def poisson_tail(k: Real, mean: Real) -> Real:
    """P(N ≥ k) for N ~ Poisson(m): the share of windows holding k or more arrivals (m = λT);
    a k that is not whole counts from ⌈k⌉."""
    from scipy.stats import poisson

    return poisson.sf(np.ceil(k) - 1.0, mean)[()]


def normal_cdf(z: Real) -> Real:
    """Φ(z) = ½·erfc(−z/√2): the share of a standard normal below z; broadcasts."""
    from scipy.special import ndtr

    return ndtr(np.asarray(z, dtype=float))[()]


def normal_quantile(p: Real) -> Real:
    """z_p = Φ⁻¹(p): the standard normal quantile, P(Z ≤ z_p) = p (±∞ at p = 1, 0);
    broadcasts."""
    from scipy.special import ndtri

    return ndtri(np.asarray(p, dtype=float))[()]


# Up to this mean the quantile is scipy's exact search (poisson.ppf); beyond it scipy's search
# fails (NaN for q = 0.5 at m = 1e11, most q from m = 1e12) and the expansion below is used.
POISSON_EXACT_MEAN = 1e7


def poisson_quantile(q: Real, mean: Real) -> Real:
    """The smallest k ≥ 0 with P(N ≤ k) ≥ q for N ~ Poisson(m) (q = 0.99: the p99 batch
    size); q = 0 gives 0 (scipy's ppf gives −1 there). Broadcasts.

    Exact (scipy.stats.poisson.ppf) for m ≤ POISSON_EXACT_MEAN. Above, the Cornish–Fisher
    expansion with continuity correction: every cumulant of a Poisson is m, so with z = Φ⁻¹(q)

        x_q = m + z√m + (z² − 1)/6 + [(z³ − 3z)/24 − (2z³ − 5z)/36]/√m,   k_q = ⌈x_q − ½⌉

    (P(N ≤ k) ≈ G(k + ½), G the expanded continuous CDF). Its error is O(z⁴/m) arrivals, under
    1e-5 here for q within 1e-9 of 0 or 1; the plain normal approximation m + z√m would be off
    by one for about a third of q. E. A. Cornish and R. A. Fisher, Revue de l'Institut
    International de Statistique 5, 1937; N. L. Johnson, A. W. Kemp and S. Kotz, *Univariate
    Discrete Distributions*, 3rd ed., 2005, ch. 4 (approximations to the Poisson).
    """
    from scipy.stats import poisson

    q, mean = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(mean, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = poisson.ppf(q, np.minimum(mean, POISSON_EXACT_MEAN))
        z = normal_quantile(q)
        root = np.sqrt(mean)
        x = mean + z * root + (z * z - 1.0) / 6.0 + \
            ((z**3 - 3.0 * z) / 24.0 - (2.0 * z**3 - 5.0 * z) / 36.0) / root
        expanded = np.where(np.isinf(z), z, np.ceil(x - 0.5))
    return np.maximum(np.where(mean <= POISSON_EXACT_MEAN, exact, expanded), 0.0)[()]


def batch_service(batch: Real, fixed: Real, per_item: Real) -> Real:
    """S(b) = S₀ + s·b [s]: a batch's service time, a fixed part and a part per item."""
    return fixed + per_item * batch


def slo_batch_max(slo: Real, wait: Real, fixed: Real, per_item: Real) -> Real:
    """b_max = ⌊(L_SLO − W̄ − S₀)/s⌋: the largest batch whose service S(b) = S₀ + s·b, after a
    mean wait W̄, still meets the latency SLO; 0 when not even one request does."""
    exact = (slo - wait - fixed) / per_item
    # a budget that is a whole number of items in exact arithmetic stays whole in floats
    return np.maximum(np.floor(exact * (1.0 + 1e-12) + 1e-12), 0.0)[()]


def safe_utilization(service_rate: Real, slo: Real, q: Real | None = None) -> Real:
    """ρ_safe = 1 − k/(μ·SLO), k = 1 (mean) or −ln(1 − q) (q-th percentile): the highest
    utilization at which an M/M/1 server's response time meets the SLO; ≤ 0 means never."""
    k = 1.0 if q is None else -np.log1p(-q)
    return 1.0 - k / (service_rate * slo)


def devices_needed(arrival_rate: Real, service_rate: Real, utilization: Real) -> Real:
    """c = ⌈λ/(ρ·μ)⌉: devices that keep each one at or below utilization ρ (inf if ρ ≤ 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        need = np.ceil(np.divide(arrival_rate, utilization * service_rate) * (1 - 1e-12))
    return _stable(need, utilization > 0)


def headroom(arrival_rate: Real, service_rate: Real, devices: Real) -> Real:
    """1 − λ/(c·μ): the share of c devices' capacity left unused."""
    return 1.0 - arrival_rate / (devices * service_rate)


_LAMBDA = Symbol("arrival_rate", "λ", "rate", "arrival rate", latex=r"\lambda",
                 what="requests")
_MU = Symbol("service_rate", "μ", "rate", "service rate of one server", latex=r"\mu",
             what="requests")
_Q = Symbol("q", "q", "count", "percentile, as a fraction", default=0.99, domain="probability")


def regime(rho) -> str:
    """Whether a queue at utilization ρ (per server) is stable: ρ < 1 drains, ρ ≥ 1 grows
    without bound (its waits are infinite)."""
    return "stable (ρ < 1)" if rho < 1.0 else "unstable: ρ ≥ 1, the queue grows without bound"


_REGIME = Symbol("regime", "", "text", "stability")


def _mm1(arrival_rate, service_rate, q):
    return {"rho": arrival_rate / service_rate, "gap": service_rate - arrival_rate,
            "regime": regime(arrival_rate / service_rate),
            "service": 1.0 / service_rate, "wait": mm1_wait(arrival_rate, service_rate),
            "response": mm1_response(arrival_rate, service_rate),
            "percentile": mm1_percentile(arrival_rate, service_rate, q),
            "in_system": littles_law(arrival_rate, mm1_response(arrival_rate, service_rate))}


def _mmc(arrival_rate, service_rate, servers, q):
    offered = arrival_rate / service_rate
    return {"offered": offered, "rho": offered / servers, "service": 1.0 / service_rate,
            "regime": regime(offered / servers),
            "p_wait": erlang_c(servers, offered),
            "wait": mmc_wait(arrival_rate, service_rate, servers),
            "response": mmc_response(arrival_rate, service_rate, servers),
            "wait_percentile": mmc_wait_percentile(arrival_rate, service_rate, servers, q)}


def _capacity(arrival_rate, service_rate, slo, q):
    k = 1.0 if q is None else float(-np.log1p(-q))
    rho = safe_utilization(service_rate, slo, q)
    possible = rho > 0
    devices = devices_needed(arrival_rate, service_rate, rho) if possible else math.inf
    out = {"k": k, "service": 1.0 / service_rate, "rho_safe": rho,
           "required": arrival_rate / rho if possible else math.inf, "devices": devices,
           "headroom": None, "response": None, "pooled": None,
           "verdict": "meets the SLO" if possible else
           "SLO impossible: the service time alone misses it"}
    if possible:
        per_device = arrival_rate / devices
        out["headroom"] = headroom(arrival_rate, service_rate, devices)
        out["response"] = (mm1_response(per_device, service_rate) if q is None else
                           mm1_percentile(per_device, service_rate, q))
        if q is None:
            out["pooled"] = mmc_response(arrival_rate, service_rate, devices)
    return out


def _capacity_plan(arrival_rate, rho, device_rate, factor):
    minimum = devices_needed(arrival_rate, device_rate, rho)
    devices = np.ceil(factor * minimum * (1 - 1e-12))[()]
    with np.errstate(divide="ignore", over="ignore"):  # ρ·μ_d may underflow to 0: c = ∞
        exact = np.divide(arrival_rate, rho * device_rate)[()]
        utilization = np.divide(arrival_rate, devices * device_rate)[()]
    return {"required": arrival_rate / rho, "exact": exact, "minimum": minimum,
            "devices": devices, "utilization": utilization}


def _poisson(arrival_rate, window, k, q):
    mean = arrival_rate * window
    if np.any(np.isinf(mean)):
        raise ParameterError("window", f"λT = arrival rate × window is beyond the largest "
                                       f"float ({sys.float_info.max:.3g} arrivals per window)")
    return {"mean": mean, "std": np.sqrt(mean),
            "below": None if k is None else 1.0 - poisson_tail(k, mean),
            "tail": None if k is None else poisson_tail(k, mean),
            "quantile": None if q is None else poisson_quantile(q, mean)}


def _batch_slo(slo, window, fixed, per_item):
    wait = window_wait_mean(window)
    batch = slo_batch_max(slo, wait, fixed, per_item)
    fits = batch >= 1  # else no batch, not even of one, meets the SLO: nothing to time
    service = batch_service(batch, fixed, per_item) if fits else None
    return {"wait": wait, "budget": slo - wait, "room": slo - wait - fixed,
            "exact": (slo - wait - fixed) / per_item, "batch": batch, "service": service,
            "latency": wait + service if fits else None,
            "verdict": "meets the SLO" if fits else
                       "SLO impossible: one request alone misses it"}


def _md1(arrival_rate, service_rate):
    rho = arrival_rate / service_rate
    response = md1_response(arrival_rate, service_rate)
    return {"rho": rho, "service": 1.0 / service_rate, "wait": response - 1.0 / service_rate,
            "response": response, "regime": regime(rho)}


CALCS = (
    Calc(
        name="capacity",
        title="Capacity sizing: from a latency SLO to a device count",
        inputs=(_LAMBDA, _MU, Symbol("slo", "SLO", "time", "latency target"),
                Symbol("q", "q", "count", "percentile the SLO is at (default: the mean)",
                       optional=True, domain="probability")),
        outputs=(Symbol("k", "k", "count", "1 for the mean, −ln(1 − q) for a percentile"),
                 Symbol("service", "1/μ", "time", "service time", latex=r"1/\mu"),
                 Symbol("rho_safe", "ρ_safe", "count", "highest safe utilization",
                        latex=r"\rho_{safe}"),
                 Symbol("required", "λ/ρ_safe", "rate", "service rate needed",
                        latex=r"\lambda/\rho_{safe}", what="requests"),
                 Symbol("devices", "c", "count", "devices"),
                 Symbol("headroom", "1 − λ/(cμ)", "count", "capacity left unused",
                        latex=r"1 - \lambda/(c\mu)"),
                 Symbol("response", "T", "time", "response time per device at λ/c (M/M/1)"),
                 Symbol("pooled", "T_c", "time", "mean response with one shared queue (M/M/c)",
                        latex="T_c"),
                 Symbol("verdict", "", "text", "verdict")),
        formula="ρ_safe = 1 − k/(μ·SLO);  c = ⌈λ/(ρ_safe·μ)⌉",
        latex=(r"\rho_{safe} = 1 - \frac{k}{\mu \cdot SLO}, \quad "
               r"c = \left\lceil \frac{\lambda}{\rho_{safe}\,\mu} \right\rceil"),
        steps=("ρ_safe = 1 − {k} / ({service_rate} × {slo}) = {rho_safe}",
               "required rate = {arrival_rate} / {rho_safe} = {required}",
               "c = ⌈{required} / {service_rate}⌉ = {devices}",
               "headroom = 1 − {arrival_rate} / ({devices} × {service_rate}) = {headroom}",
               "T = {response} per device at λ/c"),
        compute=_capacity,
        results=("devices", "verdict", "rho_safe", "required", "headroom", "response",
                 "pooled"),
        notes=("Each device is an M/M/1 queue taking an equal share of Poisson traffic; one "
               "shared queue (M/M/c) waits less, so c is safe.",),
        source="Kleinrock, Queueing Systems Vol. 1, 1975, §3.2 (M/M/1), §3.5 (M/M/c)",
    ),
    Calc(
        name="littles-law",
        title="Little's law",
        inputs=(_LAMBDA, Symbol("time", "T", "time", "mean time in the system")),
        outputs=(Symbol("n", "N", "count", "mean number in the system"),),
        formula="N = λ·T",
        latex=r"N = \lambda T",
        steps=("{arrival_rate} × {time}", "{n}"),
        compute=lambda arrival_rate, time: {"n": littles_law(arrival_rate, time)},
        results=("n",),
        source="J. D. C. Little, Operations Research 9(3), 1961",
    ),
    Calc(
        name="littles-law-rate",
        title="Little's law solved for the rate",
        inputs=(Symbol("n", "N", "count", "requests in flight (e.g. a batch)"),
                Symbol("time", "T", "time", "time each spends (e.g. the batch's latency)")),
        outputs=(Symbol("rate", "λ", "rate", "throughput", latex=r"\lambda", what="requests"),),
        formula="λ = N/T",
        latex=r"\lambda = N / T",
        steps=("{n} / {time}", "{rate}"),
        compute=lambda n, time: {"rate": littles_rate(n, time)},
        results=("rate",),
        source="J. D. C. Little, Operations Research 9(3), 1961",
    ),
    Calc(
        name="batch-window",
        title="A batching window that closes on a timer",
        inputs=(Symbol("window", "T", "time", "window length"),
                Symbol("arrival_rate", "λ", "rate", "arrival rate (for the batch sizes)",
                       latex=r"\lambda", optional=True, what="requests")),
        outputs=(Symbol("mean_wait", "W̄", "time", "mean wait in the window", latex=r"\bar W"),
                 Symbol("mean_batch", "λT", "count", "mean requests per window",
                        latex=r"\lambda T"),
                 Symbol("p_empty", "P(0)", "count", "share of windows that close empty"),
                 Symbol("p_one", "P(1)", "count", "share of windows with one request")),
        formula="W̄ = T/2;  P(k) = (λT)^k e^(−λT)/k!",
        latex=r"\bar W = T/2, \quad P(k) = \frac{(\lambda T)^k e^{-\lambda T}}{k!}",
        steps=("W̄ = {window} / 2 = {mean_wait}",
               "λT = {arrival_rate} × {window} = {mean_batch}",
               "P(0) = e^(−{mean_batch}) = {p_empty};  P(1) = {mean_batch} × P(0) = {p_one}"),
        compute=lambda window, arrival_rate: {
            "mean_wait": window_wait_mean(window),
            **({"mean_batch": None, "p_empty": None, "p_one": None} if arrival_rate is None
               else {"mean_batch": arrival_rate * window,
                     "p_empty": window_batch_probability(0, arrival_rate, window),
                     "p_one": window_batch_probability(1, arrival_rate, window)})},
        results=("mean_wait", "p_empty", "mean_batch"),
        notes=("Poisson arrivals; a request arriving at a uniform time in the window waits "
               "for the rest of it.",),
        source="Kleinrock, Queueing Systems Vol. 1, 1975, §2.4 (the Poisson process)",
    ),
    Calc(
        name="poisson",
        title="Poisson arrivals in a window: spread, tail and quantile of the batch size",
        inputs=(Symbol("arrival_rate", "λ", "rate", "arrival rate", latex=r"\lambda",
                       what="requests"),
                Symbol("window", "T", "time", "window length"),
                Symbol("k", "k", "count", "a batch size: the share of windows holding k or more",
                       optional=True, domain="nonnegative"),
                Symbol("q", "q", "count", "a percentile, as a fraction (0.99: the p99 batch)",
                       optional=True, domain="probability")),
        outputs=(Symbol("mean", "m", "count", "mean arrivals per window λT"),
                 Symbol("std", "σ", "count", "standard deviation √m", latex=r"\sigma"),
                 Symbol("below", "P(N < k)", "count", "share of windows with fewer than k",
                        latex="P(N < k)"),
                 Symbol("tail", "P(N ≥ k)", "count", "share of windows with k or more",
                        latex=r"P(N \geq k)"),
                 Symbol("quantile", "k_q", "count", "q-quantile of the batch size",
                        latex="k_q")),
        formula="P(N ≥ k) = 1 − Σ_{j<k} m^j e^(−m)/j!,  m = λT",
        latex=r"P(N \geq k) = 1 - \sum_{j<k} \frac{m^j e^{-m}}{j!}, \quad m = \lambda T",
        steps=("m = {arrival_rate} × {window} = {mean};  σ = √{mean} = {std}",
               "P(N ≥ {k}) = 1 − P(N < {k}) = 1 − {below} = {tail}",
               "k_q = smallest k with P(N ≤ k) ≥ {q} = {quantile}"),
        compute=_poisson,
        results=("tail", "quantile", "mean", "std"),
        notes=("Poisson arrivals: the count in a window of T has mean and variance λT; the "
               "sums are scipy.stats.poisson's, and so is the quantile up to a mean of 10⁷; "
               "above, the quantile is the Cornish–Fisher expansion with continuity "
               "correction, m + z√m + (z² − 1)/6 + …, z = Φ⁻¹(q) (Cornish & Fisher 1937).",),
        source="Kleinrock, Queueing Systems Vol. 1, 1975, §2.4 (the Poisson process)",
    ),
    Calc(
        name="batch-slo",
        title="Largest batch within a latency SLO (linear batch service time)",
        inputs=(Symbol("slo", "L_SLO", "time", "latency SLO", latex=r"L_{SLO}"),
                # a window of 0 dispatches at once and an S₀ of 0 is a pure per-item cost: the
                # formula holds for both; s = 0 would allow a batch of any size, so s > 0
                Symbol("window", "T", "time", "batching window (mean wait T/2)",
                       domain="nonnegative"),
                Symbol("fixed", "S₀", "time", "fixed service time of a batch", latex="S_0",
                       domain="nonnegative"),
                Symbol("per_item", "s", "time", "service time per request in the batch")),
        outputs=(Symbol("wait", "W̄", "time", "mean wait in the window T/2", latex=r"\bar W"),
                 Symbol("budget", "L_SLO − W̄", "time", "latency left for the batch",
                        latex=r"L_{SLO} - \bar W"),
                 Symbol("room", "L_SLO − W̄ − S₀", "time", "left for the per-request part",
                        latex=r"L_{SLO} - \bar W - S_0"),
                 Symbol("exact", "(L_SLO − W̄ − S₀)/s", "count", "batch, unrounded",
                        latex=r"(L_{SLO} - \bar W - S_0)/s"),
                 Symbol("batch", "b_max", "count", "largest batch", latex=r"b_{\max}"),
                 Symbol("service", "S(b_max)", "time", "its service time",
                        latex=r"S(b_{\max})"),
                 Symbol("latency", "W̄ + S(b_max)", "time", "its mean latency",
                        latex=r"\bar W + S(b_{\max})"),
                 Symbol("verdict", "", "text", "verdict")),
        formula="b_max = max{b : T/2 + S₀ + s·b ≤ L_SLO} = ⌊(L_SLO − T/2 − S₀)/s⌋",
        latex=(r"b_{\max} = \max\{b : T/2 + S_0 + s\,b \leq L_{SLO}\} = "
               r"\left\lfloor \frac{L_{SLO} - T/2 - S_0}{s} \right\rfloor"),
        steps=("W̄ = {window} / 2 = {wait}",
               "L_SLO − W̄ = {slo} − {wait} = {budget}",
               "b_max = ⌊({budget} − {fixed}) / {per_item}⌋ = ⌊{room} / {per_item}⌋ = "
               "⌊{exact}⌋ = {batch}",
               "W̄ + S(b_max) = {wait} + {fixed} + {per_item} × {batch} = {latency}"),
        compute=_batch_slo,
        results=("batch", "verdict", "exact", "latency"),
        sums=(("latency", ("wait", "service")),),
        notes=("The SLO is met on the mean: a request waits T/2 on average; its tail waits the "
               "whole window and may meet a larger batch (see `poisson`).",),
        source="eq-latency-constrained-batch of the Serving chapter (Machine Learning Systems); "
               "Crankshaw et al., 'Clipper', NSDI 2017 (a linear batch latency model)",
    ),
    Calc(
        name="capacity-plan",
        title="Devices for a load at a utilization target, with headroom",
        inputs=(_LAMBDA, Symbol("rho", "ρ", "count", "utilization target", latex=r"\rho",
                                domain="fraction"),
                Symbol("device_rate", "μ_d", "rate", "throughput of one device",
                       latex=r"\mu_d", what="requests"),
                Symbol("headroom", "h", "count", "headroom factor (1 = none; 1.3 = 30% spare)",
                       default=1.0)),
        outputs=(Symbol("required", "λ/ρ", "rate", "service rate needed",
                        latex=r"\lambda/\rho", what="requests"),
                 Symbol("exact", "λ/(ρ·μ_d)", "count", "devices, unrounded"),
                 Symbol("minimum", "c₀", "count", "devices at the target", latex="c_0"),
                 Symbol("devices", "c", "count", "devices with headroom"),
                 Symbol("utilization", "λ/(c·μ_d)", "count", "utilization of c devices")),
        formula="c₀ = ⌈λ/(ρ·μ_d)⌉;  c = ⌈h·c₀⌉",
        latex=r"c_0 = \lceil \lambda/(\rho\,\mu_d) \rceil, \quad c = \lceil h\,c_0 \rceil",
        steps=("required rate = {arrival_rate} / {rho} = {required}",
               "c₀ = ⌈{required} / {device_rate}⌉ = ⌈{exact}⌉ = {minimum}",
               "c = ⌈{headroom} × {minimum}⌉ = {devices}",
               "utilization = {arrival_rate} / ({devices} × {device_rate}) = {utilization}"),
        compute=lambda arrival_rate, rho, device_rate, headroom: _capacity_plan(
            arrival_rate, rho, device_rate, headroom),
        results=("devices", "required", "minimum", "utilization"),
        notes=("The utilization target is given (from an SLO, see `capacity`, or a rule of "
               "thumb); headroom covers failures and load spikes.",),
        source="Kleinrock, Queueing Systems Vol. 1, 1975 (utilization of c servers, λ/(cμ))",
    ),
    Calc(
        name="mm1",
        title="M/M/1 queue: wait, mean and percentile response time",
        inputs=(_LAMBDA, _MU, _Q),
        outputs=(Symbol("rho", "ρ", "count", "utilization λ/μ", latex=r"\rho"),
                 Symbol("gap", "μ − λ", "rate", "spare service rate", latex=r"\mu - \lambda",
                        what="requests"),
                 Symbol("service", "1/μ", "time", "mean service time", latex=r"1/\mu"),
                 Symbol("wait", "W", "time", "mean wait in queue"),
                 Symbol("response", "T", "time", "mean response time (wait + service)"),
                 Symbol("percentile", "T_q", "time", "q-th percentile response time",
                        latex="T_q"),
                 Symbol("in_system", "N", "count", "mean number in system (Little)"),
                 _REGIME),
        formula="W = ρ/(μ − λ);  T = W + 1/μ = 1/(μ − λ);  T_q = −ln(1 − q)/(μ − λ)",
        latex=(r"W = \frac{\rho}{\mu - \lambda}, \quad T = W + \frac{1}{\mu} = "
               r"\frac{1}{\mu - \lambda}, \quad T_q = \frac{-\ln(1-q)}{\mu - \lambda}"),
        steps=("ρ = {arrival_rate} / {service_rate} = {rho}",
               "W = {rho} / ({service_rate} − {arrival_rate}) = {rho} / {gap} = {wait}",
               "T = {wait} + {service} = {response}",
               "T_q = −ln(1 − {q}) / {gap} = {percentile}"),
        compute=_mm1,
        results=("wait", "response", "percentile", "rho", "in_system", "regime"),
        sums=(("response", ("wait", "service")),),
        source="Kleinrock, Queueing Systems Vol. 1, 1975, §3.2",
    ),
    Calc(
        name="mmc",
        title="M/M/c queue (Erlang C)",
        inputs=(_LAMBDA, _MU,
                Symbol("servers", "c", "count", "number of servers", domain="integer"), _Q),
        outputs=(Symbol("offered", "a", "count", "offered load λ/μ (Erlangs)"),
                 Symbol("rho", "ρ", "count", "utilization per server a/c", latex=r"\rho"),
                 Symbol("p_wait", "C(c,a)", "count", "probability of waiting", latex="C(c,a)"),
                 Symbol("service", "1/μ", "time", "mean service time", latex=r"1/\mu"),
                 Symbol("wait", "W", "time", "mean wait in queue"),
                 Symbol("response", "T", "time", "mean response time (wait + service)"),
                 Symbol("wait_percentile", "W_q", "time", "q-th percentile wait", latex="W_q"),
                 _REGIME),
        formula="W = C(c, a)/(cμ − λ);  T = W + 1/μ",
        latex=r"W = \frac{C(c,a)}{c\mu - \lambda}, \quad T = W + \frac{1}{\mu}",
        steps=("a = {arrival_rate} / {service_rate} = {offered};  ρ = {rho}",
               "C({servers}, {offered}) = {p_wait}",
               "W = {p_wait} / ({servers} × {service_rate} − {arrival_rate}) = {wait}",
               "T = {wait} + {service} = {response}"),
        compute=_mmc,
        results=("wait", "response", "p_wait", "wait_percentile", "rho", "regime"),
        sums=(("response", ("wait", "service")),),
        source="A. K. Erlang, 1917; Kleinrock, Queueing Systems Vol. 1, 1975, §3.5",
    ),
    Calc(
        name="md1",
        title="M/D/1 queue (constant service time)",
        inputs=(_LAMBDA, _MU),
        outputs=(Symbol("rho", "ρ", "count", "utilization", latex=r"\rho"),
                 Symbol("service", "1/μ", "time", "mean service time", latex=r"1/\mu"),
                 Symbol("wait", "W", "time", "mean wait in queue"),
                 Symbol("response", "T", "time", "mean response time (wait + service)"),
                 _REGIME),
        formula="W = ρ/(2μ(1 − ρ));  T = W + 1/μ",
        latex=r"W = \frac{\rho}{2\mu(1-\rho)}, \quad T = W + \frac{1}{\mu}",
        steps=("ρ = {arrival_rate} / {service_rate} = {rho}",
               "W = {rho} / (2 × {service_rate} × (1 − {rho})) = {wait}",
               "T = {wait} + {service} = {response}"),
        compute=_md1,
        results=("wait", "response", "rho", "regime"),
        sums=(("response", ("wait", "service")),),
        source="Pollaczek–Khinchine formula; Kleinrock, Queueing Systems Vol. 1, §5.6",
    ),
    Calc(
        name="batch-wait",
        title="Waiting to form a batch",
        inputs=(Symbol("batch", "B", "count", "batch size", domain="integer"), _LAMBDA),
        outputs=(Symbol("mean", "W̄", "time", "mean wait per request", latex=r"\bar W"),
                 Symbol("first", "W_1", "time", "wait of the first request", latex="W_1")),
        formula="W̄ = (B − 1)/(2λ)",
        latex=r"\bar W = \frac{B - 1}{2\lambda}",
        steps=("({batch} − 1) / (2 × {arrival_rate})", "{mean}"),
        compute=lambda batch, arrival_rate: {"mean": batch_wait_mean(batch, arrival_rate),
                                             "first": batch_wait_first(batch, arrival_rate)},
        results=("mean", "first"),
        notes=("Arrivals are Poisson; the i-th of B waits (B − i)/λ on average.",),
        source="design.md §3 (queueing)",
    ),
)
