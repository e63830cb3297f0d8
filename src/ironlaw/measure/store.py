"""The results store: every probe, benchmark, validation, calibration and sweep run, with the
environment it ran in, in one embedded DuckDB file.

Where: ``open_store(path)``, else ``$IRONLAW_STORE``, else ``<ironlaw cache folder>/runs.duckdb``
(:mod:`ironlaw.config`).

Schema (version 1)::

    meta(key VARCHAR PRIMARY KEY, value VARCHAR)       -- 'schema_version' -> '1'
    runs(run_id VARCHAR PRIMARY KEY, kind VARCHAR, name VARCHAR, status VARCHAR,
         started_at TIMESTAMP, finished_at TIMESTAMP,  -- UTC
         n_rows BIGINT, env JSON, summary JSON)
    rows(run_id VARCHAR, idx BIGINT, data JSON)        -- one measurement per row, idx = 0..n-1

Rows are JSON rather than a table per kind because each kind (a GEMM sweep, a bandwidth sweep, a
serving benchmark ...) has its own fields and new kinds must not need a migration; DuckDB queries
JSON directly and :meth:`Store.export` flattens it into typed columns. ``runs.n_rows`` is written
with the rows in the same transaction, so ``count(rows) == n_rows`` holds for every run.

Atomicity: a run is written in one transaction (BEGIN … COMMIT). DuckDB writes a transaction to
its write-ahead log only at COMMIT (until then its rows live in memory, or in blocks of the file
that no table refers to), so a process killed (SIGKILL) or interrupted (Ctrl-C, which rolls back)
before the COMMIT leaves no run behind; runs committed earlier are untouched. tests/test_store.py
kills a writer mid-run and interrupts one to check this.

Concurrency: DuckDB lets one process at a time open a file for writing (and none read while it
does), so processes take a lock on the sidecar file ``<store>.lock`` (``fcntl.flock``): writers
exclusively, readers shared. The database connection is open only while the lock is held and
only for one operation; a lock not granted within ``lock_timeout_s`` is a clear error
(:class:`StoreBusy`). The kernel releases the lock of a process that dies.

JSON has no inf or NaN: non-finite floats are stored as null (as ``report.render.to_json``
prints them). Timestamps are UTC, ISO 8601 strings with a trailing ``Z`` in Python.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ironlaw import units
from ironlaw.errors import UserError
from ironlaw.table import QUANTITY_VALUE, Column, Table


def _shown(key: str, value: Any) -> str:
    """A stored value for a table: SI numbers formatted by the unit their key carries."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return units.format(value, "text")
    return units.format(float(value), units.dimension_of(key))


def when(iso: str) -> str:
    return iso[:19].replace("T", " ")

KINDS = ("probe", "bench", "validation", "calibration", "sweep")
STATUSES = ("ok", "failed")
FORMATS = ("parquet", "csv")
SCHEMA_VERSION = 1
CHUNK_ROWS = 5_000  # rows per INSERT inside a run's transaction
LOCK_TIMEOUT_S = 30.0
RUN_COLUMNS = ("run_id", "run_kind", "run_name", "run_status", "run_started_at",
               "run_finished_at", "run_env", "run_summary", "idx")

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, "
    "name VARCHAR NOT NULL, status VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, "
    "finished_at TIMESTAMP NOT NULL, n_rows BIGINT NOT NULL, env JSON NOT NULL, "
    "summary JSON NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rows (run_id VARCHAR NOT NULL, idx BIGINT NOT NULL, "
    "data JSON NOT NULL)",
)


class StoreBusy(UserError):
    """Another process held the store's lock for longer than the timeout."""


