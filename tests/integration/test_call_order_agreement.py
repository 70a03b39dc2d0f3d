"""The calling order has one source (``domain.queue.CALL_ORDER_FIELDS``) but two executions: Python
(``queue_key``/``order_queue``/``choose_next``) and SQL (``queue_sql.CALL_ORDER``/``QUEUE_ORDER``).
This property test drives random days — tickets with and without priority of several ranks,
transfers to a service or a counter, no-shows brought back, recalls, time passing past the
starvation limit — and checks at every call, on SQLite and PostgreSQL, that the SQL waiting list is
the Python order and that the ticket the engine calls is the one the domain would choose.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.adapters.db.store import Store
from counter_app.domain.errors import DomainError
from counter_app.domain.queue import CallingRule, business_date, order_queue, queue_key
from counter_app.domain.reference import PriorityCategory
from tests.integration.queue_helpers import MONDAY_9AM, Clock, engine, login

RULE = CallingRule(max_priority_in_row=2, starvation_minutes=6)
PRIORITIES = (None, "NCT", "UT2", "NKT")
ISSUE = st.tuples(st.just("issue"), st.sampled_from(("HT", "CT")), st.sampled_from(PRIORITIES))
MORNING = st.lists(st.one_of(ISSUE, ISSUE, st.tuples(st.just("wait"), st.integers(0, 3))),
                   min_size=8, max_size=30)  # a queue builds up before the counters call
OPS = st.lists(st.one_of(
    ISSUE,
    st.tuples(st.just("wait"), st.integers(0, 9)),
    st.tuples(st.just("call"), st.sampled_from((1, 2)), st.sampled_from(("finish", "no_show",
                                                                        "recall"))),
    st.tuples(st.just("transfer"), st.integers(0, 50), st.sampled_from(("HT", "CT", 1, 2))),
    st.tuples(st.just("reactivate"), st.integers(0, 50)),
), min_size=4, max_size=40)
_weeks = count(0)


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(morning=MORNING, ops=OPS, seed=st.integers(0, 2**16))
def test_sql_and_domain_call_the_same_ticket(store: Store, morning: list[tuple[object, ...]],
                                             ops: list[tuple[object, ...]], seed: int) -> None:
    with store.uow() as uow:  # a second rank, once per store
        if uow.queue.priority_by_code("UT2") is None:
            uow.reference.add_priority(PriorityCategory(uuid.uuid4(), "UT2", "Ưu tiên hạng 2", 2))
            uow.commit()
    rng = random.Random(seed)
    clock = Clock(MONDAY_9AM + dt.timedelta(weeks=next(_weeks)))  # a fresh Monday each example
    q = engine(store, clock, max_priority_in_row=RULE.max_priority_in_row,
               starvation_minutes=RULE.starvation_minutes)
    staff = {1: login(store, "canbo1"), 2: login(store, "canbo2")}
    for number, officer in staff.items():
        q.open_counter_session(number, officer)
    issued: list[uuid.UUID] = []
    no_shows: list[uuid.UUID] = []
    try:
        for op in [*morning, *ops, *[("call", 2, "finish")] * 12]:
            if op[0] == "issue":
                issued.append(q.issue_ticket(str(op[1]), op[2] if op[2] else None).id)
            elif op[0] == "wait":
                clock.advance(minutes=int(str(op[1])), seconds=rng.randint(0, 59))
            elif op[0] == "transfer" and issued:
                ticket = issued[int(str(op[1])) % len(issued)]
                dest = op[2]
                try:
                    if isinstance(dest, int):
                        q.transfer(ticket, staff[1], to_counter=dest)
                    else:
                        q.transfer(ticket, staff[1], to_service=str(dest))
                except DomainError:
                    pass  # not waiting any more: nothing to check
            elif op[0] == "reactivate" and no_shows:
                q.reactivate(no_shows.pop(int(str(op[1])) % len(no_shows)), staff[1])
            elif op[0] == "call":
                _call_and_compare(store, q, clock, int(str(op[1])), staff, str(op[2]), no_shows,
                                  rng)
            clock.advance(seconds=rng.randint(0, 3))
    finally:
        for number, officer in staff.items():
            q.close_counter_session(number, officer)


def _call_and_compare(store: Store, q: object, clock: Clock, number: int,
                      staff: dict[int, object], then: str, no_shows: list[uuid.UUID],
                      rng: random.Random) -> None:
    from counter_app.services.queue import QueueEngine

    assert isinstance(q, QueueEngine)
    officer = staff[number]
    day = business_date(clock(), q.tz)
    with store.uow() as uow:
        counter = uow.queue.counter_by_number(number)
        assert counter is not None
        in_sql_order = uow.queue.waiting(day, counter_id=counter.id,
                                         service_ids=counter.service_ids)
        recent = uow.queue.recent_call_priorities(day, counter.id, RULE.max_priority_in_row)
    shuffled = list(in_sql_order)
    rng.shuffle(shuffled)
    assert [t.id for t in in_sql_order] == [t.id for t in sorted(shuffled, key=queue_key)]
    expected = order_queue(shuffled, recent, clock(), RULE)
    if not expected:
        with pytest.raises(DomainError):
            q.call_next(number, officer)  # type: ignore[arg-type]
        return
    called = q.call_next(number, officer)  # type: ignore[arg-type]
    assert called.id == expected[0].id, (called.display_number, expected[0].display_number)
    if then == "recall":
        q.recall(called.id, officer)  # type: ignore[arg-type]
        q.finish(called.id, officer)  # type: ignore[arg-type]
    elif then == "no_show":
        q.mark_no_show(called.id, officer)  # type: ignore[arg-type]
        no_shows.append(called.id)
    else:
        q.finish(called.id, officer)  # type: ignore[arg-type]
