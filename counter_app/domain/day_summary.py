"""The day summary printed at day-end: tickets per service, served, no-show, waits, dossiers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from counter_app.domain.queue import Ticket, TicketStatus

NOT_SERVED_AT_CLOSING = "không được phục vụ do kết thúc ngày làm việc"


@dataclass(frozen=True)
class ServiceDayLine:
    """One service's figures of the day."""

    code: str
    name: str
    issued: int
    served: int
    no_show: int
    not_served: int
    avg_wait_min: float | None
    avg_service_min: float | None


@dataclass(frozen=True)
class DaySummary:
    """The whole centre's figures of one business day."""

    day: dt.date
    lines: tuple[ServiceDayLine, ...]
    issued: int
    served: int
    no_show: int
    not_served: int
    avg_wait_min: float | None
    avg_service_min: float | None
    dossiers_received: int
    dossiers_returned: int


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _figures(stints: list[Ticket]) -> tuple[int, int, int, int, list[float], list[float]]:
    issued = sum(1 for t in stints if t.transferred_from_id is None)
    served = sum(1 for t in stints if t.status is TicketStatus.DONE)
    no_show = sum(1 for t in stints if t.status is TicketStatus.NO_SHOW)
    not_served = sum(1 for t in stints if t.status is TicketStatus.CANCELLED)
    waits = [(t.called_at - t.issued_at).total_seconds() / 60 for t in stints
             if t.called_at and t.transferred_from_id is None]
    services = []
    for t in stints:
        began = t.called_at or t.serving_at  # call-to-finish, as the wait estimate uses
        if t.status is TicketStatus.DONE and t.finished_at and began:
            services.append((t.finished_at - began).total_seconds() / 60)
    return issued, served, no_show, not_served, waits, services


def summarise(day: dt.date, tickets: Iterable[Ticket],
              services: Mapping[uuid.UUID, tuple[str, str]], dossiers_received: int,
              dossiers_returned: int) -> DaySummary:
    """Return the day's summary from every ticket stint of the day.

    ``services`` maps a service id to (code, name). A ticket counts as issued once (its first
    stint); transferred stints count in the service that finished them.
    """
    by_service: dict[uuid.UUID, list[Ticket]] = {}
    every = list(tickets)
    for t in every:
        by_service.setdefault(t.service_id, []).append(t)
    lines = []
    for sid, (code, name) in services.items():
        stints = by_service.get(sid, [])
        if not stints:
            continue
        i, s, n, x, w, v = _figures(stints)
        lines.append(ServiceDayLine(code, name, i, s, n, x, _mean(w), _mean(v)))
    i, s, n, x, w, v = _figures(every)
    return DaySummary(day, tuple(lines), i, s, n, x, _mean(w), _mean(v), dossiers_received,
                      dossiers_returned)
