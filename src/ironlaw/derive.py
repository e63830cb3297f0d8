"""Worked calculations: formula → inputs → substitution → result, the way a textbook prints them.

    >>> d = derive("roofline", peak="989.4 TFLOP/s", bandwidth="3.35 TB/s", intensity=100)
    >>> print(d.text())
    Roofline: attainable compute rate
      P = min(R, I·BW)
    ...

Inputs may be SI floats or unit strings (parsed here, at the edge). Each law's symbols, formula
and steps live beside the law in ``ironlaw.laws``; this module only checks inputs and renders.
"""

from __future__ import annotations

import importlib
import math
import re
import string
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ironlaw import checks, units
from ironlaw.errors import ParameterError, UserError
from ironlaw.laws._calc import Calc, Quantity, Symbol
from ironlaw.table import Table, columns

LAW_MODULES = ("iron", "roofline", "speedup", "gravity", "energy", "queueing", "scaling",
               "memory", "cost", "arithmetic", "mlops", "reliability",
               "collectives")


@lru_cache(maxsize=1)
def calcs() -> dict[str, Calc]:
    """Every law that can be shown as a worked calculation, by name."""
    found: dict[str, Calc] = {}
    for module in LAW_MODULES:
        for calc in importlib.import_module(f"ironlaw.laws.{module}").CALCS:
            found[calc.name] = calc
    return found


def get_calc(name: str, table: dict[str, Calc] | None = None) -> Calc:
    """The law called ``name`` in ``table`` (default: every law of :mod:`ironlaw.laws`)."""
    import difflib

    table = calcs() if table is None else table
    key = name.strip().lower().replace("_", "-")
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, table, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UserError(f"unknown law {name!r}{hint} (see `ironlaw calc list`)")


# a symbol's domain -> (the check from ironlaw.checks, what it asks for)
_DOMAINS = {
    "positive": (checks.positive, "greater than 0"),
    "nonnegative": (lambda x, name: checks.positive(x, name, allow_zero=True), "0 or more"),
    "fraction": (checks.fraction, "in (0, 1]"),
    "probability": (lambda x, name: checks.fraction(x, name, open_low=False, open_high=True),
                    "in [0, 1)"),
    "share": (lambda x, name: checks.fraction(x, name, open_low=False), "in [0, 1]"),
    "integer": (checks.whole, "a whole number of at least 1"),
}


def _items(symbol: Symbol, raw: Any) -> tuple:
    """A list input's items: ``"100 + 60 + 40 ms"`` or ``"100 ms, 60 ms"`` (a unit written only
    after the last item applies to every item), or a sequence of values."""
    if not isinstance(raw, str):
        return tuple(raw) if isinstance(raw, (list, tuple)) else (raw,)
    parts = [part.strip() for part in re.split(r"[+,]", raw)]
    if len(parts) > 64 or not all(parts):
        raise ParameterError(symbol.name, f"{symbol.meaning}: cannot read {raw!r} as a list; "
                                          "write items joined by + or ,")
    unit = re.sub(r"^[-\d.eE]+\s*", "", parts[-1])
    return tuple(f"{part} {unit}" if unit and re.fullmatch(r"[\d.]+", part) else part
                 for part in parts)


def _any(symbol: Symbol, raw: Any) -> Quantity:
    """``raw`` read in the first dimension that takes it (:func:`ironlaw.units.parse_any`: a
    bare number is a plain count)."""
    if not isinstance(raw, str):
        return Quantity(units.parse(raw, "count"), "count")
    try:
        return Quantity(*units.parse_any(raw))
    except units.UnitError as exc:
        raise ParameterError(symbol.name, f"{symbol.meaning}: {exc}") from None


