"""The store: an engine plus a unit-of-work factory, opened and migrated in one call."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from counter_app.adapters.db import migrate
from counter_app.adapters.db.engine import make_engine
from counter_app.adapters.db.uow import SqlUnitOfWork, session_factory


@dataclass
class Store:
    """An open database and a factory of units of work over it."""

    engine: Engine
    _plain: sessionmaker[Session] = field(init=False, repr=False)
    _immediate: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._plain = session_factory(self.engine)
        self._immediate = session_factory(self.engine, immediate=True)

    @property
    def backend(self) -> str:
        """Return ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def uow(self, *, immediate: bool = False) -> SqlUnitOfWork:
        """Return a new unit of work; ``immediate`` takes the write lock at BEGIN on SQLite."""
        return SqlUnitOfWork(self.engine,
                             factory=self._immediate if immediate else self._plain)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_store(url: str, *, upgrade: bool = True, **timeouts: float) -> Store:
    """Open the database at ``url`` and apply pending migrations unless ``upgrade`` is False.

    ``timeouts`` (``connect_timeout``, ``statement_timeout``, seconds) go to :func:`make_engine`.
    """
    engine = make_engine(url, **timeouts)
    if upgrade:
        migrate.upgrade(engine)
    return Store(engine)
