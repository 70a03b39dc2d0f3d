"""Reception of a dossier: the officer's input, validated whole, then completed into a draft.

Two steps, both pure:

1. :func:`parse_reception` reads the input (a dict: the JSON file format of
   ``docs/dossier-json.md``, or what the reception panel collects) and checks every field. All
   problems are raised together as one :class:`~counter_app.domain.errors.ValidationError` whose
   ``errors`` map a field path (``applicant.id_number``, ``documents[2].count`` …) to its own
   Vietnamese message. Nothing is saved until everything is valid.
2. :func:`~counter_app.domain.reception_draft.complete_draft` joins the input with the
   procedure version in force and the working calendar: the documents checklist with the
   officer's ticks, the appointment (hẹn trả) computed by :meth:`WorkingCalendar.due_at` or
   changed by the officer with a recorded reason, and the versions of every rule used.

Times here are naive local wall-clock times of the centre, like the clock's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counter_app.domain.applicants import (
    MAX_ADDRESS_LENGTH,
    MAX_NOTE_LENGTH,
    AuthorisedSubmitter,
    ChipCardQrError,
    parse_chip_card_qr,
    validate_organisation,
    validate_person,
    validate_submitter,
)
from counter_app.domain.catalogue import Channel, DocumentForm
from counter_app.domain.dossier import Applicant, ReturnPlace
from counter_app.domain.errors import ValidationError
from counter_app.domain.identity import SEX_LABELS_VI
from counter_app.domain.reception_fields import Fields

MAX_SETS = 99
MAX_DOCUMENTS = 60
MAX_DOCUMENT_COUNT = 999
MIN_REASON_LENGTH = 5
_CHANNEL_WORDS = {"in_person": Channel.IN_PERSON, "truc_tiep": Channel.IN_PERSON,
                  "online": Channel.ONLINE, "truc_tuyen": Channel.ONLINE,
                  "post": Channel.POST, "buu_chinh": Channel.POST}
_TOP_KEYS = frozenset({"procedure", "applicant", "submitter", "documents", "sets_count", "channel",
                       "return", "appointment", "notes"})
_PERSON_KEYS = ("full_name", "id_number", "date_of_birth", "sex", "phone", "email", "address")
_ORG_KEYS = ("name", "tax_code", "representative", "phone", "email", "address")
_SUBMITTER_KEYS = ("name", "id_number", "address", "phone", "email", "authorisation_document")


@dataclass(frozen=True)
class ProcedureRef:
    """How the input names its procedure: by version id, by national code (+ variant), or name."""

    id: uuid.UUID | None = None
    code: str = ""
    variant: str = ""
    name: str = ""

    def label(self) -> str:
        """Return the reference as the officer wrote it, for messages."""
        if self.id is not None:
            return str(self.id)
        text = self.code or self.name
        return f"{text} ({self.variant})" if self.variant else text


class ReceptionInvalid(ValidationError):
    """Bad reception input; ``procedure`` is the procedure reference if that part was valid, so
    the service can report an unknown procedure in the same message as the other errors."""

    def __init__(self, errors: dict[str, str], procedure: ProcedureRef | None,
                 documents: tuple[DocumentTick, ...] | None = None) -> None:
        super().__init__(errors)
        self.procedure = procedure
        self.documents = documents  # the ticks, when that part was valid (checked per procedure)


@dataclass(frozen=True)
class DocumentTick:
    """The officer's mark on one document: a checklist item (by its number ``item`` in the
    procedure's list, or by name) or a free item."""

    name: str
    received: bool = True
    from_database: bool = False
    form: DocumentForm | None = None  # None: as the checklist says (original for free items)
    count: int | None = None  # None: as the checklist says (1 for free items)
    item: int | None = None  # 1-based number in the procedure's checklist


@dataclass(frozen=True)
class AppointmentChange:
    """An appointment set by the officer instead of the computed one, and why."""

    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class ReceptionInput:
    """Valid reception input, before the procedure and the calendar are applied."""

    procedure: ProcedureRef
    applicant: Applicant
    submitter: AuthorisedSubmitter | None
    documents: tuple[DocumentTick, ...] | None  # None: the whole checklist, received on paper
    sets_count: int = 1
    channel: Channel = Channel.IN_PERSON
    return_place: ReturnPlace = ReturnPlace.COUNTER
    return_address: str = ""
    appointment: AppointmentChange | None = None
    notes: str = ""


