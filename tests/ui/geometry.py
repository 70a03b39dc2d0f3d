"""Geometry checks for the window tests: nothing clipped, nothing overlapping, no text cut.

:func:`problems` walks the visible widget tree of a laid-out window and returns one line per
defect a person would see:

- the window could not take the requested size (its layout needs more room);
- a widget sticks out of its parent (outside a scroll area's viewport, where that is the point);
- two widgets placed by the same layout overlap;
- a label's or button's text is wider or taller than the room it has (Qt would cut or elide it),
  measured with the widget's own ``fontMetrics``;
- a custom-painted widget that declares the texts it paints (``painted_texts()``: a list of
  :class:`~counter_app.ui.theme.PaintedText`) paints one that does not fit its box.
"""

from __future__ import annotations

from collections.abc import Iterator

import shiboken6

from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets

SLACK = 1  # pixels of rounding tolerated


def _name(w: QtWidgets.QWidget) -> str:
    text = ""
    if isinstance(w, QtWidgets.QLabel | QtWidgets.QAbstractButton):
        text = " " + repr(w.text()[:40])
    return f"{type(w).__name__}#{w.objectName() or '-'}{text}"


def _visible_children(w: QtWidgets.QWidget) -> Iterator[QtWidgets.QWidget]:
    for child in w.children():
        if isinstance(child, QtWidgets.QWidget) and child.isVisible() and not child.isWindow():
            yield child


