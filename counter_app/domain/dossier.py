"""The dossier (hồ sơ): what was received, from whom, under which rules, and its current state.

Statuses follow the national portal's TrangThai codes (vn-one-stop-rules §4.1); the counter adds
sub-states it needs (sent to the processing body, awaiting return, sent by post). Overdue is never a
status: it is derived from the appointment (see :func:`is_overdue`). A dossier keeps the versions
of the rules it was received under (catalogue row, form set, code format), so later rule changes
never rewrite history.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from counter_app.domain.applicants import AuthorisedSubmitter, OrganisationApplicant, PersonApplicant
from counter_app.domain.catalogue import Channel, DocumentForm


class DossierStatus(enum.StrEnum):
    """Lifecycle status; ``national_code`` gives the portal's code 1–10."""

    RECEIVED = "received"
    REFUSED = "refused"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    FINANCIAL_OBLIGATION = "financial_obligation"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    STOPPED = "stopped"
    FINISHED = "finished"
    RETURNED = "returned"

    @property
    def national_code(self) -> int:
        """The Cổng DVCQG TrangThai code."""
        return NATIONAL_CODES[self]


NATIONAL_CODES: dict[DossierStatus, int] = {
    DossierStatus.RECEIVED: 2,
    DossierStatus.REFUSED: 3,
    DossierStatus.PROCESSING: 4,
    DossierStatus.SUPPLEMENT_REQUESTED: 5,
    DossierStatus.FINANCIAL_OBLIGATION: 6,
    DossierStatus.WITHDRAWAL_REQUESTED: 7,
    DossierStatus.STOPPED: 8,
    DossierStatus.FINISHED: 9,
    DossierStatus.RETURNED: 10,
}

# Plain Vietnamese for citizens (status lookup) — data, not logic.
STATUS_LABELS_VI: dict[DossierStatus, str] = {
    DossierStatus.RECEIVED: "Đã tiếp nhận hồ sơ",
    DossierStatus.REFUSED: "Hồ sơ không được tiếp nhận",
    DossierStatus.PROCESSING: "Đang giải quyết",
    DossierStatus.SUPPLEMENT_REQUESTED: "Cần bổ sung, hoàn thiện hồ sơ",
    DossierStatus.FINANCIAL_OBLIGATION: "Chờ thực hiện nghĩa vụ tài chính",
    DossierStatus.WITHDRAWAL_REQUESTED: "Đang xử lý yêu cầu rút hồ sơ",
    DossierStatus.STOPPED: "Đã dừng giải quyết",
    DossierStatus.FINISHED: "Đã có kết quả, mời nhận kết quả",
    DossierStatus.RETURNED: "Đã trả kết quả",
}


class SubState(enum.StrEnum):
    """Counter-side detail of a status."""

    NONE = ""
    SENT_TO_BODY = "sent_to_body"  # đã chuyển cơ quan giải quyết
    AWAITING_RETURN = "awaiting_return"  # chờ trả kết quả
    SENT_BY_POST = "sent_by_post"  # đã gửi kết quả qua bưu chính


class ReturnPlace(enum.StrEnum):
    """Where the applicant collects the result (Đăng ký nhận kết quả tại)."""

    COUNTER = "counter"
    POST = "post"


RETURN_PLACE_LABELS_VI: dict[ReturnPlace, str] = {
    ReturnPlace.COUNTER: "Tại nơi tiếp nhận hồ sơ",
    ReturnPlace.POST: "Qua dịch vụ bưu chính công ích",
}

Applicant = PersonApplicant | OrganisationApplicant


@dataclass(frozen=True)
class InterimAppointment:
    """An appointment before the result given at reception (e.g. the tax notice), with its
    label from the catalogue; ``at`` is aware (UTC when stored)."""

    label: str
    at: dt.datetime


@dataclass(frozen=True)
class DossierDocument:
    """One line of the received documents (thành phần hồ sơ)."""

    name: str
    form: DocumentForm
    count: int = 1
    received: bool = True
    from_database: bool = False  # looked up in a national database instead of paper
    extra: bool = False  # added by the officer, not in the procedure's checklist


@dataclass(frozen=True)
class Dossier:
    """A received dossier as the services and UI see it (a frozen snapshot)."""

    id: uuid.UUID
    code: str
    lookup_token: str
    procedure_id: uuid.UUID
    procedure_code: str
    procedure_name: str
    field_code: str
    applicant: Applicant
    submitter: AuthorisedSubmitter | None
    documents: tuple[DossierDocument, ...]
    sets_count: int
    channel: Channel
    return_place: ReturnPlace
    return_address: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    status: DossierStatus
    sub_state: SubState = SubState.NONE
    officer_username: str = ""
    counter_number: int | None = None
    ticket_id: uuid.UUID | None = None
    ledger_book: str = ""
    ledger_line: int | None = None
    rule_versions: str = ""  # e.g. "catalogue=2025-07-01;forms=2025;code=TT04/2025"
    original_appointment_at: dt.datetime | None = None  # set when extended (Mẫu 04)
    appointment_reason: str = ""
    backdated: bool = False
    paused_since: dt.datetime | None = None
    supplement_count: int = 0
    milestones: tuple[InterimAppointment, ...] = ()

    @property
    def applicant_name(self) -> str:
        """Name of the person or organisation."""
        a = self.applicant
        return a.full_name if isinstance(a, PersonApplicant) else a.name

    @property
    def applicant_id_number(self) -> str:
        """Personal ID number or tax code."""
        a = self.applicant
        return a.id_number if isinstance(a, PersonApplicant) else a.tax_code


CLOSED_STATUSES = frozenset({DossierStatus.REFUSED, DossierStatus.STOPPED,
                             DossierStatus.RETURNED})


def is_overdue(dossier: Dossier, now: dt.datetime) -> bool:
    """Return True when an open, unfinished dossier is past its appointment (derived, never set)."""
    if dossier.status in CLOSED_STATUSES or dossier.status is DossierStatus.FINISHED:
        return False
    if dossier.paused_since is not None:
        return False
    return now > dossier.appointment_at
