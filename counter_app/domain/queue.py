"""Queue tickets: statuses, the action state machine, calling order, starvation rule, wait estimate.

Pure rules, no storage. A :class:`Ticket` is one *stint* of a citizen's paper ticket in one queue
service: a transfer ends the stint as ``transferred`` and opens a new waiting stint (same display
number, same original issue time) in the target service or for the target counter.

Calling order (:func:`queue_key`), the same in Python and in the SQL of every backend:

1. priority tickets (``priority_rank > 0``) before normal ones, lower rank first;
2. then the oldest ``issued_at`` (the *original* issue time, kept on transfer and reactivation);
3. ties broken by number, display number and id, so the order is total and deterministic.

Starvation rule (:func:`choose_next`): when a counter's last ``max_priority_in_row`` calls were all
priority tickets and the oldest normal ticket it could call has waited at least
``starvation_minutes``, that normal ticket is called instead of the next priority ticket.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from counter_app.domain.errors import DomainError, IllegalTransition


class TicketStatus(enum.StrEnum):
    """Where a ticket stint stands."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        """Vietnamese label for screens and reports."""
        return STATUS_LABELS_VI[self]

    @property
    def is_final(self) -> bool:
        """True for statuses no action leaves (no-show can still be reactivated)."""
        return self in (TicketStatus.DONE, TicketStatus.CANCELLED, TicketStatus.TRANSFERRED)


STATUS_LABELS_VI: dict[TicketStatus, str] = {
    TicketStatus.WAITING: "Đang chờ",
    TicketStatus.CALLED: "Đã mời",
    TicketStatus.SERVING: "Đang phục vụ",
    TicketStatus.DONE: "Đã xong",
    TicketStatus.NO_SHOW: "Vắng mặt",
    TicketStatus.CANCELLED: "Đã hủy",
    TicketStatus.TRANSFERRED: "Đã chuyển",
}


class TicketAction(enum.StrEnum):
    """What can be done to a ticket; every action is recorded as a ticket event."""

    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    REACTIVATE = "reactivate"
    TRANSFER = "transfer"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        """Vietnamese verb for messages and history."""
        return ACTION_LABELS_VI[self]


ACTION_LABELS_VI: dict[TicketAction, str] = {
    TicketAction.ISSUE: "cấp số",
    TicketAction.CALL: "mời",
    TicketAction.RECALL: "mời lại",
    TicketAction.START: "bắt đầu phục vụ",
    TicketAction.FINISH: "hoàn thành",
    TicketAction.NO_SHOW: "đánh dấu vắng mặt",
    TicketAction.REACTIVATE: "kích hoạt lại",
    TicketAction.TRANSFER: "chuyển",
    TicketAction.CANCEL: "hủy",
}

_S = TicketStatus
# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[TicketAction, tuple[frozenset[TicketStatus], TicketStatus]] = {
    TicketAction.CALL: (frozenset({_S.WAITING}), _S.CALLED),
    TicketAction.RECALL: (frozenset({_S.CALLED}), _S.CALLED),
    TicketAction.START: (frozenset({_S.CALLED}), _S.SERVING),
    TicketAction.FINISH: (frozenset({_S.CALLED, _S.SERVING}), _S.DONE),
    TicketAction.NO_SHOW: (frozenset({_S.CALLED}), _S.NO_SHOW),
    TicketAction.REACTIVATE: (frozenset({_S.NO_SHOW}), _S.WAITING),
    TicketAction.TRANSFER: (frozenset({_S.WAITING, _S.CALLED, _S.SERVING}), _S.TRANSFERRED),
    TicketAction.CANCEL: (frozenset({_S.WAITING, _S.CALLED, _S.NO_SHOW}), _S.CANCELLED),
}


@dataclass(frozen=True)
class CallingRule:
    """Starvation limit: at most ``max_priority_in_row`` priority calls in a row at a counter
    while a normal ticket has waited ``starvation_minutes`` or longer."""

    max_priority_in_row: int = 2
    starvation_minutes: int = 20


@dataclass(frozen=True)
class Ticket:
    """One stint of a queue ticket; times are aware UTC."""

    id: uuid.UUID
    business_date: dt.date
    issue_service_id: uuid.UUID  # the service whose daily sequence gave the number
    number: int
    display_number: str
    service_id: uuid.UUID  # the queue this stint waits in
    issued_at: dt.datetime  # original issue time: the ordering key, kept on transfer
    status: TicketStatus = TicketStatus.WAITING
    priority_code: str | None = None
    priority_rank: int = 0  # 0 = no priority; 1 = most urgent
    target_counter_id: uuid.UUID | None = None  # only this counter may call it (transfer)
    counter_id: uuid.UUID | None = None  # the counter that called it
    officer_id: uuid.UUID | None = None
    called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    recall_count: int = 0
    transferred_from_id: uuid.UUID | None = None
    web_token: str = ""  # secret of the mobile ticket (its QR URL); kept across transfers

    @property
    def has_priority(self) -> bool:
        """True when a priority category was chosen."""
        return self.priority_rank > 0

    def apply(
        self,
        action: TicketAction,
        at: dt.datetime,
        *,
        counter_id: uuid.UUID | None = None,
        officer_id: uuid.UUID | None = None,
        business_date: dt.date | None = None,
    ) -> Ticket:
        """Return the ticket after ``action`` at ``at``; raise :class:`IllegalTransition` if not allowed.

        ``counter_id``/``officer_id`` are needed for ``call``; ``business_date`` (today) for
        ``reactivate``, which is only allowed on the ticket's own business day.
        """
        if action is TicketAction.ISSUE or action not in TRANSITIONS:
            raise IllegalTransition(f"Thao tác “{action.label}” không áp dụng cho phiếu đã cấp.")
        sources, target = TRANSITIONS[action]
        if self.status not in sources:
            raise IllegalTransition(
                f"Không thể {action.label} phiếu {self.display_number} "
                f"đang ở trạng thái “{self.status.label}”."
            )
        if action is TicketAction.CALL:
            if counter_id is None:
                raise IllegalTransition("Cần chọn quầy để mời phiếu.")
            return replace(self, status=target, counter_id=counter_id, officer_id=officer_id,
                           called_at=at, serving_at=None, finished_at=None)
        if action is TicketAction.RECALL:
            return replace(self, recall_count=self.recall_count + 1)
        if action is TicketAction.START:
            return replace(self, status=target, serving_at=at)
        if action is TicketAction.FINISH:
            return replace(self, status=target, serving_at=self.serving_at or at, finished_at=at)
        if action is TicketAction.REACTIVATE:
            if business_date is None or business_date != self.business_date:
                raise IllegalTransition(
                    f"Chỉ kích hoạt lại được phiếu vắng mặt trong ngày; phiếu "
                    f"{self.display_number} được cấp ngày {self.business_date:%d/%m/%Y}."
                )
            return replace(self, status=target, counter_id=None, officer_id=None,
                           called_at=None, serving_at=None, finished_at=None)
        return replace(self, status=target, finished_at=at)

    def transferred_copy(
        self,
        new_id: uuid.UUID,
        *,
        service_id: uuid.UUID,
        target_counter_id: uuid.UUID | None,
    ) -> Ticket:
        """Return the new waiting stint a transfer opens: same number and original issue time."""
        return Ticket(
            id=new_id, business_date=self.business_date, issue_service_id=self.issue_service_id,
            number=self.number, display_number=self.display_number, service_id=service_id,
            issued_at=self.issued_at, priority_code=self.priority_code,
            priority_rank=self.priority_rank, target_counter_id=target_counter_id,
            transferred_from_id=self.id, web_token=self.web_token,
        )


def business_date(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """Return the centre's local date of ``moment`` (an aware datetime): the numbering day."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(tz).date()


