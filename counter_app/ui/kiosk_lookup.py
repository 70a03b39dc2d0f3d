"""Kiosk mode "Tra cứu hồ sơ": the citizen scans the receipt's QR code or types the dossier code
and the lookup token on an on-screen keypad, and sees the procedure, the status in plain
Vietnamese, the appointment, what to bring for a supplement and the masked name — nothing else.

A USB scanner types the QR's URL into the scan field (which keeps the keyboard focus) and ends
with Enter. Typed input goes to the code and token boxes through the keypad only. Everything runs
through :class:`~counter_app.services.kiosk_lookup.KioskLookup` on a worker thread: bad input gets
a plain message, repeated wrong tokens make the kiosk wait. After a short idle time the page
emits ``done`` and the kiosk returns to the ticket screen. :func:`attach_lookup` wires the page
(and the rating page for a returned dossier) into the kiosk window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.ratings import RatingTarget
from counter_app.services.dossier_desk import DossierDesk
from counter_app.services.kiosk_lookup import KioskStatus, LookupThrottled
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal
from counter_app.ui.worker import Worker

INPUT_IDLE_MS = 60_000
RESULT_IDLE_MS = 45_000
KEY_ROWS = ("1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ.-")
STATUS_COLOURS = {DossierStatus.SUPPLEMENT_REQUESTED: theme.RED,
                  DossierStatus.FINANCIAL_OBLIGATION: theme.RED,
                  DossierStatus.FINISHED: theme.GREEN, DossierStatus.RETURNED: theme.GREEN,
                  DossierStatus.REFUSED: theme.RED, DossierStatus.STOPPED: theme.MUTED}


def _key(text: str, size: int, *, bg: str = theme.WHITE, fg: str = theme.INK,
         name: str = "") -> QtWidgets.QPushButton:
    b = QtWidgets.QPushButton(text)
    b.setObjectName(name or f"key-{text}")
    b.setFont(theme.font(size, bold=True))
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the scanner's keystrokes
    b.setMinimumSize(76, 70)
    b.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding,
                    QtWidgets.QSizePolicy.Policy.Expanding)
    b.setStyleSheet(f"QPushButton {{ background: {bg}; color: {fg}; border: 2px solid #c5ccd8;"
                    " border-radius: 14px; } QPushButton:pressed { background: #ffe08a; }"
                    f" QPushButton:disabled {{ background: #e3e7ee; color: {theme.GREY}; }}")
    return b


class QrPictogram(QtWidgets.QWidget):
    """A drawn QR symbol with an arrow pointing down to the scanner (no personal data in it)."""

    PATTERN = ("1111111010101111111", "1000001001001000001", "1011101011101011101",
               "1011101000001011101", "1011101010101011101", "1000001001101000001",
               "1111111010101111111", "0000000011000000000", "1011011101011010110",
               "0100100010110101001", "1101011101001011101", "0000000010101100010",
               "1111111001110101101", "1000001010001011000", "1011101011111010101",
               "1011101000100101011", "1011101010111010100", "1000001011000101101",
               "1111111010101101011")

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(230, 300)

    def paintEvent(self, event: object) -> None:
        """Modules in navy, then the arrow."""
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        k = min(self.width() / 230, self.height() / 300)  # drawn for 230x300, scaled
        p.scale(k, k)
        n, side = len(self.PATTERN), 190
        m = side / n
        x0 = (230 - side) / 2
        p.fillRect(QtCore.QRectF(x0 - 10, 0, side + 20, side + 20), QtGui.QColor("white"))
        for r, row in enumerate(self.PATTERN):
            for c, bit in enumerate(row):
                if bit == "1":
                    p.fillRect(QtCore.QRectF(x0 + c * m, 10 + r * m, m + 0.5, m + 0.5),
                               QtGui.QColor(theme.NAVY))
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(theme.AMBER))
        cx, top = 230 / 2, side + 34
        arrow = QtGui.QPolygonF([QtCore.QPointF(cx - 16, top), QtCore.QPointF(cx + 16, top),
                                 QtCore.QPointF(cx + 16, top + 30), QtCore.QPointF(cx + 36, top + 30),
                                 QtCore.QPointF(cx, top + 64), QtCore.QPointF(cx - 36, top + 30),
                                 QtCore.QPointF(cx - 16, top + 30)])
        p.drawPolygon(arrow)
        p.end()


class EntryBox(QtWidgets.QLabel):
    """A read-only box filled by the keypad; touching it makes it the keypad's target."""

    touched = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFont(theme.font(34, bold=True))
        self.setMinimumHeight(80)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_active(False)

    def set_active(self, active: bool) -> None:
        """Highlight the box the keypad types into."""
        border = theme.AMBER if active else "#c5ccd8"
        self.setStyleSheet(f"QLabel {{ background: white; border: 4px solid {border};"
                           " border-radius: 14px; padding: 4px 14px; }")

    def mousePressEvent(self, event: Any) -> None:
        """Touch selects the box."""
        self.touched.emit()


