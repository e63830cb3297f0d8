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
import typer

from ironlaw.errors import UserError
from ironlaw.measure import store as store_module
from ironlaw.measure.store import StoreBusy, open_store

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
    assert data["rows"] == GEMM and data["duration_s"] == pytest.approx(run.duration_s)
    assert "t = finished_at − started_at" in run.explain().text()
    assert counts(path) == (2, 2, 0)


def test_unknown_and_ambiguous_ids(path):
    store = open_store(path)
    for _ in range(2):
        store.record_run("sweep", "s", {}, [], {})
    with pytest.raises(UserError, match="no run 'nope'"):
        store.get_run("nope")
    with pytest.raises(UserError, match="several runs"):
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
    with pytest.raises(UserError, match="is a folder"):
        open_store(tmp_path)


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
    assert store.export(parquet) == 2 + 2 + 1  # one line per row, one for the run without
    assert store.export(csv, "csv") == 5
    for file in (parquet, csv):
        with duckdb.connect() as con:
            got = con.execute(f"SELECT run_id, run_kind, idx, m, flop_per_s, latency_s, "
                              f"row_run_id FROM '{file}' ORDER BY run_finished_at, idx "
                              "NULLS LAST").fetchall()
            types = dict(con.execute(f"SELECT column_name, column_type FROM "
                                     f"(DESCRIBE SELECT * FROM '{file}')").fetchall())
        assert got[0] == (probe, "probe", 0, 256, 2.0e10, None, None)
        assert got[2][2:] == (0, None, None, 0.5, "mine")  # 'run_id' key kept as row_run_id
        assert got[3][5] == 1.0  # integer 1 in a column of numbers
        assert got[4][1:3] == ("calibration", None)
        assert types["m"] == "BIGINT" and types["flop_per_s"] == "DOUBLE"
    with duckdb.connect() as con:
        spread = con.execute(f"SELECT spread FROM '{parquet}' WHERE idx = 0 AND "
                             "run_kind = 'probe'").fetchone()[0]
        notes = con.execute(f"SELECT note FROM '{csv}' WHERE run_kind = 'bench' ORDER BY idx"
                            ).fetchall()
    assert spread == [1.9e10, 2.1e10]  # a typed list in Parquet
    assert [json.loads(n) for (n,) in notes] == [1, "text"]  # mixed types stay JSON


def test_export_by_kind_and_bad_format(path, tmp_path):
    store = open_store(path)
    store.record_run("probe", "host", ENV, GEMM, {})
    store.record_run("bench", "b", {}, [{"latency_s": 1.0}], {})
    assert store.export(tmp_path / "probe.csv", kind="probe") == 2
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
    with pytest.raises(KeyboardInterrupt):
        store.record_run("sweep", "interrupted", {}, [{"i": i} for i in range(100)], {})
    assert calls == [0, 10]  # it was interrupted mid-run, with rows already inserted
    assert [r.run_id for r in store.list_runs()] == [kept]
    assert counts(path) == (1, 2, 0)
    monkeypatch.setattr(store_module, "_insert_rows", real)
    store.record_run("sweep", "after", {}, [{"i": 1}], {})  # the lock was released
    assert counts(path) == (2, 3, 0)


KILLED_WRITER = """
import sys, time
from ironlaw.measure import store
real, calls = store._insert_rows, []
def slow(con, run_id, start, encoded):
    real(con, run_id, start, encoded)
    calls.append(start)
    if len(calls) == 3:
        print("mid-run", flush=True)
        time.sleep(60)
store._insert_rows = slow
rows = [{"i": i, "v": i * 0.5} for i in range(5 * store.CHUNK_ROWS)]
store.open_store(sys.argv[1]).record_run("sweep", "doomed", {}, rows, {})
"""


def test_killed_writer_leaves_no_partial_run(path):
    store = open_store(path)
    earlier = [store.record_run("probe", f"p{i}", ENV, GEMM, {}) for i in range(2)]
    proc = child(KILLED_WRITER, str(path))
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
    names = sorted(r.name for r in open_store(path).list_runs())
    assert names == sorted(f"{w}-{i}" for w in "ab" for i in range(n))
    assert counts(path) == (2 * n, 2 * n * 50, 0)


def test_lock_timeout_is_a_clear_error(path):
    open_store(path).record_run("probe", "p", {}, [], {})
    with store_module._locked(path, exclusive=True, timeout_s=1):
        with pytest.raises(StoreBusy, match="busy"):
            open_store(path, lock_timeout_s=0.1).record_run("probe", "q", {}, [], {})
        with pytest.raises(StoreBusy, match="runs.duckdb.lock"):
            open_store(path, lock_timeout_s=0.1).list_runs()
    assert len(open_store(path).list_runs()) == 1


# ---- the CLI -----------------------------------------------------------------------------------

@pytest.fixture
def runs_cli(cli):
    """``ironlaw runs ...`` through the real app once it is wired in; until then through a
    throwaway Typer app holding runs.register(), with UserError -> exit 2 as cli.main.run does."""
    from ironlaw.cli import main, runs

    if any(group.name == "runs" for group in main.app.registered_groups):
        return lambda *args: cli("runs", *args)
    from typer.testing import CliRunner

    app = typer.Typer()
    runs.register(app)

    @app.command()
    def other():  # a second command, so that `runs` stays a sub-command
        pass

    def invoke(*args):
        result = CliRunner().invoke(app, ["runs", *args])
        if isinstance(result.exception, UserError):
            return 2, result.stdout, f"error: {result.exception}\n"
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_cli_list_show_export(runs_cli, path, tmp_path):
    store = open_store(path)
    probe = store.record_run("probe", "host", ENV, GEMM, {"peak_flop_per_s": 5e10})
    store.record_run("bench", "resnet50", {}, [{"latency_s": 0.0125}], {})

    code, out, _ = runs_cli("list", "--store", str(path))
    assert code == 0 and probe in out and "resnet50" in out
    code, out, _ = runs_cli("list", "--store", str(path), "--kind", "bench", "--format", "json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["resnet50"]
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
    assert code == 0 and [r["lines"] for r in json.loads(out)] == [3, 3]
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()[0] == 3
        assert con.execute(f"SELECT count(*) FROM '{csv}'").fetchone()[0] == 3


def test_cli_store_from_environment_and_errors(runs_cli, path, monkeypatch):
    monkeypatch.setenv("IRONLAW_STORE", str(path))
    code, out, _ = runs_cli("list")
    assert code == 0 and "No runs recorded" in out
    open_store(path).record_run("sweep", "s", {}, [], {})
    code, out, _ = runs_cli("list", "--format", "json")
    assert [r["kind"] for r in json.loads(out)] == ["sweep"]
    code, _, err = runs_cli("show", "missing")
    assert code == 2 and "no run 'missing'" in err
    code, _, err = runs_cli("export")
    assert code == 2 and "--parquet FILE and/or --csv FILE" in err
    code, _, err = runs_cli("list", "--kind", "nonsense")
    assert code == 2 and "kind" in err
