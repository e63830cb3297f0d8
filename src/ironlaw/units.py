"""Units at the edge: parse strings into SI floats, format SI floats for people.

Inside ironlaw every quantity is a float64 (or numpy array) in SI base units — s, B, FLOP,
FLOP/s, B/s, J, W, USD, kg, m³ — so the hot paths never touch a unit object. Strings such as
``"3.35 TB/s"`` or ``"80 GiB"`` are parsed here, once, with pint; numbers are printed here, with
decimal (k, M, G …) or binary (Ki, Mi, Gi …) prefixes.

Conventions (design.md §2): GB = 1e9 B, GiB = 2**30 B; a bit is 1/8 B (``"100 Gbps"`` is
12.5e9 B/s); a multiply-add is 2 FLOP, and so is the unit ``MAC`` (``"4.6 pJ/MAC"`` is
2.3e-12 J/FLOP, ``"1 TMAC/s"`` 2e12 FLOP/s); integer operations (``"TOPS"``) share the FLOP
dimension as ``OP``. Pint is imported lazily, so ``import ironlaw`` stays fast.
"""

from __future__ import annotations

import contextvars
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ironlaw.errors import UserError


class UnitError(UserError, ValueError):
    """A value that could not be read as the expected kind of quantity."""


@dataclass(frozen=True)
class Dimension:
    """A kind of quantity: how to convert it to SI and how to show it.

    ``si`` is the pint unit the SI float is expressed in; ``show`` is the unit symbol printed after
    a prefixed number (``prefix`` False means print the value of ``show`` as is); ``example`` is
    what an error message offers as a well-formed input.
    """

    name: str
    si: str
    show: str
    example: str
    prefix: bool = True
    meaning: str = ""


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("time", "s", "s", "5 ms", meaning="a time"),
        Dimension("bytes", "B", "B", "80 GiB", meaning="an amount of data"),
        Dimension("bandwidth", "B/s", "B/s", "3.35 TB/s", meaning="a data rate"),
        Dimension("flops", "FLOP", "FLOP", "6e23 FLOP", meaning="an amount of computation"),
        Dimension("flop_rate", "FLOP/s", "FLOP/s", "989 TFLOP/s", meaning="a compute rate"),
        Dimension("op_rate", "OP/s", "OP/s", "26 TOPS", meaning="an integer operation rate"),
        Dimension("intensity", "FLOP/B", "FLOP/B", "100 FLOP/B", prefix=False,
                  meaning="an arithmetic intensity"),
        Dimension("power", "W", "W", "700 W", meaning="a power"),
        Dimension("energy", "J", "J", "1.1 pJ", meaning="an energy"),
        Dimension("energy_per_byte", "J/B", "J/B", "20 pJ/B", meaning="an energy per byte"),
        Dimension("energy_per_flop", "J/FLOP", "J/FLOP", "1 pJ/FLOP",
                  meaning="an energy per operation"),
        # compute per watt: FLOP/s per W is FLOP per J, shown the way datasheets write it
        Dimension("flop_per_energy", "FLOP/J", "FLOP/s/W", "2 TFLOP/s/W",
                  meaning="a compute rate per watt"),
        Dimension("usd", "USD", "$", "$2.50", prefix=False, meaning="an amount of money"),
        Dimension("usd_per_byte", "USD/B", "$/GB", "$0.09/GB", prefix=False,
                  meaning="a price per amount of data"),
        Dimension("usd_per_time", "USD/s", "$/h", "$2.50/h", prefix=False,
                  meaning="a price per unit time"),
        Dimension("usd_per_energy", "USD/J", "$/kWh", "$0.12/kWh", prefix=False,
                  meaning="a price of electricity"),
        Dimension("mass", "kg", "g", "1.2 kg", meaning="a mass (e.g. kg CO2e)"),
        Dimension("carbon_intensity", "kg/J", "g/kWh", "429 g/kWh", prefix=False,
                  meaning="a mass of CO2e per energy"),
        # water: SI m³, shown in litres (18 kL, 250 mL); per energy, in the L/kWh that WUE
        # (The Green Grid's water usage effectiveness) is defined and quoted in
        Dimension("volume", "m³", "L", "18000 L", meaning="a volume (e.g. of water)"),
        Dimension("water_intensity", "m³/J", "L/kWh", "1.8 L/kWh", prefix=False,
                  meaning="a volume of water per energy"),
        Dimension("length", "m", "m", "1000 km", meaning="a distance"),
        Dimension("speed", "m/s", "m/s", "200000 km/s", meaning="a speed"),
        Dimension("frequency", "Hz", "Hz", "1.98 GHz", meaning="a frequency"),
        # a battery's capacity is a charge, written in (m)Ah; times its voltage, an energy
        Dimension("charge", "C", "Ah", "200 mAh", meaning="an electric charge"),
        Dimension("voltage", "V", "V", "3.7 V", meaning="a voltage"),
        Dimension("rate", "1/s", "/s", "100 /s", meaning="a rate of events"),
        Dimension("count", "", "", "8", prefix=False, meaning="a plain number"),
    )
}

