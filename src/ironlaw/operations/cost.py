"""Cost of running N accelerators for H hours: rented by the hour, or owned and amortized.

    cloud   C = H · N · p                            p: price per device-hour [USD/h]
                                                     (electricity and facility are in p)
    owned   C = C_capex + C_electricity
            C_capex       = c · N · H / (L · u)      c: price per device [USD], L: service life
                                                     [h], u: fraction of the life in use
            C_electricity = E[kWh] · PUE · p_kWh     E: IT energy; by default rated power × H

An idle owned machine still depreciates, so a lower utilization u raises the cost of each hour
used. Prices, electricity rates and the service life, with sources, are in ``tables``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ironlaw.data.tables import lookup
from ironlaw.errors import UserError
from ironlaw.operations.tables import (
    DEFAULT_ELECTRICITY,
    DEFAULT_PUE,
    ELECTRICITY,
    HOUR,
    INSTANCES,
    KWH,
    LIFETIME,
    PUE,
    YEAR,
)
from ironlaw.units import format as fmt


@dataclass(frozen=True)
class Cost:
    """Money for a run [USD]; hours and device counts as given."""

    hours: float
    devices: int
    mode: str  # cloud | owned
    device_hour_usd: float | None  # cloud price per device-hour
    capex_per_device_usd: float | None
    lifetime_s: float | None
    utilization: float | None
    compute_usd: float  # rent, or amortized capital
    energy_j: float | None
    pue: float | None
    electricity_usd_per_kwh: float | None
    electricity_usd: float
    cost_usd: float
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def usd_per_device_hour(self) -> float:
        return self.cost_usd / (self.hours * self.devices)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(usd_per_device_hour=self.usd_per_device_hour, sources=list(self.sources),
                   assumptions=list(self.assumptions))
        return out

    def explain(self):
        from ironlaw.derive import Line, Worked

        h, n = self.hours, self.devices
        if self.mode == "cloud":
            lines = [Line("rent", "C = H · N · p",
                          f"{h:g} h × {n} × {fmt(self.device_hour_usd, 'usd')}/h",
                          fmt(self.cost_usd, "usd"))]
        else:
            life_h = self.lifetime_s / HOUR
            lines = [
                Line("amortized hardware", "C_capex = c · N · H / (L · u)",
                     f"{fmt(self.capex_per_device_usd, 'usd')} × {n} × {h:g} h / "
                     f"({life_h:.6g} h × {self.utilization:g})", fmt(self.compute_usd, "usd")),
                Line("electricity", "C_el = E · PUE · p_kWh",
                     f"{self.energy_j / KWH:.6g} kWh × {self.pue:g} × "
                     f"${self.electricity_usd_per_kwh:.4g}/kWh",
                     fmt(self.electricity_usd, "usd")),
                Line("total", "C = C_capex + C_el",
                     f"{fmt(self.compute_usd, 'usd')} + {fmt(self.electricity_usd, 'usd')}",
                     fmt(self.cost_usd, "usd")),
            ]
        lines.append(Line("per device-hour", "C / (H · N)",
                          f"{fmt(self.cost_usd, 'usd')} / ({h:g} h × {n})",
                          fmt(self.usd_per_device_hour, "usd")))
        return Worked(f"Cost ({self.mode})", tuple(lines), (*self.sources, *self.assumptions))


def _positive(value, flag: str, what: str) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise UserError(f"{flag}: {what} must be a number; got {value!r}") from None
    if not x > 0 or x == float("inf"):
        raise UserError(f"{flag}: {what} must be greater than 0; got {value!r}")
    return x


def _hardware(node, device):
    """(capex per device or None, power per device [W], label, assumption) from the catalog."""
    from ironlaw.hardware.catalog import open_catalog
    from ironlaw.hardware.schema import Device, Node

    if node is not None:
        node = node if isinstance(node, Node) else open_catalog().node(node)
        capex = None if node.price is None else node.price.value / node.count
        return (capex, node.power.value / node.count, node.id,
                f"energy at {node.id}'s rated maximum system power / {node.count} per device "
                "(host included; an upper bound)")
    device = device if isinstance(device, Device) else open_catalog().device(device)
    capex = None if device.price is None else device.price.value
    return (capex, device.power.tdp.value, device.id,
            f"energy at {device.id}'s TDP (board only, no host; an upper bound for the board)")


def run_cost(hours, devices, *, price_per_hour=None, instance=None, node=None, device=None,
             capex_usd=None, lifetime_years=None, utilization=None, energy_j=None,
             electricity=None, pue=None) -> Cost:
    """Cost of ``devices`` accelerators for ``hours``.

    Cloud: ``price_per_hour`` [USD per device-hour] or an ``instance`` from the table. Owned:
    a catalog ``node`` or ``device`` (its price, or ``capex_usd`` per device) amortized over
    ``lifetime_years`` at ``utilization``, plus electricity at ``electricity`` [USD/kWh, or a
    table key] on ``energy_j`` (default: rated power × hours) × ``pue``.
    """
    h = _positive(hours, "--hours", "hours")
    n = _positive(devices, "--devices", "number of devices")
    if n != int(n):
        raise UserError(f"--devices: expected a whole number; got {devices!r}")
    n = int(n)
    sources: list[str] = []
    assumptions: list[str] = []
    cloud = price_per_hour is not None or instance is not None
    owned = node is not None or device is not None or capex_usd is not None
    if cloud and owned:
        raise UserError("give a cloud price (--price-per-hour or --instance) or owned hardware "
                        "(--node, --capex), not both")
    if price_per_hour is not None and instance is not None:
        raise UserError("give --price-per-hour or --instance, not both")
    if cloud:
        if instance is not None:
            figure, per = lookup(INSTANCES, instance, "instance", "instance")
            price = figure.value / per
            sources.append(f"{instance}: {fmt(figure.value, 'usd')}/h for {per} devices; "
                           f"{figure.source.cite()}; {figure.source.note}")
        else:
            price = _positive(price_per_hour, "--price-per-hour", "price per device-hour")
        rent = h * n * price
        assumptions.append("electricity and facility costs are included in the hourly price")
        return Cost(hours=h, devices=n, mode="cloud", device_hour_usd=price,
                    capex_per_device_usd=None, lifetime_s=None, utilization=None,
                    compute_usd=rent, energy_j=energy_j, pue=None, electricity_usd_per_kwh=None,
                    electricity_usd=0.0, cost_usd=rent, sources=tuple(sources),
                    assumptions=tuple(assumptions))
    if not owned:
        raise UserError("no price to cost with: give --price-per-hour or --instance (cloud), "
                        "or --node / --capex (owned hardware)")

    capex, power, label, power_note = None, None, None, ""
    if node is not None or device is not None:
        capex, power, label, power_note = _hardware(node, device)
    if capex_usd is not None:
        capex = _positive(capex_usd, "--capex", "price per device")
    if capex is None:
        raise UserError(f"--capex: the catalog has no price for {label}; give the price per "
                        "device")
    if lifetime_years is None:
        life = LIFETIME.value
        assumptions.append(f"service life {life / YEAR:g} years: {LIFETIME.source.cite()}")
    else:
        life = _positive(lifetime_years, "--lifetime-years", "service life") * YEAR
    if utilization is None:
        u = 1.0
        assumptions.append("utilization 1: the hardware is in use its whole life (the lowest "
                           "cost per hour used)")
    else:
        u = _positive(utilization, "--utilization", "utilization")
        if u > 1:
            raise UserError(f"--utilization: a fraction of the service life, at most 1; got {u:g}")
    amortized = capex * n * h * HOUR / (life * u)

    if energy_j is None:
        if power is None:
            raise UserError("--capex without --node: give the run's energy to cost electricity")
        energy_j = power * n * h * HOUR
        assumptions.append(power_note)
    if pue is None:
        pue = PUE[DEFAULT_PUE].value
        assumptions.append(f"PUE {pue:g}: {PUE[DEFAULT_PUE].source.cite()}")
    pue = float(pue)
    if pue < 1:
        raise UserError(f"--pue: at least 1; got {pue:g}")
    if electricity is None or isinstance(electricity, str):
        figure = lookup(ELECTRICITY, electricity or DEFAULT_ELECTRICITY, "electricity rate",
                        "electricity")
        rate = figure.value
        (assumptions if electricity is None else sources).append(
            f"electricity ${rate:g}/kWh: {figure.source.cite()}; {figure.source.note}")
    else:
        rate = _positive(electricity, "--electricity", "electricity price per kWh")
    power_bill = float(energy_j) / KWH * pue * rate
    return Cost(hours=h, devices=n, mode="owned", device_hour_usd=None,
                capex_per_device_usd=capex, lifetime_s=life, utilization=u,
                compute_usd=amortized, energy_j=float(energy_j), pue=pue,
                electricity_usd_per_kwh=rate, electricity_usd=power_bill,
                cost_usd=amortized + power_bill, sources=tuple(sources),
                assumptions=tuple(assumptions))
