"""CLI login for administration commands, with the forced password change.

The password comes from ``COUNTER_APP_PASSWORD`` or a prompt. When an admin set the password,
the new one comes from ``COUNTER_APP_NEW_PASSWORD`` or is asked twice at the prompt.
"""

from __future__ import annotations

import getpass
import os
import sys

from counter_app.app import AppContext
from counter_app.domain.accounts import PasswordChangeRequired
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer

ENV_PASSWORD = "COUNTER_APP_PASSWORD"
ENV_NEW_PASSWORD = "COUNTER_APP_NEW_PASSWORD"


def ask_password(prompt: str, username: str) -> str:
    """Prompt for a password without echo; one Vietnamese line when there is no terminal."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise DomainError(f"Cần mật khẩu của {username}: đặt biến {ENV_PASSWORD} hoặc chạy lệnh "
                          "trong cửa sổ dòng lệnh.") from None


def new_password(username: str) -> str:
    """The new password: ``COUNTER_APP_NEW_PASSWORD`` or typed twice."""
    given = os.environ.get(ENV_NEW_PASSWORD)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise DomainError(f"Mật khẩu của {username} cần được đổi: đặt biến {ENV_NEW_PASSWORD} "
                          "hoặc chạy lệnh trong cửa sổ dòng lệnh.")
    first = ask_password(f"Mật khẩu mới của {username}: ", username)
    if ask_password("Nhập lại mật khẩu mới: ", username) != first:
        raise DomainError("Hai lần nhập mật khẩu mới không khớp.")
    return first


def login(ctx: AppContext, username: str | None) -> Officer:
    """Log ``username`` in; change an admin-set password first when required.

    ``None`` (no ``--officer`` given) is refused in one Vietnamese line: the command shows
    personal data or changes something, so it needs a login.
    """
    if not username:
        raise DomainError("Lệnh này cần đăng nhập: thêm --officer TÊN_ĐĂNG_NHẬP (mật khẩu lấy từ "
                          f"biến {ENV_PASSWORD} hoặc nhập khi được hỏi).")
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        password = ask_password(f"Mật khẩu của {username}: ", username)
    try:
        return ctx.accounts.login(username, password)
    except PasswordChangeRequired:
        officer = ctx.accounts.change_password(username, password, new_password(username))
        print(f"Đã đổi mật khẩu của {officer.username}.", file=sys.stderr)
        return officer
