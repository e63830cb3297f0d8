"""The roofline: how fast work can go given its arithmetic intensity.

    I  = O / D                    arithmetic intensity [FLOP/B] (bytes from the level in question)
    I* = R / BW                   ridge point [FLOP/B]
    P  = min(R, I·BW)             attainable rate [FLOP/s]
    memory-bound when I < I*, compute-bound otherwise; fraction of peak = P / R.

With several memory levels (registers, SRAM, L2, HBM/DRAM, host link, network) each level ℓ
moving D_ℓ bytes at BW_ℓ adds its own roof: P = min(R, min_ℓ (O/D_ℓ)·BW_ℓ), and the binding
roof is whichever is lowest (Williams, Waterman & Patterson, CACM 52(4), 2009).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ironlaw import checks
from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, minimum, where


def arithmetic_intensity(flops: Real, data_bytes: Real) -> Real:
    """I = O / D [FLOP/B]."""
    return flops / data_bytes


def ridge_point(peak: Real, bandwidth: Real) -> Real:
    """I* = R / BW [FLOP/B]: the intensity at which memory and compute time are equal."""
    return peak / bandwidth


def attainable(intensity: Real, peak: Real, bandwidth: Real) -> Real:
    """P = min(R, I·BW) [FLOP/s]."""
    return minimum(peak, intensity * bandwidth)


def bound(intensity: Real, peak: Real, bandwidth: Real) -> Real:
    """``"memory"`` where I < R/BW, else ``"compute"``."""
    return where(intensity < peak / bandwidth, "memory", "compute")


@dataclass(frozen=True)
class Roofline:
    """Where a kernel sits on a roofline."""

    intensity_flop_per_byte: Any
    ridge_flop_per_byte: Any
    attainable_flop_per_s: Any
    bound: Any
    fraction_of_peak: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def roofline(intensity: Real, peak: Real, bandwidth: Real) -> Roofline:
    """Intensity, ridge point, attainable rate, bound and fraction of peak, all broadcast."""
    rate = attainable(intensity, peak, bandwidth)
    return Roofline(intensity, ridge_point(peak, bandwidth), rate,
                    bound(intensity, peak, bandwidth), rate / peak)


@dataclass(frozen=True)
class MultiRoofline:
    """Attainable rate under one roof per memory level, and which roof binds."""

    roofs_flop_per_s: dict[str, Any]
    attainable_flop_per_s: Any
    binding: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def multi_roofline(flops: Real, peak: Real, bytes_by_level: dict[str, Any],
                   bandwidth_by_level: dict[str, Any]) -> MultiRoofline:
    """P = min(R, min_ℓ (O/D_ℓ)·BW_ℓ); ``binding`` names the lowest roof (``"compute"`` or ℓ).

    ``bytes_by_level`` and ``bandwidth_by_level`` share keys (e.g. ``"l2"``, ``"hbm"``); a level
    that moves no bytes imposes no roof.
    """
    missing = set(bytes_by_level) - set(bandwidth_by_level)
    if missing:
        raise KeyError(f"no bandwidth given for level(s): {', '.join(sorted(missing))}")
    roofs: dict[str, Any] = {"compute": peak}
    with np.errstate(divide="ignore"):
        for level, moved in bytes_by_level.items():
            roofs[level] = (np.asarray(flops, dtype=float) * bandwidth_by_level[level]
                            / np.asarray(moved, dtype=float))
    stacked = np.stack(np.broadcast_arrays(*[np.asarray(v, dtype=float) for v in roofs.values()]))
    rate = stacked.min(axis=0)
    binding = np.asarray(tuple(roofs))[stacked.argmin(axis=0)]
    if binding.ndim == 0:
        return MultiRoofline(roofs, float(rate), str(binding))
    return MultiRoofline(roofs, rate, binding)


def _compute(peak, bandwidth, intensity, flops, bytes):  # noqa: A002 (the law's own name)
    if intensity is None and flops is None and bytes is None:
        raise ParameterError("intensity", "roofline needs it (or flops and bytes)")
    if intensity is not None and (flops is not None or bytes is not None):
        raise ParameterError("intensity", "give an intensity or flops and bytes, not both")
    for name, value in (("flops", flops), ("bytes", bytes)):
        if intensity is None and value is None:
            raise ParameterError(name, "roofline needs flops and bytes together")
    if intensity is None:
        intensity = arithmetic_intensity(flops, checks.positive(bytes, "bytes"))
    r = roofline(intensity, peak, bandwidth)
    out = {"i": intensity, "ridge": r.ridge_flop_per_byte, "roof": intensity * bandwidth,
           "attainable": r.attainable_flop_per_s, "bound": f"{r.bound}-bound",
           "fraction": r.fraction_of_peak, "time": None}
    if flops is not None:
        out["time"] = flops / r.attainable_flop_per_s
    return out


CALCS = (
    Calc(
        name="roofline",
        title="Roofline: attainable compute rate",
        inputs=(
            Symbol("peak", "R", "flop_rate", "peak compute rate"),
            Symbol("bandwidth", "BW", "bandwidth", "memory bandwidth"),
            Symbol("intensity", "I", "intensity", "arithmetic intensity (FLOP per byte moved)",
                   optional=True),
            Symbol("flops", "O", "flops", "operations of the kernel (instead of I)",
                   optional=True),
            Symbol("bytes", "D", "bytes", "bytes it moves (with O, instead of I)",
                   optional=True, domain="nonnegative"),
        ),
        outputs=(
            Symbol("i", "I", "intensity", "arithmetic intensity O/D"),
            Symbol("ridge", "I*", "intensity", "ridge point R/BW", latex="I^*"),
            Symbol("roof", "I·BW", "flop_rate", "memory roof", latex=r"I \cdot BW"),
            Symbol("attainable", "P", "flop_rate", "attainable rate"),
            Symbol("bound", "", "text", "binding roof"),
            Symbol("fraction", "P/R", "share", "fraction of peak"),
            Symbol("time", "T", "time", "kernel time O/P (given O)"),
        ),
        formula="P = min(R, I·BW)",
        latex=r"P = \min(R,\; I \cdot BW)",
        # given O and D, the intensity they make first (a step left out when I is given)
        steps=("I = O/D = {flops} / {bytes} = {i}",
               "P = min({peak}, {i} × {bandwidth})", "  = min({peak}, {roof})",
               "  = {attainable}", "T = O/P = {flops} / {attainable} = {time}"),
        compute=_compute,
        results=("attainable", "bound", "i", "ridge", "fraction", "time"),
        source="Williams, Waterman & Patterson, 'Roofline', CACM 52(4), 2009",
    ),
    Calc(
        name="ridge-point",
        title="Roofline ridge point",
        inputs=(
            Symbol("peak", "R", "flop_rate", "peak compute rate"),
            Symbol("bandwidth", "BW", "bandwidth", "memory bandwidth"),
        ),
        outputs=(Symbol("ridge", "I*", "intensity", "ridge point", latex="I^*"),),
        formula="I* = R / BW",
        latex=r"I^* = \frac{R}{BW}",
        steps=("{peak} / {bandwidth}", "{ridge}"),
        compute=lambda peak, bandwidth: {"ridge": ridge_point(peak, bandwidth)},
        results=("ridge",),
        source="Williams, Waterman & Patterson, CACM 52(4), 2009",
        notes=("Kernels below I* are memory-bound; above it, compute-bound.",),
    ),
)
