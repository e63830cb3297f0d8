"""benchmarks/gpu_validate.py without a GPU: its CPU smoke run, and predicting a recorded H200
file again (``--from``) leaves the measurements as recorded."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
RECORDED = ROOT / "benchmarks" / "gpu" / "gpu-2026-12-04-h200.json"


@pytest.fixture(scope="module")
def gpu_validate():
    spec = importlib.util.spec_from_file_location("gpu_validate",
                                                  ROOT / "benchmarks" / "gpu_validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recorded_file_predicted_again_keeps_measurements(gpu_validate, tmp_path):
    assert gpu_validate.main(["--from", str(RECORDED), "--out", str(tmp_path)]) == 0
    before = json.loads(RECORDED.read_text())
    after = json.loads((tmp_path / RECORDED.name).read_text())
    for section in ("gemm", "bandwidth", "skinny", "models"):
        for old, new in zip(before[section], after[section], strict=True):
            assert new.get("time_s", new.get("latency_s")) == old.get("time_s",
                                                                      old.get("latency_s"))
    # STREAM copy of 2 × 1 GiB on the H200: t = 2^31 B / (0.90 · 4.8 TB/s) + 8.8 µs (one eager
    # launch), both from the H200's own measured efficiency -> 4.2449 TB/s predicted.
    copy = next(r for r in after["bandwidth"] if r["kernel"] == "copy")
    t = 2**31 / (0.90 * 4.8e12) + 8.8e-6
    assert copy["predicted_bytes_per_s"] == pytest.approx(2**31 / t, rel=1e-6)
    assert (tmp_path / RECORDED.with_suffix(".md").name).read_text().startswith(
        "# GPU validation: NVIDIA H200 (h200), 2026-12-04")


def test_cpu_smoke_run_writes_every_chosen_section(gpu_validate, tmp_path):
    pytest.importorskip("torch")
    sections = "gemm,launch,bandwidth"
    assert gpu_validate.main(["--cpu-smoke", "--sections", sections,
                              "--out", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("gpu-*-smoke.json")
    report = json.loads(written.read_text())
    assert [r["dtype"] for r in report["gemm"]] == ["fp32", "fp32", "bf16"]
    assert {r["kernel"] for r in report["bandwidth"]} == {"copy", "triad"}
    assert report["models"] == [] and report["attention"] == []
    for row in report["bandwidth"]:  # copy moves 2 arrays, triad 3, of 1 MiB each
        assert row["bytes_moved"] == {"copy": 2, "triad": 3}[row["kernel"]] * 2**20


def test_unknown_section_is_refused(gpu_validate, capsys):
    with pytest.raises(SystemExit) as exit_:
        gpu_validate.main(["--sections", "gemm,warp"])
    assert exit_.value.code == 2
    assert "unknown warp" in capsys.readouterr().err
