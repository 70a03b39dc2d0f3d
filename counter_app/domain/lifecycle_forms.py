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


@dataclass(frozen=True)
class LedgerColumn:
    """One column of the log book: its header, the group header above it (or ""), its key in
    :func:`ledger_cells` and its share of the page width."""

    header: str
    key: str
    width: float
    group: str = ""


_RECEIVE_RETURN = "Nhận và trả kết quả"
LEDGER_COLUMNS: dict[str, tuple[LedgerColumn, ...]] = {
    "2025": (
        LedgerColumn("STT", "number", 0.035),
        LedgerColumn("Mã hồ sơ", "code", 0.12),
        LedgerColumn("Tên TTHC", "procedure", 0.14),
        LedgerColumn("Tên tổ chức, cá nhân", "applicant", 0.10),
        LedgerColumn("Địa chỉ/SĐT", "address_phone", 0.11),
        LedgerColumn("Cơ quan chủ trì giải quyết", "body", 0.10),
        LedgerColumn("Nhận hồ sơ", "received", 0.075, _RECEIVE_RETURN),
        LedgerColumn("Hẹn trả kết quả", "appointment", 0.075, _RECEIVE_RETURN),
        LedgerColumn("Trả kết quả", "returned", 0.075, _RECEIVE_RETURN),
        LedgerColumn("Phương thức nhận kết quả", "method", 0.08),
        LedgerColumn("Ký nhận", "signature", 0.065),
    ),
    "2018": (
        LedgerColumn("STT", "number", 0.03),
        LedgerColumn("Mã hồ sơ", "code", 0.13),
        LedgerColumn("Tên TTHC", "procedure", 0.11),
        LedgerColumn("Số lượng hồ sơ (bộ)", "sets", 0.045),
        LedgerColumn("Tên cá nhân, tổ chức", "applicant", 0.09),
        LedgerColumn("Địa chỉ, số điện thoại", "address_phone", 0.085),
        LedgerColumn("Cơ quan chủ trì giải quyết", "body", 0.085),
        LedgerColumn("Nhận hồ sơ", "received", 0.065),
        LedgerColumn("Hẹn trả kết quả", "appointment", 0.065),
        LedgerColumn("Chuyển hồ sơ đến cơ quan giải quyết", "transferred", 0.07),
        LedgerColumn("Nhận kết quả từ cơ quan giải quyết", "result_received", 0.07),
        LedgerColumn("Trả kết quả cho cá nhân, tổ chức", "returned", 0.07),
        LedgerColumn("Ghi chú / Ký nhận", "note", 0.08),
    ),
}


def ledger_columns(form_set_code: str) -> tuple[LedgerColumn, ...]:
    """Return the log-book columns of a form set (2025 default, 2018 selectable)."""
    form_set(form_set_code)
    return LEDGER_COLUMNS[form_set_code]


def _when(moment: dt.datetime | None) -> str:
    return f"{moment:%H:%M %d/%m/%Y}" if moment is not None else ""


def ledger_cells(row: LedgerRow) -> dict[str, str]:
    """Return the text of every column key for one log-book line (times as "14:30 15/07/2026")."""
    return {
        "number": str(row.number), "code": row.dossier_code, "procedure": row.procedure_name,
        "applicant": row.applicant_name, "address_phone": row.address_phone,
        "body": row.processing_body, "received": _when(row.received_at),
        "appointment": _when(row.appointment_at), "returned": _when(row.returned_at),
        "method": row.return_method, "signature": "", "sets": str(row.sets_count),
        "transferred": _when(row.transferred_at), "result_received": _when(row.result_received_at),
        "note": row.note,
    }
