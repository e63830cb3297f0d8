"""ironlaw: ML systems engineering as numbers.

The public API, loaded lazily so ``import ironlaw`` costs almost nothing; type checkers and IDEs
see every name through the ``TYPE_CHECKING`` imports below (the package ships ``py.typed``):

    >>> import ironlaw
    >>> ironlaw.roofline(100.0, 989.4e12, 3.35e12).bound
    'memory'
    >>> graph = ironlaw.build_model("llama-3-8b", phase="decode", batch=8)  # doctest: +SKIP
    >>> result = ironlaw.serve_llm("llama-3-8b", "h100", arrival_rate=20)  # doctest: +SKIP
    >>> ironlaw.render(result, "table", explain=True)  # doctest: +SKIP
    >>> print(ironlaw.calc("amdahl", p=0.95, s=100).text())  # doctest: +SKIP

laws (broadcasting functions of floats or arrays), hardware (the catalog), models (built-in
graphs, config.json, ONNX and torch importers), analyze (a graph on a device), training,
serving, operations (energy, carbon, water, cost, reliability), sweeps and scenarios; every
result has ``to_dict()``, ``rows()`` and ``explain()``, and :func:`render` prints any of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from ironlaw.applications.evaluate import evaluate
    from ironlaw.applications.scenario import Scenario, Verdict, builtin_scenarios
    from ironlaw.applications.scenario import load as load_scenario
    from ironlaw.derive import Derivation, Worked
    from ironlaw.explore.run import sweep
    from ironlaw.frameworks.cost import Analysis
    from ironlaw.frameworks.graph import Graph
    from ironlaw.hardware.catalog import Catalog, get_device, get_node, open_catalog
    from ironlaw.hardware.schema import Device, Node
    from ironlaw.laws.energy import energy
    from ironlaw.laws.gravity import crossover_size, transfer_time
    from ironlaw.laws.iron import iron_law, iron_law_overlapped
    from ironlaw.laws.queueing import littles_law, mm1_response, mmc_response
    from ironlaw.laws.roofline import multi_roofline, ridge_point, roofline
    from ironlaw.laws.scaling import (
        compute_optimal_tokens,
        inference_flops,
        time_to_train,
        training_flops,
    )
    from ironlaw.laws.speedup import amdahl, gustafson, usl
    from ironlaw.models.analysis import analyze
    from ironlaw.models.from_onnx import load as load_onnx
    from ironlaw.models.from_torch import trace as load_torch
    from ironlaw.models.transformer import build as build_transformer
    from ironlaw.models.transformer import load_config
    from ironlaw.models.zoo import build_model
    from ironlaw.operations import (
        Carbon,
        Cost,
        Energy,
        Reliability,
        Water,
        carbon,
        energy_of,
        reliability,
        run_cost,
        water,
    )
    from ironlaw.report.render import render
    from ironlaw.serving import ServingResult, serve, serve_llm, serve_model
    from ironlaw.training import TrainingPlan, plan_training
    from ironlaw.training.calcs import calc
    from ironlaw.training.plan import train
    from ironlaw.units import format, parse  # noqa: A004

# public name -> (module, name there)
_LAZY: dict[str, tuple[str, str]] = {
    **{n: ("ironlaw.units", n) for n in ("parse", "format")},
    **{n: ("ironlaw.derive", n) for n in ("Derivation", "Worked")},
    "calc": ("ironlaw.training.calcs", "calc"),  # a law worked out (`ironlaw calc`)
    **{n: ("ironlaw.laws.iron", n) for n in ("iron_law", "iron_law_overlapped")},
    **{n: ("ironlaw.laws.roofline", n) for n in ("roofline", "multi_roofline", "ridge_point")},
    **{n: ("ironlaw.laws.speedup", n) for n in ("amdahl", "gustafson", "usl")},
    **{n: ("ironlaw.laws.queueing", n) for n in ("littles_law", "mm1_response",
                                                 "mmc_response")},
    **{n: ("ironlaw.laws.scaling", n) for n in ("training_flops", "inference_flops",
                                                "compute_optimal_tokens", "time_to_train")},
    **{n: ("ironlaw.laws.gravity", n) for n in ("transfer_time", "crossover_size")},
    "energy": ("ironlaw.laws.energy", "energy"),
    **{n: ("ironlaw.hardware.catalog", n) for n in ("Catalog", "open_catalog", "get_device",
                                                    "get_node")},
    **{n: ("ironlaw.hardware.schema", n) for n in ("Device", "Node")},
    "Graph": ("ironlaw.frameworks.graph", "Graph"),
    "Analysis": ("ironlaw.frameworks.cost", "Analysis"),
    "analyze": ("ironlaw.models.analysis", "analyze"),  # a name or graph on a device
    "build_model": ("ironlaw.models.zoo", "build_model"),
    "build_transformer": ("ironlaw.models.transformer", "build"),
    "load_config": ("ironlaw.models.transformer", "load_config"),
    "load_onnx": ("ironlaw.models.from_onnx", "load"),
    "load_torch": ("ironlaw.models.from_torch", "trace"),
    **{n: ("ironlaw.training", n) for n in ("plan_training", "TrainingPlan")},
    "train": ("ironlaw.training.plan", "train"),  # what `ironlaw train` does, with intervals
    **{n: ("ironlaw.serving", n) for n in ("serve", "serve_llm", "serve_model",
                                           "ServingResult")},
    **{n: ("ironlaw.operations", n) for n in ("energy_of", "carbon", "water", "run_cost",
                                              "reliability", "Energy", "Carbon", "Water",
                                              "Cost", "Reliability")},
    "sweep": ("ironlaw.explore.run", "sweep"),
    **{n: ("ironlaw.applications.scenario", n) for n in ("Scenario", "Verdict",
                                                         "builtin_scenarios")},
    "load_scenario": ("ironlaw.applications.scenario", "load"),
    "evaluate": ("ironlaw.applications.evaluate", "evaluate"),
    "render": ("ironlaw.report.render", "render"),
}

__all__ = ["__version__", "amdahl", "Analysis", "analyze", "build_model", "build_transformer",
           "builtin_scenarios", "calc", "carbon", "Carbon", "Catalog", "compute_optimal_tokens",
           "Cost", "crossover_size", "Derivation", "Device", "energy", "Energy", "energy_of",
           "evaluate", "format", "get_device", "get_node", "Graph", "gustafson",
           "inference_flops", "iron_law", "iron_law_overlapped", "littles_law", "load_config",
           "load_onnx", "load_scenario", "load_torch", "mm1_response", "mmc_response",
           "multi_roofline", "Node", "open_catalog", "parse", "plan_training", "reliability",
           "Reliability", "render", "ridge_point", "roofline", "run_cost", "Scenario",
           "serve", "serve_llm", "serve_model", "ServingResult", "sweep", "time_to_train", "train",
           "training_flops", "TrainingPlan", "transfer_time", "usl", "Verdict", "water", "Water",
           "Worked"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ironlaw' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
