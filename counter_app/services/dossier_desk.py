"""What the counter's worklists, the return of results, the kiosk lookup and the rating screens do:
one object over the lifecycle, worklist, rating and lookup services, built once by the root.

No Qt here: windows call these from their worker threads. Tests and screenshots inject ``now``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from counter_app.domain.dossier import Dossier
from counter_app.domain.lifecycle import LifecycleState, Timeliness, timeliness
from counter_app.domain.lifecycle_commands import LifecycleAction, LifecycleCommand
from counter_app.domain.ratings import RatedEvent, Rating, RatingScale, RatingTarget
from counter_app.domain.reference import Officer, Role
from counter_app.domain.scan_input import code_from_scan
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.documents import DocumentService
from counter_app.services.kiosk_lookup import KioskLookup, KioskStatus
from counter_app.services.lifecycle import ActionResult, DossierLifecycle
from counter_app.services.lifecycle_documents import FormKind
from counter_app.services.personal_data import ticket_dossiers
from counter_app.services.ports.dossier import DossierSummary
from counter_app.services.ratings import RatingService
from counter_app.services.unit_of_work import UnitOfWorkFactory
from counter_app.services.worklists import Worklist, WorklistRow, Worklists


@dataclass(frozen=True)
class DossierCard:
    """A dossier found at the counter: snapshot, machine state, allowed actions, on-time state."""

    dossier: Dossier
    state: LifecycleState
    allowed: tuple[LifecycleAction, ...]
    timeliness: Timeliness


@dataclass(frozen=True)
class ReturnDone:
    """A result handed back: what the service did and the return slip as PDF."""

    result: ActionResult
    slip_pdf: bytes


class DossierDesk:
    """The lifecycle's work for the counter and kiosk windows (safe from worker threads)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings,
                 documents: DocumentService, scale: RatingScale, *,
                 now: Callable[[], dt.datetime] | None = None, kiosk_source: str = "kiosk") -> None:
        self.settings = settings
        self.scale = scale
        self._uow_factory = uow_factory
        self._now = now
        self.lifecycle = DossierLifecycle(uow_factory, settings, now=self.now)
        self.worklists = Worklists(uow_factory, settings, now=self.now)
        self.ratings = RatingService(uow_factory, scale, now=self.now)
        self.documents = documents
        self.kiosk_lookup = KioskLookup(uow_factory, settings, kiosk_source or "kiosk",
                                        now=self.now)

    @property
    def tz(self) -> dt.tzinfo:
        """The centre's time zone."""
        return self.lifecycle.tz

    def now(self) -> dt.datetime:
        """The injected clock or the wall clock (aware UTC)."""
        return (self._now() if self._now else dt.datetime.now(dt.UTC)).astimezone(dt.UTC)

    def counts(self, field_code: str | tuple[str, ...] | None = None) -> dict[Worklist, int]:
        """Worklist counts for the header."""
        return self.worklists.counts(field_code)

    def rows(self, which: Worklist,
             field_code: str | tuple[str, ...] | None = None) -> list[WorklistRow]:
        """One worklist."""
        return self.worklists.rows(which, field_code)

    def counter_fields(self, counter_number: int) -> tuple[str, ...]:
        """The fields of the services a counter serves (its worklists by default)."""
        return self.worklists.counter_fields(counter_number)

    def ticket_dossiers(self, officer: Officer, ticket_id: uuid.UUID) -> list[DossierSummary]:
        """The dossiers already received for the citizen holding ``ticket_id``."""
        return ticket_dossiers(self._uow_factory, officer, ticket_id)

    def find(self, raw: str) -> DossierCard:
        """The dossier whose receipt QR was scanned or whose code was typed."""
        code = code_from_scan(raw, self.settings.lookup_url_template)
        dossier, state, allowed = self.lifecycle.state(code)
        return DossierCard(dossier, state, tuple(allowed), timeliness(state, self.now(), self.tz))

    def act(self, officer: Officer, code: str, command: LifecycleCommand,
            counter_number: int | None, at: dt.datetime | None = None) -> ActionResult:
        """Apply one lifecycle step (``at``: back-dated by a supervisor)."""
        return self.lifecycle.act(officer, code, command, counter_number=counter_number, at=at)

    def give_back(self, officer: Officer, code: str, command: LifecycleCommand,
                  counter_number: int | None, at: dt.datetime | None = None) -> ReturnDone:
        """Return the result (``at``: back-dated by a supervisor) and build the return slip."""
        result = self.act(officer, code, command, counter_number, at)
        return ReturnDone(result, self.form_pdf(officer, code, FormKind.RETURN_SLIP))

    def form_pdf(self, officer: Officer, code: str, kind: FormKind) -> bytes:
        """A lifecycle form of a dossier as PDF (audited)."""
        return self.documents.form_pdf(officer, code, kind)

    def export_ledger(self, officer: Officer, first_day: dt.date, last_day: dt.date, path: Path,
                      progress: Callable[[int, int], None] | None = None) -> int:
        """Write the ledger (Mẫu 07) of a period to ``path``; see
        :meth:`DocumentService.export_ledger`."""
        return self.documents.export_ledger(officer, first_day, last_day, path, progress)

    def worklists_for(self, officer: Officer) -> Worklists:
        """The worklists, for a signed-in officer or supervisor (they list personal data)."""
        require_role(officer, Role.OFFICER, Role.SUPERVISOR)
        return self.worklists

    def ticket_target(self, ticket_id: uuid.UUID) -> RatingTarget:
        """The rating target of a finished ticket."""
        return self.ratings.target_for_ticket(ticket_id)

    def dossier_target(self, code: str) -> RatingTarget:
        """The rating target of a returned dossier."""
        return self.ratings.target_for_dossier(code)

    def submit_rating(self, kind: RatedEvent, subject_id: uuid.UUID, level: str,
                      reason: str) -> Rating:
        """Store a rating."""
        return self.ratings.submit(kind, subject_id, level, reason)

    def lookup(self, raw: str) -> KioskStatus:
        """The kiosk's status lookup."""
        return self.kiosk_lookup.lookup(raw)
