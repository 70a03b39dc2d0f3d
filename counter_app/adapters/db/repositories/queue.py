"""Queue persistence on SQLAlchemy Core: number sequences, tickets, events, counter sessions.

Locking, per backend (the services open writing units of work with ``immediate=True``):

* SQLite: ``BEGIN IMMEDIATE`` already holds the database write lock, so every read-then-write in
  the unit of work is serialised.
* PostgreSQL: numbers come from ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on the
  (date, service) sequence row, which row-locks it until commit; call-next reads its candidates
  with ``FOR UPDATE SKIP LOCKED``; every status change is a claim,
  ``UPDATE … WHERE id = :id AND status = :expected``, checked by its row count. Each writing
  transaction also sends ``pg_notify`` on :data:`NOTIFY_CHANNEL` (delivered at commit).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import RowMapping, Select, Table, and_, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.adapters.db.models import CounterServiceRow, node_id, utcnow
from counter_app.adapters.db.models_queue import (
    CounterSessionRow,
    TicketEventRow,
    TicketRow,
    TicketSequenceRow,
)
from counter_app.domain.queue import (
    CounterSession,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
)

NOTIFY_CHANNEL = "counter_app_changes"

T = cast(Table, TicketRow.__table__)
E = cast(Table, TicketEventRow.__table__)
S = cast(Table, TicketSequenceRow.__table__)
CS = cast(Table, CounterSessionRow.__table__)
LINKS = cast(Table, CounterServiceRow.__table__)

_MUTABLE = ("status", "service_id", "target_counter_id", "counter_id", "officer_id",
            "called_at", "serving_at", "finished_at", "recall_count")
_CALL_ORDER = (T.c.priority_rank, T.c.issued_at, T.c.number, T.c.display_number, T.c.id)
_QUEUE_ORDER = (case((T.c.priority_rank > 0, 0), else_=1), *_CALL_ORDER)
_WAITING = TicketStatus.WAITING.value


def _ticket(r: RowMapping) -> Ticket:
    return Ticket(
        id=r["id"], business_date=r["business_date"], issue_service_id=r["issue_service_id"],
        number=r["number"], display_number=r["display_number"], service_id=r["service_id"],
        issued_at=r["issued_at"], status=TicketStatus(r["status"]),
        priority_code=r["priority_code"], priority_rank=r["priority_rank"],
        target_counter_id=r["target_counter_id"], counter_id=r["counter_id"],
        officer_id=r["officer_id"], called_at=r["called_at"], serving_at=r["serving_at"],
        finished_at=r["finished_at"], recall_count=r["recall_count"],
        transferred_from_id=r["transferred_from_id"])


def _event(r: RowMapping) -> TicketEvent:
    return TicketEvent(
        id=r["id"], ticket_id=r["ticket_id"], at=r["at"], action=TicketAction(r["action"]),
        actor=r["actor"], to_status=TicketStatus(r["to_status"]),
        from_status=TicketStatus(r["from_status"]) if r["from_status"] else None,
        officer_id=r["officer_id"], counter_id=r["counter_id"], detail=r["detail"])


def _session(r: RowMapping) -> CounterSession:
    return CounterSession(r["id"], r["counter_id"], r["officer_id"], r["opened_at"],
                          r["closed_at"], r["closed_by"])


class SqlQueueRepository:
    """The queue repository of one unit of work."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend
        self._notified = False

    # -------------------------------------------------------------- internals
    def _touch(self) -> None:
        """Tell listeners (PostgreSQL LISTEN) that this transaction changes the queue."""
        if self.backend == "postgresql" and not self._notified:
            self.session.execute(select(func.pg_notify(NOTIFY_CHANNEL, "queue")))
            self._notified = True

    def _rows(self, stmt: Any) -> list[RowMapping]:
        return list(self.session.execute(stmt).mappings())

    def _eligible(self, day: dt.date, counter_id: uuid.UUID | None,
                  service_ids: Sequence[uuid.UUID]) -> Select[Any]:
        q = select(T).where(T.c.business_date == day, T.c.status == _WAITING)
        if counter_id is not None:
            q = q.where(or_(T.c.target_counter_id == counter_id,
                            and_(T.c.target_counter_id.is_(None),
                                 T.c.service_id.in_(list(service_ids)))))
        elif service_ids:
            q = q.where(T.c.service_id.in_(list(service_ids)))
        return q

    @staticmethod
    def _stamp() -> dict[str, Any]:
        now = utcnow()
        return {"created_at": now, "updated_at": now, "origin": node_id()}

    # -------------------------------------------------------------- numbers
    def allocate_number(self, day: dt.date, service_id: uuid.UUID, start_number: int
                        ) -> tuple[int, int]:
        """Upsert the (day, service) sequence row and return (number, issued today)."""
        dialect: Any = postgresql if self.backend == "postgresql" else sqlite
        stmt = dialect.insert(S).values(business_date=day, service_id=service_id,
                                        last_number=start_number, issued=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[S.c.business_date, S.c.service_id],
            set_={"last_number": S.c.last_number + 1, "issued": S.c.issued + 1},
        ).returning(S.c.last_number, S.c.issued)
        number, issued = self.session.execute(stmt).one()
        self._touch()
        return int(number), int(issued)

    def issued_counts(self, day: dt.date) -> dict[uuid.UUID, int]:
        """Return numbers handed out per service on ``day``."""
        rows = self.session.execute(select(S.c.service_id, S.c.issued)
                                    .where(S.c.business_date == day))
        return {sid: int(n) for sid, n in rows}

    # -------------------------------------------------------------- tickets
    def add_ticket(self, ticket: Ticket) -> None:
        """Insert a ticket stint."""
        self.session.execute(insert(T).values(
            id=ticket.id, business_date=ticket.business_date,
            issue_service_id=ticket.issue_service_id, number=ticket.number,
            display_number=ticket.display_number, issued_at=ticket.issued_at,
            priority_code=ticket.priority_code, priority_rank=ticket.priority_rank,
            transferred_from_id=ticket.transferred_from_id,
            **{k: getattr(ticket, k) for k in _MUTABLE if k != "status"},
            status=ticket.status.value, **self._stamp()))
        self._touch()

    def get_ticket(self, ticket_id: uuid.UUID) -> Ticket | None:
        """Return one ticket stint."""
        row = self.session.execute(select(T).where(T.c.id == ticket_id)).mappings().first()
        return _ticket(row) if row else None

    def find_ticket(self, day: dt.date, display_number: str) -> Ticket | None:
        """Return the newest stint of ``display_number`` on ``day``."""
        row = self.session.execute(
            select(T).where(T.c.business_date == day, T.c.display_number == display_number)
            .order_by(T.c.created_at.desc()).limit(1)).mappings().first()
        return _ticket(row) if row else None

    def save_ticket(self, ticket: Ticket, expected: TicketStatus) -> bool:
        """Claim-style update: write only if the stored status is still ``expected``."""
        values = {k: getattr(ticket, k) for k in _MUTABLE}
        values["status"] = ticket.status.value
        result = self.session.execute(
            update(T).where(T.c.id == ticket.id, T.c.status == expected.value)
            .values(**values, updated_at=utcnow()))
        self._touch()
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    def call_candidates(
        self, day: dt.date, counter_id: uuid.UUID, service_ids: Sequence[uuid.UUID]
    ) -> tuple[Ticket | None, Ticket | None]:
        """Return the first waiting priority and normal tickets for a counter.

        On PostgreSQL both are row-locked with ``SKIP LOCKED``: a counter calling at the same
        moment passes over them to the next ones instead of waiting or taking the same ticket.
        """
        base = self._eligible(day, counter_id, service_ids)
        heads: list[Ticket | None] = []
        for cond, order in ((T.c.priority_rank > 0, _CALL_ORDER),
                            (T.c.priority_rank == 0, _CALL_ORDER[1:])):
            q = base.where(cond).order_by(*order).limit(1)
            if self.backend == "postgresql":
                q = q.with_for_update(skip_locked=True)
            row = self.session.execute(q).mappings().first()
            heads.append(_ticket(row) if row else None)
        return heads[0], heads[1]

    def recent_call_priorities(self, day: dt.date, counter_id: uuid.UUID, limit: int
                               ) -> list[bool]:
        """Return, newest first, whether the counter's latest calls were priority tickets."""
        rows = self.session.execute(
            select(T.c.priority_rank).where(T.c.business_date == day,
                                            T.c.counter_id == counter_id,
                                            T.c.called_at.is_not(None))
            .order_by(T.c.called_at.desc(), T.c.id.desc()).limit(limit))
        return [int(rank) > 0 for (rank,) in rows]

    def waiting(self, day: dt.date, *, counter_id: uuid.UUID | None = None,
                service_ids: Sequence[uuid.UUID] = ()) -> list[Ticket]:
        """Return waiting tickets in calling order (without the starvation rule)."""
        q = self._eligible(day, counter_id, service_ids).order_by(*_QUEUE_ORDER)
        return [_ticket(r) for r in self._rows(q)]

    def count_ahead(self, day: dt.date, service_id: uuid.UUID, priority_rank: int) -> int:
        """Count waiting tickets of the service called before a new ticket of that rank."""
        q = select(func.count()).select_from(T).where(
            T.c.business_date == day, T.c.status == _WAITING, T.c.service_id == service_id)
        if priority_rank > 0:
            q = q.where(T.c.priority_rank > 0, T.c.priority_rank <= priority_rank)
        return int(self.session.execute(q).scalar_one())

    def waiting_counts(self, day: dt.date) -> dict[uuid.UUID, tuple[int, int]]:
        """Return (waiting, of which priority) per service on ``day``."""
        rows = self.session.execute(
            select(T.c.service_id, func.count(),
                   func.sum(case((T.c.priority_rank > 0, 1), else_=0)))
            .where(T.c.business_date == day, T.c.status == _WAITING)
            .group_by(T.c.service_id))
        return {sid: (int(n), int(p or 0)) for sid, n, p in rows}

    def open_counter_count(self, service_id: uuid.UUID) -> int:
        """Count counters serving ``service_id`` that have an open session."""
        q = (select(func.count(func.distinct(CS.c.counter_id)))
             .select_from(CS.join(LINKS, LINKS.c.counter_id == CS.c.counter_id))
             .where(CS.c.closed_at.is_(None), LINKS.c.service_id == service_id))
        return int(self.session.execute(q).scalar_one())

    def active_tickets(self, day: dt.date) -> list[Ticket]:
        """Return today's called and serving tickets."""
        q = select(T).where(T.c.business_date == day, T.c.status.in_(
            [TicketStatus.CALLED.value, TicketStatus.SERVING.value])).order_by(T.c.called_at)
        return [_ticket(r) for r in self._rows(q)]

    def average_service_seconds(self, service_id: uuid.UUID, since: dt.datetime, sample: int
                                ) -> float | None:
        """Mean call-to-finish seconds of the latest ``sample`` done stints of the service."""
        rows = self.session.execute(
            select(T.c.called_at, T.c.finished_at)
            .where(T.c.service_id == service_id, T.c.status == TicketStatus.DONE.value,
                   T.c.finished_at >= since, T.c.called_at.is_not(None))
            .order_by(T.c.finished_at.desc()).limit(sample)).all()
        if not rows:
            return None
        return float(sum((f - c).total_seconds() for c, f in rows)) / len(rows)

    # -------------------------------------------------------------- events
    def add_event(self, event: TicketEvent) -> None:
        """Append a ticket event."""
        self.session.execute(insert(E).values(
            id=event.id, ticket_id=event.ticket_id, at=event.at, action=event.action.value,
            actor=event.actor[:64], officer_id=event.officer_id, counter_id=event.counter_id,
            from_status=event.from_status.value if event.from_status else None,
            to_status=event.to_status.value, detail=event.detail, **self._stamp()))
        self._touch()

    def events(self, ticket_ids: Sequence[uuid.UUID]) -> list[TicketEvent]:
        """Return the stints' events, oldest first."""
        q = (select(E).where(E.c.ticket_id.in_(list(ticket_ids)))
             .order_by(E.c.at, E.c.created_at, E.c.id))
        return [_event(r) for r in self._rows(q)]

    def recent_calls(self, since: dt.datetime, limit: int) -> list[TicketEvent]:
        """Return the latest call and recall events, newest first."""
        q = (select(E).where(E.c.at >= since, E.c.action.in_(
            [TicketAction.CALL.value, TicketAction.RECALL.value]))
             .order_by(E.c.at.desc(), E.c.created_at.desc(), E.c.id.desc()).limit(limit))
        return [_event(r) for r in self._rows(q)]

    # -------------------------------------------------------------- counter sessions
    def active_sessions(self) -> list[CounterSession]:
        """Return every open counter session."""
        return [_session(r) for r in self._rows(select(CS).where(CS.c.closed_at.is_(None)))]

    def open_session(self, session: CounterSession) -> bool:
        """Insert an open session; False if the partial unique index refuses it."""
        try:
            with self.session.begin_nested():
                self.session.execute(insert(CS).values(
                    id=session.id, counter_id=session.counter_id, officer_id=session.officer_id,
                    opened_at=session.opened_at, closed_at=None, closed_by=None,
                    **self._stamp()))
        except IntegrityError:
            return False
        self._touch()
        return True

    def close_session(self, session_id: uuid.UUID, closed_at: dt.datetime, closed_by: str) -> None:
        """Close a counter session."""
        self.session.execute(update(CS).where(CS.c.id == session_id, CS.c.closed_at.is_(None))
                             .values(closed_at=closed_at, closed_by=closed_by[:64],
                                     updated_at=utcnow()))
        self._touch()
