"""The supervisor window on a demo store with generated history: the monitor follows a call made
elsewhere through the change feed, the report tabs draw their tables and charts, a figure opens
its dossiers, and the exports write real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from counter_app.app import CounterApp, build_app
from counter_app.cli.setup_cmds import initialise
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.services.demo_history import generate_history
from counter_app.services.monitor import CounterMode
from counter_app.services.report_layout import COLUMNS
from counter_app.ui.common import ensure_app
from counter_app.ui.qt import QtWidgets
from counter_app.ui.supervisor_window import SupervisorServices, SupervisorWindow

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)  # Wednesday 16:30 in Vietnam: office hours
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def ctx(tmp_path: Path) -> CounterApp:
    ensure_app()
    context = build_app(data_dir=str(tmp_path / "data"))
    context.now = lambda: NOW  # every service reads this clock: no test depends on the hour
    passwords = initialise(context, demo=True)
    context.passwords = passwords  # type: ignore[attr-defined]
    boss = context.accounts.login("giamsat", passwords["giamsat"])
    generate_history(context.store.uow, context.settings, boss, days=10, tickets_per_day=40,
                     dossiers_per_day=12, now=lambda: NOW)
    return context


def window(ctx: CounterApp, qtbot: QtBot) -> tuple[SupervisorWindow, Officer]:
    boss = ctx.accounts.login("giamsat", ctx.passwords["giamsat"])  # type: ignore[attr-defined]
    services = SupervisorServices(ctx.reports, ctx.monitor, ctx.report_files)
    w = SupervisorWindow(services, boss, ctx.settings.centre.name, ctx.tz, today=TODAY,
                         open_feed=ctx.open_change_feed)
    qtbot.addWidget(w)
    return w, boss


def test_monitor_follows_a_call_made_at_a_counter(ctx: CounterApp, qtbot: QtBot) -> None:
    w, _boss = window(ctx, qtbot)
    with qtbot.waitSignal(w.monitor_shown, timeout=10_000):
        pass
    clerk = ctx.accounts.login("canbo2", ctx.passwords["canbo2"])  # type: ignore[attr-defined]
    engine = ctx.monitor.queue
    for c in (1, 2, 3, 4):  # the history leaves sessions open during office hours
        try:
            engine.close_counter_session(c, clerk, "requeue")
        except DomainError:
            pass
    engine.open_counter_session(4, clerk)
    engine.issue_ticket("DKKD")
    ticket = engine.call_next(4, clerk)  # the history may have left others waiting first

    def shows_call() -> bool:
        table = w.monitor_tab.counters
        for r in range(table.rowCount()):
            if table.item(r, 0).text() == "4":
                return table.item(r, 3).text() == ticket.display_number
        return False

    qtbot.waitUntil(shows_call, timeout=5_000)  # the change feed, not the 5-second tick
    row = next(r for r in range(w.monitor_tab.counters.rowCount())
               if w.monitor_tab.counters.item(r, 0).text() == "4")
    assert w.monitor_tab.counters.item(row, 2).text() == "Đang mời"
    snap = ctx.monitor.snapshot(ctx.accounts.login("giamsat",
                                                   ctx.passwords["giamsat"]))  # type: ignore[attr-defined]
    four = next(c for c in snap.counters if c.number == 4)
    assert four.mode is CounterMode.CALLED and four.officer_name == clerk.full_name
    w.close()


def test_report_tabs_draw_tables_charts_drill_down_and_exports(ctx: CounterApp, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    w, boss = window(ctx, qtbot)
    tab = w.reports["dossiers"]
    with qtbot.waitSignal(tab.loaded, timeout=15_000):
        w.tabs.setCurrentWidget(tab)
    report = tab.report
    assert report is not None and report.lines
    total_row = tab.table.rowCount() - 1
    assert tab.table.item(total_row, 0).text() == "Tổng cộng"
    assert tab.table.item(total_row, 1).text() == str(report.total.figures.received)
    assert tab.chart.spec is not None
    assert tab.chart.spec.categories == tuple(line.label for line in report.lines)
    late_column = [h for _, h, _ in COLUMNS["dossiers"]].index("Quá hạn")
    assert tab.figure_at(0, late_column) == (report.lines[0].group, "late")
    assert tab.figure_at(0, 0) is None  # the label column opens nothing
    items = ctx.reports.dossier_items(boss, report.period, report.by, report.lines[0].group,
                                      "late")
    assert len(items) == report.lines[0].figures.late
    xlsx, pdf = tmp_path / "d.xlsx", tmp_path / "d.pdf"
    with qtbot.waitSignal(tab.worker.idle, timeout=15_000):
        tab.export_to(xlsx, "xlsx")
    with qtbot.waitSignal(tab.worker.idle, timeout=15_000):
        tab.export_to(pdf, "pdf")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.freeze_panes == "B8" and sheet.cell(7, 2).value == "Tiếp nhận"
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Hồ sơ giải quyết đúng hạn và quá hạn" in text
    queue = w.reports["queue"]
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        w.tabs.setCurrentWidget(queue)
    assert queue.report is not None and queue.report.total.figures.issued > 0
    queue.preset.setCurrentIndex(5)  # custom: reversed dates are refused in Vietnamese
    queue.first.setDate(queue.last.date().addDays(1))
    assert not queue.first.date() <= queue.last.date()
    assert TODAY >= report.period.first
    w.close()


def test_a_paused_counter_shows_on_the_board_and_the_monitor(ctx: CounterApp) -> None:
    from counter_app.ui.display_window import tile_view

    clerk = ctx.accounts.login("canbo1", ctx.passwords["canbo1"])  # type: ignore[attr-defined]
    engine = ctx.monitor.queue
    for c in (1, 2, 3, 4):
        try:
            engine.close_counter_session(c, clerk, "requeue")
        except DomainError:
            pass
    engine.open_counter_session(1, clerk)
    engine.pause_counter(1, clerk)
    engine.pause_counter(1, clerk)  # idempotent
    board = next(c for c in engine.snapshot(0).counters if c.number == 1)
    assert board.paused and tile_view(board).note == "Tạm nghỉ"
    boss = ctx.accounts.login("giamsat", ctx.passwords["giamsat"])  # type: ignore[attr-defined]
    live = next(c for c in ctx.monitor.snapshot(boss).counters if c.number == 1)
    assert live.mode is CounterMode.PAUSED and live.elapsed_s is not None
    engine.resume_counter(1, clerk)
    assert not next(c for c in engine.snapshot(0).counters if c.number == 1).paused


def test_step_dialog_offers_back_dating_to_supervisors(qtbot: QtBot) -> None:
    from counter_app.domain.lifecycle_commands import LifecycleAction
    from counter_app.ui.qt import QtCore
    from counter_app.ui.worklist_return import StepDialog

    plain = StepDialog(LifecycleAction.READY)
    qtbot.addWidget(plain)
    assert plain.backdate is None and plain.moment() is None
    dialog = StepDialog(LifecycleAction.READY, backdate=True)
    qtbot.addWidget(dialog)
    assert dialog.moment() is None and not dialog.when.isEnabled()
    assert dialog.backdate is not None
    dialog.backdate.setChecked(True)
    dialog.when.setDateTime(QtCore.QDateTime(QtCore.QDate(2026, 11, 30), QtCore.QTime(7, 45)))
    assert dialog.moment() == dt.datetime(2026, 11, 30, 7, 45)
    future = QtCore.QDateTime.currentDateTime().addDays(2)
    dialog.when.setDateTime(future)
    assert dialog.when.dateTime() <= QtCore.QDateTime.currentDateTime().addSecs(60)  # capped


def test_scan_button_stores_files_for_the_dossier_on_the_card(ctx: CounterApp, qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    from types import SimpleNamespace

    from counter_app.domain.dossier import DossierStatus
    from counter_app.services.ports.reports import GroupBy
    from counter_app.services.reports import ReportPeriod
    from counter_app.ui.scan_attach import ScanButton
    from counter_app.ui.worker import Worker

    boss = ctx.accounts.login("giamsat", ctx.passwords["giamsat"])  # type: ignore[attr-defined]
    today = TODAY
    items = ctx.reports.dossier_items(boss, ReportPeriod(today - dt.timedelta(days=12), today),
                                      GroupBy.NONE, None, "received")
    returned = next(i for i in items if i.status == "returned")
    card = SimpleNamespace(code=returned.code, status=DossierStatus(returned.status))
    said: list[tuple[str, bool]] = []
    host = QtWidgets.QWidget()
    qtbot.addWidget(host)
    button = ScanButton(ctx.digitised, Worker(host), boss, lambda: card,
                        lambda text, error: said.append((text, error)))
    good, bad = tmp_path / "ket-qua.pdf", tmp_path / "anh.png"
    good.write_bytes(b"%PDF-1.7\n%%EOF\n")
    bad.write_bytes(b"not a png")
    with qtbot.waitSignal(button.attached, timeout=10_000):
        button.attach_paths([good])
    assert said[-1] == (f"Đã lưu 1 bản điện tử kết quả vào hồ sơ {returned.code}.", False)
    stored = ctx.digitised.files(boss, returned.code)
    assert [(f.kind, f.file_name) for f in stored if f.file_name == "ket-qua.pdf"] == [
        ("result", "ket-qua.pdf")]
    button.attach_paths([bad])
    qtbot.waitUntil(lambda: said[-1][1], timeout=10_000)
    assert "không phải PDF, JPEG hoặc PNG" in said[-1][0]


def test_scanner_folder_is_watched_and_imported(ctx: CounterApp, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    from types import SimpleNamespace

    from counter_app.adapters.file_store import FolderInbox
    from counter_app.domain.dossier import DossierStatus
    from counter_app.services.ports.reports import GroupBy
    from counter_app.services.reports import ReportPeriod
    from counter_app.ui.scan_attach import InboxButton
    from counter_app.ui.worker import Worker

    boss = ctx.accounts.login("giamsat", ctx.passwords["giamsat"])  # type: ignore[attr-defined]
    today = TODAY
    items = ctx.reports.dossier_items(boss, ReportPeriod(today - dt.timedelta(days=12), today),
                                      GroupBy.NONE, None, "received")
    open_one = next(i for i in items if i.status in ("processing", "received"))
    card = SimpleNamespace(code=open_one.code, status=DossierStatus(open_one.status))
    folder = tmp_path / "scanner"
    folder.mkdir()
    said: list[tuple[str, bool]] = []
    host = QtWidgets.QWidget()
    qtbot.addWidget(host)
    button = InboxButton(ctx.digitised, FolderInbox(folder), str(folder), Worker(host), boss,
                         lambda: card, lambda text, error: said.append((text, error)))
    (folder / "trang-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    qtbot.waitUntil(lambda: button.waiting == 1, timeout=10_000)  # the folder is watched
    assert button.text() == "Lấy từ máy quét (1)"
    with qtbot.waitSignal(button.imported, timeout=10_000):
        button.click()
    assert not any(folder.iterdir())
    qtbot.waitUntil(lambda: button.waiting == 0, timeout=10_000)
    names = [f.file_name for f in ctx.digitised.files(boss, open_one.code)]
    assert "trang-1.png" in names and said[-1][1] is False


def test_return_box_offers_back_dating_only_to_supervisors(qtbot: QtBot) -> None:
    from counter_app.ui.qt import QtCore
    from counter_app.ui.worklist_return import DossierCardView

    card = DossierCardView()
    qtbot.addWidget(card)
    card.allow_backdate(False)
    card.return_backdate.setChecked(True)
    assert card.return_moment() is None  # an officer's return is always "now"
    card.allow_backdate(True)
    card.return_backdate.setChecked(True)
    card.return_when.setDateTime(QtCore.QDateTime(QtCore.QDate(2026, 11, 24), QtCore.QTime(15, 5)))
    assert card.return_moment() == dt.datetime(2026, 11, 24, 15, 5)
