"""The typed public API: ``import ironlaw`` is cheap, every public name resolves, and type
checkers see what the lazy loader returns."""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import ironlaw

INIT = Path(ironlaw.__file__)


def test_py_typed_ships_with_the_package():
    assert (INIT.parent / "py.typed").is_file()


@pytest.mark.parametrize("name", [n for n in ironlaw.__all__ if n != "__version__"])
def test_every_public_name_resolves_and_is_annotated(name):
    value = getattr(ironlaw, name)
    if inspect.isclass(value):
        return
    signature = inspect.signature(value)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name} -> ?"
    if value.__module__.startswith("ironlaw.laws."):
        missing = [p for p, v in signature.parameters.items() if v.annotation is v.empty]
        assert not missing, f"{name}: parameters without a type: {missing}"


def test_type_checkers_see_exactly_what_the_lazy_loader_returns():
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If)
                   and ast.unparse(n.test) == "TYPE_CHECKING")
    seen = {alias.asname or alias.name: (node.module, alias.name)
            for node in guarded.body for alias in node.names}
    assert seen == ironlaw._LAZY
    assert set(ironlaw.__all__) == {"__version__", *seen}


def test_import_ironlaw_loads_no_heavy_module():
    code = ("import sys, ironlaw; heavy = {'numpy', 'pint', 'pydantic', 'rich', 'typer'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(INIT.parent.parent)})
    assert out.stdout.strip() == "[]"


def test_the_api_answers_a_question_end_to_end():
    # H100 SXM: 989.4 TFLOP/s dense bf16 and 3.35 TB/s (NVIDIA datasheet): ridge ≈ 295 FLOP/B
    h100 = ironlaw.get_device("h100")
    assert ironlaw.ridge_point(989.4e12, 3.35e12) == pytest.approx(295.3, rel=1e-3)
    assert h100.peak_rate("bf16") == pytest.approx(989.4e12)
    # Amdahl: p = 0.95, s = 100 -> 1/(0.05 + 0.0095) = 16.81
    assert ironlaw.amdahl(0.95, 100) == pytest.approx(16.807, rel=1e-4)


# Every call that runs something on a device takes it after the model, as on= (analyze's
# name) or as device= (the others' name): one keyword works everywhere.
ON_A_DEVICE = [
    ("analyze", ("resnet50",), {}),
    ("serve", ("llama-3-8b",), {}),
    ("serve", ("resnet50",), {"batch": 8}),
    ("serve_llm", ("llama-3-8b",), {}),
    ("serve_model", ("resnet50",), {}),
    ("train", ("gpt2",), {"micro_batch": 8}),
    ("plan_training", ("gpt2",), {}),
]


@pytest.mark.parametrize(("name", "args", "options"), ON_A_DEVICE,
                         ids=[f"{n}-{a[0]}" for n, a, _ in ON_A_DEVICE])
def test_the_device_is_on_or_device_or_positional_everywhere(name, args, options):
    from ironlaw.errors import ParameterError

    call = getattr(ironlaw, name)
    expected = call(*args, "h100", **options).to_dict()
    assert call(*args, on="h100", **options).to_dict() == expected
    assert call(*args, device="h100", **options).to_dict() == expected
    with pytest.raises(ParameterError, match="given twice"):
        call(*args, on="h100", device="a100", **options)
    with pytest.raises(TypeError, match="no device"):
        call(*args, **options)


def test_a_sweep_and_a_cost_take_on_too():
    swept = ironlaw.sweep("llama-3-8b", on=["h100", "a100"], batch=[1, 8])
    assert dict(swept.sizes) == {"device": 2, "batch": 2}
    assert swept.equals(ironlaw.sweep("llama-3-8b", ["h100", "a100"], batch=[1, 8]))
    owned = ironlaw.run_cost(36_000, 8, on="h100", capex_usd=30_000).to_dict()
    assert owned == ironlaw.run_cost(36_000, 8, device="h100", capex_usd=30_000).to_dict()
