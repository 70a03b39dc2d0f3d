"""Shared look of the public screens: colours, font helpers, the clock label and date wording.

High contrast for a hall seen from far away: deep blue header, white panels, amber for calls,
red only for problems. Sizes are given in pixels of a 1920x1080 screen and scaled by callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from counter_app.ui.common import APP_FONT_FAMILY
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets

NAVY = "#0b3a82"
NAVY_DARK = "#072a61"
BLUE = "#1565c0"
SKY = "#e8f0fb"
INK = "#13233a"
MUTED = "#5b6b80"
WHITE = "#ffffff"
PAPER = "#f4f6fa"
AMBER = "#ffb300"
AMBER_SOFT = "#fff3cd"
GREEN = "#1b7f3b"
RED = "#c62828"
RED_SOFT = "#fdecea"
GREY = "#9aa5b4"

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def date_text(day: dt.date) -> str:
    """Return ``"Thứ Hai, 12/05/2025"``."""
    return f"{WEEKDAYS_VI[day.weekday()]}, {day:%d/%m/%Y}"


def font(size_px: int, *, bold: bool = False) -> QtGui.QFont:
    """Return the bundled Noto Sans at ``size_px`` pixels."""
    f = QtGui.QFont(APP_FONT_FAMILY)
    f.setPixelSize(max(6, size_px))
    f.setBold(bold)
    return f


def label(text: str, size_px: int, *, bold: bool = False, color: str = INK,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          wrap: bool = False, name: str = "") -> QtWidgets.QLabel:
    """Return a QLabel with the bundled font, a colour and an alignment."""
    widget = QtWidgets.QLabel(text)
    widget.setFont(font(size_px, bold=bold))
    widget.setStyleSheet(f"color: {color}; background: transparent;")
    widget.setAlignment(align)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    return widget


class ClockLabel(QtWidgets.QWidget):
    """Time (large) above the Vietnamese weekday and date; ticks every second."""

    def __init__(self, tz: ZoneInfo, *, size_px: int = 44, color: str = WHITE,
                 now: Callable[[], dt.datetime] | None = None,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._now = now or (lambda: dt.datetime.now(self._tz))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.time = label("", size_px, bold=True, color=color, align=right, name="clock-time")
        self.date = label("", max(12, size_px * 2 // 5), color=color, align=right,
                          name="clock-date")
        layout.addWidget(self.time)
        layout.addWidget(self.date)
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

    def tick(self) -> None:
        """Show the current time."""
        now = self._now()
        self.time.setText(f"{now:%H:%M}")
        self.date.setText(date_text(now.date()))


def header_bar(title: str, subtitle: str, tz: ZoneInfo, *, height: int = 120,
               now: Callable[[], dt.datetime] | None = None,
               status: QtWidgets.QWidget | None = None) -> QtWidgets.QFrame:
    """Return the blue header: centre name and a subtitle on the left, the clock on the right;
    ``status`` (the connection state) goes under the subtitle."""
    bar = QtWidgets.QFrame()
    bar.setObjectName("header")
    bar.setFixedHeight(height)
    bar.setStyleSheet(
        f"#header {{ background: qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 {NAVY_DARK},"
        f" stop:1 {BLUE}); }}")
    row = QtWidgets.QHBoxLayout(bar)
    row.setContentsMargins(height // 3, 8, height // 3, 8)
    texts = QtWidgets.QVBoxLayout()
    texts.setSpacing(2)
    texts.addStretch(1)
    texts.addWidget(label(title, height * 32 // 100, bold=True, color=WHITE, name="centre-name"))
    if subtitle:
        texts.addWidget(label(subtitle, height * 17 // 100, color="#cfe0ff", name="subtitle"))
    if status is not None:
        texts.addWidget(status)
    texts.addStretch(1)
    row.addLayout(texts, 1)
    row.addWidget(ClockLabel(tz, size_px=height * 36 // 100, now=now))
    return bar


def timer(parent: QtCore.QObject, slot: Callable[[], object], *,
          single: bool = False) -> QtCore.QTimer:
    """Return a (not started) QTimer owned by ``parent`` that calls ``slot``."""
    t = QtCore.QTimer(parent)
    t.setSingleShot(single)
    t.timeout.connect(slot)
    return t
