"""Energy meters: RAPL through a fake powercap tree (tmp_path), NVML through a fake pynvml,
and the unavailable path. Values are hand calculations from the counters the tests write."""

import sys
import time
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ironlaw.measure import energy
from ironlaw.measure.energy import describe_meters, meter, rapl_counters

RANGE_UJ = 262_143_999_938  # an arbitrary max_energy_range_uj


def zone(root: Path, name: str, kind: str, energy_uj: int, range_uj: int = RANGE_UJ) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "name").write_text(kind + "\n")
    (folder / "energy_uj").write_text(f"{energy_uj}\n")
    (folder / "max_energy_range_uj").write_text(f"{range_uj}\n")
    return folder


def set_uj(folder: Path, value: int) -> None:
    (folder / "energy_uj").write_text(f"{value}\n")


@pytest.fixture
def sysfs(tmp_path):
    """A server-like tree: package-0 with core and dram subzones, package-1, psys."""
    root = tmp_path / "powercap"
    (root / "intel-rapl").mkdir(parents=True)  # the control type folder itself: no zone
    zones = {
        "package-0": zone(root, "intel-rapl:0", "package-0", 1_000_000),
        "core": zone(root, "intel-rapl:0:0", "core", 50),
        "dram-0": zone(root, "intel-rapl:0:1", "dram", 200),
        "package-1": zone(root, "intel-rapl:1", "package-1", 7_000_000),
        "psys": zone(root, "intel-rapl:2", "psys", 0),
    }
    return root, zones


def test_discovers_package_and_dram_zones_only(sysfs):
    root, _ = sysfs
    counters, reason = rapl_counters(root)
    assert [c.domain for c in counters] == ["package-0", "dram-0", "package-1"]
    assert reason is None
    assert counters[0].range_j == pytest.approx(RANGE_UJ * 1e-6)


def test_meter_reads_deltas_per_domain(sysfs):
    root, zones = sysfs
    with meter(powercap_root=root, nvml=False, poll_s=None) as m:
        set_uj(zones["package-0"], 6_000_000)  # 6 J - 1 J = 5 J
        set_uj(zones["dram-0"], 500_200)  # 0.5002 J - 0.0002 J = 0.5 J
        set_uj(zones["package-1"], 7_250_000)  # 7.25 J - 7 J = 0.25 J
    assert m.available and m.reason is None
    assert m.joules == pytest.approx({"package-0": 5.0, "dram-0": 0.5, "package-1": 0.25})
    result = m.result
    assert result.total_j == pytest.approx(5.75)
    assert result.elapsed_s > 0
    assert result.power_w["package-0"] == pytest.approx(5.0 / result.elapsed_s)
    assert result.sources == {"package-0": "rapl", "dram-0": "rapl", "package-1": "rapl"}
    data = result.to_dict()
    assert data["measured"] is True and data["energy_j"]["dram-0"] == pytest.approx(0.5)
    assert "measured" in result.describe() and "unavailable" not in result.describe()
    assert "P̄ = E / t" in result.explain().text()


def test_wrap_around_adds_the_counter_range(sysfs):
    root, zones = sysfs
    set_uj(zones["package-0"], RANGE_UJ - 1_000_000)  # 1 J below the top
    with meter(powercap_root=root, nvml=False, poll_s=None) as m:
        set_uj(zones["package-0"], 2_000_000)  # wrapped, then 2 J more
    # ΔE = (2 J − (R − 1 J)) + R = 3 J
    assert m.joules["package-0"] == pytest.approx(3.0)
    assert m.result.wraps["package-0"] == 1


def test_sampling_catches_every_wrap(sysfs):
    """Readings 10 → 90 → 40 → 95 → 20 J on a 100 J counter: +80, +50 (wrap), +55, +25 (wrap)
    = 210 J; reading only at start and end would give 20 − 10 = 10 J."""
    root = sysfs[0] / "small"
    package = zone(root, "intel-rapl:0", "package-0", 10_000_000, range_uj=100_000_000)
    with meter(powercap_root=root, nvml=False, poll_s=None) as m:
        for joules in (90, 40, 95):
            set_uj(package, joules * 1_000_000)
            m.sample()
        set_uj(package, 20_000_000)
    assert m.joules["package-0"] == pytest.approx(210.0)
    assert m.result.wraps["package-0"] == 2


