"""Data gravity: moving data costs time, money and energy, and distance sets a latency floor.

    T_send   = L + D/BW                    transfer time [s] (latency L [s], size D [B], BW [B/s])
    D_x      = L·BW                        crossover size [B]: below it latency dominates
    cost     = D · price                   egress cost [USD] at a price per byte [USD/B]
    T_ship   = T_transit + 2·D/BW_copy     ship media: copy on, carry, copy off [s]
    t_fiber  = d / v,  v = c / n_g         one-way propagation delay in fiber [s]

Light in single-mode fiber travels at c/n_g with group index n_g ≈ 1.4682 at 1550 nm (Corning
SMF-28 Ultra product information sheet), about 204,000 km/s.
"""

from __future__ import annotations

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, where

SPEED_OF_LIGHT = 299_792_458.0  # m/s, exact (SI definition)
FIBER_GROUP_INDEX = 1.4682  # Corning SMF-28 Ultra, 1550 nm
FIBER_SPEED = SPEED_OF_LIGHT / FIBER_GROUP_INDEX  # m/s


def transfer_time(data_bytes: Real, bandwidth: Real, latency: Real = 0.0) -> Real:
    """T = L + D/BW [s]."""
    return latency + data_bytes / bandwidth


def crossover_size(latency: Real, bandwidth: Real) -> Real:
    """D_x = L·BW [B]: the size at which latency and bandwidth time are equal."""
    return latency * bandwidth


def egress_cost(data_bytes: Real, price_per_byte: Real) -> Real:
    """Cost = D · price [USD]."""
    return data_bytes * price_per_byte


def ship_time(data_bytes: Real, transit_time: Real, copy_bandwidth: Real) -> Real:
    """T_ship = T_transit + 2·D/BW_copy [s]: copy onto media, carry it, copy off."""
    return transit_time + 2.0 * data_bytes / copy_bandwidth


def fiber_latency(distance: Real, speed: Real = FIBER_SPEED) -> Real:
    """One-way propagation delay t = d / v [s] (v defaults to light in fiber, c/1.4682)."""
    return distance / speed


def _ship_vs_send(data, bandwidth, latency, transit, copy_bandwidth):
    send = transfer_time(data, bandwidth, latency)
    ship = ship_time(data, transit, copy_bandwidth)
    return {"send": send, "ship": ship, "faster": where(ship < send, "ship", "send"),
            "effective": data / ship}


_SIZE = Symbol("data", "D", "bytes", "amount of data")
_BW = Symbol("bandwidth", "BW", "bandwidth", "link bandwidth")
_LAT = Symbol("latency", "L", "time", "latency (per transfer)", default=0.0, domain="nonnegative")

CALCS = (
    Calc(
        name="transfer-time",
        title="Transfer time over a link",
        inputs=(_SIZE, _BW, _LAT),
        outputs=(Symbol("serialization", "D/BW", "time", "time on the wire", latex="D/BW"),
                 Symbol("time", "T", "time", "transfer time"),
                 Symbol("crossover", "D_x", "bytes", "size where latency = D/BW", latex="D_x")),
        formula="T = L + D/BW",
        latex=r"T = L + \frac{D}{BW}",
        steps=("{latency} + {data}/{bandwidth}", "{latency} + {serialization}", "{time}"),
        compute=lambda data, bandwidth, latency: {
            "serialization": transfer_time(data, bandwidth),
            "time": transfer_time(data, bandwidth, latency),
            "crossover": crossover_size(latency, bandwidth)},
        results=("time", "crossover"),
        sums=(("time", ("latency", "serialization")),),
        source="design.md §3 (data gravity)",
    ),
    Calc(
        name="crossover-size",
        title="Latency/bandwidth crossover size",
        inputs=(Symbol("latency", "L", "time", "latency"), _BW),
        outputs=(Symbol("crossover", "D_x", "bytes", "crossover size", latex="D_x"),),
        formula="D_x = L·BW",
        latex=r"D_x = L \cdot BW",
        steps=("{latency} × {bandwidth}", "{crossover}"),
        compute=lambda latency, bandwidth: {"crossover": crossover_size(latency, bandwidth)},
        results=("crossover",),
        notes=("Smaller transfers are latency-bound; larger ones bandwidth-bound.",),
        source="design.md §3 (data gravity)",
    ),
    Calc(
        name="egress-cost",
        title="Egress cost of moving data out of a cloud",
        inputs=(_SIZE, Symbol("price", "p", "usd_per_byte", "egress price per byte")),
        outputs=(Symbol("cost", "C", "usd", "egress cost"),),
        formula="C = D·p",
        latex=r"C = D \cdot p",
        steps=("{data} × {price}", "{cost}"),
        compute=lambda data, price: {"cost": egress_cost(data, price)},
        results=("cost",),
        source="design.md §3 (data gravity)",
    ),
    Calc(
        name="ship-vs-send",
        title="Ship physical media or send over the network",
        inputs=(_SIZE, _BW, _LAT,
                Symbol("transit", "T_tr", "time", "door-to-door shipping time", latex="T_{tr}"),
                Symbol("copy_bandwidth", "BW_c", "bandwidth", "rate of copying onto/off media",
                       latex="BW_c")),
        outputs=(Symbol("send", "T_send", "time", "network time", latex=r"T_{send}"),
                 Symbol("ship", "T_ship", "time", "shipping time", latex=r"T_{ship}"),
                 Symbol("faster", "", "text", "faster option"),
                 Symbol("effective", "BW_ship", "bandwidth", "effective bandwidth of shipping",
                        latex=r"BW_{ship}")),
        formula="T_send = L + D/BW;  T_ship = T_tr + 2·D/BW_c",
        latex=r"T_{send} = L + \frac{D}{BW}, \quad T_{ship} = T_{tr} + \frac{2D}{BW_c}",
        steps=("T_send = {latency} + {data}/{bandwidth} = {send}",
               "T_ship = {transit} + 2 × {data}/{copy_bandwidth} = {ship}"),
        compute=_ship_vs_send,
        results=("faster", "send", "ship", "effective"),
        source="design.md §3 (data gravity); 'never underestimate the bandwidth of a truck'",
    ),
    Calc(
        name="fiber-latency",
        title="Speed-of-light latency in optical fiber",
        inputs=(Symbol("distance", "d", "length", "fiber route length"),
                Symbol("speed", "v", "speed", "propagation speed (c/1.4682)",
                       default=FIBER_SPEED)),
        outputs=(Symbol("one_way", "t", "time", "one-way delay"),
                 Symbol("round_trip", "RTT", "time", "round-trip time")),
        formula="t = d / v",
        latex=r"t = \frac{d}{v}",
        steps=("{distance} / {speed}", "{one_way}   (round trip {round_trip})"),
        compute=lambda distance, speed: {"one_way": fiber_latency(distance, speed),
                                         "round_trip": 2 * fiber_latency(distance, speed)},
        results=("one_way", "round_trip"),
        source="c = 299,792,458 m/s; group index 1.4682 (Corning SMF-28 Ultra, 1550 nm)",
    ),
)
