"""Reference data looked up once per unit of work, and turning tickets into frozen views."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cached_property

from counter_app.domain.errors import NotFound
from counter_app.domain.queue import CounterSession, Ticket, TicketAction, TicketEvent
from counter_app.domain.reference import Counter, Officer, QueueService
from counter_app.services.queue_views import (
    CallAnnouncement,
    CounterSessionView,
    CounterState,
    QueueSnapshot,
    ServiceQueue,
    TicketEventView,
    TicketView,
)
from counter_app.services.unit_of_work import UnitOfWork


class Lookup:
    """Services, counters, officers and priorities of the store, loaded lazily within one uow."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    @cached_property
    def services(self) -> dict[uuid.UUID, QueueService]:
        """Every queue service by id (inactive ones too: old tickets refer to them)."""
        return {s.id: s for s in self.uow.reference.list_services(active_only=False)}

    @cached_property
    def counters(self) -> dict[uuid.UUID, Counter]:
        """Every counter by id."""
        return {c.id: c for c in self.uow.reference.list_counters()}

    @cached_property
    def officers(self) -> dict[uuid.UUID, Officer]:
        """Every officer by id."""
        return {o.id: o for o in self.uow.reference.list_officers()}

    @cached_property
    def priority_names(self) -> dict[str, str]:
        """Priority category names by code."""
        return {p.code: p.name for p in self.uow.reference.list_priorities()}

    def counter(self, number: int) -> Counter:
        """Return counter ``number`` or raise :class:`NotFound`."""
        for c in self.counters.values():
            if c.number == number:
                if not c.active:
                    raise NotFound(f"Quầy {number} đã ngừng hoạt động.")
                return c
        raise NotFound(f"Không có quầy số {number}.")

    def counter_by_id(self, counter_id: uuid.UUID) -> Counter:
        """Return the counter with ``counter_id``."""
        return self.counters[counter_id]

    def service_by_code(self, code: str) -> QueueService:
        """Return the active service with ``code`` (any case) or raise :class:`NotFound`."""
        for s in self.services.values():
            if s.code.upper() == code.strip().upper() and s.active:
                return s
        raise NotFound(f"Không có dịch vụ mã '{code}'.")

    def officer_name(self, officer_id: uuid.UUID) -> str:
        """Return 'Full Name (username)' of an officer."""
        o = self.officers.get(officer_id)
        return f"{o.full_name} ({o.username})" if o else "khác"

    def view(self, t: Ticket, tz: dt.tzinfo) -> TicketView:
        """Return the screen row of a ticket stint."""
        svc = self.services[t.service_id]
        officer = self.officers.get(t.officer_id) if t.officer_id else None

        def local(x: dt.datetime | None) -> dt.datetime | None:
            return x.astimezone(tz) if x else None

        return TicketView(
            id=t.id, display_number=t.display_number, status=t.status, service_code=svc.code,
            service_name=svc.name, priority_code=t.priority_code,
            priority_name=self.priority_names.get(t.priority_code or "", t.priority_code),
            issued_at=t.issued_at.astimezone(tz), business_date=t.business_date,
            counter_no=self.counters[t.counter_id].number if t.counter_id else None,
            officer_username=officer.username if officer else None,
            called_at=local(t.called_at), serving_at=local(t.serving_at),
            finished_at=local(t.finished_at), recall_count=t.recall_count,
            target_counter_no=(self.counters[t.target_counter_id].number
                               if t.target_counter_id else None),
            transferred_from_id=t.transferred_from_id)

    def event_view(self, e: TicketEvent, tz: dt.tzinfo) -> TicketEventView:
        """Return one history line."""
        return TicketEventView(
            at=e.at.astimezone(tz), action=e.action, actor=e.actor,
            counter_no=self.counters[e.counter_id].number if e.counter_id else None,
            from_status=e.from_status, to_status=e.to_status, detail=e.detail)

    def session_view(self, s: CounterSession, tz: dt.tzinfo) -> CounterSessionView:
        """Return an open counter session."""
        c, o = self.counters[s.counter_id], self.officers[s.officer_id]
        return CounterSessionView(c.number, c.name, o.username, o.full_name,
                                  s.opened_at.astimezone(tz))

    def snapshot(self, at: dt.datetime, day: dt.date, tz: dt.tzinfo, limit: int) -> QueueSnapshot:
        """Build the board's snapshot for business date ``day``."""
        q = self.uow.queue
        issued, waiting = q.issued_counts(day), q.waiting_counts(day)
        services = tuple(
            ServiceQueue(s.code, s.name, s.prefix, *waiting.get(s.id, (0, 0)),
                         issued.get(s.id, 0))
            for s in sorted(self.services.values(), key=lambda s: (s.sort_order, s.prefix))
            if s.active)
        sessions = {s.counter_id: s for s in q.active_sessions()}
        current = {t.counter_id: t for t in q.active_tickets(day)}
        counters: list[CounterState] = []
        for c in sorted(self.counters.values(), key=lambda c: c.number):
            if not c.active:
                continue
            sess = sessions.get(c.id)
            officer = self.officers.get(sess.officer_id) if sess else None
            ticket = current.get(c.id)
            counters.append(CounterState(
                c.number, c.name,
                tuple(self.services[s].code for s in c.service_ids if s in self.services),
                sess is not None, officer.username if officer else None,
                officer.full_name if officer else None,
                self.view(ticket, tz) if ticket else None))
        day_start = dt.datetime.combine(day, dt.time(0), tz)
        calls: list[CallAnnouncement] = []
        if limit > 0:
            for e in q.recent_calls(day_start, limit):
                t = q.get_ticket(e.ticket_id)
                if t is None or e.counter_id is None:
                    continue
                c = self.counters[e.counter_id]
                calls.append(CallAnnouncement(
                    e.id, t.display_number, c.number, c.name, self.services[t.service_id].name,
                    e.at.astimezone(tz), e.action is TicketAction.RECALL))
        return QueueSnapshot(at.astimezone(tz), day, services, tuple(counters), tuple(calls))
