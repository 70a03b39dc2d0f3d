"""Queue use cases: issue tickets, counter sessions, calling, serving, transfers, board snapshot.

Build one :class:`QueueEngine` per process with the store's unit-of-work factory and the settings;
tests inject ``now``. Every write runs in a unit of work opened with ``immediate=True`` (SQLite's
write lock at BEGIN; row locks on PostgreSQL), records a ticket event (who, when, counter, action)
and is all-or-nothing. Methods return frozen rows from :mod:`counter_app.services.queue_views`
and raise :class:`~counter_app.domain.errors.DomainError` subclasses with Vietnamese messages.
"""

from __future__ import annotations

import uuid

from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.mobile_ticket import new_ticket_token
from counter_app.domain.queue import (
    NoTicketWaiting,
    ServiceClosed,
    Ticket,
    TicketAction,
    business_date,
    choose_next,
    estimate_wait_minutes,
)
from counter_app.domain.reference import Counter, Officer
from counter_app.services.queue_desk import QueueDesk
from counter_app.services.queue_lookup import Lookup
from counter_app.services.queue_safeguards import unknown_priority, unknown_service
from counter_app.services.queue_views import IssuedTicket, ServiceStatus, TicketView
from counter_app.services.unit_of_work import UnitOfWork

NO_OPEN_COUNTER = "Chưa có quầy phục vụ"

__all__ = ["QueueEngine"]


