"""What one unit of work costs when a device is paid by the hour.

    cost per item   C = p / r            p the price [USD/s], r the items served per second
    per N items     C_N = N · p / r      (the book's "cost per million inferences": N = 10⁶)
    N at a price    C = N · p            N items (devices, labels, sensors) at p [USD] each;
                    ΔC = N · (p₂ − p)    what a second price p₂ changes on all N
    labeling        C = N · c · (1 + r_rev) · (1 + r_rw)
                                         N labels at c [USD] each, a fraction r_rev of them sent
                                         to expert review and r_rw redone (each in [0, 1])
    resource-time   N·t                  N units (GPUs, annotators, epochs) busy t [s] each: the
                                         device-hours or person-hours paid for [s];
                    T = N·t / W          the wall-clock time when W of them work at once [s];
                    N·t / Y              in worker-years of Y [s] of work each (2,000 h a year)

Prices are per device (or instance) and include what the seller includes (for a cloud
instance: electricity, cooling, the building); owned hardware's price per hour comes from
``operations.cost`` (amortization, electricity). Inputs broadcast.
"""

from __future__ import annotations

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real
from ironlaw.units import HOUR


def cost_per_items(price_per_s: Real, rate: Real, items: Real = 1.0) -> Real:
    """C_N = N · p / r [USD]: the cost of ``items`` served at ``rate`` [1/s] on a device that
    costs ``price_per_s`` [USD/s]."""
    return items * price_per_s / rate


def total_cost(items: Real, unit_price: Real) -> Real:
    """C = N·p [USD]: ``items`` bought at ``unit_price`` [USD] each."""
    return items * unit_price


def labeling_cost(items: Real, price: Real, review: Real, rework: Real) -> Real:
    """C = N·c·(1 + r_rev)·(1 + r_rw) [USD]: ``items`` labels at ``price`` [USD] each, a
    fraction ``review`` of them reviewed by experts and a fraction ``rework`` redone."""
    return total_cost(items, price) * (1.0 + review) * (1.0 + rework)


def resource_time(count: Real, each: Real) -> Real:
    """N·t [s]: ``count`` units busy ``each`` [s] apiece (GPU-hours, person-hours)."""
    return count * each


def elapsed_time(resource: Real, workers: Real) -> Real:
    """T = N·t / W [s]: a resource-time [s] shared by ``workers`` working at once."""
    return resource / workers


def _labeling(items, price, review, rework):
    base = total_cost(items, price)
    cost = labeling_cost(items, price, review, rework)
    return {"base": base, "factor": (1.0 + review) * (1.0 + rework), "cost": cost,
            "overhead": cost - base}


def _resource(count, each, workers, work_year):
    total = resource_time(count, each)
    return {"total": total, "hours": total / HOUR,
            "elapsed": None if workers is None else elapsed_time(total, workers),
            "worker_years": None if work_year is None else total / work_year}


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
    Calc(
        name="labeling-cost",
        title="Labeling cost with expert review and rework",
        inputs=(Symbol("items", "N", "count", "labels"),
                Symbol("price", "c", "usd", "base cost of one label"),
                Symbol("review", "r_rev", "count", "fraction of labels sent to expert review "
                                                   "(typically 0.05-0.15)",
                       domain="share", latex=r"r_{rev}"),
                Symbol("rework", "r_rw", "count", "fraction of labels redone (typically "
                                                  "0.10-0.30)",
                       domain="share", latex=r"r_{rw}")),
        outputs=(Symbol("base", "N·c", "usd", "the labels at their base cost"),
                 Symbol("factor", "(1 + r_rev)(1 + r_rw)", "factor", "quality overhead",
                        latex=r"(1 + r_{rev})(1 + r_{rw})"),
                 Symbol("cost", "C", "usd", "total labeling cost"),
                 Symbol("overhead", "C − N·c", "usd", "what review and rework add",
                        latex=r"C - N c")),
        formula="C = N·c·(1 + r_rev)·(1 + r_rw)",
        latex=r"C = N\,c\,(1 + r_{rev})\,(1 + r_{rw})",
        steps=("N·c = {items} × {price} = {base}",
               "C = {base} × (1 + {review}) × (1 + {rework}) = {base} × {factor} = {cost}",
               "C − N·c = {overhead}"),
        compute=_labeling,
        results=("cost", "base", "overhead", "factor"),
        notes=("Review and rework multiply the base cost; an expert review priced above a "
               "label is not in this model (the book's typical ranges: r_rev 0.05-0.15, "
               "r_rw 0.10-0.30).",),
        source="The Machine Learning Systems book, Data Engineering chapter, 'Building "
               "Reliable Labeling Platforms' (Total Cost = N × Cost_label × (1 + R_review) × "
               "(1 + R_rework))",
    ),
    Calc(
        name="resource-time",
        title="Resource-time: N units busy t each (GPU-hours, person-years), and the wait",
        inputs=(Symbol("count", "N", "count", "units busy (GPUs, annotators, labels, epochs)"),
                Symbol("each", "t", "time", "time each one takes"),
                Symbol("workers", "W", "count", "how many work at once (for the wall-clock "
                                                "time)", optional=True, domain="integer"),
                Symbol("work_year", "Y", "time", "working time in one worker-year (for "
                                                 "person-years: 2000 h)", optional=True)),
        outputs=(Symbol("total", "N·t", "time", "resource-time (GPU-hours, person-hours)"),
                 Symbol("hours", "N·t/1 h", "count", "the resource-time in unit-hours "
                                                     "(GPU-hours, person-hours)"),
                 Symbol("elapsed", "T", "time", "wall-clock time with W at once"),
                 Symbol("worker_years", "N·t/Y", "count", "worker-years (person-years)")),
        formula="N·t;  T = N·t/W;  N·t/Y",
        latex=r"N\,t, \quad T = N\,t / W, \quad N\,t / Y",
        steps=("N·t = {count} × {each} = {total} = {hours} unit-hours",
               "T = N·t/W = {total} / {workers} = {elapsed}",
               "N·t/Y = {total} / {work_year} = {worker_years} worker-years"),
        compute=_resource,
        results=("total", "hours", "elapsed", "worker_years"),
        notes=("Resource-time is what is paid for: GPU-hours times a price per GPU-hour is "
               "the bill. A calendar year of one worker is 8,766 h; a working year about "
               "2,000 h (50 weeks of 40 h).",),
        source="Definition: work measured in units × time (device-hours, person-years)",
    ),
)
