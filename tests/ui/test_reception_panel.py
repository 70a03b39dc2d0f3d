"""The reception panel on the real store: search as you type, chip-card scan, per-field errors,
receive, receipt preview/print/save, appointment change, and the link to the ticket served."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp
from counter_app.domain.reference import Officer
from counter_app.services.dossier_queries import show_dossier
from counter_app.ui.common import ensure_app
from counter_app.ui.counter_window import CounterWindow
from counter_app.ui.qt import Qt
from counter_app.ui.reception_panel import ReceptionPanel
from tests.db_fixtures import DEMO_PASSWORDS
from tests.ui.helpers import TZ, Clock, context, engine

CARD = "001090012345|123456789|Nguyễn Văn An|15081990|Nam|Số 5 phố Huế, Hà Nội|01012022"
WED_0900 = dt.datetime(2026, 7, 15, 9, 0, tzinfo=TZ)


def officer(ctx: CounterApp, user: str = "canbo1") -> Officer:
    return ctx.accounts.login(user, DEMO_PASSWORDS[user])


def make_panel(qtbot: QtBot, ctx: CounterApp, **kw: object) -> ReceptionPanel:
    ensure_app()
    panel = ReceptionPanel(ctx.dossiers, ctx.documents, officer(ctx), 2, now=lambda: WED_0900,
                           **kw)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(1000, 1600)
    panel.show()
    return panel


def pick(qtbot: QtBot, panel: ReceptionPanel, typed: str) -> None:
    qtbot.keyClicks(panel.procedure.search, typed)  # debounced search as you type
    qtbot.waitUntil(lambda: panel.procedure.results.count() > 0, timeout=10_000)
    panel.procedure.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.appointment.appointment is not None, timeout=10_000)


def test_receive_from_the_panel(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    panel = make_panel(qtbot, ctx)
    pick(qtbot, panel, "xac nhan tinh trang hon nhan")
    details = panel.procedure.details.text()
    assert "3 ngày làm việc" in details and "Lệ phí" in details and "Tờ khai theo mẫu" in details
    assert panel.documents.table.rowCount() == 2
    # Wed 09:00 + 3 working days → Mon 20/07 09:00
    assert panel.appointment.shown.text() == "Hẹn trả: 09 giờ 00 phút, ngày 20/07/2026"
    assert panel.appointment.provisional.text() == ""

    # nothing filled in: each field gets its own message, nothing is saved
    with qtbot.waitSignal(panel.rejected, timeout=10_000) as rejected:
        qtbot.mouseClick(panel.receive_button, Qt.MouseButton.LeftButton)
    errors = rejected.args[0]
    assert {"applicant.full_name", "applicant.id_number"} <= set(errors)
    assert panel.applicant.person.errors["full_name"].isVisibleTo(panel)
    assert "không được để trống" in panel.applicant.person.errors["full_name"].text()
    assert "mục cần sửa" in panel.message.text()

    # scan the chip card, add a phone, untick one line, add a free item
    panel.applicant.scan.setText(CARD)  # what a keyboard-wedge scanner types
    qtbot.keyClick(panel.applicant.scan, Qt.Key.Key_Return)
    assert panel.applicant.person.edits["id_number"].text() == "001090012345"
    assert panel.applicant.sex.currentText() == "Nam"
    panel.applicant.person.edits["phone"].setText("0912 345 678")
    panel.documents.set_ticks(1, received=False, from_database=True)
    panel.documents.extra_name.setText("Bản sao sổ hộ khẩu cũ")
    qtbot.mouseClick(panel.documents.add_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.receipt_ready, timeout=30_000) as ready:
        qtbot.mouseClick(panel.receive_button, Qt.MouseButton.LeftButton)
    result = panel.last_result
    assert result is not None and result.dossier.code == "H01.151.01-260715-0001"
    assert result.dossier.counter_number == 2 and result.dossier.ticket_id is None
    assert "Đã tiếp nhận hồ sơ H01.151.01-260715-0001" in panel.message.text()
    assert panel.applicant.person.edits["full_name"].text() == ""  # cleared for the next one
    stored = show_dossier(ctx.store.uow, result.dossier.code, "t").dossier
    assert [(d.received, d.from_database, d.extra) for d in stored.documents] == [
        (True, False, False), (False, True, False), (True, False, True)]
    assert stored.applicant_name == "Nguyễn Văn An"

    dialog = ready.args[0]
    assert dialog.code == result.dossier.code and dialog.print_button.isEnabled()
    from PySide6 import QtPrintSupport

    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setFullPage(True)
    with qtbot.waitSignal(dialog.printed, timeout=60_000) as done:
        dialog.print_with(printer)
    copies = ctx.settings.dossier.copies
    assert done.args[0] == copies and len(PdfReader(printed).pages) == copies
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_to(tmp_path / "saved.pdf")
    saved = " ".join(PdfReader(tmp_path / "saved.pdf").pages[0].extract_text().split())
    assert result.dossier.code in saved and result.dossier.lookup_token in saved


def test_appointment_change_needs_a_reason(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    panel = make_panel(qtbot, ctx)
    pick(qtbot, panel, "1.004873")
    panel.applicant.person.set_values({"full_name": "Trần Thị Cúc", "id_number": "079195001234"})
    panel.appointment.change.setChecked(True)
    panel.appointment.at.setDateTime(panel.appointment.at.dateTime().addDays(1))
    with qtbot.waitSignal(panel.rejected, timeout=10_000) as rejected:
        panel.receive()
    assert "appointment.reason" in rejected.args[0]
    assert "lý do" in panel.appointment.error.text()
    panel.appointment.reason.setText("Công dân xin hẹn muộn hơn")
    with qtbot.waitSignal(panel.received, timeout=10_000) as received:
        panel.receive()
    d = received.args[0].dossier
    assert d.appointment_at.astimezone(TZ).replace(tzinfo=None) == dt.datetime(2026, 7, 21, 9, 0)
    assert d.appointment_reason == "Công dân xin hẹn muộn hơn"


def test_counter_window_links_the_dossier_to_the_ticket_served(qtbot: QtBot, store: Store,
                                                               tmp_path: Path) -> None:
    ctx = context(store, tmp_path)
    eng = engine(ctx, Clock(9, 0))
    ensure_app()
    who = officer(ctx, "canbo2")
    window = CounterWindow(ctx, who, eng.open_counter_session(1, who))
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    issued = eng.issue_ticket("HT")
    with qtbot.waitSignal(window.action_done, timeout=10_000):
        window.do("call_next")
    qtbot.waitUntil(lambda: window.current is not None, timeout=10_000)
    panel = window.reception
    qtbot.waitUntil(lambda: issued.display_number in panel.ticket_label.text(), timeout=5_000)
    pick(qtbot, panel, "chung thuc ban sao")
    panel.applicant.person.set_values({"full_name": "Lê Văn Bình", "id_number": "001085067890"})
    with qtbot.waitSignal(panel.received, timeout=10_000) as received:
        panel.receive()
    d = received.args[0].dossier
    assert d.ticket_id == issued.id and d.counter_number == 1 and d.officer_username == "canbo2"
    qtbot.waitUntil(lambda: panel.receipt is not None, timeout=30_000)
    panel.receipt.close()  # type: ignore[union-attr]
    # the current-ticket card lists the dossier just received for this citizen
    window.refresh()
    card = window.panel.card
    qtbot.waitUntil(lambda: d.code in card.dossiers.text(), timeout=10_000)
    assert card.dossiers.text() == f"Hồ sơ {d.code} (đã tiếp nhận hồ sơ)"
    window.close()
