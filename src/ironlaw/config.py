"""Where ironlaw keeps its files, and the environment variables that move them: read only here.

    IRONLAW_CACHE_DIR      the cache folder; else $XDG_CACHE_HOME/ironlaw, else ~/.cache/ironlaw
    IRONLAW_HOST_PROFILE   this machine's measured profile; else <cache>/host.yaml
    IRONLAW_STORE          the results store (DuckDB); else <cache>/runs.duckdb
    IRONLAW_CATALOG        a catalog file of the user's own devices, added to the built-in one
                           whenever no catalog is named (``--catalog`` names one)

Each is read when asked for, so a change of environment (a test, a notebook) takes effect at once.
"""

from __future__ import annotations

import os
from pathlib import Path


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def cache_root() -> Path:
    """ironlaw's per-user cache folder."""
    explicit = _env_path("IRONLAW_CACHE_DIR")
    if explicit is not None:
        return explicit
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ironlaw"


def host_profile_path() -> Path:
    """Where `ironlaw measure host` writes this machine's measured profile (a catalog file whose
    one device has the ID ``host``)."""
    return _env_path("IRONLAW_HOST_PROFILE") or cache_root() / "host.yaml"


def store_path() -> Path:
    """The results store."""
    return _env_path("IRONLAW_STORE") or cache_root() / "runs.duckdb"


def user_catalog_path() -> Path | None:
    """The user's catalog file named by the environment, or None."""
    return _env_path("IRONLAW_CATALOG")
