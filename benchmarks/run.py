"""Foundation benchmarks: start-up cost and the speed of the laws.

    python benchmarks/run.py            (or `make bench`)

Reports, with the goals from the foundation issue:
  import ironlaw             ≤ 150 ms   (python -c "import ironlaw" minus python -c "pass")
  ironlaw --help             ≤ 300 ms   (wall time of the installed command)
  one scalar law call        ≤ 5 µs     (iron_law on Python floats)
  Iron Law, 10^6 points      ≤ 50 ms    (broadcast over numpy arrays)
  build ResNet-50 / Llama-3-70B graphs   ≤ 20 ms each
  analyze ResNet-50 on one device        ≤ 1 ms   (graph built beforehand)
  one serve / one train evaluation       ≤ 2 ms each (after the first call)
Medians of repeated runs; results also written to benchmarks/results/latest.json.
Timing lives here, never in the test suite.
"""

from __future__ import annotations

import json
import platform
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def wall(cmd: list[str], repeat: int = 15) -> float:
    """Median wall time of a command [s] (after one warm-up run)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_call(stmt: str, setup: str, number: int, repeat: int = 7) -> float:
    """Best-of-``repeat`` time per call [s]. Benchmarks that must not hit a cache use
    repeat=1 (each repeat reruns the setup, which would replay the same inputs)."""
    return min(timeit.repeat(stmt, setup, number=number, repeat=repeat)) / number


def main() -> None:
    python = sys.executable
    cli = shutil.which("ironlaw") or str(Path(python).with_name("ironlaw"))
    baseline = wall([python, "-c", "pass"])
    results = {
        "import_ironlaw_s": wall([python, "-c", "import ironlaw"]) - baseline,
        "import_ironlaw_laws_s": wall([python, "-c", "import ironlaw.laws.iron, "
                                       "ironlaw.laws.roofline"]) - baseline,
        "cli_help_s": wall([cli, "--help"]),
        "cli_calc_roofline_s": wall([cli, "calc", "roofline", "--peak", "989.4 TFLOP/s",
                                     "--bandwidth", "3.35 TB/s", "--intensity", "100"], 5),
        "cli_hw_list_s": wall([cli, "hw", "list"], 5),
        "iron_law_scalar_call_s": per_call(
            "iron_law(16e9, 3.35e12, 16e12, 989.4e12, 0.6, 2e-5)",
            "from ironlaw.laws.iron import iron_law", 100_000),
        "roofline_scalar_call_s": per_call(
            "roofline(100.0, 989.4e12, 3.35e12)",
            "from ironlaw.laws.roofline import roofline", 100_000),
        "iron_law_1e6_points_s": per_call(
            "iron_law(d, bw, o, r, 0.6, 2e-5)",
            "import numpy as np\nfrom ironlaw.laws.iron import iron_law\n"
            "rng = np.random.default_rng(0)\n"
            "d = rng.uniform(1e6, 1e11, 1000)[:, None]\n"
            "bw = rng.uniform(1e11, 8e12, 1000)[None, :]\n"
            "o = rng.uniform(1e9, 1e15, (1000, 1000))\nr = 989.4e12", 5),
        "build_resnet50_graph_s": per_call(
            "build_model('resnet50', batch=1, dtype='bf16')",
            "from ironlaw.models.zoo import build_model", 20),
        "build_llama3_70b_graph_s": per_call(
            "build_model('llama-3-70b', phase='prefill', seq=2048, dtype='bf16')",
            "from ironlaw.models.zoo import build_model", 20),
        "analyze_resnet50_on_h100_s": per_call(
            "analyze(g, d, e, 'fused')",
            "from ironlaw.models.zoo import build_model\n"
            "from ironlaw.frameworks.cost import analyze\n"
            "from ironlaw.hardware.catalog import builtin\n"
            "c = builtin(); d = c.device('h100'); e = c.efficiency_of(d)\n"
            "g = build_model('resnet50', batch=1, dtype='bf16'); analyze(g, d, e)", 200),
        "analyze_llama3_70b_on_h100_s": per_call(
            "analyze(g, d, e, 'fused')",
            "from ironlaw.models.zoo import build_model\n"
            "from ironlaw.frameworks.cost import analyze\n"
            "from ironlaw.hardware.catalog import builtin\n"
            "c = builtin(); d = c.device('h100'); e = c.efficiency_of(d)\n"
            "g = build_model('llama-3-70b', phase='decode', seq=1, context=4096)\n"
            "analyze(g, d, e)", 200),
        # a fresh arrival rate / token budget each call, so no result cache answers for it
        "serve_llm_llama3_8b_s": per_call(
            "serve_llm('llama-3-8b', 'h100', prompt=512, output=256, batch=32, "
            "arrival_rate=1.0 + next(n) % 1000 / 100, slo_ttft=0.5, slo_tpot=0.05)",
            "import itertools\nfrom ironlaw.serving import serve_llm\nn = itertools.count()\n"
            "serve_llm('llama-3-8b', 'h100', prompt=512, output=256, batch=32, "
            "arrival_rate=4.0, slo_ttft=0.5, slo_tpot=0.05)", 200, repeat=1),
        "serve_llm_new_prompt_length_s": per_call(  # new graphs: prefill and decode rebuilt
            "serve_llm('llama-3-8b', 'h100', prompt=100 + next(n), output=256, batch=32)",
            "import itertools\nfrom ironlaw.serving import serve_llm\nn = itertools.count()\n"
            "serve_llm('llama-3-8b', 'h100', prompt=99, output=256, batch=32)", 50, repeat=1),
        "plan_training_llama2_7b_s": per_call(
            "plan_training('llama-2-7b', 'dgx-h100', zero=3, micro_batch=2, seq=4096, "
            "tokens=1e12 + next(n) * 1e9)",
            "import itertools\nfrom ironlaw.training import plan_training\n"
            "n = itertools.count()\n"
            "plan_training('llama-2-7b', 'dgx-h100', zero=3, micro_batch=2, seq=4096, "
            "tokens=2e12)", 200, repeat=1),
        "plan_training_new_seq_s": per_call(  # a new graph each call
            "plan_training('llama-2-7b', 'dgx-h100', zero=3, micro_batch=2, seq=1024 + next(n))",
            "import itertools\nfrom ironlaw.training import plan_training\n"
            "n = itertools.count()\n"
            "plan_training('llama-2-7b', 'dgx-h100', zero=3, micro_batch=2, seq=999)",
            30, repeat=1),
    }
    goals = {"import_ironlaw_s": 0.150, "cli_help_s": 0.300,
             "iron_law_scalar_call_s": 5e-6, "iron_law_1e6_points_s": 0.050,
             "build_resnet50_graph_s": 0.020, "build_llama3_70b_graph_s": 0.020,
             "analyze_resnet50_on_h100_s": 0.001, "serve_llm_llama3_8b_s": 0.002,
             "plan_training_llama2_7b_s": 0.002}
    environment = {"python": platform.python_version(), "numpy": np.__version__,
                   "machine": platform.machine(), "processor": platform.processor(),
                   "cpus": __import__("os").cpu_count(),
                   "date": time.strftime("%Y-%m-%d")}
    print(f"{'benchmark':<28}{'measured':>14}{'goal':>12}")
    for key, value in results.items():
        goal = goals.get(key)
        shown = f"{value * 1e6:.2f} µs" if value < 1e-3 else f"{value * 1e3:.1f} ms"
        goal_shown = "" if goal is None else (f"≤ {goal * 1e6:.0f} µs" if goal < 1e-3
                                              else f"≤ {goal * 1e3:.0f} ms")
        flag = "" if goal is None else ("  ok" if value <= goal else "  MISSED")
        print(f"{key:<28}{shown:>14}{goal_shown:>12}{flag}")
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"environment": environment, "results": results,
                               "goals": goals}, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
