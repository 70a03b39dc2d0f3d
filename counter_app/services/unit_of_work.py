"""The unit of work: one transaction and the repositories that work inside it.

A service opens ``with uow_factory() as uow:``, uses the repositories and calls ``uow.commit()``;
leaving the block without committing rolls everything back, so a failure never leaves a
half-written record. ``uow_factory(immediate=True)`` takes the database write lock up front
(SQLite ``BEGIN IMMEDIATE``), for number allocation and call-next.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from counter_app.services.ports.admin import AdminRepository
from counter_app.services.ports.dossier import DossierRepository
from counter_app.services.ports.lifecycle import LifecycleRepository
from counter_app.services.ports.queue import QueueRepository
from counter_app.services.ports.reference import AuditLog, CatalogueRepository, ReferenceRepository
from counter_app.services.ports.reports import ReportRepository


class UnitOfWork(Protocol):
    """One transaction over every repository."""

    @property
    def reference(self) -> ReferenceRepository:
        """Reference data."""
        ...

    @property
    def catalogue(self) -> CatalogueRepository:
        """Procedure catalogue."""
        ...

    @property
    def audit(self) -> AuditLog:
        """Audit trail."""
        ...

    @property
    def queue(self) -> QueueRepository:
        """Tickets, number sequences and counter sessions."""
        ...

    @property
    def dossiers(self) -> DossierRepository:
        """Dossiers and their history."""
        ...

    @property
    def lifecycle(self) -> LifecycleRepository:
        """Dossier transitions after reception, worklists, ratings, lookup log."""
        ...

    @property
    def reports(self) -> ReportRepository:
        """Report aggregates (queue, dossiers, ratings)."""
        ...

    @property
    def admin(self) -> AdminRepository:
        """Accounts, set-up records, centre settings, audit chain, day closures."""
        ...

    def __enter__(self) -> UnitOfWork:
        """Begin the transaction."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back anything not committed and release the connection."""
        ...

    def commit(self) -> None:
        """Commit the transaction."""
        ...

    def rollback(self) -> None:
        """Roll the transaction back."""
        ...


class UnitOfWorkFactory(Protocol):
    """Creates units of work; ``immediate=True`` takes the write lock at BEGIN."""

    def __call__(self, *, immediate: bool = False) -> UnitOfWork:
        """Return a new unit of work."""
        ...
