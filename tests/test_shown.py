"""Results in Python (issue 12 item 4): a one-line repr instead of a dataclass dump, a compact
Markdown summary for Jupyter, rich tables for a terminal, a DataFrame of the SI numbers."""

import io

import pytest
from rich.console import Console

import ironlaw
from ironlaw.table import Shown


@pytest.fixture(scope="module")
def served():
    return ironlaw.serve_llm("llama-3-8b", "h100", batch=8)


def test_repr_is_one_short_line_with_the_headline(served):
    text = repr(served)
    assert "\n" not in text and len(text) < 300
    assert text.startswith("<ServingResult: llama-3-8b on h100-sxm")
    assert "TTFT" in text and "fits" in text


def test_jupyter_gets_the_headline_table_and_what_else_there_is(served):
    markdown = served._repr_markdown_()
    assert markdown.startswith("**llama-3-8b on h100-sxm")
    assert "| quantity | value |" in markdown
    assert "`.rows()` 2 more table(s)" in markdown and "`.explain()`" in markdown
    assert len(markdown) < 2500  # compact, not every table


def test_a_terminal_gets_every_table(served):
    out = io.StringIO()
    Console(file=out, width=140).print(served)
    text = out.getvalue()
    for table in served.rows():
        assert table.title in text


def test_to_frame_holds_the_si_numbers(served):
    frame = served.to_frame()
    assert len(frame) == 1
    # TPOT in seconds, as to_dict() has it: a decode step of a few milliseconds on an H100
    assert frame["tpot_s"].iloc[0] == pytest.approx(served.to_dict()["tpot_s"])
    assert 1e-3 < frame["tpot_s"].iloc[0] < 0.1


def test_every_result_type_is_shown_alike():
    from ironlaw.applications.scenario import Verdict
    from ironlaw.frameworks.cost import Analysis
    from ironlaw.hardware.describe import Sheet
    from ironlaw.operations import Carbon, Cost, Energy, Reliability, Water
    from ironlaw.training import TrainingPlan

    for kind in (Analysis, TrainingPlan, ironlaw.ServingResult, Energy, Carbon, Water, Cost,
                 Reliability, Sheet, Verdict):
        assert issubclass(kind, Shown), kind
        assert kind.__repr__ is Shown.__repr__, f"{kind.__name__} needs repr=False"


def test_a_training_plan_in_a_notebook():
    plan = ironlaw.plan_training("gpt2", "h100")
    assert repr(plan).startswith("<TrainingPlan")
    assert "| quantity | value |" in plan._repr_markdown_()


def test_a_device_shows_itself_as_its_sheet():
    from ironlaw.hardware.describe import sheet
    from ironlaw.units import format as shown

    device = ironlaw.get_device("h100")
    bf16 = shown(device.peak["bf16"].dense.value, "flop_rate")
    assert bf16 == "989 TFLOP/s"
    text = repr(device)  # was pydantic's dump of every field, ~9,700 characters
    assert "\n" not in text and len(text) < 200 and str(device) == text
    assert text.startswith("<Device: NVIDIA H100 SXM5 80GB (h100-sxm); bf16 989 TFLOP/s")
    assert "3.35 TB/s" in text and "HBM" in text
    # Jupyter and rich print what `ironlaw hw show h100` prints: one mechanism, the sheet
    markdown = device._repr_markdown_()
    assert markdown.startswith("**NVIDIA H100 SXM5 80GB (h100-sxm)**")
    assert f"| peak.bf16.dense | {bf16} |" in markdown
    hw_show = sheet("h100", ironlaw.open_catalog())
    assert device.rows() == hw_show.rows() and device.to_dict() == hw_show.to_dict()
    out = io.StringIO()
    Console(file=out, width=200).print(device)
    assert "peak.bf16.dense" in out.getvalue() and bf16 in out.getvalue()
    assert "bf16 ridge point" in [line.label for line in device.explain().lines]
    frame = device.to_frame()  # one line per number, as `hw show --format csv`
    assert frame.loc[frame["field"] == "peak.bf16.dense", "value"].item() == pytest.approx(
        device.peak["bf16"].dense.value)


def test_a_node_sheet_names_its_accelerators_in_one_line():
    from ironlaw.hardware.describe import sheet

    text = repr(sheet("dgx-h100", ironlaw.open_catalog()))
    assert "\n" not in text and len(text) < 200
    assert "8 × h100-sxm" in text and "bf16" in text


@pytest.mark.parametrize("make", [
    lambda: ironlaw.analyze("llama-3-8b", "h100"),
    lambda: ironlaw.serve_llm("llama-3-8b", "h100", batch=8),
], ids=["analysis", "serving"])
def test_to_dataset_holds_the_records_of_to_frame(make):
    import numpy as np

    result = make()
    frame, ds = result.to_frame(), result.to_dataset()
    assert ds.sizes == {"row": len(frame)}
    # every column once: its numbers a variable, anything else (text, nothing) a coordinate
    assert set(ds.data_vars) | (set(ds.coords) - {"row"}) == set(frame.columns)
    assert not set(ds.data_vars) & set(ds.coords)
    assert len(ds.data_vars) > 10
    for name in ds.data_vars:
        np.testing.assert_array_equal(ds[name].values, frame[name].to_numpy(dtype=float),
                                      err_msg=name)
    assert ds["latency_s" if "latency_s" in ds else "tpot_s"].dtype == float
    assert ds["model"].values.tolist() == ["llama-3-8b"]
    # integers stay integers
    assert ds["batch"].dtype.kind == "i" and int(ds["batch"][0]) == frame["batch"].iloc[0]


def test_a_parameter_count_is_a_whole_number():
    import json

    from typer.testing import CliRunner

    from ironlaw.cli.main import app

    graph = ironlaw.build_model("gemma-2-2b")
    assert graph.params == 2_614_341_888 and isinstance(graph.params, int)  # was 2614341888.0
    text = repr(graph)  # was the dataclass dump of every op, ~17,600 characters
    assert "\n" not in text and len(text) < 200
    assert text.startswith("<Graph gemma-2-2b: 2.614×10⁹ parameters, 521 GFLOP per pass")
    assert "bf16 · prefill · batch 1 · seq 128" in text
    out = CliRunner().invoke(app, ["model", "show", "gemma-2-2b", "--format", "json"]).output
    shown = json.loads(out)
    assert '"params": 2614341888,' in out and shown["params"] == graph.params
    assert all(isinstance(layer["params"], int) for layer in shown["layers"])
    mixtral = ironlaw.build_model("mixtral-8x7b").summary()
    assert isinstance(mixtral["active_params"], int)
    assert mixtral["active_params"] < mixtral["params"]
    # over a sweep's configurations the count stays an array, and the repr shows the ranges
    import numpy as np

    swept = ironlaw.build_model("llama-3-8b", batch=np.array([1, 8]))
    assert swept.params == pytest.approx([8_030_261_248] * 2)
    assert repr(swept).startswith("<Graph llama-3-8b: 8.03×10⁹ parameters, 1.79 TFLOP–14.3 TFLOP")


def test_every_catalog_device_is_one_short_line():
    catalog = ironlaw.open_catalog()
    for device in catalog.devices.values():
        text = repr(device)
        assert "\n" not in text and len(text) < 200, text
        assert device.name in text and device.id in text
    # the JSON Schema of a catalog file still describes a device, not its Python display
    from ironlaw.cli.schema import Kind, json_schema

    described = json_schema(Kind.catalog)["$defs"]["Device"]["description"]
    assert described == "An accelerator, CPU, SoC or microcontroller."
