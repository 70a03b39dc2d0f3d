"""Digitised documents of a dossier (số hóa hồ sơ): a scanned component received at the counter or
the electronic copy of the result. Only PDF, JPEG and PNG are accepted, recognised by their first
bytes (never by the file name), up to :data:`MAX_BYTES`; files are stored by their SHA-256 and
never opened or executed by the application. These records feed the digitisation indicators
(QĐ 766 4.1 and 4.2)."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass

from counter_app.domain.errors import DomainError
from counter_app.domain.text import nfc

MAX_BYTES = 20 * 1024 * 1024
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
SCAN_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})


class FileKind(enum.StrEnum):
    """What a digitised file is."""

    COMPONENT = "component"  # thành phần hồ sơ đã số hóa
    RESULT = "result"  # bản điện tử của kết quả giải quyết


class RejectedFile(DomainError):
    """The file is not an accepted scan."""


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks: its media type, size and SHA-256."""

    file_name: str
    media_type: str
    size: int
    sha256: str


def media_type_of(head: bytes) -> str | None:
    """The media type recognised from the first bytes, or None."""
    for magic, media, _suffix in SIGNATURES:
        if head.startswith(magic):
            return media
    return None


def check_file(file_name: str, data: bytes, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Check a scan's content and size; raise :class:`RejectedFile` in Vietnamese otherwise."""
    name = nfc(file_name.replace("\\", "/").rsplit("/", 1)[-1]).strip()[:255] or "scan"
    if not data:
        raise RejectedFile(f"Tệp {name} rỗng.")
    if len(data) > max_bytes:
        raise RejectedFile(f"Tệp {name} lớn quá {max_bytes // (1024 * 1024)} MB.")
    media = media_type_of(data[:16])
    if media is None:
        raise RejectedFile(f"Tệp {name} không phải PDF, JPEG hoặc PNG (kiểm tra theo nội dung).")
    return CheckedFile(name, media, len(data), hashlib.sha256(data).hexdigest())
