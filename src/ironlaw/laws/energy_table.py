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


OPERATION: dict[str, Constant] = {
    "fp64": _op(10.0 * PJ, Source(
        "derived", "W. J. Dally, 'GPU computing to exascale and beyond', SC10 keynote: 64-bit "
        "double-precision FMA 20 pJ (28 nm)", CHECKED,
        note="20 pJ per DP FMA / 2 FLOP, 28 nm (Horowitz's table has no 64-bit op)")),
    "fp32": _op(2.3 * PJ, _horowitz("derived",
                                    "(3.7 pJ fp32 multiply + 0.9 pJ fp32 add) / 2 FLOP, 45 nm")),
    "fp16": _op(0.75 * PJ, _horowitz("derived",
                                     "(1.1 pJ fp16 multiply + 0.4 pJ fp16 add) / 2 FLOP, 45 nm")),
    "bf16": _op(0.75 * PJ, _horowitz("estimate", "taken equal to fp16 (a 16-bit datapath; "
                                                 "Horowitz lists no bf16), 45 nm")),
    "int32": _op(1.6 * PJ, _horowitz("derived",
                                     "(3.1 pJ int32 multiply + 0.1 pJ int32 add) / 2 op, 45 nm")),
    "int8": _op(0.115 * PJ, _horowitz("derived",
                                      "(0.2 pJ int8 multiply + 0.03 pJ int8 add) / 2 op, 45 nm")),
    "fp8": _op(0.115 * 2.15 * PJ, Source(
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


def energy_per_op(precision: str) -> float:
    """e_op(precision) [J per FLOP or integer op]."""
    if precision not in OPERATION:
        raise KeyError(f"no energy figure for precision {precision!r}; "
                       f"known: {', '.join(OPERATION)}")
    return OPERATION[precision].value


def energy_per_byte(level: str) -> float:
    """e_byte(level) [J per byte moved from that memory level]."""
    if level not in MOVEMENT:
        raise KeyError(f"no energy figure for memory level {level!r}; known: {', '.join(MOVEMENT)}")
    return MOVEMENT[level].value
