"""Lifecycle use cases: every step of a dossier after reception, one transaction each.

``DossierLifecycle.act(officer, code, command)`` loads the dossier and its machine state, applies
the command with the centre's working calendar (:func:`counter_app.domain.lifecycle.apply`),
allocates the form's document number when the step issues a form (Mẫu 02, 03, 04, 05), writes
the new state with a compare-and-set, appends one ``dossier_events`` row (who, when, which
counter, reason, the form's data) and commits — or nothing at all. Roles: counter officers and
supervisors act; an extension (Mẫu 04) and a stop notice (Mẫu 05), signed by the head of the
body, need a supervisor.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import STATUS_LABELS_VI, Dossier, DossierStatus
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.forms import FormPurpose
from counter_app.domain.indicators import Elapsed
from counter_app.domain.lifecycle import (
    FLAG_AFTER_DEADLINE,
    FLAG_LATE,
    FLAG_SECOND_SUPPLEMENT,
    FLAG_SHORT_NOTICE,
    LifecycleState,
    allowed_actions,
    apply,
    indicator_snapshot,
)
from counter_app.domain.lifecycle_commands import (
    LifecycleAction,
    LifecycleCommand,
)
from counter_app.domain.ratings import RatedEvent, RatingTarget
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.calendar import calendar_in
from counter_app.services.ports.dossier import DossierEvent
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

A = LifecycleAction
COUNTER_ROLES = (Role.OFFICER, Role.SUPERVISOR)
HEAD_ACTIONS = frozenset({A.DELAY, A.STOP})
FORM_OF_ACTION: dict[LifecycleAction, FormPurpose] = {
    A.REQUEST_SUPPLEMENT: FormPurpose.SUPPLEMENT,
    A.REFUSE: FormPurpose.REFUSAL,
    A.DELAY: FormPurpose.APOLOGY,
    A.STOP: FormPurpose.STOP_NOTICE,
}
FLAG_WARNINGS_VI: dict[str, str] = {
    FLAG_SECOND_SUPPLEMENT: ("Đây là lần yêu cầu bổ sung thứ hai trở lên: hồ sơ bị tính là "
                             "quá hạn trong chỉ số đánh giá (QĐ 766/QĐ-TTg)."),
    FLAG_SHORT_NOTICE: ("Phiếu xin lỗi được lập chưa đủ một ngày làm việc trước thời hạn trả "
                        "kết quả."),
    FLAG_AFTER_DEADLINE: "Phiếu xin lỗi được lập sau khi đã quá hạn trả kết quả.",
    FLAG_LATE: "Hồ sơ có kết quả sau thời hạn hẹn trả ban đầu (quá hạn).",
}


def check_backdate(at: dt.datetime, now: dt.datetime, previous: dt.datetime | None,
                   tz: dt.tzinfo) -> dt.datetime:
    """Return ``at`` (aware) if it is neither in the future nor before the previous step."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=tz)
    at = at.astimezone(dt.UTC)
    if at > now:
        raise DomainError("Thời điểm nhập bù không được ở tương lai.")
    if previous is not None and at < previous:
        raise DomainError("Thời điểm nhập bù không được trước bước xử lý trước đó "
                          f"({previous.astimezone(tz):%H:%M %d/%m/%Y}).")
    return at


class ConcurrentChange(DomainError):
    """Someone else changed the dossier between reading and writing it."""


@dataclass(frozen=True)
class ActionResult:
    """What a step did, for the screen and the CLI."""

    dossier_id: uuid.UUID
    code: str
    action: LifecycleAction
    at: dt.datetime
    status: DossierStatus
    status_label: str
    appointment_at: dt.datetime
    original_appointment_at: dt.datetime | None
    warnings: tuple[str, ...]
    document_number: int | None
    rating_target: RatingTarget | None  # offered after a result is returned


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def load_dossier(uow: UnitOfWork, code: str) -> Dossier:
    """Return the dossier ``code`` (any case, spaces ignored) or raise NotFound."""
    wanted = code.strip().upper()[:64]
    dossier = uow.dossiers.by_code(wanted) if wanted else None
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {wanted or '(trống)'}.")
    return dossier


