"""The admin window on the real composition root (SQLite): every tab loads, backup and restore from
the dialog, the day close button, a change made elsewhere reloads the tab on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.adapters.passwords import Argon2Hasher
from counter_app.app import CounterApp, build_app
from counter_app.cli.setup_cmds import initialise
from counter_app.domain.admin import PriorityDraft
from counter_app.domain.reference import Officer
from counter_app.services.setup import create_demo_centre
from counter_app.ui.admin_window import AdminWindow
from counter_app.ui.common import ensure_app


@pytest.fixture
def centre(tmp_path: Path) -> tuple[CounterApp, Officer]:
    ctx = build_app(data_dir=str(tmp_path / "data"))
    initialise(ctx, demo=False)
    ctx.admin.create_first_admin("admin1", "Trương Minh Quân", "Matkhau2026")
    create_demo_centre(ctx.store.uow, Argon2Hasher(fast=True))
    yield ctx, ctx.accounts.login("admin1", "Matkhau2026")
    ctx.close()


def test_every_tab_loads_then_backup_restore_and_day_close(
        qtbot: QtBot, centre: tuple[CounterApp, Officer]) -> None:
    ensure_app()
    ctx, admin = centre
    window = AdminWindow(ctx, admin, ctx.settings.centre.name, ctx.tz)
    qtbot.addWidget(window)
    window.show()
    loaded: list[str] = []
    window.tab_loaded.connect(lambda name, _s: loaded.append(name))
    for name in window.tabs:
        window.show_tab(name)
        qtbot.waitUntil(lambda n=name: window.tabs[n].has_loaded, timeout=10_000)
    assert set(loaded) >= set(window.tabs) - {"centre"}

    dialog = window.open_backups()
    qtbot.waitUntil(lambda: dialog.worker.pending == 0, timeout=10_000)
    assert dialog.panel.model.rows == []
    dialog.create_backup()
    qtbot.waitUntil(lambda: len(dialog.panel.model.rows) == 1, timeout=20_000)
    assert "Đã sao lưu" in dialog.message.text()
    ctx.admin.add_priority(admin, PriorityDraft("TB", "Thương binh", 2))
    assert dialog.panel.select_where(lambda b: b.kind == "manual")
    dialog.confirm_restore = lambda _item: True  # type: ignore[method-assign]
    dialog.restore()
    qtbot.waitUntil(lambda: "Đã khôi phục" in dialog.message.text()
                    or (dialog.worker.pending == 0 and "Đang" not in dialog.message.text()),
                    timeout=20_000)
    assert "Đã khôi phục" in dialog.message.text(), dialog.message.text()
    assert "TB" not in {p.code for p in ctx.admin.list_priorities(admin)}
    qtbot.waitUntil(lambda: {b.kind for b in dialog.panel.model.rows} == {"manual",
                                                                           "pre-restore"},
                    timeout=10_000)
    dialog.close()

    with qtbot.waitSignal(window.day_closed, timeout=20_000) as closed:
        window.close_day(confirm=False)
    report = closed.args[0]
    assert report.day and not report.already_closed
    with qtbot.waitSignal(window.day_closed, timeout=20_000) as again:
        window.close_day(confirm=False)
    assert again.args[0].already_closed


def test_a_change_made_elsewhere_reloads_the_tab_on_screen(
        qtbot: QtBot, centre: tuple[CounterApp, Officer]) -> None:
    ensure_app()
    ctx, admin = centre
    window = AdminWindow(ctx, admin, ctx.settings.centre.name, ctx.tz,
                         open_feed=ctx.open_change_feed)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("priorities")
    qtbot.waitUntil(lambda: tab.has_loaded, timeout=10_000)
    # the feed notices commits made after it opened (on the watcher's thread)
    qtbot.waitUntil(lambda: window.watcher._feed is not None, timeout=10_000)
    other = build_app(data_dir=str(ctx.paths.data_dir))  # another window of this PC
    try:
        other.admin.add_priority(admin, PriorityDraft("TB", "Thương binh", 2))
    finally:
        other.close()
    qtbot.waitUntil(lambda: "TB" in {p.code for p in tab.panel.model.rows},  # type: ignore[attr-defined]
                    timeout=10_000)
    window.close()
