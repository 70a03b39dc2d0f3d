"""The store of a replica PC: the centre's server while it answers, the local copy when it does not.

Online, every unit of work runs on the server, as for a PC connected directly: calls and every
other change are agreed centre-wide there. Offline (the sync agent marked the server unreachable,
or a server unit of work just lost it), units of work run on the local SQLite copy: capture
triggers put each change in the outbox.

Numbers (dossier sequence, ledger line, form numbers; ticket numbers on a kiosk PC) come from the
blocks this PC leased from the server (:class:`LeasedDossiers`, :class:`LeasedQueue`), online and
offline alike, so one PC's numbers are dense and a printed number is final either way. Online, a PC
without a block left falls back to the server's counter; offline it refuses with one Vietnamese
line. The agent goes back online only once the outbox is empty, so the
server has everything this PC did before it is used again.

Services do not know any of this: they get ``uow()`` as from any store.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import cached_property
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, func, select

from counter_app.adapters.db.models import node_id
from counter_app.adapters.db.repositories.dossier import SqlDossierRepository
from counter_app.adapters.db.repositories.queue import SqlQueueRepository
from counter_app.adapters.db.repositories.reference import SqlAuditLog
from counter_app.adapters.db.store import Store
from counter_app.adapters.db.uow import SqlUnitOfWork
from counter_app.adapters.sync import local
from counter_app.adapters.sync.server import NOTIFY_CHANNEL as SYNC_CHANNEL
from counter_app.domain.errors import DomainError, StoreUnavailable

ONLINE_CHECK_S = 0.5


class OutOfNumbers(DomainError):
    """Offline and no leased number left for what is being numbered."""


RESTORED = ("Máy này vừa được khôi phục từ bản sao lưu — cần kết nối máy chủ một lần trước khi "
            "cấp số mới")
OUT_OF_NUMBERS = ("Mất kết nối máy chủ và máy này đã dùng hết dãy số được cấp trước cho {what} — "
                  "cần kết nối lại máy chủ để cấp thêm số")


Taker = Callable[[str, str, str], "int | None"]


def _what(name: str) -> str:
    return {"dossier": "mã hồ sơ", "ledger": "số thứ tự trong sổ"}.get(name, name)


class LeasedDossiers(SqlDossierRepository):
    """Dossier repository numbering from this PC's leased blocks first.

    ``fallback`` (online): the server's own counter when no block is left; offline, refuse.
    """

    taker: Taker
    fallback: bool

    def next_sequence(self, name: str, key: str) -> int:
        """The next leased number for ``(name, key)``, else the server's, else refuse."""
        number = self.taker("seq", name, key)
        if number is not None:
            return number
        if self.fallback:
            return super().next_sequence(name, key)
        raise OutOfNumbers(OUT_OF_NUMBERS.format(what=_what(name)))


class LeasedQueue(SqlQueueRepository):
    """Queue repository numbering tickets from this PC's leased blocks first."""

    taker: Taker
    fallback: bool

    def issue_numbered(self, draft: Any, event: Any, service: Any) -> Any:
        """Issue inside the unit of work's transaction: numbers come from the leases first."""
        return self.issue_in_transaction(draft, event, service)

    def allocate_number(self, day: dt.date, service_id: Any, start_number: int
                        ) -> tuple[int, int]:
        """The next leased number of ``service_id`` on ``day`` and how many were issued."""
        number = self.taker("ticket", service_id.hex, day.isoformat())
        if number is None:
            if self.fallback:
                return super().allocate_number(day, service_id, start_number)
            raise OutOfNumbers(OUT_OF_NUMBERS.format(what="số thứ tự"))
        seq = _ticket_sequences()
        if self.fallback:  # on the server: the lease made the row; count the ticket there
            issued = self.conn.execute(
                seq.update().where(seq.c.business_date == day, seq.c.service_id == service_id)
                .values(issued=seq.c.issued + 1).returning(seq.c.issued)).scalar()
            return number, int(issued or 1)
        tickets = _tickets()
        issued = self.conn.execute(
            select(func.count()).select_from(tickets)
            .where(tickets.c.business_date == day, tickets.c.issue_service_id == service_id,
                   tickets.c.transferred_from_id.is_(None))).scalar_one()
        return number, int(issued) + 1


def offline_origin(device_id: str) -> str:
    """The audit origin of lines written on the local copy while offline: this PC's node name
    and its device id (unique even where two PCs share a name)."""
    return f"{node_id()[:47]}~{device_id[:16]}"


def _tickets() -> Any:
    from counter_app.adapters.db.models_queue import TicketRow

    return TicketRow.__table__


def _ticket_sequences() -> Any:
    from counter_app.adapters.db.models_queue import TicketSequenceRow

    return TicketSequenceRow.__table__


