"""Edit dialogs of the admin window: fields with their Vietnamese error right beside them.

A tab builds a :class:`FormDialog`, adds its fields (text, number, choice, tick, several ticks,
time, password) and gives it a ``save`` callable. Local checks (``check``) run as the user types and
mark the field at once; "Lưu" runs ``save`` on the dialog's worker (never on the GUI thread). A
:class:`ValidationError` from the service puts each message under its own field, any other
:class:`DomainError` goes to the line above the buttons; the dialog closes only when saving worked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.text import nfc
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtWidgets
from counter_app.ui.worker import Worker

Values = dict[str, Any]
Check = Callable[[Values], Mapping[str, str]]


class MultiCheck(QtWidgets.QListWidget):
    """A list of ticks: several options chosen at once (services of a counter or officer)."""

    def __init__(self, options: Sequence[tuple[Any, str]], chosen: Sequence[Any]) -> None:
        super().__init__()
        for value, text in options:
            item = QtWidgets.QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value in chosen
                               else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(min(160, 26 * max(2, len(options)) + 6))

    def chosen(self) -> list[Any]:
        """The values ticked, in list order."""
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, values: Sequence[Any]) -> None:
        """Tick exactly ``values``."""
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in values else Qt.CheckState.Unchecked)


def read_widget(widget: QtWidgets.QWidget) -> Any:
    """Return the value a field widget holds (text NFC-normalised, None for an empty number)."""
    if isinstance(widget, QtWidgets.QLineEdit):
        return widget.text() if widget.echoMode() == QtWidgets.QLineEdit.EchoMode.Password \
            else nfc(widget.text())
    if isinstance(widget, QtWidgets.QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QtWidgets.QSpinBox):
        return None if widget.specialValueText() and widget.value() == widget.minimum() \
            else widget.value()
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.currentData()
    if isinstance(widget, QtWidgets.QCheckBox):
        return widget.isChecked()
    if isinstance(widget, MultiCheck):
        return widget.chosen()
    if isinstance(widget, QtWidgets.QTimeEdit):
        return dt.time(widget.time().hour(), widget.time().minute())
    if isinstance(widget, QtWidgets.QDateEdit):
        d = widget.date()
        return dt.date(d.year(), d.month(), d.day())
    raise TypeError(type(widget).__name__)


class FieldsMixin:
    """Fields with an error line each; the host widget provides ``form`` and ``general``."""

    form: QtWidgets.QFormLayout
    general: QtWidgets.QLabel

    def init_fields(self) -> None:
        """Start with no fields and no checks."""
        self.fields: dict[str, QtWidgets.QWidget] = {}
        self.errors: dict[str, QtWidgets.QLabel] = {}
        self._checks: list[Check] = []
        self._enables: list[tuple[tuple[str, ...], Callable[[Values], bool]]] = []

    # ------------------------------------------------------------------ fields
    def add(self, key: str, label: str, widget: QtWidgets.QWidget, hint: str = "") -> None:
        """Add ``widget`` as field ``key`` with its error line under it."""
        widget.setObjectName(f"field-{key}")
        box = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addWidget(widget)
        error = theme.label("", 12, color=theme.RED, wrap=True, name=f"error-{key}")
        error.hide()
        col.addWidget(error)
        if hint:
            col.addWidget(theme.label(hint, 11, color=theme.MUTED, wrap=True))
        self.form.addRow(label, box)
        self.fields[key] = widget
        self.errors[key] = error
        for signal_name in ("textChanged", "valueChanged", "currentIndexChanged", "toggled",
                            "itemChanged", "timeChanged"):
            signal = getattr(widget, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_a: self._live_check())
                break

    def add_text(self, key: str, label: str, value: str = "", *, placeholder: str = "",
                 hint: str = "", read_only: bool = False, max_length: int = 255) -> None:
        """Add a one-line text field."""
        edit = QtWidgets.QLineEdit(value)
        edit.setPlaceholderText(placeholder)
        edit.setReadOnly(read_only)
        edit.setMaxLength(max_length)
        self.add(key, label, edit, hint)

    def add_lines(self, key: str, label: str, value: str, hint: str = "") -> None:
        """Add a multi-line text field (one item per line)."""
        edit = QtWidgets.QPlainTextEdit(value)
        edit.setMinimumHeight(120)
        self.add(key, label, edit, hint)

    def add_password(self, key: str, label: str, hint: str = "") -> None:
        """Add a password field (never normalised or trimmed)."""
        edit = QtWidgets.QLineEdit()
        edit.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.add(key, label, edit, hint)

    def add_int(self, key: str, label: str, value: int | None, lo: int, hi: int, *,
                empty_text: str = "", hint: str = "") -> None:
        """Add a number field; with ``empty_text`` the lowest value means "none" (None)."""
        spin = QtWidgets.QSpinBox()
        spin.setRange(lo - 1 if empty_text else lo, hi)
        if empty_text:
            spin.setSpecialValueText(empty_text)
        spin.setValue(spin.minimum() if value is None else value)
        self.add(key, label, spin, hint)

    def add_choice(self, key: str, label: str, options: Sequence[tuple[Any, str]],
                   current: Any = None, hint: str = "") -> None:
        """Add a drop-down of ``(value, text)`` options."""
        combo = QtWidgets.QComboBox()
        for value, text in options:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        self.add(key, label, combo, hint)

    def add_check(self, key: str, label: str, value: bool, text: str = "", hint: str = "") -> None:
        """Add a tick box."""
        box = QtWidgets.QCheckBox(text)
        box.setChecked(value)
        self.add(key, label, box, hint)

    def add_multi(self, key: str, label: str, options: Sequence[tuple[Any, str]],
                  chosen: Sequence[Any], hint: str = "") -> None:
        """Add a list of ticks."""
        self.add(key, label, MultiCheck(options, chosen), hint)

    def add_time(self, key: str, label: str, value: dt.time, hint: str = "") -> None:
        """Add an HH:MM field."""
        edit = QtWidgets.QTimeEdit(QtCore.QTime(value.hour, value.minute))
        edit.setDisplayFormat("HH:mm")
        self.add(key, label, edit, hint)

    def add_date(self, key: str, label: str, value: dt.date, hint: str = "") -> None:
        """Add a dd/MM/yyyy date field with a calendar pop-up."""
        edit = QtWidgets.QDateEdit(QtCore.QDate(value.year, value.month, value.day))
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        self.add(key, label, edit, hint)

    def add_note(self, text: str) -> None:
        """Add an explanatory line across the form."""
        self.form.addRow(theme.label(text, 12, color=theme.MUTED, wrap=True))

    # ------------------------------------------------------------------ checking and saving
    def values(self) -> Values:
        """Every field's current value by key."""
        return {key: read_widget(widget) for key, widget in self.fields.items()}

    def set_value(self, key: str, value: Any) -> None:
        """Put ``value`` into field ``key`` (tests and dependent fields)."""
        widget = self.fields[key]
        if isinstance(widget, QtWidgets.QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QtWidgets.QSpinBox):
            widget.setValue(widget.minimum() if value is None else int(value))
        elif isinstance(widget, QtWidgets.QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QtWidgets.QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, MultiCheck):
            widget.set_chosen(list(value))
        elif isinstance(widget, QtWidgets.QTimeEdit):
            widget.setTime(QtCore.QTime(value.hour, value.minute))
        elif isinstance(widget, QtWidgets.QDateEdit):
            widget.setDate(QtCore.QDate(value.year, value.month, value.day))
        elif isinstance(widget, QtWidgets.QPlainTextEdit):
            widget.setPlainText(str(value))

    def on_check(self, check: Check) -> None:
        """Run ``check(values)`` as the user types; it returns ``{field: message}``."""
        self._checks.append(check)

    def enable_when(self, keys: Sequence[str], condition: Callable[[Values], bool]) -> None:
        """Enable fields ``keys`` only while ``condition(values)`` holds (checked as one types)."""
        self._enables.append((tuple(keys), condition))
        self._apply_enables(self.values())

    def _apply_enables(self, values: Values) -> None:
        for keys, condition in self._enables:
            on = condition(values)
            for key in keys:
                self.fields[key].setEnabled(on)

    def set_errors(self, errors: Mapping[str, str], general: str = "") -> None:
        """Show each message beside its field; messages for unknown keys go to the general line."""
        extra = [msg for key, msg in errors.items() if key not in self.errors]
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
        self.general.setText(" ".join([general, *extra]).strip())

    def local_errors(self) -> dict[str, str]:
        """What the local checks say about the current values."""
        values = self.values()
        found: dict[str, str] = {}
        for check in self._checks:
            for key, message in check(values).items():
                found.setdefault(key, message)
        return found

    def _live_check(self) -> None:
        self._apply_enables(self.values())
        self.set_errors(self.local_errors())



