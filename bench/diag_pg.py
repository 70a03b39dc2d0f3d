"""Why are 8 concurrent counters slow on PostgreSQL? Server-side and client-side evidence.

Starts a durable server with ``pg_stat_statements``, lock waits logged after 2 ms, and while 8
kiosks issue and then 8 counters call at once (the processes of ``bench_queue``):

* samples ``pg_stat_activity`` every few milliseconds and tallies what the active backends wait
  on (CPU = no wait event; ``Lock/transactionid`` = a row lock; ``IO/WALSync`` = commit fsync; …);
* prints the statements by total server time (mean, calls, rows);
* counts the lock waits the server logged;
* with ``--profile`` writes a cProfile of client 0 of each run (``/tmp/diag_pg_*.prof``).

Run: python bench/diag_pg.py [--n 100] [--profile]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from bench import bench_queue as bq
from bench.benchlib import Measure, fmt, machine
from counter_app.adapters.db.store import open_store
from tests.pgserver import PgServer

OPTIONS = ("-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all "
           "-c pg_stat_statements.track_planning=on "
           "-c log_lock_waits=on -c deadlock_timeout=2ms -c track_io_timing=on")


class Sampler(threading.Thread):
    """Tally the wait events of active client backends until stopped."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn, self.stop_flag = dsn, threading.Event()
        self.tally: collections.Counter[str] = collections.Counter()
        self.samples = 0

    def run(self) -> None:
        """Poll every 3 ms."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            me = conn.info.backend_pid
            while not self.stop_flag.is_set():
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type || '/' || wait_event, 'CPU (no wait)') "
                    "FROM pg_stat_activity WHERE state = 'active' AND backend_type = "
                    "'client backend' AND pid <> %s", (me,)).fetchall()
                self.samples += 1
                for (what,) in rows:
                    self.tally[what] += 1
                time.sleep(0.003)


def statements(dsn: str, top: int = 12) -> None:
    """Print the top statements by total execution time, then reset."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT calls, total_exec_time, mean_exec_time, rows, plans, mean_plan_time, "
            "regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
            "ORDER BY total_exec_time DESC LIMIT %s", (top,)).fetchall()
        for calls, total, mean, nrows, plans, plan_mean, query in rows:
            print(f"    {total:9.1f} ms total {mean:7.3f} ms mean {calls:6d} calls {nrows:6d} rows"
                  f" {plans:6d} plans {plan_mean:6.3f} ms each  {query[:90]}")
        conn.execute("SELECT pg_stat_statements_reset()")


def run(server: PgServer, dsn: str, op: str, n: int) -> None:
    """One concurrent run with the sampler on; print figures and evidence."""
    sampler = Sampler(dsn)
    sampler.start()
    samples, _, _ = bq.run_clients(server.url, op, bq.COUNTERS, n)
    sampler.stop_flag.set()
    sampler.join()
    m = Measure(op, samples)
    print(f"\n{op} x{bq.COUNTERS}: median {fmt(m.median, 'ms')}, p95 {fmt(m.p95, 'ms')}"
          f"  [{machine()}]")
    total = sum(sampler.tally.values()) or 1
    print(f"  backend states over {sampler.samples} samples:")
    for what, count in sampler.tally.most_common(10):
        print(f"    {count / total:6.1%}  {what}")
    print("  statements by server time:")
    statements(dsn)


def main() -> None:
    """Start the server, run issue then call-next with 8 clients, print the evidence."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.profile:
        os.environ["BENCH_PROFILE"] = "/tmp/diag_pg"
    server = PgServer(durable=True, options=OPTIONS).start()
    try:
        dsn = f"host=127.0.0.1 port={server.port} user=counter dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        store = open_store(server.url)
        bq.prepare(store)
        store.close()
        statements(dsn, 0)
        run(server, dsn, "issue", args.n)
        run(server, dsn, "call", args.n)
        log = (server.dir / "log").read_text(errors="replace")
        waits = [line for line in log.splitlines() if "still waiting for" in line]
        print(f"\nlock waits > 2 ms logged: {len(waits)}")
        where = collections.Counter(re.findall(r'in relation "(\w+)"', log))
        print(f"  the tuples waited for, by relation: {dict(where.most_common())}")
        for line in waits[:5]:
            print("   ", line[:200])
    finally:
        server.stop()


if __name__ == "__main__":
    main()
