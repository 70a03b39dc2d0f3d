"""Queue persistence on SQLAlchemy Core: number sequences, tickets, events, counter sessions.

Locking, per backend (the services open writing units of work with ``immediate=True``):

* SQLite: ``BEGIN IMMEDIATE`` already holds the database write lock, so every read-then-write in
  the unit of work is serialised.
* PostgreSQL: numbers come from ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on the
  (date, service) sequence row, which row-locks it until commit; call-next reads its candidates
  with ``FOR UPDATE SKIP LOCKED``; every status change is a claim,
  ``UPDATE … WHERE id = :id AND status = :expected``, checked by its row count. A write to
  tickets, events or sequences marks the unit of work, which notifies :data:`NOTIFY_CHANNEL`
  right after its commit (:mod:`counter_app.adapters.db.change_notify`: a NOTIFY inside the
  transaction serialises all commits); counter sessions still notify by statement trigger.
* Waiting counts per (day, service) are kept by triggers (migration ``0008_queue_speed``).

Speed: issue and call-next are hot paths, so statements are built once per backend
(:mod:`counter_app.adapters.db.repositories.queue_sql`) with bound parameters and run on the
unit of work's connection; SQLAlchemy then only looks up its compiled-statement cache.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, RowMapping, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.adapters.db.change_notify import mark_changed
from counter_app.adapters.db.models import node_id, utcnow
from counter_app.adapters.db.models_queue import CounterSessionRow
from counter_app.adapters.db.repositories import queue_issue_sql as issue_sql
from counter_app.adapters.db.repositories import queue_sql as q
from counter_app.adapters.db.repositories.queue_sql import NOTIFY_CHANNEL
from counter_app.domain.queue import (
    CounterSession,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
)
from counter_app.domain.reference import Counter, PriorityCategory, QueueService
from counter_app.services.ports.queue import CounterDesk, NumberedTicket

__all__ = ["NOTIFY_CHANNEL", "SqlQueueRepository"]

# a Ticket's fields as stored (its status is an enum, converted apart)
_TICKET_FIELDS = tuple(c for c in q.READ_COLUMNS if c != "status")


def _hhmm(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _ticket(r: RowMapping, prefix: str = "") -> Ticket:
    return Ticket(status=TicketStatus(r[prefix + "status"]),
                  **{k: r[prefix + k] for k in _TICKET_FIELDS})


def _event(r: RowMapping) -> TicketEvent:
    return TicketEvent(
        id=r["id"], ticket_id=r["ticket_id"], at=r["at"], action=TicketAction(r["action"]),
        actor=r["actor"], to_status=TicketStatus(r["to_status"]),
        from_status=TicketStatus(r["from_status"]) if r["from_status"] else None,
        officer_id=r["officer_id"], counter_id=r["counter_id"], detail=r["detail"])


def _desk(rows: Sequence[RowMapping], recent: int) -> CounterDesk:
    """The desk of a counter from its rows (one per service it serves)."""
    r = rows[0]
    sids = tuple(sorted({x["service_id"] for x in rows if x["service_id"] is not None}))
    counter = Counter(r["id"], r["number"], r["name"], sids, r["active"])
    session = (CounterSession(r["session_id"], r["id"], r["session_officer_id"],
                              r["session_opened_at"], paused_since=r["session_paused_since"])
               if r["session_id"] else None)
    calls: list[bool] = []
    for i in range(recent):
        rank = r[f"recent_{i}"]
        if rank is None:
            break
        calls.append(int(rank) > 0)
    return CounterDesk(counter, session, r["busy_with"], tuple(calls))


def _session(r: RowMapping) -> CounterSession:
    return CounterSession(r["id"], r["counter_id"], r["officer_id"], r["opened_at"],
                          r["closed_at"], r["closed_by"], r.get("paused_since"))


class SqlQueueRepository:
    """The queue repository of one unit of work."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend
        self.sql = q.statements(backend)

    @cached_property
    def conn(self) -> Connection:
        """The unit of work's connection (inside its transaction)."""
        return self.session.connection()

    def _run(self, stmt: Any, **params: Any) -> Any:
        return self.conn.execute(stmt, params)

    def _write(self, stmt: Any, **params: Any) -> Any:
        """Run a statement that changes tickets, events or sequences (screens are notified)."""
        if self.backend == "postgresql":
            mark_changed(self.session)
        return self.conn.execute(stmt, params)

    @staticmethod
    def _stamp() -> dict[str, Any]:
        now = utcnow()
        return {"created_at": now, "updated_at": now, "origin": node_id()}

    # -------------------------------------------------------------- hot-path lookups
    def service_by_code(self, code: str) -> QueueService | None:
        """Return the queue service with ``code`` (any case)."""
        r = self._run(self.sql.service_by_code, code=code.strip().upper()).mappings().first()
        if r is None:
            return None
        return QueueService(r["id"], r["code"], r["name"], r["prefix"], r["field_id"],
                            r["start_number"], r["daily_cap"], r["width"], r["sort_order"],
                            r["active"], _hhmm(r["issue_from"]), _hhmm(r["issue_to"]))

    def priority_by_code(self, code: str) -> PriorityCategory | None:
        """Return the active priority category with ``code`` (any case)."""
        r = self._run(self.sql.priority_by_code, code=code.strip().upper()).mappings().first()
        return PriorityCategory(r["id"], r["code"], r["name"], r["rank"], r["active"]) if r \
            else None

    def counter_by_number(self, number: int) -> Counter | None:
        """Return counter ``number`` with the services it serves."""
        rows = self._run(self.sql.counter_by_number, number=number).mappings().all()
        if not rows:
            return None
        r = rows[0]
        sids = tuple(sorted(x["service_id"] for x in rows if x["service_id"] is not None))
        return Counter(r["id"], r["number"], r["name"], sids, r["active"])

    def counter_desk(self, day: dt.date, number: int, recent: int = 0) -> CounterDesk | None:
        """Return counter ``number``, its open session, the ticket it has in hand on ``day`` and
        whether its ``recent`` latest calls that day were priority tickets (one query)."""
        rows = self._run(q.counter_desk(recent), number=number, day=day).mappings().all()
        return _desk(rows, recent) if rows else None

    def call_desk(self, day: dt.date, number: int, recent: int) -> CounterDesk | None:
        """:meth:`counter_desk` with the first waiting priority and normal tickets the counter
        may call (locked on PostgreSQL, skipping those another counter is calling), in the same
        round trip."""
        rows = self._run(q.call_desk(recent, self.backend), number=number,
                         day=day).mappings().all()
        if not rows:
            return None
        heads = {r["h_id"]: _ticket(r, "h_") for r in rows if r["h_id"] is not None}
        desk = _desk(rows, recent)
        return replace(desk,
                       priority_head=next((t for t in heads.values() if t.has_priority), None),
                       normal_head=next((t for t in heads.values() if not t.has_priority),
                                        None))

    def session_at(self, counter_id: uuid.UUID) -> CounterSession | None:
        """Return the open session at a counter."""
        r = self._run(self.sql.session_at, counter_id=counter_id).mappings().first()
        return _session(r) if r else None

    # -------------------------------------------------------------- numbers
    def allocate_number(self, day: dt.date, service_id: uuid.UUID, start_number: int
                        ) -> tuple[int, int]:
        """Upsert the (day, service) sequence row and return (number, issued today)."""
        number, issued = self._write(self.sql.allocate, day=day, sid=service_id,
                                   start=start_number).one()
        return int(number), int(issued)

    def issued_counts(self, day: dt.date) -> dict[uuid.UUID, int]:
        """Return numbers handed out per service on ``day``."""
        return {sid: int(n) for sid, n in self._run(self.sql.issued_counts, day=day)}

    # -------------------------------------------------------------- tickets
    def add_ticket(self, ticket: Ticket) -> None:
        """Insert a ticket stint."""
        values = {k: getattr(ticket, k) for k in _TICKET_FIELDS}
        self._write(self.sql.insert_ticket, status=ticket.status.value, **values, **self._stamp())

    def add_issued(self, ticket: Ticket, event: TicketEvent) -> int:
        """Insert a newly issued, numbered ticket and its issue event in this transaction; return
        the waiting tickets of its service that come before it."""
        ahead = self.count_ahead(ticket.business_date, ticket.service_id, ticket.priority_rank)
        self.add_ticket(ticket)
        self.add_event(event)
        return ahead

    def issue_numbered(self, draft: Ticket, event: TicketEvent, service: QueueService
                       ) -> NumberedTicket | None:
        """Number, store and count ahead a new ticket (see the port); PostgreSQL: one statement
        in a transaction of its own, :mod:`queue_issue_sql`."""
        if self.backend != "postgresql":
            return self.issue_in_transaction(draft, event, service)
        self.session.commit()  # the reads before were a transaction of their own
        conn = self.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        self.__dict__["conn"] = conn  # the cached connection of :attr:`conn` is this one now
        mark_changed(self.session)
        values = {f"t_{k}": getattr(draft, k) for k in _TICKET_FIELDS
                  if k not in ("number", "display_number")}
        values.update({f"t_{k}": v for k, v in self._stamp().items()}, t_status=draft.status.value)
        values.update(self._event_values(event, prefix="e_"))
        row = conn.execute(issue_sql.issue_numbered(), dict(
            values, day=draft.business_date, service_id=service.id, start=service.start_number,
            cap=service.daily_cap, prefix=service.prefix, width=service.width,
            rank=draft.priority_rank)).first()
        if row is None:
            return None
        number, issued, display, ahead, _ = row
        ticket = replace(draft, number=int(number), display_number=str(display))
        return NumberedTicket(ticket, int(issued), int(ahead))

    def issue_in_transaction(self, draft: Ticket, event: TicketEvent, service: QueueService
                             ) -> NumberedTicket | None:
        """:meth:`issue_numbered` inside the unit of work's transaction (SQLite, leased
        numbers): the sequence row stays locked until commit."""
        number, issued = self.allocate_number(draft.business_date, service.id,
                                              service.start_number)
        if service.daily_cap is not None and issued > service.daily_cap:
            return None  # the caller refuses and rolls the allocation back
        ticket = replace(draft, number=number, display_number=service.display_number(number))
        return NumberedTicket(ticket, issued, self.add_issued(ticket, event))

    def get_ticket(self, ticket_id: uuid.UUID) -> Ticket | None:
        """Return one ticket stint."""
        r = self._run(self.sql.get_ticket, id=ticket_id).mappings().first()
        return _ticket(r) if r else None

    def ticket_at_desk(self, ticket_id: uuid.UUID
                       ) -> tuple[Ticket, CounterSession | None] | None:
        """Return a ticket stint and the open session at the counter that called it."""
        r = self._run(self.sql.ticket_at_desk, id=ticket_id).mappings().first()
        if r is None:
            return None
        session = (CounterSession(r["session_id"], r["counter_id"], r["session_officer_id"],
                                  r["session_opened_at"]) if r["session_id"] else None)
        return _ticket(r), session

    def find_ticket(self, day: dt.date, display_number: str) -> Ticket | None:
        """Return the newest stint of ``display_number`` on ``day``."""
        r = self._run(self.sql.find_ticket, day=day, display=display_number).mappings().first()
        return _ticket(r) if r else None

    def save_ticket(self, ticket: Ticket, expected: TicketStatus) -> bool:
        """Claim-style update: write only if the stored status is still ``expected``."""
        result = self._write(self.sql.save_ticket, tid=ticket.id, expected=expected.value,
                           status=ticket.status.value, service_id=ticket.service_id,
                           target_counter_id=ticket.target_counter_id,
                           counter_id=ticket.counter_id, officer_id=ticket.officer_id,
                           called_at=ticket.called_at, serving_at=ticket.serving_at,
                           finished_at=ticket.finished_at, recall_count=ticket.recall_count,
                           updated_at=utcnow())
        return bool(result.rowcount == 1)

    def record(self, ticket: Ticket, expected: TicketStatus, event: TicketEvent) -> bool:
        """Claim-update ``ticket`` (only if still ``expected``) and append ``event`` with it.

        PostgreSQL does both in one statement (a data-modifying CTE); SQLite in two.
        """
        if self.sql.record is None:
            if not self.save_ticket(ticket, expected):
                return False
            self.add_event(event)
            return True
        now = utcnow()
        params = {f"t_{c}": getattr(ticket, c) for c in q.TICKET_CHANGES if c != "updated_at"}
        params.update(t_status=ticket.status.value, t_updated_at=now, tid=ticket.id,
                      expected=expected.value)
        params.update(self._event_values(event, prefix="e_"))
        return len(self._write(self.sql.record, **params).all()) == 1

    def recent_call_priorities(self, day: dt.date, counter_id: uuid.UUID, limit: int
                               ) -> list[bool]:
        """Return, newest first, whether the counter's latest calls were priority tickets."""
        rows = self._run(self.sql.recent_ranks, day=day, counter_id=counter_id, limit=limit)
        return [int(rank) > 0 for (rank,) in rows]

    def waiting(self, day: dt.date, *, counter_id: uuid.UUID | None = None,
                service_ids: Sequence[uuid.UUID] = ()) -> list[Ticket]:
        """Return waiting tickets in calling order (without the starvation rule)."""
        if counter_id is not None:
            rows = self._run(self.sql.waiting_for_counter, day=day, counter_id=counter_id,
                             service_ids=list(service_ids))
        elif service_ids:
            rows = self._run(self.sql.waiting_in, day=day, service_ids=list(service_ids))
        else:
            rows = self._run(self.sql.waiting_all, day=day)
        return [_ticket(r) for r in rows.mappings()]

    def last_event_at(self) -> dt.datetime | None:
        """Return the time of the newest ticket event (one index lookup)."""
        value: dt.datetime | None = self._run(q.LAST_EVENT_AT).scalar_one()
        return value

    def waiting_before(self, ticket: Ticket) -> int:
        """Count the waiting tickets of ``ticket``'s queue called before it (queue order)."""
        return int(self._run(q.WAITING_BEFORE, day=ticket.business_date, sid=ticket.service_id,
                             k0=0 if ticket.priority_rank > 0 else 1, rank=ticket.priority_rank,
                             issued=ticket.issued_at, number=ticket.number,
                             display=ticket.display_number, tid=ticket.id).scalar_one())

    def count_ahead(self, day: dt.date, service_id: uuid.UUID, priority_rank: int) -> int:
        """Count waiting tickets of the service called before a new ticket of that rank."""
        stmt = self.sql.ahead_of_priority if priority_rank > 0 else self.sql.ahead_of_normal
        return int(self._run(stmt, day=day, service_id=service_id,
                             rank=priority_rank).scalar_one())

    def waiting_counts(self, day: dt.date) -> dict[uuid.UUID, tuple[int, int]]:
        """Return (waiting, of which priority) per service on ``day``."""
        return {sid: (int(n), int(p or 0))
                for sid, n, p in self._run(self.sql.waiting_counts, day=day)}

    def open_counter_count(self, service_id: uuid.UUID) -> int:
        """Count counters serving ``service_id`` that have an open session."""
        return int(self._run(self.sql.open_counters, service_id=service_id).scalar_one())

    def active_tickets(self, day: dt.date) -> list[Ticket]:
        """Return today's called and serving tickets."""
        return [_ticket(r) for r in self._run(self.sql.active_all, day=day).mappings()]

    def average_service_seconds(self, service_id: uuid.UUID, since: dt.datetime, sample: int
                                ) -> float | None:
        """Mean call-to-finish seconds of the latest ``sample`` done stints of the service."""
        rows = self._run(self.sql.service_times, service_id=service_id, since=since,
                         limit=sample).all()
        if not rows:
            return None
        return float(sum((f - c).total_seconds() for c, f in rows)) / len(rows)

    # -------------------------------------------------------------- events
    def _event_values(self, event: TicketEvent, prefix: str = "") -> dict[str, Any]:
        values = dict(id=event.id, ticket_id=event.ticket_id, at=event.at,
                      action=event.action.value, actor=event.actor[:64],
                      officer_id=event.officer_id, counter_id=event.counter_id,
                      from_status=event.from_status.value if event.from_status else None,
                      to_status=event.to_status.value, detail=event.detail, **self._stamp())
        if prefix:
            values.pop("ticket_id")
        return {prefix + k: v for k, v in values.items()}

    def add_event(self, event: TicketEvent) -> None:
        """Append a ticket event."""
        self._write(self.sql.insert_event, **self._event_values(event))

    def events(self, ticket_ids: Sequence[uuid.UUID]) -> list[TicketEvent]:
        """Return the stints' events, oldest first."""
        return [_event(r) for r in self._run(self.sql.events_of,
                                             ticket_ids=list(ticket_ids)).mappings()]

    def recent_calls(self, since: dt.datetime, limit: int) -> list[TicketEvent]:
        """Return the latest call and recall events, newest first."""
        return [_event(r) for r in self._run(self.sql.recent_calls, since=since,
                                             limit=limit).mappings()]

    # -------------------------------------------------------------- counter sessions
    def active_sessions(self) -> list[CounterSession]:
        """Return every open counter session."""
        return [_session(r) for r in self._run(self.sql.open_sessions).mappings()]

    def open_session(self, session: CounterSession) -> bool:
        """Insert an open session; False if the partial unique index refuses it."""
        try:
            with self.session.begin_nested():
                self._run(self.sql.insert_session, id=session.id,
                          counter_id=session.counter_id, officer_id=session.officer_id,
                          opened_at=session.opened_at, **self._stamp())
        except IntegrityError:
            return False
        return True

    def set_pause(self, session_id: uuid.UUID, paused_since: dt.datetime | None) -> None:
        """Pause an open session since ``paused_since``, or resume it (None)."""
        self.session.execute(update(CounterSessionRow)
                             .where(CounterSessionRow.id == session_id,
                                    CounterSessionRow.closed_at.is_(None))
                             .values(paused_since=paused_since,
                                     updated_at=dt.datetime.now(dt.UTC)))

    def close_session(self, session_id: uuid.UUID, closed_at: dt.datetime, closed_by: str) -> None:
        """Close a counter session."""
        self._run(self.sql.close_session, sid=session_id, closed_at=closed_at,
                  closed_by=closed_by[:64], updated_at=utcnow())
