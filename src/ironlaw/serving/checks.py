"""Checks on user input to the serving layer: each failure names the flag and what was expected."""

from __future__ import annotations

import math

from ironlaw.errors import UserError


def positive(value, flag: str, what: str = "a positive number") -> float | None:
    """A finite number > 0, or None when not given."""
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise UserError(f"{flag}: expected {what}; got {value!r}") from None
    if not math.isfinite(x) or x <= 0:
        raise UserError(f"{flag}: expected {what}; got {value!r}")
    return x


def percentile(q) -> float:
    """A percentile as a fraction in (0, 1)."""
    x = positive(q, "--percentile", "a fraction in (0, 1), e.g. 0.99")
    if x >= 1:
        raise UserError(f"--percentile: expected a fraction in (0, 1), e.g. 0.99; got {q!r}")
    return x


def whole(value, flag: str, least: int = 1) -> int:
    """A whole number of at least ``least``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
            or value < least:
        raise UserError(f"{flag}: expected a whole number of at least {least}; got {value!r}")
    return int(value)
