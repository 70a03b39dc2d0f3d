"""The display board on the real store: a call from another process shows within a second,
flashes, and is announced through the serial queue; the layout fits 4–20 counters."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp
from counter_app.domain.announcement import Announcement
from counter_app.domain.reference import Counter
from counter_app.ui.common import ensure_app
from counter_app.ui.display_tiles import grid_shape
from counter_app.ui.display_window import DisplayWindow
from tests.db_fixtures import DEMO_PASSWORDS
from tests.ui.helpers import Clock, context, engine


def open_board(qtbot: QtBot, ctx: CounterApp, clock: Clock) -> DisplayWindow:
    ensure_app()
    engine(ctx, clock)
    board = DisplayWindow(ctx)
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    with qtbot.waitSignal(board.refreshed, timeout=10_000):
        board.show()
    return board


def tile_ticket(board: DisplayWindow, counter: int) -> str | None:
    return board.grid.tiles[counter].view.ticket


def test_call_from_another_process_shows_within_a_second_and_is_announced(
        qtbot: QtBot, store: Store, store_url: str, tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    first = eng.issue_ticket("HT")
    eng.issue_ticket("HT")
    board = open_board(qtbot, ctx, clock)
    assert set(board.grid.tiles) == {1, 2, 3, 4}
    assert tile_ticket(board, 1) is None
    assert board.waiting.items[0].waiting == 2
    assert board.announcer.history == []

    env = dict(os.environ, COUNTER_APP_PASSWORD=DEMO_PASSWORDS["canbo1"])
    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "--database-url", store_url, "--data-dir",
         str(tmp_path), "ticket", "call-next", "--counter", "1", "--officer", "canbo1",
         "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shown_at: list[float] = []
    board.refreshed.connect(
        lambda snap: shown_at.append(time.time()) if tile_ticket(board, 1) and not shown_at
        else None)
    qtbot.waitUntil(lambda: proc.poll() is not None and bool(shown_at), timeout=30_000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    called = json.loads(out.strip().splitlines()[-1])
    assert called["display_number"] == first.display_number == "A001"
    latency = shown_at[0] - dt.datetime.fromisoformat(called["called_at"]).timestamp()
    assert latency < 1.0, f"board showed the call {latency:.2f} s after it was made"

    assert tile_ticket(board, 1) == "A001"
    assert board.grid.tiles[1].view.note == "Đang mời"
    assert board.grid.tiles[1].flashing and board.recent.flashing
    assert board.recent.calls[0].ticket == "A001" and board.recent.calls[0].counter_number == 1
    assert board.waiting.items[0].waiting == 1
    assert board.announcer.history == [Announcement("A001", 1)]
    assert board.calling.text() == "Mời công dân có số thứ tự A001 đến quầy số 1"

    # a recall in this process is announced again, queued behind the call being spoken
    officer = ctx.accounts.login("canbo1", DEMO_PASSWORDS["canbo1"])
    with qtbot.waitSignal(board.announcer.queued, timeout=5000):
        eng.recall(uuid.UUID(called["id"]), officer)
    assert board.announcer.history == [Announcement("A001", 1)] * 2
    assert len(board.announcer.queue) == 2  # the first is still spoken, nothing was cut off
    assert board.announcer.queue.current == Announcement("A001", 1)
    assert [c.ticket for c in board.recent.calls] == ["A001"]  # a recall is listed once


def test_voice_off_still_shows_calls(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ctx = context(store, tmp_path, voice=False)
    clock = Clock(9, 30)
    eng = engine(ctx, clock)
    eng.issue_ticket("DD")
    officer = ctx.accounts.login("canbo2", DEMO_PASSWORDS["canbo2"])
    board = open_board(qtbot, ctx, clock)
    eng.open_counter_session(3, officer)
    with qtbot.waitSignal(board.announcer.finished, timeout=5000):
        eng.call_next(3, officer)
    assert tile_ticket(board, 3) == "C001"
    assert board.announcer.voice is False and len(board.announcer.queue) == 0


@pytest.mark.parametrize("count", [4, 6, 9, 12, 16, 20])
def test_grid_shape_fits_every_counter_with_large_digits(count: int) -> None:
    cols, rows = grid_shape(count, 1230, 830)  # the board's grid area at 1920x1080
    assert cols * rows >= count and (rows - 1) * cols < count
    size = min(1230 / cols / 3.4, 830 / rows / 2.3)
    assert size >= 45  # digits stay readable from 10 m (a 55" panel: ~5 cm)


def test_board_lays_out_twenty_counters(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    with store.uow() as uow:
        services = tuple(s.id for s in uow.reference.list_services())
        for n in range(5, 21):
            uow.reference.add_counter(Counter(uuid.uuid4(), n, f"Quầy {n}", services[:1]))
        uow.commit()
    ctx = context(store, tmp_path)
    board = open_board(qtbot, ctx, Clock(10, 0))
    qtbot.waitUntil(lambda: len(board.grid.tiles) == 20, timeout=5000)
    tiles = list(board.grid.tiles.values())
    qtbot.waitUntil(lambda: min(t.height() for t in tiles) >= 150, timeout=5000)  # laid out
    area = board.grid.rect()
    assert all(area.contains(t.geometry()) for t in tiles)
    assert min(t.width() for t in tiles) >= 200
    rows = {t.y() for t in tiles}
    # the shape that gives the largest digits in the room the side column leaves (4 x 5 here)
    assert len(rows) == grid_shape(20, area.width(), area.height())[1]
