"""The textbook's worked examples, each run through ironlaw's own laws.

    >>> from ironlaw.examples import example, run
    >>> print(run(example("benchmarking-a100-ridge")).text())

:mod:`ironlaw.examples.book` holds the examples as data (inputs as the book writes them, the law,
the value it prints); :mod:`ironlaw.examples.gallery` runs one and compares it with the book.
"""

from __future__ import annotations

import difflib

from ironlaw.errors import UserError
from ironlaw.examples.book import BY_NAME, EXAMPLES
from ironlaw.examples.gallery import TOPICS, Example, ExampleRun, run

__all__ = ["EXAMPLES", "TOPICS", "Example", "ExampleRun", "by_topic", "example", "run"]


def example(name: str) -> Example:
    """The example called ``name``; an unknown name suggests the closest."""
    key = name.strip().lower().replace("_", "-")
    if key in BY_NAME:
        return BY_NAME[key]
    close = difflib.get_close_matches(key, BY_NAME, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise UserError(f"unknown example {name!r}{hint} (see `ironlaw examples`)")


def by_topic(topic: str | None = None) -> list[Example]:
    """The examples in topic order (TOPICS), then the book's order; one topic when given."""
    topic = None if topic is None else topic.strip().lower().replace("-", " ")
    if topic is not None and topic not in TOPICS:
        raise UserError(f"unknown topic {topic!r}; topics: {', '.join(TOPICS)}")
    chosen = [e for e in EXAMPLES if topic is None or e.topic == topic]
    return sorted(chosen, key=lambda e: TOPICS.index(e.topic))
