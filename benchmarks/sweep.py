"""Sweep benchmarks: configurations per second on this machine (ironlaw.explore).

    python benchmarks/sweep.py            (--quick for smaller grids, --json FILE to save)

Reports, with the goals from the design-space issue:
  closed-form whole-model inference      ≥ 10^7 configurations/s
  graph-level ResNet-50 / Llama inference ≥ 10^5 configurations/s
  serving capacity (TTFT/TPOT + M/M/c)    ≥ 10^6 configurations/s (rates to 64/s, and a
                                          heavy-load grid with rates to 512/s)
and, side by side on the same grid, ``mlsysim``'s ``Engine.sweep`` (run in its own virtual
environment, /tmp/mlsysim-venv or $MLSYSIM_PYTHON, through a subprocess; it is never imported
here) as a speed ratio. Times are end to end: checking the spec, evaluating every chunk and
assembling the xarray Dataset. The graph method costs each distinct (model, phase, precision,
device, mode, sizes) point once and scales it over count and region; the rate is also given per
distinct graph point. Timing lives here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DEVICES = ["h100", "h200", "b200", "a100-80gb", "a100-40gb", "l4", "l40s", "mi300x",
           "tpu-v5p", "gaudi3"]
MLSYSIM_PYTHON = os.environ.get("MLSYSIM_PYTHON", "/tmp/mlsysim-venv/bin/python")
# the same hardware on both sides: mlsysim Hardware.Cloud names -> ironlaw catalog IDs
PAIRS = {"H100": "h100-sxm", "H100_PCIe": "h100-pcie", "H200": "h200", "B200": "b200",
         "A100": "a100-80gb", "A100_40GB": "a100-40gb", "MI300X": "mi300x", "T4": "t4"}
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
PRECISIONS = ["fp16", "int8", "fp32"]

MLSYSIM_SCRIPT = """
import json, sys, time, warnings
warnings.filterwarnings("ignore")
from mlsysim import Engine, Hardware, Models
hardware = [getattr(Hardware.Cloud, name) for name in {hw}]
models = [Models.Vision.ResNet50, Models.Language.Llama3_8B]
best = float("inf")
for _ in range({repeat}):
    start = time.perf_counter()
    for model in models:
        Engine.sweep(model, hardware, batch_sizes={batches}, precisions={precisions})
    best = min(best, time.perf_counter() - start)
print(json.dumps({{"seconds": best}}))
"""


def timed(run, repeat: int = 3) -> tuple[float, object]:
    """Best wall time of ``run()`` [s] and its last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    return best, out


def closed_form(quick: bool, workers: int | None) -> dict:
    from ironlaw.explore import sweep

    kw = dict(model=["llama-3-8b", "llama-3-70b", "mistral-7b", "qwen2-7b", "gpt2-xl"],
              device=DEVICES, phase=["prefill", "decode"], precision=["bf16", "fp8", "int8",
                                                                        "fp16"],
              mode=["fused", "eager"], batch="1..1024x2", seq="128..8192x2",
              context="512..32768x2", count=[1, 2, 4, 8], region=["us", "fr", "de"],
              method="closed-form")
    if quick:
        kw.update(region="us", seq="128..8192x4", context="512..32768x4")
    sweep(**{**kw, "batch": 1, "seq": 128, "context": 512})  # warm the coefficient caches
    seconds, ds = timed(lambda: sweep(workers=workers, **kw), repeat=1 if workers else 2)
    n = int(ds.attrs["configurations"])
    out = {"configurations": n, "seconds": seconds, "per_s": n / seconds}
    if not workers:  # the evaluation alone, without checking the spec and building the Dataset
        from ironlaw.explore import make_space
        from ironlaw.explore.run import evaluate_chunk

        space = make_space(**kw)
        evaluating, _ = timed(lambda: [evaluate_chunk(space, k) for k in range(space.chunks)],
                              repeat=2)
        out.update(evaluate_seconds=evaluating, evaluate_per_s=n / evaluating)
    return out


def graph(model: str, quick: bool, workers: int | None) -> dict:
    from ironlaw.explore import sweep

    if model == "resnet50":
        kw = dict(model="resnet50", device=DEVICES, precision=["bf16", "int8"],
                  mode=["fused", "eager"], batch="1..512" if quick else "1..2048",
                  count=[1, 2, 4, 8])
        distinct = len(DEVICES) * 2 * 2 * (512 if quick else 2048)
    else:
        kw = dict(model="llama-3-8b", phase="decode", device=DEVICES,
                  precision=["bf16", "fp8"], mode=["fused", "eager"], batch="1..256x2",
                  context="256..32768:256" if not quick else "256..32768:1024",
                  count=[1, 2, 4, 8])
        distinct = len(DEVICES) * 2 * 2 * 9 * (128 if not quick else 32)
    sweep(**{**kw, "batch": 1, "count": 1})  # warm imports and graph builders
    seconds, ds = timed(lambda: sweep(workers=workers, **kw), repeat=1)
    n = int(ds.attrs["configurations"])
    return {"configurations": n, "seconds": seconds, "per_s": n / seconds,
            "distinct_graph_points": distinct, "graph_points_per_s": distinct / seconds}


