"""Officer account rules: password strength, lockout after wrong passwords, forced change."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from counter_app.domain.errors import DomainError, ValidationError

MIN_PASSWORD_LENGTH = 8
BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class AccountLocked(DomainError):
    """Too many wrong passwords: the account is locked until ``until`` (aware UTC)."""

    def __init__(self, username: str, until: dt.datetime, local_text: str) -> None:
        super().__init__(
            f"Tài khoản {username} tạm khóa do nhập sai mật khẩu nhiều lần, đến {local_text}. "
            "Vui lòng thử lại sau hoặc liên hệ quản trị."
        )
        self.username = username
        self.until = until


class PasswordChangeRequired(DomainError):
    """The password was set or reset by an admin: it must be changed before going on."""

    def __init__(self, username: str) -> None:
        super().__init__(
            f"Mật khẩu của {username} do quản trị cấp, cần đổi mật khẩu mới trước khi làm việc."
        )
        self.username = username


@dataclass(frozen=True)
class LockoutPolicy:
    """Lock an account for ``minutes`` after ``max_failed`` wrong passwords in a row."""

    max_failed: int = 5
    minutes: int = 5

    def after_failure(self, failed_before: int, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        """Return the new failure count and the lock end (None while under the limit)."""
        failed = failed_before + 1
        if failed >= self.max_failed:
            return 0, now + dt.timedelta(minutes=self.minutes)
        return failed, None


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    """Return True while a lock is in force."""
    return locked_until is not None and now < locked_until


def check_password_strength(password: str, username: str = "", field: str = "password") -> None:
    """Raise :class:`ValidationError` on ``field`` unless the password is strong enough.

    At least 8 characters, with letters and digits, not containing the username.
    """
    problem = ""
    if len(password) < MIN_PASSWORD_LENGTH:
        problem = f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    elif not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        problem = "Mật khẩu cần có cả chữ và số."
    elif username and username.lower() in password.lower():
        problem = "Mật khẩu không được chứa tên đăng nhập."
    elif password.strip() != password:
        problem = "Mật khẩu không được bắt đầu hoặc kết thúc bằng dấu cách."
    if problem:
        raise ValidationError({field: problem})


def one_time_password() -> str:
    """Return a random 10-character password that reads unambiguously (letters and digits)."""
    while True:
        candidate = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(10))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate
