"""Energy from real counters, or "unavailable" — never an estimate called a measurement.

Two kinds of cumulative counter are read before and after a piece of work:

* Linux RAPL through powercap: ``/sys/class/powercap/intel-rapl:N/energy_uj`` [µJ] for CPU
  package N (domain ``package-N``, which contains its cores and uncore) and its ``dram`` subzone
  ``intel-rapl:N:M`` (domain ``dram-N``). The counter wraps at ``max_energy_range_uj``:
  ΔE = E_end − E_start, plus ``max_energy_range_uj`` for each wrap. A wrap is seen as a counter
  that went down, so the meter samples every ``poll_s`` seconds while it runs and sums the
  steps: one wrap between samples is caught as long as P < range / poll_s (e.g. a 262 144 J range
  sampled every 10 s: 26 kW). Since Linux 5.10 only root may read ``energy_uj``
  (CVE-2020-8694); containers often hide powercap entirely.
* NVML on NVIDIA GPUs (``pynvml``, from the optional ``nvidia-ml-py`` package, imported only
  when a meter starts): ``nvmlDeviceGetTotalEnergyConsumption`` [mJ since the driver loaded],
  Volta or newer; domain ``gpu-N`` in NVML's device order. The board's total energy.

Domains do not overlap (package ⊅ DRAM, CPU ⊅ GPU), so their sum is the energy the metered
parts used; anything unmetered (fans, disks, PSU losses) is not in it.

    with meter() as m:
        work()
    m.joules        # {"package-0": 41.2, "dram-0": 3.1} [J] — {} when nothing is metered
    m.available, m.reason
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ironlaw.provenance import Source

POWERCAP_ROOT = Path("/sys/class/powercap")
CHECKED = datetime.date(2026, 11, 28)
SOURCES = (
    Source("datasheet", "Linux kernel documentation: Power Capping Framework (powercap sysfs, "
           "intel-rapl zones, energy_uj, max_energy_range_uj)", CHECKED,
           "https://docs.kernel.org/power/powercap/powercap.html"),
    Source("datasheet", "GitHub advisory GHSA-jq35-85cj-fj4p (RAPL via powercap sysfs; the "
           "Linux kernel prevents access by non-root users since 5.10)", CHECKED,
           "https://github.com/advisories/GHSA-jq35-85cj-fj4p"),
    Source("datasheet", "Intel: Running Average Power Limit Energy Reporting, CVE-2020-8694 / "
           "CVE-2020-8695 (INTEL-SA-00389)", CHECKED,
           "https://www.intel.com/content/www/us/en/developer/articles/technical/"
           "software-security-guidance/advisory-guidance/"
           "running-average-power-limit-energy-reporting.html"),
    Source("datasheet", "NVIDIA NVML API Reference, Device Queries: "
           "nvmlDeviceGetTotalEnergyConsumption (mJ since the driver was last reloaded; Volta "
           "or newer)", CHECKED,
           "https://docs.nvidia.com/deploy/nvml-api/group__nvmlDeviceQueries.html"),
)
POLL_S = 10.0


class _Counter:
    """A cumulative energy counter [J] that may wrap at ``range_j`` (None: never wraps)."""

    domain: str
    source: str
    range_j: float | None

    def read_j(self) -> float:
        raise NotImplementedError


@dataclass
class _RaplCounter(_Counter):
    domain: str
    zone: Path
    range_j: float | None
    source: str = "rapl"

    def read_j(self) -> float:
        return int((self.zone / "energy_uj").read_text().strip()) * 1e-6


@dataclass
class _NvmlCounter(_Counter):
    domain: str
    nvml: Any
    handle: Any
    range_j: float | None = None
    source: str = "nvml"

    def read_j(self) -> float:
        return self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle) * 1e-3


def rapl_counters(root: Path | str = POWERCAP_ROOT) -> tuple[list[_RaplCounter], str | None]:
    """The package and DRAM counters under ``root`` that can be read, and why none (or some)
    cannot (None when all found can)."""
    root = Path(root)
    zones = sorted((p for p in root.glob("intel-rapl:*") if (p / "name").is_file()),
                   key=lambda p: [int(x) for x in p.name.split(":")[1:] if x.isdigit()])
    if not zones:
        where = "not present" if not root.exists() else "has no intel-rapl:* zones"
        return [], (f"RAPL: {root} {where} (needs Linux on bare metal with the intel_rapl "
                    "driver; virtual machines and containers rarely expose it)")
    counters, problems = [], []
    for zone in zones:
        parts = zone.name.split(":")[1:]
        kind = (zone / "name").read_text().strip()
        if len(parts) == 1 and kind.startswith("package-"):
            domain = kind
        elif kind == "dram":
            domain = f"dram-{parts[0]}"
        else:
            continue  # core/uncore lie inside their package; psys is the whole platform
        try:
            (zone / "energy_uj").read_text()
        except PermissionError:
            problems.append(f"{zone / 'energy_uj'} is readable only by root (Linux ≥ 5.10, "
                            "CVE-2020-8694)")
            continue
        except OSError as exc:
            problems.append(f"{zone / 'energy_uj'}: {exc.strerror or exc}")
            continue
        range_j = _read_uj(zone / "max_energy_range_uj")
        counters.append(_RaplCounter(domain, zone, range_j))
    if not counters and not problems:
        problems.append(f"no package or dram zone under {root}")
    return counters, ("RAPL: " + "; ".join(problems)) if problems else None


def nvml_counters() -> tuple[list[_NvmlCounter], str | None, Any]:
    """The NVML energy counter of each NVIDIA GPU, why some or all are missing, and the NVML
    module to shut down afterwards (None when NVML did not start)."""
    try:
        import pynvml
    except ImportError:
        return [], "NVML: pynvml is not installed (pip install nvidia-ml-py)", None
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # NVMLError_LibraryNotFound, _DriverNotLoaded ...
        return [], f"NVML: could not start ({exc}); no NVIDIA driver?", None
    counters, problems = [], []
    try:
        count = pynvml.nvmlDeviceGetCount()
        for index in range(count):
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            try:
                pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)
            except Exception as exc:  # NVMLError_NotSupported before Volta
                problems.append(f"gpu-{index} has no energy counter ({exc}; needs Volta or "
                                "newer)")
                continue
            counters.append(_NvmlCounter(f"gpu-{index}", pynvml, handle))
        if count == 0:
            problems.append("no NVIDIA GPU")
    except Exception as exc:
        problems.append(f"device query failed ({exc})")
    if not counters:
        pynvml.nvmlShutdown()
        return [], "NVML: " + "; ".join(problems), None
    return counters, ("NVML: " + "; ".join(problems)) if problems else None, pynvml


def _read_uj(path: Path) -> float | None:
    try:
        return int(path.read_text().strip()) * 1e-6
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class EnergyMeasurement:
    """Energy per metered domain over an interval [J], read from hardware counters."""

    available: bool
    reason: str | None  # why a source (or everything) is not metered; None if all are
    elapsed_s: float
    joules: dict[str, float]
    sources: dict[str, str]  # domain -> "rapl" | "nvml"
    wraps: dict[str, int] = field(default_factory=dict)

    @property
    def total_j(self) -> float | None:
        """E = Σ_domains E_d [J] over the metered domains; None when none is metered."""
        return sum(self.joules.values()) if self.available else None

    @property
    def power_w(self) -> dict[str, float]:
        """P̄_d = E_d / t [W] per domain."""
        if self.elapsed_s <= 0:
            return {}
        return {d: e / self.elapsed_s for d, e in self.joules.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"available": self.available, "reason": self.reason,
                "elapsed_s": self.elapsed_s,
                "energy_j": dict(self.joules) if self.available else None,
                "total_energy_j": self.total_j, "average_power_w": self.power_w or None,
                "sources": dict(self.sources), "wraps": dict(self.wraps),
                "measured": self.available}

    def describe(self) -> str:
        """One line for output: the measured energy, or that it is unavailable and why."""
        if not self.available:
            return f"energy: unavailable — {self.reason}"
        parts = ", ".join(f"{d} {e:.4g} J" for d, e in self.joules.items())
        text = f"energy (measured, {self.elapsed_s:.3g} s): {parts}; total {self.total_j:.4g} J"
        return text + (f" (not metered: {self.reason})" if self.reason else "")

    def explain(self):
        from ironlaw.derive import Line, Worked
        from ironlaw.units import format as show

        if not self.available:
            return Worked("Energy: unavailable", (), (self.reason or "no counter",))
        lines = []
        for domain, joules in self.joules.items():
            wraps = self.wraps.get(domain, 0)
            formula = "E = Σ ΔE over samples (+ counter range per wrap)"
            lines.append(Line(f"{domain} energy ({self.sources[domain]} counter)", formula,
                              f"{wraps} wrap(s)", show(joules, "energy")))
            lines.append(Line(f"{domain} average power", "P̄ = E / t",
                              f"{show(joules, 'energy')} / {show(self.elapsed_s, 'time')}",
                              show(joules / self.elapsed_s, "power")
                              if self.elapsed_s > 0 else "—"))
        lines.append(Line("metered total", "E = Σ_domains E_d",
                          " + ".join(f"{e:.4g} J" for e in self.joules.values()),
                          show(self.total_j, "energy")))
        notes = ["Read from hardware energy counters; nothing is estimated."]
        if self.reason:
            notes.append(f"Not metered: {self.reason}")
        return Worked("Energy from hardware counters", tuple(lines), tuple(notes))


class EnergyMeter:
    """Context manager reading every available energy counter around a block of work.

    After the block: ``joules`` (dict domain → J, empty when nothing is metered),
    ``available``, ``reason`` and ``result`` (an :class:`EnergyMeasurement`). ``poll_s`` is
    how often a background thread samples the counters so that a wrap is never missed
    (None: only at start and end).
    """

    def __init__(self, *, powercap_root: Path | str = POWERCAP_ROOT, nvml: bool = True,
                 poll_s: float | None = POLL_S):
        if poll_s is not None and not poll_s > 0:
            raise ValueError(f"poll_s must be > 0 or None, got {poll_s}")
        self.powercap_root = Path(powercap_root)
        self.use_nvml = nvml
        self.poll_s = poll_s
        self._counters: list[_Counter] = []
        self._reasons: list[str] = []
        self._nvml = None
        self._last: dict[str, float] = {}
        self._sum: dict[str, float] = {}
        self._wraps: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0 = self._t1 = 0.0
        self.result: EnergyMeasurement | None = None

    @property
    def available(self) -> bool:
        return bool(self._counters)

    @property
    def reason(self) -> str | None:
        return "; ".join(self._reasons) or None

    @property
    def domains(self) -> list[str]:
        return [c.domain for c in self._counters]

    @property
    def joules(self) -> dict[str, float]:
        """Energy per domain so far [J] (final after the block)."""
        with self._lock:
            return dict(self._sum)

    def __enter__(self) -> EnergyMeter:
        counters, why = rapl_counters(self.powercap_root)
        self._counters, self._reasons = list(counters), [why] if why else []
        if self.use_nvml:
            gpus, why, self._nvml = nvml_counters()
            self._counters += gpus
            if why:
                self._reasons.append(why)
        elif not self._counters:
            self._reasons.append("NVML: not asked for")
        self._last = {c.domain: c.read_j() for c in self._counters}
        self._sum = {c.domain: 0.0 for c in self._counters}
        self._wraps = {c.domain: 0 for c in self._counters}
        self._t0 = time.perf_counter()
        if self._counters and self.poll_s is not None:
            self._thread = threading.Thread(target=self._poll, name="ironlaw-energy",
                                            daemon=True)
            self._thread.start()
        return self

    def sample(self) -> None:
        """Read every counter and add the step since the last reading (wrap-aware)."""
        with self._lock:
            for counter in self._counters:
                now = counter.read_j()
                step = now - self._last[counter.domain]
                if step < 0 and counter.range_j:
                    step += counter.range_j
                    self._wraps[counter.domain] += 1
                self._sum[counter.domain] += step
                self._last[counter.domain] = now

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_s):
            self.sample()

    def __exit__(self, *exc) -> bool:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            if self._counters:
                self.sample()
        finally:
            self._t1 = time.perf_counter()
            if self._nvml is not None:
                self._nvml.nvmlShutdown()
                self._nvml = None
        self.result = EnergyMeasurement(
            self.available, self.reason, self._t1 - self._t0, self.joules,
            {c.domain: c.source for c in self._counters}, dict(self._wraps))
        return False


def meter(**options: Any) -> EnergyMeter:
    """An :class:`EnergyMeter` (options: powercap_root, nvml, poll_s)."""
    return EnergyMeter(**options)


def describe_meters(powercap_root: Path | str = POWERCAP_ROOT,
                    nvml: bool = True) -> dict[str, Any]:
    """What this machine offers: each source's domains, or why it is unavailable."""
    rapl, rapl_why = rapl_counters(powercap_root)
    out = {"rapl": {"domains": [c.domain for c in rapl], "reason": rapl_why}}
    if nvml:
        gpus, nvml_why, module = nvml_counters()
        if module is not None:
            module.nvmlShutdown()
        out["nvml"] = {"domains": [c.domain for c in gpus], "reason": nvml_why}
    out["available"] = any(v["domains"] for v in out.values() if isinstance(v, dict))
    return out
