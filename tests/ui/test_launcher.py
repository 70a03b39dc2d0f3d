"""The launcher window offers one button per role and starts the chosen role."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_app.ui.launcher import ROLES, LauncherWindow
from counter_app.ui.qt import Qt, QtWidgets


def test_launcher_has_role_buttons_and_starts_role(qtbot: QtBot) -> None:
    started: list[str] = []
    window = LauncherWindow(started.append, "Trung tâm Phục vụ hành chính công phường Mẫu",
                            {"canbo1": "abc"})
    qtbot.addWidget(window)
    window.show()
    assert set(window.buttons) == {r for r, _, _ in ROLES} == {"kiosk", "counter", "display",
                                                                "admin"}
    assert "Kiosk" in window.buttons["kiosk"].text()
    note = window.findChild(QtWidgets.QLabel, "demo-passwords")
    assert note is not None and note.isVisible() and "canbo1: abc" in note.text()
    qtbot.mouseClick(window.buttons["display"], Qt.MouseButton.LeftButton)
    assert started == ["display"]


def test_roles_not_built_are_disabled_and_say_so(qtbot: QtBot) -> None:
    started: list[str] = []
    window = LauncherWindow(started.append, "Trung tâm", None, frozenset({"admin"}))
    qtbot.addWidget(window)
    assert window.findChild(QtWidgets.QLabel, "demo-passwords") is None  # no demo: no passwords
    assert not window.buttons["admin"].isEnabled()
    assert "chưa có" in window.buttons["admin"].text()
    assert window.buttons["kiosk"].isEnabled()
    qtbot.mouseClick(window.buttons["admin"], Qt.MouseButton.LeftButton)
    assert started == []
