"""Reference data repository and audit log on SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.adapters.db.models import (
    AuditRow,
    CounterRow,
    CounterServiceRow,
    FieldRow,
    OfficerRow,
    PriorityCategoryRow,
    QueueServiceRow,
    node_id,
    utcnow,
)
from counter_app.adapters.db.models_admin import AuditHeadRow
from counter_app.domain.audit_chain import GENESIS, link_hash
from counter_app.domain.reference import (
    Counter,
    Field,
    Officer,
    PriorityCategory,
    QueueService,
    Role,
)


def _field(r: FieldRow) -> Field:
    return Field(r.id, r.code, r.name, r.ticket_prefix, r.sort_order, r.active)


def _service(r: QueueServiceRow) -> QueueService:
    return QueueService(
        id=r.id, code=r.code, name=r.name, prefix=r.prefix, field_id=r.field_id,
        start_number=r.start_number, daily_cap=r.daily_cap, width=r.width,
        sort_order=r.sort_order, active=r.active,
        issue_from=_hhmm(r.issue_from), issue_to=_hhmm(r.issue_to),
    )


def _hhmm(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _officer(r: OfficerRow) -> Officer:
    return Officer(r.id, r.username, r.full_name, Role(r.role), r.active)


class SqlReferenceRepository:
    """Reference data in the SQL store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def list_fields(self) -> list[Field]:
        """Return all fields ordered for display."""
        rows = self.session.scalars(select(FieldRow).order_by(FieldRow.sort_order, FieldRow.code))
        return [_field(r) for r in rows]

    def add_field(self, field: Field) -> None:
        """Store a new field."""
        self.session.add(FieldRow(id=field.id, code=field.code, name=field.name,
                                  ticket_prefix=field.ticket_prefix,
                                  sort_order=field.sort_order, active=field.active))
        self.session.flush()

    def field_by_code(self, code: str) -> Field | None:
        """Return the field with ``code``."""
        row = self.session.scalar(select(FieldRow).where(FieldRow.code == code.upper()))
        return _field(row) if row else None

    def list_services(self, *, active_only: bool = True) -> list[QueueService]:
        """Return queue services ordered for display."""
        q = select(QueueServiceRow).order_by(QueueServiceRow.sort_order, QueueServiceRow.prefix)
        if active_only:
            q = q.where(QueueServiceRow.active.is_(True))
        return [_service(r) for r in self.session.scalars(q)]

    def add_service(self, service: QueueService) -> None:
        """Store a new queue service."""
        self.session.add(QueueServiceRow(
            id=service.id, code=service.code, name=service.name, prefix=service.prefix,
            field_id=service.field_id, start_number=service.start_number,
            daily_cap=service.daily_cap, width=service.width, sort_order=service.sort_order,
            active=service.active))
        self.session.flush()

    def service_by_code(self, code: str) -> QueueService | None:
        """Return the queue service with ``code`` (case-insensitive), or None."""
        row = self.session.scalar(
            select(QueueServiceRow).where(func.upper(QueueServiceRow.code) == code.upper())
        )
        return _service(row) if row else None

    def service(self, service_id: uuid.UUID) -> QueueService | None:
        """Return the queue service with ``service_id``."""
        row = self.session.get(QueueServiceRow, service_id)
        return _service(row) if row else None

    def _services_of(self) -> dict[uuid.UUID, tuple[uuid.UUID, ...]]:
        links: dict[uuid.UUID, list[uuid.UUID]] = {}
        for link in self.session.scalars(select(CounterServiceRow)):
            links.setdefault(link.counter_id, []).append(link.service_id)
        return {k: tuple(sorted(v)) for k, v in links.items()}

    def list_counters(self) -> list[Counter]:
        """Return counters by number, each with its services."""
        links = self._services_of()
        rows = self.session.scalars(select(CounterRow).order_by(CounterRow.number))
        return [Counter(r.id, r.number, r.name, links.get(r.id, ()), r.active) for r in rows]

    def add_counter(self, counter: Counter) -> None:
        """Store a new counter and the services it serves."""
        self.session.add(CounterRow(id=counter.id, number=counter.number, name=counter.name,
                                    active=counter.active))
        self.session.flush()
        for sid in counter.service_ids:
            self.session.add(CounterServiceRow(counter_id=counter.id, service_id=sid))
        self.session.flush()

    def counter_by_number(self, number: int) -> Counter | None:
        """Return counter ``number``."""
        row = self.session.scalar(select(CounterRow).where(CounterRow.number == number))
        if row is None:
            return None
        sids = self.session.scalars(
            select(CounterServiceRow.service_id).where(CounterServiceRow.counter_id == row.id)
        )
        return Counter(row.id, row.number, row.name, tuple(sorted(sids)), row.active)

    def add_officer(self, officer: Officer, password_hash: str) -> None:
        """Store a new officer account."""
        self.session.add(OfficerRow(id=officer.id, username=officer.username,
                                    full_name=officer.full_name, password_hash=password_hash,
                                    role=officer.role.value, active=officer.active))
        self.session.flush()

    def officer_with_hash(self, username: str) -> tuple[Officer, str] | None:
        """Return the officer and the stored password hash, for login."""
        row = self.session.scalar(
            select(OfficerRow).where(OfficerRow.username == username.strip().lower())
        )
        return (_officer(row), row.password_hash) if row else None

    def officer(self, officer_id: uuid.UUID) -> Officer | None:
        """Return the officer with ``officer_id``."""
        row = self.session.get(OfficerRow, officer_id)
        return _officer(row) if row else None

    def list_officers(self) -> list[Officer]:
        """Return every officer account."""
        return [_officer(r) for r in self.session.scalars(
            select(OfficerRow).order_by(OfficerRow.username))]

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an officer's password hash."""
        row = self.session.scalar(select(OfficerRow).where(OfficerRow.username == username))
        if row is not None:
            row.password_hash = password_hash
            self.session.flush()

    def list_priorities(self) -> list[PriorityCategory]:
        """Return active priority categories by rank."""
        rows = self.session.scalars(
            select(PriorityCategoryRow).where(PriorityCategoryRow.active.is_(True))
            .order_by(PriorityCategoryRow.rank, PriorityCategoryRow.code))
        return [PriorityCategory(r.id, r.code, r.name, r.rank, r.active) for r in rows]

    def add_priority(self, category: PriorityCategory) -> None:
        """Store a priority category."""
        self.session.add(PriorityCategoryRow(id=category.id, code=category.code,
                                             name=category.name, rank=category.rank,
                                             active=category.active))
        self.session.flush()


