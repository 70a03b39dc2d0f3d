"""Accounts and set-up services on both backends: lockout, forced change, roles, set-up records."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.accounts import AccountLocked, PasswordChangeRequired
from counter_app.domain.admin import CounterDraft, OfficerDraft, PriorityDraft, ServiceDraft
from counter_app.domain.errors import DomainError, PermissionDenied, ValidationError
from counter_app.domain.reference import Role
from counter_app.domain.settings import SecuritySettings, Settings
from counter_app.services.accounts import AccountService
from counter_app.services.admin_setup import AdminService
from counter_app.services.ports.admin import AuditFilter
from tests.db_fixtures import DEMO_PASSWORDS


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def _admin(store: Store, hasher: Argon2Hasher) -> AccountService:
    return AccountService(store.uow, hasher, Settings())


def _make_admin(store: Store, hasher: Argon2Hasher):  # type: ignore[no-untyped-def]
    """Promote giamsat to admin directly (the demo has no admin) and return the officer."""
    with store.uow() as uow:
        state = uow.admin.account("giamsat")
        assert state is not None
        draft = OfficerDraft("giamsat", state.officer.full_name, Role.ADMIN)
        uow.admin.save_officer(state.officer.id, draft)
        uow.commit()
    return AccountService(store.uow, hasher, Settings()).login("giamsat", DEMO_PASSWORDS["giamsat"])


def test_lockout_after_five_wrong_passwords_and_unlock_after_time(store: Store,
                                                                 hasher: Argon2Hasher) -> None:
    clock = Clock()
    settings = Settings(security=SecuritySettings(max_failed_logins=5, lockout_minutes=5))
    accounts = AccountService(store.uow, hasher, settings, now=clock)
    for _ in range(4):
        with pytest.raises(DomainError) as exc:
            accounts.login("canbo1", "sai")
        assert not isinstance(exc.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        accounts.login("canbo1", "sai")
    assert locked.value.until == clock.now + dt.timedelta(minutes=5)
    assert "09:05" in locked.value.message  # local time (UTC+7) of the lock end
    with pytest.raises(AccountLocked):  # even the right password while locked
        accounts.login("canbo1", DEMO_PASSWORDS["canbo1"])
    clock.now += dt.timedelta(minutes=5, seconds=1)
    assert accounts.login("canbo1", DEMO_PASSWORDS["canbo1"]).username == "canbo1"
    with store.uow() as uow:
        actions = [e.action for e in uow.admin.audit_entries(AuditFilter(actor="canbo1"))]
    assert "account_locked" in actions and "login_refused_locked" in actions


def test_reset_password_forces_a_change_at_next_login(store: Store, hasher: Argon2Hasher) -> None:
    admin = _make_admin(store, hasher)
    accounts = _admin(store, hasher)
    one_time = accounts.reset_password(admin, "canbo2")
    with pytest.raises(PasswordChangeRequired):
        accounts.login("canbo2", one_time)
    with pytest.raises(ValidationError) as weak:
        accounts.change_password("canbo2", one_time, "short")
    assert "new" in weak.value.errors
    officer = accounts.change_password("canbo2", one_time, "Moi-matkhau-2026")
    assert officer.username == "canbo2"
    assert accounts.login("canbo2", "Moi-matkhau-2026").username == "canbo2"


def test_wrong_role_is_refused_by_the_services(store: Store, hasher: Argon2Hasher) -> None:
    accounts = _admin(store, hasher)
    officer = accounts.login("canbo1", DEMO_PASSWORDS["canbo1"])
    supervisor = accounts.login("giamsat", DEMO_PASSWORDS["giamsat"])
    admin_svc = AdminService(store.uow, hasher)
    with pytest.raises(PermissionDenied):
        admin_svc.add_service(officer, ServiceDraft("XD", "Xây dựng", "E"))
    with pytest.raises(PermissionDenied):
        admin_svc.add_counter(supervisor, CounterDraft(9, "Quầy 9"))
    with pytest.raises(PermissionDenied):
        accounts.reset_password(supervisor, "canbo1")
    with pytest.raises(PermissionDenied):
        admin_svc.list_officers(officer)


def test_set_up_records_with_audit_and_field_errors(store: Store, hasher: Argon2Hasher) -> None:
    admin = _make_admin(store, hasher)
    svc = AdminService(store.uow, hasher)
    added = svc.add_service(admin, ServiceDraft("XD", "Xây dựng", "e", daily_cap=50))
    assert added.prefix == "E" and added.active
    with pytest.raises(ValidationError) as clash:
        svc.add_service(admin, ServiceDraft("XD2", "Khác", "E"))
    assert "prefix" in clash.value.errors
    counter = svc.add_counter(admin, CounterDraft(5, "Quầy 5", ("XD", "HT"), pc_name="PC-05"))
    assert counter.service_codes == ("HT", "XD")
    with pytest.raises(ValidationError) as bad:
        svc.add_counter(admin, CounterDraft(6, "Quầy 6", ("NOPE",)))
    assert "HT" in bad.value.errors["service_codes"]
    edited = svc.edit_service(admin, "xd", {"name": "Xây dựng — cấp phép"})
    assert edited.name == "Xây dựng — cấp phép"
    new = svc.add_officer(admin, OfficerDraft("canbo9", "Phạm Thị Hoa", Role.OFFICER,
                                              service_codes=("XD",)), "Batdau-2026")
    assert new.must_change_password and new.service_codes == ("XD",)
    with pytest.raises(PasswordChangeRequired):
        _admin(store, hasher).login("canbo9", "Batdau-2026")
    svc.disable_priority(admin, "NCT")
    assert not next(p for p in svc.list_priorities(admin) if p.code == "NCT").active
    svc.add_priority(admin, PriorityDraft("TE", "Trẻ em", 2))
    disabled = svc.disable_officer(admin, "canbo1")
    assert not disabled.active
    with pytest.raises(DomainError):
        _admin(store, hasher).login("canbo1", DEMO_PASSWORDS["canbo1"])
    with pytest.raises(DomainError):
        svc.edit_officer(admin, "giamsat", {"role": Role.OFFICER})
    with store.uow() as uow:
        edits = uow.admin.audit_entries(AuditFilter(action="service_edit"))
    assert edits and edits[0].actor == "giamsat"
    assert "Xây dựng — cấp phép" in edits[0].detail and '"old"' in edits[0].detail
    assert dataclasses.asdict(added)["code"] == "XD"


def test_personal_data_and_rules_need_the_right_role(store: Store, hasher: Argon2Hasher) -> None:
    from counter_app.services.personal_data import catalogue_import, ledger_export, view_dossier

    accounts = _admin(store, hasher)
    officer = accounts.login("canbo1", DEMO_PASSWORDS["canbo1"])
    supervisor = accounts.login("giamsat", DEMO_PASSWORDS["giamsat"])
    inactive = dataclasses.replace(officer, active=False)
    with pytest.raises(PermissionDenied):
        ledger_export(store.uow, Settings(), officer, dt.date(2026, 1, 1), dt.date(2026, 1, 2),
                      None)
    with pytest.raises(PermissionDenied):
        catalogue_import(store.uow, supervisor, [])
    with pytest.raises(PermissionDenied):
        view_dossier(store.uow, inactive, "H01.151.01-260105-0001")


def test_set_up_changes_wake_the_running_screens(store: Store, hasher: Argon2Hasher) -> None:
    from counter_app.adapters.db.change_feed import open_change_feed

    admin = _make_admin(store, hasher)
    feed = open_change_feed(store)
    try:
        feed.changed()  # forget earlier commits
        AdminService(store.uow, hasher).edit_service(admin, "HT", {"name": "Hộ tịch — khai sinh"})
        assert feed.wait(5.0)
    finally:
        feed.close()
