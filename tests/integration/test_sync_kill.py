"""``kill -9`` of the sync agent (a real ``counter-app sync run`` process) at random points of its
push and pull, and of the PostgreSQL server in the middle of a batch: afterwards everything is on
the server exactly once and every copy agrees (issue 11)."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from pathlib import Path

from sqlalchemy import text

from counter_app.adapters.db.engine import make_engine
from counter_app.adapters.db.store import open_store
from counter_app.adapters.sync import local
from tests.db_fixtures import _seed
from tests.integration import sync_workers
from tests.pgserver import PgServer
from tests.sync_helpers import Replica, assert_converged, check_invariants, sync_all

KILLS = 24
SEED = 20261130


def backlog_and_cursor(r: Replica) -> tuple[int, str]:
    with r.store.local.engine.connect() as conn:
        return local.backlog(conn), local.get_state(conn, "cursor")


def agent_process(r: Replica, url: str) -> multiprocessing.process.BaseProcess:
    """The agent of ``r`` in a process of its own (forked: it starts at once), small batches."""
    proc = multiprocessing.get_context("fork").Process(
        target=sync_workers.main, args=(str(r.dir), url), kwargs={"batch": 8}, daemon=True)
    proc.start()
    return proc


def test_agent_killed_during_push_and_pull(centre_url: str, tmp_path: Path,
                                           replica_template: Path) -> None:
    rng = random.Random(SEED)
    a = Replica(centre_url, tmp_path / "a", name="a", template=replica_template)
    b = Replica(centre_url, tmp_path / "b", name="b", template=replica_template)
    try:
        a.partition()
        b.partition()
        codes = [a.receive(f"Người Gửi {x}{y}") for x in "ABCDE" for y in "ABCDEF"]
        codes += [b.receive(f"Người Khác {x}{y}") for x in "ABC" for y in "ABCDEF"]
        b.heal()
        sync_all([b], rounds=1)  # b's dossiers wait on the server for a's agent to pull
        a.heal()
        start = backlog_and_cursor(a)
        moments: list[tuple[int, str]] = [start]
        lock = a.dir / "sync.lock"
        for _ in range(KILLS):
            lock.write_text("", encoding="utf-8")
            proc = agent_process(a, centre_url)
            deadline = time.monotonic() + 60
            while lock.read_text(encoding="utf-8") != str(proc.pid):  # it holds the lock:
                assert time.monotonic() < deadline and proc.is_alive()  # a round begins
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.4))
            os.kill(proc.pid or 0, signal.SIGKILL)
            proc.join()
            moments.append(backlog_and_cursor(a))
        # the kills landed while there was work: the backlog went down in steps, not at once
        assert start[0] > 0
        assert len({m[0] for m in moments}) >= 3, moments
        sync_all([a, b])
        server = make_engine(centre_url)
        with server.connect() as conn:
            check_invariants(conn)
            found = conn.execute(text("SELECT code FROM dossiers")).scalars().all()
            events = conn.execute(text("SELECT count(*) FROM dossier_events")).scalar_one()
        assert sorted(found) == sorted(codes) and events == len(codes)
        assert_converged(server, [a, b])
        server.dispose()
    finally:
        a.close()
        b.close()


def test_server_killed_mid_batch(tmp_path: Path, replica_template: Path) -> None:
    srv = PgServer(durable=True).start()
    try:
        store = open_store(srv.url)
        _seed(store)
        store.close()
        a = Replica(srv.url, tmp_path / "a", name="a", template=replica_template)
        a.partition()
        codes = [a.receive(f"Người Gửi {x}{y}") for x in "ABCD" for y in "ABCDEF"]
        a.heal()
        import counter_app.adapters.sync.agent as agent_module

        agent_module.BATCH = 6
        rng = random.Random(SEED)
        for _ in range(3):
            pushing = threading.Thread(target=a.sync)
            pushing.start()
            time.sleep(rng.uniform(0.05, 0.4))
            srv.crash()
            pushing.join()
            srv.resume()
        agent_module.BATCH = 500
        deadline = time.monotonic() + 30  # the agent retries every second after a restart
        while a.sync().error and time.monotonic() < deadline:
            time.sleep(0.5)
        sync_all([a])
        server = make_engine(srv.url)
        with server.connect() as conn:
            check_invariants(conn)
            found = conn.execute(text("SELECT code FROM dossiers")).scalars().all()
        assert sorted(found) == sorted(codes)
        assert_converged(server, [a])
        server.dispose()
        a.close()
    finally:
        srv.stop()
