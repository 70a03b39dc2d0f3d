"""Reference data of a centre: identity, fields, queue services, counters, officers, priorities."""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from dataclasses import dataclass, field

from counter_app.domain.errors import DomainError
from counter_app.domain.queue import display_number

AGENCY_CODE_RE = re.compile(r"^[A-Z0-9.]{1,35}$")
PREFIX_RE = re.compile(r"^[A-Z]{1,3}$")


class CentreLevel(enum.StrEnum):
    """Administrative level of the centre (names stay configurable: centres were reorganised in 2025)."""

    COMMUNE = "commune"  # Trung tâm Phục vụ hành chính công cấp xã (xã, phường, đặc khu)
    PROVINCE = "province"  # Trung tâm Phục vụ hành chính công cấp tỉnh
    PROVINCE_BRANCH = "province_branch"  # chi nhánh của trung tâm cấp tỉnh
    ONE_STOP_UNIT = "one_stop_unit"  # Bộ phận Một cửa of a ministry or agency


UNIT_TYPES_VI: dict[CentreLevel, str] = {
    CentreLevel.COMMUNE: "Trung tâm Phục vụ hành chính công",
    CentreLevel.PROVINCE: "Trung tâm Phục vụ hành chính công",
    CentreLevel.PROVINCE_BRANCH: "Chi nhánh Trung tâm Phục vụ hành chính công",
    CentreLevel.ONE_STOP_UNIT: "Bộ phận Một cửa",
}


class Role(enum.StrEnum):
    """What an officer may do; enforced by the services."""

    OFFICER = "officer"  # cán bộ tiếp nhận at a counter
    SUPERVISOR = "supervisor"  # lãnh đạo / giám sát: reports, back-dating, freeing counters
    ADMIN = "admin"  # quản trị hệ thống


ROLE_LABELS_VI: dict[Role, str] = {
    Role.OFFICER: "Cán bộ tiếp nhận",
    Role.SUPERVISOR: "Giám sát",
    Role.ADMIN: "Quản trị",
}


@dataclass(frozen=True)
class Centre:
    """The centre's identity as printed on forms and tickets."""

    name: str
    governing_body: str
    agency_code: str
    address: str
    level: CentreLevel = CentreLevel.COMMUNE
    province: str = ""
    unit_label: str = ""  # the receiving unit's type as forms name it; empty: by ``level``
    place: str = ""  # written before the date on forms ("Phường Mẫu, ngày …"); derived if empty

    @property
    def unit_type(self) -> str:
        """The kind of unit that receives and returns dossiers ("Trung tâm Phục vụ hành chính
        công", "Bộ phận Một cửa"…): the configured ``unit_label``, else the level's usual name."""
        return self.unit_label or UNIT_TYPES_VI[self.level]

    def __post_init__(self) -> None:
        if not AGENCY_CODE_RE.match(self.agency_code):
            raise DomainError(
                f"Mã định danh cơ quan '{self.agency_code}' không hợp lệ: "
                "chỉ gồm chữ in hoa A–Z, chữ số và dấu chấm, tối đa 35 ký tự."
            )


@dataclass(frozen=True)
class Field:
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, with its default ticket prefix."""

    id: uuid.UUID
    code: str
    name: str
    ticket_prefix: str
    sort_order: int = 0
    active: bool = True


@dataclass(frozen=True)
class QueueService:
    """A service a citizen takes a ticket for; numbering restarts each business day."""

    id: uuid.UUID
    code: str
    name: str
    prefix: str
    field_id: uuid.UUID | None = None
    start_number: int = 1
    daily_cap: int | None = None
    width: int = 3
    sort_order: int = 0
    active: bool = True
    issue_from: dt.time | None = None  # this service's own issuing hours, within the kiosk's
    issue_to: dt.time | None = None

    def __post_init__(self) -> None:
        if not PREFIX_RE.match(self.prefix):
            raise DomainError(f"Tiền tố số thứ tự '{self.prefix}' phải gồm 1–3 chữ cái in hoa.")
        if self.start_number < 0 or self.width < 1 or self.width > 6:
            raise DomainError("Số bắt đầu hoặc độ dài số thứ tự không hợp lệ.")
        if self.daily_cap is not None and self.daily_cap < 1:
            raise DomainError("Giới hạn số phiếu trong ngày phải lớn hơn 0.")

    def closed_reason(self, local: dt.time) -> str | None:
        """Why this service issues no ticket at local time ``local`` (its own hours), or None."""
        if self.issue_from is None or self.issue_to is None:
            return None
        if self.issue_from <= local < self.issue_to:
            return None
        return (f"{self.name}: ngoài giờ cấp số ({self.issue_from:%H:%M}–{self.issue_to:%H:%M}). "
                "Vui lòng quay lại trong giờ cấp số.")

    def display_number(self, number: int) -> str:
        """Return the printed form of ``number``, e.g. ``A012``."""
        return display_number(self.prefix, number, self.width)


@dataclass(frozen=True)
class Counter:
    """A service counter (quầy) and the queue services it serves."""

    id: uuid.UUID
    number: int
    name: str
    service_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    active: bool = True


@dataclass(frozen=True)
class Officer:
    """A person who logs in; the password hash never leaves the adapters."""

    id: uuid.UUID
    username: str
    full_name: str
    role: Role
    active: bool = True

    def can(self, *roles: Role) -> bool:
        """Return True when the officer holds one of ``roles`` (admins hold every role)."""
        return self.active and (self.role in roles or self.role is Role.ADMIN)


@dataclass(frozen=True)
class PriorityCategory:
    """A priority category chosen at the kiosk (người cao tuổi, người khuyết tật, ...)."""

    id: uuid.UUID
    code: str
    name: str
    rank: int = 1
    active: bool = True
