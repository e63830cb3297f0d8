"""A sweep streamed to a folder: one Parquet file per chunk, so an interrupted sweep resumes.

    DIR/sweep.json             the space (method, dimensions, devices, prices, chunk size)
    DIR/part-000042.parquet    chunk 42: flat index ``idx``, one column per dimension (its
                               value) and per metric; query it with DuckDB as it grows
    DIR/part-000042.json       chunk 42's seal: the assumptions made evaluating it, the
                               Parquet file's SHA-256, row count and schema (column, DuckDB
                               type), and the SHA-256 of the sweep's manifest

Each file is written under a temporary name and renamed into place (an atomic rename on one
filesystem), the seal after the Parquet file: a chunk whose seal exists is complete, and resuming
skips it. On resume each sealed part is checked against its seal and this sweep (checksum,
schema beginning ``idx`` and the dims, rows = chunk stop - start); a part that fails is refused,
named for deletion, never read. A folder holding a different sweep is refused, not mixed.
Parquet is written and read by DuckDB; NaN is stored as NULL and read back as NaN.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from ironlaw.errors import ParameterError
from ironlaw.explore.space import Chunk, Space
from ironlaw.files import is_interrupt

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
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ParameterError("directory", f"{directory} is a file, not a folder; give a folder")
    text = _manifest(space)
    path = directory / MANIFEST
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ParameterError("directory", f"{path} is not a sweep manifest") from None
        if found != json.loads(text):
            raise ParameterError("directory", f"{directory} holds a different sweep (another spec, "
                            "chunk size or ironlaw version); use a new folder")
        return directory
    if directory.exists() and any(directory.iterdir()):
        raise ParameterError("directory", f"{directory} is not empty and holds no {MANIFEST}; "
                        "use a new or empty folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise ParameterError("directory", f"cannot write to {directory} ({exc.strerror})") from None
    return directory


def _manifest(space: Space) -> str:
    from ironlaw import __version__

    manifest = {"ironlaw": __version__, "size": space.size, "chunks": space.chunks,
                **space.spec()}
    return json.dumps(manifest, indent=1, sort_keys=True, default=str)


def _sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def completed(directory: Path, space: Space) -> set[int]:
    """Chunks whose seal (part-K.json, written last) is in place."""
    return {k for k in range(space.chunks) if _part(directory, k, "json").exists()}


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

    def parquet(path: Path) -> None:
        con = duckdb.connect()
        try:
            con.register("chunk", table)
            con.execute(f"COPY chunk TO '{_sql(path)}' (FORMAT parquet)")
        except (duckdb.Error, RuntimeError) as exc:
            if not is_interrupt(exc):
                raise
            raise KeyboardInterrupt from None  # DuckDB wraps Ctrl-C in errors of its own
        finally:
            con.close()

    path = _part(directory, chunk.index, "parquet")
    _write_atomic(path, parquet)
    seal = {"assumptions": list(chunk.assumptions), "rows": chunk.stop - chunk.start,
            "sha256": _sha256(path.read_bytes()), "schema": _schema(path),
            "sweep_sha256": _sha256(_manifest(space))}
    _write_atomic(_part(directory, chunk.index, "json"), lambda p: p.write_text(
        json.dumps(seal), encoding="utf-8"))


def _schema(path: Path) -> list[list[str]]:
    """[column, DuckDB type] of a Parquet file, in file order."""
    import duckdb

    con = duckdb.connect()
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{_sql(path)}')").fetchall()
    finally:
        con.close()
    return [[str(name), str(kind)] for name, kind, *_ in rows]


def _check(directory: Path, space: Space, k: int) -> dict:
    """Chunk ``k``'s seal once its part is verified against it and this sweep; else refused."""
    path = _part(directory, k, "parquet")
    start, stop = space.bounds(k)

    def refuse(why: str) -> ParameterError:
        seal = path.with_suffix(".json").name
        return ParameterError("directory", f"{path} {why}; delete it (and {seal}) and rerun "
                              f"to recompute chunk {k}")

    try:
        seal = json.loads(_part(directory, k, "json").read_text(encoding="utf-8"))
        rows, digest, schema = seal["rows"], seal["sha256"], seal["schema"]
        assumptions, sweep_digest = seal["assumptions"], seal["sweep_sha256"]
    except (OSError, ValueError, TypeError, KeyError):
        raise refuse("has a missing or unreadable seal") from None
    if sweep_digest != _sha256(_manifest(space)) or rows != stop - start:
        raise refuse("belongs to another sweep")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror})") from None
    if _sha256(data) != digest:
        raise refuse("is damaged (its SHA-256 differs from the one recorded when written)")
    try:
        found = _schema(path)
    except Exception:  # noqa: BLE001 - DuckDB raises its own error classes for a bad file
        raise refuse("is not a readable Parquet file") from None
    names = [name for name, _ in found]
    if found != schema or names[:len(space.dims) + 1] != ["idx", *space.dims]:
        raise refuse("does not have this sweep's columns and types")
    return {"assumptions": assumptions}


def read(directory: Path, space: Space, k: int) -> Chunk:
    """Chunk ``k`` back from its files (metric columns only, in flat order), once verified."""
    import duckdb

    seal = _check(directory, space, k)
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
        raise ParameterError("directory",
                             f"{path} does not hold chunk {k} of this sweep; delete it")
    columns = {}
    for name, value in data.items():
        if isinstance(value, np.ma.MaskedArray):
            value = value.filled(np.nan if value.dtype.kind == "f" else "")
        columns[name] = np.asarray(value)
    return Chunk(k, start, stop, columns, tuple(seal["assumptions"]))


def _sql(path: Path) -> str:
    return str(path).replace("'", "''")
