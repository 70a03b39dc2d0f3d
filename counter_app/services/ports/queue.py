"""Ports for the queue feature: ticket persistence and the change feed the screens listen to."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from counter_app.domain.queue import CounterSession, Ticket, TicketEvent, TicketStatus
from counter_app.domain.reference import Counter, PriorityCategory, QueueService


@dataclass(frozen=True)
class CounterDesk:
    """A counter as call-next needs it: its services, open session and ticket in hand."""

    counter: Counter
    session: CounterSession | None
    busy_with: str | None  # display number of the ticket it is calling or serving today
    recent_calls: tuple[bool, ...] = ()  # its latest calls today, newest first: priority?
    priority_head: Ticket | None = None  # with call_desk: the first waiting tickets it may
    normal_head: Ticket | None = None    # call (locked where the store can)


@dataclass(frozen=True)
class NumberedTicket:
    """A ticket just issued: as stored, the numbers its service has issued today with it, and
    the waiting tickets of its service that will be called before it."""

    ticket: Ticket
    issued: int
    ahead: int


class QueueRepository(Protocol):
    """Tickets, daily number sequences, ticket events and counter sessions.

    Callers hold a unit of work opened with ``immediate=True`` for every write; on PostgreSQL
    the adapter takes row locks itself (sequence row upsert, ``FOR UPDATE SKIP LOCKED``).
    The few reference look-ups here duplicate the reference repository's on purpose: they are
    on the issue and call-next hot paths and the adapter keeps them as prepared statements.
    """

    def service_by_code(self, code: str) -> QueueService | None:
        """Return the queue service with ``code`` (any case), active or not."""
        ...

    def priority_by_code(self, code: str) -> PriorityCategory | None:
        """Return the active priority category with ``code`` (any case)."""
        ...

    def counter_by_number(self, number: int) -> Counter | None:
        """Return counter ``number`` with the services it serves."""
        ...

    def counter_desk(self, day: dt.date, number: int, recent: int = 0) -> CounterDesk | None:
        """Return counter ``number``, its open session, the ticket it has in hand on ``day`` and
        whether its ``recent`` latest calls that day were priority tickets (one query)."""
        ...

    def call_desk(self, day: dt.date, number: int, recent: int) -> CounterDesk | None:
        """:meth:`counter_desk` with the first waiting priority and normal tickets the counter
        may call, locked so that a counter calling at the same moment passes over them."""
        ...

    def session_at(self, counter_id: uuid.UUID) -> CounterSession | None:
        """Return the open session at a counter, if any."""
        ...

    def issued_counts(self, day: dt.date) -> dict[uuid.UUID, int]:
        """Return how many numbers each service has handed out on ``day``."""
        ...

    def add_ticket(self, ticket: Ticket) -> None:
        """Store a new ticket stint."""
        ...

    def issue_numbered(self, draft: Ticket, event: TicketEvent, service: QueueService
                       ) -> NumberedTicket | None:
        """Give ``draft`` the next number of ``service`` today (gap-free), store it with its
        issue ``event`` and count the people ahead of it; None, with nothing stored, when the
        service's daily cap is reached.

        The unit of work's last write before commit: on PostgreSQL it is one statement that
        commits by itself (the sequence row is locked only while the server runs it).
        """
        ...

    def get_ticket(self, ticket_id: uuid.UUID) -> Ticket | None:
        """Return one ticket stint."""
        ...

    def ticket_at_desk(self, ticket_id: uuid.UUID
                       ) -> tuple[Ticket, CounterSession | None] | None:
        """Return a ticket stint and the open session at the counter that called it."""
        ...

    def find_ticket(self, day: dt.date, display_number: str) -> Ticket | None:
        """Return the newest stint of the ticket printed as ``display_number`` on ``day``."""
        ...

    def save_ticket(self, ticket: Ticket, expected: TicketStatus) -> bool:
        """Write ``ticket`` only if its stored status is still ``expected``; True when written."""
        ...

    def record(self, ticket: Ticket, expected: TicketStatus, event: TicketEvent) -> bool:
        """Claim-update ``ticket`` only if its status is still ``expected`` and append ``event``
        with it; True when the claim won (nothing is written otherwise)."""
        ...

    def recent_call_priorities(self, day: dt.date, counter_id: uuid.UUID, limit: int
                               ) -> list[bool]:
        """Return whether each of the counter's latest calls on ``day`` was a priority ticket."""
        ...

    def waiting(
        self, day: dt.date, *, counter_id: uuid.UUID | None = None,
        service_ids: Sequence[uuid.UUID] = (),
    ) -> list[Ticket]:
        """Return waiting tickets of ``day`` in calling order; with ``counter_id`` only those
        that counter may call (its ``service_ids`` or transferred to it)."""
        ...

    def last_event_at(self) -> dt.datetime | None:
        """Return the time of the newest ticket event (every ticket change writes one)."""
        ...

    def waiting_before(self, ticket: Ticket) -> int:
        """Return how many waiting tickets of the ticket's queue are called before it."""
        ...

    def count_ahead(self, day: dt.date, service_id: uuid.UUID, priority_rank: int) -> int:
        """Return how many waiting tickets of the service come before a new ticket of that rank."""
        ...

    def waiting_counts(self, day: dt.date) -> dict[uuid.UUID, tuple[int, int]]:
        """Return, per service, (waiting tickets, of which priority) on ``day``."""
        ...

    def open_counter_count(self, service_id: uuid.UUID) -> int:
        """Return how many counters serving ``service_id`` have an open session."""
        ...

    def active_tickets(self, day: dt.date) -> list[Ticket]:
        """Return the tickets called or being served on ``day``."""
        ...

    def average_service_seconds(self, service_id: uuid.UUID, since: dt.datetime, sample: int
                                ) -> float | None:
        """Return the mean call-to-finish time of the service's latest ``sample`` done tickets."""
        ...

    def add_event(self, event: TicketEvent) -> None:
        """Append a ticket event."""
        ...

    def events(self, ticket_ids: Sequence[uuid.UUID]) -> list[TicketEvent]:
        """Return the events of the given stints, oldest first."""
        ...

    def recent_calls(self, since: dt.datetime, limit: int) -> list[TicketEvent]:
        """Return the latest call and recall events since ``since``, newest first."""
        ...

    def active_sessions(self) -> list[CounterSession]:
        """Return every open counter session."""
        ...

    def open_session(self, session: CounterSession) -> bool:
        """Store an open session; False when the counter already has one (unique backstop)."""
        ...

    def set_pause(self, session_id: uuid.UUID, paused_since: dt.datetime | None) -> None:
        """Pause an open session since ``paused_since`` (Tạm nghỉ), or resume it (None)."""
        ...

    def close_session(self, session_id: uuid.UUID, closed_at: dt.datetime, closed_by: str) -> None:
        """Close a counter session."""
        ...


class ChangeFeed(Protocol):
    """Tells a screen that the store changed (another process issued, called, …).

    ``changed()`` never blocks; ``wait(timeout)`` blocks up to ``timeout`` seconds and returns
    True as soon as a change is seen. Both reset the flag they report.
    """

    def changed(self) -> bool:
        """Return True if anything changed since the last call."""
        ...

    def wait(self, timeout: float) -> bool:
        """Block until a change or ``timeout`` seconds; return True on change."""
        ...

    def close(self) -> None:
        """Release the feed's connection."""
        ...
