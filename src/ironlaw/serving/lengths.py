"""Request lengths as a distribution: a CSV of prompt and output lengths (with counts), from a
trace or a data set's statistics, instead of one prompt and output length.

    prompt,output,count        one row per length pair; count optional (1); at most 100,000 rows

The engine's steady state holds B slots, each for O − 1 decode iterations, so by Little's law
the means carry its throughput exactly:

    requests/s      X = B / (E[O − 1] · T_iter)
    prompt tokens   B · E[P] / E[O − 1] per iteration
    decode context  C = E[(O − 1)·(P + O/2)] / E[O − 1]   (each request weighted by the
                    iterations it is decoding; it attends to P + O/2 tokens on average)
    TTFT            E[T_prefill(P)], every distinct P costed at once (the pass broadcasts)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ironlaw.errors import UserError

MAX_ROWS = 100_000


@dataclass(frozen=True)
class Lengths:
    """Prompt and output lengths [tokens] with their shares of the requests."""

    prompts: np.ndarray
    outputs: np.ndarray
    weights: np.ndarray  # sum to 1
    source: str

    @property
    def mean_prompt(self) -> float:
        return float(np.dot(self.weights, self.prompts))

    @property
    def mean_output(self) -> float:
        return float(np.dot(self.weights, self.outputs))

    @property
    def context(self) -> float:
        """E[(O − 1)(P + O/2)] / E[O − 1]: the decode context, weighted by decode time."""
        steps = self.outputs - 1.0
        return float(np.dot(self.weights, steps * (self.prompts + self.outputs / 2.0))
                     / np.dot(self.weights, steps))

    def percentile(self, values: np.ndarray, q: float) -> float:
        order = np.argsort(values)
        at = np.searchsorted(np.cumsum(self.weights[order]), q)
        return float(values[order][min(at, len(order) - 1)])

    def to_dict(self) -> dict:
        return {"source": self.source, "pairs": len(self.prompts),
                "mean_prompt": self.mean_prompt, "mean_output": self.mean_output,
                "p90_prompt": self.percentile(self.prompts, 0.9),
                "p90_output": self.percentile(self.outputs, 0.9),
                "decode_context": self.context}


def read_lengths(path: str | Path) -> Lengths:
    """The distribution in the CSV file ``path`` (module docstring); a bad file, row or value
    is a UserError naming the file, the line and the field."""
    from ironlaw.files import read_text

    text = read_text(path, "lengths file")
    rows = csv.DictReader(io.StringIO(text))
    if rows.fieldnames is None or not {"prompt", "output"} <= set(rows.fieldnames):
        raise UserError(f"{path}: expected a CSV header with prompt,output[,count]; got "
                        f"{rows.fieldnames!r}")
    prompts, outputs, counts = [], [], []
    for line, row in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            raise UserError(f"{path}: more than {MAX_ROWS:,} rows; bin the lengths first")
        for field, least, out in (("prompt", 1, prompts), ("output", 2, outputs),
                                  ("count", 0, counts)):
            raw = row.get(field)
            if field == "count" and raw in (None, ""):
                raw = "1"
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise UserError(f"{path}: line {line}: {field}: expected a whole number; got "
                                f"{raw!r}") from None
            if not least <= value <= 10_000_000:
                raise UserError(f"{path}: line {line}: {field}: expected {least} to "
                                f"10,000,000; got {value}")
            out.append(value)
    total = sum(counts)
    if not prompts or total == 0:
        raise UserError(f"{path}: no requests (no rows, or every count 0)")
    return Lengths(np.array(prompts, dtype=float), np.array(outputs, dtype=float),
                   np.array(counts, dtype=float) / total, str(path))
