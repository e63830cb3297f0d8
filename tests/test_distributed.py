"""Chunked, distributed and resumed sweeps give exactly the local Dataset (ironlaw.explore)."""

import json

import pytest

xr = pytest.importorskip("xarray")
pytest.importorskip("dask.distributed")

from ironlaw.errors import UserError  # noqa: E402
from ironlaw.explore import Interrupted, sweep  # noqa: E402

# 2 models · 2 phases · 2 precisions · 2 devices · 3 batches · 2 contexts · 2 counts = 192
# configurations in 10 chunks of 20
GRID = dict(model=["llama-3-8b", "resnet50"], device=["h100", "v100"],
            phase=["decode", "auto"], batch=[1, 16, 256], context=[512, 8192],
            precision=["bf16", "fp16"], count=[1, 4], region="fr", chunk=20)


@pytest.fixture(scope="module")
def local():
    return sweep(**GRID)


def test_a_two_worker_local_cluster_gives_the_local_dataset(local):
    distributed = sweep(workers=2, processes=False, **GRID)
    xr.testing.assert_identical(local, distributed)


def test_a_named_scheduler_gives_the_local_dataset(local):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        remote = sweep(scheduler=cluster.scheduler_address, **GRID)
    xr.testing.assert_identical(local, remote)


def test_an_interrupted_sweep_resumes_to_the_same_dataset(local, tmp_path):
    folder = tmp_path / "run"
    seen = []

    def stop_after_three(chunk):
        seen.append(chunk.index)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted, match="after 3 of 10 chunks"):
        sweep(directory=folder, on_chunk=stop_after_three, **GRID)
    parts = sorted(p.name for p in folder.glob("part-*.parquet"))
    assert parts == [f"part-{k:06d}.parquet" for k in range(3)]
    assert not list(folder.glob(".*tmp*"))  # no half-written file left behind

    evaluated = []
    resumed = sweep(directory=folder, on_chunk=lambda c: evaluated.append(c.index), **GRID)
    assert evaluated == list(range(3, 10))  # completed chunks were not evaluated again
    xr.testing.assert_identical(local, resumed)
    # and once more on a cluster, everything read back from the folder
    again = sweep(directory=folder, workers=2, processes=False, **GRID)
    xr.testing.assert_identical(local, again)


def test_partitions_are_queryable_parquet_with_a_manifest(tmp_path):
    import duckdb

    folder = tmp_path / "run"
    sweep(directory=folder, **GRID)
    manifest = json.loads((folder / "sweep.json").read_text())
    assert manifest["chunks"] == 10 and manifest["size"] == 2 * 2 * 2 * 2 * 3 * 2 * 2
    con = duckdb.connect()
    rows = con.execute(f"SELECT count(*), count(DISTINCT device) FROM "
                       f"read_parquet('{folder}/part-*.parquet') WHERE model = 'llama-3-8b' "
                       "AND infeasible_reason = ''").fetchone()
    assert rows[0] > 0 and rows[1] == 2


def test_a_folder_holding_another_sweep_is_refused(tmp_path):
    folder = tmp_path / "run"
    sweep(directory=folder, **GRID)
    with pytest.raises(UserError, match="different sweep"):
        sweep(directory=folder, **{**GRID, "batch": [1, 2]})
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="not empty"):
        sweep(directory=tmp_path / "other", **GRID)


def test_bad_cluster_arguments_are_user_errors():
    with pytest.raises(UserError, match="^scheduler: expected an address"):
        sweep(model="resnet50", device="h100", scheduler="localhost:8786")
    with pytest.raises(UserError, match="^workers: expected a whole number"):
        sweep(model="resnet50", device="h100", workers=0)


def test_the_progress_bar_counts_configurations(capsys):
    sweep(progress=True, **GRID)
    err = capsys.readouterr().err
    assert "192/192" in err and "/s" in err


def test_ctrl_c_with_worker_processes_prints_one_line(tmp_path):
    """Ctrl-C reaches the whole process group (workers too): one line on stderr, exit 130."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    folder = tmp_path / "run"
    program = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "import sys; from ironlaw.cli.main import run; sys.argv = ['ironlaw', 'sweep', "
               "'--model', 'llama-3-8b,gpt2', '--device', 'h100,a100,l4', '--batch', "
               "'1..4096x2', '--seq', '128..8192x2', '--chunk', '1', '--workers', '2', "
               f"'--resume', {str(folder)!r}]; run()")
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-c", program], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(folder.glob("part-*.json"))) < 3 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert len(err.strip().splitlines()) == 1 and "sweep interrupted" in err, err
