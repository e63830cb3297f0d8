"""Issue 13, hostile and careless input: refuse, never guess; never hang; never traceback.

Every input below was once misread with exit 0 or hung. Each is now either refused — exit 2,
one line on stderr naming the field and what was expected — or answered correctly.
"""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ironlaw import units
from ironlaw.laws.queueing import erlang_c
from ironlaw.units import UnitError, parse


def refused(result, *words):
    """``cli`` result (code, out, err): exit 2, one line on stderr containing ``words``."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)
    return err


# --- unit strings: one plain form ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "dim", "hint"),
    [
        ("$0,09/GB", "usd_per_byte", "decimal point"),  # once $0
        ("$2,50/h", "usd_per_time", "decimal point"),  # once $100/h
        ("2,5 GB/s", "bandwidth", "decimal point"),  # once 25 GB/s
        ("1,000 GB", "bytes", "ambiguous"),  # 1000 GB, or 1.000 GB with a decimal comma?
        ("1 500 GB", "bytes", "spaces"),  # once 500 GB (pint multiplied 1 × 500 GB)
        ("1 000 GB", "bytes", "spaces"),  # once 0 B
        ("TB/s", "bandwidth", "number is needed"),  # once 1 TB/s
        ("$/h", "usd_per_time", "number is needed"),
        ("2.5", "usd_per_time", "currency"),  # a plain number would be $2.5 per *second*
        ("9**9**9", "count", "exponents"),  # once a hang: pint evaluated it with Python ints
        ("9**9**9 GB", "bytes", "exponents"),
        ("2 GB ** 2 / GB", "bytes", "exponents"),
        ("2^10 B", "bytes", "exponents"),
        ("1/2 GB", "bytes", "arithmetic"),
        ("(2) GB", "bytes", "plain decimal"),
        ("1e999 GB", "bytes", "out of range"),
        ("nan", "time", "number is needed"),
        ("inf s", "time", "number is needed"),
        ("20 rad", "count", "no unit"),  # angles are dimensionless in pint, not counts
        ("9" * 200, "count", "at most"),
    ],
)
def test_careless_unit_strings_are_refused_with_a_hint_and_an_example(text, dim, hint):
    with pytest.raises(UnitError) as err:
        parse(text, dim)
    message = str(err.value)
    assert hint in message and "expected something like" in message, message


@pytest.mark.parametrize(
    ("text", "dim", "expected"),
    [
        ("20 rps", "rate", 20.0),  # requests per second, not revolutions (pint: 2π·20 rad/s)
        ("20 qps", "rate", 20.0),
        ("20 req/s", "rate", 20.0),
        ("20 requests/s", "rate", 20.0),
        ("1,000,000 GB", "bytes", 1e15),  # two thousands commas: no other reading
        ("1,234.5 GB", "bytes", 1234.5e9),  # a comma before the decimal point: thousands
        ("1_000 GB", "bytes", 1e12),
        ("$1,234", "usd", 1234.0),  # money: a comma before three digits is thousands
        ("$ 2.50 /h", "usd_per_time", 2.5 / 3600),
        ("0.09 USD/GB", "usd_per_byte", 0.09e-9),
        ("0.09 $/GB", "usd_per_byte", 0.09e-9),
        (".5 s", "time", 0.5),
        ("5. s", "time", 5.0),
        ("-3 s", "time", -3.0),  # the sign is the caller's to judge
        ("1.5e3 GB", "bytes", 1.5e12),
        ("50%", "count", 0.5),
        ("12 µs", "time", 12e-6),
        ("  3.35 TB/s  ", "bandwidth", 3.35e12),
    ],
)
def test_plain_forms_are_read(text, dim, expected):
    assert parse(text, dim) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 10**400])
def test_numbers_must_be_finite(value):
    with pytest.raises(UnitError, match="finite"):
        parse(value, "bandwidth")


# Independent scales: SI prefixes and the IEC binary ones (1 GiB = 2**30 B), 1 h = 3600 s.
SCALES = [("B", "bytes", 1.0), ("kB", "bytes", 1e3), ("GB", "bytes", 1e9),
          ("GiB", "bytes", 2.0**30), ("TB/s", "bandwidth", 1e12), ("ms", "time", 1e-3),
          ("h", "time", 3600.0), ("TFLOP/s", "flop_rate", 1e12), ("W", "power", 1.0),
          ("pJ", "energy", 1e-12), ("/s", "rate", 1.0), ("rps", "rate", 1.0)]
NUMBERS = st.floats(min_value=1e-9, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(NUMBERS, st.sampled_from(SCALES), st.sampled_from(["{:g}", "{!r}", "{:.6e}", "{:f}"]),
       st.sampled_from(["", " ", "  "]))
def test_any_plain_number_and_unit_reads_as_number_times_scale(x, scale, form, gap):
    unit, dim, factor = scale
    number = form.format(x)
    assert parse(f"{number}{gap}{unit}", dim) == pytest.approx(float(number) * factor, rel=1e-12)


@given(st.floats(min_value=1e-12, max_value=1e20, allow_nan=False),
       st.sampled_from(["bytes", "bandwidth", "time", "flop_rate", "power", "energy",
                        "usd", "usd_per_time", "usd_per_byte", "carbon_intensity", "mass"]))
def test_what_ironlaw_prints_it_reads_back(x, dim):
    assert math.isclose(parse(units.format(x, dim), dim), x, rel_tol=5e-3)


JUNK = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="0123456789.,_eE+-*/^() $%kMGTiBsbhFLOPWJµ", max_size=40),
)


@settings(deadline=None, max_examples=400)
@given(JUNK, st.sampled_from(sorted(units.DIMENSIONS)))
def test_junk_is_read_or_refused_never_a_traceback(text, dim):
    try:
        value = parse(text, dim)
    except UnitError:
        return
    assert math.isfinite(value)
    assert parse(f" {text.strip()} ", dim) == value  # an accepted string re-parses the same


# --- the same strings through the CLI: exit 2 naming the flag, or the right answer ---------------

@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["calc", "egress-cost", "--data", "1 TB", "--price", "$0,09/GB"], "--price"),
        (["calc", "transfer-time", "--data", "1 TB", "--bandwidth", "2,5 GB/s"], "--bandwidth"),
        (["calc", "transfer-time", "--data", "1 500 GB", "--bandwidth", "1 GB/s"], "--data"),
        (["calc", "transfer-time", "--data", "1 000 GB", "--bandwidth", "1 GB/s"], "--data"),
        (["calc", "roofline", "--peak", "1 TFLOP/s", "--bandwidth", "TB/s", "--intensity", "10"],
         "--bandwidth"),
        (["cost", "llama-3-8b", "--on", "h100", "--price-per-hour", "$2,50/h"],
         "--price-per-hour"),
    ],
)
def test_careless_unit_strings_exit_2_naming_the_flag(cli, args, flag):
    refused(cli(*args), flag, "expected something like")


def test_rps_is_requests_per_second(cli):
    import json

    code, out, _ = cli("calc", "littles-law", "--arrival-rate", "20 rps", "--time", "0.5 s",
                       "-f", "json")
    assert code == 0
    assert json.loads(out)["values"]["n"] == pytest.approx(10.0)  # N = λT = 20/s × 0.5 s


def _numeric_calc_fields():
    from ironlaw.derive import calcs

    return [(law.name, symbol.name) for law in calcs().values() for symbol in law.inputs
            if symbol.dim != "text"]


@pytest.mark.parametrize(("law", "field"), _numeric_calc_fields())
def test_an_exponent_tower_in_any_numeric_field_is_refused_at_once(cli, law, field):
    from ironlaw.derive import get_calc

    valid = {"positive": "1", "nonnegative": "1", "fraction": "0.5", "probability": "0.5",
             "share": "0.5", "integer": "2"}
    args = ["calc", law]
    for symbol in get_calc(law).inputs:
        if symbol.dim != "text":
            fine = (units.DIMENSIONS[symbol.dim].example if symbol.dim in units.MONEY
                    else valid[symbol.domain])  # a price needs its currency
            args += [f"--{symbol.name.replace('_', '-')}",
                     "9**9**9" if symbol.name == field else fine]
    refused(cli(*args), f"--{field.replace('_', '-')}", "exponents")


@pytest.mark.parametrize("flag", ["--rate", "--slo"])
def test_an_exponent_tower_given_to_serve_is_refused(cli, flag):
    refused(cli("serve", "resnet50", "--on", "h100", flag, "9**9**9"), flag)


# --- queueing: no input makes Erlang C loop over every server -----------------------------------

def test_erlang_c_matches_the_hand_value_for_two_servers():
    # C(2, 1): a^c/c!·c/(c−a) = 1/2·2 = 1; Σ_{k<2} a^k/k! = 2; C = 1/(2 + 1) = 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3, rel=1e-12)


@pytest.mark.parametrize(("servers", "load"), [(1001, 950.0), (5000, 4990.0), (20000, 19000.0)])
def test_erlang_c_for_many_servers_agrees_with_the_textbook_recursion(servers, load):
    b = 1.0  # Erlang B recursion, B_k = a·B_{k−1}/(k + a·B_{k−1}); C = c·B/(c − a(1 − B))
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    assert erlang_c(servers, load) == pytest.approx(servers * b / (servers - load * (1 - b)),
                                                    rel=1e-9)


def test_a_billion_servers_answer_at_once(cli):
    import json

    code, out, _ = cli("calc", "mmc", "--servers", "1e9", "--arrival-rate", "5e8 /s",
                       "--service-rate", "1 /s", "-f", "json")
    assert code == 0
    values = json.loads(out)["values"]
    # half loaded with a billion servers: nobody waits, response = 1/μ = 1 s
    assert values["rho"] == pytest.approx(0.5) and values["wait_s"] == pytest.approx(0.0)
    assert values["response_s"] == pytest.approx(1.0)


def test_a_trillion_requests_per_second_are_sized_at_once(cli):
    import json

    code, out, err = cli("serve", "resnet50", "--on", "h100", "--rate", "1e12 /s", "-f", "json")
    assert code == 0, err
    result = json.loads(out)
    # stability needs c > a = λ / μ replicas; square-root staffing, c ≈ a + β·√a with β of a
    # few, adds ~1e-4·a at a ≈ 2.6e8 — a thousandth is ample
    offered = 1e12 / result["throughput_per_s"]
    assert offered < result["replicas"] <= 1.001 * offered


# --- files: a regular file, bounded, UTF-8, or exit 2 naming it ---------------------------------

def _readers(path):
    """Every command that reads a user's file, given ``path``."""
    return {
        "catalog": ["hw", "validate", str(path)],
        "catalog option": ["hw", "list", "--catalog", str(path)],
        "scenario": ["scenario", "show", str(path)],
        "spec": ["sweep", "--spec", str(path)],
        "config": ["model", "show", "--config", str(path)],
    }


