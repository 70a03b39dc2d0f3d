"""Receive a dossier: validate everything, then store it whole in ONE transaction.

The dossier, its documents, its name tokens, the first history line (received, national status
code 2, by whom, at which counter), the log-book line and the audit line are written in one unit
of work opened with ``immediate=True``. The dossier code's daily sequence (per agency per day) and
the ledger line (per book per year) come from the ``sequences`` table inside that transaction, so
they are race-free across counters and PCs, issued only when the dossier is validly received, and
given back when anything fails.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.catalogue import Procedure
from counter_app.domain.dossier import Dossier, DossierStatus, InterimAppointment
from counter_app.domain.dossier_code import DossierCodeFormat, check_agency_code, new_lookup_token
from counter_app.domain.errors import DomainError, NotFound, ValidationError
from counter_app.domain.procedure_choice import choose_variant
from counter_app.domain.reception import (
    ProcedureRef,
    ReceptionInput,
    ReceptionInvalid,
    parse_reception,
)
from counter_app.domain.reception_draft import (
    Appointment,
    ReceptionDraft,
    complete_draft,
    compute_appointment,
    merge_documents,
)
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.domain.text import fold
from counter_app.services.auth import require_role
from counter_app.services.calendar import calendar_in
from counter_app.services.ports.dossier import DossierEvent, NewDossierFacts
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

RECEIVE_ACTION = "receive"


@dataclass(frozen=True)
class ReceptionResult:
    """A received dossier, its appointment as computed and set, and notes for the officer."""

    dossier: Dossier
    appointment: Appointment
    procedure: Procedure
    warnings: tuple[str, ...] = ()


def utcnow() -> dt.datetime:
    """Return the current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def code_format(settings: Settings) -> DossierCodeFormat:
    """Return the dossier code format configured for the centre."""
    infix = settings.dossier.code_system_infix
    return DossierCodeFormat(version="TT04-2025" if infix else "TT03-2025",
                             sequence_width=settings.dossier.code_sequence_width,
                             system_infix=infix)


