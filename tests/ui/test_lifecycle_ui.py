"""Lifecycle screens on the real store: the counter's return-of-results flow driven by a simulated
USB scanner, the worklists and header badge, the kiosk's "Tra cứu hồ sơ" (scan, keypad, privacy,
slow-down, idle return) and the rating screens (kiosk page and the counter's second screen)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.adapters.db.models_lifecycle import RatingRow
from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp
from counter_app.domain.dossier import DossierStatus
from counter_app.domain.dossier_code import lookup_url
from counter_app.domain.lifecycle_commands import (
    Collector,
    CollectorKind,
    Ready,
    RequestSupplement,
    Return,
    Transfer,
)
from counter_app.domain.ratings import DEFAULT_SCALE, RatedEvent, RatingTarget
from counter_app.services.kiosk_lookup import LookupThrottled
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.reception import receive_dossier
from counter_app.services.worklists import Worklist
from counter_app.ui import kiosk_lookup, rating_panel
from counter_app.ui.common import ensure_app
from counter_app.ui.kiosk_lookup import LookupPage
from counter_app.ui.qt import Qt, QtWidgets
from counter_app.ui.rating_panel import RatingPanel
from counter_app.ui.worklist_panel import WorklistPanel
from tests.db_fixtures import DEMO_PASSWORDS
from tests.integration.dossier_workers import NOW, person_input
from tests.ui.helpers import Clock, context, engine

LATER = NOW + dt.timedelta(days=1)  # Thursday 16/07/2026 09:00


def officer(ctx: CounterApp, user: str = "canbo1") -> Any:
    return ctx.accounts.login(user, DEMO_PASSWORDS[user])


def received(ctx: CounterApp, **kw: Any) -> Any:
    return receive_dossier(ctx.store.uow, ctx.settings, officer(ctx), person_input(**kw),
                           now=NOW).dossier


def act(ctx: CounterApp, code: str, command: Any, when: dt.datetime) -> None:
    DossierLifecycle(ctx.store.uow, ctx.settings, now=lambda: when).act(officer(ctx), code, command)


def texts(widget: QtWidgets.QWidget) -> str:
    """Every visible text on a widget tree."""
    found = [w.text() for w in widget.findChildren(QtWidgets.QLabel) if w.isVisible()]
    found += [w.text() for w in widget.findChildren(QtWidgets.QLineEdit) if w.isVisible()
              and w.echoMode() == QtWidgets.QLineEdit.EchoMode.Normal]
    return " ".join(found)


@pytest.fixture
def ctx(store: Store, tmp_path: Path) -> CounterApp:
    ensure_app()
    return context(store, tmp_path)


def test_return_flow_driven_by_a_scanner(qtbot: QtBot, ctx: CounterApp) -> None:
    d = received(ctx)
    act(ctx, d.code, Transfer("Công chức Tư pháp - Hộ tịch"), NOW + dt.timedelta(hours=1))
    act(ctx, d.code, Ready("Giấy xác nhận tình trạng hôn nhân"), LATER)
    ctx.now = lambda: LATER + dt.timedelta(hours=2)
    panel = WorklistPanel(ctx.desk, officer(ctx), 2)
    qtbot.addWidget(panel)
    panel.resize(1100, 1000)
    panel.show()
    qtbot.waitUntil(lambda: panel.counts.get(Worklist.READY_TO_RETURN) == 1, timeout=10_000)
    url = lookup_url(ctx.settings.lookup_url_template, d.code, d.lookup_token)
    with qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        qtbot.keyClicks(panel.scan_field, url)  # the scanner "types" the QR's URL …
        qtbot.keyClick(panel.scan_field, Qt.Key.Key_Return)  # … and ends with Enter
    assert shown.args[0].dossier.code == d.code and panel.scan_field.text() == ""
    card = panel.card
    assert card.return_box.isVisible() and card.name_edit.text() == "Nguyễn Văn An"
    qtbot.mouseClick(card.authorised_radio, Qt.MouseButton.LeftButton)
    assert card.doc_edit.isVisible()
    card.name_edit.setText("Trần Văn Bình")  # QTest types ASCII only; an IME would type this
    qtbot.mouseClick(card.return_button, Qt.MouseButton.LeftButton)  # no ID number yet
    assert "Số giấy tờ tùy thân không được để trống" in panel.message.text()
    qtbot.keyClicks(card.id_edit, "001085067890")
    card.doc_edit.setText("Giấy ủy quyền số 12")
    card.fees.setValue(8000)
    offered: list[Any] = []
    panel.rating_offered.connect(offered.append)
    with qtbot.waitSignal(panel.slip_ready, timeout=20_000) as sig:
        qtbot.keyClick(panel, Qt.Key.Key_F10)
    dialog, [target] = sig.args[0], offered
    text = " ".join(unicodedata.normalize("NFC", p.extract_text())
                    for p in PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert "Trần Văn Bình" in " ".join(text.split()) and "8.000 đ" in text
    assert dialog.windowTitle() == f"Phiếu trả kết quả — {d.code}"
    assert target.label == f"Hồ sơ {d.code}" and target.counter_number == 2
    with ctx.store.uow() as uow:
        last = uow.dossiers.events(d.id)[-1]
    assert (last.action, last.national_code, last.counter_number) == ("return", 10, 2)
    assert last.detail["collector"]["id_number"] == "001085067890"
    qtbot.waitUntil(lambda: panel.counts.get(Worklist.READY_TO_RETURN) == 0, timeout=10_000)
    assert "Đã trả kết quả" in panel.message.text()
    dialog.close()


def test_scanner_noise_gets_a_message(qtbot: QtBot, ctx: CounterApp) -> None:
    ctx.now = lambda: NOW
    panel = WorklistPanel(ctx.desk, officer(ctx), 1)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.scan_field, "001190012345|123456789|Nguyen Van An|15081990|Nam")
    qtbot.keyClick(panel.scan_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "thẻ căn cước" in panel.message.text(), timeout=10_000)
    assert not panel.card.isVisible()


def test_worklists_and_header_badge_in_the_counter_window(qtbot: QtBot, ctx: CounterApp) -> None:
    from counter_app.ui.counter_window import CounterWindow

    d = received(ctx)
    act(ctx, d.code, Ready(), LATER)
    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    me = officer(ctx, "canbo2")
    window = CounterWindow(ctx, me, eng.open_counter_session(2, me))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "Chờ trả 1" in window.worklist_badge.text(), timeout=10_000)
    titles = [window.side_tabs.tabText(i) for i in range(window.side_tabs.count())]
    assert titles == ["Tiếp nhận hồ sơ", "Hồ sơ && trả kết quả"]
    qtbot.waitUntil(window.worklist_badge.isVisible, timeout=5_000)  # placed once the bar is in
    assert window.worklist_badge.parent().objectName() == "topbar"
    window.worklists.show_list(Worklist.READY_TO_RETURN)
    qtbot.waitUntil(lambda: window.worklists.table.rowCount() == 1, timeout=10_000)
    assert window.worklists.table.item(0, 0).text() == d.code
    window.close()


def test_finished_ticket_offered_on_the_second_screen(qtbot: QtBot, ctx: CounterApp) -> None:
    from counter_app.ui.counter_window import CounterWindow

    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    me = officer(ctx, "canbo2")
    window = CounterWindow(ctx, me, eng.open_counter_session(2, me),
                           rating_window=True)  # this test machine has one screen
    qtbot.addWidget(window)
    rating = window.rating_window
    assert rating is not None
    qtbot.addWidget(rating)
    window.show()
    eng.issue_ticket("HT")
    for name in ("call_next", "start", "finish"):
        with qtbot.waitSignal(window.action_done, timeout=10_000):
            window.do(name)
        qtbot.waitUntil(lambda: window.db.pending == 0, timeout=10_000)
    qtbot.waitUntil(lambda: rating.pages.currentWidget() is rating.panel, timeout=10_000)
    assert rating.panel.subject.text().startswith("Phiếu A")
    with qtbot.waitSignal(rating.panel.rated, timeout=10_000) as got:
        qtbot.mouseClick(rating.panel.level_buttons["very_satisfied"], Qt.MouseButton.LeftButton)
    assert got.args[0].target.counter_number == 2 and got.args[0].target.officer_username == "canbo2"
    window.close()


def test_kiosk_lookup_by_scan_and_keypad_shows_nothing_personal(
        qtbot: QtBot, ctx: CounterApp, monkeypatch: pytest.MonkeyPatch) -> None:
    d = received(ctx)
    act(ctx, d.code, RequestSupplement(("Bản sao Giấy khai sinh",), "Thiếu giấy tờ",
                                       "Lê Thị Thu Hà", "0243 123 4567"), LATER)
    page = LookupPage(ctx.desk.lookup, ctx.settings.centre.agency_code)
    page.set_timezone(ctx.tz)
    qtbot.addWidget(page)
    page.resize(1920, 874)
    page.show()
    page.show_input()
    assert page.scan_field.hasFocus() or page.focusWidget() is page.scan_field
    url = lookup_url(ctx.settings.lookup_url_template, d.code, d.lookup_token)
    with qtbot.waitSignal(page.answered, timeout=10_000) as got:
        qtbot.keyClicks(page.scan_field, url)
        qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
    assert got.args[0].public.code == d.code
    shown = texts(page)
    assert "Ng***n V** A" in shown and "Cần bổ sung, hoàn thiện hồ sơ" in shown
    assert "1. Bản sao Giấy khai sinh" in shown and "0243 123 4567" in shown
    for secret in ("Nguyễn Văn An", "001090012345", "0912", "phố Huế", "an@example.vn",
                   d.lookup_token):
        assert secret not in shown, secret
    # keypad: the code box starts with this centre's agency code
    page.show_input()
    assert page.code_box.text() == f"{ctx.settings.centre.agency_code}-"
    for ch in d.code.split("-", 1)[1]:
        qtbot.mouseClick(page.findChild(QtWidgets.QPushButton, f"key-{ch}"),
                         Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.token_box, Qt.MouseButton.LeftButton)
    for ch in d.lookup_token:
        qtbot.mouseClick(page.findChild(QtWidgets.QPushButton, f"key-{ch}"),
                         Qt.MouseButton.LeftButton)
    assert page.code_box.text() == d.code
    with qtbot.waitSignal(page.answered, timeout=10_000) as got:
        qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    assert got.args[0].public.status is DossierStatus.SUPPLEMENT_REQUESTED
    # wrong tokens: three free tries, then the kiosk makes the citizen wait
    page.show_input()
    answers = []
    for _ in range(4):
        with qtbot.waitSignal(page.answered, timeout=10_000) as got:
            qtbot.keyClicks(page.scan_field, f"{d.code} ZZZZZZZZ")
            qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
        answers.append(got.args[0])
    assert "Không tìm thấy hồ sơ" in answers[0].message
    assert isinstance(answers[3], LookupThrottled) and not page.search_button.isEnabled()
    assert "Vui lòng đợi" in page.banner.text()
    # idle: back to the ticket screen, nothing left on screen
    monkeypatch.setattr(kiosk_lookup, "INPUT_IDLE_MS", 100)
    with qtbot.waitSignal(page.done, timeout=5_000):
        page.show_input()
    assert page.token_box.text() == "" and page.status is None


def test_kiosk_window_opens_lookup_and_returns_home(qtbot: QtBot, ctx: CounterApp) -> None:
    from counter_app.ui.kiosk_window import KioskWindow

    engine(ctx, Clock(9, 0))
    kiosk = KioskWindow(ctx)
    qtbot.addWidget(kiosk)
    kiosk.resize(1920, 1080)
    kiosk.show()
    qtbot.waitUntil(lambda: len(kiosk.cards) == 4, timeout=10_000)
    qtbot.mouseClick(kiosk.lookup.buttons[0], Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.lookup.page
    with qtbot.waitSignal(kiosk.statuses_loaded, timeout=10_000):
        kiosk.refresh()  # the periodic refresh must not pull the citizen off the lookup page
    assert kiosk.pages.currentWidget() is kiosk.lookup.page
    qtbot.mouseClick(kiosk.lookup.page.findChild(QtWidgets.QPushButton, "lookup-home"),
                     Qt.MouseButton.LeftButton)
    assert kiosk.pages.currentWidget() is kiosk.choose_page
    kiosk.close()


def test_rating_screen_negative_with_reason_then_once_only(
        qtbot: QtBot, ctx: CounterApp, monkeypatch: pytest.MonkeyPatch) -> None:
    d = received(ctx)
    act(ctx, d.code, Ready(), LATER)
    act(ctx, d.code, Return(Collector(CollectorKind.APPLICANT)), LATER + dt.timedelta(hours=1))
    jobs = ctx.desk
    monkeypatch.setattr(rating_panel, "THANKS_MS", 100)
    panel = RatingPanel(DEFAULT_SCALE, jobs.submit_rating)
    qtbot.addWidget(panel)
    panel.resize(1920, 874)
    panel.show()
    panel.offer(jobs.dossier_target(d.code))
    assert [b.text() for b in panel.level_buttons.values()] == [
        "Rất hài lòng", "Hài lòng", "Không hài lòng"]
    qtbot.mouseClick(panel.level_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    assert panel.reason_box.isVisible() and not panel.level_buttons["satisfied"].isVisible()
    qtbot.mouseClick(panel.reason_chips[4], Qt.MouseButton.LeftButton)  # Trả kết quả chậm
    with qtbot.waitSignal(panel.rated, timeout=10_000):
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert "cảm ơn" in panel.message.text()
    qtbot.waitSignal(panel.done, timeout=5_000).wait()
    with ctx.store.uow() as uow:
        rows = [(r.level_label, r.reason, r.negative)
                for r in uow.session.scalars(select(RatingRow))]  # type: ignore[attr-defined]
    assert rows == [("Không hài lòng", "Trả kết quả chậm", True)]
    # a second screen or a second tap cannot rate the same return again
    panel.offer(RatingTarget(RatedEvent.DOSSIER_RETURN, d.id, label="lần hai"))
    qtbot.mouseClick(panel.level_buttons["very_satisfied"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "đã được đánh giá" in panel.message.text(), timeout=10_000)


def test_supervisor_exports_the_ledger_with_a_progress_bar(qtbot: QtBot, ctx: CounterApp,
                                                           tmp_path: Path) -> None:
    from counter_app.ui.ledger_export import LedgerExportDialog

    codes = [received(ctx).code for _ in range(3)]
    ctx.now = lambda: LATER
    jobs = ctx.desk
    assert WorklistPanel(jobs, officer(ctx), None).findChild(
        QtWidgets.QPushButton, "ledger-export") is None  # officers do not export reports
    panel = WorklistPanel(jobs, officer(ctx, "giamsat"), None)
    qtbot.addWidget(panel)
    panel.findChild(QtWidgets.QPushButton, "ledger-export").click()
    dialog = panel.ledger_dialog
    assert isinstance(dialog, LedgerExportDialog)
    moves: list[int] = []
    dialog.bar.valueChanged.connect(moves.append)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as done:
        dialog.export_to(tmp_path / "so.xlsx")
    assert done.args == [tmp_path / "so.xlsx", 3]
    assert moves and dialog.bar.value() == dialog.bar.maximum() == 3
    assert "Đã xuất 3 dòng" in dialog.message.text()
    book = openpyxl.load_workbook(tmp_path / "so.xlsx").active
    assert {c for row in book.iter_rows(values_only=True) for c in row} >= set(codes)
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        dialog.export_to(tmp_path / "so.pdf")
    assert (tmp_path / "so.pdf").read_bytes()[:4] == b"%PDF"
    assert not list(tmp_path.glob("*.part"))
    panel.shutdown()
