"""Where ironlaw keeps its files, and the environment variables that move them: read only here.

    IRONLAW_CACHE_DIR      the cache folder; else $XDG_CACHE_HOME/ironlaw, else ~/.cache/ironlaw
    IRONLAW_HOST_PROFILE   this machine's measured profile; else <cache>/host.yaml
    IRONLAW_STORE          the results store (DuckDB); else <cache>/runs.duckdb
    IRONLAW_CATALOG        a catalog file of the user's own devices, added to the built-in one
                           whenever no catalog is named (``--catalog`` names one)

:func:`paths` reads the environment each time it is called, so a change (a test, a notebook)
takes effect at once; the paths built from one environment are cached.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_VARIABLES = ("IRONLAW_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "IRONLAW_HOST_PROFILE",
              "IRONLAW_STORE", "IRONLAW_CATALOG")


@dataclass(frozen=True)
class Paths:
    cache_root: Path  # ironlaw's per-user cache folder
    host_profile: Path  # written by `ironlaw measure host`: a catalog file with device "host"
    store: Path  # the results store
    user_catalog: Path | None  # the user's catalog file named by the environment


def paths() -> Paths:
    """ironlaw's paths under the current environment."""
    return _paths(*(os.environ.get(name) or None for name in _VARIABLES))


@lru_cache(maxsize=8)
def _paths(cache_dir, xdg_cache, _home, host_profile, store, user_catalog) -> Paths:
    root = (Path(cache_dir).expanduser() if cache_dir else
            Path(xdg_cache or Path.home() / ".cache") / "ironlaw")

    def given(value: str | None, default: Path | None) -> Path | None:
        return Path(value).expanduser() if value else default

    return Paths(root, given(host_profile, root / "host.yaml"), given(store, root / "runs.duckdb"),
                 given(user_catalog, None))

