"""Change feed: a change committed by another process is seen within a second, on both backends."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
import time

from counter_app.adapters.db.change_feed import open_change_feed
from counter_app.adapters.db.store import Store
from tests.integration.queue_helpers import Clock, engine
from tests.integration.queue_workers import issue_on_signal


def test_other_process_change_is_seen_within_a_second(store: Store, store_url: str) -> None:
    feed = open_change_feed(store)
    try:
        feed.changed()
        assert feed.wait(0.2) is False  # quiet store: no change, and wait honours its timeout
        ctx = mp.get_context("spawn")
        go, committed_at = ctx.Event(), ctx.Value("d", 0.0)
        proc = ctx.Process(target=issue_on_signal, args=(store_url, go, committed_at))
        proc.start()
        time.sleep(0.3)
        assert feed.changed() is False  # the worker only read so far
        go.set()
        assert feed.wait(15) is True
        seen = time.time()
        proc.join(30)
        assert proc.exitcode == 0
        assert committed_at.value > 0
        assert seen - committed_at.value < 1.0
        assert feed.changed() is False  # reported once
    finally:
        feed.close()


def test_changes_in_this_process_are_seen_too(store: Store) -> None:
    feed = open_change_feed(store)
    try:
        q = engine(store, Clock())
        q.snapshot()
        assert feed.changed() is False  # reads are not changes
        started = time.monotonic()
        q.issue_ticket("HT")
        assert feed.wait(2) is True
        assert time.monotonic() - started < 1.0
    finally:
        feed.close()


def test_a_sqlite_feed_does_not_load_the_postgresql_driver(store: Store, store_url: str) -> None:
    """A standalone PC's screens watch the SQLite file: psycopg (89 modules, ~9 MB) stays out."""
    probe = ("import sys\n"
             "from counter_app.adapters.db.store import open_store\n"
             "from counter_app.adapters.db.change_feed import open_change_feed\n"
             "store = open_store(sys.argv[1], upgrade=False)\n"
             "feed = open_change_feed(store)\n"
             "feed.changed()\n"
             "feed.close()\n"
             "store.close()\n"
             "print('psycopg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, store_url], capture_output=True,
                         text=True, timeout=120, check=True).stdout.split()
    assert out[-1] == ("True" if store.backend == "postgresql" else "False")
