"""A textbook worked example as data, and its run: the book's inputs through one law.

An :class:`Example` names the law (``ironlaw.derive``'s calculations, the ones ``ironlaw calc``
prints), the inputs as the book writes them, the quantity it prints and the printed value. Running
it evaluates the law — never a formula written again here — and compares:

    agrees  ⇔  |computed − book| ≤ tolerance

where the tolerance is the one the book's rounding implies: half a unit in the last printed digit
(trailing zeros of a number marked approximate, ``~160 billion``, are not significant), unless the
example states its own. Examples the book prints but ironlaw cannot yet compute carry ``missing``
(why) and no law; those whose printed value does not follow from the book's own inputs carry
``disputed`` (why) and the hand-calculated value ironlaw reproduces instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ironlaw import units
from ironlaw.derive import Derivation, derive, get_calc
from ironlaw.errors import UserError
from ironlaw.table import Table, facts
from ironlaw.training.calcs import every_calc

TOPICS = ("data movement", "energy", "roofline", "speedup", "training", "serving", "operations")
BOOK = "harvard-edge/cs249r_book"  # Machine Learning Systems (mlsysbook.ai), its sources
CONTENTS = "book/quarto/contents"  # the chapters' folder in the book's repository


@dataclass(frozen=True)
class Source:
    """Where the book prints it: the chapter file, its section anchor and the version read."""

    # path in the book's repository, e.g. book/quarto/contents/vol1/serving/serving.qmd
    chapter: str
    section: str  # the section's anchor, e.g. sec-serving-queuing
    commit: str  # the repository version the example was read from
    repo: str = BOOK  # the book's repository, or the copy of it that was read

    @property
    def chapter_name(self) -> str:
        """The chapter's file name, with its volume where the book has two (``vol2
        introduction``: both volumes have an introduction and a conclusion)."""
        parts = self.chapter.split("/")
        volume = next((p for p in parts if p in ("vol1", "vol2")), None)
        name = parts[-1].removesuffix(".qmd")
        return f"{volume} {name}" if volume == "vol2" else name


def chapter_file(volume: str, chapter: str) -> str:
    """The path of a chapter's file in the book's repository:
    ``book/quarto/contents/{volume}/{chapter}/{chapter}.qmd`` (``volume``: ``vol1``, ``vol2``, or
    ``core`` for the earlier single-volume chapters)."""
    return f"{CONTENTS}/{volume}/{chapter}/{chapter}.qmd"


def backmatter_file(volume: str, name: str) -> str:
    """The path of an appendix's file: ``book/quarto/contents/{volume}/backmatter/{name}.qmd``."""
    return f"{CONTENTS}/{volume}/backmatter/{name}.qmd"


def sections(path: str, commit: str, prefix: str = "",
             repo: str = BOOK) -> Callable[[str], Source]:
    """The sections of one file read at one commit: a function ``section ↦ Source(path,
    prefix + section, commit, repo)``, where ``section`` is the anchor's tail after ``prefix``
    (e.g. ``sections(chapter_file("vol2", "edge_intelligence"), COMMIT,
    "sec-edge-intelligence-")("scale-a1b2")`` is §sec-edge-intelligence-scale-a1b2)."""

    def source(section: str) -> Source:
        return Source(path, prefix + section, commit, repo)

    source.__doc__ = f"A section of {path} @ {commit[:10]}, its anchor {prefix!r} + section."
    return source


@dataclass(frozen=True)
class CatalogValue:
    """A constant the book states for a device beside ironlaw's catalog value for it.

    ``quantity``: ``bandwidth`` (main memory), ``capacity`` (main memory) or ``peak:PRECISION``
    (dense peak rate); ``why`` explains the difference (a different SKU, a rounded figure ...).
    """

    device: str
    quantity: str
    book: str
    why: str

    def catalog_value(self) -> tuple[float, str]:
        """The catalog's value [SI] and its dimension."""
        from ironlaw.hardware.catalog import get_device

        device = get_device(self.device)
        if self.quantity.startswith("peak:"):
            return device.peak_rate(self.quantity.split(":", 1)[1]), "flop_rate"
        memory = device.main_memory
        if self.quantity == "bandwidth":
            return memory.bandwidth.value, "bandwidth"
        if self.quantity == "capacity":
            return memory.capacity.value, "bytes"
        raise ValueError(f"unknown catalog quantity {self.quantity!r}")


