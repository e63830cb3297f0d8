"""Capacity planning: how many replicas keep a latency percentile under an SLO.

Jobs arrive as a Poisson stream at rate λ_j and hold one of c servers for S seconds. The queue
is M/M/c (Erlang C, ``laws.queueing``):

    a = λ_j·S (Erlangs),  ρ = a/c,  P_wait = C(c, a)
    W_q = ln(P_wait/(1 − q))/(c/S − λ_j)   (0 if P_wait ≤ 1 − q)   q-th percentile wait
    N = λ_j·(W̄ + S)                                                 Little's law

    LLM      a job is a request; each replica has B slots (continuous batching), so
             c = replicas·B; S = T_pre + (O − 1)·TPOT_mean; TTFT_q = T_pre + W_q
    batches  a job is a batch of B formed from the stream (λ_j = λ/B); c = replicas; S = T(B);
             latency_q = batch forming + W_q + T(B)

Service times here are nearly constant, not exponential: M/M/c overstates the wait
(for M/D/c the mean wait is about half — Allen–Cunneen, (1 + C_s²)/2 with C_s = 0), so the
replica counts are conservative. The smallest r with fixed + W_q(r) ≤ SLO is returned; none
exists when the fixed part alone (the bare prefill, or the batch plus its forming wait)
already exceeds the SLO.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ironlaw.laws.queueing import erlang_c, littles_law, mmc_wait, mmc_wait_percentile


@dataclass(frozen=True)
class Queue:
    """The M/M/c queue in front of ``replicas`` replicas. Times in s, rates per s."""

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

    @property
    def servers(self) -> int:
        return self.replicas * self.slots

    def to_dict(self) -> dict:
        return {"job_rate_per_s": self.job_rate, "service_s": self.service_s,
                "servers": self.servers, "replicas": self.replicas,
                "offered_erlangs": self.offered, "utilization": self.utilization,
                "p_wait": self.p_wait, "wait_mean_s": self.wait_mean_s,
                "wait_p50_s": self.wait_p50_s, "wait_tail_s": self.wait_tail_s,
                "jobs_in_system": self.in_system}


def min_stable_replicas(job_rate: float, service_s: float, slots: int) -> int:
    """The fewest replicas with ρ < 1: ⌊λ_j·S/B⌋ + 1."""
    return math.floor(job_rate * service_s / slots) + 1


@lru_cache(maxsize=1024)
def replicas_for(job_rate: float, service_s: float, slots: int, q: float, fixed_s: float,
                 slo_s: float | None) -> int | None:
    """Smallest replica count with fixed_s + W_q ≤ slo_s (the fewest stable ones if no SLO);
    None if fixed_s ≥ slo_s (no number of replicas helps)."""
    first = min_stable_replicas(job_rate, service_s, slots)
    if slo_s is None:
        return first
    if fixed_s >= slo_s:
        return None
    block = 4
    while True:
        candidates = first + np.arange(block)
        wait = mmc_wait_percentile(job_rate, 1.0 / service_s, candidates * slots, q)
        ok = np.nonzero(fixed_s + wait <= slo_s)[0]
        if ok.size:
            return int(candidates[ok[0]])
        first += block
        block *= 2


@lru_cache(maxsize=1024)
def queue(job_rate: float, service_s: float, slots: int, replicas: int, q: float) -> Queue:
    """The queue's waits and occupancy with ``replicas`` replicas of ``slots`` servers."""
    servers = replicas * slots
    mu = 1.0 / service_s
    offered = job_rate * service_s
    # servers as an array too: laws.queueing's stability mask follows the rate arguments only
    waits = mmc_wait_percentile(job_rate, mu, np.array([servers, servers]), np.array([0.5, q]))
    mean = float(mmc_wait(job_rate, mu, servers))
    return Queue(job_rate, service_s, slots, replicas, q, offered, offered / servers,
                 float(erlang_c(servers, offered)), mean, float(waits[0]), float(waits[1]),
                 float(littles_law(job_rate, mean + service_s)))
