"""Small building blocks of the reception panel: labelled inputs with their own error line."""

from __future__ import annotations

from collections.abc import Mapping

from counter_app.ui import theme
from counter_app.ui.qt import QtWidgets

ERROR_STYLE = f"color: {theme.RED}; background: transparent;"
BAD_EDIT = f"border: 2px solid {theme.RED}; border-radius: 4px; background: {theme.RED_SOFT};"


def section(title: str) -> tuple[QtWidgets.QGroupBox, QtWidgets.QVBoxLayout]:
    """Return a titled group box and its vertical layout."""
    box = QtWidgets.QGroupBox(title)
    box.setFont(theme.font(15, bold=True))
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.setSpacing(4)
    return box, layout


class ErrorLine(QtWidgets.QLabel):
    """A red message under an input, hidden while empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setFont(theme.font(13))
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_text(self, text: str) -> None:
        """Show ``text`` (hide when empty)."""
        self.setText(text)
        self.setVisible(bool(text))


class FieldSet(QtWidgets.QWidget):
    """A grid of labelled inputs keyed by field name; each has an error line under it."""

    def __init__(self, fields: Mapping[str, str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.edits: dict[str, QtWidgets.QLineEdit] = {}
        self.errors: dict[str, ErrorLine] = {}
        for row, (key, caption) in enumerate(fields.items()):
            label = theme.label(caption, 14)
            edit = QtWidgets.QLineEdit()
            edit.setFont(theme.font(15))
            edit.setObjectName(key)
            error = ErrorLine()
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(error, row * 2 + 1, 1)
            self.edits[key], self.errors[key] = edit, error
        grid.setColumnStretch(1, 1)

    def values(self) -> dict[str, str]:
        """Return the text of every input."""
        return {k: e.text() for k, e in self.edits.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        """Fill the inputs named in ``values``."""
        for key, value in values.items():
            if key in self.edits:
                self.edits[key].setText(value)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each field's message (keys without prefix); clear the others."""
        for key, edit in self.edits.items():
            message = errors.get(key, "")
            self.errors[key].show_text(message)
            edit.setStyleSheet(BAD_EDIT if message else "")

    def clear(self) -> None:
        """Empty every input and error."""
        for edit in self.edits.values():
            edit.clear()
        self.show_errors({})


def sub_errors(errors: Mapping[str, str], prefix: str) -> dict[str, str]:
    """Return the messages under ``prefix.`` with the prefix removed."""
    start = prefix + "."
    return {k[len(start):]: v for k, v in errors.items() if k.startswith(start)}
