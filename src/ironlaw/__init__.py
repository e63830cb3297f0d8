"""ironlaw: ML systems engineering as numbers.

The public API is loaded lazily so ``import ironlaw`` costs almost nothing:

    >>> import ironlaw
    >>> ironlaw.roofline(100.0, 989.4e12, 3.35e12).bound
    'memory'
    >>> print(ironlaw.derive("amdahl", p=0.95, s=100).text())  # doctest: +SKIP

Layers, bottom to top (design.md §1): units, laws, hardware, then the stack above them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "parse": "ironlaw.units",
    "format": "ironlaw.units",
    "derive": "ironlaw.derive",
    "iron_law": "ironlaw.laws.iron",
    "iron_law_overlapped": "ironlaw.laws.iron",
    "roofline": "ironlaw.laws.roofline",
    "multi_roofline": "ironlaw.laws.roofline",
    "ridge_point": "ironlaw.laws.roofline",
    "amdahl": "ironlaw.laws.speedup",
    "gustafson": "ironlaw.laws.speedup",
    "usl": "ironlaw.laws.speedup",
    "sweep": "ironlaw.explore",
    "get_device": "ironlaw.hardware.catalog",
    "get_node": "ironlaw.hardware.catalog",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ironlaw' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
