"""The board's bottom line: the notice from ``settings.display.notice`` scrolling right to left."""

from __future__ import annotations

from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets

_FPS = 30
_GAP = "          •          "


class Marquee(QtWidgets.QWidget):
    """Scrolls ``text`` continuously at ``speed_px`` pixels per second; static if it fits."""

    def __init__(self, text: str, *, size_px: int = 36, speed_px: int = 90,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self._text = text
        self.setFont(theme.font(size_px, bold=True))  # the board's scaler scales it
        self._step = max(1.0, speed_px / _FPS)
        self._offset = 0.0
        self.setFixedHeight(int(size_px * 1.9))
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._advance)
        if text:
            self._timer.start(1000 // _FPS)

    @property
    def text(self) -> str:
        """The notice shown."""
        return self._text

    def setText(self, text: str) -> None:
        """Replace the notice and restart from the left."""
        self._text = text
        self._offset = 0.0
        if text and not self._timer.isActive():
            self._timer.start(1000 // _FPS)
        self.update()

    def _cycle(self) -> float:
        return QtGui.QFontMetricsF(self.font()).horizontalAdvance(self._text + _GAP)

    def _advance(self) -> None:
        if self._fits():
            return
        self._offset = (self._offset + self._step) % max(1.0, self._cycle())
        self.update()

    def _fits(self) -> bool:
        return QtGui.QFontMetricsF(self.font()).horizontalAdvance(self._text) <= self.width() - 40

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the text (twice, for a seamless wrap) on the dark band."""
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor(theme.NAVY_DARK))
        painter.setFont(self.font())
        painter.setPen(QtGui.QColor(theme.AMBER))
        rect = QtCore.QRectF(self.rect())
        flags = int(Qt.AlignmentFlag.AlignVCenter)
        if self._fits():
            painter.drawText(rect, flags | int(Qt.AlignmentFlag.AlignHCenter), self._text)
        else:
            cycle = self._cycle()
            x = 20 - self._offset
            while x < rect.width():
                painter.drawText(QtCore.QRectF(x, 0, cycle, rect.height()), flags,
                                 self._text + _GAP)
                x += cycle
        painter.end()
