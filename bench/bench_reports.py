"""Report figures over one year of generated history (≈100,000 tickets, ≈30,000 dossiers) on
SQLite and PostgreSQL: each report (queue, dossiers, ratings) ungrouped and grouped, and one
drill-down list; target under 2 s each. Aggregates run in SQL (GROUP BY, percentile_cont on
PostgreSQL, window functions on SQLite).

Usage: python bench/bench_reports.py [--days 365] [--only sqlite|pg] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.benchlib import Measure, Target, report, timed
from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.demo_history import generate_history
from counter_app.services.ports.reports import GroupBy
from counter_app.services.reports import ReportPeriod, Reports
from counter_app.services.setup import create_demo_centre, ensure_base_data
from tests.pgserver import PgServer

BOSS = Officer(uuid.uuid4(), "giamsat", "Giám sát", Role.SUPERVISOR)
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
RUNS = 5


def fill(store: Store, days: int) -> tuple[Measure, int, int]:
    """Seed the demo centre and generate ``days`` days ending at NOW."""
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(store.uow, Argon2Hasher(fast=True))
    # 250 working days × 400 tickets ≈ 100,000; × 120 dossiers ≈ 30,000
    t = time.perf_counter()
    summary = generate_history(store.uow, Settings(), BOSS, days=days, tickets_per_day=400,
                               dossiers_per_day=120, now=lambda: NOW)
    took = time.perf_counter() - t
    if store.backend == "postgresql":
        with store.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
    return (Measure(f"{store.backend}: generate {summary.tickets:,} tickets, "
                    f"{summary.dossiers:,} dossiers", [took], unit="s"),
            summary.tickets, summary.dossiers)


def bench(store: Store, days: int, *, generate: bool = True) -> list[Measure]:
    """Time each report over the whole generated year."""
    gen, tickets, dossiers = fill(store, days) if generate else (
        Measure(f"{store.backend}: kept store", [0.0], unit="s"), 0, 0)
    service = Reports(store.uow, Settings(), now=lambda: NOW)
    last = NOW.date()
    period = ReportPeriod(last - dt.timedelta(days=days - 1), last)
    target = Target("median", 2000)
    out = [gen]
    cases = [("queue", GroupBy.NONE), ("queue", GroupBy.SERVICE), ("queue", GroupBy.COUNTER),
             ("queue", GroupBy.DAY), ("queue", GroupBy.HOUR), ("dossiers", GroupBy.NONE),
             ("dossiers", GroupBy.FIELD), ("dossiers", GroupBy.PROCEDURE),
             ("dossiers", GroupBy.DAY), ("ratings", GroupBy.OFFICER)]
    for kind, by in cases:
        cpu = time.process_time()
        samples = timed(lambda k=kind, b=by: getattr(service, k)(BOSS, period, b), RUNS)
        cpu_ms = (time.process_time() - cpu) * 1000 / (RUNS + 1)
        note = f"process CPU {cpu_ms:.0f} ms/run" if store.backend == "sqlite" else ""
        out.append(Measure(f"{store.backend}: {kind} by {by.value} (1 year)", samples,
                           target=target, note=note, extra={"cpu_ms": round(cpu_ms)}))
    samples = timed(lambda: service.dossier_items(BOSS, period, GroupBy.FIELD, "HT", "late"),
                    RUNS)
    out.append(Measure(f"{store.backend}: drill-down late HT (1 year)", samples, target=target))
    print(f"  {store.backend}: {tickets:,} tickets, {dossiers:,} dossiers", flush=True)
    return out


def main() -> None:
    """Run and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--only", choices=("sqlite", "pg"))
    parser.add_argument("--json-out")
    parser.add_argument("--keep", type=Path, help="SQLite file to keep (reused when it exists)")
    args = parser.parse_args()
    measures: list[Measure] = []
    if args.only != "pg":
        with tempfile.TemporaryDirectory() as tmp:
            path = args.keep or Path(tmp) / "bench.sqlite3"
            reuse = path.exists()
            store = open_store(sqlite_url(path))
            try:
                measures += bench(store, args.days, generate=not reuse)
            finally:
                store.close()
    if args.only != "sqlite":
        server = PgServer().start()
        try:
            store = open_store(server.url)
            try:
                measures += bench(store, args.days)
            finally:
                store.close()
        finally:
            server.stop()
    report("reports", measures, args.json_out)
    for m in measures:
        if m.note:
            print(f"  {m.name:<46} {m.note}")


if __name__ == "__main__":
    main()