def test_background_thread_samples(sysfs):
    root, zones = sysfs
    with meter(powercap_root=root, nvml=False, poll_s=0.01) as m:
        set_uj(zones["package-0"], 3_000_000)  # +2 J, seen by the thread before the end
        deadline = time.monotonic() + 5
        while m.joules["package-0"] < 1.5 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert m.joules["package-0"] == pytest.approx(2.0)
    assert m.joules["package-0"] == pytest.approx(2.0)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 999_999),
       steps=st.lists(st.integers(0, 999_999), min_size=1, max_size=8))
def test_sum_of_steps_whatever_the_wraps(tmp_path, start, steps):
    """A counter modulo R read after each step: the meter's total is the sum of the steps."""
    package = zone(tmp_path / "p", "intel-rapl:0", "package-0", start, range_uj=1_000_000)
    value = start
    with meter(powercap_root=tmp_path / "p", nvml=False, poll_s=None) as m:
        for step in steps:
            value = (value + step) % 1_000_000
            set_uj(package, value)
            m.sample()
    assert m.joules["package-0"] == pytest.approx(sum(steps) * 1e-6, abs=1e-9)


def test_unreadable_counter_says_why(sysfs, monkeypatch):
    root, _ = sysfs
    real = Path.read_text

    def denied(self, *args, **kwargs):
        if self.name == "energy_uj" and self.parent.name == "intel-rapl:1":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", denied)
    counters, reason = rapl_counters(root)
    assert [c.domain for c in counters] == ["package-0", "dram-0"]
    assert "intel-rapl:1" in reason and "root" in reason


def test_unavailable_is_said_never_estimated(tmp_path):
    with meter(powercap_root=tmp_path / "absent", nvml=False) as m:
        sum(range(1000))
    assert m.available is False and m.joules == {}
    assert "not present" in m.reason
    result = m.result
    assert result.total_j is None and result.power_w == {}
    assert result.to_dict()["energy_j"] is None and result.to_dict()["measured"] is False
    assert result.describe().startswith("energy: unavailable — RAPL:")
    assert "unavailable" in result.explain().text()


def test_powercap_without_rapl_zones(tmp_path):
    (tmp_path / "pc" / "dtpm").mkdir(parents=True)
    counters, reason = rapl_counters(tmp_path / "pc")
    assert counters == [] and "no intel-rapl" in reason


class FakeNvml(types.ModuleType):
    """pynvml as NVML would answer on two GPUs, the second too old for an energy counter."""

    class NVMLError(Exception):
        pass

    def __init__(self):
        super().__init__("pynvml")
        self.energy_mj = {0: 1_000_000}
        self.shutdowns = 0

    def nvmlInit(self):
        pass

    def nvmlShutdown(self):
        self.shutdowns += 1

    def nvmlDeviceGetCount(self):
        return 2

    def nvmlDeviceGetHandleByIndex(self, index):
        return index

    def nvmlDeviceGetTotalEnergyConsumption(self, handle):
        if handle == 1:
            raise self.NVMLError("Not Supported")
        return self.energy_mj[handle]


def test_nvml_counters_in_millijoules(tmp_path, monkeypatch):
    fake = FakeNvml()
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    with meter(powercap_root=tmp_path / "absent", poll_s=None) as m:
        fake.energy_mj[0] += 1_500  # 1500 mJ = 1.5 J
    assert m.joules == pytest.approx({"gpu-0": 1.5})
    assert m.result.sources == {"gpu-0": "nvml"}
    assert "gpu-1" in m.reason and "Volta" in m.reason
    assert "RAPL" in m.reason  # no powercap here either, and it says so
    assert fake.shutdowns == 1


def test_nvml_not_installed(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pynvml", None)  # import raises ImportError
    found = describe_meters(tmp_path / "absent")
    assert found["available"] is False
    assert "nvidia-ml-py" in found["nvml"]["reason"]


def test_sources_have_provenance():
    for source in energy.SOURCES:
        assert source.url.startswith("https://") and str(source.checked) == "2026-11-28"
        assert source.kind in ("datasheet", "paper", "derived", "estimate")