class LeasedUnitOfWork(SqlUnitOfWork):
    """A unit of work whose numbers come from this PC's leased blocks first."""

    def __init__(self, engine: Engine, *, factory: Any, taker: Taker, fallback: bool,
                 origin: str | None = None) -> None:
        super().__init__(engine, factory=factory)
        self._engine = engine
        self._taker = taker
        self._fallback = fallback
        self._origin = origin

    def commit(self) -> None:
        """Commit; on the server, then tell the other PCs' agents to pull at once."""
        super().commit()
        if self._fallback:
            try:
                with self._engine.connect() as conn:
                    conn.exec_driver_sql(f"NOTIFY {SYNC_CHANNEL}")
                    conn.commit()
            except StoreUnavailable:
                pass  # committed all the same; the others pull at their next round

    @cached_property
    def audit(self) -> SqlAuditLog:
        """Audit log; offline lines form a chain of their own (see :func:`offline_origin`), so a
        chain never forks between what the server and this copy last saw."""
        return SqlAuditLog(self.session, self._origin)

    @cached_property
    def dossiers(self) -> Any:
        """Dossier repository with leased sequences."""
        repo = LeasedDossiers(self.session, self.backend)
        repo.taker, repo.fallback = self._taker, self._fallback
        return repo

    @cached_property
    def queue(self) -> Any:
        """Queue repository with leased ticket numbers."""
        repo = LeasedQueue(self.session, self.backend)
        repo.taker, repo.fallback = self._taker, self._fallback
        return repo


class _ServerUnitOfWork:
    """A server unit of work that marks the replica offline when the server is lost."""

    def __init__(self, replica: ReplicaStore, inner: SqlUnitOfWork) -> None:
        self._replica = replica
        self._inner = inner

    def __enter__(self) -> SqlUnitOfWork:
        return self._inner.__enter__()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._inner.__exit__(exc_type, exc, tb)
        finally:
            if isinstance(exc, StoreUnavailable) and exc.offline:
                self._replica.mark_offline()


class ReplicaStore:
    """A local SQLite store plus the server, chosen per unit of work by the connection state."""

    def __init__(self, local_store: Store, server_url: str, **timeouts: float) -> None:
        self.local = local_store
        self.server_url = server_url
        self._timeouts = timeouts
        self._server: Store | None = None
        self._online = (False, 0.0)
        self._device = ""
        with self.writing() as conn:
            local.install(conn)

    def writing(self) -> Any:
        """A write transaction on the local copy holding the write lock from BEGIN (a read
        first and a write later would fail at once if another process committed between)."""
        return self.local.engine.execution_options(sqlite_begin="IMMEDIATE").begin()

    @property
    def engine(self) -> Engine:
        """The local store's engine (screens watch it for changes)."""
        return self.local.engine

    @property
    def backend(self) -> str:
        """Always ``sqlite``: what this PC reads and watches is its local copy."""
        return self.local.backend

    @property
    def server(self) -> Store:
        """The centre's server (not migrated from here: the server is set up with ``init``)."""
        if self._server is None:
            from counter_app.adapters.db.store import open_store

            self._server = open_store(self.server_url, upgrade=False, **self._timeouts)
        return self._server

    def online(self) -> bool:
        """What the sync agent last found (re-read at most every half second)."""
        value, at = self._online
        if time.monotonic() - at > ONLINE_CHECK_S:
            with self.local.engine.connect() as conn:
                value = local.get_state(conn, "online", "0") == "1"
            self._online = (value, time.monotonic())
        return value

    def device_id(self) -> str:
        """This PC's id on the server (read once; changes only at re-registration)."""
        if not self._device:
            with self.local.engine.connect() as conn:
                self._device = local.get_state(conn, "device_id")
        return self._device

    def mark_offline(self) -> None:
        """Route every unit of work to the local copy until the agent sees the server again."""
        self._online = (False, time.monotonic())
        try:
            with self.writing() as conn:
                local.set_state(conn, online=0)
        except Exception:
            pass

    def mark_online(self) -> None:
        """Called by the agent once the outbox is empty and the server answers."""
        self._online = (True, time.monotonic())

    def uow(self, *, immediate: bool = False) -> Any:
        """A unit of work on the server when online, else on the local copy."""
        if self.online():
            server = self.server
            inner = LeasedUnitOfWork(server.engine, taker=self._take_apart, fallback=True,
                                     factory=server._immediate if immediate else server._plain)
            return _ServerUnitOfWork(self, inner)
        return self.local_uow(immediate=immediate)

    def local_uow(self, *, immediate: bool = False) -> LeasedUnitOfWork:
        """A unit of work on the local copy (numbers only from leased blocks)."""
        factory = self.local._immediate if immediate else self.local._plain
        holder: list[LeasedUnitOfWork] = []

        def take_inside(kind: str, name: str, key: str) -> int | None:
            conn = holder[0].session.connection()
            if local.get_state(conn, "restored") == "1":
                raise OutOfNumbers(RESTORED)
            return local.take_number(conn, kind, name, key)

        uow = LeasedUnitOfWork(self.local.engine, factory=factory, taker=take_inside,
                               fallback=False, origin=offline_origin(self.device_id()))
        holder.append(uow)
        return uow

    def _take_apart(self, kind: str, name: str, key: str) -> int | None:
        """Online: take a leased number in a local transaction of its own (a failed server
        transaction then leaves a gap, never a reused number)."""
        with self.writing() as conn:
            if local.get_state(conn, "restored") == "1":
                return None
            return local.take_number(conn, kind, name, key)

    def close(self) -> None:
        """Release both stores' connections."""
        self.local.close()
        if self._server is not None:
            self._server.close()
