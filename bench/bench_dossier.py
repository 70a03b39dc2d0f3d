"""Benchmark dossier reception and search on SQLite.

Prints (median and p95):
- time to receive a dossier through the service (one transaction: code, ledger line, documents,
  name tokens, first history line, audit line), on a store already holding the bulk data;
- receipt time: Mẫu 01 content from the store + PDF rendering (target < 50 ms median);
- search time over N generated dossiers (default 1,000,000) by code (target < 2 ms) and by name
  without diacritics (target < 50 ms), and by ID number, through ``search_dossiers``.

The generated dossiers are bulk-inserted with ``executemany`` in one transaction (name tokens
included, so the name search uses its real index). The store is kept in ``--db`` for reuse.

Usage: python bench/bench_dossier.py [--dossiers N] [--db PATH] [--runs R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import Store, open_store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf
from counter_app.domain.dossier_search import fold_name, name_tokens
from counter_app.domain.settings import Settings
from counter_app.services.dossier_queries import receipt_for, search_dossiers
from counter_app.services.reception import receive_dossier
from counter_app.services.setup import create_demo_centre, ensure_base_data

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Hoàng", "Thu", "Xuân",
           "Kim", "Bảo", "Gia", "Anh", "Hồng", "Tuấn", "Mạnh", "Phương", "Diệu")
GIVENS = ("An", "Anh", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
          "Hùng", "Huy", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Nhung",
          "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Tuấn", "Vân",
          "Việt", "Yến", "Bích", "Châu", "Đạt", "Hưng", "Lộc")
AGENCY = "H01.151.01"
PER_DAY = 400
SETTINGS = Settings()
T0 = dt.datetime(2026, 7, 15, 2, 0, tzinfo=dt.UTC)


def name_of(rng: random.Random) -> str:
    words = [rng.choice(SURNAMES), rng.choice(MIDDLES)]
    if rng.random() < 0.3:
        words.append(rng.choice(MIDDLES))
    return " ".join([*words, rng.choice(GIVENS)])


def generated(n: int, procedure_id: str, seed: int = 7) -> Iterator[tuple[tuple[object, ...],
                                                                          list[tuple[str, str]]]]:
    """Yield (dossier row, its name tokens) for ``n`` dossiers over n/PER_DAY past days."""
    rng = random.Random(seed)
    first_day = dt.date(2026, 7, 14) - dt.timedelta(days=n // PER_DAY + 1)
    applicant_tpl = {"kind": "person", "id_kind": "cccd", "date_of_birth": None, "sex": None,
                     "phone": "", "email": "", "address": "", "notes": "", "warnings": []}
    for i in range(n):
        day = first_day + dt.timedelta(days=i // PER_DAY)
        seq = i % PER_DAY + 1
        received = dt.datetime.combine(day, dt.time(1, 0)) + dt.timedelta(seconds=seq * 60)
        name = name_of(rng)
        id_number = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}" \
                    f"{rng.randint(0, 999999):06d}"
        did = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        stamp = received.strftime("%Y-%m-%d %H:%M:%S.000000")
        due = (received + dt.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S.000000")
        row = (did, f"{AGENCY}-{day:%y%m%d}-{seq:04d}", "ABCDEFGH", AGENCY, day.isoformat(), seq,
               procedure_id, "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT",
               "catalogue=2025-07-01;forms=2025;code=TT03-2025;calendar=holidays-0.109",
               "person", name, fold_name(name), id_number,
               json.dumps({**applicant_tpl, "full_name": name, "id_number": id_number},
                          ensure_ascii=False),
               1, 1, "counter", "", stamp, due, "", "received", 2, "", "canbo1", 1, "01",
               i + 1, 0, 0, stamp, stamp, "bench")
        yield row, [(t, did) for t in name_tokens(name)]


INSERT = (
    "INSERT INTO dossiers (id, code, lookup_token, agency_code, business_date, sequence, "
    "procedure_id, procedure_code, procedure_name, field_code, rule_versions, applicant_kind, "
    "applicant_name, applicant_name_folded, applicant_id_number, applicant, sets_count, channel, "
    "return_place, return_address, received_at, appointment_at, appointment_reason, status, "
    "national_code, sub_state, officer_username, counter_number, ledger_book, ledger_line, "
    "backdated, supplement_count, created_at, updated_at, origin) VALUES "
    f"({', '.join('?' * 35)})"
)


def bulk_insert(path: Path, n: int) -> tuple[float, list[str], list[str], list[str]]:
    """Insert ``n`` dossiers in one transaction; return seconds and sample codes/names/IDs."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    procedure_id = conn.execute("SELECT id FROM procedures WHERE code = '1.004873'").fetchone()[0]
    start = time.perf_counter()
    conn.execute("BEGIN")
    rows: list[tuple[object, ...]] = []
    tokens: list[tuple[str, str]] = []
    codes, names, ids = [], [], []
    rng = random.Random(3)
    for row, toks in generated(n, procedure_id):
        rows.append(row)
        tokens += toks
        if rng.random() < 0.001:
            codes.append(str(row[1]))
            names.append(str(row[12]))
            ids.append(str(row[14]))
        if len(rows) >= 50_000:
            conn.executemany(INSERT, rows)
            rows.clear()
    conn.executemany(INSERT, rows)
    tokens.sort()
    conn.executemany("INSERT INTO dossier_name_tokens (token, dossier_id) VALUES (?, ?)", tokens)
    conn.execute("INSERT OR REPLACE INTO sequences (name, key, last) VALUES ('ledger', '01|2026', ?)",
                 (n,))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return time.perf_counter() - start, codes, names, ids


