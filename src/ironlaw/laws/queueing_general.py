"""Queues whose service times are not exponential: the Allen–Cunneen M/G/c approximation.

Poisson arrivals at λ, c servers of rate μ, service times with squared coefficient of
variation C_s² = Var(S)/E[S]² (0: constant service, M/D/c; 1: exponential, M/M/c exactly):

    k = (C_a² + C_s²)/2,  C_a² = 1 (Poisson)                       Allen–Cunneen factor
    W̄_q(M/G/c) ≈ k · W̄_q(M/M/c) = k · C(c, a)/(cμ − λ)            a = λ/μ, C: Erlang C

For one server it is exact (Pollaczek–Khinchine: W̄_q = ρ·(1 + C_s²)/(2μ(1 − ρ))). For a
percentile the probability of waiting stays Erlang C's and the conditional wait, exponential
with mean 1/(cμ − λ) in M/M/c, is scaled by the same k (the heavy-traffic form of the
GI/G/c wait; Whitt 1993):

    P(W > t) ≈ C(c, a)·exp(−(cμ − λ)·t/k)
    W_q(q) ≈ k · ln(C/(1 − q))/(cμ − λ),  0 if C ≤ 1 − q

Sources: A. O. Allen, "Probability, Statistics, and Queueing Theory", 2nd ed., Academic Press
1990, §6 (the Allen–Cunneen approximation); W. Whitt, "Approximations for the GI/G/m queue",
Production and Operations Management 2(2), 1993. All functions broadcast.
"""

from __future__ import annotations

import numpy as np

from ironlaw.laws.queueing import mmc_wait, mmc_wait_percentile


def allen_cunneen_factor(service_scv, arrival_scv=1.0):
    """k = (C_a² + C_s²)/2: 1/2 for M/D/c, 1 for M/M/c (broadcasts)."""
    return (np.asarray(arrival_scv, dtype=float) + np.asarray(service_scv, dtype=float))[()] / 2.0


def mgc_wait(arrival_rate, service_rate, servers, service_scv):
    """Mean wait in queue of M/G/c ≈ k·C(c, a)/(cμ − λ) [s] (inf where unstable)."""
    return allen_cunneen_factor(service_scv) * mmc_wait(arrival_rate, service_rate, servers)


def mgc_wait_percentile(arrival_rate, service_rate, servers, q, service_scv):
    """q-th percentile wait in queue of M/G/c ≈ k·ln(C/(1 − q))/(cμ − λ) [s]."""
    return (allen_cunneen_factor(service_scv)
            * mmc_wait_percentile(arrival_rate, service_rate, servers, q))
