"""The reception panel ("Tiếp nhận hồ sơ") of the counter window.

The officer picks the procedure (search as you type), fills the applicant (or scans the chip
card's QR), ticks the documents, sets the channel and return place, checks the appointment and
presses "Tiếp nhận hồ sơ". The panel sends the same input object as the JSON file format to
:func:`counter_app.services.reception.receive_dossier` on its worker thread; invalid fields come
back with their own messages, nothing is saved until all is valid. After reception the receipt
PDF is built and rasterised on the worker and shown for printing or saving. When the counter is
serving a ticket, the dossier records it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.catalogue import Procedure
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.reception_draft import Appointment
from counter_app.domain.reference import Officer
from counter_app.services.documents import DocumentService
from counter_app.services.dossiers import DossierService
from counter_app.services.reception import ReceptionResult
from counter_app.ui import theme
from counter_app.ui.qt import QtGui, QtWidgets, Signal
from counter_app.ui.reception_applicant import ApplicantForm, SubmitterBox
from counter_app.ui.reception_common import ErrorLine
from counter_app.ui.reception_details import AppointmentBox, DetailsBox
from counter_app.ui.reception_documents import DocumentsChecklist
from counter_app.ui.reception_procedure import ProcedurePicker
from counter_app.ui.reception_receipt import PREVIEW_DPI, ReceiptDialog, pdf_pages
from counter_app.ui.worker import Worker


class ReceptionPanel(QtWidgets.QWidget):
    """Signals: ``received(ReceptionResult)``, ``rejected(dict)`` (field → message),
    ``receipt_ready(ReceiptDialog)``."""

    received = Signal(object)
    rejected = Signal(object)
    receipt_ready = Signal(object)

    def __init__(self, dossiers: DossierService, documents: DocumentService, officer: Officer,
                 counter_no: int | None = None, *,
                 ticket: Callable[[], Any] = lambda: None,
                 now: Callable[[], dt.datetime] | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.dossiers, self.documents_service = dossiers, documents
        self.officer, self.counter_no = officer, counter_no
        self._ticket = ticket
        tz = ZoneInfo(dossiers.settings.timezone)
        self._now = now or (lambda: dt.datetime.now(tz))
        self.worker = Worker(self, threads=1, name="reception")
        self.last_result: ReceptionResult | None = None
        self.receipt: ReceiptDialog | None = None
        self._build()
        self._clock = theme.timer(self, self._tick)
        self._clock.start(1000)
        self._tick()

    def _build(self) -> None:
        today = lambda: self._now().date()  # noqa: E731
        self.procedure = ProcedurePicker(self.dossiers.procedures, self.worker, today)
        self.applicant = ApplicantForm(today)
        self.submitter = SubmitterBox()
        self.documents = DocumentsChecklist()
        self.details = DetailsBox()
        self.appointment = AppointmentBox()
        body = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(body)
        for part in (self.procedure, self.applicant, self.submitter, self.documents,
                     self.details, self.appointment):
            column.addWidget(part)
        column.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        root = QtWidgets.QVBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.addWidget(scroll, 1)
        self.ticket_label = theme.label("", 14, color=theme.MUTED, name="ticket-link")
        root.addWidget(self.ticket_label)
        self.message = ErrorLine()
        self.message.setObjectName("reception-message")
        root.addWidget(self.message)
        buttons = QtWidgets.QHBoxLayout()
        self.clear_button = QtWidgets.QPushButton("Làm mới")
        self.receive_button = QtWidgets.QPushButton("Tiếp nhận hồ sơ")
        self.receive_button.setObjectName("receive")
        for b, bold in ((self.clear_button, False), (self.receive_button, True)):
            b.setFont(theme.font(17, bold=bold))
            b.setMinimumHeight(48)
        self.receive_button.setStyleSheet(f"QPushButton {{ background: {theme.GREEN};"
                                          " color: white; border-radius: 10px; padding: 4px 24px; }"
                                          " QPushButton:disabled { background: #9aa5b4; }")
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.receive_button)
        root.addLayout(buttons)
        self.procedure.chosen.connect(self._procedure_chosen)
        self.receive_button.clicked.connect(self.receive)
        self.clear_button.clicked.connect(self.clear)

    # ------------------------------------------------------------------ state
    def ticket_id(self) -> uuid.UUID | None:
        """The ticket the counter is serving now, if any."""
        current = self._ticket()
        return getattr(current, "id", None)

    def _tick(self) -> None:
        current = self._ticket()
        number = getattr(current, "display_number", "")
        self.ticket_label.setText(f"Hồ sơ sẽ gắn với phiếu số {number} đang phục vụ."
                                  if number else "Tiếp nhận không gắn với phiếu số thứ tự.")

    def _procedure_chosen(self, procedure: Procedure) -> None:
        self.documents.set_procedure(procedure)
        self.refresh_appointment()

    def refresh_appointment(self) -> None:
        """Recompute the appointment for the chosen procedure, received now (off the GUI thread)."""
        chosen = self.procedure.procedure
        if chosen is None:
            return
        dossiers, at, pid = self.dossiers, self._now(), chosen.id
        self.worker.submit(lambda: dossiers.appointment(pid, at),
                           self._show_appointment, lambda e: self.message.show_text(e.message),
                           key="appointment")

    def _show_appointment(self, appointment: Appointment) -> None:
        self.appointment.show_appointment(appointment)

    def input_data(self) -> dict[str, Any]:
        """Return the reception input (the JSON file format) from the widgets."""
        chosen = self.procedure.procedure
        data: dict[str, Any] = {
            "procedure": {"id": str(chosen.id)} if chosen else None,
            "applicant": self.applicant.value(),
            "submitter": self.submitter.value(),
            "documents": self.documents.value() if chosen else None,
            **self.details.value(),
        }
        change = self.appointment.value()
        if change is not None:
            data["appointment"] = change
        return data

    # ------------------------------------------------------------------ receive
    def receive(self) -> None:
        """Validate and store the dossier off the GUI thread; then build its receipt."""
        if self.worker.busy("receive"):
            return
        data, dossiers, officer, now = self.input_data(), self.dossiers, self.officer, self._now()
        counter, ticket = self.counter_no, self.ticket_id()
        self.receive_button.setEnabled(False)
        self.message.setStyleSheet(f"color: {theme.MUTED};")
        self.message.show_text("Đang tiếp nhận…")
        self.worker.submit(
            lambda: dossiers.receive(officer, data, counter_number=counter, ticket_id=ticket,
                                     now=now),
            self._received, self._rejected, key="receive")

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message next to its field."""
        self.procedure.error.show_text(errors.get("procedure", "")
                                       or errors.get("procedure.variant", ""))
        self.applicant.show_errors(errors)
        self.submitter.show_errors(errors)
        self.documents.show_errors(errors)
        self.details.show_errors(errors)
        self.appointment.show_errors(errors)

    def _rejected(self, error: DomainError) -> None:
        self.receive_button.setEnabled(True)
        self.message.setStyleSheet(f"color: {theme.RED};")
        if isinstance(error, ValidationError):
            self.show_errors(error.errors)
            self.message.show_text(f"Chưa tiếp nhận: {len(error.errors)} mục cần sửa "
                                   "(xem các dòng màu đỏ).")
            self.rejected.emit(error.errors)
        else:
            self.show_errors({})
            self.message.show_text(error.message)
            self.rejected.emit({"": error.message})

    def _received(self, result: ReceptionResult) -> None:
        self.last_result = result
        d = result.dossier
        self.receive_button.setEnabled(True)
        self.message.setStyleSheet(f"color: {theme.GREEN};")
        warn = "".join(f" Lưu ý: {w}" for w in result.warnings)
        self.message.show_text(f"Đã tiếp nhận hồ sơ {d.code} — mã tra cứu {d.lookup_token}; "
                               f"hẹn trả {result.appointment.label_vi()}.{warn}")
        self.show_errors({})
        self.received.emit(result)
        self.build_receipt(d.code)
        self.clear(keep_message=True)

    def build_receipt(self, code: str) -> None:
        """Render the receipt of ``code`` and its preview on the worker, then show it."""
        documents, officer = self.documents_service, self.officer

        def job() -> tuple[bytes, list[QtGui.QImage]]:
            _code, pdf = documents.receipt_pdf(officer, code)
            return pdf, pdf_pages(pdf, PREVIEW_DPI)

        self.worker.submit(job, lambda r: self._show_receipt(code, *r),
                           lambda e: self.message.show_text(e.message))

    def _show_receipt(self, code: str, pdf: bytes, previews: list[QtGui.QImage]) -> None:
        self.receipt = ReceiptDialog(code, pdf, previews, self.worker, self)
        self.receipt.show()
        self.receipt_ready.emit(self.receipt)

    def clear(self, *, keep_message: bool = False) -> None:
        """Empty the form for the next dossier."""
        for part in (self.procedure, self.applicant, self.submitter, self.documents,
                     self.details, self.appointment):
            part.clear()
        if not keep_message:
            self.message.show_text("")

    def closeEvent(self, event: Any) -> None:
        """Stop background work."""
        self._clock.stop()
        self.worker.shutdown()
        super().closeEvent(event)
