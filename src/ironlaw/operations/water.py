"""Water: on-site cooling water from WUE, and optionally the grid's water behind the electricity.

    W_site = E_IT · WUE                     [L], E in kWh (E_J / 3.6e6), WUE in L/kWh
    W_grid = E_IT · PUE · EWIF              [L], EWIF: litres consumed per kWh generated
    W      = W_site + W_grid

WUE is The Green Grid's metric, annual site water over IT energy, and is quoted everywhere in
L/kWh, so it is taken in L/kWh here too (a WUE in L/J would be a trap of a factor 3.6e6). The
grid's water intensity (EWIF) varies widely by generation mix; no default is assumed — pass it
to count it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ironlaw.data.tables import lookup
from ironlaw.errors import ParameterError
from ironlaw.operations.tables import DEFAULT_WUE, KWH, WUE
from ironlaw.table import Shown, Table, facts
from ironlaw.units import format as fmt


@dataclass(frozen=True, repr=False)
class Water(Shown):
    """Water consumed for some IT energy [L]."""

    energy_j: Any
    wue_l_per_kwh: float
    onsite_l: Any
    grid_l: Any | None
    water_l: Any
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"energy_j": self.energy_j, "wue_l_per_kwh": self.wue_l_per_kwh,
                "onsite_l": self.onsite_l,
                "grid_l": self.grid_l, "water_l": self.water_l, "sources": list(self.sources),
                "assumptions": list(self.assumptions)}

    def rows(self) -> list[Table]:
        return [facts("Water", [("water", f"{fmt(self.water_l, 'count')} L")], self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        e_kwh = float(self.energy_j) / KWH
        lines = [Line("on-site water", "W_site = E_IT · WUE",
                      f"{fmt(e_kwh, 'count')} kWh × {self.wue_l_per_kwh:.3g} L/kWh",
                      f"{fmt(self.onsite_l, 'count')} L")]
        if self.grid_l is not None:
            lines.append(Line("total water", "W = W_site + W_grid",
                              f"{fmt(self.onsite_l, 'count')} L + {fmt(self.grid_l, 'count')} L",
                              f"{fmt(self.water_l, 'count')} L"))
        return Worked("Water", tuple(lines), (*self.sources, *self.assumptions))


def water(energy_j, wue=None, *, pue: float = 1.0, grid_l_per_kwh=None) -> Water:
    """Water for ``energy_j`` [J] of IT energy: on-site at ``wue`` [L/kWh, or a table key],
    plus the grid's ``grid_l_per_kwh`` [L/kWh] on the facility energy E·``pue`` when given."""
    sources, assumptions = [], []
    if wue is None or isinstance(wue, str):
        figure = WUE[DEFAULT_WUE] if wue is None else lookup(WUE, wue, "WUE figure", "wue")
        (assumptions if wue is None else sources).append(
            f"WUE {figure.value:g} L/kWh: {figure.source.cite()}")
        wue = figure.value
    wue = float(wue)
    if wue < 0:
        raise ParameterError("wue", "water usage effectiveness must be 0 or more L/kWh; "
                                    f"got {wue:g}")
    onsite = energy_j / KWH * wue
    grid = None
    if grid_l_per_kwh is None:
        assumptions.append("the grid's water (evaporation at power plants) is not counted")
    else:
        if float(grid_l_per_kwh) < 0:
            raise ParameterError("grid_l_per_kwh",
                                 f"must be 0 or more L/kWh; got {grid_l_per_kwh!r}")
        grid = energy_j / KWH * pue * float(grid_l_per_kwh)
    return Water(energy_j=energy_j, wue_l_per_kwh=wue, onsite_l=onsite, grid_l=grid,
                 water_l=onsite if grid is None else onsite + grid, sources=tuple(sources),
                 assumptions=tuple(assumptions))
