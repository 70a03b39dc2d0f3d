"""Safeguards of the queue found while using it: what to do with the citizen in hand when a
counter closes, where a ticket may be transferred, which services the kiosk can really offer,
and error messages that list the valid codes.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable

from counter_app.domain.errors import DomainError
from counter_app.domain.queue import Ticket, TicketAction, TicketStatus
from counter_app.domain.reference import Counter, QueueService
from counter_app.services.unit_of_work import UnitOfWork

NO_OPEN_COUNTER = "Chưa có quầy phục vụ"


class PendingDecision(enum.StrEnum):
    """What becomes of a called or serving ticket when its counter closes."""

    REQUEUE = "requeue"  # back to the queue at its original place
    NO_SHOW = "no_show"  # the citizen did not come (a serving ticket is finished instead)


DECISION_LABELS_VI = {PendingDecision.REQUEUE: "đưa lại hàng chờ",
                      PendingDecision.NO_SHOW: "đánh dấu vắng mặt"}


class DecisionNeeded(DomainError):
    """The counter has a called or serving ticket: ask whether to requeue it or mark no-show."""

    def __init__(self, counter_no: int, tickets: Iterable[str]) -> None:
        self.tickets = tuple(tickets)
        super().__init__(
            f"Quầy {counter_no} đang mời hoặc phục vụ số {', '.join(self.tickets)}. Hãy chọn: "
            "đưa lại hàng chờ hoặc đánh dấu vắng mặt, rồi đóng quầy.")


def in_hand(uow: UnitOfWork, day: dt.date, counter: Counter) -> list[Ticket]:
    """Called and serving tickets of ``counter`` today."""
    return [t for t in uow.queue.active_tickets(day) if t.counter_id == counter.id
            and t.status in (TicketStatus.CALLED, TicketStatus.SERVING)]


def settle(ticket: Ticket, decision: PendingDecision, at: dt.datetime
           ) -> list[tuple[Ticket, TicketAction, Ticket | None]]:
    """Return (new state, action, inserted stint) steps applying ``decision`` to ``ticket``.

    Requeue ends the stint and opens a waiting one in the same service that keeps the number and
    the original issue time (so it is called next in its turn); no-show marks a called ticket
    absent and finishes a serving one.
    """
    if decision is PendingDecision.REQUEUE:
        ended = ticket.apply(TicketAction.TRANSFER, at)
        moved = ticket.transferred_copy(uuid.uuid4(), service_id=ticket.service_id,
                                        target_counter_id=None)
        return [(ended, TicketAction.TRANSFER, moved)]
    if ticket.status is TicketStatus.SERVING:
        return [(ticket.apply(TicketAction.FINISH, at), TicketAction.FINISH, None)]
    return [(ticket.apply(TicketAction.NO_SHOW, at), TicketAction.NO_SHOW, None)]


def transfer_refusal(uow: UnitOfWork, dest: Counter, service: QueueService) -> str | None:
    """Why a ticket of ``service`` may not go to counter ``dest`` (None when it may)."""
    if not dest.active:
        return f"Quầy {dest.number} đã ngừng hoạt động."
    if uow.queue.session_at(dest.id) is None:
        return f"Quầy {dest.number} đang đóng (chưa có cán bộ đăng nhập)."
    if dest.service_ids and service.id not in dest.service_ids:
        return f"Quầy {dest.number} không phục vụ lĩnh vực {service.name} ({service.code})."
    return None


def unknown_service(uow: UnitOfWork, code: str) -> str:
    """'No service CODE' with the valid codes."""
    codes = ", ".join(s.code for s in uow.reference.list_services())
    return f"Không có dịch vụ mã '{code}'. Các mã hợp lệ: {codes or '(chưa có)'}."


def unknown_priority(uow: UnitOfWork, code: str) -> str:
    """'No priority category CODE' with the valid codes."""
    codes = ", ".join(p.code for p in uow.reference.list_priorities())
    return f"Không có đối tượng ưu tiên mã '{code}'. Các mã hợp lệ: {codes or '(chưa có)'}."


def kiosk_unavailable(uow: UnitOfWork, local_now: dt.datetime, allow_without_counter: bool
                      ) -> dict[str, str]:
    """Active services the kiosk should grey out, code → Vietnamese reason.

    A service is unavailable outside its own issuing hours, or (unless the centre allows issuing
    anyway) while no open counter serves it.
    """
    open_counters = {s.counter_id for s in uow.queue.active_sessions()}
    served: set[uuid.UUID] = set()
    for c in uow.reference.list_counters():
        if c.active and c.id in open_counters:
            served |= set(c.service_ids)
    out: dict[str, str] = {}
    for item in uow.admin.services():
        if not item.active:
            continue
        if item.issue_from and item.issue_to and not (
                item.issue_from <= local_now.time() < item.issue_to):
            out[item.code] = (f"Ngoài giờ cấp số ({item.issue_from:%H:%M}–"
                              f"{item.issue_to:%H:%M})")
        elif not allow_without_counter and item.id not in served:
            out[item.code] = NO_OPEN_COUNTER
    return out


def decision_of(value: PendingDecision | str | None) -> PendingDecision | None:
    """Parse a decision given as text (CLI) or enum."""
    if value is None or isinstance(value, PendingDecision):
        return value
    try:
        return PendingDecision(value)
    except ValueError:
        raise DomainError("Lựa chọn phải là requeue (đưa lại hàng chờ) hoặc no_show "
                          "(vắng mặt).") from None
