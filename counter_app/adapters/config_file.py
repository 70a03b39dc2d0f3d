"""Load :class:`Settings` from one TOML file, with a Vietnamese error naming the bad key and value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import tomllib
import typing
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.settings import Settings
from counter_app.domain.text import nfc

CONFIG_FILENAME = "counter-app.toml"
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


class ConfigError(DomainError):
    """The configuration file is unreadable or holds a bad value."""


def _bad(key: str, value: Any, expected: str) -> ConfigError:
    return ConfigError(
        f"Cấu hình sai: khóa '{key}' có giá trị {value!r} không hợp lệ ({expected})."
    )


def _time(key: str, value: Any) -> dt.time:
    m = _TIME_RE.match(str(value).strip()) if isinstance(value, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise _bad(key, value, "cần giờ dạng HH:MM, ví dụ 07:30")
    return dt.time(int(m.group(1)), int(m.group(2)))


def _coerce(key: str, tp: Any, value: Any, base: Any) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise _bad(key, value, "cần một bảng [" + key + "]")
        return _build(tp, value, base, key + ".")
    if origin is tuple and typing.get_args(tp)[-1] is Ellipsis:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(key, value, "cần danh sách chuỗi, ví dụ [\"a\", \"b\"]")
        return tuple(nfc(v) for v in value if nfc(v))
    if origin is tuple:
        if not isinstance(value, str) or "-" not in value:
            raise _bad(key, value, "cần khoảng giờ dạng HH:MM-HH:MM")
        try:
            start, end = (_time(key, v) for v in value.split("-", 1))
        except ConfigError:
            raise _bad(key, value, "cần khoảng giờ dạng HH:MM-HH:MM") from None
        if start >= end:
            raise _bad(key, value, "giờ bắt đầu phải trước giờ kết thúc")
        return (start, end)
    if tp is dt.time:
        return _time(key, value)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise _bad(key, value, f"chọn một trong: {allowed}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise _bad(key, value, "cần true hoặc false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(key, value, "cần số nguyên")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(key, value, "cần số")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise _bad(key, value, "cần chuỗi ký tự")
        return nfc(value)
    raise _bad(key, value, "kiểu không hỗ trợ")


def _build(cls: Any, data: dict[str, Any], base: Any, prefix: str = "") -> Any:
    """Return ``base`` with the keys of ``data`` replaced, each checked against its type."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            raise ConfigError(
                f"Cấu hình sai: khóa '{prefix}{key}' không tồn tại. "
                f"Các khóa hợp lệ: {', '.join(sorted(names))}."
            )
    kwargs = {k: _coerce(prefix + k, hints[k], v, getattr(base, k)) for k, v in data.items()}
    try:
        return dataclasses.replace(base, **kwargs)
    except DomainError as exc:
        raise ConfigError(f"Cấu hình sai ở mục '{prefix.rstrip('.') or 'gốc'}': {exc}") from exc


def parse_settings(text: str, source: str = CONFIG_FILENAME) -> Settings:
    """Parse TOML ``text`` into :class:`Settings`; raise :class:`ConfigError` in Vietnamese."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {source} sai cú pháp TOML: {exc}") from exc
    settings: Settings = _build(Settings, data, Settings())
    return settings


def load_settings(path: Path | None) -> Settings:
    """Load settings from ``path``; a missing file means all defaults."""
    if path is None or not path.exists():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc}") from exc
    return parse_settings(text, str(path))


EXAMPLE_CONFIG = """\
# Cấu hình counter_app. Mọi khóa đều có giá trị mặc định; chỉ ghi những gì cần đổi.
timezone = "Asia/Ho_Chi_Minh"
# database_url = "postgresql+psycopg://counter:matkhau@may-chu:5432/counter"
lookup_url_template = "https://dichvucong.example.gov.vn/tra-cuu?ma={code}&k={token}"

[centre]
name = "Trung tâm Phục vụ hành chính công phường Mẫu"
governing_body = "ỦY BAN NHÂN DÂN PHƯỜNG MẪU"
agency_code = "H01.151.01"
address = "Số 1 đường Mẫu, phường Mẫu, tỉnh Mẫu"
level = "commune"   # commune | province | province_branch | one_stop_unit
place = "Phường Mẫu"  # địa danh ghi trước ngày tháng trên biểu mẫu

[office_hours]
morning = "07:30-11:30"
afternoon = "13:00-17:00"
same_day_cutoff = "15:00"

[printer]
kind = "none"       # network | usb | serial | win32raw | file | none
# host = "192.168.1.50"
# port = 9100
paper_width_mm = 80 # 58 hoặc 80

[display]
voice = true

[monitor]
wait_target_minutes = 15          # thời gian chờ mục tiêu của mọi dịch vụ (phút)
# service_targets = ["HT=10", "DD=20"]  # riêng từng dịch vụ: mã dịch vụ = phút
pause_alert_minutes = 15          # cảnh báo khi quầy tạm nghỉ quá lâu (phút)
"""
