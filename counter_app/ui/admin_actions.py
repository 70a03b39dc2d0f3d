"""The admin window's actions besides the tabs: backups (create, list, restore) and day close.

The backup dialog lists the checked backups, newest first; "Sao lưu ngay" makes one, "Khôi phục"
restores the chosen one after a confirmation (the current store is kept as a pre-restore backup;
the service refuses, naming them, while other windows of this PC hold the store). Day close ends
the tickets still waiting or called, closes the counter sessions and writes the day's summary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.ui import theme
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import QtWidgets, Signal
from counter_app.ui.worker import Worker

if TYPE_CHECKING:  # imported for annotations only
    from counter_app.services.backup import BackupInfo, BackupService
    from counter_app.services.day_close import DayCloseReport

KIND_VI = {"manual": "Thủ công", "daily": "Tự động hằng ngày", "pre-restore": "Trước khi khôi phục"}


def size_text(size: int) -> str:
    """``"12,3 MB"``."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} B"


COLUMNS: tuple[Column[BackupInfo], ...] = (
    Column("Thời điểm", lambda b: f"{b.created_at.astimezone():%d/%m/%Y %H:%M}",
           sort=lambda b: b.created_at, width=140),
    Column("Loại", lambda b: KIND_VI.get(b.kind, b.kind), width=160),
    Column("Dung lượng", lambda b: size_text(b.size), sort=lambda b: b.size, width=100),
    Column("CSDL", lambda b: b.backend, width=90),
    Column("Tệp", lambda b: str(b.path)),
)


class BackupDialog(QtWidgets.QDialog):
    """Backups of this store; ``restored(BackupInfo)`` after a restore (the pre-restore copy)."""

    restored = Signal(object)

    def __init__(self, backups: BackupService, officer: Officer,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sao lưu và khôi phục")
        self.setObjectName("backup-dialog")
        self.resize(980, 460)
        self.backups, self.officer = backups, officer
        self.worker = Worker(self, threads=1, name="backup")
        self.panel: TablePanel[BackupInfo] = TablePanel(COLUMNS, name="backups", search=False)
        self.create_button = self.panel.add_button("Sao lưu ngay", self.create_backup,
                                                   name="backup-create")
        self.restore_button = self.panel.add_button("Khôi phục bản đã chọn…", self.restore,
                                                    name="backup-restore", needs_row=True)
        self.message = theme.label("", 14, wrap=True, name="backup-message")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label("Bản sao lưu đã kiểm tra (mới nhất trước)", 16, bold=True,
                                     color=theme.NAVY))
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.message)
        close = QtWidgets.QPushButton("Đóng")
        close.clicked.connect(self.accept)
        layout.addWidget(close)
        self.load()

    def load(self) -> None:
        """Read the list of backups."""
        self.worker.submit(self.backups.list, self._listed, self._failed, key="list")

    def _listed(self, items: list[BackupInfo]) -> None:
        self.panel.set_rows(items, f"{len(items)} bản sao lưu.")

    def _failed(self, error: DomainError) -> None:
        self.create_button.setEnabled(True)
        self.message.setText(error.message)
        self.message.setStyleSheet(f"color: {theme.RED};")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.GREEN};")

    def create_backup(self) -> None:
        """Make a backup now."""
        self.create_button.setEnabled(False)
        self.message.setText("Đang sao lưu…")

        def done(info: BackupInfo) -> None:
            self.create_button.setEnabled(True)
            self._say(f"✔ Đã sao lưu: {info.path} ({size_text(info.size)}).")
            self.load()

        self.worker.submit(lambda: self.backups.create(self.officer), done, self._failed,
                           key="create")

    def restore(self) -> None:
        """Restore the selected backup after confirmation."""
        item = self.panel.selected()
        if item is None or not self.confirm_restore(item):
            return
        self.message.setText("Đang khôi phục…")

        def done(pre: BackupInfo) -> None:
            self._say(f"✔ Đã khôi phục bản {item.created_at.astimezone():%d/%m/%Y %H:%M}. "
                      f"Dữ liệu trước khi khôi phục được giữ tại {pre.path}.")
            self.restored.emit(pre)
            self.load()

        self.worker.submit(lambda: self.backups.restore(self.officer, item.path), done,
                           self._failed, key="restore")

    def confirm_restore(self, item: BackupInfo) -> bool:
        """Ask before replacing the store."""
        answer = QtWidgets.QMessageBox.question(
            self, "Khôi phục dữ liệu",
            f"Khôi phục dữ liệu về thời điểm {item.created_at.astimezone():%d/%m/%Y %H:%M}?\n"
            "Mọi thay đổi sau thời điểm đó sẽ không còn trong dữ liệu đang dùng (dữ liệu hiện tại "
            "được sao lưu trước khi khôi phục). Hãy đóng kiosk, quầy và bảng hiển thị trên máy "
            "này trước.")
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def done(self, result: int) -> None:
        """Stop background work when closed."""
        self.worker.shutdown()
        super().done(result)


def report_text(report: DayCloseReport) -> str:
    """The day close result in a few Vietnamese lines."""
    s = report.summary
    head = (f"Ngày {report.day:%d/%m/%Y} đã được chốt trước đó." if report.already_closed
            else f"Đã chốt ngày {report.day:%d/%m/%Y}.")
    waits = f"{s.avg_wait_min:.0f} phút" if s.avg_wait_min is not None else "—"
    serve = f"{s.avg_service_min:.0f} phút" if s.avg_service_min is not None else "—"
    lines = [head,
             f"Phiếu: cấp {s.issued}, đã phục vụ {s.served}, vắng mặt {s.no_show}, "
             f"chưa phục vụ khi hết giờ {s.not_served}.",
             f"Chờ trung bình {waits}; phục vụ trung bình {serve}.",
             f"Hồ sơ: tiếp nhận {s.dossiers_received}, trả kết quả {s.dossiers_returned}.",
             f"Kết thúc {report.tickets_ended} phiếu còn chờ, đóng {report.sessions_closed} "
             "phiên làm việc tại quầy."]
    if report.pdf_path is not None:
        lines.append(f"Báo cáo ngày: {report.pdf_path}")
    return "\n".join(lines)


def ask_day_close(parent: QtWidgets.QWidget) -> bool:
    """Confirm the day close."""
    answer = QtWidgets.QMessageBox.question(
        parent, "Chốt ngày",
        "Chốt ngày làm việc hôm nay?\nCác phiếu còn chờ hoặc đang gọi sẽ kết thúc với lý do "
        "\"chưa được phục vụ khi hết giờ\", các quầy được đóng phiên và báo cáo ngày được lập.")
    return answer == QtWidgets.QMessageBox.StandardButton.Yes


def run_day_close(worker: Worker, job: Callable[[], DayCloseReport],
                  done: Callable[[DayCloseReport], None],
                  failed: Callable[[DomainError], None]) -> None:
    """Close the day on the worker."""
    worker.submit(job, done, failed, key="day-close")
