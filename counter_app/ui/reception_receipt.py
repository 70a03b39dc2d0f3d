"""The receipt (Mẫu 01) after reception: preview, print through QtPrintSupport, or save the PDF.

The PDF is drawn by ReportLab; to preview and print it the pages are rasterised with QtPdf
(PySide6-Addons; poppler's ``pdftoppm`` as a fallback) on the worker thread and painted onto a
``QPrinter`` there (QPainter may paint on a printer off the GUI thread). Only the print dialog
itself runs on the GUI thread. Without either renderer the dialog offers to save the PDF or open it
in the system's PDF viewer instead.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from counter_app.domain.errors import DomainError
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, print_support, qtpdf
from counter_app.ui.worker import Worker

PREVIEW_DPI = 72
PRINT_DPI = 300


def pdf_pages(pdf: bytes, dpi: int) -> list[QtGui.QImage]:
    """Return the pages of ``pdf`` as images at ``dpi`` ([] when no renderer is available)."""
    pages = _qtpdf_pages(pdf, dpi)
    return pages if pages is not None else _pdftoppm_pages(pdf, dpi)


def _qtpdf_pages(pdf: bytes, dpi: int) -> list[QtGui.QImage] | None:
    module = qtpdf()
    if module is None:
        return None
    with tempfile.TemporaryDirectory(prefix="counter-app-receipt-") as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        document = module.QPdfDocument()
        if document.load(str(source)) != module.QPdfDocument.Error.None_:
            return None
        images = []
        for n in range(document.pageCount()):
            size = document.pagePointSize(n) * (dpi / 72.0)
            image = document.render(n, size.toSize())
            with_white = QtGui.QImage(image.size(), QtGui.QImage.Format.Format_RGB32)
            with_white.fill(Qt.GlobalColor.white)
            painter = QtGui.QPainter(with_white)
            painter.drawImage(0, 0, image)
            painter.end()
            images.append(with_white)
        document.close()
        return images


def _pdftoppm_pages(pdf: bytes, dpi: int) -> list[QtGui.QImage]:
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    with tempfile.TemporaryDirectory(prefix="counter-app-receipt-") as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run([exe, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")],
                           check=True, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DomainError(f"Không dựng được ảnh giấy tiếp nhận để in: {exc}") from None
        files = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [QtGui.QImage(str(f)) for f in files]


def print_pdf(printer: QtGui.QPagedPaintDevice, pdf: bytes) -> int:
    """Paint every page of ``pdf`` on ``printer`` (a configured QPrinter); return the page count.

    Runs on a worker thread. Each page fills the printer's full paper rectangle (the PDF already
    carries the form's margins).
    """
    dpi = min(PRINT_DPI, max(150, printer.logicalDpiX()))
    pages = pdf_pages(pdf, dpi)
    if not pages:
        raise DomainError("Máy này thiếu bộ dựng PDF (QtPdf) nên không in trực tiếp được; hãy "
                          "lưu PDF hoặc mở bằng trình xem PDF để in.")
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise DomainError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")
    try:
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            area = painter.viewport()
            size = page.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QtCore.QRect(area.topLeft(), size), page)
    finally:
        painter.end()
    return len(pages)


class ReceiptDialog(QtWidgets.QDialog):
    """Preview of the receipt with Print, Save and Close; ``printed(int)`` after a print job."""

    printed = Signal(int)
    saved = Signal(str)

    def __init__(self, code: str, pdf: bytes, previews: list[QtGui.QImage], worker: Worker,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.code, self.pdf, self._worker = code, pdf, worker
        self.setWindowTitle(f"Giấy tiếp nhận hồ sơ {code}")
        self.resize(760, 900)
        layout = QtWidgets.QVBoxLayout(self)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        pages = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(pages)
        for image in previews:
            page = QtWidgets.QLabel()
            page.setPixmap(QtGui.QPixmap.fromImage(image))
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setStyleSheet("background: white; border: 1px solid #c5ccd8;")
            column.addWidget(page)
        if not previews:
            column.addWidget(theme.label(
                "Không có bản xem trước trên máy này. Có thể lưu PDF hoặc mở bằng trình xem PDF.",
                15, wrap=True))
        scroll.setWidget(pages)
        layout.addWidget(scroll, 1)
        self.status = theme.label("", 14, name="receipt-status", wrap=True)
        layout.addWidget(self.status)
        buttons = QtWidgets.QHBoxLayout()
        self.print_button = QtWidgets.QPushButton("In giấy tiếp nhận")
        self.print_button.setObjectName("print-receipt")
        self.save_button = QtWidgets.QPushButton("Lưu PDF…")
        self.open_button = QtWidgets.QPushButton("Mở bằng trình xem PDF")
        close = QtWidgets.QPushButton("Đóng")
        for b in (self.print_button, self.save_button, self.open_button, close):
            b.setFont(theme.font(15, bold=b is self.print_button))
            b.setMinimumHeight(40)
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.print_button.setEnabled(bool(previews))
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        self.open_button.clicked.connect(self.open_external)
        close.clicked.connect(self.accept)

    def print_dialog(self) -> None:
        """Ask for the printer (GUI thread), then print on the worker."""
        QtPrintSupport = print_support()  # noqa: N806 - the module's name

        printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setDocName(f"Giấy tiếp nhận hồ sơ {self.code}")
        dialog = QtPrintSupport.QPrintDialog(printer, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            self.print_with(printer)

    def print_with(self, printer: QtGui.QPagedPaintDevice) -> None:
        """Print on ``printer`` off the GUI thread."""
        self.print_button.setEnabled(False)
        self.status.setText("Đang in…")
        pdf = self.pdf
        self._worker.submit(lambda: print_pdf(printer, pdf), self._printed, self._failed)

    def _printed(self, pages: int) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(f"Đã gửi {pages} trang đến máy in.")
        self.printed.emit(pages)

    def _failed(self, error: DomainError) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(error.message)

    def save_dialog(self) -> None:
        """Ask where to save, then write the file on the worker."""
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Lưu giấy tiếp nhận", f"giay-tiep-nhan-{self.code}.pdf", "PDF (*.pdf)")
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        """Write the PDF to ``path`` off the GUI thread."""
        pdf = self.pdf
        self._worker.submit(lambda: (path.write_bytes(pdf), str(path))[1], self._saved,
                            self._failed)

    def _saved(self, path: str) -> None:
        self.status.setText(f"Đã lưu {path}.")
        self.saved.emit(path)

    def open_external(self) -> None:
        """Open the PDF in the system's viewer (written to a temporary file first)."""
        target = Path(tempfile.gettempdir()) / f"giay-tiep-nhan-{self.code}.pdf"
        pdf = self.pdf

        def opened(path: Path) -> None:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))

        self._worker.submit(lambda: (target.write_bytes(pdf), target)[1], opened, self._failed)
