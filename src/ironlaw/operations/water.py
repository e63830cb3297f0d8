"""Water: on-site cooling water from WUE, and optionally the grid's water behind the electricity.

    W_site = E_IT · WUE                     [m³]; E_IT [J], WUE [m³/J]
    W_grid = E_IT · PUE · EWIF              [m³]; EWIF [m³/J]: water consumed per energy generated
    W      = W_site + W_grid

WUE is The Green Grid's metric, annual site water over IT energy, quoted everywhere in L/kWh:
1 L/kWh = 1e-3 m³ / 3.6e6 J ≈ 2.78e-10 m³/J (``tables.L_PER_KWH``). Everything here is SI;
people's "0.15 L/kWh" is read at the edge (ironlaw.units, dimension ``water_intensity``) and
results are shown in litres (dimension ``volume``). The grid's water intensity (EWIF) varies
widely by generation mix; no default is assumed — pass it to count it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ironlaw.data.tables import lookup
from ironlaw.errors import ParameterError
from ironlaw.operations.tables import DEFAULT_WUE, WUE
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as fmt


@dataclass(frozen=True, repr=False)
class Water(Shown):
    """Water consumed for some IT energy [m³]."""

    energy_j: Any
    wue_m3_per_j: float
    onsite_m3: Any
    grid_m3: Any | None
    water_m3: Any
    grid_water_m3_per_j: float | None = None
    pue: Any = 1.0
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"energy_j": self.energy_j, "wue_m3_per_j": self.wue_m3_per_j,
                "grid_water_m3_per_j": self.grid_water_m3_per_j, "pue": self.pue,
                "onsite_m3": self.onsite_m3, "grid_m3": self.grid_m3, "water_m3": self.water_m3,
                "sources": list(self.sources), "assumptions": list(self.assumptions)}

    def rows(self) -> list[Table]:
        return [facts("Water", [("water", self.water_m3, "volume")], self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        energy = fmt(float(self.energy_j), "energy")
        lines = [Line("on-site water", "W_site = E_IT · WUE",
                      f"{energy} × {fmt(self.wue_m3_per_j, 'water_intensity')}",
                      fmt(self.onsite_m3, "volume"))]
        if self.grid_m3 is not None:
            lines += [Line("grid water", "W_grid = E_IT · PUE · EWIF",
                           f"{energy} × {self.pue:g} × "
                           f"{fmt(self.grid_water_m3_per_j, 'water_intensity')}",
                           fmt(self.grid_m3, "volume")),
                      Line("total water", "W = W_site + W_grid",
                           f"{fmt(self.onsite_m3, 'volume')} + {fmt(self.grid_m3, 'volume')}",
                           fmt(self.water_m3, "volume"))]
        return Worked("Water", tuple(lines), (*self.sources, *self.assumptions))


def water(energy_j, wue=None, *, pue: float = 1.0, grid_water=None) -> Water:
    """Water [m³] for ``energy_j`` [J] of IT energy (broadcasts): on-site at ``wue`` [m³/J, or
    a key of ``tables.WUE``; default aws-2024's 0.15 L/kWh], plus, when ``grid_water`` is given,
    the grid's water at that intensity [m³/J] on the facility energy E·``pue``."""
    sources, assumptions = [], []
    if wue is None or isinstance(wue, str):
        figure = WUE[DEFAULT_WUE] if wue is None else lookup(WUE, wue, "WUE figure", "wue")
        (assumptions if wue is None else sources).append(
            f"WUE {fmt(figure.value, 'water_intensity')}: {figure.source.cite()}")
        wue = figure.value
    wue = float(wue)
    if not wue >= 0:
        raise ParameterError("wue", "water usage effectiveness must be 0 or more, like "
                                    f"'0.15 L/kWh'; got {fmt(wue, 'water_intensity')}")
    onsite = energy_j * wue
    grid = None
    if grid_water is None:
        assumptions.append("the grid's water (evaporation at power plants) is not counted")
    else:
        grid_water = float(grid_water)
        if not grid_water >= 0:
            raise ParameterError("grid_water", "must be 0 or more, like '1.8 L/kWh'; got "
                                 f"{fmt(grid_water, 'water_intensity')}")
        grid = energy_j * pue * grid_water
    return Water(energy_j=energy_j, wue_m3_per_j=wue, onsite_m3=onsite, grid_m3=grid,
                 water_m3=onsite if grid is None else onsite + grid,
                 grid_water_m3_per_j=grid_water, pue=pue, sources=tuple(sources),
                 assumptions=tuple(assumptions))
