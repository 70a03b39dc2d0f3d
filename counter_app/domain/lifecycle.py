"""The dossier's life after reception: a pure transition machine and the on-time rules.

Statuses are the national portal's codes (vn-one-stop-rules §4.1): received 2 → processing 4 ⇄
supplement requested 5 / financial obligation 6 → finished 9 → returned 10; refused 3 at intake;
any open status → withdrawal requested 7 → stopped 8; processing → stopped 8 by the body. The
table :data:`ALLOWED_FROM` is the whole machine; :func:`apply` checks it and raises
:class:`~counter_app.domain.errors.IllegalTransition` with a Vietnamese message otherwise.

The clock stops while the applicant supplements or pays (``paused_since``); on resume the
appointment moves by the working time paused (:meth:`WorkingCalendar.due_after_pause`). An
extension (Mẫu 04) keeps the first appointment in ``original_appointment_at`` so lateness is
never hidden. :func:`timeliness` applies the QĐ 766/QĐ-TTg rule (§4.3).

Moments here are timezone-aware; the calendar works on the centre's local wall-clock time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import STATUS_LABELS_VI, DossierStatus, ReturnPlace, SubState
from counter_app.domain.errors import DomainError, IllegalTransition
from counter_app.domain.indicators import (
    Closure,
    Elapsed,
    ProcessingRecord,
    Verdict,
    clock_end,
    end_of_processing,
    processing_time,
    verdict,
)
from counter_app.domain.lifecycle_commands import (
    ACTION_LABELS_VI,
    Delay,
    LifecycleAction,
    LifecycleCommand,
    Ready,
    Return,
    Transfer,
)

S = DossierStatus
A = LifecycleAction
OPEN_STATUSES = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED,
                           S.FINANCIAL_OBLIGATION, S.WITHDRAWAL_REQUESTED})
PAUSING_STATUSES = frozenset({S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION})
FINAL_STATUSES = frozenset({S.REFUSED, S.STOPPED, S.RETURNED})

ALLOWED_FROM: dict[LifecycleAction, frozenset[DossierStatus]] = {
    A.TRANSFER: frozenset({S.RECEIVED}),
    A.REQUEST_SUPPLEMENT: frozenset({S.RECEIVED, S.PROCESSING}),
    A.RESUME: frozenset({S.SUPPLEMENT_REQUESTED}),
    A.REQUEST_FINANCIAL: frozenset({S.PROCESSING}),
    A.FINANCIAL_DONE: frozenset({S.FINANCIAL_OBLIGATION}),
    A.REFUSE: frozenset({S.RECEIVED}),
    A.READY: frozenset({S.RECEIVED, S.PROCESSING}),
    A.DELAY: frozenset({S.RECEIVED, S.PROCESSING}),
    A.REQUEST_WITHDRAWAL: frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED,
                                     S.FINANCIAL_OBLIGATION}),
    A.CANCEL_WITHDRAWAL: frozenset({S.WITHDRAWAL_REQUESTED}),
    A.STOP: frozenset({S.PROCESSING, S.WITHDRAWAL_REQUESTED}),
    A.WITHDRAW: frozenset({S.WITHDRAWAL_REQUESTED}),
    A.RETURN: frozenset({S.FINISHED}),
}

FLAG_SECOND_SUPPLEMENT = "second_supplement"  # counts the dossier late (QĐ 766)
FLAG_SHORT_NOTICE = "short_notice"  # apology less than one working day before the appointment
FLAG_AFTER_DEADLINE = "after_deadline"  # apology after the appointment had passed
FLAG_LATE = "late"  # finished or returned after the appointment


@dataclass(frozen=True)
class LifecycleState:
    """What the machine needs of a dossier; moments are aware (stored as UTC)."""

    status: DossierStatus
    received_at: dt.datetime
    appointment_at: dt.datetime
    sub_state: SubState = SubState.NONE
    original_appointment_at: dt.datetime | None = None
    appointment_reason: str = ""
    paused_since: dt.datetime | None = None
    supplement_count: int = 0
    finished_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None  # refused, stopped or withdrawn
    before_withdrawal: DossierStatus | None = None
    return_place: ReturnPlace = ReturnPlace.COUNTER
    closure: Closure = Closure.NONE  # how a refused or stopped dossier was closed
    paused_minutes: int = 0  # working minutes of the clock pauses already resumed

    @property
    def national_code(self) -> int:
        """The portal's status code."""
        return self.status.national_code

    @property
    def legal_due(self) -> dt.datetime:
        """The appointment lateness is judged by: the first one, moved only by clock pauses."""
        return self.original_appointment_at or self.appointment_at

    @property
    def paused(self) -> bool:
        """True while the clock is stopped (supplement or payment awaited)."""
        return self.paused_since is not None


@dataclass(frozen=True)
class Transition:
    """One applied step: states before and after, and what the history row records."""

    action: LifecycleAction
    at: dt.datetime
    before: LifecycleState
    after: LifecycleState
    reason: str
    detail: dict[str, Any]
    flags: tuple[str, ...] = ()


