"""A demo store with an admin account, for the admin window's screenshots and benchmark.

``admin_demo(folder)`` builds the demo centre in ``folder`` (SQLite) with its admin ``quantri``,
optionally many more officers and procedure versions, and returns the context and the signed-in
admin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.app import CounterApp, Paths
from counter_app.domain.admin import OfficerDraft
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import PrinterSettings, Settings
from counter_app.services.admin_setup import AdminService
from counter_app.services.setup import create_demo_centre, ensure_base_data

ADMIN_USER, ADMIN_PASSWORD = "quantri", "Matkhau2026"
FIRST_PASSWORD = "tam-thoi-2026"
SEED_ACTOR = Officer(uuid.uuid4(), "khoitao", "Khởi tạo", Role.ADMIN)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Thu Hà", "Quốc Huy", "Ngọc Lan", "Đức Long",
         "Thanh Mai", "Hoài Nam", "Kim Oanh")


def admin_demo(folder: Path, *, officers: int = 0, versions: int = 0
               ) -> tuple[CounterApp, Officer]:
    """Create the store in ``folder``; return the context and the signed-in admin."""
    config = folder / "counter-app.toml"
    config.write_text('[printer]\nkind = "network"\nhost = "192.168.1.50"\nport = 9100\n'
                      "print_qr = true\n", encoding="utf-8")
    settings = Settings(printer=PrinterSettings(kind="network", host="192.168.1.50",
                                                print_qr=True))
    ctx = CounterApp(Paths(folder, config), settings, sqlite_url(folder / "demo.sqlite3"))
    fast = Argon2Hasher(fast=True)
    ensure_base_data(ctx.store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(ctx.store.uow, fast, passwords={ADMIN_USER: ADMIN_PASSWORD})
    admin = AdminService(ctx.store.uow, fast)
    admin.edit_officer(SEED_ACTOR, ADMIN_USER, {"title": "Quản trị hệ thống"})
    codes = ("HT", "CT", "DD", "DKKD")
    for i in range(officers):
        name = f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 10]}"
        admin.add_officer(SEED_ACTOR, OfficerDraft(
            f"canbo{100 + i}", name, Role.SUPERVISOR if i % 25 == 0 else Role.OFFICER,
            "Công chức một cửa", (codes[i % 4],)), FIRST_PASSWORD)
    if versions:
        add_versions(ctx, versions)
    return ctx, ctx.accounts.login(ADMIN_USER, ADMIN_PASSWORD)


def add_versions(ctx: CounterApp, total: int) -> None:
    """Store ``total`` more procedure versions: dated re-issues of the shipped procedures."""
    with ctx.store.uow() as uow:
        base = uow.catalogue.versions()
        made = []
        for i in range(total):
            p = base[i % len(base)]
            day = p.effective_from + dt.timedelta(days=1 + i // len(base))
            made.append(dataclasses.replace(p, id=uuid.uuid4(), effective_from=day))
        uow.catalogue.upsert_many(made)
        uow.commit()
