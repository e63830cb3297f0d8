"""The README opens with the two commands, links nothing outside the repository, and its Python
example runs."""

import contextlib
import io
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_make_demo_and_make_test():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split("#")[0].strip() for line in first_block.splitlines()] == [
        "make demo", "make test"]


def test_readme_links_stay_inside_the_repository():
    for target in re.findall(r"\]\(([^)]+)\)", README):
        assert not target.startswith(("http:", "https:", "/", "..")), target
        assert (REPO / target.split("#")[0]).exists(), target


def test_readme_python_example_runs():
    code = re.search(r"\*\*From Python\*\*.*?```python\n(.*?)```", README, re.S).group(1)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own documentation
    assert "meets SLO" in out.getvalue() and "TTFT" in out.getvalue()