@dataclass(frozen=True)
class Run:
    """One recorded run: what it was, when, where (``env``), its headline numbers
    (``summary``) and, from :meth:`Store.get_run`, its rows (None in listings)."""

    run_id: str
    kind: str
    name: str
    status: str
    started_at: str
    finished_at: str
    n_rows: int
    env: dict[str, Any]
    summary: dict[str, Any]
    stored_rows: tuple[dict[str, Any], ...] | None = None

    @property
    def duration_s(self) -> float:
        """t = finished_at − started_at [s]."""
        return (_parse_time(self.finished_at) - _parse_time(self.started_at)).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        data = {"run_id": self.run_id, "kind": self.kind, "name": self.name,
                "status": self.status, "started_at": self.started_at,
                "finished_at": self.finished_at, "duration_s": self.duration_s,
                "n_rows": self.n_rows, "env": self.env, "summary": self.summary}
        if self.stored_rows is not None:
            data["rows"] = list(self.stored_rows)
        return data

    def rows(self, limit: int = 20) -> list[Table]:
        """The run's facts (summary and env formatted by the unit each key carries), then its
        first ``limit`` stored rows (-1: all)."""
        facts = [("run", self.run_id), ("kind", self.kind), ("name", self.name),
                 ("status", self.status), ("started (UTC)", when(self.started_at)),
                 ("finished (UTC)", when(self.finished_at)),
                 ("duration", units.format(self.duration_s, "time")), ("rows", str(self.n_rows))]
        facts += [(f"summary.{k}", _shown(k, v)) for k, v in self.summary.items()]
        facts += [(f"env.{k}", _shown(k, v)) for k, v in self.env.items()]
        tables = [Table(f"Run {self.run_id}", QUANTITY_VALUE,
                        tuple({"quantity": k, "value": v} for k, v in facts))]
        stored = self.stored_rows or ()
        shown = stored if limit < 0 else stored[:limit]
        if shown:
            keys = list(dict.fromkeys(k for row in stored for k in row))
            more = (f" (first {len(shown)} of {self.n_rows}; --rows -1 for all)"
                    if len(shown) < self.n_rows else "")
            tables.append(Table(f"Rows{more}", tuple(Column(k, k) for k in keys),
                                tuple({k: _shown(k, row[k]) if k in row else None for k in keys}
                                      for row in shown)))
        return tables

    def records(self) -> list[dict[str, Any]]:
        """CSV: the stored rows (nested values as JSON), or the run's own facts."""
        if self.stored_rows:
            return [{k: json.dumps(v) if isinstance(v, (dict, list)) else v
                     for k, v in row.items()} for row in self.stored_rows]
        return [{k: v for k, v in self.to_dict().items() if k not in ("env", "summary", "rows")}]

    def explain(self):
        """The only number the store derives (the duration), and what the others are."""
        from ironlaw.derive import Line, Worked
        from ironlaw.units import format as show

        duration = Line("duration", "t = finished_at − started_at",
                        f"{self.finished_at} − {self.started_at}", show(self.duration_s, "time"))
        notes = (f"The summary and the {self.n_rows} rows are stored as the '{self.kind}' "
                 "command recorded them; the store adds nothing and fits nothing.",
                 "env is the environment captured when the run was made "
                 f"({len(self.env)} entries).")
        return Worked(f"Run {self.run_id} ({self.kind} '{self.name}', {self.status})",
                      (duration,), notes)