class LookupPage(QtWidgets.QWidget):
    """Input, then result; ``done`` when the citizen leaves or stays idle; ``rate(code)`` when a
    returned dossier's owner wants to rate the service."""

    done = Signal()
    rate = Signal(str)
    answered = Signal(object)  # KioskStatus or DomainError, for tests

    def __init__(self, lookup: Callable[[str], KioskStatus], agency_code: str,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lookup-page")
        self._lookup, self.agency_code = lookup, agency_code
        self.worker = Worker(self, threads=1, name="kiosk-lookup")
        self.status: KioskStatus | None = None
        self._tz: Any = None
        self._idle = theme.timer(self, self.leave, single=True)
        self._wait_timer = theme.timer(self, self._tick_wait)
        self._wait_left = 0
        self.pages = QtWidgets.QStackedWidget()
        root = QtWidgets.QVBoxLayout(self)
        root.setContentsMargins(50, 16, 50, 16)
        root.addWidget(self.pages)
        self.input_page = self._input_page()
        self.result_page = self._result_page()
        self.pages.addWidget(self.input_page)
        self.pages.addWidget(self.result_page)
        self.reset_boxes()
        self._idle.stop()

    # ---------------------------------------------------------------- input
    def _input_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(page)
        col.setSpacing(12)
        col.addWidget(theme.label("TRA CỨU TÌNH TRẠNG HỒ SƠ", 46, bold=True, color=theme.NAVY,
                                  align=Qt.AlignmentFlag.AlignCenter))
        self.banner = theme.label("", 28, bold=True, color=theme.RED, wrap=True,
                                  align=Qt.AlignmentFlag.AlignCenter, name="lookup-banner")
        self.banner.setStyleSheet(f"color: {theme.RED}; background: {theme.RED_SOFT};"
                                  " border-radius: 14px; padding: 10px;")
        self.banner.hide()
        col.addWidget(self.banner)
        row = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.LeftToRight)
        row.setSpacing(40)
        self._input_row = row  # side by side; stacked on a portrait screen
        scan = QtWidgets.QFrame()
        scan.setObjectName("scan-card")
        scan.setStyleSheet(f"#scan-card {{ background: {theme.SKY}; border-radius: 24px;"
                           f" border: 3px dashed {theme.BLUE}; }}")
        s = QtWidgets.QVBoxLayout(scan)
        s.setContentsMargins(30, 30, 30, 30)
        s.addStretch(1)
        s.addWidget(QrPictogram(), 0, Qt.AlignmentFlag.AlignHCenter)
        s.addWidget(theme.label("Cách 1", 26, bold=True, color=theme.BLUE,
                                align=Qt.AlignmentFlag.AlignCenter))
        s.addWidget(theme.label("Đưa mã QR trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả vào "
                                "đầu đọc bên dưới màn hình", 32, bold=True, color=theme.NAVY,
                                wrap=True, align=Qt.AlignmentFlag.AlignCenter))
        self.scan_field = QtWidgets.QLineEdit()
        self.scan_field.setObjectName("scan-field")
        self.scan_field.setFont(theme.font(18))
        self.scan_field.setMaxLength(600)
        self.scan_field.setPlaceholderText("Đang chờ quét mã QR…")
        self.scan_field.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)  # holds the token
        self.scan_field.setStyleSheet("QLineEdit { background: transparent; border: none;"
                                      f" color: {theme.MUTED}; }}")
        self.scan_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scan_field.returnPressed.connect(self.submit_scan)
        self.scan_field.textEdited.connect(lambda _t: self._idle.start(INPUT_IDLE_MS))
        s.addWidget(self.scan_field)
        s.addStretch(1)
        row.addWidget(scan, 4)
        row.addLayout(self._keypad_column(), 6)
        col.addLayout(row, 1)
        return page

    def _keypad_column(self) -> QtWidgets.QVBoxLayout:
        col = QtWidgets.QVBoxLayout()
        col.setSpacing(8)
        col.addWidget(theme.label("Cách 2: nhập mã hồ sơ và mã tra cứu in trên giấy hẹn", 26,
                                  bold=True, color=theme.BLUE, wrap=True))
        form = QtWidgets.QGridLayout()
        self.code_box, self.token_box = EntryBox("code-box"), EntryBox("token-box")
        form.addWidget(theme.label("Mã hồ sơ", 26), 0, 0)
        form.addWidget(self.code_box, 0, 1)
        form.addWidget(theme.label("Mã tra cứu", 26), 1, 0)
        form.addWidget(self.token_box, 1, 1)
        form.setColumnStretch(1, 1)
        col.addLayout(form)
        self.code_box.touched.connect(lambda: self.target(self.code_box))
        self.token_box.touched.connect(lambda: self.target(self.token_box))
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(8)
        for r, keys in enumerate(KEY_ROWS):
            for c, ch in enumerate(keys):
                b = _key(ch, 30)
                b.clicked.connect(lambda _=False, k=ch: self.type_key(k))
                grid.addWidget(b, r, c)
        back = _key("⌫ Xóa", 26, name="key-back")
        back.clicked.connect(self.backspace)
        grid.addWidget(back, 3, 4, 1, 3)
        clear = _key("Xóa hết", 26, name="key-clear")
        clear.clicked.connect(self.reset_boxes)
        grid.addWidget(clear, 3, 7, 1, 3)
        col.addLayout(grid, 1)
        buttons = QtWidgets.QHBoxLayout()
        home = _key("Quay lại", 30, bg=theme.WHITE, fg=theme.NAVY, name="lookup-home")
        home.clicked.connect(self.leave)
        self.search_button = _key("Tra cứu", 34, bg=theme.NAVY, fg=theme.WHITE,
                                  name="lookup-search")
        self.search_button.clicked.connect(self.submit_typed)
        buttons.addWidget(home, 1)
        buttons.addWidget(self.search_button, 2)
        col.addLayout(buttons)
        return col

    def target(self, box: EntryBox) -> None:
        """Make ``box`` the keypad's target."""
        self.active = box
        self.code_box.set_active(box is self.code_box)
        self.token_box.set_active(box is self.token_box)
        self._idle.start(INPUT_IDLE_MS)

    def type_key(self, ch: str) -> None:
        """A keypad key."""
        limit = 40 if self.active is self.code_box else 16
        if len(self.active.text()) < limit:
            self.active.setText(self.active.text() + ch)
        self._idle.start(INPUT_IDLE_MS)
        self.scan_field.setFocus()

    def backspace(self) -> None:
        """Remove the last character of the target box."""
        self.active.setText(self.active.text()[:-1])
        self._idle.start(INPUT_IDLE_MS)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        """Scanner and keypad side by side on a wide screen, one above the other on a tall one."""
        super().resizeEvent(event)
        tall = event.size().height() > event.size().width()
        self._input_row.setDirection(QtWidgets.QBoxLayout.Direction.TopToBottom if tall
                                     else QtWidgets.QBoxLayout.Direction.LeftToRight)

    def reset_boxes(self) -> None:
        """Code box pre-filled with this centre's agency code, token empty, code targeted."""
        self.code_box.setText(f"{self.agency_code}-")
        self.token_box.setText("")
        self.target(self.code_box)

    # ---------------------------------------------------------------- result
    def _result_page(self) -> QtWidgets.QWidget:
        page = QtWidgets.QWidget()
        col = QtWidgets.QVBoxLayout(page)
        card = QtWidgets.QFrame()
        card.setObjectName("lookup-card")
        card.setStyleSheet(f"#lookup-card {{ background: white; border-radius: 28px;"
                           f" border: 3px solid {theme.BLUE}; }}")
        box = QtWidgets.QVBoxLayout(card)
        box.setContentsMargins(44, 24, 44, 24)
        box.setSpacing(6)
        self.result_status = theme.label("", 52, bold=True, align=Qt.AlignmentFlag.AlignCenter,
                                         wrap=True, name="result-status")
        box.addWidget(self.result_status)
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(24)
        self.fields: dict[str, QtWidgets.QLabel] = {}
        for r, (key, caption) in enumerate((
                ("code", "Mã hồ sơ"), ("procedure", "Thủ tục"), ("applicant", "Người nộp hồ sơ"),
                ("received", "Ngày nhận hồ sơ"), ("appointment", "Hẹn trả kết quả"),
                ("last_step", "Cập nhật gần nhất"))):
            grid.addWidget(theme.label(caption, 30, color=theme.MUTED), r, 0,
                           Qt.AlignmentFlag.AlignTop)
            value = theme.label("", 30, bold=True, wrap=True, name=f"result-{key}")
            grid.addWidget(value, r, 1)
            self.fields[key] = value
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.advice = theme.label("", 30, bold=True, wrap=True, name="result-advice")
        self.advice.setStyleSheet(f"color: {theme.NAVY_DARK}; background: {theme.AMBER_SOFT};"
                                  " border-radius: 14px; padding: 14px;")
        box.addWidget(self.advice)
        box.addStretch(1)
        col.addWidget(card, 1)
        buttons = QtWidgets.QHBoxLayout()
        again = _key("Tra cứu hồ sơ khác", 30, bg=theme.WHITE, fg=theme.NAVY, name="lookup-again")
        again.clicked.connect(self.show_input)
        self.rate_button = _key("Đánh giá mức độ hài lòng", 30, bg=theme.GREEN, fg=theme.WHITE,
                                name="lookup-rate")
        self.rate_button.clicked.connect(self._rate)
        home = _key("Xong", 34, bg=theme.NAVY, fg=theme.WHITE, name="lookup-done")
        home.clicked.connect(self.leave)
        for b in (again, self.rate_button, home):
            b.setMaximumHeight(100)
            buttons.addWidget(b)
        col.addLayout(buttons)
        return page

    def show_input(self) -> None:
        """Back to an empty input page (the scan field takes the keyboard focus)."""
        self.status = None
        self.banner.hide()
        self.scan_field.clear()
        self.reset_boxes()
        self.pages.setCurrentWidget(self.input_page)
        self.scan_field.setFocus()
        self._idle.start(INPUT_IDLE_MS)

    def show_status(self, st: KioskStatus) -> None:
        """Show what the citizen may see."""
        self.status = st
        p, tz = st.public, self._tz

        def when(m: dt.datetime) -> str:
            return (m.astimezone(tz) if tz else m).strftime("%H giờ %M, ngày %d/%m/%Y")

        self.result_status.setText(p.status_label)
        self.result_status.setStyleSheet(
            f"color: {STATUS_COLOURS.get(p.status, theme.NAVY)}; background: transparent;")
        values = {"code": p.code, "procedure": p.procedure_name, "applicant": p.applicant_masked,
                  "received": when(p.received_at),
                  "appointment": when(p.appointment_at) + (" (đã gia hạn)"
                                                           if st.appointment_extended else ""),
                  "last_step": when(p.last_step_at)}
        for key, value in values.items():
            self.fields[key].setText(value)
        self.advice.setText(self._advice(st))
        self.advice.setVisible(bool(self.advice.text()))
        self.rate_button.setVisible(p.status is DossierStatus.RETURNED)
        self.pages.setCurrentWidget(self.result_page)
        self._idle.start(RESULT_IDLE_MS)

    @staticmethod
    def _advice(st: KioskStatus) -> str:
        status = st.public.status
        if status is DossierStatus.SUPPLEMENT_REQUESTED:
            items = "\n".join(f"  {i}. {x}" for i, x in enumerate(st.supplement_items, 1))
            contact = f"\nLiên hệ: {st.supplement_contact}" if st.supplement_contact else ""
            return f"Quý khách cần bổ sung, mang theo Giấy tiếp nhận hồ sơ:\n{items}{contact}"
        if status is DossierStatus.FINANCIAL_OBLIGATION:
            return "Quý khách vui lòng đến quầy để được hướng dẫn nộp phí, lệ phí, thuế."
        if status is DossierStatus.FINISHED:
            return "Mời quý khách mang Giấy tiếp nhận hồ sơ đến quầy để nhận kết quả."
        return ""

    # ---------------------------------------------------------------- lookup

    def set_timezone(self, tz: Any) -> None:
        """The centre's time zone for the times shown."""
        self._tz = tz

    def submit_scan(self) -> None:
        """The scanner (or a keyboard) ended a line with Enter."""
        raw = self.scan_field.text()
        self.scan_field.clear()
        if raw.strip():
            self._run(raw)

    def submit_typed(self) -> None:
        """"Tra cứu" with the keypad's code and token."""
        self._run(f"{self.code_box.text()} {self.token_box.text()}")

    def _run(self, raw: str) -> None:
        if self.worker.busy("lookup") or self._wait_left > 0:
            return
        self.search_button.setEnabled(False)
        self.worker.submit(lambda: self._lookup(raw), self._found, self._refused, key="lookup")

    def _found(self, st: KioskStatus) -> None:
        self.search_button.setEnabled(True)
        self.show_status(st)
        self.answered.emit(st)

    def _refused(self, error: DomainError) -> None:
        self.search_button.setEnabled(self._wait_left == 0)
        self.banner.setText(error.message)
        self.banner.show()
        if isinstance(error, LookupThrottled):
            self._wait_left = error.seconds
            self.search_button.setEnabled(False)
            self._wait_timer.start(1000)
        self.pages.setCurrentWidget(self.input_page)
        self.scan_field.setFocus()
        self._idle.start(INPUT_IDLE_MS)
        self.answered.emit(error)

    def _tick_wait(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left:
            self.banner.setText(f"Đã nhập sai nhiều lần. Vui lòng đợi {self._wait_left} giây "
                                "rồi thử lại, hoặc liên hệ quầy hướng dẫn.")
        else:
            self._wait_timer.stop()
            self.banner.hide()
            self.search_button.setEnabled(True)

    def _rate(self) -> None:
        if self.status is not None:
            self._idle.stop()
            self.rate.emit(self.status.public.code)

    def leave(self) -> None:
        """Back to the ticket screen; nothing of this citizen stays on screen."""
        self._idle.stop()
        self.status = None
        self.scan_field.clear()
        self.reset_boxes()
        for value in self.fields.values():
            value.clear()
        self.done.emit()


class KioskLookupPages:
    """"Tra cứu hồ sơ" for the kiosk: the lookup page, the rating page for a returned dossier, and
    a button on each of the kiosk's home pages; built from the dossier desk it is given."""

    def __init__(self, desk: DossierDesk, agency_code: str, tz: dt.tzinfo, *,
                 home: Callable[[], None]) -> None:
        from counter_app.ui.rating_panel import RatingPanel

        self.desk = desk
        self.page = LookupPage(desk.lookup, agency_code)
        self.page.set_timezone(tz)
        self.rating = RatingPanel(desk.scale, desk.submit_rating)
        self.page.done.connect(home)
        self.rating.done.connect(home)
        self.page.rate.connect(self._rate)
        self.buttons: list[QtWidgets.QPushButton] = []
        self._pages: QtWidgets.QStackedWidget | None = None

    def install(self, pages: QtWidgets.QStackedWidget,
                hosts: tuple[QtWidgets.QWidget, ...]) -> None:
        """Add both pages to the kiosk's stack and the "Tra cứu" button to each host page."""
        self._pages = pages
        for p in (self.page, self.rating):
            p.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                            QtWidgets.QSizePolicy.Policy.Ignored)
            pages.addWidget(p)
        for host in hosts:
            b = _key("Tra cứu tình trạng hồ sơ đã nộp", 30, bg=theme.WHITE, fg=theme.NAVY,
                     name="open-lookup")
            b.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred,
                            QtWidgets.QSizePolicy.Policy.Fixed)
            b.setMinimumSize(760, 84)
            b.setStyleSheet(f"QPushButton {{ background: white; color: {theme.NAVY};"
                            f" border: 3px solid {theme.BLUE}; border-radius: 20px;"
                            " padding: 0 40px; } QPushButton:pressed { background: #ffe08a; }")
            b.clicked.connect(self.open)
            layout = host.layout()
            if layout is not None:
                layout.addWidget(b)
                layout.setAlignment(b, Qt.AlignmentFlag.AlignHCenter)
            self.buttons.append(b)

    def open(self) -> None:
        """Show the lookup page, ready for a scan or the keypad."""
        self.page.show_input()
        if self._pages is not None:
            self._pages.setCurrentWidget(self.page)

    def _rate(self, code: str) -> None:
        def offer(target: RatingTarget) -> None:
            self.rating.offer(target)
            if self._pages is not None:
                self._pages.setCurrentWidget(self.rating)

        self.page.worker.submit(lambda: self.desk.dossier_target(code), offer, self.page._refused)
