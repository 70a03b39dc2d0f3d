"""The dossier card of the counter's "Hồ sơ & trả kết quả" tab: what was found by scanning the
receipt's QR (or typing the code), its state and on-time standing, the steps allowed now, and the
return-of-results form (who collects it — the applicant, or an authorised person with an ID
number and authorisation document —, fees collected, or the postal tracking number).

Steps that need a few words (transfer, supplement request, refusal…) ask for them in a small
dialog. After a return the slip (Phiếu trả kết quả) opens for printing and signing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from counter_app.domain.dossier import ReturnPlace
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle import TIMELINESS_LABELS_VI, Timeliness
from counter_app.domain.lifecycle_commands import (
    ACTION_LABELS_VI,
    Collector,
    CollectorKind,
    LifecycleAction,
    LifecycleCommand,
    Ready,
    Refuse,
    RequestSupplement,
    RequestWithdrawal,
    Resume,
    Return,
    Transfer,
)
from counter_app.services.dossier_desk import DossierCard
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtWidgets, Signal
from counter_app.ui.reception_receipt import ReceiptDialog

A = LifecycleAction
# Steps offered on the card: label and the fields their dialog asks for (key, caption, multi-line).
STEP_FIELDS: dict[LifecycleAction, list[tuple[str, str, bool]]] = {
    A.TRANSFER: [("body", "Cơ quan (bộ phận) giải quyết", False), ("receiver", "Người nhận", False)],
    A.REQUEST_SUPPLEMENT: [("items", "Nội dung cần bổ sung (mỗi dòng một nội dung)", True),
                           ("why", "Lý do", False), ("contact", "Người liên hệ, số điện thoại", False)],
    A.RESUME: [("note", "Đã nhận bổ sung (ghi chú)", False)],
    A.READY: [("result", "Kết quả giải quyết", False), ("handed_by", "Người giao kết quả", False)],
    A.REFUSE: [("reasons", "Lý do từ chối (mỗi dòng một lý do)", True)],
    A.REQUEST_WITHDRAWAL: [("why", "Lý do công dân rút hồ sơ", False)],
}
TIMELINESS_COLOURS = {Timeliness.LATE: theme.RED, Timeliness.EARLY: theme.GREEN,
                      Timeliness.ON_TIME: theme.GREEN, Timeliness.PENDING: theme.NAVY}


def build_command(action: LifecycleAction, v: dict[str, str]) -> LifecycleCommand:
    """Turn a step dialog's values into the command (the command validates them)."""
    lines = [x for x in v.get("items", v.get("reasons", "")).splitlines() if x.strip()]
    if action is A.TRANSFER:
        return Transfer(v["body"], v.get("receiver", ""))
    if action is A.REQUEST_SUPPLEMENT:
        name, _, phone = v.get("contact", "").partition(",")
        return RequestSupplement(tuple(lines), v["why"], name.strip(), phone.strip())
    if action is A.RESUME:
        return Resume(v.get("note", ""))
    if action is A.READY:
        return Ready(v.get("result", ""), v.get("handed_by", ""))
    if action is A.REFUSE:
        return Refuse(tuple(lines))
    return RequestWithdrawal(v.get("why", ""))


