"""Cost of running N accelerators for a time t: rented by the second, or owned and amortized.

    cloud   C = t · N · p                            p: price per device-second [USD/s]
                                                     (electricity and facility are in p)
    owned   C = C_capex + C_electricity
            C_capex       = c · N · t / (L · u)      c: price per device [USD], L: service life
                                                     [s], u: fraction of the life in use
            C_electricity = E · PUE · p_E            E: IT energy [J], by default rated power
                                                     × t; p_E: electricity price [USD/J]

Every quantity is SI (t in s, prices in USD/s and USD/J); "$2.50/h" and "$0.12/kWh" are read
at the edge (ironlaw.units) and shown that way again. An idle owned machine still depreciates,
so a lower utilization u raises the cost of each hour used. Prices, electricity rates and the
service life, with sources, are in ``tables``.
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
    INSTANCES,
    LIFETIME,
    PUE,
    SERVICE_LIFE_YEARS,
)
from ironlaw.ranges import positive
from ironlaw.table import Shown, Table, facts
from ironlaw.units import YEAR
from ironlaw.units import format as fmt


@dataclass(frozen=True, repr=False)
class Cost(Shown):
    """Money for a run [USD]; its duration [s] and device counts as given (arrays when they
    were)."""

    duration_s: float
    devices: int
    mode: str  # cloud | owned
    price_usd_per_s: float | None  # cloud price per device-second
    capex_per_device_usd: float | None
    lifetime_s: float | None
    utilization: float | None
    compute_usd: float  # rent, or amortized capital
    energy_j: float | None
    pue: float | None
    electricity_usd_per_j: float | None
    electricity_usd: float
    cost_usd: float
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def device_cost_usd_per_s(self) -> float:
        """C / (t · N): what one device costs per second of the run [USD/s]."""
        return self.cost_usd / (self.duration_s * self.devices)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(device_cost_usd_per_s=self.device_cost_usd_per_s, sources=list(self.sources),
                   assumptions=list(self.assumptions))
        return out

    def rows(self) -> list[Table]:
        return [facts("Cost", [(f"cost ({self.mode})", f"{fmt(self.cost_usd, 'usd')} "
                               f"({fmt(self.device_cost_usd_per_s, 'usd_per_time')} per "
                               "device)")], self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        t, n = fmt(self.duration_s, "time"), self.devices
        if self.mode == "cloud":
            lines = [Line("rent", "C = t · N · p",
                          f"{t} × {n} × {fmt(self.price_usd_per_s, 'usd_per_time')}",
                          fmt(self.cost_usd, "usd"))]
        else:
            lines = [
                Line("amortized hardware", "C_capex = c · N · t / (L · u)",
                     f"{fmt(self.capex_per_device_usd, 'usd')} × {n} × {t} / "
                     f"({fmt(self.lifetime_s, 'time')} × {self.utilization:g})",
                     fmt(self.compute_usd, "usd")),
                Line("electricity", "C_el = E · PUE · p_E",
                     f"{fmt(self.energy_j, 'energy')} × {self.pue:g} × "
                     f"{fmt(self.electricity_usd_per_j, 'usd_per_energy', digits=4)}",
                     fmt(self.electricity_usd, "usd")),
                Line("total", "C = C_capex + C_el",
                     f"{fmt(self.compute_usd, 'usd')} + {fmt(self.electricity_usd, 'usd')}",
                     fmt(self.cost_usd, "usd")),
            ]
        lines.append(Line("per device", "C / (t · N)", f"{fmt(self.cost_usd, 'usd')} / ({t} × {n})",
                          fmt(self.device_cost_usd_per_s, "usd_per_time")))
        return Worked(f"Cost ({self.mode})", tuple(lines), (*self.sources, *self.assumptions))


def service_life(lifetime_s=None) -> float:
    """L [s]: a service life of ``lifetime_s`` [s] (within SERVICE_LIFE_YEARS), or by default
    LIFETIME's five years."""
    if lifetime_s is None:
        return LIFETIME.value
    low, high = SERVICE_LIFE_YEARS
    return checks.positive(lifetime_s, "lifetime_s", "a service life in seconds",
                           least=low * YEAR, most=high * YEAR)


