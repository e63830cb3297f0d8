"""Energy of one pass of a costed graph (an inference, a decode step, a training step), two ways.

physics   E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_byte(ℓ)            (``laws.energy``)
          O_p: FLOPs (dequantization included) of the ops at precision p, each op at its own
          (``dtypes`` names the table's figure for it); D_ℓ: bytes from each memory level, as
          the cost model placed them (``Analysis.bytes_by_level``). The technology table is 45 nm
          (Horowitz, ISSCC 2014): a floor on the chip's dynamic energy, not its wall power.
board     E = P·T,  P = P_idle + (P_TDP − P_idle)·u,  T = the pass's latency
          u = the fraction of T spent running kernels (compute- or memory-bound ops) rather
          than in launch gaps: u = (t_compute-bound + t_memory-bound)/T = 1 − t_overhead/T.
          A busy board is taken at TDP, an upper bound: an 8-GPU H100 node was measured at
          8.4 kW of its 10.2 kW rating while training (Latif et al., IEEE Access 13, 2025).

``energy_j`` reports the board figure when ``method="both"`` (what a meter at the wall sees,
and what carbon and cost should use) with the physics figure beside it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ironlaw import checks
from ironlaw.dtypes import dtype as dtype_of
from ironlaw.errors import ParameterError
from ironlaw.frameworks.cost import Analysis
from ironlaw.frameworks.graph import Workload
from ironlaw.laws.energy import energy_from_power, technology_energy
from ironlaw.laws.energy_table import LEVEL_FIGURE, MOVEMENT, OPERATION
from ironlaw.table import Fact, Shown, Table, facts
from ironlaw.units import format as fmt

METHODS = ("both", "physics", "board")

@dataclass(frozen=True, repr=False)
class Energy(Shown):
    """Energy of one pass [J] by physics and by board power; per sample and per token."""

    model: str
    device: str
    precision: str
    mode: str
    method: str
    headline: str  # the method energy_j reports: board | physics
    latency_s: float
    samples: float
    tokens: float | None
    energy_j: float
    physics_j: float | None
    physics_compute_j: float | None
    physics_movement_j: float | None
    physics_dominant: str | None
    flops_by_precision: dict[str, float]
    bytes_by_level: dict[str, float]
    board_j: float | None
    power_w: float | None
    tdp_w: float
    idle_w: float
    utilization: float
    assumptions: tuple[str, ...] = field(default_factory=tuple)
    workload: Workload = field(default_factory=Workload)  # the operating point it was costed at

    @property
    def per_sample_j(self) -> float:
        return self.energy_j / self.samples

    @property
    def per_token_j(self) -> float | None:
        return None if not self.tokens else self.energy_j / self.tokens

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["workload"]
        out = {**{k: out.pop(k) for k in ("model", "device", "precision", "mode")},
               **self.workload.point_fields(), **out}
        out.update(per_sample_j=self.per_sample_j, per_token_j=self.per_token_j,
                   assumptions=list(self.assumptions))
        return out

    @property
    def title(self) -> str:
        return (f"{self.model} on {self.device} · {self.precision} · {self.mode} · "
                f"{self.workload.point()}")

    def rows(self) -> list[Table]:
        rows: list[Fact] = [(f"energy per pass ({self.headline})", self.energy_j, "energy")]
        if self.board_j is not None:
            rows.append(("average board power", f"{fmt(self.power_w, 'power')} "
                                                f"(busy {fmt(self.utilization, 'share')})"))
        if self.physics_j is not None:
            rows.append(("energy per pass (physics, 45 nm)",
                         f"{fmt(self.physics_j, 'energy')} ({self.physics_dominant} dominates)"))
        rows.append(("energy per sample", self.per_sample_j, "energy"))
        if self.per_token_j is not None:
            rows.append(("energy per token", self.per_token_j, "energy"))
        return [facts(self.title, rows, self.assumptions)]

    def explain(self):
        from ironlaw.derive import Line, Worked

        lines = []
        if self.physics_j is not None:
            ops = " + ".join(f"{fmt(o, 'flops')} × {fmt(OPERATION[p].value, 'energy_per_flop')}"
                             for p, o in self.flops_by_precision.items())
            moved = " + ".join(f"{fmt(d, 'bytes')} × "
                               f"{fmt(MOVEMENT[lv].value, 'energy_per_byte')} ({lv})"
                               for lv, d in self.bytes_by_level.items())
            lines += [
                Line("compute energy (physics)", "E_O = Σ O_p·e_op(p)", ops,
                     fmt(self.physics_compute_j, "energy")),
                Line("movement energy (physics)", "E_D = Σ D_ℓ·e_byte(ℓ)", moved,
                     fmt(self.physics_movement_j, "energy")),
                Line("physics energy per pass", "E = E_O + E_D",
                     f"{fmt(self.physics_compute_j, 'energy')} + "
                     f"{fmt(self.physics_movement_j, 'energy')}",
                     f"{fmt(self.physics_j, 'energy')} ({self.physics_dominant} dominates)"),
            ]
        if self.board_j is not None:
            lines += [
                Line("average board power", "P = P_idle + (P_TDP − P_idle)·u",
                     f"{fmt(self.idle_w, 'power')} + ({fmt(self.tdp_w, 'power')} − "
                     f"{fmt(self.idle_w, 'power')}) × {self.utilization:.3g}",
                     fmt(self.power_w, "power")),
                Line("board energy per pass", "E = P·T",
                     f"{fmt(self.power_w, 'power')} × {fmt(self.latency_s, 'time')}",
                     fmt(self.board_j, "energy")),
            ]
        lines.append(Line("per sample", "E / batch",
                          f"{fmt(self.energy_j, 'energy')} / {fmt(self.samples, 'count')}",
                          fmt(self.per_sample_j, "energy")))
        if self.per_token_j is not None:
            lines.append(Line("per token", "E / tokens",
                              f"{fmt(self.energy_j, 'energy')} / {fmt(self.tokens, 'count')}",
                              fmt(self.per_token_j, "energy")))
        notes = (f"energy_j reports the {self.headline} figure",
                 f"technology table: {OPERATION['fp16'].source.title}", *self.assumptions)
        return Worked(f"Energy of {self.model} on {self.device} ({self.precision}, {self.mode})",
                      tuple(lines), notes)


@dataclass(frozen=True)
class Physics:
    """E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_byte(ℓ) of one pass: operations by table precision,
    bytes by table level, the terms [J] (None where the table lacks a figure: ``missing``
    says which) and notes on figures borrowed from another precision or level."""

    flops_by_precision: dict[str, float]
    bytes_by_level: dict[str, float]
    terms: Any
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def total_j(self) -> float | None:
        return None if self.terms is None else float(self.terms.total_j)


def physics(analysis: Analysis) -> Physics:
    """The physics energy of one pass from the precisions and memory levels the analysis
    used (``Analysis.flops_by_precision``, ``Analysis.bytes_by_level``)."""
    notes: list[str] = []
    ops: dict[str, float] = {}
    for precision, flops in analysis.flops_by_precision().items():
        d = dtype_of(precision)
        if d.energy_note:
            notes.append(d.energy_note)
        ops[d.energy] = ops.get(d.energy, 0.0) + flops
        if d.energy == "fp8":
            notes.append(f"fp8 energy per operation: {OPERATION['fp8'].source.note} (estimate)")
    placed = analysis.bytes_by_level()
    main = analysis.device.main_memory.level
    if main not in placed and placed:
        notes.append(f"weights live in {main} but are costed at the level the cost model "
                     f"streams them from ({', '.join(placed)}): a lower bound")
    moved: dict[str, float] = {}
    missing = [f"no energy-per-operation figure for {p}" for p in ops if p not in OPERATION]
    for level, nbytes in placed.items():
        figure = LEVEL_FIGURE.get(level)
        if figure is None:
            missing.append(f"no energy-per-byte figure for memory level {level!r}")
            continue
        if level == "l3":
            notes.append("L3 bytes costed at the 1 MB SRAM (l2) figure (a lower bound)")
        moved[figure] = moved.get(figure, 0.0) + nbytes
    terms = None if missing else technology_energy(ops, moved)
    return Physics(ops, moved, terms, tuple(dict.fromkeys(notes)), tuple(missing))


def busy_share(latency_s, overhead_s):
    """u = 1 − t_overhead/T: the share of a pass spent in kernels (0 for T = 0; broadcasts)."""
    latency_s = np.asarray(latency_s, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(latency_s > 0, 1.0 - overhead_s / latency_s, 0.0)[()]


def board_power(tdp_w, idle_w, utilization):
    """P = P_idle + (P_TDP − P_idle)·u [W] (broadcasts)."""
    return idle_w + (tdp_w - idle_w) * utilization


def energy_of(analysis: Analysis, method: str = "both", *, utilization: float | None = None,
              idle_w: float | None = None) -> Energy:
    """Energy of one pass of ``analysis`` by ``method``: physics, board or both (see module)."""
    checks.choice(method, "method", METHODS)
    assumptions: list[str] = list(analysis.assumptions)
    device, graph, latency = analysis.device, analysis.graph, analysis.latency_s

    ops, moved, terms = {}, {}, None
    if method in ("both", "physics"):
        found = physics(analysis)
        ops, moved, terms = found.flops_by_precision, found.bytes_by_level, found.terms
        if terms is None:
            missing = "; ".join(found.missing)
            if method == "physics":
                raise ParameterError("method", f"physics: {device.id}: {missing}; use the board "
                                              "method")
            assumptions.append(f"physics energy unavailable: {missing}")
        else:
            assumptions += [n for n in found.notes if n not in assumptions]

    tdp = device.power.tdp.value
    if idle_w is None:
        if device.power.idle is not None:
            idle = device.power.idle.value
        else:
            idle = 0.0
            if method != "physics":
                assumptions.append(f"{device.id}: idle power not in the catalog; board energy "
                                   "takes 0 W when idle (a lower bound; give the idle power)")
    else:
        idle = float(idle_w)
        if not 0 <= idle <= tdp:
            raise ParameterError("idle_w", f"expected 0 to the TDP ({fmt(tdp, 'power')}); "
                            f"got {fmt(idle, 'power')}")
    if utilization is None:
        u = busy_share(latency, analysis.overhead_s)
    else:
        u = checks.fraction(utilization, "utilization", open_low=False)
    board_j = power = None
    if method in ("both", "board"):
        power = board_power(tdp, idle, u)
        board_j = energy_from_power(power, latency)

    headline = "physics" if method == "physics" else "board"
    energy_j = terms.total_j if headline == "physics" else board_j
    return Energy(
        model=graph.name, device=device.id, precision=graph.dtype, mode=analysis.mode,
        method=method, headline=headline, latency_s=latency,
        samples=float(graph.workload.batch), tokens=graph.workload.tokens,
        energy_j=float(energy_j),
        physics_j=None if terms is None else float(terms.total_j),
        physics_compute_j=None if terms is None else float(terms.compute_j),
        physics_movement_j=None if terms is None else float(terms.movement_j),
        physics_dominant=None if terms is None else str(terms.dominant),
        flops_by_precision=ops, bytes_by_level=moved, board_j=board_j, power_w=power,
        tdp_w=tdp, idle_w=idle, utilization=u, assumptions=tuple(assumptions),
        workload=graph.workload)