class StepDialog(QtWidgets.QDialog):
    """A few labelled inputs for one step."""

    def __init__(self, action: LifecycleAction, parent: QtWidgets.QWidget | None = None, *,
                 backdate: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(ACTION_LABELS_VI[action])
        form = QtWidgets.QFormLayout(self)
        self.inputs: dict[str, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit] = {}
        for key, caption, multi in STEP_FIELDS[action]:
            edit: QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit = (
                QtWidgets.QPlainTextEdit() if multi else QtWidgets.QLineEdit())
            edit.setObjectName(f"step-{key}")
            edit.setFont(theme.font(15))
            form.addRow(theme.label(caption, 14), edit)
            self.inputs[key] = edit
        self.backdate: QtWidgets.QCheckBox | None = None
        self.when = QtWidgets.QDateTimeEdit(QtCore.QDateTime.currentDateTime())
        if backdate:  # supervisors: enter a step done on paper (power cut), audited as such
            self.backdate = QtWidgets.QCheckBox("Nhập bù bước đã làm trên giấy, lúc:")
            self.backdate.setObjectName("step-backdate")
            self.when.setObjectName("step-at")
            self.when.setDisplayFormat("HH:mm dd/MM/yyyy")
            self.when.setCalendarPopup(True)
            self.when.setMaximumDateTime(QtCore.QDateTime.currentDateTime())
            self.when.setEnabled(False)
            self.backdate.toggled.connect(self.when.setEnabled)
            form.addRow(self.backdate, self.when)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def moment(self) -> dt.datetime | None:
        """The back-dated local time chosen (naive), or None for "now"."""
        if self.backdate is None or not self.backdate.isChecked():
            return None
        d, t = self.when.date(), self.when.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def values(self) -> dict[str, str]:
        """Every input's text."""
        return {k: (e.toPlainText() if isinstance(e, QtWidgets.QPlainTextEdit) else e.text())
                for k, e in self.inputs.items()}


class FormDialog(ReceiptDialog):
    """Preview, print or save one lifecycle form (the return slip, Mẫu 06 …)."""

    def __init__(self, title: str, code: str, pdf: bytes, previews: list[Any], worker: Any,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(code, pdf, previews, worker, parent)
        self.title = title
        self.setWindowTitle(f"{title} — {code}")
        self.print_button.setText(f"In {title[0].lower()}{title[1:]}")
        self.setObjectName("form-dialog")

    def save_dialog(self) -> None:
        """Ask where to save the PDF."""
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self, f"Lưu {self.title.lower()}",
                                                        f"{self.code}.pdf", "PDF (*.pdf)")
        if name:
            self.save_to(Path(name))


class DossierCardView(QtWidgets.QFrame):
    """The found dossier; ``step(action)`` when a step button is pressed, ``give_back(command)``
    when the return form is submitted, ``print_sheet()`` for the control sheet."""

    step = Signal(object)
    give_back = Signal(object)
    print_sheet = Signal()
    invalid = Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossier-card")
        self.setStyleSheet(f"#dossier-card {{ background: white; border: 2px solid {theme.BLUE};"
                           " border-radius: 12px; }")
        self.card: DossierCard | None = None
        col = QtWidgets.QVBoxLayout(self)
        col.setContentsMargins(14, 10, 14, 10)
        self.heading = theme.label("", 20, bold=True, color=theme.NAVY, name="card-heading",
                                   wrap=True)
        self.details = theme.label("", 15, wrap=True, name="card-details")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        col.addWidget(self.heading)
        col.addWidget(self.details)
        self.steps_row = QtWidgets.QGridLayout()  # three a row: whole labels on a 1366 screen
        self.step_buttons: dict[LifecycleAction, QtWidgets.QPushButton] = {}
        for i, action in enumerate(STEP_FIELDS):
            b = QtWidgets.QPushButton(ACTION_LABELS_VI[action])
            b.setObjectName(f"step-{action.value}")
            b.setFont(theme.font(14))
            b.clicked.connect(lambda _=False, a=action: self.step.emit(a))
            self.steps_row.addWidget(b, i // 3, i % 3)
            self.step_buttons[action] = b
        sheet = QtWidgets.QPushButton("In phiếu kiểm soát")
        sheet.setObjectName("print-sheet")
        sheet.setFont(theme.font(14))
        sheet.clicked.connect(self.print_sheet)
        self.steps_row.addWidget(sheet, len(STEP_FIELDS) // 3, len(STEP_FIELDS) % 3)
        col.addLayout(self.steps_row)
        col.addWidget(self._return_form())

    def _return_form(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Trả kết quả")
        box.setObjectName("return-form")
        box.setFont(theme.font(16, bold=True))
        form = QtWidgets.QFormLayout(box)
        self.form_rows: dict[str, tuple[QtWidgets.QLabel, QtWidgets.QWidget]] = {}
        kinds = QtWidgets.QHBoxLayout()
        self.applicant_radio = QtWidgets.QRadioButton("Người nộp hồ sơ")
        self.authorised_radio = QtWidgets.QRadioButton("Người được ủy quyền")
        self.post_radio = QtWidgets.QRadioButton("Gửi qua bưu chính")
        for r, name in ((self.applicant_radio, "collector-applicant"),
                        (self.authorised_radio, "collector-authorised"),
                        (self.post_radio, "collector-post")):
            r.setObjectName(name)
            r.setFont(theme.font(15))
            r.toggled.connect(self._kind_changed)
            kinds.addWidget(r)
        self.applicant_radio.setChecked(True)
        form.addRow(theme.label("Người nhận", 14), kinds)
        self.name_edit, self.id_edit, self.doc_edit, self.tracking_edit = (
            QtWidgets.QLineEdit() for _ in range(4))
        self.fees = QtWidgets.QSpinBox()
        self.fees.setRange(0, 100_000_000)
        self.fees.setSingleStep(1000)
        self.fees.setSuffix(" đ")
        self.fees.setGroupSeparatorShown(True)
        self.fees.setLocale(QtCore.QLocale(QtCore.QLocale.Language.Vietnamese,
                                           QtCore.QLocale.Country.Vietnam))
        rows = ((self.name_edit, "collector-name", "Họ tên người nhận"),
                (self.id_edit, "collector-id", "Số định danh cá nhân"),
                (self.doc_edit, "authorisation", "Văn bản ủy quyền"),
                (self.tracking_edit, "postal-tracking", "Mã vận đơn bưu chính"),
                (self.fees, "fees", "Phí, lệ phí đã thu"))
        for widget, name, caption in rows:
            widget.setObjectName(name)
            widget.setFont(theme.font(15))
            label = theme.label(caption, 14)
            form.addRow(label, widget)
            self.form_rows[name] = (label, widget)
        # supervisors only (see allow_backdate): a return handed over on paper, entered afterwards
        self.return_backdate = QtWidgets.QCheckBox("Nhập bù, đã trả lúc:")
        self.return_backdate.setObjectName("return-backdate")
        self.return_when = QtWidgets.QDateTimeEdit(QtCore.QDateTime.currentDateTime())
        self.return_when.setObjectName("return-at")
        self.return_when.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.return_when.setEnabled(False)
        self.return_backdate.toggled.connect(self.return_when.setEnabled)
        form.addRow(self.return_backdate, self.return_when)
        for w in (self.return_backdate, self.return_when):
            w.setVisible(False)
        self.return_button = QtWidgets.QPushButton("Trả kết quả và in phiếu (F10)")
        self.return_button.setObjectName("give-back")
        self.return_button.setFont(theme.font(16, bold=True))
        self.return_button.setMinimumHeight(44)
        self.return_button.setStyleSheet(f"QPushButton {{ background: {theme.GREEN}; color: white;"
                                         " border-radius: 8px; }")
        self.return_button.clicked.connect(self.submit_return)
        form.addRow(self.return_button)
        self.return_box = box
        self._kind_changed()
        return box

    def allow_backdate(self, allowed: bool) -> None:
        """Show the "Nhập bù" time of the return (supervisors)."""
        self.backdate_allowed = allowed
        for w in (self.return_backdate, self.return_when):
            w.setVisible(allowed)
        if not allowed:
            self.return_backdate.setChecked(False)

    def return_moment(self) -> dt.datetime | None:
        """The back-dated local time of the return (naive), or None for "now"."""
        if not getattr(self, "backdate_allowed", False) or not self.return_backdate.isChecked():
            return None
        d, t = self.return_when.date(), self.return_when.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())

    def _kind_changed(self) -> None:
        post = self.post_radio.isChecked()
        authorised = self.authorised_radio.isChecked()
        for name, visible in (("collector-name", not post), ("collector-id", not post),
                              ("authorisation", authorised), ("postal-tracking", post)):
            for w in self.form_rows.get(name, ()):
                w.setVisible(visible)

    def show_card(self, card: DossierCard, tz: Any) -> None:
        """Show a found dossier and the steps it allows."""
        self.card = card
        d, s = card.dossier, card.state
        self.heading.setText(f"{d.code} — {d.applicant_name}")

        def when(m: dt.datetime) -> str:
            return m.astimezone(tz).strftime("%H:%M %d/%m/%Y")

        colour = TIMELINESS_COLOURS[card.timeliness]
        extended = (f" (hẹn ban đầu {when(s.original_appointment_at)})"
                    if s.original_appointment_at else "")
        lines = [f"Thủ tục: <b>{d.procedure_name}</b>",
                 f"Tình trạng: <b>{card.dossier.status.national_code} – "
                 f"{_status_label(card)}</b>; <span style='color:{colour}'>"
                 f"{TIMELINESS_LABELS_VI[card.timeliness]}</span>",
                 f"Nhận: {when(d.received_at)} — Hẹn trả: <b>{when(s.appointment_at)}</b>{extended}"]
        if s.supplement_count:
            lines.append(f"Số lần yêu cầu bổ sung: {s.supplement_count}")
        if d.return_place is ReturnPlace.POST:
            lines.append(f"Đăng ký nhận kết quả qua bưu chính: {d.return_address}")
        self.details.setText("<br>".join(lines))
        for action, b in self.step_buttons.items():
            b.setVisible(action in card.allowed)
        can_return = A.RETURN in card.allowed
        self.return_box.setVisible(can_return)
        if can_return:
            self.post_radio.setChecked(d.return_place is ReturnPlace.POST)
            self.applicant_radio.setChecked(d.return_place is not ReturnPlace.POST)
            self.name_edit.setText(d.applicant_name)
            self.id_edit.clear()
            self.doc_edit.clear()
            self.tracking_edit.clear()
            self.fees.setValue(0)
        self.show()

    def submit_return(self) -> None:
        """Build the return command from the form (validated by the command itself)."""
        try:
            if self.post_radio.isChecked():
                command = Return(None, self.fees.value(), self.tracking_edit.text())
            else:
                kind = (CollectorKind.AUTHORISED if self.authorised_radio.isChecked()
                        else CollectorKind.APPLICANT)
                command = Return(Collector(kind, self.name_edit.text(), self.id_edit.text(),
                                           self.doc_edit.text()), self.fees.value())
        except DomainError as exc:
            self.invalid.emit(exc.message)
            return
        self.give_back.emit(command)


def _status_label(card: DossierCard) -> str:
    from counter_app.domain.dossier import STATUS_LABELS_VI

    return STATUS_LABELS_VI[card.dossier.status]