def _check(symbol: Symbol, raw: Any) -> Any:
    """``raw`` read in the symbol's dimension and checked against its domain; a
    ParameterError naming the symbol (and quoting what was given) otherwise."""
    if symbol.dim == "any":
        value = raw if isinstance(raw, Quantity) else _any(symbol, raw)
        if value <= 0:
            raise ParameterError(symbol.name, f"{symbol.meaning} must be greater than 0, "
                                              f"got {raw!r}")
        return value
    if symbol.dim == "text" and not symbol.choices:  # free text: the law reads it
        if not isinstance(raw, str):
            raise ParameterError(symbol.name, f"{symbol.meaning}: expected text, got {raw!r}")
        return raw
    if symbol.dim == "text":
        if symbol.also is None or raw in symbol.choices:
            return checks.choice(raw, symbol.name, symbol.choices)
        try:
            return _check(replace(symbol, dim=symbol.also, also=None), raw)
        except ParameterError:
            wanted = units.DIMENSIONS[symbol.also]
            raise ParameterError(symbol.name, f"expected one of {', '.join(symbol.choices)}, "
                                              f"or {wanted.meaning} like {wanted.example!r}; "
                                              f"got {raw!r}") from None
    if symbol.many:
        return tuple(_check(replace(symbol, many=False), item) for item in _items(symbol, raw))
    try:
        value = units.parse(raw, symbol.dim)
    except units.UnitError as exc:
        if symbol.also is None:
            raise ParameterError(symbol.name, str(exc)) from None
        try:
            value = units.parse(raw, symbol.also)
        except units.UnitError:
            wanted = units.DIMENSIONS[symbol.also]
            raise ParameterError(symbol.name, f"{exc}, or {wanted.meaning} like "
                                              f"{wanted.example!r}") from None
    check, wanted = _DOMAINS[symbol.domain]
    try:
        check(value, symbol.name)
    except ParameterError:
        raise ParameterError(symbol.name, f"{symbol.meaning} must be {wanted}, got {raw!r}") \
            from None
    return value