def allowed_actions(state: LifecycleState) -> list[LifecycleAction]:
    """Return the actions the machine accepts from ``state`` (for buttons and CLI help)."""
    return [a for a, sources in ALLOWED_FROM.items() if state.status in sources]


def _local(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _aware(local: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return local.replace(tzinfo=tz).astimezone(dt.UTC)


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment is not None else None


def _check(state: LifecycleState, action: LifecycleAction) -> None:
    if state.status not in ALLOWED_FROM[action]:
        raise IllegalTransition(
            f"Không thể thực hiện '{ACTION_LABELS_VI[action]}' với hồ sơ đang ở trạng thái "
            f"'{STATUS_LABELS_VI[state.status]}' (mã {state.national_code})."
        )


def _resumed(state: LifecycleState, at: dt.datetime, calendar: WorkingCalendar,
             tz: dt.tzinfo) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the state changes and the history detail of ending a clock pause at ``at``."""
    since = state.paused_since
    if since is None:
        return {}, {}
    if at < since:
        raise DomainError("Thời điểm tiếp tục giải quyết không được trước thời điểm tạm dừng.")
    start, end = _local(since, tz), _local(at, tz)
    paused = calendar.working_time_between(start, end)

    def moved(due: dt.datetime) -> dt.datetime:
        return _aware(calendar.due_after_pause(_local(due, tz), start, end), tz)

    changes: dict[str, Any] = {"paused_since": None, "appointment_at": moved(state.appointment_at),
                               "paused_minutes": state.paused_minutes
                               + int(paused.total_seconds() // 60)}
    if state.original_appointment_at is not None:
        changes["original_appointment_at"] = moved(state.original_appointment_at)
    detail = {"paused_from": _iso(since), "paused_working_minutes": int(paused.total_seconds() // 60),
              "appointment_before": _iso(state.appointment_at),
              "appointment_after": _iso(changes["appointment_at"])}
    return changes, detail


def apply(state: LifecycleState, command: LifecycleCommand, at: dt.datetime, *,
          calendar: WorkingCalendar, tz: dt.tzinfo) -> Transition:
    """Apply ``command`` at ``at`` (aware) to ``state``; raise IllegalTransition when not allowed."""
    if at.tzinfo is None:
        raise ValueError("lifecycle moments must be timezone-aware")
    action = command.action
    _check(state, action)
    if at < state.received_at:
        raise DomainError("Thời điểm thực hiện không được trước thời điểm tiếp nhận hồ sơ.")
    changes: dict[str, Any] = {}
    detail: dict[str, Any] = dict(command.detail())
    flags: list[str] = []
    if action is A.TRANSFER:
        assert isinstance(command, Transfer)
        changes = {"status": S.PROCESSING, "sub_state": SubState.SENT_TO_BODY}
    elif action is A.REQUEST_SUPPLEMENT:
        count = state.supplement_count + 1
        changes = {"status": S.SUPPLEMENT_REQUESTED, "paused_since": at,
                   "supplement_count": count}
        detail["supplement_number"] = count
        if count > 1:
            flags.append(FLAG_SECOND_SUPPLEMENT)
    elif action in (A.RESUME, A.FINANCIAL_DONE):
        changes, pause = _resumed(state, at, calendar, tz)
        changes["status"] = S.PROCESSING
        detail.update(pause)
    elif action is A.REQUEST_FINANCIAL:
        changes = {"status": S.FINANCIAL_OBLIGATION, "paused_since": at}
    elif action is A.REFUSE:
        changes = {"status": S.REFUSED, "closed_at": at, "sub_state": SubState.NONE,
                   "closure": Closure.REFUSED}
    elif action is A.READY:
        assert isinstance(command, Ready)
        changes = {"status": S.FINISHED, "finished_at": at, "sub_state": SubState.AWAITING_RETURN}
        if at > state.legal_due:
            flags.append(FLAG_LATE)
    elif action is A.DELAY:
        assert isinstance(command, Delay)
        changes, flags = _delay(state, command, at, calendar, tz)
        detail.update({"appointment_before": _iso(state.appointment_at),
                       "appointment_after": _iso(command.new_appointment_at),
                       "original_appointment": _iso(state.legal_due)})
    elif action is A.REQUEST_WITHDRAWAL:
        changes = {"status": S.WITHDRAWAL_REQUESTED, "before_withdrawal": state.status}
        detail["status_before"] = str(state.status)
    elif action is A.CANCEL_WITHDRAWAL:
        back = state.before_withdrawal or (S.SUPPLEMENT_REQUESTED if state.paused and
                                           state.supplement_count else S.PROCESSING)
        changes = {"status": back, "before_withdrawal": None}
    elif action in (A.STOP, A.WITHDRAW):
        changes = {"status": S.STOPPED, "closed_at": at, "paused_since": None,
                   "sub_state": SubState.NONE,
                   "closure": Closure.WITHDRAWN if action is A.WITHDRAW else Closure.STOPPED}
        detail["on_request"] = state.status is S.WITHDRAWAL_REQUESTED
    elif action is A.RETURN:
        assert isinstance(command, Return)
        changes = {"status": S.RETURNED, "returned_at": at,
                   "sub_state": SubState.SENT_BY_POST if command.by_post else SubState.NONE}
    after = dataclasses.replace(state, **changes)
    detail["flags"] = list(flags)
    return Transition(action, at, state, after, command.reason, detail, tuple(flags))


def _delay(state: LifecycleState, command: Delay, at: dt.datetime, calendar: WorkingCalendar,
           tz: dt.tzinfo) -> tuple[dict[str, Any], list[str]]:
    """Check an extension and return its changes and flags (short notice, after the deadline)."""
    new = command.new_appointment_at
    if new <= state.appointment_at:
        raise DomainError(
            "Ngày hẹn trả kết quả mới phải sau ngày hẹn hiện tại "
            f"({_local(state.appointment_at, tz):%H:%M ngày %d/%m/%Y})."
        )
    if new <= at:
        raise DomainError("Ngày hẹn trả kết quả mới phải sau thời điểm hiện tại.")
    flags: list[str] = []
    if at > state.appointment_at:
        flags.append(FLAG_AFTER_DEADLINE)
    elif calendar.working_time_between(_local(at, tz), _local(state.appointment_at, tz)) < (
            calendar.day_length):
        flags.append(FLAG_SHORT_NOTICE)
    changes = {"appointment_at": new, "original_appointment_at": state.legal_due,
               "appointment_reason": command.why}
    return changes, flags


class Timeliness(enum.StrEnum):
    """On-time state of a dossier or of one hand-over (Mẫu 06 column, QĐ 766 indicator 2.1)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"


TIMELINESS_LABELS_VI: dict[Timeliness, str] = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.PENDING: "Trong hạn, đang giải quyết",
}


def classify(moment: dt.datetime, due: dt.datetime, tz: dt.tzinfo) -> Timeliness:
    """Return early (a day or more before the due date), on time (by the due time) or late."""
    if moment > due:
        return Timeliness.LATE
    if moment.astimezone(tz).date() < due.astimezone(tz).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def processing_record(state: LifecycleState, *, open_pause: dt.datetime | None = None,
                      elapsed_legal: dt.timedelta | None = None) -> ProcessingRecord:
    """Return the indicator facts of ``state``; ``open_pause`` is the start of a clock pause that
    was still open when the dossier was stopped or withdrawn (the step clears ``paused_since``)."""
    return ProcessingRecord(
        received_at=state.received_at, due=state.legal_due, finished_at=state.finished_at,
        returned_at=state.returned_at, closed_at=state.closed_at, closure=state.closure,
        supplement_count=state.supplement_count,
        paused_since=state.paused_since or (open_pause if state.closed_at else None),
        paused_for_supplement=state.status is S.SUPPLEMENT_REQUESTED,
        paused=dt.timedelta(minutes=state.paused_minutes), legal_time=elapsed_legal)


@dataclass(frozen=True)
class IndicatorSnapshot:
    """What a step stores for the reports: end of processing, verdict, net working minutes."""

    ended_at: dt.datetime | None
    on_time: bool | None
    processing_minutes: int | None


def indicator_snapshot(t: Transition, elapsed: Elapsed) -> IndicatorSnapshot:
    """Return the report columns of the dossier after ``t`` (``elapsed`` = working time)."""
    record = processing_record(t.after, open_pause=t.before.paused_since)
    v = verdict(record, elapsed)
    spent = processing_time(record, elapsed)
    return IndicatorSnapshot(end_of_processing(record), None if v is None else v is Verdict.ON_TIME,
                             None if spent is None else int(spent.total_seconds() // 60))


def processing_end(state: LifecycleState) -> dt.datetime | None:
    """Return the end of processing per QĐ 766: finished (9), else returned (10), else
    stopped/refused/withdrawn; a single pending supplement request also counts as the end."""
    return end_of_processing(processing_record(state))


def timeliness(state: LifecycleState, now: dt.datetime, tz: dt.tzinfo) -> Timeliness:
    """Return the dossier's on-time state: a second supplement request makes it late;
    otherwise its end of processing is compared with the legal due (pauses subtracted)."""
    if state.supplement_count > 1:
        return Timeliness.LATE
    end = clock_end(processing_record(state))
    if end is not None:
        return classify(end, state.legal_due, tz)
    probe = state.paused_since or now
    return Timeliness.LATE if probe > state.legal_due else Timeliness.PENDING


def is_overdue(state: LifecycleState, now: dt.datetime) -> bool:
    """True when an open, running dossier is past its current appointment (derived, never set)."""
    return (state.status in OPEN_STATUSES and not state.paused
            and now > state.appointment_at)


def deadline_warning(state: LifecycleState, now: dt.datetime, calendar: WorkingCalendar,
                     tz: dt.tzinfo) -> bool:
    """True when an open, running dossier is due within one working day (draft Mẫu 04 now)."""
    if state.status not in OPEN_STATUSES or state.paused or now > state.appointment_at:
        return False
    left = calendar.working_time_between(_local(now, tz), _local(state.appointment_at, tz))
    return left <= calendar.day_length
