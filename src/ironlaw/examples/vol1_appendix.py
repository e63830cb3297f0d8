"""The book's worked examples from the 2026 edition's first volume (vol1): its Algorithm
Foundations, Foundations, Mathematical Foundations and Historical appendices, as data.

See :mod:`ironlaw.examples.book` for the conventions: inputs as the book writes them, the law,
the value the book prints, typed from the book by hand.
"""

from __future__ import annotations

from ironlaw.examples.gallery import Example

EXAMPLES: tuple[Example, ...] = ()
