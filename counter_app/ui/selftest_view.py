"""Self-test checks that need Qt: the optional Qt modules load, a window and a receipt page render.

The window is the role launcher with fixed text (no clock, no store), so the picture is the same on
every run and the Windows smoke test can compare it with a reference image.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.ui.common import ensure_app
from counter_app.ui.launcher import LauncherWindow
from counter_app.ui.qt import QtCore, multimedia, print_support, qtpdf

WINDOW_SIZE = (640, 480)
SELFTEST_CENTRE = "Trung tâm Phục vụ hành chính công — tự kiểm tra"


def check_qt_modules() -> str:
    """Load the Qt modules the app uses besides widgets: printing, PDF rendering, sound."""
    print_support()
    missing = [name for name, module in (("QtPdf", qtpdf()), ("QtMultimedia", multimedia()))
               if module is None]
    if missing:
        raise ImportError("thiếu " + ", ".join(missing))
    return f"Qt {QtCore.qVersion()}: QtWidgets, QtPrintSupport, QtPdf, QtMultimedia"


def render_window(path: Path) -> str:
    """Render the launcher window at :data:`WINDOW_SIZE` to the PNG ``path``."""
    app = ensure_app()
    window = LauncherWindow(lambda _role: None, SELFTEST_CENTRE)
    window.resize(*WINDOW_SIZE)
    window.ensurePolished()
    app.processEvents()
    image = window.grab()
    window.deleteLater()
    if image.isNull() or not image.save(str(path)):
        raise RuntimeError(f"không lưu được ảnh cửa sổ {path}")
    return f"{path.name} ({image.width()}x{image.height()}, {app.platformName()})"


def render_receipt_page(pdf_path: Path, png_path: Path) -> str:
    """Rasterise the first page of the receipt PDF with QtPdf to ``png_path`` (print preview path)."""
    from counter_app.ui.reception_receipt import pdf_pages

    ensure_app()
    if qtpdf() is None:
        raise ImportError("thiếu QtPdf")
    pages = pdf_pages(pdf_path.read_bytes(), 72)
    if not pages or not pages[0].save(str(png_path)):
        raise RuntimeError("không dựng được trang giấy tiếp nhận")
    return f"{png_path.name} ({len(pages)} trang)"