# ---- step 1: parse the input -----------------------------------------------------------------


def _procedure(f: Fields, raw: Any) -> ProcedureRef | None:
    obj = f.mapping("procedure", raw, ("id", "code", "variant", "name"))
    if obj is None:
        if raw is None:
            f.error("procedure", "Chưa chọn thủ tục hành chính.")
        return None
    ident = f.text("procedure.id", obj.get("id"), 64)
    code = f.text("procedure.code", obj.get("code"), 16)
    variant = f.text("procedure.variant", obj.get("variant"), 300)
    name = f.text("procedure.name", obj.get("name"), 500)
    if ident:
        try:
            return ProcedureRef(id=uuid.UUID(ident))
        except ValueError:
            f.error("procedure.id", f"Mã phiên bản thủ tục '{ident[:40]}' không hợp lệ.")
            return None
    if not code and not name:
        f.error("procedure", "Chưa chọn thủ tục hành chính (cần mã thủ tục hoặc tên thủ tục).")
        return None
    return ProcedureRef(code=code or "", variant=variant or "", name=name or "")


def _person(f: Fields, obj: Mapping[str, Any], today: dt.date) -> Applicant | None:
    values = {k: f.text(f"applicant.{k}", obj.get(k), 2000) or "" for k in _PERSON_KEYS}
    qr = f.text("applicant.chip_card_qr", obj.get("chip_card_qr"), 2000)
    if qr:
        try:
            card = parse_chip_card_qr(qr, today)
        except ChipCardQrError as exc:
            f.error("applicant.chip_card_qr", exc.message)
        else:  # the card fills the fields; what the officer typed wins
            from_card = {"full_name": card.full_name, "id_number": card.id_number,
                         "date_of_birth": card.date_of_birth.strftime("%d/%m/%Y"),
                         "sex": SEX_LABELS_VI[card.sex], "address": card.address}
            values = {k: v or from_card.get(k, "") for k, v in values.items()}
    return f.validated("applicant", lambda: validate_person(today=today, **values))


def _organisation(f: Fields, obj: Mapping[str, Any]) -> Applicant | None:
    values = {k: f.text(f"applicant.{k}", obj.get(k), 2000) or "" for k in _ORG_KEYS}
    return f.validated("applicant", lambda: validate_organisation(**values))


def _applicant(f: Fields, raw: Any, today: dt.date) -> Applicant | None:
    keys = ("kind", "chip_card_qr", *_PERSON_KEYS, *_ORG_KEYS)
    obj = f.mapping("applicant", raw, keys)
    if obj is None:
        if raw is None:
            f.error("applicant", "Chưa nhập thông tin người nộp hồ sơ.")
        return None
    kind = f.text("applicant.kind", obj.get("kind"), 20) or "person"
    if kind == "person":
        stray = [k for k in ("tax_code", "representative", "name") if obj.get(k)]
        for k in stray:
            f.error(f"applicant.{k}", "Trường này chỉ dùng cho tổ chức.")
        return _person(f, obj, today)
    if kind == "organisation":
        return _organisation(f, obj)
    f.error("applicant.kind", "Loại người nộp phải là 'person' (cá nhân) hoặc 'organisation' (tổ chức).")
    return None


def _submitter(f: Fields, raw: Any) -> AuthorisedSubmitter | None:
    if raw is None:
        return None
    obj = f.mapping("submitter", raw, _SUBMITTER_KEYS)
    if obj is None:
        return None
    values = {k: f.text(f"submitter.{k}", obj.get(k), 2000) or "" for k in _SUBMITTER_KEYS}
    if not any(values.values()):
        return None
    found = f.validated("submitter", lambda: validate_submitter(**values))
    if found is not None and not found.authorisation_document:
        f.error("submitter.authorisation_document",
                "Người nộp thay phải có văn bản ủy quyền (ghi số, ngày của văn bản).")
    return found