@dataclass(frozen=True)
class Store:
    """A results store at ``path``; every call opens and closes its own connection."""

    path: Path
    lock_timeout_s: float = LOCK_TIMEOUT_S

    # ---- writing ---------------------------------------------------------------------------

    def record_run(self, kind: str, name: str, env: Mapping[str, Any],
                   rows: Sequence[Mapping[str, Any]], summary: Mapping[str, Any], *,
                   status: str = "ok", started_at: _dt.datetime | str | None = None) -> str:
        """Write one run and its rows in one transaction; return its run_id.

        ``started_at`` is when the measurement began (default: now); ``finished_at`` is the time
        of the write. Nothing is written unless everything is: see the module docstring.
        """
        _check_kind(kind)
        if status not in STATUSES:
            raise UserError(f"status: expected one of {', '.join(STATUSES)}, got {status!r}")
        if not isinstance(name, str) or not name.strip():
            raise UserError("name: expected a non-empty string naming the run")
        env_json = _encode(env, "env", mapping=True)
        summary_json = _encode(summary, "summary", mapping=True)
        if isinstance(rows, Mapping) or not isinstance(rows, Sequence):
            raise UserError(f"rows: expected a list of dicts, got {type(rows).__name__}")
        encoded = [_encode(row, f"rows[{i}]", mapping=True) for i, row in enumerate(rows)]
        finished = _utcnow()
        started = _to_utc(started_at) if started_at is not None else finished
        run_id = f"{kind}-{finished:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path, exclusive=True, timeout_s=self.lock_timeout_s), \
                closing(_connect(self.path, read_only=False)) as con:
            _ensure_schema(con, self.path)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [run_id, kind, name, status, started, finished, len(encoded),
                             env_json, summary_json])
                for start in range(0, len(encoded), CHUNK_ROWS):
                    _insert_rows(con, run_id, start, encoded[start:start + CHUNK_ROWS])
                con.execute("COMMIT")
            except BaseException:  # KeyboardInterrupt too: nothing of this run may remain
                try:
                    con.execute("ROLLBACK")
                except Exception:  # closing the connection discards it anyway
                    pass
                raise
        return run_id

    # ---- reading ---------------------------------------------------------------------------

    def list_runs(self, kind: str | None = None) -> list[Run]:
        """Every run (oldest first), without rows; ``kind`` filters."""
        if kind is not None:
            _check_kind(kind)
        with self._reading() as con:
            if con is None:
                return []
            where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
            found = con.execute(f"SELECT {_RUN_FIELDS} FROM runs {where} "
                                "ORDER BY finished_at, run_id", params).fetchall()
        return [_run(record) for record in found]

    def get_run(self, run_id: str) -> Run:
        """One run with its rows; ``run_id`` may be a unique prefix of the ID."""
        with self._reading() as con:
            if con is None:
                raise UserError(f"RUN_ID: no run {run_id!r}: nothing is recorded in {self.path}")
            full = _resolve(con, run_id, self.path)
            record = con.execute(f"SELECT {_RUN_FIELDS} FROM runs WHERE run_id = ?",
                                 [full]).fetchone()
            data = con.execute("SELECT data FROM rows WHERE run_id = ? ORDER BY idx",
                               [full]).fetchall()
        return _run(record, tuple(json.loads(d) for (d,) in data))

    def export(self, path: str | Path, fmt: str | None = None, *,
               kind: str | None = None) -> int:
        """Write every row (of runs of ``kind``, if given) to ``path`` as Parquet or CSV through
        DuckDB's COPY; return the number of lines written.

        One line per row with the run's fields (``run_id, run_kind, run_name, run_status,
        run_started_at, run_finished_at, run_env, run_summary``), ``idx``, and one column per key
        the rows use (null where a row lacks it), typed by the values: integers BIGINT, numbers
        DOUBLE, text VARCHAR, booleans BOOLEAN; a key whose values mix types, and nested values,
        stay JSON text (Parquet keeps lists of one scalar type as typed lists). A run without
        rows is one line with ``idx`` null. ``fmt`` defaults to the file's suffix.
        """
        target = Path(path)
        fmt = fmt or target.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise UserError(f"export: format must be parquet or csv (from the suffix of "
                            f"{target.name!r} or given), got {fmt!r}")
        if kind is not None:
            _check_kind(kind)
        import duckdb

        with self._reading() as con:
            if con is None:
                raise UserError(f"export: nothing is recorded in {self.path} yet")
            where = f"WHERE r.kind = '{kind}'" if kind else ""  # kind is one of KINDS
            text = con.execute("SELECT json_group_structure(w.data) FROM runs r JOIN rows w "
                               f"USING (run_id) {where}").fetchone()[0]
            structure = json.loads(text) if text else {}
            query = _export_query(structure, fmt, where)
            target.parent.mkdir(parents=True, exist_ok=True)
            options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
            quoted = str(target).replace("'", "''")
            try:
                return con.execute(f"COPY ({query}) TO '{quoted}' ({options})").fetchone()[0]
            except duckdb.Error as exc:
                raise UserError(f"export to {target}: {exc}") from None

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """A read-only connection under the shared lock, or None when there is no store yet."""
        if not self.path.exists():
            yield None
            return
        with _locked(self.path, exclusive=False, timeout_s=self.lock_timeout_s), \
                closing(_connect(self.path, read_only=True)) as con:
            tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema."
                                                "tables").fetchall()}
            if "runs" not in tables:
                yield None
                return
            _check_version(con, self.path)
            yield con


