"""The energy–movement invariant: moving a byte costs more than computing on it.

    E = Σ_p O_p · e_op(p)  +  Σ_ℓ D_ℓ · e_byte(ℓ)

O_p operations at precision p [FLOP; a multiply-add is 2], e_op energy per operation [J/FLOP],
D_ℓ bytes moved at memory level ℓ [B], e_byte energy per byte at that level [J/B]. The
technology table (:mod:`ironlaw.laws.energy_table`) gives e_op and e_byte with provenance; your
own constants replace them: an energy per operation, per byte, or per access of N bits
(e_byte = e_access / (N/8)).

    ratio = e_a / e_b        how many of event b cost as much as one event a
                             (a 32-bit DRAM access 640 pJ / an fp32 multiply 3.7 pJ ≈ 173)

    E = P · t                the energy a device drawing P [W] for t [s] uses [J]
    C = E · p_E              its electricity cost at p_E [USD/J] ($/kWh ÷ 3.6 MJ)
    t = E / P                how long a store of E [J] (a battery: 1 Wh = 3600 J) lasts at a
                             mean power P [W] [s]: the same relation solved for the time
    η_E = R / P              compute per watt: a rate R [FLOP/s or OP/s] over the power P [W]
                             it draws, in FLOP/J (1 TFLOP/s/W = 1 TOPS/W = 10¹² per joule);
                             its inverse P/R is the energy per operation [J/FLOP]

    P = α·C·V²·f             CMOS dynamic (switching) power: activity α, switched capacitance
                             C [F], supply voltage V [V], clock f [Hz]
    P₂ = P₁·(f₂/f₁)ⁿ         the same chip at another clock: n = 3 under voltage-frequency
                             scaling (DVFS), where V is raised in proportion to f; n = 1 at a
                             fixed voltage. Leakage power is not in it, so it bounds the change
                             of the dynamic part only
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Symbol
from ironlaw.laws._pick import Real, dominant
from ironlaw.laws.energy_table import (
    EVENTS,
    LEVELS,
    OPERATION,
    PRECISIONS,
    energy_per_byte,
    energy_per_event,
    energy_per_op,
)


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


def byte_energy_of_access(access_energy: Real, access_bits: Real) -> Real:
    """e_byte = e_access / (N/8) [J/B]: an access of N bits spread over its bytes."""
    return access_energy / (access_bits / 8.0)


def _compute(flops, data, precision, level, op_energy, byte_energy, access_energy,
             access_bits):
    if byte_energy is not None and access_energy is not None:
        raise ParameterError("access_energy", "give an energy per byte or per access, not both")
    if access_bits is not None and access_energy is None:
        raise ParameterError("access_bits", "goes with access_energy (the energy of one "
                                            "access of that many bits)")
    e_op = energy_per_op(precision) if op_energy is None else op_energy
    bits = 32.0 if access_bits is None else access_bits
    if access_energy is not None:
        e_byte = byte_energy_of_access(access_energy, bits)
    else:
        e_byte = energy_per_byte(level) if byte_energy is None else byte_energy
    terms = energy(flops, data, e_op, e_byte)
    return {"e_op": e_op, "e_byte": e_byte, "compute": terms.compute_j,
            "movement": terms.movement_j, "total": terms.total_j, "dominant": terms.dominant,
            "ratio": e_byte / e_op, "access_ratio": e_byte * bits / 8.0 / e_op,
            "bits": bits}


def energy_from_power(power: Real, time: Real) -> Real:
    """E = P·t [J]: the energy of drawing a mean power P [W] for a time t [s]."""
    return power * time


def runtime_from_energy(energy_j: Real, power: Real) -> Real:
    """t = E/P [s]: how long an energy store E [J] lasts at a mean power P [W]."""
    return energy_j / power


def compute_per_watt(rate: Real, power: Real) -> Real:
    """η_E = R/P [FLOP/J]: operations per second R [FLOP/s] per watt P [W] drawn."""
    return rate / power


def electricity_cost(energy_j: Real, price_per_j: Real) -> Real:
    """C = E·p_E [USD]: energy E [J] bought at p_E [USD/J] (a $/kWh price over 3.6e6 J/kWh)."""
    return energy_j * price_per_j


def clock_power_ratio(f_new: Real, f_old: Real, exponent: Real = 3.0) -> Real:
    """P₂/P₁ = (f₂/f₁)ⁿ: dynamic power at clock f₂ over that at f₁ (P = α·C·V²·f; n = 3 when
    V ∝ f across the DVFS range, 1 at a fixed voltage)."""
    return (f_new / f_old) ** exponent


VOLTAGE_EXPONENT = {"scaled": 3.0, "fixed": 1.0}  # P ∝ f·V²: V ∝ f, or V constant


def _dvfs(f1, f2, voltage, power):
    exponent = VOLTAGE_EXPONENT[voltage]
    ratio = clock_power_ratio(f2, f1, exponent)
    return {"scale": f2 / f1, "exponent": exponent, "ratio": ratio, "change": ratio - 1.0,
            "power2": None if power is None else power * ratio}


def _power_energy(power, time, price):
    e = energy_from_power(power, time)
    return {"energy": e, "cost": None if price is None else electricity_cost(e, price)}


def _battery(capacity, power):
    return {"runtime": runtime_from_energy(capacity, power)}


def _per_watt(rate, power):
    efficiency = compute_per_watt(rate, power)
    return {"efficiency": efficiency, "energy_per_op": 1.0 / efficiency}


def _ratio(a, b):
    # a named event's energy from the table, or the energy given (a float, in J)
    e_a, e_b = (energy_per_event(x) if isinstance(x, str) else x for x in (a, b))
    return {"e_a": e_a, "e_b": e_b, "ratio": e_a / e_b}


CALCS = (
    Calc(
        name="dvfs-power",
        title="Dynamic power at another clock: P ∝ C·V²·f, with V ∝ f under DVFS",
        inputs=(Symbol("f1", "f₁", "frequency", "the clock now ('1.4 GHz'; or 1 with f₂ = 1.2 "
                                                "for 20% more)", latex="f_1"),
                Symbol("f2", "f₂", "frequency", "the new clock", latex="f_2"),
                Symbol("voltage", "V", "text", "scaled: V rises in proportion to f (DVFS, "
                                               "P ∝ f³); fixed: V stays (P ∝ f)",
                       default="scaled", choices=tuple(VOLTAGE_EXPONENT)),
                Symbol("power", "P₁", "power", "dynamic power at f₁ (for P₂)",
                       optional=True, latex="P_1")),
        outputs=(Symbol("scale", "f₂/f₁", "factor", "clock ratio", latex="f_2/f_1"),
                 Symbol("exponent", "n", "count", "power of the clock ratio"),
                 Symbol("ratio", "P₂/P₁", "factor", "power ratio", latex="P_2/P_1"),
                 Symbol("change", "P₂/P₁ − 1", "share", "change in dynamic power",
                        latex="P_2/P_1 - 1"),
                 Symbol("power2", "P₂", "power", "dynamic power at f₂", latex="P_2")),
        formula="P₂ = P₁·(f₂/f₁)ⁿ  (P = α·C·V²·f: n = 3 with V ∝ f, 1 at fixed V)",
        latex=r"P_2 = P_1 \left(\frac{f_2}{f_1}\right)^n",
        steps=("f₂/f₁ = {f2} / {f1} = {scale}", "P₂/P₁ = ({scale})^{exponent} = {ratio}, "
               "{change} change", "P₂ = {power} × {ratio} = {power2}"),
        compute=_dvfs,
        results=("ratio", "change", "power2"),
        notes=("V ∝ f holds only inside the voltage-frequency range a chip supports; below "
               "it the voltage floor leaves P ∝ f, above it the clock cannot rise. Leakage "
               "(static) power is not in the law: the total changes by less than the "
               "dynamic part.",),
        source="CMOS dynamic power P = α·C·V²·f: N. Weste and D. Harris, CMOS VLSI Design, "
               "4th ed. (2011), §5.1; J. Hennessy and D. Patterson, Computer Architecture: "
               "A Quantitative Approach, 6th ed. (2019), §1.5",
    ),
    Calc(
        name="power-energy",
        title="Energy from power and time, and what the electricity costs",
        inputs=(Symbol("power", "P", "power", "mean power drawn"),
                Symbol("time", "t", "time", "how long"),
                Symbol("price", "p_E", "usd_per_energy", "electricity price (for the cost)",
                       optional=True, latex="p_E")),
        outputs=(Symbol("energy", "E", "energy", "energy used"),
                 Symbol("cost", "C", "usd", "electricity cost")),
        formula="E = P·t;  C = E·p_E",
        latex=r"E = P\,t, \quad C = E\,p_E",
        steps=("E = {power} × {time} = {energy}", "C = {energy} × {price} = {cost}"),
        compute=_power_energy,
        results=("energy", "cost"),
        notes=("1 kWh = 3.6 MJ; P is the mean power over t (a duty cycle's average, or its "
               "active power times its active time).",),
        source="Definition of power: energy per unit time (1 W = 1 J/s)",
    ),
    Calc(
        name="battery-life",
        title="Battery life: how long a store of energy lasts at a mean power",
        inputs=(Symbol("capacity", "E", "energy", "energy stored (a battery's Wh)"),
                Symbol("power", "P", "power", "mean power drawn")),
        outputs=(Symbol("runtime", "t", "time", "time until the store is empty"),),
        formula="t = E/P",
        latex=r"t = E / P",
        steps=("t = {capacity} / {power} = {runtime}",),
        compute=_battery,
        results=("runtime",),
        notes=("1 Wh = 3600 J; a battery rated in mAh stores mAh × its voltage (3000 mAh at "
               "3.7 V = 11.1 Wh). P is the mean power over the whole time: a duty-cycled "
               "device's average, not its active peak.",),
        source="Definition of power: energy per unit time (1 W = 1 J/s), solved for t",
    ),
    Calc(
        name="compute-per-watt",
        title="Compute per watt: operations per joule (TOPS/W, TFLOPS/W)",
        inputs=(Symbol("rate", "R", "flop_rate", "compute rate (FLOP/s or OP/s, TOPS)"),
                Symbol("power", "P", "power", "power drawn at that rate")),
        outputs=(Symbol("efficiency", "R/P", "flop_per_energy", "operations per joule"),
                 Symbol("energy_per_op", "P/R", "energy_per_flop", "energy per operation")),
        formula="η_E = R/P;  e_op = P/R",
        latex=r"\eta_E = R / P, \quad e_{op} = P / R",
        steps=("R/P = {rate} / {power} = {efficiency}", "e_op = P/R = {energy_per_op}"),
        compute=_per_watt,
        results=("efficiency", "energy_per_op"),
        notes=("1 TOPS/W = 1 TFLOP/s/W = 10¹² operations per joule, or 1 pJ per operation.",),
        source="Definition: a rate of operations per second over watts (J/s) is operations "
               "per joule",
    ),
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
            Symbol("op_energy", "e_op", "energy_per_flop", "your energy per FLOP, or per "
                   "MAC written '/MAC' (instead of the precision's)",
                   optional=True, latex="e_{op}",
                   also="energy"),  # '3.7 pJ' for an fp32 multiply: J per operation (FLOP)
            Symbol("byte_energy", "e_B", "energy_per_byte", "your energy per byte moved "
                   "(instead of the level's)", optional=True, latex="e_B"),
            Symbol("access_energy", "e_acc", "energy", "your energy per memory access "
                   "(instead of the level's)", optional=True, latex="e_{acc}"),
            Symbol("access_bits", "N", "count", "bits per access (default 32)",
                   optional=True),
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
            Symbol("bits", "N", "count", "bits per access"),
            Symbol("access_ratio", "e_B·N/8/e_op", "count",
                   "an access of N bits costs this many operations", latex=r"e_B N/8 / e_{op}"),
        ),
        formula="E = O·e_op + D·e_B",
        latex=r"E = O\,e_{op} + D\,e_B",
        # given per access of N bits, the per-byte energy first; then E, one term per line
        steps=("e_B = e_acc·8/N = {access_energy}·8/{bits} = {e_byte}",
               "E = {flops} × {e_op} + {data} × {e_byte}", "  = {compute} + {movement}",
               "  = {total}"),
        compute=_compute,
        results=("total", "dominant", "compute", "movement", "ratio", "access_ratio"),
        sums=(("total", ("compute", "movement")),),
        source=OPERATION["fp16"].source.title,
        notes=("e_op and e_B come from the technology table (`ironlaw energy-table`) unless "
               "you give your own (--op-energy, --byte-energy or --access-energy with "
               "--access-bits). A bare --op-energy ('3.7 pJ') is per operation, one FLOP "
               "(a multiply or an add); for a multiply-accumulate write '/MAC': '4.6 pJ/MAC' "
               "is 2.3 pJ/FLOP, a MAC being 2 FLOP.",),
    ),
    Calc(
        name="energy-ratio",
        title="Energy ratio of two events (45 nm, or your energies)",
        inputs=(
            Symbol("a", "a", "text", "the costlier event (a name, or its energy)",
                   default="dram-32bit", choices=EVENTS, also="energy"),
            Symbol("b", "b", "text", "the cheaper event (a name, or its energy)",
                   default="fp32-mult", choices=EVENTS, also="energy"),
        ),
        outputs=(
            Symbol("e_a", "e_a", "energy", "energy of a", latex="e_a"),
            Symbol("e_b", "e_b", "energy", "energy of b", latex="e_b"),
            Symbol("ratio", "e_a/e_b", "count", "one a costs this many b", latex="e_a/e_b"),
        ),
        formula="ratio = e_a / e_b",
        latex=r"\text{ratio} = \frac{e_a}{e_b}",
        steps=("{e_a} / {e_b}", "{ratio}"),
        compute=_ratio,
        results=("ratio", "e_a", "e_b"),
        source="M. Horowitz, ISSCC 2014; S. Han et al., NeurIPS 2015, Table 1 (45 nm)",
        notes=("Events: " + ", ".join(EVENTS) + "; or give energies ('640 pJ').",),
    ),
)
