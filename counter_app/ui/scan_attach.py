"""The counter's "Đính kèm bản quét…" button: attach scanned files (PDF, JPEG, PNG) to the dossier
on the card — components, or the electronic result once the dossier has one. Files are read and
stored on the worker thread; the service checks their content and size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.domain.digitised import MAX_BYTES, FileKind
from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.ui import theme
from counter_app.ui.qt import QtCore, QtWidgets, Signal
from counter_app.ui.worker import Worker

RESULT_STATUSES = frozenset({DossierStatus.FINISHED, DossierStatus.RETURNED})


def read_scan(path: Path) -> bytes:
    """The body of a chosen file (refused above the size limit without reading it)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DomainError(f"Tệp {path.name} lớn quá {MAX_BYTES // (1024 * 1024)} MB.")
        return path.read_bytes()
    except OSError as exc:
        raise DomainError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.") from None


class InboxButton(QtWidgets.QPushButton):
    """"Lấy từ máy quét (n)": the scans waiting in this PC's scanner folder, watched by Qt; a
    click attaches them all to the dossier on the card (refused files stay in the folder)."""

    imported = Signal(int)

    def __init__(self, files: Any, inbox: Any, folder: str, worker: Worker, officer: Officer,
                 dossier: Callable[[], Any], say: Callable[[str, bool], None]) -> None:
        super().__init__("Lấy từ máy quét")
        self.setObjectName("scanner-inbox")
        self.setFont(theme.font(15))
        self.files, self.inbox, self.worker, self.officer = files, inbox, worker, officer
        self._dossier, self._say = dossier, say
        self.waiting = 0
        self.watcher = QtCore.QFileSystemWatcher([folder], self)
        self.watcher.directoryChanged.connect(lambda _p: self.count())
        self.clicked.connect(lambda _=False: self.take())
        self.count()

    def count(self) -> None:
        """Re-count the scans waiting (on the worker)."""
        inbox = self.inbox
        self.worker.submit(lambda: len(inbox.pending()), self._counted,
                           lambda e: self.setToolTip(e.message), key="inbox-count")

    def _counted(self, n: int) -> None:
        self.waiting = n
        self.setText(f"Lấy từ máy quét ({n})" if n else "Lấy từ máy quét")

    def take(self) -> None:
        """Attach every waiting scan to the dossier on the card."""
        dossier = self._dossier()
        if dossier is None:
            self._say("Hãy tìm hồ sơ trước khi lấy bản quét.", True)
            return
        kind = FileKind.RESULT if dossier.status in RESULT_STATUSES else FileKind.COMPONENT
        files, inbox, officer, code = self.files, self.inbox, self.officer, dossier.code

        def done(result: Any) -> None:
            text = f"Đã lưu {len(result.stored)} bản quét vào hồ sơ {code}."
            text += "".join(f" Bỏ qua {name}: {why}" for name, why in result.refused)
            self._say(text, bool(result.refused))
            self.imported.emit(len(result.stored))
            self.count()

        self.worker.submit(lambda: files.import_inbox(officer, code, inbox, kind), done,
                           lambda e: self._say(e.message, True), key="inbox")


class ScanButton(QtWidgets.QPushButton):
    """Attach files to the dossier on the card; ``attached(count)`` when stored."""

    attached = Signal(int)

    def __init__(self, files: Any, worker: Worker, officer: Officer,
                 dossier: Callable[[], Any], say: Callable[[str, bool], None]) -> None:
        super().__init__("Đính kèm bản quét…")
        self.setObjectName("attach-scan")
        self.setFont(theme.font(15))
        self.files, self.worker, self.officer = files, worker, officer
        self._dossier, self._say = dossier, say
        self.clicked.connect(lambda _=False: self.choose())

    def choose(self) -> None:
        """Ask for the files, then attach them."""
        if self._dossier() is None:
            self._say("Hãy tìm hồ sơ trước khi đính kèm bản quét.", True)
            return
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self, "Chọn bản quét", "", "Bản quét (*.pdf *.jpg *.jpeg *.png)")
        if names:
            self.attach_paths([Path(n) for n in names])

    def attach_paths(self, paths: list[Path]) -> None:
        """Store ``paths`` for the dossier on the card (the result's copy once it has one)."""
        dossier = self._dossier()
        if dossier is None or not paths:
            return
        kind = FileKind.RESULT if dossier.status in RESULT_STATUSES else FileKind.COMPONENT
        files, officer, code = self.files, self.officer, dossier.code

        def job() -> int:
            for path in paths:
                files.attach(officer, code, kind, path.name, read_scan(path))
            return len(paths)

        def done(count: int) -> None:
            what = "bản điện tử kết quả" if kind is FileKind.RESULT else "bản quét"
            self._say(f"Đã lưu {count} {what} vào hồ sơ {code}.", False)
            self.attached.emit(count)

        self.worker.submit(job, done, lambda e: self._say(e.message, True), key="attach")
