"""Napkin arithmetic on quantities with units (filled next)."""

from __future__ import annotations

CALCS: tuple = ()
