"""Reference data for views (cached briefly per engine) and turning tickets into frozen views.

Names of services, counters, officers and priority categories change rarely, so a
:class:`DirectoryCache` keeps them for :data:`DIRECTORY_TTL` seconds and reloads at once when a
ticket names an id it does not know. Rules never read the cache: the counter, its services,
sessions and ticket statuses are read inside each unit of work.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass

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

DIRECTORY_TTL = 5.0


@dataclass(frozen=True)
class Directory:
    """Services, counters and officers by id, and priority names by code."""

    services: dict[uuid.UUID, QueueService]
    counters: dict[uuid.UUID, Counter]
    officers: dict[uuid.UUID, Officer]
    priority_names: dict[str, str]

    @classmethod
    def load(cls, uow: UnitOfWork) -> Directory:
        """Read the directory from the store."""
        ref = uow.reference
        return cls({s.id: s for s in ref.list_services(active_only=False)},
                   {c.id: c for c in ref.list_counters()},
                   {o.id: o for o in ref.list_officers()},
                   {p.code: p.name for p in ref.list_priorities()})

    def knows(self, t: Ticket) -> bool:
        """True when every id the ticket names is in the directory."""
        return (t.service_id in self.services
                and all(c is None or c in self.counters
                        for c in (t.counter_id, t.target_counter_id))
                and (t.officer_id is None or t.officer_id in self.officers))


class DirectoryCache:
    """A :class:`Directory` kept for ``ttl`` seconds (one per engine, thread-safe enough:
    a race only loads it twice)."""

    def __init__(self, ttl: float = DIRECTORY_TTL) -> None:
        self.ttl = ttl
        self._dir: Directory | None = None
        self._at = 0.0

    def get(self, uow: UnitOfWork, *, fresh: bool = False) -> Directory:
        """Return the cached directory, reloading it when stale or when ``fresh``."""
        if fresh or self._dir is None or time.monotonic() - self._at > self.ttl:
            self._dir = Directory.load(uow)
            self._at = time.monotonic()
        return self._dir


class Lookup:
    """Authoritative counter/service look-ups and cached names, within one unit of work."""

    def __init__(self, uow: UnitOfWork, cache: DirectoryCache | None = None) -> None:
        self.uow = uow
        self.cache = cache or DirectoryCache(ttl=0.0)
        self._dir: Directory | None = None

    def directory(self, t: Ticket | None = None) -> Directory:
        """Return the directory, reloaded if ``t`` names something it does not know."""
        if self._dir is None:
            self._dir = self.cache.get(self.uow)
        if t is not None and not self._dir.knows(t):
            self._dir = self.cache.get(self.uow, fresh=True)
        return self._dir

    @property
    def services(self) -> dict[uuid.UUID, QueueService]:
        """Every queue service by id (inactive ones too: old tickets refer to them)."""
        return self.directory().services

    @property
    def counters(self) -> dict[uuid.UUID, Counter]:
        """Every counter by id."""
        return self.directory().counters

    @property
    def officers(self) -> dict[uuid.UUID, Officer]:
        """Every officer by id."""
        return self.directory().officers

    def counter(self, number: int) -> Counter:
        """Return active counter ``number`` (read from the store) or raise :class:`NotFound`."""
        c = self.uow.queue.counter_by_number(number)
        if c is None:
            raise NotFound(f"Không có quầy số {number}.")
        if not c.active:
            raise NotFound(f"Quầy {number} đã ngừng hoạt động.")
        return c

    def counter_by_id(self, counter_id: uuid.UUID) -> Counter:
        """Return the counter with ``counter_id``."""
        d = self.directory()
        if counter_id not in d.counters:
            d = self._dir = self.cache.get(self.uow, fresh=True)
        return d.counters[counter_id]

    def service_by_code(self, code: str) -> QueueService:
        """Return the active service with ``code`` (any case) or raise :class:`NotFound`."""
        s = self.uow.queue.service_by_code(code)
        if s is None or not s.active:
            from counter_app.services.queue_safeguards import unknown_service

            raise NotFound(unknown_service(self.uow, code))
        return s

    def officer_name(self, officer_id: uuid.UUID) -> str:
        """Return 'Full Name (username)' of an officer."""
        o = self.officers.get(officer_id)
        return f"{o.full_name} ({o.username})" if o else "khác"

    def view(self, t: Ticket, tz: dt.tzinfo) -> TicketView:
        """Return the screen row of a ticket stint."""
        d = self.directory(t)
        svc = d.services[t.service_id]
        officer = d.officers.get(t.officer_id) if t.officer_id else None

        def local(x: dt.datetime | None) -> dt.datetime | None:
            return x.astimezone(tz) if x else None

        return TicketView(
            id=t.id, display_number=t.display_number, status=t.status, service_code=svc.code,
            service_name=svc.name, priority_code=t.priority_code,
            priority_name=d.priority_names.get(t.priority_code or "", t.priority_code),
            issued_at=t.issued_at.astimezone(tz), business_date=t.business_date,
            counter_no=d.counters[t.counter_id].number if t.counter_id else None,
            officer_username=officer.username if officer else None,
            called_at=local(t.called_at), serving_at=local(t.serving_at),
            finished_at=local(t.finished_at), recall_count=t.recall_count,
            target_counter_no=(d.counters[t.target_counter_id].number
                               if t.target_counter_id else None),
            transferred_from_id=t.transferred_from_id)

    def event_view(self, e: TicketEvent, tz: dt.tzinfo) -> TicketEventView:
        """Return one history line."""
        return TicketEventView(
            at=e.at.astimezone(tz), action=e.action, actor=e.actor,
            counter_no=self.counter_by_id(e.counter_id).number if e.counter_id else None,
            from_status=e.from_status, to_status=e.to_status, detail=e.detail)

    def session_view(self, s: CounterSession, tz: dt.tzinfo) -> CounterSessionView:
        """Return an open counter session."""
        c = self.counter_by_id(s.counter_id)
        o = self.officers.get(s.officer_id) or self.cache.get(self.uow, fresh=True).officers[
            s.officer_id]
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
                self.view(ticket, tz) if ticket else None,
                sess.paused_since.astimezone(tz) if sess and sess.paused_since else None))
        day_start = dt.datetime.combine(day, dt.time(0), tz)
        calls: list[CallAnnouncement] = []
        if limit > 0:
            for e in q.recent_calls(day_start, limit):
                t = q.get_ticket(e.ticket_id)
                if t is None or e.counter_id is None:
                    continue
                c = self.counter_by_id(e.counter_id)
                calls.append(CallAnnouncement(
                    e.id, t.display_number, c.number, c.name,
                    self.directory(t).services[t.service_id].name,
                    e.at.astimezone(tz), e.action is TicketAction.RECALL))
        return QueueSnapshot(at.astimezone(tz), day, services, tuple(counters), tuple(calls))
