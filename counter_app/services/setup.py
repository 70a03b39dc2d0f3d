"""Store set-up: base reference data at ``init`` and the demo commune-level centre at ``init --demo``."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from counter_app.domain.reference import (
    Counter,
    Field,
    Officer,
    PriorityCategory,
    QueueService,
    Role,
)
from counter_app.services.catalogue import import_catalogue
from counter_app.services.ports.reference import PasswordHasher
from counter_app.services.unit_of_work import UnitOfWorkFactory

DEFAULT_PRIORITIES: tuple[tuple[str, str, int], ...] = (
    ("NCT", "Người từ 60 tuổi trở lên", 1),
    ("NKT", "Người khuyết tật", 1),
    ("PNMT", "Phụ nữ mang thai", 1),
    ("CON6", "Người đưa con dưới 6 tuổi", 1),
    ("NCC", "Người có công với cách mạng", 1),
)

# Demo centre: 4 queue services (one per field), 4 counters, 3 officers and an admin.
DEMO_SERVICE_FIELDS: tuple[str, ...] = ("HT", "CT", "DD", "DKKD")
DEMO_COUNTERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "Quầy 1 — Hộ tịch", ("HT",)),
    (2, "Quầy 2 — Hộ tịch, Chứng thực", ("HT", "CT")),
    (3, "Quầy 3 — Đất đai", ("DD",)),
    (4, "Quầy 4 — Đăng ký kinh doanh, Chứng thực", ("DKKD", "CT")),
)
DEMO_OFFICERS: tuple[tuple[str, str, Role], ...] = (
    ("canbo1", "Nguyễn Thị Lan", Role.OFFICER),
    ("canbo2", "Trần Văn Minh", Role.OFFICER),
    ("giamsat", "Lê Hoàng Nam", Role.SUPERVISOR),
    ("quantri", "Trương Minh Quân", Role.ADMIN),  # so "Quản trị" opens on the demo too
)


@dataclass(frozen=True)
class SetupReport:
    """What a set-up step created."""

    fields_added: int
    procedures_imported: int
    demo_passwords: Mapping[str, str]


def ensure_base_data(
    uow_factory: UnitOfWorkFactory,
    fields: Sequence[Mapping[str, Any]],
    catalogue_rows: Iterable[tuple[int, Mapping[str, Any]]],
) -> SetupReport:
    """Add missing fields and priority categories, and the catalogue if the store has none."""
    added = 0
    with uow_factory() as uow:
        for f in fields:
            if uow.reference.field_by_code(str(f["code"])) is None:
                uow.reference.add_field(Field(uuid.uuid4(), str(f["code"]).upper(), str(f["name"]),
                                              str(f["ticket_prefix"]), int(f.get("sort_order", 0))))
                added += 1
        if not uow.reference.list_priorities():
            for code, name, rank in DEFAULT_PRIORITIES:
                uow.reference.add_priority(PriorityCategory(uuid.uuid4(), code, name, rank))
        empty = uow.catalogue.count() == 0
        uow.commit()
    imported = import_catalogue(uow_factory, catalogue_rows, "init") if empty else 0
    return SetupReport(added, imported, {})


def create_demo_centre(
    uow_factory: UnitOfWorkFactory, hasher: PasswordHasher, *, passwords: Mapping[str, str] | None
    = None
) -> SetupReport:
    """Add the demo services, counters and officers unless present; return new demo passwords."""
    made: dict[str, str] = {}
    with uow_factory() as uow:
        if uow.reference.list_services(active_only=False):
            return SetupReport(0, 0, {})
        by_field: dict[str, QueueService] = {}
        for order, fcode in enumerate(DEMO_SERVICE_FIELDS):
            field = uow.reference.field_by_code(fcode)
            if field is None:
                raise LookupError(f"thiếu lĩnh vực {fcode}")
            svc = QueueService(uuid.uuid4(), fcode, field.name, field.ticket_prefix, field.id,
                               start_number=1, width=3, sort_order=order)
            uow.reference.add_service(svc)
            by_field[fcode] = svc
        for number, name, fcodes in DEMO_COUNTERS:
            uow.reference.add_counter(Counter(uuid.uuid4(), number, name,
                                              tuple(by_field[c].id for c in fcodes)))
        for username, full_name, role in DEMO_OFFICERS:
            password = (passwords or {}).get(username) or secrets.token_urlsafe(8)
            uow.reference.add_officer(Officer(uuid.uuid4(), username, full_name, role),
                                      hasher.hash(password))
            made[username] = password
        uow.audit.record("init", "demo_centre")
        uow.commit()
    return SetupReport(0, 0, made)


class CentreSetup:
    """Create or complete the store's base data and the demo centre."""

    def __init__(self, uow_factory: UnitOfWorkFactory, hasher: PasswordHasher) -> None:
        self.uow_factory = uow_factory
        self.hasher = hasher

    def is_empty(self) -> bool:
        """True when no queue service exists yet (a fresh store)."""
        with self.uow_factory() as uow:
            return not uow.reference.list_services(active_only=False)

    def ensure_base_data(self, fields: Sequence[Mapping[str, Any]],
                         catalogue_rows: Iterable[tuple[int, Mapping[str, Any]]]) -> SetupReport:
        """Add missing fields, priority categories and, into an empty store, the catalogue."""
        return ensure_base_data(self.uow_factory, fields, catalogue_rows)

    def create_demo_centre(self) -> dict[str, str]:
        """Add the demo centre unless present; return the new officers' passwords."""
        return dict(create_demo_centre(self.uow_factory, self.hasher).demo_passwords)
