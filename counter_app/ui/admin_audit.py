"""The audit tab: who changed or viewed what, filtered by date, officer, action and record.

"Kiểm tra toàn vẹn" re-computes the hash chain of every PC and says whether any row was altered,
inserted or deleted (and which one first); "Xuất Excel" writes the rows shown to an XLSX file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from counter_app.domain.reference import Officer
from counter_app.services.audit import AuditReport
from counter_app.services.ports.admin import AuditEntry
from counter_app.ui import theme
from counter_app.ui.admin_base import AdminTab
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import QtCore, QtWidgets
from counter_app.ui.worker import Worker

LIMIT = 2000


class AuditReader(Protocol):
    """What the tab needs of the audit service."""

    def search(self, actor: Officer, *, since: dt.date | None = None,
               until: dt.date | None = None, officer: str = "", action: str = "",
               subject: str = "", limit: int = 1000) -> list[AuditEntry]:
        """Matching lines, newest first."""
        ...

    def verify(self) -> AuditReport:
        """Check every chain."""
        ...

    def export_xlsx(self, actor: Officer, entries: Sequence[AuditEntry], path: Path) -> object:
        """Write ``entries`` to an XLSX file."""
        ...


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for."""

    since: dt.date
    until: dt.date
    officer: str = ""
    action: str = ""
    subject: str = ""


def detail_text(detail: str, limit: int = 200) -> str:
    """The detail on one line; an old/new change reads ``field: old → new; …``."""
    one_line = " ".join(detail.split())
    try:
        data = json.loads(detail) if detail.startswith("{") else None
    except ValueError:
        data = None
    if isinstance(data, dict) and ("old" in data or "new" in data):
        old, new = data.get("old") or {}, data.get("new") or {}
        if isinstance(old, dict) and isinstance(new, dict):
            keys = list(dict.fromkeys([*new, *old]))
            one_line = "; ".join(f"{k}: {_value(old.get(k))} → {_value(new.get(k))}"
                                 if k in old else f"{k}: {_value(new.get(k))}" for k in keys)
        else:
            one_line = f"{_value(old)} → {_value(new)}"
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _qdate(day: dt.date) -> QtCore.QDate:
    return QtCore.QDate(day.year, day.month, day.day)


def _pydate(day: QtCore.QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class AuditTab(AdminTab):
    """The audit trail with filters, export and the chain check."""

    title = "Nhật ký"

    def __init__(self, audit: AuditReader, worker: Worker, officer: Officer, tz: ZoneInfo,
                 today: dt.date) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-audit")
        self.audit, self.tz = audit, tz
        self.entries: list[AuditEntry] = []
        self.report: AuditReport | None = None
        columns: tuple[Column[AuditEntry], ...] = (
            Column("Thời điểm", lambda e: f"{e.at.astimezone(tz):%d/%m/%Y %H:%M:%S}",
                   sort=lambda e: e.at, width=160),
            Column("Cán bộ", lambda e: e.actor, width=110),
            Column("Thao tác", lambda e: e.action, width=170),
            Column("Bản ghi", lambda e: e.subject, width=170),
            Column("Nội dung", lambda e: detail_text(e.detail), stretch=True),
            Column("Máy", lambda e: f"{e.origin} #{e.seq if e.seq is not None else '—'}"),
        )
        self.panel: TablePanel[AuditEntry] = TablePanel(columns, name="audit", search=False)
        filters = QtWidgets.QHBoxLayout()
        self.since = QtWidgets.QDateEdit(_qdate(today - dt.timedelta(days=7)))
        self.until = QtWidgets.QDateEdit(_qdate(today))
        for edit, name in ((self.since, "audit-since"), (self.until, "audit-until")):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setObjectName(name)
        self.officer_box = QtWidgets.QLineEdit()
        self.action_box = QtWidgets.QLineEdit()
        self.subject_box = QtWidgets.QLineEdit()
        filters.addWidget(QtWidgets.QLabel("Từ"))
        filters.addWidget(self.since)
        filters.addWidget(QtWidgets.QLabel("đến"))
        filters.addWidget(self.until)
        for box, hint, name in ((self.officer_box, "Cán bộ (tên đăng nhập)", "audit-officer"),
                                (self.action_box, "Thao tác (ví dụ login, officer_add)",
                                 "audit-action"),
                                (self.subject_box, "Bản ghi (mã hồ sơ, quầy…)", "audit-subject")):
            box.setPlaceholderText(hint)
            box.setObjectName(name)
            box.returnPressed.connect(self.load)
            filters.addWidget(box, 1)
        apply = QtWidgets.QPushButton("Lọc")
        apply.setObjectName("audit-filter")
        apply.clicked.connect(self.load)
        filters.addWidget(apply)
        self.panel.add_button("Xuất Excel", self.export, name="audit-export")
        self.panel.add_button("Kiểm tra toàn vẹn", self.verify, name="audit-verify")
        self.verdict = theme.label("Chưa kiểm tra chuỗi nhật ký.", 14, wrap=True,
                                   name="audit-verdict")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.verdict)

    def current_filter(self) -> AuditFilter:
        """The filter the boxes describe."""
        return AuditFilter(_pydate(self.since.date()), _pydate(self.until.date()),
                           self.officer_box.text().strip(), self.action_box.text().strip(),
                           self.subject_box.text().strip())

    def fetch(self) -> list[AuditEntry]:
        """The matching audit lines, newest first."""
        f = self.current_filter()
        return self.audit.search(self.officer, since=f.since, until=f.until, officer=f.officer,
                                 action=f.action, subject=f.subject, limit=LIMIT)

    def show_data(self, data: list[AuditEntry]) -> None:
        """Show the lines."""
        self.entries = data
        more = f" (chỉ hiện {LIMIT} dòng mới nhất; hãy lọc hẹp hơn)" if len(data) >= LIMIT else ""
        self.panel.set_rows(data, f"{len(data)} dòng nhật ký{more}.")

    def export(self) -> None:
        """Ask where, then write the rows shown to XLSX."""
        name = f"nhat-ky-{self.current_filter().since:%Y%m%d}-{self.current_filter().until:%Y%m%d}"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Xuất nhật ký ra Excel", str(Path.home() / f"{name}.xlsx"), "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the rows shown to ``path`` on the worker."""
        entries = list(self.entries)
        self.worker.submit(lambda: self.audit.export_xlsx(self.officer, entries, path),
                           lambda _r: self.inform(f"Đã xuất {len(entries)} dòng ra {path}."),
                           self.fail)

    def verify(self) -> None:
        """Check the hash chains on the worker and show the verdict."""
        self.verdict.setText("Đang kiểm tra chuỗi nhật ký…")
        self.worker.submit(self.audit.verify, self.show_report, self.fail, key="verify")

    def show_report(self, report: AuditReport) -> None:
        """Green when intact; red with the first problem row otherwise."""
        self.report = report
        if report.ok:
            text = (f"✔ Nhật ký toàn vẹn: đã kiểm tra {report.checked} dòng trên "
                    f"{report.chains} máy, không có dòng nào bị sửa, chèn hay xóa.")
            color, bg = theme.GREEN, "#e7f5ec"
        else:
            text = f"✘ {report.message}"
            color, bg = theme.RED, theme.RED_SOFT
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {color}; background: {bg}; padding: 6px;"
                                   " border-radius: 6px;")
