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

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        """Draw the card."""
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = QtCore.QRectF(self.rect()).adjusted(3, 3, -3, -3)
        enabled = self.isEnabled()
        down = self.isDown()
        path = QtGui.QPainterPath()
        path.addRoundedRect(r, 22, 22)
        p.fillPath(path, QtGui.QColor(theme.SKY if down else (theme.WHITE if enabled else "#e6e9ef")))
        p.setPen(QtGui.QPen(QtGui.QColor(theme.BLUE if enabled else theme.GREY), 3))
        p.drawPath(path)
        side = min(r.height() - 36, r.width() * 0.26)
        badge = QtCore.QRectF(r.left() + 22, r.center().y() - side / 2, side, side)
        badge_path = QtGui.QPainterPath()
        badge_path.addRoundedRect(badge, 18, 18)
        p.fillPath(badge_path, QtGui.QColor(theme.NAVY if enabled else theme.GREY))
        p.setPen(QtGui.QColor(theme.WHITE))
        p.setFont(theme.font(int(side * (0.55 if len(self.card.prefix) == 1 else 0.36)), bold=True))
        p.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), self.card.prefix)
        chevron = QtCore.QRectF(r.right() - 70, r.top(), 50, r.height())
        p.setPen(QtGui.QColor(theme.BLUE if enabled else theme.GREY))
        p.setFont(theme.font(int(min(90, r.height() * 0.4)), bold=True))
        p.drawText(chevron, int(Qt.AlignmentFlag.AlignCenter), "›")
        text = QtCore.QRectF(badge.right() + 26, r.top() + 14, chevron.left() - badge.right() - 36,
                             r.height() - 28)
        name_h = text.height() * 0.62
        p.setPen(QtGui.QColor(theme.INK if enabled else theme.MUTED))
        size = int(min(44, r.height() * 0.22))
        p.setFont(theme.font(size, bold=True))
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                    | Qt.TextFlag.TextWordWrap)
        p.drawText(QtCore.QRectF(text.left(), text.top(), text.width(), name_h), flags,
                   self.card.name)
        sub = QtCore.QRectF(text.left(), text.top() + name_h + 6, text.width(),
                            text.height() - name_h - 6)
        p.setFont(theme.font(int(size * 0.7)))
        if self.card.closed_reason:
            p.setPen(QtGui.QColor(theme.RED))
            line = self.card.closed_reason
        else:
            p.setPen(QtGui.QColor(theme.MUTED))
            line = waiting_text(self.card.waiting)
        p.drawText(sub, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), line)
        p.end()


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
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        caption = theme.label("Ưu tiên:", 26, bold=True, color=theme.INK)
        row.addWidget(caption)
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
            row.addWidget(button, 1)
        self.buttons[None].setChecked(True)
        self._group.idClicked.connect(lambda i: self.changed.emit(self._codes[i]))

    @property
    def selected(self) -> str | None:
        """The chosen category code, or None for no priority."""
        return self._codes.get(self._group.checkedId())

    def reset(self) -> None:
        """Go back to "no priority" (after each ticket)."""
        self.buttons[None].setChecked(True)
