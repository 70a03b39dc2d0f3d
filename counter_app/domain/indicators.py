"""The QĐ 766/QĐ-TTg indicators of dossier processing (vn-one-stop-rules §4.3), as pure rules.

One dossier's facts (:class:`ProcessingRecord`) give its **end of processing** (the first of done
9, returned 10, stopped / refused / withdrawn; a single pending supplement request counts as the end),
its **verdict** (on time when the end, with the clock pauses for the applicant's supplement and for a
financial obligation subtracted, is not after the appointment; a supplement requested more than once
makes it late; with no appointment, end − start − paused ≤ the legal time) and its **processing
time**. :func:`tally` is the reference definition of every counted figure of the dossier report over
a period; the SQL report computes the same figures with GROUP BY and the tests check they agree.

Pauses: the lifecycle moves the appointment by the working time of each finished pause
(:meth:`WorkingCalendar.due_after_pause`), so ``due`` already has those pauses subtracted; a pause
still open when processing ended (a dossier stopped or withdrawn while waiting for the applicant)
stops the clock at its start (:func:`clock_end`). ``paused`` is the working time of the finished
pauses, used by the no-appointment rule and the processing time.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Elapsed = Callable[[dt.datetime, dt.datetime], dt.timedelta]


def wall_clock(first: dt.datetime, second: dt.datetime) -> dt.timedelta:
    """Elapsed wall-clock time (never negative); services pass the working-time clock instead."""
    return max(second - first, dt.timedelta())


class Closure(enum.StrEnum):
    """How a dossier ended without a result."""

    NONE = ""
    REFUSED = "refused"  # 3: không được tiếp nhận / từ chối
    STOPPED = "stopped"  # 8: dừng xử lý by the processing body
    WITHDRAWN = "withdrawn"  # 7 → 8: the applicant withdrew


class Verdict(enum.StrEnum):
    """On-time verdict of a dossier whose processing has ended."""

    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class ProcessingRecord:
    """What the indicators need of one dossier (moments aware; durations are working time)."""

    received_at: dt.datetime
    due: dt.datetime | None  # legal due: first appointment moved only by clock pauses; None = none
    finished_at: dt.datetime | None = None  # 9 Đã xử lý xong
    returned_at: dt.datetime | None = None  # 10 Đã trả kết quả
    closed_at: dt.datetime | None = None  # refused / stopped / withdrawn
    closure: Closure = Closure.NONE
    supplement_count: int = 0
    paused_since: dt.datetime | None = None  # clock stopped and not resumed (at the end, or now)
    paused_for_supplement: bool = False  # the open pause waits for the applicant's supplement
    paused: dt.timedelta = dt.timedelta()  # working time of the pauses already resumed
    legal_time: dt.timedelta | None = None  # the procedure's legal time (no-appointment rule)
    digitised: bool = False  # at least one component scanned at reception
    e_result: bool = False  # the electronic copy of the result is stored
    complained: bool = False  # a complaint or a negative rating about this dossier


def end_of_processing(r: ProcessingRecord) -> dt.datetime | None:
    """Return the end of processing: done (9), else returned (10), else stopped/refused/withdrawn;
    with none of them, a single supplement request still awaited counts as the end."""
    for moment in (r.finished_at, r.returned_at, r.closed_at):
        if moment is not None:
            return moment
    if r.paused_for_supplement and r.supplement_count == 1 and r.paused_since is not None:
        return r.paused_since
    return None


def clock_end(r: ProcessingRecord) -> dt.datetime | None:
    """Return the end with a still-open pause subtracted (the clock stopped when the pause began)."""
    end = end_of_processing(r)
    if end is None:
        return None
    if r.paused_since is not None and r.paused_since < end:
        return r.paused_since
    return end


def net_time(r: ProcessingRecord, elapsed: Elapsed = wall_clock) -> dt.timedelta | None:
    """Return end − start − paused (``elapsed`` measures end − start), or None while not ended."""
    end = clock_end(r)
    if end is None:
        return None
    return max(elapsed(r.received_at, end) - r.paused, dt.timedelta())


def verdict(r: ProcessingRecord, elapsed: Elapsed = wall_clock) -> Verdict | None:
    """Return on time or late once processing has ended (None before): a supplement requested
    more than once is late; else the end (pauses subtracted) against the appointment; with no
    appointment, end − start − paused against the legal time (no legal time: never late)."""
    end = clock_end(r)
    if end is None:
        return None
    if r.supplement_count > 1:
        return Verdict.LATE
    if r.due is not None:
        return Verdict.ON_TIME if end <= r.due else Verdict.LATE
    spent = net_time(r, elapsed)
    if r.legal_time is None or spent is None or spent <= r.legal_time:
        return Verdict.ON_TIME
    return Verdict.LATE


def has_result(r: ProcessingRecord) -> bool:
    """True when processing produced a result (done 9 or returned 10)."""
    return r.finished_at is not None or r.returned_at is not None


def processing_time(r: ProcessingRecord, elapsed: Elapsed = wall_clock) -> dt.timedelta | None:
    """Return the processing time of a dossier with a result (indicator 2.2), else None."""
    return net_time(r, elapsed) if has_result(r) else None


def overdue_by(r: ProcessingRecord, now: dt.datetime) -> dt.timedelta | None:
    """Return how late an open, running dossier is now against its legal due (None if not late)."""
    if (end_of_processing(r) is not None or r.paused_since is not None or r.due is None
            or now <= r.due):
        return None
    return now - r.due


def rate(part: int, whole: int) -> float | None:
    """Return ``part / whole`` in [0, 1], or None when ``whole`` is zero."""
    if whole <= 0:
        return None
    return min(max(part / whole, 0.0), 1.0)


def satisfaction_index(finished: int, late: int, complained: int) -> float | None:
    """Return 100 % − (overdue rate + complaint/dislike rate) as a fraction, both over the
    finished dossiers; floored at 0 (a dossier both late and complained about counts twice)."""
    if finished <= 0:
        return None
    return max(0.0, 1.0 - (late + complained) / finished)


@dataclass
class DossierTally:
    """Counted figures of one group of dossiers over a period (see :func:`tally`)."""

    received: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    overdue_now: int = 0
    supplement_requested: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    with_result: int = 0
    e_results: int = 0
    digitised: int = 0
    complained: int = 0
    processing: list[dt.timedelta] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """On time over finished."""
        return rate(self.on_time, self.finished)

    @property
    def satisfaction(self) -> float | None:
        """The satisfaction index (QĐ 766 5.4)."""
        return satisfaction_index(self.finished, self.late, self.complained)

    @property
    def digitised_rate(self) -> float | None:
        """Dossiers received with digitised components over dossiers received (4.2)."""
        return rate(self.digitised, self.received)

    @property
    def e_result_rate(self) -> float | None:
        """Dossiers with an electronic result over dossiers with a result (4.1)."""
        return rate(self.e_results, self.with_result)


def _within(moment: dt.datetime | None, start: dt.datetime, end: dt.datetime) -> bool:
    return moment is not None and start <= moment < end


def add_to_tally(t: DossierTally, r: ProcessingRecord, start: dt.datetime, end: dt.datetime,
                 now: dt.datetime, elapsed: Elapsed = wall_clock) -> None:
    """Count one dossier into ``t`` for the period [start, end) (see :func:`tally`)."""
    stop = end_of_processing(r)
    if _within(r.received_at, start, end):
        t.received += 1
        t.supplement_requested += r.supplement_count > 0
        t.digitised += r.digitised
        t.in_progress += stop is None or stop >= end
        t.overdue_now += overdue_by(r, now) is not None
    if not _within(stop, start, end):
        return
    t.finished += 1
    t.complained += r.complained
    t.refused += r.closure is Closure.REFUSED
    t.stopped += r.closure is Closure.STOPPED
    t.withdrawn += r.closure is Closure.WITHDRAWN
    v = verdict(r, elapsed)
    t.on_time += v is Verdict.ON_TIME
    t.late += v is Verdict.LATE
    if has_result(r):
        t.with_result += 1
        t.e_results += r.e_result
        spent = processing_time(r, elapsed)
        if spent is not None:
            t.processing.append(spent)


def tally(records: Iterable[ProcessingRecord], start: dt.datetime, end: dt.datetime,
          now: dt.datetime, elapsed: Elapsed = wall_clock) -> DossierTally:
    """Count dossiers over [start, end), the reference definition of the dossier report.

    Of the dossiers **received** in the period: received, supplement requested, digitised, in
    progress (not ended by the period's end) and overdue now (at ``now``). Of the dossiers whose
    **end of processing** falls in the period, whenever received: finished, on time, late,
    refused / stopped / withdrawn, with a complaint or negative rating, with a result (9/10), with
    an electronic result, and their processing times.
    """
    t = DossierTally()
    for r in records:
        add_to_tally(t, r, start, end, now, elapsed)
    return t


UNIT_HOURS = "hours"
UNIT_HALF_DAYS = "half_days"
UNIT_WORKING_DAYS = "working_days"


def report_unit(time_unit: str | None) -> str:
    """Return the unit a procedure's average is shown in: its own unit (immediate and same-day
    procedures in working hours); a group mixing procedures uses working days (None given)."""
    if time_unit in (UNIT_HALF_DAYS, UNIT_WORKING_DAYS):
        return time_unit
    if time_unit is None:
        return UNIT_WORKING_DAYS
    return UNIT_HOURS


def in_unit(minutes: float, unit: str, day_minutes: int) -> float:
    """Convert working minutes to ``unit`` (hours, half days, working days of ``day_minutes``)."""
    if unit == UNIT_WORKING_DAYS:
        return minutes / day_minutes
    if unit == UNIT_HALF_DAYS:
        return minutes / (day_minutes / 2)
    return minutes / 60
