"""Operations laws: retraining cadence, drift, experiments (filled next)."""

from __future__ import annotations

CALCS: tuple = ()