# The suffix a JSON key takes for a quantity of each dimension (design.md §7: keys carry units).
JSON_SUFFIX = {
    "time": "_s", "bytes": "_bytes", "bandwidth": "_bytes_per_s", "flops": "_flops",
    "flop_rate": "_flop_per_s", "op_rate": "_op_per_s", "intensity": "_flop_per_byte",
    "power": "_w", "energy": "_j",
    "energy_per_byte": "_j_per_byte", "energy_per_flop": "_j_per_flop",
    "flop_per_energy": "_flop_per_j", "usd": "_usd",
    "usd_per_byte": "_usd_per_byte", "usd_per_time": "_usd_per_s",
    "usd_per_energy": "_usd_per_j", "mass": "_kg",
    "carbon_intensity": "_kg_per_j", "volume": "_m3", "water_intensity": "_m3_per_j",
    "length": "_m", "speed": "_m_per_s", "frequency": "_hz",
    "charge": "_c", "voltage": "_v",
    "rate": "_per_s", "count": "", "text": "",
}

_BY_SUFFIX = sorted(((s, d) for d, s in JSON_SUFFIX.items() if s), key=lambda p: -len(p[0]))
# Keys with no unit that are a share of a whole, shown as a percent: model and hardware FLOPs
# utilization (a fraction in JSON, 0.371; 37.1% for people).
SHARES = ("mfu", "hfu")
# Dimensions only for showing a plain number: read as one (``"40%"`` is 0.4, ``"6.4"`` is 6.4).
_PLAIN = {"share": "count", "factor": "count"}


def dimension_of(key: str) -> str:
    """The dimension a unit-carrying key names (``p99_ttft_s`` -> time, ``flop_per_s`` ->
    flop_rate), longest suffix first; ``share`` for a utilization (:data:`SHARES`); ``count``
    when it names none. A one-letter key (``m``, ``s``) is not read as a unit."""
    if key in SHARES:
        return "share"
    for suffix, dim in _BY_SUFFIX:
        if key.endswith(suffix) or (len(suffix) > 2 and key == suffix[1:]):
            return dim
    return "count"


_ACRONYMS = {"ttft": "TTFT", "tpot": "TPOT", "mfu": "MFU", "hfu": "HFU", "kv": "KV", "tdp": "TDP"}


def words(key: str) -> str:
    """A unit-carrying key in words, its unit suffix dropped (a title adds the unit):
    ``cost_per_million_tokens_usd`` → "cost per million tokens", ``p99_ttft_s`` → "p99 TTFT",
    ``bf16_dense_peak_flop_per_s`` → "bf16 dense peak"."""
    suffix = JSON_SUFFIX.get(dimension_of(key), "")
    base = key[: -len(suffix)] if suffix and key.endswith(suffix) else key
    return " ".join(_ACRONYMS.get(word, word) for word in base.split("_"))


# The units people quote time and energy in, in SI: the one definition of each.
HOUR = 3600.0  # s
DAY = 86400.0  # s
YEAR = 365.25 * DAY  # s, a Julian year, as pint reads "1 year"
KWH = 1000.0 * HOUR  # J

# Multipliers that turn an SI float into the display unit of dimensions that print unprefixed.
_UNPREFIXED_SCALE = {
    "usd_per_byte": 1e9,  # USD/B -> $/GB
    "usd_per_time": HOUR,  # USD/s -> $/h
    "usd_per_energy": KWH,  # USD/J -> $/kWh
    "carbon_intensity": 1000.0 * KWH,  # kg/J -> g/kWh
    "water_intensity": 1000.0 * KWH,  # m³/J -> L/kWh (1 m³ = 1000 L)
}
# ... and of dimensions printed with a prefix in a unit other than their SI one
_PREFIXED_SCALE = {
    "volume": 1000.0,  # m³ -> L
    "charge": 1.0 / HOUR,  # C -> Ah (A·s -> A·h)
    "mass": 1000.0,  # kg -> g (below a kilogram; kg and t above)
}