def _documents(f: Fields, raw: Any) -> tuple[DocumentTick, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list):
        f.error("documents", "Danh sách giấy tờ phải là một mảng.")
        return None
    if len(raw) > MAX_DOCUMENTS:
        f.error("documents", f"Tối đa {MAX_DOCUMENTS} giấy tờ trong một hồ sơ.")
        return None
    ticks: list[DocumentTick] = []
    for n, item in enumerate(raw, start=1):
        key = f"documents[{n}]"
        obj = f.mapping(key, item, ("item", "name", "received", "from_database", "form", "count"))
        if obj is None:
            continue
        number = f.integer(f"{key}.item", obj.get("item"), 1, MAX_DOCUMENTS,
                           f"Số thứ tự trong danh mục của giấy tờ thứ {n}")
        name = f.text(f"{key}.name", obj.get("name"), 500)
        if not name and obj.get("item") is None:
            f.error(f"{key}.name", f"Giấy tờ thứ {n} chưa có tên (hoặc số thứ tự 'item').")
        received = f.boolean(f"{key}.received", obj.get("received"), True)
        from_db = f.boolean(f"{key}.from_database", obj.get("from_database"), False)
        form = f.choice(f"{key}.form", obj.get("form"), DocumentForm, "hình thức giấy tờ")
        count = f.integer(f"{key}.count", obj.get("count"), 1, MAX_DOCUMENT_COUNT,
                          f"Số lượng giấy tờ thứ {n}")
        if name or number:
            ticks.append(DocumentTick(name or "", received, from_db, form, count, number))
    return tuple(ticks)


def _channel(f: Fields, raw: Any) -> Channel:
    if raw is None:
        return Channel.IN_PERSON
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in (1, 2, 3):
        return Channel(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in ("1", "2", "3"):
            return Channel(int(word))
        if word in _CHANNEL_WORDS:
            return _CHANNEL_WORDS[word]
    f.error("channel", "Kênh nộp hồ sơ phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).")
    return Channel.IN_PERSON


def _return(f: Fields, raw: Any) -> tuple[ReturnPlace, str]:
    if raw is None:
        return ReturnPlace.COUNTER, ""
    obj = f.mapping("return", raw, ("place", "address"))
    if obj is None:
        return ReturnPlace.COUNTER, ""
    place = f.choice("return.place", obj.get("place"), ReturnPlace, "nơi nhận kết quả")
    address = f.text("return.address", obj.get("address"), MAX_ADDRESS_LENGTH) or ""
    if place is ReturnPlace.POST and not address:
        f.error("return.address", "Nhận kết quả qua bưu chính: cần địa chỉ nhận.")
    return place or ReturnPlace.COUNTER, address if place is ReturnPlace.POST else ""


def _appointment(f: Fields, raw: Any) -> AppointmentChange | None:
    if raw is None:
        return None
    obj = f.mapping("appointment", raw, ("at", "reason"))
    if obj is None:
        return None
    at = f.local_datetime("appointment.at", obj.get("at"))
    reason = f.text("appointment.reason", obj.get("reason"), MAX_NOTE_LENGTH) or ""
    if at is None:
        return None
    if len(reason) < MIN_REASON_LENGTH:
        f.error("appointment.reason", "Đổi thời gian hẹn trả phải ghi rõ lý do.")
        return None
    return AppointmentChange(at, reason)


def parse_reception(data: Any, *, today: dt.date) -> ReceptionInput:
    """Return the validated input or raise one ValidationError listing every bad field."""
    f = Fields()
    obj = f.mapping("", data, tuple(_TOP_KEYS))
    if obj is None:
        f.raise_if_any()
        raise ValidationError({"": "Dữ liệu hồ sơ phải là một đối tượng JSON."})
    procedure = _procedure(f, obj.get("procedure"))
    applicant = _applicant(f, obj.get("applicant"), today)
    submitter = _submitter(f, obj.get("submitter"))
    documents = _documents(f, obj.get("documents"))
    sets = f.integer("sets_count", obj.get("sets_count"), 1, MAX_SETS, "Số lượng hồ sơ (bộ)")
    channel = _channel(f, obj.get("channel"))
    place, address = _return(f, obj.get("return"))
    appointment = _appointment(f, obj.get("appointment"))
    notes = f.text("notes", obj.get("notes"), MAX_NOTE_LENGTH) or ""
    if f.errors:
        ticks_ok = not any(key.startswith("documents") for key in f.errors)
        raise ReceptionInvalid(f.errors, procedure, documents if ticks_ok else None)
    assert procedure is not None and applicant is not None
    return ReceptionInput(procedure, applicant, submitter, documents, sets or 1, channel, place,
                          address, appointment, notes)