class FormDialog(FieldsMixin, QtWidgets.QDialog):
    """A titled form; ``result_value`` holds what ``save`` returned once accepted."""

    def __init__(self, title: str, parent: QtWidgets.QWidget | None = None, *,
                 intro: str = "", name: str = "form") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setMinimumWidth(560)
        self.init_fields()
        self.worker = Worker(self, threads=1, name=name)
        self.result_value: Any = None
        self._save: Callable[[Values], Any] | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label(title, 18, bold=True, color=theme.NAVY))
        if intro:
            layout.addWidget(theme.label(intro, 13, color=theme.MUTED, wrap=True))
        self.form = QtWidgets.QFormLayout()
        self.form.setVerticalSpacing(6)
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.general = theme.label("", 14, color=theme.RED, wrap=True, name="form-error")
        layout.addWidget(self.general)
        self.buttons = QtWidgets.QDialogButtonBox()
        self.ok = self.buttons.addButton("Lưu", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("form-save")
        self.buttons.addButton("Hủy", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def on_save(self, save: Callable[[Values], Any]) -> None:
        """``save(values)`` runs on the worker when "Lưu" is pressed."""
        self._save = save

    def submit(self) -> None:
        """Check locally, then save on the worker; stay open and show why when it fails."""
        errors = self.local_errors()
        if errors:
            self.set_errors(errors, "Vui lòng sửa các ô được đánh dấu.")
            return
        if self._save is None:
            self.accept()
            return
        values, save = self.values(), self._save
        self.ok.setEnabled(False)
        self.general.setText("Đang lưu…")
        self.worker.submit(lambda: save(values), self._saved, self._failed, key="save")

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.ok.setEnabled(True)
        self.general.setText("")
        self.accept()

    def _failed(self, error: DomainError) -> None:
        self.ok.setEnabled(True)
        if isinstance(error, ValidationError):
            self.set_errors(error.errors)
        else:
            self.set_errors({}, error.message)

    def done(self, result: int) -> None:
        """Close (after the pending save, if any, was delivered or dropped)."""
        self.worker.shutdown()
        super().done(result)



def required(*keys: str, message: str = "Không được để trống.") -> Check:
    """A check that the text fields ``keys`` are not empty."""
    def check(values: Values) -> dict[str, str]:
        return {k: message for k in keys if not str(values.get(k) or "").strip()}
    return check
