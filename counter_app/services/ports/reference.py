"""Ports for reference data, the catalogue, the audit log and password hashing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Protocol

from counter_app.domain.catalogue import Procedure
from counter_app.domain.reference import (
    Counter,
    Field,
    Officer,
    PriorityCategory,
    QueueService,
    Role,
)


class ReferenceRepository(Protocol):
    """Fields, queue services, counters, officers and priority categories."""

    def list_fields(self) -> list[Field]:
        """Return all fields ordered for display."""
        ...

    def add_field(self, field: Field) -> None:
        """Store a new field."""
        ...

    def field_by_code(self, code: str) -> Field | None:
        """Return the field with ``code``."""
        ...

    def list_services(self, *, active_only: bool = True) -> list[QueueService]:
        """Return queue services ordered for display."""
        ...

    def add_service(self, service: QueueService) -> None:
        """Store a new queue service."""
        ...

    def service_by_code(self, code: str) -> QueueService | None:
        """Return the queue service with ``code`` (case-insensitive), or None."""
        ...

    def service(self, service_id: uuid.UUID) -> QueueService | None:
        """Return the queue service with ``service_id``."""
        ...

    def list_counters(self) -> list[Counter]:
        """Return counters by number, each with its services."""
        ...

    def add_counter(self, counter: Counter) -> None:
        """Store a new counter and the services it serves."""
        ...

    def counter_by_number(self, number: int) -> Counter | None:
        """Return counter ``number``."""
        ...

    def add_officer(self, officer: Officer, password_hash: str) -> None:
        """Store a new officer account."""
        ...

    def officer_with_hash(self, username: str) -> tuple[Officer, str] | None:
        """Return the officer and the stored password hash, for login."""
        ...

    def officer(self, officer_id: uuid.UUID) -> Officer | None:
        """Return the officer with ``officer_id``."""
        ...

    def list_officers(self) -> list[Officer]:
        """Return every officer account."""
        ...

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an officer's password hash (rehash on login, password change)."""
        ...

    def list_priorities(self) -> list[PriorityCategory]:
        """Return active priority categories by rank."""
        ...

    def add_priority(self, category: PriorityCategory) -> None:
        """Store a priority category."""
        ...


class CatalogueRepository(Protocol):
    """Versioned procedure catalogue."""

    def upsert_many(self, procedures: Sequence[Procedure]) -> int:
        """Insert or replace procedure versions (keyed by code, variant, effective date)."""
        ...

    def search(self, text: str, day: dt.date, limit: int = 50) -> list[Procedure]:
        """Diacritics-insensitive search by name, code or field among versions in force."""
        ...

    def get(self, procedure_id: uuid.UUID) -> Procedure | None:
        """Return one procedure version."""
        ...

    def count(self) -> int:
        """Return how many procedure versions are stored."""
        ...

    def versions(self, code: str = "", variant: str | None = None) -> list[Procedure]:
        """Return every stored version (of one code and variant when given), oldest first."""
        ...


class AuditLog(Protocol):
    """Append-only record of who did or viewed what."""

    def record(self, actor: str, action: str, subject: str = "", detail: str = "") -> None:
        """Append one audit line."""
        ...


class PasswordHasher(Protocol):
    """Hash and verify officer passwords (argon2 in production)."""

    def hash(self, password: str) -> str:
        """Return a hash of ``password``."""
        ...

    def verify(self, password_hash: str, password: str) -> bool:
        """Return True when ``password`` matches ``password_hash``."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Return True when the hash uses outdated parameters."""
        ...


__all__ = [
    "AuditLog",
    "CatalogueRepository",
    "PasswordHasher",
    "ReferenceRepository",
    "Role",
]
