"""Content of the lifecycle forms and of the log book, built from a dossier and its history.

Each form is rebuilt from the history row of the step that issued it (the reasons, items, dates
and document number stored then), so a reprint says what the original said. The control sheet
(Mẫu 06) is built from every hand-over in the history and may be printed at any time. Printing
a form that shows personal data is written to the audit trail. Times are the centre's local
wall-clock times, as the forms print them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.dossier import STATUS_LABELS_VI, Dossier, DossierStatus, ReturnPlace
from counter_app.domain.errors import DomainError
from counter_app.domain.forms import FormPurpose
from counter_app.domain.identity import format_phone_national
from counter_app.domain.lifecycle import TIMELINESS_LABELS_VI, LifecycleState, classify, timeliness
from counter_app.domain.lifecycle_commands import COLLECTOR_LABELS_VI, CollectorKind, LifecycleAction
from counter_app.domain.lifecycle_forms import (
    ApologyContent,
    ControlSheetContent,
    FormHeader,
    HandOver,
    LedgerContent,
    LedgerRow,
    RefusalContent,
    ReturnSlipContent,
    StopNoticeContent,
    SupplementContent,
    document_number,
)
from counter_app.domain.receipt_content import applicant_block, place_name
from counter_app.domain.settings import Settings
from counter_app.services.lifecycle import load_dossier, load_state
from counter_app.services.ports.dossier import DossierEvent
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

A = LifecycleAction
UNIT_SYMBOL = "TTPVHCC"
FormContent = (SupplementContent | RefusalContent | ApologyContent | StopNoticeContent
               | ControlSheetContent | ReturnSlipContent)


class FormKind(enum.StrEnum):
    """The forms ``counter-app dossier form CODE --form …`` prints."""

    SUPPLEMENT = "02"
    REFUSAL = "03"
    APOLOGY = "04"
    STOP_NOTICE = "05"
    CONTROL_SHEET = "06"
    RETURN_SLIP = "return"


_SOURCE: dict[FormKind, tuple[LifecycleAction, ...]] = {
    FormKind.SUPPLEMENT: (A.REQUEST_SUPPLEMENT,),
    FormKind.REFUSAL: (A.REFUSE,),
    FormKind.APOLOGY: (A.DELAY,),
    FormKind.STOP_NOTICE: (A.STOP, A.WITHDRAW),
    FormKind.RETURN_SLIP: (A.RETURN,),
}
_MISSING: dict[FormKind, str] = {
    FormKind.SUPPLEMENT: "chưa có yêu cầu bổ sung",
    FormKind.REFUSAL: "không bị từ chối",
    FormKind.APOLOGY: "chưa có phiếu xin lỗi, gia hạn",
    FormKind.STOP_NOTICE: "chưa bị dừng giải quyết",
    FormKind.RETURN_SLIP: "chưa trả kết quả",
}


def _fees(amount: int) -> str:
    return "Không thu" if amount == 0 else f"{amount:,}".replace(",", ".") + " đ"


class DocumentBuilder:
    """Builds form contents inside one unit of work."""

    def __init__(self, uow: UnitOfWork, settings: Settings, now: dt.datetime) -> None:
        self.uow, self.settings, self.now = uow, settings, now
        self.tz = ZoneInfo(settings.timezone)
        self._names: dict[str, str] = {}
        self.one_stop = settings.centre.unit_type

    def local(self, moment: dt.datetime) -> dt.datetime:
        """Aware → the centre's naive wall-clock time."""
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def name(self, username: str) -> str:
        """An officer's full name (the username when unknown)."""
        if username not in self._names:
            found = self.uow.reference.officer_with_hash(username) if username else None
            self._names[username] = found[0].full_name if found else username
        return self._names[username]

    def header(self, purpose: FormPurpose | None, event: DossierEvent | None) -> FormHeader:
        """The form's header: number and form set from the issuing step, dated on that step."""
        detail: dict[str, Any] = dict(event.detail) if event else {}
        number = detail.get("document_number")
        day = self.local(event.at if event else self.now).date()
        form_set = str(detail.get("form_set") or self.settings.dossier.form_set)
        c = self.settings.centre
        return FormHeader(c.governing_body, c.name,
                          document_number(purpose, number if isinstance(number, int) else None,
                                          UNIT_SYMBOL) if purpose else "",
                          place_name(self.settings), day, form_set)

    def build(self, kind: FormKind, dossier: Dossier, state: LifecycleState,
              events: list[DossierEvent]) -> FormContent:
        """Return the content of form ``kind`` for the dossier."""
        if kind is FormKind.CONTROL_SHEET:
            return self.control_sheet(dossier, state, events)
        found = [e for e in events if e.action in {a.value for a in _SOURCE[kind]}]
        if not found:
            raise DomainError(f"Hồ sơ {dossier.code} {_MISSING[kind]}: chưa có mẫu để in.")
        e, d = found[-1], dict(found[-1].detail)
        app, proc = applicant_block(dossier), dossier.procedure_name
        if kind is FormKind.SUPPLEMENT:
            return SupplementContent(
                self.header(FormPurpose.SUPPLEMENT, e), dossier.code, app, proc,
                tuple(d.get("items") or ()), e.reason, str(d.get("contact_name", "")),
                str(d.get("contact_phone", "")), self.name(e.officer_username),
                int(d.get("supplement_number", 1)))
        if kind is FormKind.REFUSAL:
            return RefusalContent(self.header(FormPurpose.REFUSAL, e), dossier.code, app, proc,
                                  tuple(d.get("reasons") or (e.reason,)),
                                  self.name(e.officer_username))
        if kind is FormKind.APOLOGY:
            original = dt.datetime.fromisoformat(str(d["original_appointment"]))
            new = dt.datetime.fromisoformat(str(d["appointment_after"]))
            return ApologyContent(self.header(FormPurpose.APOLOGY, e), dossier.code, app, proc,
                                  self.local(dossier.received_at), self.local(original), e.reason,
                                  self.local(new), signer_name=self.name(e.officer_username))
        if kind is FormKind.STOP_NOTICE:
            request = next((x for x in reversed(events) if x.action == A.REQUEST_WITHDRAWAL.value),
                           None)
            on_request = bool(d.get("on_request"))
            return StopNoticeContent(
                self.header(FormPurpose.STOP_NOTICE, e), dossier.code, app, proc,
                self.local(dossier.received_at),
                e.reason or (request.reason if request else "") or "Theo đề nghị của người nộp hồ sơ",
                on_request, self.local(request.at) if request and on_request else None,
                signer_name=self.name(e.officer_username))
        return self.return_slip(dossier, state, events, e)

    def return_slip(self, dossier: Dossier, state: LifecycleState, events: list[DossierEvent],
                    e: DossierEvent) -> ReturnSlipContent:
        """The return slip of the dossier's RETURN step."""
        d = dict(e.detail)
        collector = dict(d.get("collector") or {})
        kind = CollectorKind(collector.get("kind") or CollectorKind.APPLICANT)
        app = applicant_block(dossier)
        name = str(collector.get("name") or (app.name if kind is CollectorKind.APPLICANT else ""))
        ready = next((x for x in reversed(events) if x.action == A.READY.value), None)
        result = str(dict(ready.detail).get("result", "")) if ready else ""
        return ReturnSlipContent(
            self.header(None, e), dossier.code, app, dossier.procedure_name,
            self.local(dossier.received_at), self.local(state.appointment_at), self.local(e.at),
            result, COLLECTOR_LABELS_VI[kind], name, str(collector.get("id_number", "")),
            str(collector.get("authorisation_document", "")),
            _fees(int(d.get("fees_collected") or 0)), str(d.get("postal_tracking", "")),
            TIMELINESS_LABELS_VI[timeliness(state, self.now, self.tz)], self.name(e.officer_username))

    def control_sheet(self, dossier: Dossier, state: LifecycleState,
                      events: list[DossierEvent]) -> ControlSheetContent:
        """Mẫu 06: every hand-over of the history with its on-time state."""
        body, co_bodies, rows = "", "", []
        due = state.legal_due
        for e in events:
            d = dict(e.detail)
            me = self.name(e.officer_username)
            when, on_time = self.local(e.at), TIMELINESS_LABELS_VI[classify(e.at, due, self.tz)]
            if e.action == A.TRANSFER.value:
                body, co_bodies = str(d.get("body", "")), str(d.get("co_bodies", ""))
                rows.append(HandOver(self.one_stop, body, when, me, str(d.get("receiver", "")),
                                     on_time, str(d.get("note", ""))))
            elif e.action == A.REQUEST_SUPPLEMENT.value:
                rows.append(HandOver(str(d.get("body") or body or self.one_stop), self.one_stop,
                                     when, "", me, on_time, "Yêu cầu bổ sung (Mẫu 02)"))
            elif e.action == A.RESUME.value and body:
                rows.append(HandOver(self.one_stop, body, when, me, "", on_time,
                                     "Hồ sơ đã bổ sung"))
            elif e.action == A.READY.value:
                rows.append(HandOver(str(d.get("body") or body or self.one_stop), self.one_stop,
                                     when, str(d.get("handed_by", "")), me, on_time, "Có kết quả"))
            elif e.action == A.RETURN.value:
                collector = dict(d.get("collector") or {})
                tracking = str(d.get("postal_tracking", ""))
                receiver = (f"Bưu chính (mã vận đơn {tracking})" if tracking
                            else "Người nộp hồ sơ" if collector.get("kind") != "authorised"
                            else "Người được ủy quyền")
                who = str(collector.get("name") or (dossier.applicant_name if not tracking else ""))
                rows.append(HandOver(self.one_stop, receiver, when, me, who, on_time,
                                     "Trả kết quả"))
        return ControlSheetContent(
            self.header(FormPurpose.CONTROL_SHEET, None), dossier.code, body, co_bodies,
            self.local(dossier.received_at), self.local(state.appointment_at), tuple(rows),
            self.local(state.original_appointment_at) if state.original_appointment_at else None,
            TIMELINESS_LABELS_VI[timeliness(state, self.now, self.tz)])


