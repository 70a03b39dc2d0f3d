"""Domain errors carrying a message in Vietnamese for the user."""

from __future__ import annotations

import errno
import os


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is Vietnamese and shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input failed validation; ``errors`` maps each field to its own Vietnamese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        joined = "; ".join(f"{field}: {msg}" for field, msg in self.errors.items())
        super().__init__(f"Dữ liệu không hợp lệ — {joined}")


class NotFound(DomainError):
    """A record the user asked for does not exist."""


class PermissionDenied(DomainError):
    """The signed-in officer's role does not allow the action."""


class IllegalTransition(DomainError):
    """A status change that the state machine does not allow."""


SERVER_LOST = "Mất kết nối máy chủ — đang làm việc ngoại tuyến"
SERVER_SLOW = "Máy chủ không trả lời kịp — vui lòng thử lại sau ít phút"
STORE_BUSY = "Cơ sở dữ liệu trên máy đang bận — vui lòng thử lại"
STORE_CANNOT_OPEN = ("Không mở được tệp cơ sở dữ liệu (thư mục không tồn tại hoặc không có quyền"
                     " ghi) — hãy kiểm tra --data-dir hoặc --database-url")
STORE_DAMAGED = ("Tệp cơ sở dữ liệu bị hỏng hoặc không phải của phần mềm — hãy khôi phục từ bản sao"
                 " lưu")


class StoreUnavailable(DomainError):
    """The database (the centre's server, or the local file) cannot be reached or answer in time.

    ``message`` is one Vietnamese line; ``offline`` is True when the server is gone, so a window
    can show the connection state instead of an error box.
    """

    def __init__(self, message: str = SERVER_LOST, *, offline: bool = True) -> None:
        super().__init__(message)
        self.offline = offline


class FileProblem(DomainError):
    """A file the user named cannot be read or written."""


_OS_REASONS = {
    errno.ENOENT: "không tồn tại",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.EISDIR: "đó là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EBUSY: "tệp đang bị chương trình khác dùng",
}


def file_problem(path: object, exc: OSError, *, writing: bool | None) -> FileProblem:
    """Return the one-line Vietnamese error for an ``OSError`` on ``path``.

    ``writing`` None: not known whether it was read or written. A missing folder when writing
    names the folder, since that is what the user must fix.
    """
    target = str(exc.filename or path)
    reason = _OS_REASONS.get(exc.errno or 0, f"lỗi hệ thống số {exc.errno}" if exc.errno
                             else "lỗi hệ thống")
    if writing and exc.errno == errno.ENOENT:
        folder = os.path.dirname(target) or "."
        return FileProblem(f"Không ghi được tệp {target}: thư mục {folder} không tồn tại.")
    verb = {True: "ghi", False: "đọc", None: "dùng"}[writing]
    return FileProblem(f"Không {verb} được tệp {target}: {reason}.")
