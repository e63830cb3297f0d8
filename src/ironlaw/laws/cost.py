"""What one unit of work costs when a device is paid by the hour.

    cost per item   C = p / r            p the price [USD/s], r the items served per second
    per N items     C_N = N · p / r      (the book's "cost per million inferences": N = 10⁶)

Prices are per device (or instance) and include what the seller includes (for a cloud
instance: electricity, cooling, the building); owned hardware's price per hour comes from
``operations.cost`` (amortization, electricity). Inputs broadcast.
"""

from __future__ import annotations

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real


def cost_per_items(price_per_s: Real, rate: Real, items: Real = 1.0) -> Real:
    """C_N = N · p / r [USD]: the cost of ``items`` served at ``rate`` [1/s] on a device that
    costs ``price_per_s`` [USD/s]."""
    return items * price_per_s / rate


CALCS = (
    Calc(
        name="cost-per-inference",
        title="Cost per inference (or per million)",
        inputs=(Symbol("price", "p", "usd_per_time", "price of the device or instance"),
                Symbol("rate", "r", "rate", "inferences (or tokens) served per second",
                       what="inferences"),
                Symbol("items", "N", "count", "how many to price", default=1e6)),
        outputs=(Symbol("per_item", "p/r", "usd", "cost of one"),
                 Symbol("cost", "C_N", "usd", "cost of N")),
        formula="C_N = N · p / r",
        latex=r"C_N = N\,p / r",
        steps=("p / r = {price} / {rate} = {per_item}", "C_N = {items} × {per_item} = {cost}"),
        compute=lambda price, rate, items: {"per_item": cost_per_items(price, rate),
                                            "cost": cost_per_items(price, rate, items)},
        results=("cost", "per_item"),
        notes=("The device is busy all the hours it is paid for; at utilization u the cost "
               "is C_N/u.",),
        source="Definition: the price of an hour over the items served in that hour",
    ),
)
