"""A sweep streamed to a folder: one Parquet file per chunk, so an interrupted sweep resumes.

    DIR/sweep.json             the space (method, dimensions, devices, prices, chunk size)
    DIR/part-000042.parquet    chunk 42: flat index ``idx``, one column per dimension (its
                               value) and per metric; query it with DuckDB as it grows
    DIR/part-000042.json       the assumptions made while evaluating chunk 42

Each file is written under a temporary name and renamed into place (an atomic rename on one
filesystem), the assumptions before the Parquet file: a chunk whose Parquet file exists is
complete, and resuming skips it. A folder holding a different sweep is refused, not mixed.
Parquet is written and read by DuckDB; NaN is stored as NULL and read back as NaN.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from ironlaw.errors import UserError
from ironlaw.explore.space import Chunk, Space

MANIFEST = "sweep.json"


def _part(directory: Path, k: int, suffix: str) -> Path:
    return directory / f"part-{k:06d}.{suffix}"


def _write_atomic(path: Path, write) -> None:
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def prepare(directory: str | Path, space: Space) -> Path:
    """Create ``directory`` with the sweep's manifest, or check that it holds this sweep."""
    from ironlaw import __version__

    directory = Path(directory)
    manifest = {"ironlaw": __version__, "size": space.size, "chunks": space.chunks,
                **space.spec()}
    text = json.dumps(manifest, indent=1, sort_keys=True, default=str)
    path = directory / MANIFEST
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UserError(f"--resume: {path} is not a sweep manifest") from None
        if found != json.loads(text):
            raise UserError(f"--resume: {directory} holds a different sweep (another spec, "
                            "chunk size or ironlaw version); use a new folder")
        return directory
    if directory.exists() and any(directory.iterdir()):
        raise UserError(f"--resume: {directory} is not empty and holds no {MANIFEST}; "
                        "use a new or empty folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"--resume: cannot write to {directory} ({exc.strerror})") from None
    return directory


def completed(directory: Path, space: Space) -> set[int]:
    """Chunks whose Parquet file is in place."""
    return {k for k in range(space.chunks) if _part(directory, k, "parquet").exists()}


def write(directory: Path, space: Space, chunk: Chunk) -> None:
    """Chunk ``chunk`` as DIR/part-K.parquet (with its dimension values) and part-K.json."""
    import duckdb

    idx = space.unravel(chunk.start, chunk.stop)
    table = {"idx": np.arange(chunk.start, chunk.stop, dtype=np.int64)}
    for dim in space.dims:
        values = space.coord(dim)
        kind = object if isinstance(values[0], str) else None
        table[dim] = np.asarray(values, dtype=kind)[idx[dim]]
    table.update(chunk.columns)
    _write_atomic(_part(directory, chunk.index, "json"), lambda p: p.write_text(
        json.dumps(list(chunk.assumptions)), encoding="utf-8"))

    def parquet(path: Path) -> None:
        con = duckdb.connect()
        try:
            con.register("chunk", table)
            con.execute(f"COPY chunk TO '{_sql(path)}' (FORMAT parquet)")
        finally:
            con.close()

    _write_atomic(_part(directory, chunk.index, "parquet"), parquet)


def read(directory: Path, space: Space, k: int) -> Chunk:
    """Chunk ``k`` back from its files (metric columns only, in flat order)."""
    import duckdb

    start, stop = space.bounds(k)
    path = _part(directory, k, "parquet")
    con = duckdb.connect()
    try:
        dims = ", ".join(f'"{d}"' for d in space.dims)
        data = con.execute(f"SELECT * EXCLUDE ({dims}) FROM read_parquet('{_sql(path)}') "
                           "ORDER BY idx").fetchnumpy()
    finally:
        con.close()
    index = data.pop("idx")
    if len(index) != stop - start or (stop > start and (index[0] != start
                                                         or index[-1] != stop - 1)):
        raise UserError(f"--resume: {path} does not hold chunk {k} of this sweep; delete it")
    columns = {}
    for name, value in data.items():
        if isinstance(value, np.ma.MaskedArray):
            value = value.filled(np.nan if value.dtype.kind == "f" else "")
        columns[name] = np.asarray(value)
    notes = json.loads(_part(directory, k, "json").read_text(encoding="utf-8"))
    return Chunk(k, start, stop, columns, tuple(notes))


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")
