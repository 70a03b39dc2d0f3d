"""Documents checklist: the procedure's components with "received" and "from database" ticks,
form and count per line, and free items the officer adds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from counter_app.domain.catalogue import DOCUMENT_FORM_LABELS_VI, DocumentForm, Procedure
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtWidgets
from counter_app.ui.reception_common import ErrorLine, section

COLUMNS = ("Đã nhận", "Từ CSDL", "Tên giấy tờ", "Hình thức", "Số lượng")
RECEIVED, FROM_DB, NAME, FORM, COUNT = range(5)


class DocumentsChecklist(QtWidgets.QWidget):
    """One row per document; ``checklist_rows`` first (by procedure order), then free items."""

    def __init__(self) -> None:
        super().__init__()
        box, layout = section("Thành phần hồ sơ")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("documents")
        self.table.setFont(theme.font(14))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for col in (RECEIVED, FROM_DB, FORM, COUNT):
            header.setSectionResizeMode(col, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(True)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(160)
        layout.addWidget(self.table)
        add_row = QtWidgets.QHBoxLayout()
        self.extra_name = QtWidgets.QLineEdit()
        self.extra_name.setObjectName("extra-document")
        self.extra_name.setPlaceholderText("Giấy tờ khác (ngoài danh mục)…")
        self.add_button = QtWidgets.QPushButton("Thêm giấy tờ")
        self.add_button.setObjectName("add-document")
        add_row.addWidget(self.extra_name, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        self.checklist_rows = 0
        self.add_button.clicked.connect(self._add_typed)
        self.extra_name.returnPressed.connect(self._add_typed)

    def set_procedure(self, procedure: Procedure) -> None:
        """Show ``procedure``'s checklist, every line ticked as received."""
        self.table.setRowCount(0)
        for doc in procedure.documents:
            self._append(doc.name, doc.form, doc.count, editable_name=False)
        self.checklist_rows = len(procedure.documents)
        self.error.show_text("")

    def _add_typed(self) -> None:
        name = self.extra_name.text().strip()
        if name:
            self.add_extra(name)
            self.extra_name.clear()

    def add_extra(self, name: str, form: DocumentForm = DocumentForm.ORIGINAL,
                  count: int = 1) -> None:
        """Add a free item (not in the procedure's checklist)."""
        self._append(name, form, count, editable_name=True)

    def _append(self, name: str, form: DocumentForm, count: int, *, editable_name: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, checked in ((RECEIVED, True), (FROM_DB, False)):
            item = QtWidgets.QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.table.setItem(row, col, item)
        text = QtWidgets.QTableWidgetItem(name)
        if not editable_name:
            text.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, NAME, text)
        combo = QtWidgets.QComboBox()
        for f in DocumentForm:
            combo.addItem(DOCUMENT_FORM_LABELS_VI[f], f.value)
        combo.setCurrentIndex(combo.findData(form.value))
        self.table.setCellWidget(row, FORM, combo)
        spin = QtWidgets.QSpinBox()
        spin.setRange(1, 999)
        spin.setValue(max(1, count))
        self.table.setCellWidget(row, COUNT, spin)
        self.table.resizeRowToContents(row)

    def set_ticks(self, row: int, *, received: bool, from_database: bool = False) -> None:
        """Tick or untick one line (0-based row)."""
        for col, on in ((RECEIVED, received), (FROM_DB, from_database)):
            item = self.table.item(row, col)
            assert item is not None
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _checked(self, row: int, col: int) -> bool:
        item = self.table.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def value(self) -> list[dict[str, Any]]:
        """Return the ``documents`` array of the reception input."""
        out: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, FORM)
            spin = self.table.cellWidget(row, COUNT)
            assert isinstance(combo, QtWidgets.QComboBox) and isinstance(spin, QtWidgets.QSpinBox)
            tick: dict[str, Any] = {"received": self._checked(row, RECEIVED),
                                    "from_database": self._checked(row, FROM_DB),
                                    "form": combo.currentData(), "count": spin.value()}
            if row < self.checklist_rows:
                tick["item"] = row + 1
            else:
                name_item = self.table.item(row, NAME)
                tick["name"] = name_item.text() if name_item else ""
            out.append(tick)
        return out

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show the ``documents`` messages (one line each)."""
        lines = [m if k == "documents" else f"Dòng {k[10:].split(']')[0]}: {m}"
                 for k, m in errors.items() if k.startswith("documents")]
        self.error.show_text("\n".join(lines))

    def clear(self) -> None:
        """Remove every line."""
        self.table.setRowCount(0)
        self.checklist_rows = 0
        self.extra_name.clear()
        self.error.show_text("")
