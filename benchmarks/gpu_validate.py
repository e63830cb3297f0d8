"""Measure a CUDA GPU and set ironlaw's predictions for the same device beside the measurements.

    python benchmarks/gpu_validate.py [--out DIR] [--as DEVICE_ID]

What it measures (CUDA events around back-to-back launches, after warm-up; medians of repeats,
with min and max):

  GEMM       C = A·B, square m = n = k, per dtype: fp32 (TF32 off), tf32, bf16, fp16, and fp8
             (torch._scaled_mm, e4m3, where the GPU has it); rate = 2·m·n·k / t [FLOP/s]
  HBM        a device-to-device copy (reads and writes N bytes: 2N / t) and a STREAM triad
             a = b + s·c (3N / t), on arrays of 1 GiB, far beyond the L2
  models     ResNet-50, BERT-base and GPT-2 (prefill and one decode step) at fp32 (TF32 off in
             cuBLAS and cuDNN) and bf16, one query at a time in eager PyTorch

Then ironlaw's prediction for the catalog device that torch.cuda.get_device_name names
(NAME_TO_ID): GEMMs and copies as one-op graphs, models as their graphs (the same architectures:
ironlaw.measure.targets.graph_for), costed by frameworks.cost.analyze in eager mode (what eager
PyTorch does: one launch per op). Error = (predicted − measured) / measured. These are
validation data: nothing here feeds calibration (design.md §5).

Writes benchmarks/results/gpu-<date>-<device>.json and .md (or under --out). Without CUDA it
prints "no CUDA device: nothing to measure" and exits 0. Budget: under ~3 minutes on an H200;
a section that would start after DEADLINE_S is skipped and says so.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEADLINE_S = 150.0

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
STREAM_BYTES = 2**30  # per array
# (model, phase, batch, seq, context, precision)
MODELS = [("resnet50", None, 1, None, None, "fp32"), ("resnet50", None, 1, None, None, "bf16"),
          ("resnet50", None, 32, None, None, "fp32"), ("resnet50", None, 32, None, None, "bf16"),
          ("bert-base", None, 1, 128, None, "fp32"), ("bert-base", None, 1, 128, None, "bf16"),
          ("bert-base", None, 8, 384, None, "bf16"),
          ("gpt2", "prefill", 1, 128, None, "fp32"), ("gpt2", "prefill", 1, 128, None, "bf16"),
          ("gpt2", "decode", 1, None, 128, "fp32"), ("gpt2", "decode", 1, None, 128, "bf16"),
          ("gpt2", "decode", 16, None, 1024, "bf16")]
MODEL_WARMUP, MODEL_QUERIES = 10, 50
# A CPU run of the same code with tiny sizes, to test the script where there is no GPU.
SMOKE = {"gemm": {"fp32": (64, 128), "bf16": (64,)}, "stream_bytes": 2**20,
         "models": [("mlp", None, 1, None, None, "fp32"), ("ds-cnn", None, 2, None, None, "bf16"),
                    ("bert-base", None, 1, 16, None, "fp32"),
                    ("gpt2", "prefill", 1, 16, None, "fp32"),
                    ("gpt2", "decode", 1, None, 16, "fp32")],
         "warmup": 2, "queries": 5}


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


def catalog_id(name: str, override: str | None) -> str:
    if override:
        return override
    if name not in NAME_TO_ID:
        known = ", ".join(f"{k!r}" for k in NAME_TO_ID)
        raise SystemExit(f"error: GPU {name!r} is not mapped to a catalog device (known: "
                         f"{known}); pass --as DEVICE_ID to choose one")
    return NAME_TO_ID[name]


def predictor(device_id: str):
    """(device, a function graph -> {mode: predicted latency [s]})."""
    from ironlaw.frameworks.cost import analyze
    from ironlaw.hardware.catalog import builtin

    catalog = builtin()
    device = catalog.device(device_id)
    efficiency = catalog.efficiency_of(device)

    def predict(graph) -> dict:
        return {mode: analyze(graph, device, efficiency, mode).latency_s
                for mode in ("eager", "fused")}

    return device, predict


def one_op(op, dtype: str):
    from ironlaw.frameworks.graph import Graph

    return Graph(op.name, (op,), dtype, {"batch": 1})


def error_pct(predicted: float | None, measured: float | None) -> float | None:
    if predicted is None or not measured:
        return None
    return (predicted - measured) / measured * 100.0


def gemm_section(torch, clock, device, predict, sizes: dict, dev: str) -> list[dict]:
    from ironlaw.frameworks import ops

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
            measured = row["flops"] / timing["time_s"]
            row.update(timing, flop_per_s=measured,
                       flop_per_s_spread=[row["flops"] / timing["spread_s"][1],
                                          row["flops"] / timing["spread_s"][0]])
            try:
                peak = device.peak_rate(name)
                predicted_s = predict(one_op(ops.matmul("gemm", 1, n, n, n, name), name))["eager"]
                row.update(peak_flop_per_s=peak, fraction_of_peak=measured / peak,
                           predicted_flop_per_s=row["flops"] / predicted_s,
                           error_pct=error_pct(row["flops"] / predicted_s, measured))
            except (KeyError, ValueError) as exc:
                row["prediction"] = f"none: {str(exc).strip(chr(39))}"
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


def stream_section(torch, clock, device, predict, nbytes: int, dev: str) -> list[dict]:
    from ironlaw.frameworks import ops

    n = nbytes // 4
    a, b, c = (torch.ones(n, device=dev) for _ in range(3))
    kernels = {"copy": (lambda: a.copy_(b), 2, ops.elementwise("copy", n, "fp32", 0.0, 1)),
               "triad": (lambda: torch.add(b, c, alpha=3.0, out=a), 3,
                         ops.elementwise("triad", n, "fp32", 2.0, 2))}
    hbm = device.main_memory.bandwidth.value if device.main_memory.bandwidth else None
    rows = []
    for name, (fn, arrays, op) in kernels.items():
        timing = clock.repeated(fn, target_s=0.05)
        moved = arrays * nbytes
        measured = moved / timing["time_s"]
        predicted = moved / predict(one_op(op, "fp32"))["eager"]
        rows.append({"kernel": name, "array_bytes": nbytes, "bytes_moved": moved, **timing,
                     "bytes_per_s": measured,
                     "bytes_per_s_spread": [moved / timing["spread_s"][1],
                                            moved / timing["spread_s"][0]],
                     "datasheet_bytes_per_s": hbm,
                     "fraction_of_datasheet": measured / hbm if hbm else None,
                     "predicted_bytes_per_s": predicted,
                     "error_pct": error_pct(predicted, measured)})
    return rows


def model_section(torch, clock, predict, configs, dev, warmup, queries) -> list[dict]:
    from ironlaw.measure.targets import prepare

    try:
        from ironlaw.measure.energy import meter
    except ImportError:
        meter = None
    rows = []
    for model, phase, batch, seq, context, precision in configs:
        row = {"model": model, "phase": phase, "batch": batch, "seq": seq, "context": context,
               "precision": precision}
        with torch.inference_mode():
            work = prepare(model, phase, batch, seq, context, precision, dev)
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
        times.sort()
        measured = statistics.median(times)
        predicted = predict(work.graph)
        row.update(phase=work.phase, latency_s=measured, spread_s=[times[0], times[-1]],
                   latency_p90_s=times[math.ceil(0.9 * len(times)) - 1], queries=queries,
                   flops=work.graph.flops, params=work.graph.params,
                   predicted_eager_s=predicted["eager"], predicted_fused_s=predicted["fused"],
                   error_pct=error_pct(predicted["eager"], measured),
                   achieved_flop_per_s=work.graph.flops / measured)
        if energy and energy.get("available"):
            row["energy_per_query_j"] = energy["total_energy_j"] / queries
        rows.append(row)
        del work
        if dev == "cuda":
            torch.cuda.empty_cache()
    return rows


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
    out += ["", "## Models (eager PyTorch, one query at a time)", "",
            "| model | phase | batch | seq/context | precision | measured p50 | min–max | "
            "predicted (eager) | error | predicted (fused) | achieved FLOP/s |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["models"]:
        length = r["seq"] or r["context"] or "—"
        out.append(f"| {r['model']} | {r['phase']} | {r['batch']} | {length} | "
                   f"{r['precision']} | {ms(r['latency_s'])} | {ms(r['spread_s'][0])}–"
                   f"{ms(r['spread_s'][1])} | {ms(r['predicted_eager_s'])} | "
                   f"{pct(r['error_pct'])} | {ms(r['predicted_fused_s'])} | "
                   f"{si(r['achieved_flop_per_s'], 'FLOP/s')} |")
    out += ["", *[f"- {note}" for note in report["notes"]], ""]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "results",
                        help="folder for the JSON and Markdown results")
    parser.add_argument("--as", dest="device_id", default=None,
                        help="catalog device ID to compare with (default: from the GPU's name)")
    parser.add_argument("--cpu-smoke", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
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
    device, predict = predictor(device_id)
    clock = Clock(torch, dev)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False  # fp32 means fp32, in convolutions too
    env = {"torch": torch.__version__, "cuda": torch.version.cuda, "smoke": smoke,
           "memory_bytes": None if smoke else torch.cuda.get_device_properties(0).total_memory,
           "capability": None if smoke else list(torch.cuda.get_device_capability(0))}
    notes = ["fp32 runs with TF32 off in cuBLAS and cuDNN; tf32 is its own GEMM row.",
             "Models: random weights, fixed inputs, eager PyTorch; latency from CUDA events "
             f"around one query after {MODEL_WARMUP} warm-up queries.",
             "Predictions are ironlaw's, uncalibrated by these numbers (validation only)."]
    print(f"{gpu} -> catalog device {device_id} ({device.name})", flush=True)
    if not smoke:  # bring the clocks up before anything is timed
        warm = _gemm(torch, 8192, torch.bfloat16, dev)
        end = time.perf_counter() + 0.5
        while time.perf_counter() < end:
            warm()
            torch.cuda.synchronize()
        del warm
    report = {"gpu": gpu, "device": device_id, "date": date.today().isoformat(), "env": env,
              "gemm": [], "bandwidth": [], "models": [], "notes": notes}
    sections = [
        ("gemm", lambda: gemm_section(torch, clock, device, predict,
                                      SMOKE["gemm"] if smoke else GEMM_SIZES, dev)),
        ("bandwidth", lambda: stream_section(torch, clock, device, predict,
                                             SMOKE["stream_bytes"] if smoke else STREAM_BYTES,
                                             dev)),
        ("models", lambda: model_section(torch, clock, predict,
                                         SMOKE["models"] if smoke else MODELS, dev,
                                         SMOKE["warmup"] if smoke else MODEL_WARMUP,
                                         SMOKE["queries"] if smoke else MODEL_QUERIES)),
    ]
    for name, run in sections:
        if time.perf_counter() - started > DEADLINE_S:
            notes.append(f"{name}: skipped, past the {DEADLINE_S:.0f} s budget")
            continue
        t0 = time.perf_counter()
        report[name] = run()
        print(f"{name}: {len(report[name])} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    report["elapsed_s"] = time.perf_counter() - started
    text = markdown(report)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"gpu-{report['date']}-{'smoke' if smoke else device_id}"
    (args.out / f"{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / f"{stem}.md").write_text(text)
    print(f"wrote {args.out / stem}.json and .md ({report['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
