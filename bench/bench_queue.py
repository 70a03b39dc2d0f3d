"""Queue benchmark: issue and call-next latency with 1 and 8 clients, on SQLite and PostgreSQL.

Each figure is set next to the floor: one bare durable ``INSERT`` + ``COMMIT`` on the same store
through the same engine. PostgreSQL runs durably (fsync and synchronous_commit on) via
``tests/pgserver.PgServer(durable=True)``; SQLite is a temporary file with the app's pragmas.
Clients are separate OS processes (spawn). Run: ``python bench/bench_queue.py [--n 200]``.
Targets: issue within 3x the floor on SQLite; call-next p95 < 20 ms with 8 clients on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import make_engine, sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.reference import Counter, Officer, Role
from counter_app.domain.settings import QueueSettings, Settings
from counter_app.services.auth import authenticate
from counter_app.services.queue import QueueEngine
from counter_app.services.setup import create_demo_centre, ensure_base_data
from tests.pgserver import PgServer

SETTINGS = Settings(queue=QueueSettings(kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)))
CLIENTS = (1, 8)
PASSWORD = "bench-password"


def _ms(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s) * 1000, s[min(len(s) - 1, int(len(s) * 0.95))] * 1000


def prepare(store: Store) -> None:
    """Seed the demo centre plus eight bench counters (all serving HT) and their officers."""
    hasher = Argon2Hasher(fast=True)
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(store.uow, hasher)
    with store.uow() as uow:
        ht = uow.reference.service_by_code("HT")
        assert ht is not None
        for i in range(1, 9):
            uow.reference.add_counter(Counter(uuid.uuid4(), 100 + i, f"Quầy thử {i}", (ht.id,)))
            uow.reference.add_officer(Officer(uuid.uuid4(), f"bench{i}", f"Cán bộ thử {i}",
                                              Role.OFFICER), hasher.hash(PASSWORD))
        uow.commit()
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, v VARCHAR(40))"))


def connect(url: str, full_sync: bool) -> Store:
    """Open the (already migrated) store; ``full_sync`` sets SQLite ``synchronous=FULL``."""
    engine = make_engine(url)
    if full_sync:
        @event.listens_for(engine, "connect")
        def _full(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA synchronous = FULL")
    return Store(engine)


def floor(store: Store, n: int) -> list[float]:
    """Time ``n`` bare INSERT + COMMIT transactions."""
    out = []
    for i in range(n):
        t = time.perf_counter()
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_floor (id, v) VALUES (:i, 'x')"), {"i": i})
        out.append(time.perf_counter() - t)
    return out


def client(url: str, full_sync: bool, officer: Officer | None, idx: int, n: int, barrier: Any,
           out: Any) -> None:
    """One client process: ``n`` timed issues, or with an officer ``n`` timed call-next
    (each followed by an untimed finish) at bench counter ``101 + idx``."""
    store = connect(url, full_sync)
    q = QueueEngine(store.uow, SETTINGS)
    if officer is not None:
        q.open_counter_session(100 + idx + 1, officer)
    q.service_status()  # warm up the connection
    barrier.wait()
    times: list[float] = []
    for _ in range(n):
        t = time.perf_counter()
        if officer is None:
            q.issue_ticket("HT")
            times.append(time.perf_counter() - t)
        else:
            v = q.call_next(100 + idx + 1, officer)
            times.append(time.perf_counter() - t)
            q.finish(v.id, officer)
    if officer is not None:
        q.close_counter_session(100 + idx + 1, officer)
    out.put(times)
    store.close()


def run_clients(url: str, full_sync: bool, op: str, clients: int, n: int) -> list[float]:
    """Run ``clients`` processes at once and pool their latencies."""
    officers: list[Officer | None] = [None] * clients
    if op == "call":  # sign in here: concurrent logins are not what is measured
        store = open_store(url, upgrade=False)
        officers = [authenticate(store.uow, Argon2Hasher(fast=True), f"bench{i + 1}", PASSWORD)
                    for i in range(clients)]
        store.close()
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(clients), ctx.Queue()
    procs = [ctx.Process(target=client, args=(url, full_sync, officers[i], i, n, barrier, out))
             for i in range(clients)]
    for p in procs:
        p.start()
    samples = [t for _ in procs for t in out.get(timeout=600)]
    for p in procs:
        p.join()
    return samples


def bench_backend(name: str, url: str, n: int, full_sync: bool = False) -> None:
    """Print the figures of one backend."""
    store = open_store(url)
    prepare(store)
    store.close()
    store = connect(url, full_sync)
    fl = _ms(floor(store, n))
    store.close()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{name}: floor (bare INSERT+COMMIT) median {fl[0]:.2f} ms, p95 {fl[1]:.2f} ms"
          f"  [{os.cpu_count()} CPUs, load average {load}]")
    print(f"  {'operation':10} {'clients':>7} {'median ms':>10} {'p95 ms':>8} "
          f"{'x floor (median)':>17}")
    for op in ("issue", "call"):
        for c in CLIENTS:
            per = max(20, n // c)
            if op == "call":  # stock the queue first, untimed
                run_clients(url, full_sync, "issue", 1, per * c)
            med, p95 = _ms(run_clients(url, full_sync, op, c, per))
            label = "issue" if op == "issue" else "call-next"
            print(f"  {label:10} {c:>7} {med:>10.2f} {p95:>8.2f} {med / fl[0]:>17.1f}")


def main() -> None:
    """Run the benchmark on both backends."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="operations per single client")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_backend("SQLite (WAL, synchronous=FULL as the app's engine sets it: durable)",
                      sqlite_url(Path(tmp) / "full.sqlite3"), args.n, full_sync=True)
    server = PgServer(durable=True).start()
    try:
        bench_backend("PostgreSQL (durable: fsync on, synchronous_commit on)", server.url,
                      args.n)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
