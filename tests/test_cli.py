"""The `ironlaw` command: tables and JSON for each command, exit 2 with one line for user errors."""

import csv
import io
import json

import pytest

import ironlaw


def test_version_table_and_json(cli):
    code, out, _ = cli("version", "--format", "json")
    assert code == 0 and json.loads(out)["ironlaw"] == ironlaw.__version__
    code, out, _ = cli("version")
    assert code == 0 and "ironlaw" in out


def test_hw_list_table_json_csv_markdown(cli):
    code, out, _ = cli("hw", "list", "--kind", "gpu")
    assert code == 0 and "h100-sxm" in out and "3.35 TB/s" in out
    code, out, _ = cli("hw", "list", "--format", "json")
    devices = {d["id"]: d for d in json.loads(out)["rows"]}
    assert devices["h100-sxm"]["peak_flop_per_s"]["bf16"]["dense"] == pytest.approx(989.4e12)
    assert devices["h100-sxm"]["main_memory_bandwidth_bytes_per_s"] == pytest.approx(3.35e12)
    code, out, _ = cli("hw", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["id"] == "a100-80gb" for r in rows)
    code, out, _ = cli("hw", "list", "--kind", "node", "--format", "markdown")
    assert code == 0 and "| dgx-h100 |" in out


def test_hw_show_has_provenance(cli):
    code, out, _ = cli("hw", "show", "H100", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "h100-sxm"
    fields = {row["field"]: row for row in data["provenance"]}
    assert fields["memory.hbm.bandwidth"]["value"] == pytest.approx(3.35e12)
    assert fields["peak.bf16.dense"]["kind"] in ("datasheet", "derived")
    assert all(row["source"] and row["checked"] for row in data["provenance"])
    code, out, _ = cli("hw", "show", "dgx-h100")
    assert code == 0 and "DGX H100" in out


def test_hw_compare_shows_ridge_points(cli):
    code, out, _ = cli("hw", "compare", "h100-sxm", "a100-80gb", "--format", "json")
    data = {d["id"]: d for d in json.loads(out)["rows"]}
    # H100: 989.4 / 3.35 ≈ 295 FLOP/B; A100 80GB: 312 TFLOP/s / 2.039 TB/s ≈ 153 FLOP/B
    assert data["h100-sxm"]["ridge_flop_per_byte"]["bf16"] == pytest.approx(295.3, abs=0.5)
    assert data["a100-80gb"]["ridge_flop_per_byte"]["bf16"] == pytest.approx(153.0, abs=0.5)
    code, out, _ = cli("hw", "compare", "h100", "a100-80gb")
    assert code == 0 and "bf16 ridge point" in out and "295 FLOP/B" in out


def test_calc_formats(cli):
    args = ("calc", "roofline", "--peak", "989.4 TFLOP/s", "--bandwidth=3.35 TB/s",
            "--intensity", "100")
    code, out, _ = cli(*args)
    assert code == 0 and "P = min(989 TFLOP/s, 100 FLOP/B × 3.35 TB/s)" in out
    code, out, _ = cli(*args, "--format", "json")
    assert json.loads(out)["result"]["attainable_flop_per_s"] == pytest.approx(335e12)
    code, out, _ = cli(*args, "--format", "latex")
    assert out.startswith("\\begin{align*}")
    code, out, _ = cli(*args, "--format", "csv")
    assert "attainable_flop_per_s" in out.splitlines()[0]
    code, out, _ = cli("calc", "list")
    assert code == 0 and "mmc" in out and "iron-law" in out


def test_energy_table(cli):
    code, out, _ = cli("energy-table", "--format", "json")
    rows = json.loads(out)["rows"]
    assert code == 0 and any("Horowitz" in r["source"] for r in rows)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("hw", "show", "h1000"), "unknown device or node 'h1000'; did you mean"),
        (("hw", "compare", "h100", "nvidia-z9"), "unknown device 'nvidia-z9'"),
        (("calc", "roofline", "--peak", "989 TFLOP/z", "--bandwidth", "3 TB/s",
          "--intensity", "3"), "--peak"),
        (("calc", "roofline", "--peak", "989 TFLOP/s", "--bandwidth", "-3.35 TB/s",
          "--intensity", "3"), "--bandwidth: memory bandwidth must be greater than 0"),
        (("calc", "roofline", "--peak", "989 TFLOP/s", "--bandwidth", "80 GiB",
          "--intensity", "3"), "expected something like '3.35 TB/s'"),
        (("calc", "amdal", "--p", "0.9"), "did you mean 'amdahl'"),
        (("hw", "list", "--kind", "quantum"), "--kind: expected one of"),
    ],
)
def test_user_errors_exit_2_with_one_line(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == ""


USER_FILE = """
sources: {{s: {{kind: datasheet, title: My datasheet, checked: 2026-01-01}}}}
devices:
  - id: {ident}
    name: My NPU
    vendor: Me
    kind: npu
    release_year: {{value: 2025, source: {year_source}}}
    peak: {{int8: {{dense: {{value: {peak}, source: s}}}}}}
    memory: [{{level: dram, capacity: {{value: 8 GB, source: s}},
              bandwidth: {{value: {bandwidth}, source: s}}}}]
    power: {{tdp: {{value: 5 W, source: s}}}}
"""


def user_file(ident="my-npu", year_source="s", peak="26 TOPS", bandwidth="51 GB/s") -> str:
    return USER_FILE.format(ident=ident, year_source=year_source, peak=peak,
                            bandwidth=bandwidth)


BROKEN_FILES = {
    "not yaml": ("devices: [\n  - id: x\n    name: [unclosed", "not valid YAML at line"),
    "bad unit": (user_file(peak="26 TB/s"), "devices.0.peak.int8.dense.value"),
    "negative bandwidth": (user_file(bandwidth="-51 GB/s"), "must be positive"),
    "unknown source": (user_file(year_source="nope"), "unknown source 'nope'"),
    "duplicate id": (user_file(ident="h100-sxm"), "duplicate id 'h100-sxm'"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_broken_user_catalog_exits_2_naming_the_field(cli, tmp_path, case):
    text, needle = BROKEN_FILES[case]
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    code, out, err = cli("hw", "validate", str(path))
    assert code == 2, err
    assert needle in err and str(path) in err
    assert len(err.strip().splitlines()) == 1 and out == ""


def test_user_catalog_adds_a_device(cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(user_file())
    code, out, _ = cli("hw", "validate", str(path))
    assert code == 0 and "1 device(s)" in out
    code, out, _ = cli("hw", "show", "my-npu", "--catalog", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["peak_flop_per_s"]["int8"]["dense"] == 26e12


def test_host_without_a_measured_profile_says_how_to_get_one(cli):
    code, _, err = cli("hw", "show", "host")
    assert code == 2 and "ironlaw measure host" in err
