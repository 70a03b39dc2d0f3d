"""Officer accounts: login with lockout, forced password change, admin reset and unlock.

Rules (domain/accounts.py): ``security.max_failed_logins`` wrong passwords in a row lock the
account for ``security.lockout_minutes``; a password set or reset by an admin must be changed at
the next login. Every attempt, lock, change and reset is audited with the officer's username.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from counter_app.domain.accounts import (
    BAD_LOGIN,
    AccountLocked,
    LockoutPolicy,
    PasswordChangeRequired,
    check_password_strength,
    is_locked,
    one_time_password,
)
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.ports.admin import AccountState
from counter_app.services.ports.reference import PasswordHasher
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

INACTIVE = "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị."


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AccountService:
    """Login, password change, reset and unlock over the unit of work."""

    def __init__(self, uow_factory: UnitOfWorkFactory, hasher: PasswordHasher,
                 settings: Settings, *, now: Callable[[], dt.datetime] = _utcnow) -> None:
        self._uow = uow_factory
        self._hasher = hasher
        self._settings = settings
        self._now = now

    @property
    def policy(self) -> LockoutPolicy:
        """The lockout rule from the settings."""
        s = self._settings.security
        return LockoutPolicy(s.max_failed_logins, s.lockout_minutes)

    def _locked(self, username: str, until: dt.datetime) -> AccountLocked:
        local = until.astimezone(ZoneInfo(self._settings.timezone))
        return AccountLocked(username, until, f"{local:%H:%M} ngày {local:%d/%m/%Y}")

    def _check(self, uow: UnitOfWork, username: str, password: str) -> AccountState:
        """Verify the password inside ``uow`` (committing failure counts); return the account."""
        now = self._now()
        state = uow.admin.account(username)
        if state is None:
            self._hasher.verify(self._hasher.hash("x"), password)  # same work: no user probing
            uow.audit.record(username.strip().lower()[:64], "login_failed", detail="unknown user")
            uow.commit()
            raise DomainError(BAD_LOGIN)
        name = state.officer.username
        if is_locked(state.locked_until, now):
            assert state.locked_until is not None
            uow.audit.record(name, "login_refused_locked")
            uow.commit()
            raise self._locked(name, state.locked_until)
        if not self._hasher.verify(state.password_hash, password):
            failed, until = self.policy.after_failure(state.failed_logins, now)
            uow.admin.save_login_state(state.officer.id, failed, until)
            uow.audit.record(name, "login_failed")
            if until is not None:
                uow.audit.record(name, "account_locked", detail=until.isoformat())
            uow.commit()
            if until is not None:
                raise self._locked(name, until)
            raise DomainError(BAD_LOGIN)
        if not state.officer.active:
            raise DomainError(INACTIVE)
        if state.failed_logins or state.locked_until:
            uow.admin.save_login_state(state.officer.id, 0, None)
        if self._hasher.needs_rehash(state.password_hash):
            uow.admin.set_password(state.officer.id, self._hasher.hash(password),
                                   must_change=state.must_change_password)
        return state

    def login(self, username: str, password: str) -> Officer:
        """Return the officer, or raise ``DomainError``/``AccountLocked``/``PasswordChangeRequired``."""
        with self._uow(immediate=True) as uow:
            state = self._check(uow, username, password)
            if state.must_change_password:
                uow.audit.record(state.officer.username, "login_password_change_required")
                uow.commit()
                raise PasswordChangeRequired(state.officer.username)
            uow.audit.record(state.officer.username, "login")
            uow.commit()
            return state.officer

    def change_password(self, username: str, current: str, new: str) -> Officer:
        """Check ``current``, set the strong password ``new``, clear the forced change; log in."""
        check_password_strength(new, username.strip().lower(), field="new")
        if new == current:
            raise DomainError("Mật khẩu mới phải khác mật khẩu hiện tại.")
        with self._uow(immediate=True) as uow:
            state = self._check(uow, username, current)
            uow.admin.set_password(state.officer.id, self._hasher.hash(new), must_change=False)
            uow.audit.record(state.officer.username, "password_changed")
            uow.audit.record(state.officer.username, "login")
            uow.commit()
            return state.officer

    def reset_password(self, actor: Officer, username: str) -> str:
        """Give ``username`` a one-time password (returned once) to change at next login; admin."""
        require_role(actor, Role.ADMIN)
        password = one_time_password()
        with self._uow(immediate=True) as uow:
            state = uow.admin.account(username)
            if state is None:
                raise NotFound(f"Không có tài khoản {username}.")
            uow.admin.set_password(state.officer.id, self._hasher.hash(password), must_change=True)
            uow.audit.record(actor.username, "password_reset", state.officer.username)
            uow.commit()
        return password

    def set_initial_password(self, uow: UnitOfWork, officer_username: str, password: str, *,
                             must_change: bool) -> None:
        """Inside ``uow``: set the first password of a new account (strength checked)."""
        check_password_strength(password, officer_username)
        state = uow.admin.account(officer_username)
        if state is None:
            raise NotFound(f"Không có tài khoản {officer_username}.")
        uow.admin.set_password(state.officer.id, self._hasher.hash(password),
                               must_change=must_change)

    def unlock(self, actor: Officer, username: str) -> None:
        """Lift a lockout now; admin."""
        require_role(actor, Role.ADMIN)
        with self._uow(immediate=True) as uow:
            state = uow.admin.account(username)
            if state is None:
                raise NotFound(f"Không có tài khoản {username}.")
            uow.admin.save_login_state(state.officer.id, 0, None)
            uow.audit.record(actor.username, "account_unlocked", state.officer.username)
            uow.commit()


def authenticate(
    uow_factory: UnitOfWorkFactory, hasher: PasswordHasher, username: str, password: str,
    settings: Settings | None = None,
) -> Officer:
    """Return the officer whose password matches, or raise a Vietnamese :class:`DomainError`.

    The rules of :class:`~counter_app.services.accounts.AccountService` apply: lockout after
    repeated wrong passwords and a forced change of an admin-set password.
    """
    return AccountService(uow_factory, hasher, settings or Settings()).login(username, password)
