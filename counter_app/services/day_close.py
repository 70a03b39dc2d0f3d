"""Day-end: end the day's open tickets with a recorded reason, close counter sessions, and write
the one-page day summary. Idempotent; runs automatically at ``day_close.auto_at`` if nobody did.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from counter_app.domain.day_summary import NOT_SERVED_AT_CLOSING, DaySummary, summarise
from counter_app.domain.queue import TicketAction, TicketStatus, business_date
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.queue_base import QueueBase
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

AUTO_ACTOR = "auto-day-close"  # the automatic day-end runs with no one logged in

# What becomes of a ticket still open at closing time.
_ENDINGS = {
    TicketStatus.WAITING: TicketAction.CANCEL,
    TicketStatus.CALLED: TicketAction.CANCEL,
    TicketStatus.SERVING: TicketAction.FINISH,
}

SummaryWriter = Callable[[DaySummary, str, dt.datetime], Path]


@dataclass(frozen=True)
class DayCloseReport:
    """What a day close did (or found already done)."""

    day: dt.date
    closed_at: dt.datetime
    closed_by: str
    already_closed: bool
    tickets_ended: int
    sessions_closed: int
    summary: DaySummary
    pdf_path: Path | None

    @property
    def message(self) -> str:
        """One Vietnamese line."""
        if self.already_closed:
            return f"Ngày {self.day:%d/%m/%Y} đã kết thúc trước đó (bởi {self.closed_by})."
        return (f"Đã kết thúc ngày {self.day:%d/%m/%Y}: {self.tickets_ended} phiếu còn mở được "
                f"kết thúc, {self.sessions_closed} quầy được đóng.")


class DayCloseService(QueueBase):
    """Close a business day (supervisor), by hand or automatically."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings,
                 write_summary: SummaryWriter | None = None, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(uow_factory, settings, now=now)
        self._write = write_summary

    def _summary(self, uow: UnitOfWork, day: dt.date) -> DaySummary:
        start = dt.datetime.combine(day, dt.time(), self.tz)
        received, returned = uow.admin.dossier_counts(start, start + dt.timedelta(days=1))
        return summarise(day, uow.admin.day_tickets(day), uow.admin.service_names(),
                         received, returned)

    def _close(self, actor_name: str, actor: Officer | None, day: dt.date) -> DayCloseReport:
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            done = uow.admin.day_closure(day)
            if done is not None:
                return DayCloseReport(day, done[0], done[1], True, 0, 0, self._summary(uow, day),
                                      None)
            ended = 0
            for ticket in uow.admin.day_tickets(day):
                action = _ENDINGS.get(ticket.status)
                if action is None:
                    continue
                new = ticket.apply(action, at)
                event = replace(self._new_event(new, action, at, actor, ticket.status,
                                                NOT_SERVED_AT_CLOSING), actor=actor_name)
                if uow.queue.record(new, ticket.status, event):
                    ended += 1
            sessions = uow.queue.active_sessions()
            for session in sessions:
                uow.queue.close_session(session.id, at, actor_name)
            summary = self._summary(uow, day)
            uow.admin.put_day_closure(day, actor_name, json.dumps(asdict(summary), default=str,
                                                                  ensure_ascii=False))
            uow.audit.record(actor_name, "day_close", day.isoformat(),
                             f"{ended} phiếu kết thúc; {len(sessions)} quầy đóng")
            uow.commit()
        pdf = self._write(summary, actor_name, at) if self._write else None
        return DayCloseReport(day, at, actor_name, False, ended, len(sessions), summary, pdf)

    def close_day(self, actor: Officer, day: dt.date | None = None) -> DayCloseReport:
        """Close ``day`` (default today) as ``actor`` (supervisor or admin)."""
        require_role(actor, Role.SUPERVISOR)
        return self._close(actor.username, actor, day or self.today())

    def is_closed(self, day: dt.date | None = None) -> bool:
        """True when ``day`` (default today) was closed."""
        with self.uow_factory() as uow:
            return uow.admin.day_closure(day or self.today()) is not None

    def auto_close_if_due(self) -> DayCloseReport | None:
        """Close today after ``day_close.auto_at`` if nobody did (call it from a window timer)."""
        now = self.now().astimezone(self.tz)
        if now.time() < self.settings.day_close.auto_at:
            return None
        day = business_date(self.now(), self.tz)
        if self.is_closed(day):
            return None
        return self._close(AUTO_ACTOR, None, day)
