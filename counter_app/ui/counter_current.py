"""The counter's current-ticket card: the number large, its state, service, priority, times and
the dossiers already received for this citizen."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.domain.dossier import STATUS_LABELS_VI
from counter_app.domain.queue import TicketStatus
from counter_app.services.ports.dossier import DossierSummary
from counter_app.services.queue_views import TicketView
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtWidgets

IDLE_HINT = "Chưa mời công dân nào. Nhấn “Gọi tiếp” (F2) để mời số kế tiếp."
PAUSED_HINT = "Quầy đang tạm nghỉ. Nhấn “Tiếp tục” (F9) để nhận công dân."


def status_line(ticket: TicketView) -> str:
    """Return e.g. ``"Đang mời (gọi lại 1 lần)"`` or ``"Đang phục vụ"``."""
    if ticket.status is TicketStatus.CALLED:
        again = f" (gọi lại {ticket.recall_count} lần)" if ticket.recall_count else ""
        return f"Đang mời{again}"
    return ticket.status.label


def times_line(ticket: TicketView) -> str:
    """Return ``"Lấy số 08:15 · Mời 09:02 · Bắt đầu 09:04"``."""
    parts = [f"Lấy số {ticket.issued_at:%H:%M}"]
    if ticket.called_at:
        parts.append(f"Mời {ticket.called_at:%H:%M}")
    if ticket.serving_at:
        parts.append(f"Bắt đầu {ticket.serving_at:%H:%M}")
    return " · ".join(parts)


class CurrentTicketCard(QtWidgets.QFrame):
    """Shows the ticket called or served at this counter, or the idle/paused hint."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("current-card")
        self.ticket: TicketView | None = None
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.setSpacing(24)
        self.number = theme.label("", 88, bold=True, color=theme.NAVY_DARK,
                                  align=Qt.AlignmentFlag.AlignCenter, name="current-number")
        self.number.setMinimumWidth(200)
        layout.addWidget(self.number)
        info = QtWidgets.QVBoxLayout()
        info.setSpacing(4)
        self.status = theme.label("", 26, bold=True, name="current-status")
        self.service = theme.label("", 20, wrap=True, name="current-service")
        self.priority = theme.label("", 18, bold=True, color=theme.RED, name="current-priority")
        self.times = theme.label("", 16, color=theme.MUTED, wrap=True, name="current-times")
        self.dossiers = theme.label("", 16, color=theme.NAVY, wrap=True, name="current-dossiers")
        for w in (self.status, self.service, self.priority, self.times, self.dossiers):
            info.addWidget(w)
        info.addStretch(1)
        layout.addLayout(info, 1)
        self.show_ticket(None)

    def show_ticket(self, ticket: TicketView | None, *, paused: bool = False) -> None:
        """Show ``ticket``; with None show the idle or paused hint."""
        self.ticket = ticket
        if ticket is None:
            self.number.setText("—")
            self.number.setStyleSheet(f"color: {theme.GREY}; background: transparent;")
            self.status.setText("Tạm nghỉ" if paused else "Sẵn sàng")
            self.status.setStyleSheet(
                f"color: {theme.RED if paused else theme.GREEN}; background: transparent;")
            self.service.setText(PAUSED_HINT if paused else IDLE_HINT)
            self.priority.setText("")
            self.times.setText("")
            self.show_dossiers([])
            self._frame(theme.RED_SOFT if paused else theme.WHITE, theme.GREY)
            return
        serving = ticket.status is TicketStatus.SERVING
        self.number.setText(ticket.display_number)
        self.number.setStyleSheet(f"color: {theme.NAVY_DARK}; background: transparent;")
        self.status.setText(status_line(ticket))
        self.status.setStyleSheet(
            f"color: {theme.GREEN if serving else theme.BLUE}; background: transparent;")
        self.service.setText(ticket.service_name)
        self.priority.setText(f"★ Ưu tiên: {ticket.priority_name}" if ticket.priority_name else "")
        self.times.setText(times_line(ticket))
        self._frame("#e6f4ea" if serving else theme.AMBER_SOFT,
                    theme.GREEN if serving else theme.AMBER)

    def show_dossiers(self, dossiers: Sequence[DossierSummary]) -> None:
        """List the dossiers already received for this citizen (code, procedure, status)."""
        self.dossiers.setText("\n".join(
            f"Hồ sơ {d.code} ({STATUS_LABELS_VI[d.status].lower()})" for d in dossiers))
        self.dossiers.setToolTip("\n".join(f"{d.code}: {d.procedure_name}" for d in dossiers))
        self.dossiers.setVisible(bool(dossiers))

    def _frame(self, bg: str, border: str) -> None:
        self.setStyleSheet(f"#current-card {{ background: {bg}; border: 3px solid {border};"
                           " border-radius: 16px; }")
