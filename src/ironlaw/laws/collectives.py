"""Collectives in the α–β model: N devices, M bytes, α latency per message step [s], β bandwidth
per direction [B/s]. Every function broadcasts (scalars in, scalar out; arrays in, array out).

    ring all-reduce        T = 2(N−1)/N · M/β + 2(N−1)·α     reduce-scatter then all-gather
    tree all-reduce        T = 2·⌈log2 N⌉ · (α + M/β)       binomial reduce, then broadcast
    all-gather             T = (N−1)/N · M/β + (N−1)·α       M = the gathered (output) bytes
    reduce-scatter         T = (N−1)/N · M/β + (N−1)·α       M = the input bytes per device
    all-to-all             T = (N−1)/N · M/β + (N−1)·α       M = bytes each device sends in all
    send/receive           T = α + M/β

NCCL's choice (``tuned``): a ring per protocol — LL (8-byte lines carrying 4 bytes of data and
a flag: low latency, a fraction of the bandwidth), LL128 (128-byte lines, 120 of them data) and
Simple (large chunks, memory fences: full bandwidth, the highest latency) — each with its own
call latency a, per-step latency α_p and share s_p of the link:

    T_p = a_p + steps·α_p + M / (s_p·β · N/steps)     steps = 2(N−1) all-reduce, N−1 otherwise
    T   = min over the protocols the link enables     (NCCL's tuner picks the fastest)

so small messages go LL and large ones Simple. Where the NVLink switch reduces in the network
(NVLink SHARP, "NVLS": NVSwitch gen 3 and later) an all-reduce has one more candidate: each
device sends its M bytes into the switch and receives the M reduced bytes once, so no 2(N−1)/N
bus factor and no per-step latency, only the call latency a and the switch's efficiency e:

    T_NVLS = a + M / (e·β)

The constants per link kind are hardware data (``hardware.links``, from NCCL's
src/graph/tuning.cc).

Thakur, Rabenseifner & Gropp, "Optimization of Collective Communication Operations in MPICH",
IJHPCA 19(1), 2005 (ring all-gather, pairwise exchange, binomial trees, all-reduce as
reduce-scatter + all-gather); the bandwidth factors 2(N−1)/N and (N−1)/N are those of NCCL's
"bus bandwidth" (nccl-tests doc/PERFORMANCE.md). Links (β, α) are in ``hardware.links``.
"""

from __future__ import annotations

import numpy as np

from ironlaw.laws._calc import Calc, Symbol


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


def protocol_time(collective: str, size, devices, bandwidth, base, step, share):
    """T_p = a + steps·α + M / (s·β · N/steps) [s] for one protocol of a ring ``collective``
    (module formula); 0 for N = 1. Broadcasts."""
    n = np.asarray(devices, dtype=float)
    steps = 2.0 * (n - 1.0) if collective == "all-reduce" else n - 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        t = base + steps * step + size * steps / (share * bandwidth * n)
    return np.where(n > 1.0, t, 0.0)[()]


def nvls_all_reduce(size, devices, bandwidth, latency, efficiency):
    """T = a + M/(e·β) [s]: an all-reduce reduced in the NVLink switch (module formula), M
    crossing each device's link once each way at a share e of β; 0 for N = 1. Broadcasts."""
    n = np.asarray(devices, dtype=float)
    return np.where(n > 1.0, latency + size / (efficiency * bandwidth), 0.0)[()]


def candidate_time(collective: str, size, devices, bandwidth, algorithm, base, step, share):
    """T [s] of one (algorithm, protocol) candidate: ``protocol_time`` for a ring,
    ``nvls_all_reduce`` (latency ``base``, efficiency ``share``) for "nvls"."""
    if algorithm == "nvls":
        return nvls_all_reduce(size, devices, bandwidth, base, share)
    return protocol_time(collective, size, devices, bandwidth, base, step, share)


def tuned(collective: str, size, devices, bandwidth, candidates):
    """(time [s], index of the candidate chosen): the fastest of ``candidates`` — each a
    (name, algorithm "ring" | "nvls", base latency a, step latency α, bandwidth share s) — for
    every message size, as NCCL's tuner chooses (module formula). Broadcasts over sizes and
    device counts."""
    times = candidate_times(collective, size, devices, bandwidth, candidates)
    best = np.argmin(times, axis=0)
    return np.min(times, axis=0)[()], best[()]


def candidate_times(collective: str, size, devices, bandwidth, candidates) -> np.ndarray:
    """T [s] of each of ``candidates`` (as :func:`tuned` takes them), stacked along the first
    axis over the broadcast sizes and device counts."""
    shape = np.broadcast_shapes(np.shape(size), np.shape(devices))
    return np.stack([np.broadcast_to(candidate_time(collective, size, devices, bandwidth,
                                                    algorithm, base, step, share), shape)
                     for _name, algorithm, base, step, share in candidates])


def _alpha_beta(size, devices, bandwidth, latency):
    a = 0.0 if latency is None else latency
    ring = ring_all_reduce(size, devices, bandwidth, a)
    tree = tree_all_reduce(size, devices, bandwidth, a)
    return {"latency": a, "ring": ring, "tree": tree, "faster": "ring" if ring <= tree else "tree",
            "ring_steps": 2.0 * (devices - 1.0), "tree_steps": 2.0 * np.ceil(np.log2(devices))}


CALCS = (
    Calc(
        name="all-reduce",
        title="All-reduce in the α–β model: ring against tree",
        inputs=(Symbol("size", "M", "bytes", "each device's buffer"),
                Symbol("devices", "N", "count", "devices in the group", domain="integer"),
                Symbol("bandwidth", "β", "bandwidth", "link bandwidth per direction",
                       latex=r"\beta"),
                Symbol("latency", "α", "time", "latency per message step (default 0)",
                       optional=True, latex=r"\alpha")),
        outputs=(Symbol("ring_steps", "2(N−1)", "count", "ring steps"),
                 Symbol("tree_steps", "2⌈log₂N⌉", "count", "tree steps"),
                 Symbol("ring", "T_ring", "time", "ring all-reduce", latex=r"T_{ring}"),
                 Symbol("tree", "T_tree", "time", "tree all-reduce", latex=r"T_{tree}"),
                 Symbol("faster", "", "text", "the faster of the two")),
        formula="T_ring = 2(N−1)/N·M/β + 2(N−1)·α;  T_tree = 2⌈log₂N⌉·(α + M/β)",
        latex=(r"T_{ring} = \frac{2(N-1)}{N}\frac{M}{\beta} + 2(N-1)\alpha, \quad "
               r"T_{tree} = 2\lceil\log_2 N\rceil(\alpha + M/\beta)"),
        steps=("T_ring = 2({devices} − 1)/{devices} × {size}/{bandwidth} + {ring_steps} × "
               "{latency} = {ring}",
               "T_tree = {tree_steps} × ({latency} + {size}/{bandwidth}) = {tree}",
               "faster: {faster}"),
        compute=_alpha_beta,
        results=("ring", "tree", "faster"),
        notes=("The textbook model (one α and β per step); `ironlaw calc collective` is the "
               "same collective as NCCL runs it (its protocols and call latencies).",),
        source="Thakur, Rabenseifner & Gropp, 'Optimization of Collective Communication "
               "Operations in MPICH', IJHPCA 19(1), 2005",
    ),
)
