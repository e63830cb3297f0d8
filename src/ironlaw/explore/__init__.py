"""Design-space exploration: vectorized sweeps over named dimensions, constraints, Pareto fronts,
and a Dask backend when one machine is not enough (design.md §6).

    from ironlaw.explore import sweep, where, pareto_front, rank
    ds = sweep(model="llama-3-8b", device=["h100", "a100-80gb"], phase="decode",
               batch="1..256x2", context=[2048, 8192], count=[1, 2, 4, 8])

Modules: ``space`` (dimensions, chunks), ``spec`` (checking what a user asks, YAML specs),
``graph_sweep`` / ``closed_form`` / ``serving_sweep`` (the three evaluators), ``metrics``
(what every method derives: throughput, energy, cost, carbon), ``run`` (local runs, progress,
the Dataset), ``distributed`` (Dask), ``partitions`` (Parquet chunks, resume), ``constraints``
(``where`` expressions), ``pareto`` (fronts and ranking), ``output`` (tables, files, the
results store), ``plot`` (the Pareto figure).
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "sweep": "ironlaw.explore.run",
    "run_space": "ironlaw.explore.run",
    "Interrupted": "ironlaw.explore.run",
    "make_space": "ironlaw.explore.spec",
    "load_spec": "ironlaw.explore.spec_file",
    "Space": "ironlaw.explore.space",
    "where": "ironlaw.explore.constraints",
    "parse_where": "ironlaw.explore.constraints",
    "pareto_front": "ironlaw.explore.pareto",
    "pareto": "ironlaw.explore.pareto",
    "rank": "ironlaw.explore.pareto",
    "Selection": "ironlaw.explore.select",
    "select": "ironlaw.explore.select",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ironlaw.explore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
