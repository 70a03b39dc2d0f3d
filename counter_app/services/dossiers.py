"""Dossier reception and queries bound to the store and settings, built once by the root.

A thin use-case object over :mod:`counter_app.services.reception` and
:mod:`counter_app.services.dossier_queries`, so windows and commands never hold a unit-of-work
factory themselves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from counter_app.domain.catalogue import Procedure
from counter_app.domain.reception_draft import Appointment, ReceptionDraft
from counter_app.domain.reference import Officer
from counter_app.domain.settings import Settings
from counter_app.services import catalogue, dossier_queries, personal_data, reception
from counter_app.services.dossier_queries import DossierView, PublicStatus
from counter_app.services.ports.dossier import DossierSummary
from counter_app.services.reception import ReceptionResult
from counter_app.services.unit_of_work import UnitOfWorkFactory


class DossierService:
    """Receive dossiers, preview appointments, show, search and look them up."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings
        self._now = now

    def _at(self) -> dt.datetime | None:
        return self._now() if self._now else None

    def receive(self, officer: Officer, data: Mapping[str, Any], *,
                counter_number: int | None = None, ticket_id: uuid.UUID | None = None,
                received_at: dt.datetime | None = None,
                now: dt.datetime | None = None) -> ReceptionResult:
        """Receive a dossier in one transaction (see :func:`reception.receive_dossier`);
        ``now`` is when it is entered (default: the service's clock)."""
        return reception.receive_dossier(self.uow_factory, self.settings, officer, data,
                                         counter_number=counter_number, ticket_id=ticket_id,
                                         received_at=received_at, now=now or self._at())

    def preview(self, data: Mapping[str, Any], at: dt.datetime | None = None) -> ReceptionDraft:
        """Validate a dossier and compute its appointment without saving anything."""
        return reception.preview_reception(self.uow_factory, self.settings, data, at or self._at())

    def appointment(self, procedure_id: uuid.UUID, at: dt.datetime | None = None) -> Appointment:
        """The appointment a dossier of ``procedure_id`` received now would get."""
        return reception.appointment_preview(self.uow_factory, self.settings, procedure_id,
                                             at or self._at())

    def procedures(self, text: str, day: dt.date, limit: int = 50) -> list[Procedure]:
        """Procedures in force on ``day`` matching ``text`` (diacritics-insensitive)."""
        return catalogue.search_catalogue(self.uow_factory, text, day, limit)

    def show(self, officer: Officer, code: str) -> DossierView:
        """The dossier with its history (any signed-in officer; audited)."""
        return personal_data.view_dossier(self.uow_factory, officer, code)

    def search(self, officer: Officer, text: str) -> list[DossierSummary]:
        """Find dossiers by code, ID number or name (any signed-in officer; audited)."""
        return personal_data.find_dossiers(self.uow_factory, self.settings, officer, text)

    def public_lookup(self, code: str, token: str) -> PublicStatus:
        """The citizen's view of a dossier when the token matches (audited)."""
        return dossier_queries.public_lookup(self.uow_factory, self.settings, code, token)
