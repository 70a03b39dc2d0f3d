"""How the command line fails: one Vietnamese line on stderr, never a traceback.

:class:`VietnameseParser` reports argument mistakes in Vietnamese on one line (argparse writes
English usage blocks); :func:`unexpected` records a bug's traceback in a log file and returns the
one line the user sees instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path
from typing import NoReturn

from counter_app.domain.errors import file_problem

_ARGPARSE_VI = (
    (re.compile(r"the following arguments are required: (.*)"), "thiếu tham số bắt buộc: {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "không hiểu tham số: {0}"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     "tham số {0}: {1} không hợp lệ (chọn một trong: {2})"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"),
     "tham số {0}: giá trị {2} không hợp lệ"),
    (re.compile(r"argument (\S+): expected one argument"), "tham số {0} cần một giá trị"),
    (re.compile(r"argument (\S+): expected (\d+) arguments"), "tham số {0} cần {1} giá trị"),
    (re.compile(r"argument (\S+): expected at least one argument"),
     "tham số {0} cần ít nhất một giá trị"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"),
     "không dùng {0} cùng với {1}"),
    (re.compile(r"one of the arguments (.*) is required"), "cần một trong các tham số: {0}"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"),
     "tham số {0} không rõ (có thể là {1})"),
)


def argparse_message(message: str) -> str:
    """Return argparse's English ``message`` in Vietnamese (unknown ones are kept as they are)."""
    for pattern, template in _ARGPARSE_VI:
        found = pattern.fullmatch(message.strip())
        if found:
            return template.format(*found.groups())
    return message


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one Vietnamese line pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        """Print ``Lỗi: …`` and exit 2."""
        self.exit(2, f"Lỗi: {argparse_message(message)}. Xem: {self.prog} --help\n")


def unexpected(error: BaseException, log_dir: Path | None) -> str:
    """Write ``error``'s traceback to a log file and return the line to show the user."""
    lines = traceback.format_exception(error)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for folder in (log_dir, Path(tempfile.gettempdir())):
        if folder is None:
            continue
        path = folder / "counter-app-errors.log"
        try:
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- {stamp} {' '.join(sys.argv)}\n{''.join(lines)}")
        except OSError:
            continue
        return (f"Lỗi ngoài dự kiến ({type(error).__name__}); chi tiết đã ghi vào {path}."
                " Hãy báo cho quản trị hệ thống.")
    return f"Lỗi ngoài dự kiến ({type(error).__name__}). Hãy báo cho quản trị hệ thống."


def write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename)."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary.parent.is_dir():
            temporary.unlink(missing_ok=True)
        raise file_problem(path, exc, writing=True) from None


def read_input(path: Path) -> bytes:
    """Return the bytes of ``path``, or raise the Vietnamese file error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise file_problem(path, exc, writing=False) from None
