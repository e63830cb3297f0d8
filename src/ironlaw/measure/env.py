"""The environment of a measurement: what ran it, so a number can be traced and compared.

``capture()`` returns a JSON-ready dict: CPU model and flags, physical/logical cores, the caches
(per level: bytes per instance and the number of instances, from sysfs or ``lscpu``), clocks and
frequency governor where readable, threads used by numpy's BLAS, torch and numba (flat
``blas_threads``/``torch_threads``/``numba_threads``, details under ``thread_pools``), the
thread/BLAS environment variables (recorded, never changed — e.g. ``OPENBLAS_CORETYPE``), library
versions, kernel, memory, load average and the date. A field that cannot be read is ``None``;
nothing is guessed.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import subprocess
from pathlib import Path
from typing import Any

SYS_CPU = Path("/sys/devices/system/cpu")
ENV_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE", "NUMBA_NUM_THREADS", "GOMP_CPU_AFFINITY", "KMP_AFFINITY")
# CPU flags that decide which GEMM kernels can run (wide FMA, native bf16/fp16, AMX tiles)
FLAGS_OF_INTEREST = ("fma", "avx", "avx2", "avx512f", "avx512_bf16", "avx512_fp16",
                     "avx512_vnni", "avx_vnni", "amx_tile", "amx_bf16", "amx_fp16", "amx_int8",
                     "asimd", "sve", "sve2", "bf16", "i8mm")
VENDORS = {"GenuineIntel": "Intel", "AuthenticAMD": "AMD", "ARM": "Arm"}


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _size_bytes(text: str) -> int | None:
    """``"48K"``, ``"32768K"``, ``"1 MiB"``, ``"2M"`` -> bytes (caches are binary sizes)."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMG]?)(i?B)?\s*", text or "")
    if not match:
        return None
    scale = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[match.group(2)]
    return int(float(match.group(1)) * scale)


def _cpuinfo() -> list[dict[str, str]]:
    """``/proc/cpuinfo`` as one dict per logical CPU (empty where there is none)."""
    text = _read(Path("/proc/cpuinfo")) or ""
    blocks = []
    for block in text.split("\n\n"):
        entry = {}
        for line in block.splitlines():
            key, _, value = line.partition(":")
            entry[key.strip()] = value.strip()
        if entry:
            blocks.append(entry)
    return blocks


def _physical_cores(cpuinfo: list[dict[str, str]]) -> int | None:
    """Distinct (package, core) pairs from sysfs topology, else from /proc/cpuinfo."""
    pairs = set()
    for cpu in SYS_CPU.glob("cpu[0-9]*"):
        package = _read(cpu / "topology" / "physical_package_id")
        core = _read(cpu / "topology" / "core_id")
        if package is not None and core is not None:
            pairs.add((package, core))
    if not pairs:
        pairs = {(c.get("physical id"), c.get("core id")) for c in cpuinfo if "core id" in c}
    return len(pairs) or None


def caches() -> tuple[list[dict[str, Any]], str | None]:
    """Data/unified caches by level: ``size_bytes`` per instance and ``instances`` (distinct
    sharing groups), from sysfs; ``lscpu`` if sysfs has none. Returns (caches, where from)."""
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for index in sorted(SYS_CPU.glob("cpu[0-9]*/cache/index[0-9]*")):
        kind = _read(index / "type")
        level = _read(index / "level")
        size = _size_bytes(_read(index / "size") or "")
        if kind == "Instruction" or level is None or size is None:
            continue
        entry = groups.setdefault((int(level), kind), {"level": int(level), "type": kind,
                                                       "size_bytes": size, "shared": set()})
        entry["shared"].add(_read(index / "shared_cpu_list"))
    if groups:
        found = []
        for key in sorted(groups):
            entry = groups[key]
            shared = sorted(entry.pop("shared"))
            found.append({**entry, "instances": len(shared), "shared_cpu_lists": shared})
        return found, "sysfs (/sys/devices/system/cpu/cpu*/cache)"
    return _lscpu_caches()


