"""Procedure picker: search the catalogue as the officer types, then show time, fees, documents.

The search (diacritics-insensitive, by name, national code such as 1.001193, or field) runs on
the panel's worker 250 ms after the last keystroke; results come back on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from counter_app.domain.catalogue import (
    CHANNEL_LABELS_VI,
    DOCUMENT_FORM_LABELS_VI,
    Channel,
    Procedure,
)
from counter_app.domain.errors import DomainError
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtWidgets, Signal
from counter_app.ui.reception_common import ErrorLine, section
from counter_app.ui.worker import Worker

DEBOUNCE_MS = 250


def procedure_title(p: Procedure) -> str:
    """Return ``1.001193 — Đăng ký khai sinh (variant)``."""
    variant = f" ({p.variant})" if p.variant else ""
    return f"{p.code or '—'} — {p.name}{variant}"


def procedure_details(p: Procedure) -> str:
    """Return the time, fees per channel and required documents as rich text."""
    fees = "; ".join(f"{CHANNEL_LABELS_VI[c]}: {p.fee_label_vi(c)}" for c in Channel)
    docs = "".join(f"<li>{d.name} — {DOCUMENT_FORM_LABELS_VI[d.form]}, {d.count:02d}</li>"
                   for d in p.documents)
    return (f"<b>Thời gian giải quyết:</b> {p.time.label_vi()}<br><b>Lệ phí:</b> {fees}"
            f"<br><b>Thành phần hồ sơ:</b><ol style='margin:0'>{docs}</ol>")


class ProcedurePicker(QtWidgets.QWidget):
    """Search box, result list and the chosen procedure's details; ``chosen(Procedure)``."""

    chosen = Signal(object)

    def __init__(self, search: Callable[[str, dt.date, int], list[Procedure]], worker: Worker,
                 today: Callable[[], dt.date]) -> None:
        """``search(text, day, limit)`` finds procedures (called on ``worker``)."""
        super().__init__()
        self._find, self._worker, self._today = search, worker, today
        self.procedure: Procedure | None = None
        self._found: list[Procedure] = []
        self._pending = ""
        box, layout = section("Thủ tục hành chính")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("procedure-search")
        self.search.setFont(theme.font(16))
        self.search.setPlaceholderText("Gõ tên, mã thủ tục (ví dụ 1.001193) hoặc lĩnh vực…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results = QtWidgets.QListWidget()
        self.results.setObjectName("procedure-results")
        self.results.setFont(theme.font(14))
        self.results.setMaximumHeight(150)
        layout.addWidget(self.results)
        self.details = QtWidgets.QLabel()
        self.details.setObjectName("procedure-details")
        self.details.setFont(theme.font(14))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.details)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self._timer = theme.timer(self, self._run_search, single=True)
        self.search.textEdited.connect(lambda _t: self._timer.start(DEBOUNCE_MS))
        self.results.currentRowChanged.connect(self._pick)

    def search_now(self, text: str | None = None) -> None:
        """Search at once (``text`` replaces the box's text)."""
        if text is not None:
            self.search.setText(text)
        self._timer.stop()
        self._run_search()

    def _run_search(self) -> None:
        text, day, find = self.search.text(), self._today(), self._find
        self._pending = text
        self._worker.submit(lambda: (text, find(text, day, 30)), self._show,
                            self._failed)

    def _show(self, result: tuple[str, list[Procedure]]) -> None:
        text, found = result
        if text != self._pending:
            return  # an older search answered after a newer one was sent
        self._found = found
        self.results.blockSignals(True)
        self.results.clear()
        for p in found:
            self.results.addItem(f"{procedure_title(p)} · {p.time.label_vi()}")
        self.results.blockSignals(False)
        if not found:
            self.results.addItem("Không tìm thấy thủ tục phù hợp.")
        elif len(found) == 1:
            self.results.setCurrentRow(0)

    def _failed(self, error: DomainError) -> None:
        self.error.show_text(error.message)

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self._found):
            self.choose(self._found[row])

    def choose(self, p: Procedure) -> None:
        """Make ``p`` the dossier's procedure."""
        self.procedure = p
        self.details.setText(f"<b>{procedure_title(p)}</b><br>{procedure_details(p)}")
        self.error.show_text("")
        self.chosen.emit(p)

    def clear(self) -> None:
        """Forget the choice and the search."""
        self.procedure = None
        self._found = []
        self.search.clear()
        self.results.clear()
        self.details.clear()
        self.error.show_text("")
