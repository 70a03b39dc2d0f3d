"""Load :class:`Settings` from one TOML file, with a Vietnamese error naming the bad key and value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import ipaddress
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


PRINTER_KINDS = ("network", "usb", "serial", "win32raw", "file", "none")
DATABASE_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg")


def _check_timezone(value: Any) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return "không có trong cơ sở dữ liệu múi giờ, ví dụ Asia/Ho_Chi_Minh"
    return None


def _check_url_template(value: Any) -> str | None:
    missing = [p for p in ("{code}", "{token}") if p not in str(value)]
    if missing:
        return f"thiếu {' và '.join(missing)} trong mẫu địa chỉ tra cứu"
    if not str(value).startswith(("https://", "http://")):
        return "cần bắt đầu bằng https:// hoặc http://"
    return None


def _check_ticket_url_template(value: Any) -> str | None:
    missing = [p for p in ("{id}", "{token}") if p not in str(value)]
    if missing:
        return f"thiếu {' và '.join(missing)} trong mẫu địa chỉ vé điện tử"
    if not str(value).startswith(("https://", "http://")):
        return "cần bắt đầu bằng https:// hoặc http://"
    return None


def _check_proxies(value: Any) -> str | None:
    for item in value:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            return f"'{item}' không phải địa chỉ IP hoặc dải mạng (ví dụ 10.0.0.5 hoặc 10.1.0.0/16)"
    return None


def _check_database_url(value: Any) -> str | None:
    text = str(value)
    if text and text.split("://", 1)[0].lower() not in DATABASE_SCHEMES:
        return "chỉ nhận sqlite:///… hoặc postgresql://…"
    return None


def _between(low: int, high: int) -> Any:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"cần từ {low} đến {high}"
    return check


def _one_of(*allowed: Any) -> Any:
    def check(value: Any) -> str | None:
        return None if value in allowed else "chọn một trong: " + ", ".join(map(str, allowed))
    return check


# Range and membership rules checked after a value has the right type (key: dotted path).
RULES: dict[str, Any] = {
    "timezone": _check_timezone,
    "lookup_url_template": _check_url_template,
    "ticket_url_template": _check_ticket_url_template,
    "web.trusted_proxies": _check_proxies,
    "web.port": _between(1, 65535),
    "web.requests_per_ip_per_minute": _between(1, 1_000_000),
    "web.wrong_tokens_per_code_per_hour": _between(1, 1000),
    "web.live_refresh_seconds": _between(1, 5),
    "database_url": _check_database_url,
    "printer.kind": _one_of(*PRINTER_KINDS),
    "printer.port": _between(1, 65535),
    "printer.paper_width_mm": _one_of(58, 80),
    "printer.baudrate": _between(300, 921600),
    "printer.timeout_s": lambda v: None if 0 < v <= 120 else "cần từ 0 đến 120 giây",
    "dossier.copies": _between(1, 10),
    "dossier.form_set": _one_of("2025", "2018"),
    "dossier.paper": _one_of("A4", "A5"),
    "dossier.code_sequence_width": _between(1, 8),
    "display.recent_calls": _between(1, 20),
    "queue.max_priority_in_row": _between(1, 20),
    "queue.starvation_minutes": _between(1, 480),
    "security.max_failed_logins": _between(1, 100),
    "security.lockout_minutes": _between(1, 1440),
    "backup.keep": _between(1, 365),
}


def _checked(key: str, value: Any) -> Any:
    rule = RULES.get(key)
    problem = rule(value) if rule else None
    if problem:
        raise _bad(key, value, problem)
    return value


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
    kwargs = {k: _checked(prefix + k, _coerce(prefix + k, hints[k], v, getattr(base, k)))
              for k, v in data.items()}
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


def load_settings(path: Path | None, *, explicit: bool = False) -> Settings:
    """Load settings from ``path``; a missing file means all defaults unless ``explicit``.

    ``explicit`` is for a path the user named (``--config``): then a missing file is an error.
    """
    if path is None or not path.exists():
        if explicit and path is not None:
            raise ConfigError(f"Không tìm thấy tệp cấu hình {path} (đã chỉ định bằng --config).")
        return Settings()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc}") from exc
    return parse_settings(text, str(path))


EXAMPLE_CONFIG = """\
# Cấu hình counter_app. Mọi khóa đều có giá trị mặc định; chỉ ghi những gì cần đổi.
timezone = "Asia/Ho_Chi_Minh"
# database_url = "postgresql+psycopg://counter:matkhau@may-chu:5432/counter"
lookup_url_template = "https://dichvucong.example.gov.vn/tra-cuu?ma={code}&k={token}"
# QR trên phiếu số thứ tự: trang "vé điện tử" theo dõi lượt chờ (counter-app web)
ticket_url_template = "https://dichvucong.example.gov.vn/ve/{id}?k={token}"

