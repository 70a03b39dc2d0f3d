"""Shared look of the public screens: colours, font helpers, the clock label and date wording.

High contrast for a hall seen from far away: deep blue header, white panels, amber for calls,
red only for problems. Sizes are given in pixels of a 1920x1080 screen and scaled by callers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import shiboken6

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


class FitLabel(QtWidgets.QLabel):
    """A one-line label whose type shrinks (never below ``smallest`` of its size) so the whole
    text fits its width: a long centre name on a narrow or portrait screen."""

    def __init__(self, text: str, *, smallest: float = 0.5) -> None:
        super().__init__(text)
        self._smallest = smallest
        self._wanted = 0
        self._fitting = False

    def changeEvent(self, event: QtCore.QEvent) -> None:
        """A font set from outside (the window's scale) becomes the size to aim for."""
        if event.type() == QtCore.QEvent.Type.FontChange and not self._fitting:
            self._wanted = self.font().pixelSize()
            self._fit()
        super().changeEvent(event)

    def setText(self, text: str) -> None:
        """Show ``text``, fitted."""
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Fit the text to the new width."""
        super().resizeEvent(event)
        self._fit()

    def wanted_px(self) -> int:
        """The type size aimed for (before shrinking to fit)."""
        return self._wanted or self.font().pixelSize()

    def minimumSizeHint(self) -> QtCore.QSize:
        """Narrow: the text shrinks instead of widening the window."""
        hint = super().minimumSizeHint()
        return QtCore.QSize(min(hint.width(), 40), hint.height())

    def _fit(self) -> None:
        wanted = self._wanted or self.font().pixelSize()
        if wanted <= 0 or self.width() <= 1:
            return
        f = fitted_font(self.text(), wanted, self.contentsRect().width() - 2,
                        bold=self.font().bold(), smallest=max(6.0, wanted * self._smallest))
        if f.pixelSize() != self.font().pixelSize():
            self._fitting = True
            self.setFont(f)
            self._fitting = False


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
    name = FitLabel(title)
    name.setFont(font(height * 32 // 100, bold=True))
    name.setStyleSheet(f"color: {WHITE}; background: transparent;")
    name.setObjectName("centre-name")
    texts.addWidget(name)
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


LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)


def fit_scale(width: int, height: int, design: tuple[int, int] = LANDSCAPE,
              portrait: tuple[int, int] | None = None) -> float:
    """Return how much a layout drawn for ``design`` (or ``portrait`` on a tall screen) must be
    scaled to fit ``width`` x ``height``: the smaller of the two ratios."""
    dw, dh = portrait if portrait is not None and height > width else design
    return max(0.25, min(width / dw, height / dh))


class Scaler:
    """Scales a window drawn in pixels of its design size to the window's real size.

    Sizes are given once, as for the design screen (fonts from :func:`font`/:func:`label`,
    layout margins and spacing, minimum, maximum and fixed sizes). :meth:`apply` records each
    widget's and layout's design values the first time it sees them and sets them times the
    scale, so one code path serves a 1024x768 kiosk and a 4K board; :meth:`adopt` takes in
    widgets added later (cards, pages). Custom-painted widgets size their drawing from their own
    rectangle and need nothing here.
    """

    def __init__(self, root: QtWidgets.QWidget) -> None:
        self.root = root
        self.scale = 1.0
        self._fonts: dict[int, tuple[QtWidgets.QWidget, int]] = {}
        self._sizes: dict[int, tuple[QtWidgets.QWidget, QtCore.QSize, QtCore.QSize]] = {}
        self._layouts: dict[int, tuple[QtWidgets.QLayout, tuple[int, int, int, int], int,
                                       int, int]] = {}

    def px(self, value: float) -> int:
        """``value`` design pixels at the current scale (at least 1)."""
        return max(1, round(value * self.scale))

    def apply(self, scale: float) -> bool:
        """Scale everything to ``scale``; False when it is already there (within 1 %)."""
        changed = abs(scale - self.scale) > 0.01
        self.scale = scale
        if changed:
            self._set_all()
        self.adopt(self.root)
        return changed

    def adopt(self, top: QtWidgets.QWidget) -> None:
        """Record and scale the widgets and layouts under ``top`` not seen before."""
        widgets = [top, *top.findChildren(QtWidgets.QWidget)]
        for w in widgets:
            key = _key(w)
            if key not in self._fonts and w.testAttribute(Qt.WidgetAttribute.WA_SetFont) \
                    and w.font().pixelSize() > 0:
                size = w.wanted_px() if isinstance(w, FitLabel) else w.font().pixelSize()
                self._fonts[key] = (w, size)
                self._set_font(w, size)
            if key not in self._sizes and (w.minimumSize() != QtCore.QSize(0, 0)
                                           or w.maximumSize() != _NO_MAX):
                self._sizes[key] = (w, w.minimumSize(), w.maximumSize())
                self._set_size(w, w.minimumSize(), w.maximumSize())
            layout = w.layout()
            if layout is not None:
                for item in [layout, *layout.findChildren(QtWidgets.QLayout)]:
                    self._adopt_layout(item)

    def _adopt_layout(self, layout: QtWidgets.QLayout) -> None:
        key = _key(layout)
        if key in self._layouts:
            return
        m = layout.contentsMargins()
        h = v = layout.spacing()
        if isinstance(layout, QtWidgets.QGridLayout):
            h, v = layout.horizontalSpacing(), layout.verticalSpacing()
        self._layouts[key] = (layout, (m.left(), m.top(), m.right(), m.bottom()),
                              layout.spacing(), h, v)
        self._set_layout(key)

    def _set_all(self) -> None:
        for key, (w, size) in list(self._fonts.items()):
            if _alive(w):
                self._set_font(w, size)
            else:
                del self._fonts[key]
        for key, (w, low, high) in list(self._sizes.items()):
            if _alive(w):
                self._set_size(w, low, high)
            else:
                del self._sizes[key]
        for key in list(self._layouts):
            if _alive(self._layouts[key][0]):
                self._set_layout(key)
            else:
                del self._layouts[key]

    def _set_font(self, w: QtWidgets.QWidget, size: int) -> None:
        f = w.font()
        f.setPixelSize(self.px(size))
        w.setFont(f)

    def _set_size(self, w: QtWidgets.QWidget, low: QtCore.QSize, high: QtCore.QSize) -> None:
        w.setMinimumSize(self.px(low.width()) if low.width() else 0,
                         self.px(low.height()) if low.height() else 0)
        w.setMaximumSize(high.width() if high.width() >= _NO_MAX.width()
                         else self.px(high.width()),
                         high.height() if high.height() >= _NO_MAX.height()
                         else self.px(high.height()))

    def _set_layout(self, key: int) -> None:
        layout, margins, spacing, h, v = self._layouts[key]
        layout.setContentsMargins(*(round(m * self.scale) for m in margins))
        if isinstance(layout, QtWidgets.QGridLayout):
            if h >= 0:
                layout.setHorizontalSpacing(round(h * self.scale))
            if v >= 0:
                layout.setVerticalSpacing(round(v * self.scale))
        elif spacing >= 0:
            layout.setSpacing(round(spacing * self.scale))


_NO_MAX = QtCore.QSize(16777215, 16777215)


def _alive(obj: QtCore.QObject) -> bool:
    return bool(shiboken6.isValid(obj))


def _key(obj: QtCore.QObject) -> int:
    """The Qt object's address: stable while it lives, unlike a Python wrapper's id."""
    return int(shiboken6.getCppPointer(obj)[0])


CAP_HEIGHT = 0.714  # Noto Sans capital height, in em


def fitted_font(text: str, size_px: float, width: float, height: float | None = None, *,
                bold: bool = False, smallest: float = 6) -> QtGui.QFont:
    """Return the bundled font at ``size_px``, smaller if needed so ``text`` fits ``width`` on
    one line (and its line, marks included, fits ``height``); never below ``smallest``."""
    size = max(smallest, size_px)
    while True:
        f = font(int(size), bold=bold)
        fm = QtGui.QFontMetricsF(f)
        advance = fm.horizontalAdvance(text)
        over = max(advance / max(1.0, width),
                   fm.height() / height if height else 0.0)
        if over <= 1 or size <= smallest:
            return f
        size = max(smallest, min(size - 1, size / over))


class PaintedText:
    """One text a custom-painted widget draws: what, in which font, in which box, how."""

    __slots__ = ("box", "color", "flags", "font", "text")

    def __init__(self, text: str, font_: QtGui.QFont, box: QtCore.QRectF, color: str,
                 flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
        self.text, self.font, self.box, self.color, self.flags = text, font_, box, color, flags

    def draw(self, painter: QtGui.QPainter) -> None:
        """Draw the text."""
        painter.setFont(self.font)
        painter.setPen(QtGui.QColor(self.color))
        painter.drawText(self.box, int(self.flags), self.text)


def staff_header(object_name: str, centre_name: str, subtitle: str
                 ) -> tuple[QtWidgets.QFrame, QtWidgets.QHBoxLayout]:
    """The navy header of the staff windows: centre name and a subtitle on the left; the caller
    adds its buttons to the returned row."""
    bar = QtWidgets.QFrame()
    bar.setObjectName(object_name)
    bar.setStyleSheet(f"#{object_name} {{ background: {NAVY}; }}")
    row = QtWidgets.QHBoxLayout(bar)
    row.setContentsMargins(16, 8, 16, 8)
    texts = QtWidgets.QVBoxLayout()
    texts.addWidget(label(centre_name, 20, bold=True, color=WHITE))
    texts.addWidget(label(subtitle, 13, color="#cfe0ff"))
    row.addLayout(texts, 1)
    return bar, row
