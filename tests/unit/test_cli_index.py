"""The CLI's command index (``cli/main.COMMANDS``, used to import only the command being run)
matches what the command modules register, and a bare ``--version`` or ``--help`` imports none
of them."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from counter_app.cli.main import COMMAND_MODULES, COMMANDS, build_parser, command_in


def _registered(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(module).register(sub)
    return set(sub.choices)


def test_index_lists_each_command_with_the_modules_that_register_it() -> None:
    by_module = {m: _registered(m) for m in COMMAND_MODULES}
    for name, (_help, modules) in COMMANDS.items():
        assert modules, name
        assert all(name in by_module[m] for m in modules), name
        assert list(modules) == [m for m in COMMAND_MODULES if m in modules], name
    for module, names in by_module.items():
        assert all(module in COMMANDS[n][1] for n in names), module


def test_index_help_is_the_modules_help() -> None:
    parser = build_parser("*")
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    first: dict[str, str] = {}
    for action in sub._choices_actions:
        first.setdefault(action.dest, action.help or "")
    assert first == {name: text for name, (text, _m) in COMMANDS.items()}


@pytest.mark.parametrize(("argv", "command"), [
    (["--data-dir", "D", "kiosk"], "kiosk"), (["--data-d", "D", "ticket", "issue"], "ticket"),
    (["--config=c.toml", "queue", "show"], "queue"), (["--version"], None), (["-h"], None),
    (["--database-url", "sqlite:///x", "--", "dossier"], "dossier"), ([], None),
])
def test_command_word(argv: list[str], command: str | None) -> None:
    assert command_in(argv) == command


def test_only_the_commands_modules_are_imported() -> None:
    probe = ("import sys, json\n"
             "from counter_app.cli.main import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith("
             "('counter_app.cli.', 'counter_app.app', 'sqlalchemy', 'PySide6', 'reportlab')))))")
    for argv, allowed in ((["--version"], set()), (["--help"], set()),
                          (["ticket", "--help"], {"counter_app.cli.queue_cmds"})):
        out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                             text=True, check=True).stdout.splitlines()[-1]
        loaded = {m for m in json.loads(out) if m.startswith("counter_app.cli.")
                  and m not in ("counter_app.cli.main", "counter_app.cli.common",
                                "counter_app.cli.failures")}  # the entry point's own parts
        assert loaded == allowed, argv
        if not allowed:
            assert not [m for m in json.loads(out) if not m.startswith("counter_app.cli.")]
