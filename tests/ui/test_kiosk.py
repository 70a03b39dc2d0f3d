"""The kiosk window end to end on the real store: issue, print, printer failure, closed state."""

from __future__ import annotations

import contextlib
import itertools
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import ImageChops
from pytestqt.qtbot import QtBot

from counter_app.adapters.db.store import Store
from counter_app.adapters.printing.ticket_image import render_ticket
from counter_app.app import CounterApp
from counter_app.domain.mobile_ticket import ticket_url
from counter_app.domain.queue import TicketStatus
from counter_app.domain.reference import QueueService
from counter_app.domain.settings import QueueSettings
from counter_app.domain.ticket_slip import TicketSlip
from counter_app.services.accounts import authenticate
from counter_app.services.kiosk import PreparedTicket
from counter_app.ui.common import ensure_app
from counter_app.ui.kiosk_result import PRINTER_TROUBLE, PrintState
from counter_app.ui.kiosk_window import KioskWindow
from counter_app.ui.qt import Qt, QtCore
from tests.db_fixtures import DEMO_PASSWORDS
from tests.escpos_decode import decode
from tests.ui.helpers import (
    TZ,
    Clock,
    FakePrinter,
    closed_port,
    context,
    engine,
    hanging_port,
)


def open_kiosk(qtbot: QtBot, ctx: CounterApp, clock: Clock, services: int = 4) -> KioskWindow:
    ensure_app()
    engine(ctx, clock)
    window = KioskWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: len(window.cards) == services and hasattr(window, "priority"),
                    timeout=10_000)
    return window


def press(qtbot: QtBot, window: KioskWindow, code: str) -> PreparedTicket:
    with qtbot.waitSignal(window.ticket_ready, timeout=10_000) as got:
        qtbot.mouseClick(window.cards[code], Qt.MouseButton.LeftButton)
    ticket = got.args[0]
    assert isinstance(ticket, PreparedTicket)
    return ticket


