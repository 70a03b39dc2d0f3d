"""The store's side of :class:`~counter_app.services.sync_status.SyncStatusSource`."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from counter_app.adapters.db.store import Store
from counter_app.adapters.sync import is_replica, local
from counter_app.adapters.sync.schema import CONFLICTS, DEVICES
from counter_app.domain.errors import StoreUnavailable
from counter_app.services.sync_status import DeviceState, SyncConflict, SyncState

if TYPE_CHECKING:
    from counter_app.adapters.sync.replica import ReplicaStore


def _when(value: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class StoreSyncStatus:
    """Reports the mode and sync state of a standalone, direct or replica store."""

    def __init__(self, store: Store | ReplicaStore) -> None:
        self.store = store

    def state(self, *, probe: bool = False) -> SyncState:
        """This PC's state; ``probe`` also tries the server."""
        store = self.store
        if not is_replica(store):
            assert isinstance(store, Store)
            if store.backend == "sqlite":
                return SyncState("standalone", online=True)
            reachable = _reachable(store) if probe else None
            return SyncState("direct", online=reachable is not False, server_reachable=reachable)
        with store.local.engine.connect() as conn:
            values = {k: local.get_state(conn, k) for k in (
                "online", "last_push_at", "last_pull_at", "last_error", "device_id")}
            state = SyncState(
                "replica", online=values["online"] == "1", outbox=local.backlog(conn),
                last_push_at=_when(values["last_push_at"]),
                last_pull_at=_when(values["last_pull_at"]), last_error=values["last_error"],
                device_id=values["device_id"], leases_left=_summary(local.leases_left(conn)))
        if probe:
            reachable = _reachable(store.server)
            state = SyncState(**{**state.__dict__, "server_reachable": reachable})
        return state

    def devices(self) -> list[DeviceState]:
        """Every replica registered on the server."""
        server = self.store.server if is_replica(self.store) else self.store
        if server.backend != "postgresql":
            return []
        with server.engine.connect() as conn:
            rows = conn.execute(select(DEVICES)).mappings().all()
        return [DeviceState(r["device_id"], r["name"], r["last_push_at"], r["last_pull_at"],
                            int(r["backlog"]), bool(r["retired"])) for r in rows]

    def conflicts(self, limit: int) -> list[SyncConflict]:
        """The newest conflicts on the server, with the dossier code where there is one."""
        server = self.store.server if is_replica(self.store) else self.store
        if server.backend != "postgresql":
            return []
        with server.engine.connect() as conn:
            names = {d: n for d, n in conn.execute(select(DEVICES.c.device_id, DEVICES.c.name))}
            rows = conn.execute(select(CONFLICTS).order_by(CONFLICTS.c.at.desc(),
                                                           CONFLICTS.c.id.desc())
                                .limit(limit)).mappings().all()
            out = []
            for r in rows:
                subject = _subject(conn, r["table_name"], r["row_key"])
                out.append(SyncConflict(r["at"], names.get(r["device_id"], r["device_id"][:8]),
                                        r["kind"], r["table_name"], subject, r["detail"]))
        return out


def _subject(conn: Any, table: str, row_key: str) -> str:
    """The dossier code of a dossier's row, else the row's key."""
    try:
        key = json.loads(row_key)[0]
        if table == "dossiers":
            code = conn.execute(text("SELECT code FROM dossiers WHERE id = :i"),
                                {"i": uuid.UUID(str(key))}).scalar()
            return str(code or key)
        return str(key)
    except (ValueError, IndexError, TypeError):
        return row_key


def _reachable(store: Store) -> bool:
    try:
        with store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except StoreUnavailable:
        return False


def _summary(left: dict[tuple[str, str, str], int]) -> dict[str, int]:
    """Numbers left per kind of block, e.g. ``{"dossier 2026-11-30": 27, "ticket": 98}``."""
    out: dict[str, int] = {}
    for (kind, name, key), n in left.items():
        label = f"{name} {key.split('|')[-1]}" if kind == "seq" else f"ticket {key}"
        out[label] = out.get(label, 0) + n
    return out
