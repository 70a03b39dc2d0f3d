"""The board's counter tiles: one per counter with the ticket it serves now, laid out to fit.

:func:`grid_shape` picks the columns and rows that give the largest ticket digits for 4–20
counters in the space left on a 16:9 screen; each :class:`CounterTile` scales its fonts to its
own size, so the same code serves a 32" TV with 4 counters and a 65" one with 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from counter_app.ui import theme
from counter_app.ui.qt import QtCore, QtGui, QtWidgets

TILE_BG = "#0f2a5c"
TILE_IDLE_BG = "#0b2048"
FLASH_MS = 500
FLASH_TIMES = 8


LINE = 1.37  # Noto Sans line height (with Vietnamese marks), in em


@dataclass(frozen=True)
class TileView:
    """What one tile shows: counter number and name, its ticket now (None: nobody called),
    its state and the services it serves."""

    counter_number: int
    counter_name: str
    ticket: str | None
    note: str = ""
    services: str = ""


def grid_shape(count: int, width: float, height: float) -> tuple[int, int]:
    """Return (columns, rows) for ``count`` tiles that makes the ticket digits largest."""
    count = max(1, count)
    best: tuple[float, int, int] = (-1.0, 1, count)
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        if (rows - 1) * cols >= count:
            continue
        w, h = width / cols, height / rows
        size = min(w / 3.4, h / 2.3)  # "A012" is ~2.7 em wide; the tile also holds a title band
        if size > best[0] + 0.5:
            best = (size, cols, rows)
    return best[1], best[2]


class CounterTile(QtWidgets.QFrame):
    """Counter label on a band, the ticket number as large as the tile allows, then the state
    and the services the counter serves."""

    def __init__(self, view: TileView, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile-{view.counter_number}")
        self.view = view
        self._flash_left = 0
        self._lit = False
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self._blink)

    def set_view(self, view: TileView) -> None:
        """Show new content."""
        self.view = view
        self.update()

    def flash(self) -> None:
        """Blink for a few seconds to draw eyes to a new call."""
        self._flash_left = FLASH_TIMES
        self._lit = True
        self._timer.start(FLASH_MS)
        self.update()

    @property
    def flashing(self) -> bool:
        """True while the tile blinks."""
        return self._timer.isActive()

    def _blink(self) -> None:
        self._flash_left -= 1
        self._lit = not self._lit and self._flash_left > 0
        if self._flash_left <= 0:
            self._timer.stop()
            self._lit = False
        self.update()

    def _inner(self) -> QtCore.QRectF:
        return QtCore.QRectF(self.rect()).adjusted(6, 6, -6, -6)

    def _band(self) -> QtCore.QRectF:
        r = self._inner()
        return QtCore.QRectF(r.left(), r.top(), r.width(), max(24.0, r.height() * 0.22))

    def painted_texts(self) -> list[theme.PaintedText]:
        """The texts drawn and their boxes (checked by the geometry test)."""
        return self.texts()

    def ticket_font(self) -> QtGui.QFont:
        """The font of the ticket number (the board's cap height is judged on it)."""
        return self.texts()[1].font

    def texts(self) -> list[theme.PaintedText]:
        """Band label, ticket number, state line and services line, fitted to the tile."""
        r, band = self._inner(), self._band()
        lit, has_ticket = self._lit, self.view.ticket is not None
        pad = max(4.0, r.width() * 0.03)
        width = r.width() - 2 * pad
        line_h = r.height() * 0.12
        out = [theme.PaintedText(
            f"QUẦY {self.view.counter_number}",
            theme.fitted_font(f"QUẦY {self.view.counter_number}", band.height() * 0.55, width,
                              band.height(), bold=True), band.adjusted(pad, 0, -pad, 0), theme.WHITE)]
        lines = [(text, colour) for text, colour in (
            (self.view.note, theme.NAVY_DARK if lit else "#9fc1ff"),
            (self.view.services, theme.NAVY_DARK if lit else "#d6e4ff")) if text]
        rest_h = r.bottom() - band.bottom() - line_h * len(lines)
        rest = QtCore.QRectF(r.left() + pad, band.bottom(), width, rest_h)
        number = self.view.ticket or "—"
        out.append(theme.PaintedText(
            number, theme.fitted_font(number, rest_h / LINE, width, rest_h, bold=True), rest,
            theme.NAVY_DARK if lit else (theme.WHITE if has_ticket else theme.GREY)))
        top = rest.bottom()
        for text, colour in lines:
            box = QtCore.QRectF(r.left() + pad, top, width, line_h)
            out.append(theme.PaintedText(text, theme.fitted_font(text, line_h / LINE, width, line_h),
                                         box, colour))
            top += line_h
        return out

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the tile, its band and its texts."""
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = self._inner()
        has_ticket = self.view.ticket is not None
        body = QtGui.QColor(theme.AMBER if self._lit else (TILE_BG if has_ticket else TILE_IDLE_BG))
        path = QtGui.QPainterPath()
        path.addRoundedRect(r, 14, 14)
        painter.fillPath(path, body)
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(self._band(), QtGui.QColor(theme.NAVY_DARK if self._lit else theme.BLUE))
        painter.restore()
        for text in self.texts():
            text.draw(painter)
        painter.end()


class CounterGrid(QtWidgets.QWidget):
    """All counters' tiles in a grid re-shaped whenever the count or the size changes."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: dict[int, CounterTile] = {}
        self._layout = QtWidgets.QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._shape = (0, 0)

    def set_views(self, views: list[TileView]) -> None:
        """Show ``views`` (by counter number); tiles are reused, added or removed as needed."""
        numbers = [v.counter_number for v in views]
        for gone in set(self.tiles) - set(numbers):
            self.tiles.pop(gone).deleteLater()
        for view in views:
            tile = self.tiles.get(view.counter_number)
            if tile is None:
                self.tiles[view.counter_number] = CounterTile(view, self)
            elif tile.view != view:
                tile.set_view(view)
        self._relayout(force=True)

    def flash(self, counter_number: int) -> None:
        """Blink the tile of ``counter_number`` if shown."""
        tile = self.tiles.get(counter_number)
        if tile is not None:
            tile.flash()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Re-shape the grid for the new size."""
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self, *, force: bool = False) -> None:
        shape = grid_shape(len(self.tiles), max(1, self.width()), max(1, self.height()))
        if shape == self._shape and not force:
            return
        self._shape = shape
        cols, rows = shape
        for tile in self.tiles.values():
            self._layout.removeWidget(tile)
        for index, number in enumerate(sorted(self.tiles)):
            self._layout.addWidget(self.tiles[number], index // cols, index % cols)
        for c in range(self._layout.columnCount()):
            self._layout.setColumnStretch(c, 1 if c < cols else 0)
        for r in range(self._layout.rowCount()):
            self._layout.setRowStretch(r, 1 if r < rows else 0)
