"""The board's side column: the latest calls (newest on top, flashing briefly) and waiting counts."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets

PANEL_BG = "#0b2048"
ROW_BG = "#12306a"
FLASH_MS = 450
FLASH_TIMES = 10


@dataclass(frozen=True)
class CallView:
    """One line of the latest calls: ticket and the counter it was called to."""

    ticket: str
    counter_number: int


@dataclass(frozen=True)
class WaitingView:
    """Waiting count of one service."""

    prefix: str
    name: str
    waiting: int


def _panel_title(painter: QtGui.QPainter, rect: QtCore.QRectF, text: str) -> float:
    """Draw a panel title and return its height."""
    h = max(24.0, rect.width() * 0.085)
    painter.setPen(QtGui.QColor("#9fc1ff"))
    painter.setFont(theme.font(int(h * 0.6), bold=True))
    painter.drawText(QtCore.QRectF(rect.left() + 16, rect.top(), rect.width() - 32, h),
                     int(Qt.AlignmentFlag.AlignVCenter), text)
    return h


class RecentCalls(QtWidgets.QWidget):
    """``rows`` latest calls; the newest row is amber and blinks for a few seconds."""

    def __init__(self, rows: int = 6, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recent-calls")
        self.rows = max(1, rows)
        self.calls: list[CallView] = []
        self._flash_left = 0
        self._lit = True
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._blink)

    def set_calls(self, calls: list[CallView], *, flash: bool = False) -> None:
        """Show ``calls`` (newest first); ``flash`` blinks the newest."""
        self.calls = list(calls[: self.rows])
        if flash and self.calls:
            self._flash_left = FLASH_TIMES
            self._lit = True
            self._timer.start(FLASH_MS)
        self.update()

    @property
    def flashing(self) -> bool:
        """True while the newest call blinks."""
        return self._timer.isActive()

    def _blink(self) -> None:
        self._flash_left -= 1
        self._lit = not self._lit
        if self._flash_left <= 0:
            self._timer.stop()
            self._lit = True
        self.update()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the title and one row per call."""
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = QtCore.QRectF(self.rect()).adjusted(4, 4, -4, -4)
        painter.fillRect(r, QtGui.QColor(PANEL_BG))
        top = r.top() + _panel_title(painter, r, "SỐ VỪA GỌI")
        row_h = (r.bottom() - top - 8) / self.rows
        for i in range(self.rows):
            row = QtCore.QRectF(r.left() + 10, top + i * row_h + 3, r.width() - 20, row_h - 6)
            newest = i == 0 and bool(self.calls)
            bg = theme.AMBER if newest and self._lit else ROW_BG
            path = QtGui.QPainterPath()
            path.addRoundedRect(row, 10, 10)
            painter.fillPath(path, QtGui.QColor(bg))
            if i >= len(self.calls):
                continue
            call = self.calls[i]
            ink = theme.NAVY_DARK if newest and self._lit else theme.WHITE
            painter.setPen(QtGui.QColor(ink))
            painter.setFont(theme.font(int(row.height() * 0.62), bold=True))
            left = QtCore.QRectF(row.left() + 18, row.top(), row.width() * 0.5, row.height())
            painter.drawText(left, int(Qt.AlignmentFlag.AlignVCenter), call.ticket)
            painter.setFont(theme.font(int(row.height() * 0.42), bold=True))
            right = QtCore.QRectF(row.center().x(), row.top(), row.width() / 2 - 18, row.height())
            painter.drawText(right, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             f"➜  QUẦY {call.counter_number}")
        painter.end()


class WaitingPanel(QtWidgets.QWidget):
    """Waiting count per service: prefix badge, service name, number of people."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting-panel")
        self.items: list[WaitingView] = []

    def set_items(self, items: list[WaitingView]) -> None:
        """Show ``items``."""
        self.items = list(items)
        self.update()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the title and one line per service."""
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = QtCore.QRectF(self.rect()).adjusted(4, 4, -4, -4)
        painter.fillRect(r, QtGui.QColor(PANEL_BG))
        top = r.top() + _panel_title(painter, r, "ĐANG CHỜ")
        count = max(4, len(self.items))
        line_h = min((r.bottom() - top - 8) / count, r.width() * 0.16)
        for i, item in enumerate(self.items):
            y = top + i * line_h
            badge = QtCore.QRectF(r.left() + 14, y + 4, line_h * 1.2, line_h - 8)
            path = QtGui.QPainterPath()
            path.addRoundedRect(badge, 8, 8)
            painter.fillPath(path, QtGui.QColor(theme.BLUE))
            painter.setPen(QtGui.QColor(theme.WHITE))
            painter.setFont(theme.font(int(line_h * 0.5), bold=True))
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), item.prefix)
            name_rect = QtCore.QRectF(badge.right() + 14, y, r.right() - badge.right() - 130,
                                      line_h)
            painter.setFont(theme.font(int(line_h * 0.42), bold=True))
            metrics = QtGui.QFontMetrics(painter.font())
            name = metrics.elidedText(item.name, Qt.TextElideMode.ElideRight,
                                      int(name_rect.width()))
            painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignVCenter), name)
            painter.setFont(theme.font(int(line_h * 0.5), bold=True))
            painter.setPen(QtGui.QColor(theme.AMBER if item.waiting else theme.GREY))
            count_rect = QtCore.QRectF(r.right() - 120, y, 100, line_h)
            painter.drawText(count_rect,
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             str(item.waiting))
        painter.end()