def local_naive(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Return an aware moment as the centre's naive wall-clock time (what the clock works on)."""
    return moment.astimezone(tz).replace(tzinfo=None)


def resolve_procedure(uow: UnitOfWork, ref: ProcedureRef, day: dt.date) -> Procedure:
    """Return the procedure version the input names, in force on ``day``."""
    if ref.id is not None:
        found = uow.catalogue.get(ref.id)
        if found is None:
            raise ValidationError({"procedure": f"Không tìm thấy thủ tục mã phiên bản {ref.id}."})
        return found
    text = ref.code or ref.name
    candidates = [p for p in uow.catalogue.search(text, day, 200)
                  if (p.code == ref.code if ref.code else fold(p.name) == fold(ref.name))]
    return choose_variant(candidates, ref.variant, text, day)


def parse_in_full(uow_factory: UnitOfWorkFactory, data: Mapping[str, Any],
                  today: dt.date) -> ReceptionInput:
    """Parse ``data``; when it is invalid, one error lists every bad field and, if the procedure
    it names is not in the catalogue (or its variant is unclear), that too."""
    try:
        return parse_reception(data, today=today)
    except ReceptionInvalid as exc:
        if exc.procedure is None:
            raise
        with uow_factory() as uow:
            try:
                procedure = resolve_procedure(uow, exc.procedure, today)
            except ValidationError as more:
                raise ValidationError({**more.errors, **exc.errors}) from None
        if exc.documents is not None:  # ticks naming items the checklist lacks, in the same report
            try:
                merge_documents(procedure, exc.documents)
            except ValidationError as more:
                raise ValidationError({**exc.errors, **more.errors}) from None
        raise


def draft_in(uow: UnitOfWork, settings: Settings, data: ReceptionInput,
             received_local: dt.datetime) -> ReceptionDraft:
    """Return the completed draft of ``data`` inside an open unit of work."""
    procedure = resolve_procedure(uow, data.procedure, received_local.date())
    calendar, calendar_stamp = calendar_in(uow, settings)
    versions = {"forms": settings.dossier.form_set, "code": code_format(settings).version,
                "calendar": calendar_stamp}
    return complete_draft(data, procedure, received_local, calendar, versions=versions)


def preview_reception(uow_factory: UnitOfWorkFactory, settings: Settings, data: Mapping[str, Any],
                      at: dt.datetime | None = None) -> ReceptionDraft:
    """Validate ``data`` and return its draft (appointment included) without saving anything."""
    tz = ZoneInfo(settings.timezone)
    local = local_naive(at or utcnow(), tz)
    parsed = parse_in_full(uow_factory, data, local.date())
    with uow_factory() as uow:
        return draft_in(uow, settings, parsed, local)


def appointment_preview(uow_factory: UnitOfWorkFactory, settings: Settings,
                        procedure_id: uuid.UUID, at: dt.datetime | None = None) -> Appointment:
    """Return the appointment a dossier of ``procedure_id`` received ``at`` (now) would get."""
    local = local_naive(at or utcnow(), ZoneInfo(settings.timezone))
    with uow_factory() as uow:
        procedure = uow.catalogue.get(procedure_id)
        if procedure is None:
            raise NotFound("Không tìm thấy thủ tục đã chọn trong danh mục.")
        calendar, _ = calendar_in(uow, settings)
    return compute_appointment(calendar, procedure, local)


def _check_links(uow: UnitOfWork, counter_number: int | None, ticket_id: uuid.UUID | None) -> None:
    if counter_number is not None and uow.reference.counter_by_number(counter_number) is None:
        raise NotFound(f"Quầy số {counter_number} không tồn tại.")
    if ticket_id is not None and uow.queue.get_ticket(ticket_id) is None:
        raise NotFound("Không tìm thấy phiếu số thứ tự đang phục vụ để gắn với hồ sơ.")


def _received_at(officer: Officer, received_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if received_at is None:
        return now
    require_role(officer, Role.SUPERVISOR)
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    if received_at > now:
        raise DomainError("Thời điểm nhận hồ sơ ghi lùi không được sau thời điểm hiện tại.")
    return received_at


def receive_dossier(
    uow_factory: UnitOfWorkFactory,
    settings: Settings,
    officer: Officer,
    data: Mapping[str, Any] | ReceptionInput,
    *,
    counter_number: int | None = None,
    ticket_id: uuid.UUID | None = None,
    received_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    token_factory: Callable[[], str] = new_lookup_token,
) -> ReceptionResult:
    """Receive a dossier in one transaction; a failure leaves nothing written.

    ``received_at`` back-dates a paper receipt written during an outage: supervisors only, and
    the dossier and its history record it as back-dated with the time it was entered.
    """
    require_role(officer, Role.OFFICER, Role.SUPERVISOR)
    tz = ZoneInfo(settings.timezone)
    entered = now or utcnow()
    moment = _received_at(officer, received_at, entered)
    backdated = received_at is not None
    local = local_naive(moment, tz)
    parsed = data if isinstance(data, ReceptionInput) else parse_in_full(uow_factory, data,
                                                                          local.date())
    agency = check_agency_code(settings.centre.agency_code)
    fmt = code_format(settings)
    with uow_factory(immediate=True) as uow:
        draft = draft_in(uow, settings, parsed, local)
        _check_links(uow, counter_number, ticket_id)
        day = local.date()
        sequence = uow.dossiers.next_sequence("dossier", f"{agency}|{day.isoformat()}")
        book = settings.dossier.ledger_book
        line = uow.dossiers.next_sequence("ledger", f"{book}|{day.year}")
        dossier = _dossier(draft, fmt.format(agency, day, sequence), token_factory(), moment, tz,
                           officer, counter_number, ticket_id, book, line, backdated)
        uow.dossiers.add(dossier, NewDossierFacts(agency, day, sequence, officer.id))
        uow.dossiers.add_event(_first_event(dossier, draft, entered, backdated))
        uow.audit.record(officer.username, "dossier_receive_backdated" if backdated
                         else "dossier_receive", dossier.code,
                         f"quầy {counter_number or '-'}; sổ {book} số {line}")
        uow.commit()
    warnings = tuple(getattr(parsed.applicant, "warnings", ()))
    if parsed.submitter is not None:
        warnings += parsed.submitter.warnings
    return ReceptionResult(dossier, draft.appointment, draft.procedure, warnings)


def _dossier(draft: ReceptionDraft, code: str, token: str, received_at: dt.datetime, tz: ZoneInfo,
             officer: Officer, counter_number: int | None, ticket_id: uuid.UUID | None,
             book: str, line: int, backdated: bool) -> Dossier:
    data, procedure = draft.input, draft.procedure
    return Dossier(
        id=uuid.uuid4(), code=code, lookup_token=token, procedure_id=procedure.id,
        procedure_code=procedure.code,
        procedure_name=f"{procedure.name} — {procedure.variant}" if procedure.variant
        else procedure.name,
        field_code=procedure.field_code, applicant=data.applicant, submitter=data.submitter,
        documents=draft.documents, sets_count=data.sets_count, channel=data.channel,
        return_place=data.return_place, return_address=data.return_address,
        received_at=received_at,
        appointment_at=draft.appointment.at.replace(tzinfo=tz).astimezone(dt.UTC),
        status=DossierStatus.RECEIVED, officer_username=officer.username,
        counter_number=counter_number, ticket_id=ticket_id, ledger_book=book, ledger_line=line,
        rule_versions=draft.rule_versions, appointment_reason=draft.appointment.reason,
        milestones=tuple(InterimAppointment(label, at.replace(tzinfo=tz).astimezone(dt.UTC))
                         for label, at in draft.appointment.milestones),
        backdated=backdated,
    )


def _first_event(dossier: Dossier, draft: ReceptionDraft, entered: dt.datetime,
                 backdated: bool) -> DossierEvent:
    appointment = draft.appointment
    detail: dict[str, Any] = {
        "computed_appointment": appointment.computed_at.isoformat(timespec="minutes"),
        "appointment_changed": appointment.changed,
        "provisional_calendar": appointment.provisional,
        "rule_versions": dossier.rule_versions,
    }
    if backdated:
        detail.update(backdated=True, entered_at=entered.isoformat(timespec="seconds"))
    if dossier.ticket_id is not None:
        detail["ticket_id"] = str(dossier.ticket_id)
    if draft.input.notes:
        detail["notes"] = draft.input.notes
    return DossierEvent(dossier.id, dossier.received_at, RECEIVE_ACTION, DossierStatus.RECEIVED,
                        officer_username=dossier.officer_username,
                        counter_number=dossier.counter_number,
                        reason=appointment.reason, detail=detail)
