"""Port for the dossier lifecycle's persistence, and the records it exchanges with the services.

The dossier snapshot, its history and named sequences come from the dossier repository
(``uow.dossiers``); this port adds what the lifecycle needs beyond it: the machine's state of a
dossier and its guarded update, worklist and ledger queries, ratings, the lookup log and the
lookup throttle.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from counter_app.domain.dossier import DossierStatus, ReturnPlace, SubState
from counter_app.domain.lifecycle import IndicatorSnapshot, LifecycleState
from counter_app.domain.ratings import Rating


@dataclass(frozen=True)
class TrackedDossier:
    """A dossier as the worklists show it (no personal data beyond the applicant's name)."""

    id: uuid.UUID
    code: str
    procedure_name: str
    field_code: str
    applicant_name: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    status: DossierStatus
    sub_state: SubState
    return_place: ReturnPlace
    paused_since: dt.datetime | None
    supplement_count: int
    original_appointment_at: dt.datetime | None
    finished_at: dt.datetime | None
    counter_number: int | None


@dataclass(frozen=True)
class LedgerFacts:
    """What one log-book line needs of a dossier and of its history."""

    id: uuid.UUID
    code: str
    procedure_name: str
    applicant_name: str
    address: str
    phone: str
    sets_count: int
    received_at: dt.datetime
    appointment_at: dt.datetime
    returned_at: dt.datetime | None
    return_place: ReturnPlace
    status: DossierStatus
    ledger_line: int | None
    transferred_at: dt.datetime | None
    processing_body: str
    result_received_at: dt.datetime | None
    returned_by_post: bool


@dataclass(frozen=True)
class LookupLogEntry:
    """One public lookup attempt; the token typed is never stored."""

    at: dt.datetime
    source: str
    code: str
    outcome: str  # found | refused | malformed | throttled
    reason: str = ""
    dossier_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ThrottleState:
    """Recent wrong lookups of one source and how long it must wait."""

    source: str
    failures: int
    window_start: dt.datetime
    blocked_until: dt.datetime | None


class LifecycleRepository(Protocol):
    """Persistence the lifecycle services need (transitions, worklists, ratings, lookup log)."""

    def state(self, dossier_id: uuid.UUID) -> LifecycleState | None:
        """Return the machine's view of the dossier (closing time and pre-withdrawal status are
        read from its history)."""
        ...

    def save_state(self, dossier_id: uuid.UUID, before: LifecycleState,
                   after: LifecycleState, indicators: IndicatorSnapshot | None = None) -> bool:
        """Write ``after`` (and the QĐ 766 report columns) if the stored dossier still matches
        ``before``; False otherwise."""
        ...

    def tracked(self, statuses: Sequence[DossierStatus], *,
                appointment_before: dt.datetime | None = None,
                field_code: str | tuple[str, ...] | None = None,
                limit: int = 500) -> list[TrackedDossier]:
        """Return dossiers in ``statuses`` (optionally due before a moment), earliest due first."""
        ...

    def count(self, statuses: Sequence[DossierStatus], *,
              appointment_before: dt.datetime | None = None,
              field_code: str | tuple[str, ...] | None = None) -> int:
        """Return how many dossiers :meth:`tracked` would list without a limit."""
        ...

    def ledger(self, received_from: dt.datetime, received_to: dt.datetime,
               field_code: str | None) -> Iterator[LedgerFacts]:
        """Yield the dossiers received in ``[received_from, received_to)``, oldest first (read
        in chunks: consume it inside the unit of work)."""
        ...

    def rating_exists(self, event_key: str) -> bool:
        """True when the service event already has its rating."""
        ...

    def add_rating(self, rating: Rating) -> bool:
        """Store a rating; False (nothing stored) when its event already has one."""
        ...

    def ratings(self, since: dt.datetime, until: dt.datetime) -> list[Rating]:
        """Return the ratings given in ``[since, until)``, oldest first."""
        ...

    def log_lookup(self, entry: LookupLogEntry) -> None:
        """Append one lookup to the log."""
        ...

    def log_lookups(self, entries: Sequence[LookupLogEntry]) -> None:
        """Append a batch of lookups to the log."""
        ...

    def lookups(self, since: dt.datetime, limit: int = 1000) -> list[LookupLogEntry]:
        """Return logged lookups since ``since``, newest first."""
        ...

    def throttle(self, source: str) -> ThrottleState | None:
        """Return the throttle state of ``source`` (locked for update where the backend can)."""
        ...

    def save_throttle(self, state: ThrottleState) -> None:
        """Insert or replace the throttle state of its source."""
        ...


__all__ = ["LedgerFacts", "LifecycleRepository", "LookupLogEntry", "ThrottleState",
           "TrackedDossier"]
