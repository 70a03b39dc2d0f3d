"""The sync agent of one PC: register, push the outbox, pull the server's changes, lease numbers.

A round (:meth:`SyncAgent.round`) is safe to interrupt anywhere (``kill -9`` included):

* push sends the oldest outbox rows; the server applies them once (its inbox) and answers the
  highest contiguous sequence it holds; only then are those rows deleted here;
* pull reads the server's changes in one snapshot and applies them with the pull cursor in one
  local transaction, only if no other agent moved the cursor meanwhile;
* leases are recorded here after the server committed them (a lost answer only leaves a gap).

Only one agent runs per PC: :meth:`SyncAgent.run` works while it holds ``sync.lock`` in the data
directory (whichever window opened first; ``counter-app sync run`` headless). It syncs every
``interval`` seconds, at once when the server notifies a change, and right after reconnecting.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

from counter_app.adapters.db.change_notify import NOTIFY_CHANNEL as QUEUE_CHANNEL
from counter_app.adapters.db.engine import pg_connect_args
from counter_app.adapters.db.models import node_id
from counter_app.adapters.sync import local
from counter_app.adapters.sync.replica import ReplicaStore
from counter_app.adapters.sync.schema import OUTBOX
from counter_app.adapters.sync.server import NOTIFY_CHANNEL, LeaseRequest
from counter_app.adapters.sync.transport import DirectTransport, Transport
from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.errors import StoreUnavailable
from counter_app.domain.forms import FormPurpose
from counter_app.domain.settings import Settings

_log = logging.getLogger(__name__)
BATCH = int(os.environ.get("COUNTER_APP_SYNC_BATCH", "500"))  # changes per push transaction
OFFLINE_RETRY_S = 1.0
LOCK_FILE = "sync.lock"
MARKER_FILE = "sync-device.json"
WORKING_DAYS_AHEAD = 3


@dataclass
class RoundReport:
    """What one round did."""

    pushed: int = 0
    pulled: int = 0
    backlog: int = 0
    leased: int = 0
    online: bool = False
    error: str = ""
    refused: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class SyncAgent:
    """Syncs one replica store with the server."""

    def __init__(self, replica: ReplicaStore, settings: Settings, data_dir: Path,
                 transport: Transport | None = None, name: str | None = None, *,
                 tickets: bool = False, now: Callable[[], dt.datetime] | None = None) -> None:
        self.replica = replica
        self.tickets = tickets
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self.settings = settings
        self.data_dir = data_dir
        self.name = name or node_id()
        self._transport = transport
        check_restored(replica, data_dir)

    @property
    def transport(self) -> Transport:
        """The server connection (direct PostgreSQL unless a test gave another)."""
        if self._transport is None:
            self._transport = DirectTransport(self.replica.server.engine)
        return self._transport

    # ------------------------------------------------------------------ one round
    def round(self) -> RoundReport:
        """Register, push, pull, lease; never raises for a lost server (the report says)."""
        report = RoundReport()
        try:
            device = self._register()
            report.pushed = self._push(device)
            report.pulled, report.refused = self._pull()
            report.leased = self._top_up(device)
            report.backlog = self._backlog()
            self.transport.heartbeat(device, report.backlog)
            report.online = report.backlog == 0
        except StoreUnavailable as exc:
            report.error = exc.message
        self._record(report)
        return report

    def _record(self, report: RoundReport) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.replica.writing() as conn:
            values: dict[str, object] = {"online": int(report.online), "last_round_at": now,
                                         "last_error": report.error}
            if not report.error:
                values["last_push_at"] = now
            local.set_state(conn, **values)
            hw = local.highest_seq(conn)
            device = local.get_state(conn, "device_id")
        if report.online:
            self.replica.mark_online()
        else:
            self.replica.mark_offline()
        if device:
            _write_marker(self.data_dir, device, hw)

    def _register(self) -> str:
        with self.replica.writing() as conn:
            device = local.get_state(conn, "device_id")
            if not device:
                device = uuid.uuid4().hex
                local.set_state(conn, device_id=device)
            hw = local.highest_seq(conn)
            first = conn.execute(select(OUTBOX.c.seq).order_by(OUTBOX.c.seq).limit(1)).scalar()
            base = (int(first) - 1) if first is not None else hw
            restored = local.get_state(conn, "restored") == "1"
        acked = self.transport.register(device, self.name, base)
        if acked > hw or restored:
            # this store is older than what the server saw from it: a restored backup
            self.transport.retire(device)
            device = uuid.uuid4().hex
            with self.replica.writing() as conn:
                local.drop_leases(conn)
                local.set_state(conn, device_id=device, restored=0)
            self.replica._device = device
            acked = self.transport.register(device, self.name, base)
        with self.replica.writing() as conn:
            local.drop_acked(conn, acked)
        return device

    def _push(self, device: str) -> int:
        pushed = 0
        while True:
            with self.replica.local.engine.connect() as conn:
                batch = local.pending(conn, BATCH)
            if not batch:
                return pushed
            acked = self.transport.push(device, batch)
            with self.replica.writing() as conn:
                local.drop_acked(conn, acked)
            done = sum(1 for c in batch if c.seq <= acked)
            pushed += done
            if done < len(batch):
                return pushed  # the server holds less than sent: resend next round

    def _pull(self) -> tuple[int, int]:
        with self.replica.local.engine.connect() as conn:
            cursor = int(local.get_state(conn, "cursor", "0"))
        rows, new_cursor = self.transport.pull(cursor)
        immediate = self.replica.local.engine.execution_options(sqlite_begin="IMMEDIATE")
        with immediate.begin() as conn:
            if int(local.get_state(conn, "cursor", "0")) != cursor:
                return 0, 0  # another agent on this PC pulled meanwhile: its copy is newer
            refused = local.apply_pull(conn, rows)
            clocks = [int(r.get("sync_hlc") or 0) for found in rows.values() for r in found]
            if clocks:
                local.observe(conn, max(clocks))
            local.set_state(conn, cursor=new_cursor,
                            last_pull_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        return sum(len(v) for v in rows.values()), refused

    def _has_backlog(self) -> bool:
        """True when changes wait in the outbox (made offline): push them without waiting."""
        try:
            return self._backlog() > 0
        except Exception:  # a busy local file only delays the next round
            return False

    def _backlog(self) -> int:
        with self.replica.local.engine.connect() as conn:
            return local.backlog(conn)

    # ------------------------------------------------------------------ leases
    def wanted(self, today: dt.date | None = None) -> list[LeaseRequest]:
        """Blocks this PC should hold: dossier codes (and, on a kiosk, ticket numbers) for the
        next working days, ledger lines and form numbers for the year."""
        day0 = today or self._now().astimezone(ZoneInfo(self.settings.timezone)).date()
        with self.replica.local_uow() as uow:
            calendar = WorkingCalendar(self.settings.office_hours,
                                       uow.dossiers.calendar_overrides())
            services = uow.session.execute(
                select_services()).all()
        days = [day0] if calendar.is_working_day(day0) else []
        day = day0
        while len(days) < WORKING_DAYS_AHEAD:
            day = calendar.next_working_day(day)
            days.append(day)
        agency = self.settings.centre.agency_code
        book = self.settings.dossier.ledger_book
        size = max(1, self.settings.sync.dossier_block)  # ledger and forms follow dossiers
        wants = [LeaseRequest("seq", "dossier", f"{agency}|{d.isoformat()}", size)
                 for d in days]
        wants += [LeaseRequest("seq", "ledger", f"{book}|{y}", 2 * size)
                  for y in sorted({d.year for d in days})]
        wants += [LeaseRequest("seq", f"form-{p.value}"[:32], str(y), size)
                  for p in FormPurpose for y in sorted({d.year for d in days})]
        if self.tickets:  # a kiosk PC: its tickets come from its own blocks, online or not
            wants += [LeaseRequest("ticket", sid.hex, d.isoformat(),
                                   max(1, self.settings.sync.ticket_block), start)
                      for sid, start in services for d in days[:2]]
        return wants

    def _top_up(self, device: str) -> int:
        with self.replica.local.engine.connect() as conn:
            left = local.leases_left(conn)
        need = [r for r in self.wanted() if left.get((r.kind, r.name, r.key), 0) < r.size // 2]
        if not need:
            return 0
        granted = self.transport.lease(device, need)
        with self.replica.writing() as conn:
            for req, first, last in granted:
                local.add_lease(conn, device, req.kind, req.name, req.key, first, last)
        return len(granted)

    # ------------------------------------------------------------------ the loop
    def run(self, stop: threading.Event, interval: float | None = None) -> None:
        """Sync until ``stop`` is set, while holding the PC's lock (waits for it otherwise)."""
        every = interval if interval is not None else self.settings.sync.interval
        lock: IO[str] | None = None
        listener = _Listener(self.replica.server_url, self.settings.sync.connect_timeout)
        try:
            while not stop.is_set():
                if lock is None:
                    lock = try_lock(self.data_dir)
                    if lock is None:
                        stop.wait(every)
                        continue
                try:
                    report = self.round()
                except Exception:  # a bug must not stop syncing; it is logged with its trace
                    _log.exception("sync round failed")
                    report = RoundReport(error="lỗi")
                if report.error:  # offline: try again soon, so reconnecting is noticed fast
                    listener.close()
                    stop.wait(min(every, OFFLINE_RETRY_S))
                else:
                    listener.wait(every, stop, self._has_backlog)
        finally:
            listener.close()
            if lock is not None:
                lock.close()


