"""SQLAlchemy unit of work: one session, one transaction, repositories created on first use."""

from __future__ import annotations

import importlib
from functools import cached_property
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from counter_app.adapters.db.change_notify import commit_notifying
from counter_app.adapters.db.repositories.catalogue import SqlCatalogueRepository
from counter_app.adapters.db.repositories.reference import SqlAuditLog, SqlReferenceRepository


def _lazy(module: str, cls: str, session: Session, backend: str) -> Any:
    """Build a feature repository without importing every feature at start-up."""
    return getattr(importlib.import_module(module), cls)(session, backend)


def session_factory(engine: Engine, *, immediate: bool = False) -> sessionmaker[Session]:
    """Return a session factory; ``immediate`` sessions take SQLite's write lock at BEGIN."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if immediate else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


class SqlUnitOfWork:
    """One transaction; ``immediate`` takes SQLite's write lock at BEGIN."""

    def __init__(self, engine: Engine, *, immediate: bool = False,
                 factory: sessionmaker[Session] | None = None) -> None:
        self.backend = engine.dialect.name
        self._factory = factory or session_factory(engine, immediate=immediate)
        self.session: Session

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._factory()
        self.session.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        except Exception:
            if exc is None:
                raise
            # the connection is already gone (server lost): keep the first error, not this one
        finally:
            self.session.close()

    def commit(self) -> None:
        """Commit the transaction (then, on PostgreSQL, notify screens if the queue changed)."""
        if self.backend == "postgresql":
            commit_notifying(self.session)
        else:
            self.session.commit()

    def rollback(self) -> None:
        """Roll the transaction back."""
        self.session.rollback()

    @cached_property
    def reference(self) -> SqlReferenceRepository:
        """Reference data repository."""
        return SqlReferenceRepository(self.session)

    @cached_property
    def catalogue(self) -> SqlCatalogueRepository:
        """Procedure catalogue repository."""
        return SqlCatalogueRepository(self.session)

    @cached_property
    def audit(self) -> SqlAuditLog:
        """Audit log."""
        return SqlAuditLog(self.session)

    @cached_property
    def queue(self) -> Any:
        """Queue repository (tickets, number sequences, counter sessions)."""
        return _lazy("counter_app.adapters.db.repositories.queue", "SqlQueueRepository",
                     self.session, self.backend)

    @cached_property
    def dossiers(self) -> Any:
        """Dossier repository."""
        return _lazy("counter_app.adapters.db.repositories.dossier", "SqlDossierRepository",
                     self.session, self.backend)

    @cached_property
    def lifecycle(self) -> Any:
        """Lifecycle repository (transitions, worklists, ratings, lookup log)."""
        return _lazy("counter_app.adapters.db.repositories.lifecycle", "SqlLifecycleRepository",
                     self.session, self.backend)

    @cached_property
    def reports(self) -> Any:
        """Report aggregates (GROUP BY in SQL)."""
        return _lazy("counter_app.adapters.db.repositories.reports", "SqlReportRepository",
                     self.session, self.backend)

    @cached_property
    def history(self) -> Any:
        """Bulk writer of a generated history (demo, benchmarks)."""
        return _lazy("counter_app.adapters.db.repositories.history", "SqlHistoryRepository",
                     self.session, self.backend)

    @cached_property
    def admin(self) -> Any:
        """Administration repository (accounts, set-up, settings, audit chain, day closures)."""
        return _lazy("counter_app.adapters.db.repositories.admin", "SqlAdminRepository",
                     self.session, self.backend)
