"""Small broadcasting helpers that stay fast on plain floats (no numpy call for scalars)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np

# What every law takes and returns: a float, or a numpy array that broadcasts (design.md §2).
Real: TypeAlias = float | np.ndarray


def is_scalar(*values) -> bool:
    return all(isinstance(v, (int, float)) or np.ndim(v) == 0 for v in values)


def minimum(a, b):
    """Element-wise minimum: ``min`` for scalars, ``np.minimum`` for arrays."""
    return min(float(a), float(b)) if is_scalar(a, b) else np.minimum(a, b)


def maximum(a, b):
    """Element-wise maximum: ``max`` for scalars, ``np.maximum`` for arrays."""
    return max(float(a), float(b)) if is_scalar(a, b) else np.maximum(a, b)


def dominant(names: tuple[str, ...], *terms):
    """Name of the largest term: a ``str`` for scalars, a numpy array of ``str`` for arrays.

    Ties go to the earlier name.
    """
    if is_scalar(*terms):
        values = [float(t) for t in terms]
        return names[values.index(max(values))]
    stacked = np.stack(np.broadcast_arrays(*terms))
    return np.asarray(names)[np.argmax(stacked, axis=0)]


def where(condition, yes, no):
    """``yes if condition else no`` element-wise."""
    if is_scalar(condition):
        return yes if bool(condition) else no
    return np.where(condition, yes, no)
