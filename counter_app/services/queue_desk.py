"""Queue use cases for counter sessions and for reading the queue (board, panel, history)."""

from __future__ import annotations

import datetime as dt
import uuid

from counter_app.domain.errors import NotFound
from counter_app.domain.queue import (
    CounterBusy,
    CounterSession,
    DecisionNeeded,
    PendingDecision,
    Ticket,
    TicketAction,
    business_date,
    order_queue,
)
from counter_app.domain.reference import Officer, Role
from counter_app.services.auth import require_role
from counter_app.services.queue_base import COUNTER_ROLES, QueueBase
from counter_app.services.queue_views import (
    CounterSessionView,
    QueueSnapshot,
    TicketEventView,
    TicketView,
)
from counter_app.services.unit_of_work import UnitOfWork


class QueueDesk(QueueBase):
    """Counter sign-in/out and the read-only views of the queue."""

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

    def close_counter_session(self, counter_no: int, officer: Officer,
                              pending: PendingDecision | str | None = None) -> None:
        """Sign ``officer`` out of a counter (no-op if not signed in there).

        A ticket still called or being served there needs ``pending``: back to the queue (same
        number and issue time) or no-show; without it :class:`DecisionNeeded` is raised.
        """
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            counter = self._lookup(uow).counter(counter_no)
            session = self._session_at(uow, counter)
            if session is None or session.officer_id != officer.id:
                return
            for ticket in uow.queue.active_tickets(business_date(at, self.tz)):
                if ticket.counter_id == counter.id:
                    self._settle(uow, ticket, officer, pending, at)
            uow.queue.close_session(session.id, at, officer.username)
            uow.audit.record(officer.username, "counter_close", f"quầy {counter.number}")
            uow.commit()

    def pause_counter(self, counter_no: int, officer: Officer) -> None:
        """Pause the counter ``officer`` works at (Tạm nghỉ: the board and the supervisor see
        it, calling is refused until :meth:`resume_counter`); idempotent."""
        self._set_pause(counter_no, officer, pause=True)

    def resume_counter(self, counter_no: int, officer: Officer) -> None:
        """End the counter's pause; idempotent."""
        self._set_pause(counter_no, officer, pause=False)

    def _set_pause(self, counter_no: int, officer: Officer, *, pause: bool) -> None:
        require_role(officer, *COUNTER_ROLES)
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            counter = lk.counter(counter_no)
            session = self._session_at(uow, counter)
            self._check_seat(lk, counter, session, officer)
            assert session is not None
            if (session.paused_since is not None) == pause:
                return
            if pause:
                desk = uow.queue.counter_desk(business_date(at, self.tz), counter_no)
                if desk is not None and desk.busy_with:
                    raise CounterBusy(f"Quầy {counter_no} đang mời hoặc phục vụ số "
                                      f"{desk.busy_with}. Hãy hoàn thành trước khi tạm nghỉ.")
            uow.queue.set_pause(session.id, at if pause else None)
            uow.audit.record(officer.username, "counter_pause" if pause else "counter_resume",
                             f"quầy {counter.number}")
            uow.commit()

    def _settle(self, uow: UnitOfWork, ticket: Ticket, officer: Officer,
                pending: PendingDecision | str | None, at: dt.datetime) -> None:
        """End the counter's open ticket as decided when the counter closes."""
        if pending is None:
            raise DecisionNeeded(ticket.display_number, ticket.status)
        decision = PendingDecision(pending)
        if decision is PendingDecision.NO_SHOW:
            self._save(uow, ticket.apply(TicketAction.NO_SHOW, at), ticket, TicketAction.NO_SHOW,
                       at, officer, "đóng quầy")
            return
        ended = ticket.apply(TicketAction.TRANSFER, at)
        self._save(uow, ended, ticket, TicketAction.TRANSFER, at, officer,
                   "trả về hàng chờ khi đóng quầy")
        back = ticket.transferred_copy(uuid.uuid4(), service_id=ticket.service_id,
                                       target_counter_id=None)
        uow.queue.add_ticket(back)
        self._event(uow, back, TicketAction.TRANSFER, at, officer, None,
                    f"từ phiếu {ticket.id}", counter_id=ticket.counter_id)

    def counter_for_pc(self, pc_name: str) -> int | None:
        """The active counter the admin bound to this PC (opened by default at login), if any."""
        wanted = pc_name.strip().lower()
        if not wanted:
            return None
        with self.uow_factory() as uow:
            for counter in uow.admin.counters():
                if counter.active and counter.pc_name.strip().lower() == wanted:
                    return counter.number
        return None

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
