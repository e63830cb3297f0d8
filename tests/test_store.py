"""The results store: runs written atomically, read back, exported; killed and interrupted
writers leave no partial run; concurrent writers lose nothing. And the ``ironlaw runs`` CLI."""

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import numpy as np
import pytest

from ironlaw.errors import ParameterError, UserError
from ironlaw.measure import store as store_module
from ironlaw.measure.store import NotRecorded, StoreBusy, open_store

SRC = os.path.join(os.path.dirname(__file__), os.pardir, "src")

GEMM = [{"library": "numpy", "dtype": "fp64", "m": 256, "n": 256, "k": 256,
         "flop_per_s": 2.0e10, "spread": [1.9e10, 2.1e10], "repeats": 5},
        {"library": "torch", "dtype": "fp32", "m": 512, "n": 512, "k": 512,
         "flop_per_s": 5.0e10, "spread": [4.8e10, 5.2e10], "repeats": 5}]
ENV = {"python": "3.11.9", "cores": 2, "OPENBLAS_CORETYPE": "Haswell"}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "runs.duckdb"


def counts(path):
    """(runs, rows, runs whose stored rows differ from n_rows) straight from the file."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM rows), "
            "(SELECT count(*) FROM runs r WHERE n_rows <> "
            " (SELECT count(*) FROM rows w WHERE w.run_id = r.run_id))").fetchone()


def child(code: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.path.abspath(SRC)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


# ---- writing and reading -------------------------------------------------------------------

def test_write_reopen_list_show(path):
    first = open_store(path).record_run("probe", "host", ENV, GEMM, {"peak_flop_per_s": 5e10},
                                        started_at="2026-11-28T10:00:00+01:00")
    second = open_store(path).record_run("bench", "resnet50", ENV, [], {"latency_s": 0.012})
    reopened = open_store(path)
    runs = reopened.list_runs()
    assert [r.run_id for r in runs] == [first, second]
    assert runs[0].kind == "probe" and runs[0].n_rows == 2 and runs[0].stored_rows is None
    assert runs[0].started_at == "2026-11-28T09:00:00.000000Z"  # 10:00 at UTC+1
    assert runs[0].env == ENV and runs[1].summary == {"latency_s": 0.012}
    assert [r.run_id for r in reopened.list_runs("bench")] == [second]
    run = reopened.get_run(first)
    assert run.stored_rows == tuple(GEMM)
    assert run.status == "ok" and first.startswith("probe-")
    assert reopened.get_run(first[:-2]).run_id == first  # a unique prefix is enough
    data = run.to_dict()
    # t = finished_at − started_at, with started_at 10:00 at UTC+1 = 09:00 UTC
    from datetime import UTC, datetime

    finished = datetime.fromisoformat(run.finished_at.replace("Z", "+00:00"))
    elapsed = (finished - datetime(2026, 11, 28, 9, tzinfo=UTC)).total_seconds()
    assert data["rows"] == GEMM and data["duration_s"] == pytest.approx(elapsed, abs=1e-6)
    assert "t = finished_at − started_at" in run.explain().text()
    assert counts(path) == (2, 2, 0)


def test_unknown_and_ambiguous_ids(path):
    store = open_store(path)
    for _ in range(2):
        store.record_run("sweep", "s", {}, [], {})
    with pytest.raises(ParameterError, match="^run_id: no run 'nope'"):
        store.get_run("nope")
    with pytest.raises(ParameterError, match="^run_id: 'sweep-' matches several runs"):
        store.get_run("sweep-")


def test_values_become_json(path):
    rows = [{"x": np.float64(1.5), "n": np.int64(3), "shape": (2, 3), "inf_s": float("inf"),
             "arr": np.arange(3)}]
    run_id = open_store(path).record_run("validation", "v", {"nan": float("nan")}, rows, {})
    run = open_store(path).get_run(run_id)
    assert run.stored_rows[0] == {"x": 1.5, "n": 3, "shape": [2, 3], "inf_s": None,
                                  "arr": [0, 1, 2]}
    assert run.env == {"nan": None}


@pytest.mark.parametrize("call, message", [
    (lambda s: s.record_run("benchmark", "x", {}, [], {}), "kind: expected one of"),
    (lambda s: s.record_run("bench", "", {}, [], {}), "name"),
    (lambda s: s.record_run("bench", "x", [], [], {}), "env: expected a dict"),
    (lambda s: s.record_run("bench", "x", {}, [{"a": object()}], {}), r"rows\[0\]\.a"),
    (lambda s: s.record_run("bench", "x", {}, {"a": 1}, {}), "rows: expected a list"),
    (lambda s: s.record_run("bench", "x", {}, [], {}, status="done"), "status"),
    (lambda s: s.list_runs("nope"), "kind"),
])
def test_bad_input_is_a_user_error(path, call, message):
    with pytest.raises(UserError, match=message):
        call(open_store(path))
    assert not path.exists()  # validated before the file is touched


def test_no_store_yet(path):
    store = open_store(path)
    assert store.list_runs() == []
    with pytest.raises(UserError, match="nothing is recorded"):
        store.get_run("x")
    with pytest.raises(UserError, match="nothing is recorded"):
        store.export(path.with_suffix(".csv"))
    assert not path.exists()


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.setenv("IRONLAW_STORE", str(tmp_path / "mine.duckdb"))
    assert open_store().path == tmp_path / "mine.duckdb"
    monkeypatch.delenv("IRONLAW_STORE")
    monkeypatch.setenv("IRONLAW_CACHE_DIR", str(tmp_path / "cache"))
    assert open_store().path == tmp_path / "cache" / "runs.duckdb"
    # domain errors name the Python parameter; the CLI maps it to its flag (--store, RUN_ID)
    with pytest.raises(ParameterError, match="^store: expected a DuckDB file, .* is a folder"):
        open_store(tmp_path)
    with pytest.raises(ParameterError, match="^lock_timeout_s: "):
        open_store(tmp_path / "x.duckdb", lock_timeout_s=0)


def test_newer_schema_is_refused(path):
    open_store(path).record_run("probe", "p", {}, [], {})
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(UserError, match="schema version '99'"):
        open_store(path).list_runs()


def test_not_a_duckdb_file(path):
    path.write_text("hello")
    with pytest.raises(UserError, match="cannot open the results store"):
        open_store(path).list_runs()


# ---- export ----------------------------------------------------------------------------------

def test_export_parquet_and_csv_read_back(path, tmp_path):
    store = open_store(path)
    probe = store.record_run("probe", "host", ENV, GEMM, {})
    store.record_run("bench", "mixed", {}, [{"latency_s": 0.5, "run_id": "mine", "note": 1},
                                            {"latency_s": 1, "note": "text"}], {})
    store.record_run("calibration", "fit", {}, [], {"alpha": 0.9})
    parquet, csv = tmp_path / "out" / "all.parquet", tmp_path / "all.csv"
    runs_parquet, runs_csv = tmp_path / "out" / "all.runs.parquet", tmp_path / "all.runs.csv"
    # normalized: one line per run (3), one per row (2 + 2 + 0)
    assert store.export(parquet) == [(runs_parquet, 3), (parquet, 4)]
    assert store.export(csv, "csv") == [(runs_csv, 3), (csv, 4)]
    for file, runs_file in ((parquet, runs_parquet), (csv, runs_csv)):
        with duckdb.connect() as con:
            got = con.execute(f"SELECT w.run_id, r.run_kind, idx, m, flop_per_s, latency_s, "
                              f"row_run_id FROM '{file}' w JOIN '{runs_file}' r USING (run_id) "
                              "ORDER BY r.run_finished_at, idx").fetchall()
            types = dict(con.execute(f"SELECT column_name, column_type FROM "
                                     f"(DESCRIBE SELECT * FROM '{file}')").fetchall())
            runs = con.execute(f"SELECT run_kind, run_n_rows, run_env FROM '{runs_file}' "
                               "ORDER BY run_finished_at").fetchall()
        assert got[0] == (probe, "probe", 0, 256, 2.0e10, None, None)
        assert got[2][2:] == (0, None, None, 0.5, "mine")  # 'run_id' key kept as row_run_id
        assert got[3][5] == 1.0  # integer 1 in a column of numbers
        assert len(got) == 4 and runs[2][:2] == ("calibration", 0)  # a run without rows
        assert json.loads(runs[0][2]) == ENV  # the environment once per run, not per row
        assert types["m"] == "BIGINT" and types["flop_per_s"] == "DOUBLE"
        assert not any(column.startswith("run_") and column != "run_id" for column in types)
    with duckdb.connect() as con:
        spread = con.execute(f"SELECT spread FROM '{parquet}' WHERE idx = 0 AND "
                             f"run_id = '{probe}'").fetchone()[0]
        notes = con.execute(f"SELECT note FROM '{csv}' JOIN '{runs_csv}' USING (run_id) "
                            "WHERE run_kind = 'bench' ORDER BY idx").fetchall()
    assert spread == [1.9e10, 2.1e10]  # a typed list in Parquet
    assert [json.loads(n) for (n,) in notes] == [1, "text"]  # mixed types stay JSON


def test_export_by_kind_and_bad_format(path, tmp_path):
    store = open_store(path)
    store.record_run("probe", "host", ENV, GEMM, {})
    store.record_run("bench", "b", {}, [{"latency_s": 1.0}], {})
    assert store.export(tmp_path / "probe.csv", kind="probe")[1][1] == 2
    with duckdb.connect() as con:
        columns = [c for (c,) in con.execute(
            f"SELECT column_name FROM (DESCRIBE SELECT * FROM '{tmp_path / 'probe.csv'}')"
        ).fetchall()]
    assert "latency_s" not in columns and "flop_per_s" in columns
    with pytest.raises(UserError, match="parquet or csv"):
        store.export(tmp_path / "x.xlsx")


# ---- atomicity and concurrency ---------------------------------------------------------------

def test_keyboard_interrupt_leaves_no_run(path, monkeypatch):
    store = open_store(path)
    kept = store.record_run("probe", "kept", ENV, GEMM, {})
    real = store_module._insert_rows
    calls = []

    def interrupted(con, run_id, start, encoded):
        real(con, run_id, start, encoded)
        calls.append(start)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "CHUNK_ROWS", 10)
    monkeypatch.setattr(store_module, "_insert_rows", interrupted)
    with pytest.raises(NotRecorded, match="rolled back") as err:
        store.record_run("sweep", "interrupted", {}, [{"i": i} for i in range(100)], {})
    assert calls == [0, 10]  # it was interrupted mid-run, with rows already inserted
    assert [r.run_id for r in store.list_runs()] == [kept]
    assert counts(path) == (1, 2, 0)
    monkeypatch.setattr(store_module, "_insert_rows", real)
    store.record_run("sweep", "after", {}, [{"i": 1}], {})  # the lock was released
    assert counts(path) == (2, 3, 0)
    saved = err.value.saved_to  # nothing measured is lost: the run waits in a side file
    assert str(saved) in str(err.value) and saved.parent == path.parent
    run_id = store.import_run(saved)
    assert not saved.exists() and counts(path) == (3, 103, 0)
    assert [row["i"] for row in store.get_run(run_id).stored_rows] == list(range(100))


# A writer of 5 chunks of rows that prints "mid-run" and sleeps after chunk argv[2] was inserted,
# inside the run's transaction, for argv[3] s: the test then kills or interrupts it there. A
# UserError (such as "interrupted: ... rolled back") is one line on stderr and exit 2.
SLOW_WRITER = """
import sys, time
from ironlaw.errors import UserError
from ironlaw.measure import store
path, pause_after, sleep_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
real, calls = store._insert_rows, []
def slow(con, run_id, start, encoded):
    real(con, run_id, start, encoded)
    calls.append(start)
    if len(calls) == pause_after:
        print("mid-run", flush=True)
        time.sleep(sleep_s)
