"""Replicas for the sync tests: each in its own data directory, with a link that can be cut and a
transport that can drop, duplicate and reorder; and the invariants every store must keep."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.sync import tables
from counter_app.adapters.sync.agent import RoundReport, SyncAgent
from counter_app.adapters.sync.merge import Change
from counter_app.adapters.sync.mode import REPLICA_FILE, open_replica
from counter_app.adapters.sync.replica import ReplicaStore
from counter_app.adapters.sync.server import LeaseRequest
from counter_app.adapters.sync.transport import DirectTransport
from counter_app.domain.errors import StoreUnavailable
from counter_app.domain.reference import Officer
from counter_app.domain.settings import QueueSettings, Settings, SyncSettings
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.queue import QueueEngine
from counter_app.services.reception import receive_dossier
from tests.integration.dossier_workers import NOW, person_input

DEAD_URL = "postgresql+psycopg://counter@127.0.0.1:9/nowhere"  # refused at once


def sync_settings(server_url: str) -> Settings:
    """Settings of a replica of ``server_url`` whose kiosk never closes."""
    return Settings(sync=SyncSettings(server_url=server_url, connect_timeout=1,
                                      statement_timeout=10),
                    queue=QueueSettings(kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)))


class Clock:
    """A settable clock shared by a replica's services and agent."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class FaultyTransport:
    """Wraps the real transport: a cut link refuses every call; queued faults hit pushes/pulls."""

    def __init__(self, inner: DirectTransport) -> None:
        self.inner = inner
        self.up = True
        self.faults: list[str] = []
        self.sent: list[list[Change]] = []
        self.injected: list[str] = []

    def _gate(self) -> None:
        if not self.up:
            raise StoreUnavailable()

    def _fault(self) -> str | None:
        return self.faults.pop(0) if self.faults else None

    def register(self, device_id: str, name: str, base_seq: int) -> int:
        self._gate()
        return self.inner.register(device_id, name, base_seq)

    def retire(self, device_id: str) -> None:
        self._gate()
        self.inner.retire(device_id)

    def push(self, device_id: str, changes: list[Change]) -> int:
        self._gate()
        fault = self._fault()
        if fault:
            self.injected.append(fault)
        self.sent.append(changes)
        if fault == "drop":
            raise StoreUnavailable()
        if fault == "drop_reply":
            self.inner.push(device_id, changes)
            raise StoreUnavailable()
        if fault == "duplicate":
            self.inner.push(device_id, changes)
            return self.inner.push(device_id, changes)
        if fault == "reorder" and len(changes) > 1:
            half = len(changes) // 2
            self.inner.push(device_id, changes[half:])
            return self.inner.push(device_id, changes[:half])
        if fault == "replay" and len(self.sent) > 1:
            self.inner.push(device_id, self.sent[0])
        return self.inner.push(device_id, changes)

    def pull(self, cursor: int) -> tuple[dict[str, list[dict[str, Any]]], int]:
        self._gate()
        got = self.inner.pull(cursor)
        if self.faults and self.faults[0] == "drop_pull":
            self.injected.append(self.faults.pop(0))
            raise StoreUnavailable()
        return got

    def lease(self, device_id: str, requests: list[LeaseRequest]
              ) -> list[tuple[LeaseRequest, int, int]]:
        self._gate()
        return self.inner.lease(device_id, requests)

    def heartbeat(self, device_id: str, backlog: int) -> None:
        self._gate()
        self.inner.heartbeat(device_id, backlog)


