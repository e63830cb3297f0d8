"""Energy of one pass of a costed graph (an inference, a decode step, a training step), two ways.

physics   E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_byte(ℓ)            (``laws.energy``)
          O_p: the graph's FLOPs at its precision; D_ℓ: bytes from each memory level, the level
          the cost model used — weights from the level that holds them, each op's activations
          from the fastest level its working set fits in. The technology table is 45 nm
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

from ironlaw.errors import UserError
from ironlaw.frameworks.cost import Analysis
from ironlaw.laws.energy import technology_energy
from ironlaw.laws.energy_table import MOVEMENT, OPERATION
from ironlaw.table import Fact, Table, facts
from ironlaw.units import format as fmt

METHODS = ("both", "physics", "board")

# catalog memory level -> technology-table level (None: the table has no figure for it)
LEVEL_FIGURE = {"register": "register", "l1": "sram", "sram": "sram", "l2": "l2", "l3": "l2",
                "hbm": "hbm", "dram": "dram", "flash": None}
# catalog precision -> technology-table precision, and why when it is not the same
PRECISION_FIGURE = {
    "tf32": ("fp32", "tf32 operations costed at the fp32 figure (an upper bound)"),
    "fp8": ("int8", "fp8 operations costed at the int8 figure (an 8-bit datapath; the table "
                    "has no fp8)"),
    "fp6": ("int8", "fp6 operations costed at the int8 figure (upper bound)"),
    "fp4": ("int8", "fp4 operations costed at the int8 figure (upper bound)"),
    "int4": ("int8", "int4 operations costed at the int8 figure (upper bound)"),
}


@dataclass(frozen=True)
class Energy:
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

    @property
    def per_sample_j(self) -> float:
        return self.energy_j / self.samples

    @property
    def per_token_j(self) -> float | None:
        return None if not self.tokens else self.energy_j / self.tokens

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(per_sample_j=self.per_sample_j, per_token_j=self.per_token_j,
                   assumptions=list(self.assumptions))
        return out

    def rows(self) -> list[Table]:
        rows: list[Fact] = [(f"energy per pass ({self.headline})", self.energy_j, "energy")]
        if self.board_j is not None:
            rows.append(("average board power", f"{fmt(self.power_w, 'power')} "
                                                f"(busy {self.utilization:.0%})"))
        if self.physics_j is not None:
            rows.append(("energy per pass (physics, 45 nm)",
                         f"{fmt(self.physics_j, 'energy')} ({self.physics_dominant} dominates)"))
        rows.append(("energy per sample", self.per_sample_j, "energy"))
        if self.per_token_j is not None:
            rows.append(("energy per token", self.per_token_j, "energy"))
        return [facts(f"{self.model} on {self.device} · {self.precision} · {self.mode}", rows,
                      self.assumptions)]

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
                          f"{fmt(self.energy_j, 'energy')} / {self.samples:g}",
                          fmt(self.per_sample_j, "energy")))
        if self.per_token_j is not None:
            lines.append(Line("per token", "E / tokens",
                              f"{fmt(self.energy_j, 'energy')} / {self.tokens:g}",
                              fmt(self.per_token_j, "energy")))
        notes = (f"energy_j reports the {self.headline} figure",
                 f"technology table: {OPERATION['fp16'].source.title}", *self.assumptions)
        return Worked(f"Energy of {self.model} on {self.device} ({self.precision}, {self.mode})",
                      tuple(lines), notes)


def bytes_by_level(analysis: Analysis) -> dict[str, float]:
    """Bytes one pass moves from each catalog memory level, as the cost model placed them."""
    from ironlaw.frameworks.cost import fusion_plan, memory_levels

    graph = analysis.graph
    c = graph.columns()
    if analysis.mode == "fused":
        plan = fusion_plan(graph)
        working = plan["input_bytes"] + plan["output_bytes"]
    else:
        working = c["input_bytes"] + c["output_bytes"]
    weight_level, fast_levels, _ = memory_levels(analysis.device)
    level = np.full(len(working), weight_level.level, dtype=object)
    for lv in reversed(fast_levels):  # slowest first, so the fastest that fits wins
        level = np.where(working <= lv.capacity.value, lv.level, level)
    count = c["count"]
    moved = {weight_level.level: float(np.dot(count, c["weight_bytes"]))}
    for name in dict.fromkeys(level):
        moved[name] = moved.get(name, 0.0) + float(np.dot(count, np.where(level == name,
                                                                          working, 0.0)))
    return {k: v for k, v in moved.items() if v > 0}


def _physics(analysis: Analysis, assumptions: list[str]):
    dtype = analysis.graph.dtype
    precision, why = PRECISION_FIGURE.get(dtype, (dtype, None))
    if precision not in OPERATION:
        return None, f"no energy-per-operation figure for {dtype}"
    if why:
        assumptions.append(why)
    main = analysis.device.main_memory.level
    moved: dict[str, float] = {}
    placed = bytes_by_level(analysis)
    if main not in placed:
        assumptions.append(f"weights live in {main} but are costed at the level the cost model "
                           f"streams them from ({', '.join(placed)}): a lower bound")
    for level, nbytes in placed.items():
        figure = LEVEL_FIGURE.get(level)
        if figure is None:
            return None, f"no energy-per-byte figure for memory level {level!r}"
        if level == "l3":
            assumptions.append("L3 bytes costed at the 1 MB SRAM (l2) figure (a lower bound)")
        moved[figure] = moved.get(figure, 0.0) + nbytes
    ops = {precision: analysis.graph.flops}
    return (ops, moved, technology_energy(ops, moved)), None


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
    if method not in METHODS:
        raise UserError(f"--method: expected one of {', '.join(METHODS)}; got {method!r}")
    assumptions: list[str] = list(analysis.assumptions)
    device, graph, latency = analysis.device, analysis.graph, analysis.latency_s

    physics, missing = (None, None)
    if method in ("both", "physics"):
        physics, missing = _physics(analysis, assumptions)
        if physics is None:
            if method == "physics":
                raise UserError(f"--method physics: {device.id}: {missing}; use --method board")
            assumptions.append(f"physics energy unavailable: {missing}")

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
            raise UserError(f"--idle-power: expected 0 to the TDP ({fmt(tdp, 'power')}); "
                            f"got {fmt(idle, 'power')}")
    if utilization is None:
        u = busy_share(latency, analysis.overhead_s)
    else:
        u = float(utilization)
        if not 0 <= u <= 1:
            raise UserError(f"--utilization: expected a fraction in [0, 1]; got {utilization!r}")
    board_j = power = None
    if method in ("both", "board"):
        power = board_power(tdp, idle, u)
        board_j = power * latency

    ops, moved, terms = physics if physics is not None else ({}, {}, None)
    headline = "physics" if method == "physics" else "board"
    energy_j = terms.total_j if headline == "physics" else board_j
    return Energy(
        model=graph.name, device=device.id, precision=graph.dtype, mode=analysis.mode,
        method=method, headline=headline, latency_s=latency,
        samples=float(graph.meta.get("batch", 1)), tokens=graph.meta.get("tokens"),
        energy_j=float(energy_j),
        physics_j=None if terms is None else float(terms.total_j),
        physics_compute_j=None if terms is None else float(terms.compute_j),
        physics_movement_j=None if terms is None else float(terms.movement_j),
        physics_dominant=None if terms is None else str(terms.dominant),
        flops_by_precision=ops, bytes_by_level=moved, board_j=board_j, power_w=power,
        tdp_w=tdp, idle_w=idle, utilization=u, assumptions=tuple(assumptions))
