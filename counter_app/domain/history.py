"""A realistic synthetic history of the hall and of dossiers, for demos, screenshots, benchmarks
and the report tests (``counter-app demo history --days 30``).

Every dossier lives through the real lifecycle machine (:func:`counter_app.domain.lifecycle.apply`)
with the centre's working calendar, so its stored report columns come from the same rules as a
dossier handled at the counter. Nothing happens after ``now``: a life simply stops there, leaving
the dossier open. Deterministic for a given ``random.Random`` seed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field, replace

from counter_app.domain.catalogue import ProcessingTime, TimeUnit
from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.indicators import Elapsed
from counter_app.domain.lifecycle import (
    IndicatorSnapshot,
    LifecycleState,
    Transition,
    apply,
    indicator_snapshot,
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
    Stop,
    Transfer,
    Withdraw,
)
from counter_app.domain.queue import TicketStatus

BODIES = ("Phòng Tư pháp", "Phòng Kinh tế", "Văn phòng đăng ký đất đai", "Phòng Văn hóa - Xã hội")
SUPPLEMENT = RequestSupplement(("Bản sao giấy tờ tùy thân có chứng thực",),
                               "Hồ sơ thiếu giấy tờ theo quy định", "Cán bộ tiếp nhận", "0243 000 000")


@dataclass(frozen=True)
class HistoryProcedure:
    """A catalogue procedure the generator receives dossiers for."""

    id: uuid.UUID
    code: str
    name: str
    field_code: str
    time: ProcessingTime


@dataclass(frozen=True)
class HistoryDossier:
    """One generated dossier with its steps, final state and report columns."""

    id: uuid.UUID
    procedure: HistoryProcedure
    received_at: dt.datetime
    appointment_at: dt.datetime
    channel: int
    officer: str
    counter: int | None
    steps: tuple[Transition, ...]
    state: LifecycleState
    report: IndicatorSnapshot
    digitised: bool
    e_result: bool
    rating: int | None  # index of the rating level given at the return (0 = best), or None


@dataclass(frozen=True)
class HistoryTicket:
    """One generated ticket stint."""

    id: uuid.UUID
    service_code: str
    day: dt.date
    number: int
    issued_at: dt.datetime
    status: TicketStatus
    priority_rank: int = 0
    counter: int | None = None
    officer: str | None = None
    called_at: dt.datetime | None = None
    serving_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    transferred_from: uuid.UUID | None = None
    rating: int | None = None


@dataclass
class HistoryDay:
    """Tickets and counter sessions of one working day."""

    tickets: list[HistoryTicket] = field(default_factory=list)
    sessions: list[tuple[int, str, dt.datetime, dt.datetime | None]] = field(
        default_factory=list)


class _Future(Exception):
    """A step would happen after ``now``: the life stops there."""


@dataclass
class _Life:
    state: LifecycleState
    calendar: WorkingCalendar
    tz: dt.tzinfo
    now: dt.datetime
    steps: list[Transition] = field(default_factory=list)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def later(self, moment: dt.datetime, minutes: float) -> dt.datetime:
        local = self.calendar.add_working_time(self.local(moment), max(1, int(minutes)))
        return local.replace(tzinfo=self.tz).astimezone(dt.UTC)

    def left(self, moment: dt.datetime) -> float:
        span = self.calendar.working_time_between(self.local(moment),
                                                  self.local(self.state.appointment_at))
        return span.total_seconds() / 60

    def do(self, command: LifecycleCommand, when: dt.datetime) -> dt.datetime:
        if when > self.now:
            raise _Future
        t = apply(self.state, command, when, calendar=self.calendar, tz=self.tz)
        self.steps.append(t)
        self.state = t.after
        return when


def simulate_dossier(rng: random.Random, procedure: HistoryProcedure, received_at: dt.datetime,
                     now: dt.datetime, calendar: WorkingCalendar, tz: dt.tzinfo, *,
                     officer: str, counter: int | None) -> HistoryDossier:
    """Live one dossier from ``received_at`` (aware) until it ends or ``now`` is reached."""
    local = received_at.astimezone(tz).replace(tzinfo=None)
    appointment = calendar.due_at(local, procedure.time).replace(tzinfo=tz).astimezone(dt.UTC)
    life = _Life(LifecycleState(DossierStatus.RECEIVED, received_at, appointment), calendar, tz, now)
    try:
        _live(rng, life, procedure)
    except (_Future, DomainError):
        pass
    state = life.state
    last = life.steps[-1] if life.steps else None
    report = (indicator_snapshot(last, _working(calendar, tz)) if last is not None
              else IndicatorSnapshot(None, None, None))
    has_result = state.finished_at is not None
    rating = None
    if state.returned_at is not None and rng.random() < 0.7:
        rating = 0 if rng.random() < 0.7 else (1 if rng.random() < 0.8 else 2)
    channel = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.8 else 3)
    return HistoryDossier(uuid.uuid4(), procedure, received_at, appointment, channel, officer,
                          counter, tuple(life.steps), state, report, rng.random() < 0.85,
                          has_result and rng.random() < 0.6, rating)


def _working(calendar: WorkingCalendar, tz: dt.tzinfo) -> Elapsed:
    def elapsed(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return calendar.working_time_between(a.astimezone(tz).replace(tzinfo=None),
                                             b.astimezone(tz).replace(tzinfo=None))
    return elapsed


def _live(rng: random.Random, life: _Life, procedure: HistoryProcedure) -> None:
    t = life.state.received_at
    if rng.random() < 0.03:
        life.do(Refuse(("Hồ sơ không thuộc thẩm quyền giải quyết",)), life.later(t, 10))
        return
    if procedure.time.unit is TimeUnit.IMMEDIATE:  # trả ngay: done at the counter
        t = life.do(Ready("Kết quả giải quyết"), t)
        life.do(Return(Collector(CollectorKind.APPLICANT)), life.later(t, rng.randint(1, 10)))
        return
    t = life.do(Transfer(rng.choice(BODIES)), life.later(t, rng.randint(5, 90)))
    if rng.random() < 0.12:
        t = life.do(SUPPLEMENT, life.later(t, max(30.0, life.left(t) * rng.uniform(0.1, 0.5))))
        if rng.random() < 0.1:
            return  # still waiting for the applicant
        t = life.do(Resume(), life.later(t, rng.randint(60, 1440)))
        if rng.random() < 0.1:
            t = life.do(SUPPLEMENT, life.later(t, 120))
            t = life.do(Resume(), life.later(t, rng.randint(60, 960)))
    if procedure.field_code == "DD" and rng.random() < 0.3:
        t = life.do(RequestFinancial("Nộp thuế, lệ phí trước bạ", 1_200_000), life.later(t, 240))
        t = life.do(FinancialDone("Biên lai điện tử"), life.later(t, rng.randint(120, 2400)))
    if rng.random() < 0.02:
        t = life.do(RequestWithdrawal("Công dân xin rút hồ sơ"), life.later(t, 60))
        life.do(Withdraw(), life.later(t, 30))
        return
    if rng.random() < 0.01:
        life.do(Stop("Hồ sơ không đủ điều kiện giải quyết theo quy định"), life.later(t, 120))
        return
    spare = max(15.0, life.left(t))
    when = (life.later(t, spare + rng.randint(30, 1440)) if rng.random() < 0.08
            else life.later(t, spare * rng.uniform(0.2, 0.95)))
    t = life.do(Ready("Kết quả giải quyết"), when)
    if rng.random() < 0.93:
        life.do(Return(Collector(CollectorKind.APPLICANT)), life.later(t, rng.randint(10, 1920)))


def simulate_day(rng: random.Random, day: dt.date, services: dict[str, tuple[int, ...]],
                 officers: dict[int, str], calendar: WorkingCalendar, tz: dt.tzinfo,
                 tickets_per_day: int, now: dt.datetime) -> HistoryDay:
    """Tickets of one working day: arrivals through the day, waits, service, outcomes."""
    out = HistoryDay()
    sessions = calendar.sessions_of(day)
    if not sessions or not services:
        return out
    first, last = (m.replace(tzinfo=tz).astimezone(dt.UTC) for m in (sessions[0][0],
                                                                      sessions[-1][1]))
    if first > now:
        return out
    working: set[str] = set()
    staffed: set[int] = set()  # counters whose session is still open now (today only)
    for number, name in sorted(officers.items()):
        if any(number in c for c in services.values()):
            # today: still open (one counter per officer), else closed at the end of the day
            still_open = last > now and name not in working
            working.add(name)
            if still_open:
                staffed.add(number)
            out.sessions.append((number, name, first, None if still_open else min(last, now)))
    closing = last > now  # a day still going on: counters without a session hold nobody now
    free: dict[int, dt.datetime] = {}
    numbers: dict[str, int] = {}
    codes = sorted(services)
    weights = [3 if c == "HT" else 2 if c in ("CT", "DD") else 1 for c in codes]
    arrivals = sorted(_working_moment(rng, sessions) for _ in range(tickets_per_day))
    for local in arrivals:
        issued = local.replace(tzinfo=tz).astimezone(dt.UTC)
        if issued > now:
            break
        code = rng.choices(codes, weights)[0]
        numbers[code] = numbers.get(code, 0) + 1
        counter = min(services[code], key=lambda c: free.get(c, issued))
        called = max(free.get(counter, issued), issued) + dt.timedelta(seconds=rng.randint(20, 240))
        prio = 1 if rng.random() < 0.08 else 0
        base = HistoryTicket(uuid.uuid4(), code, day, numbers[code], issued,
                             TicketStatus.WAITING, prio)
        u = rng.random()
        if closing and counter not in staffed and called > now - dt.timedelta(minutes=20):
            called = now + dt.timedelta(seconds=1)  # nobody there to call it: still waiting
        if called > now or u < 0.02:
            out.tickets.append(base if called > now else replace(base, status=TicketStatus.CANCELLED))
            continue
        officer = officers.get(counter)
        if u < 0.09:
            free[counter] = called + dt.timedelta(minutes=2)
            out.tickets.append(replace(base, status=TicketStatus.NO_SHOW, counter=counter,
                                       officer=officer, called_at=called))
            continue
        serving = called + dt.timedelta(seconds=rng.randint(15, 90))
        done = serving + dt.timedelta(seconds=int(rng.lognormvariate(6.2, 0.5)))
        if closing and counter not in staffed:
            done = min(done, now - dt.timedelta(seconds=1))  # that counter has closed
        free[counter] = done
        finished = done <= now
        rating = (0 if rng.random() < 0.75 else 1 if rng.random() < 0.8 else 2) if (
            finished and rng.random() < 0.6) else None
        out.tickets.append(replace(
            base, status=TicketStatus.DONE if finished else TicketStatus.SERVING, counter=counter,
            officer=officer, called_at=called, serving_at=serving,
            finished_at=done if finished else None, rating=rating))
    return out


def _working_moment(rng: random.Random, sessions: list[tuple[dt.datetime, dt.datetime]]
                    ) -> dt.datetime:
    """A random moment inside the day's sessions, busier in the morning."""
    begin, end = sessions[0] if (rng.random() < 0.6 or len(sessions) == 1) else sessions[1]
    span = (end - begin).total_seconds() - 600
    return begin + dt.timedelta(seconds=rng.uniform(0, max(span, 1)))