def _hostile_file(kind, folder, suffix):
    import os

    path = folder / f"input{suffix}"
    if kind == "fifo":
        os.mkfifo(path)  # once a hang: open() waits for a writer forever
    elif kind == "folder":
        path.mkdir()
    elif kind == "invalid utf-8":
        path.write_bytes(b"devices:\n  - id: caf\xe9\n")
    elif kind == "too large":
        with open(path, "wb") as f:  # sparse: 5 MiB of zeros without writing them
            f.truncate(5 * 2**20)
    return path


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "folder", "invalid utf-8", "too large"])
@pytest.mark.parametrize("reader", ["catalog", "catalog option", "scenario", "spec", "config"])
def test_a_file_that_is_not_a_small_regular_utf8_file_is_refused_naming_it(cli, tmp_path, kind,
                                                                          reader):
    suffix = ".json" if reader == "config" else ".yaml"
    path = _hostile_file(kind, tmp_path, suffix)
    expected = {"fifo": "regular file", "folder": "folder", "invalid utf-8": "UTF-8",
                "too large": "at most"}[kind]
    refused(cli(*_readers(path)[reader]), str(path), expected)


def test_dev_zero_as_a_catalog_is_refused(cli):
    refused(cli("hw", "validate", "/dev/zero"), "/dev/zero", "regular file")


