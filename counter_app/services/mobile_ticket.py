"""The citizen's mobile ticket: a ticket's progress for whoever holds its QR (id and token).

Opening the page (or the JSON) counts against the per-address limit and writes one lookup-log
line; the live updates that follow (Server-Sent Events) re-check the token on every read but
neither count nor log. An unknown id and a wrong token answer alike (the token is compared in
constant time against a dummy when the ticket does not exist). A transferred ticket is followed to
its newest stint (same number, same token). People ahead are the waiting tickets of the service
before this one in the repository's queue order (without the starvation rule), and the
estimate is :func:`~counter_app.domain.queue.estimate_wait_minutes` as on the printed slip.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from counter_app.domain.dossier_code import tokens_equal
from counter_app.domain.errors import DomainError
from counter_app.domain.mobile_ticket import (
    STATUS_TEXT_VI,
    TICKET_REFUSED,
    TICKET_TOKEN_LENGTH,
    call_text,
    parse_ticket_id,
)
from counter_app.domain.queue import TicketStatus, estimate_wait_minutes
from counter_app.domain.settings import Settings
from counter_app.services.ports.lifecycle import LookupLogEntry
from counter_app.services.queue_base import AVERAGE_TTL, ESTIMATE_SAMPLE, ESTIMATE_WINDOW
from counter_app.services.queue_lookup import DirectoryCache, Lookup
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory
from counter_app.services.web_lookup import WebDossierLookup, source_of

_DUMMY_TOKEN = "0" * TICKET_TOKEN_LENGTH
MAX_TICKET_TOKEN = 32


class TicketRefused(DomainError):
    """No ticket with this id and token (deliberately not saying which is wrong)."""


@dataclass(frozen=True)
class MobileTicketView:
    """What the mobile ticket shows; ``people_ahead``/``estimate_minutes`` only while waiting,
    ``call_text`` once called."""

    display_number: str
    service_name: str
    status: TicketStatus
    status_text: str
    people_ahead: int | None
    estimate_minutes: int | None
    counter_number: int | None
    call_text: str | None
    issued_at: dt.datetime
    read_at: dt.datetime

    @property
    def called(self) -> bool:
        """True while the citizen is expected at (or served at) a counter."""
        return self.status in (TicketStatus.CALLED, TicketStatus.SERVING)

    @property
    def finished(self) -> bool:
        """True when the ticket will not change any more."""
        return self.status in (TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED)

    def same_as(self, other: MobileTicketView | None) -> bool:
        """True when ``other`` shows the same (ignoring when it was read)."""
        return other is not None and (self.status, self.people_ahead, self.estimate_minutes,
                                      self.counter_number, self.service_name) == (
            other.status, other.people_ahead, other.estimate_minutes, other.counter_number,
            other.service_name)


class MobileTickets:
    """Mobile-ticket reads of the public web service (thread-safe: one per process)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings,
                 dossiers: WebDossierLookup, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.tz = ZoneInfo(settings.timezone)
        self.dossiers = dossiers  # for the shared per-address limit and the lookup log
        self.cache = DirectoryCache()
        self._averages: dict[uuid.UUID, tuple[dt.datetime, float | None]] = {}
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def now(self) -> dt.datetime:
        """Current time, aware UTC."""
        return self._now().astimezone(dt.UTC)

    def open(self, ip: str, ticket_id: str, token: object) -> tuple[uuid.UUID, MobileTicketView]:
        """Authorise and read a ticket for a page load or an API call; count and log it.

        Raises LookupThrottled or TicketRefused (malformed, unknown or wrong: all alike).
        """
        self.dossiers.check_address(ip)
        at = self.now()
        tid = parse_ticket_id(ticket_id)
        token_s = token if isinstance(token, str) and len(token) <= MAX_TICKET_TOKEN else ""
        with self.uow_factory() as uow:
            view = self._read(uow, tid, token_s, at) if tid else None
        self.dossiers.log.add(LookupLogEntry(at, source_of(ip), f"ve:{ticket_id[:36]}",
                                             "found" if view else "refused", "ticket"))
        if view is None or tid is None:
            raise TicketRefused(TICKET_REFUSED)
        return tid, view

    def queue_version(self) -> dt.datetime | None:
        """A value that changes whenever any ticket changes (the newest ticket event's time):
        the live streams re-read only when it moves, not on every write to the store."""
        with self.uow_factory() as uow:
            return uow.queue.last_event_at()

    def refresh(self, ticket_id: uuid.UUID, token: str) -> MobileTicketView:
        """Read the ticket again for a live update (not counted, not logged)."""
        with self.uow_factory() as uow:
            view = self._read(uow, ticket_id, token[:MAX_TICKET_TOKEN], self.now())
        if view is None:
            raise TicketRefused(TICKET_REFUSED)
        return view

    def _read(self, uow: UnitOfWork, tid: uuid.UUID, token: str, at: dt.datetime
              ) -> MobileTicketView | None:
        q = uow.queue
        t = q.get_ticket(tid)
        stored = t.web_token if t is not None and t.web_token else _DUMMY_TOKEN
        if not tokens_equal(stored, token) or t is None or not t.web_token:
            return None
        latest = q.find_ticket(t.business_date, t.display_number)
        if latest is not None and latest.web_token == t.web_token:
            t = latest
        view = Lookup(uow, self.cache).view(t, self.tz)
        ahead = estimate = None
        if t.status is TicketStatus.WAITING:
            ahead = q.waiting_before(t)
            avg = self._average(uow, t.service_id, at)
            counters = q.open_counter_count(t.service_id) if avg is not None else 0
            estimate = estimate_wait_minutes(ahead, avg, counters)
        counter = view.counter_no if t.status in (TicketStatus.CALLED, TicketStatus.SERVING) \
            else None
        text = STATUS_TEXT_VI[t.status]
        if t.status is TicketStatus.SERVING and counter:
            text = f"Đang được phục vụ tại quầy số {counter}"
        return MobileTicketView(
            view.display_number, view.service_name, t.status, text, ahead, estimate, counter,
            call_text(counter) if t.status is TicketStatus.CALLED else None,
            view.issued_at, at.astimezone(self.tz))

    def _average(self, uow: UnitOfWork, service_id: uuid.UUID, at: dt.datetime) -> float | None:
        """Rolling mean service time of a service, re-read at most every AVERAGE_TTL."""
        cached = self._averages.get(service_id)
        if cached is not None and dt.timedelta(0) <= at - cached[0] < AVERAGE_TTL:
            return cached[1]
        avg = uow.queue.average_service_seconds(service_id, at - ESTIMATE_WINDOW, ESTIMATE_SAMPLE)
        self._averages[service_id] = (at, avg)
        return avg