def form_content(uow_factory: UnitOfWorkFactory, settings: Settings, code: str,
                 kind: FormKind | str, actor: str, *,
                 now: Callable[[], dt.datetime] | None = None) -> FormContent:
    """Return the content of form ``kind`` ("02"…"06", "return") of dossier ``code``; audited."""
    try:
        kind = FormKind(kind)
    except ValueError:
        raise DomainError(f"Mẫu '{kind}' không có: chọn 02, 03, 04, 05, 06 hoặc return.") from None
    moment = (now or (lambda: dt.datetime.now(dt.UTC)))()
    with uow_factory() as uow:
        dossier = load_dossier(uow, code)
        state = load_state(uow, dossier)
        events = uow.dossiers.events(dossier.id)
        content = DocumentBuilder(uow, settings, moment).build(kind, dossier, state, events)
        uow.audit.record(actor, "dossier_form", dossier.code, kind.value)
        uow.commit()
    return content


def _short_method(place: ReturnPlace, by_post: bool, returned: bool) -> str:
    if returned:
        return "Qua dịch vụ bưu chính" if by_post else "Trực tiếp"
    return "Qua dịch vụ bưu chính" if place is ReturnPlace.POST else "Trực tiếp"


def ledger_content(uow_factory: UnitOfWorkFactory, settings: Settings, first_day: dt.date,
                   last_day: dt.date, field_code: str | None, actor: str, *,
                   form_set: str | None = None) -> LedgerContent:
    """Return the log book of dossiers received from ``first_day`` to ``last_day`` (inclusive,
    the centre's local dates), of one field or all; the export is audited."""
    if last_day < first_day:
        raise DomainError("Ngày cuối của sổ theo dõi không được trước ngày đầu.")
    tz = ZoneInfo(settings.timezone)
    start = dt.datetime.combine(first_day, dt.time(), tz)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tz)

    def local(m: dt.datetime | None) -> dt.datetime | None:
        return m.astimezone(tz).replace(tzinfo=None) if m is not None else None

    rows = []
    with uow_factory() as uow:
        field_name = "Tất cả lĩnh vực"
        if field_code:
            found = uow.reference.field_by_code(field_code.strip().upper())
            if found is None:
                raise DomainError(f"Không có lĩnh vực mã '{field_code[:20]}'.")
            field_code, field_name = found.code, found.name
        # the facts come in chunks: each becomes its line at once, nothing else is kept
        for i, f in enumerate(uow.lifecycle.ledger(start, end, field_code or None), 1):
            phone = format_phone_national(f.phone) if f.phone.startswith("+") else f.phone
            contact = " / ".join(x for x in (f.address, phone) if x)
            returned = f.returned_at is not None
            note = "" if returned else STATUS_LABELS_VI[f.status]
            rows.append(LedgerRow(
                i, f.code, f.procedure_name, f.applicant_name, contact, f.processing_body,
                local(f.received_at) or f.received_at, local(f.appointment_at) or f.appointment_at,
                local(f.returned_at), _short_method(f.return_place, f.returned_by_post, returned),
                f.sets_count, local(f.transferred_at), local(f.result_received_at),
                note if f.status is not DossierStatus.RETURNED else ""))
        uow.audit.record(actor, "ledger_export", field_code or "*",
                         f"{first_day.isoformat()}..{last_day.isoformat()}")
        uow.commit()
    c = settings.centre
    return LedgerContent(c.governing_body, c.name, field_name, first_day, last_day, tuple(rows),
                         settings.dossier.ledger_book, form_set or settings.dossier.form_set)


__all__ = ["DocumentBuilder", "FormContent", "FormKind",
           "form_content", "ledger_content"]
