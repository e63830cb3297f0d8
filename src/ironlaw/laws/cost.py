"""What one unit of work costs when a device is paid by the hour.

    cost per item   C = p / r            p the price [USD/s], r the items served per second
    per N items     C_N = N · p / r      (the book's "cost per million inferences": N = 10⁶)
    N at a price    C = N · p            N items (devices, labels, sensors) at p [USD] each;
                    ΔC = N · (p₂ − p)    what a second price p₂ changes on all N

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


def total_cost(items: Real, unit_price: Real) -> Real:
    """C = N·p [USD]: ``items`` bought at ``unit_price`` [USD] each."""
    return items * unit_price


def _total(items, price, other):
    cost = total_cost(items, price)
    other_cost = None if other is None else total_cost(items, other)
    return {"cost": cost, "other_cost": other_cost,
            "difference": None if other is None else other_cost - cost}


CALCS = (
    Calc(
        name="total-cost",
        title="Total cost of N items at a unit price (and what a second price changes)",
        inputs=(Symbol("items", "N", "count", "how many (devices, labels, sensors)"),
                Symbol("price", "p", "usd", "price of one"),
                Symbol("other", "p₂", "usd", "a second price of one (to compare)",
                       optional=True, latex="p_2")),
        outputs=(Symbol("cost", "C", "usd", "cost of N at p"),
                 Symbol("other_cost", "C₂", "usd", "cost of N at p₂", latex="C_2"),
                 Symbol("difference", "ΔC", "usd", "C₂ − C", latex=r"\Delta C")),
        formula="C = N·p;  ΔC = N·(p₂ − p)",
        latex=r"C = N\,p, \quad \Delta C = N\,(p_2 - p)",
        steps=("C = {items} × {price} = {cost}", "C₂ = {items} × {other} = {other_cost}",
               "ΔC = C₂ − C = {difference}"),
        compute=_total,
        results=("cost", "other_cost", "difference"),
        source="Definition: a quantity times its unit price",
    ),
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