class Replica:
    """One PC: its replica store, its agent, its services, a link to the server."""

    def __init__(self, server_url: str, data_dir: Path, clock: Clock | None = None,
                 name: str = "pc", template: Path | None = None) -> None:
        self.dir = data_dir
        if template is not None:  # a migrated empty store: skips the migrations
            data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(template, data_dir / REPLICA_FILE)
        self.settings = sync_settings(server_url)
        self.clock = clock or Clock()
        self.store: ReplicaStore = open_replica(self.settings, data_dir, connect_timeout=1,
                                                statement_timeout=10)
        self._server = self.store.server
        self._dead: Store | None = None
        self.transport = FaultyTransport(DirectTransport(self._server.engine))
        self.agent = SyncAgent(self.store, self.settings, data_dir, transport=self.transport,
                               name=name, tickets=True, now=self.clock)
        self.queue = QueueEngine(self.store.uow, self.settings, now=self.clock)
        self.life = DossierLifecycle(self.store.uow, self.settings, now=self.clock)
        assert not self.agent.round().error  # blocks for the days of this PC's clock

    def officer(self, username: str = "canbo1") -> Officer:
        with self.store.uow() as uow:
            found = uow.reference.officer_with_hash(username)
        assert found is not None
        return found[0]

    def receive(self, name: str = "Nguyễn Văn An") -> str:
        """Receive one dossier; return its code."""
        return receive_dossier(self.store.uow, self.settings, self.officer(),
                               person_input(name), counter_number=1,
                               now=self.clock()).dossier.code

    @property
    def online(self) -> bool:
        return self.store.online()

    def partition(self, *, noticed: bool = True) -> None:
        """Cut the link until :meth:`heal`; ``noticed``: the agent has already seen it."""
        self.transport.up = False
        if self._dead is None:
            self._dead = open_store(DEAD_URL, upgrade=False, connect_timeout=1)
        self.store._server = self._dead
        if noticed:
            self.store.mark_offline()

    def heal(self) -> None:
        self.transport.up = True
        self.store._server = self._server

    def sync(self) -> RoundReport:
        return self.agent.round()

    def close(self) -> None:
        self.heal()
        if self._dead is not None:
            self._dead.close()
        self.store.close()


def sync_all(replicas: list[Replica], rounds: int = 2) -> None:
    """Sync every replica until all pushed and pulled (two rounds: push, then see the others')."""
    for _ in range(rounds):
        for r in replicas:
            report = r.sync()
            assert not report.error, report.error


# ---------------------------------------------------------------------- invariants
def check_invariants(conn: Connection) -> None:
    """Codes unique; (day, service, number) unique; every dossier whole."""
    dup = conn.execute(text("SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1")).all()
    assert not dup, dup
    dup = conn.execute(text(
        "SELECT business_date, issue_service_id, number FROM tickets"
        " WHERE transferred_from_id IS NULL"
        " GROUP BY business_date, issue_service_id, number HAVING count(*) > 1")).all()
    assert not dup, dup
    broken = conn.execute(text(
        "SELECT d.code FROM dossiers d WHERE d.ledger_line IS NULL"
        " OR NOT EXISTS (SELECT 1 FROM dossier_documents x WHERE x.dossier_id = d.id)"
        " OR NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id"
        "                AND e.to_status = 'received' AND e.from_status = '')"
        " OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.subject = d.code"
        "                AND a.action LIKE 'dossier_receive%')")).all()
    assert not broken, broken
    lines = conn.execute(text(
        "SELECT ledger_book, ledger_line, substr(CAST(business_date AS TEXT), 1, 4) AS y"
        " FROM dossiers GROUP BY ledger_book, ledger_line, y HAVING count(*) > 1")).all()
    assert not lines, lines


def rows(engine: Engine, name: str) -> dict[str, dict[str, Any]]:
    """A synced table's rows by key, values made comparable across backends."""
    tbl = tables.table(name)
    with engine.connect() as conn:
        found = conn.execute(select(tbl)).mappings().all()
    return {tables.key_of(tbl, dict(r)): {k: _norm(v) for k, v in r.items()} for r in found}


def _norm(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def assert_converged(server: Engine, replicas: list[Replica],
                     skip: Callable[[str], bool] = lambda name: False) -> None:
    """Every replica holds exactly the server's rows of every synced table."""
    for tbl in tables.synced_tables():
        if skip(tbl.name):
            continue
        theirs = rows(server, tbl.name)
        for r in replicas:
            mine = rows(r.store.local.engine, tbl.name)
            missing = set(mine) - set(theirs)
            assert not missing, (r.dir.name, tbl.name, "not on server", sorted(missing)[:3])
            absent = set(theirs) - set(mine)
            assert not absent, (r.dir.name, tbl.name, "not on replica", sorted(absent)[:3])
            differ = [k for k in theirs if theirs[k] != mine[k]]
            assert not differ, (r.dir.name, tbl.name, differ[:1],
                                [(theirs[k], mine[k]) for k in differ[:1]])


def counts(engine: Engine) -> dict[str, int]:
    """Rows per synced table."""
    with engine.connect() as conn:
        return {t.name: int(conn.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one())
                for t in tables.synced_tables()}