def select_services() -> Any:
    """Active queue services and their first number."""
    from counter_app.adapters.db.models import QueueServiceRow

    return select(QueueServiceRow.id, QueueServiceRow.start_number).where(
        QueueServiceRow.active.is_(True))


if sys.platform == "win32":  # no fcntl on Windows: a byte-range lock does the same job
    import msvcrt

    def _lock_now(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
else:
    import fcntl

    def _lock_now(handle: IO[str]) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def try_lock(data_dir: Path) -> IO[str] | None:
    """Take the PC's agent lock without waiting; None if another process holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / LOCK_FILE, "a+", encoding="utf-8")
    try:
        _lock_now(handle)  # OSError when another process holds it
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _write_marker(data_dir: Path, device: str, highest: int) -> None:
    path = data_dir / MARKER_FILE
    try:
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        old = {}
    if old.get("device_id") == device and int(old.get("highest_seq", -1)) >= highest:
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"device_id": device, "highest_seq": highest}), encoding="utf-8")
    os.replace(tmp, path)


def check_restored(replica: ReplicaStore, data_dir: Path) -> bool:
    """Compare the store with the marker file kept beside it: a store older than the marker was
    restored from a backup, and must not number anything before it re-registers."""
    path = data_dir / MARKER_FILE
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    with replica.writing() as conn:
        device = local.get_state(conn, "device_id")
        older = int(marker.get("highest_seq", 0)) > local.highest_seq(conn)
        if device and marker.get("device_id") == device and older:
            local.set_state(conn, restored=1, online=0)
            return True
    return False


class _Listener:
    """LISTENs on the server's sync and queue channels: a push by another PC, or a ticket issued
    or called elsewhere, starts a round at once."""

    def __init__(self, url: str, connect_timeout: float) -> None:
        self._url = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        self._timeout = connect_timeout
        self._conn: psycopg.Connection[Any] | None = None

    def wait(self, seconds: float, stop: threading.Event,
             poke: Callable[[], bool] = lambda: False) -> None:
        """Return after ``seconds``, at a notification, when ``poke()`` (checked every second)
        says there is work, or soon after ``stop`` is set."""
        try:
            if self._conn is None:
                self._conn = psycopg.connect(self._url, autocommit=True,
                                             **pg_connect_args(self._timeout, 0))
                self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                self._conn.execute(f"LISTEN {QUEUE_CHANNEL}")
            step = min(seconds, 1.0)
            waited = 0.0
            while waited < seconds and not stop.is_set() and not poke():
                if any(True for _ in self._conn.notifies(timeout=step, stop_after=1)):
                    for _ in self._conn.notifies(timeout=0.05):
                        pass
                    return
                waited += step
        except psycopg.Error:
            self.close()
            stop.wait(seconds)

    def close(self) -> None:
        """Drop the listening connection."""
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
            self._conn = None
