"""Queue benchmark: issue and call-next on SQLite and PostgreSQL, against floors of the same run.

* SQLite (the app's engine: WAL, ``synchronous=FULL``, durable), one client in this process,
  interleaved per round: the floor (one bare ``INSERT`` + ``COMMIT`` through the same engine),
  issue and call-next on an empty day, and issue and call-next on a day that already holds
  ``--day-tickets`` (100,000) waiting tickets in the same service. Targets: issue ≤ 3× the floor;
  the full day within 1.5× of the empty day.
* PostgreSQL (``tests/pgserver.PgServer(durable=True)``: fsync and synchronous_commit on): the
  floor, one client, then 8 kiosks and 8 counters as separate OS processes (spawn), in two load
  models. *Back to back*: each process issues (or calls and finishes) as fast as it can, so 8
  Python clients and the server share this machine's cores and the figure is mostly CPU queueing
  (it grows with clients per core: see the closing note of issue 16), reported with its
  throughput. *At the same instant*: every round the 8 processes wait at a barrier and press
  call-next together: the latency a counter sees when all counters call at once, with the lock,
  skip-locked and commit contention of 8 concurrent transactions. Targets (back to back): issue
  p95 < 30 ms, call-next p95 < 20 ms; no number issued twice and no ticket called twice.

Run: python bench/bench_queue.py [--n 200] [--day-tickets 100000] [--only sqlite|pg]
     [--json-out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text

from bench.benchlib import Measure, Target, report
from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.models_queue import TicketEventRow, TicketRow, TicketSequenceRow
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.queue import TicketAction, TicketStatus, business_date, display_number
from counter_app.domain.reference import Counter, Officer, Role
from counter_app.domain.settings import QueueSettings, Settings
from counter_app.services.accounts import authenticate
from counter_app.services.queue import QueueEngine
from counter_app.services.setup import create_demo_centre, ensure_base_data
from tests.pgserver import PgServer

SETTINGS = Settings(queue=QueueSettings(kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)))
PASSWORD = "bench-password"
SERVICE = "HT"
COUNTERS = 8
# untimed operations per client before the timed ones: a counter at work has its statements
# compiled by SQLAlchemy and prepared by psycopg (on their 5th execution); the first operation
# of a fresh process (compiling and planning everything: 50-120 ms) is reported on its own line
WARM_UP = 6


def prepare(store: Store) -> None:
    """Seed the demo centre plus eight bench counters (all serving HT) and their officers."""
    hasher = Argon2Hasher(fast=True)
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(store.uow, hasher)
    with store.uow() as uow:
        ht = uow.reference.service_by_code(SERVICE)
        assert ht is not None
        for i in range(1, COUNTERS + 1):
            uow.reference.add_counter(Counter(uuid.uuid4(), 100 + i, f"Quầy thử {i}", (ht.id,)))
            uow.reference.add_officer(Officer(uuid.uuid4(), f"bench{i}", f"Cán bộ thử {i}",
                                              Role.OFFICER), hasher.hash(PASSWORD))
        uow.commit()
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, v VARCHAR(40))"))


def fill_day(store: Store, tickets: int) -> None:
    """Put ``tickets`` waiting tickets of today in the bench service (2% priority), with their
    issue events and the day's number sequence, as a busy day would leave them."""
    tz = QueueEngine(store.uow, SETTINGS).tz
    now = dt.datetime.now(dt.UTC)
    day = business_date(now, tz)
    start = now - dt.timedelta(hours=6)
    rng = random.Random(16)
    with store.uow() as uow:
        svc = uow.queue.service_by_code(SERVICE)
        assert svc is not None
    rows, events = [], []
    for n in range(1, tickets + 1):
        at = start + dt.timedelta(seconds=n * 0.2)
        prio = rng.random() < 0.02
        tid = uuid.uuid4()
        rows.append({"id": tid, "business_date": day, "issue_service_id": svc.id, "number": n,
                     "display_number": display_number(svc.prefix, n, svc.width),
                     "service_id": svc.id, "issued_at": at, "status": TicketStatus.WAITING.value,
                     "priority_code": "NCT" if prio else None, "priority_rank": 1 if prio else 0,
                     "recall_count": 0, "created_at": at, "updated_at": at, "origin": "bench"})
        events.append({"id": uuid.uuid4(), "ticket_id": tid, "at": at,
                       "action": TicketAction.ISSUE.value, "actor": "kiosk",
                       "to_status": TicketStatus.WAITING.value, "detail": "",
                       "created_at": at, "updated_at": at, "origin": "bench"})
    with store.engine.begin() as conn:
        for i in range(0, tickets, 10_000):
            conn.execute(insert(TicketRow.__table__), rows[i:i + 10_000])
            conn.execute(insert(TicketEventRow.__table__), events[i:i + 10_000])
        conn.execute(insert(TicketSequenceRow.__table__),
                     [{"business_date": day, "service_id": svc.id, "last_number": tickets,
                       "issued": tickets}])
    if store.backend == "postgresql":
        with store.engine.connect() as conn:
            conn.execute(text("ANALYZE"))


