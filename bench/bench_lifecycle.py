"""Lifecycle figures on SQLite: one step (transaction + history row), each form's PDF, the ledger
of 2,000 dossiers as PDF and XLSX, worklist counts and a kiosk lookup.

Usage: python bench/bench_lifecycle.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import open_store
from counter_app.adapters.ledger_xlsx import render_ledger_xlsx
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printing import forms_specimens as sp
from counter_app.adapters.printing.control_sheet_pdf import render_control_sheet_pdf
from counter_app.adapters.printing.forms_pdf import render_apology_pdf, render_supplement_pdf
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.adapters.printing.return_slip_pdf import render_return_slip_pdf
from counter_app.domain.lifecycle_commands import Ready, Transfer
from counter_app.domain.settings import Settings
from counter_app.services.accounts import authenticate
from counter_app.services.kiosk_lookup import KioskLookup, ThrottlePolicy
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.lifecycle_documents import ledger_content
from counter_app.services.reception import receive_dossier
from counter_app.services.setup import create_demo_centre, ensure_base_data
from counter_app.services.worklists import Worklists

NOW = dt.datetime(2026, 7, 15, 2, 0, tzinfo=dt.UTC)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median milliseconds of ``runs`` calls and the last result."""
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main() -> int:
    """Print the figures."""
    for name, fn in (("Mẫu 02 PDF", lambda: render_supplement_pdf(sp.specimen_supplement())),
                     ("Mẫu 04 PDF", lambda: render_apology_pdf(sp.specimen_apology())),
                     ("Mẫu 06 PDF", lambda: render_control_sheet_pdf(sp.specimen_control_sheet())),
                     ("return slip PDF", lambda: render_return_slip_pdf(sp.specimen_return_slip()))):
        ms, _ = timed(fn, 30)
        print(f"{name:<28} {ms:7.1f} ms median")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(sqlite_url(Path(tmp) / "b.sqlite3"))
        ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
        create_demo_centre(store.uow, Argon2Hasher(fast=True),
                           passwords={"canbo1": "x", "canbo2": "y", "giamsat": "z"})
        me = authenticate(store.uow, Argon2Hasher(fast=True), "canbo1", "x")
        settings = Settings()
        data = {"procedure": {"code": "1.004873"},
                "applicant": {"kind": "person", "full_name": "Nguyễn Văn An",
                              "id_number": "001090012345", "date_of_birth": "15/08/1990",
                              "sex": "Nam", "phone": "0912345678", "address": "Phường Mẫu"}}
        codes = [receive_dossier(store.uow, settings, me, data, now=NOW).dossier
                 for _ in range(2000)]
        life = DossierLifecycle(store.uow, settings, now=lambda: NOW + dt.timedelta(hours=1))
        it = iter(codes)
        ms, _ = timed(lambda: life.act(me, next(it).code, Transfer("Phòng Tư pháp")), 200)
        print(f"{'one step (transfer)':<28} {ms:7.1f} ms median")
        ms, _ = timed(lambda: life.act(me, next(it).code, Ready()), 200)
        print(f"{'one step (ready)':<28} {ms:7.1f} ms median")
        wl = Worklists(store.uow, settings, now=lambda: NOW + dt.timedelta(days=4))
        ms, _ = timed(wl.counts, 20)
        print(f"{'worklist counts (2,000)':<28} {ms:7.1f} ms median")
        ms, content = timed(lambda: ledger_content(store.uow, settings, dt.date(2026, 7, 15),
                                                   dt.date(2026, 7, 15), None, "bench"), 3)
        print(f"{'ledger content (2,000)':<28} {ms:7.1f} ms median")
        ms, pdf = timed(lambda: render_ledger_pdf(content), 3)
        print(f"{'ledger PDF (2,000 lines)':<28} {ms:7.1f} ms median, {len(pdf) // 1024} KB")
        ms, xlsx = timed(lambda: render_ledger_xlsx(content), 3)
        print(f"{'ledger XLSX (2,000 lines)':<28} {ms:7.1f} ms median, {len(xlsx) // 1024} KB")
        kiosk = KioskLookup(store.uow, settings, "bench", policy=ThrottlePolicy(free_failures=10**6))
        d = codes[-1]
        ms, _ = timed(lambda: kiosk.lookup(f"{d.code} {d.lookup_token}"), 50)
        print(f"{'kiosk lookup':<28} {ms:7.1f} ms median")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
