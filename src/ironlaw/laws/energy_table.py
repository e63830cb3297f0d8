"""Technology table: energy per operation by precision and per byte moved by memory level.

Each figure carries its provenance. Operation energies are per FLOP (or integer op), where a
multiply-add counts as 2: e.g. a 32-bit float FMA at 45 nm costs 3.7 pJ (multiply) + 0.9 pJ
(add) = 4.6 pJ for 2 FLOP, so 2.3 pJ/FLOP. Movement energies are per byte delivered to the
datapath from that level. The classic source is Horowitz, ISSCC 2014 (45 nm, 0.9 V); newer
process nodes are cheaper per operation, while off-chip movement improves far more slowly —
the ratio, not the absolute value, is the lesson.
"""

from __future__ import annotations

import datetime

from ironlaw.provenance import Constant, Source

CHECKED = datetime.date(2026, 11, 28)
PJ = 1e-12


def _horowitz(kind: str, note: str) -> Source:
    return Source(kind, "M. Horowitz, 'Computing's energy problem (and what we can do about it)', "
                  "ISSCC 2014, doi:10.1109/ISSCC.2014.6757323", CHECKED,
                  "https://doi.org/10.1109/ISSCC.2014.6757323", note)


def _op(joules: float, source: Source) -> Constant:
    return Constant(joules, "J/FLOP", source)


def _byte(joules: float, source: Source) -> Constant:
    return Constant(joules, "J/B", source)


def _han(note: str) -> Source:
    return Source("paper", "S. Han, J. Pool, J. Tran, W. J. Dally, 'Learning both Weights and "
                  "Connections for Efficient Neural Networks', NeurIPS 2015, Table 1 (45 nm, "
                  "after Horowitz)", CHECKED, "https://arxiv.org/abs/1506.02626", note)


# Energy of one event at 45 nm: one multiply, one add, one 32-bit memory access [J]. These are
# the figures textbooks quote (DRAM 640 pJ per 32-bit access vs 3.7 pJ per fp32 multiply).
EVENT: dict[str, Constant] = {
    "fp32-mult": Constant(3.7 * PJ, "J", _horowitz("paper", "32-bit float multiply, 45 nm")),
    "fp32-add": Constant(0.9 * PJ, "J", _horowitz("paper", "32-bit float add, 45 nm")),
    "fp16-mult": Constant(1.1 * PJ, "J", _horowitz("paper", "16-bit float multiply, 45 nm")),
    "fp16-add": Constant(0.4 * PJ, "J", _horowitz("paper", "16-bit float add, 45 nm")),
    "int32-mult": Constant(3.1 * PJ, "J", _horowitz("paper", "32-bit int multiply, 45 nm")),
    "int32-add": Constant(0.1 * PJ, "J", _horowitz("paper", "32-bit int add, 45 nm")),
    "int8-mult": Constant(0.2 * PJ, "J", _horowitz("paper", "8-bit int multiply, 45 nm")),
    "int8-add": Constant(0.03 * PJ, "J", _horowitz("paper", "8-bit int add, 45 nm")),
    "sram-32bit": Constant(5.0 * PJ, "J", _han("32-bit SRAM cache access, 45 nm")),
    "dram-32bit": Constant(640.0 * PJ, "J", _han("32-bit DRAM access, 45 nm")),
}
EVENTS: tuple[str, ...] = tuple(EVENT)


def _fma(bits: str) -> Constant:
    """Energy per FLOP of a multiply-add: (multiply + add) / 2 FLOP, from EVENT."""
    mult, add = EVENT[f"{bits}-mult"].value, EVENT[f"{bits}-add"].value
    return _op((mult + add) / 2, _horowitz("derived", f"({mult / PJ:g} pJ {bits} multiply + "
                                                 f"{add / PJ:g} pJ {bits} add) / 2 FLOP, 45 nm"))


