"""Where a number comes from: the one provenance record, and a value that carries it.

Every constant ironlaw ships — a catalog figure, an energy per byte, a grid's carbon intensity,
a link's latency — is a :class:`Constant`: a float in SI units (``unit`` names them, e.g.
``"J/B"``, ``"kg/J"``, ``"s"``), with a :class:`Source`: its kind, a title that says what was
read where, a public URL where one exists, the date it was checked, and a note on how the value
was derived from the source. ``ironlaw sources`` lists them all.

The catalog schema (``hardware.schema``) validates its YAML ``sources`` into this same record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar, Literal

KINDS = ("datasheet", "paper", "measured", "derived", "estimate")
Kind = Literal["datasheet", "paper", "measured", "derived", "estimate"]


@dataclass(frozen=True)
class Source:
    """Where a number comes from: its kind, a title, a public URL where one exists, the date it
    was checked, and a note (how the number follows from the source)."""

    kind: Kind
    title: str
    checked: datetime.date
    url: str | None = None
    note: str = ""

    __pydantic_config__: ClassVar[dict] = {"extra": "forbid"}  # a catalog file's typo is refused

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}; got {self.kind!r}")
        if not isinstance(self.title, str) or len(self.title.strip()) < 3:
            raise ValueError(f"title: expected a title of at least 3 characters; "
                             f"got {self.title!r}")
        if isinstance(self.checked, str):
            object.__setattr__(self, "checked", datetime.date.fromisoformat(self.checked))

    def cite(self) -> str:
        """One line for notes under a result: the title and the kind of figure."""
        return f"{self.title} ({self.kind})"


@dataclass(frozen=True)
class Constant:
    """A number in SI units (``unit`` names them) with its :class:`Source`."""

    value: float
    unit: str
    source: Source
