"""Napkin arithmetic on quantities with units: the book's "32K tokens ÷ 500K tokens/s = 64 ms".

    x = e(q₁, …, qₙ)     an expression of numbers and quantities, each quantity in brackets:
                         [32e3 tokens] / [500e3 tokens/s],  [19.5 TFLOP/s] × [4 B] / [1 FLOP],
                         0.45·94 + 0.30·92,  √48,  (4000/512)^2,  [1%] × 1e6
    a ± b                a and b of one dimension; the result has it
    a × b, a ÷ b         the SI values multiply (divide), the dimensions' exponents add (subtract)
    aⁿ                   n a whole number, |n| ≤ 4: the exponents times n; a plain number
                         (no dimension) takes any plain exponent, |n| ≤ 10⁶: 0.99^100,
                         0.95^(1/20) (float arithmetic: no exponent tower can hang it)
    √a                   the exponents halved (each must be even)
    floor(a), ceil(a)    a whole count (a dimensionless a): how many fit, ⌊free/size⌋, or
                         how many are needed, ⌈total/each⌉
    exp(a), ln(a), log10(a), log2(a), Φ(a), Φ⁻¹(a)   of a plain number: e^a, the natural,
                         decimal and binary logarithms, the standard normal CDF
                         Φ(a) = ½·(1 + erf(a/√2)) (a z-score's share below it; also written
                         Phi) and its quantile Φ⁻¹ (also Phi_inv): laws.queueing's

Each bracket is read by :func:`ironlaw.units.parse_any` into an SI float and an ironlaw
dimension (time, bytes, bandwidth, flop_rate, usd, count ...). A dimension's exponents over the
base dimensions ([time], [information], [compute], [currency], [mass], [length]) are pint's, for
the dimension's SI unit; those SI units are coherent (B/s × s = B, W × s = J, USD/s × s = USD),
so the SI value of a product is the product of the SI values. The result is named by the
dimension of a bracket with its exponents, else the first of ``units.ANY_ORDER`` that has them
(count/time is a rate, FLOP/s × s an amount of computation); no dimension, no answer.

Safe by construction (issue 13): at most MAX_CHARS characters and MAX_QUANTITIES brackets; the
text outside brackets is tokenized here (numbers, + − × ÷ · ^ ( ), sqrt √ floor ceil exp ln
log10 log2 Φ Φ⁻¹), parsed by Python's ``ast`` and evaluated node by node from a short list —
no name, attribute, call other than those functions, exponent beyond its bound (a small whole
number on a quantity, |n| ≤ 10⁶ on a plain number), or non-finite value passes. Pint never
reads the expression, only each bracket's unit, through ironlaw.units.
"""

from __future__ import annotations

import ast
import math
import re
from functools import lru_cache

from ironlaw import units
from ironlaw.errors import ParameterError
from ironlaw.laws._calc import Calc, Quantity, Symbol
from ironlaw.laws.queueing import normal_cdf, normal_quantile

MAX_CHARS = 200
MAX_QUANTITIES = 12
MAX_EXPONENT = 4  # on a quantity: its dimensions' exponents are multiplied by it
MAX_PLAIN_EXPONENT = 1_000_000  # on a plain number
Dims = tuple[tuple[str, int], ...]  # sorted (base dimension, exponent), no zero exponents

_TOKEN = re.compile(r"\s*(?:(?P<quantity>\[[^\[\]]*\])|"
                    r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(?P<sqrt>sqrt|√)|"
                    r"(?P<func>floor|ceil|exp|ln|log10|log2|Phi_inv|Phi|Φ⁻¹|Φ)|"
                    r"(?P<op>\*\*|[-+*/×÷·−^()]))")
_PYTHON = {"×": "*", "·": "*", "÷": "/", "−": "-", "^": "**"}
_OPERATORS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/", ast.Pow: "^"}
_BINDING = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Pow: 4}
# how an SI unit of a base dimension is written (pint's base of [information] is the bit; the
# SI float of ironlaw is in bytes)
_BASE_UNITS = {"[time]": "s", "[information]": "B", "[compute]": "FLOP", "[currency]": "USD",
               "[mass]": "kg", "[length]": "m"}


_FUNCTIONS = {"exp": math.exp, "ln": math.log, "log10": math.log10, "log2": math.log2,
              "Phi": lambda z: float(normal_cdf(z)), "Phi_inv": lambda p: float(normal_quantile(p))}
