"""Queue domain rules: transitions, calling order, starvation limit, wait estimate, dates."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest

from counter_app.domain.errors import IllegalTransition
from counter_app.domain.queue import (
    CallingRule,
    Ticket,
    TicketAction,
    TicketStatus,
    business_date,
    choose_next,
    display_number,
    estimate_wait_minutes,
    order_queue,
    priority_streak,
    queue_key,
)

A = TicketAction
S = TicketStatus
T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
DAY = dt.date(2026, 11, 23)
SVC = uuid.UUID(int=1)
COUNTER = uuid.UUID(int=99)

# Written out by hand (not derived from TRANSITIONS) so a change to the table fails a test.
LEGAL: dict[tuple[TicketStatus, TicketAction], TicketStatus] = {
    (S.WAITING, A.CALL): S.CALLED,
    (S.WAITING, A.TRANSFER): S.TRANSFERRED,
    (S.WAITING, A.CANCEL): S.CANCELLED,
    (S.CALLED, A.RECALL): S.CALLED,
    (S.CALLED, A.START): S.SERVING,
    (S.CALLED, A.FINISH): S.DONE,
    (S.CALLED, A.NO_SHOW): S.NO_SHOW,
    (S.CALLED, A.TRANSFER): S.TRANSFERRED,
    (S.CALLED, A.CANCEL): S.CANCELLED,
    (S.SERVING, A.FINISH): S.DONE,
    (S.SERVING, A.TRANSFER): S.TRANSFERRED,
    (S.NO_SHOW, A.REACTIVATE): S.WAITING,
    (S.NO_SHOW, A.CANCEL): S.CANCELLED,
}


def ticket(n: int, minute: int = 0, rank: int = 0, status: TicketStatus = S.WAITING) -> Ticket:
    return Ticket(id=uuid.UUID(int=1000 + n), business_date=DAY, issue_service_id=SVC, number=n,
                  display_number=display_number("A", n, 3), service_id=SVC,
                  issued_at=T0 + dt.timedelta(minutes=minute), status=status,
                  priority_rank=rank, priority_code="NCT" if rank else None)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", [a for a in A if a is not A.ISSUE])
def test_transition_table(status: TicketStatus, action: TicketAction) -> None:
    t = ticket(1, status=status)
    at = T0 + dt.timedelta(hours=1)
    if (status, action) in LEGAL:
        out = t.apply(action, at, counter_id=COUNTER, business_date=DAY)
        assert out.status is LEGAL[(status, action)]
    else:
        with pytest.raises(IllegalTransition) as info:
            t.apply(action, at, counter_id=COUNTER, business_date=DAY)
        assert "A001" in info.value.message and status.label in info.value.message


def test_call_records_counter_and_time_and_recall_counts() -> None:
    at = T0 + dt.timedelta(minutes=5)
    called = ticket(1).apply(A.CALL, at, counter_id=COUNTER, officer_id=uuid.UUID(int=7))
    assert (called.counter_id, called.called_at, called.officer_id) == (COUNTER, at,
                                                                       uuid.UUID(int=7))
    again = called.apply(A.RECALL, at).apply(A.RECALL, at)
    assert again.recall_count == 2 and again.status is S.CALLED
    done = again.apply(A.START, at + dt.timedelta(minutes=1)).apply(
        A.FINISH, at + dt.timedelta(minutes=9))
    assert done.serving_at == at + dt.timedelta(minutes=1)
    assert done.finished_at == at + dt.timedelta(minutes=9)


def test_call_needs_a_counter() -> None:
    with pytest.raises(IllegalTransition):
        ticket(1).apply(A.CALL, T0)


def test_reactivate_only_on_the_same_business_day() -> None:
    gone = ticket(1).apply(A.CALL, T0, counter_id=COUNTER).apply(A.NO_SHOW, T0)
    back = gone.apply(A.REACTIVATE, T0, business_date=DAY)
    assert back.status is S.WAITING and back.counter_id is None and back.called_at is None
    assert back.issued_at == gone.issued_at  # keeps its place
    with pytest.raises(IllegalTransition, match="trong ngày"):
        gone.apply(A.REACTIVATE, T0, business_date=DAY + dt.timedelta(days=1))


def test_transfer_copy_keeps_number_and_issue_time() -> None:
    t = ticket(4, minute=3, rank=1).apply(A.CALL, T0, counter_id=COUNTER)
    other = uuid.UUID(int=2)
    moved = t.transferred_copy(uuid.UUID(int=5), service_id=other, target_counter_id=None)
    assert (moved.display_number, moved.issued_at, moved.priority_rank) == (
        "A004", t.issued_at, 1)
    assert moved.status is S.WAITING and moved.service_id == other
    assert moved.transferred_from_id == t.id and moved.counter_id is None


def test_queue_key_priority_then_rank_then_oldest() -> None:
    tickets = [ticket(1, 0), ticket(2, 1, rank=2), ticket(3, 2), ticket(4, 3, rank=1),
               ticket(5, 4, rank=1)]
    assert [t.number for t in sorted(tickets, key=queue_key)] == [4, 5, 2, 1, 3]


def test_equal_issue_time_breaks_ties_by_number_not_newest_first() -> None:
    # NovoSGA regression: equal-priority tickets were served newest-first.
    assert [t.number for t in sorted([ticket(3), ticket(1), ticket(2)], key=queue_key)] == [
        1, 2, 3]


RULE = CallingRule(max_priority_in_row=2, starvation_minutes=20)


def test_priority_first_until_streak_and_starvation() -> None:
    p, n = ticket(10, 30, rank=1), ticket(1, 0)
    now = T0 + dt.timedelta(minutes=31)  # normal ticket waited 31 min
    assert choose_next(p, n, [], now, RULE) is p
    assert choose_next(p, n, [True], now, RULE) is p
    assert choose_next(p, n, [True, True], now, RULE) is n
    assert choose_next(p, n, [False, True, True], now, RULE) is p
    early = T0 + dt.timedelta(minutes=19)  # below the starvation threshold: priority still
    assert choose_next(p, n, [True, True, True], early, RULE) is p
    assert choose_next(None, n, [True], now, RULE) is n
    assert choose_next(p, None, [True, True], now, RULE) is p
    assert choose_next(None, None, [], now, RULE) is None


def test_priority_streak_counts_leading_priority_calls() -> None:
    assert priority_streak([True, True, False, True]) == 2
    assert priority_streak([False, True]) == 0
    assert priority_streak([]) == 0


def test_order_queue_interleaves_under_starvation() -> None:
    normal = [ticket(i, i) for i in range(1, 4)]
    prio = [ticket(10 + i, 40 + i, rank=1) for i in range(5)]
    now = T0 + dt.timedelta(minutes=60)
    order = [t.display_number for t in order_queue(normal + prio, [], now, RULE)]
    assert order == ["A010", "A011", "A001", "A012", "A013", "A002", "A014", "A003"]


def test_estimate() -> None:
    assert estimate_wait_minutes(5, None, 2) is None
    assert estimate_wait_minutes(0, 300.0, 2) == 0
    assert estimate_wait_minutes(5, 300.0, 2) == 13  # 5 × 5 min ÷ 2 = 12.5 → 13
    assert estimate_wait_minutes(3, 240.0, 0) == 12  # no counter open: assume one


def test_business_date_is_local() -> None:
    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    late_utc = dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.UTC)  # 00:30 on the 23rd locally
    assert business_date(late_utc, hcm) == dt.date(2026, 11, 23)
    assert business_date(late_utc - dt.timedelta(hours=1), hcm) == dt.date(2026, 11, 22)
    with pytest.raises(ValueError):
        business_date(dt.datetime(2026, 1, 1), hcm)


def test_display_number() -> None:
    assert display_number("A", 12, 3) == "A012"
    assert display_number("DK", 1234, 3) == "DK1234"
