"""The counter's worklists: due today, due on the next working day, overdue, results ready to
return, waiting for the applicant (supplement or payment); counts for the window's header.

"Running" dossiers are those whose clock runs (received, processing, withdrawal requested);
paused ones sit in the waiting list instead and are never overdue. Each row says whether its
deadline is within one working day (``warn``: time to draft the apology, Mẫu 04) and whether the
appointment was already extended. Overdue is derived from the appointment, never stored.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import STATUS_LABELS_VI, DossierStatus
from counter_app.domain.lifecycle import LifecycleState, deadline_warning
from counter_app.domain.settings import Settings
from counter_app.services.calendar import calendar_in
from counter_app.services.ports.lifecycle import TrackedDossier
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

S = DossierStatus
RUNNING = (S.RECEIVED, S.PROCESSING, S.WITHDRAWAL_REQUESTED)
WAITING = (S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION)


class Worklist(enum.StrEnum):
    """The lists of the counter window."""

    DUE_TODAY = "due_today"
    DUE_NEXT_DAY = "due_next_day"
    OVERDUE = "overdue"
    READY_TO_RETURN = "ready_to_return"
    WAITING_APPLICANT = "waiting_applicant"


WORKLIST_LABELS_VI: dict[Worklist, str] = {
    Worklist.DUE_TODAY: "Đến hạn hôm nay",
    Worklist.DUE_NEXT_DAY: "Đến hạn ngày làm việc tới",
    Worklist.OVERDUE: "Quá hạn",
    Worklist.READY_TO_RETURN: "Chờ trả kết quả",
    Worklist.WAITING_APPLICANT: "Chờ bổ sung / nộp phí",
}


@dataclass(frozen=True)
class WorklistRow:
    """One line of a worklist, as the counter window shows it (local times)."""

    id: uuid.UUID
    code: str
    procedure_name: str
    applicant_name: str
    appointment_at: dt.datetime
    status: DossierStatus
    status_label: str
    warn: bool
    overdue: bool
    extended: bool
    supplement_count: int


@dataclass(frozen=True)
class _Bounds:
    now: dt.datetime
    end_today: dt.datetime
    end_next: dt.datetime
    next_day: dt.date


def _bounds(calendar: WorkingCalendar, now: dt.datetime, tz: ZoneInfo) -> _Bounds:
    today = now.astimezone(tz).date()
    next_day = calendar.next_working_day(today)
    midnight = dt.time()
    return _Bounds(now, dt.datetime.combine(today + dt.timedelta(days=1), midnight, tz),
                   dt.datetime.combine(next_day + dt.timedelta(days=1), midnight, tz), next_day)


class Worklists:
    """Worklist queries over a unit-of-work factory (tests inject ``now``)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings | None = None, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings or Settings()
        self.tz = ZoneInfo(self.settings.timezone)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def _context(self, uow: UnitOfWork) -> tuple[WorkingCalendar, _Bounds]:
        calendar, _ = calendar_in(uow, self.settings)
        return calendar, _bounds(calendar, self._now().astimezone(dt.UTC), self.tz)

    def counts(self, field_code: str | tuple[str, ...] | None = None) -> dict[Worklist, int]:
        """How many dossiers each list holds (for the window's header); ``field_code`` limits
        them to a field or to several (a counter's fields)."""
        with self.uow_factory() as uow:
            _cal, b = self._context(uow)
            lc = uow.lifecycle

            def before(moment: dt.datetime) -> int:
                return lc.count(RUNNING, appointment_before=moment, field_code=field_code)

            overdue = before(b.now)
            return {
                Worklist.OVERDUE: overdue,
                Worklist.DUE_TODAY: before(b.end_today) - overdue,
                Worklist.DUE_NEXT_DAY: before(b.end_next) - before(b.end_today),
                Worklist.READY_TO_RETURN: lc.count((S.FINISHED,), field_code=field_code),
                Worklist.WAITING_APPLICANT: lc.count(WAITING, field_code=field_code),
            }

    def rows(self, which: Worklist | str, field_code: str | tuple[str, ...] | None = None,
             limit: int = 300) -> list[WorklistRow]:
        """The dossiers of one list, earliest appointment first."""
        which = Worklist(which)
        with self.uow_factory() as uow:
            calendar, b = self._context(uow)
            lc = uow.lifecycle
            if which is Worklist.OVERDUE:
                found = lc.tracked(RUNNING, appointment_before=b.now, field_code=field_code,
                                   limit=limit)
            elif which is Worklist.DUE_TODAY:
                found = [t for t in lc.tracked(RUNNING, appointment_before=b.end_today,
                                               field_code=field_code, limit=limit * 4)
                         if t.appointment_at >= b.now][:limit]
            elif which is Worklist.DUE_NEXT_DAY:
                found = [t for t in lc.tracked(RUNNING, appointment_before=b.end_next,
                                               field_code=field_code, limit=limit * 4)
                         if t.appointment_at >= b.end_today][:limit]
            elif which is Worklist.READY_TO_RETURN:
                found = lc.tracked((S.FINISHED,), field_code=field_code, limit=limit)
            else:
                found = lc.tracked(WAITING, field_code=field_code, limit=limit)
        return [self._row(t, calendar, b.now) for t in found]

    def counter_fields(self, counter_number: int) -> tuple[str, ...]:
        """The fields (lĩnh vực) of the services a counter serves: its worklists by default."""
        with self.uow_factory() as uow:
            counter = uow.reference.counter_by_number(counter_number)
            if counter is None:
                return ()
            fields = {f.id: f.code for f in uow.reference.list_fields()}
            codes = []
            for service_id in counter.service_ids:
                service = uow.reference.service(service_id)
                if service is not None and service.field_id in fields:
                    codes.append(fields[service.field_id])
        return tuple(dict.fromkeys(codes))

    def _row(self, t: TrackedDossier, calendar: WorkingCalendar, now: dt.datetime) -> WorklistRow:
        state = LifecycleState(t.status, t.received_at, t.appointment_at, t.sub_state,
                               t.original_appointment_at, paused_since=t.paused_since,
                               supplement_count=t.supplement_count, finished_at=t.finished_at)
        running = t.status in RUNNING and t.paused_since is None
        return WorklistRow(
            t.id, t.code, t.procedure_name, t.applicant_name,
            t.appointment_at.astimezone(self.tz).replace(tzinfo=None), t.status,
            STATUS_LABELS_VI[t.status], deadline_warning(state, now, calendar, self.tz),
            running and now > t.appointment_at, t.original_appointment_at is not None,
            t.supplement_count)
