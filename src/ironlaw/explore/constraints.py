"""Constraints on a sweep: ``where`` expressions over metric and dimension names, parsed safely.

    p99_ttft_s <= 0.2            latency_s < "200 ms"          fits and power_w <= 700
    device in ["h100-sxm", "h200"]    not fits or batch >= 64     0.5 <= mfu <= 0.9
    bottleneck == "memory"       throughput_per_s / count >= 1000

The grammar is a small subset of Python expressions, read with :mod:`ast` and evaluated by
walking the tree (never ``eval``): names (metrics, dimensions, ``true``/``false``), numbers,
strings, lists of them, ``+ - * /``, unary minus, comparisons (chained too), ``in``/``not in``,
``and``/``or``/``not``. A string compared with a metric that has a unit is read as a quantity
(``"200 ms"`` → 0.2 for a ``_s`` metric). A NaN metric (an infeasible configuration) fails
every comparison. Anything else — calls, attributes, subscripts, unknown names — is a
:class:`UserError` naming the expression and what was expected.
"""

from __future__ import annotations

import ast
import difflib
import operator

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.explore.metrics import dim_of

_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
            ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv}
_BOOLEANS = {"true": True, "false": False, "True": True, "False": False}


class WhereError(ParameterError):
    """A ``where`` expression that cannot be read."""

    def __init__(self, message: str):
        super().__init__("where", message)


def parse_where(text: str, names) -> ast.Expression:
    """Parse and check ``text`` against the known ``names``; the tree to :func:`evaluate`."""
    if not isinstance(text, str) or not text.strip():
        raise WhereError("expected an expression like 'latency_s <= 0.2'")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise WhereError(f"{text!r}: not a valid expression ({exc.msg})") from None
    known = set(names)
    for node in ast.walk(tree):
        _check(node, text, known)
    return tree


def _check(node, text: str, known: set) -> None:
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub,
               ast.UAdd, ast.BinOp, ast.Compare, ast.Name, ast.Constant, ast.List, ast.Tuple,
               ast.Load, ast.In, ast.NotIn, *_COMPARE, *_ARITH)
    if not isinstance(node, allowed):
        what = type(node).__name__.lower()
        raise WhereError(f"{text!r}: {what} is not allowed; use metric names, "
                         "numbers, strings, comparisons, and/or/not, in [...], + - * /")
    if isinstance(node, ast.Name) and node.id not in known and node.id not in _BOOLEANS:
        close = difflib.get_close_matches(node.id, sorted(known), n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise WhereError(f"{text!r}: unknown name {node.id!r}{hint}")
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
        raise WhereError(f"{text!r}: {node.value!r} is not a number or a string")
    if isinstance(node, (ast.List, ast.Tuple)) and not all(
            isinstance(e, ast.Constant) for e in node.elts):
        raise WhereError(f"{text!r}: a list holds numbers or strings only")


def _quantity(value, name: str | None, text: str):
    """A string compared with a metric that has a unit: parse it as that quantity."""
    if not isinstance(value, str) or name is None:
        return value
    dim = dim_of(name)
    if dim in ("text", "count"):
        return value
    from ironlaw import units

    try:
        return units.parse(value, dim)
    except units.UnitError as exc:
        raise WhereError(f"{text!r}: {name}: {exc}") from None


def evaluate(tree: ast.Expression, lookup, text: str = ""):
    """Evaluate a checked tree; ``lookup(name)`` gives a metric or dimension (array-like)."""

    def name_of(node):
        return node.id if isinstance(node, ast.Name) and node.id not in _BOOLEANS else None

    def value(node, partner=None):
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return _quantity(node.value, partner, text)
        if isinstance(node, ast.Name):
            return _BOOLEANS[node.id] if node.id in _BOOLEANS else lookup(node.id)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [_quantity(e.value, partner, text) for e in node.elts]
        if isinstance(node, ast.UnaryOp):
            inner = value(node.operand)
            if isinstance(node.op, ast.Not):
                return ~_boolean(inner, text)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            return _ARITH[type(node.op)](_number(value(node.left), text),
                                         _number(value(node.right), text))
        if isinstance(node, ast.BoolOp):
            parts = [_boolean(value(v), text) for v in node.values]
            combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_
            result = parts[0]
            for part in parts[1:]:
                result = combine(result, part)
            return result
        if isinstance(node, ast.Compare):
            result, left = True, node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                a = value(left, name_of(right))
                b = value(right, name_of(left))
                if isinstance(op, (ast.In, ast.NotIn)):
                    if not isinstance(b, list):
                        raise WhereError(f"{text!r}: 'in' needs a list, e.g. "
                                         "device in ['h100-sxm', 'h200']")
                    part = _isin(a, b)
                    part = ~part if isinstance(op, ast.NotIn) else part
                else:
                    _same_kind(a, b, text)
                    part = _COMPARE[type(op)](a, b)
                result = result & part
                left = right
            return result
        raise WhereError(f"{text!r}: cannot evaluate {type(node).__name__}")

    return value(tree)


def _number(x, text: str):
    """An arithmetic operand: numbers only (``'a' * 10**12`` would build a terabyte string)."""
    kind = getattr(getattr(x, "dtype", None), "kind", None)
    if isinstance(x, (str, bytes, list)) or kind in ("O", "U", "S"):
        raise WhereError(f"{text!r}: arithmetic (+, -, *, /) applies to numbers, "
                         "not to text")
    return x


def _isin(a, values):
    if hasattr(a, "isin"):
        return a.isin(values)
    return np.isin(a, values)


def _same_kind(a, b, text: str) -> None:
    """Numbers compare with numbers, text with text."""
    def textual(x):
        if isinstance(x, str):
            return True
        dtype = getattr(x, "dtype", None)
        return dtype is not None and dtype.kind in "OUS"

    if textual(a) != textual(b):
        raise WhereError(f"{text!r}: compares text with a number")


def _boolean(x, text: str):
    dtype = getattr(x, "dtype", None)
    if isinstance(x, bool) or (dtype is not None and dtype.kind == "b"):
        return x
    raise WhereError(f"{text!r}: 'and', 'or' and 'not' combine conditions "
                     "(comparisons or true/false metrics like fits)")


def where(ds, *expressions: str):
    """A boolean DataArray over the Dataset's dims: every expression holds (all of them)."""
    import xarray as xr

    names = [*ds.data_vars, *ds.coords]
    mask = xr.ones_like(ds[next(iter(ds.data_vars))], dtype=bool)
    for text in expressions:
        tree = parse_where(text, names)
        result = evaluate(tree, lambda n: ds[n], text)
        if isinstance(result, bool):
            result = xr.full_like(mask, result)
        if getattr(result, "dtype", None) is None or result.dtype.kind != "b":
            raise WhereError(f"{text!r}: expected a condition (a comparison), "
                             "not a number")
        mask = mask & result
    return mask
