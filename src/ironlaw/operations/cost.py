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

from ironlaw import checks
from ironlaw.data.tables import lookup
from ironlaw.errors import ParameterError
from ironlaw.laws import energy as energy_law
from ironlaw.laws.cost import resource_time, total_cost
from ironlaw.operations.tables import (
    DEFAULT_ELECTRICITY,
    DEFAULT_PUE,
    ELECTRICITY,
    HOUR,
    INSTANCES,
    KWH,
    LIFETIME,
    PUE,
    SERVICE_LIFE_YEARS,
    YEAR,
)
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as fmt


@dataclass(frozen=True, repr=False)
class Cost(Shown):
    """Money for a run [USD]; hours and device counts as given (arrays when they were)."""

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

    def rows(self) -> list[Table]:
        return [facts("Cost", [(f"cost ({self.mode})", f"{fmt(self.cost_usd, 'usd')} "
                               f"({fmt(self.usd_per_device_hour, 'usd')} per device-hour)")],
                      self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        h, n = self.hours, self.devices
        if self.mode == "cloud":
            lines = [Line("rent", "C = H · N · p",
                          f"{fmt(h, 'count')} h × {n} × {fmt(self.device_hour_usd, 'usd')}/h",
                          fmt(self.cost_usd, "usd"))]
        else:
            life_h = self.lifetime_s / HOUR
            lines = [
                Line("amortized hardware", "C_capex = c · N · H / (L · u)",
                     f"{fmt(self.capex_per_device_usd, 'usd')} × {n} × {fmt(h, 'count')} h / "
                     f"({fmt(life_h, 'count')} h × {self.utilization:g})",
                     fmt(self.compute_usd, "usd")),
                Line("electricity", "C_el = E · PUE · p_kWh",
                     f"{fmt(self.energy_j / KWH, 'count')} kWh × {self.pue:g} × "
                     f"${self.electricity_usd_per_kwh:.4g}/kWh",
                     fmt(self.electricity_usd, "usd")),
                Line("total", "C = C_capex + C_el",
                     f"{fmt(self.compute_usd, 'usd')} + {fmt(self.electricity_usd, 'usd')}",
                     fmt(self.cost_usd, "usd")),
            ]
        lines.append(Line("per device-hour", "C / (H · N)",
                          f"{fmt(self.cost_usd, 'usd')} / ({fmt(h, 'count')} h × {n})",
                          fmt(self.usd_per_device_hour, "usd")))
        return Worked(f"Cost ({self.mode})", tuple(lines), (*self.sources, *self.assumptions))


def service_life(lifetime_years=None) -> float:
    """L [s]: a service life of ``lifetime_years`` (within SERVICE_LIFE_YEARS), or by default
    LIFETIME's five years."""
    if lifetime_years is None:
        return LIFETIME.value
    low, high = SERVICE_LIFE_YEARS
    return checks.positive(lifetime_years, "lifetime_years", "a service life in years",
                           least=low, most=high) * YEAR


def capital_cost(capex_usd, seconds, lifetime_s=LIFETIME.value, utilization=1.0):
    """C_capex = c · t / (L · u) [USD]: a device bought for ``capex_usd`` used for ``seconds``
    of its ``lifetime_s`` service life, in use a fraction ``utilization`` of it (broadcasts)."""
    return capex_usd * seconds / (lifetime_s * utilization)


def electricity_cost(energy_j, pue=PUE[DEFAULT_PUE].value,
                     usd_per_kwh=ELECTRICITY[DEFAULT_ELECTRICITY].value):
    """C_el = E[kWh] · PUE · p_kWh [USD] for ``energy_j`` of IT energy (broadcasts): the
    facility's energy E·PUE bought at the law's price (``laws.energy.electricity_cost``)."""
    return energy_law.electricity_cost(energy_j * pue, usd_per_kwh / KWH)


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


def owned_price_per_hour(device, node=None) -> tuple[float | None, str]:
    """USD per device-hour of owned hardware, and a note: ``run_cost`` of one device for one
    hour, from the node's price and rated power per accelerator when the node has a price,
    else the device's price at TDP; None when the catalog prices neither."""
    for hardware in ((node, None), (None, device)):
        if hardware != (None, None) and _hardware(*hardware)[0] is not None:
            one = run_cost(1.0, 1, node=hardware[0], device=hardware[1])
            return one.cost_usd, (
                f"price per device-hour {fmt(one.cost_usd, 'usd')}: "
                f"{fmt(one.capex_per_device_usd, 'usd')} over {one.lifetime_s / YEAR:g} years "
                f"plus electricity ({'; '.join(one.assumptions)})")
    return None, (f"no price for {device.id} in the catalog: no cost (give a price per "
                  "device-hour)")


def instance_price(instance: str, device_id: str | None = None) -> tuple[float, str]:
    """A cloud instance's price per device-hour [USD/h] (its price per instance-hour over the
    devices it carries) and the line that says where it comes from. With ``device_id``, an
    instance that carries another accelerator is refused: its price is not that device's."""
    figure, per, carried = lookup(INSTANCES, instance, "instance", "instance")
    if device_id is not None and carried != device_id:
        raise ParameterError("instance", f"{instance.strip().lower()} carries {carried}, not "
                             f"{device_id}; give an instance of {device_id}, or a price per "
                             "device-hour")
    return figure.value / per, (f"{instance}: {fmt(figure.value, 'usd')}/h for {per} devices; "
                                f"{figure.source.cite()}; {figure.source.note}")


def run_cost(hours, devices, *, price_per_hour=None, instance=None, accelerator=None,
             node=None, device=None, on=None, capex_usd=None, lifetime_years=None, utilization=None,
             energy_j=None, electricity=None, pue=None) -> Cost:
    """Cost of ``devices`` accelerators for ``hours``.

    Cloud: ``price_per_hour`` [USD per device-hour] or an ``instance`` from the table (with
    ``accelerator``, a catalog device ID, refused unless it carries that device). Owned:
    a catalog ``node`` or ``device`` (its price, or ``capex_usd`` per device) amortized over
    ``lifetime_years`` at ``utilization``, plus electricity at ``electricity`` [USD/kWh, or a
    table key] on ``energy_j`` (default: rated power × hours) × ``pue``. ``hours``,
    ``devices`` and ``energy_j`` broadcast (numpy arrays in, arrays in the Cost). The device
    may be given as ``on=``, as ``analyze`` takes it.
    """
    device = checks.device_given(device, on, required=False)
    h = checks.positive(hours, "hours", "a positive number of hours")
    n = checks.whole(devices, "devices")
    sources: list[str] = []
    assumptions: list[str] = []
    cloud = price_per_hour is not None or instance is not None
    owned = node is not None or device is not None or capex_usd is not None
    if cloud and owned:
        raise ParameterError("price_per_hour", "give a cloud price (price_per_hour or "
                             "instance) or owned hardware (node, device, capex_usd), not both")
    if price_per_hour is not None and instance is not None:
        raise ParameterError("price_per_hour", "give price_per_hour or instance, not both")
    if cloud:
        if instance is not None:
            price, said = instance_price(instance, accelerator)
            sources.append(said)
        else:
            price = checks.positive(price_per_hour, "price_per_hour",
                                    "a positive price per device-hour")
        rent = total_cost(resource_time(n, h), price)  # device-hours × the hourly price
        assumptions.append("electricity and facility costs are included in the hourly price")
        return Cost(hours=h, devices=n, mode="cloud", device_hour_usd=price,
                    capex_per_device_usd=None, lifetime_s=None, utilization=None,
                    compute_usd=rent, energy_j=energy_j, pue=None, electricity_usd_per_kwh=None,
                    electricity_usd=0.0, cost_usd=rent, sources=tuple(sources),
                    assumptions=tuple(assumptions))
    if not owned:
        raise ParameterError("price_per_hour", "no price to cost with: give price_per_hour or "
                             "instance (cloud), or node, device or capex_usd (owned hardware)")

    capex, power, label, power_note = None, None, None, ""
    if node is not None or device is not None:
        capex, power, label, power_note = _hardware(node, device)
    if capex_usd is not None:
        capex = checks.positive(capex_usd, "capex_usd", "a positive price per device")
    if capex is None:
        raise ParameterError("capex_usd", f"the catalog has no price for {label}; give the "
                             "price per device")
    if lifetime_years is None:
        life = LIFETIME.value
        assumptions.append(f"service life {life / YEAR:g} years: {LIFETIME.source.cite()}")
    else:
        life = service_life(lifetime_years)
    if utilization is None:
        u = 1.0
        assumptions.append("utilization 1: the hardware is in use its whole life (the lowest "
                           "cost per hour used)")
    else:
        u = checks.fraction(utilization, "utilization")
    amortized = capital_cost(capex * n, h * HOUR, life, u)

    if energy_j is None:
        if power is None:
            raise ParameterError("energy_j", "capex_usd without a node or device: give the "
                                 "run's energy to cost electricity")
        energy_j = energy_law.energy_from_power(power * n, h * HOUR)
        assumptions.append(power_note)
    if pue is None:
        pue = PUE[DEFAULT_PUE].value
        assumptions.append(f"PUE {pue:g}: {PUE[DEFAULT_PUE].source.cite()}")
    pue = checks.number(pue, "pue", "a PUE of at least 1")
    if pue < 1:
        raise ParameterError("pue", f"expected a PUE of at least 1; got {pue:g}")
    if electricity is None or isinstance(electricity, str):
        figure = lookup(ELECTRICITY, electricity or DEFAULT_ELECTRICITY, "electricity rate",
                        "electricity")
        rate = figure.value
        (assumptions if electricity is None else sources).append(
            f"electricity ${rate:g}/kWh: {figure.source.cite()}; {figure.source.note}")
    else:
        rate = checks.positive(electricity, "electricity", "a positive price per kWh")
    power_bill = electricity_cost(energy_j, pue, rate)
    return Cost(hours=h, devices=n, mode="owned", device_hour_usd=None,
                capex_per_device_usd=capex, lifetime_s=life, utilization=u,
                compute_usd=amortized, energy_j=energy_j, pue=pue,
                electricity_usd_per_kwh=rate, electricity_usd=power_bill,
                cost_usd=amortized + power_bill, sources=tuple(sources),
                assumptions=tuple(assumptions))
