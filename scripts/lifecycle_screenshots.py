"""Render the lifecycle screens and forms for docs/: the kiosk's "Tra cứu hồ sơ" (input and
result), the kiosk rating screen, the counter's return-of-results flow, and one PNG of each form.

Creates a throw-away demo store with dossiers in every worklist (clock fixed on Wednesday
22/07/2026 10:00), opens the windows offscreen at 1920x1080 and saves
``docs/screenshots/lifecycle-*.png``; the forms are rendered from their specimens with pdftoppm
into ``docs/forms/``.

Usage: python scripts/lifecycle_screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printing import forms_specimens as sp
from counter_app.adapters.printing.control_sheet_pdf import render_control_sheet_pdf
from counter_app.adapters.printing.forms_pdf import (
    render_apology_pdf,
    render_refusal_pdf,
    render_stop_notice_pdf,
    render_supplement_pdf,
)
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.adapters.printing.return_slip_pdf import render_return_slip_pdf
from counter_app.app import CounterApp, Paths
from counter_app.domain.dossier_code import lookup_url
from counter_app.domain.lifecycle_commands import (
    Collector,
    CollectorKind,
    Ready,
    RequestSupplement,
    Return,
    Transfer,
)
from counter_app.domain.settings import PrinterSettings, Settings
from counter_app.services.accounts import authenticate
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.queue import QueueEngine
from counter_app.services.reception import receive_dossier
from counter_app.services.setup import create_demo_centre, ensure_base_data

PASSWORDS = {"canbo1": "matkhau1", "canbo2": "matkhau2", "giamsat": "matkhau3"}
SIZE = (1920, 1080)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Hà Nội wall-clock moment in July 2026, as aware UTC."""
    return dt.datetime(2026, 7, day, hour - 7, minute, tzinfo=dt.UTC)


NOW = at(22, 10)


def person(name: str, id_number: str, sex: str, code: str, dob: str = "15/08/1990",
           **extra: Any) -> dict[str, Any]:
    """A reception input for a person."""
    return {"procedure": {"code": code},
            "applicant": {"kind": "person", "full_name": name, "id_number": id_number,
                          "date_of_birth": dob, "sex": sex, "phone": "0912345678",
                          "email": "", "address": "Số 12 ngõ 34 đường Lê Lợi, phường Mẫu"},
            "sets_count": 1, "channel": 1, "return": {"place": "counter"}, **extra}


