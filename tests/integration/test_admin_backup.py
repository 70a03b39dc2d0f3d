"""Backup and restore round trip on both backends; refusals; the daily job keeps the last N."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.adapters.backup import FileBackupFolder, backup_engine
from counter_app.adapters.db.store import Store
from counter_app.adapters.instances import WindowFiles, hold_store
from counter_app.domain.errors import DomainError, PermissionDenied
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import BackupSettings, Settings
from counter_app.services.audit import AuditService
from counter_app.services.backup import BackupService, StoreInUse

ADMIN = Officer(__import__("uuid").uuid4(), "quantri", "Quản trị", Role.ADMIN)
TABLES = ("audit_log", "officers", "queue_services", "counters", "procedures", "audit_heads")


def _snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.engine.connect() as conn:
        return {t: sorted(tuple(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {t}")))
                for t in TABLES}


def _service(store: Store, tmp_path: Path, **kw: object) -> BackupService:
    return BackupService(store.uow, backup_engine(store.engine),
                         FileBackupFolder(tmp_path / "backups"), WindowFiles(tmp_path / "data"),
                         Settings(), **kw)  # type: ignore[arg-type]


def test_round_trip_restores_exactly_the_backed_up_store(store: Store, tmp_path: Path) -> None:
    backups = _service(store, tmp_path)
    at_backup = _snapshot(store)  # the backup_create audit line is written after the copy
    info = backups.create(ADMIN)
    assert info.path.exists() and info.revision and backups.list()[0].path == info.path
    if store.backend == "sqlite":
        assert info.path.stat().st_mode & 0o077 == 0
    with store.uow() as uow:  # write more after the backup
        uow.audit.record("canbo1", "dossier_view", "HS-MOI")
        uow.commit()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE queue_services SET name = 'Đổi tên' WHERE code = 'HT'"))
    assert _snapshot(store) != at_backup
    before = backups.restore(ADMIN, info.path)
    assert before.kind == "pre-restore" and before.path.exists()
    after = _snapshot(store)
    restored_audit = [r for r in after["audit_log"] if "backup_restore" in r]
    assert len(restored_audit) == 1  # the restore's own audit line, nothing else new
    after["audit_log"] = [r for r in after["audit_log"] if "backup_restore" not in r]
    after["audit_heads"] = at_backup["audit_heads"]  # the head moved by that one line
    assert after == at_backup
    assert AuditService(store.uow, "Asia/Ho_Chi_Minh").verify().ok


def test_restore_refusals(store: Store, tmp_path: Path) -> None:
    backups = _service(store, tmp_path)
    officer = Officer(ADMIN.id, "canbo1", "Cán bộ", Role.OFFICER)
    with pytest.raises(PermissionDenied):
        backups.create(officer)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DomainError):
        backups.restore(ADMIN, junk)
    info = backups.create(ADMIN)
    import subprocess
    import sys

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        hold = hold_store(tmp_path / "data", "kiosk")
        hold.path.write_text(f'{{"pid": {other.pid}, "window": "kiosk"}}', encoding="utf-8")
        with pytest.raises(StoreInUse) as busy:
            backups.restore(ADMIN, info.path)
        assert "kiosk" in busy.value.message
    finally:
        other.kill()
        other.wait()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the job is backend-neutral
def test_daily_backup_once_a_day_keeps_the_last_n(store: Store, tmp_path: Path) -> None:
    clock = [dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC)]  # 11:00 local: before 12:00
    settings = Settings(backup=BackupSettings(keep=3))
    backups = BackupService(store.uow, backup_engine(store.engine),
                            FileBackupFolder(tmp_path / "b"), WindowFiles(tmp_path / "d"),
                            settings, now=lambda: clock[0])
    assert backups.run_daily_if_due() is None
    clock[0] = clock[0].replace(hour=6)  # 13:00 local
    assert backups.run_daily_if_due() is not None
    assert backups.run_daily_if_due() is None  # once a day
    for day in range(2, 7):
        clock[0] = clock[0].replace(day=day)
        assert backups.run_daily_if_due() is not None
    dailies = [b for b in backups.list() if b.kind == "daily"]
    assert [b.created_at.day for b in dailies] == [6, 5, 4]


def test_missing_pg_dump_is_named_in_vietnamese(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import create_engine

    from counter_app.adapters.backup import BackupError, PgBackupEngine

    engine = create_engine("postgresql+psycopg://u:p@127.0.0.1:1/khong_co")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere
    with pytest.raises(BackupError) as missing:
        PgBackupEngine(engine).dump(tmp_path / "x.dump")
    assert "pg_dump" in missing.value.message and "postgresql-client" in missing.value.message
    engine.dispose()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_pg_restore_while_another_pc_uses_the_store_changes_nothing(store: Store,
                                                                    tmp_path: Path) -> None:
    from counter_app.adapters.backup import PgBackupEngine

    engine = PgBackupEngine(store.engine)
    engine.lock_timeout_s = 1
    backups = BackupService(store.uow, engine, FileBackupFolder(tmp_path / "b"),
                            WindowFiles(tmp_path / "d"), Settings())
    info = backups.create(ADMIN)
    before = _snapshot(store)
    other = store.engine.connect()  # another PC in the middle of a transaction
    try:
        other.execute(text("SELECT count(*) FROM officers"))
        with pytest.raises(DomainError) as busy:
            backups.restore(ADMIN, info.path)
        assert "máy khác đang dùng" in busy.value.message
    finally:
        other.rollback()
        other.close()
    after = _snapshot(store)
    assert after["officers"] == before["officers"] and after["procedures"] == before["procedures"]
