"""Port for administration: accounts, set-up records, centre settings, audit chain, day closures."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from counter_app.domain.admin import (
    CounterDraft,
    CounterItem,
    OfficerDraft,
    OfficerItem,
    PriorityDraft,
    PriorityItem,
    ServiceDraft,
    ServiceItem,
)
from counter_app.domain.audit_chain import AuditLink
from counter_app.domain.queue import Ticket
from counter_app.domain.reference import Officer


@dataclass(frozen=True)
class AccountState:
    """What login needs to know about one account."""

    officer: Officer
    password_hash: str
    must_change_password: bool
    failed_logins: int
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class AuditEntry:
    """One audit line as the audit screen and export show it."""

    id: uuid.UUID
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: str
    origin: str
    seq: int | None


@dataclass(frozen=True)
class AuditFilter:
    """Filters of the audit screen; empty means any."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor: str = ""
    action: str = ""
    subject: str = ""
    limit: int = 1000


class AdminRepository(Protocol):
    """Administration data inside one unit of work."""

    def account(self, username: str) -> AccountState | None:
        """Return the account of ``username`` (case-insensitive), or None."""
        ...

    def save_login_state(self, officer_id: uuid.UUID, failed_logins: int,
                         locked_until: dt.datetime | None) -> None:
        """Store the failure count and lock end after a login attempt."""
        ...

    def set_password(self, officer_id: uuid.UUID, password_hash: str, *,
                     must_change: bool) -> None:
        """Replace the password hash; ``must_change`` forces a change at next login."""
        ...

    def count_officers(self) -> int:
        """Return how many officer accounts exist."""
        ...

    def services(self) -> list[ServiceItem]:
        """Return every queue service, inactive ones too, in kiosk order."""
        ...

    def save_service(self, service_id: uuid.UUID | None, draft: ServiceDraft) -> ServiceItem:
        """Insert (``service_id`` None) or update a queue service."""
        ...

    def counters(self) -> list[CounterItem]:
        """Return every counter by number."""
        ...

    def save_counter(self, counter_id: uuid.UUID | None, draft: CounterDraft) -> CounterItem:
        """Insert or update a counter and the services it serves."""
        ...

    def officers(self) -> list[OfficerItem]:
        """Return every officer account by username."""
        ...

    def save_officer(self, officer_id: uuid.UUID | None, draft: OfficerDraft,
                     password_hash: str | None = None) -> OfficerItem:
        """Insert (with ``password_hash``) or update an officer account."""
        ...

    def priorities(self) -> list[PriorityItem]:
        """Return every priority category, inactive ones too."""
        ...

    def save_priority(self, priority_id: uuid.UUID | None, draft: PriorityDraft) -> PriorityItem:
        """Insert or update a priority category."""
        ...

    def settings(self) -> dict[str, str]:
        """Return the centre settings stored in the database (key → TOML value text)."""
        ...

    def put_setting(self, key: str, value: str, actor: str) -> None:
        """Store one centre setting."""
        ...

    def audit_heads(self) -> dict[str, tuple[int, str]]:
        """Return each origin's recorded chain head (seq, hash)."""
        ...

    def audit_origins(self) -> list[str]:
        """Return every origin that has audit rows."""
        ...

    def audit_links(self, origin: str) -> Iterator[AuditLink]:
        """Yield one origin's audit rows, unnumbered first, then by ``seq``."""
        ...

    def audit_entries(self, wanted: AuditFilter) -> list[AuditEntry]:
        """Return audit lines matching ``wanted``, newest first."""
        ...

    def day_closure(self, day: dt.date) -> tuple[dt.datetime, str, str] | None:
        """Return (closed_at, closed_by, summary JSON) of a closed business day."""
        ...

    def put_day_closure(self, day: dt.date, actor: str, summary: str) -> None:
        """Record that ``day`` was closed."""
        ...

    def day_tickets(self, day: dt.date) -> list[Ticket]:
        """Return every ticket stint of a business day."""
        ...

    def dossier_counts(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """Return how many dossiers were received and returned between ``start`` and ``end``."""
        ...

    def service_names(self) -> dict[uuid.UUID, tuple[str, str]]:
        """Return service id → (code, name), in kiosk order."""
        ...

    def code_map(self) -> Mapping[str, uuid.UUID]:
        """Return queue service code → id."""
        ...
