"""Applicant form (person or organisation, with the chip-card QR scan field) and submitter block.

A USB scanner "types" the chip ID card's QR text into the scan field and presses Enter; the text
is parsed (``ID|oldID|name|ddMMyyyy|sex|address|ddMMyyyy``) and fills the person's fields. The
forms only collect text: validation is the domain's, whose messages come back per field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from counter_app.domain.applicants import ChipCardQrError, parse_chip_card_qr
from counter_app.domain.identity import SEX_LABELS_VI, Sex
from counter_app.ui import theme
from counter_app.ui.qt import QtWidgets, Signal
from counter_app.ui.reception_common import ErrorLine, FieldSet, section, sub_errors

PERSON_FIELDS = {"full_name": "Họ và tên *", "id_number": "Số định danh cá nhân *",
                 "date_of_birth": "Ngày sinh", "phone": "Số điện thoại", "email": "Email",
                 "address": "Địa chỉ"}
ORG_FIELDS = {"name": "Tên tổ chức *", "tax_code": "Mã số thuế/doanh nghiệp *",
              "representative": "Người đại diện", "phone": "Số điện thoại", "email": "Email",
              "address": "Địa chỉ"}
SUBMITTER_FIELDS = {"name": "Họ và tên *", "id_number": "Số định danh cá nhân *",
                    "address": "Địa chỉ", "phone": "Số điện thoại", "email": "Email",
                    "authorisation_document": "Văn bản ủy quyền *"}


class ApplicantForm(QtWidgets.QWidget):
    """Person or organisation; ``card_scanned()`` after a chip-card QR filled the fields."""

    card_scanned = Signal()

    def __init__(self, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self._today = today
        box, layout = section("Người nộp hồ sơ (Ông/Bà hoặc tổ chức)")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        kinds = QtWidgets.QHBoxLayout()
        self.is_person = QtWidgets.QRadioButton("Cá nhân")
        self.is_person.setObjectName("kind-person")
        self.is_org = QtWidgets.QRadioButton("Tổ chức")
        self.is_org.setObjectName("kind-organisation")
        for button in (self.is_person, self.is_org):
            button.setFont(theme.font(15))
            kinds.addWidget(button)
        kinds.addStretch(1)
        layout.addLayout(kinds)
        scan_row = QtWidgets.QHBoxLayout()
        scan_row.addWidget(theme.label("Quét mã QR thẻ căn cước:", 14))
        self.scan = QtWidgets.QLineEdit()
        self.scan.setObjectName("chip-card-qr")
        self.scan.setFont(theme.font(14))
        self.scan.setPlaceholderText("Đặt con trỏ vào đây rồi quét mã QR trên thẻ")
        scan_row.addWidget(self.scan, 1)
        layout.addLayout(scan_row)
        self.scan_error = ErrorLine()
        layout.addWidget(self.scan_error)
        self.stack = QtWidgets.QStackedWidget()
        person = QtWidgets.QWidget()
        person_layout = QtWidgets.QVBoxLayout(person)
        person_layout.setContentsMargins(0, 0, 0, 0)
        self.person = FieldSet(PERSON_FIELDS)
        self.person.edits["date_of_birth"].setPlaceholderText("dd/mm/yyyy")
        person_layout.addWidget(self.person)
        sex_row = QtWidgets.QHBoxLayout()
        sex_row.addWidget(theme.label("Giới tính", 14))
        self.sex = QtWidgets.QComboBox()
        self.sex.setObjectName("sex")
        self.sex.addItem("—", "")
        for sex in Sex:
            self.sex.addItem(SEX_LABELS_VI[sex], SEX_LABELS_VI[sex])
        sex_row.addWidget(self.sex)
        sex_row.addStretch(1)
        person_layout.addLayout(sex_row)
        self.sex_error = ErrorLine()
        person_layout.addWidget(self.sex_error)
        self.org = FieldSet(ORG_FIELDS)
        self.stack.addWidget(person)
        self.stack.addWidget(self.org)
        layout.addWidget(self.stack)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.is_person.toggled.connect(lambda on: self.stack.setCurrentIndex(0 if on else 1))
        self.is_person.setChecked(True)
        self.scan.returnPressed.connect(self.read_scan)

    def read_scan(self) -> None:
        """Parse the scanned chip-card QR text and fill the person's fields."""
        payload = self.scan.text()
        try:
            card = parse_chip_card_qr(payload, self._today())
        except ChipCardQrError as exc:
            self.scan_error.show_text(exc.message)
            return
        self.is_person.setChecked(True)
        self.person.set_values({"full_name": card.full_name, "id_number": card.id_number,
                                "date_of_birth": card.date_of_birth.strftime("%d/%m/%Y"),
                                "address": card.address})
        self.sex.setCurrentIndex(self.sex.findData(SEX_LABELS_VI[card.sex]))
        self.scan.clear()
        self.scan_error.show_text("")
        self.person.edits["phone"].setFocus()
        self.card_scanned.emit()

    def value(self) -> dict[str, Any]:
        """Return the ``applicant`` object of the reception input."""
        if self.is_person.isChecked():
            return {"kind": "person", **self.person.values(),
                    "sex": str(self.sex.currentData() or "")}
        return {"kind": "organisation", **self.org.values()}

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show the ``applicant.*`` messages on their fields."""
        mine = sub_errors(errors, "applicant")
        self.person.show_errors(mine if self.is_person.isChecked() else {})
        self.org.show_errors(mine if self.is_org.isChecked() else {})
        self.sex_error.show_text(mine.get("sex", ""))
        self.scan_error.show_text(mine.get("chip_card_qr", ""))
        self.error.show_text(errors.get("applicant", mine.get("kind", "")))

    def clear(self) -> None:
        """Empty the form (back to a person)."""
        self.person.clear()
        self.org.clear()
        self.sex.setCurrentIndex(0)
        self.scan.clear()
        self.is_person.setChecked(True)
        self.show_errors({})


class SubmitterBox(QtWidgets.QGroupBox):
    """The optional authorised submitter (người được ủy quyền nộp hồ sơ), off by default."""

    def __init__(self) -> None:
        super().__init__("Người được ủy quyền nộp hồ sơ (nếu có)")
        self.setObjectName("submitter")
        self.setFont(theme.font(15, bold=True))
        self.setCheckable(True)
        self.setChecked(False)
        layout = QtWidgets.QVBoxLayout(self)
        self.fields = FieldSet(SUBMITTER_FIELDS)
        layout.addWidget(self.fields)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.toggled.connect(self.fields.setVisible)
        self.fields.setVisible(False)

    def value(self) -> dict[str, str] | None:
        """Return the ``submitter`` object, or None when the block is off."""
        return self.fields.values() if self.isChecked() else None

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show the ``submitter.*`` messages."""
        self.fields.show_errors(sub_errors(errors, "submitter"))
        self.error.show_text(errors.get("submitter", ""))

    def clear(self) -> None:
        """Empty and switch off."""
        self.fields.clear()
        self.setChecked(False)
        self.error.show_text("")