def _lscpu_caches() -> tuple[list[dict[str, Any]], str | None]:
    try:
        text = subprocess.run(["lscpu", "-B", "-C=NAME,ONE-SIZE,ALL-SIZE"], capture_output=True,
                              text=True, timeout=5, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return [], None
    found = []
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) != 3 or parts[0].endswith("i"):  # skip L1i
            continue
        level = int(parts[0][1]) if parts[0][:1] == "L" and parts[0][1:2].isdigit() else None
        one, total = int(parts[1]), int(parts[2])
        if level is None or one <= 0:
            continue
        found.append({"level": level, "type": "Data" if level == 1 else "Unified",
                      "size_bytes": one, "instances": max(1, total // one),
                      "shared_cpu_lists": []})
    return found, ("lscpu -C" if found else None)


def _frequency(cpuinfo: list[dict[str, str]]) -> dict[str, Any]:
    freq = SYS_CPU / "cpu0" / "cpufreq"

    def khz(name: str) -> float | None:
        text = _read(freq / name)
        return float(text) / 1e3 if text and text.isdigit() else None

    reported = [float(c["cpu MHz"]) for c in cpuinfo if "cpu MHz" in c]
    return {"governor": _read(freq / "scaling_governor"),
            "current_mhz": khz("scaling_cur_freq") or (max(reported) if reported else None),
            "max_mhz": khz("cpuinfo_max_freq"),
            "boost": _read(SYS_CPU / "cpufreq" / "boost"),
            "source": "cpufreq" if freq.exists() else ("/proc/cpuinfo" if reported else None)}


def _openblas_threads() -> int | None:
    """Ask the OpenBLAS that numpy loaded how many threads it uses (without threadpoolctl)."""
    import ctypes

    maps = _read(Path("/proc/self/maps")) or ""
    libs = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()}
    for lib in sorted(libs):
        try:
            handle = ctypes.CDLL(lib)
        except OSError:
            continue
        for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                       "openblas_get_num_threads"):
            function = getattr(handle, symbol, None)
            if function is not None:
                function.restype = ctypes.c_int
                return int(function())
    return None


def threads() -> dict[str, Any]:
    """Threads each library will use: threadpoolctl's view if installed, else each library's
    own query. Importing torch/numba is left to the caller's choice: a library not yet
    imported is imported here only if installed."""
    import numpy as np

    found: dict[str, Any] = {"affinity_cpus": len(os.sched_getaffinity(0))
                             if hasattr(os, "sched_getaffinity") else None}
    try:
        from threadpoolctl import threadpool_info

        found["threadpools"] = [{k: p.get(k) for k in ("user_api", "internal_api", "prefix",
                                                       "version", "num_threads")}
                                for p in threadpool_info()]
        found["source"] = "threadpoolctl"
    except ImportError:
        found["source"] = "library queries (threadpoolctl not installed)"
    config = np.show_config(mode="dicts")
    blas = dict(config.get("Build Dependencies", {}).get("blas", {}))
    found["numpy_blas"] = {"name": blas.get("name"), "version": blas.get("version"),
                           "num_threads": _openblas_threads()}
    try:
        import torch

        found["torch"] = {"num_threads": torch.get_num_threads(),
                          "num_interop_threads": torch.get_num_interop_threads(),
                          "mkldnn": bool(torch.backends.mkldnn.is_available())}
    except ImportError:
        found["torch"] = None
    try:
        import numba

        found["numba"] = {"num_threads": numba.get_num_threads(),
                          "threading_layer": numba.config.THREADING_LAYER}
    except ImportError:
        found["numba"] = None
    return found


def versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("ironlaw", "numpy", "torch", "numba", "llvmlite", "threadpoolctl"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _meminfo() -> dict[str, int | None]:
    text = _read(Path("/proc/meminfo")) or ""
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key] = int(parts[0]) * 1024  # kB in /proc/meminfo are KiB
    return {"total_bytes": values.get("MemTotal"), "available_bytes": values.get("MemAvailable")}


