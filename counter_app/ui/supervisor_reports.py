"""One report tab of the supervisor window: period (day, week, month, quarter, year, custom) and
grouping, the table with its total line, the chart, exports to Excel and PDF, and — on the dossier
report — a double click on a figure opens the list of dossiers behind it.

All reading and file writing runs on the window's worker; the tab only draws what comes back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError, file_problem
from counter_app.services.ports.reports import GroupBy
from counter_app.services.report_layout import (
    COLUMNS,
    DRILLABLE,
    PERIOD_PRESETS_VI,
    ReportFiles,
    chart_of,
    preset_period,
    table_rows,
)
from counter_app.services.reports import GROUP_LABELS_VI, Report, ReportPeriod
from counter_app.ui import theme
from counter_app.ui.charts import ChartBox
from counter_app.ui.common import show_error
from counter_app.ui.qt import Qt, QtCore, QtWidgets, Signal
from counter_app.ui.worker import Worker

Loader = Callable[[ReportPeriod, GroupBy], Report]
Drill = Callable[[ReportPeriod, GroupBy, str | None, str], list[Any]]


class ReportTab(QtWidgets.QWidget):
    """A report with its controls; ``loaded`` is emitted after each table is drawn."""

    loaded = Signal()

    def __init__(self, kind: str, title: str, groupings: tuple[GroupBy, ...], worker: Worker,
                 load: Loader, files: ReportFiles, today: dt.date, tz: dt.tzinfo,
                 drill: Drill | None = None, default_by: GroupBy | None = None) -> None:
        super().__init__()
        self.kind, self.title, self.worker, self._load, self.files = kind, title, worker, load, files
        self._drill, self.today, self.tz = drill, today, tz
        self.report: Report | None = None
        self.preset = QtWidgets.QComboBox()
        self.preset.setObjectName(f"{kind}-preset")
        for key, text in PERIOD_PRESETS_VI.items():
            self.preset.addItem(text, key)
        self.preset.setCurrentIndex(2)  # this month
        self.first, self.last = QtWidgets.QDateEdit(), QtWidgets.QDateEdit()
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.by = QtWidgets.QComboBox()
        self.by.setObjectName(f"{kind}-by")
        for g in groupings:
            self.by.addItem(GROUP_LABELS_VI[g], g.value)
        if default_by is not None:
            self.by.setCurrentIndex(groupings.index(default_by))
        self.show_button = QtWidgets.QPushButton("Xem báo cáo")
        self.show_button.setObjectName(f"{kind}-show")
        self.xlsx_button = QtWidgets.QPushButton("Xuất Excel")
        self.pdf_button = QtWidgets.QPushButton("Xuất PDF")
        bar = QtWidgets.QHBoxLayout()
        for text, widget in (("Kỳ:", self.preset), ("Từ", self.first), ("đến", self.last),
                             ("Nhóm theo:", self.by)):
            bar.addWidget(QtWidgets.QLabel(text))
            bar.addWidget(widget)
        bar.addStretch(1)
        for b in (self.show_button, self.xlsx_button, self.pdf_button):
            b.setMinimumHeight(32)
            bar.addWidget(b)
        self.caption = theme.label("", 14, bold=True, name=f"{kind}-caption")
        self.table = QtWidgets.QTableWidget(0, 0)
        self.table.setObjectName(f"{kind}-table")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.cellDoubleClicked.connect(self._open_figure)
        self.chart = ChartBox()
        split = QtWidgets.QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([300, 260])
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        self.preset.currentIndexChanged.connect(lambda _i: self._apply_preset())
        self.show_button.clicked.connect(lambda _=False: self.refresh())
        self.xlsx_button.clicked.connect(lambda _=False: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda _=False: self._ask_export("pdf"))
        self._apply_preset()

    # ---------------------------------------------------------------- period and loading
    def _apply_preset(self) -> None:
        key = str(self.preset.currentData())
        custom = key == "custom"
        for edit in (self.first, self.last):
            edit.setEnabled(custom)
        if not custom:
            p = preset_period(key, self.today)
            self.first.setDate(QtCore.QDate(p.first.year, p.first.month, p.first.day))
            self.last.setDate(QtCore.QDate(p.last.year, p.last.month, p.last.day))

    def period(self) -> ReportPeriod:
        """The period chosen (raises DomainError when the dates are reversed)."""
        def day(edit: QtWidgets.QDateEdit) -> dt.date:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())
        return ReportPeriod(day(self.first), day(self.last))

    def group_by(self) -> GroupBy:
        """The grouping chosen."""
        return GroupBy(str(self.by.currentData()))

    def refresh(self) -> None:
        """Read the report off the GUI thread and draw it."""
        try:
            period, by = self.period(), self.group_by()
        except DomainError as exc:
            show_error(self, exc.message)
            return
        self.caption.setText("Đang tải…")
        self.worker.submit(lambda: self._load(period, by), self.show_report, self._failed,
                           key=f"report-{self.kind}")

    def _failed(self, error: DomainError) -> None:
        self.caption.setText("")
        show_error(self, error.message)

    def show_report(self, report: Report) -> None:
        """Draw the table and the chart of ``report``."""
        self.report = report
        rows = table_rows(report)
        self.table.clear()
        self.table.setColumnCount(len(rows[0]))
        self.table.setRowCount(len(rows) - 1)
        self.table.setHorizontalHeaderLabels(rows[0])
        bold = theme.font(13, bold=True)
        for r, row in enumerate(rows[1:]):
            last = r == len(rows) - 2
            for c, text in enumerate(row):
                item = QtWidgets.QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if last:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        generated = report.generated_at.astimezone(self.tz)
        self.caption.setText(f"{report.period.label_vi} · {GROUP_LABELS_VI[report.by]} · "
                             f"lập lúc {generated:%H:%M:%S}")
        self.chart.show_spec(chart_of(report))
        self.loaded.emit()

    # ---------------------------------------------------------------- drill-down
    def figure_at(self, row: int, column: int) -> tuple[str | None, str] | None:
        """The (group key, figure) behind a cell of the dossier table, or None."""
        if self.report is None or self._drill is None:
            return None
        key = COLUMNS[self.kind][column][0]
        if key not in DRILLABLE:
            return None
        lines = list(self.report.lines)
        group = lines[row].group if row < len(lines) else None
        return group, key

    def _open_figure(self, row: int, column: int) -> None:
        found = self.figure_at(row, column)
        if found is None or self.report is None or self._drill is None:
            return
        group, figure = found
        report, drill = self.report, self._drill
        self.worker.submit(lambda: drill(report.period, report.by, group, figure),
                           lambda items: self._show_items(figure, group, items),
                           lambda e: show_error(self, e.message))

    def _show_items(self, figure: str, group: str | None, items: list[Any]) -> None:
        header = dict((k, h) for k, h, _ in COLUMNS["dossiers"])[figure]
        dialog = DossierListDialog(f"{header} — {group or 'tất cả'}", items, self.tz, self)
        dialog.open()

    # ---------------------------------------------------------------- exports
    def _ask_export(self, fmt: str) -> None:
        if self.report is None:
            show_error(self, "Hãy xem báo cáo trước khi xuất.")
            return
        suffix = "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)"
        name = f"bao-cao-{self.kind}-{self.report.period.first:%Y%m%d}.{fmt}"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Lưu báo cáo", name, suffix)
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Render the report shown and write it to ``path`` off the GUI thread."""
        report, files = self.report, self.files
        if report is None:
            return

        def write() -> Path:
            data = files.xlsx(report) if fmt == "xlsx" else files.pdf(report)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise file_problem(path, exc, writing=True) from None
            return path

        self.worker.submit(write, lambda p: self.caption.setText(f"Đã xuất {p}"),
                           lambda e: show_error(self, e.message))


