"""Touch targets of the kiosk: one large card per service and the priority choice."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

NO_PRIORITY = "Không thuộc diện ưu tiên"


@dataclass(frozen=True)
class ServiceCard:
    """What a service button shows; ``closed_reason`` set means it cannot issue now."""

    key: str
    prefix: str
    name: str
    waiting: int
    closed_reason: str | None = None


def waiting_text(waiting: int) -> str:
    """Return ``"Đang chờ: 5 người"`` or ``"Không có người chờ"``."""
    return f"Đang chờ: {waiting} người" if waiting else "Không có người chờ"


def two_lines(text: str) -> str:
    """Break ``text`` at the space nearest its middle (long priority names on narrow buttons)."""
    words = text.split()
    if len(words) < 3:
        return text
    best = min(range(1, len(words)),
               key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class ServiceButton(QtWidgets.QAbstractButton):
    """A card: prefix badge on the left, service name and waiting count on the right."""

    def __init__(self, card: ServiceCard, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"service-{card.key}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(150)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)
        self.card = card
        self.set_card(card)

    def set_card(self, card: ServiceCard) -> None:
        """Show new numbers or state."""
        self.card = card
        self.setEnabled(card.closed_reason is None)
        self.setAccessibleName(f"{card.prefix} {card.name}")
        self.update()

    def sizeHint(self) -> QtCore.QSize:
        """A wide card."""
        return QtCore.QSize(720, 180)

    def _inner(self) -> QtCore.QRectF:
        return QtCore.QRectF(self.rect()).adjusted(3, 3, -3, -3)

    def _badge(self) -> QtCore.QRectF:
        r = self._inner()
        side = min(r.height() - r.height() * 0.2, r.width() * 0.24)
        return QtCore.QRectF(r.left() + r.height() * 0.12, r.center().y() - side / 2, side, side)

    def texts(self) -> list[theme.PaintedText]:
        """Prefix badge, chevron, service name (wrapped) and the waiting line, fitted."""
        r, badge = self._inner(), self._badge()
        enabled = self.isEnabled()
        pad = r.height() * 0.1
        chevron = QtCore.QRectF(r.right() - r.height() * 0.42, r.top(), r.height() * 0.3,
                                r.height())
        text = QtCore.QRectF(badge.right() + pad, r.top() + pad * 0.8,
                             chevron.left() - badge.right() - 1.5 * pad, r.height() - 1.6 * pad)
        name_box = QtCore.QRectF(text.left(), text.top(), text.width(), text.height() * 0.64)
        sub_box = QtCore.QRectF(text.left(), name_box.bottom(), text.width(),
                                text.height() - name_box.height())
        wrap = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                | Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap)))
        name_font = _wrapped_font(self.card.name, r.height() * 0.22, name_box)
        line = self.card.closed_reason or waiting_text(self.card.waiting)
        prefix_size = badge.height() * (0.55 if len(self.card.prefix) == 1 else 0.36)
        return [
            theme.PaintedText(self.card.prefix, theme.fitted_font(
                self.card.prefix, prefix_size, badge.width() * 0.9, badge.height(), bold=True), badge,
                theme.WHITE),
            theme.PaintedText("›", theme.font(round(min(90.0, r.height() * 0.4)), bold=True),
                              chevron, theme.BLUE if enabled else theme.GREY),
            theme.PaintedText(self.card.name, name_font, name_box,
                              theme.INK if enabled else theme.MUTED, wrap),
            theme.PaintedText(line, theme.fitted_font(line, name_font.pixelSize() * 0.7,
                                                      sub_box.width(), sub_box.height()), sub_box,
                              theme.RED if self.card.closed_reason else theme.MUTED,
                              Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        ]

    def painted_texts(self) -> list[theme.PaintedText]:
        """The texts drawn and their boxes (checked by the geometry test)."""
        return self.texts()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the card."""
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = self._inner()
        enabled = self.isEnabled()
        path = QtGui.QPainterPath()
        path.addRoundedRect(r, 22, 22)
        colour = theme.SKY if self.isDown() else (theme.WHITE if enabled else "#e6e9ef")
        p.fillPath(path, QtGui.QColor(colour))
        p.setPen(QtGui.QPen(QtGui.QColor(theme.BLUE if enabled else theme.GREY), 3))
        p.drawPath(path)
        badge_path = QtGui.QPainterPath()
        badge_path.addRoundedRect(self._badge(), 18, 18)
        p.fillPath(badge_path, QtGui.QColor(theme.NAVY if enabled else theme.GREY))
        for text in self.texts():
            text.draw(p)
        p.end()


