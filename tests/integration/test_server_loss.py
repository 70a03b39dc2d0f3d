"""Losing the PostgreSQL server: no hang, no traceback, one Vietnamese line (issue 11, part 2).

The server here is private to the module because the tests stop it (``pg_ctl stop``) and freeze it
(SIGSTOP on every server process: connections stay open but nothing answers, like a pulled cable).
Subprocess timeouts are hang detectors, not speed assertions.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.adapters.db.change_feed import PostgresChangeFeed
from counter_app.adapters.db.store import Store, open_store
from counter_app.domain.errors import SERVER_LOST, SERVER_SLOW, StoreUnavailable
from tests.db_fixtures import _seed
from tests.pgserver import PgServer

HANG = 25  # seconds: far above the 3 s connect timeout, far below "hangs"
ALL_DAY = '[queue]\nkiosk_opens = "00:00"\nkiosk_closes = "00:00"\n'


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    """A server of this module's own, seeded with the demo centre."""
    srv = PgServer().start()
    store = open_store(srv.url)
    _seed(store)
    store.close()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def frozen(server: PgServer) -> Iterator[PgServer]:
    """The server, frozen for the test and thawed after it."""
    server.freeze()
    try:
        yield server
    finally:
        server.thaw()


@pytest.fixture
def halted(server: PgServer) -> Iterator[PgServer]:
    """The server, shut down for the test and started again after it."""
    server.halt()
    try:
        yield server
    finally:
        server.resume()


def run_cli(server: PgServer, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``counter-app`` against the server in a process of its own."""
    config = tmp_path / "config.toml"
    config.write_text(ALL_DAY, encoding="utf-8")
    env = dict(os.environ, COUNTER_APP_PASSWORD="matkhau1")
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--database-url", server.url,
         "--data-dir", str(tmp_path), "--config", str(config), *args],
        capture_output=True, text=True, timeout=HANG, env=env, check=False)


def assert_one_line(done: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit 1, nothing on stdout, exactly one line on stderr: the Vietnamese message."""
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [f"Lỗi: {message}"]


@pytest.mark.parametrize("args", [("ticket", "issue", "--service", "HT"), ("queue", "show")])
def test_cli_with_server_stopped(halted: PgServer, tmp_path: Path, args: tuple[str, ...]) -> None:
    assert_one_line(run_cli(halted, tmp_path, *args), SERVER_LOST)


@pytest.mark.parametrize("args", [("ticket", "issue", "--service", "HT"), ("queue", "show")])
def test_cli_with_server_frozen(frozen: PgServer, tmp_path: Path, args: tuple[str, ...]) -> None:
    assert_one_line(run_cli(frozen, tmp_path, *args), SERVER_LOST)


def test_cli_works_again_when_the_server_is_back(server: PgServer, tmp_path: Path) -> None:
    server.freeze()
    assert_one_line(run_cli(server, tmp_path, "queue", "show"), SERVER_LOST)
    server.thaw()
    done = run_cli(server, tmp_path, "queue", "show")
    assert done.returncode == 0, done.stderr


def count_officers(store: Store) -> int:
    """One read through a unit of work."""
    with store.uow() as uow:
        return int(uow.session.execute(text("SELECT count(*) FROM officers")).scalar_one())


def test_pooled_connection_to_a_frozen_server_fails_and_recovers(server: PgServer) -> None:
    store = open_store(server.url, connect_timeout=1, statement_timeout=2)
    try:
        officers = count_officers(store)  # a connection now sits in the pool
        server.freeze()
        try:
            with pytest.raises(StoreUnavailable) as caught:
                count_officers(store)
            assert caught.value.message == SERVER_LOST and caught.value.offline
        finally:
            server.thaw()
        assert count_officers(store) == officers
    finally:
        store.close()


def test_statement_cut_off_mid_flight_by_a_freeze(server: PgServer) -> None:
    store = open_store(server.url, connect_timeout=1, statement_timeout=1)
    try:
        with pytest.raises(StoreUnavailable), store.uow() as uow:
            uow.session.execute(text("SELECT 1"))
            server.freeze()
            uow.session.execute(text("SELECT count(*) FROM officers"))
    finally:
        server.thaw()
        store.close()


def test_slow_statement_is_cancelled_by_the_server(server: PgServer) -> None:
    store = open_store(server.url, statement_timeout=0.3)
    try:
        with pytest.raises(StoreUnavailable) as caught, store.uow() as uow:
            uow.session.execute(text("SELECT pg_sleep(3)"))
        assert caught.value.message == SERVER_SLOW and not caught.value.offline
    finally:
        store.close()


def test_change_feed_on_a_stopped_server(halted: PgServer) -> None:
    with pytest.raises(StoreUnavailable):
        PostgresChangeFeed(halted.url.replace("postgresql+psycopg", "postgresql"))
