"""The documentation the command line generates or ships: the per-command reference in
docs/cli (current with the code), the JSON Schemas of the file formats (every shipped file
conforms, a broken one does not), the templates and the example sweep (they run), shell
completion and ``python -m ironlaw``."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from ironlaw.applications.scenario import SCENARIO_DIR
from ironlaw.applications.scenario import TEMPLATE as SCENARIO_TEMPLATE
from ironlaw.cli import docs
from ironlaw.cli.schema import Kind, json_schema
from ironlaw.hardware.catalog import CATALOG_DIR
from ironlaw.hardware.catalog import TEMPLATE as CATALOG_TEMPLATE

REPO = Path(__file__).resolve().parent.parent
DOCS_CLI = REPO / "docs" / "cli"
SWEEP_EXAMPLE = REPO / "docs" / "sweep.yaml"


def test_the_command_reference_is_current():
    pages = docs.pages()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS_CLI.glob("*.md")}
    stale = sorted(name for name in pages.keys() | on_disk.keys()
                   if pages.get(name) != on_disk.get(name))
    assert not stale, f"docs/cli is out of date ({', '.join(stale)}): run `make docs`"


def test_the_examples_page_is_current():
    page = (REPO / "docs" / "examples.md").read_text(encoding="utf-8")
    assert page == docs.examples_page(), "docs/examples.md is out of date: run `make docs`"


def test_every_command_has_a_page_with_its_options():
    pages = docs.pages()
    for command in ("analyze", "serve", "train", "sweep", "explore", "hw", "schema"):
        assert f"{command}.md" in pages
    assert "`-k, --kind" in pages["hw.md"] and "## `ironlaw hw validate`" in pages["hw.md"]
    assert "`--on <str>`" in pages["serve.md"]
    assert "(serve.md)" in pages[docs.INDEX]


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted((CATALOG_DIR / "devices").glob("*.yaml"))
                         + sorted((CATALOG_DIR / "nodes").glob("*.yaml")) + [CATALOG_TEMPLATE],
                         ids=lambda p: p.name)
def test_every_shipped_catalog_file_conforms_to_the_catalog_schema(path):
    data = json.loads(json.dumps(_yaml(path), default=str))  # YAML dates as the strings JSON has
    jsonschema.validate(data, json_schema(Kind.catalog))


@pytest.mark.parametrize("path", sorted(SCENARIO_DIR.glob("*.yaml")) + [SCENARIO_TEMPLATE],
                         ids=lambda p: p.name)
def test_every_shipped_scenario_conforms_to_the_scenario_schema(path):
    jsonschema.validate(_yaml(path), json_schema(Kind.scenario))


def test_the_example_sweep_conforms_to_the_sweep_schema():
    jsonschema.validate(_yaml(SWEEP_EXAMPLE), json_schema(Kind.sweep))


@pytest.mark.parametrize(("kind", "broken"), [
    (Kind.sweep, {"model": "llama-3-8b", "device": "h100", "btach": 8}),  # a misspelled key
    (Kind.sweep, {"device": "h100"}),  # no model
    (Kind.sweep, {"model": "llama-3-8b", "device": "h100", "method": "exact"}),
    (Kind.scenario, {"id": "x", "title": "x", "workload": {"task": "inference", "model": "m"},
                     "system": {"device": "h100"}, "requirements": []}),  # none to judge
    (Kind.catalog, {"devices": [{"id": "My GPU"}]}),  # not an ID, fields missing
])
def test_the_schemas_refuse_what_the_loaders_refuse(kind, broken):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema(kind))


def test_schema_writes_a_file_whole_and_names_it(cli, tmp_path):
    target = tmp_path / "sweep.schema.json"
    code, out, _ = cli("schema", "sweep", "--out", str(target))
    assert code == 0 and str(target) in out
    assert json.loads(target.read_text())["title"] == "ironlaw sweep file"
    code, _, err = cli("schema", "sweep", "--out", str(tmp_path / "no" / "x.json"))
    assert code == 2 and "--out" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("schema", "device-list")
    assert code == 2 and "catalog" in err


def test_hw_template_is_a_valid_catalog(cli, tmp_path):
    code, text, _ = cli("hw", "template")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("hw", "validate", str(path))
    assert code == 0, err
    assert "1 device(s), 1 node(s)" in out
    # The template's device is usable at once: the H100 SXM datasheet's 989.4 TFLOP/s dense
    # bf16 and 3.35 TB/s put the ridge at 989.4e12 / 3.35e12 = 295 FLOP/B.
    code, out, err = cli("hw", "show", "my-gpu", "--catalog", str(path), "-f", "json")
    assert code == 0, err
    assert "my-gpu" in out


def test_scenario_template_runs(cli, tmp_path):
    code, text, _ = cli("scenario", "template")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli("scenario", "run", str(path), "-f", "json")
    assert code in (0, 1), err  # a verdict either way, never an error
    metrics = {r["metric"] for r in json.loads(out)["requirements"]}
    assert metrics == {"ttft_p99_s", "tpot_s", "replicas"}


def test_the_example_sweep_runs_and_marks_what_does_not_fit(cli):
    code, out, err = cli("sweep", "--spec", str(SWEEP_EXAMPLE), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    # 2 models × 2 devices × 8 batch sizes (1..128 doubling) × 2 contexts = 64.
    assert data["configurations"] == 2 * 2 * 8 * 2
    # KV per token, both models (32 layers, 8 KV heads of 128, bf16): 2·32·8·128·2 B = 131,072 B.
    # The devices hold 81559 MiB (H100) and 81920 MiB (A100 80GB) as nvidia-smi reports them:
    # 85.5 and 85.9 GB. A configuration needs weights + KV cache + its largest live working
    # set (at decode the LM head's: batch · 2 · (hidden + vocabulary) B; the attention's K/V
    # read is the cache, counted once). Llama 3 8B (8,030,261,248 × 2 B = 16.06 GB of weights)
    # at context 8192: batch 64 needs 64·8192·131,072 B = 68.72 GB of KV + 64·2·(4096 +
    # 128,256) B = 16.9 MB: 84.80 GB < 85.5 GB, fits; batch 128 needs 137.4 GB of KV: one
    # batch × two devices: 2. Mistral 7B keeps a 4096-token window: batch 128 needs 14.5 +
    # 68.7 GB + 128·2·(4096 + 32,000) B = 9.2 MB = 83.2 GB < 85.5 GB: everything fits. 0.
    assert data["feasible"] == 64 - 2 - 0


def test_device_ids_complete_in_the_shell():
    env = {**os.environ, "_IRONLAW_COMPLETE": "complete_bash",
           "COMP_WORDS": "ironlaw analyze llama-3-8b --on h10", "COMP_CWORD": "4"}
    script = Path(sys.executable).with_name("ironlaw")  # the installed entry point
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert set(done.stdout.split()) == {"h100-sxm", "h100-pcie"}


def test_model_ids_complete_in_the_shell():
    """A model argument completes the built-in models' IDs: the three Llama 3.1 sizes."""
    env = {**os.environ, "_IRONLAW_COMPLETE": "complete_bash",
           "COMP_WORDS": "ironlaw serve llama-3.1", "COMP_CWORD": "2"}
    script = Path(sys.executable).with_name("ironlaw")  # the installed entry point
    done = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert set(done.stdout.split()) == {"llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b"}


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "ironlaw", "calc", "roofline", "--peak",
                           "989.4 TFLOP/s", "--bandwidth", "3.35 TB/s", "--intensity", "64",
                           "-f", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # 64 FLOP/B × 3.35 TB/s = 214.4 TFLOP/s, below the 989.4 peak: memory-bound.
    result = json.loads(done.stdout)["result"]
    assert result["attainable_flop_per_s"] == pytest.approx(214.4e12)
    assert result["bound"] == "memory-bound"
