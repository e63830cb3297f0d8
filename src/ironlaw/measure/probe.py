"""Micro-benchmarks of this machine: GEMM rate, memory bandwidth, load latency, dispatch overhead.

Every figure is a median over repeats with its spread [min, max]; each repeat runs long enough
(``min_time_s``) that timer resolution and call overhead do not count, after a warm-up.

* GEMM: C = A·B with A m×k and B k×n, FLOP = 2·m·n·k (a multiply-add is 2 FLOP); rate =
  FLOP / t. numpy (its BLAS) at fp64/fp32, torch at fp32/bf16/fp16 where the build runs them.
  Square sizes from small to large plus skinny shapes (m ≪ n, k); the achievable peak is the
  maximum over sizes, and the whole curve is kept.
* Bandwidth: the four STREAM kernels (McCalpin), counted as STREAM counts them —
  copy a=b and scale a=s·b move 16 B per element, add a=b+c and triad a=b+s·c move 24 B —
  bandwidth = counted bytes / t, t the median over repeats of the growth of a call's time with
  its pass count (so a parallel region's wake-up, stretched on a busy machine, cancels). Not the
  best repeat as STREAM reports: a stall in the shorter call *shrinks* a difference, so the
  fastest slope can be an artefact (0.8 PB/s was seen on a busy 2-core machine).
  Write-allocate traffic (a store's line read before it is written, 8 more bytes per element)
  is *not* counted, as in STREAM, so real traffic is higher.
  Kernels are numba-compiled loops run on every numba thread, each thread streaming its own
  arrays (aggregate bandwidth); the working set is the bytes of all arrays of all threads. The
  sweep runs from a few KiB to several × the last-level cache, so each level shows a plateau.
* Latency: a dependent-load pointer chase over a random cyclic permutation (Sattolo) of the
  64-byte lines of a working set, compiled with numba: ns per load vs working set. Random order
  defeats the prefetchers; with 4 KiB pages, large working sets include TLB misses. Without
  numba there is no honest way to time one load from Python, so latency is skipped and said so.
* Layers: eager torch fp32 convolutions (three dense ResNet-50 layers, one MobileNetV2
  depthwise) and vector-unit layers (ReLU, add, tanh GELU, BatchNorm, LayerNorm, max pool at
  the sizes ResNet-50 and GPT-2 run them), output allocated each call as in a model: seconds
  per call beside the FLOPs and bytes frameworks.ops counts for the layer.
* Dispatch: one eager ``torch.add`` of two 1-element tensors, and one ``numpy.add`` of two
  1-element arrays, per call (the Python loop around them, tens of ns, included).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from statistics import median
from time import perf_counter
from typing import Any

import numpy as np

from ironlaw import dtypes

try:  # the `measure` extra; without it bandwidth falls back to numpy and latency is skipped
    import numba
except ImportError:  # pragma: no cover - exercised only where numba is not installed
    numba = None

KiB, MiB, GiB = 2**10, 2**20, 2**30
LINE = 64  # bytes in a cache line (x86-64 and most Arm cores)
KERNELS = ("copy", "scale", "add", "triad")
# STREAM's byte count per element (8-byte doubles): arrays read + arrays written
STREAM_BYTES = {"copy": 16, "scale": 16, "add": 24, "triad": 24}
ARRAYS = {"copy": 2, "scale": 2, "add": 3, "triad": 3}
GEMM_KINDS = (("numpy", "fp64"), ("numpy", "fp32"), ("torch", "fp32"), ("torch", "bf16"),
              ("torch", "fp16"))


@dataclass(frozen=True)
class Settings:
    """How much to measure. ``bandwidth_sizes``/``latency_sizes`` None: a geometric sweep of
    ``per_octave`` sizes per doubling from ``min_working_set`` to ``llc_multiple`` × the
    last-level cache (capped by ``max_working_set`` and a quarter of available memory)."""

    gemm_square: tuple[int, ...]
    gemm_skinny: tuple[tuple[int, int, int], ...]
    gemm_max_call_s: float  # skip a GEMM whose predicted single call is longer than this
    repeats: int
    min_time_s: float  # each timed repeat lasts at least this long
    per_octave: int
    llc_multiple: float
    max_working_set: int
    dispatch_calls: int
    min_working_set: int = 4 * KiB
    gemm_kinds: tuple[tuple[str, str], ...] = GEMM_KINDS
    bandwidth_sizes: tuple[int, ...] | None = None
    latency_sizes: tuple[int, ...] | None = None


QUICK = Settings(gemm_square=(64, 256, 1024), gemm_skinny=((8, 1024, 1024),),
                 gemm_max_call_s=0.25, repeats=5, min_time_s=0.015, per_octave=1,
                 llc_multiple=8, max_working_set=256 * MiB, dispatch_calls=20_000)
FULL = Settings(gemm_square=(32, 64, 128, 256, 512, 1024, 2048, 4096),
                gemm_skinny=((1, 4096, 4096), (8, 4096, 4096), (32, 4096, 4096),
                             (128, 4096, 4096)),
                gemm_max_call_s=2.0, repeats=7, min_time_s=0.05, per_octave=3,
                llc_multiple=16, max_working_set=1 * GiB, dispatch_calls=100_000)


def working_set_sizes(lo: int, hi: int, per_octave: int) -> tuple[int, ...]:
    """Sizes lo·2^(i/per_octave) up to hi, rounded to whole cache lines, sorted, deduplicated."""
    if lo <= 0 or hi < lo or per_octave < 1:
        raise ValueError(f"need 0 < lo <= hi and per_octave >= 1; got {lo}, {hi}, {per_octave}")
    steps = int(math.floor(math.log2(hi / lo) * per_octave + 1e-9))
    sizes = {max(LINE, round(lo * 2 ** (i / per_octave) / LINE) * LINE) for i in range(steps + 1)}
    return tuple(sorted(sizes))


def spread(values: list[float]) -> tuple[float, list[float]]:
    """(median, [min, max]) of repeated measurements."""
    return median(values), [min(values), max(values)]


# ---------------------------------------------------------------- timing

def autorange(run: Callable[[int], Any], min_time_s: float) -> int:
    """The smallest count (growing geometrically) for which ``run(count)`` lasts min_time_s,
    judged on the faster of two calls: one stalled call (a thread descheduled by a busy
    neighbour) must not stop the count at a length the stall, not the work, fills."""
    count = 1
    while True:
        elapsed = math.inf
        for _ in range(2):
            start = perf_counter()
            run(count)
            elapsed = min(elapsed, perf_counter() - start)
        if elapsed >= min_time_s or count >= 2**40:
            return count
        factor = min_time_s / elapsed * 1.2 if elapsed > 0 else 10.0
        count = int(count * min(10.0, max(2.0, factor)))


def time_per_unit(run: Callable[[int], Any], repeats: int, min_time_s: float) -> list[float]:
    """Seconds per unit of ``run(count)`` (count units per call), one value per repeat."""
    count = autorange(run, min_time_s)
    times = []
    for _ in range(repeats):
        start = perf_counter()
        run(count)
        times.append((perf_counter() - start) / count)
    return times


def _best(run: Callable[[int], Any], count: int) -> float:
    elapsed = math.inf
    for _ in range(2):
        start = perf_counter()
        run(count)
        elapsed = min(elapsed, perf_counter() - start)
    return elapsed


def time_per_unit_slope(run: Callable[[int], Any], repeats: int,
                        min_time_s: float) -> list[float]:
    """Seconds per unit from how ``run``'s time grows with its count, t(2c) − t(c) over c, one
    value per repeat: a fixed cost per call — a parallel region waking its threads, which a
    busy machine stretches to a scheduler tick (8 ms seen on 2 shared cores) — cancels. The
    count grows until the difference alone lasts ``min_time_s``. Each of t(c), t(2c) is the
    faster of two calls. Take the median, not the minimum: a stall in the shorter call shrinks
    a difference."""
    count = 1
    while count < 2**40 and _best(run, 2 * count) - _best(run, count) < min_time_s:
        count *= 4
    times = []
    for _ in range(repeats):
        once, twice = _best(run, count), _best(run, 2 * count)
        times.append(max(twice - once, 1e-12) / count)
    return times


# ---------------------------------------------------------------- GEMM

def _gemm_runner(library: str, dtype: str, m: int, n: int, k: int) -> Callable[[int], None]:
    """A function running C = A·B ``count`` times (output preallocated: no allocation timed)."""
    if library == "numpy":
        np_dtype = {"fp64": np.float64, "fp32": np.float32}[dtype]
        rng = np.random.default_rng(0)
        a = rng.standard_normal((m, k)).astype(np_dtype)
        b = rng.standard_normal((k, n)).astype(np_dtype)
        c = np.empty((m, n), np_dtype)

        def run(count: int) -> None:
            for _ in range(count):
                np.matmul(a, b, out=c)

        return run
    import torch

    torch_dtype = getattr(torch, dtypes.dtype(dtype).torch)
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(m, k, generator=generator).to(torch_dtype)
    b = torch.randn(k, n, generator=generator).to(torch_dtype)
    c = torch.empty(m, n, dtype=torch_dtype)

    def run_torch(count: int) -> None:
        with torch.inference_mode():
            for _ in range(count):
                torch.matmul(a, b, out=c)

    return run_torch


def gemm_shapes(settings: Settings) -> list[tuple[int, int, int]]:
    """Square sizes ascending, then the skinny shapes."""
    return [(s, s, s) for s in sorted(settings.gemm_square)] + list(settings.gemm_skinny)


def measure_gemm(library: str, dtype: str, shape: tuple[int, int, int], settings: Settings,
                 series: dict[str, Any]) -> dict[str, Any] | None:
    """One GEMM row, or None with the reason appended to ``series["skipped"]``.

    A shape is skipped when one call would take longer than ``gemm_max_call_s``: predicted from
    the best rate so far for its class (square or skinny: rates grow with size), in this series
    or in another library's at the same precision (``series["shared"]``: one stalled call on a
    busy machine does not stop the series; a skinny shape's first prediction uses the square
    rate), and checked on the first call — a series slower than predicted stops there. A dtype
    the build cannot run is skipped with the library's message.
    """
    m, n, k = shape
    flop = 2.0 * m * n * k
    label = f"{library} {dtype} {m}x{n}x{k}"
    shape_class = "square" if m == n == k else "skinny"
    if series.get("stopped"):
        series["skipped"].append(f"{label}: {series['stopped']}")
        return None
    rates = series.setdefault("best_rate", {})
    # the best rate of this class in this series or, if higher, in another library's series
    # of the same precision: one stalled call on a busy machine must not make every larger
    # shape look too slow to run (another precision's rate says nothing: fp16 on a CPU runs
    # a hundred times slower than bf16)
    shared = series.get("shared", {})
    best = max((r for r in (rates.get(shape_class), shared.get((dtype, shape_class))) if r),
               default=None) or max(rates.values(), default=None)
    if best and flop / best > settings.gemm_max_call_s:
        series["skipped"].append(f"{label}: predicted {flop / best:.2f} s per call "
                                 f"> {settings.gemm_max_call_s} s (best {shape_class} rate "
                                 "so far)")
        return None
    try:
        run = _gemm_runner(library, dtype, m, n, k)
        start = perf_counter()
        run(1)  # warm-up: page faults, BLAS/oneDNN kernel selection
        first = perf_counter() - start
    except (RuntimeError, TypeError, NotImplementedError, ImportError) as exc:
        series["stopped"] = f"{library} {dtype} does not run here ({exc})"
        series["skipped"].append(f"{label}: {series['stopped']}")
        return None
    if first > 2 * settings.gemm_max_call_s:
        series["stopped"] = (f"stopped: the first {m}x{n}x{k} call took {first:.2f} s "
                             f"> 2 × {settings.gemm_max_call_s} s")
        series["skipped"].append(f"{label}: {series['stopped']}")
        return None
    run(1)
    times = time_per_unit(run, settings.repeats, settings.min_time_s)
    t, (t_min, t_max) = spread(times)
    rate = flop / t
    rates[shape_class] = max(rate, rates.get(shape_class, 0.0))
    if "shared" in series:
        shared[(dtype, shape_class)] = max(rate, shared.get((dtype, shape_class), 0.0))
    return {"library": library, "dtype": dtype, "m": m, "n": n, "k": k, "flop_per_s": rate,
            "spread": [flop / t_max, flop / t_min], "repeats": len(times)}


# ---------------------------------------------------------------- convolutions

# (label, batch, c_in, h, w, c_out, kernel, groups), stride 1, padding kernel//2: layers of
# ResNet-50 (3×3 and 1×1 at 56², 3×3 at 14²) and MobileNetV2 (a 3×3 depthwise at 56²)
CONV_SHAPES = (("conv 3x3 64-64 56x56", 1, 64, 56, 56, 64, 3, 1),
               ("conv 1x1 256-64 56x56", 1, 256, 56, 56, 64, 1, 1),
               ("conv 3x3 256-256 14x14", 1, 256, 14, 14, 256, 3, 1),
               ("depthwise 3x3 144 56x56", 1, 144, 56, 56, 144, 3, 144))


def measure_conv(shape: tuple, settings: Settings) -> dict[str, Any] | None:
    """One torch fp32 convolution as eager PyTorch runs it (oneDNN picks its kernel; the
    output is allocated each call, as in a model): FLOP/s with the FLOPs frameworks.ops
    counts for the layer. None when torch is missing."""
    try:
        import torch
    except ImportError:
        return None
    from ironlaw.frameworks import ops

    label, batch, c_in, h, w, c_out, kernel, groups = shape
    op = ops.conv2d(label, batch, c_in, h, w, c_out, kernel, "fp32", padding=kernel // 2,
                    groups=groups)
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(batch, c_in, h, w, generator=generator)
    weight = torch.randn(c_out, c_in // groups, kernel, kernel, generator=generator)

    def run(count: int) -> None:
        with torch.inference_mode():
            for _ in range(count):
                torch.nn.functional.conv2d(x, weight, padding=kernel // 2, groups=groups)

    run(2)  # warm-up: oneDNN chooses and builds its kernel
    times = time_per_unit(run, settings.repeats, settings.min_time_s)
    t, (t_min, t_max) = spread(times)
    return {"label": label, "kind": "depthwise" if groups == c_in > 1 else "dense",
            "dtype": "fp32", "flops": op.flops, "weight_bytes": op.weight_bytes,
            "flop_per_s": op.flops / t, "spread": [op.flops / t_max, op.flops / t_min],
            "repeats": len(times)}


# (label, op kind, shape): layers that run on the vector units, at the sizes ResNet-50 (its
# stem's BatchNorm, ReLU and max pool at 112², a residual add at 56²) and GPT-2 / BERT-base (a
# LayerNorm and a tanh GELU over 128 tokens) run them at batch 1
LAYER_SHAPES = (("relu 64x112x112", "elementwise", (1, 64, 112, 112)),
                ("add 256x56x56", "elementwise", (1, 256, 56, 56)),
                ("gelu-tanh 128x3072", "elementwise", (128, 3072)),
                ("batchnorm 64x112x112", "norm", (1, 64, 112, 112)),
                ("layernorm 128x768", "norm", (128, 768)),
                ("maxpool 3x3/2 64x112x112", "pool", (1, 64, 112, 112)))


def layer_op_and_call(label: str, shape: tuple, torch):
    """(the graph op frameworks.ops builds for the layer, a call that runs it in eager torch
    on fp32 random operands, its output allocated each call as in a model)."""
    from ironlaw.frameworks import ops
    from ironlaw.models.parts import ACTIVATION_FLOPS

    generator = torch.Generator().manual_seed(0)
    x = torch.randn(*shape, generator=generator)
    elements, f = x.numel(), torch.nn.functional
    name = label.split()[0]
    if name == "relu":
        return ops.elementwise(label, elements, "fp32", ACTIVATION_FLOPS["relu"]), \
            lambda: torch.relu(x)
    if name == "add":
        y = torch.randn(*shape, generator=generator)
        return ops.elementwise(label, elements, "fp32", inputs=2), lambda: x + y
    if name == "gelu-tanh":
        return ops.elementwise(label, elements, "fp32", ACTIVATION_FLOPS["gelu"]), \
            lambda: f.gelu(x, approximate="tanh")
    if name == "batchnorm":
        c = shape[1]
        mean, var, w, b = (torch.rand(c, generator=generator) + 0.5 for _ in range(4))
        return ops.norm(label, elements / c, c, "fp32", "batchnorm"), \
            lambda: f.batch_norm(x, mean, var, w, b, training=False)
    if name == "layernorm":
        rows, width = shape
        w, b = torch.ones(width), torch.zeros(width)
        return ops.norm(label, rows, width, "fp32"), lambda: f.layer_norm(x, (width,), w, b)
    if name == "maxpool":
        _, c, h, w = shape
        return ops.pool(label, 1, c, h, w, 3, 2, "fp32", padding=1), \
            lambda: f.max_pool2d(x, 3, 2, padding=1)
    raise ValueError(label)


def measure_layer(layer: tuple, settings: Settings) -> dict[str, Any] | None:
    """One vector-unit layer (LAYER_SHAPES) as eager PyTorch runs it: seconds per call, and
    the FLOPs frameworks.ops counts for it (calibrate turns them into the fraction of the
    vector rate the kind reaches) and its bytes (kept for inspection: its intensity). None
    when torch is missing."""
    try:
        import torch
    except ImportError:
        return None
    label, kind, shape = layer
    op, call = layer_op_and_call(label, shape, torch)

    def run(count: int) -> None:
        with torch.inference_mode():
            for _ in range(count):
                call()

    run(2)
    times = time_per_unit(run, settings.repeats, settings.min_time_s)
    t, (t_min, t_max) = spread(times)
    return {"label": label, "kind": kind, "dtype": "fp32", "flops": op.flops,
            "bytes": op.input_bytes + op.output_bytes + op.weight_bytes,
            "time_s": t, "spread_s": [t_min, t_max], "repeats": len(times)}


# ---------------------------------------------------------------- STREAM bandwidth

def _jit(parallel: bool = False):
    if numba is None:
        return lambda function: None
    return numba.njit(cache=True, parallel=parallel, nogil=True)


# Each kernel does ``reps`` passes over one thread's arrays. Passes differ (the scalar changes
# with the pass, or copy/add alternate direction), so no compiler may fold them into one.
@_jit()
def _copy_rows(a, b, reps):  # pragma: no cover - compiled
    for r in range(reps):
        if r % 2 == 0:
            for i in range(a.size):
                a[i] = b[i]
        else:
            for i in range(a.size):
                b[i] = a[i]


@_jit()
def _scale_rows(a, b, s, reps):  # pragma: no cover - compiled
    for r in range(reps):
        q = s + r * 1e-12
        for i in range(a.size):
            a[i] = q * b[i]


@_jit()
def _add_rows(a, b, c, reps):  # pragma: no cover - compiled
    for r in range(reps):
        if r % 2 == 0:
            for i in range(a.size):
                a[i] = b[i] + c[i]
        else:  # b = a - c restores b: values stay bounded
            for i in range(a.size):
                b[i] = a[i] - c[i]


@_jit()
def _triad_rows(a, b, c, s, reps):  # pragma: no cover - compiled
    for r in range(reps):
        q = s + r * 1e-12
        for i in range(a.size):
            a[i] = b[i] + q * c[i]


@_jit(parallel=True)
def _copy_kernel(a, b, reps):  # pragma: no cover - compiled
    for t in numba.prange(a.shape[0]):
        _copy_rows(a[t], b[t], reps)


@_jit(parallel=True)
def _scale_kernel(a, b, reps):  # pragma: no cover - compiled
    for t in numba.prange(a.shape[0]):
        _scale_rows(a[t], b[t], 3.0, reps)


@_jit(parallel=True)
def _add_kernel(a, b, c, reps):  # pragma: no cover - compiled
    for t in numba.prange(a.shape[0]):
        _add_rows(a[t], b[t], c[t], reps)


@_jit(parallel=True)
def _triad_kernel(a, b, c, reps):  # pragma: no cover - compiled
    for t in numba.prange(a.shape[0]):
        _triad_rows(a[t], b[t], c[t], 3.0, reps)


def _numpy_stream(kernel: str, arrays: list[np.ndarray]) -> Callable[[int], None]:
    """numpy fallback (one thread, in-place ufuncs with ``out=``, no temporaries). Its triad is
    two passes (a = s·c; a += b), so STREAM's 24 B/element undercounts its traffic."""
    a, b, *rest = (x[0] for x in arrays)

    def run(count: int) -> None:
        for _ in range(count):
            if kernel == "copy":
                np.copyto(a, b)
            elif kernel == "scale":
                np.multiply(b, 3.0, out=a)
            elif kernel == "add":
                np.add(b, rest[0], out=a)
            else:
                np.multiply(rest[0], 3.0, out=a)
                np.add(a, b, out=a)

    return run


