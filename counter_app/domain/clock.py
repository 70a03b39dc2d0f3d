"""Working-time clock: working days, office sessions and due times of dossiers.

Every function here takes and returns **naive local datetimes** in the centre's time zone
(``Settings.timezone``); the services convert to and from the UTC values stored in the database.
Passing a timezone-aware datetime raises ``ValueError`` (a programming error, not a user error).

A day is a working day when, in this order:

1. a centre override (:class:`CalendarOverride`) names it ``off`` or ``work`` (overrides win);
2. the ``holidays`` package's Vietnamese calendar lists it as a public holiday or a swapped day
   off (``Ngày nghỉ (thay cho ngày …)``) → not working;
3. the package lists it in ``weekend_workdays`` (a make-up Saturday such as 22/08/2026) → working;
4. otherwise Monday to Friday are working days.

``OfficeHours.open_saturday`` only opens the counter for reception; it does not make Saturdays
count towards processing time. To count a Saturday, add a ``work`` override.

Durations follow the OpenCPS practice (vn-one-stop-rules §5.1): one working day is the total
length of the day's sessions (8 working hours with the default 07:30–11:30 and 13:00–17:00), half
a day is half of it, and a due time is rounded up to the next quarter hour.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from counter_app.domain.catalogue import ProcessingTime, TimeUnit
from counter_app.domain.errors import DomainError
from counter_app.domain.settings import OfficeHours
from counter_app.domain.text import nfc

_MINUTE = dt.timedelta(minutes=1)
_QUARTER = dt.timedelta(minutes=15)
_MAX_SEARCH_DAYS = 3660  # give up after ten years without a working session


class OverrideKind(enum.StrEnum):
    """What a centre override makes of a day (OpenCPS calendar types 0 and 1)."""

    OFF = "off"  # ngày nghỉ
    WORK = "work"  # ngày làm việc bù / làm thêm


@dataclass(frozen=True)
class CalendarOverride:
    """A centre decision about one day, winning over the ``holidays`` package."""

    day: dt.date
    kind: OverrideKind
    note: str = ""
    source_document: str = ""
    provisional: bool = False

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", OverrideKind(self.kind))
        except ValueError:
            raise DomainError(
                f"Loại ngày '{self.kind}' không hợp lệ: chọn 'off' (nghỉ) hoặc 'work' (làm việc)."
            ) from None
        object.__setattr__(self, "note", nfc(self.note))
        object.__setattr__(self, "source_document", nfc(self.source_document))


@dataclass(frozen=True)
class NonWorkingDay:
    """A day off other than an ordinary weekend, with its Vietnamese name."""

    day: dt.date
    name: str
    provisional: bool
    from_override: bool

    @property
    def label_vi(self) -> str:
        """Return the name as shown in the UI, with ``(dự kiến)`` when not yet confirmed."""
        return f"{self.name} (dự kiến)" if self.provisional else self.name


def _naive(moment: dt.datetime) -> None:
    if moment.tzinfo is not None:
        raise ValueError("the clock works on naive local datetimes")


def _package_announced_through() -> int:
    """Return the last year for which the package encodes an announced civil-service schedule."""
    import holidays  # ~0.25 s to import: only when a calendar is first used, not at start-up

    special = getattr(holidays.country_holidays("VN"), "special_public_holidays", {})
    return max(special) if special else dt.date.today().year


class WorkingCalendar:
    """Working days and working time of one centre."""

    def __init__(
        self,
        hours: OfficeHours | None = None,
        overrides: Iterable[CalendarOverride] = (),
        *,
        announced_through: int | None = None,
    ) -> None:
        """Build the calendar; ``announced_through`` defaults to the package's last known year."""
        self.hours = hours or OfficeHours()
        self._sessions = self._check_sessions(self.hours)
        self.day_length = sum(
            (self._span(start, end) for start, end in self._sessions), dt.timedelta()
        )
        self._overrides: dict[dt.date, CalendarOverride] = {}
        for override in overrides:
            if override.day in self._overrides:
                raise DomainError(
                    f"Ngày {override.day:%d/%m/%Y} được khai báo hai lần trong lịch làm việc."
                )
            self._overrides[override.day] = override
        self.announced_through = (
            announced_through if announced_through is not None else _package_announced_through()
        )
        self._years: dict[int, tuple[dict[dt.date, str], frozenset[dt.date]]] = {}

    @staticmethod
    def _span(start: dt.time, end: dt.time) -> dt.timedelta:
        day = dt.date(2000, 1, 1)
        return dt.datetime.combine(day, end) - dt.datetime.combine(day, start)

    @staticmethod
    def _check_sessions(hours: OfficeHours) -> tuple[tuple[dt.time, dt.time], ...]:
        sessions = (hours.morning, hours.afternoon)
        previous_end = dt.time.min
        for start, end in sessions:
            if not previous_end <= start < end:
                raise DomainError(
                    "Giờ làm việc không hợp lệ: mỗi buổi phải bắt đầu trước khi kết thúc "
                    "và buổi chiều phải sau buổi sáng."
                )
            previous_end = end
        return sessions

    # ---- days -------------------------------------------------------------------------------

    def _package_year(self, year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
        cached = self._years.get(year)
        if cached is None:
            # Swaps may straddle the new year (e.g. off 31/12/2018, made up on 05/01/2019).
            import holidays

            source = holidays.country_holidays(
                "VN", years=range(year - 1, year + 2), language="vi"
            )
            days = {d: str(name) for d, name in source.items() if d.year == year}
            workdays = frozenset(d for d in source.weekend_workdays if d.year == year)
            cached = (days, workdays)
            self._years[year] = cached
        return cached

    def is_working_day(self, day: dt.date) -> bool:
        """Return True when ``day`` counts towards processing time."""
        override = self._overrides.get(day)
        if override is not None:
            return override.kind is OverrideKind.WORK
        days_off, workdays = self._package_year(day.year)
        if day in days_off:
            return False
        if day in workdays:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return the first working day strictly after ``day``."""
        for offset in range(1, _MAX_SEARCH_DAYS):
            candidate = day + dt.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise DomainError("Lịch làm việc không có ngày làm việc nào trong mười năm tới.")

    def is_provisional(self, day: dt.date) -> bool:
        """Return True when the schedule of ``day`` is an estimate (shown "dự kiến" in the UI).

        An override decides for its own day (its ``provisional`` flag); any other day is
        provisional when its year is after the last year with an announced schedule.
        """
        override = self._overrides.get(day)
        if override is not None:
            return override.provisional
        return day.year > self.announced_through

    def any_provisional(self, first: dt.date, last: dt.date) -> bool:
        """Return True when any day from ``first`` to ``last`` (inclusive) is provisional."""
        day = first
        while day <= last:
            if self.is_provisional(day):
                return True
            day += dt.timedelta(days=1)
        return False

    def non_working_days(self, year: int) -> list[NonWorkingDay]:
        """Return the year's days off other than plain weekends, with Vietnamese names.

        Package holidays falling on a weekend are listed too (e.g. a Tết day on a Sunday);
        a ``work`` override removes a day, an ``off`` override adds one.
        """
        days_off, _ = self._package_year(year)
        result: dict[dt.date, NonWorkingDay] = {}
        for day, name in days_off.items():
            result[day] = NonWorkingDay(day, name, self.is_provisional(day), False)
        for day, override in self._overrides.items():
            if day.year != year:
                continue
            if override.kind is OverrideKind.WORK:
                result.pop(day, None)
            else:
                name = override.note or days_off.get(day, "Ngày nghỉ theo quyết định của đơn vị")
                result[day] = NonWorkingDay(day, name, override.provisional, True)
        return sorted(result.values(), key=lambda d: d.day)

    def extra_working_days(self, year: int) -> list[dt.date]:
        """Return the weekend days of ``year`` that are working days (make-up Saturdays)."""
        _, workdays = self._package_year(year)
        days = {d for d in workdays if self.is_working_day(d)}
        days |= {
            d for d, o in self._overrides.items()
            if d.year == year and o.kind is OverrideKind.WORK and d.weekday() >= 5
        }
        return sorted(days)

    # ---- working time -----------------------------------------------------------------------

    def sessions_of(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Return the working sessions of ``day`` (none on a non-working day)."""
        if not self.is_working_day(day):
            return []
        return [
            (dt.datetime.combine(day, start), dt.datetime.combine(day, end))
            for start, end in self._sessions
        ]

    def _add(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        _naive(start)
        if delta < dt.timedelta():
            raise ValueError("working time to add must not be negative")
        remaining = delta
        cursor = start
        day = start.date()
        for _ in range(_MAX_SEARCH_DAYS):
            for begin, end in self.sessions_of(day):
                if cursor >= end:
                    continue
                begin = max(cursor, begin)
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
                cursor = end
            day += dt.timedelta(days=1)
        raise DomainError("Lịch làm việc không có ngày làm việc nào trong mười năm tới.")

    def add_working_time(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """Return the moment ``minutes`` of working time after ``start``.

        Only time inside working sessions counts. A start outside working time (or exactly at
        the end of a session) begins at the next session start; a result that lands exactly on
        a session end stays there (Mon 07:30 + 480 min = Mon 17:00).
        """
        return self._add(start, dt.timedelta(minutes=minutes))

    def working_time_between(self, first: dt.datetime, second: dt.datetime) -> dt.timedelta:
        """Return the working time elapsed from ``first`` to ``second`` (zero if not after)."""
        _naive(first)
        _naive(second)
        total = dt.timedelta()
        day = first.date()
        while day <= second.date():
            for begin, end in self.sessions_of(day):
                lo, hi = max(begin, first), min(end, second)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total

    def _round_up(self, moment: dt.datetime) -> dt.datetime:
        """Round up to the next quarter hour, never past the end of the session it lies in."""
        base = moment.replace(minute=0, second=0, microsecond=0)
        rounded = base + -(-(moment - base) // _QUARTER) * _QUARTER
        for begin, end in self.sessions_of(moment.date()):
            if begin <= moment <= end:
                return min(rounded, end)
        return rounded

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """Return the end of the last session of ``day`` (17:00 by default)."""
        return dt.datetime.combine(day, self._sessions[-1][1])

    def due_at(self, received_at: dt.datetime, time: ProcessingTime) -> dt.datetime:
        """Return the appointment (hẹn trả) for a dossier received at ``received_at``.

        - IMMEDIATE: ``received_at`` itself.
        - SAME_DAY: 17:00 the same day when received on a working day at or before the cut-off
          (15:00; before opening counts as the same day); otherwise — after the cut-off, or on
          a non-working day — at the **end** of the next working day, the latest moment the law
          allows ("trả trong ngày làm việc tiếp theo").
        - HOURS / HALF_DAYS / WORKING_DAYS: ``amount`` hours, half days or days of working time
          counted from receipt (a day = the sessions' total, 8 h by default), so an afternoon
          receipt is due in the afternoon; a receipt outside working time starts counting at the
          next session. Rounded up to the next quarter hour.
        """
        _naive(received_at)
        if time.unit is TimeUnit.IMMEDIATE:
            return received_at
        if time.unit is TimeUnit.SAME_DAY:
            day = received_at.date()
            if self.is_working_day(day) and received_at.time() <= self.hours.same_day_cutoff:
                return self.end_of_day(day)
            return self.end_of_day(self.next_working_day(day))
        if time.unit is TimeUnit.HOURS:
            delta = dt.timedelta(hours=time.amount)
        elif time.unit is TimeUnit.HALF_DAYS:
            delta = time.amount * self.day_length / 2
        else:
            delta = time.amount * self.day_length
        return self._round_up(self._add(received_at, delta))

    def due_after_pause(
        self, original_due: dt.datetime, paused_from: dt.datetime, resumed_at: dt.datetime
    ) -> dt.datetime:
        """Extend ``original_due`` by the working time between ``paused_from`` and ``resumed_at``.

        Used when the clock stops for a supplement request (yêu cầu bổ sung). Whole working
        minutes count: a pause with less than one working minute in it (asked and resumed at
        once, or outside working time) leaves the due time unchanged; otherwise the result is
        rounded up to the next quarter hour.
        """
        _naive(original_due)
        if resumed_at < paused_from:
            raise DomainError("Thời điểm tiếp tục giải quyết không được trước thời điểm tạm dừng.")
        elapsed = self.working_time_between(paused_from, resumed_at)
        whole = elapsed - elapsed % _MINUTE
        if whole < _MINUTE:
            return original_due
        return self._round_up(self._add(original_due, whole))
