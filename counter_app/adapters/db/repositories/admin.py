"""Administration repository on SQLAlchemy: accounts, set-up records, settings, audit, day closures.

A set-up change marks the unit of work so that, on PostgreSQL, the change feed wakes the running
kiosk, counter and board windows after the commit (SQLite's feed sees every commit anyway).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_app.adapters.db.change_notify import mark_changed
from counter_app.adapters.db.models import (
    AuditRow,
    CounterRow,
    CounterServiceRow,
    FieldRow,
    OfficerRow,
    PriorityCategoryRow,
    QueueServiceRow,
    utcnow,
)
from counter_app.adapters.db.models_admin import (
    AuditHeadRow,
    CentreSettingRow,
    DayClosureRow,
    OfficerServiceRow,
)
from counter_app.adapters.db.models_queue import CounterSessionRow, TicketRow
from counter_app.adapters.db.repositories.queue import _ticket as ticket_from_row
from counter_app.domain.admin import (
    CounterDraft,
    CounterItem,
    OfficerDraft,
    OfficerItem,
    PriorityDraft,
    PriorityItem,
    ServiceDraft,
    ServiceItem,
)
from counter_app.domain.audit_chain import AuditLink
from counter_app.domain.errors import ValidationError
from counter_app.domain.queue import Ticket
from counter_app.domain.reference import Officer, Role
from counter_app.services.ports.admin import AccountState, AuditEntry, AuditFilter


def _time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


class SqlAdminRepository:
    """Administration data in the SQL store."""

    def __init__(self, session: Session, backend: str = "") -> None:
        self.session = session
        self.backend = backend

    # accounts -----------------------------------------------------------------------------
    def _officer_row(self, username: str) -> OfficerRow | None:
        return self.session.scalar(
            select(OfficerRow).where(OfficerRow.username == username.strip().lower()))

    def account(self, username: str) -> AccountState | None:
        """Return the account of ``username`` (case-insensitive), or None."""
        r = self._officer_row(username)
        if r is None:
            return None
        officer = Officer(r.id, r.username, r.full_name, Role(r.role), r.active)
        return AccountState(officer, r.password_hash, r.must_change_password, r.failed_logins,
                            r.locked_until)

    def save_login_state(self, officer_id: uuid.UUID, failed_logins: int,
                         locked_until: dt.datetime | None) -> None:
        """Store the failure count and lock end after a login attempt."""
        row = self.session.get(OfficerRow, officer_id)
        if row is not None:
            row.failed_logins, row.locked_until = failed_logins, locked_until
            self.session.flush()

    def set_password(self, officer_id: uuid.UUID, password_hash: str, *,
                     must_change: bool) -> None:
        """Replace the password hash; ``must_change`` forces a change at next login."""
        row = self.session.get(OfficerRow, officer_id)
        if row is not None:
            row.password_hash, row.must_change_password = password_hash, must_change
            row.failed_logins, row.locked_until = 0, None
            self.session.flush()

    def count_officers(self) -> int:
        """Return how many officer accounts exist."""
        return int(self.session.scalar(select(func.count()).select_from(OfficerRow)) or 0)

    # services -----------------------------------------------------------------------------
    def code_map(self) -> Mapping[str, uuid.UUID]:
        """Return queue service code → id."""
        return {c: i for c, i in self.session.execute(
            select(QueueServiceRow.code, QueueServiceRow.id))}

    def _ids_for(self, codes: tuple[str, ...], field: str) -> list[uuid.UUID]:
        known = self.code_map()
        missing = [c for c in codes if c not in known]
        if missing:
            raise ValidationError({field: f"Không có lĩnh vực mã {', '.join(missing)}. "
                                          f"Mã hợp lệ: {', '.join(sorted(known)) or '(chưa có)'}."})
        return [known[c] for c in codes]

    def _unique(self, model: type, column: str, value: object, own_id: uuid.UUID | None,
                field: str, message: str) -> None:
        found = self.session.scalar(select(model.id).where(getattr(model, column) == value))  # type: ignore[attr-defined]
        if found is not None and found != own_id:
            raise ValidationError({field: message})

    def services(self) -> list[ServiceItem]:
        """Return every queue service, inactive ones too, in kiosk order."""
        fields = {i: c for i, c in self.session.execute(select(FieldRow.id, FieldRow.code))}
        rows = self.session.scalars(select(QueueServiceRow).order_by(
            QueueServiceRow.sort_order, QueueServiceRow.prefix))
        return [ServiceItem(r.id, r.code, r.name, r.prefix, r.start_number, r.daily_cap,
                            _time(r.issue_from), _time(r.issue_to), r.sort_order, r.active,
                            fields.get(r.field_id, "") if r.field_id else "") for r in rows]

    def save_service(self, service_id: uuid.UUID | None, draft: ServiceDraft) -> ServiceItem:
        """Insert (``service_id`` None) or update a queue service."""
        mark_changed(self.session)  # running screens on other PCs reload
        self._unique(QueueServiceRow, "code", draft.code, service_id, "code",
                     f"Mã {draft.code} đã được dùng cho lĩnh vực khác.")
        self._unique(QueueServiceRow, "prefix", draft.prefix, service_id, "prefix",
                     f"Tiền tố {draft.prefix} đã được dùng cho lĩnh vực khác.")
        field_id = None
        if draft.field_code:
            field_id = self.session.scalar(select(FieldRow.id).where(
                FieldRow.code == draft.field_code))
            if field_id is None:
                raise ValidationError({"field_code": f"Không có lĩnh vực thủ tục {draft.field_code}."})
        row = self.session.get(QueueServiceRow, service_id) if service_id else None
        if row is None:
            row = QueueServiceRow(id=service_id or uuid.uuid4(), width=3)
            self.session.add(row)
        row.code, row.name, row.prefix = draft.code, draft.name, draft.prefix
        row.start_number, row.daily_cap, row.sort_order = (draft.start_number, draft.daily_cap,
                                                           draft.sort_order)
        row.issue_from, row.issue_to = _hhmm(draft.issue_from), _hhmm(draft.issue_to)
        row.active = draft.active
        if field_id is not None:
            row.field_id = field_id
        self.session.flush()
        return next(s for s in self.services() if s.id == row.id)

    # counters -----------------------------------------------------------------------------
    def counters(self) -> list[CounterItem]:
        """Return every counter by number."""
        codes = {i: c for c, i in self.code_map().items()}
        links: dict[uuid.UUID, list[str]] = {}
        for link in self.session.scalars(select(CounterServiceRow)):
            links.setdefault(link.counter_id, []).append(codes.get(link.service_id, "?"))
        rows = self.session.scalars(select(CounterRow).order_by(CounterRow.number))
        return [CounterItem(r.id, r.number, r.name, tuple(sorted(links.get(r.id, []))),
                            r.pc_name, r.active) for r in rows]

    def save_counter(self, counter_id: uuid.UUID | None, draft: CounterDraft) -> CounterItem:
        """Insert or update a counter and the services it serves."""
        mark_changed(self.session)  # running screens on other PCs reload
        self._unique(CounterRow, "number", draft.number, counter_id, "number",
                     f"Quầy số {draft.number} đã có.")
        service_ids = self._ids_for(draft.service_codes, "service_codes")
        row = self.session.get(CounterRow, counter_id) if counter_id else None
        if row is None:
            row = CounterRow(id=counter_id or uuid.uuid4())
            self.session.add(row)
        row.number, row.name, row.pc_name, row.active = (draft.number, draft.name, draft.pc_name,
                                                         draft.active)
        self.session.flush()
        self.session.execute(delete(CounterServiceRow).where(CounterServiceRow.counter_id == row.id))
        for sid in service_ids:
            self.session.add(CounterServiceRow(counter_id=row.id, service_id=sid))
        self.session.flush()
        return next(c for c in self.counters() if c.id == row.id)

    # officers -----------------------------------------------------------------------------
    def officers(self) -> list[OfficerItem]:
        """Return every officer account by username."""
        codes = {i: c for c, i in self.code_map().items()}
        links: dict[uuid.UUID, list[str]] = {}
        for link in self.session.scalars(select(OfficerServiceRow)):
            links.setdefault(link.officer_id, []).append(codes.get(link.service_id, "?"))
        worked = set(self.session.scalars(select(TicketRow.officer_id).distinct()))
        worked |= set(self.session.scalars(select(CounterSessionRow.officer_id).distinct()))
        worked |= self._dossier_officers()
        rows = self.session.scalars(select(OfficerRow).order_by(OfficerRow.username))
        return [OfficerItem(r.id, r.username, r.full_name, r.title, Role(r.role),
                            tuple(sorted(links.get(r.id, []))), r.active,
                            r.must_change_password, r.locked_until, r.id in worked)
                for r in rows]

    def _dossier_officers(self) -> set[uuid.UUID | None]:
        try:
            from counter_app.adapters.db.models_dossier import DossierRow
        except ImportError:  # pragma: no cover - feature module absent
            return set()
        return set(self.session.scalars(select(DossierRow.officer_id).distinct()))

    def save_officer(self, officer_id: uuid.UUID | None, draft: OfficerDraft,
                     password_hash: str | None = None) -> OfficerItem:
        """Insert (with ``password_hash``) or update an officer account."""
        mark_changed(self.session)  # running screens on other PCs reload
        self._unique(OfficerRow, "username", draft.username, officer_id, "username",
                     f"Tên đăng nhập {draft.username} đã có.")
        service_ids = self._ids_for(draft.service_codes, "service_codes")
        row = self.session.get(OfficerRow, officer_id) if officer_id else None
        if row is None:
            row = OfficerRow(id=officer_id or uuid.uuid4(), password_hash=password_hash or "!",
                             must_change_password=False, failed_logins=0)
            self.session.add(row)
        row.username, row.full_name, row.title = draft.username, draft.full_name, draft.title
        row.role, row.active = draft.role.value, draft.active
        self.session.flush()
        self.session.execute(delete(OfficerServiceRow).where(OfficerServiceRow.officer_id == row.id))
        for sid in service_ids:
            self.session.add(OfficerServiceRow(officer_id=row.id, service_id=sid))
        self.session.flush()
        return next(o for o in self.officers() if o.id == row.id)

    # priorities ---------------------------------------------------------------------------
    def priorities(self) -> list[PriorityItem]:
        """Return every priority category, inactive ones too."""
        rows = self.session.scalars(select(PriorityCategoryRow).order_by(
            PriorityCategoryRow.rank, PriorityCategoryRow.code))
        return [PriorityItem(r.id, r.code, r.name, r.rank, r.active) for r in rows]

    def save_priority(self, priority_id: uuid.UUID | None, draft: PriorityDraft) -> PriorityItem:
        """Insert or update a priority category."""
        mark_changed(self.session)  # running screens on other PCs reload
        self._unique(PriorityCategoryRow, "code", draft.code, priority_id, "code",
                     f"Mã ưu tiên {draft.code} đã có.")
        row = self.session.get(PriorityCategoryRow, priority_id) if priority_id else None
        if row is None:
            row = PriorityCategoryRow(id=priority_id or uuid.uuid4())
            self.session.add(row)
        row.code, row.name, row.rank, row.active = draft.code, draft.name, draft.rank, draft.active
        self.session.flush()
        return next(p for p in self.priorities() if p.id == row.id)

    # centre settings ----------------------------------------------------------------------
    def settings(self) -> dict[str, str]:
        """Return the centre settings stored in the database (key → TOML value text)."""
        return {r.key: r.value for r in self.session.scalars(select(CentreSettingRow))}

    def put_setting(self, key: str, value: str, actor: str) -> None:
        """Store one centre setting."""
        mark_changed(self.session)  # running screens on other PCs reload
        row = self.session.get(CentreSettingRow, key)
        if row is None:
            self.session.add(CentreSettingRow(key=key, value=value, updated_by=actor))
        else:
            row.value, row.updated_by, row.updated_at = value, actor, utcnow()
        self.session.flush()

    # audit --------------------------------------------------------------------------------
    def audit_heads(self) -> dict[str, tuple[int, str]]:
        """Return each origin's recorded chain head (seq, hash)."""
        return {r.origin: (r.seq, r.row_hash) for r in self.session.scalars(select(AuditHeadRow))}

    def audit_origins(self) -> list[str]:
        """Return every origin that has audit rows."""
        return sorted(self.session.scalars(select(AuditRow.origin).distinct()))

    def audit_links(self, origin: str) -> Iterator[AuditLink]:
        """Yield one origin's audit rows, unnumbered first, then by ``seq``."""
        q = (select(AuditRow.id, AuditRow.origin, AuditRow.seq, AuditRow.at, AuditRow.actor,
                    AuditRow.action, AuditRow.subject, AuditRow.detail, AuditRow.prev_hash,
                    AuditRow.row_hash)
             .where(AuditRow.origin == origin)
             .order_by(AuditRow.seq.is_(None).desc(), AuditRow.seq))
        for r in self.session.execute(q.execution_options(yield_per=2000)):
            yield AuditLink(id=r.id, origin=r.origin, seq=r.seq, at=r.at, actor=r.actor,
                            action=r.action, subject=r.subject, detail=r.detail,
                            prev_hash=r.prev_hash, row_hash=r.row_hash)

    def audit_entries(self, wanted: AuditFilter) -> list[AuditEntry]:
        """Return audit lines matching ``wanted``, newest first."""
        q = select(AuditRow)
        if wanted.since is not None:
            q = q.where(AuditRow.at >= wanted.since)
        if wanted.until is not None:
            q = q.where(AuditRow.at < wanted.until)
        if wanted.actor:
            q = q.where(AuditRow.actor == wanted.actor)
        if wanted.action:
            q = q.where(AuditRow.action == wanted.action)
        if wanted.subject:
            q = q.where(AuditRow.subject.contains(wanted.subject))
        q = q.order_by(AuditRow.at.desc(), AuditRow.seq.desc()).limit(wanted.limit)
        return [AuditEntry(r.id, r.at, r.actor, r.action, r.subject, r.detail, r.origin, r.seq)
                for r in self.session.scalars(q)]

    # day-end ----------------------------------------------------------------------------
    def day_tickets(self, day: dt.date) -> list[Ticket]:
        """Return every ticket stint of a business day."""
        rows = self.session.execute(select(TicketRow.__table__).where(
            TicketRow.business_date == day)).mappings()
        return [ticket_from_row(r) for r in rows]

    def dossier_counts(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """Return how many dossiers were received and returned between ``start`` and ``end``."""
        from counter_app.adapters.db.models_dossier import DossierRow

        received = self.session.scalar(select(func.count()).select_from(DossierRow).where(
            DossierRow.received_at >= start, DossierRow.received_at < end))
        returned = self.session.scalar(select(func.count()).select_from(DossierRow).where(
            DossierRow.returned_at >= start, DossierRow.returned_at < end))
        return int(received or 0), int(returned or 0)

    def service_names(self) -> dict[uuid.UUID, tuple[str, str]]:
        """Return service id → (code, name), in kiosk order."""
        return {s.id: (s.code, s.name) for s in self.services()}

    # day closures -------------------------------------------------------------------------
    def day_closure(self, day: dt.date) -> tuple[dt.datetime, str, str] | None:
        """Return (closed_at, closed_by, summary JSON) of a closed business day."""
        row = self.session.get(DayClosureRow, day)
        return (row.closed_at, row.closed_by, row.summary) if row else None

    def put_day_closure(self, day: dt.date, actor: str, summary: str) -> None:
        """Record that ``day`` was closed."""
        self.session.add(DayClosureRow(business_date=day, closed_by=actor, summary=summary))
        self.session.flush()
