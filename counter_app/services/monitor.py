"""The supervisor's live view of the hall: each counter (officer, state, current ticket and how
long), waiting per service with the longest wait against its target, alerts, and the open dossiers
due today, tomorrow or overdue per field. Supervisor or admin. The window re-reads it whenever the
change feed reports a change (and every few seconds, for the clocks)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from counter_app.domain.queue import TicketStatus, business_date
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.ports.reports import FieldDue
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import CounterState
from counter_app.services.unit_of_work import UnitOfWorkFactory


class CounterMode(enum.StrEnum):
    """What a counter is doing now."""

    CLOSED = "closed"
    IDLE = "idle"
    CALLED = "called"
    SERVING = "serving"
    PAUSED = "paused"


MODE_LABELS_VI = {CounterMode.CLOSED: "Đóng", CounterMode.IDLE: "Đang chờ gọi",
                  CounterMode.CALLED: "Đang mời", CounterMode.SERVING: "Đang phục vụ",
                  CounterMode.PAUSED: "Tạm nghỉ"}


@dataclass(frozen=True)
class CounterLive:
    """One counter on the monitor; ``elapsed_s`` counts from the call, the start of service or
    the pause."""

    number: int
    name: str
    officer_name: str
    mode: CounterMode
    ticket: str
    elapsed_s: int | None


@dataclass(frozen=True)
class ServiceLive:
    """Waiting tickets of one service, its longest current wait and its target."""

    code: str
    name: str
    waiting: int
    longest_wait_s: int | None
    target_s: int

    @property
    def over_target(self) -> bool:
        """True when someone has waited longer than the target."""
        return self.longest_wait_s is not None and self.longest_wait_s > self.target_s


@dataclass(frozen=True)
class HallMonitor:
    """Everything the monitor tab shows."""

    taken_at: dt.datetime
    counters: tuple[CounterLive, ...]
    services: tuple[ServiceLive, ...]
    alerts: tuple[str, ...]
    dossiers: tuple[FieldDue, ...]


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} phút"


class Monitor:
    """Builds :class:`HallMonitor` snapshots (tests inject ``now``)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, queue: QueueEngine,
                 settings: Settings | None = None, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.queue = queue
        self.settings = settings or Settings()
        self.tz = ZoneInfo(self.settings.timezone)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def snapshot(self, officer: Officer) -> HallMonitor:
        """Read the hall and the dossiers due; derive the alerts."""
        require_role(officer, Role.SUPERVISOR)
        now = self._now().astimezone(dt.UTC)
        board = self.queue.snapshot(recent_calls=0)
        local_day = now.astimezone(self.tz).date()
        tomorrow = dt.datetime.combine(local_day + dt.timedelta(days=1), dt.time(), self.tz)
        after = tomorrow + dt.timedelta(days=1)
        with self.uow_factory() as uow:
            oldest = uow.reports.oldest_waiting(business_date(now, self.tz))
            due = uow.reports.dossiers_due(now, tomorrow.astimezone(dt.UTC),
                                           after.astimezone(dt.UTC))
        m = self.settings.monitor
        targets = m.targets_minutes()
        services = tuple(ServiceLive(
            s.code, s.name, s.waiting,
            int((now - oldest[s.code]).total_seconds()) if s.code in oldest else None,
            targets.get(s.code, m.wait_target_minutes) * 60) for s in board.services)
        counters = tuple(self._counter(c, c.paused_since, now) for c in board.counters)
        alerts = [f"{s.name}: có người chờ {_minutes(s.longest_wait_s or 0)} "
                  f"(mục tiêu {_minutes(s.target_s)})" for s in services if s.over_target]
        limit = m.pause_alert_minutes * 60
        alerts += [f"Quầy {c.number} tạm nghỉ {_minutes(c.elapsed_s or 0)} "
                   f"(quá {m.pause_alert_minutes} phút)" for c in counters
                   if c.mode is CounterMode.PAUSED and (c.elapsed_s or 0) > limit]
        overdue = sum(f.overdue for f in due)
        if overdue:
            alerts.append(f"{overdue} hồ sơ đang quá hạn giải quyết")
        return HallMonitor(now, counters, services, tuple(alerts), tuple(due))

    @staticmethod
    def _counter(c: CounterState, paused_since: dt.datetime | None,
                 now: dt.datetime) -> CounterLive:
        name = c.officer_name or ""
        if not c.open:
            return CounterLive(c.number, c.name, "", CounterMode.CLOSED, "", None)
        if paused_since is not None:
            return CounterLive(c.number, c.name, name, CounterMode.PAUSED, "",
                               int((now - paused_since).total_seconds()))
        t = c.current
        if t is None:
            return CounterLive(c.number, c.name, name, CounterMode.IDLE, "", None)
        serving = t.status is TicketStatus.SERVING
        since = (t.serving_at if serving else t.called_at) or now
        return CounterLive(c.number, c.name, name,
                           CounterMode.SERVING if serving else CounterMode.CALLED,
                           t.display_number, max(0, int((now - since).total_seconds())))
