"""Dossier repository on SQLAlchemy: atomic named sequences, dossiers, history, search, calendar.

Sequences are one upsert: ``INSERT … ON CONFLICT (name, key) DO UPDATE SET last = last + 1
RETURNING last``. On PostgreSQL the conflicting row stays locked until the transaction ends, so
concurrent receptions queue on it; on SQLite the unit of work already holds the write lock
(``BEGIN IMMEDIATE``). Either way no two dossiers get the same number, and a rolled-back
reception gives its number back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, cast

from sqlalchemy import Executable, Table, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.adapters.db.models_dossier import (
    CalendarOverrideRow,
    DossierDocumentRow,
    DossierEventRow,
    DossierFileRow,
    DossierNameTokenRow,
    DossierRow,
    SequenceRow,
)
from counter_app.domain.applicants import AuthorisedSubmitter, OrganisationApplicant, PersonApplicant
from counter_app.domain.catalogue import Channel, DocumentForm
from counter_app.domain.clock import CalendarOverride, OverrideKind
from counter_app.domain.dossier import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierStatus,
    InterimAppointment,
    ReturnPlace,
    SubState,
)
from counter_app.domain.dossier_search import fold_name, name_tokens, prefix_upper_bound
from counter_app.domain.identity import IdKind, Sex
from counter_app.services.ports.dossier import (
    DossierEvent,
    DossierFile,
    DossierSummary,
    NewDossierFacts,
    PublicFacts,
)

# ---- applicant (de)serialisation ---------------------------------------------------------------


def applicant_to_json(a: Applicant) -> dict[str, Any]:
    """Return the applicant as a JSON object (kind + fields)."""
    if isinstance(a, PersonApplicant):
        return {"kind": "person", "full_name": a.full_name, "id_number": a.id_number,
                "id_kind": a.id_kind.value,
                "date_of_birth": a.date_of_birth.isoformat() if a.date_of_birth else None,
                "sex": a.sex.value if a.sex else None, "phone": a.phone, "email": a.email,
                "address": a.address, "notes": a.notes, "warnings": list(a.warnings)}
    return {"kind": "organisation", "name": a.name, "tax_code": a.tax_code,
            "representative": a.representative, "phone": a.phone, "email": a.email,
            "address": a.address}


def applicant_from_json(d: dict[str, Any]) -> Applicant:
    """Rebuild an applicant stored by :func:`applicant_to_json`."""
    if d.get("kind") == "organisation":
        return OrganisationApplicant(d["name"], d["tax_code"], d.get("representative", ""),
                                     d.get("phone", ""), d.get("email", ""), d.get("address", ""))
    dob = d.get("date_of_birth")
    return PersonApplicant(
        full_name=d["full_name"], id_number=d["id_number"], id_kind=IdKind(d["id_kind"]),
        date_of_birth=dt.date.fromisoformat(dob) if dob else None,
        sex=Sex(d["sex"]) if d.get("sex") else None, phone=d.get("phone", ""),
        email=d.get("email", ""), address=d.get("address", ""), notes=d.get("notes", ""),
        warnings=tuple(d.get("warnings", ())),
    )


def submitter_to_json(s: AuthorisedSubmitter | None) -> dict[str, Any] | None:
    """Return the authorised submitter as a JSON object, or None."""
    if s is None:
        return None
    return {"name": s.name, "id_number": s.id_number, "id_kind": s.id_kind.value,
            "address": s.address, "phone": s.phone, "email": s.email,
            "authorisation_document": s.authorisation_document, "warnings": list(s.warnings)}


def submitter_from_json(d: dict[str, Any] | None) -> AuthorisedSubmitter | None:
    """Rebuild a submitter stored by :func:`submitter_to_json`."""
    if not d:
        return None
    return AuthorisedSubmitter(d["name"], d["id_number"], IdKind(d["id_kind"]), d.get("address", ""),
                               d.get("phone", ""), d.get("email", ""),
                               d.get("authorisation_document", ""), tuple(d.get("warnings", ())))


_SUMMARY_COLUMNS = (DossierRow.id, DossierRow.code, DossierRow.applicant_name,
                    DossierRow.applicant_id_number, DossierRow.procedure_name,
                    DossierRow.received_at, DossierRow.appointment_at, DossierRow.status)


_D = cast(Table, DossierRow.__table__)
_PUBLIC_FACTS = select(_D.c.id, _D.c.code, _D.c.lookup_token, _D.c.procedure_name,
                       _D.c.applicant_name, _D.c.status, _D.c.return_place, _D.c.received_at,
                       _D.c.appointment_at, _D.c.original_appointment_at
                       ).where(_D.c.code == bindparam("code"))
_E = cast(Table, DossierEventRow.__table__)
_STEP_TIMES = (select(_E.c.at, _E.c.action)
               .where(_E.c.dossier_id == bindparam("id", type_=_E.c.dossier_id.type))
               .order_by(_E.c.at, _E.c.id))


def _summary(row: Any) -> DossierSummary:
    return DossierSummary(row.id, row.code, row.applicant_name, row.applicant_id_number,
                          row.procedure_name, row.received_at, row.appointment_at,
                          DossierStatus(row.status))


class SqlDossierRepository:
    """Dossiers, their documents and history, named sequences and calendar overrides."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend

    # ---- sequences ---------------------------------------------------------------------------

    def next_sequence(self, name: str, key: str) -> int:
        """Return the next value (1, 2, …) of the counter ``(name, key)``; atomic, gap-free."""
        table = cast(Table, SequenceRow.__table__)
        insert = pg_insert if self.backend == "postgresql" else sqlite_insert
        stmt = (insert(table).values(name=name, key=key, last=1)
                .on_conflict_do_update(index_elements=["name", "key"],
                                       set_={"last": table.c.last + 1})
                .returning(table.c.last))
        return int(self.session.execute(stmt).scalar_one())

    # ---- dossiers ----------------------------------------------------------------------------

    def add_file(self, record: DossierFile) -> None:
        """Store the record of a digitised file."""
        r = record
        self.session.add(DossierFileRow(
            id=r.id, dossier_id=r.dossier_id, kind=r.kind, file_name=r.file_name,
            media_type=r.media_type, size=r.size, sha256=r.sha256, stored_path=r.stored_path,
            officer_username=r.officer_username, document_position=r.document_position))
        self.session.flush()

    def files(self, dossier_id: uuid.UUID) -> list[DossierFile]:
        """The dossier's digitised files, oldest first."""
        rows = self.session.scalars(select(DossierFileRow)
                                    .where(DossierFileRow.dossier_id == dossier_id)
                                    .order_by(DossierFileRow.created_at, DossierFileRow.id))
        return [DossierFile(r.id, r.dossier_id, r.kind, r.file_name, r.media_type, r.size,
                            r.sha256, r.stored_path, r.officer_username, r.document_position,
                            r.created_at) for r in rows]

    def add(self, dossier: Dossier, facts: NewDossierFacts) -> None:
        """Store a new dossier with its documents and its name tokens."""
        d = dossier
        self.session.add(DossierRow(
            id=d.id, code=d.code, lookup_token=d.lookup_token, agency_code=facts.agency_code,
            business_date=facts.business_date, sequence=facts.sequence,
            procedure_id=d.procedure_id, procedure_code=d.procedure_code,
            procedure_name=d.procedure_name, field_code=d.field_code,
            rule_versions=d.rule_versions, applicant_kind=applicant_to_json(d.applicant)["kind"],
            applicant_name=d.applicant_name, applicant_name_folded=fold_name(d.applicant_name),
            applicant_id_number=d.applicant_id_number, applicant=applicant_to_json(d.applicant),
            submitter=submitter_to_json(d.submitter), sets_count=d.sets_count,
            channel=int(d.channel), return_place=d.return_place.value,
            return_address=d.return_address, received_at=d.received_at,
            appointment_at=d.appointment_at, original_appointment_at=d.original_appointment_at,
            appointment_reason=d.appointment_reason, status=d.status.value,
            national_code=d.status.national_code, sub_state=d.sub_state.value,
            officer_id=facts.officer_id, officer_username=d.officer_username,
            counter_number=d.counter_number, ticket_id=d.ticket_id, ledger_book=d.ledger_book,
            ledger_line=d.ledger_line, backdated=d.backdated, paused_since=d.paused_since,
            supplement_count=d.supplement_count,
            milestones=[{"label": m.label, "at": m.at.astimezone(dt.UTC).isoformat()}
                        for m in d.milestones],
        ))
        self.session.flush()
        for position, doc in enumerate(d.documents, start=1):
            self.session.add(DossierDocumentRow(
                dossier_id=d.id, position=position, name=doc.name, form=doc.form.value,
                count=doc.count, received=doc.received, from_database=doc.from_database,
                extra=doc.extra))
        for token in name_tokens(d.applicant_name):
            self.session.add(DossierNameTokenRow(token=token, dossier_id=d.id))
        self.session.flush()

    def _dossier(self, row: DossierRow) -> Dossier:
        docs = self.session.scalars(select(DossierDocumentRow)
                                    .where(DossierDocumentRow.dossier_id == row.id)
                                    .order_by(DossierDocumentRow.position))
        return Dossier(
            id=row.id, code=row.code, lookup_token=row.lookup_token,
            procedure_id=row.procedure_id, procedure_code=row.procedure_code,
            procedure_name=row.procedure_name, field_code=row.field_code,
            applicant=applicant_from_json(row.applicant),
            submitter=submitter_from_json(row.submitter),
            documents=tuple(DossierDocument(r.name, DocumentForm(r.form), r.count, r.received,
                                            r.from_database, r.extra) for r in docs),
            sets_count=row.sets_count, channel=Channel(row.channel),
            return_place=ReturnPlace(row.return_place), return_address=row.return_address,
            received_at=row.received_at, appointment_at=row.appointment_at,
            status=DossierStatus(row.status), sub_state=SubState(row.sub_state),
            officer_username=row.officer_username, counter_number=row.counter_number,
            ticket_id=row.ticket_id, ledger_book=row.ledger_book, ledger_line=row.ledger_line,
            rule_versions=row.rule_versions, original_appointment_at=row.original_appointment_at,
            appointment_reason=row.appointment_reason, backdated=row.backdated,
            paused_since=row.paused_since, supplement_count=row.supplement_count,
            milestones=tuple(InterimAppointment(str(m["label"]), dt.datetime.fromisoformat(m["at"]))
                             for m in row.milestones or []),
        )

    def get(self, dossier_id: uuid.UUID) -> Dossier | None:
        """Return the dossier with ``dossier_id``."""
        row = self.session.get(DossierRow, dossier_id)
        return self._dossier(row) if row else None

    def by_code(self, code: str) -> Dossier | None:
        """Return the dossier whose code is exactly ``code``."""
        row = self.session.scalar(select(DossierRow).where(DossierRow.code == code))
        return self._dossier(row) if row else None

    def public_facts(self, code: str) -> PublicFacts | None:
        """One index probe for the public lookup's columns (no ORM object, no JSON decoding)."""
        r = self.session.execute(_PUBLIC_FACTS, {"code": code}).first()
        if r is None:
            return None
        return PublicFacts(r.id, r.code, r.lookup_token, r.procedure_name, r.applicant_name,
                           DossierStatus(r.status), ReturnPlace(r.return_place), r.received_at,
                           r.appointment_at, r.original_appointment_at)

    def step_times(self, dossier_id: uuid.UUID) -> list[tuple[dt.datetime, str]]:
        """(time, action) of each history line, oldest first."""
        return [(r.at, r.action) for r in self.session.execute(_STEP_TIMES, {"id": dossier_id})]

    # ---- history -----------------------------------------------------------------------------

    def add_event(self, event: DossierEvent) -> None:
        """Append one history line."""
        self.session.add(DossierEventRow(
            id=event.id, dossier_id=event.dossier_id, at=event.at, action=event.action,
            from_status=event.from_status.value if event.from_status else "",
            to_status=event.to_status.value, national_code=event.national_code,
            officer_username=event.officer_username, counter_number=event.counter_number,
            reason=event.reason, detail=dict(event.detail)))
        self.session.flush()

    def events(self, dossier_id: uuid.UUID) -> list[DossierEvent]:
        """Return the dossier's history, oldest first."""
        rows = self.session.scalars(select(DossierEventRow)
                                    .where(DossierEventRow.dossier_id == dossier_id)
                                    .order_by(DossierEventRow.at, DossierEventRow.id))
        return [DossierEvent(r.dossier_id, r.at, r.action, DossierStatus(r.to_status),
                             DossierStatus(r.from_status) if r.from_status else None,
                             r.officer_username, r.counter_number, r.reason, dict(r.detail),
                             r.id) for r in rows]

    def last_event_at(self, dossier_id: uuid.UUID) -> dt.datetime | None:
        """Return the time of the dossier's latest history line."""
        return self.session.scalar(select(func.max(DossierEventRow.at))
                                   .where(DossierEventRow.dossier_id == dossier_id))

    # ---- search ------------------------------------------------------------------------------

    def _summaries(self, q: Executable) -> list[DossierSummary]:
        return [_summary(r) for r in self.session.execute(q)]

    def search_code_prefix(self, prefix: str, limit: int) -> list[DossierSummary]:
        """Return dossiers whose code starts with ``prefix`` (index range), in code order."""
        if not prefix:
            return []
        q = (select(*_SUMMARY_COLUMNS)
             .where(DossierRow.code >= prefix, DossierRow.code < prefix_upper_bound(prefix))
             .order_by(DossierRow.code).limit(limit))
        return self._summaries(q)

    def search_name(self, folded: str, limit: int) -> list[DossierSummary]:
        """Return dossiers with a name token starting with the folded text (index range)."""
        if not folded:
            return []
        token = DossierNameTokenRow.token
        ids = (select(DossierNameTokenRow.dossier_id)
               .where(token >= folded, token < prefix_upper_bound(folded))
               .order_by(token).limit(limit * 2))
        q = (select(*_SUMMARY_COLUMNS).where(DossierRow.id.in_(ids.scalar_subquery()))
             .order_by(DossierRow.received_at.desc()).limit(limit))
        return self._summaries(q)

    def search_id_number(self, number: str, limit: int) -> list[DossierSummary]:
        """Return dossiers of the applicant with this ID number or tax code, newest first."""
        q = (select(*_SUMMARY_COLUMNS).where(DossierRow.applicant_id_number == number)
             .order_by(DossierRow.received_at.desc()).limit(limit))
        return self._summaries(q)

    def for_ticket(self, ticket_id: uuid.UUID) -> list[DossierSummary]:
        """Return the dossiers received for the citizen holding ``ticket_id``, in order."""
        q = (select(*_SUMMARY_COLUMNS).where(DossierRow.ticket_id == ticket_id)
             .order_by(DossierRow.received_at))
        return self._summaries(q)

    # ---- calendar overrides -----------------------------------------------------------------

    def calendar_overrides(self) -> list[CalendarOverride]:
        """Return every calendar override of the centre, by day."""
        rows = self.session.scalars(select(CalendarOverrideRow).order_by(CalendarOverrideRow.day))
        return [CalendarOverride(r.day, OverrideKind(r.kind), r.note, r.source_document,
                                 r.provisional) for r in rows]

    def put_calendar_override(self, override: CalendarOverride, actor: str) -> None:
        """Insert or replace the override of ``override.day``."""
        row = self.session.scalar(select(CalendarOverrideRow)
                                  .where(CalendarOverrideRow.day == override.day))
        if row is None:
            row = CalendarOverrideRow(day=override.day)
            self.session.add(row)
        row.kind = override.kind.value
        row.note = override.note
        row.source_document = override.source_document
        row.provisional = override.provisional
        row.created_by = actor
        self.session.flush()

    def remove_calendar_override(self, day: dt.date) -> bool:
        """Delete the override of ``day``; False when there was none."""
        result = self.session.execute(delete(CalendarOverrideRow)
                                      .where(CalendarOverrideRow.day == day))
        return bool(getattr(result, "rowcount", 0))
