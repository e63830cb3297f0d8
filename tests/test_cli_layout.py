"""The command table ``cli.main.COMMANDS``: a call builds only its command's module, so the
table must name, for every top-level command and group, the module that registers it."""

import typer
import typer.main

from ironlaw.cli import main


def _registered(modules: tuple[str, ...]) -> set[str]:
    return set(typer.main.get_command(main.build_app(modules)).commands) - {"version"}


def test_each_module_registers_exactly_the_commands_the_table_gives_it():
    for module in main.MODULES:
        assert _registered((module,)) == {c for c, m in main.COMMANDS.items() if m == module}


def test_the_table_covers_the_whole_command_tree():
    assert _registered(main.MODULES) == set(main.COMMANDS)
    assert set(typer.main.get_command(main.app).commands) == {*main.COMMANDS, "version"}


def test_a_call_builds_the_module_of_its_command_and_help_builds_all(monkeypatch):
    for key in [k for k in __import__("os").environ if k.endswith("_COMPLETE")]:
        monkeypatch.delenv(key)
    assert main.modules_for(["analyze", "resnet50", "--on", "h100"]) == ("model",)
    assert main.modules_for(["--binary", "calc", "roofline"]) == ("calc",)
    assert main.modules_for(["energy-table", "--help"]) == ("calc",)
    assert main.modules_for(["--help"]) == main.MODULES
    assert main.modules_for(["no-such-command"]) == main.MODULES  # click names the choices
    assert main.modules_for([]) == main.MODULES
    monkeypatch.setenv("_IRONLAW_COMPLETE", "bash_complete")  # completion sees every command
    assert main.modules_for(["analyze"]) == main.MODULES


def test_an_unknown_command_still_lists_what_exists(cli):
    code, out, err = cli("analyse", "resnet50")
    assert code == 2 and "Did you mean 'analyze'" in err