def demo(folder: Path) -> tuple[CounterApp, dict[str, Any]]:
    """The demo store with dossiers in every worklist; returns the context and named dossiers."""
    settings = Settings(printer=PrinterSettings(kind="file", path=str(folder / "printer.bin")))
    ctx = CounterApp(Paths(folder, folder / "config.toml"), settings,
                     sqlite_url(folder / "demo.sqlite3"))
    ensure_base_data(ctx.store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(ctx.store.uow, Argon2Hasher(fast=True), passwords=PASSWORDS)
    me = authenticate(ctx.store.uow, Argon2Hasher(fast=True), "canbo1", PASSWORDS["canbo1"])
    clock = {"t": NOW}
    life = DossierLifecycle(ctx.store.uow, ctx.settings, now=lambda: clock["t"])

    tokens = iter(["7Q4MK2PX", "BNE3W8RT", "K5ZP2M9Q", "T6P0BQ4N", "M2XR7V1H", "Y8D3J6KS",
                   "Q1W5N2ZA"])  # fixed, so the pictures do not change from run to run

    def receive(data: dict[str, Any], when: dt.datetime) -> Any:
        return receive_dossier(ctx.store.uow, ctx.settings, me, data, counter_number=1,
                               now=when, token_factory=lambda: next(tokens)).dossier

    def step(code: str, command: Any, when: dt.datetime) -> None:
        clock["t"] = when
        life.act(me, code, command, counter_number=1)

    body = "Công chức Tư pháp - Hộ tịch"
    found: dict[str, Any] = {}
    found["overdue"] = receive(person("Phạm Văn Đức", "001090067890", "Nam", "1.004873"), at(17, 9))
    step(found["overdue"].code, Transfer(body, "Trần Minh Đức"), at(17, 10))
    found["today"] = receive(person("Hoàng Thị Mai", "001190023456", "Nữ", "1.004845"),
                             at(20, 10, 30))
    found["next"] = receive(person("Vũ Văn Nam", "001090034567", "Nam", "1.004873"), at(20, 9, 30))
    found["ready"] = receive(person("Nguyễn Thị Hồng Nhung", "001190012345", "Nữ", "1.004873"),
                             at(15, 14, 30))
    step(found["ready"].code, Transfer(body, "Trần Minh Đức"), at(15, 15))
    step(found["ready"].code, Ready("Giấy xác nhận tình trạng hôn nhân", "Trần Minh Đức"),
         at(20, 9))
    found["ready2"] = receive(person("Đỗ Văn Hải", "001090045678", "Nam", "2.000720"), at(16, 8))
    step(found["ready2"].code, Ready("Giấy chứng nhận đăng ký hộ kinh doanh"), at(21, 15))
    found["supplement"] = receive(person("Lê Thị Thanh Hương", "001190056789", "Nữ", "1.004859",
                                         procedure={"code": "1.004859",
                                                    "variant": "Cần xác minh"}), at(16, 9))
    step(found["supplement"].code, Transfer(body), at(16, 10))
    step(found["supplement"].code, RequestSupplement(
        ("Bản sao Giấy khai sinh có chứng thực", "Văn bản xác nhận của cơ quan cũ về nơi cư trú"),
        "Thiếu giấy tờ chứng minh nội dung yêu cầu cải chính", "Lê Thị Thu Hà",
        "0243 123 4567", body), at(21, 9))
    found["returned"] = receive(person("Trần Văn Bình", "001085067890", "Nam", "2.001035",
                                       dob="10/03/1985"), at(20, 8))
    step(found["returned"].code, Ready("Hợp đồng đã chứng thực"), at(21, 10))
    step(found["returned"].code, Return(Collector(CollectorKind.APPLICANT), 50_000), at(22, 9, 30))
    clock["t"] = NOW
    return ctx, found


def pump(*workers: Any) -> None:
    """Let background jobs finish and the GUI settle."""
    from counter_app.ui.qt import QtCore, QtWidgets

    for w in workers:
        w.wait(20_000)
    for _ in range(5):
        QtWidgets.QApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)


def shoot(widget: Any, path: Path) -> None:
    """Save a widget's picture."""
    pump()
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))
    print(f"wrote {path}")


def kiosk_shots(ctx: CounterApp, found: dict[str, Any], out: Path) -> None:
    """The lookup page (input, result) and the rating page at 1920x1080."""
    from counter_app.ui.kiosk_window import KioskWindow

    engine = QueueEngine(ctx.store.uow, ctx.settings, now=lambda: NOW)
    ctx.now = engine.now
    kiosk = KioskWindow(ctx)
    kiosk.resize(*SIZE)
    kiosk.show()
    pump(kiosk.db)
    shoot(kiosk, out / "screenshots" / "lifecycle-kiosk-home.png")
    page = kiosk.lookup.page
    kiosk.lookup.buttons[0].click()
    for ch in found["supplement"].code.split("-", 1)[1]:
        page.type_key(ch)
    page.target(page.token_box)
    for ch in found["supplement"].lookup_token[:5]:
        page.type_key(ch)
    shoot(kiosk, out / "screenshots" / "lifecycle-lookup-input.png")
    d = found["supplement"]
    page.scan_field.setText(lookup_url(ctx.settings.lookup_url_template, d.code, d.lookup_token))
    page.submit_scan()
    pump(page.worker)
    shoot(kiosk, out / "screenshots" / "lifecycle-lookup-result.png")
    r = found["returned"]
    page.show_input()
    page.scan_field.setText(f"{r.code} {r.lookup_token}")
    page.submit_scan()
    pump(page.worker)
    page.rate_button.click()
    pump(page.worker)
    shoot(kiosk, out / "screenshots" / "lifecycle-rating.png")
    rating = kiosk.lookup.rating
    rating.choose(rating.scale.levels[-1])
    rating.reason_chips[0].setChecked(True)
    shoot(kiosk, out / "screenshots" / "lifecycle-rating-reason.png")
    kiosk.close()


