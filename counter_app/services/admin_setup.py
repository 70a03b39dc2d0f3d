"""Setting up a centre: queue services, counters, officers and priority categories.

Writes need an admin; lists need any signed-in officer. Records are never deleted (tickets,
dossiers and the audit trail point at them): ``disable_*`` deactivates. Every change writes one
audit line with the admin's username and the old and new values of the changed fields.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from counter_app.domain.accounts import check_password_strength
from counter_app.domain.admin import (
    CounterDraft,
    CounterItem,
    OfficerDraft,
    OfficerItem,
    PriorityDraft,
    PriorityItem,
    ServiceDraft,
    ServiceItem,
    apply_changes,
    changed_fields,
    validate_counter,
    validate_officer,
    validate_priority,
    validate_service,
)
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.reference import Centre, Officer, Role
from counter_app.domain.text import nfc
from counter_app.services.auth import require_role
from counter_app.services.ports.reference import PasswordHasher
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


def _json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str, sort_keys=True)


def _find(items: list[T], key: Callable[[T], object], wanted: object, what: str) -> T:
    for item in items:
        if key(item) == wanted:
            return item
    raise NotFound(f"Không tìm thấy {what}.")


def _service_draft(s: ServiceItem) -> ServiceDraft:
    return ServiceDraft(s.code, s.name, s.prefix, s.start_number, s.daily_cap, s.issue_from,
                        s.issue_to, s.sort_order, s.active, s.field_code)


def _counter_draft(c: CounterItem) -> CounterDraft:
    return CounterDraft(c.number, c.name, c.service_codes, c.pc_name, c.active)


def _officer_draft(o: OfficerItem) -> OfficerDraft:
    return OfficerDraft(o.username, o.full_name, o.role, o.title, o.service_codes, o.active)


def _priority_draft(p: PriorityItem) -> PriorityDraft:
    return PriorityDraft(p.code, p.name, p.rank, p.active)


class AdminService:
    """Set-up use cases for the admin window and the ``service|counter|officer|priority`` CLI."""

    def __init__(self, uow_factory: UnitOfWorkFactory, hasher: PasswordHasher) -> None:
        self._uow = uow_factory
        self._hasher = hasher

    def _read(self, actor: Officer, fetch: Callable[[UnitOfWork], T]) -> T:
        require_role(actor, Role.OFFICER, Role.SUPERVISOR)
        with self._uow() as uow:
            return fetch(uow)

    def _audit(self, uow: UnitOfWork, actor: Officer, action: str, subject: str,
               old: Any | None, new: Any) -> None:
        if old is None:
            detail = _json({"new": dataclasses.asdict(new)})
        else:
            detail = _json(changed_fields(old, new))
        uow.audit.record(actor.username, action, subject, detail)

    # queue services -----------------------------------------------------------------------
    def reference_list(self, kind: str) -> list[ServiceItem] | list[CounterItem] | list[PriorityItem]:
        """Services, counters or priority categories (``kind``): reference data without personal
        data, readable without a login (``counter-app service list`` shows the valid codes)."""
        with self._uow() as uow:
            if kind == "service":
                return uow.admin.services()
            if kind == "counter":
                return uow.admin.counters()
            if kind == "priority":
                return uow.admin.priorities()
        raise DomainError(f"Không có danh mục '{kind[:20]}'.")

    def list_services(self, actor: Officer) -> list[ServiceItem]:
        """Every queue service, inactive ones too, in kiosk order."""
        return self._read(actor, lambda uow: uow.admin.services())

    def add_service(self, actor: Officer, draft: ServiceDraft) -> ServiceItem:
        """Create a queue service (admin)."""
        require_role(actor, Role.ADMIN)
        d = validate_service(draft)
        with self._uow(immediate=True) as uow:
            item = uow.admin.save_service(None, d)
            self._audit(uow, actor, "service_add", item.code, None, d)
            uow.commit()
            return item

    def edit_service(self, actor: Officer, code: str, changes: Mapping[str, object]) -> ServiceItem:
        """Change fields of the queue service ``code`` (admin)."""
        require_role(actor, Role.ADMIN)
        with self._uow(immediate=True) as uow:
            old = _find(uow.admin.services(), lambda s: s.code, code.strip().upper(),
                        f"lĩnh vực mã {code}")
            before = _service_draft(old)
            d = validate_service(apply_changes(before, changes))
            item = uow.admin.save_service(old.id, d)
            self._audit(uow, actor, "service_edit", item.code, before, d)
            uow.commit()
            return item

    def disable_service(self, actor: Officer, code: str) -> ServiceItem:
        """Stop issuing tickets for ``code`` (admin); its history stays."""
        return self.edit_service(actor, code, {"active": False})

    def move_service(self, actor: Officer, code: str, sort_order: int) -> ServiceItem:
        """Change the kiosk position of ``code`` (admin)."""
        return self.edit_service(actor, code, {"sort_order": sort_order})

    # counters -----------------------------------------------------------------------------
    def list_counters(self, actor: Officer) -> list[CounterItem]:
        """Every counter by number."""
        return self._read(actor, lambda uow: uow.admin.counters())

    def add_counter(self, actor: Officer, draft: CounterDraft) -> CounterItem:
        """Create a counter (admin)."""
        require_role(actor, Role.ADMIN)
        d = validate_counter(draft)
        with self._uow(immediate=True) as uow:
            item = uow.admin.save_counter(None, d)
            self._audit(uow, actor, "counter_add", f"quầy {item.number}", None, d)
            uow.commit()
            return item

    def edit_counter(self, actor: Officer, number: int, changes: Mapping[str, object]
                     ) -> CounterItem:
        """Change fields of counter ``number`` (admin)."""
        require_role(actor, Role.ADMIN)
        with self._uow(immediate=True) as uow:
            old = _find(uow.admin.counters(), lambda c: c.number, number, f"quầy số {number}")
            before = _counter_draft(old)
            d = validate_counter(apply_changes(before, changes))
            item = uow.admin.save_counter(old.id, d)
            self._audit(uow, actor, "counter_edit", f"quầy {item.number}", before, d)
            uow.commit()
            return item

    def disable_counter(self, actor: Officer, number: int) -> CounterItem:
        """Deactivate counter ``number`` (admin)."""
        return self.edit_counter(actor, number, {"active": False})

    # officers -----------------------------------------------------------------------------
    def list_officers(self, actor: Officer) -> list[OfficerItem]:
        """Every officer account (supervisors and admins)."""
        require_role(actor, Role.SUPERVISOR)
        with self._uow() as uow:
            return uow.admin.officers()

    def add_officer(self, actor: Officer, draft: OfficerDraft, password: str) -> OfficerItem:
        """Create an account (admin); ``password`` must be changed at first login."""
        require_role(actor, Role.ADMIN)
        d = validate_officer(draft)
        check_password_strength(password, d.username)
        with self._uow(immediate=True) as uow:
            hashed = self._hasher.hash(password)
            item = uow.admin.save_officer(None, d, hashed)
            uow.admin.set_password(item.id, hashed, must_change=True)
            self._audit(uow, actor, "officer_add", item.username, None, d)
            uow.commit()
        return dataclasses.replace(item, must_change_password=True)

    def edit_officer(self, actor: Officer, username: str, changes: Mapping[str, object]
                     ) -> OfficerItem:
        """Change fields of ``username`` (admin); an admin cannot demote or disable themself."""
        require_role(actor, Role.ADMIN)
        with self._uow(immediate=True) as uow:
            old = _find(uow.admin.officers(), lambda o: o.username, username.strip().lower(),
                        f"tài khoản {username}")
            before = _officer_draft(old)
            d = validate_officer(apply_changes(before, changes))
            if old.id == actor.id and (d.role is not Role.ADMIN or not d.active):
                raise DomainError("Không thể tự bỏ quyền quản trị hoặc tự vô hiệu hóa tài khoản "
                                  "đang đăng nhập.")
            item = uow.admin.save_officer(old.id, d)
            self._audit(uow, actor, "officer_edit", item.username, before, d)
            uow.commit()
            return item

    def disable_officer(self, actor: Officer, username: str) -> OfficerItem:
        """Deactivate ``username`` (admin); accounts are never deleted."""
        return self.edit_officer(actor, username, {"active": False})

    def create_first_admin(self, username: str, full_name: str, password: str) -> OfficerItem:
        """First-run wizard: the first admin account, only while the store has no officer."""
        d = validate_officer(OfficerDraft(username, full_name, Role.ADMIN, "Quản trị hệ thống"))
        check_password_strength(password, d.username)
        with self._uow(immediate=True) as uow:
            if uow.admin.count_officers():
                raise DomainError("Trung tâm đã có tài khoản; hãy đăng nhập bằng tài khoản quản "
                                  "trị để thêm tài khoản mới.")
            item = uow.admin.save_officer(None, d, self._hasher.hash(password))
            uow.audit.record(item.username, "first_admin_created", item.username)
            uow.commit()
            return item

    def set_up_centre(self, centre: Centre) -> None:
        """First-run wizard: store the centre's identity, only while no officer exists.

        Afterwards the identity is changed key by key with ``CentreSettingsService.set``.
        """
        values = {f"centre.{k}": (v.value if isinstance(v, enum.Enum) else nfc(str(v)).strip())
                  for k, v in dataclasses.asdict(centre).items()}
        with self._uow(immediate=True) as uow:
            if uow.admin.count_officers():
                raise DomainError("Trung tâm đã được thiết lập; hãy đăng nhập quản trị để sửa "
                                  "thông tin trung tâm.")
            for key, value in values.items():
                uow.admin.put_setting(key, json.dumps(value, ensure_ascii=False), "setup")
            uow.audit.record("setup", "centre_set_up", centre.agency_code, _json(values))
            uow.commit()

    def has_officers(self) -> bool:
        """True once any account exists (the first-run wizard is not offered then)."""
        with self._uow() as uow:
            return bool(uow.admin.count_officers())

    # priority categories ------------------------------------------------------------------
    def list_priorities(self, actor: Officer) -> list[PriorityItem]:
        """Every priority category, inactive ones too."""
        return self._read(actor, lambda uow: uow.admin.priorities())

    def add_priority(self, actor: Officer, draft: PriorityDraft) -> PriorityItem:
        """Create a priority category (admin)."""
        require_role(actor, Role.ADMIN)
        d = validate_priority(draft)
        with self._uow(immediate=True) as uow:
            item = uow.admin.save_priority(None, d)
            self._audit(uow, actor, "priority_add", item.code, None, d)
            uow.commit()
            return item

    def edit_priority(self, actor: Officer, code: str, changes: Mapping[str, object]
                      ) -> PriorityItem:
        """Change fields of priority category ``code`` (admin)."""
        require_role(actor, Role.ADMIN)
        with self._uow(immediate=True) as uow:
            old = _find(uow.admin.priorities(), lambda p: p.code, code.strip().upper(),
                        f"đối tượng ưu tiên mã {code}")
            before = _priority_draft(old)
            d = validate_priority(apply_changes(before, changes))
            item = uow.admin.save_priority(old.id, d)
            self._audit(uow, actor, "priority_edit", item.code, before, d)
            uow.commit()
            return item

    def disable_priority(self, actor: Officer, code: str) -> PriorityItem:
        """Stop offering priority category ``code`` (admin)."""
        return self.edit_priority(actor, code, {"active": False})
