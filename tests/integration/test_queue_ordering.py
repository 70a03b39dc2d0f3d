"""Golden calling order, pinned on SQLite and PostgreSQL alike.

Covers: priority before normal, rank 1 before rank 2, oldest first (never newest first), equal
issue times broken by number and then display number, a transferred ticket keeping its original
issue time, and the starvation limit (at most 2 priority calls in a row once a normal ticket has
waited 20 minutes).
"""

from __future__ import annotations

import uuid

import pytest

from counter_app.adapters.db.store import Store
from counter_app.domain.reference import PriorityCategory
from tests.integration.queue_helpers import Clock, engine, login

STARVING = ["A003", "A006", "A001", "A007", "A005", "C001", "A002", "A004"]
NOT_YET = ["A003", "A006", "A007", "A005", "A001", "C001", "A002", "A004"]


def _scenario(store: Store, clock: Clock) -> None:
    with store.uow() as uow:
        uow.reference.add_priority(PriorityCategory(uuid.uuid4(), "UT2", "Ưu tiên hạng 2", 2))
        uow.commit()
    q = engine(store, clock)
    c001 = q.issue_ticket("DD")  # t=0, issued a moment before A001 at the same clock time
    q.issue_ticket("HT")  # A001, t=0
    q.issue_ticket("HT")  # A002, t=0: same time, higher number
    for minute, priority in ((1, "NCT"), (2, None), (3, "UT2"), (4, "NKT"), (5, "PNMT")):
        clock.advance(minutes=1)
        assert minute == (clock.t - Clock().t).seconds // 60
        q.issue_ticket("HT", priority)  # A003 … A007
    clock.advance(minutes=2)
    minh = login(store, "canbo2")
    q.open_counter_session(3, minh)
    q.call_next(3, minh)
    q.transfer(c001.id, minh, to_service="HT")  # keeps t=0


@pytest.mark.parametrize(("calls_at_minute", "expected"), [(30, STARVING), (10, NOT_YET)])
def test_golden_calling_order(store: Store, calls_at_minute: int, expected: list[str]) -> None:
    clock = Clock()
    _scenario(store, clock)
    clock.t = Clock().t
    clock.advance(minutes=calls_at_minute)
    q = engine(store, clock)
    assert [v.display_number for v in q.waiting_list(1)] == expected
    lan = login(store, "canbo1")
    q.open_counter_session(1, lan)
    called = []
    for _ in expected:
        v = q.call_next(1, lan)
        called.append(v.display_number)
        clock.advance(minutes=1)
        q.finish(v.id, lan)
    assert called == expected


def test_sql_order_without_starvation_matches_domain_key(store: Store) -> None:
    clock = Clock()
    _scenario(store, clock)
    with store.uow() as uow:
        rows = uow.queue.waiting(Clock().t.date())
    assert [t.display_number for t in rows] == NOT_YET
