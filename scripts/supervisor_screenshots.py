"""Render the supervisor's window (monitor, queue, dossier and rating reports) offscreen at
1366x768 and 1920x1080 on a demo store with a generated month, with a fixed clock (a Wednesday
morning), one counter paused and a queue over its target; also the dossier report as PDF pages.

Usage: python scripts/supervisor_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.app import CounterApp, Paths
from counter_app.domain.settings import Settings
from counter_app.services.accounts import authenticate
from counter_app.services.demo_history import generate_history
from counter_app.services.ports.reports import GroupBy
from counter_app.services.setup import create_demo_centre, ensure_base_data
from counter_app.ui.common import ensure_app
from counter_app.ui.qt import QtCore
from counter_app.ui.supervisor_window import SupervisorServices, SupervisorWindow

PASSWORDS = {"canbo1": "matkhau1", "canbo2": "matkhau2", "giamsat": "matkhau3"}
SIZES = ((1366, 768), (1920, 1080))


def wait(ms: int) -> None:
    """Let the window's worker and timers run."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    """Build the demo store, open the window at each size and save the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings()
        now = dt.datetime(2026, 11, 25, 10, 20, tzinfo=dt.UTC) - dt.timedelta(hours=7)
        app = CounterApp(Paths(folder, folder / "config.toml"), settings,
                         sqlite_url(folder / "demo.sqlite3"), now=lambda: now)
        ensure_base_data(app.store.uow, read_fields_file(), shipped_catalogue())
        create_demo_centre(app.store.uow, Argon2Hasher(fast=True), passwords=PASSWORDS)
        boss = authenticate(app.store.uow, Argon2Hasher(fast=True), "giamsat", PASSWORDS["giamsat"])
        clerk = authenticate(app.store.uow, Argon2Hasher(fast=True), "canbo2", PASSWORDS["canbo2"])
        generate_history(app.store.uow, settings, boss, days=30, tickets_per_day=160,
                         dossiers_per_day=40, now=lambda: now)
        engine = app.queue
        current = next(c for c in engine.snapshot(0).counters if c.officer_username == "canbo2")
        engine.close_counter_session(current.number, clerk, "requeue")
        engine.open_counter_session(4, clerk)
        engine.pause_counter(4, clerk)
        services = SupervisorServices(app.reports, app.monitor, app.report_files)
        today = now.astimezone(app.tz).date()
        for width, height in SIZES:
            window = SupervisorWindow(services, boss, settings.centre.name, app.tz, today=today)
            window.resize(width, height)
            window.show()
            wait(2500)
            window.grab().save(str(args.out / f"supervisor-monitor-{width}x{height}.png"))
            for name in ("queue", "dossiers", "ratings"):
                window.tabs.setCurrentWidget(window.reports[name])
                wait(3000)
                window.grab().save(str(args.out / f"supervisor-{name}-{width}x{height}.png"))
            window.close()
        first = today.replace(day=1)
        from counter_app.services.reports import ReportPeriod

        report = app.reports.dossiers(boss, ReportPeriod(first, today), GroupBy.FIELD)
        pdf = folder / "report.pdf"
        pdf.write_bytes(app.report_files.pdf(report))
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf),
                        str(args.out / "supervisor-report-pdf")], check=True)
        app.close()


if __name__ == "__main__":
    main()
