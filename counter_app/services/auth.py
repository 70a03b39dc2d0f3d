"""Officer authentication and role checks (roles are enforced here, not only in the UI)."""

from __future__ import annotations

from counter_app.domain.errors import DomainError, PermissionDenied
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.services.ports.reference import PasswordHasher
from counter_app.services.unit_of_work import UnitOfWorkFactory

BAD_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


def authenticate(
    uow_factory: UnitOfWorkFactory, hasher: PasswordHasher, username: str, password: str
) -> Officer:
    """Return the officer whose password matches, or raise a Vietnamese :class:`DomainError`."""
    # The login writes an audit line after reading: take the write lock up front so several
    # processes logging in at once on SQLite queue for the lock instead of failing.
    with uow_factory(immediate=True) as uow:
        found = uow.reference.officer_with_hash(username)
        if found is None:
            hasher.verify(hasher.hash("x"), password)  # same work either way: no user probing
            raise DomainError(BAD_LOGIN)
        officer, stored = found
        if not hasher.verify(stored, password):
            uow.audit.record(username, "login_failed")
            uow.commit()
            raise DomainError(BAD_LOGIN)
        if not officer.active:
            raise DomainError("Tài khoản đã bị khóa. Vui lòng liên hệ quản trị.")
        if hasher.needs_rehash(stored):
            uow.reference.set_password_hash(officer.username, hasher.hash(password))
        uow.audit.record(officer.username, "login")
        uow.commit()
        return officer


def require_role(officer: Officer, *roles: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``officer`` holds one of ``roles`` (admin holds all)."""
    if not officer.can(*roles):
        needed = ", ".join(ROLE_LABELS_VI[r] for r in roles)
        raise PermissionDenied(
            f"Tài khoản {officer.username} không có quyền thực hiện thao tác này (cần: {needed})."
        )


class Authenticator:
    """Log officers in against the store with the injected password hasher."""

    def __init__(self, uow_factory: UnitOfWorkFactory, hasher: PasswordHasher) -> None:
        self.uow_factory = uow_factory
        self.hasher = hasher

    def login(self, username: str, password: str) -> Officer:
        """Return the officer whose password matches, or raise a Vietnamese error."""
        return authenticate(self.uow_factory, self.hasher, username, password)