def stream_threads() -> int:
    return numba.get_num_threads() if numba is not None else 1


def _stream_runner(kernel: str, arrays: list[np.ndarray]) -> Callable[[int], None]:
    if numba is None:
        return _numpy_stream(kernel, arrays)
    compiled = {"copy": _copy_kernel, "scale": _scale_kernel, "add": _add_kernel,
                "triad": _triad_kernel}[kernel]
    return lambda count: compiled(*arrays, count)


def stream_arrays(kernel: str, working_set: int, threads: int) -> list[np.ndarray]:
    """The kernel's arrays, one row per thread, whole cache lines per row, filled with 1.0 (so
    every page is touched before timing); their total size is the working set actually used."""
    per_row = max(LINE // 8, (working_set // (ARRAYS[kernel] * 8 * threads)) // 8 * 8)
    return [np.full((threads, per_row), 1.0) for _ in range(ARRAYS[kernel])]


def measure_bandwidth(kernel: str, working_set: int, settings: Settings) -> dict[str, Any]:
    threads = stream_threads()
    arrays = stream_arrays(kernel, working_set, threads)
    elements = arrays[0].size
    run = _stream_runner(kernel, arrays)
    run(1)  # warm-up (and numba compilation the first time)
    times = time_per_unit_slope(run, settings.repeats, settings.min_time_s)
    counted = STREAM_BYTES[kernel] * elements
    t, (t_min, t_max) = spread(times)  # the median: see time_per_unit_slope
    return {"kernel": kernel, "working_set_bytes": int(sum(a.nbytes for a in arrays)),
            "bytes_per_s": counted / t, "spread": [counted / t_max, counted / t_min]}


# ---------------------------------------------------------------- latency

@_jit()
def _chain(lines, seed):  # pragma: no cover - compiled
    """A random cyclic permutation of ``lines`` cache lines (Sattolo's algorithm): slot i·8
    holds the index of the next line's slot, so following it visits every line once."""
    np.random.seed(seed)
    order = np.arange(lines)
    for i in range(lines - 1, 0, -1):
        j = np.random.randint(0, i)  # j < i: one cycle through all lines
        order[i], order[j] = order[j], order[i]
    slots = np.zeros(lines * 8, np.int64)
    for i in range(lines):
        slots[i * 8] = order[i] * 8
    return slots


@_jit()
def _chase(slots, start, steps):  # pragma: no cover - compiled
    j = start
    for _ in range(steps):
        j = slots[j]
    return j


def measure_latency(working_set: int, settings: Settings) -> dict[str, Any]:
    """ns per dependent load over a random cycle through ``working_set`` bytes of lines.

    The walk resumes where the previous call stopped, so however few loads one timed call makes,
    the lines it touches are the next ones around the whole cycle (last touched a full cycle
    ago), never the same first few lines again — which would measure a smaller working set.
    """
    lines = max(2, working_set // LINE)
    slots = _chain(lines, 12345)
    position = [int(_chase(slots, 0, min(lines, 1_000_000)))]  # warm-up: one pass (or 1M)

    def run(count: int) -> None:
        position[0] = int(_chase(slots, position[0], count))

    times = time_per_unit(run, settings.repeats, settings.min_time_s)
    t, (t_min, t_max) = spread(times)
    return {"working_set_bytes": lines * LINE, "latency_s": t, "spread": [t_min, t_max]}


# ---------------------------------------------------------------- dispatch

def _calls(function, calls: int, repeats: int, *args) -> list[float]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        function(*args)
        times = []
        for _ in range(repeats):
            start = perf_counter()
            for _ in range(calls):
                function(*args)
            times.append((perf_counter() - start) / calls)
        return times
    finally:
        if enabled:
            gc.enable()


def measure_dispatch(settings: Settings) -> dict[str, Any]:
    """Seconds per call of a tiny eager op (output allocated, as a model's ops are)."""
    x = np.ones(1)
    numpy_times = _calls(np.add, settings.dispatch_calls, settings.repeats, x, x)
    result: dict[str, Any] = {"torch_eager_s": None, "numpy_call_s": median(numpy_times),
                              "spread": {"numpy_call_s": [min(numpy_times), max(numpy_times)],
                                         "torch_eager_s": None}}
    try:
        import torch
    except ImportError:
        return result
    t = torch.ones(1)
    torch_times = _calls(torch.add, settings.dispatch_calls, settings.repeats, t, t)
    result["torch_eager_s"] = median(torch_times)
    result["spread"]["torch_eager_s"] = [min(torch_times), max(torch_times)]
    # A layer as a model calls it: an nn.Module (or the tensor call a model makes) on
    # 1-element operands — module call, argument checks and the chain of aten ops the layer
    # dispatches through — no real work; one per kind of op the cost model tells apart.
    with torch.inference_mode():
        one, image = torch.ones(1, 1), torch.ones(1, 1, 1, 1)
        for key, layer, operand in dispatch_layers(torch, one, image):
            times = _calls(layer, settings.dispatch_calls, settings.repeats, operand)
            result[key] = median(times)
            result["spread"][key] = [min(times), max(times)]
    return result


# raw dispatch key -> (the op kind whose eager dispatch it times, the tiny layer and its
# operand, built from torch and the 1-element operands ``one`` (1×1) and ``image`` (1×1×1×1))
DISPATCH_LAYERS: dict[str, tuple[str, Callable[[Any, Any, Any], tuple[Any, Any]]]] = {
    "torch_linear_s": ("matmul", lambda torch, one, image: (torch.nn.Linear(1, 1), one)),
    "torch_conv_s": ("conv2d", lambda torch, one, image: (torch.nn.Conv2d(1, 1, 1), image)),
    "torch_batchnorm_s": ("norm", lambda torch, one, image: (torch.nn.BatchNorm2d(1).eval(),
                                                             image)),
    "torch_layernorm_s": ("norm", lambda torch, one, image: (torch.nn.LayerNorm(1), one)),
    "torch_relu_s": ("elementwise", lambda torch, one, image: (torch.nn.ReLU(), one)),
    "torch_softmax_s": ("softmax", lambda torch, one, image: (torch.nn.Softmax(-1), one)),
    "torch_pool_s": ("pool", lambda torch, one, image: (torch.nn.MaxPool2d(1), image)),
    "torch_embedding_s": ("embedding", lambda torch, one, image: (
        torch.nn.Embedding(2, 1), torch.zeros(1, dtype=torch.long))),
    "torch_view_s": ("view", lambda torch, one, image: (lambda x: x.view(-1), one)),
    "torch_concat_s": ("concat", lambda torch, one, image: (lambda x: torch.cat((x, x)), one)),
}


def dispatch_layers(torch, one, image) -> tuple:
    """(raw key, layer, operand) of the tiny layers whose call time is each op kind's eager
    dispatch (:data:`DISPATCH_LAYERS`)."""
    return tuple((key, *build(torch, one, image))
                 for key, (_kind, build) in DISPATCH_LAYERS.items())


def dispatch_keys_by_kind() -> dict[str, tuple[str, ...]]:
    """Op kind -> the raw dispatch keys whose median is its eager dispatch
    (:data:`DISPATCH_LAYERS`, grouped)."""
    grouped: dict[str, tuple[str, ...]] = {}
    for key, (kind, _build) in DISPATCH_LAYERS.items():
        grouped[kind] = (*grouped.get(kind, ()), key)
    return grouped


# ---------------------------------------------------------------- the whole probe

def sweep_sizes(settings: Settings, env: dict[str, Any], explicit: tuple[int, ...] | None
                ) -> tuple[tuple[int, ...], str]:
    """The working sets to sweep, and how they were chosen."""
    from ironlaw.measure.env import last_level_cache_bytes

    if explicit:
        return tuple(sorted(set(explicit))), "given"
    llc = last_level_cache_bytes(env)
    available = (env.get("memory") or {}).get("available_bytes")
    hi = settings.max_working_set if llc is None else int(settings.llc_multiple * llc)
    hi = min(hi, settings.max_working_set, available // 4 if available else hi)
    why = (f"{settings.min_working_set} B to {hi} B, {settings.per_octave} per octave "
           + (f"({settings.llc_multiple:g} × LLC {llc} B, capped)" if llc else "(LLC unknown)"))
    return working_set_sizes(settings.min_working_set, hi, settings.per_octave), why


def _warm_kernels() -> None:
    """Compile (or load from numba's cache) every kernel before anything is timed."""
    tiny = [np.ones((stream_threads(), 8)) for _ in range(3)]
    _copy_kernel(tiny[0], tiny[1], 1)
    _scale_kernel(tiny[0], tiny[1], 1)
    _add_kernel(*tiny, 1)
    _triad_kernel(*tiny, 1)
    _chase(_chain(4, 1), 0, 4)


def plan(settings: Settings, env: dict[str, Any], raw: dict[str, Any]
         ) -> list[tuple[str, Callable[[], None]]]:
    """The probe as labelled steps; each appends its rows to ``raw``."""
    steps: list[tuple[str, Callable[[], None]]] = []
    notes = raw["env"]["probe"]
    if numba is not None:
        steps.append(("compiling numba kernels", _warm_kernels))
    shared: dict[tuple[str, str], float] = {}  # best rate per precision and shape class
    for library, dtype in settings.gemm_kinds:
        series: dict[str, Any] = {"skipped": notes["skipped"], "shared": shared}
        for shape in gemm_shapes(settings):
            def step(library=library, dtype=dtype, shape=shape, series=series):
                row = measure_gemm(library, dtype, shape, settings, series)
                if row is not None:
                    raw["gemm"].append(row)
            steps.append((f"GEMM {library} {dtype} {'×'.join(map(str, shape))}", step))
    sizes, why = sweep_sizes(settings, env, settings.bandwidth_sizes)
    notes["bandwidth_sizes"] = why
    for size in sizes:
        def stream_step(size=size):
            for kernel in KERNELS:
                row = measure_bandwidth(kernel, size, settings)
                if all(r["kernel"] != kernel or r["working_set_bytes"] != row["working_set_bytes"]
                       for r in raw["bandwidth"]):  # rounding may map two sizes to one
                    raw["bandwidth"].append(row)
        steps.append((f"bandwidth {size / KiB:g} KiB", stream_step))
    if numba is None:
        notes["skipped"].append("latency: numba is not installed (pip install 'ironlaw[measure]'"
                                "); a Python loop would time Python, not a load")
    else:
        sizes, why = sweep_sizes(settings, env, settings.latency_sizes)
        notes["latency_sizes"] = why
        for size in sizes:
            def chase_step(size=size):
                raw["latency"].append(measure_latency(size, settings))
            steps.append((f"latency {size / KiB:g} KiB", chase_step))

    for shapes, measure, key in ((CONV_SHAPES, measure_conv, "conv"),
                                 (LAYER_SHAPES, measure_layer, "layers")):
        for shape in shapes:  # torch layers: None when torch is missing
            def layer_step(shape=shape, measure=measure, key=key):
                row = measure(shape, settings)
                if row is None:
                    notes["skipped"].append(f"{shape[0]}: torch is not installed")
                else:
                    raw.setdefault(key, []).append(row)
            steps.append((shape[0], layer_step))

    def dispatch_step():
        raw["dispatch"] = measure_dispatch(settings)
    steps.append(("dispatch overhead", dispatch_step))
    return steps


def run_probes(settings: Settings = QUICK,
               on_step: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    """Measure this machine; returns the raw measurements (the ``.measurements.json`` dict).

    ``on_step(done, total, label)`` is called before each step and once at the end. A
    KeyboardInterrupt propagates: nothing is returned, so nothing partial can be saved.
    """
    from ironlaw.measure.env import capture, cpu_snapshot, foreign_load

    start = perf_counter()
    env = capture()
    before = cpu_snapshot()
    env["probe"] = {"settings": asdict(settings), "skipped": [],
                    "stream_threads": stream_threads(),
                    "bandwidth_method": ("numba parallel loops, one row of arrays per thread"
                                         if numba is not None else
                                         "numpy in-place ufuncs, one thread (numba missing)"),
                    "stream_bytes_per_element": STREAM_BYTES,
                    "write_allocate_counted": False,
                    "latency_method": ("numba pointer chase, one 8-byte pointer per 64-byte "
                                       "line, random cyclic order" if numba is not None else None)}
    raw: dict[str, Any] = {"env": env, "gemm": [], "bandwidth": [], "latency": [],
                           "conv": [], "layers": [], "dispatch": None}
    steps = plan(settings, env, raw)
    for done, (label, step) in enumerate(steps):
        if on_step:
            on_step(done, len(steps), label)
        step()
    if on_step:
        on_step(len(steps), len(steps), "done")
    if numba is not None:
        try:
            env["thread_pools"]["numba"]["threading_layer"] = numba.threading_layer()
        except (ValueError, TypeError, KeyError):
            pass
    env["probe"]["wall_s"] = perf_counter() - start
    env["probe"]["load_during"] = foreign_load(before, cpu_snapshot(),
                                               env.get("logical_cores") or 1)
    return raw
