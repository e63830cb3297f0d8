"""The results store: every probe, benchmark, validation, calibration and sweep run, with the
environment it ran in, in one embedded DuckDB file.

Where: ``open_store(store)``, else ``$IRONLAW_STORE``, else ``<ironlaw cache folder>/runs.duckdb``
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
does), so processes take a lock on the sidecar file ``<store>.lock`` (portalocker: ``flock`` on
POSIX, ``LockFileEx`` on Windows): writers exclusively, readers shared. The database connection
is open only while the lock is held and only for one operation; a lock not granted within
``lock_timeout_s`` is a clear error (:class:`StoreBusy`). The kernel releases the lock of a
process that dies.

Nothing finished is lost: a run that cannot be written — the store busy past the timeout, in a
read-only folder, damaged, or Ctrl-C during the write — is saved instead as a side file
``<store>.<run_id>.json`` (beside the store, else in the working or temporary folder), and
:class:`NotRecorded` says where; ``ironlaw runs import FILE`` adds it to the store later. Ctrl-C
during a write is held until the transaction is decided between two statements: the run is then
either committed or rolled back, and the message says which. Readers take the shared lock when
they can and need no write access: in a read-only folder they read without it (no writer can
take the lock there either). A damaged store is a :class:`UserError` with a recovery hint, never
a DuckDB traceback.

Export is normalized and streamed: one file of runs (with their environment and summary), one
of rows (``run_id``, ``idx`` and one typed column per key), written by DuckDB's COPY in insertion
order under a fixed memory limit, without sorting, so memory stays bounded whatever the size.

JSON has no inf or NaN: non-finite floats are stored as null (as ``report.render.to_json``
prints them). Timestamps are UTC, ISO 8601 strings with a trailing ``Z`` in Python.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import secrets
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ironlaw import units
from ironlaw.checks import choice, positive
from ironlaw.errors import ParameterError, UserError
from ironlaw.files import is_interrupt, regular_file
from ironlaw.table import QUANTITY_VALUE, Column, Shown, Table


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
EXPORT_MEMORY = "256MB"  # DuckDB's memory limit while exporting (COPY streams within it)
ROW_COLUMNS = ("run_id", "idx")
SIDE_FILE_FORMAT = "ironlaw-run"  # the "format" key of a side file

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


class NotRecorded(UserError):
    """A run that could not be written to the store; ``saved_to`` is the side file holding it."""

    def __init__(self, message: str, saved_to: Path | None):
        super().__init__(message)
        self.saved_to = saved_to


class _Interrupted(Exception):
    """Ctrl-C arrived while a run was being written (raised between two statements)."""


@dataclass(frozen=True, repr=False)
class Run(Shown):
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
            more = f" (first {len(shown)} of {self.n_rows})" if len(shown) < self.n_rows else ""
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
        choice(kind, "kind", KINDS)
        choice(status, "status", STATUSES)
        if not isinstance(name, str) or not name.strip():
            raise ParameterError("name", "expected a non-empty string naming the run")
        env_json = _encode(env, "env")
        summary_json = _encode(summary, "summary")
        if isinstance(rows, Mapping) or not isinstance(rows, Sequence):
            raise UserError(f"rows: expected a list of dicts, got {type(rows).__name__}")
        encoded = [_encode(row, f"rows[{i}]") for i, row in enumerate(rows)]
        finished = _utcnow()
        started = _to_utc(started_at) if started_at is not None else finished
        run_id = f"{kind}-{finished:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        self._write_or_save(_Pending(run_id, kind, name, status, started, finished, env_json,
                                     summary_json, encoded))
        return run_id

    def import_run(self, path: str | Path) -> str:
        """Add a run saved in a side file (see :class:`NotRecorded`) to the store, keeping its
        ID and times; the side file is removed once the run is committed. Returns the run_id."""
        from ironlaw.files import read_json

        data = read_json(path, "saved run", limit_bytes=2**34)
        if not isinstance(data, dict) or data.get("format") != SIDE_FILE_FORMAT:
            raise UserError(f"{path}: not a run saved by ironlaw (no \"format\": "
                            f"\"{SIDE_FILE_FORMAT}\")")
        try:
            choice(data["kind"], "kind", KINDS)
            rows = data["rows"]
            pending = _Pending(str(data["run_id"]), data["kind"], str(data["name"]),
                               str(data["status"]), _to_utc(data["started_at"].rstrip("Z")),
                               _to_utc(data["finished_at"].rstrip("Z")),
                               _encode(data["env"], "env"),
                               _encode(data["summary"], "summary"),
                               [_encode(row, f"rows[{i}]")
                                for i, row in enumerate(rows)])
        except (KeyError, TypeError, AttributeError) as exc:
            raise UserError(f"{path}: a saved run needs run_id, kind, name, status, started_at, "
                            f"finished_at, env, summary and rows ({exc!r} is wrong)") from None
        if self._has_run(pending.run_id):
            Path(path).unlink()
            return pending.run_id
        self._write_or_save(pending, side_file=Path(path))
        Path(path).unlink()
        return pending.run_id

    def _has_run(self, run_id: str) -> bool:
        with self._reading() as con:
            return con is not None and con.execute(
                "SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone() is not None

    def _write_or_save(self, run: _Pending, side_file: Path | None = None) -> None:
        """Commit ``run``; if that cannot be done, save it to a side file (or leave it in
        ``side_file``, where it already is) and raise :class:`NotRecorded` saying where."""
        import duckdb

        with _holding_interrupts() as interrupted:
            try:
                self._commit(run, interrupted)
            except (_Interrupted, UserError, duckdb.Error, OSError) as exc:
                why = (f"interrupted: the write was rolled back, nothing of run {run.run_id} "
                       f"is in {self.path}" if isinstance(exc, _Interrupted) else
                       _reason(exc, self.path))
                saved = side_file or _save_aside(self.path, run)
                if saved is None:
                    raise NotRecorded(f"{why}; the run could not be saved to a side file either "
                                      "(no writable folder)", None) from None
                raise NotRecorded(f"{why}; the run is saved in {saved} (add it to the store "
                                  f"later with `ironlaw runs import {saved}`)", saved) from None
        if interrupted:
            raise UserError(f"interrupted: run {run.run_id} was committed to {self.path} first")

    def _commit(self, run: _Pending, interrupted: list) -> None:
        """One transaction; Ctrl-C (noted in ``interrupted``) rolls it back between statements."""

        def check():
            if interrupted:
                raise _Interrupted

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path, exclusive=True, timeout_s=self.lock_timeout_s, check=check), \
                closing(_connect(self.path, read_only=False)) as con:
            _ensure_schema(con, self.path)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [run.run_id, run.kind, run.name, run.status, run.started,
                             run.finished, len(run.rows), run.env, run.summary])
                for start in range(0, len(run.rows), CHUNK_ROWS):
                    check()
                    _insert_rows(con, run.run_id, start, run.rows[start:start + CHUNK_ROWS])
                check()
                con.execute("COMMIT")
            except BaseException as exc:  # nothing of this run may remain
                try:
                    con.execute("ROLLBACK")
                except Exception:  # closing the connection discards it anyway
                    pass
                if is_interrupt(exc):  # Ctrl-C, or DuckDB's error around it
                    raise _Interrupted from None
                raise

    # ---- reading ---------------------------------------------------------------------------

    def list_runs(self, kind: str | None = None) -> list[Run]:
        """Every run (oldest first), without rows; ``kind`` filters."""
        if kind is not None:
            choice(kind, "kind", KINDS)
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
                raise ParameterError("run_id", f"no run {run_id!r}: nothing is recorded in "
                                                f"{self.path}")
            full = _resolve(con, run_id, self.path)
            record = con.execute(f"SELECT {_RUN_FIELDS} FROM runs WHERE run_id = ?",
                                 [full]).fetchone()
            data = con.execute("SELECT data FROM rows WHERE run_id = ? ORDER BY idx",
                               [full]).fetchall()
        return _run(record, tuple(json.loads(d) for (d,) in data))

    def export(self, path: str | Path, fmt: str | None = None, *,
               kind: str | None = None) -> list[tuple[Path, int]]:
        """Write the runs (of ``kind``, if given) and their rows as two Parquet or CSV files;
        return ``[(runs file, lines), (rows file, lines)]``.

        ``path`` names the rows file; the runs file beside it adds ``.runs`` before the suffix
        (``all.parquet`` -> ``all.runs.parquet``). Runs: ``run_id, run_kind, run_name,
        run_status, run_started_at, run_finished_at, run_n_rows, run_env, run_summary`` (env and
        summary as JSON text), one line per run. Rows: ``run_id``, ``idx`` and one column per key
        the rows use (null where a row lacks it), typed by the values: integers BIGINT, numbers
        DOUBLE, text VARCHAR, booleans BOOLEAN; a key whose values mix types, and nested values,
        stay JSON text (Parquet keeps lists of one scalar type as typed lists); join them on
        ``run_id``. ``fmt`` defaults to the file's suffix.
        """
        target = Path(path)
        fmt = fmt or target.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise UserError(f"export: format must be parquet or csv (from the suffix of "
                            f"{target.name!r} or given), got {fmt!r}")
        if kind is not None:
            choice(kind, "kind", KINDS)
        runs_target = target.with_name(f"{target.stem}.runs{target.suffix or '.' + fmt}")
        with self._reading() as con:
            if con is None:
                raise UserError(f"export: nothing is recorded in {self.path} yet")
            for setting in (f"memory_limit = '{EXPORT_MEMORY}'", "threads = 1",
                            "preserve_insertion_order = true"):  # one ordered stream
                con.execute(f"SET {setting}")
            where = f"WHERE kind = '{kind}'" if kind else ""  # kind is one of KINDS
            chosen = f"WHERE run_id IN (SELECT run_id FROM runs {where})" if kind else ""
            structure: Any = {}
            for (text,) in con.execute(f"SELECT DISTINCT json_structure(data) FROM rows "
                                       f"{chosen}").fetchall():
                structure = _merge_structure(structure, json.loads(text))
            target.parent.mkdir(parents=True, exist_ok=True)
            runs = ("SELECT run_id, kind AS run_kind, name AS run_name, status AS run_status, "
                    "started_at AS run_started_at, finished_at AS run_finished_at, "
                    "n_rows AS run_n_rows, env::VARCHAR AS run_env, "
                    f"summary::VARCHAR AS run_summary FROM runs {where} "
                    "ORDER BY finished_at, run_id")
            return [(runs_target, _copy(con, runs, runs_target, fmt)),
                    (target, _copy(con, _rows_query(structure, fmt, chosen), target, fmt))]

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """A read-only connection under the shared lock, or None when there is no store yet;
        a damaged file is a UserError with a recovery hint."""
        import duckdb

        if not self.path.exists():
            yield None
            return
        with _locked(self.path, exclusive=False, timeout_s=self.lock_timeout_s), \
                closing(_connect(self.path, read_only=True)) as con:
            try:
                tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema."
                                                    "tables").fetchall()}
                if "runs" not in tables:
                    yield None
                    return
                _check_version(con, self.path)
                yield con
            except duckdb.Error as exc:
                raise UserError(_reason(exc, self.path)) from None


def open_store(store: str | Path | None = None, *,
               lock_timeout_s: float = LOCK_TIMEOUT_S) -> Store:
    """The store at ``store`` (default: ``config.paths().store``); files are opened per
    operation."""
    from ironlaw.config import paths

    resolved = Path(store).expanduser() if store is not None else paths().store
    if resolved.is_dir():
        raise ParameterError("store", f"expected a DuckDB file, {resolved} is a folder")
    return Store(resolved, positive(lock_timeout_s, "lock_timeout_s", "seconds > 0"))


def record_run(kind: str, name: str, env: Mapping[str, Any], rows: Sequence[Mapping[str, Any]],
               summary: Mapping[str, Any], *, status: str = "ok",
               started_at: _dt.datetime | str | None = None,
               store: str | Path | None = None) -> str:
    """Write one run to ``store`` (the default store if None); return its run_id."""
    return open_store(store).record_run(kind, name, env, rows, summary, status=status,
                                        started_at=started_at)


def get_run(run_id: str, *, store: str | Path | None = None) -> Run:
    return open_store(store).get_run(run_id)


# ---- internals -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pending:
    """A run ready to write: its fields, and env, summary and rows already JSON text."""

    run_id: str
    kind: str
    name: str
    status: str
    started: _dt.datetime
    finished: _dt.datetime
    env: str
    summary: str
    rows: list[str]


def _reason(exc: BaseException, path: Path) -> str:
    """Why the store could not be used, with a recovery hint for a damaged file."""
    import duckdb

    if isinstance(exc, UserError):
        return str(exc)
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    damaged = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException,
               duckdb.FatalException, duckdb.CatalogException)
    if isinstance(exc, damaged):
        return (f"the results store {path} is damaged ({first}); move it aside "
                f"(mv {path} {path}.damaged) and ironlaw starts a new one there")
    return f"cannot use the results store {path} ({first})"


def _save_aside(store: Path, run: _Pending) -> Path | None:
    """Write ``run`` as JSON beside the store (else in the working or temporary folder),
    atomically; the file written, or None if no folder takes it."""
    head = json.dumps({"format": SIDE_FILE_FORMAT, "run_id": run.run_id, "kind": run.kind,
                       "name": run.name, "status": run.status, "started_at": _iso(run.started),
                       "finished_at": _iso(run.finished)}, ensure_ascii=False)
    places = ((store.parent, f"{store.name}.{run.run_id}.json"),
              (Path.cwd(), f"ironlaw-{run.run_id}.json"),
              (Path(tempfile.gettempdir()), f"ironlaw-{run.run_id}.json"))
    for folder, name in places:
        target = folder / name
        partial = folder / f".{name}.{os.getpid()}.partial"
        try:
            with open(partial, "w", encoding="utf-8") as out:
                out.write(f'{head[:-1]}, "env": {run.env}, "summary": {run.summary}, "rows": [')
                for index, row in enumerate(run.rows):
                    out.write(("," if index else "") + "\n" + row)
                out.write("\n]}\n")
            partial.replace(target)
            return target
        except OSError:
            partial.unlink(missing_ok=True) if folder.is_dir() else None
    return None


@contextmanager
def _holding_interrupts() -> Iterator[list]:
    """While a run is written, Ctrl-C only appends to the yielded list; the writer looks at it
    between statements (and rolls back) or after COMMIT (and says the run is in). Outside the
    main thread signals cannot be caught, and KeyboardInterrupt is handled where it lands."""
    interrupted: list = []
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is None:
        yield interrupted
        return
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def _copy(con, query: str, target: Path, fmt: str) -> int:
    """COPY ``query`` to ``target``; the number of lines written."""
    import duckdb

    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
    try:
        return con.execute(f"COPY ({query}) TO '{_sql_text(str(target))}' ({options})"
                           ).fetchone()[0]
    except duckdb.Error as exc:
        raise UserError(f"export to {target}: {str(exc).splitlines()[0]}") from None


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
        raise ParameterError("run_id", f"no run {run_id!r} in {path} (see `ironlaw runs list`)")
    raise ParameterError("run_id", f"{run_id!r} matches several runs ({', '.join(found[:2])}, "
                                   "...); give more of the ID")


def _connect(path: Path, *, read_only: bool):
    """A DuckDB connection to the store; a path that exists must be a regular file (a FIFO
    would block the open forever, a folder or device is no store)."""
    import duckdb

    if path.exists():
        regular_file(path, "results store", limit_bytes=2**62)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"cannot open the results store {path}: {first}; if it is damaged, "
                        f"move it aside (mv {path} {path}.damaged) and ironlaw starts a new "
                        "one there") from None


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
def _locked(path: Path, *, exclusive: bool, timeout_s: float,
            check=lambda: None) -> Iterator[None]:
    """Hold a lock on ``<path>.lock`` (exclusive or shared; portalocker, so the same on
    Windows), waiting up to ``timeout_s`` and calling ``check`` while waiting. A reader that
    cannot open the lock file (a read-only folder without one) reads without it: no writer can
    take the lock there either."""
    import portalocker

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
            yield
            return
    handle = os.fdopen(fd, "rb")
    flags = portalocker.LockFlags.EXCLUSIVE if exclusive else portalocker.LockFlags.SHARED
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                portalocker.lock(handle, flags | portalocker.LockFlags.NON_BLOCKING)
                break
            except portalocker.AlreadyLocked:
                check()
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"results store {path} is busy: another process held "
                                    f"{lock_path.name} for more than {timeout_s:g} s; try "
                                    "again when it has finished") from None
                time.sleep(0.01)
        yield
    finally:
        handle.close()  # closing the file releases the lock


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


def _encode(value: Any, where: str) -> str:
    if not isinstance(value, Mapping):
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
            raise ParameterError("started_at", f"expected an ISO 8601 time, got {value!r}"
                                 ) from None
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


def _merge_structure(a: Any, b: Any) -> Any:
    """Two ``json_structure`` results as one, as ``json_group_structure`` would merge them
    (integers and doubles make DOUBLE, NULL gives way, anything else mixed is JSON); merged
    here from the distinct structures, so the whole table is never aggregated at once."""
    if a == b or b == "NULL":
        return a
    if a == "NULL" or a == {}:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        return {**b, **{k: _merge_structure(v, b[k]) if k in b else v for k, v in a.items()}}
    if isinstance(a, list) and isinstance(b, list) and a and b:
        return [_merge_structure(a[0], b[0])]
    if isinstance(a, str) and isinstance(b, str) and {a, b} <= _INTEGER | {"DOUBLE"}:
        return "DOUBLE" if "DOUBLE" in (a, b) else "BIGINT"
    return "JSON"


def _column_type(structure: Any, fmt: str) -> str | None:
    """The ``json_transform`` structure of a column from its merged ``json_structure`` entry
    (e.g. ``"DOUBLE"``, ``["BIGINT"]``) as JSON text; None keeps the JSON text itself."""
    if isinstance(structure, str):
        return json.dumps(_SCALAR[structure]) if structure in _SCALAR else None
    if fmt == "parquet" and isinstance(structure, list) and len(structure) == 1:
        inner = structure[0]
        if isinstance(inner, str) and inner != "NULL" and inner in _SCALAR:
            return json.dumps([_SCALAR[inner]])
    return None


def _rows_query(structure: dict[str, Any], fmt: str, where: str) -> str:
    """SELECT run_id, idx and one typed column per row key (see Store.export), in insertion
    order: no sort, so COPY streams."""
    columns = ["run_id", "idx"]
    taken = set(ROW_COLUMNS)
    for key, entry in structure.items():
        column = key if key.lower() not in taken else f"row_{key}"
        while column.lower() in taken:  # DuckDB names are case-insensitive
            column += "_"
        taken.add(column.lower())
        pointer = "/" + key.replace("~", "~0").replace("/", "~1")
        extract = f"json_extract(data, '{_sql_text(pointer)}')"
        typed = _column_type(entry, fmt)
        if typed is not None:
            extract = f"json_transform_strict({extract}, '{typed}')"
        columns.append(f'{extract} AS "{column.replace(chr(34), chr(34) * 2)}"')
    return f"SELECT {', '.join(columns)} FROM rows {where}"


def _sql_text(text: str) -> str:
    return text.replace("'", "''")
