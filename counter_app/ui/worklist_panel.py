"""The counter window's "Hồ sơ & trả kết quả" tab: worklists with counts, the scan field, the
dossier card with its steps and the return-of-results flow, and the counts badge of the header.

Lists: due today, due on the next working day, overdue, results ready to return, waiting for the
applicant; a row due within one working day is amber (draft the apology, Mẫu 04), an overdue one
red. The scan field takes what a USB scanner types from the receipt's QR code (ending with Enter)
or a typed code. All database work runs on the panel's worker; the counter window composes the
tab, the header badge and the second-screen rating window.
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle_commands import LifecycleAction
from counter_app.domain.reference import Officer, Role
from counter_app.services.dossier_desk import DossierCard, DossierDesk, ReturnDone
from counter_app.services.lifecycle import ActionResult
from counter_app.services.lifecycle_documents import FormKind
from counter_app.services.worklists import WORKLIST_LABELS_VI, Worklist, WorklistRow
from counter_app.ui import theme
from counter_app.ui.ledger_export import LedgerExportDialog
from counter_app.ui.qt import QtGui, QtWidgets, Signal
from counter_app.ui.reception_receipt import PREVIEW_DPI, pdf_pages
from counter_app.ui.scan_attach import InboxButton, ScanButton
from counter_app.ui.worker import Worker
from counter_app.ui.worklist_return import DossierCardView, FormDialog, StepDialog, build_command

REFRESH_MS = 60_000
COLUMNS = ("Mã hồ sơ", "Người nộp", "Thủ tục", "Hẹn trả", "Tình trạng")
SHORT = {Worklist.OVERDUE: "Quá hạn", Worklist.DUE_TODAY: "Hôm nay",
         Worklist.DUE_NEXT_DAY: "Ngày tới", Worklist.READY_TO_RETURN: "Chờ trả",
         Worklist.WAITING_APPLICANT: "Chờ bổ sung"}
ORDER = (Worklist.OVERDUE, Worklist.DUE_TODAY, Worklist.DUE_NEXT_DAY, Worklist.READY_TO_RETURN,
         Worklist.WAITING_APPLICANT)


class CountsBadge(theme.FitLabel):
    """The header's summary: "Quá hạn 2 · Hôm nay 3 · …" (red when anything is overdue)."""

    def __init__(self) -> None:
        super().__init__("", smallest=0.6)
        self.setObjectName("worklist-badge")
        self.setFont(theme.font(15, bold=True))
        self.show_counts({})

    def show_counts(self, counts: dict[Worklist, int]) -> None:
        """Show the counts."""
        self.setText("  ·  ".join(f"{SHORT[w]} {counts.get(w, 0)}" for w in ORDER))
        bg = theme.RED if counts.get(Worklist.OVERDUE) else "#1d4f9c"
        self.setStyleSheet(f"color: white; background: {bg}; border-radius: 10px;"
                           " padding: 4px 12px;")


