"""The energy–movement invariant: moving a byte costs more than computing on it.

    E = Σ_p O_p · e_op(p)  +  Σ_ℓ D_ℓ · e_byte(ℓ)

O_p operations at precision p [FLOP; a multiply-add is 2], e_op energy per operation [J/FLOP],
D_ℓ bytes moved at memory level ℓ [B], e_byte energy per byte at that level [J/B]. The
technology table (:mod:`ironlaw.laws.energy_table`) gives e_op and e_byte with provenance.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, dominant
from ironlaw.laws.energy_table import LEVELS, OPERATION, PRECISIONS, energy_per_byte, energy_per_op


@dataclass(frozen=True)
class EnergyTerms:
    """Energy spent computing and moving data [J], their total and the larger term."""

    compute_j: Any
    movement_j: Any
    total_j: Any
    dominant: Any

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def energy(flops: Real, data_bytes: Real, op_energy: Real, byte_energy: Real) -> EnergyTerms:
    """E = O·e_op + D·e_byte [J], with each term and which dominates."""
    compute = flops * op_energy
    movement = data_bytes * byte_energy
    return EnergyTerms(compute, movement, compute + movement,
                       dominant(("compute", "movement"), compute, movement))


def technology_energy(ops_by_precision: dict[str, Any],
                      bytes_by_level: dict[str, Any]) -> EnergyTerms:
    """E = Σ_p O_p·e_op(p) + Σ_ℓ D_ℓ·e_byte(ℓ) [J], from the technology table."""
    compute = sum(ops * energy_per_op(p) for p, ops in ops_by_precision.items())
    movement = sum(moved * energy_per_byte(level) for level, moved in bytes_by_level.items())
    return EnergyTerms(compute, movement, compute + movement,
                       dominant(("compute", "movement"), compute, movement))


def _compute(flops, data, precision, level):
    e_op, e_byte = energy_per_op(precision), energy_per_byte(level)
    terms = energy(flops, data, e_op, e_byte)
    return {"e_op": e_op, "e_byte": e_byte, "compute": terms.compute_j,
            "movement": terms.movement_j, "total": terms.total_j, "dominant": terms.dominant,
            "ratio": e_byte / e_op}


CALCS = (
    Calc(
        name="energy",
        title="Energy: computing plus moving data",
        inputs=(
            Symbol("flops", "O", "flops", "operations (multiply-add = 2)", domain="nonnegative"),
            Symbol("data", "D", "bytes", "bytes moved at the level", domain="nonnegative"),
            Symbol("precision", "p", "text", "precision of the operations", default="fp16",
                   choices=PRECISIONS),
            Symbol("level", "ℓ", "text", "memory level the bytes come from", default="dram",
                   choices=LEVELS, latex=r"\ell"),
        ),
        outputs=(
            Symbol("e_op", "e_op", "energy_per_flop", "energy per operation", latex="e_{op}"),
            Symbol("e_byte", "e_B", "energy_per_byte", "energy per byte", latex="e_B"),
            Symbol("compute", "E_O", "energy", "compute energy", latex="E_O"),
            Symbol("movement", "E_D", "energy", "movement energy", latex="E_D"),
            Symbol("total", "E", "energy", "total energy"),
            Symbol("dominant", "", "text", "larger term"),
            Symbol("ratio", "e_B/e_op", "count", "a byte moved costs this many operations",
                   latex=r"e_B / e_{op}"),
        ),
        formula="E = O·e_op + D·e_B",
        latex=r"E = O\,e_{op} + D\,e_B",
        steps=("{flops} × {e_op} + {data} × {e_byte}", "{compute} + {movement}", "{total}"),
        compute=_compute,
        results=("total", "dominant", "compute", "movement", "ratio"),
        source=OPERATION["fp16"].source.title,
        notes=("e_op and e_B come from the technology table (`ironlaw energy-table`).",),
    ),
)