def shown_per_si(dim: str) -> float:
    """How many of the unit :func:`format` writes for ``dim`` (``DIMENSIONS[dim].show``,
    unprefixed) one SI unit is: 3600 for a price per time (USD/s → $/h), 1000 for a volume
    (m³ → L) and a mass (kg → g), 1/3600 for a charge (C → Ah), 1 for the dimensions shown in
    their SI unit (an axis in B/s)."""
    return {**_UNPREFIXED_SCALE, **_PREFIXED_SCALE}.get(dim, 1.0)


_EXTRA_DEFINITIONS = (
    "FLOP = [compute] = flop",
    "FLOPS = FLOP / second = flops",
    "OP = FLOP = op",
    # a multiply-accumulate is one multiply and one add: 2 FLOP (design.md §2), so an energy
    # per MAC ('4.6 pJ/MAC') and a MAC rate ('1 TMAC/s') convert like any other unit
    "MAC = 2 * FLOP = mac",
    "OPS = OP / second",
    "USD = [currency] = dollar",
    "cent = 0.01 USD",
)


def _write_definitions(folder, text: str, constants: str) -> None:
    """Write pint's definition files (patched) into ``folder``, atomically, if not there yet."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("constants_en.txt", constants), ("default_en.txt", text)):
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            partial = folder / f".{name}.{os.getpid()}"
            partial.write_text(content, encoding="utf-8")
            partial.replace(target)


@lru_cache(maxsize=1)
def registry():
    """The pint registry: pint's defaults, with the bit given a dimension of its own.

    Pint's default file defines ``bit = []`` (dimensionless), which would let ``"80 GiB"`` pass
    as a plain number. Here the bit is a base unit of ``[information]``, so a size and a count can
    never be confused. The patched definitions and pint's parsed cache live in the user's cache
    folder (``$IRONLAW_CACHE_DIR``, else ``$XDG_CACHE_HOME/ironlaw`` or ``~/.cache/ironlaw``),
    which cuts building the registry from ~200 ms to ~15 ms; an unwritable cache only costs time.
    """
    import tempfile
    from pathlib import Path

    import pint

    from ironlaw.config import paths

    defaults = Path(pint.__file__).with_name("default_en.txt")
    text = defaults.read_text(encoding="utf-8")
    if "\nbit = []" not in text:
        raise RuntimeError("pint's definition of the bit has changed; update ironlaw.units")
    text = text.replace("\nbit = []", "\nbit = [information]", 1)
    constants = defaults.with_name("constants_en.txt").read_text(encoding="utf-8")
    folder = paths().cache_root / f"pint-{pint.__version__}"
    try:
        _write_definitions(folder, text, constants)
        ureg = pint.UnitRegistry(str(folder / "default_en.txt"), cache_folder=folder / "parsed")
    except OSError:
        with tempfile.TemporaryDirectory() as tmp:
            _write_definitions(Path(tmp), text, constants)
            ureg = pint.UnitRegistry(str(Path(tmp) / "default_en.txt"))
    for line in _EXTRA_DEFINITIONS:
        ureg.define(line)
    return ureg


# The one form a quantity string may take (issue 13: refuse, never guess): an optional ``$``, a
# plain decimal number (decimal point, optional exponent), then a unit made of letters joined by
# ``/`` or spaces. Anything else — decimal commas, digits grouped by spaces, a bare unit, an
# arithmetic or exponent expression — is refused before pint sees it, so no input can make pint
# evaluate ``9**9**9``. Strings are at most MAX_TEXT characters, so every check is bounded.
MAX_TEXT = 64
_QUANTITY = re.compile(
    r"(?P<dollar>\$)?\s*(?P<number>[-+]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+))(?P<exponent>[eE][-+]?\d+)?"
    r"\s*(?P<unit>.*)", re.DOTALL)
_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}(?:(?P<sep>[,_])\d{3})(?:(?P=sep)\d{3})*(?:\.\d*)?")
_UNIT = re.compile(r"(?:/\s*)?[A-Za-z%$]+(?:\s*/\s*[A-Za-z$]+|\s+[A-Za-z$]+)*")
# Rates of events, named by what flows: ``1000 QPS``, ``140 req/s``, ``5 rps`` (requests, not
# revolutions), ``2.5 k tokens/s``, ``30 images/s``; a prefix (k, M, G, T) multiplies.
_EVENTS = (r"(?:tokens?|toks?|images?|imgs?|samples?|requests?|reqs?|quer(?:y|ies)|"
           r"sequences?|seqs?|frames?|events?|items?|batch(?:es)?|steps?)")
_EVENT_RATE = re.compile(r"^(?P<prefix>[kKMGTPE])?\s*(?i:qps|rps|fps|(?:" + _EVENTS +
                         r")?\s*/\s*(?:s|sec|second))$")
_RATE_PREFIXES = {"": 1.0, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15,
                  "E": 1e18}
MONEY = ("usd", "usd_per_byte", "usd_per_time", "usd_per_energy")


def _refuse(text: str, spec: Dimension, why: str) -> UnitError:
    return UnitError(f"cannot read {text!r} as {spec.meaning}: {why}; "
                     f"expected something like {spec.example!r}")


def _number(text: str, spec: Dimension, number: str, exponent: str, dollar: bool) -> float:
    """The value of the number part; digit groups only where they cannot mean anything else."""
    if "," in number or "_" in number:
        grouped = _GROUPED.fullmatch(number)
        if grouped is None:
            raise _refuse(text, spec, "use a decimal point (2.5, not 2,5) and no digit groups")
        single = number.count(grouped["sep"]) == 1 and "." not in number
        if grouped["sep"] == "," and single and not dollar:
            raise _refuse(text, spec, f"{number!r} is ambiguous (a thousands comma or a decimal "
                                      "comma?); write it without the comma")
        number = number.replace(grouped["sep"], "")
    value = float(number + (exponent or ""))
    if not math.isfinite(value):
        raise _refuse(text, spec, "the number is out of range")
    return value


# Units whose scale is read from this table, without importing pint (slower than most commands):
# a prefix (binary ones on bytes only) on one of the dimension's plain units. tests/test_startup.py
# checks that every entry equals pint's own scale; any other unit goes to pint.
_DECIMAL_PREFIXES = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
                     "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12}
_BINARY_PREFIXES = {"Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50}
_RATES = {"FLOP/s": 1.0, "FLOPS": 1.0, "OP/s": 1.0, "OPS": 1.0, "MAC/s": 2.0}
# A bit is ⅛ B and its symbol is b: ``1 kb`` is a kilobit (never a kilobarn), ``10 Gb/s`` ten
# gigabits per second. K is taken for k before B and b (``1 KB`` = 1000 B; ``1 KiB`` = 1024 B).
_BITS = {"b": 0.125, "bit": 0.125, "bits": 0.125}
_PLAIN_UNITS = {"time": {"s": 1.0}, "bytes": {"B": 1.0, **_BITS},
                "bandwidth": {"B/s": 1.0, "bps": 0.125, "Bps": 1.0,
                              **{f"{unit}/s": scale for unit, scale in _BITS.items()}},
                "flops": {"FLOP": 1.0, "MAC": 2.0}, "flop_rate": _RATES, "op_rate": _RATES,
                "energy_per_flop": {"J/FLOP": 1.0, "J/MAC": 0.5},
                "power": {"W": 1.0}, "energy": {"J": 1.0}, "frequency": {"Hz": 1.0},
                "mass": {"g": 1e-3}}


def _prefixes(unit: str) -> dict[str, float]:
    """The prefixes a plain unit takes: decimal ones; K and binary ones on bytes and bits; on
    bits no fractional prefix (a millibit is nobody's data)."""
    if not unit.startswith(("B", "b")):
        return _DECIMAL_PREFIXES
    whole = {p: x for p, x in _DECIMAL_PREFIXES.items() if x >= 1.0}
    fractional = {} if unit.startswith("b") else _DECIMAL_PREFIXES
    return {**fractional, **whole, "K": 1e3, **_BINARY_PREFIXES}


_EVERY_SCALE = {
    (prefix + unit, dim): scale * base
    for dim, plain in _PLAIN_UNITS.items() for unit, base in plain.items()
    for prefix, scale in _prefixes(unit).items()
} | {("USD", "usd"): 1.0, ("percent", "count"): 0.01}


def _people_only(unit: str) -> bool:
    """Spellings pint reads otherwise or not at all: K (a kelvin to pint), b (a barn), Bps."""
    return unit.startswith("K") or unit.endswith(("b", "b/s", "Bps"))


# Spellings people write that pint misreads: always read from this table.
_SPELLINGS = {key: scale for key, scale in _EVERY_SCALE.items() if _people_only(key[0])}
# The rest, which pint reads the same way, only faster (tests/test_startup.py checks).
_PREFIXED_SCALES = {key: scale for key, scale in _EVERY_SCALE.items() if key not in _SPELLINGS}


@lru_cache(maxsize=512)
def _unit_scale(unit: str, dim: str) -> float:
    """How many SI units of ``dim`` one ``unit`` is (``"TB/s"``, bandwidth -> 1e12)."""
    unit = unit.replace("$", " USD ").replace("%", " percent ")
    unit = re.sub(r"\bTOPS\b", "TOP/s", unit).strip()
    events = _EVENT_RATE.match(unit)
    if events:
        if dim not in ("rate", "frequency"):
            raise UnitError(f"is not {DIMENSIONS[dim].meaning}")
        return _RATE_PREFIXES[events["prefix"] or ""]
    if unit.startswith("/"):
        unit = "1" + unit
    known = _SPELLINGS.get((unit, dim), _PREFIXED_SCALES.get((unit, dim)))
    return known if known is not None else _pint_scale(unit, dim)


def _pint_scale(unit: str, dim: str) -> float:
    import pint

    spec = DIMENSIONS[dim]
    quantity = registry().Quantity(1.0, unit)
    try:
        return float(quantity.to(spec.si or "dimensionless").magnitude)
    except pint.DimensionalityError:
        raise UnitError(f"is not {spec.meaning}") from None


# A ratio of two quantities of one dimension is a plain number: ``60 ms / 200 ms`` is 0.3. The
# ``/`` that divides is the one a number follows; both sides need a unit (``60 / 200`` stays
# refused arithmetic).
_RATIO_SPLIT = re.compile(r"/\s*(?=[-+]?[\d.])")
# How format() writes large plain numbers, read back: ``3.15×10²³`` is 3.15e23.
_TIMES_TEN = re.compile(r"\s*×\s*10(?P<power>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_PLAIN_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def _ratio(text: str, spec: Dimension) -> float | None:
    """The value of ``a / b`` with a and b quantities of one dimension, or None if ``text`` is
    no such ratio."""
    parts = _RATIO_SPLIT.split(text)
    if len(parts) != 2:
        return None
    sides = [_QUANTITY.fullmatch(part.strip()) for part in parts]
    if not all(side and side["unit"].strip() for side in sides):
        return None
    for dim in DIMENSIONS:
        if dim == "count":
            continue
        try:
            top, bottom = (_parse_text(part.strip(), dim) for part in parts)
        except UnitError:
            continue
        if bottom == 0:
            raise _refuse(text, spec, "the ratio divides by zero")
        return top / bottom
    raise _refuse(text, spec, "a ratio needs two quantities of the same kind, like "
                              "'60 ms / 200 ms'")


@lru_cache(maxsize=4096)
def _parse_text(text: str, dim: str) -> float:
    spec = DIMENSIONS[dim]
    if len(text) > MAX_TEXT:
        raise UnitError(f"cannot read {text[:24]!r}… as {spec.meaning}: {len(text)} characters, "
                        f"at most {MAX_TEXT}; expected something like {spec.example!r}")
    clean = text.strip().replace("µ", "u").replace("μ", "u")
    clean = _TIMES_TEN.sub(lambda m: "e" + m["power"].translate(_PLAIN_DIGITS), clean)
    if dim == "count":
        ratio = _ratio(clean, spec)
        if ratio is not None:
            return ratio
    match = _QUANTITY.fullmatch(clean)
    if match is None:
        why = "a number is needed" if re.match(r"\$?\s*[A-Za-z/%]", clean) else \
            "write a plain decimal number and a unit"
        raise _refuse(text, spec, why)
    dollar, unit = bool(match["dollar"]), match["unit"]
    value = _number(text, spec, match["number"], match["exponent"], dollar)
    if unit[:1].isdigit():
        raise _refuse(text, spec, "digits grouped by spaces are not read; write one number")
    if unit and not _UNIT.fullmatch(unit):
        raise _refuse(text, spec, "write a plain decimal number and a unit (no arithmetic or "
                                  "exponents)")
    if dollar:
        unit = "USD" + unit if unit.startswith("/") else f"USD {unit}".strip()
    if not unit:
        if dim in MONEY:
            raise _refuse(text, spec, "a price needs its currency")
        return value
    if dim == "count" and unit not in ("%", "percent"):
        raise _refuse(text, spec, "a plain number takes no unit but %")
    try:
        scale = _unit_scale(unit, dim)
    except UnitError:
        raise UnitError(f"{text!r} is not {spec.meaning}; "
                        f"expected something like {spec.example!r}") from None
    except Exception:
        raise _refuse(text, spec, f"unknown unit {unit!r}") from None
    result = value * scale
    if not math.isfinite(result):
        raise _refuse(text, spec, "the number is out of range")
    return result


def parse(value: Any, dim: str) -> float:
    """Read ``value`` as a quantity of dimension ``dim`` and return it as an SI float.

    A number is taken as already in SI units; a string is a plain decimal number and its unit
    (``"3.35 TB/s"`` -> 3.35e12 for ``dim="bandwidth"``). A unit of the wrong dimension, a
    non-finite number, or text that is not in that one plain form raises :class:`UnitError`
    naming what was expected. A share or a factor (``dim="share"``, ``"factor"``) is read as
    the plain number it is (``"40%"`` -> 0.4).
    """
    dim = _PLAIN.get(dim, dim)
    if dim not in DIMENSIONS:
        raise KeyError(f"unknown dimension {dim!r}; known: {', '.join(DIMENSIONS)}")
    spec = DIMENSIONS[dim]
    if isinstance(value, bool):
        raise UnitError(f"{value!r} is not {spec.meaning}")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise UnitError(f"{value!r} is not {spec.meaning}: expected a finite number, like "
                            f"{spec.example!r}")
        return number
    if isinstance(value, str):
        return _parse_text(value, dim)
    raise UnitError(f"{value!r} is not {spec.meaning}; expected a number or a string")


# The order a quantity of no stated dimension is tried in: a bare number is a plain count (count
# refuses any unit but %), a rate of events before a frequency, then the rest as listed.
ANY_ORDER = ("count", "rate", *(d for d in DIMENSIONS if d not in ("rate", "count")))
# A number of events, ``32e3 tokens`` or ``32K tokens``, is a plain count of them.
_EVENT_COUNT = re.compile(r"(?P<prefix>[kKMGTPE])?\s*(?i:" + _EVENTS + r")")


def parse_any(text: str) -> tuple[float, str]:
    """``text`` read in the first dimension of :data:`ANY_ORDER` that takes it: its SI float and
    that dimension (``"2.8 ms"`` -> (0.0028, "time"), ``"100 /s"`` a rate, ``"8"`` or ``"32K
    tokens"`` a count, 32000; a unit in hertz, ``"1.98 GHz"``, a frequency). A
    :class:`UnitError` saying why when none does."""
    match = _QUANTITY.fullmatch(text.strip()) if len(text) <= MAX_TEXT else None
    if match and not match["dollar"]:
        counted = _EVENT_COUNT.fullmatch(match["unit"].strip())
        if counted:
            number = match["number"] + (match["exponent"] or "")
            return parse(number, "count") * _RATE_PREFIXES[counted["prefix"] or ""], "count"
    reasons = set()  # why each dimension refused it, past "cannot read … as a <dimension>: "
    # hertz names a frequency (a clock: "1.98 GHz"); the same 1/s written "/s" is a rate
    hertz = bool(match) and re.fullmatch(r"[a-zA-Zµ]?Hz", match["unit"].strip()) is not None
    for dim in (("frequency", *ANY_ORDER) if hertz else ANY_ORDER):
        try:
            return parse(text, dim), dim
        except UnitError as exc:
            reasons.add(str(exc).split(": ", 1)[-1].split("; expected")[0])
    why = reasons.pop() if len(reasons) == 1 else "write a number and its unit"
    raise UnitError(f"cannot read {text!r} as a quantity: {why}; expected something like "
                    "'2.8 ms'")


_DECIMAL = ((1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"),
            (1e6, "M"), (1e3, "k"), (1.0, ""), (1e-3, "m"), (1e-6, "µ"), (1e-9, "n"),
            (1e-12, "p"), (1e-15, "f"))
_BINARY = ((2.0**60, "Ei"), (2.0**50, "Pi"), (2.0**40, "Ti"), (2.0**30, "Gi"), (2.0**20, "Mi"),
           (2.0**10, "Ki"), (1.0, ""))


def prefix(largest: float, *, at_most: float = 1e24) -> tuple[float, str]:
    """The decimal prefix (scale, symbol) that shows ``largest`` as a number ≥ 1, no larger
    than ``at_most`` (an axis unit: ``prefix(3e-4, at_most=1.0)`` is (1e-3, "m"))."""
    return next(((s, p) for s, p in _DECIMAL if s <= at_most and largest >= s), _DECIMAL[-1])


def _significant(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant figures, without scientific notation or trailing zeros."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    places = digits - 1 - math.floor(math.log10(abs(x)))
    x = round(x, places)
    text = f"{x:.{max(places, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(x: float, digits: int = 3) -> str:
    """``3.15×10²³``: how a textbook writes very large or very small plain numbers."""
    exponent = math.floor(math.log10(abs(x)))
    mantissa = float(_significant(x / 10.0**exponent, digits))
    if abs(mantissa) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{_significant(mantissa, digits)}×10{str(exponent).translate(_SUPERSCRIPT)}"


def _plain(x: float, digits: int) -> str:
    """A number before a unit, as a person writes it: decimals from 0.001 up to a million
    (``0.788``, ``317000``), ``3.17×10¹⁴`` beyond, so that no value prints hundreds of digits
    or zeros; the range is the rounded number's (999999.7 shows as ``1×10⁶``)."""
    if x == 0 or not math.isfinite(x):
        return _significant(x, digits)
    if 1e-4 <= abs(x) < 1e7 and 1e-3 <= abs(float(_significant(x, digits))) < 1e6:
        return _significant(x, digits)
    return scientific(x, digits)


def _carry(digits: int) -> float:
    """The share of a unit from which a value rounds up to it at ``digits`` significant
    figures, 1 − 0.5·10^−digits (999.6 g shows as 1 kg at 3 figures: 0.9995)."""
    return 1.0 - 0.5 * 10.0**-digits


def _with_prefix(x: float, unit: str, prefixes, digits: int) -> str:
    if x == 0 or not math.isfinite(x):
        return f"{_significant(x, digits)} {unit}".strip()
    magnitude = abs(x)
    for index, (scale, prefix) in enumerate(prefixes):
        if magnitude >= scale * _carry(digits) or index == len(prefixes) - 1:
            mantissa = float(_significant(x / scale, digits))
            if abs(mantissa) >= 1000 and index > 0 and prefixes is _DECIMAL:
                scale, prefix = prefixes[index - 1]
                mantissa = float(_significant(x / scale, digits))
            # past E, or below f: 3.15×10²³, 2×10⁻¹⁸, as textbooks write them
            if prefixes is _DECIMAL and (scale >= 1e21 or 0 < abs(mantissa) < 1):
                shift = math.floor(math.log10(abs(mantissa)))
                power = str(round(math.log10(scale)) + shift).translate(_SUPERSCRIPT)
                return f"{_significant(mantissa / 10**shift, digits)}×10{power} {unit}".strip()
            return f"{_plain(mantissa, digits)} {prefix}{unit}".strip()
    raise AssertionError("unreachable")


def _time(x: float, digits: int) -> str:
    magnitude = abs(x)
    for seconds, name in ((YEAR, "years"), (DAY, "days"), (HOUR, "h"), (60.0, "min")):
        if magnitude >= seconds * (2 if name != "min" else 1):
            return f"{_plain(x / seconds, digits)} {name}"
    return _with_prefix(x, "s", _DECIMAL, digits)


def _count(x: float, digits: int = 4) -> str:
    if math.isinf(x):
        return "∞"
    if x == int(x) and abs(x) < 1e6:
        return str(int(x))
    return _plain(x, digits)


def _share(x: float) -> str:
    """A share as a percent to one decimal, ``37.1%``; below 0.1% to three significant
    figures, ``0.00452%`` (one decimal would print a small chance as 0.0%); past a million
    percent ``1×10³⁰²%``; an infinite one ``∞`` (a share of nothing: the law that made it
    says why)."""
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    percent = x * 100.0
    if 0 < abs(percent) < 0.1:
        return f"{_plain(percent, 3)}%"
    return f"{percent:.1f}%" if abs(round(percent, 1)) < 1e6 else f"{scientific(percent, 3)}%"


def format(value: Any, dim: str, binary: bool | None = None,  # noqa: A001
           digits: int = 3) -> str:
    """Show an SI float of dimension ``dim`` the way a person writes it: the one number formatter.

    Three significant figures by default, a decimal prefix (``3.35 TB/s``, ``34.4 GB``) or,
    only when asked with ``binary=True``, an IEC prefix for data sizes (``32 GiB``): one
    convention for a whole output, never switching because a value happens to be a power of
    two (``binary=None``: the output's convention, decimal unless :func:`use_binary`). Times
    beyond two minutes are shown in min/h/days/years; prices as ``$…``; carbon intensity in
    g/kWh. A number with no prefix to carry it is written from 0.001 up to a million, else as
    ``3.17×10¹⁴ years`` or ``9.99×10⁻¹⁴ /s`` (never hundreds of digits); dollars are grouped
    whole up to a trillion, ``$2,400,000``. Plain counts print whole below a million, else to
    4 figures or as ``3.15×10²³``; rates of events as ``21893 /s`` (``1.5 G/s``); a missing
    value (None, NaN) prints ``—``, an infinite one ``∞``; text (``dim="text"`` or a string)
    prints as is; a share of a whole (``dim="share"``: MFU, a utilization) as a percent,
    ``37.1%`` (``∞`` for an infinite one); a ratio of two quantities (``dim="factor"``) as
    ``6.4×``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if dim == "text" or isinstance(value, str):
        return str(value)
    if dim == "count":  # plain numbers show 4 figures at least; more when asked
        return _count(float(value), max(digits, 4))
    if dim == "share":
        return _share(float(value))
    if dim == "factor":  # how many times one quantity is another: 6.4×
        return _count(float(value)) + "×"
    if math.isinf(float(value)):
        return "∞"
    spec = DIMENSIONS[dim]
    x = float(value)
    if dim == "time":
        return _time(x, digits)
    if dim == "rate":  # events per second read best whole: 21893 /s, 0.788 /s, 1.5 G/s
        if abs(x) >= 1e6:
            return _with_prefix(x, "/s", _DECIMAL, digits)
        return f"{x:.0f} /s" if abs(x) >= 1000 else f"{_plain(x, digits)} /s"
    if dim == "usd":  # whole dollars grouped up to a trillion: $2,400,000
        if 1000 <= abs(x) < 1e15:
            return f"${x:,.0f}"
        return f"${_plain(x, max(digits, 3))}"
    if not spec.prefix:
        shown = x * _UNPREFIXED_SCALE.get(dim, 1.0)
        unit = spec.show
        if unit.startswith("$"):
            return f"${_plain(shown, digits)}{unit[1:]}"
        return f"{_plain(shown, digits)} {unit}".strip()
    if dim == "length" and abs(x) >= 1000.0:
        return f"{_plain(x / 1000.0, digits + 1)} km"
    if dim == "speed":
        return f"{_plain(x / 1000.0, digits)} km/s"
    if dim == "charge":  # coulombs, shown in ampere-hours as batteries are rated: 720 C = 200 mAh
        return _with_prefix(x * _PREFIXED_SCALE["charge"], "Ah", _DECIMAL, digits)
    if dim == "volume":  # cubic metres, shown in litres: 18 m³ = 18 kL, 2.5e-4 m³ = 250 mL
        return _with_prefix(x * _PREFIXED_SCALE["volume"], "L", _DECIMAL, digits)
    if dim == "mass":
        carry = _carry(digits)  # 999.99 kg rounds to 1000 kg: show it as 1 t
        if abs(x) >= 1000.0 * carry:
            return f"{_plain(x / 1000.0, digits)} t"
        if abs(x) >= carry:
            return f"{_significant(x, digits)} kg"
        return _with_prefix(x * _PREFIXED_SCALE["mass"], "g", _DECIMAL[8:], digits)
    if binary is None:
        binary = _IEC.get()
    if binary and dim in ("bytes", "bandwidth") and abs(x) < 1024 * _BINARY[0][0] * _carry(digits):
        return _with_prefix(x, spec.show, _BINARY, digits)  # past 1024 EiB: 1.18×10²¹ B
    return _with_prefix(x, spec.show, _DECIMAL, digits)


_IEC: contextvars.ContextVar[bool] = contextvars.ContextVar("iec_sizes", default=False)


def use_binary(on: bool) -> Callable[[], None]:
    """Show every size (and data rate) with IEC prefixes (GiB, MiB/s) where a caller does not
    choose, until the returned function is called: the CLI's ``ironlaw --binary``, undone when
    the command ends so nothing after it inherits the choice. Decimal (GB) by default."""
    token = _IEC.set(bool(on))
    return lambda: _IEC.reset(token)


def per_second(value: Any, what: str = "", interval: tuple[float, float] | None = None) -> str:
    """A rate named by what flows: ``21893 tokens/s``, ``1.55 M tokens/s``, ``16 requests/s
    [14–18 requests/s]``; a bare ``0.788 /s`` when ``what`` is empty."""
    text = format_interval(value, interval, "rate")
    return re.sub(r" ([kMGTPE]?)/s", lambda m: f" {m.group(1)}{' ' * bool(m.group(1))}{what}/s",
                  text) if what else text


def format_interval(value: Any, interval: tuple[float, float] | None, dim: str) -> str:
    """A value with its interval, ``7.7 ms [6.92–8.6 ms]`` (the unit written once when both
    ends share it); the value alone when there is no interval."""
    return format(value, dim) + bracket(interval, dim)


def bracket(interval: tuple[float, float] | None, dim: str) -> str:
    """`` [6.92–8.6 ms]``: an interval after a value shown apart (the unit written once when
    both ends share it); nothing when there is no interval."""
    if interval is None:
        return ""
    low, high = (format(x, dim) for x in interval)
    a, _, unit_a = low.partition(" ")
    _, _, unit_b = high.partition(" ")
    return f" [{a}–{high}]" if unit_a == unit_b else f" [{low} – {high}]"