def display_number(prefix: str, number: int, width: int) -> str:
    """Return the printed form of a number, e.g. ``A012``."""
    return f"{prefix}{number:0{width}d}"


# The calling order, the one source for Python and SQL: priority tickets before the others, then
# these ticket fields ascending. ``adapters/db/repositories/queue_sql.py`` builds its ORDER BY from
# this tuple; ``tests/integration/test_call_order_agreement.py`` checks both pick the same ticket.
CALL_ORDER_FIELDS: tuple[str, ...] = ("priority_rank", "issued_at", "number", "display_number",
                                      "id")


def _order_value(t: Ticket, name: str) -> object:
    value = getattr(t, name)
    return value.hex if isinstance(value, uuid.UUID) else value


def queue_key(t: Ticket) -> tuple[Any, ...]:
    """Sort key of the calling order (see the module docstring); smaller is called first."""
    return (0 if t.has_priority else 1, *(_order_value(t, f) for f in CALL_ORDER_FIELDS))


def priority_streak(recent_calls: Sequence[bool]) -> int:
    """Return how many of a counter's latest calls (newest first, True = priority) were priority."""
    n = 0
    for was_priority in recent_calls:
        if not was_priority:
            break
        n += 1
    return n


def choose_next(
    priority_head: Ticket | None,
    normal_head: Ticket | None,
    recent_calls: Sequence[bool],
    now: dt.datetime,
    rule: CallingRule,
) -> Ticket | None:
    """Pick the ticket a counter calls next from the first waiting priority and normal tickets.

    ``recent_calls`` are the counter's calls today, newest first (True = priority ticket).
    Priority goes first unless the starvation rule (module docstring) lets the normal one through.
    """
    if priority_head is None or normal_head is None:
        return priority_head or normal_head
    waited = now - normal_head.issued_at
    if (priority_streak(recent_calls) >= rule.max_priority_in_row
            and waited >= dt.timedelta(minutes=rule.starvation_minutes)):
        return normal_head
    return priority_head


