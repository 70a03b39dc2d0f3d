"""Admin tabs on the real services (SQLite): edit dialogs with inline errors, kiosk order,
officers with reset password, sign-in with forced change and lockout, procedure versions."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counter_app.adapters.audit_xlsx import write_audit_xlsx
from counter_app.adapters.catalogue_file import CatalogueFileIO
from counter_app.adapters.config_file import TomlSettingsCodec
from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printer_config import FilePrinterConfig
from counter_app.adapters.printing.escpos_output import TicketPrinter
from counter_app.domain.catalogue import Channel
from counter_app.domain.clock import OverrideKind
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.accounts import AccountService
from counter_app.services.admin_setup import AdminService
from counter_app.services.audit import AuditService
from counter_app.services.calendar_admin import CalendarAdmin
from counter_app.services.catalogue_admin import CatalogueAdmin
from counter_app.services.centre_settings import CentreSettingsService
from counter_app.services.devices import DeviceService
from counter_app.ui.admin_audit import AuditTab
from counter_app.ui.admin_calendar import CalendarTab
from counter_app.ui.admin_centre import GROUPS, CentreTab
from counter_app.ui.admin_devices import DevicesTab
from counter_app.ui.admin_form import FormDialog
from counter_app.ui.admin_officers import OfficersTab
from counter_app.ui.admin_procedures import ProceduresTab
from counter_app.ui.admin_setup_tabs import CountersTab, ServicesTab
from counter_app.ui.common import ensure_app
from counter_app.ui.qt import QtWidgets
from counter_app.ui.sign_in import SignInDialog
from counter_app.ui.worker import Worker
from tests.db_fixtures import DEMO_PASSWORDS

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])
ADMIN = Officer(uuid.uuid4(), "quantri", "Người Quản Trị", Role.ADMIN)


def loaded(qtbot: QtBot, tab: object) -> None:
    """Load ``tab`` and wait for its rows."""
    with qtbot.waitSignal(tab.loaded, timeout=10_000):  # type: ignore[attr-defined]
        tab.load()  # type: ignore[attr-defined]


def save(qtbot: QtBot, form: FormDialog) -> None:
    """Press "Lưu" and wait until the dialog closed or shows an error."""
    form.ok.click()
    qtbot.waitUntil(lambda: form.worker.pending == 0 and form.general.text() != "Đang lưu…",
                    timeout=10_000)


def test_services_tab_inline_errors_add_and_kiosk_order(qtbot: QtBot, store: Store,
                                                        hasher: Argon2Hasher) -> None:
    ensure_app()
    worker = Worker(threads=1)
    tab = ServicesTab(AdminService(store.uow, hasher), worker, ADMIN)
    qtbot.addWidget(tab)
    loaded(qtbot, tab)
    assert [s.code for s in tab.panel.model.rows] == ["HT", "CT", "DD", "DKKD"]
    tab.add()
    form = tab.form
    assert isinstance(form, FormDialog)
    form.set_value("code", "BHXH")
    form.set_value("name", "Bảo hiểm xã hội")
    form.set_value("prefix", "b1")
    assert form.errors["prefix"].isVisibleTo(form)
    assert "chữ cái in hoa" in form.errors["prefix"].text()
    form.set_value("prefix", "A")  # HT's prefix: refused by the service, shown beside the field
    save(qtbot, form)
    assert form.isVisible() and form.errors["prefix"].text()
    form.set_value("prefix", "BH")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    assert not form.isVisible()
    assert [s.code for s in tab.panel.model.rows][-1] == "BHXH"
    assert tab.panel.select_where(lambda s: s.code == "BHXH")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.move_selected(-1)
    assert [s.code for s in tab.panel.model.rows] == ["HT", "CT", "DD", "BHXH", "DKKD"]


def test_counter_needs_a_service_and_is_saved(qtbot: QtBot, store: Store,
                                              hasher: Argon2Hasher) -> None:
    ensure_app()
    tab = CountersTab(AdminService(store.uow, hasher), Worker(threads=1), ADMIN)
    qtbot.addWidget(tab)
    loaded(qtbot, tab)
    tab.add()
    form = tab.form
    assert form.values()["number"] == 5
    form.submit()
    assert "ít nhất một lĩnh vực" in form.errors["service_codes"].text()
    form.set_value("service_codes", ["DD"])
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    assert tab.panel.model.rows[-1].service_codes == ("DD",)


def test_officer_added_must_change_password_then_reset_and_lockout(
        qtbot: QtBot, store: Store, hasher: Argon2Hasher) -> None:
    ensure_app()
    admin = AdminService(store.uow, hasher)
    accounts = AccountService(store.uow, hasher, Settings())
    tab = OfficersTab(admin, accounts, Worker(threads=1), ADMIN)
    qtbot.addWidget(tab)
    loaded(qtbot, tab)
    tab.add()
    form = tab.form
    for key, value in (("username", "canbo3"), ("full_name", "Phạm Thị Hoa"),
                       ("password", "ngan"), ("password2", "khac")):
        form.set_value(key, value)
    assert "8 ký tự" in form.errors["password"].text()
    assert "không giống" in form.errors["password2"].text()
    form.set_value("password", "matkhau2026")
    form.set_value("password2", "matkhau2026")
    form.set_value("service_codes", ["HT"])
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    row = next(o for o in tab.panel.model.rows if o.username == "canbo3")
    assert row.must_change_password and row.service_codes == ("HT",)

    dialog = SignInDialog(accounts, "Trung tâm", "Đăng nhập quầy")
    qtbot.addWidget(dialog)
    dialog.username.setText("canbo3")
    dialog.password.setText("matkhau2026")
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.change_dialog is not None, timeout=10_000)
    change = dialog.change_dialog
    assert change is not None
    change.set_value("password", "moi2026abc")
    change.set_value("password2", "moi2026abc")
    save(qtbot, change)
    qtbot.waitUntil(lambda: dialog.officer is not None, timeout=10_000)
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Accepted

    tab.panel.select_where(lambda o: o.username == "canbo1")
    tab.confirm = lambda *_a: True  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.reset_password()
    assert len(tab.last_password) >= 8
    assert accounts.change_password("canbo1", tab.last_password, "doi2026xyz").username == \
        "canbo1"

    locked = SignInDialog(accounts, "Trung tâm", "Đăng nhập quầy")
    qtbot.addWidget(locked)
    locked.username.setText("canbo2")
    for _ in range(5):
        locked.password.setText("sai-mat-khau")
        locked.sign_in()
        qtbot.waitUntil(lambda: locked.worker.pending == 0, timeout=10_000)
    assert "tạm khóa" in locked.error.text()  # with the local end time, whatever the hour
    assert re.search(r"đến \d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}", locked.error.text())
    locked.password.setText(DEMO_PASSWORDS["canbo2"])
    locked.sign_in()
    qtbot.waitUntil(lambda: locked.worker.pending == 0, timeout=10_000)
    assert "tạm khóa" in locked.error.text() and locked.officer is None


def test_admin_only_window_refuses_an_officer(qtbot: QtBot, store: Store,
                                              hasher: Argon2Hasher) -> None:
    ensure_app()
    dialog = SignInDialog(AccountService(store.uow, hasher, Settings()), "Trung tâm",
                          "Đăng nhập quản trị", (Role.ADMIN,))
    qtbot.addWidget(dialog)
    dialog.username.setText("canbo1")
    dialog.password.setText(DEMO_PASSWORDS["canbo1"])
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.worker.pending == 0, timeout=10_000)
    assert dialog.officer is None and "không có quyền" in dialog.error.text()


def test_procedure_new_version_keeps_the_old_one(qtbot: QtBot, store: Store) -> None:
    ensure_app()
    catalogue = CatalogueAdmin(store.uow, files=None)  # type: ignore[arg-type]
    today = dt.date(2026, 11, 30)
    tab = ProceduresTab(catalogue, Worker(threads=1), ADMIN, today)
    qtbot.addWidget(tab)
    tab.panel.search.setText("khai sinh")
    qtbot.waitUntil(lambda: tab.has_loaded and any(
        p.name == "Đăng ký khai sinh" for p in tab.panel.model.rows), timeout=10_000)
    old = next(p for p in tab.panel.model.rows if p.name == "Đăng ký khai sinh")
    tab.edit(old)
    form = tab.form
    form.set_value("time_unit", "working_days")
    form.set_value("time_amount", 0)
    assert "lớn hơn 0" in form.errors["time_amount"].text()
    form.set_value("time_amount", 2)
    form.set_value("fee_1", 8000)
    form.set_value("documents", "Tờ khai | original | 1\nGiấy chứng sinh | bản gốc | 1")
    assert "không hợp lệ" in form.errors["documents"].text()
    form.set_value("documents", "Tờ khai | original | 1\nGiấy chứng sinh | original | 1")
    form.set_value("effective_from", old.effective_from)
    save(qtbot, form)
    assert "phải sau" in form.errors["effective_from"].text()
    form.set_value("effective_from", dt.date(2026, 12, 1))
    save(qtbot, form)
    assert not form.isVisible()
    versions = catalogue.versions(old)
    assert [v.effective_from for v in versions] == [old.effective_from, dt.date(2026, 12, 1)]
    assert versions[0].id == old.id and versions[0].time == old.time
    assert versions[1].fees[Channel.IN_PERSON] == 8000 and len(versions[1].documents) == 2
    in_force = {p.code: p.id for p in catalogue.search("khai sinh", dt.date(2026, 12, 2))}
    assert in_force[old.code] == versions[1].id


def test_centre_tab_checks_the_lookup_url_and_shows_a_refusal_beside_its_field(
        qtbot: QtBot, store: Store) -> None:
    ensure_app()
    service = CentreSettingsService(store.uow, Settings(), TomlSettingsCodec())
    tab = CentreTab(service, Worker(threads=1), ADMIN)
    qtbot.addWidget(tab)
    loaded(qtbot, tab)
    lookup = next(g for g in GROUPS if "lookup_url_template" in g.keys)
    tab.edit(lookup)
    form = tab.form
    assert form is not None
    form.set_value("lookup_url_template", "https://tracuu.example.vn/?ma={code}")
    assert "{token}" in form.errors["lookup_url_template"].text()
    form.set_value("lookup_url_template", "https://tracuu.example.vn/?ma={code}&k={token}")
    form.set_value("dossier.form_set", "2018")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    shown = {r.item.key: r.item for r in tab.panel.model.rows}
    assert shown["dossier.form_set"].value == "2018" and shown["dossier.form_set"].source == \
        "store"
    assert service.effective().lookup_url_template.endswith("k={token}")
    hours = next(g for g in GROUPS if "office_hours.same_day_cutoff" in g.keys)
    tab.edit(hours)
    form = tab.form
    form.set_value("office_hours.same_day_cutoff", "25:00")
    save(qtbot, form)
    assert form.isVisible()
    assert "same_day_cutoff" in form.errors["office_hours.same_day_cutoff"].text()


def test_audit_tab_filters_and_reports_a_tampered_row(qtbot: QtBot, store: Store) -> None:
    ensure_app()
    audit = AuditService(store.uow, "Asia/Ho_Chi_Minh")
    with store.uow() as uow:
        for i in range(3):
            uow.audit.record("canbo1", "dossier_view", f"HS-{i}")
        uow.audit.record("canbo2", "login")
        uow.commit()
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    tab = AuditTab(audit, Worker(threads=1), ADMIN, ZoneInfo("Asia/Ho_Chi_Minh"), today)
    qtbot.addWidget(tab)
    tab.action_box.setText("dossier_view")
    loaded(qtbot, tab)
    assert sorted(e.subject for e in tab.panel.model.rows) == ["HS-0", "HS-1", "HS-2"]
    tab.officer_box.setText("canbo2")
    tab.action_box.setText("")
    loaded(qtbot, tab)
    assert [e.action for e in tab.panel.model.rows] == ["login"]
    tab.verify()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=10_000)
    assert "toàn vẹn" in tab.verdict.text()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET subject = 'HS-9' WHERE subject = 'HS-1'"))
    tab.report = None
    tab.verify()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=10_000)
    assert tab.report is not None and not tab.report.ok
    assert tab.verdict.text().startswith("✘") and "dòng số" in tab.verdict.text()


def test_devices_tab_test_print_and_board_counters(qtbot: QtBot, store: Store, tmp_path: Path,
                                                   hasher: Argon2Hasher) -> None:
    ensure_app()
    config = tmp_path / "counter-app.toml"
    devices = DeviceService(store.uow, FilePrinterConfig(config), TicketPrinter, "Trung tâm",
                            ZoneInfo("Asia/Ho_Chi_Minh"))
    settings = CentreSettingsService(store.uow, Settings(), TomlSettingsCodec())
    tab = DevicesTab(devices, settings, AdminService(store.uow, hasher), Worker(threads=1),
                     ADMIN)
    qtbot.addWidget(tab)
    loaded(qtbot, tab)
    assert "Không in phiếu" in tab.printer_info.text()
    tab.edit_printer()
    form = tab.form
    assert form is not None and not form.fields["host"].isEnabled()
    form.set_value("kind", "file")
    assert form.fields["path"].isEnabled() and "đường dẫn" in form.errors["path"].text()
    out = tmp_path / "in-thu.bin"
    form.set_value("path", str(out))
    test = form.findChild(QtWidgets.QPushButton, "printer-test")
    test.click()
    qtbot.waitUntil(lambda: "Đã gửi phiếu in thử" in form.general.text(), timeout=10_000)
    assert out.read_bytes().startswith(b"\x1b@")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    assert "Ghi ra tệp" in tab.printer_info.text() and 'kind = "file"' in config.read_text()

    tab.edit_display()
    form = tab.form
    form.set_value("display.counters", "1, hai")
    assert "không hợp lệ" in form.errors["display.counters"].text()
    form.set_value("display.counters", "2,1")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        save(qtbot, form)
    assert {i.key: i.value for i in settings.show()}["display.counters"] == "2,1"
    assert "Quầy hiển thị: 2,1" in tab.display_info.text()


def test_audit_export_and_calendar_days(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ensure_app()
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    today = dt.datetime.now(tz).date()
    calendar = CalendarTab(CalendarAdmin(store.uow, Settings()), Worker(threads=1), ADMIN,
                           dt.date(2026, 11, 30))
    qtbot.addWidget(calendar)
    loaded(qtbot, calendar)
    national = {line.day: line for line in calendar.panel.model.rows}
    assert national[dt.date(2026, 9, 2)].kind == "Nghỉ lễ, Tết" and not national[
        dt.date(2026, 9, 2)].centre
    calendar.add_day(OverrideKind.OFF)
    form = calendar.form
    form.set_value("day", dt.date(2026, 12, 31))
    form.set_value("note", "Nghỉ tổng kết năm")
    form.set_value("source", "Thông báo 45/TB-UBND")
    with qtbot.waitSignal(calendar.loaded, timeout=10_000):
        save(qtbot, form)
    own = next(line for line in calendar.panel.model.rows if line.day == dt.date(2026, 12, 31))
    assert own.centre and own.source == "Thông báo 45/TB-UBND"
    calendar.confirm = lambda *_a: True  # type: ignore[method-assign]
    assert calendar.panel.select_where(lambda line: line.day == dt.date(2026, 12, 31))
    with qtbot.waitSignal(calendar.loaded, timeout=10_000):
        calendar.remove()
    assert dt.date(2026, 12, 31) not in {line.day for line in calendar.panel.model.rows}

    audit = AuditTab(AuditService(store.uow, "Asia/Ho_Chi_Minh", write_audit_xlsx),
                     Worker(threads=1), ADMIN, tz, today)
    qtbot.addWidget(audit)
    audit.action_box.setText("calendar_override")
    loaded(qtbot, audit)
    rows = len(audit.panel.model.rows)
    assert rows >= 1 and all(e.action.startswith("calendar_override")
                             for e in audit.panel.model.rows)
    out = tmp_path / "nhat-ky.xlsx"
    audit.export_to(out)
    qtbot.waitUntil(lambda: f"Đã xuất {rows} dòng" in audit.last_message, timeout=10_000)
    assert out.read_bytes()[:2] == b"PK"  # an XLSX (zip) file


def test_a_bad_import_file_names_every_bad_row(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    ensure_app()
    catalogue = CatalogueAdmin(store.uow, CatalogueFileIO())
    tab = ProceduresTab(catalogue, Worker(threads=1), ADMIN, dt.date(2026, 11, 30))
    qtbot.addWidget(tab)
    bad = tmp_path / "xau.csv"
    bad.write_text("code,name,field,time_unit,effective_from\n"
                   "1.001193,Đăng ký khai sinh,HT,same_day,2026-12-01\n"
                   "9,Thủ tục lạ,XX,weeks,2026-13-01\n", encoding="utf-8")
    before = catalogue.count()
    tab.import_file(bad)
    qtbot.waitUntil(lambda: "dòng lỗi" in tab.last_message, timeout=10_000)
    assert "Dòng 3" in tab.last_message and catalogue.count() == before
