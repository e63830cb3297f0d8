"""Where ironlaw keeps its files, and the environment variables that move them: read only here.

    IRONLAW_CACHE_DIR      the cache folder; else $XDG_CACHE_HOME/ironlaw, else ~/.cache/ironlaw
    IRONLAW_HOST_PROFILE   this machine's measured profile; else <cache>/host.yaml
    IRONLAW_STORE          the results store (DuckDB); else <cache>/runs.duckdb
    IRONLAW_CATALOG        a catalog file of the user's own devices, added to the built-in one
                           whenever no catalog is named (``--catalog`` names one)
    IRONLAW_MODELS         a folder of model configs: ORG/NAME/config.json or NAME.json
    HF_HUB_CACHE, HF_HOME  the local Hugging Face cache ($HF_HOME/hub; else
                           ~/.cache/huggingface/hub) where a model id's config.json is looked up

:func:`paths` reads the environment each time it is called, so a change (a test, a notebook)
takes effect at once; the paths built from one environment are cached.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_VARIABLES = ("IRONLAW_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "IRONLAW_HOST_PROFILE",
              "IRONLAW_STORE", "IRONLAW_CATALOG", "IRONLAW_MODELS", "HF_HUB_CACHE", "HF_HOME")


@dataclass(frozen=True)
class Paths:
    cache_root: Path  # ironlaw's per-user cache folder
    host_profile: Path  # written by `ironlaw measure host`: a catalog file with device "host"
    store: Path  # the results store
    user_catalog: Path | None  # the user's catalog file named by the environment
    models: Path | None  # the user's folder of model configs
    hf_hub: Path  # the Hugging Face hub cache (models--ORG--NAME/snapshots/REV/config.json)


def paths() -> Paths:
    """ironlaw's paths under the current environment."""
    return _paths(*(os.environ.get(name) or None for name in _VARIABLES))


@lru_cache(maxsize=8)
def _paths(cache_dir, xdg_cache, _home, host_profile, store, user_catalog, models, hf_hub,
           hf_home) -> Paths:
    root = (Path(cache_dir).expanduser() if cache_dir else
            Path(xdg_cache or Path.home() / ".cache") / "ironlaw")

    def given(value: str | None, default: Path | None) -> Path | None:
        return Path(value).expanduser() if value else default

    hub = (Path(hf_hub).expanduser() if hf_hub else
           Path(hf_home).expanduser() / "hub" if hf_home else
           Path.home() / ".cache" / "huggingface" / "hub")
    return Paths(root, given(host_profile, root / "host.yaml"), given(store, root / "runs.duckdb"),
                 given(user_catalog, None), given(models, None), hub)

