"""Foundation benchmarks: start-up cost and the speed of the laws.

    python benchmarks/run.py                  (or `make bench`)
    python benchmarks/run.py --first-answer   (only the first answers of three commands)

Reports, with the goals from the foundation issue:
  import ironlaw             ≤ 150 ms   (python -c "import ironlaw" minus python -c "pass")
  ironlaw --help             ≤ 300 ms   (wall time of the installed command)
  first answer of a command  ≤ 150 ms   (analyze resnet50 --on h100, hw show h100, calc
                                        roofline: a fresh process, the parsed catalog cached;
                                        also once with an empty cache folder, for reference)
  one scalar law call        ≤ 5 µs     (iron_law on Python floats)
  Iron Law, 10^6 points      ≤ 50 ms    (broadcast over numpy arrays)
  build ResNet-50 / Llama-3-70B graphs   ≤ 20 ms each
  analyze ResNet-50 on one device        ≤ 1 ms   (graph built beforehand; and a new batch size
                                                  each call, graph built and analyzed)
  scalar whole-model closed-form solve   ≤ 20 µs  (explore.closed_form.solve on floats)
  one serve / one train evaluation       ≤ 2 ms each (after the first call)
Medians of repeated runs; results also written to benchmarks/results/latest.json.
Timing lives here, never in the test suite.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


# Python's bytecode is written as an installed package's is, so no run pays for compiling ironlaw.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], repeat: int = 15, cold_cache: bool = False) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of a command [s], each run a fresh
    process (after one warm-up run); CPU time is the steadier figure on a loaded machine. With
    ``cold_cache`` every run gets an empty cache folder (so the catalog is parsed)."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    subprocess.run(cmd, check=True, capture_output=True, env=ENVIRONMENT)
    walls, cpus = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as empty:
            env = dict(ENVIRONMENT, IRONLAW_CACHE_DIR=empty) if cold_cache else ENVIRONMENT
            start, used = time.perf_counter(), cpu()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            walls.append(time.perf_counter() - start)
            cpus.append(cpu() - used)
    return statistics.median(walls), statistics.median(cpus)


def wall(cmd: list[str], repeat: int = 15) -> float:
    """Median wall time of a command [s], each run a fresh process (after one warm-up run)."""
    return timed(cmd, repeat)[0]


def first_answers(cli: str, repeat: int = 15) -> dict[str, float]:
    """The first answer of three everyday commands in a fresh process [s]: one command, run
    alone with ``python benchmarks/run.py --first-answer``."""
    commands = {
        "first_answer_analyze_resnet50_s": ["analyze", "resnet50", "--on", "h100"],
        "first_answer_hw_show_h100_s": ["hw", "show", "h100"],
        "first_answer_calc_roofline_s": ["calc", "roofline", "--peak", "989.4 TFLOP/s",
                                         "--bandwidth", "3.35 TB/s", "--intensity", "100"],
    }
    results = {}
    for key, args in commands.items():
        results[key], results[key.removesuffix("_s") + "_cpu_s"] = timed([cli, *args], repeat)
    key = "first_answer_analyze_resnet50_cold_cache_s"
    results[key], results[key.removesuffix("_s") + "_cpu_s"] = timed(
        [cli, *commands["first_answer_analyze_resnet50_s"]], max(repeat // 3, 3), cold_cache=True)
    return results


def per_call(stmt: str, setup: str, number: int, repeat: int = 7) -> float:
    """Best-of-``repeat`` time per call [s]. Benchmarks that must not hit a cache use
    repeat=1 (each repeat reruns the setup, which would replay the same inputs)."""
    return min(timeit.repeat(stmt, setup, number=number, repeat=repeat)) / number


GOALS = {"import_ironlaw_s": 0.150, "cli_help_s": 0.300,
         "first_answer_analyze_resnet50_s": 0.150, "first_answer_hw_show_h100_s": 0.150,
         "first_answer_calc_roofline_s": 0.150,
         "iron_law_scalar_call_s": 5e-6, "iron_law_1e6_points_s": 0.050,
         "build_resnet50_graph_s": 0.020, "build_llama3_70b_graph_s": 0.020,
         "analyze_resnet50_on_h100_s": 0.001, "analyze_resnet50_new_batch_s": 0.001,
         "closed_form_solve_s": 20e-6, "serve_llm_llama3_8b_s": 0.002,
         "plan_training_llama2_7b_s": 0.002}


def show(results: dict[str, float], goals: dict[str, float]) -> None:
    print(f"{'benchmark':<44}{'measured':>12}{'goal':>12}")
    for key, value in results.items():
        goal = goals.get(key)
        shown = f"{value * 1e6:.2f} µs" if value < 1e-3 else f"{value * 1e3:.1f} ms"
        goal_shown = "" if goal is None else (f"≤ {goal * 1e6:.0f} µs" if goal < 1e-3
                                              else f"≤ {goal * 1e3:.0f} ms")
        flag = "" if goal is None else ("  ok" if value <= goal else "  MISSED")
        print(f"{key:<44}{shown:>12}{goal_shown:>12}{flag}")
    print(f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


def main() -> None:
    python = sys.executable
    cli = shutil.which("ironlaw") or str(Path(python).with_name("ironlaw"))
    if sys.argv[1:] == ["--first-answer"]:
        show(first_answers(cli), GOALS)
        return
    baseline = wall([python, "-c", "pass"])
    results = {
        "import_ironlaw_s": wall([python, "-c", "import ironlaw"]) - baseline,
        "import_ironlaw_laws_s": wall([python, "-c", "import ironlaw.laws.iron, "
                                       "ironlaw.laws.roofline"]) - baseline,
        "cli_help_s": wall([cli, "--help"]),
        **first_answers(cli),
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
        "analyze_resnet50_new_batch_s": per_call(  # a new configuration: built and analyzed
            "analyze(build_model('resnet50', batch=2 + next(n), dtype='bf16'), d, e, 'fused')",
            "import itertools\nfrom ironlaw.models.zoo import build_model\n"
            "from ironlaw.frameworks.cost import analyze\n"
            "from ironlaw.hardware.catalog import builtin\nn = itertools.count()\n"
            "c = builtin(); d = c.device('h100'); e = c.efficiency_of(d)\n"
            "analyze(build_model('resnet50', batch=1, dtype='bf16'), d, e)", 200, repeat=1),
        "closed_form_solve_s": per_call(  # Llama-3-8B decode, the model's totals cached
            "solve(row, dev, batch=8, context=4096)",
            "from ironlaw.explore.closed_form import device_numbers, model_row, solve\n"
            "from ironlaw.hardware.catalog import builtin\n"
            "c = builtin(); d = c.device('h100')\n"
            "row = model_row('llama-3-8b', 'decode')[1]\n"
            "dev = device_numbers(d, c.efficiency_of(d), 'bf16')", 20_000),
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
    environment = {"python": platform.python_version(), "numpy": np.__version__,
                   "machine": platform.machine(), "processor": platform.processor(),
                   "cpus": os.cpu_count(),
                   "date": time.strftime("%Y-%m-%d")}
    show(results, GOALS)
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"environment": environment, "results": results,
                               "goals": GOALS}, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
