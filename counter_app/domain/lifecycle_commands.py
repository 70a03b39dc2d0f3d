"""What an officer asks the dossier to do after reception, with the data each legal form needs.

One frozen command per action of :mod:`counter_app.domain.lifecycle`. Each checks its own input
on construction (NFC text, lengths, required parts) and raises one
:class:`~counter_app.domain.errors.ValidationError` naming every bad field, so a form can mark
them all at once. ``detail()`` returns what the history row stores (JSON-safe values only).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.identity import normalise_name, validate_id_number
from counter_app.domain.text import nfc

MAX_TEXT = 1000
MAX_SHORT = 200
MAX_ITEMS = 30
MIN_REASON = 5
MAX_FEE = 10_000_000_000
_TRACKING_RE = re.compile(r"^[A-Z0-9-]{4,40}$")


class LifecycleAction(enum.StrEnum):
    """Steps in a dossier's life after reception (the history's ``action`` column)."""

    RECEIVE = "receive"  # written by reception; listed so every history row has a label
    TRANSFER = "transfer"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUME = "resume"
    REQUEST_FINANCIAL = "request_financial"
    FINANCIAL_DONE = "financial_done"
    REFUSE = "refuse"
    READY = "ready"
    DELAY = "delay"
    REQUEST_WITHDRAWAL = "request_withdrawal"
    CANCEL_WITHDRAWAL = "cancel_withdrawal"
    STOP = "stop"
    WITHDRAW = "withdraw"
    RETURN = "return"


ACTION_LABELS_VI: dict[LifecycleAction, str] = {
    LifecycleAction.RECEIVE: "Tiếp nhận hồ sơ",
    LifecycleAction.TRANSFER: "Chuyển cơ quan giải quyết",
    LifecycleAction.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    LifecycleAction.RESUME: "Nhận hồ sơ bổ sung, tiếp tục giải quyết",
    LifecycleAction.REQUEST_FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    LifecycleAction.FINANCIAL_DONE: "Đã thực hiện nghĩa vụ tài chính",
    LifecycleAction.REFUSE: "Từ chối tiếp nhận hồ sơ",
    LifecycleAction.READY: "Có kết quả, chờ trả",
    LifecycleAction.DELAY: "Xin lỗi và gia hạn thời gian giải quyết",
    LifecycleAction.REQUEST_WITHDRAWAL: "Công dân yêu cầu rút hồ sơ",
    LifecycleAction.CANCEL_WITHDRAWAL: "Hủy yêu cầu rút hồ sơ",
    LifecycleAction.STOP: "Dừng giải quyết hồ sơ",
    LifecycleAction.WITHDRAW: "Trả lại hồ sơ đã rút",
    LifecycleAction.RETURN: "Trả kết quả",
}


def action_label(action: str) -> str:
    """Return the Vietnamese label of a history action (unknown actions are shown as stored)."""
    try:
        return ACTION_LABELS_VI[LifecycleAction(action)]
    except ValueError:
        return action


def _text(errors: dict[str, str], name: str, value: str, *, required: bool = False,
          limit: int = MAX_TEXT, min_len: int = 0, label: str = "") -> str:
    """Return ``value`` in NFC; record a message in ``errors`` when it breaks a rule."""
    text = nfc(value) if isinstance(value, str) else ""
    what = label or "Nội dung"
    if required and not text:
        errors[name] = f"{what} không được để trống."
    elif len(text) > limit:
        errors[name] = f"{what} dài quá {limit} ký tự."
    elif text and len(text) < min_len:
        errors[name] = f"{what} quá ngắn: ghi rõ ít nhất {min_len} ký tự."
    elif any(ord(ch) < 32 for ch in text):
        errors[name] = f"{what} chứa ký tự điều khiển không hợp lệ."
    return text


def _items(errors: dict[str, str], name: str, values: tuple[str, ...], label: str) -> tuple[str, ...]:
    """Return the non-empty NFC items of a numbered list; at least one is required."""
    if isinstance(values, str):
        values = (values,)
    items = tuple(nfc(v) for v in values if isinstance(v, str) and nfc(v))
    if not items:
        errors[name] = f"{label}: cần ít nhất một nội dung."
    elif len(items) > MAX_ITEMS:
        errors[name] = f"{label}: tối đa {MAX_ITEMS} nội dung."
    else:
        for i, item in enumerate(items, 1):
            if len(item) > MAX_TEXT:
                errors[name] = f"{label}: nội dung thứ {i} dài quá {MAX_TEXT} ký tự."
    return items


def _set(obj: object, **values: object) -> None:
    for key, value in values.items():
        object.__setattr__(obj, key, value)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


class CollectorKind(enum.StrEnum):
    """Who collects the result (or the withdrawn dossier) at the counter."""

    APPLICANT = "applicant"  # người nộp hồ sơ / chủ hồ sơ
    AUTHORISED = "authorised"  # người được ủy quyền


COLLECTOR_LABELS_VI: dict[CollectorKind, str] = {
    CollectorKind.APPLICANT: "Người nộp hồ sơ",
    CollectorKind.AUTHORISED: "Người được ủy quyền",
}


@dataclass(frozen=True)
class Collector:
    """The person who signs for the result; an authorised person must give an ID number."""

    kind: CollectorKind
    name: str = ""
    id_number: str = ""
    authorisation_document: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, str] = {}
        try:
            kind = CollectorKind(self.kind)
        except ValueError:
            raise ValidationError({"collector.kind": "Chọn người nhận: người nộp hồ sơ hoặc "
                                   "người được ủy quyền."}) from None
        name, number = "", ""
        if self.name.strip() or kind is CollectorKind.AUTHORISED:
            try:
                name = normalise_name(self.name, "Họ tên người nhận")
            except DomainError as exc:
                errors["collector.name"] = exc.message
        if self.id_number.strip() or kind is CollectorKind.AUTHORISED:
            try:
                number = validate_id_number(self.id_number).number
            except DomainError as exc:
                errors["collector.id_number"] = exc.message
        document = _text(errors, "collector.authorisation_document", self.authorisation_document,
                         limit=MAX_SHORT, label="Văn bản ủy quyền")
        _raise(errors)
        _set(self, kind=kind, name=name, id_number=number, authorisation_document=document)

    def detail(self) -> dict[str, Any]:
        """Return the collector as stored in the history."""
        return {"kind": str(self.kind), "name": self.name, "id_number": self.id_number,
                "authorisation_document": self.authorisation_document}


@dataclass(frozen=True)
class Command:
    """Base of the lifecycle commands; ``reason`` is what the history's reason column shows."""

    action: ClassVar[LifecycleAction]

    @property
    def reason(self) -> str:
        """The reason to store with the step (empty when the step needs none)."""
        return ""

    def detail(self) -> dict[str, Any]:
        """Return the command's data as stored in the history row (JSON-safe)."""
        return {}


