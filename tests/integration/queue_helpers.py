"""Shared helpers for the queue integration tests: a settable clock and signed-in officers."""

from __future__ import annotations

import datetime as dt

from counter_app.adapters.db.store import Store
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.domain.reference import Officer
from counter_app.domain.settings import QueueSettings, Settings
from counter_app.services.accounts import authenticate
from counter_app.services.queue import QueueEngine
from tests.db_fixtures import DEMO_PASSWORDS

MONDAY_9AM = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 Asia/Ho_Chi_Minh


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = MONDAY_9AM) -> None:
        self.t = start

    def __call__(self) -> dt.datetime:
        return self.t

    def advance(self, minutes: float = 0, seconds: float = 0) -> dt.datetime:
        self.t += dt.timedelta(minutes=minutes, seconds=seconds)
        return self.t


def engine(store: Store, clock: Clock, **queue: object) -> QueueEngine:
    """Return a queue engine over ``store`` with ``clock`` and queue settings overrides.

    Services issue even with no counter open unless the test says otherwise (most tests issue
    first and open counters later).
    """
    queue.setdefault("issue_without_open_counter", True)
    return QueueEngine(store.uow, Settings(queue=QueueSettings(**queue)),  # type: ignore[arg-type]
                       now=clock)


def login(store: Store, username: str, password: str | None = None) -> Officer:
    """Authenticate a demo officer (or another one with ``password``)."""
    return authenticate(store.uow, Argon2Hasher(fast=True), username,
                        password or DEMO_PASSWORDS[username])