def _layout_widgets(layout: QtWidgets.QLayout | None) -> list[QtWidgets.QWidget]:
    """Widgets placed by ``layout`` and its nested layouts."""
    if layout is None:
        return []
    out: list[QtWidgets.QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            out.append(widget)
        elif item.layout() is not None:
            out.extend(_layout_widgets(item.layout()))
    return out


def _is_internal(w: QtWidgets.QWidget) -> bool:
    """Qt's own sub-widgets (scroll bars, viewports, spin box edits…) are the style's business."""
    parent = w.parentWidget()
    return isinstance(parent, QtWidgets.QAbstractSpinBox | QtWidgets.QComboBox
                      | QtWidgets.QAbstractScrollArea | QtWidgets.QTabBar
                      | QtWidgets.QScrollBar | QtWidgets.QLineEdit | QtWidgets.QCalendarWidget)


def _in_scrolled_content(w: QtWidgets.QWidget) -> bool:
    """True for a widget whose parent is a scroll area's viewport (it may be larger)."""
    parent = w.parentWidget()
    grand = parent.parentWidget() if parent is not None else None
    return isinstance(grand, QtWidgets.QAbstractScrollArea) and grand.viewport() is parent


def _lines(text: str) -> list[str]:
    return text.replace("\u2028", "\n").split("\n")


def _text_problem(w: QtWidgets.QWidget) -> str | None:
    if isinstance(w, QtWidgets.QLabel):
        return _label_problem(w)
    if isinstance(w, QtWidgets.QPushButton | QtWidgets.QToolButton | QtWidgets.QCheckBox
                  | QtWidgets.QRadioButton):
        return _button_problem(w)
    return None


def _label_problem(w: QtWidgets.QLabel) -> str | None:
    text = w.text()
    if not text or (w.pixmap() is not None and not w.pixmap().isNull()):
        return None
    rect = w.contentsRect()
    margin = w.margin() * 2
    avail_w, avail_h = rect.width() - margin, rect.height() - margin
    if w.textFormat() == Qt.TextFormat.RichText or (
            w.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)):
        doc = QtGui.QTextDocument()
        doc.setDefaultFont(w.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if w.wordWrap():
            doc.setTextWidth(avail_w)
        need_w, need_h = doc.idealWidth(), doc.size().height()
    elif w.wordWrap():
        fm = w.fontMetrics()
        bound = fm.boundingRect(QtCore.QRect(0, 0, max(1, avail_w), 100_000),
                                int(Qt.TextFlag.TextWordWrap), text)
        need_w, need_h = bound.width(), bound.height()
    else:
        fm = w.fontMetrics()
        lines = _lines(text)
        # the ink's width (what a cut would hide), not the advance with its side bearings
        need_w = max(fm.boundingRect(line).width() for line in lines)
        need_h = fm.height() * len(lines)
    if need_w > avail_w + SLACK:
        return f"{_name(w)}: text needs {need_w:.0f} px wide, has {avail_w}"
    if need_h > avail_h + SLACK:
        return f"{_name(w)}: text needs {need_h:.0f} px high, has {avail_h}"
    return None


def _button_problem(w: QtWidgets.QAbstractButton) -> str | None:
    text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    fm = w.fontMetrics()
    lines = _lines(text)
    text_w = max(fm.horizontalAdvance(line) for line in lines)
    text_h = fm.height() * len(lines)
    # what the style adds around the text (padding, border, indicator, icon), measured on a
    # large content so minimum widths do not count
    big = QtCore.QSize(2000, 2000)
    if isinstance(w, QtWidgets.QPushButton):
        opt = QtWidgets.QStyleOptionButton()
        opt.initFrom(w)
        opt.text = w.text()
        opt.icon = w.icon()
        opt.iconSize = w.iconSize()
        ct = QtWidgets.QStyle.ContentsType.CT_PushButton
    elif isinstance(w, QtWidgets.QToolButton):
        opt = QtWidgets.QStyleOptionToolButton()  # type: ignore[assignment]
        opt.initFrom(w)
        ct = QtWidgets.QStyle.ContentsType.CT_ToolButton
    elif isinstance(w, QtWidgets.QCheckBox):
        opt = QtWidgets.QStyleOptionButton()
        opt.initFrom(w)
        opt.text = w.text()
        ct = QtWidgets.QStyle.ContentsType.CT_CheckBox
    else:
        opt = QtWidgets.QStyleOptionButton()
        opt.initFrom(w)
        opt.text = w.text()
        ct = QtWidgets.QStyle.ContentsType.CT_RadioButton
    grown = w.style().sizeFromContents(ct, opt, big, w)
    extra_w, extra_h = grown.width() - big.width(), grown.height() - big.height()
    if isinstance(w, QtWidgets.QPushButton) and not w.icon().isNull():
        extra_w += w.iconSize().width() + 4
    if text_w + extra_w > w.width() + SLACK:
        return f"{_name(w)}: text needs {text_w + extra_w} px wide, has {w.width()}"
    if text_h + max(0, extra_h) > w.height() + SLACK:
        return f"{_name(w)}: text needs {text_h + extra_h} px high, has {w.height()}"
    return None


def _painted_problems(w: QtWidgets.QWidget) -> list[str]:
    painted = getattr(w, "painted_texts", None)
    if painted is None:
        return []
    out = []
    for item in painted():
        text, font, box = item.text, item.font, item.box
        fm = QtGui.QFontMetricsF(font)
        if int(item.flags) & int(Qt.TextFlag.TextWordWrap):
            bound = fm.boundingRect(QtCore.QRectF(0, 0, box.width(), 1e6),
                                    int(Qt.TextFlag.TextWordWrap), text)
            need_w, need_h = bound.width(), bound.height()
        else:
            lines = _lines(text)
            need_w = max(fm.horizontalAdvance(line) for line in lines)
            need_h = fm.height() * len(lines)
        if need_w > box.width() + SLACK or need_h > box.height() + SLACK:
            out.append(f"{_name(w)}: painted {text[:30]!r} needs {need_w:.0f}x{need_h:.0f},"
                       f" has {box.width():.0f}x{box.height():.0f}")
    return out


def problems(window: QtWidgets.QWidget, size: tuple[int, int]) -> list[str]:
    """Return the geometry defects of ``window`` laid out at ``size`` (empty when it fits)."""
    out: list[str] = []
    if (window.width(), window.height()) != size:
        hint = window.minimumSizeHint()
        out.append(f"window is {window.width()}x{window.height()} instead of {size[0]}x{size[1]}"
                   f" (its layout needs at least {hint.width()}x{hint.height()})")
    stack = [window]
    while stack:
        w = stack.pop()
        if not shiboken6.isValid(w):  # deleted while the walk ran (a scroll bar re-made)
            continue
        children = list(_visible_children(w))
        stack.extend(children)
        if w is not window and not _is_internal(w):
            problem = _text_problem(w)
            if problem:
                out.append(problem)
            out.extend(_painted_problems(w))
        if isinstance(w, QtWidgets.QAbstractScrollArea | QtWidgets.QAbstractSpinBox
                      | QtWidgets.QComboBox | QtWidgets.QTabBar):
            continue
        inside = w.rect()
        for child in children:
            if _is_internal(child) or _in_scrolled_content(child):
                continue
            if not inside.contains(child.geometry()):
                g = child.geometry()
                out.append(f"{_name(child)} ({g.x()},{g.y()} {g.width()}x{g.height()}) is"
                           f" clipped by {_name(w)} ({inside.width()}x{inside.height()})")
        placed = [c for c in _layout_widgets(w.layout()) if c.isVisible()]
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                overlap = a.geometry().intersected(b.geometry())
                if overlap.width() > SLACK and overlap.height() > SLACK:
                    out.append(f"{_name(a)} overlaps {_name(b)} by"
                               f" {overlap.width()}x{overlap.height()}")
    return out


def fit(window: QtWidgets.QWidget, size: tuple[int, int]) -> list[str]:
    """Resize ``window`` to ``size``, let the layouts settle, and return :func:`problems`."""
    window.resize(*size)
    app = QtWidgets.QApplication.instance()
    assert app is not None
    for _ in range(8):  # re-flows (priority rows, card columns) post further layout requests
        app.processEvents()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    return problems(window, size)