class QueueEngine(QueueDesk):
    """The queue's use cases over a unit-of-work factory (``Store.uow``) and a clock.

    Counter sessions and read-only views come from :class:`QueueDesk`; the shared clock,
    settings, caches and guards from :class:`QueueBase`.
    """

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
                raise NotFound(unknown_service(uow, service_code))
            if not service.active:
                raise ServiceClosed(f"Dịch vụ {service.name} tạm ngừng cấp số.")
            reason = self._kiosk_closed_reason(at) or service.closed_reason(
                at.astimezone(self.tz).time())
            if reason:
                raise ServiceClosed(reason)
            rank, pname, pcode = 0, None, None
            if priority_code:
                category = uow.queue.priority_by_code(priority_code)
                if category is None:
                    raise NotFound(unknown_priority(uow, priority_code))
                rank, pname, pcode = max(1, category.rank), category.name, category.code
            # reads first: the numbering write comes last, as every other kiosk issuing for
            # the service waits on its sequence row until it commits
            avg = self._average(uow, service.id, at)
            counters = uow.queue.open_counter_count(service.id) if avg is not None else 0
            draft = Ticket(
                id=uuid.uuid4(), business_date=day, issue_service_id=service.id, number=0,
                display_number="", service_id=service.id, issued_at=at, priority_code=pcode,
                priority_rank=rank, web_token=new_ticket_token())
            numbered = uow.queue.issue_numbered(draft, self._new_event(
                draft, TicketAction.ISSUE, at, None, None, pcode or ""), service)
            if numbered is None:
                raise ServiceClosed(f"Dịch vụ {service.name} đã hết số trong ngày "
                                    f"(tối đa {service.daily_cap} số).")
            uow.commit()
        ticket, ahead = numbered.ticket, numbered.ahead
        return IssuedTicket(ticket.id, ticket.display_number, service.code, service.name, pcode,
                            pname, at.astimezone(self.tz), day, ahead,
                            estimate_wait_minutes(ahead, avg, counters), ticket.web_token)

    def service_status(self) -> list[ServiceStatus]:
        """Return, for each active service, whether the kiosk may issue now and why not.

        A service no open counter serves is closed ("Chưa có quầy phục vụ") unless the centre
        set ``queue.issue_without_open_counter``: the kiosk greys its button out.
        """
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
                reason = hours or s.closed_reason(at.astimezone(self.tz).time())
                if reason is None and remaining == 0:
                    reason = f"Đã hết số trong ngày (tối đa {s.daily_cap} số)."
                if reason is None and not self.settings.queue.issue_without_open_counter \
                        and uow.queue.open_counter_count(s.id) == 0:
                    reason = NO_OPEN_COUNTER
                out.append(ServiceStatus(s.code, s.name, s.prefix, reason is None, reason,
                                         waiting.get(s.id, (0, 0))[0], n, remaining))
        return out

    # ------------------------------------------------------------------ calling
    def call_next(self, counter_no: int, officer: Officer) -> TicketView:
        """Call the next ticket for the counter's services (priority first, starvation-limited).

        Refused while the counter still has a called or serving ticket, and when nobody waits.
        """
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            desk = self._take_desk(uow, lk, counter_no, officer, day,
                                   self.rule.max_priority_in_row, heads=True)
            counter = desk.counter
            chosen = choose_next(desk.priority_head, desk.normal_head, desk.recent_calls, at,
                                 self.rule)
            if chosen is None:
                raise NoTicketWaiting(f"Không còn công dân nào đang chờ cho quầy {counter.number}.")
            called = chosen.apply(TicketAction.CALL, at, counter_id=counter.id,
                                  officer_id=officer.id)
            self._save(uow, called, chosen, TicketAction.CALL, at, officer)
            uow.commit()
            return lk.view(called, self.tz)

    def call_specific(self, counter_no: int, officer: Officer, ticket_id: uuid.UUID
                      ) -> TicketView:
        """Call one chosen waiting ticket (of a service the counter serves, or sent to it)."""
        at = self.now()
        day = business_date(at, self.tz)
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            counter = self._take_desk(uow, lk, counter_no, officer, day).counter
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
            self._save(uow, called, ticket, TicketAction.CALL, at, officer, "chọn số")
            uow.commit()
            return lk.view(called, self.tz)

    def _act(self, ticket_id: uuid.UUID, officer: Officer, action: TicketAction,
             detail: str = "") -> TicketView:
        at = self.now()
        with self.uow_factory(immediate=True) as uow:
            lk = self._lookup(uow)
            ticket = self._load_for(uow, lk, ticket_id, officer)
            new = ticket.apply(action, at, business_date=business_date(at, self.tz))
            self._save(uow, new, ticket, action, at, officer, detail, ticket.counter_id)
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

    def _check_destination(self, uow: UnitOfWork, lk: Lookup, dest: Counter,
                           service_id: uuid.UUID) -> None:
        """A transfer goes only to an open counter that serves the ticket's service."""
        if service_id not in dest.service_ids:
            service = lk.services.get(service_id)
            name = service.name if service is not None else "này"
            raise DomainError(f"Quầy {dest.number} không phục vụ dịch vụ {name}. Hãy chọn quầy "
                              "khác hoặc chuyển sang dịch vụ mà quầy đó phục vụ.")
        if self._session_at(uow, dest) is None:
            raise DomainError(f"Quầy {dest.number} đang đóng (chưa có cán bộ đăng nhập), "
                              "không chuyển phiếu đến được.")

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
            ticket = self._load_for(uow, lk, ticket_id, officer)
            service_id, target, detail = ticket.service_id, None, []
            if to_service:
                svc = lk.service_by_code(to_service)
                service_id = svc.id
                detail.append(f"đến dịch vụ {svc.code}")
            if to_counter is not None:
                dest = lk.counter(to_counter)
                self._check_destination(uow, lk, dest, service_id)
                target = dest.id
                detail.append(f"đến quầy {dest.number}")
            if service_id == ticket.service_id and target == ticket.target_counter_id:
                raise DomainError(f"Phiếu {ticket.display_number} đã ở hàng chờ này.")
            ended = ticket.apply(TicketAction.TRANSFER, at)
            self._save(uow, ended, ticket, TicketAction.TRANSFER, at, officer, ", ".join(detail))
            moved = ticket.transferred_copy(uuid.uuid4(), service_id=service_id,
                                            target_counter_id=target)
            uow.queue.add_ticket(moved)
            self._event(uow, moved, TicketAction.TRANSFER, at, officer, None,
                        f"từ phiếu {ticket.id}", counter_id=ticket.counter_id)
            uow.commit()
            return lk.view(moved, self.tz)