class SqlAuditLog:
    """Append-only audit trail in the SQL store, one hash chain per origin (this PC's node id)."""

    def __init__(self, session: Session, origin: str | None = None) -> None:
        self.session = session
        self.origin = origin  # None: this PC's node id

    def _lock_head(self, origin: str) -> AuditHeadRow:
        """Return this origin's chain head, created if missing, locked until commit."""
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        self.session.execute(insert(AuditHeadRow).values(origin=origin, seq=0, row_hash=GENESIS)
                             .on_conflict_do_nothing(index_elements=["origin"]))
        head = self.session.scalar(select(AuditHeadRow).where(AuditHeadRow.origin == origin)
                                   .with_for_update().execution_options(populate_existing=True))
        assert head is not None
        return head

    def record(self, actor: str, action: str, subject: str = "", detail: str = "") -> None:
        """Append one audit line, linked to the previous line of this origin's chain."""
        origin = self.origin or node_id()
        head = self._lock_head(origin)
        entry_id, at, seq, subject = uuid.uuid4(), utcnow(), head.seq + 1, subject[:200]
        digest = link_hash(head.row_hash, entry_id=entry_id, origin=origin, seq=seq, at=at,
                           actor=actor, action=action, subject=subject, detail=detail)
        self.session.add(AuditRow(id=entry_id, origin=origin, at=at, actor=actor, action=action,
                                  subject=subject, detail=detail, seq=seq,
                                  prev_hash=head.row_hash, row_hash=digest))
        head.seq, head.row_hash = seq, digest
        self.session.flush()
