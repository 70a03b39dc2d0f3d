"""Frozen rows the queue services return to the kiosk, counter window, display board and CLI.

Times are aware datetimes in the centre's time zone. Nothing here touches the store.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from counter_app.domain.queue import TicketAction, TicketStatus


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket just issued at the kiosk, with what the slip prints."""

    id: uuid.UUID
    display_number: str
    service_code: str
    service_name: str
    priority_code: str | None
    priority_name: str | None
    issued_at: dt.datetime
    business_date: dt.date
    people_ahead: int
    estimate_minutes: int | None
    web_token: str = ""  # the mobile ticket's secret (for its QR URL; never shown)

    def as_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (CLI output)."""
        return {"id": str(self.id), "display_number": self.display_number,
                "service": self.service_code, "service_name": self.service_name,
                "priority": self.priority_code, "issued_at": self.issued_at.isoformat(),
                "business_date": self.business_date.isoformat(),
                "people_ahead": self.people_ahead, "estimate_minutes": self.estimate_minutes}


@dataclass(frozen=True)
class TicketView:
    """One ticket stint as screens show it."""

    id: uuid.UUID
    display_number: str
    status: TicketStatus
    service_code: str
    service_name: str
    priority_code: str | None
    priority_name: str | None
    issued_at: dt.datetime
    business_date: dt.date
    counter_no: int | None = None
    officer_username: str | None = None
    called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    recall_count: int = 0
    target_counter_no: int | None = None
    transferred_from_id: uuid.UUID | None = None

    @property
    def status_label(self) -> str:
        """Vietnamese status label."""
        return self.status.label

    def as_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (CLI output)."""
        def iso(t: dt.datetime | None) -> str | None:
            return t.isoformat() if t else None
        return {"id": str(self.id), "display_number": self.display_number,
                "status": self.status.value, "service": self.service_code,
                "priority": self.priority_code, "issued_at": iso(self.issued_at),
                "counter": self.counter_no, "officer": self.officer_username,
                "called_at": iso(self.called_at), "serving_at": iso(self.serving_at),
                "finished_at": iso(self.finished_at), "recall_count": self.recall_count,
                "target_counter": self.target_counter_no,
                "transferred_from": str(self.transferred_from_id)
                if self.transferred_from_id else None}


@dataclass(frozen=True)
class TicketEventView:
    """One line of a ticket's history."""

    at: dt.datetime
    action: TicketAction
    actor: str
    counter_no: int | None
    from_status: TicketStatus | None
    to_status: TicketStatus
    detail: str

    @property
    def action_label(self) -> str:
        """Vietnamese verb of the action."""
        return self.action.label


@dataclass(frozen=True)
class ServiceStatus:
    """Whether the kiosk may issue tickets for a service now, and why not."""

    code: str
    name: str
    prefix: str
    open: bool
    reason: str | None
    waiting: int
    issued_today: int
    remaining: int | None  # numbers left under the daily cap; None = no cap


@dataclass(frozen=True)
class ServiceQueue:
    """Waiting tickets of one service (board and queue panel)."""

    code: str
    name: str
    prefix: str
    waiting: int
    waiting_priority: int
    issued_today: int


@dataclass(frozen=True)
class CounterState:
    """A counter on the board: who works there and which ticket it serves."""

    number: int
    name: str
    service_codes: tuple[str, ...]
    open: bool
    officer_username: str | None
    officer_name: str | None
    current: TicketView | None
    paused_since: dt.datetime | None = None  # Tạm nghỉ since then

    @property
    def paused(self) -> bool:
        """True while the counter is paused."""
        return self.paused_since is not None


@dataclass(frozen=True)
class CallAnnouncement:
    """A call or recall for the board to show and announce; ``event_id`` identifies it once."""

    event_id: uuid.UUID
    display_number: str
    counter_no: int
    counter_name: str
    service_name: str
    at: dt.datetime
    recall: bool


@dataclass(frozen=True)
class QueueSnapshot:
    """Everything the display board and the queue panel show."""

    taken_at: dt.datetime
    business_date: dt.date
    services: tuple[ServiceQueue, ...]
    counters: tuple[CounterState, ...]
    recent_calls: tuple[CallAnnouncement, ...]  # newest first

    def as_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (CLI ``queue show --json``)."""
        return {
            "business_date": self.business_date.isoformat(),
            "waiting": {s.code: {"waiting": s.waiting, "priority": s.waiting_priority,
                                 "issued": s.issued_today} for s in self.services},
            "serving": [{"counter": c.number, "open": c.open, "paused": c.paused,
                         "officer": c.officer_username,
                         "ticket": c.current.display_number if c.current else None,
                         "status": c.current.status.value if c.current else None}
                        for c in self.counters],
            "recent_calls": [{"ticket": a.display_number, "counter": a.counter_no,
                              "at": a.at.isoformat(), "recall": a.recall}
                             for a in self.recent_calls],
        }


@dataclass(frozen=True)
class CounterSessionView:
    """An officer's open session at a counter."""

    counter_no: int
    counter_name: str
    officer_username: str
    officer_name: str
    opened_at: dt.datetime
