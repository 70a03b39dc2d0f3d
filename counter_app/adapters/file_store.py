"""Digitised files on disk: a content-addressed store under the data directory (``files/ab/<sha>``,
mode 0600, written atomically, never executed) and a scanner's inbox folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from counter_app.domain.digitised import MAX_BYTES, SCAN_SUFFIXES
from counter_app.domain.errors import DomainError, file_problem


class DiskFileStore:
    """Files by SHA-256 under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, sha256: str, suffix: str, data: bytes) -> str:
        """Write ``data`` once (same hash: already there) and return its relative path."""
        relative = Path(sha256[:2]) / f"{sha256}{suffix}"
        target = self.root / relative
        if target.exists():
            return relative.as_posix()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except OSError as exc:
            raise file_problem(exc.filename or "", exc, writing=True) from None
        return relative.as_posix()


class FolderInbox:
    """The scans (PDF, JPEG, PNG by name) in a folder, oldest first; other files are ignored."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def pending(self) -> list[str]:
        """Names of the scans waiting."""
        if not self.folder.is_dir():
            raise DomainError(f"Không tìm thấy thư mục máy quét {self.folder}.")
        files = [p for p in self.folder.iterdir()
                 if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES and not p.name.startswith(".")]
        return [p.name for p in sorted(files, key=lambda p: (p.stat().st_mtime, p.name))]

    def read(self, name: str) -> bytes:
        """The body of one scan (refused when larger than the limit, without reading it all)."""
        path = self.folder / Path(name).name
        try:
            if path.stat().st_size > MAX_BYTES:
                raise DomainError(f"Tệp {path.name} lớn quá {MAX_BYTES // (1024 * 1024)} MB.")
            return path.read_bytes()
        except OSError as exc:
            raise file_problem(path, exc, writing=False) from None

    def remove(self, name: str) -> None:
        """Delete a stored scan from the folder."""
        try:
            (self.folder / Path(name).name).unlink(missing_ok=True)
        except OSError as exc:
            raise file_problem(name, exc, writing=None) from None
