"""One catalog resolver: every command sees the built-in catalog, the measured host profile and
the user's file alike (issue 9: `serve` and `pipeline` once failed on `--on host`)."""

import json

import pytest
from test_probe import synthetic_raw

from ironlaw import config
from ironlaw.hardware.catalog import builtin, open_catalog
from ironlaw.measure.profile import save_profile

USER_FILE = """
sources:
  mine: {kind: estimate, title: "my own guess", checked: 2026-11-28}
devices:
  - id: my-npu
    name: My NPU
    vendor: Me
    kind: npu
    release_year: {value: 2026, source: mine}
    peak:
      int8: {dense: {value: "100 TOPS", source: mine}}
    memory:
      - level: dram
        capacity: {value: "8 GB", source: mine}
        bandwidth: {value: "100 GB/s", source: mine}
    power: {tdp: {value: "10 W", source: mine}}
"""


@pytest.fixture
def host():
    save_profile(synthetic_raw())  # to config.paths().host_profile, isolated by conftest
    assert config.paths().host_profile.exists()


def test_without_files_the_resolver_gives_the_built_in_catalog():
    assert open_catalog() is builtin()
    assert "host" not in open_catalog().devices


def test_the_resolver_adds_the_host_profile_and_the_user_file(host, tmp_path, monkeypatch):
    assert open_catalog().device("host").kind == "cpu"
    assert open_catalog() is open_catalog()  # read once while the files are unchanged
    path = tmp_path / "mine.yaml"
    path.write_text(USER_FILE)
    assert "my-npu" in open_catalog(path).devices and "host" in open_catalog(path).devices
    assert "my-npu" not in open_catalog().devices
    monkeypatch.setenv("IRONLAW_CATALOG", str(path))
    assert "my-npu" in open_catalog().devices


def _analyze_on_host(cli):
    code, out, err = cli("analyze", "resnet50", "--on", "host", "--format", "json")
    assert code == 0, err
    analysis = json.loads(out)
    # the measured profile answers: synthetic_raw's best bf16 GEMM is 900 GFLOP/s, and no
    # pass runs faster than its FLOPs at that rate
    assert analysis["device"] == "host" and analysis["peak_flop_per_s"] == 900e9
    assert analysis["latency_s"] >= analysis["flops"] / 900e9
    return analysis


def test_serve_on_the_measured_host(host, cli):
    code, out, err = cli("serve", "resnet50", "--on", "host", "--format", "json")
    assert code == 0, err
    served = json.loads(out)
    # the same device as analyze's: one batch-1 request takes one batch-1 pass
    assert served["device"] == "host" and served["batch"] == 1
    assert served["latency_s"] == pytest.approx(_analyze_on_host(cli)["latency_s"], rel=1e-12)


def test_pipeline_demand_on_the_measured_host(host, cli):
    code, out, err = cli("pipeline", "--model", "resnet50", "--on", "host", "--storage",
                         "2 GB/s", "--cores", "4", "--dataset", "imagenet", "--format", "json")
    assert code == 0, err
    # the demand is the model's own rate on the same measured host
    assert json.loads(out)["demand_per_s"] == pytest.approx(
        _analyze_on_host(cli)["throughput_per_s"], rel=1e-12)


def test_analyze_serve_and_pipeline_agree_without_a_profile(cli):
    for args in (("analyze", "resnet50", "--on", "host"), ("serve", "resnet50", "--on", "host"),
                 ("pipeline", "--model", "resnet50", "--on", "host", "--storage", "2 GB/s",
                  "--cores", "4", "--dataset", "imagenet")):
        code, _, err = cli(*args)
        assert code == 2 and "ironlaw measure host" in err, args


def test_serving_on_a_node_names_the_devices_parameter_and_its_flag(cli):
    from ironlaw.errors import ParameterError
    from ironlaw.serving.target import resolve

    with pytest.raises(ParameterError, match="^devices: tensor parallelism spans one node"):
        resolve("dgx-h100", 16, None)  # a DGX H100 holds 8 accelerators
    code, _, err = cli("serve", "llama-3-8b", "--on", "dgx-h100", "--devices", "16")
    assert code == 2 and err.startswith("error: --devices: tensor parallelism"), err


def test_paths_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("IRONLAW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("IRONLAW_HOST_PROFILE")
    monkeypatch.delenv("IRONLAW_STORE")
    monkeypatch.delenv("IRONLAW_CATALOG", raising=False)
    where = config.paths()
    assert where.cache_root == tmp_path / "cache" and where.user_catalog is None
    assert where.host_profile == tmp_path / "cache" / "host.yaml"
    assert where.store == tmp_path / "cache" / "runs.duckdb"
    monkeypatch.setenv("IRONLAW_STORE", str(tmp_path / "mine.duckdb"))
    assert config.paths().store == tmp_path / "mine.duckdb"  # read again at once
