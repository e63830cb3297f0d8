"""Capacity planning: how many replicas keep a latency percentile under an SLO.

Jobs arrive as a Poisson stream at rate λ_j and hold one of c servers for S seconds, with
squared coefficient of variation C_s² of S. The queue is M/G/c by the Allen–Cunneen
approximation (``laws.queueing_general``; M/M/c exactly at C_s² = 1, M/D/c at C_s² = 0):

    a = λ_j·S (Erlangs),  ρ = a/c,  P_wait = C(c, a),  k = (1 + C_s²)/2
    W_q = k·ln(P_wait/(1 − q))/(c/S − λ_j)   (0 if P_wait ≤ 1 − q)   q-th percentile wait
    N = λ_j·(W̄ + S)                                                   Little's law

    LLM      a job is a request; each replica has B slots (continuous batching), so
             c = replicas·B; S = TTFT + (O − 1)·TPOT_mean and TTFT_q = TTFT + W_q, in
             the schedule the engine runs at batch B (serving.batching.running)
    batches  a job is a batch of B formed from the stream (λ_j = λ/B); c = replicas; S = T(B);
             latency_q = batch forming + W_q + T(B)

Every request of a stated prompt and output length (or every batch of B) takes the same
time, so the default is C_s² = 0 (M/D/c, half M/M/c's waits); callers with a service-time
spread pass it. The smallest r with fixed + W_q(r) ≤ SLO is returned (NaN:
none exists when the fixed part alone (the bare prefill, or the batch plus its forming wait)
already exceeds the SLO). Every function but ``queue`` broadcasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ironlaw.laws.queueing import erlang_c, littles_law
from ironlaw.laws.queueing_general import mgc_wait, mgc_wait_percentile

CONSTANT_SERVICE = 0.0  # C_s² of a service time that does not vary (M/D/c)


@dataclass(frozen=True)
class Queue:
    """The M/G/c queue in front of ``replicas`` replicas. Times in s, rates per s."""

    job_rate: float  # λ_j
    service_s: float  # S
    slots: int  # servers per replica
    replicas: int
    percentile: float
    offered: float  # a
    utilization: float  # ρ = a/c
    p_wait: float
    wait_mean_s: float
    wait_p50_s: float
    wait_tail_s: float  # at the percentile
    in_system: float  # Little's law: jobs in the system (all replicas)
    service_scv: float = CONSTANT_SERVICE  # C_s²

    @property
    def servers(self) -> int:
        return self.replicas * self.slots

    @property
    def model(self) -> str:
        """Kendall notation of the queue: M/D/c, M/M/c, or M/G/c (Allen–Cunneen)."""
        return {0.0: "M/D/c", 1.0: "M/M/c"}.get(self.service_scv, "M/G/c")

    def to_dict(self) -> dict:
        return {"job_rate_per_s": self.job_rate, "service_s": self.service_s,
                "servers": self.servers, "replicas": self.replicas,
                "offered_erlangs": self.offered, "utilization": self.utilization,
                "queue_model": self.model, "service_scv": self.service_scv,
                "p_wait": self.p_wait, "wait_mean_s": self.wait_mean_s,
                "wait_p50_s": self.wait_p50_s, "wait_tail_s": self.wait_tail_s,
                "jobs_in_system": self.in_system}


WAIT_BLOCK = 1024  # configurations per Erlang C call, sorted by servers


def _wait(rate, service, servers, q, scv: float) -> np.ndarray:
    """q-th percentile M/G/c wait, in blocks sorted by servers (the Erlang recursion runs to
    each block's largest server count, not the whole array's)."""
    if len(rate) == 1:  # the law's scalar path: a short recursion, no special functions
        return np.array([mgc_wait_percentile(float(rate[0]), 1.0 / float(service[0]),
                                             float(servers[0]), q, scv)])
    if len(rate) <= WAIT_BLOCK:
        return np.asarray(mgc_wait_percentile(rate, 1.0 / service, servers, q, scv),
                          dtype=float)
    out = np.empty(len(rate))
    order = np.argsort(servers, kind="stable")
    for s in range(0, len(order), WAIT_BLOCK):
        j = order[s:s + WAIT_BLOCK]
        out[j] = mgc_wait_percentile(rate[j], 1.0 / service[j], servers[j], q, scv)
    return out


def replicas_for(job_rate, service_s, slots, q: float, fixed_s, slo_s, group=None,
                 service_scv: float = CONSTANT_SERVICE):
    """(replicas, wait): the fewest replicas with fixed_s + W_q ≤ slo_s and the q-th percentile
    wait W_q there; the fewest stable ones if ``slo_s`` is None; NaN where fixed_s ≥ slo_s (no
    number of replicas helps); ``service_scv`` the service time's C_s². Broadcasts: scalars
    in, scalars out.

    W_q falls as replicas grow, so the search gallops up from the stable minimum r0 and
    bisects, for all configurations at once; ``group`` (non-decreasing, 1-d inputs) marks
    configurations that share rate, service, slots and fixed (they differ in their SLO), so
    that each Erlang C evaluation is made once per group and bracket:

        gallop     r = r0 + 2^k − 1, k = 0, 1, 2 …, until every SLO of the group is met
        bisect     between the last probe that missed and the first that met each SLO
    """
    given = (job_rate, service_s, slots, fixed_s, *(() if slo_s is None else (slo_s,)))
    if all(np.ndim(x) == 0 for x in given):  # one configuration: skip broadcasting
        shape, (rate, service, slots, fixed, *slo) = (), np.array([given], dtype=float).T
    else:
        given = [np.asarray(x, dtype=float) for x in given]
        shape = np.broadcast_shapes(*(x.shape for x in given))
        rate, service, slots, fixed, *slo = (np.broadcast_to(x, shape).ravel() for x in given)
    first = np.floor(rate * service / slots) + 1.0  # the fewest with ρ < 1: ⌊λ_j·S/B⌋ + 1
    if slo_s is None:
        return (first.reshape(shape)[()],
                _wait(rate, service, first * slots, q, service_scv).reshape(shape)[()])
    slo = slo[0]
    if group is None:  # every configuration its own group
        member = np.arange(len(rate))
        g_rate, g_service, g_slots, g_first = rate, service, slots, first
    else:
        lead, member = np.unique(group, return_index=True, return_inverse=True)[1:]
        member = member.ravel()
        g_rate, g_service, g_slots, g_first = rate[lead], service[lead], slots[lead], first[lead]
    possible = fixed < slo
    low = first - 1.0  # unstable: too few
    high, wait = np.full(len(rate), np.nan), np.full(len(rate), np.nan)

    def probe(configs: np.ndarray, counts_of) -> None:
        """Evaluate W_q once per distinct (group, replicas) among ``configs``; narrow their
        brackets."""
        counts = counts_of(configs)
        if group is None:
            w = _wait(g_rate[configs], g_service[configs], counts * g_slots[configs], q,
                      service_scv)
        else:
            span = np.int64(counts.max()) + 1
            keys, inverse = np.unique(member[configs] * span + counts.astype(np.int64),
                                      return_inverse=True)
            g, r = np.divmod(keys, span)
            w = _wait(g_rate[g], g_service[g], r * g_slots[g], q, service_scv)[inverse.ravel()]
        ok = fixed[configs] + w <= slo[configs]
        high[configs[ok]], wait[configs[ok]] = counts[ok], w[ok]
        low[configs[~ok]] = counts[~ok]

    k = 0
    while True:  # gallop
        configs = np.flatnonzero(possible & np.isnan(high))
        if not configs.size:
            break
        probe(configs, lambda c, k=k: g_first[member[c]] + (2.0 ** k - 1.0))
        k += 1
    while True:  # bisect
        configs = np.flatnonzero(possible & (high - low > 1))
        if not configs.size:
            break
        probe(configs, lambda c: np.floor((low[c] + high[c]) / 2.0))
    return high.reshape(shape)[()], wait.reshape(shape)[()]


@lru_cache(maxsize=1024)
def queue(job_rate: float, service_s: float, slots: int, replicas: int, q: float,
          service_scv: float = CONSTANT_SERVICE) -> Queue:
    """The queue's waits and occupancy with ``replicas`` replicas of ``slots`` servers."""
    servers = replicas * slots
    mu = 1.0 / service_s
    offered = job_rate * service_s
    # servers as an array too: laws.queueing's stability mask follows the rate arguments only
    waits = mgc_wait_percentile(job_rate, mu, np.array([servers, servers]), np.array([0.5, q]),
                                service_scv)
    mean = float(mgc_wait(job_rate, mu, servers, service_scv))
    return Queue(job_rate, service_s, slots, replicas, q, offered, offered / servers,
                 float(erlang_c(servers, offered)), mean, float(waits[0]), float(waits[1]),
                 float(littles_law(job_rate, mean + service_s)), float(service_scv))