def issue_more(store: Store, count: int) -> None:
    """Issue ``count`` more tickets of the bench service (untimed: for the next calls)."""
    q = QueueEngine(store.uow, SETTINGS)
    for _ in range(count):
        q.issue_ticket(SERVICE)


def analyze(store: Store) -> None:
    """Refresh the planner's statistics, as autovacuum does on a server in service (its first
    ANALYZE of a table comes within a minute of the first 50 changed rows). A benchmark fills
    the day in seconds, faster than that: without this, it would measure the plans made for
    tables of a handful of rows, which read and sort a counter's whole day on every call."""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")


def floor_insert(store: Store, counter: list[int]) -> None:
    """One bare durable INSERT + COMMIT through the store's engine."""
    counter[0] += 1
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO bench_floor (id, v) VALUES (:i, 'x')"), {"i": counter[0]})


def officers(store: Store, count: int) -> list[Officer]:
    """Sign in the bench officers (untimed)."""
    return [authenticate(store.uow, Argon2Hasher(fast=True), f"bench{i + 1}", PASSWORD)
            for i in range(count)]


def single_client(stores: dict[str, Store], n: int) -> dict[str, list[float]]:
    """Interleave floor, issue and call-next (+ untimed finish) on each store; ms samples."""
    engines = {k: QueueEngine(s.uow, SETTINGS) for k, s in stores.items()}
    desk = {}
    for k, s in stores.items():
        officer = officers(s, 1)[0]
        engines[k].open_counter_session(101, officer)
        desk[k] = officer
        engines[k].issue_ticket(SERVICE)  # warm up caches and connections
        engines[k].finish(engines[k].call_next(101, officer).id, officer)
    first = next(iter(stores.values()))
    ids = [0]
    floor_insert(first, ids)
    out: dict[str, list[float]] = {"floor": []}
    for _ in range(n):
        t = time.perf_counter()
        floor_insert(first, ids)
        out["floor"].append((time.perf_counter() - t) * 1000)
        for k, q in engines.items():
            t = time.perf_counter()
            q.issue_ticket(SERVICE)
            out.setdefault(f"issue/{k}", []).append((time.perf_counter() - t) * 1000)
        for k, q in engines.items():
            t = time.perf_counter()
            v = q.call_next(101, desk[k])
            out.setdefault(f"call/{k}", []).append((time.perf_counter() - t) * 1000)
            q.finish(v.id, desk[k])
    for k, q in engines.items():
        q.close_counter_session(101, desk[k])
    return out


def client(url: str, officer: Officer | None, idx: int, n: int, barrier: Any, out: Any,
           together: bool = False) -> None:
    """One client process: ``n`` timed issues, or with an officer ``n`` timed call-next (each
    followed by an untimed finish) at bench counter ``101 + idx``, after :data:`WARM_UP`
    untimed ones (the first is reported apart); ``together``: every timed operation starts
    when all clients reach the barrier."""
    store = open_store(url, upgrade=False)
    q = QueueEngine(store.uow, SETTINGS)
    if officer is not None:
        q.open_counter_session(100 + idx + 1, officer)

    def operation() -> float:
        t = time.perf_counter()
        if officer is None:
            q.issue_ticket(SERVICE)
            return (time.perf_counter() - t) * 1000
        v = q.call_next(100 + idx + 1, officer)
        took = (time.perf_counter() - t) * 1000
        q.finish(v.id, officer)
        return took

    q.service_status()  # connect (the first operation is timed without the connection)
    first = operation()
    for _ in range(WARM_UP - 1):
        operation()
    profile = None
    if idx == 0 and os.environ.get("BENCH_PROFILE"):  # bench/diag_pg.py --profile
        import cProfile
        profile = cProfile.Profile()
    barrier.wait()
    began = time.perf_counter()
    times: list[float] = []
    if profile:
        profile.enable()
    for _ in range(n):
        if together:
            barrier.wait(60)
        times.append(operation())
    if profile:
        profile.disable()
        profile.dump_stats(f"{os.environ['BENCH_PROFILE']}_{'call' if officer else 'issue'}.prof")
    if officer is not None:
        q.close_counter_session(100 + idx + 1, officer)
    out.put((times, time.perf_counter() - began, first))
    store.close()


def run_clients(url: str, op: str, clients: int, n: int, together: bool = False
                ) -> tuple[list[float], float, list[float]]:
    """Run ``clients`` processes at once; their pooled latencies (ms), operations per second
    (all clients) and the latency of each one's first operation (ms). Call-next clients need
    ``clients * (n + WARM_UP)`` waiting tickets."""
    who: list[Officer | None] = [None] * clients
    if op == "call":  # sign in here: concurrent logins are not what is measured
        store = open_store(url, upgrade=False)
        who = list(officers(store, clients))
        store.close()
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(clients), ctx.Queue()
    procs = [ctx.Process(target=client, args=(url, who[i], i, n, barrier, out, together))
             for i in range(clients)]
    for p in procs:
        p.start()
    results = [out.get(timeout=900) for _ in procs]
    for p in procs:
        p.join()
    samples = [t for times, _, _ in results for t in times]
    return (samples, len(samples) / max(took for _, took, _ in results),
            [first for _, _, first in results])