def test_an_onnx_model_that_is_a_folder_is_refused(cli, tmp_path):
    refused(cli("model", "show", "--onnx", str(tmp_path)), str(tmp_path), "folder")


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ('{"model_type": "gpt2", "n_embd": NaN}', "n_embd", "finite"),
        ('{"model_type": "gpt2", "n_embd": Infinity}', "n_embd", "finite"),
        ('{"a": ' * 100 + "1" + "}" * 100, "a.a.a", "nests deeper"),
        ("[" * 100_000 + "]" * 100_000, "", "nests deeper"),
    ],
)
def test_json_configs_with_non_numbers_or_deep_nesting_are_refused(cli, tmp_path, text, field,
                                                                   expected):
    path = tmp_path / "config.json"
    path.write_text(text)
    refused(cli("model", "show", "--config", str(path)), str(path), field, expected)


def test_yaml_aliases_are_walked_once_not_expanded(tmp_path):
    from ironlaw.files import read_yaml

    # the "billion laughs": 9 levels of 9 aliases would expand to 9**9 strings
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    data = read_yaml(path, "test file")
    assert data["a0"] == ["lol"]
    # each level holds 9 references to the level below, down to the one "lol" list
    assert len(data["a9"]) == 9 and all(item is data["a8"] for item in data["a9"])