def capital_cost(capex_usd, seconds, lifetime_s=LIFETIME.value, utilization=1.0):
    """C_capex = c · t / (L · u) [USD]: a device bought for ``capex_usd`` used for ``seconds``
    of its ``lifetime_s`` service life, in use a fraction ``utilization`` of it (broadcasts)."""
    return capex_usd * seconds / (lifetime_s * utilization)


def electricity_cost(energy_j, pue=PUE[DEFAULT_PUE].value,
                     price_per_j=ELECTRICITY[DEFAULT_ELECTRICITY].value):
    """C_el = E · PUE · p_E [USD] for ``energy_j`` [J] of IT energy (broadcasts): the
    facility's energy E·PUE bought at ``price_per_j`` [USD/J] (``laws.energy.electricity_cost``;
    $0.12/kWh is 0.12 / 3.6e6 USD/J)."""
    return energy_law.electricity_cost(energy_j * pue, price_per_j)


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


def owned_price(device, node=None) -> tuple[float | None, str]:
    """USD per device-second of owned hardware, and a note: ``run_cost`` of one device for one
    second, from the node's price and rated power per accelerator when the node has a price,
    else the device's price at TDP; None when the catalog prices neither."""
    for hardware in ((node, None), (None, device)):
        if hardware != (None, None) and _hardware(*hardware)[0] is not None:
            one = run_cost(1.0, 1, node=hardware[0], device=hardware[1])
            return one.cost_usd, (
                f"price per device {fmt(one.cost_usd, 'usd_per_time')}: "
                f"{fmt(one.capex_per_device_usd, 'usd')} over {one.lifetime_s / YEAR:g} years "
                f"plus electricity ({'; '.join(one.assumptions)})")
    return None, (f"no price for {device.id} in the catalog: no cost (give a price per "
                  "device-hour)")


def instance_price(instance: str, device_id: str | None = None) -> tuple[float, str]:
    """A cloud instance's price per device-second [USD/s] (its price per instance-second over
    the devices it carries) and the line that says where it comes from. With ``device_id``, an
    instance that carries another accelerator is refused: its price is not that device's."""
    figure, per, carried = lookup(INSTANCES, instance, "instance", "instance")
    if device_id is not None and carried != device_id:
        raise ParameterError("instance", f"{instance.strip().lower()} carries {carried}, not "
                             f"{device_id}; give an instance of {device_id}, or a price per "
                             "device-hour")
    return figure.value / per, (f"{instance}: {fmt(figure.value, 'usd_per_time')} for {per} "
                                f"devices; {figure.source.cite()}; {figure.source.note}")


