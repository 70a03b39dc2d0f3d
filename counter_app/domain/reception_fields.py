"""Field readers for untrusted input (JSON files, forms) that collect one message per bad field.

Each reader returns the value, or ``None`` after recording a Vietnamese message under the field's
path; :meth:`Fields.raise_if_any` then raises them all at once as a ``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from counter_app.domain.errors import ValidationError
from counter_app.domain.text import nfc

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
_TIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                 "%d/%m/%Y %H:%M", "%H:%M %d/%m/%Y")


def join(prefix: str, key: str) -> str:
    """Return the path of ``key`` inside ``prefix`` (``applicant`` + ``phone``)."""
    return f"{prefix}.{key}" if prefix else key


class Fields:
    """Collects messages keyed by field path while input is read."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def error(self, key: str, message: str) -> None:
        """Record ``message`` for ``key`` (the first message of a field wins)."""
        self.errors.setdefault(key, message)

    def raise_if_any(self) -> None:
        """Raise a ValidationError with every recorded message, if any."""
        if self.errors:
            raise ValidationError(self.errors)

    def mapping(self, key: str, raw: Any, allowed: Iterable[str]) -> Mapping[str, Any] | None:
        """Return an object; other types and unknown keys are errors, ``None`` is just absent."""
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.error(key or "", "Phải là một đối tượng JSON ({…}).")
            return None
        known = set(allowed)
        for name in raw:
            if not isinstance(name, str) or name not in known:
                self.error(join(key, str(name)[:40]), "Trường này không được hỗ trợ.")
        return raw

    def text(self, key: str, raw: Any, limit: int) -> str | None:
        """Return NFC text (empty when absent); too long, control characters or non-text fail."""
        if raw is None:
            return ""
        if not isinstance(raw, str):
            self.error(key, "Phải là chuỗi ký tự (đặt trong dấu nháy kép).")
            return None
        value = nfc(raw[: limit * 4])
        if len(value) > limit:
            self.error(key, f"Dài quá {limit} ký tự.")
            return None
        if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in value):
            self.error(key, "Chứa ký tự điều khiển không hợp lệ.")
            return None
        return value

    def boolean(self, key: str, raw: Any, default: bool) -> bool:
        """Return a true/false value (``default`` when absent)."""
        if raw is None:
            return default
        if isinstance(raw, bool):
            return raw
        self.error(key, "Phải là true hoặc false.")
        return default

    def integer(self, key: str, raw: Any, low: int, high: int, what: str) -> int | None:
        """Return a whole number from ``low`` to ``high`` (``None`` when absent or bad)."""
        if raw is None:
            return None
        value: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
            value = int(raw.strip()[:12])
        if value is None or not low <= value <= high:
            self.error(key, f"{what} phải là số nguyên từ {low} đến {high}.")
            return None
        return value

    def choice(self, key: str, raw: Any, kind: type[E], what: str) -> E | None:
        """Return a member of the enum ``kind`` named by its value (``None`` when absent)."""
        if raw is None:
            return None
        for member in kind:
            if isinstance(raw, str) and member.value == raw.strip():
                return member
        allowed = ", ".join(str(m.value) for m in kind)
        self.error(key, f"Giá trị {what} không hợp lệ (chọn một trong: {allowed}).")
        return None

    def local_datetime(self, key: str, raw: Any) -> dt.datetime | None:
        """Return a naive local time written ``2026-07-16T14:30`` or ``16/07/2026 14:30``."""
        text = self.text(key, raw, 40)
        if not text:
            if text == "":
                self.error(key, "Chưa nhập thời gian.")
            return None
        for pattern in _TIME_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern)
            except ValueError:
                continue
        self.error(key, f"Thời gian '{text}' không đúng dạng YYYY-MM-DDTHH:MM "
                        "(giờ địa phương, ví dụ 2026-07-16T14:30).")
        return None

    def validated(self, prefix: str, func: Callable[[], T]) -> T | None:
        """Run a validator that raises ValidationError; file its messages under ``prefix``."""
        try:
            return func()
        except ValidationError as exc:
            for name, message in exc.errors.items():
                self.error(join(prefix, name), message)
            return None
