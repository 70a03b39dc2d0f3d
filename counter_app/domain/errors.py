"""Domain errors carrying a message in Vietnamese for the user."""

from __future__ import annotations


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


class StoreUnavailable(DomainError):
    """The database (the centre's server, or the local file) cannot be reached or answer in time.

    ``message`` is one Vietnamese line; ``offline`` is True when the server is gone, so a window
    can show the connection state instead of an error box.
    """

    def __init__(self, message: str = SERVER_LOST, *, offline: bool = True) -> None:
        super().__init__(message)
        self.offline = offline
