"""Small dialogs of the counter window: transfer a ticket, call a specific waiting ticket."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from counter_app.services.queue_views import CounterState, ServiceQueue, TicketView
from counter_app.ui import theme
from counter_app.ui.qt import QtWidgets


class TransferDialog(QtWidgets.QDialog):
    """Choose a service or a counter to send the current ticket to."""

    def __init__(self, ticket: TicketView, services: Sequence[ServiceQueue],
                 counters: Sequence[CounterState], own_counter: int,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Chuyển phiếu {ticket.display_number}")
        self.setObjectName("transfer")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label(
            f"Chuyển phiếu {ticket.display_number} ({ticket.service_name}) đến:", 18, bold=True))
        self.to_service = QtWidgets.QRadioButton("Dịch vụ khác (xếp vào hàng chờ của dịch vụ)")
        self.to_counter = QtWidgets.QRadioButton("Một quầy cụ thể (chỉ quầy đó được gọi)")
        self.to_service.setChecked(True)
        self.service = QtWidgets.QComboBox()
        self.service.setObjectName("transfer-service")
        for s in services:
            self.service.addItem(f"{s.prefix} — {s.name}", s.code)
        self.counter = QtWidgets.QComboBox()
        self.counter.setObjectName("transfer-counter")
        for c in counters:
            if c.number != own_counter:
                self.counter.addItem(c.name, c.number)
        for w in (self.to_service, self.service, self.to_counter, self.counter):
            w.setFont(theme.font(17))
            layout.addWidget(w)
        buttons = QtWidgets.QDialogButtonBox()
        buttons.addButton("Chuyển", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def target(self) -> tuple[str | None, int | None]:
        """Return (service code, counter number); exactly one is set."""
        if self.to_counter.isChecked():
            return None, self.counter.currentData()
        return self.service.currentData(), None


class CallSpecificDialog(QtWidgets.QDialog):
    """Pick one waiting ticket to call out of order (e.g. an appointment or a returning citizen)."""

    def __init__(self, waiting: Sequence[TicketView],
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gọi số cụ thể")
        self.setObjectName("call-specific")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label("Chọn hoặc gõ số cần mời:", 18, bold=True))
        self.number = QtWidgets.QComboBox()
        self.number.setObjectName("specific-number")
        self.number.setEditable(True)
        self.number.setFont(theme.font(20, bold=True))
        self._ids: dict[str, uuid.UUID] = {}
        for t in waiting:
            self._ids[t.display_number.upper()] = t.id
            self.number.addItem(f"{t.display_number}", t.display_number)
        layout.addWidget(self.number)
        self.error = theme.label("", 15, color=theme.RED)
        layout.addWidget(self.error)
        buttons = QtWidgets.QDialogButtonBox()
        buttons.addButton("Mời", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> uuid.UUID | None:
        """The ticket id of the number typed or chosen, if it is in the waiting list."""
        return self._ids.get(self.number.currentText().strip().upper())

    def _check(self) -> None:
        if self.chosen() is None:
            self.error.setText("Số này không có trong danh sách đang chờ của quầy.")
            return
        self.accept()
