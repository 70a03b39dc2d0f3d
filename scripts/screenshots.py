"""Render the kiosk, counter and display windows offscreen with the demo data, at the sizes centres
buy: kiosk 1366x768 and portrait 1080x1920, counter 1366x768, board 1366x768 and 1920x1080.

Creates a throw-away demo store (``init --demo`` data plus a morning's worth of tickets and calls),
opens each window on it with a clock fixed inside office hours, and saves
``docs/screenshots/{kiosk,kiosk-portrait,counter,display,display-1366}.png``. Runs without a
screen (QT_QPA_PLATFORM=offscreen).

Usage: python scripts/screenshots.py [--out docs/screenshots] [--only kiosk,counter,display]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.app import CounterApp, Paths
from counter_app.domain.settings import PrinterSettings, Settings
from counter_app.services.queue import QueueEngine
from counter_app.services.setup import create_demo_centre, ensure_base_data

PASSWORDS = {"canbo1": "matkhau1", "canbo2": "matkhau2", "giamsat": "matkhau3"}
SIZE = (1920, 1080)


class DemoClock:
    """A clock that starts at 07:45 today and moves forward on demand."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.at = dt.datetime.combine(dt.datetime.now(tz).date(), dt.time(7, 45), tz)

    def __call__(self) -> dt.datetime:
        """Return the demo time."""
        return self.at

    def tick(self, minutes: float) -> None:
        """Move the demo time forward."""
        self.at += dt.timedelta(minutes=minutes)


def demo_context(folder: Path) -> tuple[CounterApp, DemoClock]:
    """Create the demo store in ``folder`` and return a context over it and the demo clock."""
    settings = Settings(printer=PrinterSettings(kind="file", path=str(folder / "printer.bin")))
    ctx = CounterApp(Paths(folder, folder / "config.toml"), settings,
                     sqlite_url(folder / "demo.sqlite3"))
    ensure_base_data(ctx.store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(ctx.store.uow, Argon2Hasher(fast=True), passwords=PASSWORDS)
    return ctx, DemoClock(ctx.tz)


def morning(ctx: CounterApp, clock: DemoClock) -> QueueEngine:
    """Issue a morning's tickets, open three counters and make a few calls."""
    engine = QueueEngine(ctx.store.uow, ctx.settings, now=clock)
    plan = ["HT", "CT", "HT", "DD", "HT", "DKKD", "CT", "HT", "DD", "HT", "CT", "HT", "DD",
            "DKKD", "HT", "CT", "HT", "DD", "HT", "DKKD", "CT", "HT", "CT", "HT", "CT"]
    for i, code in enumerate(plan):
        engine.issue_ticket(code, "NCT" if i in (6, 15, 24) else ("PNMT" if i == 11 else None))
        clock.tick(3)
    from counter_app.services.accounts import authenticate

    hasher = Argon2Hasher(fast=True)
    staff = {n: authenticate(ctx.store.uow, hasher, u, PASSWORDS[u])
             for n, u in ((1, "canbo1"), (2, "canbo2"), (3, "giamsat"))}
    for number, officer in staff.items():
        engine.open_counter_session(number, officer)
    for _round in range(2):
        for number, officer in staff.items():
            ticket = engine.call_next(number, officer)
            clock.tick(1)
            engine.start_serving(ticket.id, officer)
            clock.tick(4)
            engine.finish(ticket.id, officer)
            clock.tick(1)
    engine.start_serving(engine.call_next(1, staff[1]).id, staff[1])
    clock.tick(2)
    engine.call_next(3, staff[3])
    clock.tick(1)
    called = engine.call_next(2, staff[2])
    clock.tick(0.5)
    engine.recall(called.id, staff[2])
    clock.tick(0.5)
    return engine


def shoot(widget: object, path: Path, size: tuple[int, int] = SIZE) -> None:
    """Lay out, settle and save ``widget`` at ``size``."""
    from counter_app.ui.qt import QtCore, QtWidgets

    assert isinstance(widget, QtWidgets.QWidget)
    widget.show()
    widget.resize(*size)
    app = QtWidgets.QApplication.instance()
    assert app is not None
    for _ in range(30):
        app.processEvents()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
    widget.grab().save(str(path))
    print(f"saved {path}")


def main(argv: list[str] | None = None) -> int:
    """Render the requested windows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--only", default="kiosk,counter,display")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(","))
    from counter_app.ui.common import ensure_app

    ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        ctx, clock = demo_context(Path(tmp))
        engine = morning(ctx, clock)
        if "kiosk" in wanted:
            shoot_kiosk(ctx, engine, out)
        if "counter" in wanted:
            shoot_counter(ctx, engine, out)
        if "display" in wanted:
            shoot_display(ctx, engine, out)
        ctx.close()
    return 0


def shoot_kiosk(ctx: CounterApp, engine: QueueEngine, out: Path) -> None:
    """The kiosk's service cards."""
    from counter_app.ui.kiosk_window import KioskWindow

    ctx.now = engine.now
    window = KioskWindow(ctx)
    window.db.wait()
    shoot(window, out / "kiosk.png", (1366, 768))
    shoot(window, out / "kiosk-portrait.png", (1080, 1920))
    window.close()


def shoot_counter(ctx: CounterApp, engine: QueueEngine, out: Path) -> None:
    """The counter window of counter 2, logged in, with a called ticket."""
    from counter_app.services.accounts import authenticate
    from counter_app.ui.counter_window import CounterWindow

    officer = authenticate(ctx.store.uow, Argon2Hasher(fast=True), "canbo2", PASSWORDS["canbo2"])
    session = engine.open_counter_session(2, officer)
    ctx.now = engine.now
    window = CounterWindow(ctx, officer, session)
    window.db.wait()
    shoot(window, out / "counter.png", (1366, 768))
    window.close()


def shoot_display(ctx: CounterApp, engine: QueueEngine, out: Path) -> None:
    """The display board."""
    from counter_app.ui.display_window import DisplayWindow

    settings = dataclasses.replace(ctx.settings, display=dataclasses.replace(
        ctx.settings.display, voice=False))
    board_ctx = CounterApp(ctx.paths, settings, ctx.database_url, now=engine.now, store=ctx.store)
    window = DisplayWindow(board_ctx)
    window.db.wait()
    shoot(window, out / "display.png", (1920, 1080))
    shoot(window, out / "display-1366.png", (1366, 768))
    window.close()


if __name__ == "__main__":
    raise SystemExit(main())