_SHOWN = {"sqrt": "√({})", "floor": "⌊{}⌋", "ceil": "⌈{}⌉", "exp": "exp({})", "ln": "ln({})",
          "log10": "log₁₀({})", "log2": "log₂({})", "Phi": "Φ({})", "Phi_inv": "Φ⁻¹({})"}
_SPELLED = {"Φ": "Phi", "Φ⁻¹": "Phi_inv"}


class _Refused(Exception):
    """Why an expression cannot be evaluated (turned into a ParameterError naming the input)."""


@lru_cache(maxsize=1)
def _exponents() -> dict[str, Dims]:
    """Each ironlaw dimension's exponents over pint's base dimensions, for its SI unit."""
    registry = units.registry()
    return {name: _dims(dict(registry.get_dimensionality(spec.si)) if spec.si else {})
            for name, spec in units.DIMENSIONS.items()}


def _dims(exponents: dict) -> Dims:
    return tuple(sorted((str(b), int(e)) for b, e in exponents.items() if e))


def _combine(a: Dims, b: Dims, sign: int) -> Dims:
    merged = dict(a)
    for base, exponent in b:
        merged[base] = merged.get(base, 0) + sign * exponent
    return _dims(merged)


def name_of(dims: Dims, read: tuple[str, ...] = ()) -> str | None:
    """The ironlaw dimension with exponents ``dims``: one of ``read`` (the brackets' own, so a
    frequency stays one) first, then the first of ``units.ANY_ORDER``; None if none has them."""
    return next((d for d in (*read, *units.ANY_ORDER) if _exponents()[d] == dims), None)


def _describe(dims: Dims, read: tuple[str, ...] = ()) -> str:
    name = name_of(dims, read)
    if name is not None:
        return units.DIMENSIONS[name].meaning
    return "a quantity in " + "·".join(
        _BASE_UNITS.get(b, b) + ("" if e == 1 else "^" + str(e)) for b, e in dims)


def _si(value: float, dims: Dims, read: tuple[str, ...]) -> str:
    """A value in SI units, ``500000 /s``, ``1.95×10¹³ FLOP/s``: the number to 6 figures."""
    name = name_of(dims, read)
    unit = "" if name == "count" else "/s" if name == "rate" else \
        units.DIMENSIONS[name].si if name else _describe(dims)[len("a quantity in "):]
    return f"{units.format(value, 'count', digits=6)} {unit}".strip()


