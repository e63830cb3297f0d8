"""The package mirrors the stack (docs/architecture.md): each layer imports only the layers below
it, the bottom modules import only each other, and no module reaches itself round a circle."""

import ast
import re
from pathlib import Path

import pytest

import ironlaw

ROOT = Path(ironlaw.__file__).parent
ARCHITECTURE = ROOT.parent.parent / "docs" / "architecture.md"

# Top to bottom, as docs/architecture.md lists them. Each layer may import every layer below it;
# `report` prints results it is given, so it imports no stack layer: only the bottom, derive and
# the laws (the pure formulas derive evaluates; a plot draws the roof min(R, I·BW) with them).
LAYERS = ("cli", "examples", "explore", "measure", "report", "applications", "operations",
          "serving", "training", "data", "models", "frameworks", "hardware", "derive", "laws")
BOTTOM = {"errors", "config", "units", "checks", "ranges", "table", "dtypes", "provenance",
          "files", "uncertainty"}
ONLY = {"report": {"derive", "laws"}}  # narrower than "everything below"


def allowed(layer: str) -> set[str]:
    below = set(LAYERS[LAYERS.index(layer) + 1:])
    return ONLY.get(layer, below) | BOTTOM


def layer_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str) -> set[str]:
    """Every ironlaw module ``source`` imports, anywhere in it (lazy and TYPE_CHECKING included);
    ``from ironlaw import X`` counts as importing the module X comes from."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ironlaw.")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ironlaw"):
            for alias in node.names:
                if node.module == "ironlaw" and alias.name in ironlaw._LAZY:
                    found.add(ironlaw._LAZY[alias.name][0])
                else:
                    child = f"{node.module}.{alias.name}"
                    is_module = (ROOT.parent / child.replace(".", "/")).with_suffix(".py")
                    found.add(child if is_module.exists() or
                              (ROOT.parent / child.replace(".", "/")).is_dir() else node.module)
    return found - {"ironlaw"}


# The package's own __init__ (the lazy public API) and __main__ (`python -m ironlaw`, which runs
# the cli) are its entry points, above every layer.
SOURCES = sorted(p for p in ROOT.rglob("*.py")
                 if p.name not in ("__init__.py", "__main__.py") or p.parent != ROOT)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_below_it(path):
    layer = layer_of(path)
    source = path.read_text(encoding="utf-8")
    layers = {m.split(".")[1] for m in imported_modules(source)} - {layer}
    if layer in BOTTOM:
        extra = layers - BOTTOM
    else:
        assert layer in LAYERS, f"{layer} is in no layer: add it to LAYERS and the document"
        extra = layers - allowed(layer)
    assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}"


def test_no_import_circles():
    graph = {module_of(p): imported_modules(p.read_text(encoding="utf-8")) for p in SOURCES}
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            raise AssertionError("import circle: " + " → ".join(trail[trail.index(module):]
                                                                 + [module]))
        if module in done or module not in graph:
            return
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_public_api_is_seen_as_imports():
    source = "from ironlaw import analyze, units\nfrom ironlaw.measure import bench\n"
    assert imported_modules(source) == {"ironlaw.models.analysis", "ironlaw.units",
                                        "ironlaw.measure.bench"}


def test_the_architecture_document_lists_these_layers():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = re.search(r"<!-- layers -->\s*```text\n(.*?)```", text, re.S).group(1)
    lines = [line.split()[0] for line in block.splitlines() if line.strip()]
    assert tuple(lines[:-1]) == LAYERS
    bottom = set(block.splitlines()[-1].split(":", 1)[1].replace(",", " ").split())
    assert bottom == BOTTOM
