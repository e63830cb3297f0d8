"""The first answer without pint or pydantic: the parsed-catalog cache and the table of plain
units.

The cache must be invisible except in time: a hit gives the same catalog as parsing the YAML
(and imports no pydantic), a changed file (built-in, host profile or the user's) is read again,
and a corrupt, tampered or unreadable entry is ignored and rebuilt. The unit table must agree
with pint on every entry. Timing is measured in benchmarks/run.py, never here.
"""

import math
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironlaw import units
from ironlaw.hardware import catalog as catalog_module
from ironlaw.hardware.catalog import CATALOG_DIR, load_file, load_files, open_catalog

MINE = """
sources:
  mine: {{kind: estimate, title: "my own guess", checked: 2026-11-28}}
devices:
  - id: my-npu
    name: My NPU
    vendor: Me
    kind: npu
    release_year: {{value: 2026, source: mine}}
    peak:
      int8: {{dense: {{value: "100 TOPS", source: mine}}}}
    memory:
      - level: dram
        capacity: {{value: "8 GB", source: mine}}
        bandwidth: {{value: "{bandwidth}", source: mine}}
    power: {{tdp: {{value: "10 W", source: mine}}}}
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("IRONLAW_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "catalog"


def mine(tmp_path, bandwidth="100 GB/s", name="mine.yaml"):
    path = tmp_path / name
    path.write_text(MINE.format(bandwidth=bandwidth))
    return path


def bandwidth_of(contents):
    return contents[0].devices[0].memory[0].bandwidth.value


def no_parsing(monkeypatch):
    """Make any read of the YAML fail, so only the cache can answer."""

    def refuse(path):
        raise AssertionError(f"{path} was parsed; the cache should have answered")

    monkeypatch.setattr(catalog_module, "load_file", refuse)


def test_a_hit_gives_what_parsing_gives_without_parsing(cache, tmp_path, monkeypatch):
    path = mine(tmp_path)
    first = load_files([path])  # a miss: parsed, then written
    assert bandwidth_of(first) == 100e9  # 100 GB/s, GB = 1e9 B
    assert len(list(cache.glob("*.pickle"))) == 1
    no_parsing(monkeypatch)
    assert load_files([path]) == first


def test_the_built_in_catalog_from_the_cache_equals_the_yaml(cache, monkeypatch):
    files = [*sorted(CATALOG_DIR.glob("devices/*.yaml")), CATALOG_DIR / "efficiency.yaml"]
    parsed = [load_file(path) for path in files]
    assert load_files(files) == parsed  # miss
    no_parsing(monkeypatch)
    cached = load_files(files)  # hit
    assert cached == parsed
    h100 = next(d for c in cached for d in c.devices if d.id == "h100-sxm")
    assert h100.peak["bf16"].dense.value == 989.4e12  # NVIDIA H100 SXM datasheet, dense BF16
    assert h100.power.tdp.value == 700.0  # H100 SXM datasheet: up to 700 W


def test_a_changed_file_is_read_again(cache, tmp_path):
    path = mine(tmp_path)
    assert bandwidth_of(load_files([path])) == 100e9
    mine(tmp_path, bandwidth="250 GB/s")  # same path, same size, new content
    assert bandwidth_of(load_files([path])) == 250e9
    assert len(list(cache.glob("*.pickle"))) == 1  # the entry was replaced, not added to


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"\xff\xfe", b"[]", b'{"key": 1}', "the first half",
])
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache, tmp_path, damage):
    path = mine(tmp_path)
    load_files([path])
    (entry,) = cache.glob("*.pickle")
    whole = entry.read_bytes()
    entry.write_bytes(whole[:len(whole) // 2] if damage == "the first half" else damage)
    assert bandwidth_of(load_files([path])) == 100e9
    assert entry.read_bytes() == whole  # rewritten whole


def test_a_tampered_entry_is_not_trusted(cache, tmp_path):
    """A hit is not validated again: its body must be the one written under this key (the
    header's SHA-256), so an edited value, or a body under another key, is rebuilt."""
    path = mine(tmp_path)
    load_files([path])
    (entry,) = cache.glob("*.pickle")
    head, _, body = entry.read_bytes().partition(b"\n")
    stored = struct.pack(">d", 100e9)  # the bandwidth as pickle stores a float (BINFLOAT)
    assert body.count(stored) == 1
    for value in (-1.0, 7.0):  # right key, an impossible value, then a plausible one
        entry.write_bytes(head + b"\n" + body.replace(stored, struct.pack(">d", value)))
        assert bandwidth_of(load_files([path])) == 100e9
    key, digest = head.split()
    entry.write_bytes(b"0" * 64 + b" " + digest + b"\n" + body)  # the body under another key
    assert bandwidth_of(load_files([path])) == 100e9
    assert entry.read_bytes().startswith(key + b" ")


def test_a_hit_imports_no_pydantic(cache):
    """The first answer of a command (the built-in catalog, a device) from the cache builds
    the catalog's dataclasses without pydantic; the miss before it validated with pydantic."""
    code = ("import sys; from ironlaw.hardware.catalog import builtin; builtin().device('h100');"
            " print('pydantic' in sys.modules)")
    src = Path(catalog_module.__file__).parents[2]  # the folder ironlaw is imported from
    env = {**os.environ, "PYTHONPATH": str(src)}  # the cache folder: the fixture's
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=env).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("IRONLAW_CACHE_DIR", str(blocker / "below"))
    assert bandwidth_of(load_files([mine(tmp_path)])) == 100e9