store._insert_rows = slow
rows = [{"i": i} for i in range(5 * store.CHUNK_ROWS)]
try:
    store.open_store(path).record_run("sweep", "slow", {}, rows, {})
except UserError as exc:
    print(exc, file=sys.stderr)
    sys.exit(2)
"""


def test_killed_writer_leaves_no_partial_run(path):
    store = open_store(path)
    earlier = [store.record_run("probe", f"p{i}", ENV, GEMM, {}) for i in range(2)]
    proc = child(SLOW_WRITER, str(path), "3", "60")
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready and proc.stdout.readline().strip() == "mid-run", proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert [r.run_id for r in store.list_runs()] == earlier
    assert counts(path) == (2, 4, 0)
    assert store.get_run(earlier[1]).stored_rows == tuple(GEMM)
    store.record_run("sweep", "after the kill", {}, [{"i": 0}], {})  # still writable
    assert counts(path) == (3, 5, 0)


WRITER = """
import sys
from ironlaw.measure.store import open_store
store = open_store(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.record_run("bench", f"{sys.argv[2]}-{i}", {"writer": sys.argv[2]},
                     [{"i": i, "j": j} for j in range(50)], {"i": i})
"""


def test_concurrent_writers_lose_nothing(path):
    n = 8
    writers = [child(WRITER, str(path), name, str(n)) for name in ("a", "b")]
    reads = 0
    while any(w.poll() is None for w in writers):  # read while they write: never partial
        if path.exists():
            listed = open_store(path).list_runs()
            if listed:
                last = open_store(path).get_run(listed[-1].run_id)
                assert len(last.stored_rows) == last.n_rows == 50
                reads += 1
        time.sleep(0.01)
    for w in writers:
        assert w.wait() == 0, w.stderr.read()
    assert reads, "no read happened while the writers wrote: the check above never ran"
    names = sorted(r.name for r in open_store(path).list_runs())
    assert names == sorted(f"{w}-{i}" for w in "ab" for i in range(n))
    assert counts(path) == (2 * n, 2 * n * 50, 0)


def test_lock_timeout_is_a_clear_error(path):
    open_store(path).record_run("probe", "p", {}, [], {})
    with store_module._locked(path, exclusive=True, timeout_s=1):
        with pytest.raises(NotRecorded, match="busy"):
            open_store(path, lock_timeout_s=0.1).record_run("probe", "q", {}, [], {})
        with pytest.raises(StoreBusy, match="runs.duckdb.lock"):
            open_store(path, lock_timeout_s=0.1).list_runs()
    assert len(open_store(path).list_runs()) == 1


# ---- the CLI -----------------------------------------------------------------------------------

@pytest.fixture
def runs_cli(cli):
    """``ironlaw runs ...`` through the real entry point."""
    return lambda *args: cli("runs", *args)


def test_cli_list_show_export(runs_cli, path, tmp_path):
    store = open_store(path)
    probe = store.record_run("probe", "host", ENV, GEMM, {"peak_flop_per_s": 5e10})
    store.record_run("bench", "resnet50", {}, [{"latency_s": 0.0125}], {})

    code, out, _ = runs_cli("list", "--store", str(path))
    assert code == 0 and probe in out and "resnet50" in out
    code, out, _ = runs_cli("list", "--store", str(path), "--kind", "bench", "--format", "json")
    assert code == 0 and [r["name"] for r in json.loads(out)["rows"]] == ["resnet50"]
    code, out, _ = runs_cli("list", "--store", str(path), "--format", "csv")
    assert out.splitlines()[0].startswith("run_id,kind,name") and len(out.splitlines()) == 3

    code, out, _ = runs_cli("show", probe[:-1], "--store", str(path))
    assert code == 0 and "50 GFLOP/s" in out  # summary.peak_flop_per_s shown with its unit
    assert "Haswell" in out and "torch" in out
    assert "20 GFLOP/s" in out  # the row key flop_per_s too
    code, out, _ = runs_cli("show", probe, "--store", str(path), "--format", "json")
    assert json.loads(out)["rows"] == GEMM
    code, out, _ = runs_cli("show", probe, "--store", str(path), "--format", "csv")
    assert out.splitlines()[0] == "library,dtype,m,n,k,flop_per_s,spread,repeats"
    code, out, _ = runs_cli("show", probe, "--store", str(path), "--explain")
    assert code == 0 and "finished_at − started_at" in out
    code, out, _ = runs_cli("show", probe, "--store", str(path), "--format", "markdown")
    assert code == 0 and "| quantity | value |" in out

    parquet, csv = tmp_path / "r.parquet", tmp_path / "r.csv"
    code, out, _ = runs_cli("export", "--parquet", str(parquet), "--csv", str(csv),
                            "--store", str(path), "--format", "json")
    assert code == 0 and [r["lines"] for r in json.loads(out)["rows"]] == [2, 3, 2, 3]
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()[0] == 2 + 1
        assert con.execute(f"SELECT count(*) FROM '{csv}'").fetchone()[0] == 2 + 1
        runs = tmp_path / "r.runs.csv"
        assert con.execute(f"SELECT count(*) FROM '{runs}'").fetchone()[0] == 2


def test_cli_store_from_environment_and_errors(runs_cli, path, monkeypatch):
    monkeypatch.setenv("IRONLAW_STORE", str(path))
    code, out, _ = runs_cli("list")
    assert code == 0 and "No runs recorded" in out
    open_store(path).record_run("sweep", "s", {}, [], {})
    code, out, _ = runs_cli("list", "--format", "json")
    assert [r["kind"] for r in json.loads(out)["rows"]] == ["sweep"]
    code, _, err = runs_cli("show", "missing")
    assert code == 2 and err.startswith("error: RUN_ID: no run 'missing'"), err
    code, _, err = runs_cli("export")
    assert code == 2 and "--parquet FILE and/or --csv FILE" in err
    code, _, err = runs_cli("list", "--kind", "nonsense")
    assert code == 2 and err.startswith("error: --kind: expected one of probe"), err
    code, _, err = runs_cli("list", "--store", str(path.parent))
    assert code == 2 and err.startswith("error: --store: expected a DuckDB file"), err


# ---- data safety: nothing finished is lost (issue 13) ------------------------------------------

def test_a_busy_store_saves_the_run_aside_and_import_adds_it_later(path, runs_cli):
    open_store(path).record_run("probe", "p", {}, [], {})
    with store_module._locked(path, exclusive=True, timeout_s=1):
        with pytest.raises(NotRecorded, match="busy") as err:
            open_store(path, lock_timeout_s=0.1).record_run("bench", "late", ENV, GEMM,
                                                            {"latency_s": 0.5})
    saved = err.value.saved_to
    data = json.loads(saved.read_text())
    assert (data["kind"], data["name"], data["env"], data["rows"]) == ("bench", "late", ENV, GEMM)
    assert counts(path) == (1, 0, 0)
    code, out, err_text = runs_cli("import", str(saved), "--store", str(path))
    assert code == 0 and data["run_id"] in out, err_text
    run = open_store(path).get_run(data["run_id"])  # the same ID and times as measured
    assert run.stored_rows == tuple(GEMM) and run.summary == {"latency_s": 0.5}
    assert run.finished_at == data["finished_at"] and not saved.exists()


@pytest.mark.parametrize("damage", ["truncated", "zeroed", "garbage"])
def test_a_damaged_store_is_one_line_with_a_recovery_hint(path, runs_cli, damage):
    store = open_store(path)
    store.record_run("sweep", "big", ENV, [{"i": i, "v": i * 0.5} for i in range(20_000)], {})
    data = path.read_bytes()
    path.write_bytes({"truncated": data[:len(data) // 2],
                      "zeroed": data[:4096] + bytes(len(data) - 8192) + data[-4096:],
                      "garbage": b"x" * 4096 + data[4096:]}[damage])
    for call in (store.list_runs, lambda: store.get_run("sweep")):
        with pytest.raises(UserError, match="mv .*damaged"):
            call()
    with pytest.raises(NotRecorded, match="damaged") as err:
        store.record_run("bench", "after", {}, [{"latency_s": 1.0}], {})
    assert json.loads(err.value.saved_to.read_text())["rows"] == [{"latency_s": 1.0}]
    code, out, err_text = runs_cli("list", "--store", str(path))
    assert code == 2 and "damaged" in err_text and len(err_text.strip().splitlines()) == 1


def test_readers_need_no_write_access(path, monkeypatch):
    run_id = open_store(path).record_run("probe", "p", ENV, GEMM, {})
    (path.parent / (path.name + ".lock")).unlink()
    real_open = os.open

    def read_only_folder(file, flags, *args):  # as in a folder the user cannot write
        if str(file).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)

    monkeypatch.setattr(os, "open", read_only_folder)
    store = open_store(path)
    assert [r.run_id for r in store.list_runs()] == [run_id]
    assert store.get_run(run_id).stored_rows == tuple(GEMM)
    with pytest.raises(NotRecorded, match="folder writable") as err:
        store.record_run("bench", "b", {}, [{"x": 1}], {})
    assert err.value.saved_to.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions do not bind root")
def test_a_read_only_folder_and_file(path):
    run_id = open_store(path).record_run("probe", "p", ENV, GEMM, {})
    (path.parent / (path.name + ".lock")).unlink()
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        assert [r.run_id for r in open_store(path).list_runs()] == [run_id]
        with pytest.raises(NotRecorded) as err:
            open_store(path).record_run("bench", "b", {}, [{"x": 1}], {})
        assert err.value.saved_to.parent != path.parent
    finally:
        path.parent.chmod(0o755)


def test_ctrl_c_mid_write_rolls_back_says_so_and_keeps_the_run(path):
    store = open_store(path)
    kept = store.record_run("probe", "kept", ENV, GEMM, {})
    proc = child(SLOW_WRITER, str(path), "2", "5")
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    assert ready and proc.stdout.readline().strip() == "mid-run", proc.stderr.read()
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "rolled back" in err and "Traceback" not in err, err
    assert [r.run_id for r in store.list_runs()] == [kept] and counts(path) == (1, 2, 0)
    saved = next(path.parent.glob("runs.duckdb.sweep-*.json"))
    assert len(json.loads(saved.read_text())["rows"]) == 5 * store_module.CHUNK_ROWS


def test_ctrl_c_during_commit_says_the_run_is_in(path, monkeypatch):
    real_connect = store_module._connect

    class Committing:  # sends Ctrl-C to this process while COMMIT runs
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            if sql == "COMMIT":
                os.kill(os.getpid(), signal.SIGINT)
            return self.con.execute(sql, *args)

        def close(self):
            self.con.close()

    monkeypatch.setattr(store_module, "_connect",
                        lambda p, read_only: Committing(real_connect(p, read_only=read_only)))
    with pytest.raises(UserError, match="committed") as err:
        open_store(path).record_run("bench", "b", {}, [{"x": 1}], {})
    monkeypatch.setattr(store_module, "_connect", real_connect)
    run_id = str(err.value).split("run ")[1].split()[0]
    assert open_store(path).get_run(run_id).stored_rows == ({"x": 1},)


def test_export_streams_within_a_fixed_memory_limit(path, tmp_path, monkeypatch):
    run_id = open_store(path).record_run("sweep", "big", ENV, [], {})
    with duckdb.connect(str(path)) as con:  # ~100 MB of rows, more than the limit below
        con.execute(f"INSERT INTO rows SELECT '{run_id}', i, json_object('i', i, 'text', "
                    "repeat('x', 400)) FROM range(250000) t(i)")
        con.execute("UPDATE runs SET n_rows = 250000")
    monkeypatch.setattr(store_module, "EXPORT_MEMORY", "64MB")
    for name in ("rows.csv", "rows.parquet"):
        written = open_store(path).export(tmp_path / name)
        assert [lines for _, lines in written] == [1, 250_000]
    with duckdb.connect() as con:
        assert con.execute(f"SELECT max(idx), count(*) FROM '{tmp_path / 'rows.parquet'}'"
                           ).fetchone() == (249_999, 250_000)


def test_export_writes_the_environment_once_per_run(path, tmp_path):
    env = {"big": "e" * 200_000}
    open_store(path).record_run("bench", "b", env, [{"latency_s": i * 1e-3} for i in range(1000)],
                                {})
    (runs_file, _), (rows_file, _) = open_store(path).export(tmp_path / "out.csv")
    assert rows_file.stat().st_size < 100_000 < 200_000 < runs_file.stat().st_size
