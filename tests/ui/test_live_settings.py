"""Changes made in the admin window reach a running board and kiosk without a restart."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.adapters.db.store import Store
from counter_app.domain.admin import PriorityDraft
from counter_app.domain.reference import Officer, Role
from counter_app.ui.common import ensure_app
from counter_app.ui.display_window import DisplayWindow
from counter_app.ui.kiosk_window import KioskWindow
from tests.ui.helpers import Clock, context, engine

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])
ADMIN = Officer(uuid.uuid4(), "quantri", "Quản trị", Role.ADMIN)


def test_board_takes_the_new_notice_and_voice(qtbot: QtBot, store: Store,
                                              tmp_path: Path) -> None:
    ensure_app()
    ctx = context(store, tmp_path)
    engine(ctx, Clock(9, 0))
    board = DisplayWindow(ctx)
    qtbot.addWidget(board)
    board.show()
    assert board.announcer.voice
    ctx.centre_settings.set(ADMIN, "display.notice", "Chiều nay trung tâm nghỉ từ 16:00.")
    ctx.centre_settings.set(ADMIN, "display.voice", "false")
    ctx.centre_settings.set(ADMIN, "display.counters", "1, 3")
    qtbot.waitUntil(lambda: board.snapshot is not None, timeout=10_000)
    board.live.poke()  # what the change feed does on the commit
    qtbot.waitUntil(lambda: board.marquee.text == "Chiều nay trung tâm nghỉ từ 16:00.",
                    timeout=10_000)
    assert not board.announcer.voice
    assert board.shown_counters == {1, 3}
    assert sorted(board.grid.tiles) == [1, 3]
    board.close()


def test_kiosk_shows_a_new_priority_category(qtbot: QtBot, store: Store,
                                             tmp_path: Path) -> None:
    ensure_app()
    ctx = context(store, tmp_path)
    clock = Clock(9, 0)
    engine(ctx, clock)
    window = KioskWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.priority_choices is not None, timeout=10_000)
    assert "TB" not in dict(window.priority_choices)
    ctx.admin.add_priority(ADMIN, PriorityDraft("TB", "Thương binh, bệnh binh", 1))
    window.live.poke()
    qtbot.waitUntil(lambda: "TB" in dict(window.priority_choices), timeout=10_000)
    bar = window.priority
    assert bar is not None  # the new bar is shown on the next turn of the event loop
    qtbot.waitUntil(lambda: bar.isVisibleTo(window), timeout=5_000)
    window.close()
