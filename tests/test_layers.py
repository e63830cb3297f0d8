"""The package mirrors the stack: each layer imports only the layers below it (design.md §1)."""

import ast
from pathlib import Path

import pytest

import ironlaw

ROOT = Path(ironlaw.__file__).parent

# what each package may import from ironlaw (besides itself)
BASE = {"units", "errors", "derive"}
ALLOWED = {
    "laws": set(),
    "hardware": {"units", "errors", "laws"},
    "frameworks": BASE | {"laws", "hardware"},
    "models": BASE | {"laws", "hardware", "frameworks"},
    "data": BASE | {"laws", "hardware", "frameworks", "models"},
    "training": BASE | {"laws", "hardware", "frameworks", "models", "data"},
    "serving": BASE | {"laws", "hardware", "frameworks", "models", "data", "training"},
    "operations": BASE | {"laws", "hardware", "frameworks", "models", "data", "training",
                          "serving"},
    "applications": BASE | {"laws", "hardware", "frameworks", "models", "data", "training",
                            "serving", "operations"},
    "report": BASE,
    "measure": BASE | {"laws", "hardware", "frameworks", "models", "data", "training",
                       "serving", "operations", "report"},
    "explore": BASE | {"laws", "hardware", "frameworks", "models", "data", "training",
                       "serving", "operations", "report", "measure"},
}
# modules below every layer, importing nothing from the stack (only each other)
BOTTOM = {"units", "errors", "checks", "config", "provenance", "ranges", "dtypes"}
BASE_MODULES = {"units": {"errors", "config"}, "errors": set(), "checks": {"errors"},
                "config": set(), "ranges": {"checks", "units", "errors"},
                "derive": {"units", "errors", "laws"}, "dtypes": {"errors"}}


def ironlaw_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ironlaw" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_lower_layers(package):
    for path in (ROOT / package).rglob("*.py"):
        extra = ironlaw_imports(path) - ALLOWED[package] - BOTTOM - {package}
        assert not extra, f"{path.relative_to(ROOT)} imports {extra}"


@pytest.mark.parametrize("module", sorted(BASE_MODULES))
def test_base_modules_import_only_below(module):
    extra = ironlaw_imports(ROOT / f"{module}.py") - BASE_MODULES[module]
    assert not extra, f"{module}.py imports {extra}"
