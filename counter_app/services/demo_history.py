"""Generate a realistic history (tickets, counter sessions, dossiers through their whole lives,
digitised-file records, ratings) for demos, screenshots and benchmarks: ``counter-app demo
history --days 30``. Supervisor or admin; audited. Written in bulk, one transaction per month."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from counter_app.domain.errors import DomainError
from counter_app.domain.history import (
    HistoryDay,
    HistoryDossier,
    HistoryProcedure,
    simulate_day,
    simulate_dossier,
)
from counter_app.domain.ratings import scale_from_settings
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.calendar import calendar_in
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

MAX_DAYS = 800


class HistoryWriter(Protocol):
    """The bulk writer of a history (``uow.history``)."""

    def procedures(self, day: dt.date, fields: Any, per_field: int = 6) -> list[HistoryProcedure]:
        """A few procedures in force on ``day`` for each field."""
        ...

    def hall(self) -> tuple[dict[str, tuple[int, ...]], dict[int, str]]:
        """Service codes → counters, counter → officer."""
        ...

    def write(self, dossiers: Any, days: Any, *, agency: str, tz: dt.tzinfo,
              files_dir: str, levels: Any) -> None:
        """Insert everything in bulk."""
        ...


@dataclass(frozen=True)
class HistorySummary:
    """What was generated."""

    days: int
    tickets: int
    dossiers: int
    first_day: dt.date
    last_day: dt.date


def _writer(uow: UnitOfWork) -> HistoryWriter:
    writer: HistoryWriter = getattr(uow, "history")  # noqa: B009 - optional repository
    return writer


def generate_history(uow_factory: UnitOfWorkFactory, settings: Settings, officer: Officer, *,
                     days: int, seed: int = 2026, tickets_per_day: int = 120,
                     dossiers_per_day: int = 40, files_dir: str = "files",
                     now: Callable[[], dt.datetime] | None = None) -> HistorySummary:
    """Generate ``days`` days of history ending now (today up to the current time)."""
    require_role(officer, Role.SUPERVISOR)
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"Số ngày lịch sử phải từ 1 đến {MAX_DAYS}.")
    tz = ZoneInfo(settings.timezone)
    moment = (now or (lambda: dt.datetime.now(dt.UTC)))().astimezone(dt.UTC)
    today = moment.astimezone(tz).date()
    first = today - dt.timedelta(days=days - 1)
    rng = random.Random(seed)
    levels = [(lv.code, lv.label, lv.negative) for lv in scale_from_settings(settings.rating).levels]
    with uow_factory() as uow:
        calendar, _ = calendar_in(uow, settings)
        services, staff = _writer(uow).hall()
        procedures = _writer(uow).procedures(first, sorted(services))
    if not services or not procedures:
        raise DomainError("Chưa có dịch vụ, quầy hoặc thủ tục: hãy chạy 'counter-app init --demo'.")
    tickets = dossiers = 0
    day = first
    while day <= today:
        month_end = min(today, day + dt.timedelta(days=30))
        batch_days: list[HistoryDay] = []
        batch_dossiers: list[HistoryDossier] = []
        while day <= month_end:
            if calendar.sessions_of(day):
                n = max(0, int(rng.gauss(tickets_per_day, tickets_per_day * 0.15)))
                hall_day = simulate_day(rng, day, services, staff, calendar, tz, n, moment)
                batch_days.append(hall_day)
                batch_dossiers.extend(_dossiers_of(rng, day, procedures, services, staff,
                                                   calendar, tz, moment, dossiers_per_day))
            day += dt.timedelta(days=1)
        with uow_factory() as uow:
            _writer(uow).write(batch_dossiers, batch_days, agency=settings.centre.agency_code,
                               tz=tz, files_dir=files_dir, levels=levels)
            uow.audit.record(officer.username, "demo_history", f"{first}..{today}",
                             f"{len(batch_dossiers)} hồ sơ")
            uow.commit()
        tickets += sum(len(d.tickets) for d in batch_days)
        dossiers += len(batch_dossiers)
    return HistorySummary(days, tickets, dossiers, first, today)


def _dossiers_of(rng: random.Random, day: dt.date, procedures: list[HistoryProcedure],
                 services: dict[str, tuple[int, ...]], staff: dict[int, str], calendar: Any,
                 tz: dt.tzinfo, now: dt.datetime, per_day: int) -> list[HistoryDossier]:
    sessions = calendar.sessions_of(day)
    out = []
    for _ in range(max(0, int(rng.gauss(per_day, per_day * 0.2)))):
        begin, end = rng.choice(sessions)
        local = begin + dt.timedelta(seconds=rng.uniform(0, (end - begin).total_seconds() - 60))
        received = local.replace(tzinfo=tz).astimezone(dt.UTC)
        if received > now:
            continue
        procedure = rng.choice(procedures)
        counters = services.get(procedure.field_code) or next(iter(services.values()))
        counter = rng.choice(counters)
        out.append(simulate_dossier(rng, procedure, received, now, calendar, tz,
                                    officer=staff.get(counter, ""), counter=counter))
    return out
