"""Centre-wide settings kept in the store, so every PC of the centre sees one value.

They override the config file; per-PC settings (printer, database URL, time zone) stay in the
file. A value is checked exactly as the config file checks it (the adapter behind
:class:`SettingsCodec`), and every change is audited with the old and new value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.unit_of_work import UnitOfWorkFactory

CENTRE_KEYS: dict[str, str] = {
    "centre.name": "Tên trung tâm",
    "centre.governing_body": "Cơ quan chủ quản",
    "centre.agency_code": "Mã định danh cơ quan",
    "centre.address": "Địa chỉ",
    "centre.level": "Cấp (commune, province, province_branch, one_stop_unit)",
    "centre.province": "Tỉnh/thành phố",
    "centre.place": "Địa danh ghi trên biểu mẫu",
    "centre.unit_label": "Tên bộ phận tiếp nhận",
    "office_hours.morning": "Giờ làm buổi sáng",
    "office_hours.afternoon": "Giờ làm buổi chiều",
    "office_hours.same_day_cutoff": "Giờ chốt nhận trong ngày",
    "office_hours.open_saturday": "Làm việc thứ Bảy",
    "lookup_url_template": "Mẫu địa chỉ tra cứu ({code}, {token})",
    "dossier.form_set": "Bộ biểu mẫu (2025 hoặc 2018)",
    "display.notice": "Thông báo chạy trên bảng hiển thị",
    "display.voice": "Đọc số bằng giọng nói",
    "display.counters": "Quầy hiển thị trên bảng (ví dụ 1,2,3; trống: tất cả)",
    "queue.kiosk_opens": "Giờ mở cấp số",
    "queue.kiosk_closes": "Giờ ngừng cấp số",
    "queue.issue_without_open_counter": "Cấp số cả khi chưa có quầy mở",
    "security.max_failed_logins": "Số lần sai mật khẩu trước khi khóa",
    "security.lockout_minutes": "Số phút khóa tài khoản",
    "backup.daily_at": "Giờ sao lưu tự động",
    "backup.keep": "Số bản sao lưu giữ lại",
    "day_close.auto_at": "Giờ tự động kết thúc ngày",
}


class SettingsCodec(Protocol):
    """Parses and applies setting values the way the config file does (an adapter)."""

    def value_from_text(self, key: str, text: str) -> Any:
        """Return the checked value of ``key`` typed as ``text`` (raises ``DomainError``)."""
        ...

    def apply_overrides(self, base: Settings, flat: Mapping[str, Any]) -> Settings:
        """Return ``base`` with the dotted keys replaced."""
        ...

    def lookup(self, settings: Settings, key: str) -> Any:
        """Return the value of a dotted key."""
        ...


@dataclass(frozen=True)
class SettingItem:
    """One centre setting as shown by ``centre show`` and the Centre tab."""

    key: str
    value: str
    label: str
    source: str  # "store" | "file" (same as default: "default")


def _text(value: Any) -> str:
    if hasattr(value, "strftime"):
        return str(value.strftime("%H:%M"))
    if isinstance(value, tuple) and len(value) == 2 and all(hasattr(v, "strftime") for v in value):
        return f"{value[0]:%H:%M}-{value[1]:%H:%M}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(getattr(value, "value", value))


class CentreSettingsService:
    """Show and change the centre-wide settings."""

    def __init__(self, uow_factory: UnitOfWorkFactory, file_settings: Settings,
                 codec: SettingsCodec) -> None:
        self._uow = uow_factory
        self._file = file_settings
        self._codec = codec

    def stored(self) -> dict[str, Any]:
        """The store's overrides, decoded (unknown or now-invalid keys are skipped)."""
        with self._uow() as uow:
            raw = uow.admin.settings()
        return {k: json.loads(v) for k, v in raw.items() if k in CENTRE_KEYS}

    def effective(self) -> Settings:
        """The file settings with the store's overrides applied."""
        stored = self.stored()
        try:
            return self._codec.apply_overrides(self._file, stored)
        except DomainError:
            return self._file

    def show(self) -> list[SettingItem]:
        """Every centre-wide setting with its value and where it comes from."""
        stored = self.stored()
        current = self.effective()
        defaults = Settings()
        items = []
        for key, label in CENTRE_KEYS.items():
            value = self._codec.lookup(current, key)
            source = ("store" if key in stored else
                      "default" if value == self._codec.lookup(defaults, key) else "file")
            items.append(SettingItem(key, _text(value), label, source))
        return items

    def set(self, actor: Officer, key: str, value: str) -> SettingItem:
        """Change one setting for the whole centre (admin); checked like the config file."""
        require_role(actor, Role.ADMIN)
        key = key.strip()
        if key not in CENTRE_KEYS:
            raise DomainError(f"Khóa '{key}' không chỉnh được ở đây. Các khóa: "
                              f"{', '.join(CENTRE_KEYS)}.")
        parsed = self._codec.value_from_text(key, value)
        old = _text(self._codec.lookup(self.effective(), key))
        self._codec.apply_overrides(self.effective(), {key: parsed})  # whole centre still valid
        with self._uow(immediate=True) as uow:
            uow.admin.put_setting(key, json.dumps(parsed, ensure_ascii=False), actor.username)
            uow.audit.record(actor.username, "centre_setting", key,
                             json.dumps({"old": old, "new": parsed}, ensure_ascii=False))
            uow.commit()
        return next(i for i in self.show() if i.key == key)
