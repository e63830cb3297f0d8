import sys

import pytest

from ironlaw.cli.main import run


@pytest.fixture(autouse=True)
def isolated_host_profile(tmp_path_factory, monkeypatch):
    """No test sees (or writes) the user's measured host profile or results store."""
    folder = tmp_path_factory.mktemp("host")
    monkeypatch.setenv("IRONLAW_HOST_PROFILE", str(folder / "host.yaml"))
    monkeypatch.setenv("IRONLAW_STORE", str(folder / "runs.duckdb"))


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``ironlaw ARGS...`` in-process through the real entry point; return (code, out, err)."""

    def invoke(*args: str):
        monkeypatch.setattr(sys, "argv", ["ironlaw", *args])
        code = 0
        try:
            run()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def cli_text(cli):
    """Like ``cli``, with stdout and stderr joined: ``(code, text)``."""

    def invoke(*args: str):
        code, out, err = cli(*args)
        return code, out + err

    return invoke
