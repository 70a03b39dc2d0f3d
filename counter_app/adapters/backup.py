"""Backups of the store: SQLite with ``VACUUM INTO`` and the backup API, PostgreSQL with
``pg_dump -Fc`` / ``pg_restore``, and the backup folder (metadata, permissions, lock).

A backup is listed only after it was checked: ``PRAGMA integrity_check`` and its schema revision
for SQLite, ``pg_restore --list`` and the revision read from the dump for PostgreSQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from counter_app.adapters import lockdown
from counter_app.adapters.db import migrate
from counter_app.domain.errors import DomainError
from counter_app.services.ports.backup import BackupInfo
from counter_app.services.ports.backup import RestoreNotStarted as NotStarted

TOOL_TIMEOUT_S = 3600


class BackupError(DomainError):
    """A backup could not be made, checked or restored."""


class RestoreNotStarted(BackupError, NotStarted):
    """The restore stopped before changing anything (the live store is as it was)."""


def _known_revision(revision: str | None, path: Path) -> str:
    if not revision:
        raise BackupError(f"Tệp {path.name} không phải bản sao lưu của counter_app "
                          "(không có phiên bản CSDL).")
    if revision not in migrate.known_revisions():
        raise BackupError(f"Bản sao lưu {path.name} có phiên bản CSDL {revision}, mới hơn phần "
                          "mềm này; hãy cập nhật counter_app trước khi khôi phục.")
    return revision


class SqliteBackupEngine:
    """Consistent copies of the embedded SQLite store."""

    backend = "sqlite"
    suffix = ".sqlite3"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        database = engine.url.database
        if not database:
            raise BackupError("CSDL SQLite trong bộ nhớ không sao lưu được.")
        self.live = Path(database)

    def dump(self, target: Path) -> None:
        """``VACUUM INTO`` a new file: a consistent, compact copy while others keep writing."""
        if target.exists():
            raise BackupError(f"Tệp {target} đã có.")
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (str(target),))  # type: ignore[union-attr]
        except sqlite3.Error as exc:
            raise BackupError(f"Không sao lưu được CSDL: {exc}.") from exc
        finally:
            raw.close()

    def check(self, path: Path) -> str:
        """Run ``PRAGMA integrity_check`` and read the schema revision of a copy."""
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        except sqlite3.Error as exc:
            raise BackupError(f"Không mở được tệp {path.name}: {exc}.") from exc
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise BackupError(f"Tệp {path.name} bị hỏng (integrity_check: {result}).")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"Tệp {path.name} không phải CSDL SQLite hợp lệ: {exc}.") from exc
        finally:
            conn.close()
        return _known_revision(row[0] if row else None, path)

    def restore(self, path: Path) -> None:
        """Copy the checked backup into the live file with SQLite's backup API, then migrate."""
        self.engine.dispose()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
        dest = sqlite3.connect(str(self.live), timeout=15)
        try:
            source.backup(dest)
        except sqlite3.Error as exc:
            raise BackupError(f"Không khôi phục được: {exc}.") from exc
        finally:
            source.close()
            dest.close()
        migrate.upgrade(self.engine)


def _major(version_text: str) -> int:
    found = re.search(r"(\d+)(?:\.\d+)?", version_text)
    return int(found.group(1)) if found else 0


