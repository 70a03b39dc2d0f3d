"""The kiosk's confirmation page: the number issued, people ahead, estimate and the print state.

The number is on screen before printing starts, so a printer fault never hides it. While the
printer has a problem the page says so in red ("Máy in gặp sự cố") and offers "In lại phiếu".
"""

from __future__ import annotations

import enum

from counter_app.domain.ticket_slip import TicketSlip, estimate_text, people_ahead_text
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtWidgets, Signal

PRINTER_TROUBLE = "Máy in gặp sự cố"
REMEMBER = "Vui lòng ghi nhớ số thứ tự trên màn hình hoặc chụp ảnh lại."


class PrintState(enum.Enum):
    """Where the ticket's printing stands."""

    PRINTING = "printing"
    PRINTED = "printed"
    PROBLEM = "problem"
    NO_PRINTER = "no_printer"


class ResultPage(QtWidgets.QWidget):
    """Big number and details; ``done`` when the citizen taps "Xong", ``reprint`` for a reprint."""

    done = Signal()
    reprint = Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("result-page")
        center = Qt.AlignmentFlag.AlignCenter
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(120, 30, 120, 30)
        card = QtWidgets.QFrame()
        card.setObjectName("result-card")
        card.setStyleSheet(f"#result-card {{ background: {theme.WHITE}; border-radius: 28px;"
                           f" border: 3px solid {theme.BLUE}; }}")
        box = QtWidgets.QVBoxLayout(card)
        box.setContentsMargins(40, 24, 40, 24)
        box.setSpacing(6)
        self.title = theme.label("SỐ THỨ TỰ CỦA BẠN", 40, bold=True, color=theme.NAVY, align=center)
        self.number = theme.label("", 190, bold=True, color=theme.NAVY_DARK, align=center,
                                  name="result-number")
        self.service = theme.label("", 36, bold=True, align=center, wrap=True,
                                   name="result-service")
        self.priority = theme.label("", 28, bold=True, color=theme.RED, align=center,
                                    name="result-priority")
        self.ahead = theme.label("", 34, align=center, name="result-ahead")
        self.estimate = theme.label("", 30, color=theme.MUTED, align=center,
                                    name="result-estimate")
        for w in (self.title, self.number, self.service, self.priority, self.ahead,
                  self.estimate):
            box.addWidget(w)
        outer.addWidget(card, 1)
        self.status = theme.label("", 32, bold=True, align=center, wrap=True, name="print-status")
        self.status.setMinimumHeight(90)
        outer.addSpacing(14)
        outer.addWidget(self.status)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(30)
        self.reprint_button = self._button("In lại phiếu", "reprint", theme.WHITE, theme.RED)
        self.done_button = self._button("Xong", "done", theme.NAVY, theme.WHITE)
        self.reprint_button.clicked.connect(self.reprint)
        self.done_button.clicked.connect(self.done)
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        outer.addSpacing(10)
        outer.addLayout(buttons)
        self.state = PrintState.PRINTING

    @staticmethod
    def _button(text: str, name: str, bg: str, fg: str) -> QtWidgets.QPushButton:
        button = QtWidgets.QPushButton(text)
        button.setObjectName(name)
        button.setMinimumSize(360, 96)
        button.setFont(theme.font(34, bold=True))
        button.setStyleSheet(f"QPushButton {{ background: {bg}; color: {fg}; border-radius: 18px;"
                             f" border: 3px solid {fg if bg == theme.WHITE else bg}; }}"
                             f"QPushButton:disabled {{ color: {theme.GREY};"
                             f" border-color: {theme.GREY}; }}")
        return button

    def show_slip(self, slip: TicketSlip) -> None:
        """Show the ticket's content (same wording as the printed slip)."""
        self.number.setText(slip.display_number)
        self.service.setText(slip.service_name)
        self.priority.setText(f"Ưu tiên: {slip.priority_label}" if slip.priority_label else "")
        self.priority.setVisible(bool(slip.priority_label))
        self.ahead.setText(people_ahead_text(slip))
        estimate = estimate_text(slip)
        self.estimate.setText(estimate or "")
        self.estimate.setVisible(bool(estimate))

    def set_print_state(self, state: PrintState, message: str = "") -> None:
        """Show the printing state; PROBLEM shows ``message`` and enables the reprint button."""
        self.state = state
        texts = {
            PrintState.PRINTING: ("Đang in phiếu…", theme.MUTED, theme.PAPER),
            PrintState.PRINTED: ("Đã in phiếu. Vui lòng nhận phiếu ở khe bên dưới.", theme.GREEN,
                                 "#e6f4ea"),
            PrintState.NO_PRINTER: (REMEMBER, theme.NAVY, theme.SKY),
            PrintState.PROBLEM: (f"⚠ {PRINTER_TROUBLE}: {message}\n{REMEMBER}", theme.RED,
                                 theme.RED_SOFT),
        }
        text, color, bg = texts[state]
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color}; background: {bg}; border-radius: 16px;"
                                  " padding: 10px 24px;")
        self.reprint_button.setVisible(state is PrintState.PROBLEM)
        self.reprint_button.setEnabled(state is PrintState.PROBLEM)
