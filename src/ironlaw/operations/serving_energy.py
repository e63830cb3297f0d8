"""Energy per token of an LLM served: the energy of each pass the serving model ran, per token.

A pass's energy on one device is the one energy law (``operations.energy.energy_of`` of the
per-device graph's analysis: board P = P_idle + (P_TDP − P_idle)·u over its time, u the busy
share; physics from the bytes at each memory level, ``Analysis.bytes_by_level``), plus its
collectives' time at idle power (the chip waits on the link: a lower bound), on each of the
tp devices of a replica:

    E_pass = tp · (E_graph + P_idle · T_collectives)                                    [J]

At batch B the request is charged the passes of the schedule ``serve`` reports
(serving.batching.running): prefill-first runs its prefill pass and a 1/B share of the O − 1
decode steps at the mean context P + O/2; chunked prefill runs (O − 1)/B iterations per
request, a share f of them mixed passes that carry the prompts' chunks. With the replica busy
a share ρ of the time:

    E_busy    = E_prefill + (O − 1) · E_decode(B) / B                  (prefill-first)
              = (O − 1)/B · (f · E_mixed + (1 − f) · E_decode(B))       (chunked)
    E_request = E_busy  +  tp · P_idle · T_req · (1 − ρ)/ρ
    T_req = 1/X (X: requests/s per replica at full batch, of that schedule),
    ρ = min(1, λ/(replicas · X))
    energy per output token = E_request / O                                      [J/token]

Both E_busy forms are the board's mean power over the schedule's passes times T_req, so the
energy per token times the schedule's output tokens/s never exceeds tp·P_TDP.
with no arrival rate the replica is taken as always busy (ρ = 1). The engine saturated
(offline): one mixed pass per iteration yields B·O/(O − 1) output tokens, so

    energy per output token (offline) = E_iteration · (O − 1) / (B · O)

With prefix caching a share h of the prompts finds its prefix cached, and the prefill's
energy is the mean of the two passes, E_prefill = h·E_hit + (1 − h)·E_miss (serving.prefix).

The idle share takes the replica as running full batches a share ρ of the time and idling
otherwise (a simplification of a partly filled batch).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ironlaw.derive import Line, Worked
from ironlaw.errors import UserError
from ironlaw.laws.energy import energy_from_power
from ironlaw.operations.energy import energy_of
from ironlaw.serving.prefix import mean
from ironlaw.table import Fact, Table, facts
from ironlaw.units import format as fmt


@dataclass(frozen=True)
class PassEnergy:
    """One pass on a whole replica [J]: board (the headline) and physics (None if unknown)."""

    name: str
    time_s: float
    board_j: float
    physics_j: float | None
    power_w: float  # per device, while its graph runs


@dataclass(frozen=True)
class ServingEnergy:
    """Energy per request and per token of a served LLM (module docstring). J, W, s."""

    model: str
    device: str
    devices: int
    batch: int
    prompt: int
    output: int
    prefill: PassEnergy
    decode: PassEnergy
    idle_w: float  # per device
    busy_share: float  # ρ
    idle_j: float  # per request
    per_request_j: float
    per_output_token_j: float
    offline: PassEnergy | None = None
    offline_batch: int | None = None
    offline_per_output_token_j: float | None = None
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    schedule: str = "prefill-first"  # the schedule the request is charged (serve's)
    mixed: PassEnergy | None = None  # chunked prefill's mixed iteration
    mixed_share: float | None = None  # f

    def to_dict(self) -> dict[str, Any]:
        def one(p: PassEnergy | None):
            return None if p is None else {"time_s": p.time_s, "energy_j": p.board_j,
                                           "physics_j": p.physics_j, "power_w": p.power_w}

        return {"per_output_token_j": self.per_output_token_j,
                "per_request_j": self.per_request_j, "schedule": self.schedule,
                "prefill": one(self.prefill), "decode_step": one(self.decode),
                "mixed_iteration": one(self.mixed), "mixed_share": self.mixed_share,
                "idle_power_w": self.idle_w,
                "busy_share": self.busy_share, "idle_per_request_j": self.idle_j,
                "offline_batch": self.offline_batch,
                "offline_iteration": one(self.offline),
                "offline_per_output_token_j": self.offline_per_output_token_j,
                "assumptions": list(self.assumptions)}

    def headline(self) -> list[Fact]:
        rows: list[Fact] = [("energy per output token (batch B)", self.per_output_token_j,
                             "energy")]
        if self.offline_per_output_token_j is not None:
            rows.append(("energy per output token (offline)", self.offline_per_output_token_j,
                         "energy"))
        return rows

    def rows(self) -> list[Table]:
        rows = [*self.headline(), ("energy per request", self.per_request_j, "energy"),
                (f"board power per device ({' / '.join(p.name for p in self._passes())})",
                 " / ".join(fmt(p.power_w, "power") for p in self._passes())),
                ("busy share", fmt(self.busy_share, "share"))]
        return [facts(f"Energy of {self.model} served on {self.device}", rows,
                      self.assumptions)]

    def _passes(self) -> tuple[PassEnergy, ...]:
        """The passes the request is charged: prefill and decode, or mixed and decode."""
        return (self.prefill if self.mixed is None else self.mixed, self.decode)

    def explain(self) -> Worked:
        e = lambda x: fmt(x, "energy")  # noqa: E731
        b, o = self.batch, self.output
        lines = [Line(f"energy: {p.name}", "E = tp·(P(u)·T + P_idle·T_coll)",
                      f"{self.devices} device(s), {fmt(p.power_w, 'power')} while running, "
                      f"{fmt(p.time_s, 'time')}", e(p.board_j)) for p in self._passes()]
        lines.append(Line("energy: idle share per request", "tp·P_idle·T_req·(1 − ρ)/ρ",
                          f"{self.devices} × {fmt(self.idle_w, 'power')}, "
                          f"ρ = {self.busy_share:.3g}", e(self.idle_j)))
        if self.mixed is None:
            lines.append(Line("energy per request (prefill-first)",
                              "E_pre + (O − 1)·E_dec/B + E_idle",
                              f"{e(self.prefill.board_j)} + {o - 1} × "
                              f"{e(self.decode.board_j)} / {b} + {e(self.idle_j)}",
                              e(self.per_request_j)))
        else:
            f = self.mixed_share
            lines.append(Line("energy per request (chunked)",
                              "(O − 1)/B·(f·E_mix + (1 − f)·E_dec) + E_idle",
                              f"{o - 1}/{b} × ({f:.3g} × {e(self.mixed.board_j)} + "
                              f"{1 - f:.3g} × {e(self.decode.board_j)}) + {e(self.idle_j)}",
                              e(self.per_request_j)))
        lines.append(Line("energy per output token", "E_request / O",
                          f"{e(self.per_request_j)} / {o}", e(self.per_output_token_j)))
        if self.offline is not None:
            n = self.offline_batch
            lines.append(Line("energy per output token (offline)", "E_iter·(O − 1)/(B·O)",
                              f"{e(self.offline.board_j)} × {o - 1} / ({n} × {o})",
                              e(self.offline_per_output_token_j)))
        return Worked(f"Energy per token: {self.model} on {self.device}", tuple(lines),
                      self.assumptions)


def pass_energy(name: str, cost, tp: int, idle_w: float | None = None
                ) -> tuple[PassEnergy, float, tuple[str, ...]]:
    """(the pass on a replica, the device's idle power [W], assumptions) from a
    ``serving.phases.PassCost`` that kept its analysis; ``idle_w`` overrides the catalog's."""
    if cost.analysis is None:
        raise AssertionError(f"the {name} pass kept no analysis")
    one = energy_of(cost.analysis, idle_w=idle_w)
    board = tp * (one.board_j + energy_from_power(one.idle_w, cost.collective_s))
    physics = None if one.physics_j is None else tp * one.physics_j
    return (PassEnergy(name, float(cost.time_s), float(board), physics, float(one.power_w)),
            one.idle_w, one.assumptions)


def mean_pass(miss: PassEnergy, hit: PassEnergy, h: float) -> PassEnergy:
    """The mean of a prefix hit's and a miss's prefill, ``serving.prefix.mean`` of their time
    and energy; power is the mean energy over the mean time, per device."""
    time = mean(h, hit.time_s, miss.time_s)
    physics = None if miss.physics_j is None or hit.physics_j is None else (
        mean(h, hit.physics_j, miss.physics_j))
    power = mean(h, energy_from_power(hit.power_w, hit.time_s),
                 energy_from_power(miss.power_w, miss.time_s)) / time
    return PassEnergy(miss.name, time, mean(h, hit.board_j, miss.board_j), physics, power)


def serving_energy(result, idle_w: float | None = None) -> ServingEnergy:
    """Energy per output token of an LLM ``ServingResult`` (module docstring); ``idle_w`` is
    one device's idle power [W] when the catalog lacks it or you know better."""
    if result.kind != "llm" or "decode" not in result.passes:
        raise UserError(f"{result.model}: energy per token needs an LLM served by serve_llm")
    tp, b, o = result.devices, result.batch, result.output
    pre, idle, notes = pass_energy("prefill", result.passes["prefill"], tp, idle_w)
    if "prefill_hit" in result.passes:  # prefix caching: the mean over hits and misses
        hit, _, _ = pass_energy("prefill", result.passes["prefill_hit"], tp, idle_w)
        pre = mean_pass(pre, hit, result.prefix.hit)
    dec, _, more = pass_energy("decode", result.passes["decode"], tp, idle_w)
    assumptions = list(dict.fromkeys((*notes, *more)))
    running = result.running
    mixed = share = None
    if running.name == "chunked":
        mixed, _, more = pass_energy("mixed", result.passes["mixed"], tp, idle_w)
        assumptions += [a for a in more if a not in assumptions]
        share = running.mixed_share
        busy = (o - 1) / b * (share * mixed.board_j + (1.0 - share) * dec.board_j)
    else:
        busy = pre.board_j + (o - 1) * dec.board_j / b
    t_req = 1.0 / running.requests_per_s
    if result.arrival_rate is not None and result.replicas:
        rho = min(1.0, result.arrival_rate / (result.replicas * running.requests_per_s))
        assumptions.append(f"the replica runs full batches {fmt(rho, 'share')} of the time and "
                           "idles otherwise (idle power × idle share per request)")
    else:
        rho = 1.0
        assumptions.append("no arrival rate: the replica is taken as always busy (no idle "
                           "share)")
    idle_j = energy_from_power(tp * idle, t_req * (1.0 - rho) / rho)
    request = busy + idle_j
    offline = per_offline = None
    engine = result.offline
    it = result.passes.get("engine")
    if it is not None and engine is not None and engine.batch:
        offline, _, more = pass_energy("engine iteration", it, tp, idle_w)
        assumptions += [a for a in more if a not in assumptions]
        per_offline = offline.board_j * (o - 1) / (engine.batch * o)
    return ServingEnergy(result.model, result.node or result.device, tp, b, result.prompt, o,
                         pre, dec, float(idle), rho, float(idle_j), float(request),
                         float(request / o), offline,
                         engine.batch if offline else None, per_offline, tuple(assumptions),
                         running.name, mixed, share)


def with_energy(result, idle_w: float | None = None):
    """``result`` with its ``energy`` set (shown in its JSON, table and derivation); a model
    that does not fit has no energy to show, so it comes back as it was."""
    if result.verdict == "does not fit":
        return result
    return replace(result, energy=serving_energy(result, idle_w))
