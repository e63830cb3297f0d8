"""Carbon: operational emissions from the grid, plus an amortized share of embodied carbon.

    E_facility = E_IT · PUE                            [J]
    C_op       = E_IT · PUE · I_grid                   [kg CO2e], I_grid in kg/J (g/kWh / 3.6e9)
    C_embodied = C_mfg · t_use / t_life                [kg], the share of manufacturing carbon
    C          = C_op + C_embodied

Everything broadcasts over numpy arrays of energy. Grid intensities and PUE figures, with their
sources, are in :mod:`ironlaw.operations.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ironlaw import checks
from ironlaw.data.tables import lookup
from ironlaw.errors import ParameterError, UserError
from ironlaw.operations.tables import DEFAULT_PUE, GRID_ALIASES, GRID_CARBON, PUE
from ironlaw.provenance import Constant
from ironlaw.table import Shown, Table, facts
from ironlaw.units import KWH
from ironlaw.units import format as fmt


def operational_carbon(energy_j, pue, intensity):
    """C_op = E · PUE · I [kg]: IT energy [J], PUE [1], grid intensity [kg/J]."""
    return energy_j * pue * intensity


def embodied_share(embodied_kg, use_s, lifetime_s):
    """C_mfg · t_use / t_life [kg]: manufacturing carbon amortized over the service life."""
    return embodied_kg * use_s / lifetime_s


@dataclass(frozen=True, repr=False)
class Carbon(Shown):
    """Operational (+ embodied) carbon of some IT energy. Energies in J, masses in kg CO2e."""

    energy_j: Any
    pue: float
    facility_energy_j: Any
    region: str
    carbon_intensity_kg_per_j: float
    operational_kg: Any
    embodied_kg: Any
    carbon_kg: Any
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"energy_j": self.energy_j, "pue": self.pue,
                "facility_energy_j": self.facility_energy_j, "region": self.region,
                "carbon_intensity_kg_per_j": self.carbon_intensity_kg_per_j,
                "operational_kg": self.operational_kg, "embodied_kg": self.embodied_kg,
                "carbon_kg": self.carbon_kg, "sources": list(self.sources),
                "assumptions": list(self.assumptions)}

    def rows(self) -> list[Table]:
        embodied = f" (embodied {fmt(self.embodied_kg, 'mass')})" if self.embodied_kg else ""
        return [facts("Carbon", [("PUE", f"{self.pue:g}"), (f"carbon ({self.region})",
                                 fmt(self.carbon_kg, "mass") + embodied)], self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        e_kwh = float(self.energy_j) / KWH
        intensity = fmt(self.carbon_intensity_kg_per_j, "carbon_intensity")
        lines = [
            Line("facility energy", "E_facility = E_IT · PUE",
                 f"{fmt(self.energy_j, 'energy')} ({fmt(e_kwh, 'count')} kWh) × {self.pue:g}",
                 fmt(self.facility_energy_j, "energy")),
            Line("operational carbon", "C_op = E_IT · PUE · I_grid",
                 f"{fmt(e_kwh, 'count')} kWh × {self.pue:g} × {intensity} ({self.region})",
                 fmt(self.operational_kg, "mass")),
        ]
        if float(self.embodied_kg) > 0:
            lines.append(Line("total carbon", "C = C_op + C_embodied",
                              f"{fmt(self.operational_kg, 'mass')} + "
                              f"{fmt(self.embodied_kg, 'mass')}", fmt(self.carbon_kg, "mass")))
        return Worked("Carbon", tuple(lines), (*self.sources, *self.assumptions))


def grid_intensity(region: str) -> Constant:
    """The grid's carbon intensity figure for a region key or alias (e.g. fr, us, uk)."""
    key = region.strip().lower()
    return lookup(GRID_CARBON, GRID_ALIASES.get(key, key), "region", "region")


def carbon(energy_j, region: str = "us-average", pue=None, *, intensity=None,
           embodied_kg=0.0, use_s=None, lifetime_s=None,
           assumptions: tuple[str, ...] = ()) -> Carbon:
    """Carbon of ``energy_j`` of IT energy in ``region`` (or at ``intensity`` kg/J) at ``pue``.

    With ``embodied_kg`` (manufacturing carbon of the hardware used), ``use_s`` (how long it
    was used) and ``lifetime_s`` (its service life), the amortized embodied share is added.
    """
    assumptions, sources = list(assumptions), []
    if pue is None:
        figure = PUE[DEFAULT_PUE]
        pue = figure.value
        assumptions.append(f"PUE {pue:g} assumed: {figure.source.cite()}")
    elif isinstance(pue, str):
        figure = lookup(PUE, pue, "PUE figure", "pue")
        sources.append(f"PUE {figure.value:g}: {figure.source.cite()}")
        pue = figure.value
    pue = float(pue)
    if not pue >= 1.0:
        raise ParameterError("pue", f"power usage effectiveness is facility/IT energy, at least 1; "
                        f"got {pue:g}")
    if intensity is None:
        figure = grid_intensity(region)
        intensity = figure.value
        sources.append(f"grid {region}: {figure.source.cite()}"
                       + (f"; {figure.source.note}" if figure.source.note else ""))
    else:
        region = "custom"
        intensity = checks.positive(intensity, "intensity", "a carbon intensity of 0 or more",
                                    allow_zero=True)
    operational = operational_carbon(energy_j, pue, intensity)
    embodied = 0.0
    if embodied_kg:
        if use_s is None or lifetime_s is None:
            raise UserError("embodied carbon needs the time used and the service life")
        embodied = embodied_share(embodied_kg, use_s, lifetime_s)
    return Carbon(energy_j=energy_j, pue=pue, facility_energy_j=energy_j * pue, region=region,
                  carbon_intensity_kg_per_j=float(intensity), operational_kg=operational,
                  embodied_kg=embodied, carbon_kg=operational + embodied,
                  sources=tuple(sources), assumptions=tuple(assumptions))
