"""Data gravity: move the dataset, ship it on disks, or move the computation to it.

For a dataset of D bytes over a link of bandwidth BW [B/s] and latency L [s]
(``laws.gravity``; energies from ``laws.energy_table``):

    send          T = L + D/BW             cost = D·p_egress      E = D·e_network
    ship disks    T = T_transit + 2·D/BW_copy                     E = 2·D·e_ssd (copy on, off)
    move compute  T = L + C/BW             cost = C·p_egress      E = C·e_network

C is what the computation weighs (a model, a container image). Below the crossover size
D_x = L·BW a transfer is latency-bound, above it bandwidth-bound. The fastest option wins the
decision; money and energy are reported beside it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ironlaw.checks import positive
from ironlaw.errors import ParameterError
from ironlaw.laws.energy_table import MOVEMENT, energy_per_byte
from ironlaw.laws.gravity import crossover_size, egress_cost, ship_time, transfer_time
from ironlaw.table import Fact, Shown, Table, facts
from ironlaw.units import format as fmt


@dataclass(frozen=True)
class Option:
    """One way of bringing data and computation together."""

    name: str  # send | ship | move-compute
    time_s: float
    cost_usd: float | None
    energy_j: float
    how: str


@dataclass(frozen=True, repr=False)
class GravityDecision(Shown):
    """Times [s], money [USD] and energy [J] of each option, and the fastest one."""

    dataset_bytes: float
    bandwidth_bytes_per_s: float
    latency_s: float
    crossover_bytes: float
    latency_bound: bool
    egress_usd_per_byte: float | None
    options: tuple[Option, ...]
    fastest: str
    cheapest: str | None
    decision: str
    assumptions: tuple[str, ...] = field(default_factory=tuple)

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["options"] = {o.name: {"time_s": o.time_s, "cost_usd": o.cost_usd,
                                   "energy_j": o.energy_j, "how": o.how} for o in self.options}
        out["assumptions"] = list(self.assumptions)
        return out

    def rows(self) -> list[Table]:
        rows: list[Fact] = [("decision", self.decision),
                            ("crossover size L·BW", self.crossover_bytes, "bytes")]
        for o in self.options:
            rows += [(f"{o.name}: time", o.time_s, "time"),
                     (f"{o.name}: energy", o.energy_j, "energy")]
            if o.cost_usd is not None:
                rows.append((f"{o.name}: egress cost", o.cost_usd, "usd"))
        return [facts("Data gravity", rows, self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        d, bw, lat = self.dataset_bytes, self.bandwidth_bytes_per_s, self.latency_s
        lines = [Line("crossover size", "D_x = L·BW",
                      f"{fmt(lat, 'time')} × {fmt(bw, 'bandwidth')}",
                      f"{fmt(self.crossover_bytes, 'bytes')} (D = {fmt(d, 'bytes')} is "
                      f"{'latency' if self.latency_bound else 'bandwidth'}-bound)")]
        send = self.option("send")
        lines.append(Line("send over the network", "T = L + D/BW",
                          f"{fmt(lat, 'time')} + {fmt(d, 'bytes')} / {fmt(bw, 'bandwidth')}",
                          fmt(send.time_s, "time")))
        e_net = fmt(energy_per_byte("network"), "energy_per_byte")
        lines.append(Line("energy to send", "E = D·e_network", f"{fmt(d, 'bytes')} × {e_net}",
                          fmt(send.energy_j, "energy")))
        if send.cost_usd is not None:
            lines.append(Line("egress cost", "C = D·p", f"{fmt(d, 'bytes')} × "
                              f"{fmt(self.egress_usd_per_byte, 'usd_per_byte')}",
                              fmt(send.cost_usd, "usd")))
        for option in self.options:
            if option.name == "ship":
                lines.append(Line("ship disks", "T = T_transit + 2·D/BW_copy", option.how,
                                  fmt(option.time_s, "time")))
            elif option.name == "move-compute":
                lines.append(Line("move the computation", "T = L + C/BW", option.how,
                                  fmt(option.time_s, "time")))
        notes = (self.decision, *self.assumptions,
                 f"e_network: {MOVEMENT['network'].source.cite()}; "
                 f"e_ssd: {MOVEMENT['ssd'].source.cite()}")
        return Worked("Data gravity: move the data or move the compute", tuple(lines), notes)


def gravity(dataset_bytes, *, bandwidth, latency=0.0, egress_per_byte=None, transit_time=None,
            copy_bandwidth=None, compute_bytes=None,
            assumptions: tuple[str, ...] = ()) -> GravityDecision:
    """Compare sending ``dataset_bytes``, shipping it (when ``transit_time`` and
    ``copy_bandwidth`` are given) and moving ``compute_bytes`` of computation to it instead."""
    d = positive(dataset_bytes, "dataset_bytes", "a positive size [B]")
    bw = positive(bandwidth, "bandwidth", "a positive bandwidth [B/s]")
    lat = positive(latency, "latency", "a time of 0 s or more", allow_zero=True)
    price = positive(egress_per_byte, "egress_per_byte", "a price of 0 or more [USD/B]",
                     allow_zero=True, optional=True)
    if (transit_time is None) != (copy_bandwidth is None):
        raise ParameterError("transit_time", "needs a copy bandwidth too, and the other way "
                             "round: shipping needs both the door-to-door time and the rate "
                             "of copying onto and off the disks")
    assumptions = list(assumptions)
    e_net = energy_per_byte("network")
    send_s = float(transfer_time(d, bw, lat))
    options = [Option("send", send_s, None if price is None else float(egress_cost(d, price)),
                      d * e_net, f"{fmt(d, 'bytes')} over {fmt(bw, 'bandwidth')}")]
    if price is None:
        assumptions.append("no egress price given: money not compared")
    if transit_time is not None:
        transit = positive(transit_time, "transit_time", "a positive time [s]")
        copy = positive(copy_bandwidth, "copy_bandwidth", "a positive bandwidth [B/s]")
        ship_s = float(ship_time(d, transit, copy))
        options.append(Option("ship", ship_s, None, 2.0 * d * energy_per_byte("ssd"),
                              f"{fmt(transit, 'time')} + 2 × {fmt(d, 'bytes')} / "
                              f"{fmt(copy, 'bandwidth')}"))
        assumptions.append("shipping: carrier fees and the truck's fuel are not counted; "
                           "its energy is the copy on and off the disks")
    if compute_bytes is not None:
        c = positive(compute_bytes, "compute_bytes", "a positive size [B]")
        options.append(Option("move-compute", float(transfer_time(c, bw, lat)),
                              None if price is None else float(egress_cost(c, price)),
                              c * e_net, f"{fmt(lat, 'time')} + {fmt(c, 'bytes')} / "
                                         f"{fmt(bw, 'bandwidth')}"))
        assumptions.append("moving compute assumes the data's site has capacity to run it")
    fastest = min(options, key=lambda o: o.time_s)
    priced = [o for o in options if o.cost_usd is not None]
    cheapest = min(priced, key=lambda o: o.cost_usd).name if priced else None
    others = ", ".join(f"{o.name} {fmt(o.time_s, 'time')}" for o in options if o is not fastest)
    decision = f"{fastest.name}: {fmt(fastest.time_s, 'time')}" + (f" (vs {others})"
                                                                    if others else "")
    crossover = float(crossover_size(lat, bw))
    return GravityDecision(
        dataset_bytes=d, bandwidth_bytes_per_s=bw, latency_s=lat, crossover_bytes=crossover,
        latency_bound=d < crossover, egress_usd_per_byte=price, options=tuple(options),
        fastest=fastest.name, cheapest=cheapest, decision=decision,
        assumptions=tuple(assumptions))
