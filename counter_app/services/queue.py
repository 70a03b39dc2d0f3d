"""Queue use cases: issue tickets, counter sessions, calling, serving, transfers, board snapshot.

Build one :class:`QueueEngine` per process with the store's unit-of-work factory and the settings;
tests inject ``now``. Every write runs in a unit of work opened with ``immediate=True`` (SQLite's
write lock at BEGIN; row locks on PostgreSQL), records a ticket event (who, when, counter, action)
and is all-or-nothing. Methods return frozen rows from :mod:`counter_app.services.queue_views`
and raise :class:`~counter_app.domain.errors.DomainError` subclasses with Vietnamese messages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.queue import (
    CallingRule,
    ConcurrentUpdate,
    CounterBusy,
    CounterSession,
    NoTicketWaiting,
    ServiceClosed,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
    business_date,
    choose_next,
    display_number,
    estimate_wait_minutes,
    order_queue,
)
from counter_app.domain.reference import Counter, Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.queue_lookup import DirectoryCache, Lookup
from counter_app.services.queue_views import (
    CounterSessionView,
    IssuedTicket,
    QueueSnapshot,
    ServiceStatus,
    TicketEventView,
    TicketView,
)
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["QueueEngine"]

KIOSK = "kiosk"
ESTIMATE_SAMPLE = 20  # finished tickets averaged for the wait estimate
ESTIMATE_WINDOW = dt.timedelta(days=14)
AVERAGE_TTL = dt.timedelta(seconds=60)  # the rolling average is re-read at most once a minute
COUNTER_ROLES = (Role.OFFICER, Role.SUPERVISOR)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class QueueEngine:
    """The queue's use cases over a unit-of-work factory (``Store.uow``) and a clock."""

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

    def _event(self, uow: UnitOfWork, ticket: Ticket, action: TicketAction, at: dt.datetime,
               actor: Officer | None, before: TicketStatus | None, detail: str = "",
               counter_id: uuid.UUID | None = None) -> None:
        uow.queue.add_event(TicketEvent(
            id=uuid.uuid4(), ticket_id=ticket.id, at=at, action=action,
            actor=actor.username if actor else KIOSK, to_status=ticket.status,
            from_status=before, officer_id=actor.id if actor else None,
            counter_id=counter_id if counter_id is not None else ticket.counter_id,
            detail=detail))

    def _save(self, uow: UnitOfWork, new: Ticket, old: Ticket) -> None:
        if not uow.queue.save_ticket(new, old.status):
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

    def _require_seat(self, uow: UnitOfWork, lk: Lookup, counter: Counter, officer: Officer
                      ) -> None:
        """The officer must hold the open session at ``counter`` to act from it."""
        require_role(officer, *COUNTER_ROLES)
        self._check_seat(lk, counter, self._session_at(uow, counter), officer)

    @staticmethod
    def _check_seat(lk: Lookup, counter: Counter, session: CounterSession | None,
                    officer: Officer) -> None:
        if session is None:
            raise CounterBusy(f"Quầy {counter.number} chưa mở phiên làm việc. "
                              "Vui lòng đăng nhập vào quầy trước.")
        if session.officer_id != officer.id:
            raise CounterBusy(f"Quầy {counter.number} đang do cán bộ "
                              f"{lk.officer_name(session.officer_id)} làm việc.")

    def _require_handler(self, uow: UnitOfWork, lk: Lookup, ticket: Ticket, officer: Officer
                         ) -> None:
        """Called/serving tickets belong to their counter's officer (or a supervisor)."""
        require_role(officer, *COUNTER_ROLES)
        if ticket.status not in (TicketStatus.CALLED, TicketStatus.SERVING):
            return
        if ticket.counter_id is None or officer.can(Role.SUPERVISOR):
            return
        self._require_seat(uow, lk, lk.counter_by_id(ticket.counter_id), officer)

    def _load(self, uow: UnitOfWork, ticket_id: uuid.UUID) -> Ticket:
        ticket = uow.queue.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound("Không tìm thấy phiếu số thứ tự này.")
        return ticket

    # ------------------------------------------------------------------ kiosk
    def issue_ticket(self, service_code: str, priority_code: str | None = None) -> IssuedTicket:
        """Issue the next number of a service; raise :class:`ServiceClosed` when it cannot.

        ``people_ahead`` counts waiting tickets of the service that will be called first;
        ``estimate_minutes`` follows :func:`counter_app.domain.queue.estimate_wait_minutes`.
        """
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory(immediate=True) as uow:
            service = uow.queue.service_by_code(service_code)
            if service is None:
                raise NotFound(f"Không có dịch vụ mã '{service_code}'.")
            if not service.active:
                raise ServiceClosed(f"Dịch vụ {service.name} tạm ngừng cấp số.")
            reason = self._kiosk_closed_reason(at)
            if reason:
                raise ServiceClosed(reason)
            rank, pname, pcode = 0, None, None
            if priority_code:
                category = uow.queue.priority_by_code(priority_code)
                if category is None:
                    raise NotFound(f"Không có đối tượng ưu tiên mã '{priority_code}'.")
                rank, pname, pcode = max(1, category.rank), category.name, category.code
            number, issued = uow.queue.allocate_number(day, service.id, service.start_number)
            if service.daily_cap is not None and issued > service.daily_cap:
                raise ServiceClosed(f"Dịch vụ {service.name} đã hết số trong ngày "
                                    f"(tối đa {service.daily_cap} số).")
            ahead = uow.queue.count_ahead(day, service.id, rank)
            ticket = Ticket(
                id=uuid.uuid4(), business_date=day, issue_service_id=service.id, number=number,
                display_number=display_number(service.prefix, number, service.width),
                service_id=service.id, issued_at=at, priority_code=pcode, priority_rank=rank)
            uow.queue.add_ticket(ticket)
            self._event(uow, ticket, TicketAction.ISSUE, at, None, None, pcode or "")
            avg = self._average(uow, service.id, at)
            counters = uow.queue.open_counter_count(service.id) if avg is not None else 0
            uow.commit()
        return IssuedTicket(ticket.id, ticket.display_number, service.code, service.name, pcode,
                            pname, at.astimezone(self.tz), day, ahead,
                            estimate_wait_minutes(ahead, avg, counters))

    def service_status(self) -> list[ServiceStatus]:
        """Return, for each active service, whether the kiosk may issue now and why not."""
        at = self.now()
        day = business_date(at, self.tz)
        hours = self._kiosk_closed_reason(at)
        out: list[ServiceStatus] = []
        with self.uow_factory() as uow:
            issued = uow.queue.issued_counts(day)
            waiting = uow.queue.waiting_counts(day)
            for s in uow.reference.list_services():
                n = issued.get(s.id, 0)
                remaining = None if s.daily_cap is None else max(0, s.daily_cap - n)
                reason = hours
                if reason is None and remaining == 0:
                    reason = f"Đã hết số trong ngày (tối đa {s.daily_cap} số)."
                out.append(ServiceStatus(s.code, s.name, s.prefix, reason is None, reason,
                                         waiting.get(s.id, (0, 0))[0], n, remaining))
        return out

    # ------------------------------------------------------------------ counter sessions
    def open_counter_session(self, counter_no: int, officer: Officer) -> CounterSessionView:
        """Sign ``officer`` in at a counter; idempotent for the same officer.

        Refused while another officer holds the counter, or while this officer holds another.
        """
        require_role(officer, *COUNTER_ROLES)
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            counter = lk.counter(counter_no)
            for s in uow.queue.active_sessions():
                if s.counter_id == counter.id and s.officer_id == officer.id:
                    return lk.session_view(s, self.tz)
                if s.counter_id == counter.id:
                    raise CounterBusy(
                        f"Quầy {counter.number} đang do cán bộ {lk.officer_name(s.officer_id)} "
                        "làm việc. Cán bộ đó cần đăng xuất, hoặc giám sát giải phóng quầy.")
                if s.officer_id == officer.id:
                    other = lk.counter_by_id(s.counter_id).number
                    raise CounterBusy(f"Bạn đang làm việc tại quầy {other}. "
                                      "Vui lòng đăng xuất khỏi quầy đó trước.")
            session = CounterSession(uuid.uuid4(), counter.id, officer.id, at)
            if not uow.queue.open_session(session):
                raise CounterBusy(f"Quầy {counter.number} vừa được cán bộ khác đăng nhập.")
            uow.audit.record(officer.username, "counter_open", f"quầy {counter.number}")
            uow.commit()
            return lk.session_view(session, self.tz)

    def close_counter_session(self, counter_no: int, officer: Officer) -> None:
        """Sign ``officer`` out of a counter (no-op if not signed in there)."""
        with self.uow_factory(immediate=True) as uow:
            counter = self._lookup(uow).counter(counter_no)
            session = self._session_at(uow, counter)
            if session is None or session.officer_id != officer.id:
                return
            uow.queue.close_session(session.id, self.now(), officer.username)
            uow.audit.record(officer.username, "counter_close", f"quầy {counter.number}")
            uow.commit()

    def free_counter(self, counter_no: int, officer: Officer) -> None:
        """Close whatever session holds a counter (supervisor or admin only)."""
        require_role(officer, Role.SUPERVISOR)
        with self.uow_factory(immediate=True) as uow:
            counter = self._lookup(uow).counter(counter_no)
            session = self._session_at(uow, counter)
            if session is None:
                return
            uow.queue.close_session(session.id, self.now(), officer.username)
            uow.audit.record(officer.username, "counter_free", f"quầy {counter.number}")
            uow.commit()

    # ------------------------------------------------------------------ calling
    def call_next(self, counter_no: int, officer: Officer) -> TicketView:
        """Call the next ticket for the counter's services (priority first, starvation-limited).

        Refused while the counter still has a called or serving ticket, and when nobody waits.
        """
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            counter = self._take_desk(uow, lk, counter_no, officer, day)
            p_head, n_head = uow.queue.call_candidates(day, counter.id, counter.service_ids)
            recent = uow.queue.recent_call_priorities(day, counter.id,
                                                      self.rule.max_priority_in_row)
            chosen = choose_next(p_head, n_head, recent, at, self.rule)
            if chosen is None:
                raise NoTicketWaiting(f"Không còn công dân nào đang chờ cho quầy {counter.number}.")
            called = chosen.apply(TicketAction.CALL, at, counter_id=counter.id,
                                  officer_id=officer.id)
            self._save(uow, called, chosen)
            self._event(uow, called, TicketAction.CALL, at, officer, chosen.status)
            uow.commit()
            return lk.view(called, self.tz)

    def _take_desk(self, uow: UnitOfWork, lk: Lookup, counter_no: int, officer: Officer,
                   day: dt.date) -> Counter:
        """Return the counter if ``officer`` holds it and has nobody in hand (one query)."""
        require_role(officer, *COUNTER_ROLES)
        desk = uow.queue.counter_desk(day, counter_no)
        if desk is None:
            raise NotFound(f"Không có quầy số {counter_no}.")
        if not desk.counter.active:
            raise NotFound(f"Quầy {counter_no} đã ngừng hoạt động.")
        self._check_seat(lk, desk.counter, desk.session, officer)
        if desk.busy_with:
            raise CounterBusy(
                f"Quầy {counter_no} đang mời hoặc phục vụ số {desk.busy_with}. "
                "Hãy hoàn thành, chuyển hoặc đánh dấu vắng mặt trước khi mời số mới.")
        return desk.counter

    def call_specific(self, counter_no: int, officer: Officer, ticket_id: uuid.UUID
                      ) -> TicketView:
        """Call one chosen waiting ticket (of a service the counter serves, or sent to it)."""
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            counter = self._take_desk(uow, lk, counter_no, officer, day)
            ticket = self._load(uow, ticket_id)
            allowed = (ticket.target_counter_id == counter.id if ticket.target_counter_id
                       else ticket.service_id in counter.service_ids)
            if not allowed:
                raise DomainError(f"Quầy {counter.number} không phục vụ phiếu "
                                  f"{ticket.display_number}.")
            if ticket.business_date != day:
                raise DomainError(f"Phiếu {ticket.display_number} không thuộc ngày hôm nay.")
            called = ticket.apply(TicketAction.CALL, at, counter_id=counter.id,
                                  officer_id=officer.id)
            self._save(uow, called, ticket)
            self._event(uow, called, TicketAction.CALL, at, officer, ticket.status, "chọn số")
            uow.commit()
            return lk.view(called, self.tz)

    def _act(self, ticket_id: uuid.UUID, officer: Officer, action: TicketAction,
             detail: str = "") -> TicketView:
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            ticket = self._load(uow, ticket_id)
            self._require_handler(uow, lk, ticket, officer)
            new = ticket.apply(action, at, business_date=business_date(at, self.tz))
            self._save(uow, new, ticket)
            self._event(uow, new, action, at, officer, ticket.status, detail,
                        counter_id=ticket.counter_id)
            uow.commit()
            return lk.view(new, self.tz)

    def recall(self, ticket_id: uuid.UUID, officer: Officer) -> TicketView:
        """Announce a called ticket again; the recall is counted."""
        return self._act(ticket_id, officer, TicketAction.RECALL)

    def start_serving(self, ticket_id: uuid.UUID, officer: Officer) -> TicketView:
        """The citizen came to the counter: start serving."""
        return self._act(ticket_id, officer, TicketAction.START)

    def finish(self, ticket_id: uuid.UUID, officer: Officer) -> TicketView:
        """Finish serving (also straight from ``called``)."""
        return self._act(ticket_id, officer, TicketAction.FINISH)

    def mark_no_show(self, ticket_id: uuid.UUID, officer: Officer) -> TicketView:
        """The called citizen did not come."""
        return self._act(ticket_id, officer, TicketAction.NO_SHOW)

    def reactivate(self, ticket_id: uuid.UUID, officer: Officer) -> TicketView:
        """Put a no-show ticket of today back in the queue at its original place."""
        return self._act(ticket_id, officer, TicketAction.REACTIVATE)

    def cancel(self, ticket_id: uuid.UUID, officer: Officer, reason: str = "") -> TicketView:
        """Cancel a waiting, called or no-show ticket."""
        return self._act(ticket_id, officer, TicketAction.CANCEL, reason.strip())

    def transfer(self, ticket_id: uuid.UUID, officer: Officer, *, to_service: str | None = None,
                 to_counter: int | None = None) -> TicketView:
        """Send a ticket to another service or counter; it keeps its number and issue time.

        The current stint ends as ``transferred``; the returned view is the new waiting stint.
        """
        if not to_service and to_counter is None:
            raise DomainError("Hãy chọn dịch vụ hoặc quầy để chuyển phiếu đến.")
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            ticket = self._load(uow, ticket_id)
            self._require_handler(uow, lk, ticket, officer)
            service_id, target, detail = ticket.service_id, None, []
            if to_service:
                svc = lk.service_by_code(to_service)
                service_id = svc.id
                detail.append(f"đến dịch vụ {svc.code}")
            if to_counter is not None:
                dest = lk.counter(to_counter)
                target = dest.id
                detail.append(f"đến quầy {dest.number}")
            if service_id == ticket.service_id and target == ticket.target_counter_id:
                raise DomainError(f"Phiếu {ticket.display_number} đã ở hàng chờ này.")
            ended = ticket.apply(TicketAction.TRANSFER, at)
            self._save(uow, ended, ticket)
            self._event(uow, ended, TicketAction.TRANSFER, at, officer, ticket.status,
                        ", ".join(detail))
            moved = ticket.transferred_copy(uuid.uuid4(), service_id=service_id,
                                            target_counter_id=target)
            uow.queue.add_ticket(moved)
            self._event(uow, moved, TicketAction.TRANSFER, at, officer, None,
                        f"từ phiếu {ticket.id}", counter_id=ticket.counter_id)
            uow.commit()
            return lk.view(moved, self.tz)

    # ------------------------------------------------------------------ reading
    def snapshot(self, recent_calls: int | None = None) -> QueueSnapshot:
        """Return waiting per service, serving per counter and the latest calls (board, panel)."""
        at = self.now()
        day = business_date(at, self.tz)
        limit = self.settings.display.recent_calls if recent_calls is None else recent_calls
        with self.uow_factory() as uow:
            return self._lookup(uow).snapshot(at, day, self.tz, limit)

    def waiting_list(self, counter_no: int) -> list[TicketView]:
        """Return the tickets this counter may call, in the order call-next would take them."""
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory() as uow:
            lk = self._lookup(uow)
            counter = lk.counter(counter_no)
            waiting = uow.queue.waiting(day, counter_id=counter.id,
                                        service_ids=counter.service_ids)
            recent = uow.queue.recent_call_priorities(day, counter.id,
                                                      self.rule.max_priority_in_row)
            return [lk.view(t, self.tz) for t in order_queue(waiting, recent, at, self.rule)]

    def ticket(self, ticket_id: uuid.UUID) -> TicketView:
        """Return one ticket stint."""
        with self.uow_factory() as uow:
            return self._lookup(uow).view(self._load(uow, ticket_id), self.tz)

    def find_ticket(self, ref: str) -> TicketView:
        """Return a ticket by id, or by today's display number (its newest stint)."""
        ref = ref.strip()
        try:
            return self.ticket(uuid.UUID(ref))
        except ValueError:
            pass
        with self.uow_factory() as uow:
            found = uow.queue.find_ticket(self.today(), ref.upper())
            if found is None:
                raise NotFound(f"Không tìm thấy phiếu {ref} trong ngày hôm nay.")
            return self._lookup(uow).view(found, self.tz)

    def history(self, ticket_id: uuid.UUID) -> list[TicketEventView]:
        """Return every event of the ticket, earlier stints (before transfers) included."""
        with self.uow_factory() as uow:
            lk = self._lookup(uow)
            ids: list[uuid.UUID] = []
            ticket: Ticket | None = self._load(uow, ticket_id)
            while ticket is not None and ticket.id not in ids:
                ids.append(ticket.id)
                prev = ticket.transferred_from_id
                ticket = uow.queue.get_ticket(prev) if prev else None
            return [lk.event_view(e, self.tz) for e in uow.queue.events(ids)]
