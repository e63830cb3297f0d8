"""Operations: what running a model costs in energy, carbon, water, money and failures.

energy        energy of one pass, by physics (bytes·pJ/B + ops·pJ/op) and by board power
carbon        grid carbon × PUE, plus amortized embodied carbon
water         on-site water from WUE, optionally the grid's water
cost          cloud rent per device-hour, or owned hardware amortized plus electricity
reliability   cluster MTBF, failure probability, Young–Daly checkpoint interval, goodput
tables        grid intensities, PUE, WUE, prices, service life, MTBF — each with its source

    from ironlaw.operations import carbon, energy_of, reliability, run_cost, water
"""

from __future__ import annotations

from ironlaw.operations.carbon import Carbon, carbon
from ironlaw.operations.cost import Cost, run_cost
from ironlaw.operations.energy import Energy, energy_of
from ironlaw.operations.reliability import Reliability, reliability
from ironlaw.operations.water import Water, water

__all__ = ["Carbon", "Cost", "Energy", "Reliability", "Water", "carbon", "energy_of",
           "reliability", "run_cost", "water"]
