"""The self-test's composition: which checks run, in which order, over which parts.

Like ``counter_app.app`` this sits on top of the layers: it wires the Qt-free checks
(``adapters/selftest.py``) and the Qt half (``ui/selftest_view.py``) for ``counter-app selftest``,
which must run even where the centre's store cannot be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from counter_app.adapters import selftest
from counter_app.adapters.selftest import CheckResult, CheckSkipped, run_check

__all__ = ["CheckResult", "environment_line", "planned_checks", "run_check"]


def environment_line() -> str:
    """One line naming Python, the OS and whether this is Wine."""
    return selftest.environment_line()


def planned_checks(out: Path, work: Path, gui: bool) -> list[tuple[str, Callable[[], str]]]:
    """Return the checks in the order they run (names as printed)."""
    checks: list[tuple[str, Callable[[], str]]] = [
        ("Môi trường", selftest.check_runtime),
        ("Nạp mô-đun", lambda: selftest.check_imports(include_ui=gui)),
        ("CSDL và nâng cấp", lambda: selftest.check_store(work)),
        ("Mật khẩu argon2id", selftest.check_password),
        ("Giấy tiếp nhận và mã QR", lambda: selftest.check_receipt(out)),
    ]
    if gui:
        checks += [
            ("Thư viện Qt", lambda: _ui().check_qt_modules()),
            ("Vẽ cửa sổ", lambda: _ui().render_window(out / "window.png")),
            ("Xem trước bản in", lambda: _not_under_wine(
                "QtPdf (pdfium) dừng đột ngột dưới Wine; chỉ kiểm tra được trên Windows thật")
                or _ui().render_receipt_page(out / "receipt.pdf", out / "receipt-page1.png")),
        ]
    return checks


def _not_under_wine(reason: str) -> str:
    """Skip the calling check under Wine (it would crash the process there), else return ""."""
    if selftest.under_wine():
        raise CheckSkipped(reason)
    return ""


def _ui() -> ModuleType:
    """Import the Qt half lazily (cli imports no Qt at module level)."""
    from counter_app.ui import selftest_view

    return selftest_view
