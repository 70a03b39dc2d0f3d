"""The rating screen: "Quý khách vui lòng đánh giá mức độ hài lòng" with one large button per
level of the scale (default Rất hài lòng / Hài lòng / Không hài lòng).

A negative choice asks for an optional reason (touch chips from the scale; no typing needed),
then "Gửi đánh giá". After storing, a thank-you shows for a few seconds and ``done`` fires; an
idle screen also ends with ``done`` (no rating). :class:`RatingWindow` is the small window for a
counter's second screen; the kiosk shows :class:`RatingPanel` as one of its pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from counter_app.domain.errors import DomainError
from counter_app.domain.ratings import RatedEvent, Rating, RatingLevel, RatingScale, RatingTarget
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from counter_app.ui.worker import Worker

THANKS_MS = 4000
IDLE_MS = 45_000
Submit = Callable[[RatedEvent, uuid.UUID, str, str], Rating]
POSITIVE = (theme.GREEN, theme.BLUE, "#00838f", "#5e35b1")


class FaceButton(QtWidgets.QAbstractButton):
    """A large rating choice: a painted face (smile, light smile, frown) above its label, so the
    choice reads without reading."""

    def __init__(self, level: RatingLevel, mood: float, colour: str, size_px: int) -> None:
        super().__init__()
        self.level, self.mood, self.colour, self.size_px = level, mood, colour, size_px
        self.setObjectName(f"level-{level.code}")
        self.setText(level.label)
        self.setAccessibleName(level.label)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                           QtWidgets.QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QtCore.QSize:
        """A tall card."""
        return QtCore.QSize(self.size_px * 8, self.size_px * 7)

    def paintEvent(self, event: object) -> None:
        """Rounded card, face, label."""
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        r = QtCore.QRectF(self.rect()).adjusted(3, 3, -3, -3)
        bg = QtGui.QColor(self.colour if self.isEnabled() else theme.GREY)
        if self.isDown():
            bg = bg.darker(120)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(r, 28, 28)
        d = min(r.width() * 0.5, r.height() * 0.55)
        face = QtCore.QRectF(r.center().x() - d / 2, r.top() + r.height() * 0.1, d, d)
        p.setBrush(QtGui.QColor("white"))
        p.drawEllipse(face)
        p.setBrush(bg)
        eye = d * 0.09
        for fx in (0.33, 0.67):
            p.drawEllipse(QtCore.QPointF(face.left() + d * fx, face.top() + d * 0.38), eye, eye)
        pen = QtGui.QPen(bg, d * 0.07)
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        mouth = QtGui.QPainterPath()
        y, bend = face.top() + d * 0.66, d * 0.22 * self.mood
        mouth.moveTo(face.left() + d * 0.27, y - bend / 2)
        mouth.quadTo(face.center().x(), y + bend * 1.2, face.right() - d * 0.27, y - bend / 2)
        p.drawPath(mouth)
        p.setPen(QtGui.QColor("white"))
        p.setFont(theme.font(self.size_px, bold=True))
        text = QtCore.QRectF(r.left(), face.bottom(), r.width(), r.bottom() - face.bottom())
        p.drawText(text, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.text())
        p.end()


def _button(text: str, bg: str, fg: str, size: int, name: str) -> QtWidgets.QPushButton:
    b = QtWidgets.QPushButton(text)
    b.setObjectName(name)
    b.setFont(theme.font(size, bold=True))
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                    QtWidgets.QSizePolicy.Policy.Expanding)
    b.setStyleSheet(f"QPushButton {{ background: {bg}; color: {fg}; border-radius: 24px;"
                    f" padding: 12px; }} QPushButton:disabled {{ background: {theme.GREY}; }}"
                    f" QPushButton:checked {{ background: {theme.AMBER}; color: {theme.INK}; }}")
    return b


class RatingPanel(QtWidgets.QWidget):
    """Rating of one service event; ``rated(Rating)`` when stored, ``done`` when finished."""

    rated = Signal(object)
    done = Signal()

    def __init__(self, scale: RatingScale, submit: Submit, *, scale_px: float = 1.0,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating-panel")
        self.scale, self._submit, self.k = scale, submit, scale_px
        self.target: RatingTarget | None = None
        self.chosen: RatingLevel | None = None
        self.worker = Worker(self, threads=1, name="rating")
        self._idle = theme.timer(self, self.finish, single=True)
        self._thanks = theme.timer(self, self.finish, single=True)
        self._build()

    def px(self, size: int) -> int:
        """A size scaled for this screen."""
        return max(8, int(size * self.k))

    def _build(self) -> None:
        center = Qt.AlignmentFlag.AlignCenter
        root = QtWidgets.QVBoxLayout(self)
        root.setContentsMargins(self.px(60), self.px(30), self.px(60), self.px(30))
        root.setSpacing(self.px(18))
        self.title = theme.label("Quý khách vui lòng đánh giá mức độ hài lòng", self.px(44),
                                 bold=True, color=theme.NAVY, align=center, wrap=True,
                                 name="rating-title")
        self.subject = theme.label("", self.px(28), color=theme.MUTED, align=center,
                                   name="rating-subject")
        root.addWidget(self.title)
        root.addWidget(self.subject)
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(self.px(30))
        self.level_buttons: dict[str, FaceButton] = {}
        positive = iter(POSITIVE)
        top = max(lv.score for lv in self.scale.levels) or 1
        for level in self.scale.levels:
            bg = theme.RED if level.negative else next(positive, theme.BLUE)
            mood = -1.0 if level.negative else 0.3 + 0.7 * level.score / top
            b = FaceButton(level, mood, bg, self.px(40))
            b.setMinimumHeight(self.px(300))
            b.setMaximumHeight(self.px(470))
            b.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            row.addWidget(b)
            self.level_buttons[level.code] = b
        root.addLayout(row, 3)
        self.reason_box = QtWidgets.QWidget()
        reasons = QtWidgets.QVBoxLayout(self.reason_box)
        reasons.addWidget(theme.label("Xin quý khách cho biết lý do (không bắt buộc):",
                                      self.px(30), bold=True, align=center))
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(self.px(14))
        self.reason_chips: list[QtWidgets.QPushButton] = []
        for i, text in enumerate(self.scale.negative_reasons):
            chip = _button(text, theme.SKY, theme.INK, self.px(26), f"reason-{i}")
            chip.setCheckable(True)
            chip.setMinimumHeight(self.px(80))
            grid.addWidget(chip, i // 3, i % 3)
            self.reason_chips.append(chip)
        reasons.addLayout(grid)
        send_row = QtWidgets.QHBoxLayout()
        self.send_button = _button("Gửi đánh giá", theme.NAVY, theme.WHITE, self.px(32),
                                   "send-rating")
        self.send_button.setMinimumHeight(self.px(90))
        self.send_button.clicked.connect(self.send)
        send_row.addStretch(1)
        send_row.addWidget(self.send_button, 2)
        send_row.addStretch(1)
        reasons.addLayout(send_row)
        self.reason_box.hide()
        root.addWidget(self.reason_box, 2)
        self.message = theme.label("", self.px(40), bold=True, color=theme.GREEN, align=center,
                                   wrap=True, name="rating-message")
        self.message.hide()
        root.addWidget(self.message, 1)

    def offer(self, target: RatingTarget) -> None:
        """Show the scale for ``target``."""
        self.target, self.chosen = target, None
        self.subject.setText(target.label or "")
        for b in self.level_buttons.values():
            b.setEnabled(True)
            b.show()
        for chip in self.reason_chips:
            chip.setChecked(False)
        self.reason_box.hide()
        self.message.hide()
        self._thanks.stop()
        self._idle.start(IDLE_MS)

    def choose(self, level: RatingLevel) -> None:
        """A level was touched: store it, or first ask why when it is negative."""
        if self.target is None:
            return
        self.chosen = level
        self._idle.start(IDLE_MS)
        if level.negative and self.reason_chips:
            for code, b in self.level_buttons.items():
                b.setVisible(code == level.code)
            self.reason_box.show()
            return
        self.send()

    def reason(self) -> str:
        """The chosen reasons joined."""
        return "; ".join(c.text() for c in self.reason_chips if c.isChecked())

    def send(self) -> None:
        """Store the chosen level (and reasons) off the GUI thread."""
        target, level = self.target, self.chosen
        if target is None or level is None or self.worker.busy("send"):
            return
        for b in (*self.level_buttons.values(), self.send_button):
            b.setEnabled(False)
        reason = self.reason() if level.negative else ""
        self.worker.submit(lambda: self._submit(target.kind, target.subject_id, level.code,
                                                reason), self._stored, self._failed, key="send")

    def _stored(self, rating: Rating) -> None:
        self.rated.emit(rating)
        self._say("Xin cảm ơn quý khách đã đánh giá!", theme.GREEN)

    def _failed(self, error: DomainError) -> None:
        self._say(error.message, theme.RED)

    def _say(self, text: str, color: str) -> None:
        self.reason_box.hide()
        for b in self.level_buttons.values():
            b.hide()
        self.send_button.setEnabled(True)
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color}; background: transparent;")
        self.message.show()
        self._idle.stop()
        self._thanks.start(THANKS_MS)

    def finish(self) -> None:
        """End the rating (after thanks, or when left idle)."""
        self._idle.stop()
        self._thanks.stop()
        self.target = None
        self.done.emit()


class RatingWindow(QtWidgets.QWidget):
    """The counter's second screen: a greeting while idle, the rating panel after a service."""

    def __init__(self, centre_name: str, counter_name: str, scale: RatingScale, submit: Submit,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating-window")
        self.setWindowTitle(f"Đánh giá mức độ hài lòng — {counter_name}")
        self.setStyleSheet(f"#rating-window {{ background: {theme.PAPER}; }}")
        root = QtWidgets.QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        bar = QtWidgets.QFrame()
        bar.setObjectName("rating-bar")
        bar.setStyleSheet(f"#rating-bar {{ background: {theme.NAVY}; }}")
        bar_row = QtWidgets.QHBoxLayout(bar)
        bar_row.addWidget(theme.label(centre_name, 26, bold=True, color=theme.WHITE))
        bar_row.addStretch(1)
        bar_row.addWidget(theme.label(counter_name, 26, bold=True, color=theme.AMBER))
        root.addWidget(bar)
        self.pages = QtWidgets.QStackedWidget()
        self.greeting = theme.label("Xin kính chào quý khách", 56, bold=True, color=theme.NAVY,
                                    align=Qt.AlignmentFlag.AlignCenter, name="rating-greeting")
        self.panel = RatingPanel(scale, submit, scale_px=0.8)
        self.panel.done.connect(lambda: self.pages.setCurrentWidget(self.greeting))
        self.pages.addWidget(self.greeting)
        self.pages.addWidget(self.panel)
        root.addWidget(self.pages, 1)

    def offer(self, target: RatingTarget) -> None:
        """Ask the citizen in front of the counter to rate ``target``."""
        self.panel.offer(target)
        self.pages.setCurrentWidget(self.panel)

    def show_on_second_screen(self) -> bool:
        """Show full screen on the second screen; False (and not shown) with only one screen."""
        screens = QtGui.QGuiApplication.screens()
        if len(screens) < 2:
            return False
        self.setGeometry(screens[1].geometry())
        self.showFullScreen()
        return True