@dataclass(frozen=True)
class Transfer(Command):
    """Send the dossier to the processing body (chuyển cơ quan giải quyết; Mẫu 06 hand-over)."""

    action: ClassVar[LifecycleAction] = LifecycleAction.TRANSFER
    body: str
    receiver: str = ""
    co_bodies: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, body=_text(e, "body", self.body, required=True, limit=MAX_SHORT,
                              label="Cơ quan giải quyết"),
             receiver=_text(e, "receiver", self.receiver, limit=MAX_SHORT, label="Người nhận"),
             co_bodies=_text(e, "co_bodies", self.co_bodies, limit=MAX_SHORT,
                             label="Cơ quan phối hợp"),
             note=_text(e, "note", self.note, label="Ghi chú"))
        _raise(e)

    def detail(self) -> dict[str, Any]:
        """Body, receiver, co-operating bodies and note."""
        return {"body": self.body, "receiver": self.receiver, "co_bodies": self.co_bodies,
                "note": self.note}


@dataclass(frozen=True)
class RequestSupplement(Command):
    """Ask the applicant to add or correct documents (Mẫu 02); the clock stops."""

    action: ClassVar[LifecycleAction] = LifecycleAction.REQUEST_SUPPLEMENT
    items: tuple[str, ...]
    why: str
    contact_name: str = ""
    contact_phone: str = ""
    body: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, items=_items(e, "items", self.items, "Nội dung cần bổ sung"),
             why=_text(e, "why", self.why, required=True, min_len=MIN_REASON, label="Lý do"),
             contact_name=_text(e, "contact_name", self.contact_name, limit=MAX_SHORT,
                                label="Người liên hệ"),
             contact_phone=_text(e, "contact_phone", self.contact_phone, limit=40,
                                 label="Số điện thoại liên hệ"),
             body=_text(e, "body", self.body, limit=MAX_SHORT, label="Cơ quan yêu cầu"))
        _raise(e)

    @property
    def reason(self) -> str:
        """The reason printed on Mẫu 02."""
        return self.why

    def detail(self) -> dict[str, Any]:
        """Items, contact line and the requesting body."""
        return {"items": list(self.items), "contact_name": self.contact_name,
                "contact_phone": self.contact_phone, "body": self.body}