def _wrapped_font(text: str, size_px: float, box: QtCore.QRectF) -> QtGui.QFont:
    """The bold font at ``size_px`` or smaller so ``text`` wrapped to ``box`` fits its height."""
    size = max(8.0, size_px)
    flags = int(Qt.TextFlag.TextWordWrap)
    while True:
        f = theme.font(round(size), bold=True)
        fm = QtGui.QFontMetricsF(f)
        need = fm.boundingRect(QtCore.QRectF(0, 0, box.width(), 1e6), flags, text)
        if (need.height() <= box.height() and need.width() <= box.width()) or size <= 8:
            return f
        size -= 1


class PriorityBar(QtWidgets.QWidget):
    """Exclusive choice: no priority (default) or one priority category."""

    changed = Signal(object)

    def __init__(self, choices: list[tuple[str, str]],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priority-bar")
        self._group = QtWidgets.QButtonGroup(self)
        self._group.setExclusive(True)
        self._codes: dict[int, str | None] = {}
        self._grid = QtWidgets.QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(12)
        self.caption = theme.label("Ưu tiên:", 26, bold=True, color=theme.INK)
        self._columns = 0
        self.buttons: dict[str | None, QtWidgets.QPushButton] = {}
        for index, (code, name) in enumerate([(None, NO_PRIORITY), *choices]):
            button = QtWidgets.QPushButton(two_lines(name))
            button.setObjectName(f"priority-{code or 'none'}")
            button.setCheckable(True)
            button.setMinimumHeight(84)
            button.setMinimumWidth(120)
            button.setFont(theme.font(23, bold=True))
            button.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                                 QtWidgets.QSizePolicy.Policy.Fixed)
            button.setStyleSheet(
                f"QPushButton {{ background: {theme.WHITE}; color: {theme.INK};"
                f" border: 2px solid {theme.GREY}; border-radius: 14px; padding: 4px 10px; }}"
                f"QPushButton:checked {{ background: {theme.AMBER}; color: {theme.NAVY_DARK};"
                f" border: 3px solid {theme.NAVY_DARK}; }}")
            self._group.addButton(button, index)
            self._codes[index] = code
            self.buttons[code] = button
        self.buttons[None].setChecked(True)
        self._group.idClicked.connect(lambda i: self.changed.emit(self._codes[i]))
        self._arrange(len(self.buttons))

    def _arrange(self, columns: int) -> None:
        """Lay the buttons out in ``columns`` columns; the caption leads a single row, or sits
        above several."""
        if columns == self._columns:
            return
        self._columns = columns
        for w in (self.caption, *self.buttons.values()):
            self._grid.removeWidget(w)
        single = columns >= len(self.buttons)
        first = 1 if single else 0
        if single:
            self._grid.addWidget(self.caption, 0, 0)
        else:
            self._grid.addWidget(self.caption, 0, 0, 1, columns)
        for i, button in enumerate(self.buttons.values()):
            row, col = (0, first + i) if single else (1 + i // columns, i % columns)
            self._grid.addWidget(button, row, col)
        used = first + len(self.buttons) if single else columns
        for c in range(self._grid.columnCount()):  # a grid keeps the columns it once had
            self._grid.setColumnStretch(c, 1 if first <= c < used else 0)

    def _columns_for(self, width: int) -> int:
        """The most columns whose buttons show their two lines whole in ``width``."""
        space = self._grid.horizontalSpacing()
        need = max(b.sizeHint().width() for b in self.buttons.values())
        count = len(self.buttons)
        if self.caption.sizeHint().width() + count * (need + space) <= width:
            return count
        return max(1, min(count, (width + space) // (need + space)))

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Re-flow into more rows when the buttons would not fit side by side."""
        super().resizeEvent(event)
        self._arrange(self._columns_for(event.size().width()))

    def event(self, event: QtCore.QEvent) -> bool:
        """Re-flow also when the buttons' type changes size (the window was scaled)."""
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self._arrange(self._columns_for(self.width()))
        return super().event(event)

    def minimumSizeHint(self) -> QtCore.QSize:
        """Narrow enough to re-flow into rows."""
        hint = super().minimumSizeHint()
        return QtCore.QSize(max(b.sizeHint().width() for b in self.buttons.values()),
                            hint.height())

    @property
    def selected(self) -> str | None:
        """The chosen category code, or None for no priority."""
        return self._codes.get(self._group.checkedId())

    def reset(self) -> None:
        """Go back to "no priority" (after each ticket)."""
        self.buttons[None].setChecked(True)
