"""The display board (``counter-app display``): who is called to which counter, read from 10 m.

Each counter's tile shows the ticket it serves now; the side column lists the latest calls (the
newest flashes) and the waiting count per service; the header has the centre's name and a clock,
the bottom line scrolls ``settings.display.notice``. A change feed (SQLite ``data_version`` or
PostgreSQL ``LISTEN``) is watched on a worker thread, so a call made in another process or on
another PC shows here within a second; the snapshot is read off the GUI thread too. Every new call
or recall is spoken through the serial announcer (chime, then the sentence), never cutting off the
call being spoken.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from typing import Any

from counter_app.domain.announcement import Announcement
from counter_app.domain.errors import DomainError
from counter_app.domain.queue import TicketStatus
from counter_app.domain.settings import DisplaySettings
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import CounterState, QueueSnapshot
from counter_app.ui import theme
from counter_app.ui.announcer import Announcer, WavBuilder
from counter_app.ui.common import ensure_app
from counter_app.ui.deps import AppServices
from counter_app.ui.display_calls import CallView, RecentCalls, WaitingPanel, WaitingView
from counter_app.ui.display_marquee import Marquee
from counter_app.ui.display_tiles import CounterGrid, TileView
from counter_app.ui.feed_watch import ChangeWatcher
from counter_app.ui.housekeeping import Housekeeping, standard_chores
from counter_app.ui.live_settings import LiveReader
from counter_app.ui.qt import Qt, QtGui, QtWidgets, Signal
from counter_app.ui.sync_status import header_status, status_reader
from counter_app.ui.worker import Worker

_log = logging.getLogger(__name__)

FULL_REFRESH_MS = 15_000  # safety net: re-read even without a change notice
BOARD_BG = "#061a3a"


def tile_view(counter: CounterState, service_names: dict[str, str] | None = None) -> TileView:
    """Return what a counter's tile shows (with the names of the services it serves)."""
    ticket = counter.current
    if not counter.open:
        note = "Chưa làm việc"
    elif counter.paused:
        note = "Tạm nghỉ"
    elif ticket is None:
        note = "Sẵn sàng"
    elif ticket.status is TicketStatus.SERVING:
        note = "Đang phục vụ"
    else:
        note = "Đang mời"
    names = service_names or {}
    services = " · ".join(names.get(code, code) for code in counter.service_codes)
    return TileView(counter.number, counter.name, ticket.display_number if ticket else None, note,
                    services)


def calling_text(display_number: str, counter_no: int) -> str:
    """Return the sentence shown while a call is spoken, with the number as printed."""
    return f"Mời công dân có số thứ tự {display_number} đến quầy số {counter_no}"


def distinct_calls(snap: QueueSnapshot) -> list[CallView]:
    """Return the latest calls, newest first, a recalled ticket listed once (at its recall)."""
    seen: set[tuple[str, int]] = set()
    out: list[CallView] = []
    for call in snap.recent_calls:
        key = (call.display_number, call.counter_no)
        if key not in seen:
            seen.add(key)
            out.append(CallView(call.display_number, call.counter_no))
    return out