class PgBackupEngine:
    """Custom-format dumps of a PostgreSQL store with the client tools on the PATH."""

    backend = "postgresql"
    suffix = ".dump"
    lock_timeout_s = 10  # how long the restore waits for other connections' locks

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        url = make_url(engine.url.render_as_string(hide_password=False))
        self._env = dict(os.environ, PGPASSWORD=url.password or "", PGCONNECT_TIMEOUT="10",
                         PGOPTIONS="-c lock_timeout=15s")
        self._dsn = url.set(drivername="postgresql", password=None).render_as_string()

    def _tool(self, name: str) -> str:
        found = shutil.which(name)
        if found is None:
            raise BackupError(f"Không tìm thấy {name}. Hãy cài gói công cụ PostgreSQL "
                              "(Debian/Ubuntu: postgresql-client; Windows: PostgreSQL "
                              "Command Line Tools) cùng phiên bản với máy chủ rồi thử lại.")
        return found

    def _run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(args, env=self._env, capture_output=True, check=False,
                                  timeout=TOOL_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise BackupError(f"{Path(args[0]).name} chạy quá lâu, đã dừng.") from None

    def _check_versions(self, tool: str) -> None:
        out = self._run(tool, "--version").stdout.decode(errors="replace")
        with self.engine.connect() as conn:
            server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        if _major(out) < server:
            raise BackupError(f"{Path(tool).name} phiên bản {_major(out)} cũ hơn máy chủ "
                              f"PostgreSQL {server}; hãy cài postgresql-client-{server}.")

    def dump(self, target: Path) -> None:
        """``pg_dump -Fc`` the whole database into ``target``."""
        tool = self._tool("pg_dump")
        self._check_versions(tool)
        done = self._run(tool, "-Fc", "--no-owner", "-f", str(target), f"--dbname={self._dsn}")
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError("pg_dump lỗi: " + done.stderr.decode(errors="replace").strip()[:300])

    def check(self, path: Path) -> str:
        """List the dump's contents and read its schema revision."""
        tool = self._tool("pg_restore")
        if self._run(tool, "--list", str(path)).returncode != 0:
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu PostgreSQL (pg_dump -Fc).")
        data = self._run(tool, "--data-only", "--table=alembic_version", "-f", "-", str(path))
        lines = data.stdout.decode(errors="replace").splitlines()
        revision = None
        for n, line in enumerate(lines):
            if line.startswith("COPY ") and "alembic_version" in line and n + 1 < len(lines):
                revision = lines[n + 1].strip()
        return _known_revision(revision, path)

    def restore(self, path: Path) -> None:
        """Empty the schema, ``pg_restore`` the dump in one transaction, then migrate."""
        tool = self._tool("pg_restore")
        self._check_versions(tool)
        self.engine.dispose()
        try:
            with self.engine.begin() as conn:
                conn.execute(text(f"SET LOCAL lock_timeout = '{self.lock_timeout_s}s'"))
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        except SQLAlchemyError:
            raise RestoreNotStarted("Không khôi phục được: máy khác đang dùng CSDL. Hãy đóng phần mềm "
                              "trên mọi máy của trung tâm rồi thử lại (CSDL chưa bị thay đổi).") \
                from None
        self.engine.dispose()
        done = self._run(tool, "--no-owner", "--single-transaction", "--exit-on-error",
                         f"--dbname={self._dsn}", str(path))
        if done.returncode != 0:
            raise BackupError("pg_restore lỗi: " + done.stderr.decode(errors="replace").strip()[:300])
        migrate.upgrade(self.engine)


def backup_engine(engine: Engine) -> SqliteBackupEngine | PgBackupEngine:
    """Return the backup engine for the store's backend."""
    return SqliteBackupEngine(engine) if engine.dialect.name == "sqlite" else PgBackupEngine(engine)


class FileBackupFolder:
    """Backups in one directory, each with a ``.json`` metadata file written once it is checked."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def new_path(self, directory: Path, kind: str, suffix: str, at: dt.datetime) -> Path:
        """Return ``counter-app-YYYYmmdd-HHMMSS-kind.suffix`` in ``directory`` (made 0700)."""
        lockdown.private_dir(directory)
        stem = f"counter-app-{at:%Y%m%d-%H%M%S}-{kind}"
        path, n = directory / f"{stem}{suffix}", 1
        while path.exists():
            n += 1
            path = directory / f"{stem}-{n}{suffix}"
        return path

    def record(self, info: BackupInfo) -> None:
        """Write the metadata next to the backup; both 0600."""
        meta = {"created_at": info.created_at.isoformat(), "backend": info.backend,
                "size": info.size, "revision": info.revision, "kind": info.kind}
        side = info.path.with_name(info.path.name + ".json")
        side.write_text(json.dumps(meta), encoding="utf-8")
        lockdown.private_file(info.path)
        lockdown.private_file(side)

    def read(self, path: Path) -> BackupInfo | None:
        """Return the metadata of ``path``, or None when it has none (never checked)."""
        side = path.with_name(path.name + ".json")
        try:
            meta = json.loads(side.read_text(encoding="utf-8-sig"))
            return BackupInfo(path, dt.datetime.fromisoformat(meta["created_at"]),
                              str(meta["backend"]), int(meta["size"]), str(meta["revision"]),
                              str(meta["kind"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def list(self) -> list[BackupInfo]:
        """Checked backups of the directory, newest first."""
        if not self.directory.is_dir():
            return []
        found = [self.read(p) for p in self.directory.glob("counter-app-*")
                 if not p.name.endswith(".json")]
        return sorted((i for i in found if i is not None), key=lambda i: i.created_at,
                      reverse=True)

    def remove(self, info: BackupInfo) -> None:
        """Delete a backup and its metadata."""
        info.path.unlink(missing_ok=True)
        info.path.with_name(info.path.name + ".json").unlink(missing_ok=True)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[bool]:
        """Hold ``.lock`` in the folder; yield False if another process holds it."""
        lockdown.private_dir(self.directory)
        handle = open(self.directory / ".lock", "a+b")
        try:
            try:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # pragma: no cover - Windows: one PC, one daily job is enough
                pass
            except OSError:
                yield False
                return
            yield True
        finally:
            handle.close()