def test_issue_prints_the_ticket_on_the_file_printer(qtbot: QtBot, store: Store,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "printer.bin"
    ctx = context(store, tmp_path, printer={"kind": "file", "path": str(out), "print_qr": True})
    clock = Clock(9, 0)
    window = open_kiosk(qtbot, ctx, clock)
    assert window.cards["HT"].isEnabled()
    assert window.service.setup().counters_by_service["HT"] == (1, 2)

    with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
        ticket = press(qtbot, window, "HT")
    assert printed.args == [True, ""]
    # stored first, on screen, printed
    stored = engine(ctx, clock).find_ticket(ticket.issued.display_number)
    assert stored.status is TicketStatus.WAITING and stored.service_code == "HT"
    assert window.result_page.number.text() == stored.display_number == "A001"
    assert window.result_page.state is PrintState.PRINTED
    decoded = decode(out.read_bytes())
    assert decoded.commands[0] == "init" and decoded.ends_with_cut
    expected = TicketSlip(
        centre_name=ctx.settings.centre.name, service_name="Hộ tịch", display_number="A001",
        priority_label=None, issued_at=clock.at.astimezone(TZ), people_ahead=0,
        estimate_minutes=None, counter_hint="Quầy 1, 2",
        qr_payload=ticket_url(ctx.settings.ticket_url_template, ticket.issued.id,
                              ticket.issued.web_token))
    image = decoded.image
    want = render_ticket(expected, paper_width_mm=80, with_qr=True)
    assert image.size == want.size
    assert ImageChops.difference(image.convert("L"), want.convert("L")).getbbox() is None
    qr = [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]
    assert qr == [expected.qr_payload] and f"/ve/{stored.id.hex}?k=" in qr[0]
    assert len(ticket.issued.web_token) == 10  # the mobile ticket's own secret, not the id

    # a priority ticket: the choice is sent, goes ahead of A001, and the bar resets
    window.go_home()
    qtbot.mouseClick(window.priority.buttons["NCT"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.print_finished, timeout=10_000):
        second = press(qtbot, window, "HT")
    assert second.issued.display_number == "A002"
    assert second.slip.priority_label == "Người từ 60 tuổi trở lên"
    assert second.issued.people_ahead == 0
    assert window.priority.selected is None
    assert "Ưu tiên" in window.result_page.priority.text()
    # the file printer rewrites its file per job: it now holds the second ticket, whose QR opens
    # the second ticket's own mobile page
    reread = decode(out.read_bytes()).image.convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(reread)] == [
        ticket_url(ctx.settings.ticket_url_template, second.issued.id, second.issued.web_token)]


def test_printer_driver_is_loaded_once_the_window_is_usable(qtbot: QtBot, store: Store,
                                                            tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The first ticket does not pay python-escpos' capabilities database and the renderer."""
    ctx = context(store, tmp_path, printer={"kind": "file", "path": str(tmp_path / "p.bin")})
    warmed: list[bool] = []
    monkeypatch.setattr(ctx.kiosk.printer, "warm_up", lambda: warmed.append(True))
    window = open_kiosk(qtbot, ctx, Clock(9, 0))
    qtbot.waitUntil(lambda: warmed == [True], timeout=10_000)
    window.refresh()
    qtbot.wait(200)
    assert warmed == [True]  # once, not on every refresh


@pytest.mark.parametrize("fault", ["closed_port", "hanging"])
def test_failing_printer_keeps_the_ticket_and_the_window_responsive(
        qtbot: QtBot, store: Store, tmp_path: Path, fault: str) -> None:
    with contextlib.ExitStack() as stack:
        port = stack.enter_context(hanging_port()) if fault == "hanging" else closed_port()
        ctx = context(store, tmp_path, printer={"kind": "network", "host": "127.0.0.1",
                                                "port": port, "timeout_s": 1.0})
        clock = Clock(10, 0)
        window = open_kiosk(qtbot, ctx, clock)
        ticks: list[float] = []
        timer = QtCore.QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(20)
        started = time.monotonic()
        with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
            ticket = press(qtbot, window, "DD")
            assert window.result_page.number.text() == "C001"  # on screen before printing ends
        timer.stop()
        ok, message = printed.args
        assert not ok and "Máy in không phản hồi" in message
        assert ticks, "the GUI thread kept running while printing failed"
        if fault == "hanging":  # the printer blocked for its whole timeout, the GUI did not
            assert time.monotonic() - started >= 0.9
            gaps = [b - a for a, b in itertools.pairwise(ticks)]
            assert len(ticks) > 20 and max(gaps) < 0.5
        _check_problem_and_go_on(qtbot, window, ctx, clock, ticket)


def _check_problem_and_go_on(qtbot: QtBot, window: KioskWindow, ctx: CounterApp,
                             clock: Clock, ticket: PreparedTicket) -> None:
    stored = engine(ctx, clock).find_ticket("C001")
    assert stored.id == ticket.issued.id and stored.status is TicketStatus.WAITING
    assert window.result_page.state is PrintState.PROBLEM
    assert PRINTER_TROUBLE in window.result_page.status.text()
    assert window.result_page.reprint_button.isVisible()
    assert PRINTER_TROUBLE in window.printer_label.text()
    assert window.staff_reprint.isVisible() and window.failed_slips == [ticket.slip]
    # still usable: reprint fails again (printer still off), another citizen gets a number
    with qtbot.waitSignal(window.print_finished, timeout=10_000) as again:
        qtbot.mouseClick(window.result_page.reprint_button, Qt.MouseButton.LeftButton)
    assert again.args[0] is False
    window.go_home()
    qtbot.waitUntil(lambda: window.cards["DD"].isEnabled(), timeout=5000)
    with qtbot.waitSignal(window.print_finished, timeout=10_000):
        assert press(qtbot, window, "DD").issued.display_number == "C002"
    assert len(window.failed_slips) == 2


def test_kiosk_outside_opening_hours_shows_why(qtbot: QtBot, store: Store,
                                               tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    window = open_kiosk(qtbot, ctx, Clock(19, 30))
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.closed_page, timeout=5000)
    assert "Ngoài giờ cấp số" in window.closed_reason.text()
    assert not any(b.isEnabled() for b in window.cards.values())


def test_no_printer_configured_shows_number_to_remember(qtbot: QtBot, store: Store,
                                                        tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    window = open_kiosk(qtbot, ctx, Clock(8, 0))
    ticket = press(qtbot, window, "CT")
    assert ticket.data is None and ticket.issued.display_number == "B001"
    assert window.result_page.state is PrintState.NO_PRINTER
    assert "ghi nhớ" in window.printer_label.text()


def test_paper_out_is_reported_and_refuses_to_print(qtbot: QtBot, store: Store,
                                                    tmp_path: Path) -> None:
    printer = FakePrinter(paper_byte=0x72)  # DLE EOT 4 reply: paper end sensors set
    try:
        ctx = context(store, tmp_path, printer={"kind": "network", "host": "127.0.0.1",
                                                "port": printer.port, "timeout_s": 2.0})
        window = open_kiosk(qtbot, ctx, Clock(9, 0))
        qtbot.waitUntil(lambda: "hết giấy" in window.printer_label.text(), timeout=5000)
        with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
            ticket = press(qtbot, window, "HT")
        assert printed.args[0] is False and "hết giấy" in printed.args[1]
        assert engine(ctx, Clock(9, 0)).find_ticket("A001").id == ticket.issued.id
        assert window.result_page.state is PrintState.PROBLEM
        assert not printer.received  # nothing was sent to a printer without paper
        printer.paper_byte = 0x12  # paper replaced: staff reprints, the footer clears
        with qtbot.waitSignal(window.print_finished, timeout=10_000) as again:
            qtbot.mouseClick(window.staff_reprint, Qt.MouseButton.LeftButton)
        assert again.args[0] is True
        qtbot.waitUntil(lambda: len(decode(bytes(printer.received)).fragments) > 0, timeout=5000)
        assert window.failed_slips == [] and not window.staff_reprint.isVisible()
        assert PRINTER_TROUBLE not in window.printer_label.text()
    finally:
        printer.close()


def test_daily_cap_closes_a_service_with_the_reason(qtbot: QtBot, store: Store,
                                                    tmp_path: Path) -> None:
    with store.uow() as uow:
        uow.reference.add_service(QueueService(uuid.uuid4(), "THU", "Dịch vụ thử", "T",
                                               daily_cap=1, sort_order=9))
        uow.commit()
    ctx = context(store, tmp_path)
    window = open_kiosk(qtbot, ctx, Clock(9, 0), services=5)
    assert press(qtbot, window, "THU").issued.display_number == "T001"
    # pressed again before the kiosk re-read the services: refused with the reason on screen
    window.go_home()
    window.press("THU")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert "hết số trong ngày" in window.banner.text()
    qtbot.waitUntil(lambda: not window.cards["THU"].isEnabled(), timeout=5000)
    assert "hết số" in (window.cards["THU"].card.closed_reason or "")
    assert window.cards["HT"].isEnabled()


def test_service_without_an_open_counter_is_greyed_out(qtbot: QtBot, store: Store,
                                                       tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    strict = QueueSettings(issue_without_open_counter=False)
    ctx = CounterApp(ctx.paths, replace(ctx.settings, queue=strict), ctx.database_url,
                     store=ctx.store)
    clock = Clock(9, 0)
    eng = engine(ctx, clock)
    window = open_kiosk(qtbot, ctx, clock)  # nobody signed in at any counter yet
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.closed_page, timeout=5000)
    assert "Chưa có quầy nào mở" in window.closed_reason.text()
    officer = authenticate(ctx.store.uow, ctx.hasher, "canbo1", DEMO_PASSWORDS["canbo1"])
    eng.open_counter_session(1, officer)  # counter 1 serves HT only
    window.refresh()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.choose_page, timeout=5000)
    qtbot.waitUntil(lambda: not window.cards["CT"].isEnabled(), timeout=5000)
    assert window.cards["HT"].isEnabled()
    assert window.cards["CT"].card.closed_reason == "Chưa có quầy phục vụ"
    eng.open_counter_session(2, authenticate(ctx.store.uow, ctx.hasher, "canbo2",
                                             DEMO_PASSWORDS["canbo2"]))  # HT and CT
    window.refresh()
    qtbot.waitUntil(lambda: window.cards["CT"].isEnabled(), timeout=5000)
    assert not window.cards["DD"].isEnabled()
