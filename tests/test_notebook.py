"""docs/lighthouse.ipynb runs from top to bottom in a real Jupyter kernel (issue 12 item 4), and
each answer shows as a compact table, not a dataclass dump."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "lighthouse.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in notebook.cells if c.cell_type == "code"), \
        "commit the notebook without outputs: the tests make them"
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path_factory
                                                                         .mktemp("nb"))}})
    client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def _shown(cell) -> str:
    out = []
    for output in cell.outputs:
        data = output.get("data", {})
        out.append(data.get("text/markdown") or data.get("text/plain") or output.get("text", ""))
    return "\n".join(out)


def test_every_cell_runs_and_answers_show_as_tables(executed):
    code = [c for c in executed.cells if c.cell_type == "code"]
    shown = {c.source.splitlines()[0].split(" = ")[0]: _shown(c) for c in code}
    for name, model in (("resnet", "resnet50"), ("gpt2", "gpt2-xl"), ("llama", "llama-3-8b"),
                        ("mobile", "mobilenetv2"), ("kws", "ds-cnn")):
        assert shown[name].startswith(f"**{model} on "), shown[name][:200]
        assert "| quantity | value |" in shown[name]
        assert "dataclass" not in shown[name] and len(shown[name]) < 4000
    assert "memory_bytes" in shown["dlrm"] and "fits" in shown["dlrm"]
    assert "| quantity | formula | substitution | result |" in shown["llama.explain()"]
    assert shown["plan"].startswith("**Training gpt2 on 1 × h100-sxm")


def test_the_lighthouse_set_is_the_one_the_notebook_walks():
    from ironlaw.models.lighthouse import profiles

    text = NOTEBOOK.read_text(encoding="utf-8")
    for profile in profiles():
        assert f'"{profile["model"]}"' in text or f'\\"{profile["model"]}\\"' in text
