"""Stress: 10 OS processes issue and call at once on one store (SQLite file, PostgreSQL).

Six kiosk processes issue tickets while four counters (one process each) call and finish them.
Every number must be unique per service and day and gap-free, and every ticket called exactly
once (never by two counters). Bounded in time: callers stop at a deadline.
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import time
import uuid

import pytest
from sqlalchemy import text

from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.reference import Officer, Role
from tests.db_fixtures import DEMO_PASSWORDS
from tests.integration.queue_helpers import login
from tests.integration.queue_workers import stress_caller, stress_issuer

ISSUERS = 6
ROUNDS = 30
CALLERS = ((1, "canbo1"), (2, "canbo2"), (3, "canbo3"), (4, "giamsat"))
PASSWORDS = {**DEMO_PASSWORDS, "canbo3": "matkhau4"}


@pytest.mark.slow
def test_concurrent_issue_and_call(store: Store, store_url: str) -> None:
    with store.uow() as uow:
        uow.reference.add_officer(Officer(uuid.uuid4(), "canbo3", "Phạm Thu Hà", Role.OFFICER),
                                  Argon2Hasher(fast=True).hash(PASSWORDS["canbo3"]))
        uow.commit()
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(ISSUERS + len(CALLERS) + 1)
    out = ctx.Queue()
    issuers_left = ctx.Value("i", ISSUERS)
    deadline = time.time() + 60
    procs = [ctx.Process(target=stress_issuer, args=(store_url, ROUNDS, start, out, issuers_left))
             for _ in range(ISSUERS)]
    # Officers sign in here: concurrent logins are not under test (see the report on auth).
    officers = {user: login(store, user, PASSWORDS[user]) for _, user in CALLERS}
    procs += [ctx.Process(target=stress_caller,
                          args=(store_url, n, officers[user], start, out, issuers_left,
                                deadline))
              for n, user in CALLERS]
    for p in procs:
        p.start()
    start.wait(120)
    t0 = time.monotonic()
    results = [out.get(timeout=120) for _ in procs]
    elapsed = time.monotonic() - t0
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    issued = [row for role, rows in results if role == "issue" for row in rows]
    called = [row for role, rows in results if role == "call" for row in rows]
    assert len(issued) == ISSUERS * ROUNDS
    assert len({i for i, _, _ in issued}) == len(issued)
    by_service: dict[str, list[int]] = collections.defaultdict(list)
    for _, number, service in issued:
        by_service[service].append(int(number[1:]))
    for service, numbers in by_service.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), service  # unique, no gaps
    called_ids = [i for i, _, _ in called]
    assert len(called_ids) == len(set(called_ids))  # nobody called twice
    assert set(called_ids) == {i for i, _, _ in issued}  # and everybody called
    with store.engine.connect() as conn:
        worst = conn.execute(text(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM ticket_events "
            "WHERE action = 'call' GROUP BY ticket_id) x")).scalar()
        statuses = dict(conn.execute(text(
            "SELECT status, count(*) FROM tickets GROUP BY status")).all())
    assert worst == 1
    assert statuses == {"done": ISSUERS * ROUNDS}
    print(f"{store.backend}: {len(issued)} issued, {len(called)} called in {elapsed:.1f} s")
