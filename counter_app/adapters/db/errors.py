"""Database failures a user can meet, said in one Vietnamese line.

A store that is gone (missing folder, server down, file deleted or damaged) or held too long by
another program raises a driver error deep inside a use case; :func:`store_problem` turns it into
:class:`~counter_app.domain.errors.StoreUnavailable` so the CLI prints one line and a window shows
one message. Integrity and programming errors are not translated: they are bugs or handled where
they happen.
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from counter_app.domain.errors import StoreUnavailable

LOCKED = ("CSDL đang bị một chương trình khác giữ quá lâu; chưa ghi được gì, hãy thử lại sau ít"
          " phút.")
CANNOT_OPEN = ("Không mở được tệp CSDL (thư mục không tồn tại hoặc không có quyền ghi); hãy kiểm"
               " tra --data-dir hoặc --database-url.")
DAMAGED = "Tệp CSDL bị hỏng hoặc không phải CSDL của phần mềm; hãy khôi phục từ bản sao lưu."
UNREACHABLE = ("Không kết nối được máy chủ CSDL{where}; hãy kiểm tra mạng, máy chủ và địa chỉ"
               " CSDL.")
FAILED = "CSDL báo lỗi khi thực hiện thao tác ({kind}); chưa ghi được gì, hãy thử lại."


def store_problem(error: BaseException, where: str = "") -> StoreUnavailable | None:
    """Return the Vietnamese error for a driver failure, or None if ``error`` is not one.

    ``where`` names the server (``host:port``) in the message when it cannot be reached.
    """
    if not isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError
                      | sa_exc.DatabaseError) or isinstance(
            error, sa_exc.IntegrityError | sa_exc.ProgrammingError):
        return None
    detail = str(getattr(error, "orig", error)).lower()
    if "locked" in detail or "busy" in detail:
        return StoreUnavailable(LOCKED)
    if "unable to open database" in detail or "readonly database" in detail:
        return StoreUnavailable(CANNOT_OPEN)
    if ("not a database" in detail or "malformed" in detail or "no such table" in detail
            or "disk i/o" in detail):
        return StoreUnavailable(DAMAGED)
    if any(word in detail for word in ("connect", "timeout", "timed out", "refused",
                                       "could not translate", "server closed", "terminat")):
        return StoreUnavailable(UNREACHABLE.format(where=f" {where}" if where else ""))
    return StoreUnavailable(FAILED.format(kind=type(error).__name__))
