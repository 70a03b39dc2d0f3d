"""Sync benchmark: replicas of a centre on a durable PostgreSQL (``tests/pgserver``).

* **Catch-up after a day offline** (target < 10 s): replica A, cut off, receives ``--dossiers``
  (300) dossiers and takes each through 4 steps, and its kiosk issues ``--tickets`` (600) tickets.
  Measured: A's push once the link is back, then replica B's pull of all of it (B was online,
  idle, with its cursor from before the day); records per second for both.
* **Replica to replica latency** (target < 2 s): both agents running (threads, LISTEN on), a write
  on A (online: on the server; offline then reconnecting: through A's push) until B's local copy
  has it; ``--rounds`` samples each, median and p95.
* **Server load with ``--idle`` (20) replicas idle-polling** every ``interval`` (3 s) for
  ``--seconds`` (30): server CPU (all its processes) and transactions per second.

Run: python bench/bench_sync.py [--dossiers 300] [--tickets 600] [--rounds 20] [--idle 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.benchlib import p95
from counter_app.adapters.db.store import open_store
from counter_app.adapters.sync.agent import SyncAgent
from counter_app.domain.lifecycle_commands import Ready, RequestSupplement, Resume, Transfer
from tests.db_fixtures import _seed
from tests.pgserver import PgServer
from tests.sync_helpers import Clock, Replica

STEPS = (Transfer("Công chức Tư pháp - Hộ tịch", "Trần Minh Đức"),
         RequestSupplement(("Bản sao Giấy chứng nhận kết hôn",), "Thiếu giấy tờ",
                           "Lê Thị Thu Hà", "0243 123 4567", "Công chức Tư pháp - Hộ tịch"),
         Resume("Đã nhận bản sao"), Ready("Giấy khai sinh bản chính", "Trần Minh Đức"))
LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"


def name(i: int) -> str:
    """A valid Vietnamese-looking name for the i-th applicant."""
    return f"Công Dân {LETTERS[i % 22]}{LETTERS[i // 22 % 22]}{LETTERS[i // 484 % 22]}"


def rows_on(engine: object, table: str) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def catch_up(url: str, tmp: Path, dossiers: int, tickets: int) -> None:
    """A day offline on A, then A's push and B's pull."""
    a = Replica(url, tmp / "a", Clock(), name="a")
    b = Replica(url, tmp / "b", Clock(), name="b")
    blocks = dataclasses.replace(a.settings.sync, dossier_block=dossiers + 10,
                                 ticket_block=tickets + 10)  # a whole day leased in advance
    a.agent.settings = dataclasses.replace(a.settings, sync=blocks)
    a.sync()
    b.sync()
    a.partition()
    me = a.officer()
    started = time.perf_counter()
    codes = [a.receive(name(i)) for i in range(dossiers)]
    for code in codes:
        for step in STEPS:
            a.life.act(me, code, step)
    for _ in range(tickets):
        a.queue.issue_ticket("HT")
    made = time.perf_counter() - started
    with a.store.local.engine.connect() as conn:
        outbox = int(conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar_one())
    print(f"day offline on A: {dossiers} dossiers × {len(STEPS)} steps + {tickets} tickets "
          f"= {outbox} changes in the outbox (made in {made:.1f} s)")
    a.heal()
    t0 = time.perf_counter()
    report = a.sync()
    push = time.perf_counter() - t0
    assert not report.error and report.backlog == 0, report
    t0 = time.perf_counter()
    report_b = b.sync()
    pull = time.perf_counter() - t0
    assert not report_b.error
    print(f"catch-up push (A → server): {push:.2f} s, {outbox / push:.0f} changes/s "
          f"[target < 10 s: {'met' if push < 10 else 'MISSED'}]")
    print(f"catch-up pull (server → B): {pull:.2f} s, {report_b.pulled} rows, "
          f"{report_b.pulled / pull:.0f} rows/s [target < 10 s: {'met' if pull < 10 else 'MISSED'}]")
    a.close()
    b.close()


def latency(url: str, tmp: Path, rounds: int) -> None:
    """A write on A until B's local copy has it, with both agents running."""
    a = Replica(url, tmp / "la", name="la")
    b = Replica(url, tmp / "lb", name="lb")
    stop = threading.Event()
    agents = [threading.Thread(target=SyncAgent(r.store, r.settings, r.dir, r.transport,
                                                name=r.dir.name, now=r.clock).run,
                               args=(stop, 3.0), daemon=True) for r in (a, b)]
    for t in agents:
        t.start()
    time.sleep(2)
    for mode in ("online", "offline then reconnect"):
        samples = []
        for i in range(rounds):
            if mode != "online":
                a.partition()
            code = a.receive(name(i + 7))
            t0 = time.perf_counter()
            if mode != "online":
                a.heal()  # A's agent notices within its interval; B's pulls at A's push
            deadline = t0 + 15
            while time.perf_counter() < deadline:
                with b.store.local.engine.connect() as conn:
                    if conn.execute(text("SELECT 1 FROM dossiers WHERE code = :c"),
                                    {"c": code}).first():
                        break
                time.sleep(0.01)
            samples.append(time.perf_counter() - t0)
        target = (f" [target < 2 s: {'met' if p95(samples) < 2 else 'MISSED'}]"
                  if mode == "online" else
                  " (from the heal; A's agent retries every second while it holds changes)")
        print(f"replica → replica latency ({mode}): median {statistics.median(samples):.2f} s,"
              f" p95 {p95(samples):.2f} s over {rounds} writes{target}")
    stop.set()
    for t in agents:
        t.join(10)
    a.close()
    b.close()


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def server_load(srv: PgServer, url: str, tmp: Path, idle: int, seconds: float) -> None:
    """``idle`` replicas syncing every 3 s with nothing to do."""
    replicas = [Replica(url, tmp / f"idle{i}", name=f"idle{i}") for i in range(idle)]
    stop = threading.Event()
    threads = [threading.Thread(target=SyncAgent(r.store, r.settings, r.dir, name=r.dir.name,
                                                 now=r.clock).run, args=(stop, 3.0), daemon=True)
               for r in replicas]
    for t in threads:
        t.start()
    time.sleep(4)
    engine = replicas[0].store.server.engine
    with engine.connect() as conn:
        x0 = int(conn.execute(text("SELECT xact_commit FROM pg_stat_database"
                                   " WHERE datname = current_database()")).scalar_one())
    c0, t0 = cpu_seconds(srv.pids()), time.perf_counter()
    time.sleep(seconds)
    c1, t1 = cpu_seconds(srv.pids()), time.perf_counter()
    with engine.connect() as conn:
        x1 = int(conn.execute(text("SELECT xact_commit FROM pg_stat_database"
                                   " WHERE datname = current_database()")).scalar_one())
    stop.set()
    for t in threads:
        t.join(10)
    print(f"server load, {idle} replicas idle-polling every 3 s: "
          f"{100 * (c1 - c0) / (t1 - t0):.1f} % of one core, {(x1 - x0) / (t1 - t0):.0f} "
          f"transactions/s (the server's CPU only; measured over {t1 - t0:.0f} s)")
    for r in replicas:
        r.close()


def main() -> None:
    """Run the three measurements on one fresh durable server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--tickets", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--idle", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    srv = PgServer(durable=True).start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        store = open_store(srv.url)
        _seed(store)
        store.close()
        catch_up(srv.url, tmp, args.dossiers, args.tickets)
        latency(srv.url, tmp, args.rounds)
        server_load(srv, srv.url, tmp, args.idle, args.seconds)
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
