"""Working-time clock: every expected value below was worked out by hand from a calendar.

Default office hours: 07:30–11:30 and 13:00–17:00 (8 working hours a day), cut-off 15:00.
July 2026: Mon 13, Tue 14, Wed 15, Thu 16, Fri 17, Sat 18, Sun 19, Mon 20.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.catalogue import ProcessingTime, TimeUnit
from counter_app.domain.clock import CalendarOverride, OverrideKind, WorkingCalendar
from counter_app.domain.errors import DomainError
from counter_app.domain.settings import OfficeHours

D = dt.datetime
d = dt.date


def days(n: int) -> ProcessingTime:
    return ProcessingTime(TimeUnit.WORKING_DAYS, n)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar(announced_through=2026)


# ---- what the holidays package gives (checked by running it, version 0.109) ----------------


def test_package_default_announced_year_is_2026() -> None:
    # The package encodes announced swaps up to 2026 (31/08 off for Sat 22/08).
    assert WorkingCalendar().announced_through >= 2026


def test_tet_2026_break(cal: WorkingCalendar) -> None:
    # Civil servants: Mon 16/02 – Fri 20/02/2026 off; Fri 13/02 and Mon 23/02 are working days.
    for day in range(16, 21):
        assert not cal.is_working_day(d(2026, 2, day))
    assert cal.is_working_day(d(2026, 2, 13))
    assert cal.is_working_day(d(2026, 2, 23))
    assert cal.next_working_day(d(2026, 2, 13)) == d(2026, 2, 23)
    # Fri 13/02 14:00 + 8 h: Fri 14–17 (3 h), then Mon 23/02 07:30–11:30 (4 h) and 13:00–14:00.
    assert cal.due_at(D(2026, 2, 13, 14, 0), days(1)) == D(2026, 2, 23, 14, 0)


def test_make_up_saturday_22_august_2026(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(d(2026, 8, 22))  # Saturday worked in exchange for Mon 31/08
    assert not cal.is_working_day(d(2026, 8, 23))  # Sunday stays off
    assert not cal.is_working_day(d(2026, 8, 31))
    # Fri 21/08 08:00 + 16 h: Fri 3.5 + 4 = 7.5 h, Sat 22/08 8 h = 15.5 h, Mon 24/08 07:30 + 0.5 h.
    assert cal.due_at(D(2026, 8, 21, 8, 0), days(2)) == D(2026, 8, 24, 8, 0)
    assert cal.extra_working_days(2026) == [d(2026, 8, 22)]


def test_national_day_2026(cal: WorkingCalendar) -> None:
    # Mon 31/08 (swap), Tue 01/09 and Wed 02/09 off; Thu 03/09 is the next working day.
    for day in (d(2026, 8, 31), d(2026, 9, 1), d(2026, 9, 2)):
        assert not cal.is_working_day(day)
    assert cal.next_working_day(d(2026, 8, 28)) == d(2026, 9, 3)
    # Fri 28/08 10:00 + 8 h: Fri 1.5 + 4 = 5.5 h, then Thu 03/09 07:30 + 2.5 h = 10:00.
    assert cal.due_at(D(2026, 8, 28, 10, 0), days(1)) == D(2026, 9, 3, 10, 0)


def test_vietnam_culture_day_24_november_2026(cal: WorkingCalendar) -> None:
    assert not cal.is_working_day(d(2026, 11, 24))  # Tuesday
    # Mon 23/11 09:00 + 1 day skips Tue 24/11 → Wed 25/11 09:00.
    assert cal.due_at(D(2026, 11, 23, 9, 0), days(1)) == D(2026, 11, 25, 9, 0)


def test_non_working_days_have_vietnamese_names(cal: WorkingCalendar) -> None:
    names = {n.day: n.name for n in cal.non_working_days(2026)}
    assert names[d(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert names[d(2026, 8, 31)] == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert names[d(2026, 2, 17)] == "Tết Nguyên Đán"
    assert names[d(2026, 4, 27)] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert not any(n.provisional for n in cal.non_working_days(2026))


def test_tet_2027_estimate_is_provisional(cal: WorkingCalendar) -> None:
    # Package estimate: Thu 04/02 – Wed 10/02/2027 (weekdays 4, 5, 8, 9, 10) off.
    for day in (4, 5, 8, 9, 10):
        assert not cal.is_working_day(d(2027, 2, day))
        assert cal.is_provisional(d(2027, 2, day))
    assert cal.next_working_day(d(2027, 2, 3)) == d(2027, 2, 11)
    assert not cal.is_provisional(d(2026, 12, 31))
    assert cal.is_provisional(d(2027, 1, 4))
    tet = next(n for n in cal.non_working_days(2027) if n.day == d(2027, 2, 4))
    assert tet.provisional and tet.label_vi == "29 Tết (dự kiến)"
    assert cal.any_provisional(d(2026, 12, 30), d(2027, 1, 2))
    assert not cal.any_provisional(d(2026, 12, 1), d(2026, 12, 31))
    # Once the centre marks 2027 as announced the estimate is no longer flagged.
    assert not WorkingCalendar(announced_through=2027).is_provisional(d(2027, 2, 4))


# ---- same-day cut-off ------------------------------------------------------------------------

SAME_DAY = ProcessingTime(TimeUnit.SAME_DAY)


def test_same_day_cutoff(cal: WorkingCalendar) -> None:
    assert cal.due_at(D(2026, 7, 13, 14, 59), SAME_DAY) == D(2026, 7, 13, 17, 0)
    assert cal.due_at(D(2026, 7, 13, 15, 0), SAME_DAY) == D(2026, 7, 13, 17, 0)  # at 15:00: today
    assert cal.due_at(D(2026, 7, 13, 15, 1), SAME_DAY) == D(2026, 7, 14, 17, 0)
    assert cal.due_at(D(2026, 7, 13, 7, 0), SAME_DAY) == D(2026, 7, 13, 17, 0)  # before opening
    # Friday after cut-off → end of Monday; Saturday → end of Monday.
    assert cal.due_at(D(2026, 7, 17, 15, 1), SAME_DAY) == D(2026, 7, 20, 17, 0)
    assert cal.due_at(D(2026, 7, 18, 10, 0), SAME_DAY) == D(2026, 7, 20, 17, 0)
    # Fri 28/08/2026 after 15:00 → the long weekend pushes it to Thu 03/09.
    assert cal.due_at(D(2026, 8, 28, 15, 30), SAME_DAY) == D(2026, 9, 3, 17, 0)


def test_immediate_returns_receipt_time(cal: WorkingCalendar) -> None:
    at = D(2026, 7, 13, 9, 7, 31)
    assert cal.due_at(at, ProcessingTime(TimeUnit.IMMEDIATE)) == at


# ---- days, half days, hours ------------------------------------------------------------------


def test_afternoon_receipt_is_due_in_the_afternoon(cal: WorkingCalendar) -> None:
    # Mon 14:00 + 24 h: Mon 3 h, Tue 8 h, Wed 8 h (19 h), Thu 4 h morning + 1 h → Thu 14:00.
    assert cal.due_at(D(2026, 7, 13, 14, 0), days(3)) == D(2026, 7, 16, 14, 0)


def test_half_days(cal: WorkingCalendar) -> None:
    half = ProcessingTime(TimeUnit.HALF_DAYS, 1)
    # Mon 09:00 + 4 h: 09:00–11:30 (2.5 h) then 13:00 + 1.5 h = 14:30.
    assert cal.due_at(D(2026, 7, 13, 9, 0), half) == D(2026, 7, 13, 14, 30)
    # Mon 09:00 + 12 h: Mon 6.5 h, Tue morning 4 h (10.5 h), Tue 13:00 + 1.5 h = Tue 14:30.
    assert cal.due_at(D(2026, 7, 13, 9, 0), ProcessingTime(TimeUnit.HALF_DAYS, 3)) == D(
        2026, 7, 14, 14, 30
    )


def test_hours_across_lunch(cal: WorkingCalendar) -> None:
    two_hours = ProcessingTime(TimeUnit.HOURS, 2)
    assert cal.due_at(D(2026, 7, 13, 10, 0), two_hours) == D(2026, 7, 13, 13, 30)
    assert cal.add_working_time(D(2026, 7, 13, 11, 30), 60) == D(2026, 7, 13, 14, 0)
    assert cal.add_working_time(D(2026, 7, 13, 12, 15), 120) == D(2026, 7, 13, 15, 0)
    assert cal.add_working_time(D(2026, 7, 13, 16, 30), 60) == D(2026, 7, 14, 8, 0)
    # A result that lands exactly on a session end stays there.
    assert cal.add_working_time(D(2026, 7, 13, 7, 30), 480) == D(2026, 7, 13, 17, 0)
    assert cal.add_working_time(D(2026, 7, 13, 9, 30), 120) == D(2026, 7, 13, 11, 30)


def test_receipt_outside_working_time(cal: WorkingCalendar) -> None:
    # Saturday: counting starts Mon 07:30; + 8 h = Mon 17:00.
    assert cal.due_at(D(2026, 7, 18, 10, 0), days(1)) == D(2026, 7, 20, 17, 0)
    # Mon 18:00: counting starts Tue 07:30 → Tue 17:00.
    assert cal.due_at(D(2026, 7, 13, 18, 0), days(1)) == D(2026, 7, 14, 17, 0)
    # Mon 06:45 (before opening): starts 07:30 → Mon 17:00.
    assert cal.due_at(D(2026, 7, 13, 6, 45), days(1)) == D(2026, 7, 13, 17, 0)


def test_rounded_up_to_quarter_hour(cal: WorkingCalendar) -> None:
    assert cal.due_at(D(2026, 7, 13, 14, 7), days(1)) == D(2026, 7, 14, 14, 15)
    assert cal.due_at(D(2026, 7, 13, 14, 0, 1), days(1)) == D(2026, 7, 14, 14, 15)
    assert cal.due_at(D(2026, 7, 13, 14, 15), days(1)) == D(2026, 7, 14, 14, 15)
    assert cal.due_at(D(2026, 7, 13, 14, 46), days(1)) == D(2026, 7, 14, 15, 0)


def test_rounding_never_leaves_the_session() -> None:
    hours = OfficeHours(morning=(dt.time(7, 30), dt.time(11, 20)))
    cal = WorkingCalendar(hours, announced_through=2026)
    # 10:17 + 1 h = 11:17; rounding up gives 11:30, past the 11:20 session end → 11:20.
    assert cal.due_at(D(2026, 7, 13, 10, 17), ProcessingTime(TimeUnit.HOURS, 1)) == D(
        2026, 7, 13, 11, 20
    )
    # 10:00 + 1 h = 11:00 is already on a quarter hour.
    assert cal.due_at(D(2026, 7, 13, 10, 0), ProcessingTime(TimeUnit.HOURS, 1)) == D(
        2026, 7, 13, 11, 0
    )


def test_day_length_follows_office_hours() -> None:
    # 08:00–11:00 and 13:00–16:00 = 6 h a day; Mon 09:00 + 1 day = Tue 09:00.
    hours = OfficeHours(morning=(dt.time(8), dt.time(11)), afternoon=(dt.time(13), dt.time(16)))
    cal = WorkingCalendar(hours, announced_through=2026)
    assert cal.day_length == dt.timedelta(hours=6)
    assert cal.due_at(D(2026, 7, 13, 9, 0), days(1)) == D(2026, 7, 14, 9, 0)
    assert cal.due_at(D(2026, 7, 13, 9, 0), SAME_DAY) == D(2026, 7, 13, 16, 0)


def test_bad_office_hours_are_refused() -> None:
    with pytest.raises(DomainError, match="Giờ làm việc"):
        WorkingCalendar(OfficeHours(morning=(dt.time(11), dt.time(7))))
    with pytest.raises(DomainError, match="Giờ làm việc"):
        WorkingCalendar(OfficeHours(afternoon=(dt.time(11), dt.time(17))))


def test_aware_datetimes_are_a_programming_error(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        cal.due_at(D(2026, 7, 13, 9, tzinfo=dt.UTC), days(1))


# ---- centre overrides ------------------------------------------------------------------------


def test_override_extra_day_off() -> None:
    off = CalendarOverride(d(2026, 7, 15), OverrideKind.OFF, "Nghỉ theo quyết định của tỉnh",
                           "QĐ 123/QĐ-UBND")
    cal = WorkingCalendar(overrides=[off], announced_through=2026)
    assert not cal.is_working_day(d(2026, 7, 15))
    # Mon 14:00 + 3 days, Wed off: Mon 3 h, Tue 8 h, Thu 8 h, Fri 07:30–11:30 + 1 h → Fri 14:00.
    assert cal.due_at(D(2026, 7, 13, 14, 0), days(3)) == D(2026, 7, 17, 14, 0)
    listed = [n for n in cal.non_working_days(2026) if n.day == d(2026, 7, 15)]
    assert listed and listed[0].from_override and listed[0].name == "Nghỉ theo quyết định của tỉnh"


def test_override_extra_working_saturday() -> None:
    work = CalendarOverride(d(2026, 7, 18), "work", "Làm việc thứ Bảy")  # type: ignore[arg-type]
    cal = WorkingCalendar(overrides=[work], announced_through=2026)
    assert cal.is_working_day(d(2026, 7, 18))
    # Fri 14:00 + 1 day: Fri 3 h, Sat 18/07 07:30–11:30 + 1 h → Sat 14:00.
    assert cal.due_at(D(2026, 7, 17, 14, 0), days(1)) == D(2026, 7, 18, 14, 0)
    assert d(2026, 7, 18) in cal.extra_working_days(2026)


def test_overrides_win_over_the_package() -> None:
    cal = WorkingCalendar(
        overrides=[
            CalendarOverride(d(2026, 8, 22), OverrideKind.OFF),  # make-up Saturday cancelled
            CalendarOverride(d(2026, 11, 24), OverrideKind.WORK),
            CalendarOverride(d(2026, 12, 31), OverrideKind.OFF, "Dự kiến", provisional=True),
            CalendarOverride(d(2027, 2, 4), OverrideKind.OFF, "Tết", "CV 1/2026", False),
        ],
        announced_through=2026,
    )
    assert not cal.is_working_day(d(2026, 8, 22))
    assert cal.is_working_day(d(2026, 11, 24))
    assert d(2026, 11, 24) not in {n.day for n in cal.non_working_days(2026)}
    assert cal.is_provisional(d(2026, 12, 31))
    assert not cal.is_provisional(d(2027, 2, 4))  # confirmed by the centre's own document
    assert cal.extra_working_days(2026) == []


def test_override_errors() -> None:
    with pytest.raises(DomainError, match="không hợp lệ"):
        CalendarOverride(d(2026, 7, 15), "holiday")  # type: ignore[arg-type]
    twice = [CalendarOverride(d(2026, 7, 15), OverrideKind.OFF)] * 2
    with pytest.raises(DomainError, match="hai lần"):
        WorkingCalendar(overrides=twice)


# ---- pauses ----------------------------------------------------------------------------------


def test_due_after_pause(cal: WorkingCalendar) -> None:
    due = D(2026, 7, 16, 14, 0)
    # Paused Tue 10:00 – Wed 10:00: Tue 1.5 + 4 = 5.5 h, Wed 07:30–10:00 2.5 h → 8 h → Fri 14:00.
    assert cal.due_after_pause(due, D(2026, 7, 14, 10), D(2026, 7, 15, 10)) == D(2026, 7, 17, 14)
    # A pause over the weekend holds no working time.
    assert cal.due_after_pause(due, D(2026, 7, 17, 17, 30), D(2026, 7, 20, 7, 0)) == due
    with pytest.raises(DomainError):
        cal.due_after_pause(due, D(2026, 7, 15), D(2026, 7, 14))


def test_working_time_between(cal: WorkingCalendar) -> None:
    assert cal.working_time_between(D(2026, 7, 13, 7, 30), D(2026, 7, 13, 17)) == dt.timedelta(
        hours=8
    )
    assert cal.working_time_between(D(2026, 7, 17, 16), D(2026, 7, 20, 8)) == dt.timedelta(
        hours=1, minutes=30
    )
    assert cal.working_time_between(D(2026, 7, 14), D(2026, 7, 13)) == dt.timedelta()


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=D(2025, 12, 1), max_value=D(2027, 12, 31)),
    minutes=st.integers(min_value=0, max_value=60 * 8 * 30),
)
def test_add_then_measure_round_trips(start: dt.datetime, minutes: int) -> None:
    cal = WorkingCalendar(announced_through=2026)
    end = cal.add_working_time(start, minutes)
    assert end >= start
    assert cal.working_time_between(start, end) == dt.timedelta(minutes=minutes)
