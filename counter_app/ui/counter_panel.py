"""The counter's queue panel: current ticket, action buttons with function keys, waiting list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from counter_app.domain.queue import TicketStatus
from counter_app.services.queue_views import TicketView
from counter_app.ui import theme
from counter_app.ui.counter_current import CurrentTicketCard
from counter_app.ui.qt import Qt, QtGui, QtWidgets, Signal
from counter_app.ui.rows import ROW_ROLE, WaitingModel

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("call_next", "Gọi tiếp", "F2"),
    ("recall", "Gọi lại", "F3"),
    ("start", "Bắt đầu", "F4"),
    ("finish", "Kết thúc", "F5"),
    ("no_show", "Vắng mặt", "F6"),
    ("transfer", "Chuyển…", "F7"),
    ("call_specific", "Gọi số…", "F8"),
    ("pause", "Tạm nghỉ", "F9"),
)
ACCENTS = {"call_next": theme.NAVY, "finish": theme.GREEN, "no_show": theme.RED}


def enabled_actions(current: TicketView | None, paused: bool) -> dict[str, bool]:
    """Return which actions make sense now (the engine still checks every rule)."""
    status = current.status if current else None
    free = current is None and not paused
    called = status is TicketStatus.CALLED
    return {"call_next": free, "call_specific": free, "recall": called, "start": called,
            "no_show": called, "finish": status in (TicketStatus.CALLED, TicketStatus.SERVING),
            "transfer": current is not None, "pause": current is None}


class QueuePanel(QtWidgets.QWidget):
    """Emits ``action(name)`` for a button or its key, ``row_activated(TicketView)`` on a
    double-clicked waiting row."""

    action = Signal(str)
    row_activated = Signal(object)

    def __init__(self, now: Callable[[], dt.datetime],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        col = QtWidgets.QVBoxLayout(self)
        col.setContentsMargins(16, 16, 12, 12)
        col.setSpacing(12)
        self.card = CurrentTicketCard()
        col.addWidget(self.card)
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(8)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for i, (name, text, key) in enumerate(ACTIONS):
            button = QtWidgets.QPushButton(f"{text}\n{key}")
            button.setObjectName(f"action-{name}")
            button.setMinimumHeight(74)
            button.setFont(theme.font(19, bold=True))
            button.setStyleSheet(self._button_style(name))
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[name] = button
            QtGui.QShortcut(QtGui.QKeySequence(key), self,
                            lambda n=name: self._key(n))
        col.addLayout(grid)
        self.message = theme.label("", 17, bold=True, name="counter-message", wrap=True)
        col.addWidget(self.message)
        self.waiting_title = theme.label("Đang chờ", 20, bold=True, color=theme.NAVY, wrap=True)
        col.addWidget(self.waiting_title)
        self.by_service = theme.label("", 16, color=theme.MUTED, wrap=True, name="by-service")
        col.addWidget(self.by_service)
        self.model = WaitingModel(now, self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("waiting-table")
        self.table.setModel(self.model)
        self.table.setFont(theme.font(17))
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setFont(theme.font(15, bold=True))
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        # the priority name takes what is left (the other columns are short and stay whole)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        self.table.setStyleSheet(
            f"QTableView {{ background: {theme.WHITE}; border: 1px solid #d5dae2;"
            f" border-radius: 8px; selection-background-color: {theme.SKY};"
            f" selection-color: {theme.INK}; }}"
            f"QHeaderView::section {{ background: {theme.PAPER}; color: {theme.MUTED};"
            " border: none; border-bottom: 2px solid #d5dae2; padding: 6px 10px; }")
        self.table.doubleClicked.connect(self._double_clicked)
        col.addWidget(self.table, 1)

    @staticmethod
    def _button_style(name: str) -> str:
        bg = ACCENTS.get(name, theme.WHITE)
        fg = theme.WHITE if name in ACCENTS else theme.INK
        border = bg if name in ACCENTS else theme.GREY
        return (f"QPushButton {{ background: {bg}; color: {fg}; border: 2px solid {border};"
                " border-radius: 12px; }"
                f"QPushButton:disabled {{ background: #e6e9ef; color: {theme.GREY};"
                " border-color: #d5dae2; }")

    def _key(self, name: str) -> None:
        if self.buttons[name].isEnabled():
            self.action.emit(name)

    def _double_clicked(self, index: Any) -> None:
        row = self.model.data(index, ROW_ROLE)
        if isinstance(row, TicketView) and self.buttons["call_specific"].isEnabled():
            self.row_activated.emit(row)

    def show_state(self, current: TicketView | None, waiting: Sequence[TicketView] | None,
                   paused: bool) -> None:
        """Show the current ticket, the waiting list (None: keep) and enable the actions."""
        self.card.show_ticket(current, paused=paused)
        if waiting is not None:
            self.model.set_rows(waiting)
            priority = sum(1 for t in waiting if t.priority_code)
            extra = f", trong đó {priority} ưu tiên" if priority else ""
            self.waiting_title.setText(f"Đang chờ tại quầy: {len(waiting)} người{extra}")
        self.enable(enabled_actions(current, paused))
        self.buttons["pause"].setText("Tiếp tục\nF9" if paused else "Tạm nghỉ\nF9")

    def enable(self, states: dict[str, bool]) -> None:
        """Enable or disable each action button."""
        for name, on in states.items():
            self.buttons[name].setEnabled(on)

    def show_service_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """People waiting in each of the counter's services (the whole service's queue)."""
        self.by_service.setText("Cả trung tâm đang chờ: " + " · ".join(
            f"{name} {waiting}" for name, waiting in counts) if counts else "")

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Show the result of the last action (green) or why it failed (red)."""
        self.message.setText(text)
        color = theme.RED if error else theme.GREEN
        self.message.setStyleSheet(f"color: {color}; background: transparent;")