@dataclass(frozen=True)
class Example:
    """One worked example of the book: what it computes, from what, and what it prints."""

    name: str
    topic: str
    title: str
    source: Source
    printed: str  # the value as the book prints it, e.g. "6,944 requests/second"
    book_value: float | None  # the printed value in SI units (a fraction for a percent)
    law: str | None = None  # an ironlaw.derive calculation; None while ironlaw lacks one
    inputs: tuple[tuple[str, str], ...] = ()  # (parameter, value as the book writes it)
    result: str = ""  # the law's output compared with the book
    tolerance: float | None = None  # absolute [SI]; None: what the printed digits imply
    note: str = ""  # why a constant differs, what the book assumes
    catalog: tuple[CatalogValue, ...] = ()
    missing: str = ""  # why ironlaw cannot compute it yet
    disputed: str = ""  # why the printed value does not follow from the book's own inputs
    hand_value: float | None = None  # for a disputed example: the value worked out by hand

    def __post_init__(self) -> None:
        if self.topic not in TOPICS:
            raise ValueError(f"{self.name}: topic {self.topic!r} is none of {TOPICS}")
        if (self.law is None) != bool(self.missing):
            raise ValueError(f"{self.name}: an example has a law or says why it is missing")
        if bool(self.disputed) != (self.hand_value is not None):
            raise ValueError(f"{self.name}: a disputed example carries its hand-worked value")

    @property
    def computable(self) -> bool:
        return self.law is not None

    @property
    def expected(self) -> float:
        """What ironlaw should compute: the book's value, or the hand value where disputed."""
        return self.hand_value if self.disputed else self.book_value

    def allowed_error(self) -> float:
        """The absolute tolerance [SI] against the expected value."""
        if self.tolerance is not None:
            return self.tolerance
        if self.disputed:
            return abs(self.hand_value) * 5e-3
        return rounding_tolerance(self.printed, self.book_value)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_APPROXIMATE = ("~", "≈", "approx", "about", "roughly", "nearly")


def rounding_tolerance(printed: str, value: float) -> float:
    """Half a unit in the last significant printed digit, scaled to ``value``'s SI units.

    ``"6,944"`` → 0.5; ``"2.22×"`` → 0.005; ``"3.14 × 10²³ FLOPs"`` → 0.005×10²³; for a number
    marked approximate (``"~160 billion"``) trailing zeros are not significant: → 5×10⁹.
    """
    match = _NUMBER.search(printed)
    if match is None:
        raise ValueError(f"no number in {printed!r}")
    text = match.group().replace(",", "")
    shown = float(text)
    if "." in text:
        half = 0.5 * 10.0 ** -len(text.split(".")[1])
    else:
        zeros = len(text) - len(text.rstrip("0")) if any(
            mark in printed.lower() for mark in _APPROXIMATE) and shown else 0
        half = 0.5 * 10.0 ** zeros
    scale = value / shown if shown else 1.0
    return abs(half * scale)


