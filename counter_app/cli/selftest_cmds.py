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
from pathlib import Path

from counter_app import __version__
from counter_app.selftest import CheckResult, environment_line, planned_checks, run_check


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``selftest`` command."""
    p = sub.add_parser("selftest", help="tự kiểm tra bản cài đặt (không đụng tới dữ liệu thật)")
    p.add_argument("--out", help="thư mục ghi ảnh cửa sổ, giấy tiếp nhận, mã QR (mặc định: thư mục tạm)")
    p.add_argument("--no-gui", action="store_true", help="bỏ qua các bước cần giao diện Qt")
    p.set_defaults(handler=run_selftest)


def format_result(result: CheckResult) -> str:
    """Return the printed line of one check."""
    mark = "BỎ QUA" if result.skipped else "ĐẠT" if result.ok else "LỖI"
    return f"[{mark}] {result.name}: {result.detail} ({result.seconds:.1f} s)"


def run_selftest(args: argparse.Namespace, _app: object = None) -> int:
    """Run every check, print one line each and a summary; return 0 when all passed."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else Path(tempfile.gettempdir()) / f"counter-app-selftest-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    print(f"counter-app {__version__} tự kiểm tra — {environment_line()}", flush=True)
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
