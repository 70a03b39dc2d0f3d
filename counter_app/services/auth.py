"""Role checks: every use case calls :func:`require_role` (roles are enforced here, not only in
the UI). Logging in is :mod:`counter_app.services.accounts`."""

from __future__ import annotations

from counter_app.domain.errors import PermissionDenied
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role

__all__ = ["require_role"]


def require_role(officer: Officer, *roles: Role) -> None:
    """Raise :class:`PermissionDenied` unless ``officer`` holds one of ``roles`` (admin holds all)."""
    if not officer.can(*roles):
        needed = ", ".join(ROLE_LABELS_VI[r] for r in roles)
        raise PermissionDenied(
            f"Tài khoản {officer.username} không có quyền thực hiện thao tác này (cần: {needed})."
        )