def duplicates(store: Store) -> tuple[int, int]:
    """(numbers issued twice, tickets called twice) in the whole store."""
    t, e = TicketRow.__table__, TicketEventRow.__table__
    issued = select(t.c.business_date, t.c.issue_service_id, t.c.number).where(
        t.c.transferred_from_id.is_(None)).group_by(
        t.c.business_date, t.c.issue_service_id, t.c.number).having(func.count() > 1)
    called = select(e.c.ticket_id).where(e.c.action == TicketAction.CALL.value).group_by(
        e.c.ticket_id).having(func.count() > 1)
    with store.engine.connect() as conn:
        a = conn.execute(select(func.count()).select_from(issued.subquery())).scalar_one()
        b = conn.execute(select(func.count()).select_from(called.subquery())).scalar_one()
    return int(a), int(b)


def bench_sqlite(n: int, day_tickets: int) -> list[Measure]:
    """SQLite: floor, empty day and full day, one client, interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        for name in ("empty", "full"):
            stores[name] = open_store(sqlite_url(Path(tmp) / f"{name}.sqlite3"))
            prepare(stores[name])
        fill_day(stores["full"], day_tickets)
        t = single_client(stores, n)
        for s in stores.values():
            s.close()
    fl = Measure("", t["floor"]).median
    empty_issue, empty_call = Measure("", t["issue/empty"]).median, Measure("", t["call/empty"]).median
    k = f"{day_tickets // 1000}k"
    return [
        Measure("SQLite: bare INSERT+COMMIT (floor)", t["floor"]),
        Measure("SQLite: issue, 1 client", t["issue/empty"], floor=fl, floor_name="insert",
                target=Target("ratio", 3.0, inclusive=True)),
        Measure("SQLite: call-next, 1 client", t["call/empty"], floor=fl, floor_name="insert"),
        Measure(f"SQLite: issue, {k} tickets in the day", t["issue/full"], floor=empty_issue,
                floor_name="empty day", target=Target("ratio", 1.5, inclusive=True)),
        Measure(f"SQLite: call-next, {k} tickets in the day", t["call/full"], floor=empty_call,
                floor_name="empty day", target=Target("ratio", 1.5, inclusive=True)),
    ]


def bench_pg(n: int) -> list[Measure]:
    """PostgreSQL: floor and one client, then 8 kiosks and 8 counters at once."""
    server = PgServer(durable=True).start()
    try:
        store = open_store(server.url)
        prepare(store)
        t = single_client({"pg": store}, n)
        per = max(20, n // 2)
        analyze(store)
        issue8, issue_rate, first_issue = run_clients(server.url, "issue", COUNTERS, per)
        analyze(store)
        call8, call_rate, first_call = run_clients(server.url, "call", COUNTERS, per)
        issue_more(store, COUNTERS * (per + WARM_UP))
        analyze(store)
        call8_at_once, _, _ = run_clients(server.url, "call", COUNTERS, per, together=True)
        dup_numbers, dup_calls = duplicates(store)
        store.close()
    finally:
        server.stop()
    fl = Measure("", t["floor"]).median
    return [
        Measure("PostgreSQL: bare INSERT+COMMIT (floor)", t["floor"]),
        Measure("PostgreSQL: issue, 1 client", t["issue/pg"], floor=fl, floor_name="insert"),
        Measure("PostgreSQL: call-next, 1 client", t["call/pg"], floor=fl, floor_name="insert"),
        Measure("PostgreSQL: issue, 8 kiosks back to back", issue8, floor=fl,
                floor_name="insert", target=Target("p95", 30),
                note=f"{issue_rate:.0f} tickets/s"),
        Measure("PostgreSQL: call-next, 8 counters back to back", call8, floor=fl,
                floor_name="insert", target=Target("p95", 20),
                note=f"{call_rate:.0f} calls/s; CPU-bound: 8 clients and the server share the "
                "machine's cores"),
        Measure("PostgreSQL: call-next, 8 counters at the same instant", call8_at_once,
                floor=fl, floor_name="insert"),
        Measure("PostgreSQL: first issue / call-next of a fresh process (8 each)",
                first_issue + first_call, floor=fl, floor_name="insert",
                note="once per process start, connected, the 8 starting together: "
                "SQLAlchemy compiles, the server plans"),
        Measure("PostgreSQL: duplicates (numbers + calls)", [float(dup_numbers + dup_calls)],
                unit="", target=Target("value", 0, inclusive=True)),
    ]


def main() -> None:
    """Run and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="operations per single client")
    parser.add_argument("--day-tickets", type=int, default=100_000)
    parser.add_argument("--only", choices=("sqlite", "pg"))
    parser.add_argument("--json-out")
    args = parser.parse_args()
    measures = []
    if args.only != "pg":
        measures += bench_sqlite(args.n, args.day_tickets)
    if args.only != "sqlite":
        measures += bench_pg(args.n)
    report("queue", measures, args.json_out)


if __name__ == "__main__":
    main()