def test_no_partial_files_are_left_behind(cache, tmp_path):
    load_files([mine(tmp_path)])
    assert [p.name.endswith(".pickle") for p in cache.iterdir()] == [True]


def test_the_key_covers_the_user_catalog_and_the_host_profile(cache, tmp_path, monkeypatch):
    user, host = mine(tmp_path, name="user.yaml"), mine(tmp_path, name="host-like.yaml")
    monkeypatch.setenv("IRONLAW_CATALOG", str(user))
    key = catalog_module._fingerprint([host, user])
    mine(tmp_path, bandwidth="300 GB/s", name="user.yaml")
    assert catalog_module._fingerprint([host, user]) != key
    key = catalog_module._fingerprint([host, user])
    mine(tmp_path, bandwidth="300 GB/s", name="host-like.yaml")
    assert catalog_module._fingerprint([host, user]) != key
    assert catalog_module._fingerprint([user, host]) != catalog_module._fingerprint([host, user])


def test_open_catalog_sees_an_edited_user_file(cache, tmp_path, monkeypatch):
    path = mine(tmp_path)
    monkeypatch.setenv("IRONLAW_CATALOG", str(path))
    assert open_catalog().device("my-npu").memory[0].bandwidth.value == 100e9
    mine(tmp_path, bandwidth="2 TB/s")
    assert open_catalog().device("my-npu").memory[0].bandwidth.value == 2e12


def test_a_broken_user_file_still_names_itself(cache, tmp_path):
    from ironlaw.errors import UserError

    path = mine(tmp_path, bandwidth="-5 GB/s")
    with pytest.raises(UserError, match="mine.yaml"):
        load_files([path])
    with pytest.raises(UserError, match="cannot read catalog file"):
        load_files([tmp_path / "absent.yaml"])


# --- the table of plain units, read without pint ---------------------------------------------


@pytest.mark.parametrize(("unit", "dim"), sorted(units._PREFIXED_SCALES))
def test_every_table_entry_equals_pints_scale(unit, dim):
    assert units._PREFIXED_SCALES[unit, dim] == units._pint_scale(unit, dim)


def parse_with_pint_only(text, dim):
    """``units.parse`` with the table emptied (and the caches cleared before and after)."""
    table = units._PREFIXED_SCALES
    units._PREFIXED_SCALES = {}
    units._parse_text.cache_clear()
    units._unit_scale.cache_clear()
    try:
        return units.parse(text, dim)
    except units.UnitError as exc:
        return type(exc)
    finally:
        units._PREFIXED_SCALES = table
        units._parse_text.cache_clear()
        units._unit_scale.cache_clear()


def parse_or_error(text, dim):
    try:
        return units.parse(text, dim)
    except units.UnitError as exc:
        return type(exc)


def catalog_strings():
    import yaml

    found = set()

    def walk(node, dims):
        if isinstance(node, dict):
            if "value" in node and isinstance(node["value"], str):
                found.update((node["value"], dim) for dim in dims)
            for item in node.values():
                walk(item, dims)
        elif isinstance(node, list):
            for item in node:
                walk(item, dims)

    dims = ("flop_rate", "op_rate", "bandwidth", "bytes", "time", "power", "frequency", "mass",
            "usd", "count")
    for path in CATALOG_DIR.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text()), dims)
    return sorted(found)


def test_the_catalogs_strings_parse_alike_with_and_without_the_table():
    strings = catalog_strings()
    assert len(strings) > 100
    for text, dim in strings:
        assert parse_or_error(text, dim) == parse_with_pint_only(text, dim), (text, dim)


UNITS = sorted({unit for unit, _ in units._PREFIXED_SCALES}
               | {"TOPS", "GOPS", "Gbps", "kWh", "h", "%", "GB/h", "$/h", "Gbit/s"})
DIMS = sorted(units.DIMENSIONS)


@given(number=st.floats(min_value=1e-6, max_value=1e9, allow_nan=False),
       unit=st.sampled_from(UNITS), dim=st.sampled_from(DIMS), spaced=st.booleans())
def test_random_strings_parse_alike_with_and_without_the_table(number, unit, dim, spaced):
    text = f"{number!r}{' ' if spaced else ''}{unit}"
    fast, slow = parse_or_error(text, dim), parse_with_pint_only(text, dim)
    assert fast == slow or (isinstance(fast, float) and math.isnan(fast) and math.isnan(slow))


def test_an_entry_of_the_former_json_format_is_removed_when_its_pickle_is_written(cache,
                                                                                  tmp_path):
    path = mine(tmp_path)
    load_files([path])
    (entry,) = cache.glob("*.pickle")
    old = entry.with_suffix(".json")  # what earlier versions wrote under the same name
    old.write_text('{"key": "stale", "files": []}')
    entry.unlink()
    assert bandwidth_of(load_files([path])) == 100e9  # a miss: parsed and written again
    assert not old.exists() and entry.exists()