@dataclass(frozen=True)
class Derivation:
    """A law evaluated on concrete inputs, ready to be printed or serialized."""

    calc: Calc
    inputs: dict[str, Any]
    values: dict[str, Any]
    binary: bool | None = None

    def _symbols(self) -> dict[str, Symbol]:
        return {s.name: s for s in (*self.calc.inputs, *self.calc.outputs)}

    def shown(self) -> dict[str, str]:
        symbols = self._symbols()
        merged = {**self.inputs, **self.values}
        digits = {name: _figures(merged[name], [merged[t] for t in terms])
                  for name, terms in self.calc.sums}

        def show(name: str, value: Any) -> str:
            if isinstance(value, tuple):
                return symbols[name].joined.join(show(name, item) for item in value)
            symbol = symbols[name]
            dim = symbol.also if symbol.dim == "text" and symbol.also and \
                not isinstance(value, str) else symbol.dim  # an energy for a named event
            if dim == "any":  # shown in the dimension it was read in
                dim = getattr(value, "dim", "count")
            if dim == "rate" and symbol.what:  # a rate names what flows
                return units.per_second(value, symbol.what)
            return units.format(value, dim, self.binary, digits.get(name, 3))

        return {name: show(name, merged[name]) for name in merged}

    def substitutions(self) -> list[str]:
        """The formula's steps with every ``{name}`` replaced by its formatted value; a step
        that needs an optional quantity this evaluation lacks is left out."""
        shown = self.shown()
        return [step.format(**shown) for step in self._steps()]

    def _steps(self) -> list[str]:
        merged = {**self.inputs, **self.values}
        return [step for step in self.calc.steps
                if all(merged[field] is not None for _, field, _, _ in
                       string.Formatter().parse(step) if field)]

    def _results(self) -> list[str]:
        """The results to print: those this evaluation has (an optional one may be None)."""
        return [name for name in self.calc.results if self.values[name] is not None]

    def _chained(self) -> bool:
        return all("=" not in step for step in self.calc.steps)

    def _lhs(self) -> str:
        return self.calc.formula.split("=")[0].strip()

    def text(self) -> str:
        calc, shown, symbols = self.calc, self.shown(), self._symbols()
        lines = [calc.title, f"  {calc.formula}", ""]
        width = max(len(s.symbol) for s in calc.inputs)
        for s in calc.inputs:
            if self.inputs[s.name] is not None:
                lines.append(f"  {s.symbol:<{width}} = {shown[s.name]:<14} {s.meaning}")
        lines.append("")
        steps = self.substitutions()
        if self._chained() and steps:  # (an optional input left out may drop every step)
            lhs = self._lhs()
            lines.append(f"  {lhs} = {steps[0]}")
            lines += [f"  {'':<{len(lhs)}} = {step}" for step in steps[1:]]
        else:
            lines += [f"  {step}" for step in steps]
        lines.append("")
        for name in self._results():
            s = symbols[name]
            label = f"{s.meaning} ({s.symbol})" if s.symbol else s.meaning
            lines.append(f"  {label}: {shown[name]}")
        lines += [f"  Note: {note}" for note in calc.notes]
        if calc.source:
            lines.append(f"  Source: {calc.source}")
        return "\n".join(lines)

    def markdown(self) -> str:
        calc, shown, symbols = self.calc, self.shown(), self._symbols()
        out = [f"**{calc.title}**", "", f"$$ {calc.latex or calc.formula} $$", "",
               "| symbol | meaning | value |", "|---|---|---|"]
        out += [f"| {s.symbol} | {s.meaning} | {shown[s.name]} |" for s in calc.inputs
                if self.inputs[s.name] is not None]
        out += ["", "```"]
        steps = self.substitutions()
        if self._chained() and steps:  # (an optional input left out may drop every step)
            lhs = self._lhs()
            out += [f"{lhs if i == 0 else ' ' * len(lhs)} = {step}" for i, step in
                    enumerate(steps)]
        else:
            out += steps
        out += ["```", "", "| result | value |", "|---|---|"]
        for name in self._results():
            s = symbols[name]
            out.append(f"| {s.meaning}{f' ({s.symbol})' if s.symbol else ''} | {shown[name]} |")
        if calc.source:
            out += ["", f"Source: {calc.source}"]
        return "\n".join(out)

    def latex(self) -> str:
        calc = self.calc
        shown = {k: r"\text{" + _latex_text(v) + "}" for k, v in self.shown().items()}
        steps = [_latex_step(step, shown) for step in self._steps()]
        formula = calc.latex or _latex_step(calc.formula, {})
        lhs, _, rhs = formula.partition("=")
        lines = [r"\begin{align*}", f"{lhs.strip()} &= {rhs.strip()} \\\\"]
        if self._chained():
            lines += [f"&= {step} \\\\" for step in steps]
        else:
            lines += [f"&{step} \\\\" for step in steps]
        lines[-1] = lines[-1].removesuffix(" \\\\")
        lines.append(r"\end{align*}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        symbols = self._symbols()

        merged = {**self.inputs, **self.values}

        def key(name: str) -> str:  # "data" -> "data_bytes"; "flops" stays "flops"
            dim = symbols[name].dim  # a quantity of any dimension: the one it was read in
            dim = getattr(merged[name], "dim", "count") if dim == "any" else dim
            suffix = units.JSON_SUFFIX.get(dim, "")
            return name if name == suffix[1:] else name + suffix

        def plain(value: Any) -> Any:
            if value is None or isinstance(value, str):
                return value
            if isinstance(value, tuple):
                return [plain(item) for item in value]
            value = float(value)
            return value if math.isfinite(value) else None

        return {
            "law": self.calc.name,
            "title": self.calc.title,
            "formula": self.calc.formula,
            "inputs": {key(n): plain(v) for n, v in self.inputs.items()},
            "steps": self.substitutions(),
            "result": {key(n): plain(self.values[n]) for n in self.calc.results},
            "values": {key(n): plain(v) for n, v in self.values.items()},
            "source": self.calc.source,
        }

    def __str__(self) -> str:
        return self.text()

    def _repr_markdown_(self) -> str:  # Jupyter renders the worked calculation
        return self.markdown()


def _figures(total: Any, terms: list[Any]) -> int:
    """Significant figures that show the smallest term of a sum in its total: 3, plus one per
    decade the total exceeds that term by (10 ms + 0.8 µs: 6 figures, 10.0008 ms)."""
    terms = [x for t in terms for x in (t if isinstance(t, tuple) else (t,))]
    try:
        small = min(abs(float(t)) for t in terms if t is not None and float(t) != 0)
        ratio = abs(float(total)) / small
    except (ValueError, TypeError, ZeroDivisionError):
        return 3
    if not math.isfinite(ratio) or ratio <= 1:
        return 3
    return int(min(12, max(3, 1 + math.ceil(math.log10(ratio)))))


_GREEK = {"λ": r"\lambda ", "μ": r"\mu ", "ρ": r"\rho ", "σ": r"\sigma ", "κ": r"\kappa ",
          "η": r"\eta ", "∞": r"\infty "}


_FUNCTIONS = {"min", "max", "ln"}  # left to _latex_math, which writes \\min( ...
# a run of words (not a subscript's, as in e_acc, nor a function's name before its "(")
_WORDS = re.compile(r"(?<![\w_\\])[A-Za-z][A-Za-z0-9]*(?:\s+[A-Za-z][A-Za-z0-9]*)*(?![\w_(])")


def _latex_step(template: str, shown: dict[str, str]) -> str:
    """A step template in LaTeX, its ``{name}`` fields replaced by ``shown``: the template's
    own words (``per token``, ``MACs``, a unit right after a value: ``{b} B``) set upright in
    ``\\text{}``, keeping the spaces around them, a subscript of several letters
    (``e_acc``) in ``\\mathrm{}``; a lone letter elsewhere is a symbol and stays math."""
    parts = list(string.Formatter().parse(template))
    out = []
    for i, (literal, field, _, _) in enumerate(parts):
        after_value = i > 0 and parts[i - 1][1] is not None
        out.append(_latex_literal(literal, after_value, field is not None))
        if field is not None:
            out.append(shown[field])
    return "".join(out)


def _latex_literal(text: str, after_value: bool, before_value: bool) -> str:
    def upright(m: re.Match) -> str:
        words, lead, trail = m.group(0), text[:m.start()], text[m.end():]
        first = after_value and not lead.strip()  # the unit or label of the value before
        if words in _FUNCTIONS or (len(words) == 1 and not first):
            return words
        left = lead[-1:].isspace() and (first or lead.rstrip()[-1:].isalnum())
        right = trail[:1].isspace() and (before_value and not trail.strip()
                                          or trail.lstrip()[:1].isalnum())
        return r"\text{" + " " * left + words + " " * right + "}"

    text = _WORDS.sub(upright, text)
    text = re.sub(r"_([A-Za-z][A-Za-z0-9]+)", r"_{\\mathrm{\1}}", text)
    return _latex_math(text)


def _latex_math(text: str) -> str:
    """A step template in LaTeX math: operators and Greek letters; ``{name}`` fields kept."""
    text = text.replace(";  ", r";\quad ")
    for plain, tex in (("×", r"\times "), ("·", r"\cdot "), ("−", "-"), ("min(", r"\min("),
                       ("max(", r"\max("), ("ln(", r"\ln("), ("W̄", r"\bar W"), ("*", "^*"),
                       ("⌈", r"\lceil "), ("⌉", r"\rceil "), ("⌊", r"\lfloor "),
                       ("⌋", r"\rfloor "), ("√", r"\sqrt "), ("≥", r"\geq "), ("≤", r"\leq "),
                       ("→", r"\to "), ("²", "^2"), ("ᵀ", "^T")):
        text = text.replace(plain, tex)
    for letter, tex in _GREEK.items():
        text = text.replace(letter, tex)
    return text


def _latex_text(text: str) -> str:
    for plain, tex in (("\\", r"\textbackslash{}"), ("$", r"\$"), ("%", r"\%"), ("_", r"\_"),
                       ("µ", r"\textmu{}"), ("∞", r"$\infty$")):
        text = text.replace(plain, tex)
    text = re.sub(r"×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)",
                  lambda m: r"$\times 10^{" + m.group(1).translate(_PLAIN_DIGITS) + "}$", text)
    return text.replace("×", r"$\times$")  # a factor, 6.4×


_PLAIN_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def _one_kind(calc: Calc, inputs: dict[str, Any]) -> None:
    """A law's inputs of dimension ``any`` are quantities of one kind, the first one's (a
    ratio divides a time by a time): a ParameterError naming the first that is not."""
    read = [(s.name, inputs[s.name].dim) for s in calc.inputs
            if s.dim == "any" and isinstance(inputs[s.name], Quantity)]
    for name, dim in read[1:]:
        first, kind = read[0]
        if dim != kind:
            raise ParameterError(name, f"{calc.name} takes {first} and {name} of one kind; "
                                       f"{first} is {units.DIMENSIONS[kind].meaning}, {name} "
                                       f"{units.DIMENSIONS[dim].meaning}")


def derive(name: str | Calc, binary: bool | None = None, **params: Any) -> Derivation:
    """Evaluate law ``name`` (or a :class:`Calc` defined above the laws) on ``params`` (SI
    floats or unit strings) as a worked calculation.

    Missing parameters take the law's default where it has one (optional ones are None); an
    unknown, missing or impossible parameter raises :class:`~ironlaw.errors.ParameterError`
    naming it.
    """
    calc = name if isinstance(name, Calc) else get_calc(name)
    known = {s.name for s in calc.inputs}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ParameterError(unknown[0], f"{calc.name} takes no such parameter; it takes: "
                                         f"{', '.join(sorted(known))}")
    inputs: dict[str, Any] = {}
    for symbol in calc.inputs:
        raw = params.get(symbol.name)
        if raw is None and symbol.optional:
            inputs[symbol.name] = None
            continue
        if raw is None:
            if symbol.default is None and symbol.dim == "text" and not symbol.choices:
                raise ParameterError(symbol.name, f"{calc.name} needs it ({symbol.meaning})")
            if symbol.default is None:
                example = (symbol.choices[0] if symbol.dim == "text" else "2.8 ms"
                           if symbol.dim == "any" else units.DIMENSIONS[symbol.dim].example)
                raise ParameterError(symbol.name, f"{calc.name} needs it ({symbol.meaning}, "
                                                  f"e.g. {example!r})")
            raw = symbol.default
        inputs[symbol.name] = _check(symbol, raw)
    _one_kind(calc, inputs)
    try:
        values = calc.compute(**inputs)
    except ParameterError:
        raise
    except (ValueError, KeyError) as exc:
        raise UserError(f"{calc.name}: {exc}") from None
    return Derivation(calc, inputs, values, binary)


@dataclass(frozen=True)
class Line:
    """One step of a solver's explanation: what, the formula, the numbers put in, the result."""

    label: str
    formula: str
    substituted: str
    result: str


@dataclass(frozen=True, repr=False)
class Worked:
    """The worked derivation of a solver's headline numbers (``--explain``).

    Built by solvers above the laws (training, serving, operations ...), which know which
    formulas they applied; rendered like a :class:`Derivation`.
    """

    title: str
    lines: tuple[Line, ...]
    notes: tuple[str, ...] = ()

    def text(self) -> str:
        out = [self.title]
        for line in self.lines:
            out += [f"  {line.label}", f"    {line.formula}", f"    = {line.substituted}",
                    f"    = {line.result}"]
        out += [f"  Note: {note}" for note in self.notes]
        return "\n".join(out)

    def markdown(self) -> str:
        out = [f"**{self.title}**", "", "| quantity | formula | substitution | result |",
               "|---|---|---|---|"]
        out += [f"| {x.label} | `{x.formula}` | {x.substituted} | **{x.result}** |"
                for x in self.lines]
        out += [f"\n{note}" for note in self.notes]
        return "\n".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title,
                "steps": [{"label": x.label, "formula": x.formula, "substituted": x.substituted,
                           "result": x.result} for x in self.lines],
                "notes": list(self.notes)}

    def rows(self) -> list[Table]:
        """The steps as one table (quantity, formula, substitution, result), notes after."""
        return [Table(self.title, columns(("label", "quantity"), ("formula", "formula"),
                                          ("substituted", "substitution"), ("result", "result")),
                      tuple(self.to_dict()["steps"]), self.notes)]

    def explain(self) -> Worked:
        return self

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"<Worked: {self.title}; {len(self.lines)} steps>"

    def _repr_markdown_(self) -> str:  # Jupyter renders the steps as a table
        return self.markdown()