def counter_shots(ctx: CounterApp, found: dict[str, Any], out: Path) -> None:
    """The counter window's return flow: the found dossier with the collector filled in, and the
    return slip dialog after "Trả kết quả"."""
    from counter_app.ui.counter_window import CounterWindow

    engine = QueueEngine(ctx.store.uow, ctx.settings, now=lambda: NOW)
    officer = authenticate(ctx.store.uow, Argon2Hasher(fast=True), "canbo1", PASSWORDS["canbo1"])
    session = engine.open_counter_session(1, officer)
    ctx.now = engine.now
    window = CounterWindow(ctx, officer, session)
    window.resize(*SIZE)
    window.show()
    panel = window.worklists
    window.side_tabs.setCurrentWidget(panel)
    pump(window.db, panel.worker)
    panel.show_list(panel.list_buttons.__iter__().__next__())  # overdue first
    pump(panel.worker)
    d = found["ready"]
    panel.scan_field.setText(lookup_url(ctx.settings.lookup_url_template, d.code, d.lookup_token))
    panel.find_dossier()
    pump(panel.worker)
    panel.card.authorised_radio.setChecked(True)
    panel.card.name_edit.setText("Trần Văn Bình")
    panel.card.id_edit.setText("001085067890")
    panel.card.doc_edit.setText("Giấy ủy quyền số 12/GUQ ngày 10/7/2026")
    panel.card.fees.setValue(8000)
    shoot(window, out / "screenshots" / "lifecycle-return-flow.png")
    panel.card.submit_return()
    pump(panel.worker)
    pump(panel.worker)
    if panel.dialog is not None:
        panel.dialog.resize(900, 1000)
        shoot(panel.dialog, out / "screenshots" / "lifecycle-return-slip-dialog.png")
        panel.dialog.close()
    window.close()


def form_pngs(out: Path) -> None:
    """One PNG of each form, from the specimens."""
    forms = {
        "mau-02-yeu-cau-bo-sung": render_supplement_pdf(sp.specimen_supplement()),
        "mau-03-tu-choi": render_refusal_pdf(sp.specimen_refusal()),
        "mau-04-xin-loi-gia-han": render_apology_pdf(sp.specimen_apology()),
        "mau-05-thong-bao-dung": render_stop_notice_pdf(sp.specimen_stop_notice()),
        "mau-06-phieu-kiem-soat": render_control_sheet_pdf(sp.specimen_control_sheet()),
        "phieu-tra-ket-qua": render_return_slip_pdf(sp.specimen_return_slip()),
        "mau-07-so-theo-doi": render_ledger_pdf(sp.specimen_ledger()),
        "mau-07-so-theo-doi-2018": render_ledger_pdf(sp.specimen_ledger("2018")),
    }
    folder = out / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    for name, pdf in forms.items():
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", "-f", "1", "-l", "1", "-",
                        str(folder / name)], input=pdf, check=True)
        print(f"wrote {folder / name}.png")


def main() -> int:
    """Render everything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    from counter_app.ui.common import ensure_app

    app = ensure_app()
    form_pngs(args.out)
    with tempfile.TemporaryDirectory(prefix="counter-app-lifecycle-") as tmp:
        ctx, found = demo(Path(tmp))
        ctx = dataclasses.replace(ctx)
        kiosk_shots(ctx, found, args.out)
        counter_shots(ctx, found, args.out)
        ctx.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
