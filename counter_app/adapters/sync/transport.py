"""How a replica reaches the server: one PostgreSQL transaction per call.

:class:`Transport` is the seam the tests use to drop, duplicate and reorder calls; the real one,
:class:`DirectTransport`, runs :mod:`server`'s functions on the server's engine.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine

from counter_app.adapters.db import migrate
from counter_app.adapters.sync import server
from counter_app.adapters.sync.merge import Change
from counter_app.adapters.sync.server import LeaseRequest
from counter_app.domain.errors import StoreUnavailable

SERVER_OLD = "Máy chủ chưa được nâng cấp cơ sở dữ liệu — chạy 'counter-app init' trên máy chủ"


class Transport(Protocol):
    """The calls a sync round makes."""

    def register(self, device_id: str, name: str, base_seq: int) -> int:
        """Create or find the device; return its acked sequence."""

    def retire(self, device_id: str) -> None:
        """Mark a device replaced."""

    def push(self, device_id: str, changes: list[Change]) -> int:
        """Apply changes; return the acked sequence."""

    def pull(self, cursor: int) -> tuple[dict[str, list[dict[str, Any]]], int]:
        """Rows changed since ``cursor`` and the next cursor."""

    def lease(self, device_id: str, requests: list[LeaseRequest]
              ) -> list[tuple[LeaseRequest, int, int]]:
        """Blocks granted."""

    def heartbeat(self, device_id: str, backlog: int) -> None:
        """Report the backlog."""


class DirectTransport:
    """Runs each call in its own transaction on the server's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._checked = False

    def _check(self) -> None:
        if self._checked:
            return
        if migrate.current_revision(self.engine) != migrate.head_revision():
            raise StoreUnavailable(SERVER_OLD, offline=True)
        with self.engine.begin() as conn:
            server.ensure_stamping(conn)  # tables added by migrations after 0005
        self._checked = True

    def register(self, device_id: str, name: str, base_seq: int) -> int:
        """Create or find the device; return its acked sequence."""
        self._check()
        with self.engine.begin() as conn:
            return server.register(conn, device_id, name, base_seq)

    def retire(self, device_id: str) -> None:
        """Mark a device replaced."""
        with self.engine.begin() as conn:
            server.retire(conn, device_id)

    def push(self, device_id: str, changes: list[Change]) -> int:
        """Apply changes in one transaction; return the acked sequence."""
        with self.engine.begin() as conn:
            acked = server.push(conn, device_id, changes)
        if changes:
            with self.engine.connect() as conn:  # after the commit: other PCs pull at once
                conn.exec_driver_sql(f"NOTIFY {server.NOTIFY_CHANNEL}")
                conn.commit()
        return acked

    def pull(self, cursor: int) -> tuple[dict[str, list[dict[str, Any]]], int]:
        """Read changes in one REPEATABLE READ snapshot."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                return server.pull(conn, cursor)

    def lease(self, device_id: str, requests: list[LeaseRequest]
              ) -> list[tuple[LeaseRequest, int, int]]:
        """Grant every requested block in one transaction."""
        with self.engine.begin() as conn:
            return [(r, *server.lease(conn, device_id, r)) for r in requests]

    def heartbeat(self, device_id: str, backlog: int) -> None:
        """Report the backlog and the pull time."""
        with self.engine.begin() as conn:
            server.heartbeat(conn, device_id, backlog)
