"""Qt item models over the services' frozen rows (never ORM objects).

:class:`WaitingModel` lists a counter's waiting tickets in calling order: number, service,
priority, issue time and minutes waited; priority rows are tinted and bold so the officer sees
at a glance why a later number comes first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from counter_app.services.queue_views import TicketView
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui

COLUMNS = ("Số", "Dịch vụ", "Ưu tiên", "Lấy số lúc", "Đã chờ")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def waited_text(since: dt.datetime, now: dt.datetime) -> str:
    """Return ``"12 phút"`` (``"dưới 1 phút"`` when under a minute)."""
    minutes = int((now - since).total_seconds() // 60)
    return "dưới 1 phút" if minutes < 1 else f"{minutes} phút"


class WaitingModel(QtCore.QAbstractTableModel):
    """Rows are :class:`TicketView`; ``ROW_ROLE`` returns the row itself."""

    def __init__(self, now: Callable[[], dt.datetime],
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TicketView] = []
        self._now = now
        self._bold = theme.font(17, bold=True)

    @property
    def rows(self) -> list[TicketView]:
        """The tickets shown, in calling order."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[TicketView]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Any = None) -> int:
        """Number of waiting tickets."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = None) -> int:
        """Number of columns."""
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Vietnamese column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, priority tint and the row itself under ``ROW_ROLE``."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return f"  {self._text(row, col)}  "
        if role == Qt.ItemDataRole.BackgroundRole and row.priority_code:
            return QtGui.QBrush(QtGui.QColor(theme.AMBER_SOFT))
        if role == Qt.ItemDataRole.FontRole and (row.priority_code or col == 0):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and row.target_counter_no:
            return f"Được chuyển đến quầy {row.target_counter_no}"
        return None

    def _text(self, row: TicketView, col: int) -> str:
        if col == 0:
            return row.display_number
        if col == 1:
            extra = f" → quầy {row.target_counter_no}" if row.target_counter_no else ""
            return row.service_name + extra
        if col == 2:
            return f"★ {row.priority_name}" if row.priority_name else ""
        if col == 3:
            return f"{row.issued_at:%H:%M}"
        return waited_text(row.issued_at, self._now())
