"""Content of the one-stop forms (Mẫu 01–07) and the form sets they belong to, as dated data.

The printers in ``adapters/printing`` render these frozen dataclasses; nothing here knows about PDF.
Two form sets exist: TT 01/2018/TT-VPCP (historical) and TT 03/2025/TT-VPCP Phụ lục I (current).
What differs between them (numbering, titles, which fields a form carries) is data in ``FORM_SETS``,
so a renderer asks ``FormVersion.has(...)`` instead of branching on a year.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from counter_app.domain.errors import DomainError
from counter_app.domain.text import fold


class FormPurpose(enum.StrEnum):
    """What a form is for; its number differs between the form sets (§2.1 of the rules)."""

    RECEIPT = "receipt"  # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"  # Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"  # Phiếu xin lỗi …
    STOP_NOTICE = "stop_notice"  # Thông báo dừng giải quyết hồ sơ (2025 only)
    CONTROL_SHEET = "control_sheet"  # Phiếu kiểm soát quá trình giải quyết hồ sơ
    LEDGER = "ledger"  # Sổ theo dõi hồ sơ


class FormFeature(enum.StrEnum):
    """Optional parts of a form whose presence depends on the form set."""

    DOCUMENT_NUMBER = "document_number"  # "Số: …/…-TTPVHCC" under the unit name
    ID_NUMBER = "id_number"  # Số định danh cá nhân/tổ chức
    SUBMITTER = "submitter"  # block of the authorised submitter (người được ủy quyền)
    LEDGER_IF_ANY = "ledger_if_any"  # log-book line marked "(nếu có)"
    DIGITAL_SIGNATURE_NOTE = "digital_signature_note"  # "(Chữ ký số … nếu là biểu mẫu điện tử)"


@dataclass(frozen=True)
class FormVersion:
    """One form of one form set: its number ("Mẫu 01"), title and the optional parts it carries."""

    purpose: FormPurpose
    number: str
    title: str
    features: frozenset[FormFeature] = frozenset()

    def has(self, feature: FormFeature) -> bool:
        """Return True when this version of the form carries ``feature``."""
        return feature in self.features


@dataclass(frozen=True)
class FormSet:
    """A complete set of forms issued by one circular, with the dates it is in force."""

    code: str
    legal_basis: str
    effective_from: dt.date
    effective_to: dt.date | None
    receiving_unit_label: str
    copy_labels: tuple[str, str]
    receipt_footnote: str
    forms: tuple[FormVersion, ...] = field(default_factory=tuple)

    def form(self, purpose: FormPurpose) -> FormVersion:
        """Return the form for ``purpose``; DomainError if the set has none (2018 stop notice)."""
        for version in self.forms:
            if version.purpose is purpose:
                return version
        raise DomainError(f"Bộ biểu mẫu {self.code} ({self.legal_basis}) không có mẫu '{purpose}'.")

    def in_force_on(self, day: dt.date) -> bool:
        """Return True when the set applies to a dossier received on ``day``."""
        ends = self.effective_to
        return self.effective_from <= day and (ends is None or day <= ends)


_F = FormFeature
_2025_RECEIPT = frozenset(
    {_F.DOCUMENT_NUMBER, _F.ID_NUMBER, _F.SUBMITTER, _F.LEDGER_IF_ANY, _F.DIGITAL_SIGNATURE_NOTE}
)
_RECEIPT_TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
_SUPPLEMENT_TITLE = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
_REFUSAL_TITLE = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
_CONTROL_TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
_LEDGER_TITLE = "Sổ theo dõi hồ sơ"
_FOOTNOTE = (
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; một liên chuyển kèm theo "
    "Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại {unit}; một liên giao cho cá nhân, "
    "tổ chức nộp hồ sơ. Cá nhân, tổ chức có thể đăng ký nhận kết quả qua dịch vụ bưu chính."
)

FORM_SETS: dict[str, FormSet] = {
    "2018": FormSet(
        code="2018",
        legal_basis="Thông tư số 01/2018/TT-VPCP",
        effective_from=dt.date(2019, 1, 8),  # (to confirm)
        effective_to=dt.date(2025, 9, 14),
        receiving_unit_label="Bộ phận tiếp nhận và trả kết quả",
        copy_labels=("Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả", "Liên 2: Giao khách hàng"),
        receipt_footnote=_FOOTNOTE.format(unit="Bộ phận tiếp nhận và trả kết quả"),
        forms=(
            FormVersion(FormPurpose.RECEIPT, "Mẫu 01", _RECEIPT_TITLE),
            FormVersion(FormPurpose.SUPPLEMENT, "Mẫu 02", _SUPPLEMENT_TITLE),
            FormVersion(FormPurpose.REFUSAL, "Mẫu 03", _REFUSAL_TITLE),
            FormVersion(
                FormPurpose.APOLOGY, "Mẫu 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
            ),
            FormVersion(FormPurpose.CONTROL_SHEET, "Mẫu 05", _CONTROL_TITLE),
            FormVersion(FormPurpose.LEDGER, "Mẫu 06", _LEDGER_TITLE),
        ),
    ),
    "2025": FormSet(
        code="2025",
        legal_basis="Thông tư số 03/2025/TT-VPCP",
        effective_from=dt.date(2025, 9, 15),  # date signed; in-force date (to confirm)
        effective_to=None,
        receiving_unit_label="Trung tâm Phục vụ hành chính công/Bộ phận Tiếp nhận và Trả kết quả",
        copy_labels=("Liên 1: Lưu tại cơ quan", "Liên 2: Giao người nộp hồ sơ"),
        receipt_footnote=_FOOTNOTE.format(unit="Trung tâm Phục vụ hành chính công/Bộ phận Một cửa"),
        forms=(
            FormVersion(FormPurpose.RECEIPT, "Mẫu 01", _RECEIPT_TITLE, _2025_RECEIPT),
            FormVersion(
                FormPurpose.SUPPLEMENT, "Mẫu 02", _SUPPLEMENT_TITLE,
                frozenset({_F.DOCUMENT_NUMBER, _F.DIGITAL_SIGNATURE_NOTE}),
            ),
            FormVersion(
                FormPurpose.REFUSAL, "Mẫu 03", _REFUSAL_TITLE,
                frozenset({_F.DOCUMENT_NUMBER, _F.ID_NUMBER, _F.DIGITAL_SIGNATURE_NOTE}),
            ),
            FormVersion(
                FormPurpose.APOLOGY, "Mẫu 04",
                "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết",
                frozenset({_F.DOCUMENT_NUMBER, _F.ID_NUMBER, _F.DIGITAL_SIGNATURE_NOTE}),
            ),
            FormVersion(
                FormPurpose.STOP_NOTICE, "Mẫu 05", "Thông báo dừng giải quyết hồ sơ",
                frozenset({_F.DOCUMENT_NUMBER, _F.ID_NUMBER}),
            ),
            FormVersion(
                FormPurpose.CONTROL_SHEET, "Mẫu 06", _CONTROL_TITLE,
                frozenset({_F.DOCUMENT_NUMBER}),
            ),
            FormVersion(FormPurpose.LEDGER, "Mẫu 07", _LEDGER_TITLE),
        ),
    ),
}


def form_set(code: str) -> FormSet:
    """Return the form set named ``code`` ("2025" or "2018"); DomainError when unknown."""
    try:
        return FORM_SETS[code]
    except KeyError:
        known = ", ".join(sorted(FORM_SETS))
        raise DomainError(f"Bộ biểu mẫu '{code}' không tồn tại (có: {known}).") from None


def form_set_in_force(day: dt.date) -> FormSet:
    """Return the form set in force on ``day``: the one a dossier received that day uses."""
    for candidate in FORM_SETS.values():
        if candidate.in_force_on(day):
            return candidate
    raise DomainError(f"Không có bộ biểu mẫu nào có hiệu lực vào ngày {day:%d/%m/%Y}.")


def vn_date_words(day: dt.date) -> str:
    """Return ``day`` as written on official documents: "ngày 15 tháng 7 năm 2026".

    Days below 10 and the months 1 and 2 take a leading zero (ND 30/2020, Phụ lục I):
    ``vn_date_words(date(2026, 1, 5))`` is "ngày 05 tháng 01 năm 2026".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def hour_minute_date(moment: dt.datetime, *, words: bool = False) -> str:
    """Return "14 giờ 30 phút, ngày 15/07/2026" (or "…, ngày 15 tháng 7 năm 2026" with ``words``).

    ``moment`` is printed as given: pass the centre's local wall-clock time.
    """
    day = vn_date_words(moment.date()) if words else f"ngày {moment:%d/%m/%Y}"
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {day}"


