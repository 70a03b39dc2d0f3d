"""Set-up records as the admin screens and the CLI see them: frozen rows (read) and drafts (input).

Drafts are checked field by field: :func:`validate_service` and friends raise one
:class:`~counter_app.domain.errors.ValidationError` carrying a Vietnamese message per bad field,
keyed by the draft's field name, so a dialog can show each next to its field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counter_app.domain.errors import ValidationError
from counter_app.domain.reference import PREFIX_RE, Role
from counter_app.domain.text import nfc

CODE_RE = re.compile(r"^[A-Z0-9_]{1,16}$")
USERNAME_RE = re.compile(r"^[a-z0-9._-]{3,64}$")


@dataclass(frozen=True)
class ServiceItem:
    """A queue service (lĩnh vực at the kiosk) with everything the admin edits."""

    id: uuid.UUID
    code: str
    name: str
    prefix: str
    start_number: int
    daily_cap: int | None
    issue_from: dt.time | None
    issue_to: dt.time | None
    sort_order: int
    active: bool
    field_code: str = ""


@dataclass(frozen=True)
class CounterItem:
    """A counter, the services it serves (codes) and the PC that opens it by default."""

    id: uuid.UUID
    number: int
    name: str
    service_codes: tuple[str, ...]
    pc_name: str
    active: bool


@dataclass(frozen=True)
class OfficerItem:
    """An officer account as the admin sees it (never the password hash)."""

    id: uuid.UUID
    username: str
    full_name: str
    title: str
    role: Role
    service_codes: tuple[str, ...]
    active: bool
    must_change_password: bool
    locked_until: dt.datetime | None
    has_records: bool


@dataclass(frozen=True)
class PriorityItem:
    """A priority category offered at the kiosk."""

    id: uuid.UUID
    code: str
    name: str
    rank: int
    active: bool


@dataclass(frozen=True)
class ServiceDraft:
    """Input for a new or edited queue service."""

    code: str
    name: str
    prefix: str
    start_number: int = 1
    daily_cap: int | None = None
    issue_from: dt.time | None = None
    issue_to: dt.time | None = None
    sort_order: int = 0
    active: bool = True
    field_code: str = ""


@dataclass(frozen=True)
class CounterDraft:
    """Input for a new or edited counter."""

    number: int
    name: str
    service_codes: tuple[str, ...] = ()
    pc_name: str = ""
    active: bool = True


@dataclass(frozen=True)
class OfficerDraft:
    """Input for a new or edited officer account."""

    username: str
    full_name: str
    role: Role = Role.OFFICER
    title: str = ""
    service_codes: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class PriorityDraft:
    """Input for a new or edited priority category."""

    code: str
    name: str
    rank: int = 1
    active: bool = True


def apply_changes(draft: Any, changes: Mapping[str, object]) -> Any:
    """Return ``draft`` with ``changes`` applied; an unknown field is a validation error."""
    names = {f.name for f in dataclasses.fields(draft)}
    unknown = sorted(set(changes) - names)
    if unknown:
        raise ValidationError({k: f"Không có trường '{k}'. Các trường: {', '.join(sorted(names))}."
                               for k in unknown})
    return dataclasses.replace(draft, **changes)


def _name(errors: dict[str, str], value: str, field: str = "name", limit: int = 200) -> str:
    text = nfc(value).strip()
    if not text:
        errors[field] = "Không được để trống."
    elif len(text) > limit:
        errors[field] = f"Tối đa {limit} ký tự."
    return text


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def validate_service(d: ServiceDraft) -> ServiceDraft:
    """Return the normalised draft or raise :class:`ValidationError`."""
    errors: dict[str, str] = {}
    code, prefix = d.code.strip().upper(), d.prefix.strip().upper()
    if not CODE_RE.match(code):
        errors["code"] = "Mã gồm 1–16 chữ in hoa, chữ số hoặc dấu gạch dưới."
    name = _name(errors, d.name)
    if not PREFIX_RE.match(prefix):
        errors["prefix"] = "Tiền tố gồm 1–3 chữ cái in hoa (A–Z)."
    if d.start_number < 0 or d.start_number > 9999:
        errors["start_number"] = "Số bắt đầu từ 0 đến 9999."
    if d.daily_cap is not None and d.daily_cap < 1:
        errors["daily_cap"] = "Giới hạn trong ngày phải lớn hơn 0 (để trống: không giới hạn)."
    if (d.issue_from is None) != (d.issue_to is None):
        errors["issue_to"] = "Cần cả giờ bắt đầu và giờ kết thúc cấp số (hoặc để trống cả hai)."
    elif d.issue_from is not None and d.issue_to is not None and d.issue_from >= d.issue_to:
        errors["issue_to"] = "Giờ kết thúc cấp số phải sau giờ bắt đầu."
    _raise(errors)
    return dataclasses.replace(d, code=code, name=name, prefix=prefix,
                               field_code=d.field_code.strip().upper())


def validate_counter(d: CounterDraft) -> CounterDraft:
    """Return the normalised draft or raise :class:`ValidationError`."""
    errors: dict[str, str] = {}
    if d.number < 1 or d.number > 999:
        errors["number"] = "Số quầy từ 1 đến 999."
    name = _name(errors, d.name, limit=100)
    if len(d.pc_name) > 64:
        errors["pc_name"] = "Tên máy tối đa 64 ký tự."
    _raise(errors)
    codes = tuple(dict.fromkeys(c.strip().upper() for c in d.service_codes if c.strip()))
    return dataclasses.replace(d, name=name, service_codes=codes, pc_name=d.pc_name.strip())


def validate_officer(d: OfficerDraft) -> OfficerDraft:
    """Return the normalised draft or raise :class:`ValidationError`."""
    errors: dict[str, str] = {}
    username = d.username.strip().lower()
    if not USERNAME_RE.match(username):
        errors["username"] = ("Tên đăng nhập 3–64 ký tự: chữ thường không dấu, chữ số, "
                              "dấu chấm, gạch ngang hoặc gạch dưới.")
    full_name = _name(errors, d.full_name, "full_name")
    if len(d.title) > 100:
        errors["title"] = "Chức danh tối đa 100 ký tự."
    try:
        role = Role(d.role)
    except ValueError:
        errors["role"] = "Vai trò là officer, supervisor hoặc admin."
        role = Role.OFFICER
    _raise(errors)
    codes = tuple(dict.fromkeys(c.strip().upper() for c in d.service_codes if c.strip()))
    return dataclasses.replace(d, username=username, full_name=full_name, role=role,
                               title=nfc(d.title).strip(), service_codes=codes)


def validate_priority(d: PriorityDraft) -> PriorityDraft:
    """Return the normalised draft or raise :class:`ValidationError`."""
    errors: dict[str, str] = {}
    code = d.code.strip().upper()
    if not re.match(r"^[A-Z0-9_]{1,32}$", code):
        errors["code"] = "Mã gồm 1–32 chữ in hoa, chữ số hoặc dấu gạch dưới."
    name = _name(errors, d.name)
    if d.rank < 1 or d.rank > 99:
        errors["rank"] = "Thứ tự ưu tiên từ 1 đến 99 (1 được gọi trước)."
    _raise(errors)
    return dataclasses.replace(d, code=code, name=name)


def changed_fields(old: Any, new: Any) -> dict[str, dict[str, object]]:
    """Return ``{"old": {...}, "new": {...}}`` holding only the fields that differ."""
    before, after = dataclasses.asdict(old), dataclasses.asdict(new)
    keys = [k for k in after if before.get(k) != after[k]]
    return {"old": {k: before.get(k) for k in keys}, "new": {k: after[k] for k in keys}}
