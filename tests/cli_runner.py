"""The ``cli`` fixture's runner shared by the CLI tests: ``counter-app`` in this process on the
test's store, signed in through ``COUNTER_APP_PASSWORD``, returning (exit code, stdout, stderr)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from counter_app.cli.main import main
from tests.db_fixtures import DEMO_PASSWORDS

Run = Callable[..., tuple[int, str, str]]


def cli_runner(store_url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str], default_user: str) -> Run:
    """Return ``run(*argv, user=default_user)``."""
    def run(*argv: str, user: str = default_user) -> tuple[int, str, str]:
        monkeypatch.setenv("COUNTER_APP_PASSWORD", DEMO_PASSWORDS[user])
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "--database-url", store_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run