def order_queue(
    waiting: Sequence[Ticket], recent_calls: Sequence[bool], now: dt.datetime, rule: CallingRule
) -> list[Ticket]:
    """Return ``waiting`` in the order one counter would call them if nothing else happened."""
    priority = sorted((t for t in waiting if t.has_priority), key=queue_key)
    normal = sorted((t for t in waiting if not t.has_priority), key=queue_key)
    history = list(recent_calls)
    out: list[Ticket] = []
    while priority or normal:
        chosen = choose_next(priority[0] if priority else None, normal[0] if normal else None,
                             history, now, rule)
        assert chosen is not None
        (priority if chosen.has_priority else normal).pop(0)
        history.insert(0, chosen.has_priority)
        out.append(chosen)
    return out


def estimate_wait_minutes(
    people_ahead: int, average_service_seconds: float | None, open_counters: int
) -> int | None:
    """Estimated minutes until a new ticket is called, or None without service history.

    ``people_ahead × average service time ÷ counters open for the service`` rounded up to whole
    minutes, where the average is the rolling mean of call-to-finish time of the service's recent
    finished tickets and at least one counter is assumed open. Tickets being served right now are
    not counted, nor their remaining time.
    """
    if average_service_seconds is None:
        return None
    if people_ahead <= 0:
        return 0
    counters = max(1, open_counters)
    return math.ceil(people_ahead * average_service_seconds / counters / 60)


@dataclass(frozen=True)
class TicketEvent:
    """One recorded action on a ticket stint: who, when, at which counter, what changed."""

    id: uuid.UUID
    ticket_id: uuid.UUID
    at: dt.datetime
    action: TicketAction
    actor: str  # officer username, or "kiosk"
    to_status: TicketStatus
    from_status: TicketStatus | None = None
    officer_id: uuid.UUID | None = None
    counter_id: uuid.UUID | None = None
    detail: str = ""


@dataclass(frozen=True)
class CounterSession:
    """An officer working at a counter; at most one open session per counter."""

    id: uuid.UUID
    counter_id: uuid.UUID
    officer_id: uuid.UUID
    opened_at: dt.datetime
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    paused_since: dt.datetime | None = None  # the counter is paused (Tạm nghỉ) since then


class CounterPaused(DomainError):
    """The counter is paused: resume it before calling."""


class ServiceClosed(DomainError):
    """The kiosk cannot issue a ticket for this service now (hours, daily cap, inactive)."""


class NoTicketWaiting(DomainError):
    """Call-next found nobody waiting for this counter."""


class CounterBusy(DomainError):
    """Another officer works at this counter, or the counter still has a citizen."""


class PendingDecision(enum.StrEnum):
    """What to do with the citizen called or being served when the counter closes."""

    REQUEUE = "requeue"  # back to the front of the queue (same number, same issue time)
    NO_SHOW = "no_show"  # called but did not come (only for a called ticket)


class DecisionNeeded(DomainError):
    """The counter still has a called or serving ticket: the officer must say what to do."""

    def __init__(self, ticket_display: str, status: TicketStatus) -> None:
        self.ticket_display = ticket_display
        self.status = status
        options = "trả về hàng chờ hoặc ghi vắng mặt" if status is TicketStatus.CALLED \
            else "trả về hàng chờ"
        super().__init__(f"Quầy còn phiếu {ticket_display} ({status.label}): hãy chọn {options} "
                         "trước khi đóng quầy.")


class ConcurrentUpdate(DomainError):
    """Someone else changed the ticket first; reload and try again."""