def load_state(uow: UnitOfWork, dossier: Dossier) -> LifecycleState:
    """Return the machine state of a loaded dossier."""
    state = uow.lifecycle.state(dossier.id)
    if state is None:  # pragma: no cover - the dossier was just read in the same transaction
        raise NotFound(f"Không tìm thấy hồ sơ mã {dossier.code}.")
    return state


class DossierLifecycle:
    """The lifecycle's use cases over a unit-of-work factory and a clock (tests inject ``now``)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings | None = None, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings or Settings()
        self.tz = ZoneInfo(self.settings.timezone)
        self._now = now or _utcnow

    def now(self) -> dt.datetime:
        """The current time, aware UTC."""
        return self._now().astimezone(dt.UTC)

    def working_time(self, calendar: WorkingCalendar) -> Elapsed:
        """Return the working-time clock between two aware moments (the indicators' ``elapsed``)."""
        tz = self.tz

        def elapsed(first: dt.datetime, second: dt.datetime) -> dt.timedelta:
            return calendar.working_time_between(first.astimezone(tz).replace(tzinfo=None),
                                                 second.astimezone(tz).replace(tzinfo=None))
        return elapsed

    def act(self, officer: Officer, code: str, command: LifecycleCommand, *,
            counter_number: int | None = None, at: dt.datetime | None = None) -> ActionResult:
        """Apply ``command`` to dossier ``code`` in one transaction; return what happened.

        ``at`` back-dates a step recorded on paper (a power cut): supervisors only, never in the
        future nor before the dossier's previous step, recorded and audited as back-dated.
        """
        action = command.action
        require_role(officer, *((Role.SUPERVISOR,) if action in HEAD_ACTIONS else COUNTER_ROLES))
        if at is not None:
            require_role(officer, Role.SUPERVISOR)
        with self.uow_factory(immediate=True) as uow:
            dossier = load_dossier(uow, code)
            state = load_state(uow, dossier)
            calendar, _version = calendar_in(uow, self.settings)
            last = uow.dossiers.last_event_at(dossier.id)
            entered = self.now()
            if at is None:
                at = max(entered, last) if last is not None else entered
            else:
                at = check_backdate(at, entered, last, self.tz)
            t = apply(state, command, at, calendar=calendar, tz=self.tz)
            detail = dict(t.detail)
            backdated = at < entered
            if backdated:
                detail.update(backdated=True, entered_at=entered.isoformat(timespec="seconds"))
            number = None
            purpose = FORM_OF_ACTION.get(action)
            if purpose is not None:
                local_year = at.astimezone(self.tz).year
                number = uow.dossiers.next_sequence(f"form-{purpose.value}"[:32], str(local_year))
                detail["document_number"] = number
                detail["form_set"] = self.settings.dossier.form_set
            report = indicator_snapshot(t, self.working_time(calendar))
            if not uow.lifecycle.save_state(dossier.id, state, t.after, report):
                raise ConcurrentChange(
                    f"Hồ sơ {dossier.code} vừa được người khác cập nhật. Vui lòng tải lại.")
            uow.dossiers.add_event(DossierEvent(
                dossier.id, at, action.value, t.after.status, state.status, officer.username,
                counter_number, t.reason, detail))
            if backdated:
                uow.audit.record(officer.username, "dossier_step_backdated", dossier.code,
                                 f"{action.value} lúc {at.astimezone(self.tz):%H:%M %d/%m/%Y}, "
                                 f"nhập lúc {entered.astimezone(self.tz):%H:%M %d/%m/%Y}")
            uow.commit()
        target = None
        if action is A.RETURN:
            target = RatingTarget(RatedEvent.DOSSIER_RETURN, dossier.id, officer.username,
                                  counter_number, dossier.field_code, dossier.id,
                                  dossier.ticket_id, f"Hồ sơ {dossier.code}")
        return ActionResult(dossier.id, dossier.code, action, at, t.after.status,
                            STATUS_LABELS_VI[t.after.status], t.after.appointment_at,
                            t.after.original_appointment_at,
                            tuple(FLAG_WARNINGS_VI[f] for f in t.flags if f in FLAG_WARNINGS_VI),
                            number, target)

    def state(self, code: str) -> tuple[Dossier, LifecycleState, list[LifecycleAction]]:
        """Return the dossier, its machine state and the actions allowed now."""
        with self.uow_factory() as uow:
            dossier = load_dossier(uow, code)
            state = load_state(uow, dossier)
        return dossier, state, allowed_actions(state)