@dataclass(frozen=True)
class ExampleRun:
    """An example evaluated: the law's worked derivation beside the book's printed value."""

    example: Example
    derivation: Derivation

    @property
    def value(self) -> float:
        return float(self.derivation.values[self.example.result])

    @property
    def dim(self) -> str:
        dim = {s.name: s.dim for s in self.derivation.calc.outputs}[self.example.result]
        if dim == "any":  # a result in the dimension its inputs decide (arithmetic)
            return getattr(self.derivation.values[self.example.result], "dim", "count")
        return dim

    @property
    def error(self) -> float:
        return abs(self.value - self.example.expected)

    @property
    def agrees(self) -> bool:
        return self.error <= self.example.allowed_error()

    def _show(self, value: float) -> str:
        return units.format(value, self.dim, self.derivation.binary, digits=4)

    def verdict(self) -> list[str]:
        ex = self.example
        lines = [f"Book prints: {ex.printed}",
                 f"ironlaw computes: {self._show(self.value)} ({ex.result})"]
        if ex.disputed:
            lines.append(f"Disputed: {ex.disputed} Worked by hand: {self._show(ex.hand_value)}; "
                         + ("ironlaw agrees with the hand value." if self.agrees else
                            "ironlaw does NOT agree with the hand value."))
        else:
            within = self._show(ex.allowed_error())
            lines.append(("Agrees" if self.agrees else "DISAGREES") +
                         f" with the book within its rounding (±{within}).")
        return lines

    def catalog_lines(self) -> list[str]:
        out = []
        for c in self.example.catalog:
            value, dim = c.catalog_value()
            out.append(f"{c.device} {c.quantity}: book {c.book}, catalog "
                       f"{units.format(value, dim, self.derivation.binary)} — {c.why}")
        return out

    def header(self) -> list[str]:
        ex = self.example
        return [f"{ex.title}  [{ex.name}]",
                f"  {ex.source.chapter_name} chapter, §{ex.source.section} "
                f"({ex.source.repo}: {ex.source.chapter} @ {ex.source.commit[:10]})"]

    def text(self) -> str:
        ex = self.example
        out = self.header() + [""] + self.derivation.text().splitlines() + [""]
        out += ["  " + line for line in self.verdict()]
        out += ["  Constants, book vs catalog: " + line for line in self.catalog_lines()]
        if ex.note:
            out.append(f"  Note: {ex.note}")
        return "\n".join(out)

    def markdown(self) -> str:
        ex = self.example
        out = [f"### {ex.title} (`{ex.name}`)", "",
               f"*{ex.source.chapter_name}* chapter, §{ex.source.section} "
               f"(`{ex.source.chapter}` @ `{ex.source.commit[:10]}`)", "",
               self.derivation.markdown(), ""]
        out += [f"- {line}" for line in self.verdict() + self.catalog_lines()]
        if ex.note:
            out.append(f"- Note: {ex.note}")
        return "\n".join(out)

    def latex(self) -> str:
        return self.derivation.latex()

    def rows(self) -> list[Table]:
        """The example's facts (where the book prints it, its value, ironlaw's, the verdict);
        an HTML page puts the derivation (:meth:`explain`) after them."""
        ex = self.example
        source = (f"{ex.source.chapter_name} chapter, §{ex.source.section} ({ex.source.repo}: "
                  f"{ex.source.chapter} @ {ex.source.commit[:10]})")
        facts_ = [("source", source), ("law", ex.law), ("book prints", ex.printed),
                  ("ironlaw computes", f"{self._show(self.value)} ({ex.result})"),
                  *(("verdict", line) for line in self.verdict()[2:]),
                  *(("book vs catalog", line) for line in self.catalog_lines())]
        if ex.note:
            facts_.append(("note", ex.note))
        return [facts(f"{ex.title} [{ex.name}]", facts_)]

    def explain(self) -> Derivation:
        return self.derivation

    def page_figures(self) -> list[dict]:
        """The book's value beside ironlaw's (and the hand-worked one of a disputed example)."""
        from ironlaw.report.html import bars

        ex = self.example
        values = [("book", ex.book_value), ("ironlaw", self.value)]
        if ex.disputed:
            values.append(("worked by hand", ex.hand_value))
        return [bars(f"{ex.result}: the book's value and ironlaw's",
                     [{"label": label, "value": v, "shown": self._show(v)}
                      for label, v in values if v is not None], "source", self.dim)]

    def to_dict(self) -> dict[str, Any]:
        ex = self.example
        key = ex.result + units.JSON_SUFFIX.get(self.dim, "")
        record = {
            "example": ex.name, "topic": ex.topic, "title": ex.title,
            "chapter": ex.source.chapter, "section": ex.source.section,
            "book_repo": ex.source.repo, "book_commit": ex.source.commit,
            "book": {"printed": ex.printed, key: ex.book_value},
            "computed": {key: self.value},
            "tolerance": {key: ex.allowed_error()},
            "agrees": self.agrees,
            "derivation": self.derivation.to_dict(),
            "note": ex.note,
        }
        if ex.disputed:
            record["disputed"] = {"why": ex.disputed, key: ex.hand_value}
        if ex.catalog:
            record["catalog"] = [
                {"device": c.device, "quantity": c.quantity, "book": c.book,
                 "catalog": c.catalog_value()[0], "why": c.why} for c in ex.catalog]
        return record

    def __str__(self) -> str:
        return self.text()


def run(example: Example, binary: bool | None = None) -> ExampleRun:
    """Evaluate ``example``'s law (any of :func:`ironlaw.training.calcs.every_calc`: the laws,
    one layer's cost, training memory by recipe) on the book's inputs."""
    if not example.computable:
        raise UserError(f"example {example.name!r} cannot be computed yet: {example.missing}")
    calc = get_calc(example.law, every_calc())
    return ExampleRun(example, derive(calc, binary=binary, **dict(example.inputs)))


def ratio_example(name: str, topic: str, title: str, source: Source, printed: str,
                  value: float, a: str, b: str, result: str = "ratio", **kw) -> Example:
    """A quotient the book prints, through the law ratio: a/b (``result="change"``: a/b − 1)."""
    return Example(name, topic, title, source, printed, value, law="ratio",
                   inputs=(("a", a), ("b", b)), result=result, **kw)


def arithmetic_example(name: str, topic: str, title: str, source: Source, printed: str,
                       value: float, expression: str, **kw) -> Example:
    """Plain arithmetic the book does on quantities, through the law arithmetic."""
    return Example(name, topic, title, source, printed, value, law="arithmetic",
                   inputs=(("expression", expression),), result="result", **kw)


def weights_only(params: str, bytes_each: str) -> tuple[tuple[str, str], ...]:
    """model-states' inputs for values held once (weights at ``bytes_each`` bytes), with no
    gradient or optimizer state."""
    return (("params", params), ("w", bytes_each), ("g", "0"), ("m", "0"), ("s", "0"))