def open_store(path: str | Path | None = None, *,
               lock_timeout_s: float = LOCK_TIMEOUT_S) -> Store:
    """The store at ``path`` (default: ``config.paths().store``); files are opened per operation."""
    from ironlaw.config import paths

    resolved = Path(path).expanduser() if path is not None else paths().store
    if resolved.is_dir():
        raise UserError(f"--store: expected a DuckDB file, {resolved} is a folder")
    if not lock_timeout_s > 0:
        raise UserError(f"lock timeout: expected seconds > 0, got {lock_timeout_s}")
    return Store(resolved, float(lock_timeout_s))


def record_run(kind: str, name: str, env: Mapping[str, Any], rows: Sequence[Mapping[str, Any]],
               summary: Mapping[str, Any], *, status: str = "ok",
               started_at: _dt.datetime | str | None = None,
               path: str | Path | None = None) -> str:
    """Write one run to the store at ``path`` (default store if None); return its run_id."""
    return open_store(path).record_run(kind, name, env, rows, summary, status=status,
                                       started_at=started_at)


def list_runs(kind: str | None = None, *, path: str | Path | None = None) -> list[Run]:
    return open_store(path).list_runs(kind)


def get_run(run_id: str, *, path: str | Path | None = None) -> Run:
    return open_store(path).get_run(run_id)


def export(path: str | Path, fmt: str | None = None, *, kind: str | None = None,
           store: str | Path | None = None) -> int:
    """Export the store at ``store`` (default store if None) to ``path``; see Store.export."""
    return open_store(store).export(path, fmt, kind=kind)


# ---- internals -----------------------------------------------------------------------------

_RUN_FIELDS = "run_id, kind, name, status, started_at, finished_at, n_rows, env, summary"


def _insert_rows(con, run_id: str, start: int, encoded: list[str]) -> None:
    """Append rows ``start .. start+len-1`` of a run (inside the caller's transaction)."""
    con.execute("INSERT INTO rows SELECT ?, unnest(range(?, ?)), unnest(?::VARCHAR[])::JSON",
                [run_id, start, start + len(encoded), encoded])


def _run(record, rows: tuple[dict[str, Any], ...] | None = None) -> Run:
    run_id, kind, name, status, started, finished, n_rows, env, summary = record
    return Run(run_id, kind, name, status, _iso(started), _iso(finished), int(n_rows),
               json.loads(env), json.loads(summary), rows)


def _resolve(con, run_id: str, path: Path) -> str:
    if con.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone():
        return run_id
    pattern = run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = [r for (r,) in con.execute("SELECT run_id FROM runs WHERE run_id LIKE ? "
                                       "ESCAPE '\\' ORDER BY run_id LIMIT 3",
                                       [pattern]).fetchall()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(f"RUN_ID: no run {run_id!r} in {path} (see `ironlaw runs list`)")
    raise UserError(f"RUN_ID: {run_id!r} matches several runs ({', '.join(found[:2])}, ...); "
                    "give more of the ID")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")


def _connect(path: Path, *, read_only: bool):
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"cannot open the results store {path}: {first}") from None


def _ensure_schema(con, path: Path) -> None:
    for statement in _SCHEMA:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [str(SCHEMA_VERSION)])
    _check_version(con, path)


def _check_version(con, path: Path) -> None:
    found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if found is None or found[0] != str(SCHEMA_VERSION):
        raise UserError(f"{path}: results store schema version {found and found[0]!r}; this "
                        f"ironlaw reads version {SCHEMA_VERSION} (use the ironlaw that wrote it)")


