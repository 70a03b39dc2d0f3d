"""Connection state and sync backlog, for every window's status line and the supervisors' view.

The adapter behind :class:`SyncStatusSource` knows the store's mode (standalone SQLite, PostgreSQL
directly, or a replica syncing with the server); this service only shapes and guards it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from counter_app.domain.reference import Officer, Role
from counter_app.services.auth import require_role

MODE_LABELS_VI = {"standalone": "máy đơn", "direct": "nối thẳng máy chủ", "replica": "bản sao"}


@dataclass(frozen=True)
class SyncState:
    """Where this PC stands: mode, connection and what waits to be synced."""

    mode: str  # standalone | direct | replica
    online: bool
    outbox: int = 0
    server_reachable: bool | None = None  # None: not probed
    last_push_at: dt.datetime | None = None
    last_pull_at: dt.datetime | None = None
    last_error: str = ""
    device_id: str = ""
    leases_left: dict[str, int] = field(default_factory=dict)

    @property
    def line(self) -> str:
        """One Vietnamese line for a status bar."""
        if self.mode == "standalone":
            return "Máy đơn (không đồng bộ)"
        if not self.online:
            waiting = f" — {self.outbox} thay đổi chờ đồng bộ" if self.outbox else ""
            return f"Mất kết nối máy chủ — đang làm việc ngoại tuyến{waiting}"
        if self.outbox:
            return f"Đã kết nối máy chủ — đang đồng bộ {self.outbox} thay đổi"
        return "Đã kết nối máy chủ"


@dataclass(frozen=True)
class DeviceState:
    """One replica PC as the server sees it."""

    device_id: str
    name: str
    last_push_at: dt.datetime | None
    last_pull_at: dt.datetime | None
    backlog: int
    retired: bool


@dataclass(frozen=True)
class SyncConflict:
    """A change the server kept apart: a late step (kept in the history, status not moved back)
    or a change it refused; ``subject`` is the dossier code when there is one."""

    at: dt.datetime
    device_name: str
    kind: str  # late_step | refused
    table: str
    subject: str
    detail: str

    @property
    def label(self) -> str:
        """The kind in Vietnamese."""
        return CONFLICT_LABELS_VI.get(self.kind, self.kind)


CONFLICT_LABELS_VI = {"late_step": "bước đến muộn (giữ trong lịch sử)",
                      "refused": "thay đổi bị máy chủ từ chối"}


class SyncStatusSource(Protocol):
    """What the store adapter reports."""

    def state(self, *, probe: bool = False) -> SyncState:
        """This PC's state; ``probe`` also tries the server (bounded by the connect timeout)."""

    def devices(self) -> list[DeviceState]:
        """Every replica registered on the server."""

    def conflicts(self, limit: int) -> list[SyncConflict]:
        """The newest ``limit`` conflicts the server recorded."""


class SyncStatusService:
    """Connection state for every window; each PC's sync state for supervisors."""

    def __init__(self, source: SyncStatusSource) -> None:
        self.source = source

    def current(self) -> SyncState:
        """This PC's state, read locally (cheap enough for a status line every few seconds)."""
        return self.source.state()

    def devices(self, officer: Officer) -> list[DeviceState]:
        """Every PC's last sync and backlog (supervisors and admins)."""
        require_role(officer, Role.SUPERVISOR)
        return sorted(self.source.devices(), key=lambda d: (d.retired, d.name, d.device_id))

    def conflicts(self, officer: Officer, limit: int = 200) -> list[SyncConflict]:
        """Late steps and refused changes, newest first, for a supervisor to review."""
        require_role(officer, Role.SUPERVISOR)
        return self.source.conflicts(limit)
