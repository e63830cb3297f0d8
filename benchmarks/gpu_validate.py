"""Measure a CUDA GPU and set ironlaw's predictions for the same device beside the measurements.

    python benchmarks/gpu_validate.py [--out DIR] [--as DEVICE_ID] [--sections a,b,...]
    python benchmarks/gpu_validate.py --from benchmarks/gpu/FILE.json [--out DIR]   # no GPU needed

What it measures (CUDA events around back-to-back launches, after warm-up; medians of repeats,
with min and max), section by section:

  gemm       C = A·B, square m = n = k, per dtype: fp32 (TF32 off), tf32, bf16, fp16, and fp8
             (torch._scaled_mm, e4m3, where the GPU has it); rate = 2·m·n·k / t [FLOP/s]
  skinny     bf16 C[m×n] = A[m×k]·B[k×n] for m = 1 ... 2048 (decode's GEMV to prefill GEMMs)
  attention  flash attention (torch SDPA, flash backend), bf16, prefill and decode by KV length
  launch     one-element adds launched back to back: eager, and replayed from a CUDA graph
  dispatch   tiny modules of each op kind (linear, norm, conv, view ...) called back to back
  conv       ResNet-50's and MobileNetV2's convolutions, bf16, NCHW and channels-last
  bandwidth  a device-to-device copy (2N bytes moved) and a STREAM triad a = b + s·c (3N), on
             arrays of 1 GiB, far beyond the L2
  models     ResNet-50, BERT, GPT-2 (prefill and one decode step) ... in eager PyTorch, and the
             same query replayed from a CUDA graph (no per-kernel CPU dispatch)
  idle       the idle GPU's mean power from its energy counter

Then ironlaw's prediction beside each measurement (``predict_report``), for the catalog device
that torch.cuda.get_device_name names (NAME_TO_ID): kernels as one-op graphs, models as their
graphs (ironlaw.measure.targets.graph_for), costed by frameworks.cost.analyze in eager mode (and
fused mode beside the CUDA-graph replay). Error = (predicted − measured) / measured.
Calibration discipline (design.md §5): a device's efficiency parameters may be fitted to the
micro-benchmark sections (gemm, bandwidth, launch); model timings are validation only. ``--from``
predicts a recorded file again with the current catalog, so the record stays the measurement.

Writes benchmarks/gpu/gpu-<date>-<device>.json and .md (or under --out), the JSON after each
section. Without CUDA it prints "no CUDA device: nothing to measure" and exits 0. Budget: about
one minute on an H200; a section that would start after DEADLINE_S is skipped and says so.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEADLINE_S = 300.0

# torch.cuda.get_device_name(0) -> catalog ID. Exact names only: a near miss (an H100 NVL, an
# H200 NVL, a PCIe A100) is a different product with other clocks and bandwidth.
NAME_TO_ID = {
    "NVIDIA H200": "h200",
    "NVIDIA H100 80GB HBM3": "h100-sxm",
    "NVIDIA H100 PCIe": "h100-pcie",
    "NVIDIA A100-SXM4-80GB": "a100-80gb",
    "NVIDIA L4": "l4",
    "NVIDIA L40S": "l40s",
    "Tesla T4": "t4",
    "NVIDIA GeForce RTX 4090": "rtx-4090",
    "NVIDIA B200": "b200",
}

GEMM_SIZES = {"fp32": (1024, 4096, 8192), "tf32": (1024, 4096, 8192),
              "bf16": (1024, 4096, 8192, 16384), "fp16": (1024, 4096, 8192, 16384),
              "fp8": (1024, 4096, 8192, 16384)}
# Skinny GEMMs (decode-time GEMV up to prefill-sized): (m, n, k) in bf16; n, k of Llama-3-70B's
# attention output (8192 × 8192) and MLP up projection (28672 × 8192).
SKINNY = [(m, 8192, 8192) for m in (1, 8, 32, 128, 512, 2048)] + \
         [(m, 28672, 8192) for m in (1, 16, 256)]
# Flash attention through torch SDPA, bf16, 32 heads of 128: (phase, batch, q_len, kv_len)
ATTENTION = [("prefill", 1, 1024, 1024), ("prefill", 1, 4096, 4096), ("prefill", 1, 16384, 16384),
             ("decode", 16, 1, 1024), ("decode", 16, 1, 8192), ("decode", 16, 1, 32768)]
LAUNCHES = 2000  # back-to-back one-element kernels for the per-launch time
# ResNet-50's convolutions at batch 32, bf16: (c_in, h=w, c_out, kernel, stride, groups)
CONVS = [(64, 56, 64, 3, 1, 1), (64, 56, 256, 1, 1, 1), (256, 56, 64, 1, 1, 1),
         (128, 28, 128, 3, 1, 1), (256, 14, 256, 3, 1, 1), (512, 7, 512, 3, 1, 1),
         (3, 224, 64, 7, 2, 1), (144, 56, 144, 3, 1, 144)]  # last: MobileNetV2 depthwise
CONV_BATCH = 32
STREAM_BYTES = 2**30  # per array
SECTIONS = ("gemm", "skinny", "attention", "launch", "dispatch", "conv", "bandwidth", "models",
            "idle")  # run in this order
# (model, phase, batch, seq, context, precision)
MODELS = [("resnet50", None, 1, None, None, "fp32"), ("resnet50", None, 1, None, None, "bf16"),
          ("resnet50", None, 32, None, None, "fp32"), ("resnet50", None, 32, None, None, "bf16"),
          ("bert-base", None, 1, 128, None, "fp32"), ("bert-base", None, 1, 128, None, "bf16"),
          ("bert-base", None, 8, 384, None, "bf16"),
          ("gpt2", "prefill", 1, 128, None, "fp32"), ("gpt2", "prefill", 1, 128, None, "bf16"),
          ("gpt2", "decode", 1, None, 128, "fp32"), ("gpt2", "decode", 1, None, 128, "bf16"),
          ("gpt2", "decode", 16, None, 1024, "bf16"),
          # larger work, where launch overhead no longer hides the device
          ("resnet50", None, 256, None, None, "bf16"),
          ("mobilenetv2", None, 128, None, None, "bf16"),
          ("vit-b-16", None, 64, None, None, "bf16"), ("bert-large", None, 32, 384, None, "bf16"),
          ("gpt2-xl", "prefill", 1, 1024, None, "bf16"),
          ("gpt2-xl", "prefill", 8, 1024, None, "bf16"),
          ("gpt2-xl", "decode", 1, None, 1024, "bf16"),
          ("gpt2-xl", "decode", 32, None, 1024, "bf16")]
IDLE_S = (5.0, 5.0)  # settle, then measure the idle GPU's power
MODEL_WARMUP, MODEL_QUERIES = 10, 50
# A CPU run of the same code with tiny sizes, to test the script where there is no GPU.
SMOKE = {"gemm": {"fp32": (64, 128), "bf16": (64,)}, "stream_bytes": 2**20,
         "skinny": [(1, 256, 256), (64, 256, 256)], "launches": 50,
         "convs": [(8, 16, 8, 3, 1, 1), (8, 16, 8, 3, 1, 8)], "conv_batch": 2,
         "attention": [("prefill", 1, 64, 64), ("decode", 2, 1, 128)],
         "models": [("mlp", None, 1, None, None, "fp32"), ("ds-cnn", None, 2, None, None, "bf16"),
                    ("bert-base", None, 1, 16, None, "fp32"),
                    ("gpt2", "prefill", 1, 16, None, "fp32"),
                    ("gpt2", "decode", 1, None, 16, "fp32")],
         "warmup": 2, "queries": 5, "idle": (0.1, 0.2)}


class Clock:
    """Seconds per call of ``fn``: CUDA events around ``iters`` back-to-back calls on a GPU,
    perf_counter (after each call's own synchronization) on the CPU."""

    def __init__(self, torch, device: str):
        self.torch, self.cuda = torch, device == "cuda"

    def sync(self):
        if self.cuda:
            self.torch.cuda.synchronize()

    def per_call(self, fn, iters: int) -> float:
        if self.cuda:
            start = self.torch.cuda.Event(enable_timing=True)
            end = self.torch.cuda.Event(enable_timing=True)
            start.record()
            for _ in range(iters):
                fn()
            end.record()
            end.synchronize()
            return start.elapsed_time(end) * 1e-3 / iters
        begin = time.perf_counter()
        for _ in range(iters):
            fn()
        return (time.perf_counter() - begin) / iters

    def repeated(self, fn, target_s: float = 0.02, repeats: int = 5) -> dict:
        """Median, min and max of ``repeats`` timings of n calls each, n sized to ~target_s."""
        fn()
        self.sync()
        once = max(self.per_call(fn, 3), 1e-7)
        iters = max(3, min(200, math.ceil(target_s / once)))
        times = [self.per_call(fn, iters) for _ in range(repeats)]
        return {"time_s": statistics.median(times), "spread_s": [min(times), max(times)],
                "iters": iters, "repeats": repeats}


def _nvidia_smi() -> dict | str:
    """The GPU's clocks, power limit and driver as nvidia-smi reports them."""
    import subprocess

    fields = ("name,driver_version,memory.total,power.limit,power.max_limit,clocks.max.sm,"
              "clocks.max.mem,clocks.sm,clocks.mem,pstate")
    try:
        out = subprocess.run(["nvidia-smi", f"--query-gpu={fields}", "--format=csv,noheader"],
                             capture_output=True, text=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unavailable: {exc}"
    return dict(zip(fields.split(","), (v.strip() for v in out.splitlines()[0].split(",")),
                    strict=False))


def catalog_id(name: str, override: str | None) -> str:
    if override:
        return override
    if name not in NAME_TO_ID:
        known = ", ".join(f"{k!r}" for k in NAME_TO_ID)
        raise SystemExit(f"error: GPU {name!r} is not mapped to a catalog device (known: "
                         f"{known}); pass --as DEVICE_ID to choose one")
    return NAME_TO_ID[name]


def predict_report(report: dict) -> dict:
    """Put ironlaw's prediction beside every measurement of ``report`` (in place), from the
    catalog as it is now. Measurements stay as recorded, so a recorded file can be predicted
    again after the model or the catalog changes (``--from``)."""
    from ironlaw.frameworks import ops
    from ironlaw.frameworks.cost import analyze
    from ironlaw.frameworks.graph import Graph, Workload
    from ironlaw.hardware.catalog import builtin
    from ironlaw.measure.targets import graph_for

    catalog = builtin()
    device = catalog.device(report["device"])
    efficiency = catalog.efficiency_of(device)

    def latency(work, mode: str = "eager") -> float:
        graph = work if isinstance(work, Graph) else Graph(work.name, (work,), work.dtype,
                                                           workload=Workload(batch=1))
        return analyze(graph, device, efficiency, mode).latency_s

    for r in report["gemm"]:
        if "error" in r:
            continue
        try:
            peak = device.peak_rate(r["dtype"])
        except (KeyError, ValueError) as exc:
            r["prediction"] = f"none: {str(exc).strip(chr(39))}"
            continue
        rate = r["flops"] / latency(ops.matmul("gemm", 1, r["m"], r["n"], r["k"], r["dtype"]))
        r.update(peak_flop_per_s=peak, fraction_of_peak=r["flop_per_s"] / peak,
                 predicted_flop_per_s=rate, error_pct=error_pct(rate, r["flop_per_s"]))
    for r in report["skinny"]:
        r["predicted_s"] = latency(ops.matmul("gemm", 1, r["m"], r["n"], r["k"], "bf16"))
        r["error_pct"] = error_pct(r["predicted_s"], r["time_s"])
    for r in report["attention"]:
        if "error" in r:
            continue
        op = ops.attention("sdpa", r["batch"], r["heads"], r["q_len"], r["kv_len"],
                           r["head_dim"], "bf16", causal=r["causal"])
        r.update(flops=op.flops, bytes=op.bytes, flop_per_s=op.flops / r["time_s"],
                 bytes_per_s=op.bytes / r["time_s"], predicted_s=latency(op))
        r["error_pct"] = error_pct(r["predicted_s"], r["time_s"])
    for r in report.get("conv", []):
        op = ops.conv2d("conv", r["batch"], r["c_in"], r["size"], r["size"], r["c_out"],
                        r["kernel"], "bf16", r["stride"], r["kernel"] // 2, r["groups"])
        r.update(flops=op.flops, flop_per_s=op.flops / r["time_s"], predicted_s=latency(op))
        r["error_pct"] = error_pct(r["predicted_s"], r["time_s"])
    for r in report.get("dispatch", []):
        r["ironlaw_overhead_s"] = efficiency.eager_overhead.value
    for r in report["launch"]:
        r["ironlaw_overhead_s"] = (efficiency.eager_overhead if r["mode"] == "eager"
                                   else efficiency.fused_overhead).value
    hbm = device.main_memory.bandwidth.value if device.main_memory.bandwidth else None
    streams = {"copy": (0.0, 1), "triad": (2.0, 2)}  # FLOPs per element, input arrays
    for r in report["bandwidth"]:
        flops, inputs = streams[r["kernel"]]
        op = ops.elementwise(r["kernel"], r["array_bytes"] // 4, "fp32", flops, inputs)
        r.update(datasheet_bytes_per_s=hbm,
                 fraction_of_datasheet=r["bytes_per_s"] / hbm if hbm else None,
                 predicted_bytes_per_s=r["bytes_moved"] / latency(op))
        r["error_pct"] = error_pct(r["predicted_bytes_per_s"], r["bytes_per_s"])
    for r in report["models"]:
        if "error" in r:
            continue
        graph = graph_for(r["model"], r["phase"], r["batch"], r["seq"], r["context"],
                          r["precision"])
        r.update(predicted_eager_s=latency(graph), predicted_fused_s=latency(graph, "fused"))
        r["error_pct"] = error_pct(r["predicted_eager_s"], r["latency_s"])
        r["graph_replay_error_pct"] = error_pct(r["predicted_fused_s"], r.get("graph_replay_s"))
    from ironlaw import __version__

    report["predicted_with"] = {"ironlaw": __version__, "device": device.id}
    return report


def error_pct(predicted: float | None, measured: float | None) -> float | None:
    if predicted is None or not measured:
        return None
    return (predicted - measured) / measured * 100.0


def gemm_section(torch, clock, sizes: dict, dev: str) -> list[dict]:
    dtypes = {"fp32": torch.float32, "tf32": torch.float32, "bf16": torch.bfloat16,
              "fp16": torch.float16}
    rows = []
    for name, shapes in sizes.items():
        for n in shapes:
            row = {"dtype": name, "m": n, "n": n, "k": n, "flops": 2.0 * n**3}
            try:
                fn = (_fp8_gemm(torch, n, dev) if name == "fp8"
                      else _gemm(torch, n, dtypes[name], dev))
                torch.backends.cuda.matmul.allow_tf32 = name == "tf32"
                timing = clock.repeated(fn)
            except (RuntimeError, TypeError, AttributeError) as exc:
                rows.append({**row, "error": f"unavailable: {str(exc).splitlines()[0]}"})
                continue
            finally:
                torch.backends.cuda.matmul.allow_tf32 = False
            row.update(timing, flop_per_s=row["flops"] / timing["time_s"],
                       flop_per_s_spread=[row["flops"] / timing["spread_s"][1],
                                          row["flops"] / timing["spread_s"][0]])
            rows.append(row)
    return rows


def _gemm(torch, n, dtype, dev):
    a = torch.randn(n, n, device=dev, dtype=dtype)
    b = torch.randn(n, n, device=dev, dtype=dtype)
    c = torch.empty(n, n, device=dev, dtype=dtype)
    return lambda: torch.matmul(a, b, out=c)


def _fp8_gemm(torch, n, dev):
    if dev != "cuda" or torch.cuda.get_device_capability(0) < (8, 9):
        raise RuntimeError("fp8 GEMM needs CUDA compute capability 8.9 or newer")
    a = torch.randn(n, n, device=dev).to(torch.float8_e4m3fn)
    b = torch.randn(n, n, device=dev).to(torch.float8_e4m3fn).t()  # column-major, as required
    one = torch.tensor(1.0, device=dev)

    def run():
        out = torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
        return out[0] if isinstance(out, tuple) else out

    return run


def skinny_section(torch, clock, shapes, dev) -> list[dict]:
    """bf16 C[m×n] = A[m×k]·B[k×n] for small m: decode's GEMV up to prefill-sized GEMMs."""
    rows = []
    for m, n, k in shapes:
        a = torch.randn(m, k, device=dev, dtype=torch.bfloat16)
        b = torch.randn(k, n, device=dev, dtype=torch.bfloat16)
        c = torch.empty(m, n, device=dev, dtype=torch.bfloat16)
        timing = clock.repeated(partial(torch.matmul, a, b, out=c))
        flops, moved = 2.0 * m * n * k, 2.0 * (m * k + k * n + m * n)
        rows.append({"m": m, "n": n, "k": k, "flops": flops, "bytes": moved, **timing,
                     "flop_per_s": flops / timing["time_s"],
                     "bytes_per_s": moved / timing["time_s"]})
        del a, b, c
    return rows


def launch_section(torch, clock, launches, dev) -> list[dict]:
    """Time per kernel of a one-element add: eager back-to-back launches, and the same kernels
    replayed from a captured CUDA graph (no CPU dispatch) -- beside ironlaw's eager and fused
    per-op overheads."""
    x = torch.ones(1, device=dev)
    y = torch.empty(1, device=dev)

    def eager():
        for _ in range(launches):
            torch.add(x, 1.0, out=y)

    rows = [{"mode": "eager", "kernels": launches,
             **clock.repeated(eager, target_s=0.05, repeats=5)}]
    if dev == "cuda":
        try:
            graph = torch.cuda.CUDAGraph()
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                eager()
            torch.cuda.current_stream().wait_stream(side)
            with torch.cuda.graph(graph):
                eager()
            rows.append({"mode": "cuda-graph", "kernels": launches,
                         **clock.repeated(graph.replay, target_s=0.05, repeats=5)})
        except RuntimeError as exc:
            rows.append({"mode": "cuda-graph", "error": str(exc).splitlines()[0]})
    for row in rows:
        if "time_s" in row:
            row["per_kernel_s"] = row["time_s"] / launches
    return rows


def dispatch_section(torch, clock, dev) -> list[dict]:
    """Per-call time of tiny modules in eager PyTorch, one kind at a time, called back to back:
    the framework's dispatch chain per op kind (device work is negligible at these sizes)."""
    nn, f = torch.nn, torch.nn.functional
    x2, x4 = torch.randn(8, 64, device=dev), torch.randn(1, 8, 8, 8, device=dev)
    q = torch.randn(1, 2, 8, 16, device=dev)
    ids = torch.zeros(8, dtype=torch.long, device=dev)
    with torch.device(dev):
        linear, norm, conv = nn.Linear(64, 64), nn.LayerNorm(64), nn.Conv2d(8, 8, 3, padding=1)
        bnorm, embed = nn.BatchNorm2d(8).eval(), nn.Embedding(100, 64)
    kinds = {"linear": lambda: linear(x2), "layernorm": lambda: norm(x2),
             "conv2d": lambda: conv(x4), "batchnorm": lambda: bnorm(x4),
             "gelu": lambda: f.gelu(x2), "softmax": lambda: f.softmax(x2, -1),
             "add": lambda: x2 + x2, "view": lambda: x2.view(4, 128),
             "transpose+contiguous": lambda: x2.t().contiguous(), "embedding": lambda: embed(ids),
             "sdpa": lambda: f.scaled_dot_product_attention(q, q, q)}
    rows = []
    with torch.inference_mode():
        for kind, fn in kinds.items():
            rows.append({"kind": kind, **clock.repeated(fn, target_s=0.02, repeats=5)})
    return rows


def conv_section(torch, clock, shapes, batch, dev) -> list[dict]:
    """bf16 convolutions (cuDNN, autotuned) in NCHW and channels-last layouts."""
    rows = []
    torch.backends.cudnn.benchmark = True
    try:
        for c_in, size, c_out, kernel, stride, groups in shapes:
            with torch.device(dev):
                conv = torch.nn.Conv2d(c_in, c_out, kernel, stride, kernel // 2, groups=groups,
                                       bias=False).to(torch.bfloat16).eval()
            x = torch.randn(batch, c_in, size, size, device=dev, dtype=torch.bfloat16)
            for layout in ("nchw", "channels_last"):
                fmt = (torch.channels_last if layout == "channels_last"
                       else torch.contiguous_format)
                conv, x = conv.to(memory_format=fmt), x.contiguous(memory_format=fmt)
                with torch.inference_mode():
                    timing = clock.repeated(partial(conv, x))
                rows.append({"c_in": c_in, "size": size, "c_out": c_out, "kernel": kernel,
                             "stride": stride, "groups": groups, "batch": batch,
                             "layout": layout, **timing})
    finally:
        torch.backends.cudnn.benchmark = False
    return rows


def attention_section(torch, clock, cases, dev) -> list[dict]:
    """Flash attention through torch's SDPA (flash backend forced), bf16, 32 heads of 128."""
    heads, d = 32, 128
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel
    except ImportError as exc:
        return [{"error": f"unavailable: {exc}"}]
    backend = SDPBackend.FLASH_ATTENTION if dev == "cuda" else SDPBackend.MATH
    rows = []
    for phase, batch, q_len, kv_len in cases:
        causal = phase == "prefill"
        row = {"phase": phase, "batch": batch, "heads": heads, "head_dim": d, "q_len": q_len,
               "kv_len": kv_len, "causal": causal, "backend": backend.name}
        q = torch.randn(batch, heads, q_len, d, device=dev, dtype=torch.bfloat16)
        k = torch.randn(batch, heads, kv_len, d, device=dev, dtype=torch.bfloat16)
        v = torch.randn_like(k)
        try:
            with sdpa_kernel(backend):
                timing = clock.repeated(partial(
                    torch.nn.functional.scaled_dot_product_attention, q, k, v, is_causal=causal))
        except RuntimeError as exc:
            rows.append({**row, "error": f"unavailable: {str(exc).splitlines()[0]}"})
            continue
        rows.append({**row, **timing})
        del q, k, v
    return rows


def stream_section(torch, clock, nbytes: int, dev: str) -> list[dict]:
    """fp32 STREAM copy (a = b: 2 arrays moved) and triad (a = b + s·c: 3 arrays)."""
    n = nbytes // 4
    a, b, c = (torch.ones(n, device=dev) for _ in range(3))
    kernels = {"copy": (lambda: a.copy_(b), 2),
               "triad": (lambda: torch.add(b, c, alpha=3.0, out=a), 3)}
    rows = []
    for name, (fn, arrays) in kernels.items():
        timing = clock.repeated(fn, target_s=0.05)
        moved = arrays * nbytes
        rows.append({"kernel": name, "array_bytes": nbytes, "bytes_moved": moved, **timing,
                     "bytes_per_s": moved / timing["time_s"],
                     "bytes_per_s_spread": [moved / timing["spread_s"][1],
                                            moved / timing["spread_s"][0]]})
    return rows


def model_section(torch, clock, configs, dev, warmup, queries) -> list[dict]:
    try:
        from ironlaw.measure.energy import meter
    except ImportError:
        meter = None
    rows = []
    for model, phase, batch, seq, context, precision in configs:
        row = {"model": model, "phase": phase, "batch": batch, "seq": seq, "context": context,
               "precision": precision}
        try:
            rows.append(_one_model(torch, clock, meter, row, dev, warmup, queries))
        except (RuntimeError, ValueError) as exc:  # one model's failure must not lose the rest
            rows.append({**row, "error": str(exc).splitlines()[0]})
        if dev == "cuda":
            torch.cuda.empty_cache()
    return rows


def _one_model(torch, clock, meter, row, dev, warmup, queries) -> dict:
    from ironlaw.measure.targets import prepare

    with torch.inference_mode():
        work = prepare(row["model"], row["phase"], row["batch"], row["seq"], row["context"],
                       row["precision"], dev)
        for _ in range(warmup):
            work.call()
        clock.sync()
        times = []
        energy = None
        if meter is not None:
            with meter(poll_s=None) as m:
                for _ in range(queries):
                    times.append(clock.per_call(work.call, 1))
            energy = m.result.to_dict()
        else:
            times = [clock.per_call(work.call, 1) for _ in range(queries)]
        replay = _graph_replay(torch, clock, work.call) if dev == "cuda" else None
    times.sort()
    measured = statistics.median(times)
    row.update(phase=work.phase, latency_s=measured, spread_s=[times[0], times[-1]],
               latency_p90_s=times[math.ceil(0.9 * len(times)) - 1], queries=queries,
               flops=work.graph.flops, params=work.graph.params,
               achieved_flop_per_s=work.graph.flops / measured)
    if isinstance(replay, dict):
        row["graph_replay_s"] = replay["time_s"]
    elif replay is not None:
        row["graph_replay"] = replay
    if energy and energy.get("available"):
        row["energy_per_query_j"] = energy["total_energy_j"] / queries
    return row


def idle_section(settle_s: float, window_s: float) -> list[dict]:
    """Mean power of the idle device: its energy counter over ``window_s`` seconds, after
    ``settle_s`` seconds of rest (the catalog's idle power is checked against this)."""
    try:
        from ironlaw.measure.energy import meter
    except ImportError as exc:
        return [{"error": f"unavailable: {exc}"}]
    time.sleep(settle_s)
    with meter(poll_s=None) as m:
        time.sleep(window_s)
    energy = m.result.to_dict()
    if not energy.get("available"):
        return [{"error": "no energy counter on this machine"}]
    return [{"window_s": window_s, "settle_s": settle_s, "energy_j": energy["total_energy_j"],
             "power_w": energy["total_energy_j"] / window_s}]


def _graph_replay(torch, clock, call):
    """Timing of ``call`` captured once in a CUDA graph and replayed (no per-kernel CPU
    dispatch), or the reason it could not be captured."""
    try:
        graph = torch.cuda.CUDAGraph()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                call()
        torch.cuda.current_stream().wait_stream(side)
        with torch.cuda.graph(graph):
            call()
        return clock.repeated(graph.replay)
    except (RuntimeError, TypeError) as exc:
        torch.cuda.synchronize()
        return f"not captured: {str(exc).splitlines()[0]}"


def markdown(report: dict) -> str:
    def si(x, unit):
        if x is None:
            return "—"
        for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")):
            if abs(x) >= scale:
                return f"{x / scale:.3g} {prefix}{unit}"
        return f"{x:.3g} {unit}"

    def ms(x):
        return "—" if x is None else f"{x * 1e3:.3f} ms"

    def pct(x):
        return "—" if x is None else f"{x:+.0f} %"

    out = [f"# GPU validation: {report['gpu']} ({report['device']}), {report['date']}", "",
           f"torch {report['env']['torch']}, CUDA {report['env']['cuda']}, "
           f"driver-visible memory {si(report['env']['memory_bytes'], 'B')}. "
           "Measured: medians of repeats (CUDA events). Predicted: ironlaw eager-mode cost on "
           f"the catalog entry `{report['device']}`. Error = (predicted − measured) / measured.",
           "", "## GEMM (square m = n = k)", "",
           "| dtype | size | measured | spread | datasheet peak | of peak | predicted | error |",
           "|---|---|---|---|---|---|---|---|"]
    for r in report["gemm"]:
        if "error" in r:
            out.append(f"| {r['dtype']} | {r['m']} | {r['error']} | | | | | |")
            continue
        lo, hi = r["flop_per_s_spread"]
        frac = r.get("fraction_of_peak")
        out.append(f"| {r['dtype']} | {r['m']} | {si(r['flop_per_s'], 'FLOP/s')} | "
                   f"{si(lo, '')}–{si(hi, 'FLOP/s')} | {si(r.get('peak_flop_per_s'), 'FLOP/s')} "
                   f"| {'—' if frac is None else f'{frac:.0%}'} | "
                   f"{si(r.get('predicted_flop_per_s'), 'FLOP/s')} | {pct(r.get('error_pct'))} |")
    out += ["", "## HBM bandwidth", "",
            "| kernel | array | measured | spread | datasheet | of datasheet | predicted | error |",
            "|---|---|---|---|---|---|---|---|"]
    for r in report["bandwidth"]:
        lo, hi = r["bytes_per_s_spread"]
        frac = r["fraction_of_datasheet"]
        out.append(f"| {r['kernel']} | {si(r['array_bytes'], 'B')} | "
                   f"{si(r['bytes_per_s'], 'B/s')} | {si(lo, '')}–{si(hi, 'B/s')} | "
                   f"{si(r['datasheet_bytes_per_s'], 'B/s')} | "
                   f"{'—' if frac is None else f'{frac:.0%}'} | "
                   f"{si(r['predicted_bytes_per_s'], 'B/s')} | {pct(r['error_pct'])} |")
    out += ["", "## Skinny GEMMs, bf16 (C[m×n] = A[m×k]·B[k×n])", "",
            "| m | n | k | measured | FLOP/s | bytes/s | predicted | error |",
            "|---|---|---|---|---|---|---|---|"]
    for r in report["skinny"]:
        out.append(f"| {r['m']} | {r['n']} | {r['k']} | {ms(r['time_s'])} | "
                   f"{si(r['flop_per_s'], 'FLOP/s')} | {si(r['bytes_per_s'], 'B/s')} | "
                   f"{ms(r['predicted_s'])} | {pct(r['error_pct'])} |")
    out += ["", "## Attention, bf16, torch SDPA (32 heads × 128)", "",
            "| phase | batch | q | kv | backend | measured | FLOP/s | bytes/s | predicted "
            "| error |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["attention"]:
        if "error" in r:
            out.append(f"| {r.get('phase', '')} | {r.get('batch', '')} | {r.get('q_len', '')} | "
                       f"{r.get('kv_len', '')} | {r['error']} | | | | | |")
            continue
        out.append(f"| {r['phase']} | {r['batch']} | {r['q_len']} | {r['kv_len']} | "
                   f"{r['backend']} | {ms(r['time_s'])} | {si(r['flop_per_s'], 'FLOP/s')} | "
                   f"{si(r['bytes_per_s'], 'B/s')} | {ms(r['predicted_s'])} | "
                   f"{pct(r['error_pct'])} |")
    out += ["", "## Per-kernel launch time (one-element add)", "",
            "| mode | kernels | per kernel | ironlaw per-op overhead |", "|---|---|---|---|"]
    for r in report["launch"]:
        if "error" in r:
            out.append(f"| {r['mode']} | {r['error']} | | |")
            continue
        out.append(f"| {r['mode']} | {r['kernels']} | {r['per_kernel_s'] * 1e6:.2f} µs | "
                   f"{r['ironlaw_overhead_s'] * 1e6:.1f} µs |")
    out += ["", "## Eager dispatch per op kind (tiny inputs, called back to back)", "",
            "| kind | per call | ironlaw per-op overhead |", "|---|---|---|"]
    for r in report.get("dispatch", []):
        out.append(f"| {r['kind']} | {r['time_s'] * 1e6:.1f} µs | "
                   f"{r['ironlaw_overhead_s'] * 1e6:.1f} µs |")
    out += ["", "## Convolutions, bf16, cuDNN autotuned", "",
            "| c_in | size | c_out | kernel | stride | groups | batch | layout | measured | "
            "FLOP/s | predicted | error |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report.get("conv", []):
        out.append(f"| {r['c_in']} | {r['size']} | {r['c_out']} | {r['kernel']} | "
                   f"{r['stride']} | {r['groups']} | {r['batch']} | {r['layout']} | "
                   f"{ms(r['time_s'])} | {si(r['flop_per_s'], 'FLOP/s')} | "
                   f"{ms(r['predicted_s'])} | {pct(r['error_pct'])} |")
    out += ["", "## Models (eager PyTorch, one query at a time)", "",
            "| model | phase | batch | seq/context | precision | measured p50 | min–max | "
            "predicted (eager) | error | CUDA-graph replay | predicted (fused) | error | "
            "achieved FLOP/s | energy/query |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["models"]:
        length = r["seq"] or r["context"] or "—"
        if "error" in r:
            out.append(f"| {r['model']} | {r['phase']} | {r['batch']} | {length} | "
                       f"{r['precision']} | {r['error']} |" + " |" * 8)
            continue
        out.append(f"| {r['model']} | {r['phase']} | {r['batch']} | {length} | "
                   f"{r['precision']} | {ms(r['latency_s'])} | {ms(r['spread_s'][0])}–"
                   f"{ms(r['spread_s'][1])} | {ms(r['predicted_eager_s'])} | "
                   f"{pct(r['error_pct'])} | {ms(r.get('graph_replay_s'))} | "
                   f"{ms(r['predicted_fused_s'])} | {pct(r.get('graph_replay_error_pct'))} | "
                   f"{si(r['achieved_flop_per_s'], 'FLOP/s')} | "
                   f"{si(r.get('energy_per_query_j'), 'J')} |")
    for r in report["idle"]:
        out += ["", "## Idle power", "", r.get("error") or
                f"{r['power_w']:.1f} W over {r['window_s']:.0f} s after {r['settle_s']:.0f} s "
                "of rest (device energy counter)."]
    out += ["", *[f"- {note}" for note in report["notes"]], ""]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "gpu",
                        help="folder for the JSON and Markdown results")
    parser.add_argument("--as", dest="device_id", default=None,
                        help="catalog device ID to compare with (default: from the GPU's name)")
    parser.add_argument("--from", dest="recorded", type=Path, default=None,
                        help="predict a recorded results JSON again with the current catalog "
                             "and model (no GPU needed); writes it and its .md under --out")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated subset of {', '.join(SECTIONS)}")
    parser.add_argument("--cpu-smoke", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.sections.split(",")]
    if unknown := sorted(set(chosen) - set(SECTIONS)):
        parser.error(f"--sections: unknown {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.recorded is not None:
        report = predict_report(json.loads(args.recorded.read_text()))
        return write(report, args.out / args.recorded.stem)
    try:
        import torch
    except ImportError:
        print("no CUDA device: nothing to measure (torch is not installed)")
        return 0
    smoke = args.cpu_smoke
    if not smoke and not torch.cuda.is_available():
        print("no CUDA device: nothing to measure")
        return 0
    started = time.perf_counter()
    dev = "cpu" if smoke else "cuda"
    gpu = "CPU smoke run" if smoke else torch.cuda.get_device_name(0)
    device_id = catalog_id(gpu, args.device_id or ("h200" if smoke else None))
    clock = Clock(torch, dev)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False  # fp32 means fp32, in convolutions too
    env = {"torch": torch.__version__, "cuda": torch.version.cuda, "smoke": smoke,
           "memory_bytes": None if smoke else torch.cuda.get_device_properties(0).total_memory,
           "capability": None if smoke else list(torch.cuda.get_device_capability(0)),
           "nvidia_smi": None if smoke else _nvidia_smi()}
    notes = ["fp32 runs with TF32 off in cuBLAS and cuDNN; tf32 is its own GEMM row.",
             "Models: random weights, fixed inputs, eager PyTorch; latency from CUDA events "
             f"around one query after {MODEL_WARMUP} warm-up queries.",
             "Model timings are validation only: no constant is fitted to them (design.md §5)."]
    print(f"{gpu} -> catalog device {device_id}", flush=True)
    if not smoke:  # bring the clocks up before anything is timed
        warm = _gemm(torch, 8192, torch.bfloat16, dev)
        end = time.perf_counter() + 0.5
        while time.perf_counter() < end:
            warm()
            torch.cuda.synchronize()
        del warm
    report = {"gpu": gpu, "device": device_id, "date": date.today().isoformat(), "env": env,
              **{name: [] for name in SECTIONS}, "notes": notes}
    pick = (lambda small, full: small) if smoke else (lambda small, full: full)
    sections = {
        "gemm": lambda: gemm_section(torch, clock, pick(SMOKE["gemm"], GEMM_SIZES), dev),
        "skinny": lambda: skinny_section(torch, clock, pick(SMOKE["skinny"], SKINNY), dev),
        "attention": lambda: attention_section(torch, clock,
                                               pick(SMOKE["attention"], ATTENTION), dev),
        "launch": lambda: launch_section(torch, clock, pick(SMOKE["launches"], LAUNCHES), dev),
        "dispatch": lambda: dispatch_section(torch, clock, dev),
        "conv": lambda: conv_section(torch, clock, pick(SMOKE["convs"], CONVS),
                                     pick(SMOKE["conv_batch"], CONV_BATCH), dev),
        "bandwidth": lambda: stream_section(torch, clock,
                                            pick(SMOKE["stream_bytes"], STREAM_BYTES), dev),
        "idle": lambda: idle_section(*pick(SMOKE["idle"], IDLE_S)),
        "models": lambda: model_section(torch, clock, pick(SMOKE["models"], MODELS), dev,
                                        pick(SMOKE["warmup"], MODEL_WARMUP),
                                        pick(SMOKE["queries"], MODEL_QUERIES)),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"gpu-{report['date']}-{'smoke' if smoke else device_id}"
    for name in (name for name in SECTIONS if name in chosen):
        if time.perf_counter() - started > DEADLINE_S:
            notes.append(f"{name}: skipped, past the {DEADLINE_S:.0f} s budget")
            continue
        t0 = time.perf_counter()
        try:
            report[name] = sections[name]()
        except Exception as exc:  # noqa: BLE001 -- record it, keep the other sections' figures
            notes.append(f"{name}: failed: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        print(f"{name}: {len(report[name])} rows in {time.perf_counter() - t0:.1f} s", flush=True)
        report["elapsed_s"] = time.perf_counter() - started
        stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")  # so far
    return write(predict_report(report), stem)


def write(report: dict, stem: Path) -> int:
    """Print the Markdown tables; write ``stem``.json and ``stem``.md."""
    text = markdown(report)
    print(text)
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    stem.with_suffix(".md").write_text(text)
    print(f"wrote {stem}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
