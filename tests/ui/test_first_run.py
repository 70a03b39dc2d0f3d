"""`counter-app` on a fresh store: the choice between the demo and a new centre."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from counter_app.app import build_app
from counter_app.cli import gui_cmds
from counter_app.ui import first_run, launcher
from counter_app.ui.common import ensure_app
from counter_app.ui.first_run import DEMO, NEW, FirstRunDialog
from counter_app.ui.qt import Qt, QtWidgets


def test_the_dialog_returns_the_choice(qtbot: QtBot) -> None:
    ensure_app()
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    button = dialog.findChild(QtWidgets.QPushButton, "first-run-new")
    assert button is not None and "Thiết lập trung tâm mới" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.choice == NEW and not dialog.isVisible()


@pytest.mark.parametrize("choice", [NEW, DEMO])
def test_fresh_store_offers_the_demo_or_a_new_centre(choice: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = build_app(data_dir=str(tmp_path / "data"))
    seen: dict[str, Any] = {}
    monkeypatch.setattr(first_run, "ask_first_run", lambda: choice)
    monkeypatch.setattr(first_run, "run_setup", lambda app: seen.setdefault("setup", app) and 0)
    monkeypatch.setattr(launcher, "run", lambda *a: seen.setdefault("launcher", a) and 0)
    args = argparse.Namespace(data_dir=str(tmp_path / "data"), database_url=None, config=None)
    try:
        assert gui_cmds.run_launcher(args, ctx) == 0
        with ctx.store.uow() as uow:
            services = uow.reference.list_services(active_only=False)
            fields = uow.reference.list_fields()
        assert fields  # base data is there either way
        if choice == NEW:
            assert seen["setup"] is ctx and "launcher" not in seen
            assert services == [] and not ctx.admin.has_officers()  # nothing from the demo
        else:
            assert "setup" not in seen and len(services) == 4
            passwords = seen["launcher"][2]
            assert set(passwords) == {"canbo1", "canbo2", "giamsat", "quantri"}
    finally:
        ctx.close()