class DossierListDialog(QtWidgets.QDialog):
    """The dossiers behind one figure."""

    def __init__(self, title: str, items: list[Any], tz: dt.tzinfo,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Danh sách hồ sơ: {title}")
        headers = ("Mã hồ sơ", "Thủ tục", "Người nộp", "Cán bộ", "Tiếp nhận", "Hẹn trả",
                   "Kết thúc", "Đúng hạn")
        self.table = QtWidgets.QTableWidget(len(items), len(headers))
        self.table.setObjectName("drill-table")
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)

        def when(m: dt.datetime | None) -> str:
            return m.astimezone(tz).strftime("%H:%M %d/%m/%Y") if m else "—"
        for r, i in enumerate(items):
            verdict = {True: "Đúng hạn", False: "Quá hạn", None: "—"}[i.on_time]
            for c, text in enumerate((i.code, i.procedure_name, i.applicant_name,
                                      i.officer_username, when(i.received_at), when(i.due),
                                      when(i.ended_at), verdict)):
                self.table.setItem(r, c, QtWidgets.QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel(f"{len(items)} hồ sơ"))
        layout.addWidget(self.table)
        close = QtWidgets.QPushButton("Đóng")
        close.clicked.connect(lambda _=False: self.accept())
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(1100, 520)
