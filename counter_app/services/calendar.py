"""The centre's working calendar: the ``holidays`` VN calendar plus the override table.

Overrides (extra days off, make-up working Saturdays) are rules that change, so each dossier is
stamped with :func:`~counter_app.domain.reception.calendar_version`: the package version plus a
digest of the overrides.
"""

from __future__ import annotations

import datetime as dt

from counter_app.domain.clock import CalendarOverride, WorkingCalendar
from counter_app.domain.reception_draft import calendar_version
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory


def calendar_in(uow: UnitOfWork, settings: Settings) -> tuple[WorkingCalendar, str]:
    """Return the working calendar inside an open unit of work, and its version stamp."""
    overrides = uow.dossiers.calendar_overrides()
    return WorkingCalendar(settings.office_hours, overrides), calendar_version(overrides)


def working_calendar(uow_factory: UnitOfWorkFactory, settings: Settings) -> WorkingCalendar:
    """Return the centre's working calendar (reads the overrides once)."""
    with uow_factory() as uow:
        return calendar_in(uow, settings)[0]


def list_overrides(uow_factory: UnitOfWorkFactory, year: int | None = None) -> list[CalendarOverride]:
    """Return the overrides, of one year when given."""
    with uow_factory() as uow:
        found = uow.dossiers.calendar_overrides()
    return [o for o in found if year is None or o.day.year == year]


def put_override(uow_factory: UnitOfWorkFactory, officer: Officer, override: CalendarOverride) -> None:
    """Add or replace the override of a day (supervisors and admins only)."""
    require_role(officer, Role.SUPERVISOR)
    with uow_factory(immediate=True) as uow:
        uow.dossiers.put_calendar_override(override, officer.username)
        uow.audit.record(officer.username, "calendar_override", override.day.isoformat(),
                         f"{override.kind.value}; {override.note}; {override.source_document}"
                         f"{'; dự kiến' if override.provisional else ''}")
        uow.commit()


def remove_override(uow_factory: UnitOfWorkFactory, officer: Officer, day: dt.date) -> bool:
    """Delete the override of ``day``; False when there was none."""
    require_role(officer, Role.SUPERVISOR)
    with uow_factory(immediate=True) as uow:
        removed = uow.dossiers.remove_calendar_override(day)
        if removed:
            uow.audit.record(officer.username, "calendar_override_removed", day.isoformat())
        uow.commit()
    return removed


class CalendarService:
    """The centre's working calendar and its overrides, bound to the store."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings) -> None:
        self.uow_factory = uow_factory
        self.settings = settings

    def calendar(self) -> WorkingCalendar:
        """The working calendar (national holidays plus the centre's overrides)."""
        return working_calendar(self.uow_factory, self.settings)

    def overrides(self, year: int | None = None) -> list[CalendarOverride]:
        """The centre's days off and make-up working days, of one year when given."""
        return list_overrides(self.uow_factory, year)

    def put(self, officer: Officer, override: CalendarOverride) -> None:
        """Add or replace the override of a day (supervisors and admins)."""
        put_override(self.uow_factory, officer, override)

    def remove(self, officer: Officer, day: dt.date) -> bool:
        """Delete the override of ``day``; False when there was none."""
        return remove_override(self.uow_factory, officer, day)
