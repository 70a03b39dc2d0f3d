"""Tables of the admin window: a Qt model over frozen rows and the list panel that shows it.

Each tab describes its columns once (:class:`Column`: a title and how to read a row); the model
never holds ORM objects, only the frozen rows a service returned, and replaces them wholesale on
each load. :class:`TablePanel` puts a toolbar (search box, action buttons), the table and a status
line together; a filter proxy searches every column without diacritics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from counter_app.domain.text import fold
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FIT_LIMIT = 300  # fit columns to their contents only for short tables (cost grows with rows)


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its Vietnamese title, the cell text of a row and an optional sort key."""

    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    width: int = 0  # preferred width in pixels (0: fit the contents)
    right: bool = False
    stretch: bool = False  # takes the width left over (the name column)


def yes_no(flag: bool) -> str:
    """Return ``"Có"`` or ``"Không"``."""
    return "Có" if flag else "Không"


class RowsModel(QtCore.QAbstractTableModel, Generic[R]):
    """A read-only table of frozen rows; inactive rows (``row.active is False``) are greyed."""

    def __init__(self, columns: Sequence[Column[R]], parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[R] = []
        self._grey = QtGui.QBrush(QtGui.QColor(theme.GREY))

    @property
    def rows(self) -> list[R]:
        """The rows shown, in the service's order."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        """Return the row at model position ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Any = None) -> int:
        """Number of rows."""
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = None) -> int:
        """Number of columns."""
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the row under ``ROW_ROLE``, the sort key under ``SORT_ROLE``."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.sort(row) if column.sort is not None else fold(column.text(row))
        if role == Qt.ItemDataRole.ForegroundRole and getattr(row, "active", True) is False:
            return self._grey
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FoldFilter(QtCore.QSortFilterProxyModel):
    """Keeps rows where any cell contains the folded search text (no diacritics, any case)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_needle(self, text: str) -> None:
        """Filter by ``text``."""
        self.beginFilterChange()
        self._needle = fold(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        """True when the needle is empty or found in a cell of the row."""
        if not self._needle:
            return True
        model = self.sourceModel()
        for col in range(model.columnCount()):
            text = model.data(model.index(source_row, col, source_parent))
            if text and self._needle in fold(str(text)):
                return True
        return False

    def lessThan(self, left: Any, right: Any) -> bool:
        """Compare sort keys, falling back to text when the keys are not comparable."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class TablePanel(QtWidgets.QWidget, Generic[R]):
    """Toolbar, search box, table and status line; ``activated(row)`` on double-click/Enter."""

    activated = Signal(object)
    selection_changed = Signal()

    def __init__(self, columns: Sequence[Column[R]], *, name: str, search: bool = True,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.model: RowsModel[R] = RowsModel(columns, self)
        self.proxy = FoldFilter(self)
        self.proxy.setSourceModel(self.model)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.toolbar = QtWidgets.QHBoxLayout()
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName(f"{name}-search")
        self.search.setPlaceholderText("Tìm (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_needle)
        self.search.setMinimumWidth(240)
        self.search.setMaximumWidth(360)
        self.search.setVisible(search)
        self.toolbar.addWidget(self.search)
        self.toolbar.addStretch(1)
        layout.addLayout(self.toolbar)
        self.view = QtWidgets.QTableView()
        self.view.setObjectName(f"{name}-table")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        stretch = [i for i, c in enumerate(columns) if c.stretch]
        header.setStretchLastSection(not stretch)
        for i in stretch:
            header.setSectionResizeMode(i, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self._activate())
        self.view.selectionModel().selectionChanged.connect(
            lambda *_a: self.selection_changed.emit())
        layout.addWidget(self.view, 1)
        self.status = theme.label("", 13, color=theme.MUTED, name=f"{name}-status")
        layout.addWidget(self.status)
        for i, column in enumerate(columns):
            if column.width:
                self.view.setColumnWidth(i, column.width)

    def add_button(self, text: str, slot: Callable[[], object], *, name: str = "",
                   needs_row: bool = False) -> QtWidgets.QPushButton:
        """Add a toolbar button; ``needs_row`` keeps it disabled until a row is selected."""
        button = QtWidgets.QPushButton(text)
        if name:
            button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        self.toolbar.addWidget(button)
        if needs_row:
            button.setEnabled(False)
            self.selection_changed.connect(lambda: button.setEnabled(self.selected() is not None))
        return button

    def set_rows(self, rows: Sequence[R], status: str = "") -> None:
        """Show ``rows`` (keeping the search text) and a status line."""
        first = self.model.rowCount() == 0
        self.model.set_rows(rows)
        if first and rows and len(rows) <= FIT_LIMIT:
            self.fit_columns()
        self.status.setText(status or f"{len(rows)} dòng")
        self.selection_changed.emit()

    def selected(self) -> R | None:
        """The selected row, or None."""
        indexes = self.view.selectionModel().selectedRows()
        if not indexes:
            return None
        row: R = self.proxy.data(indexes[0], ROW_ROLE)
        return row

    def select_where(self, match: Callable[[R], bool]) -> bool:
        """Select the first shown row for which ``match`` is true; False when none."""
        for r in range(self.proxy.rowCount()):
            if match(self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)):
                self.view.selectRow(r)
                return True
        return False

    def _activate(self) -> None:
        row = self.selected()
        if row is not None:
            self.activated.emit(row)

    def fit_columns(self) -> None:
        """Size columns without a preferred width to their contents."""
        for i, column in enumerate(self.model.columns):
            if not column.width and not column.stretch:
                self.view.resizeColumnToContents(i)
