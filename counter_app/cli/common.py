"""What every command module shares: login, the ``--officer``/``--json`` options, local times,
reading JSON input and writing output files, each with one Vietnamese line on failure."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from counter_app.app import CounterApp
from counter_app.cli.failures import read_input
from counter_app.cli.failures import write_output as write_output  # one writer for every command
from counter_app.domain.accounts import PasswordChangeRequired
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer

ENV_PASSWORD = "COUNTER_APP_PASSWORD"
ENV_NEW_PASSWORD = "COUNTER_APP_NEW_PASSWORD"

Subparsers = argparse._SubParsersAction  # the type argparse gives add_subparsers()


def parse_day(text: str, what: str = "Ngày") -> dt.date:
    """Return a date typed ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (also an argparse ``type``)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise DomainError(f"{what} '{text[:40]}' không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy, "
                      "ví dụ 2026-07-01 hoặc 01/07/2026.")


def officer_opt(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    """Add ``--officer USER`` (password from ``COUNTER_APP_PASSWORD`` or a prompt)."""
    p.add_argument("--officer", required=required, metavar="USER",
                   help=f"tên đăng nhập cán bộ (mật khẩu: biến {ENV_PASSWORD} hoặc nhập)")


def json_opt(p: argparse.ArgumentParser) -> None:
    """Add ``--json``."""
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON, mỗi dòng một đối tượng")


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


def login(app: CounterApp, username: str | None) -> Officer:
    """Log ``username`` in (password from ``COUNTER_APP_PASSWORD`` or a prompt); change an
    admin-set password first when required. No ``--officer`` is refused in one Vietnamese line:
    the command shows personal data or changes something, so it needs a login."""
    if not username:
        raise DomainError("Lệnh này cần đăng nhập: thêm --officer TÊN_ĐĂNG_NHẬP (mật khẩu lấy từ "
                          f"biến {ENV_PASSWORD} hoặc nhập khi được hỏi).")
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        password = ask_password(f"Mật khẩu của {username}: ", username)
    try:
        return app.accounts.login(username, password)
    except PasswordChangeRequired:
        officer = app.accounts.change_password(username, password, new_password(username))
        print(f"Đã đổi mật khẩu của {officer.username}.", file=sys.stderr)
        return officer


def local(app: CounterApp, moment: dt.datetime) -> str:
    """``HH:MM dd/mm/YYYY`` in the centre's time zone."""
    return moment.astimezone(app.tz).strftime("%H:%M %d/%m/%Y")


def read_json(path: Path) -> Any:
    """Read a JSON file (UTF-8, with or without a byte-order mark)."""
    try:
        return json.loads(read_input(path).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DomainError(f"Tệp {path.name} không phải văn bản UTF-8 (hãy lưu lại với mã hoá"
                          " UTF-8).") from None
    except json.JSONDecodeError as exc:
        raise DomainError(f"Tệp {path.name} không phải JSON hợp lệ: sai ở dòng {exc.lineno},"
                          f" cột {exc.colno}.") from None
