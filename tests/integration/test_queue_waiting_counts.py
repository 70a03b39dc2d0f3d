"""The trigger-kept waiting counts (``queue_waiting``, migration 0008) on both backends: after
every kind of move in and out of the waiting state they equal a recount of the tickets, and
"people ahead" and the kiosk's waiting figures read them."""

from __future__ import annotations

from sqlalchemy import text

from counter_app.adapters.db.store import Store
from tests.integration.queue_helpers import Clock, engine, login


def _kept(store: Store) -> dict[tuple[str, str], int]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT CAST(business_date AS VARCHAR(10)), CAST(service_id AS VARCHAR(40)), "
            "SUM(waiting) FROM queue_waiting GROUP BY business_date, service_id"))
        return {(d, s): int(n) for d, s, n in rows if int(n)}


def _recount(store: Store) -> dict[tuple[str, str], int]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT CAST(business_date AS VARCHAR(10)), CAST(service_id AS VARCHAR(40)), "
            "COUNT(*) FROM tickets WHERE status = 'waiting' GROUP BY business_date, service_id"))
        return {(d, s): int(n) for d, s, n in rows}


def test_counts_follow_every_move_in_and_out_of_the_queue(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan = login(store, "canbo1")
    tickets = [q.issue_ticket("HT") for _ in range(4)]
    prio = q.issue_ticket("HT", "NCT")
    q.issue_ticket("CT")
    assert _kept(store) == _recount(store)
    assert [t.people_ahead for t in tickets] == [0, 1, 2, 3]
    assert prio.people_ahead == 0
    assert {s.code: s.waiting for s in q.service_status()}["HT"] == 5
    q.open_counter_session(1, lan)
    called = q.call_next(1, lan)  # the priority ticket
    q.mark_no_show(called.id, lan)
    q.reactivate(called.id, lan)  # back in the queue
    q.cancel(tickets[3].id, lan, "về")
    called = q.call_next(1, lan)
    q.transfer(called.id, lan, to_service="CT")  # leaves HT (called), joins CT
    q.call_specific(1, lan, tickets[2].id)
    q.finish(tickets[2].id, lan)
    assert _kept(store) == _recount(store)
    clock.advance(minutes=24 * 60)  # a new day starts from zero
    assert q.issue_ticket("HT").people_ahead == 0
    with store.engine.begin() as conn:  # a direct fix-up by an administrator counts too
        conn.execute(text("DELETE FROM ticket_events"))
        conn.execute(text("DELETE FROM tickets WHERE status = 'waiting' AND number = 1"))
    assert _kept(store) == _recount(store)
