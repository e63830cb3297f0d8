"""The one validation module: checks on values a user gives, each naming the parameter.

Every check returns the value in its plain Python type or raises
:class:`ironlaw.errors.ParameterError` saying which parameter and what was expected. Domain code
calls these with its own parameter names; the CLI maps them to flags.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from ironlaw.errors import ParameterError, quoted

# The largest workload sizes accepted, by parameter name (every ``whole`` check of that name
# applies it): no real workload is larger, and beyond them products such as batch·seq²·hidden
# overflow 64-bit integers in a sweep (a batch of 2^62 once "fit" at 615× the throughput).
# An engine's token budget per iteration is bounded as a sequence is: one iteration's rows
# are no more tokens than the longest sequence accepted (engines default to 2,048-16,384; a
# budget of 10^20 overflowed the embedding's byte count).
LARGEST = {"batch": 2**20, "batches": 2**20, "seq": 2**24, "context": 2**24,
           "prompt": 2**24, "output": 2**24, "token_budget": 2**24}


# The smallest positive value accepted: below it (subnormal floats such as 1e-320) a
# reciprocal overflows to infinity and the result is 0 or a division by zero.
TINY = sys.float_info.min


def number(value, name: str, what: str = "a finite number") -> float:
    """A finite float (bools refused)."""
    if isinstance(value, bool):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}") from None
    if not math.isfinite(x):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    return x


def positive(value, name: str, what: str = "a positive number", *, allow_zero: bool = False,
             optional: bool = False, least: float | None = None,
             most: float | None = None) -> float | None:
    """A finite number > 0 (≥ 0 with ``allow_zero``), and within [``least``, ``most``] where
    given; None passes through when ``optional``; a numpy array of them comes back as a float
    array."""
    if value is None and optional:
        return None
    if least is not None or most is not None:
        span = (f"from {least:,g} to {most:,g}" if least is not None and most is not None
                else f"of at least {least:,g}" if least is not None
                else f"more than 0 and at most {most:,g}")
        what = f"{what}, {span}"
    if isinstance(value, np.ndarray):
        x = value.astype(float)
        bad = ~np.isfinite(x) | (x < 0) | ((x == 0) & (not allow_zero)) | ((x > 0) & (x < TINY))
        if least is not None:
            bad |= x < least
        if most is not None:
            bad |= x > most
        if value.dtype == bool or bad.any():
            shown = (value[bad] if bad.any() else value.ravel())[0].item()
            raise ParameterError(name, f"expected {what}; got {quoted(shown)}")
        return x
    x = number(value, name, what)
    if x < 0 or (x == 0 and not allow_zero) or (least is not None and x < least) \
            or (most is not None and x > most):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    if 0 < x < TINY:
        raise ParameterError(name, f"expected {what} of at least {TINY:.3g}; got {quoted(value)}")
    return x


def fraction(value, name: str, *, open_low: bool = True, open_high: bool = False) -> float:
    """A fraction in (0, 1] by default; ``open_high`` excludes 1, ``open_low=False`` admits 0."""
    low, high = ("(" if open_low else "["), (")" if open_high else "]")
    what = f"a fraction in {low}0, 1{high}"
    x = number(value, name, what)
    if x < 0 or x > 1 or (open_low and x == 0) or (open_high and x == 1):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    return x


def percentile(value, name: str = "percentile") -> float:
    """A percentile as a fraction in (0, 1), e.g. 0.99."""
    x = number(value, name, "a fraction in (0, 1), e.g. 0.99")
    if not 0 < x < 1:
        raise ParameterError(name, f"expected a fraction in (0, 1), e.g. 0.99; got {quoted(value)}")
    return x


def whole(value, name: str, least: int = 1, most: int | None = None):
    """A whole number in [least, most] (floats with no fractional part accepted); a numpy
    array of them comes back as an int64 array (the solvers broadcast). ``most`` defaults to
    :data:`LARGEST` for the sizes named there."""
    most = LARGEST.get(name) if most is None else most
    if type(value) is int and value >= least and (most is None or value <= most):
        return value  # the common case, first: solvers check sizes on every call
    span = f"of at least {least}" if most is None else f"from {least} to {most}"
    what = f"a whole number {span}"
    if isinstance(value, np.ndarray):
        bad = ~np.isfinite(value) | (value != np.round(value)) | (value < least)
        if most is not None:
            bad |= value > most
        if value.dtype == bool or bad.any():
            shown = (value[bad] if bad.any() else value.ravel())[0].item()
            raise ParameterError(name, f"expected {what}; got {quoted(shown)}")
        return value.astype(np.int64)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    if value < least or (most is not None and value > most):
        raise ParameterError(name, f"expected {what}; got {quoted(value)}")
    return int(value)


def not_given(reason: str, **given) -> None:
    """Refuse parameters that do not apply here: ParameterError naming the first of ``given``
    (name=value) that is not None, with ``reason`` as its message."""
    for name, value in given.items():
        if value is not None:
            raise ParameterError(name, reason)


def choice(value, name: str, options) -> str:
    """One of ``options`` (strings)."""
    if value not in options:
        raise ParameterError(name, f"expected one of {', '.join(options)}; got {quoted(value)}")
    return value


def device_given(device, on, required: bool = True):
    """The device (or node) a call runs on, given as ``on=`` or as ``device=``: the public API
    takes either (``analyze(model, on=...)`` and ``serve(model, device=...)`` alike), or
    positionally; once, not twice. ``required=False``: None when neither is given."""
    if device is not None and on is not None:
        raise ParameterError("on", f"the device is given twice (on={on!r}, device={device!r}); "
                             "give it once")
    if device is None and on is None and required:
        raise TypeError("no device: give it after the model, or as on= (or device=)")
    return device if on is None else on
