"""Running a sweep: chunks evaluated here or on a Dask cluster, optionally streamed to a folder,
assembled into an xarray Dataset over the named dimensions.

    ds = sweep(model=["llama-3-8b", "mistral-7b"], device=["h100", "a100-80gb", "l40s"],
               phase="decode", batch=[1, 8, 64], context=[2048, 8192], count=[1, 2, 4, 8])
    ds.latency_s.sel(device="h100-sxm", batch=8)

The grid is always cut into the same chunks (``space``); the backend only chooses where they
are evaluated, so local, distributed and resumed runs give identical Datasets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ironlaw.explore import metrics
from ironlaw.explore.space import Chunk, Space

if TYPE_CHECKING:
    import xarray


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a sweep: ``done`` of ``total`` chunks completed (kept in ``directory``)."""

    def __init__(self, done: int, total: int, directory: Path | None):
        self.done, self.total, self.directory = done, total, directory
        kept = (f"kept in {directory}; rerun with --resume {directory} to finish" if directory
                else "not kept (give --resume DIR to keep completed chunks)")
        super().__init__(f"sweep interrupted after {done} of {total} chunks; {kept}")


def evaluate_chunk(space: Space, index: int) -> Chunk:
    """Chunk ``index`` of ``space`` by its method (a top-level function: Dask ships it). The
    user's models are made known first, under the space's IDs: a worker has not seen them."""
    from ironlaw.models.zoo import known_as

    for model_id, file in space.model_configs:
        known_as(model_id, file)
    if space.method == "graph":
        from ironlaw.explore.graph_sweep import evaluate
    elif space.method == "closed-form":
        from ironlaw.explore.closed_form import evaluate
    else:
        from ironlaw.explore.serving_sweep import evaluate
    return evaluate(space, index)


def sweep(model, device=None, *, on=None, method: str = "graph", count=1, tp=1, batch=1, seq=None,
          context=None,
          precision="bf16", phase=None, mode="fused", region=None, price=None,
          prompt=None, output=None, rate=None, slo_ttft=None, slo_tpot=None,
          kv_precision=None, kv_heads=None, kv_reads=None, shared_prefix=None, prefix_hit=None,
          percentile: float = 0.99, catalog=None,
          chunk: int | None = None,
          scheduler: str | None = None, workers: int | None = None, processes: bool = True,
          directory: str | Path | None = None, progress: bool = False,
          on_chunk: Callable[[Chunk], None] | None = None,
          squeeze: bool = True, intervals: bool = False) -> xarray.Dataset:
    """Evaluate every combination of the given values; an xarray Dataset over named dims.

    Methods: ``graph`` (per-operator cost model; dims model · phase · precision · device · mode
    · batch · seq [· context] · count [· region]), ``closed-form`` (whole-model napkin model,
    same dims) and ``serving`` (TTFT/TPOT, KV fit and M/M/c replicas; dims model · precision ·
    device · tp [· kv_precision · kv_heads · kv_reads] · batch · prompt · output [·
    shared_prefix · prefix_hit] [· rate · slo_ttft]).
    Each dimension takes a value, a list or a range string (``"1..256x2"``); quantities may
    be unit strings (``"200 ms"``). ``kv_precision``/``kv_heads``: the KV cache's precisions
    and key/value heads swept, ``kv_reads`` how the decode kernel reads a grouped cache
    ("grouped", "per-head": ``frameworks.ops.KV_READS``) (serving; as ``serve_llm`` takes
    them). ``shared_prefix``:
    prompt tokens every request shares (prefix caching; 0 is none), ``prefix_hit`` the share of
    requests finding them cached (default 1; needs ``shared_prefix``), as ``serve_llm`` takes
    them.

    ``count``: data-parallel replicas. ``tp``: tensor-parallel devices per replica (serving).
    ``price``: per device-second (a number in USD/s, a string such as ``"$4.50/h"``, a
    mapping device → price, or ``"cloud"`` for the instance table); else owned hardware
    amortized. ``region``: grid
    regions for carbon. ``chunk``: configurations per chunk;
    ``scheduler``/``workers``: evaluate on a Dask cluster; ``directory``: stream chunks to
    Parquet files there and resume from them; ``progress``: a progress bar on stderr.
    ``squeeze``: dimensions of one value become scalar coordinates (``ds.batch`` stays a
    labeled value); ``squeeze=False`` keeps every dimension (what the CLI selects over).
    ``intervals``: the sweep evaluated again with every efficiency parameter at the fast and at
    the slow end of its stated range (ironlaw.uncertainty), adding ``<var>_low`` and
    ``<var>_high`` for each quantity the spread moves; three times the work.
    The devices may be given as ``on=``, as ``analyze`` takes its device.
    """
    from ironlaw.checks import device_given
    from ironlaw.explore.spec import make_space

    device = device_given(device, on)

    space = make_space(model, device, method=method, count=count, tp=tp, batch=batch, seq=seq,
                       context=context, precision=precision, phase=phase, mode=mode,
                       region=region, price=price, prompt=prompt,
                       output=output, rate=rate, slo_ttft=slo_ttft, slo_tpot=slo_tpot,
                       kv_precision=kv_precision, kv_heads=kv_heads, kv_reads=kv_reads,
                       shared_prefix=shared_prefix, prefix_hit=prefix_hit, percentile=percentile,
                       catalog=catalog, chunk=chunk)
    ds = run_space(space, scheduler=scheduler, workers=workers, processes=processes,
                   directory=directory, progress=progress, on_chunk=on_chunk)
    if intervals:
        ds = with_intervals(ds, space, scheduler=scheduler, workers=workers,
                            processes=processes)
    return ds.squeeze() if squeeze else ds