class ApplicantKind(enum.StrEnum):
    """Whether the applicant is a person (Ông/Bà) or an organisation (Tổ chức)."""

    PERSON = "person"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class ApplicantBlock:
    """The person or organisation whose dossier it is (Ông (Bà)/Tổ chức)."""

    kind: ApplicantKind
    name: str
    id_number: str = ""  # số định danh cá nhân (CCCD) or the organisation's mã số doanh nghiệp
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SubmitterBlock:
    """Someone submitting on the applicant's behalf (người được ủy quyền nộp hồ sơ)."""

    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    authorisation_document: str = ""  # e.g. "Giấy ủy quyền số 12/GUQ ngày 10/7/2026"


@dataclass(frozen=True)
class ReceiptDocumentLine:
    """One component of the dossier as received: name, form (bản chính, bản sao …) and count."""

    name: str
    form_label: str = "Bản chính"
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise DomainError(f"Số lượng giấy tờ '{self.name}' phải từ 1 trở lên.")


_SECRET_MIN = 5
_SEPARATORS = re.compile(r"[\s.()/_-]")


def _leaks(url: str, secret: str) -> bool:
    """Return True when ``secret`` (a name, an ID number or a phone) can be read in ``url``."""
    if len(secret.strip()) < _SECRET_MIN:
        return False
    plain = fold(unquote_plus(url))
    compact = _SEPARATORS.sub("", plain)
    digits = re.sub(r"\D", "", secret)
    if len(digits) >= _SECRET_MIN + 1:
        return digits in compact or (len(digits.lstrip("0")) >= 8 and digits.lstrip("0") in compact)
    folded = fold(secret)
    return folded in plain or _SEPARATORS.sub("", folded) in compact


