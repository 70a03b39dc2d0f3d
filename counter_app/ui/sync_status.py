"""Connection state in every window, and each PC's sync state for supervisors.

:class:`SyncStatusLabel` is a small label for a status bar or a header: "Đã kết nối máy chủ",
"Mất kết nối máy chủ — đang làm việc ngoại tuyến — 12 thay đổi chờ đồng bộ"…, read every few
seconds off the GUI thread from ``SyncStatusService.current`` (a local read: cheap, never blocks
on the server). A standalone PC shows nothing. :class:`SyncDevicesTab` lists every replica PC's
last sync and backlog, as the server knows them (supervisors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.services.sync_status import DeviceState, SyncConflict, SyncState
from counter_app.ui import theme
from counter_app.ui.qt import QtWidgets
from counter_app.ui.worker import Worker

POLL_MS = 5000
COLOURS = {"online": "#1b7f3b", "syncing": "#b26a00", "offline": "#c62828"}
ON_DARK = {"online": "#c8f7c5", "syncing": "#ffe082", "offline": "#ffcc80"}  # blue headers


def status_reader(services: object) -> Callable[[], SyncState] | None:
    """``services.sync_status.current`` when the composition root offers it, else None."""
    service = getattr(services, "sync_status", None)
    return getattr(service, "current", None) if service is not None else None


class SyncStatusLabel(QtWidgets.QLabel):
    """One line: connected or offline, and how many changes wait to be synced."""

    def __init__(self, read: Callable[[], SyncState], parent: QtWidgets.QWidget | None = None,
                 *, size_px: int = 13, on_dark: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("sync-status")
        self._read = read
        self._on_dark = on_dark
        self.setFont(theme.font(size_px, bold=True))
        self.state: SyncState | None = None
        self.worker = Worker(self, threads=1, name="sync-status")
        self._timer = theme.timer(self, self.refresh)
        self._timer.start(POLL_MS)
        self.hide()
        self.refresh()

    def refresh(self) -> None:
        """Read the state off the GUI thread (one read at a time)."""
        self.worker.submit(self._read, self.show_state, self._failed, key="sync-status")

    def show_state(self, state: SyncState) -> None:
        """Show ``state`` (hidden on a standalone PC)."""
        self.state = state
        if state.mode == "standalone":
            self.hide()
            return
        kind = "offline" if not state.online else ("syncing" if state.outbox else "online")
        colour = (ON_DARK if self._on_dark else COLOURS)[kind]
        self.setStyleSheet(f"color: {colour};")
        self.setText(("● " if state.online else "○ ") + state.line)
        self.show()

    def _failed(self, error: DomainError) -> None:
        self.setStyleSheet(f"color: {(ON_DARK if self._on_dark else COLOURS)['offline']};")
        self.setText("○ " + error.message)
        self.show()


class SyncDevicesTab(QtWidgets.QWidget):
    """Every replica PC: last pull, last push, changes waiting, replaced; below, the conflicts the
    server kept apart (late steps, refused changes) for a supervisor to review."""

    title = "Máy trạm"
    HEADERS = ("Máy", "Mã thiết bị", "Kéo về lần cuối", "Đẩy lên lần cuối", "Chờ đồng bộ",
               "Ghi chú")

    CONFLICT_HEADERS = ("Lúc", "Máy", "Loại", "Hồ sơ / bản ghi", "Chi tiết")

    def __init__(self, devices: Callable[[Officer], list[DeviceState]], officer: Officer,
                 worker: Worker, tz: ZoneInfo,
                 conflicts: Callable[[Officer], list[SyncConflict]] | None = None) -> None:
        super().__init__()
        self.setObjectName("sync-devices")
        self._devices, self._officer, self._worker, self._tz = devices, officer, worker, tz
        self._conflicts = conflicts or (lambda _o: [])
        layout = QtWidgets.QVBoxLayout(self)
        self.note = theme.label("", 13, name="sync-devices-note")
        self.table = QtWidgets.QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFont(theme.font(13))
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.conflict_note = theme.label("", 13, bold=True, name="sync-conflicts-note")
        self.conflict_table = QtWidgets.QTableWidget(0, len(self.CONFLICT_HEADERS))
        self.conflict_table.setHorizontalHeaderLabels(list(self.CONFLICT_HEADERS))
        self.conflict_table.verticalHeader().setVisible(False)
        self.conflict_table.setEditTriggers(
            QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_table.horizontalHeader().setStretchLastSection(True)
        self.conflict_table.setFont(theme.font(13))
        layout.addWidget(self.conflict_note)
        layout.addWidget(self.conflict_table, 1)
        self.rows: list[DeviceState] = []
        self.conflicts: list[SyncConflict] = []

    def refresh(self) -> None:
        """Read the devices off the GUI thread (the server answers, or a line says why not)."""
        officer = self._officer
        self._worker.submit(lambda: (self._devices(officer), self._conflicts(officer)),
                            self._show, lambda e: self.note.setText(e.message),
                            key="sync-devices")

    def _show(self, found: tuple[list[DeviceState], list[SyncConflict]]) -> None:
        self.show_devices(found[0])
        self.show_conflicts(found[1])

    def show_conflicts(self, rows: list[SyncConflict]) -> None:
        """Fill the conflicts table, newest first."""
        self.conflicts = rows
        self.conflict_note.setText(f"Thay đổi máy chủ giữ riêng, cần xem lại: {len(rows)}"
                                   if rows else "Không có thay đổi nào bị giữ riêng.")
        self.conflict_table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            cells = [self._when(c.at), c.device_name, c.label, c.subject, c.detail]
            for col, value in enumerate(cells):
                self.conflict_table.setItem(r, col, QtWidgets.QTableWidgetItem(value))
        self.conflict_table.resizeColumnsToContents()

    def _when(self, moment: dt.datetime | None) -> str:
        return moment.astimezone(self._tz).strftime("%H:%M:%S %d/%m") if moment else "chưa"

    def show_devices(self, rows: list[DeviceState]) -> None:
        """Fill the table."""
        self.rows = rows
        live = [d for d in rows if not d.retired]
        waiting = sum(d.backlog for d in live)
        self.note.setText(f"{len(live)} máy trạm đồng bộ với máy chủ; {waiting} thay đổi đang chờ."
                          if rows else "Chưa có máy trạm nào đồng bộ với máy chủ.")
        self.table.setRowCount(len(rows))
        for r, d in enumerate(rows):
            cells: list[Any] = [d.name, d.device_id[:8], self._when(d.last_pull_at),
                                self._when(d.last_push_at), str(d.backlog),
                                "đã thay bằng bản khôi phục" if d.retired else ""]
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QtWidgets.QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()


def header_status(read: Callable[[], SyncState] | None) -> SyncStatusLabel | None:
    """A status label for a blue header (None when the app offers no sync status)."""
    return SyncStatusLabel(read, size_px=15, on_dark=True) if read is not None else None


def attach_to_status_bar(window: QtWidgets.QMainWindow, services: object) -> None:
    """Put the connection state at the right of ``window``'s status bar."""
    read = status_reader(services)
    if read is not None:
        window.statusBar().addPermanentWidget(SyncStatusLabel(read, window))


def devices_tab(services: object, officer: Officer, worker: Worker,
                tz: ZoneInfo) -> SyncDevicesTab | None:
    """The supervisors' tab of replica PCs (None when the app offers no sync status)."""
    service = getattr(services, "sync_status", None)
    if service is None:
        return None
    return SyncDevicesTab(service.devices, officer, worker, tz, service.conflicts)
