"""Content of the lifecycle forms (Mẫu 02–07 and the return slip), decided by the services.

Like :class:`~counter_app.domain.forms.ReceiptContent`, these frozen dataclasses hold text and
local wall-clock times already chosen; the PDF and XLSX writers in ``adapters`` only lay them out.
Numbers and titles come from the form set (:func:`~counter_app.domain.forms.form_set`), so the
2018 set stays selectable. Mẫu 05 (stop notice) exists only in the 2025 set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.errors import DomainError
from counter_app.domain.forms import ApplicantBlock, FormPurpose, FormVersion, form_set

# Symbols after the number in "Số: 12/PBS-TTPVHCC" (vn-one-stop-rules §2.3–2.6).
FORM_SYMBOLS: dict[FormPurpose, str] = {
    FormPurpose.SUPPLEMENT: "PBS",
    FormPurpose.REFUSAL: "PTC",
    FormPurpose.APOLOGY: "PXL",
    FormPurpose.STOP_NOTICE: "TB",
    FormPurpose.CONTROL_SHEET: "PKS",
}
RETURN_SLIP_TITLE = "Phiếu trả kết quả giải quyết hồ sơ"


def document_number(purpose: FormPurpose, number: int | None, unit_symbol: str) -> str:
    """Return "Số: 12/PBS-TTPVHCC", or with dots for the number when it is not allocated."""
    shown = f"{number:02d}" if number is not None else "……"
    return f"Số: {shown}/{FORM_SYMBOLS[purpose]}-{unit_symbol}"


@dataclass(frozen=True)
class FormHeader:
    """What every lifecycle form prints on top: bodies, number, place and date."""

    governing_body: str
    unit_name: str
    document_number: str
    place: str
    issued_on: dt.date
    form_set: str = "2025"

    def __post_init__(self) -> None:
        form_set(self.form_set)

    def version(self, purpose: FormPurpose) -> FormVersion:
        """The version of the form for ``purpose`` in this header's form set."""
        return form_set(self.form_set).form(purpose)


@dataclass(frozen=True)
class SupplementContent:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    header: FormHeader
    dossier_code: str
    applicant: ApplicantBlock
    procedure_name: str
    items: tuple[str, ...]
    reason: str
    contact_name: str
    contact_phone: str
    officer_name: str
    supplement_number: int = 1

    def __post_init__(self) -> None:
        if not self.items:
            raise DomainError("Phiếu yêu cầu bổ sung phải có ít nhất một nội dung cần bổ sung.")


@dataclass(frozen=True)
class RefusalContent:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    header: FormHeader
    dossier_code: str
    applicant: ApplicantBlock
    procedure_name: str
    reasons: tuple[str, ...]
    officer_name: str

    def __post_init__(self) -> None:
        if not self.reasons:
            raise DomainError("Phiếu từ chối phải nêu rõ lý do.")


@dataclass(frozen=True)
class ApologyContent:
    """Mẫu 04: Phiếu xin lỗi và đề nghị gia hạn (2025) / hẹn lại ngày trả kết quả (2018)."""

    header: FormHeader
    dossier_code: str
    applicant: ApplicantBlock
    procedure_name: str
    received_at: dt.datetime
    original_appointment_at: dt.datetime
    reason: str
    new_appointment_at: dt.datetime
    signer_title: str = "Thủ trưởng cơ quan, đơn vị"
    signer_name: str = ""

    def __post_init__(self) -> None:
        if self.new_appointment_at <= self.original_appointment_at:
            raise DomainError("Ngày hẹn trả mới phải sau ngày hẹn cũ.")


@dataclass(frozen=True)
class StopNoticeContent:
    """Mẫu 05 (2025 set): Thông báo dừng giải quyết hồ sơ."""

    header: FormHeader
    dossier_code: str
    applicant: ApplicantBlock
    procedure_name: str
    received_at: dt.datetime
    reason: str
    on_request: bool  # stopped at the applicant's request (ND 118 Art. 21)
    request_at: dt.datetime | None
    signer_title: str = "Thủ trưởng cơ quan, đơn vị"
    signer_name: str = ""


@dataclass(frozen=True)
class HandOver:
    """One row of the control sheet: who handed the dossier to whom, when, and on-time state."""

    giver_unit: str
    receiver_unit: str
    at: dt.datetime
    giver_name: str
    receiver_name: str
    timeliness: str  # Trước hạn / Đúng hạn / Quá hạn
    note: str = ""


@dataclass(frozen=True)
class ControlSheetContent:
    """Mẫu 06 (2025) / Mẫu 05 (2018): Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    header: FormHeader
    dossier_code: str
    processing_body: str
    co_bodies: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    hand_overs: tuple[HandOver, ...]
    original_appointment_at: dt.datetime | None = None
    state_label: str = ""  # the dossier's on-time state now


@dataclass(frozen=True)
class ReturnSlipContent:
    """The return slip both sides sign when a result is handed back (or posted)."""

    header: FormHeader
    dossier_code: str
    applicant: ApplicantBlock
    procedure_name: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    returned_at: dt.datetime
    result: str
    collector_label: str  # Người nộp hồ sơ / Người được ủy quyền
    collector_name: str
    collector_id_number: str
    authorisation_document: str
    fees_label: str
    postal_tracking: str
    timeliness: str
    officer_name: str


@dataclass(frozen=True)
class LedgerRow:
    """One line of the dossier log book (Mẫu 07 / 2018 Mẫu 06)."""

    number: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    processing_body: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    returned_at: dt.datetime | None
    return_method: str
    sets_count: int = 1
    transferred_at: dt.datetime | None = None
    result_received_at: dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class LedgerContent:
    """The log book for a date range and (optionally) one field."""

    governing_body: str
    unit_name: str
    field_name: str
    first_day: dt.date
    last_day: dt.date
    rows: tuple[LedgerRow, ...]
    book: str = ""
    form_set: str = "2025"

    def __post_init__(self) -> None:
        form_set(self.form_set)
        if self.last_day < self.first_day:
            raise DomainError("Ngày cuối của sổ theo dõi không được trước ngày đầu.")