def test_a_nan_bandwidth_in_yaml_is_refused_naming_the_field(cli, tmp_path):
    path = tmp_path / "cat.yaml"
    path.write_text("devices:\n  - id: x\n    memory:\n      - {level: hbm, bandwidth: .nan}\n")
    refused(cli("hw", "validate", str(path)), str(path), "devices.0.memory.0.bandwidth", "finite")


# --- catalog values: range-checked on load and by `hw validate` ---------------------------------

CATALOG = """
sources: {sources}
devices:
  - id: my-npu
    name: My NPU
    vendor: Me
    kind: npu
    release_year: {{value: 2025, source: s}}
    peak: {{int8: {{dense: {{value: 26 TOPS, source: s}}}}}}
    memory: [{{level: dram, {capacity} bandwidth: {{value: {bandwidth}, source: s}}}}]
    power: {{tdp: {{value: 5 W, source: s}}}}
    efficiency:
      tile_m: {{value: 128, source: s}}
      tile_n: {{value: 128, source: s}}
      k_half: {{value: 64, source: s}}
      gemm_peak_fraction: {{value: {fraction}, source: s}}
      vector_peak_fraction: {{value: 0.5, source: s}}
      memory_fraction: {{value: 0.8, source: s}}
      eager_overhead: {{value: 5 us, source: s}}
      fused_overhead: {{value: 2 us, source: s}}
"""
GOOD = {"sources": "{s: {kind: datasheet, title: My datasheet, checked: 2026-01-01}}",
        "capacity": "capacity: {value: 8 GB, source: s},", "bandwidth": "51 GB/s",
        "fraction": "0.8"}


def catalog_file(folder, **changes):
    path = folder / "mine.yaml"
    path.write_text(CATALOG.format(**{**GOOD, **changes}))
    return path


def test_a_sound_user_catalog_validates(cli, tmp_path):
    code, out, err = cli("hw", "validate", str(catalog_file(tmp_path, fraction="80%")))
    assert code == 0, err


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"fraction": "50"}, "efficiency.gemm_peak_fraction.value", "fraction in (0, 1]"),
        ({"fraction": "1.01"}, "efficiency.gemm_peak_fraction.value", "fraction in (0, 1]"),
        ({"fraction": "0"}, "efficiency.gemm_peak_fraction.value", "positive"),
        ({"bandwidth": ".inf"}, "memory.0.bandwidth.value", "finite"),
        ({"bandwidth": "-.inf"}, "memory.0.bandwidth.value", "finite"),
        ({"bandwidth": ".nan"}, "memory.0.bandwidth", "finite"),
        ({"bandwidth": "0 GB/s"}, "memory.0.bandwidth.value", "positive"),
        ({"capacity": ""}, "memory.0.capacity", "required"),
        ({"sources": "[{kind: datasheet, title: My datasheet, checked: 2026-01-01}]"},
         "sources", "expected a mapping"),
    ],
)
@pytest.mark.parametrize("command", [["hw", "validate"], ["hw", "show", "my-npu", "--catalog"]])
def test_out_of_range_catalog_values_are_refused_naming_the_field(cli, tmp_path, changes, field,
                                                                  expected, command):
    path = catalog_file(tmp_path, **changes)
    refused(cli(*command, str(path)), str(path), field, expected)


