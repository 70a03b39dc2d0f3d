"""The "Sổ theo dõi hồ sơ" dialog: export the log book (Mẫu 07) of a period to PDF or Excel, with a
progress bar while a long book is written.

The export runs on the dialog's worker (query, rendering, file); the renderers report the lines
done, which reach the GUI thread through a queued signal and move the bar. Supervisors and admins
only (the service checks the role). The file is chosen with a save dialog (tests call
:meth:`LedgerExportDialog.export_to`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.services.dossier_desk import DossierDesk
from counter_app.ui import theme
from counter_app.ui.qt import QtCore, QtWidgets, Signal
from counter_app.ui.worker import Worker

FORMATS = {"PDF (.pdf)": ".pdf", "Excel (.xlsx)": ".xlsx"}


class _Progress(QtCore.QObject):
    """Lives on the GUI thread; the export emits on it from the worker thread (queued)."""

    moved = Signal(int, int)


class LedgerExportDialog(QtWidgets.QDialog):
    """Period, format, and a progress bar; ``exported(path, lines)`` when the file is written."""

    exported = Signal(object, int)

    def __init__(self, desk: DossierDesk, officer: Officer, today: dt.date,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Xuất Sổ theo dõi hồ sơ (Mẫu 07)")
        self.desk, self.officer = desk, officer
        self.worker = Worker(self, threads=1, name="ledger-export")
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        form = QtWidgets.QFormLayout(self)
        self.first = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, 1))
        self.last = QtWidgets.QDateEdit(QtCore.QDate(today.year, today.month, today.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setFont(theme.font(15))
        self.format = QtWidgets.QComboBox()
        self.format.addItems(list(FORMATS))
        self.format.setFont(theme.font(15))
        form.addRow(theme.label("Từ ngày:", 15), self.first)
        form.addRow(theme.label("Đến ngày:", 15), self.last)
        form.addRow(theme.label("Định dạng:", 15), self.format)
        self.bar = QtWidgets.QProgressBar()
        self.bar.setObjectName("ledger-progress")
        self.bar.setFormat("%v / %m dòng")
        self.bar.hide()
        form.addRow(self.bar)
        self.message = theme.label("", 14, wrap=True, name="ledger-message")
        form.addRow(self.message)
        self.button = QtWidgets.QPushButton("Chọn nơi lưu và xuất…")
        self.button.setFont(theme.font(15, bold=True))
        self.button.clicked.connect(self._choose)
        form.addRow(self.button)

    def _period(self) -> tuple[dt.date, dt.date]:
        first, last = self.first.date(), self.last.date()
        return (dt.date(first.year(), first.month(), first.day()),
                dt.date(last.year(), last.month(), last.day()))

    def _choose(self) -> None:
        first, last = self._period()
        suffix = FORMATS[self.format.currentText()]
        name = f"so-theo-doi-{first:%Y%m%d}-{last:%Y%m%d}{suffix}"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Lưu sổ theo dõi", name,
                                                        self.format.currentText())
        if path:
            target = Path(path)
            self.export_to(target if target.suffix else target.with_suffix(suffix))

    def export_to(self, path: Path) -> None:
        """Export the chosen period to ``path`` off the GUI thread."""
        first, last = self._period()
        if last < first:
            self._failed(DomainError("Ngày cuối không được trước ngày đầu."))
            return
        self.button.setEnabled(False)
        self.bar.setRange(0, 0)  # busy until the lines are known
        self.bar.show()
        self.message.setText("Đang đọc dữ liệu…")
        moved = self._progress.moved
        self.worker.submit(
            lambda: self.desk.export_ledger(self.officer, first, last, path, moved.emit),
            lambda lines: self._done(path, lines), self._failed)

    def _moved(self, done: int, total: int) -> None:
        if self.bar.maximum() != total:
            self.bar.setRange(0, total)
            self.message.setText(f"Đang ghi {total} dòng…")
        self.bar.setValue(done)

    def _done(self, path: Path, lines: int) -> None:
        self.button.setEnabled(True)
        self.bar.setRange(0, max(1, lines))
        self.bar.setValue(max(1, lines))
        self.message.setText(f"Đã xuất {lines} dòng vào {path.name}.")
        self.exported.emit(path, lines)

    def _failed(self, error: DomainError) -> None:
        self.button.setEnabled(True)
        self.bar.hide()
        self.message.setText(error.message)