class WorklistPanel(QtWidgets.QWidget):
    """Worklists, scan field, dossier card and return flow for one signed-in officer.

    Signals: ``counts_changed(dict)``, ``card_shown(DossierCard)``, ``acted(ActionResult)``,
    ``slip_ready(FormDialog)``, ``rating_offered(RatingTarget)`` after a result is returned.
    """

    counts_changed = Signal(object)
    card_shown = Signal(object)
    acted = Signal(object)
    slip_ready = Signal(object)
    rating_offered = Signal(object)

    def __init__(self, desk: DossierDesk, officer: Officer, counter_no: int | None,
                 parent: QtWidgets.QWidget | None = None, *, files: Any = None,
                 inbox: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklist-panel")
        self.desk, self.officer, self.counter_no = desk, officer, counter_no
        self.files = files  # digitised documents (scans), when the composition root has them
        self.inbox = inbox  # this PC's scanner folder, when configured
        self.tz = desk.tz
        self.worker = Worker(self, threads=1, name="worklists")
        self.current_list = Worklist.DUE_TODAY
        self.counts: dict[Worklist, int] = {}
        self.rows: list[WorklistRow] = []
        self.dialog: FormDialog | None = None
        self.ledger_dialog: LedgerExportDialog | None = None
        self.fields: tuple[str, ...] | None = None  # the counter's fields, once read
        self._build()
        self._timer = theme.timer(self, self.refresh)
        self._timer.start(REFRESH_MS)
        self.refresh()

    def _build(self) -> None:
        col = QtWidgets.QVBoxLayout(self)
        col.setContentsMargins(10, 10, 10, 10)
        scan_row = QtWidgets.QHBoxLayout()
        scan_row.addWidget(theme.label("Quét mã QR trên giấy hẹn hoặc nhập mã hồ sơ:", 15))
        self.scan_field = QtWidgets.QLineEdit()
        self.scan_field.setObjectName("counter-scan")
        self.scan_field.setFont(theme.font(17))
        self.scan_field.setMaxLength(600)
        self.scan_field.setPlaceholderText("H01.151.01-260715-0007")
        self.scan_field.returnPressed.connect(lambda: self.find_dossier())
        scan_row.addWidget(self.scan_field, 1)
        find = QtWidgets.QPushButton("Tìm")
        find.setFont(theme.font(15, bold=True))
        find.clicked.connect(lambda: self.find_dossier())
        scan_row.addWidget(find)
        self.scan_button: ScanButton | None = None
        if self.files is not None:
            self.scan_button = ScanButton(
                self.files, self.worker, self.officer,
                lambda: self.card.card.dossier if self.card.card else None,
                lambda text, error: self.say(text, error=error))
            scan_row.addWidget(self.scan_button)
        self.inbox_button: InboxButton | None = None
        if self.files is not None and self.inbox is not None:
            self.inbox_button = InboxButton(
                self.files, self.inbox, str(self.inbox.folder), self.worker, self.officer,
                lambda: self.card.card.dossier if self.card.card else None,
                lambda text, error: self.say(text, error=error))
            scan_row.addWidget(self.inbox_button)
        col.addLayout(scan_row)
        self.message = theme.label("", 15, bold=True, wrap=True, name="worklist-message")
        col.addWidget(self.message)
        self.card = DossierCardView()
        self.card.allow_backdate(self.officer.can(Role.SUPERVISOR))
        self.card.hide()
        self.card.step.connect(self.step)
        self.card.give_back.connect(self.give_back)
        self.card.invalid.connect(lambda m: self.say(m, error=True))
        self.card.print_sheet.connect(lambda: self.print_form(FormKind.CONTROL_SHEET))
        col.addWidget(self.card)
        tabs = QtWidgets.QGridLayout()  # three a row: the labels stay whole on a 1366 screen
        self.list_buttons: dict[Worklist, QtWidgets.QPushButton] = {}
        self.own_fields = QtWidgets.QCheckBox("Chỉ hồ sơ thuộc lĩnh vực của quầy")
        self.own_fields.setObjectName("own-fields")
        self.own_fields.setFont(theme.font(14))
        self.own_fields.setChecked(self.counter_no is not None)
        self.own_fields.setVisible(self.counter_no is not None)
        self.own_fields.toggled.connect(lambda _on: self.refresh())
        col.addWidget(self.own_fields)
        for w in ORDER:
            b = QtWidgets.QPushButton(WORKLIST_LABELS_VI[w])
            b.setObjectName(f"list-{w.value}")
            b.setCheckable(True)
            b.setFont(theme.font(14, bold=True))
            b.clicked.connect(lambda _=False, which=w: self.show_list(which))
            tabs.addWidget(b, len(self.list_buttons) // 3, len(self.list_buttons) % 3)
            self.list_buttons[w] = b
        if self.officer.can(Role.SUPERVISOR):  # the ledger is a report: supervisors, admins
            ledger = QtWidgets.QPushButton("Sổ theo dõi…")
            ledger.setObjectName("ledger-export")
            ledger.setFont(theme.font(14))
            ledger.clicked.connect(self.open_ledger_export)
            tabs.addWidget(ledger, len(self.list_buttons) // 3, len(self.list_buttons) % 3)
        col.addLayout(tabs)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("worklist-table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setFont(theme.font(14))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self._row_chosen)
        col.addWidget(self.table, 1)
        shortcut = QtGui.QShortcut(QtGui.QKeySequence("F10"), self)
        shortcut.activated.connect(self._return_key)

    # ---------------------------------------------------------------- lists
    def refresh(self) -> None:
        """Re-read the counts and the list shown."""
        which, counter, own = self.current_list, self.counter_no, self.own_fields.isChecked()

        def read() -> tuple[dict[Worklist, int], list[WorklistRow]]:
            if self.fields is None and counter is not None:
                self.fields = self.desk.counter_fields(counter)
            fields = self.fields if own and self.fields else None
            return self.desk.counts(fields), self.desk.rows(which, fields)

        self.worker.submit(read, self._show, lambda e: self.say(e.message, error=True),
                           key="refresh")

    def _show(self, result: tuple[dict[Worklist, int], list[WorklistRow]]) -> None:
        self.counts, self.rows = result
        for w, b in self.list_buttons.items():
            b.setText(f"{WORKLIST_LABELS_VI[w]} ({self.counts.get(w, 0)})")
            b.setChecked(w is self.current_list)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            extended = " (đã gia hạn)" if row.extended else ""
            cells = (row.code, row.applicant_name, row.procedure_name,
                     f"{row.appointment_at:%H:%M %d/%m/%Y}{extended}", row.status_label)
            tint = (QtGui.QColor(theme.RED_SOFT) if row.overdue
                    else QtGui.QColor(theme.AMBER_SOFT) if row.warn else None)
            for c, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if tint is not None:
                    item.setBackground(tint)
                if row.overdue and c == 3:
                    item.setForeground(QtGui.QColor(theme.RED))
                self.table.setItem(r, c, item)
        self.counts_changed.emit(self.counts)

    def show_list(self, which: Worklist) -> None:
        """Show another list."""
        self.current_list = which
        self.refresh()

    def _row_chosen(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.rows):
            self.scan_field.setText(self.rows[row].code)
            self.find_dossier()

    # ---------------------------------------------------------------- card
    def find_dossier(self, *, announce: bool = True) -> None:
        """Find the dossier scanned or typed into the scan field."""
        raw = self.scan_field.text()
        self.scan_field.clear()
        if raw.strip():
            self.worker.submit(lambda: self.desk.find(raw), lambda c: self._found(c, announce),
                               lambda e: self.say(e.message, error=True))

    def _found(self, card: DossierCard, announce: bool = True) -> None:
        self.card.show_card(card, self.tz)
        if announce:
            self.say(f"Hồ sơ {card.dossier.code}.")
        self.card_shown.emit(card)
        if LifecycleAction.RETURN in card.allowed:
            self.card.name_edit.setFocus()

    def say(self, text: str, *, error: bool = False) -> None:
        """A line under the scan field."""
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.RED if error else theme.GREEN};"
                                   " background: transparent;")

    def _code(self) -> str | None:
        return self.card.card.dossier.code if self.card.card else None

    def step(self, action: LifecycleAction) -> None:
        """Ask for a step's words, then apply it."""
        code = self._code()
        if code is None:
            return
        dialog = StepDialog(action, self, backdate=self.officer.can(Role.SUPERVISOR))
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        local = dialog.moment()
        at = local.replace(tzinfo=self.tz) if local is not None else None
        try:
            command = build_command(action, dialog.values())
        except DomainError as exc:
            self.say(exc.message, error=True)
            return
        officer, counter = self.officer, self.counter_no
        self.worker.submit(lambda: self.desk.act(officer, code, command, counter, at), self._acted,
                           lambda e: self.say(e.message, error=True))

    def _acted(self, result: ActionResult) -> None:
        text = f"{result.status_label}: hồ sơ {result.code}."
        self.say(" ".join([text, *result.warnings]), error=bool(result.warnings))
        self.acted.emit(result)
        self.scan_field.setText(result.code)
        self.find_dossier(announce=False)
        self.refresh()

    def _return_key(self) -> None:
        if self.card.isVisible() and self.card.return_box.isVisible():
            self.card.submit_return()

    def give_back(self, command: Any) -> None:
        """Return the result, then open the return slip for printing and signing."""
        code = self._code()
        if code is None or self.worker.busy("return"):
            return
        officer, counter = self.officer, self.counter_no
        local = self.card.return_moment()
        at = local.replace(tzinfo=self.tz) if local is not None else None
        self.card.return_button.setEnabled(False)

        def job() -> tuple[ReturnDone, list[QtGui.QImage]]:
            done = self.desk.give_back(officer, code, command, counter, at)
            return done, pdf_pages(done.slip_pdf, PREVIEW_DPI)

        self.worker.submit(job, self._given_back, self._return_failed, key="return")

    def _given_back(self, result: tuple[ReturnDone, list[QtGui.QImage]]) -> None:
        done, previews = result
        self.card.return_button.setEnabled(True)
        self._acted(done.result)
        self.dialog = FormDialog("Phiếu trả kết quả", done.result.code, done.slip_pdf, previews,
                                 self.worker, self)
        self.dialog.show()
        self.slip_ready.emit(self.dialog)
        if done.result.rating_target is not None:
            self.rating_offered.emit(done.result.rating_target)

    def _return_failed(self, error: DomainError) -> None:
        self.card.return_button.setEnabled(True)
        self.say(error.message, error=True)

    def print_form(self, kind: FormKind) -> None:
        """Open a form of the current dossier (e.g. the control sheet, Mẫu 06) for printing."""
        code, officer = self._code(), self.officer
        if code is None:
            return

        def job() -> tuple[bytes, list[QtGui.QImage]]:
            pdf = self.desk.form_pdf(officer, code, kind)
            return pdf, pdf_pages(pdf, PREVIEW_DPI)

        def show(result: tuple[bytes, list[QtGui.QImage]]) -> None:
            self.dialog = FormDialog("Phiếu kiểm soát", code, result[0], result[1], self.worker,
                                     self)
            self.dialog.show()

        self.worker.submit(job, show, lambda e: self.say(e.message, error=True))

    def open_ledger_export(self) -> LedgerExportDialog:
        """Open the ledger export dialog (Mẫu 07 to PDF or Excel, with a progress bar)."""
        today = self.desk.now().astimezone(self.tz).date()
        self.ledger_dialog = LedgerExportDialog(self.desk, self.officer, today, self)
        self.ledger_dialog.show()
        return self.ledger_dialog

    def shutdown(self) -> None:
        """Stop the timer and background work."""
        self._timer.stop()
        self.worker.shutdown()


__all__ = ["CountsBadge", "WorklistPanel"]