@pytest.mark.parametrize(
    ("fraction", "field", "expected"),
    [
        ("{bf16: {value: 0.7, source: s}}", "efficiency.gemm_peak_fraction", "'other' entry"),
        ("{bf16: {value: 0.7, source: s}, other: {value: 1.5, source: s}}",
         "efficiency.gemm_peak_fraction.other.value", "fraction in (0, 1]"),
        ("{fp9: {value: 0.7, source: s}, other: {value: 0.5, source: s}}",
         "efficiency.gemm_peak_fraction.fp9", "'bf16'"),
    ],
)
def test_per_precision_gemm_fractions_are_checked_naming_the_entry(cli, tmp_path, fraction,
                                                                   field, expected):
    path = catalog_file(tmp_path)
    path.write_text(path.read_text().replace("gemm_peak_fraction: {value: 0.8, source: s}",
                                             f"gemm_peak_fraction: {fraction}"))
    refused(cli("hw", "validate", str(path)), str(path), field, expected)


def test_a_per_precision_gemm_fraction_validates(cli, tmp_path):
    path = catalog_file(tmp_path)
    path.write_text(path.read_text().replace(
        "gemm_peak_fraction: {value: 0.8, source: s}",
        "gemm_peak_fraction: {int8: {value: 0.6, source: s}, other: {value: 0.5, source: s}}"))
    code, out, err = cli("hw", "validate", str(path))
    assert code == 0, err


# --- scenario files: errors name the file and the YAML field ------------------------------------

def scenario_file(folder, workload, requirement='{metric: latency_s, max: "1 s"}'):
    path = folder / "mine.yaml"
    path.write_text(f"id: mine\ntitle: Mine\nsystem: {{device: h100}}\nworkload: {workload}\n"
                    f"requirements: [{requirement}]\n")
    return path


@pytest.mark.parametrize(
    ("workload", "requirement", "field", "expected"),
    [
        ('{task: llm-serving, model: llama-3-8b, arrival_rate: "4 kg"}', None,
         "workload.arrival_rate", "not a rate"),  # once: "'4 kg' is not a rate", naming nothing
        ('{task: llm-serving, model: llama-3-8b, arrival_rate: "-5 /s"}', None,
         "workload.arrival_rate", "above 0"),  # once: "--rate: ..."
        ('{task: llm-serving, model: llama-3-8b, arrival_rate: "20 rps", output: 1}', None,
         "workload.output", "from 2 to"),
        ('{task: inference, model: resnet50, duty_rate: "9**9**9"}', None,
         "workload.duty_rate", "exponents"),
        ("{task: inference, model: resnet50}", '{metric: latency_s, max: "4 kg"}',
         "requirements.0: latency_s max", "not a time"),
        ("{task: inference, model: resnet50}", '{metric: latency_s, max: "2,5 ms"}',
         "requirements.0: latency_s max", "decimal point"),
    ],
)
def test_scenario_errors_name_the_file_and_field(cli, tmp_path, workload, requirement, field,
                                                 expected):
    path = scenario_file(tmp_path, workload, *(() if requirement is None else (requirement,)))
    refused(cli("scenario", "run", str(path)), f"{path}: {field}", expected)


# --- fuzzing the file readers: any bytes are read or refused, never a traceback ------------------

YAMLISH = st.one_of(
    st.binary(max_size=400),
    st.text(alphabet="{}[]:,-&*!|>'\"\n #.0123456789abcdefinvalue", max_size=200).map(
        str.encode),
    st.builds(lambda key, value: f"devices:\n  - id: x\n    {key}: {value}\n".encode(),
              st.sampled_from(["memory", "peak", "power", "kind", "efficiency", "sources"]),
              st.sampled_from(["[]", "{}", "1", ".inf", "[1, 2]", "{a: b}", "null", "'3 TB/s'",
                               "[{level: hbm}]", "{bf16: 1}", "*a"])),
)


@settings(deadline=None, max_examples=150)
@given(YAMLISH, st.sampled_from(["catalog", "scenario", "config"]))
def test_any_bytes_in_a_user_file_are_read_or_refused(tmp_path_factory, data, reader):
    from ironlaw.applications.scenario import load as load_scenario
    from ironlaw.errors import UserError
    from ironlaw.hardware.catalog import load_file
    from ironlaw.models.transformer import load_config

    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("config.json" if reader == "config" else "mine.yaml")
    path.write_bytes(data)
    read = {"catalog": load_file, "scenario": load_scenario, "config": load_config}[reader]
    try:
        read(path)
    except UserError as exc:
        assert "\n" not in str(exc).strip(), str(exc)  # one line


