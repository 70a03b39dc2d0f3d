"""Render every tab of the admin window, the first-run choice and the set-up wizard at 1366x768.

Builds the demo store with an admin account in a temporary folder, adds a few changes so the audit
tab has something to show, opens the window offscreen and saves
``docs/screenshots/admin-<tab>.png``, ``first-run.png`` and ``setup-wizard-{1,2}.png``.

Usage: python scripts/admin_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_demo import admin_demo

from counter_app.domain.clock import CalendarOverride, OverrideKind
from counter_app.ui.admin_window import AdminWindow
from counter_app.ui.common import ensure_app
from counter_app.ui.first_run import FirstRunDialog, SetupWizard
from counter_app.ui.qt import QtCore, QtWidgets

SIZE = (1366, 768)


def settle(app: QtWidgets.QApplication, ms: int = 300) -> None:
    """Let queued callbacks and paints run."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    """Save the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    with tempfile.TemporaryDirectory() as folder:
        ctx, admin = admin_demo(Path(folder), officers=12)
        year = dt.datetime.now(ctx.tz).year
        ctx.calendar_admin.put(admin, CalendarOverride(
            dt.date(year, 12, 31), OverrideKind.OFF, "Nghỉ tổng kết năm",
            "Thông báo 45/TB-UBND"))
        window = AdminWindow(ctx, admin, ctx.settings.centre.name, ctx.tz)
        window.resize(*SIZE)
        window.show()
        for name, tab in window.tabs.items():
            window.show_tab(name)
            if name == "audit":
                tab.verify()  # type: ignore[attr-defined]
            settle(app, 600)
            window.grab().save(str(args.out / f"admin-{name}.png"))
        services = window.show_tab("services")
        services.add()  # type: ignore[attr-defined]
        form = services.form  # type: ignore[attr-defined]
        for key, value in (("code", "BHXH"), ("name", "Bảo hiểm xã hội"), ("prefix", "A")):
            form.set_value(key, value)
        form.submit()
        settle(app, 800)
        form.grab().save(str(args.out / "admin-service-dialog.png"))
        form.reject()
        devices = window.show_tab("devices")
        devices.edit_printer()  # type: ignore[attr-defined]
        settle(app)
        devices.form.grab().save(str(args.out / "admin-printer-dialog.png"))  # type: ignore[attr-defined]
        devices.form.reject()  # type: ignore[attr-defined]
        window.close()
        first = FirstRunDialog()
        first.show()
        settle(app)
        first.grab().save(str(args.out / "first-run.png"))
        wizard = SetupWizard(ctx.admin, ctx.accounts, ctx.centre_settings)
        wizard.resize(760, 620)
        wizard.show()
        for key, value in (("name", "Trung tâm Phục vụ hành chính công xã Tân Phú"),
                           ("governing_body", "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"),
                           ("agency_code", "H29.07.12"),
                           ("address", "Ấp 3, xã Tân Phú, tỉnh Đồng Nai"),
                           ("place", "Tân Phú"), ("province", "Tỉnh Đồng Nai")):
            wizard.centre.set_value(key, value)
        settle(app)
        wizard.grab().save(str(args.out / "setup-wizard-1.png"))
        wizard.next()
        for key, value in (("full_name", "Trần Quốc Bảo"), ("password", "tanphu1"),
                           ("password2", "tanphu12")):
            wizard.account.set_value(key, value)
        settle(app)
        wizard.grab().save(str(args.out / "setup-wizard-2.png"))
        wizard.close()
        ctx.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
