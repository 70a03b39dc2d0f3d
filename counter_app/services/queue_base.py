"""Shared state and guards of the queue use cases (clock, rules, caches, role and seat checks).

:class:`counter_app.services.queue.QueueEngine` is the public class; this base holds what every
group of its use cases needs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from counter_app.domain.errors import NotFound
from counter_app.domain.queue import (
    CallingRule,
    ConcurrentUpdate,
    CounterBusy,
    CounterPaused,
    CounterSession,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    business_date,
)
from counter_app.domain.reference import Counter, Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.ports.queue import CounterDesk
from counter_app.services.queue_lookup import DirectoryCache, Lookup
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

KIOSK = "kiosk"
ESTIMATE_SAMPLE = 20  # finished tickets averaged for the wait estimate
ESTIMATE_WINDOW = dt.timedelta(days=14)
AVERAGE_TTL = dt.timedelta(seconds=60)  # the rolling average is re-read at most once a minute
COUNTER_ROLES = (Role.OFFICER, Role.SUPERVISOR)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class QueueBase:
    """Clock, settings, caches and the checks the queue use cases share."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        settings: Settings | None = None,
        *,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.uow_factory = uow_factory
        self.settings = settings or Settings()
        self.tz = ZoneInfo(self.settings.timezone)
        self.rule = CallingRule(self.settings.queue.max_priority_in_row,
                                self.settings.queue.starvation_minutes)
        self._now = now or _utcnow
        self._directory = DirectoryCache()
        self._averages: dict[uuid.UUID, tuple[dt.datetime, float | None]] = {}

    # ------------------------------------------------------------------ helpers
    def now(self) -> dt.datetime:
        """Return the current time (aware UTC)."""
        return self._now().astimezone(dt.UTC)

    def today(self) -> dt.date:
        """Return the current business date in the centre's time zone."""
        return business_date(self.now(), self.tz)

    def _kiosk_closed_reason(self, at: dt.datetime) -> str | None:
        """Kiosk hours are [opens, closes); closes ≤ opens wraps midnight (equal: always open)."""
        q = self.settings.queue
        local = at.astimezone(self.tz).time()
        if q.kiosk_opens < q.kiosk_closes:
            is_open = q.kiosk_opens <= local < q.kiosk_closes
        else:
            is_open = local >= q.kiosk_opens or local < q.kiosk_closes
        if is_open:
            return None
        return (f"Ngoài giờ cấp số ({q.kiosk_opens:%H:%M}–{q.kiosk_closes:%H:%M}). "
                "Vui lòng quay lại trong giờ làm việc.")

    @staticmethod
    def _new_event(ticket: Ticket, action: TicketAction, at: dt.datetime,
                   actor: Officer | None, before: TicketStatus | None, detail: str = "",
                   counter_id: uuid.UUID | None = None) -> TicketEvent:
        return TicketEvent(
            id=uuid.uuid4(), ticket_id=ticket.id, at=at, action=action,
            actor=actor.username if actor else KIOSK, to_status=ticket.status,
            from_status=before, officer_id=actor.id if actor else None,
            counter_id=counter_id if counter_id is not None else ticket.counter_id,
            detail=detail)

    def _event(self, uow: UnitOfWork, ticket: Ticket, action: TicketAction, at: dt.datetime,
               actor: Officer | None, before: TicketStatus | None, detail: str = "",
               counter_id: uuid.UUID | None = None) -> None:
        """Append the event of a ticket that was just inserted."""
        uow.queue.add_event(self._new_event(ticket, action, at, actor, before, detail,
                                            counter_id))

    def _save(self, uow: UnitOfWork, new: Ticket, old: Ticket, action: TicketAction,
              at: dt.datetime, actor: Officer, detail: str = "",
              counter_id: uuid.UUID | None = None) -> None:
        """Claim-update ``old`` → ``new`` and record the action, or raise ConcurrentUpdate."""
        event = self._new_event(new, action, at, actor, old.status, detail, counter_id)
        if not uow.queue.record(new, old.status, event):
            raise ConcurrentUpdate(
                f"Phiếu {old.display_number} vừa được người khác xử lý. Vui lòng tải lại.")

    def _lookup(self, uow: UnitOfWork) -> Lookup:
        return Lookup(uow, self._directory)

    @staticmethod
    def _session_at(uow: UnitOfWork, counter: Counter) -> CounterSession | None:
        return uow.queue.session_at(counter.id)

    def _average(self, uow: UnitOfWork, service_id: uuid.UUID, at: dt.datetime) -> float | None:
        """Rolling mean service time of a service, re-read at most every :data:`AVERAGE_TTL`."""
        cached = self._averages.get(service_id)
        if cached is not None and dt.timedelta(0) <= at - cached[0] < AVERAGE_TTL:
            return cached[1]
        avg = uow.queue.average_service_seconds(service_id, at - ESTIMATE_WINDOW,
                                                ESTIMATE_SAMPLE)
        self._averages[service_id] = (at, avg)
        return avg

    @staticmethod
    def _check_seat(lk: Lookup, counter: Counter, session: CounterSession | None,
                    officer: Officer) -> None:
        if session is None:
            raise CounterBusy(f"Quầy {counter.number} chưa mở phiên làm việc. "
                              "Vui lòng đăng nhập vào quầy trước.")
        if session.officer_id != officer.id:
            raise CounterBusy(f"Quầy {counter.number} đang do cán bộ "
                              f"{lk.officer_name(session.officer_id)} làm việc.")

    def _load_for(self, uow: UnitOfWork, lk: Lookup, ticket_id: uuid.UUID, officer: Officer
                  ) -> Ticket:
        """Load a ticket for an action by ``officer`` (one query with its counter's session).

        Called/serving tickets belong to the officer signed in at their counter; supervisors
        (and admins) may act on any ticket.
        """
        require_role(officer, *COUNTER_ROLES)
        found = uow.queue.ticket_at_desk(ticket_id)
        if found is None:
            raise NotFound("Không tìm thấy phiếu số thứ tự này.")
        ticket, session = found
        if (ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING)
                and ticket.counter_id is not None and not officer.can(Role.SUPERVISOR)):
            self._check_seat(lk, lk.counter_by_id(ticket.counter_id), session, officer)
        return ticket

    def _load(self, uow: UnitOfWork, ticket_id: uuid.UUID) -> Ticket:
        ticket = uow.queue.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound("Không tìm thấy phiếu số thứ tự này.")
        return ticket

    def _take_desk(self, uow: UnitOfWork, lk: Lookup, counter_no: int, officer: Officer,
                   day: dt.date, recent: int = 0, *, heads: bool = False) -> CounterDesk:
        """Return the counter's desk if ``officer`` holds it and has nobody in hand (one query);
        ``recent`` latest calls come with it for the starvation rule, and with ``heads`` the
        first waiting tickets it may call."""
        require_role(officer, *COUNTER_ROLES)
        desk = (uow.queue.call_desk(day, counter_no, recent) if heads
                else uow.queue.counter_desk(day, counter_no, recent))
        if desk is None:
            raise NotFound(f"Không có quầy số {counter_no}.")
        if not desk.counter.active:
            raise NotFound(f"Quầy {counter_no} đã ngừng hoạt động.")
        self._check_seat(lk, desk.counter, desk.session, officer)
        if desk.session is not None and desk.session.paused_since is not None:
            raise CounterPaused(f"Quầy {counter_no} đang tạm nghỉ. Bấm 'Tiếp tục làm việc' "
                                "trước khi mời số.")
        if desk.busy_with:
            raise CounterBusy(
                f"Quầy {counter_no} đang mời hoặc phục vụ số {desk.busy_with}. "
                "Hãy hoàn thành, chuyển hoặc đánh dấu vắng mặt trước khi mời số mới.")
        return desk
