"""The counter window on the real store: login, call with function keys, serve, transfer, pause."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp
from counter_app.domain.queue import CounterPaused, PendingDecision, TicketStatus
from counter_app.services.accounts import authenticate
from counter_app.services.queue import QueueEngine
from counter_app.ui.common import ensure_app
from counter_app.ui.counter_login import LoginDialog
from counter_app.ui.counter_window import CounterWindow
from counter_app.ui.qt import Qt, QtWidgets
from tests.db_fixtures import DEMO_PASSWORDS
from tests.ui.helpers import Clock, context, engine


def login(qtbot: QtBot, ctx: CounterApp, eng: QueueEngine, user: str, password: str,
          counter: int) -> LoginDialog:
    ensure_app()
    dialog = LoginDialog(ctx.accounts, eng, ctx.settings.centre.name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.counter.count() == 4, timeout=10_000)
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.counter.setCurrentIndex(dialog.counter.findData(counter))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QtWidgets.QDialog.DialogCode.Accepted
                    or "Đang" not in dialog.error.text(), timeout=10_000)
    return dialog


def key(qtbot: QtBot, window: CounterWindow, k: Qt.Key, action: str) -> object:
    with qtbot.waitSignal(window.action_done, timeout=10_000) as done:
        qtbot.keyClick(window, k)
    assert done.args[0] == action
    qtbot.waitUntil(lambda: window.db.pending == 0, timeout=10_000)  # re-read after the action
    return done.args[1]


def test_login_checks_password_and_one_officer_per_counter(qtbot: QtBot, store: Store,
                                                           tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    eng = engine(ctx, Clock(8, 0))
    bad = login(qtbot, ctx, eng, "canbo1", "sai-mat-khau", 1)
    assert bad.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert "Sai tên đăng nhập hoặc mật khẩu" in bad.error.text()
    good = login(qtbot, ctx, eng, "canbo1", DEMO_PASSWORDS["canbo1"], 1)
    assert good.result() == QtWidgets.QDialog.DialogCode.Accepted
    assert good.officer is not None and good.officer.username == "canbo1"
    assert good.session is not None and good.session.counter_no == 1
    taken = login(qtbot, ctx, eng, "canbo2", DEMO_PASSWORDS["canbo2"], 1)
    assert taken.result() != QtWidgets.QDialog.DialogCode.Accepted
    assert "Quầy 1 đang do cán bộ" in taken.error.text()
    assert "canbo1" in taken.counter.itemText(taken.counter.findData(1))


def open_counter(qtbot: QtBot, ctx: CounterApp, eng: QueueEngine, number: int,
                 user: str = "canbo2") -> CounterWindow:
    ensure_app()
    officer = ctx.accounts.login(user, DEMO_PASSWORDS[user])
    session = eng.open_counter_session(number, officer)
    window = CounterWindow(ctx, officer, session)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    with qtbot.waitSignal(window.refreshed, timeout=10_000):
        window.show()
    return window


def test_call_serve_finish_with_function_keys(qtbot: QtBot, store: Store,
                                              tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    eng.issue_ticket("HT")
    clock.advance(2)
    eng.issue_ticket("CT")
    clock.advance(2)
    eng.issue_ticket("HT", "NKT")
    window = open_counter(qtbot, ctx, eng, 2)  # counter 2 serves HT and CT
    rows = window.panel.model.rows
    assert [r.display_number for r in rows] == ["A002", "A001", "B001"]  # priority first
    assert rows[0].priority_code == "NKT"
    assert "3 người, trong đó 1 ưu tiên" in window.panel.waiting_title.text()
    assert window.panel.card.number.text() == "—"
    assert not window.panel.buttons["recall"].isEnabled()

    called = key(qtbot, window, Qt.Key.Key_F2, "call_next")
    assert called.display_number == "A002"  # type: ignore[attr-defined]
    assert window.panel.card.number.text() == "A002"
    assert "Ưu tiên" in window.panel.card.priority.text()
    assert not window.panel.buttons["call_next"].isEnabled()
    assert len(window.panel.model.rows) == 2
    recalled = key(qtbot, window, Qt.Key.Key_F3, "recall")
    assert recalled.recall_count == 1  # type: ignore[attr-defined]
    assert "gọi lại 1 lần" in window.panel.card.status.text()
    serving = key(qtbot, window, Qt.Key.Key_F4, "start")
    assert serving.status is TicketStatus.SERVING  # type: ignore[attr-defined]
    assert window.panel.card.status.text() == "Đang phục vụ"
    done = key(qtbot, window, Qt.Key.Key_F5, "finish")
    assert done.status is TicketStatus.DONE  # type: ignore[attr-defined]
    assert window.current is None and window.panel.buttons["call_next"].isEnabled()

    key(qtbot, window, Qt.Key.Key_F2, "call_next")
    no_show = key(qtbot, window, Qt.Key.Key_F6, "no_show")
    assert no_show.display_number == "A001"  # type: ignore[attr-defined]
    assert eng.find_ticket("A001").status is TicketStatus.NO_SHOW

    # call a specific ticket, then transfer it to counter 4 (which serves CT)
    target = window.panel.model.rows[0]
    with qtbot.waitSignal(window.action_done, timeout=10_000):
        window.call_specific(target.id)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)
    with qtbot.waitSignal(window.action_failed, timeout=10_000) as refused:
        window.transfer(to_counter=4)
    assert "Quầy 4 đang đóng" in refused.args[1]  # nobody signed in there yet
    eng.open_counter_session(4, authenticate(ctx.store.uow, ctx.hasher, "giamsat",
                                             DEMO_PASSWORDS["giamsat"]))
    with qtbot.waitSignal(window.action_done, timeout=10_000) as moved:
        window.transfer(to_counter=4)
    assert moved.args[1].target_counter_no == 4
    assert eng.waiting_list(4)[0].display_number == "B001"


def test_pause_blocks_calls_and_changes_elsewhere_show_up(qtbot: QtBot, store: Store,
                                                          tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    window = open_counter(qtbot, ctx, eng, 3)  # counter 3 serves DD
    with qtbot.waitSignal(window.action_failed, timeout=10_000) as failed:
        qtbot.keyClick(window, Qt.Key.Key_F2)
    assert "Không còn công dân nào đang chờ" in failed.args[1]
    assert "Không còn công dân" in window.panel.message.text()
    qtbot.waitUntil(lambda: window.panel.buttons["pause"].isEnabled(), timeout=5000)

    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.paused, timeout=5000)
    assert window.panel.card.status.text() == "Tạm nghỉ"
    assert not window.panel.buttons["call_next"].isEnabled()
    assert window.state_pill.text() == "Tạm nghỉ"
    # the pause is the engine's state: the board and the supervisor see it, calls are refused
    assert next(c for c in eng.snapshot(0).counters if c.number == 3).paused
    with pytest.raises(CounterPaused, match="tạm nghỉ"):
        eng.call_next(3, window.officer)

    # a kiosk in another process issues a ticket: the list updates through the change feed
    other = QueueEngine(ctx.store.uow, ctx.settings, now=clock)
    other.issue_ticket("DD")
    qtbot.waitUntil(lambda: len(window.panel.model.rows) == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.db.pending == 0, timeout=5000)  # refreshes settled
    with qtbot.assertNotEmitted(window.action_done, wait=300):
        qtbot.keyClick(window, Qt.Key.Key_F2)  # paused: nothing is sent to the engine
        assert window.db.pending == 0
    assert window.current is None and eng.find_ticket("C001").status is TicketStatus.WAITING

    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not window.paused, timeout=5000)
    assert not next(c for c in eng.snapshot(0).counters if c.number == 3).paused
    assert key(qtbot, window, Qt.Key.Key_F2, "call_next").display_number == "C001"  # type: ignore[attr-defined]


def test_logout_closes_the_counter_session(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    eng = engine(ctx, Clock(9, 0))
    window = open_counter(qtbot, ctx, eng, 1, "canbo1")
    assert next(c for c in eng.snapshot(0).counters if c.number == 1).open
    with qtbot.waitSignal(window.logged_out, timeout=10_000):
        window.logout()
    assert window.did_logout
    assert not next(c for c in eng.snapshot(0).counters if c.number == 1).open


def test_logout_with_a_called_citizen_asks_and_requeues(qtbot: QtBot, store: Store,
                                                         tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    eng = engine(ctx, Clock(9, 0))
    eng.issue_ticket("HT")
    window = open_counter(qtbot, ctx, eng, 1, "canbo1")
    key(qtbot, window, Qt.Key.Key_F2, "call_next")
    asked: list[str] = []

    def stay(question: object) -> None:
        asked.append(question.ticket_display)  # type: ignore[attr-defined]
        return None

    window.ask_pending = stay  # type: ignore[method-assign,assignment]
    window.logout()
    qtbot.waitUntil(lambda: asked == ["A001"], timeout=10_000)
    assert not window.did_logout  # "Ở lại quầy": still signed in, ticket still called
    window.ask_pending = lambda _q: PendingDecision.REQUEUE  # type: ignore[method-assign]
    with qtbot.waitSignal(window.logged_out, timeout=10_000):
        window.logout()
    assert [t.display_number for t in eng.waiting_list(1)] == ["A001"]
