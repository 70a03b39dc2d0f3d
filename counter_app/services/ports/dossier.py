"""Port for the dossier feature's persistence, and the records it exchanges with the services."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from counter_app.domain.clock import CalendarOverride
from counter_app.domain.dossier import Dossier, DossierStatus, ReturnPlace


@dataclass(frozen=True)
class DossierFile:
    """A digitised file of a dossier (a scanned component or the electronic result)."""

    id: uuid.UUID
    dossier_id: uuid.UUID
    kind: str  # component | result
    file_name: str
    media_type: str
    size: int
    sha256: str
    stored_path: str
    officer_username: str
    document_position: int | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class DossierEvent:
    """One line of a dossier's append-only history (status change, hand-over, print …)."""

    dossier_id: uuid.UUID
    at: dt.datetime
    action: str
    to_status: DossierStatus
    from_status: DossierStatus | None = None
    officer_username: str = ""
    counter_number: int | None = None
    reason: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def national_code(self) -> int:
        """The portal's status code after this event."""
        return self.to_status.national_code


@dataclass(frozen=True)
class PublicFacts:
    """The columns the public lookup needs of a dossier, its token included (read in one probe;
    the applicant's name is masked before anything is shown)."""

    id: uuid.UUID
    code: str
    lookup_token: str
    procedure_name: str
    applicant_name: str
    status: DossierStatus
    return_place: ReturnPlace
    received_at: dt.datetime
    appointment_at: dt.datetime
    original_appointment_at: dt.datetime | None


@dataclass(frozen=True)
class DossierSummary:
    """One line of a search result."""

    id: uuid.UUID
    code: str
    applicant_name: str
    applicant_id_number: str
    procedure_name: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    status: DossierStatus


@dataclass(frozen=True)
class NewDossierFacts:
    """What the store keeps about a new dossier beyond its snapshot."""

    agency_code: str
    business_date: dt.date
    sequence: int
    officer_id: uuid.UUID | None


class DossierRepository(Protocol):
    """Persistence the dossier services need.

    Writes happen in a unit of work opened with ``immediate=True`` (SQLite's write lock), so
    :meth:`next_sequence` is atomic; on PostgreSQL the sequence upsert locks its row until commit.
    """

    def next_sequence(self, name: str, key: str) -> int:
        """Return the next value (1, 2, …) of the counter ``(name, key)``; atomic, gap-free."""
        ...

    def add_file(self, record: DossierFile) -> None:
        """Store the record of a digitised file."""
        ...

    def files(self, dossier_id: uuid.UUID) -> list[DossierFile]:
        """The dossier's digitised files, oldest first."""
        ...

    def add(self, dossier: Dossier, facts: NewDossierFacts) -> None:
        """Store a new dossier with its documents and its name tokens."""
        ...

    def add_event(self, event: DossierEvent) -> None:
        """Append one history line."""
        ...

    def get(self, dossier_id: uuid.UUID) -> Dossier | None:
        """Return the dossier with ``dossier_id``."""
        ...

    def by_code(self, code: str) -> Dossier | None:
        """Return the dossier whose code is exactly ``code``."""
        ...

    def public_facts(self, code: str) -> PublicFacts | None:
        """Return what the public lookup needs of dossier ``code`` (token included), or None."""
        ...

    def step_times(self, dossier_id: uuid.UUID) -> list[tuple[dt.datetime, str]]:
        """Return (time, action) of each history line, oldest first."""
        ...

    def events(self, dossier_id: uuid.UUID) -> list[DossierEvent]:
        """Return the dossier's history, oldest first."""
        ...

    def last_event_at(self, dossier_id: uuid.UUID) -> dt.datetime | None:
        """Return the time of the dossier's latest history line."""
        ...

    def search_code_prefix(self, prefix: str, limit: int) -> list[DossierSummary]:
        """Return dossiers whose code starts with ``prefix`` (index range), in code order."""
        ...

    def search_name(self, folded: str, limit: int) -> list[DossierSummary]:
        """Return dossiers with a name token starting with the folded text (index range)."""
        ...

    def search_id_number(self, number: str, limit: int) -> list[DossierSummary]:
        """Return dossiers of the applicant with this ID number or tax code, newest first."""
        ...

    def for_ticket(self, ticket_id: uuid.UUID) -> list[DossierSummary]:
        """Return the dossiers received for the citizen holding ``ticket_id``, in order."""
        ...

    def calendar_overrides(self) -> list[CalendarOverride]:
        """Return every calendar override of the centre, by day."""
        ...

    def put_calendar_override(self, override: CalendarOverride, actor: str) -> None:
        """Insert or replace the override of ``override.day``."""
        ...

    def remove_calendar_override(self, day: dt.date) -> bool:
        """Delete the override of ``day``; False when there was none."""
        ...


__all__ = ["DossierEvent", "DossierRepository", "DossierSummary", "NewDossierFacts"]