class DisplayWindow(QtWidgets.QWidget):
    """The board; ``refreshed(snapshot)`` fires after each snapshot is shown."""

    refreshed = Signal(object)

    def __init__(self, services: AppServices, *,
                 feed_factory: Callable[[], Any] | None = None,
                 wav_builder: WavBuilder | None = None) -> None:
        super().__init__()
        self.setObjectName("display")
        self.setWindowTitle("Bảng hiển thị số thứ tự")
        self.setStyleSheet(f"#display {{ background: {BOARD_BG}; }}")
        self.settings, self.tz = services.settings, services.tz
        self._sync_read = status_reader(services)
        self.centre_settings = services.centre_settings
        self.engine: QueueEngine = services.queue
        self.snapshot: QueueSnapshot | None = None
        self.seen_calls: set[uuid.UUID] = set()
        self._dirty = False
        self._closing = False
        self.db = Worker(self, threads=1, name="display-db")
        self.watcher = ChangeWatcher(feed_factory or services.open_change_feed, self)
        self.watcher.changed.connect(self.refresh)
        self.announcer = Announcer(self, voice=self.settings.display.voice,
                                   wav_builder=wav_builder or services.announcement_wav)
        self.announcer.started.connect(self._speaking)
        self._build()
        self._full = theme.timer(self, self.refresh)
        self._full.start(FULL_REFRESH_MS)
        # notice and voice set in the admin window reach the board through the change feed
        self.shown_counters = _shown(self.settings.display)
        self.live = LiveReader(self, self._display_settings, self._apply_display,
                               current=self.settings.display)
        self.watcher.changed.connect(self.live.poke)
        self._full.timeout.connect(self.live.poke)
        self.refresh()
        self.watcher.start()

    def _display_settings(self) -> DisplaySettings:
        """Runs on a worker: the centre's current display settings."""
        return self.centre_settings.effective().display

    def _apply_display(self, display: DisplaySettings) -> None:
        self.marquee.setText(display.notice)
        self.announcer.voice = display.voice
        shown = _shown(display)
        if shown != self.shown_counters:
            self.shown_counters = shown
            if self.snapshot is not None:
                self.show_snapshot(self.snapshot)

    def _now(self) -> dt.datetime:
        """Local time by the engine's clock (tests fix it)."""
        return self.engine.now().astimezone(self.tz)

    def _build(self) -> None:
        self.scaler = theme.Scaler(self)
        root = QtWidgets.QVBoxLayout(self)
        root.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(theme.header_bar(self.settings.centre.name, "Bảng gọi số thứ tự",
                                        self.tz, height=100, now=self._now,
                                        status=header_status(self._sync_read)))
        self.calling = theme.FitLabel("")
        self.calling.setFont(theme.font(38, bold=True))
        self.calling.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calling.setObjectName("calling-line")
        self.calling.setFixedHeight(64)
        self.calling.setText("Xin quý khách chú ý số thứ tự được mời trên màn hình và loa")
        self.calling.setStyleSheet(f"color: {theme.AMBER}; background: #0a2550;")
        root.addWidget(self.calling)
        body = QtWidgets.QHBoxLayout()
        body.setContentsMargins(14, 12, 14, 12)
        body.setSpacing(14)
        self.grid = CounterGrid()
        body.addWidget(self.grid, 56)
        side = QtWidgets.QVBoxLayout()
        side.setSpacing(14)
        self.recent = RecentCalls(self.settings.display.recent_calls)
        self.waiting = WaitingPanel()
        side.addWidget(self.recent, 1)
        side.addWidget(self.waiting)
        body.addLayout(side, 44)
        root.addLayout(body, 1)
        self.marquee = Marquee(self.settings.display.notice, size_px=30)
        root.addWidget(self.marquee)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Scale the board to the screen (drawn for 1920x1080; 720p to 4K are the same shape)."""
        super().resizeEvent(event)
        scale = theme.fit_scale(event.size().width(), event.size().height())
        self.scaler.apply(scale)
        self.recent.set_scale(scale)
        self.waiting.set_scale(scale)

    # ------------------------------------------------------------------ snapshot
    def refresh(self) -> None:
        """Read a new snapshot off the GUI thread (again after the running one, if busy)."""
        if self._closing:
            return
        if not self.db.submit(self.engine_snapshot, self.show_snapshot, self._read_failed,
                              key="snapshot"):
            self._dirty = True

    def engine_snapshot(self) -> QueueSnapshot:
        """Runs on the worker: the board's data."""
        return self.engine.snapshot()

    def _read_failed(self, error: DomainError) -> None:
        _log.warning("snapshot: %s", error.message)
        self._after_read()

    def _after_read(self) -> None:
        if self._dirty:
            self._dirty = False
            self.refresh()

    def show_snapshot(self, snap: QueueSnapshot) -> None:
        """Show ``snap``; announce and flash the calls not seen before."""
        first = self.snapshot is None
        self.snapshot = snap
        shown = self.shown_counters
        names = {s.code: s.name for s in snap.services}
        self.grid.set_views([tile_view(c, names) for c in snap.counters
                             if not shown or c.number in shown])
        self.waiting.set_items([WaitingView(s.prefix, s.name, s.waiting) for s in snap.services])
        new = [c for c in snap.recent_calls if c.event_id not in self.seen_calls]
        self.seen_calls.update(c.event_id for c in snap.recent_calls)
        self.recent.set_calls(distinct_calls(snap), flash=bool(new) and not first)
        if first:
            if snap.recent_calls:
                latest = snap.recent_calls[0]
                self.calling.setText(calling_text(latest.display_number, latest.counter_no))
        else:
            for call in reversed(new):  # oldest first
                self.grid.flash(call.counter_no)
                try:
                    self.announcer.announce(Announcement(call.display_number, call.counter_no))
                except ValueError as exc:  # a number the voice cannot read: show, don't speak
                    _log.warning("cannot announce %s: %s", call.display_number, exc)
        self.refreshed.emit(snap)
        self._after_read()

    def _speaking(self, announcement: Announcement) -> None:
        self.calling.setText(calling_text(announcement.display_number,
                                          announcement.counter_number))

    def closeEvent(self, event: object) -> None:
        """Stop watching, reading and speaking."""
        self._closing = True
        self._full.stop()
        self.watcher.stop()
        self.live.stop()
        self.announcer.shutdown()
        self.db.shutdown()


def _shown(display: DisplaySettings) -> frozenset[int]:
    """The counters the board shows (empty: all); a bad list shows all rather than none."""
    try:
        return display.shown_counters()
    except DomainError:
        return frozenset()


def run(services: AppServices) -> int:
    """Show the board full screen until closed."""
    app = ensure_app()
    window = DisplayWindow(services)
    chores = Housekeeping(standard_chores(services), window)  # daily backup, day close
    window.showFullScreen()
    result = int(app.exec())
    chores.stop()
    return result
