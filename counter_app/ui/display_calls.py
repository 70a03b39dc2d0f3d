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


ROW_PX = 100  # row height at 1080 px: 68 px type, capitals 48 px = 23.7 mm on a 43" screen
TITLE_PX = 52


def _title(rect: QtCore.QRectF, text: str, scale: float) -> theme.PaintedText:
    """The panel's title line at the top of ``rect``."""
    h = TITLE_PX * scale
    box = QtCore.QRectF(rect.left() + 16 * scale, rect.top(), rect.width() - 32 * scale, h)
    return theme.PaintedText(text, theme.fitted_font(text, h * 0.68, box.width(), h, bold=True),
                             box, "#9fc1ff",
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class _Panel(QtWidgets.QWidget):
    """A dark panel of rows whose height follows the board's scale (``set_scale``)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = 1.0

    def set_scale(self, scale: float) -> None:
        """Rows and type for a board ``scale`` times 1920x1080."""
        self.scale = scale
        self.updateGeometry()
        self.update()

    def row_height(self) -> float:
        """The height of one row."""
        return ROW_PX * self.scale

    def _inner(self) -> QtCore.QRectF:
        return QtCore.QRectF(self.rect()).adjusted(4, 4, -4, -4)

    def texts(self) -> list[theme.PaintedText]:
        """The texts drawn, in their boxes."""
        raise NotImplementedError

    def painted_texts(self) -> list[theme.PaintedText]:
        """The texts drawn and their boxes (checked by the geometry test)."""
        return self.texts()


class RecentCalls(_Panel):
    """The latest calls, as many as fit (at most ``rows``); the newest row is amber and blinks
    for a few seconds."""

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

    def minimumSizeHint(self) -> QtCore.QSize:
        """Room for the title and at least two rows."""
        return QtCore.QSize(0, round((TITLE_PX + 2 * ROW_PX) * self.scale + 16))

    def shown_rows(self) -> int:
        """How many rows fit (at most ``rows``)."""
        r = self._inner()
        room = r.height() - TITLE_PX * self.scale - 4
        return max(1, min(self.rows, int(room // self.row_height())))

    def _row(self, i: int) -> QtCore.QRectF:
        r = self._inner()
        top = r.top() + TITLE_PX * self.scale + i * self.row_height()
        gap = 3 * self.scale
        return QtCore.QRectF(r.left() + 10 * self.scale, top + gap, r.width() - 20 * self.scale,
                             self.row_height() - 2 * gap)

    def texts(self) -> list[theme.PaintedText]:
        """Title, then ticket and counter of each shown call."""
        out = [_title(self._inner(), "SỐ VỪA GỌI", self.scale)]
        for i, call in enumerate(self.calls[: self.shown_rows()]):
            row = self._row(i)
            ink = theme.NAVY_DARK if i == 0 and self._lit else theme.WHITE
            pad = 18 * self.scale
            half = (row.width() - 3 * pad) / 2
            size = row.height() / 1.39
            left = QtCore.QRectF(row.left() + pad, row.top(), half, row.height())
            right = QtCore.QRectF(left.right() + pad, row.top(), half, row.height())
            where = f"QUẦY {call.counter_number}"
            out.append(theme.PaintedText(
                call.ticket, theme.fitted_font(call.ticket, size, half, row.height(), bold=True), left, ink,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
            out.append(theme.PaintedText(
                where, theme.fitted_font(where, size, half, row.height(), bold=True), right, ink,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        return out

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the panel, one rounded row per shown call and the texts."""
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.fillRect(self._inner(), QtGui.QColor(PANEL_BG))
        for i in range(self.shown_rows()):
            newest = i == 0 and bool(self.calls)
            path = QtGui.QPainterPath()
            path.addRoundedRect(self._row(i), 10, 10)
            painter.fillPath(path, QtGui.QColor(theme.AMBER if newest and self._lit else ROW_BG))
        for text in self.texts():
            text.draw(painter)
        painter.end()


class WaitingPanel(_Panel):
    """Waiting count per service: prefix badge, service name, number of people; as tall as its
    rows."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waiting-panel")
        self.items: list[WaitingView] = []
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred,
                           QtWidgets.QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[WaitingView]) -> None:
        """Show ``items``."""
        changed = len(items) != len(self.items)
        self.items = list(items)
        if changed:
            self.updateGeometry()
        self.update()

    def sizeHint(self) -> QtCore.QSize:
        """The title and one row per service."""
        rows = max(1, len(self.items))
        return QtCore.QSize(400, round((TITLE_PX + rows * ROW_PX) * self.scale + 12))

    def minimumSizeHint(self) -> QtCore.QSize:
        """As tall as the rows."""
        return QtCore.QSize(0, self.sizeHint().height())

    def texts(self) -> list[theme.PaintedText]:
        """Title, then badge, name and count of each service."""
        r = self._inner()
        out = [_title(r, "ĐANG CHỜ", self.scale)]
        row_h = self.row_height()
        size = row_h / 1.39
        pad = 14 * self.scale
        for i, item in enumerate(self.items):
            y = r.top() + TITLE_PX * self.scale + i * row_h
            badge = QtCore.QRectF(r.left() + pad, y + 4 * self.scale, row_h * 1.15,
                                  row_h - 8 * self.scale)
            count = str(item.waiting)
            count_w = QtGui.QFontMetricsF(theme.font(round(size), bold=True)).horizontalAdvance(
                "000")
            count_box = QtCore.QRectF(r.right() - pad - count_w, y, count_w, row_h)
            name_box = QtCore.QRectF(badge.right() + pad, y, count_box.left() - badge.right()
                                     - 2 * pad, row_h)
            out.append(theme.PaintedText(
                item.prefix, theme.fitted_font(item.prefix, size, badge.width() - 8, badge.height(),
                                               bold=True),
                badge, theme.WHITE))
            out.append(theme.PaintedText(
                item.name, theme.fitted_font(item.name, size, name_box.width(), row_h, bold=True),
                name_box, theme.WHITE, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
            out.append(theme.PaintedText(
                count, theme.fitted_font(count, size, count_w, row_h, bold=True), count_box,
                theme.AMBER if item.waiting else theme.GREY,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
        return out

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the panel, the badges and the texts."""
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.fillRect(self._inner(), QtGui.QColor(PANEL_BG))
        texts = self.texts()
        for badge in texts[1::3]:
            path = QtGui.QPainterPath()
            path.addRoundedRect(badge.box, 8, 8)
            painter.fillPath(path, QtGui.QColor(theme.BLUE))
        for text in texts:
            text.draw(painter)
        painter.end()
