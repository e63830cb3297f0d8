"""NCCL's ring model written out for the hand calculations of the collective tests (independent
of ironlaw's code): NCCL src/graph/tuning.cc, ncclTopoTuneModel and ncclTopoGetAlgoTime.

    latency  baseLat[ring][p] + steps · hwLat[NVLink][ring][p]   steps = 2(N−1) all-reduce, N−1
    busBw    β × {LL: 1/4 for an all-reduce, 1/3 otherwise; LL128: 0.92; Simple: 1}
    time     latency + M / (busBw · N/steps)       (algorithm bandwidth = busBw · N/steps)
"""

BASE_US = {"LL": 3.6, "LL128": 10.0, "Simple": 8.4}  # baseLat, ring
NVLINK_STEP_US = {"LL": 0.47, "LL128": 1.9, "Simple": 3.4}  # hwLat[NVLINK][ring]


def nvlink_ring(size: float, n: int, beta: float, all_reduce: bool = True) -> dict[str, float]:
    """Seconds per protocol over NVLink, and NCCL's choice under "best"."""
    steps = 2 * (n - 1) if all_reduce else n - 1
    share = {"LL": 0.25 if all_reduce else 1 / 3, "LL128": 0.92, "Simple": 1.0}
    out = {p: (BASE_US[p] + steps * NVLINK_STEP_US[p]) * 1e-6 + size * steps / (share[p] * beta * n)
           for p in BASE_US}
    out["best"] = min(out.values())
    return out