@dataclass(frozen=True)
class Resume(Command):
    """The supplement arrived: the clock runs again."""

    action: ClassVar[LifecycleAction] = LifecycleAction.RESUME
    note: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, note=_text(e, "note", self.note, label="Ghi chú"))
        _raise(e)

    def detail(self) -> dict[str, Any]:
        """The officer's note on what was supplemented."""
        return {"note": self.note}


@dataclass(frozen=True)
class RequestFinancial(Command):
    """Ask for fees, charges or taxes (nghĩa vụ tài chính); the clock stops meanwhile."""

    action: ClassVar[LifecycleAction] = LifecycleAction.REQUEST_FINANCIAL
    description: str
    amount: int | None = None

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, description=_text(e, "description", self.description, required=True,
                                     label="Nội dung nghĩa vụ tài chính"))
        if self.amount is not None and not 0 <= self.amount <= MAX_FEE:
            e["amount"] = "Số tiền không hợp lệ."
        _raise(e)

    @property
    def reason(self) -> str:
        """What must be paid."""
        return self.description

    def detail(self) -> dict[str, Any]:
        """Description and amount (đồng)."""
        return {"amount": self.amount}


@dataclass(frozen=True)
class FinancialDone(Command):
    """Proof of payment received: the clock runs again."""

    action: ClassVar[LifecycleAction] = LifecycleAction.FINANCIAL_DONE
    receipt: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, receipt=_text(e, "receipt", self.receipt, limit=MAX_SHORT,
                                 label="Chứng từ nộp tiền"))
        _raise(e)

    def detail(self) -> dict[str, Any]:
        """The payment receipt's reference."""
        return {"receipt": self.receipt}


@dataclass(frozen=True)
class Refuse(Command):
    """Refuse the dossier with the specific reasons (Mẫu 03)."""

    action: ClassVar[LifecycleAction] = LifecycleAction.REFUSE
    reasons: tuple[str, ...]

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, reasons=_items(e, "reasons", self.reasons, "Lý do từ chối"))
        if not e and sum(len(r) for r in self.reasons) < MIN_REASON:
            e["reasons"] = f"Lý do từ chối quá ngắn: ghi rõ ít nhất {MIN_REASON} ký tự."
        _raise(e)

    @property
    def reason(self) -> str:
        """The reasons joined, one per line."""
        return "\n".join(self.reasons)

    def detail(self) -> dict[str, Any]:
        """The reasons as a list."""
        return {"reasons": list(self.reasons)}


@dataclass(frozen=True)
class Ready(Command):
    """The result came back from the processing body: finished, awaiting return (code 9)."""

    action: ClassVar[LifecycleAction] = LifecycleAction.READY
    result: str = ""
    handed_by: str = ""
    body: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, result=_text(e, "result", self.result, label="Kết quả"),
             handed_by=_text(e, "handed_by", self.handed_by, limit=MAX_SHORT, label="Người giao"),
             body=_text(e, "body", self.body, limit=MAX_SHORT, label="Cơ quan giải quyết"))
        _raise(e)

    def detail(self) -> dict[str, Any]:
        """The result, who handed it over and from which body."""
        return {"result": self.result, "handed_by": self.handed_by, "body": self.body}