@dataclass(frozen=True)
class ReceiptContent:
    """Everything printed on Mẫu 01, already decided and formatted by the services.

    Times are the centre's local wall-clock times. ``lookup_url`` is what the QR code carries: it
    holds the dossier code and the lookup token and never the applicant's name, ID number or phone
    (checked here, so a bad URL template cannot leak personal data onto paper).
    """

    governing_body: str
    unit_name: str
    document_number: str
    dossier_code: str
    place: str
    issued_on: dt.date
    applicant: ApplicantBlock
    procedure_name: str
    documents: tuple[ReceiptDocumentLine, ...]
    sets_count: int
    legal_time_label: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    collect_at: str
    ledger_book: str
    ledger_line: str
    officer_name: str
    lookup_url: str
    lookup_token: str
    submitter: SubmitterBlock | None = None
    copy_label: str | None = None
    form_set: str = "2025"
    fees_label: str | None = None
    milestones: tuple[tuple[str, dt.datetime], ...] = ()  # (label, local time) before the result

    def __post_init__(self) -> None:
        form_set(self.form_set)
        if self.sets_count < 1:
            raise DomainError("Số lượng hồ sơ phải từ 1 bộ trở lên.")
        if self.appointment_at < self.received_at:
            raise DomainError("Thời gian hẹn trả kết quả không được trước thời gian nhận hồ sơ.")
        secrets = [self.applicant.name, self.applicant.id_number, self.applicant.phone]
        if self.submitter is not None:
            secrets += [self.submitter.name, self.submitter.id_number, self.submitter.phone]
        if any(_leaks(self.lookup_url, s) for s in secrets):
            raise DomainError(
                "Đường dẫn tra cứu trên mã QR không được chứa họ tên, số định danh hay "
                "số điện thoại của người nộp hồ sơ."
            )

    @property
    def form(self) -> FormVersion:
        """The Mẫu 01 version this receipt is printed on."""
        return form_set(self.form_set).form(FormPurpose.RECEIPT)

