"""Progress on stderr for the commands that measure for a while (``bench``, ``validate``): a
rich progress bar while stderr is a terminal, nothing otherwise, so pipes and logs stay clean."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def progress_bar(what: str, total: int | None = None,
                 stream: TextIO | None = None) -> Iterator[Callable[[str], None] | None]:
    """A callback ``step(message)`` for the duration of the block: each call names the step
    now starting and moves the bar past the one before; ``total`` steps, or None for an
    unknown number (then the bar pulses beside the elapsed time). None when ``stream``
    (stderr by default) is not a terminal: callers then report nothing."""
    stream = sys.stderr if stream is None else stream
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               *([MofNCompleteColumn()] if total else []), TimeElapsedColumn()]
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task(what, total=total)
        started = False

        def step(message: str) -> None:
            nonlocal started
            if started:
                bar.advance(task)
            started = True
            bar.update(task, description=f"{what}: {message}")

        yield step
        if started:
            bar.advance(task)
