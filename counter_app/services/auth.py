"""Officer authentication and role checks (roles are enforced here, not only in the UI)."""

from __future__ import annotations

from counter_app.domain.accounts import BAD_LOGIN
from counter_app.domain.errors import PermissionDenied
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.ports.reference import PasswordHasher
from counter_app.services.unit_of_work import UnitOfWorkFactory

__all__ = ["BAD_LOGIN", "authenticate", "require_role"]


def authenticate(
    uow_factory: UnitOfWorkFactory, hasher: PasswordHasher, username: str, password: str,
    settings: Settings | None = None,
) -> Officer:
    """Return the officer whose password matches, or raise a Vietnamese :class:`DomainError`.

    The rules of :class:`~counter_app.services.accounts.AccountService` apply: lockout after
    repeated wrong passwords and a forced change of an admin-set password.
    """
    from counter_app.services.accounts import AccountService

    return AccountService(uow_factory, hasher, settings or Settings()).login(username, password)


def require_role(officer: Officer, *roles: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``officer`` holds one of ``roles`` (admin holds all)."""
    if not officer.can(*roles):
        needed = ", ".join(ROLE_LABELS_VI[r] for r in roles)
        raise PermissionDenied(
            f"Tài khoản {officer.username} không có quyền thực hiện thao tác này (cần: {needed})."
        )