def with_intervals(ds, space: Space, **run):
    """``ds`` with ``<var>_low``/``<var>_high`` for each floating-point variable the
    efficiency spread moves: the same space evaluated with its devices' efficiency parameters
    at each end of their ranges (``Efficiency.at``), [min, max] of the two, element by element
    (``uncertainty.span``)."""
    from dataclasses import replace

    from ironlaw.uncertainty import span

    fast, slow = (run_space(replace(space, efficiencies=tuple(e.at(end)
                                                              for e in space.efficiencies)),
                            **run) for end in ("fast", "slow"))
    for var in list(ds.data_vars):
        if ds[var].dtype.kind == "f" and not fast[var].equals(slow[var]):
            ds[f"{var}_low"], ds[f"{var}_high"] = span(fast[var], slow[var], ds[var])
    return ds


def run_space(space: Space, *, scheduler: str | None = None, workers: int | None = None,
              processes: bool = True, directory: str | Path | None = None,
              progress: bool = False, on_chunk: Callable[[Chunk], None] | None = None):
    """Evaluate ``space`` (see :func:`sweep`) and assemble the Dataset."""
    from ironlaw.explore import partitions

    folder = partitions.prepare(directory, space) if directory is not None else None
    done = partitions.completed(folder, space) if folder is not None else set()
    pending = [k for k in range(space.chunks) if k not in done]
    collected = _Collector(space)
    finished = len(done)
    with _Progress(space, done, progress) as bar:

        def accept(chunk: Chunk) -> None:
            nonlocal finished
            if folder is not None:
                partitions.write(folder, space, chunk)
            collected.add(chunk)
            finished += 1
            bar.advance(chunk.stop - chunk.start)
            if on_chunk is not None:
                on_chunk(chunk)

        try:
            if scheduler is not None or workers is not None:
                from ironlaw.explore.distributed import run_chunks

                run_chunks(space, pending, accept, evaluate=evaluate_chunk,
                           scheduler=scheduler, workers=workers, processes=processes)
            else:
                for k in pending:
                    accept(evaluate_chunk(space, k))
        except KeyboardInterrupt:
            raise Interrupted(finished, space.chunks, folder) from None
    for k in sorted(done):
        collected.add(partitions.read(folder, space, k))
    return collected.dataset()


class _Collector:
    """Chunks copied into whole-grid columns as they arrive (in any order)."""

    def __init__(self, space: Space):
        self.space = space
        self.columns: dict[str, np.ndarray] | None = None
        self.notes: dict[int, tuple[str, ...]] = {}

    def add(self, chunk: Chunk) -> None:
        if self.columns is None:
            whole = chunk.start == 0 and chunk.stop == self.space.size
            # a chunk that is the whole grid is kept as it is (its own arrays, not views): the
            # result is written once, not copied again
            self.columns = {name: value if whole and value.base is None and value.ndim == 1
                            else np.empty(self.space.size, dtype=value.dtype)
                            for name, value in chunk.columns.items()}
        for name, value in chunk.columns.items():
            if self.columns[name] is not value:
                self.columns[name][chunk.start:chunk.stop] = value
        self.notes[chunk.index] = chunk.assumptions

    def dataset(self):
        """The columns as an xarray Dataset over the space's dims (see :func:`assemble`)."""
        notes = [x for k in sorted(self.notes) for x in self.notes[k]]
        return assemble(self.space, self.columns, notes)


def assemble(space: Space, columns: dict[str, np.ndarray], notes: list[str] = ()):
    """Whole-grid columns (flat, C order) as an xarray Dataset over the space's dims, with
    the space's, the metrics' and the evaluation's assumptions (each once, in order)."""
    import xarray as xr

    order = list(metrics.METRICS)
    names = sorted(columns, key=lambda n: (order.index(n) if n in order else len(order), n))
    merged = list(dict.fromkeys([*space.assumptions, *metrics.assumptions(space), *notes]))
    data = {name: (space.dims, columns[name].reshape(space.shape)) for name in names}
    coords = {dim: list(values) for dim, values in zip(space.dims, space.values, strict=True)}
    attrs: dict[str, Any] = {"method": space.method, "configurations": space.size,
                             "chunk": space.chunk, "assumptions": merged}
    attrs.update({k: v for k, v in space.options.items() if v is not None})
    return xr.Dataset(data, coords=coords, attrs=attrs)


class _Progress:
    """A rich progress bar (configurations, configurations/s) on stderr, or nothing."""

    def __init__(self, space: Space, done: set[int], show: bool):
        self.show = show
        self.total = space.size
        self.start = sum(space.bounds(k)[1] - space.bounds(k)[0] for k in done)
        self.bar = None

    def __enter__(self):
        if self.show:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("sweep"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("configurations · {task.fields[rate]}"),
                                TimeElapsedColumn(), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=False)
            self.bar.__enter__()
            self.task = self.bar.add_task("sweep", total=self.total, completed=self.start,
                                          rate="—")
            self.t0, self.count = time.perf_counter(), 0
        return self

    def advance(self, n: int) -> None:
        if self.bar is None:
            return
        self.count += n
        elapsed = time.perf_counter() - self.t0
        rate = f"{self.count / elapsed:,.0f}/s" if elapsed > 0 else "—"
        self.bar.update(self.task, advance=n, rate=rate)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False
