"""Benchmark backup and restore of a large SQLite store (issue 10).

Builds a migrated store, fills it to ``--size-mb`` (default 1024) with bulk SQL (audit lines
with ~1 KB of incompressible detail, one INSERT … SELECT over a recursive CTE, pragmas off while
filling), then times through the real :class:`~counter_app.services.backup.BackupService`:

* ``backup create``: ``VACUUM INTO`` a new file + ``PRAGMA integrity_check`` + schema revision;
  the two steps are also timed apart;
* ``backup restore``: check, pre-restore backup of the live store, backup-API copy, migrate;
* ``audit verify`` over one chain of ``--audit-rows`` lines (hashes computed, bulk inserted).

On a slow shared machine pass a smaller ``--size-mb``: the figures scale linearly with the size
(both steps read and write every page once), so the script also prints the per-GB figure.

Usage: python bench/bench_admin.py [--size-mb 1024] [--runs 2] [--dir /var/tmp] [--json-out F]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Measure, Target, report

from counter_app.adapters.backup import FileBackupFolder, SqliteBackupEngine
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.db.store import open_store
from counter_app.adapters.instances import WindowFiles
from counter_app.domain.audit_chain import GENESIS, link_hash
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.audit import AuditService
from counter_app.services.backup import BackupService

ADMIN = Officer(uuid.uuid4(), "quantri", "Quản trị", Role.ADMIN)
ROW_BYTES = 1100  # about one audit line with 900 hex characters of detail


def fill(path: Path, size_mb: int) -> float:
    """Grow the store to about ``size_mb`` MB with bulk SQL; return the seconds it took."""
    t = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    rows = size_mb * 1024 * 1024 // ROW_BYTES
    batch = 100_000
    for start in range(0, rows, batch):
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO audit_log (id, created_at, updated_at, origin, at, actor, action, "
            "subject, detail, prev_hash, row_hash) "
            "SELECT lower(hex(randomblob(16))), '2026-11-30 01:00:00', '2026-11-30 01:00:00', "
            "'bench', '2026-11-30 01:00:00', 'canbo1', 'dossier_view', 'H01.151.01-' || i, "
            "hex(randomblob(450)), '', '' FROM n", (start, min(rows, start + batch) - 1))
        conn.commit()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return time.perf_counter() - t


def chain(path: Path, rows: int) -> None:
    """Append ``rows`` correctly chained audit lines of one origin (hashes computed here)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    prev, at = GENESIS, dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)
    batch: list[tuple[object, ...]] = []
    for seq in range(1, rows + 1):
        entry = uuid.uuid4()
        subject = f"H01.151.01-261130-{seq:04d}"
        digest = link_hash(prev, entry_id=entry, origin="bench-chain", seq=seq, at=at,
                           actor="canbo1", action="dossier_view", subject=subject, detail="")
        stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        batch.append((entry.hex, stamp, stamp, "bench-chain", stamp, "canbo1", "dossier_view",
                      subject, "", seq, prev, digest))
        prev = digest
        if len(batch) == 50_000 or seq == rows:
            conn.executemany("INSERT INTO audit_log (id, created_at, updated_at, origin, at, "
                             "actor, action, subject, detail, seq, prev_hash, row_hash) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    conn.execute("INSERT INTO audit_heads (origin, seq, row_hash) VALUES (?, ?, ?)",
                 ("bench-chain", rows, prev))
    conn.commit()
    conn.close()


def verify_figures(runs: int, rows: int, base: Path) -> Measure:
    """Time ``audit verify`` over a store holding one chain of ``rows`` lines."""
    path = base / "audit" / "counter-app.sqlite3"
    path.parent.mkdir()
    open_store(sqlite_url(path)).close()
    chain(path, rows)
    store = open_store(sqlite_url(path), upgrade=False)
    audit = AuditService(store.uow, "Asia/Ho_Chi_Minh")
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        report_ = audit.verify()
        samples.append((time.perf_counter() - t) * 1000)
        assert report_.ok, report_.message
    store.close()
    return Measure(f"audit verify, {rows:,} chained lines", samples,
                   note="the Audit tab's and `counter-app audit verify`'s check")


def main() -> None:
    """Build the store, time backups and a restore, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--dir", default=None, help="where to build the store (default: temp)")
    ap.add_argument("--audit-rows", type=int, default=200_000,
                    help="lines of the chain timed by audit verify (0: skip)")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        base = Path(tmp)
        live = base / "data" / "counter-app.sqlite3"
        live.parent.mkdir()
        open_store(sqlite_url(live)).close()
        filled = fill(live, args.size_mb)
        size = live.stat().st_size
        store = open_store(sqlite_url(live), upgrade=False)
        engine = SqliteBackupEngine(store.engine)
        service = BackupService(store.uow, engine, FileBackupFolder(base / "backups"),
                                WindowFiles(base / "data"), Settings())
        creates, vacuums, checks = [], [], []
        for n in range(args.runs):
            target = base / f"copy-{n}.sqlite3"
            t = time.perf_counter()
            engine.dump(target)
            vacuums.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            engine.check(target)
            checks.append((time.perf_counter() - t) * 1000)
            target.unlink()
            t = time.perf_counter()
            info = service.create(ADMIN)
            creates.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        service.restore(ADMIN, info.path)
        restore = (time.perf_counter() - t) * 1000
        store.close()
        verify = verify_figures(args.runs, args.audit_rows, base) if args.audit_rows else None
    gb = size / 1024 ** 3
    note = f"store {size / 1024 ** 2:.0f} MB, filled in {filled:.0f} s"
    per_gb = [c / gb for c in creates]
    measures = [
        Measure("backup create (VACUUM INTO + check)", creates, note=note),
        Measure("  VACUUM INTO only", vacuums),
        Measure("  integrity_check + revision only", checks),
        Measure("backup create, per GB of store", per_gb, target=Target("median", 120_000),
                note="linear in the size; target: under 2 minutes per GB"),
        Measure("restore (check + pre-restore backup + copy)", [restore]),
    ]
    if verify is not None:
        measures.append(verify)
    report("bench_admin (backup of a large SQLite store)", measures, args.json_out)
    print(f"  {note}")


if __name__ == "__main__":
    main()