def serving(quick: bool, workers: int | None, heavy: bool = False) -> dict:
    """LLM serving capacity; ``heavy``: arrival rates up to 512/s, where thousands of servers
    make the O(c) Erlang C recursion of laws.queueing the cost."""
    from ironlaw.explore import sweep

    kw = dict(model=["llama-3-8b", "mistral-7b"], device=["h100", "h200", "a100-80gb", "l40s",
                                                           "l4"],
              precision=["bf16", "fp8"], method="serving", batch="1..256x2",
              prompt="128..4096x2", output="64..1024x2",
              rate="0.5..512x2" if heavy else "0.25..64x2", slo_ttft="0.05..6.4x2")
    if quick:
        kw.update(prompt="128..4096x4")
    sweep(**{**kw, "batch": 1, "prompt": 128, "output": 64, "rate": 1, "slo_ttft": 1})
    seconds, ds = timed(lambda: sweep(workers=workers, **kw), repeat=1)
    n = int(ds.attrs["configurations"])
    return {"configurations": n, "seconds": seconds, "per_s": n / seconds}


def mlsysim_side_by_side() -> dict:
    """The same grid (2 models × 8 devices × 11 batches × 3 precisions) both ways."""
    from ironlaw.explore import sweep

    n = 2 * len(PAIRS) * len(BATCHES) * len(PRECISIONS)
    out: dict = {"configurations": n}
    kw = dict(model=["resnet50", "llama-3-8b"], device=list(PAIRS.values()), batch=BATCHES,
              precision=PRECISIONS)
    sweep(**kw)  # warm
    for method in ("closed-form", "graph"):
        seconds, _ = timed(lambda method=method: sweep(method=method, **kw), repeat=5)
        out[f"ironlaw_{method}_s"] = seconds
    if not Path(MLSYSIM_PYTHON).exists():
        out["mlsysim"] = "mlsysim not installed"
        return out
    script = MLSYSIM_SCRIPT.format(hw=list(PAIRS), repeat=3, batches=BATCHES,
                                   precisions=PRECISIONS)
    done = subprocess.run([MLSYSIM_PYTHON, "-c", script], capture_output=True, text=True,
                          timeout=900)
    if done.returncode != 0:
        out["mlsysim"] = f"mlsysim failed: {done.stderr.strip().splitlines()[-1:]}"
        return out
    out["mlsysim_s"] = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    out["mlsysim_per_s"] = n / out["mlsysim_s"]
    for method in ("closed-form", "graph"):
        out[f"ratio_{method}"] = out["mlsysim_s"] / out[f"ironlaw_{method}_s"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids")
    parser.add_argument("--workers", type=int, default=None,
                        help="also run on a local Dask cluster of N workers")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    results = {"closed_form": closed_form(args.quick, None),
               "graph_resnet50": graph("resnet50", args.quick, None),
               "graph_llama3_8b_decode": graph("llama-3-8b", args.quick, None),
               "serving": serving(args.quick, None),
               "serving_heavy_load": serving(args.quick, None, heavy=True)}
    if args.workers:
        results[f"closed_form_{args.workers}_workers"] = closed_form(args.quick, args.workers)
        results[f"serving_{args.workers}_workers"] = serving(args.quick, args.workers)
    results["mlsysim"] = mlsysim_side_by_side()
    goals = {"closed_form": 1e7, "graph_resnet50": 1e5, "graph_llama3_8b_decode": 1e5,
             "serving": 1e6, "serving_heavy_load": 1e6}
    print(f"{'benchmark':34} {'configurations':>15} {'seconds':>9} {'per second':>12}  goal")
    for name, r in results.items():
        if "per_s" not in r:
            continue
        goal = goals.get(name.split("_2_")[0].split("_4_")[0])
        print(f"{name:34} {r['configurations']:>15,} {r['seconds']:>9.3f} {r['per_s']:>12.3g}"
              f"  {f'≥ {goal:.0e}' if goal else ''}"
              + (f"   ({r['graph_points_per_s']:.3g} distinct graph points/s)"
                 if "graph_points_per_s" in r else "")
              + (f"   (evaluation alone {r['evaluate_per_s']:.3g}/s)"
                 if "evaluate_per_s" in r else ""))
    m = results["mlsysim"]
    print(f"\nsame grid, {m['configurations']} configurations (2 models × {len(PAIRS)} devices "
          f"× {len(BATCHES)} batches × {len(PRECISIONS)} precisions):")
    print(f"  ironlaw closed-form {m['ironlaw_closed-form_s'] * 1e3:.1f} ms, "
          f"graph {m['ironlaw_graph_s'] * 1e3:.1f} ms")
    if "mlsysim_s" in m:
        print(f"  mlsysim Engine.sweep {m['mlsysim_s'] * 1e3:.0f} ms "
              f"({m['mlsysim_per_s']:.3g} configurations/s): ironlaw is "
              f"{m['ratio_closed-form']:.3g}× (closed form) and {m['ratio_graph']:.3g}× "
              "(graph) faster")
    else:
        print(f"  {m['mlsysim']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
