"""The centre calendar as the admin window edits it: one year's days off and make-up days.

The same data the ``calendar`` CLI edits (:mod:`counter_app.services.calendar`); this adds the
year view with the national holidays (from the ``holidays`` package) beside the centre's own
decisions. Changing a day needs a supervisor or an admin and is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.clock import CalendarOverride, NonWorkingDay, WorkingCalendar
from counter_app.domain.reference import Officer
from counter_app.domain.settings import Settings
from counter_app.services.calendar import put_override, remove_override
from counter_app.services.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class CalendarYear:
    """A year: the centre's overrides, every day off (national and the centre's), make-up days."""

    year: int
    overrides: tuple[CalendarOverride, ...]
    days_off: tuple[NonWorkingDay, ...]
    working_weekend_days: tuple[dt.date, ...]


class CalendarAdmin:
    """Read a year, add or replace a day's override, remove it."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings) -> None:
        self.uow_factory = uow_factory
        self.settings = settings

    def year(self, year: int) -> CalendarYear:
        """Return ``year`` as the centre works it (no personal data: no login needed)."""
        with self.uow_factory() as uow:
            overrides = uow.dossiers.calendar_overrides()
        calendar = WorkingCalendar(self.settings.office_hours, overrides)
        return CalendarYear(year, tuple(o for o in overrides if o.day.year == year),
                            tuple(calendar.non_working_days(year)),
                            tuple(calendar.extra_working_days(year)))

    def put(self, actor: Officer, override: CalendarOverride) -> None:
        """Add or replace the override of a day (supervisor or admin; audited)."""
        put_override(self.uow_factory, actor, override)

    def remove(self, actor: Officer, day: dt.date) -> bool:
        """Remove the override of ``day``; False when there was none."""
        return remove_override(self.uow_factory, actor, day)