OPERATION: dict[str, Constant] = {
    "fp64": _op(10.0 * PJ, Source(
        "derived", "W. J. Dally, 'GPU computing to exascale and beyond', SC10 keynote: 64-bit "
        "double-precision FMA 20 pJ (28 nm)", CHECKED,
        note="20 pJ per DP FMA / 2 FLOP, 28 nm (Horowitz's table has no 64-bit op)")),
    "fp32": _fma("fp32"),
    "fp16": _fma("fp16"),
    "bf16": _op(_fma("fp16").value, _horowitz("estimate", "taken equal to fp16 (a 16-bit "
                                                          "datapath; Horowitz lists no bf16)")),
    "int32": _fma("int32"),
    "int8": _fma("int8"),
    "fp8": _op(_fma("int8").value * 2.15, Source(
        "estimate", "M. van Baalen et al., 'FP8 versus INT8 for efficient deep learning "
        "inference', 2023: FP8 arithmetic is 50-180% less efficient than INT8 in dedicated "
        "hardware", CHECKED, "https://arxiv.org/abs/2303.17951",
        "int8's 0.115 pJ/op × 2.15, the middle of the 1.5-2.8x range")),
}

MOVEMENT: dict[str, Constant] = {
    "register": _byte(0.25 * PJ, Source(
        "estimate", "S. Han et al., 'EIE: Efficient Inference Engine on Compressed Deep Neural "
        "Network', ISCA 2016, Table I (45 nm)", CHECKED, "https://arxiv.org/abs/1602.01528",
        "32-bit register file access ~1 pJ / 4 B")),
    "sram": _byte(10.0 / 8 * PJ, _horowitz(
        "derived", "8 KB SRAM, 64-bit read: 10 pJ / 8 B, 45 nm (an L1-sized array)")),
    "l2": _byte(100.0 / 8 * PJ, _horowitz("derived",
                                          "1 MB SRAM, 64-bit read: 100 pJ / 8 B, 45 nm")),
    "hbm": _byte(3.97 * 8 * PJ, Source(
        "derived", "M. O'Connor et al., 'Fine-Grained DRAM', MICRO 2017: HBM2 3.97 pJ/bit",
        CHECKED, "https://doi.org/10.1145/3123939.3124545",
        "3.97 pJ/bit × 8 bit/B; array + I/O only")),
    "dram": _byte(1950.0 / 8 * PJ, _horowitz(
        "derived", "DRAM 64-bit access 1.3–2.6 nJ: midpoint 1.95 nJ / 8 B, 45 nm")),
    "ssd": _byte(5.4 / 7.45e9, Source(
        "estimate", "Samsung 990 PRO NVMe SSD specifications: 5.4 W average active power, "
        "7,450 MB/s sequential read", CHECKED,
        "https://semiconductor.samsung.com/consumer-storage/internal-ssd/990-pro/",
        "5.4 W / 7.45 GB/s ≈ 725 pJ/B; average (not read-only) power")),
    "network": _byte(2 * 9.0 / 50e9, Source(
        "derived", "NVIDIA 400G OSFP transceiver datasheet: 9 W max", CHECKED,
        note="9 W / 400 Gb/s = 22.5 pJ/bit per end, both ends = 360 pJ/B; excludes NIC and "
             "switch ASICs")),
}

PRECISIONS: tuple[str, ...] = tuple(OPERATION)
LEVELS: tuple[str, ...] = tuple(MOVEMENT)

# a catalog memory level -> the level of this table whose figure it takes (None: no figure)
LEVEL_FIGURE = {"register": "register", "l1": "sram", "sram": "sram", "l2": "l2", "l3": "l2",
                "hbm": "hbm", "dram": "dram", "flash": None}


def energy_per_op(precision: str) -> float:
    """e_op(precision) [J per FLOP or integer op]."""
    if precision not in OPERATION:
        raise KeyError(f"no energy figure for precision {precision!r}; "
                       f"known: {', '.join(OPERATION)}")
    return OPERATION[precision].value


def energy_per_event(event: str) -> float:
    """e(event) [J per multiply, add or 32-bit access] (Horowitz 2014; Han et al. 2015)."""
    if event not in EVENT:
        raise KeyError(f"no energy figure for {event!r}; known: {', '.join(EVENT)}")
    return EVENT[event].value


def energy_per_byte(level: str) -> float:
    """e_byte(level) [J per byte moved from that memory level]."""
    if level not in MOVEMENT:
        raise KeyError(f"no energy figure for memory level {level!r}; known: {', '.join(MOVEMENT)}")
    return MOVEMENT[level].value
