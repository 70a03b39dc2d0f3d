"""From a fresh data folder without --demo: the wizard, the admin window, then a citizen served.

The wizard creates the centre's identity and the first admin; the admin window adds three services,
three counters and two officers through its dialogs. Then, as a new process would (a fresh
context over the same folder), an officer signs in at a counter (forced to change the password
the admin gave), a ticket is issued and called, and a dossier is received whose code carries the
agency code typed in the wizard.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from counter_app.app import CounterApp, build_app
from counter_app.cli.setup_cmds import initialise
from counter_app.domain.reference import Role
from counter_app.ui.admin_form import FormDialog
from counter_app.ui.admin_window import AdminWindow
from counter_app.ui.common import ensure_app
from counter_app.ui.counter_login import LoginDialog
from counter_app.ui.first_run import SetupWizard
from counter_app.ui.qt import QtWidgets
from tests.integration.dossier_workers import person_input

CENTRE = {"name": "Trung tâm Phục vụ hành chính công xã Tân Phú", "level": "commune",
          "governing_body": "Ủy ban nhân dân xã Tân Phú", "agency_code": "h29.07.12",
          "address": "Ấp 3, xã Tân Phú, tỉnh Đồng Nai", "place": "Tân Phú",
          "province": "Tỉnh Đồng Nai"}
SERVICES = (("HT", "Hộ tịch", "A"), ("CT", "Chứng thực", "B"), ("DD", "Đất đai", "C"))
COUNTERS = ((1, "Quầy 1 — Hộ tịch", ["HT"]), (2, "Quầy 2 — Chứng thực", ["CT", "HT"]),
            (3, "Quầy 3 — Đất đai", ["DD"]))
OFFICERS = (("canbo1", "Nguyễn Thị Hạnh", Role.OFFICER, ["HT", "CT"], "TamThoi2026"),
            ("giamsat", "Lê Văn Dũng", Role.SUPERVISOR, [], "TamThoi2027"))


def fill(qtbot: QtBot, window: AdminWindow, tab_name: str, values: dict[str, Any]) -> None:
    """Open the tab's "add" dialog, type ``values`` and save; wait for the table to reload."""
    tab = window.show_tab(tab_name)
    qtbot.waitUntil(lambda: tab.has_loaded, timeout=10_000)
    tab.add()  # type: ignore[attr-defined]
    form = tab.form  # type: ignore[attr-defined]
    assert isinstance(form, FormDialog)
    for key, value in values.items():
        form.set_value(key, value)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        form.ok.click()
    assert not form.isVisible(), form.general.text() + str(
        {k: e.text() for k, e in form.errors.items()})


def test_new_centre_set_up_in_the_windows_serves_a_citizen(qtbot: QtBot, tmp_path: Path) -> None:
    ensure_app()
    data = str(tmp_path / "data")
    ctx = build_app(data_dir=data)
    initialise(ctx, demo=False)  # what `counter-app` does after "Thiết lập trung tâm mới"
    assert not ctx.admin.has_officers()

    wizard = SetupWizard(ctx.admin, ctx.accounts, ctx.centre_settings)
    qtbot.addWidget(wizard)
    wizard.show()
    for key, value in CENTRE.items():
        wizard.centre.set_value(key, value)
    wizard.centre.set_value("agency_code", "H29/07")
    wizard.next()
    assert wizard.currentPage() is wizard.centre
    assert "chữ in hoa" in wizard.centre.errors["agency_code"].text()
    wizard.centre.set_value("agency_code", CENTRE["agency_code"])
    wizard.next()
    assert wizard.currentPage() is wizard.account
    for key, value in (("username", "quantri"), ("full_name", "Trần Quốc Bảo"),
                       ("password", "quantri123"), ("password2", "quantri123")):
        wizard.account.set_value(key, value)
    assert "tên đăng nhập" in wizard.account.errors["password"].text()
    wizard.account.set_value("password", "Bao@2026xyz")
    wizard.account.set_value("password2", "Bao@2026xyz")
    wizard.accept()
    qtbot.waitUntil(lambda: wizard.created is not None, timeout=15_000)
    admin = wizard.created.officer  # type: ignore[union-attr]
    assert admin.role is Role.ADMIN

    window = AdminWindow(ctx, admin, CENTRE["name"], ctx.tz)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.tabs["centre"].has_loaded, timeout=10_000)
    shown = {r.item.key: r.item.value for r in window.tabs["centre"].panel.model.rows}  # type: ignore[attr-defined]
    assert shown["centre.agency_code"] == "H29.07.12"
    for code, name, prefix in SERVICES:
        fill(qtbot, window, "services", {"code": code, "name": name, "prefix": prefix})
    for number, name, codes in COUNTERS:  # counter 2 is bound to the counter PC
        fill(qtbot, window, "counters", {"number": number, "name": name,
                                         "service_codes": codes,
                                         "pc_name": ctx.pc_name if number == 2 else ""})
    for username, full_name, role, codes, password in OFFICERS:
        fill(qtbot, window, "officers", {"username": username, "full_name": full_name,
                                         "role": role, "service_codes": codes,
                                         "password": password, "password2": password})
    assert [c.service_codes for c in ctx.admin.list_counters(admin)] == [
        ("HT",), ("CT", "HT"), ("DD",)]
    window.close()
    ctx.close()

    later = build_app(data_dir=data)  # the counter PC starts afterwards
    # a Monday morning, within office hours whatever the day and hour the suite runs
    morning = dt.datetime(2026, 11, 30, 9, 30, tzinfo=ZoneInfo(later.settings.timezone))
    later.now = lambda: morning
    try:
        serve_a_citizen(qtbot, later)
    finally:
        later.close()


def serve_a_citizen(qtbot: QtBot, ctx: CounterApp) -> None:
    """canbo1 signs in at counter 2, the one bound to this PC (changing the admin's password),
    calls and receives."""
    engine = ctx.queue
    login = LoginDialog(ctx.accounts, engine, ctx.settings.centre.name, pc_name=ctx.pc_name)
    qtbot.addWidget(login)
    login.show()
    qtbot.waitUntil(lambda: login.counter.count() == 3, timeout=10_000)
    assert login.counter.currentData() == 2  # this PC's counter is chosen already
    login.username.setText("canbo1")
    login.password.setText("TamThoi2026")
    login.sign_in()
    qtbot.waitUntil(lambda: login.change_dialog is not None, timeout=10_000)
    change = login.change_dialog
    assert isinstance(change, FormDialog)
    change.set_value("password", "Hanh2026moi")
    change.set_value("password2", "Hanh2026moi")
    change.ok.click()
    qtbot.waitUntil(lambda: login.result() == QtWidgets.QDialog.DialogCode.Accepted,
                    timeout=10_000)
    officer = login.officer
    assert officer is not None and login.session is not None and login.session.counter_no == 2

    assert ctx.settings.centre.agency_code == "H29.07.12"  # the store's centre settings
    issued = engine.issue_ticket("CT", None)
    assert issued.display_number == "B001"
    called = engine.call_next(2, officer)
    assert called.display_number == "B001"
    result = ctx.dossiers.receive(officer, person_input(code="2.000815"), counter_number=2,
                                  ticket_id=called.id)
    assert result.dossier.code.startswith("H29.07.12-")
    assert ctx.accounts.login("canbo1", "Hanh2026moi").username == "canbo1"