def timed(runs: int, func: Callable[[int], object]) -> tuple[float, float]:
    """Run ``func(i)`` ``runs`` times; return median and p95 in milliseconds."""
    times = []
    for i in range(runs):
        start = time.perf_counter()
        func(i)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


def report(label: str, figures: tuple[float, float], target: str = "") -> None:
    """Print one line of figures."""
    median, p95 = figures
    print(f"{label:<46} median {median:7.2f} ms   p95 {p95:7.2f} ms   {target}")


def prepare(path: Path, n: int) -> tuple[Store, list[str], list[str], list[str]]:
    """Create the store with base data and ``n`` generated dossiers (or reuse ``path``)."""
    meta = path.with_suffix(".samples.json")
    if path.exists() and meta.exists() and json.loads(meta.read_text())["n"] == n:
        samples = json.loads(meta.read_text())
        print(f"reusing {path} ({n:,} dossiers)")
        return open_store(sqlite_url(path)), samples["codes"], samples["names"], samples["ids"]
    for p in (path, meta, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    store = open_store(sqlite_url(path))
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    create_demo_centre(store.uow, Argon2Hasher(fast=True), passwords={"canbo1": "x", "canbo2": "y",
                                                                      "giamsat": "z"})
    store.close()
    seconds, codes, names, ids = bulk_insert(path, n)
    print(f"bulk insert of {n:,} dossiers (+ name tokens, one transaction): {seconds:.1f} s, "
          f"file {path.stat().st_size / 2**20:,.0f} MiB")
    meta.write_text(json.dumps({"n": n, "codes": codes, "names": names, "ids": ids}))
    return open_store(sqlite_url(path)), codes, names, ids


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/counter-app-bench-dossier.sqlite3"))
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    store, codes, names, ids = prepare(args.db, args.dossiers)
    with store.uow() as uow:
        found = uow.reference.officer_with_hash("canbo1")
    assert found is not None
    officer = found[0]
    data = {"procedure": {"code": "1.004873"},
            "applicant": {"kind": "person", "full_name": "Nguyễn Văn An",
                          "id_number": "001090012345", "phone": "0912345678"}}
    received: list[str] = []

    def receive(i: int) -> None:
        r = receive_dossier(store.uow, SETTINGS, officer, data, counter_number=1,
                            now=T0 + dt.timedelta(seconds=i))
        received.append(r.dossier.code)

    receive(10**6)  # warm-up: catalogue, calendar, first connection
    report("receive a dossier (one transaction)", timed(args.runs, receive))
    report("receipt: content from store + PDF (A4, 1 copy)",
           timed(50, lambda i: render_receipt_pdf(receipt_for(store.uow, SETTINGS,
                                                              received[i], "bench"))),
           "target < 50 ms")
    content = receipt_for(store.uow, SETTINGS, received[0], "bench")
    report("receipt: PDF rendering only (A4, 1 copy)",
           timed(50, lambda i: render_receipt_pdf(content)), "target < 50 ms")
    print(f"search over {args.dossiers:,} dossiers (through search_dossiers):")
    rng = random.Random(11)
    codes_q = [rng.choice(codes) for _ in range(args.runs)]
    report("  by code", timed(args.runs, lambda i: _one(search_dossiers(store.uow, SETTINGS,
                                                                        codes_q[i]))),
           "target < 2 ms")
    full = [fold_name(rng.choice(names)) for _ in range(args.runs)]
    report("  by full name without diacritics", timed(args.runs, lambda i: _some(
        search_dossiers(store.uow, SETTINGS, full[i]))), "target < 50 ms")
    partial = [" ".join(fold_name(rng.choice(names)).split()[1:])[:-1] for _ in range(args.runs)]
    report("  by partial name ('van a…', 50 results)", timed(args.runs, lambda i: _some(
        search_dossiers(store.uow, SETTINGS, partial[i]))), "target < 50 ms")
    report("  by ID number", timed(args.runs, lambda i: _some(
        search_dossiers(store.uow, SETTINGS, ids[i % len(ids)]))))
    store.close()


def _one(found: list[object]) -> None:
    assert len(found) == 1, found


def _some(found: list[object]) -> None:
    assert found


if __name__ == "__main__":
    main()