def run_cost(duration_s, devices, *, price=None, instance=None, accelerator=None,
             node=None, device=None, on=None, capex_usd=None, lifetime_s=None,
             utilization=None, energy_j=None, electricity_price=None, pue=None) -> Cost:
    """Cost of ``devices`` accelerators for ``duration_s`` [s].

    Cloud: ``price`` per device-second [USD/s, or a string such as "$2.50/h"] or an
    ``instance`` from the table (with ``accelerator``, a catalog device ID, refused unless it
    carries that device). Owned: a catalog ``node`` or ``device`` (its price, or ``capex_usd``
    per device) amortized over ``lifetime_s`` [s] at ``utilization``, plus electricity at
    ``electricity_price`` [USD/J, a string such as "$0.12/kWh", or a table key] on
    ``energy_j`` [J] (default: rated power × duration) × ``pue``. ``duration_s``, ``devices``
    and ``energy_j`` broadcast (numpy arrays in, arrays in the Cost). The device may be given as
    ``on=``, as ``analyze`` takes it.
    """
    device = checks.device_given(device, on, required=False)
    t = checks.positive(duration_s, "duration_s", "a positive run time in seconds")
    n = checks.whole(devices, "devices")
    sources: list[str] = []
    assumptions: list[str] = []
    cloud = price is not None or instance is not None
    owned = node is not None or device is not None or capex_usd is not None
    if cloud and owned:
        raise ParameterError("price", "give a cloud price (price or instance) or owned "
                             "hardware (node, device, capex_usd), not both")
    if price is not None and instance is not None:
        raise ParameterError("price", "give price or instance, not both")
    if cloud:
        if instance is not None:
            per_s, said = instance_price(instance, accelerator)
            sources.append(said)
        else:
            per_s = positive("price", "usd_per_time", "$2.50/h")(price)
        rent = total_cost(resource_time(n, t), per_s)  # device-seconds × the price per second
        assumptions.append("electricity and facility costs are included in the hourly price")
        return Cost(duration_s=t, devices=n, mode="cloud", price_usd_per_s=per_s,
                    capex_per_device_usd=None, lifetime_s=None, utilization=None,
                    compute_usd=rent, energy_j=energy_j, pue=None, electricity_usd_per_j=None,
                    electricity_usd=0.0, cost_usd=rent, sources=tuple(sources),
                    assumptions=tuple(assumptions))
    if not owned:
        raise ParameterError("price", "no price to cost with: give price or instance (cloud), "
                             "or node, device or capex_usd (owned hardware)")

    capex, power, label, power_note = None, None, None, ""
    if node is not None or device is not None:
        capex, power, label, power_note = _hardware(node, device)
    if capex_usd is not None:
        capex = checks.positive(capex_usd, "capex_usd", "a positive price per device")
    if capex is None:
        raise ParameterError("capex_usd", f"the catalog has no price for {label}; give the "
                             "price per device")
    if lifetime_s is None:
        life = LIFETIME.value
        assumptions.append(f"service life {life / YEAR:g} years: {LIFETIME.source.cite()}")
    else:
        life = service_life(lifetime_s)
    if utilization is None:
        u = 1.0
        assumptions.append("utilization 1: the hardware is in use its whole life (the lowest "
                           "cost per hour used)")
    else:
        u = checks.fraction(utilization, "utilization")
    amortized = capital_cost(capex * n, t, life, u)

    if energy_j is None:
        if power is None:
            raise ParameterError("energy_j", "capex_usd without a node or device: give the "
                                 "run's energy to cost electricity")
        energy_j = energy_law.energy_from_power(power * n, t)
        assumptions.append(power_note)
    if pue is None:
        pue = PUE[DEFAULT_PUE].value
        assumptions.append(f"PUE {pue:g}: {PUE[DEFAULT_PUE].source.cite()}")
    pue = checks.number(pue, "pue", "a PUE of at least 1")
    if pue < 1:
        raise ParameterError("pue", f"expected a PUE of at least 1; got {pue:g}")
    rate = _electricity_rate(electricity_price, sources, assumptions)
    power_bill = electricity_cost(energy_j, pue, rate)
    return Cost(duration_s=t, devices=n, mode="owned", price_usd_per_s=None,
                capex_per_device_usd=capex, lifetime_s=life, utilization=u,
                compute_usd=amortized, energy_j=energy_j, pue=pue,
                electricity_usd_per_j=rate, electricity_usd=power_bill,
                cost_usd=amortized + power_bill, sources=tuple(sources),
                assumptions=tuple(assumptions))


def _is_key(value) -> bool:
    """Whether ``value`` names a table entry ("us-industrial") rather than a quantity."""
    return isinstance(value, str) and value.strip()[:1].isalpha()


def _electricity_rate(price, sources: list[str], assumptions: list[str]) -> float:
    """The electricity price [USD/J]: a key of ``tables.ELECTRICITY`` (the default when None,
    said as an assumption), a string with its unit ("$0.12/kWh"), or an SI float."""
    if price is None or _is_key(price):
        figure = lookup(ELECTRICITY, price or DEFAULT_ELECTRICITY, "electricity rate",
                        "electricity_price")
        (assumptions if price is None else sources).append(
            f"electricity {fmt(figure.value, 'usd_per_energy', digits=4)}: "
            f"{figure.source.cite()}; {figure.source.note}")
        return figure.value
    return positive("electricity_price", "usd_per_energy", "$0.12/kWh")(price)
