"""Collectives in the α–β model: N devices, M bytes, α latency per message step [s], β bandwidth
per direction [B/s]. Every function broadcasts (scalars in, scalar out; arrays in, array out).

    ring all-reduce        T = 2(N−1)/N · M/β + 2(N−1)·α     reduce-scatter then all-gather
    tree all-reduce        T = 2·⌈log2 N⌉ · (α + M/β)       binomial reduce, then broadcast
    all-gather             T = (N−1)/N · M/β + (N−1)·α       M = the gathered (output) bytes
    reduce-scatter         T = (N−1)/N · M/β + (N−1)·α       M = the input bytes per device
    all-to-all             T = (N−1)/N · M/β + (N−1)·α       M = bytes each device sends in all
    send/receive           T = α + M/β

Thakur, Rabenseifner & Gropp, "Optimization of Collective Communication Operations in MPICH",
IJHPCA 19(1), 2005 (ring all-gather, pairwise exchange, binomial trees, all-reduce as
reduce-scatter + all-gather); the bandwidth factors 2(N−1)/N and (N−1)/N are those of NCCL's
"bus bandwidth" (nccl-tests doc/PERFORMANCE.md). Links (β, α) are in ``hardware.links``.
"""

from __future__ import annotations

import numpy as np


def ring_all_reduce(size, devices, bandwidth, latency=0.0):
    """T = 2(N−1)/N · M/β + 2(N−1)·α [s]; 0 for N = 1."""
    n = np.asarray(devices, dtype=float)
    return (2.0 * (n - 1.0) / n * size / bandwidth + 2.0 * (n - 1.0) * latency)[()]


def tree_all_reduce(size, devices, bandwidth, latency=0.0):
    """T = 2·⌈log2 N⌉ · (α + M/β) [s]: a binomial-tree reduce then broadcast of all M bytes."""
    steps = np.ceil(np.log2(np.asarray(devices, dtype=float)))
    return (2.0 * steps * (latency + size / bandwidth))[()]


def all_gather(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the gathered bytes each device ends with."""
    n = np.asarray(devices, dtype=float)
    return ((n - 1.0) / n * size / bandwidth + (n - 1.0) * latency)[()]


def reduce_scatter(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the bytes each device starts with."""
    return all_gather(size, devices, bandwidth, latency)


def all_to_all(size, devices, bandwidth, latency=0.0):
    """T = (N−1)/N · M/β + (N−1)·α [s], M the bytes each device sends (its own 1/N stays)."""
    return all_gather(size, devices, bandwidth, latency)


def send_receive(size, bandwidth, latency=0.0):
    """T = α + M/β [s]: one point-to-point message (a pipeline stage boundary)."""
    return latency + size / bandwidth


# A collective's time by its name, M being the bytes each device holds at the end (all-reduce,
# all-gather), starts with (reduce-scatter) or sends (all-to-all).
TIME = {"all-reduce": ring_all_reduce, "all-gather": all_gather,
        "reduce-scatter": reduce_scatter, "all-to-all": all_to_all}