def _tokens(text: str) -> tuple[str, list[str]]:
    """The Python source of ``text`` (brackets become names _q0, _q1 …) and the brackets."""
    source, quantities, at = [], [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            if not text[at:].strip():
                break
            word = re.match(r"\s*(\w+|\S)", text[at:]).group(1)
            raise _Refused(f"{word!r} is not a number, a [quantity], an operator (+ − × ÷ ^) "
                           "or sqrt, floor, ceil, exp, ln, log10, log2, Φ, Φ⁻¹")
        at = match.end()
        if match["quantity"]:
            quantities.append(match["quantity"][1:-1])
            source.append(f"_q{len(quantities) - 1}")
        elif match["sqrt"]:
            source.append("sqrt")
        elif match["func"]:
            source.append(_SPELLED.get(match["func"], match["func"]))
        else:
            token = match["number"] or match["op"]
            source.append(_PYTHON.get(token, token))
    if len(quantities) > MAX_QUANTITIES:
        raise _Refused(f"{len(quantities)} quantities, at most {MAX_QUANTITIES}")
    # √48, √[48 s]: the root of the atom after it
    joined = " ".join(source)
    return re.sub(r"sqrt (_q\d+|[\d.][\w.+-]*)", r"sqrt(\1)", joined), quantities


class _Evaluator:
    """Evaluates an ``ast`` expression of the allowed nodes to (SI value, dims)."""

    def __init__(self, quantities: list[tuple[float, str]]):
        self.quantities = quantities
        self.read = tuple(dim for _, dim in quantities)

    def value(self, node: ast.AST) -> tuple[float, Dims]:
        if isinstance(node, ast.Expression):
            return self.value(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return _finite(float(node.value), "a number"), ()
        if isinstance(node, ast.Name) and re.fullmatch(r"_q\d+", node.id):
            value, dim = self.quantities[int(node.id[2:])]
            return value, _exponents()[dim]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value, dims = self.value(node.operand)
            return (-value if isinstance(node.op, ast.USub) else value), dims
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return self.binary(node)
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
            name = getattr(node.func, "id", None)
            if name == "sqrt":
                return self.root(node.args[0])
            if name in ("floor", "ceil"):
                return self.whole(name, node.args[0])
            if name in _FUNCTIONS:
                return self.function(name, node.args[0]), ()
        raise _Refused("only numbers, [quantities], + − × ÷ ^ and sqrt(), floor(), ceil(), "
                       "exp(), ln(), log10(), log2(), Φ(), Φ⁻¹() are allowed")

    def binary(self, node: ast.BinOp) -> tuple[float, Dims]:
        a, a_dims = self.value(node.left)
        if isinstance(node.op, ast.Pow) and not a_dims:
            return self.plain_power(a, node.right), ()
        if isinstance(node.op, ast.Pow):
            n = _exponent(node.right)
            if a == 0 and n < 0:
                raise _Refused("it divides by zero")
            try:
                power = a ** n
            except OverflowError:
                power = math.inf
            return _finite(power, "the power"), tuple((b, e * n) for b, e in a_dims if n)
        b, b_dims = self.value(node.right)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            if a_dims != b_dims:
                word = "add" if isinstance(node.op, ast.Add) else "subtract"
                raise _Refused(f"cannot {word} {_describe(a_dims, self.read)} and "
                               f"{_describe(b_dims, self.read)}")
            return _finite(a + b if isinstance(node.op, ast.Add) else a - b, "the sum"), a_dims
        if isinstance(node.op, ast.Mult):
            return _finite(a * b, "the product"), _combine(a_dims, b_dims, 1)
        if b == 0:
            raise _Refused("it divides by zero")
        return _finite(a / b, "the quotient"), _combine(a_dims, b_dims, -1)

    def plain_power(self, a: float, exponent: ast.AST) -> float:
        """aⁿ for a plain number a: n any plain number (an expression) with |n| ≤ 10⁶."""
        n, dims = self.value(exponent)
        if dims:
            raise _Refused(f"an exponent must be a plain number, not {_describe(dims, self.read)}")
        if abs(n) > MAX_PLAIN_EXPONENT:
            raise _Refused("an exponent of a plain number must be from −10⁶ to 10⁶")
        if a == 0 and n < 0:
            raise _Refused("it divides by zero")
        if a < 0 and n != int(n):
            raise _Refused("a fractional power of a negative number")
        try:
            power = float(a) ** float(n)
        except OverflowError:
            power = math.inf
        return _finite(power, "the power")

    def function(self, name: str, node: ast.AST) -> float:
        """exp, ln, log10 or Φ of a plain number (``_FUNCTIONS``)."""
        value, dims = self.value(node)
        if dims:
            raise _Refused(f"{name}() takes a plain number, not {_describe(dims, self.read)}")
        if name in ("ln", "log10", "log2") and value <= 0:
            raise _Refused(f"{name}() of a number that is not positive")
        if name == "Phi_inv" and not 0 < value < 1:
            raise _Refused("Φ⁻¹() takes a probability strictly between 0 and 1")
        try:
            result = _FUNCTIONS[name](value)
        except OverflowError:
            result = math.inf
        return _finite(result, f"{name}()")

    def whole(self, name: str, node: ast.AST) -> tuple[float, Dims]:
        value, dims = self.value(node)
        if dims:
            raise _Refused(f"{name}() takes a plain number (a count), not "
                           f"{_describe(dims, self.read)}")
        return float(math.floor(value) if name == "floor" else math.ceil(value)), ()

    def root(self, node: ast.AST) -> tuple[float, Dims]:
        value, dims = self.value(node)
        if value < 0:
            raise _Refused("the square root of a negative number")
        if any(e % 2 for _, e in dims):
            raise _Refused(f"the square root of {_describe(dims, self.read)} is no quantity")
        return math.sqrt(value), tuple((b, e // 2) for b, e in dims)


def _exponent(node: ast.AST) -> int:
    """A power's exponent: a whole number from −MAX_EXPONENT to MAX_EXPONENT, written out."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign, node = (-1 if isinstance(node.op, ast.USub) else 1), node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int \
            and node.value <= MAX_EXPONENT:
        return sign * node.value
    raise _Refused(f"an exponent must be a whole number from −{MAX_EXPONENT} to {MAX_EXPONENT} "
                   "(a root: sqrt)")


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise _Refused(f"{what} is out of range")
    return value


def _show(node: ast.AST, atoms: dict[str, str], parent: int = 0, right: bool = False) -> str:
    """The expression written back with ``atoms`` for its brackets, × and − for * and -;
    parentheses where the parent binds tighter, or binds as tight and this is its right side
    (a − (b + c), a / (b × c): neither − nor ÷ is associative)."""
    if isinstance(node, ast.Expression):
        return _show(node.body, atoms)
    if isinstance(node, ast.Constant):
        return units.format(float(node.value), "count", digits=6)
    if isinstance(node, ast.Name):
        text = atoms[node.id]
        return f"({text})" if (" " in text or "/" in text) and parent >= 2 else text
    if isinstance(node, ast.UnaryOp):
        text = ("−" if isinstance(node.op, ast.USub) else "+") + _show(node.operand, atoms, 3)
        return f"({text})" if parent >= 3 or right else text
    if isinstance(node, ast.Call):
        return _SHOWN[node.func.id].format(_show(node.args[0], atoms))
    op = type(node.op)
    level = _BINDING[op]
    text = (f"{_show(node.left, atoms, level + (op is ast.Pow))} {_OPERATORS[op]} "
            f"{_show(node.right, atoms, level, right=True)}")
    if op is ast.Pow:
        text = text.replace(" ^ ", "^")
    needs = level < parent or (level == parent and right)
    return f"({text})" if needs else text


def evaluate(expression: str) -> dict:
    """x = e(q₁, …, qₙ): the expression's value [SI], its dimension, and the expression written
    with each quantity as read and in SI; a ParameterError naming ``expression`` otherwise."""
    shown = expression if len(expression) <= 60 else expression[:60] + "…"
    try:
        if len(expression) > MAX_CHARS:
            raise _Refused(f"{len(expression)} characters, at most {MAX_CHARS}")
        source, brackets = _tokens(expression)
        quantities = []
        for text in brackets:
            try:
                quantities.append(units.parse_any(text))
            except units.UnitError as exc:
                raise _Refused(str(exc)) from None
        try:
            tree = ast.parse(source, mode="eval")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise _Refused("it is not a well-formed expression (write [quantities] joined by "
                           "+ − × ÷, e.g. '[32e3 tokens] / [500e3 tokens/s]')") from None
        evaluator = _Evaluator(quantities)
        value, dims = evaluator.value(tree)
        dim = name_of(dims, evaluator.read)
        if dim is None:
            raise _Refused(f"the result is {_describe(dims)}, which ironlaw has no dimension "
                           "for")
    except _Refused as why:
        raise ParameterError("expression", f"cannot evaluate {shown!r}: {why}") from None
    except RecursionError:
        raise ParameterError("expression", f"cannot evaluate {shown!r}: it nests too "
                                           "deeply") from None
    read = _show(tree, {f"_q{i}": units.format(v, d) for i, (v, d) in enumerate(quantities)})
    si = _show(tree, {f"_q{i}": _si(v, _exponents()[d], (d,))
                      for i, (v, d) in enumerate(quantities)})
    return {"read": None if read == si else read, "si": si, "result": Quantity(value, dim)}


CALCS = (
    Calc(
        name="arithmetic",
        title="Arithmetic on quantities with units (a napkin calculation)",
        inputs=(Symbol("expression", "e", "text",
                       "the expression, e.g. '[32e3 tokens] / [500e3 tokens/s]'"),),
        outputs=(Symbol("read", "", "text", "the expression with each quantity as read"),
                 Symbol("si", "", "text", "the expression in SI units"),
                 Symbol("result", "x", "any", "the value of the expression")),
        formula="x = e(q₁, …, qₙ)",
        latex=r"x = e(q_1, \ldots, q_n)",
        steps=("{read}", "{si}", "{result}"),
        compute=evaluate,
        results=("result",),
        notes=("Quantities are read in brackets ([2.5 ms], [$2/h], [32K tokens]); + and − need "
               "one dimension, × and ÷ combine them, a quantity's powers are whole numbers up "
               "to 4 (a plain number's any number up to 10⁶: 0.99^100), "
               "sqrt() takes a square root, floor() and ceil() round a count, and exp(), "
               "ln(), log10(), log2(), Φ() (the standard normal CDF) and Φ⁻¹() (its "
               "quantile) take a plain number.",),
        source="Definition: arithmetic on SI values, dimensions tracked by their exponents",
    ),
)
