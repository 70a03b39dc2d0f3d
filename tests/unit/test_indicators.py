"""QĐ 766/QĐ-TTg indicators against hand-computed cases: supplement once and twice, the financial
obligation pause, refusal, withdrawal (also while paused), done vs returned, no appointment, a
dossier crossing the period boundary, the satisfaction index and the digitisation rates.

Calendar: July 2026, office hours 07:30–11:30 and 13:00–17:00 (Mon 13 … Fri 17, Mon 20)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import DossierStatus
from counter_app.domain.indicators import (
    Closure,
    ProcessingRecord,
    Verdict,
    clock_end,
    end_of_processing,
    in_unit,
    overdue_by,
    processing_time,
    rate,
    report_unit,
    satisfaction_index,
    tally,
    verdict,
)
from counter_app.domain.lifecycle import (
    LifecycleState,
    Transition,
    apply,
    indicator_snapshot,
    processing_record,
)
from counter_app.domain.lifecycle_commands import (
    Collector,
    CollectorKind,
    FinancialDone,
    LifecycleCommand,
    Ready,
    Refuse,
    RequestFinancial,
    RequestSupplement,
    RequestWithdrawal,
    Resume,
    Return,
    Transfer,
    Withdraw,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar(announced_through=2026)
H = dt.timedelta(hours=1)
SUPPLEMENT = RequestSupplement(("Bản sao giấy chứng sinh",), "Thiếu giấy chứng sinh", "Lê Thị Hà",
                               "0243 123 456")


def at(day: int, hour: int, minute: int = 0, month: int = 7) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def working(first: dt.datetime, second: dt.datetime) -> dt.timedelta:
    return CAL.working_time_between(first.astimezone(TZ).replace(tzinfo=None),
                                    second.astimezone(TZ).replace(tzinfo=None))


def life(*steps: tuple[LifecycleCommand, dt.datetime]) -> Transition:
    """Receive Mon 13 08:00 with the appointment Wed 15 08:00 (2 working days), then ``steps``."""
    state = LifecycleState(status=DossierStatus.RECEIVED, received_at=at(13, 8),
                           appointment_at=at(15, 8))
    t = None
    for command, moment in steps:
        t = apply(state, command, moment, calendar=CAL, tz=TZ)
        state = t.after
    assert t is not None
    return t


def record(t: Transition) -> ProcessingRecord:
    return processing_record(t.after, open_pause=t.before.paused_since)


SENT = (Transfer("Phòng Tư pháp"), at(13, 8, 30))


def test_supplement_once_the_pause_is_subtracted() -> None:
    # paused Mon 10:00 → Tue 10:00 = 1 h 30 + 4 h + 2 h 30 = 8 working hours: due Wed → Thu 08:00
    t = life(SENT, (SUPPLEMENT, at(13, 10)), (Resume(), at(14, 10)), (Ready(), at(16, 7, 45)))
    r = record(t)
    assert r.due == at(16, 8) and r.paused == 8 * H
    assert verdict(r) is Verdict.ON_TIME  # late by the first appointment, on time once subtracted
    late = life(SENT, (SUPPLEMENT, at(13, 10)), (Resume(), at(14, 10)), (Ready(), at(16, 8, 30)))
    assert verdict(record(late)) is Verdict.LATE
    # net processing: Mon 08:00 → Thu 07:45 = 7.5 + 8 + 8 + 0.25 working hours, minus 8 paused
    assert processing_time(r, working) == dt.timedelta(hours=15, minutes=45)
    snap = indicator_snapshot(t, working)
    assert (snap.ended_at, snap.on_time, snap.processing_minutes) == (at(16, 7, 45), True, 945)


def test_supplement_twice_is_late_even_when_early() -> None:
    t = life(SENT, (SUPPLEMENT, at(13, 9)), (Resume(), at(13, 10)), (SUPPLEMENT, at(13, 11)),
             (Resume(), at(13, 11, 15)), (Ready(), at(14, 9)))
    assert t.after.supplement_count == 2
    assert verdict(record(t)) is Verdict.LATE
    assert indicator_snapshot(t, working).on_time is False


def test_a_single_pending_supplement_request_is_the_end() -> None:
    t = life(SENT, (SUPPLEMENT, at(14, 9)))
    r = record(t)
    assert end_of_processing(r) == at(14, 9)
    assert verdict(r) is Verdict.ON_TIME
    assert processing_time(r) is None  # no result: not in the average processing time
    resumed = life(SENT, (SUPPLEMENT, at(14, 9)), (Resume(), at(14, 10)))
    assert end_of_processing(record(resumed)) is None  # running again: no end yet


def test_financial_obligation_pause_is_subtracted() -> None:
    # paused Tue 08:00 → 12:00 = 3 h 30 of working time: due Wed 08:00 → Wed 11:30
    t = life(SENT, (RequestFinancial("Chi cục Thuế", 1_500_000), at(14, 8)),
             (FinancialDone("Biên lai 0012"), at(14, 12)), (Ready(), at(15, 11)))
    r = record(t)
    assert (r.due, r.paused) == (at(15, 11, 30), dt.timedelta(hours=3, minutes=30))
    assert verdict(r) is Verdict.ON_TIME
    assert end_of_processing(r) == at(15, 11)


def test_refusal_ends_processing_and_counts_as_refused() -> None:
    t = life((Refuse(("Không thuộc thẩm quyền",)), at(13, 9)))
    r = record(t)
    assert (r.closure, end_of_processing(r), verdict(r)) == (Closure.REFUSED, at(13, 9),
                                                             Verdict.ON_TIME)
    assert processing_time(r) is None
    counts = tally([r], at(1, 0), at(1, 0, month=8), at(20, 9))
    assert (counts.finished, counts.refused, counts.on_time, counts.with_result) == (1, 1, 1, 0)


def test_withdrawal_while_waiting_for_payment_stops_the_clock_at_the_pause() -> None:
    t = life(SENT, (RequestFinancial("Chi cục Thuế", 900_000), at(14, 8)),
             (RequestWithdrawal("Công dân xin rút"), at(20, 9)), (Withdraw(), at(20, 10)))
    r = record(t)
    assert (r.closure, r.closed_at) == (Closure.WITHDRAWN, at(20, 10))
    assert clock_end(r) == at(14, 8)  # the clock stood still from the payment request
    assert verdict(r) is Verdict.ON_TIME  # Mon 20 is past the due (Wed 15) but the clock was stopped
    counts = tally([r], at(1, 0), at(1, 0, month=8), at(21, 9))
    assert (counts.withdrawn, counts.stopped, counts.finished) == (1, 0, 1)


def test_done_before_the_due_is_on_time_even_when_returned_after_it() -> None:
    t = life(SENT, (Ready(), at(15, 7, 50)),
             (Return(Collector(CollectorKind.APPLICANT)), at(16, 9)))
    r = record(t)
    assert end_of_processing(r) == at(15, 7, 50)  # 9 wins over 10
    assert verdict(r) is Verdict.ON_TIME
    only_returned = ProcessingRecord(received_at=at(13, 8), due=at(15, 8), returned_at=at(16, 9))
    assert verdict(only_returned) is Verdict.LATE  # no 9 recorded: 10 is the end


def test_no_appointment_compares_net_time_with_the_legal_time() -> None:
    base = dict(received_at=at(13, 8), due=None, legal_time=16 * H)
    # Mon 08:00 → Wed 08:30 = 16 h 30 of working time; 1 h paused: 15 h 30 ≤ 16 h
    ok = ProcessingRecord(finished_at=at(15, 8, 30), paused=H, **base)  # type: ignore[arg-type]
    assert verdict(ok, working) is Verdict.ON_TIME
    late = ProcessingRecord(finished_at=at(15, 9, 30), paused=H, **base)  # type: ignore[arg-type]
    assert verdict(late, working) is Verdict.LATE  # 17 h 30 − 1 h = 16 h 30 > 16 h
    assert verdict(late) is Verdict.LATE  # wall clock: even later
    unlimited = ProcessingRecord(received_at=at(13, 8), due=None, finished_at=at(31, 8))
    assert verdict(unlimited) is Verdict.ON_TIME


def test_a_dossier_crossing_the_period_boundary_counts_in_each_period_once() -> None:
    r = ProcessingRecord(received_at=at(30, 15, month=6), due=at(3, 15), finished_at=at(2, 10),
                         returned_at=at(3, 9))
    june = tally([r], at(1, 0, month=6), at(1, 0), now=at(10, 9))
    july = tally([r], at(1, 0), at(1, 0, month=8), now=at(10, 9))
    assert (june.received, june.finished, june.in_progress, june.on_time) == (1, 0, 1, 0)
    assert (july.received, july.finished, july.in_progress, july.on_time) == (0, 1, 0, 1)
    assert july.on_time_rate == 1.0 and june.on_time_rate is None


def test_overdue_now_uses_the_legal_due_and_ignores_paused_dossiers() -> None:
    running = ProcessingRecord(received_at=at(13, 8), due=at(15, 8))
    assert overdue_by(running, at(15, 10)) == 2 * H
    assert overdue_by(running, at(15, 8)) is None
    paused = ProcessingRecord(received_at=at(13, 8), due=at(15, 8), paused_since=at(14, 8))
    assert overdue_by(paused, at(20, 8)) is None
    done = ProcessingRecord(received_at=at(13, 8), due=at(15, 8), finished_at=at(16, 8))
    assert overdue_by(done, at(20, 8)) is None


def test_rates_satisfaction_and_digitisation() -> None:
    assert rate(0, 0) is None and rate(3, 4) == 0.75
    assert satisfaction_index(0, 0, 0) is None
    assert satisfaction_index(20, 2, 1) == 0.85  # 100 % − (10 % + 5 %)
    assert satisfaction_index(2, 2, 2) == 0.0  # floored
    month = (at(1, 0), at(1, 0, month=8))
    records = [
        ProcessingRecord(received_at=at(13, 8), due=at(15, 8), finished_at=at(14, 8),
                         digitised=True, e_result=True),
        ProcessingRecord(received_at=at(13, 9), due=at(15, 9), finished_at=at(16, 8),
                         digitised=True, complained=True),
        ProcessingRecord(received_at=at(13, 10), due=at(15, 10), returned_at=at(14, 10)),
        ProcessingRecord(received_at=at(13, 11), due=at(15, 11)),
    ]
    t = tally(records, *month, now=at(20, 9))
    assert (t.received, t.finished, t.on_time, t.late, t.in_progress, t.overdue_now) == (
        4, 3, 2, 1, 1, 1)
    assert [p // dt.timedelta(minutes=1) for p in t.processing] == [1440, 4260, 1440]
    assert in_unit(960, report_unit("working_days"), 480) == 2.0
    assert in_unit(90, report_unit("immediate"), 480) == 1.5
    assert report_unit(None) == "working_days" and in_unit(240, "half_days", 480) == 1.0
    assert t.digitised_rate == 0.5 and t.e_result_rate == 1 / 3
    assert t.satisfaction == 1 - (1 + 1) / 3
    assert t.on_time_rate == 2 / 3