@settings(deadline=None, max_examples=100,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # argv set each time
@given(JUNK.filter(lambda text: text.strip() and not text.startswith("-")))
def test_junk_in_a_numeric_option_exits_0_or_2_never_a_traceback(capsys, monkeypatch, text):
    import sys

    from ironlaw.cli.main import run

    monkeypatch.setattr(sys, "argv", ["ironlaw", "calc", "transfer-time", "--data", text,
                                      "--bandwidth", "1 GB/s"])
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    assert code == 0 or (len(err.strip().splitlines()) == 1 and "--data" in err), err


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        ("batch: [0, 1]", "batch", "from 1 to"),
        ('price: "$2,50/h"', "price", "decimal point"),  # once $100/h
        ('rate: "-5 /s"\nmethod: serving', "rate", "positive"),
        ('rate: "9**9**9"\nmethod: serving', "rate", "exponents"),
    ],
)
def test_sweep_spec_errors_name_the_file_and_key(cli, tmp_path, line, field, expected):
    path = tmp_path / "spec.yaml"
    path.write_text(f"model: [llama-3-8b]\ndevice: [h100]\n{line}\n")
    refused(cli("sweep", "--spec", str(path)), f"{path}: {field}:", expected)


def test_a_flag_that_overrides_the_spec_is_named_as_the_flag(cli, tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("model: [llama-3-8b]\ndevice: [h100]\nbatch: [1]\n")
    err = refused(cli("sweep", "--spec", str(path), "--batch", "0"), "--batch")
    assert str(path) not in err


def test_a_sweep_the_store_refuses_is_printed_and_saved_aside(cli, tmp_path, monkeypatch):
    import json

    from ironlaw.measure import store as store_module

    path = tmp_path / "runs.duckdb"
    path.write_text("not a database")  # damaged: the run cannot go in
    monkeypatch.setenv("IRONLAW_STORE", str(path))
    args = ("sweep", "--model", "llama-3-8b", "--device", "h100", "--batch", "1", "-f", "json")
    code, out, err = cli(*args, "--record")
    # the answer is printed all the same: the very answer the sweep gives unrecorded
    assert code == 0 and json.loads(out) == json.loads(cli(*args)[1])
    saved = next(tmp_path.glob("runs.duckdb.sweep-*.json"))
    assert str(saved) in err and "runs import" in err
    assert json.loads(saved.read_text())["format"] == store_module.SIDE_FILE_FORMAT


def test_a_list_where_one_device_goes_is_named_as_such(cli):
    """A command answering for one device (a waterfall of one device's op times, an analysis)
    says that a list was given, not 'unknown device'."""
    for args in (("plot", "waterfall", "llama-3-8b", "--on", "h100,a100", "--out", "w.svg"),
                 ("analyze", "resnet50", "--on", "h100, a100")):
        code, _, err = cli(*args)
        assert code == 2 and "expected one device, got a list" in err
        assert "hw compare" in err and len(err.strip().splitlines()) == 1


LONG = "a" * 3000  # past every file system's name limit (NAME_MAX 255 bytes)


@pytest.mark.parametrize("args", [
    ("model", "show", "--config", LONG),
    ("scenario", "run", LONG),
    ("explore", "--model", "resnet50", "--device", "h100", "--out", f"/tmp/{LONG}.html"),
])
def test_a_name_no_file_system_takes_is_refused_in_one_line(cli, args):
    # these raised OSError (ENAMETOOLONG) out of a path lookup: a traceback
    code, _, err = cli(*args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err
    assert "3,0" in lines[0] and "characters" in lines[0]  # the value, quoted by its length


@pytest.mark.parametrize(("args", "flag"), [
    (("measure", "host", "--quick", "--out", f"/tmp/{LONG}.yaml"), "--out"),
    (("analyze", "resnet50", "--on", "h100", "--plot", f"/tmp/{LONG}.png"), "--plot"),
    (("plot", "batch", "resnet50", "--on", "h100", "--out", f"/tmp/{LONG}.png"), "--out"),
])
def test_an_output_name_the_file_system_cannot_take_is_refused_before_any_work(
        cli, monkeypatch, args, flag):
    import ironlaw.measure.probe as probe

    def no_probe(*_, **__):
        raise AssertionError("probed before checking where the profile goes")

    monkeypatch.setattr(probe, "run_probes", no_probe)
    code, _, err = cli(*args)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {flag}: the name") and "255 bytes" in err
