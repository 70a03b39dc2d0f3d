"""Self-test checks that need no Qt: runtime, imports, store and migrations, passwords, receipt.

``counter-app selftest`` (cli/selftest_cmds.py) runs these and the window check of
``ui/selftest_view.py`` one after another and prints one line per check. Each check returns a short
Vietnamese detail on success and raises on failure; :func:`run_check` times it and turns an exception
into one line, never a traceback, so an officer can read the result out over the phone.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

# Modules that run code on import (the entry point, Alembic's env) are not imported by the check.
SKIP_IMPORTS = ("counter_app.__main__", "counter_app.adapters.db.migrations")
CENTRE_TIMEZONE = "Asia/Ho_Chi_Minh"


class CheckSkipped(Exception):
    """Raised by a check that cannot run here; the message says why (it does not count as failed)."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check."""

    name: str
    ok: bool
    detail: str
    seconds: float
    skipped: bool = False


def run_check(name: str, check: Callable[[], str]) -> CheckResult:
    """Run ``check``; an exception becomes a failed result carrying its one-line message."""
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except CheckSkipped as exc:
        return CheckResult(name, True, str(exc), time.perf_counter() - started, skipped=True)
    except Exception as exc:  # every failure must become one readable line
        message = getattr(exc, "message", None) or str(exc) or repr(exc)
        detail = f"{type(exc).__name__}: {' '.join(str(message).split())}"
        ok = False
    return CheckResult(name, ok, detail, time.perf_counter() - started)


def check_runtime() -> str:
    """Python, the operating system, SQLite and the centre's time zone (tzdata on Windows)."""
    offset = dt.datetime.now(ZoneInfo(CENTRE_TIMEZONE)).utcoffset()
    if offset != dt.timedelta(hours=7):
        raise RuntimeError(f"múi giờ {CENTRE_TIMEZONE} sai: UTC{offset}")
    return (f"Python {platform.python_version()} {platform.architecture()[0]}, "
            f"{platform.system()} {platform.release()}, SQLite {sqlite3.sqlite_version}, "
            f"múi giờ {CENTRE_TIMEZONE}")


def module_names(package: str = "counter_app") -> list[str]:
    """Return every module of ``package`` (sub-packages included) except :data:`SKIP_IMPORTS`."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not info.name.startswith(SKIP_IMPORTS):
            names.append(info.name)
    return sorted(names)


def check_imports(include_ui: bool = True) -> str:
    """Import every module of counter_app (the Qt user interface too unless told otherwise)."""
    names = [n for n in module_names() if include_ui or not n.startswith("counter_app.ui")]
    failed: list[str] = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # collected and reported together
            failed.append(f"{name} ({type(exc).__name__}: {exc})")
    if failed:
        raise ImportError(f"{len(failed)}/{len(names)} mô-đun lỗi: " + "; ".join(failed[:3]))
    return f"{len(names)} mô-đun"


def check_store(folder: Path) -> str:
    """Create a throw-away SQLite store in ``folder``, migrate it and add the demo centre."""
    from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
    from counter_app.adapters.db.engine import sqlite_url
    from counter_app.adapters.db.store import open_store
    from counter_app.adapters.passwords import Argon2Hasher
    from counter_app.services.setup import create_demo_centre, ensure_base_data

    store = open_store(sqlite_url(folder / "selftest.sqlite3"))
    try:
        base = ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
        demo = create_demo_centre(store.uow, Argon2Hasher(fast=True))
        with store.engine.connect() as conn:
            head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    finally:
        store.close()
    return (f"CSDL tạm ở phiên bản {head}, {base.procedures_imported} thủ tục, "
            f"{len(demo.demo_passwords)} cán bộ mẫu")


def check_password() -> str:
    """Hash a password with the production argon2id parameters and verify it both ways."""
    from counter_app.adapters.passwords import Argon2Hasher

    hasher = Argon2Hasher()
    digest = hasher.hash("Mật-khẩu thử 123")
    if not hasher.verify(digest, "Mật-khẩu thử 123") or hasher.verify(digest, "sai"):
        raise RuntimeError("argon2 kiểm tra mật khẩu sai")
    return digest.split("$")[1]


def check_receipt(folder: Path) -> str:
    """Render the specimen receipt (Mẫu 01) to PDF and its lookup QR code to PNG in ``folder``."""
    from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf, specimen_receipt
    from counter_app.adapters.qr import qr_image

    content = specimen_receipt()
    pdf = render_receipt_pdf(content)
    if not pdf.startswith(b"%PDF"):
        raise RuntimeError("giấy tiếp nhận không phải PDF")
    (folder / "receipt.pdf").write_bytes(pdf)
    qr_image(content.lookup_url).save(folder / "receipt-qr.png")
    return f"receipt.pdf ({len(pdf) // 1024} KB), receipt-qr.png"


def under_wine() -> bool:
    """Tell whether this is Wine rather than Windows (some checks crash only under Wine)."""
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False


def environment_line() -> str:
    """Return where Python runs from (helps support tell an installed copy from a checkout)."""
    return f"{sys.executable} ({sys.prefix})"
