"""M/G/c by Allen–Cunneen beside M/M/c, and the serving capacity planner that uses it."""

import math

import numpy as np
import pytest

from ironlaw.laws.queueing import md1_response, mmc_wait
from ironlaw.laws.queueing_general import allen_cunneen_factor, mgc_wait, mgc_wait_percentile
from ironlaw.serving import capacity, serve_llm


def test_the_factor_is_half_for_constant_and_one_for_exponential_service():
    assert allen_cunneen_factor(0.0) == 0.5
    assert allen_cunneen_factor(1.0) == 1.0
    assert allen_cunneen_factor(np.array([0.0, 1.0, 2.0])).tolist() == [0.5, 1.0, 1.5]


def test_md1_mean_wait_is_pollaczek_khinchine_exactly():
    # M/D/1, λ = 50 /s, μ = 100 /s, ρ = 0.5: W = ρ/(2μ(1 − ρ)) = 0.5/(2·100·0.5) = 5 ms
    assert mgc_wait(50.0, 100.0, 1, 0.0) == pytest.approx(0.005)
    assert mgc_wait(50.0, 100.0, 1, 0.0) == pytest.approx(md1_response(50.0, 100.0) - 0.01)
    # exponential service recovers M/M/1: ρ/(μ − λ) = 0.5/50 = 10 ms
    assert mgc_wait(50.0, 100.0, 1, 1.0) == pytest.approx(float(mmc_wait(50.0, 100.0, 1)))


def test_percentile_scales_the_mmc_tail_by_the_factor():
    # M/M/1 above: W_99 = ln(0.5/0.01)/50 = 78.24 ms; M/D/1 by Allen–Cunneen: half, 39.12 ms
    assert mgc_wait_percentile(50.0, 100.0, 1, 0.99, 0.0) == pytest.approx(math.log(50) / 100)
    assert mgc_wait_percentile(50.0, 100.0, 1, 0.5, 0.0) == 0.0  # P_wait = 0.5 ≤ 1 − q


def test_constant_service_needs_fewer_replicas_than_mmc_would():
    # λ = 50 /s, S = 10 ms, one slot, p99 wait ≤ 45 ms:
    # M/M/1 gives 78.2 ms (too long), M/M/2 (ρ = 0.25, C = 2ρ²/(1 + ρ) = 0.1) gives
    # ln(0.1/0.01)/(200 − 50) = 15.4 ms -> 2 replicas; M/D/1 gives 39.1 ms -> 1 replica
    assert capacity.replicas_for(50.0, 0.010, 1, 0.99, 0.0, 0.045, service_scv=1.0)[0] == 2
    assert capacity.replicas_for(50.0, 0.010, 1, 0.99, 0.0, 0.045)[0] == 1
    q = capacity.queue(50.0, 0.010, 1, 1, 0.99)
    assert q.model == "M/D/c" and q.wait_mean_s == pytest.approx(0.005)
    assert q.in_system == pytest.approx(50 * (0.005 + 0.010))  # Little: λ·(W̄ + S)


def test_serve_llm_names_its_queue():
    r = serve_llm("llama-3-8b", "h100", batch=16, arrival_rate=20.0, slo_ttft=0.5)
    d = r.to_dict()
    assert r.queue.model == "M/D/c"
    assert any("M/D/c" in a for a in r.assumptions)
    assert d["queue"]["queue_model"] == "M/D/c" and d["queue"]["service_scv"] == 0.0
