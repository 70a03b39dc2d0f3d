"""What every tab of the admin window shares: the signed-in admin, the worker, load and reload.

A tab is loaded the first time it is shown (so the window opens fast) and again after each change
it makes or when the change feed reports that another PC changed the store. All reading and saving
runs on the window's :class:`Worker`; rows come back frozen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.ui import theme
from counter_app.ui.common import show_error
from counter_app.ui.qt import QtCore, QtWidgets, Signal
from counter_app.ui.worker import Worker


class AdminTab(QtWidgets.QWidget):
    """Base of a tab; subclasses set ``title`` and implement :meth:`fetch` and :meth:`show_data`.

    Signals: ``loaded()`` after each load is shown, ``changed()`` after the tab saved something.
    """

    title = ""
    loaded = Signal()
    changed = Signal()

    def __init__(self, worker: Worker, officer: Officer,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.officer = officer
        self.has_loaded = False
        self.last_message = ""

    def fetch(self) -> Any:
        """Runs on the worker: read what the tab shows."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Runs on the GUI thread: show what :meth:`fetch` returned."""
        raise NotImplementedError

    def load(self) -> None:
        """Read the tab's data in the background (one read at a time per tab)."""
        self.worker.submit(self.fetch, self._show, self.fail, key=f"load-{self.objectName()}")

    def _show(self, data: Any) -> None:
        self.show_data(data)
        self.has_loaded = True
        self.loaded.emit()

    def fail(self, error: DomainError) -> None:
        """Show a Vietnamese error; a long one (every bad row of an import) under "chi tiết"."""
        self.last_message = error.message
        first, _, rest = error.message.partition("\n")
        if not rest:
            show_error(self, error.message)
            return
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, "Không thực hiện được",
                                    first, parent=self)
        box.setObjectName("admin-error")
        box.setInformativeText(rest if rest.count("\n") < 8 else
                               "\n".join(rest.splitlines()[:8]) + "\n… (xem chi tiết)")
        box.setDetailedText(rest)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def run(self, job: Callable[[], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run a change on the worker; on success call ``done``, reload and emit ``changed``."""
        def ok(result: Any) -> None:
            if done is not None:
                done(result)
            self.changed.emit()
            self.load()

        self.worker.submit(job, ok, self.fail)

    def confirm(self, question: str, title: str = "Xác nhận") -> bool:
        """Ask a yes/no question; True for yes."""
        answer = QtWidgets.QMessageBox.question(self, title, question)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def inform(self, text: str, title: str = "Thông báo") -> None:
        """Show an information box (window-modal, without blocking the tab's callbacks)."""
        self.last_message = text
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, text,
                                    parent=self)
        box.setObjectName("admin-info")
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class RecordTab(AdminTab):
    """A tab listing records in ``self.panel`` and editing one in a dialog from :meth:`dialog`.

    The dialog opens window-modal without blocking (``self.form`` while it is open); accepting
    it reloads the tab.
    """

    panel: Any

    def __init__(self, worker: Worker, officer: Officer,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(worker, officer, parent)
        self.form: Any = None

    def dialog(self, item: Any) -> Any:
        """Return the :class:`FormDialog` for ``item`` (None: a new record)."""
        raise NotImplementedError

    def add(self) -> None:
        """Open the dialog for a new record."""
        self.open_form(self.dialog(None))

    def edit(self, item: Any) -> None:
        """Open the dialog of ``item``."""
        self.open_form(self.dialog(item))

    def edit_selected(self) -> None:
        """Edit the selected row."""
        item = self.panel.selected()
        if item is not None:
            self.edit(item)

    def open_form(self, form: Any) -> None:
        """Show ``form``; when it is accepted, tell the window and reload."""
        self.form = form

        def accepted() -> None:
            self.changed.emit()
            self.load()

        form.accepted.connect(accepted)
        form.finished.connect(lambda _r: setattr(self, "form", None))
        form.open()


def section_title(text: str) -> QtWidgets.QLabel:
    """A bold navy heading inside a tab."""
    return theme.label(text, 16, bold=True, color=theme.NAVY)