[sync]
# server_url = "postgresql://counter:matkhau@may-chu:5432/counter"  # máy trạm đồng bộ (bản sao)
connect_timeout = 3     # giây chờ kết nối máy chủ
statement_timeout = 8   # giây tối đa cho một câu lệnh trên máy chủ

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

[web]               # counter-app web: trang tra cứu hồ sơ và vé điện tử
host = "127.0.0.1"
port = 8080
# trusted_proxies = ["10.0.0.5", "10.1.0.0/16"]  # chỉ tin X-Forwarded-* từ các máy này
requests_per_ip_per_minute = 30
wrong_tokens_per_code_per_hour = 10

[monitor]
wait_target_minutes = 15          # thời gian chờ mục tiêu của mọi dịch vụ (phút)
# service_targets = ["HT=10", "DD=20"]  # riêng từng dịch vụ: mã dịch vụ = phút
pause_alert_minutes = 15          # cảnh báo khi quầy tạm nghỉ quá lâu (phút)

[scan]
# folder = "/srv/may-quet/quay-2"   # thư mục máy quét mạng lưu bản quét (PDF, JPEG, PNG)
"""


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        node = nested
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def apply_overrides(base: Settings, flat: Mapping[str, Any]) -> Settings:
    """Return ``base`` with dotted keys (``centre.name`` …) replaced, checked like the file."""
    settings: Settings = _build(Settings, _nest(flat), base)
    return settings


def value_from_text(key: str, text: str) -> Any:
    """Turn a value typed on the command line or in a form into the TOML value for ``key``.

    Text fields stay text; numbers, true/false and lists (comma-separated) are converted by the
    type of the setting, and the result is checked like the config file (``ConfigError``).
    """
    hints: Any = Settings
    path = key.split(".")
    for part in path:
        if not dataclasses.is_dataclass(hints) or part not in typing.get_type_hints(hints):
            raise ConfigError(f"Cấu hình sai: khóa '{key}' không tồn tại.")
        hints = typing.get_type_hints(hints)[part]
    if dataclasses.is_dataclass(hints):
        raise ConfigError(f"Cấu hình sai: '{key}' là một mục, cần tên khóa cụ thể.")
    raw = text.strip()
    value: Any = raw
    if hints is bool:
        lowered = raw.lower()
        value = {"true": True, "false": False, "1": True, "0": False, "có": True,
                 "không": False}.get(lowered, raw)
    elif hints is int or hints is float or (
            typing.get_origin(hints) is typing.Union and int in typing.get_args(hints)):
        try:
            value = int(raw) if hints is not float else float(raw)
        except ValueError:
            value = raw
    elif typing.get_origin(hints) is tuple and typing.get_args(hints)[-1] is Ellipsis:
        value = [p.strip() for p in raw.split(",") if p.strip()]
    elif isinstance(hints, type) and issubclass(hints, enum.Enum):
        value = raw
    apply_overrides(Settings(), {key: value})  # raises ConfigError naming key and value
    return value


def lookup_setting(settings: Settings, key: str) -> Any:
    """Return the value of dotted ``key`` in ``settings``."""
    node: Any = settings
    for part in key.split("."):
        node = getattr(node, part)
    return node


class TomlSettingsCodec:
    """:class:`~counter_app.services.centre_settings.SettingsCodec` over this module's parser."""

    def value_from_text(self, key: str, text: str) -> Any:
        """Return the checked value of ``key`` typed as ``text``."""
        return value_from_text(key, text)

    def apply_overrides(self, base: Settings, flat: Mapping[str, Any]) -> Settings:
        """Return ``base`` with the dotted keys replaced."""
        return apply_overrides(base, flat)

    def lookup(self, settings: Settings, key: str) -> Any:
        """Return the value of a dotted key."""
        return lookup_setting(settings, key)