@dataclass(frozen=True)
class Delay(Command):
    """Apologise and extend (Mẫu 04): a reason and a new appointment; both dates are kept."""

    action: ClassVar[LifecycleAction] = LifecycleAction.DELAY
    why: str
    new_appointment_at: dt.datetime

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, why=_text(e, "why", self.why, required=True, min_len=MIN_REASON,
                             label="Lý do chậm trả kết quả"))
        if self.new_appointment_at.tzinfo is None:
            e["new_appointment_at"] = "Ngày hẹn mới phải kèm múi giờ."
        _raise(e)

    @property
    def reason(self) -> str:
        """The reason printed on Mẫu 04."""
        return self.why


@dataclass(frozen=True)
class RequestWithdrawal(Command):
    """The applicant asks to stop or withdraw the dossier (status 7)."""

    action: ClassVar[LifecycleAction] = LifecycleAction.REQUEST_WITHDRAWAL
    why: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, why=_text(e, "why", self.why, label="Lý do rút hồ sơ"))
        _raise(e)

    @property
    def reason(self) -> str:
        """The applicant's reason, if given."""
        return self.why


@dataclass(frozen=True)
class CancelWithdrawal(Command):
    """The applicant changes their mind: back to the status before the request."""

    action: ClassVar[LifecycleAction] = LifecycleAction.CANCEL_WITHDRAWAL
    note: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, note=_text(e, "note", self.note, label="Ghi chú"))
        _raise(e)


@dataclass(frozen=True)
class Stop(Command):
    """Stop processing (Mẫu 05, Thông báo dừng giải quyết hồ sơ), with the reason."""

    action: ClassVar[LifecycleAction] = LifecycleAction.STOP
    why: str
    body: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, why=_text(e, "why", self.why, required=True, min_len=MIN_REASON,
                             label="Lý do dừng giải quyết"),
             body=_text(e, "body", self.body, limit=MAX_SHORT, label="Cơ quan giải quyết"))
        _raise(e)

    @property
    def reason(self) -> str:
        """The reason printed on Mẫu 05."""
        return self.why

    def detail(self) -> dict[str, Any]:
        """The body that stops."""
        return {"body": self.body}


@dataclass(frozen=True)
class Withdraw(Command):
    """Hand the withdrawn dossier back to the applicant; processing ends (status 8)."""

    action: ClassVar[LifecycleAction] = LifecycleAction.WITHDRAW
    collector: Collector = field(default_factory=lambda: Collector(CollectorKind.APPLICANT))
    note: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        _set(self, note=_text(e, "note", self.note, label="Ghi chú"))
        _raise(e)

    def detail(self) -> dict[str, Any]:
        """Who took the documents back."""
        return {"collector": self.collector.detail(), "note": self.note}


@dataclass(frozen=True)
class Return(Command):
    """Return the result: at the counter to a collector, or by post with a tracking number."""

    action: ClassVar[LifecycleAction] = LifecycleAction.RETURN
    collector: Collector | None = None
    fees_collected: int = 0
    postal_tracking: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        e: dict[str, str] = {}
        tracking = nfc(self.postal_tracking).upper().replace(" ", "")
        if tracking and not _TRACKING_RE.match(tracking):
            e["postal_tracking"] = ("Mã vận đơn bưu chính chỉ gồm chữ cái không dấu, chữ số và "
                                    "gạch nối (4–40 ký tự).")
        if not tracking and self.collector is None:
            e["collector"] = "Ghi rõ người nhận kết quả (hoặc mã vận đơn nếu gửi qua bưu chính)."
        if not 0 <= self.fees_collected <= MAX_FEE:
            e["fees_collected"] = "Số tiền phí, lệ phí đã thu không hợp lệ."
        _set(self, postal_tracking=tracking, note=_text(e, "note", self.note, label="Ghi chú"))
        _raise(e)

    @property
    def by_post(self) -> bool:
        """True when the result goes by post."""
        return bool(self.postal_tracking)

    def detail(self) -> dict[str, Any]:
        """Collector, fees collected (đồng), tracking number, note."""
        return {"collector": self.collector.detail() if self.collector else None,
                "fees_collected": self.fees_collected, "postal_tracking": self.postal_tracking,
                "by_post": self.by_post, "note": self.note}


LifecycleCommand = (Transfer | RequestSupplement | Resume | RequestFinancial | FinancialDone
                    | Refuse | Ready | Delay | RequestWithdrawal | CancelWithdrawal | Stop
                    | Withdraw | Return)