@contextmanager
def _locked(path: Path, *, exclusive: bool, timeout_s: float) -> Iterator[None]:
    """Hold ``flock`` on ``<path>.lock`` (exclusive or shared), waiting up to ``timeout_s``."""
    import fcntl

    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        if exclusive:
            raise UserError(f"cannot write the results store: {lock_path} cannot be created "
                            "(is the folder writable?)") from None
        try:
            fd = os.open(lock_path, os.O_RDONLY)
        except OSError:
            raise UserError(f"cannot read the results store: {lock_path} cannot be opened") \
                from None
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"results store {path} is busy: another process held "
                                    f"{lock_path.name} for more than {timeout_s:g} s; try "
                                    "again when it has finished") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _plain(value: Any, where: str) -> Any:
    """``value`` as JSON-ready Python: numpy scalars/arrays, tuples, paths, datetimes and
    objects with ``to_dict()`` converted; non-finite floats become None."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, (Path, _dt.date, _dt.datetime)):
        return str(value) if isinstance(value, Path) else value.isoformat()
    if hasattr(value, "tolist"):  # numpy scalar or array
        return _plain(value.tolist(), where)
    if hasattr(value, "to_dict"):
        return _plain(value.to_dict(), where)
    raise UserError(f"{where}: a {type(value).__name__} cannot be stored (expected numbers, "
                    "text, booleans, lists and dicts)")


def _encode(value: Any, where: str, *, mapping: bool) -> str:
    if mapping and not isinstance(value, Mapping):
        raise UserError(f"{where}: expected a dict, got {type(value).__name__}")
    return json.dumps(_plain(value, where), ensure_ascii=False, allow_nan=False)


def _utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


def _to_utc(value: _dt.datetime | str) -> _dt.datetime:
    """A naive UTC datetime from an aware datetime, a naive one (taken as UTC) or ISO text."""
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            raise UserError(f"started_at: expected an ISO 8601 time, got {value!r}") from None
    if value.tzinfo is not None:
        value = value.astimezone(_dt.UTC).replace(tzinfo=None)
    return value


def _iso(value: _dt.datetime) -> str:
    return value.isoformat(timespec="microseconds") + "Z"


def _parse_time(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.removesuffix("Z"))


_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "UHUGEINT"}
_SCALAR = {"DOUBLE": "DOUBLE", "VARCHAR": "VARCHAR", "BOOLEAN": "BOOLEAN", "NULL": "VARCHAR",
           **{t: "BIGINT" for t in _INTEGER}}


def _column_type(structure: Any, fmt: str) -> str | None:
    """The ``json_transform`` structure of a column from its ``json_group_structure`` entry
    (e.g. ``"DOUBLE"``, ``["BIGINT"]``) as JSON text; None keeps the JSON text itself."""
    if isinstance(structure, str):
        return json.dumps(_SCALAR[structure]) if structure in _SCALAR else None
    if fmt == "parquet" and isinstance(structure, list) and len(structure) == 1:
        inner = structure[0]
        if isinstance(inner, str) and inner != "NULL" and inner in _SCALAR:
            return json.dumps([_SCALAR[inner]])
    return None


def _export_query(structure: dict[str, Any], fmt: str, where: str) -> str:
    """SELECT the run's fields, idx and one typed column per row key (see Store.export)."""
    columns = ["r.run_id AS run_id", "r.kind AS run_kind", "r.name AS run_name",
               "r.status AS run_status", "r.started_at AS run_started_at",
               "r.finished_at AS run_finished_at", "r.env AS run_env",
               "r.summary AS run_summary", "w.idx AS idx"]
    taken = {name.lower() for name in RUN_COLUMNS}
    for key, entry in structure.items():
        column = key if key.lower() not in taken else f"row_{key}"
        while column.lower() in taken:  # DuckDB names are case-insensitive
            column += "_"
        taken.add(column.lower())
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        extract = f"json_extract(w.data, '{_sql_text(pointer)}')"
        typed = _column_type(entry, fmt)
        if typed is not None:
            extract = f"json_transform_strict({extract}, '{typed}')"
        columns.append(f'{extract} AS "{column.replace(chr(34), chr(34) * 2)}"')
    return (f"SELECT {', '.join(columns)} FROM runs r LEFT JOIN rows w USING (run_id) {where} "
            "ORDER BY r.finished_at, r.run_id, w.idx")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