def capture() -> dict[str, Any]:
    """Everything above, plus platform, kernel, load average and the date (UTC)."""
    cpuinfo = _cpuinfo()
    first = cpuinfo[0] if cpuinfo else {}
    flags = set((first.get("flags") or first.get("Features") or "").split())
    cache_list, cache_source = caches()
    pools = threads()
    now = _dt.datetime.now(_dt.UTC)
    vendor_id = first.get("vendor_id")
    return {
        "date": now.date().isoformat(),
        "timestamp": now.isoformat(timespec="seconds"),
        "hostname": platform.node(),
        "cpu_model": first.get("model name") or platform.processor() or None,
        "cpu_vendor": VENDORS.get(vendor_id or "", vendor_id),
        "cpu_family": first.get("cpu family"),
        "cpu_flags": sorted(f for f in FLAGS_OF_INTEREST if f in flags),
        "hypervisor": "hypervisor" in flags,
        "physical_cores": _physical_cores(cpuinfo),
        "logical_cores": os.cpu_count(),
        "caches": cache_list,
        "cache_source": cache_source,
        "frequency": _frequency(cpuinfo),
        "memory": _meminfo(),
        "thread_pools": pools,
        "torch_threads": (pools.get("torch") or {}).get("num_threads"),
        "blas_threads": pools["numpy_blas"]["num_threads"],
        "numba_threads": (pools.get("numba") or {}).get("num_threads"),
        "env_vars": {name: os.environ.get(name) for name in ENV_VARS},
        "versions": versions(),
        "machine": platform.machine(),
        "system": platform.system(),
        "kernel": platform.release(),
        "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def cache_levels(env: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """``{level: {"size_bytes": per instance, "instances": n}}`` for data/unified caches."""
    return {c["level"]: c for c in env.get("caches") or [] if c.get("type") != "Instruction"}


def last_level_cache_bytes(env: dict[str, Any]) -> int | None:
    """Total bytes of the last-level cache (every instance), or None if unknown."""
    levels = cache_levels(env)
    if not levels:
        return None
    last = levels[max(levels)]
    return last["size_bytes"] * last["instances"]


def cpu_snapshot() -> dict[str, float] | None:
    """Busy CPU seconds of the whole machine (/proc/stat: all but idle and iowait), this
    process's own CPU seconds, and the wall clock; None where /proc/stat is unreadable."""
    import time

    line = (_read(Path("/proc/stat")) or "").split("\n", 1)[0].split()
    if not line or line[0] != "cpu":
        return None
    ticks = [int(x) for x in line[1:9]]  # user nice system idle iowait irq softirq steal
    hz = os.sysconf("SC_CLK_TCK")
    own = os.times()
    return {"busy_s": (sum(ticks) - ticks[3] - ticks[4]) / hz, "steal_s": ticks[7] / hz,
            "own_s": own.user + own.system, "wall_s": time.monotonic()}


def foreign_load(before: dict[str, float] | None, after: dict[str, float] | None,
                 cpus: int) -> dict[str, float] | None:
    """How busy the machine was with other work while we measured:
    foreign fraction = (machine busy s − own CPU s) / (wall s × CPUs), and the hypervisor's
    steal fraction = steal s / (wall s × CPUs). Both in [0, 1]; 0 means we had it alone."""
    if before is None or after is None or cpus <= 0:
        return None
    wall = after["wall_s"] - before["wall_s"]
    if wall <= 0:
        return None
    busy = after["busy_s"] - before["busy_s"]
    own = after["own_s"] - before["own_s"]
    steal = after["steal_s"] - before["steal_s"]
    return {"foreign_busy_fraction": min(1.0, max(0.0, (busy - steal - own) / (wall * cpus))),
            "steal_fraction": min(1.0, max(0.0, steal / (wall * cpus)))}
