"""The supervisor's live monitor tab: counters (officer, state, current ticket, elapsed), waiting
per service with the longest wait against its target, alerts, and dossiers due by field.

It only draws a :class:`~counter_app.services.monitor.HallMonitor`; the window reads one off the
GUI thread whenever the change feed reports a change (and every few seconds for the clocks)."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.services.monitor import MODE_LABELS_VI, CounterMode, HallMonitor
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtGui, QtWidgets

MODE_COLOURS = {CounterMode.SERVING: theme.GREEN, CounterMode.CALLED: theme.AMBER,
                CounterMode.PAUSED: theme.RED, CounterMode.CLOSED: theme.GREY,
                CounterMode.IDLE: theme.BLUE}


def clock(seconds: int | None) -> str:
    """``12:05`` (minutes:seconds) or ``1 giờ 05`` past an hour; empty for None."""
    if seconds is None:
        return ""
    minutes, secs = divmod(max(0, seconds), 60)
    if minutes >= 60:
        return f"{minutes // 60} giờ {minutes % 60:02d}"
    return f"{minutes}:{secs:02d}"


def _table(headers: Sequence[str], name: str) -> QtWidgets.QTableWidget:
    t = QtWidgets.QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
    t.setFont(theme.font(15))
    t.horizontalHeader().setFont(theme.font(13, bold=True))
    t.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
    t.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    t.verticalHeader().setDefaultSectionSize(30)
    return t


def _cell(text: str, *, colour: str = "", bold: bool = False,
          right: bool = False) -> QtWidgets.QTableWidgetItem:
    item = QtWidgets.QTableWidgetItem(text)
    if colour:
        item.setForeground(QtGui.QBrush(QtGui.QColor(colour)))
    if bold:
        item.setFont(theme.font(15, bold=True))
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _group(title: str, widget: QtWidgets.QWidget) -> QtWidgets.QGroupBox:
    box = QtWidgets.QGroupBox(title)
    box.setFont(theme.font(15, bold=True))
    lay = QtWidgets.QVBoxLayout(box)
    lay.setContentsMargins(8, 12, 8, 8)
    lay.addWidget(widget)
    return box


class MonitorTab(QtWidgets.QWidget):
    """Four panels; :meth:`show_monitor` fills them."""

    title = "Giám sát trực tiếp"

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.counters = _table(("Quầy", "Cán bộ", "Trạng thái", "Số", "Thời gian"), "counters")
        self.services = _table(("Dịch vụ", "Đang chờ", "Chờ lâu nhất", "Mục tiêu"), "services")
        self.dossiers = _table(("Lĩnh vực", "Quá hạn", "Hẹn trả hôm nay", "Hẹn trả ngày mai"),
                               "dossiers-due")
        self.alerts = QtWidgets.QListWidget()
        self.alerts.setObjectName("alerts")
        self.alerts.setFont(theme.font(15, bold=True))
        self.alerts.setStyleSheet(f"QListWidget {{ background: {theme.RED_SOFT}; }}")
        self.updated = theme.label("", 12, color=theme.MUTED, name="monitor-updated")
        grid = QtWidgets.QGridLayout(self)
        grid.addWidget(_group("Quầy", self.counters), 0, 0, 2, 1)
        grid.addWidget(_group("Hàng chờ theo dịch vụ", self.services), 0, 1)
        grid.addWidget(_group("Cảnh báo", self.alerts), 1, 1)
        grid.addWidget(_group("Hồ sơ đến hạn theo lĩnh vực", self.dossiers), 2, 0, 1, 2)
        grid.addWidget(self.updated, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 3)

    def show_monitor(self, m: HallMonitor, tz: object) -> None:
        """Fill the panels from ``m``."""
        self.counters.setRowCount(len(m.counters))
        for r, c in enumerate(m.counters):
            colour = MODE_COLOURS[c.mode]
            cells: tuple[QtWidgets.QTableWidgetItem, ...] = (
                _cell(f"{c.number}", bold=True), _cell(c.officer_name or "—"),
                     _cell(MODE_LABELS_VI[c.mode], colour=colour, bold=True),
                     _cell(c.ticket or "—", bold=bool(c.ticket)), _cell(clock(c.elapsed_s)))
            for col, item in enumerate(cells):
                self.counters.setItem(r, col, item)
        self.services.setRowCount(len(m.services))
        for r, s in enumerate(m.services):
            over = theme.RED if s.over_target else ""
            cells = (
                _cell(s.name), _cell(str(s.waiting), right=True, bold=s.waiting > 0),
                     _cell(clock(s.longest_wait_s) or "—", colour=over, bold=bool(over)),
                     _cell(f"{s.target_s // 60} phút"))
            for col, item in enumerate(cells):
                self.services.setItem(r, col, item)
        self.alerts.clear()
        for text in m.alerts or ("Không có cảnh báo.",):
            self.alerts.addItem(text)
        self.dossiers.setRowCount(len(m.dossiers))
        for r, f in enumerate(m.dossiers):
            cells = (_cell(f.field_name), _cell(str(f.overdue), right=True,
                                                 colour=theme.RED if f.overdue else "",
                                                 bold=f.overdue > 0),
                     _cell(str(f.due_today), right=True), _cell(str(f.due_tomorrow), right=True))
            for col, item in enumerate(cells):
                self.dossiers.setItem(r, col, item)
        taken = m.taken_at.astimezone(tz)  # type: ignore[arg-type]
        self.updated.setText(f"Cập nhật lúc {taken:%H:%M:%S}")
