"""``counter-app selftest``: check that this installation works, one printed line per check.

Imports every part, renders a window and a receipt with its QR code to files, runs the migrations on a
throw-away store and hashes a password. It never touches the centre's store. The files it writes stay
in ``--out`` (a new temporary folder by default) so they can be sent to support. Exit code 0 when every
check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from counter_app import __version__
from counter_app.adapters import selftest
from counter_app.adapters.selftest import CheckResult, CheckSkipped, run_check


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``selftest`` command."""
    p = sub.add_parser("selftest", help="tự kiểm tra bản cài đặt (không đụng tới dữ liệu thật)")
    p.add_argument("--out", help="thư mục ghi ảnh cửa sổ, giấy tiếp nhận, mã QR (mặc định: thư mục tạm)")
    p.add_argument("--no-gui", action="store_true", help="bỏ qua các bước cần giao diện Qt")
    p.set_defaults(handler=run_selftest)


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


def format_result(result: CheckResult) -> str:
    """Return the printed line of one check."""
    mark = "BỎ QUA" if result.skipped else "ĐẠT" if result.ok else "LỖI"
    return f"[{mark}] {result.name}: {result.detail} ({result.seconds:.1f} s)"


def run_selftest(args: argparse.Namespace, _app: object = None) -> int:
    """Run every check, print one line each and a summary; return 0 when all passed."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else Path(tempfile.gettempdir()) / f"counter-app-selftest-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    print(f"counter-app {__version__} tự kiểm tra — {selftest.environment_line()}", flush=True)
    started = time.perf_counter()
    results: list[CheckResult] = []
    with tempfile.TemporaryDirectory(prefix="counter-app-selftest-") as work:
        for name, check in planned_checks(out, Path(work), not args.no_gui):
            results.append(run_check(name, check))
            print(format_result(results[-1]), flush=True)
    passed = sum(r.ok for r in results)
    verdict = "TẤT CẢ ĐẠT" if passed == len(results) else "CÓ LỖI"
    print(f"{verdict}: {passed}/{len(results)} mục đạt trong {time.perf_counter() - started:.1f} s; "
          f"tệp kết quả ở {out}", flush=True)
    return 0 if passed == len(results) else 1
