"""Shared UI set-up: the QApplication with the bundled Vietnamese font, and message helpers."""

from __future__ import annotations

import sys

from counter_app.resources import FONT_SANS, FONT_SANS_BOLD, resource_path
from counter_app.ui.qt import QtGui, QtWidgets

APP_FONT_FAMILY = "Noto Sans"


def ensure_app() -> QtWidgets.QApplication:
    """Return the QApplication, creating it with the bundled font on first call."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1])
        app.setApplicationName("counter-app")
        app.setApplicationDisplayName("Phục vụ hành chính công")
    assert isinstance(app, QtWidgets.QApplication)
    for parts in (FONT_SANS, FONT_SANS_BOLD):
        QtGui.QFontDatabase.addApplicationFont(str(resource_path(*parts)))
    font = QtGui.QFont(APP_FONT_FAMILY, 11)
    app.setFont(font)
    return app


def show_error(parent: QtWidgets.QWidget | None, message: str) -> None:
    """Show a Vietnamese error message box."""
    QtWidgets.QMessageBox.warning(parent, "Không thực hiện được", message)
