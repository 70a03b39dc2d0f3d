"""Step 2 of reception: the validated input + the procedure in force + the working calendar.

:func:`complete_draft` gives the documents checklist with the officer's ticks, the appointment
(hẹn trả) computed by :meth:`WorkingCalendar.due_at` — or changed by the officer, only with a
recorded reason — and the versions of every rule used, stamped on the dossier
(``catalogue=2025-07-01;forms=2025;code=TT03-2025;calendar=holidays-0.109``).

Times are naive local wall-clock times of the centre, like the clock's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from counter_app.domain.catalogue import DocumentForm, Procedure
from counter_app.domain.clock import CalendarOverride, WorkingCalendar
from counter_app.domain.dossier import DossierDocument
from counter_app.domain.errors import ValidationError
from counter_app.domain.reception import AppointmentChange, DocumentTick, ReceptionInput
from counter_app.domain.text import fold


@dataclass(frozen=True)
class Appointment:
    """The appointment (hẹn trả kết quả): computed, possibly changed by the officer."""

    computed_at: dt.datetime
    at: dt.datetime
    reason: str = ""
    provisional: bool = False  # the calendar of a day counted is not yet announced ("dự kiến")
    milestones: tuple[tuple[str, dt.datetime], ...] = ()  # (label, time) before the result

    @property
    def changed(self) -> bool:
        """True when the officer set another time than the computed one."""
        return self.at != self.computed_at

    def label_vi(self) -> str:
        """Return e.g. ``16 giờ 30 phút, ngày 16/07/2026 (dự kiến)``."""
        text = f"{self.at.hour:02d} giờ {self.at.minute:02d} phút, ngày {self.at:%d/%m/%Y}"
        return f"{text} (dự kiến)" if self.provisional else text


@dataclass(frozen=True)
class ReceptionDraft:
    """Everything needed to store the dossier, except its code, token and ledger line."""

    input: ReceptionInput
    procedure: Procedure
    documents: tuple[DossierDocument, ...]
    received_at: dt.datetime
    appointment: Appointment
    rule_versions: str


def merge_documents(
    procedure: Procedure, ticks: tuple[DocumentTick, ...] | None
) -> tuple[DossierDocument, ...]:
    """Return the checklist with the officer's ticks, then the free items the officer added.

    A tick names its checklist item by number (``item``, 1-based) or by a name whose folded form
    equals the item's; any other tick is a free item (``extra``). Checklist items without a tick
    are kept as not received. Without ticks at all the whole checklist is received on paper.
    """
    checklist = procedure.documents
    if ticks is None:
        return tuple(DossierDocument(d.name, d.form, d.count) for d in checklist)
    errors: dict[str, str] = {}
    marks: dict[int, DocumentTick] = {}
    free: list[DocumentTick] = []
    names = {fold(d.name): i for i, d in enumerate(checklist)}
    for n, tick in enumerate(ticks, start=1):
        index = tick.item - 1 if tick.item is not None else names.get(fold(tick.name))
        if tick.item is not None and not 0 <= tick.item - 1 < len(checklist):
            errors[f"documents[{n}].item"] = (f"Thủ tục chỉ có {len(checklist)} giấy tờ trong "
                                              f"danh mục, không có giấy tờ số {tick.item}.")
        elif index is not None and index in marks:
            errors[f"documents[{n}]"] = f"Giấy tờ số {index + 1} của danh mục được đánh dấu hai lần."
        elif index is not None:
            marks[index] = tick
        else:
            free.append(tick)
    if errors:
        raise ValidationError(errors)
    docs: list[DossierDocument] = []
    for i, item in enumerate(checklist):
        mark = marks.get(i)
        if mark is None:
            docs.append(DossierDocument(item.name, item.form, item.count, received=False))
        else:
            docs.append(DossierDocument(item.name, mark.form or item.form, mark.count or item.count,
                                        mark.received, mark.from_database))
    docs += [DossierDocument(t.name, t.form or DocumentForm.ORIGINAL, t.count or 1, t.received,
                             t.from_database, extra=True) for t in free]
    return tuple(docs)


def compute_appointment(
    calendar: WorkingCalendar, procedure: Procedure, received_at: dt.datetime,
    change: AppointmentChange | None = None,
) -> Appointment:
    """Return the appointment for ``received_at``; a change needs a reason and a later time."""
    computed = calendar.due_at(received_at, procedure.time)
    at, reason = computed, ""
    if change is not None:
        if change.at < received_at:
            raise ValidationError(
                {"appointment.at": "Thời gian hẹn trả không được trước thời gian nhận hồ sơ."})
        at, reason = change.at, change.reason
    provisional = calendar.any_provisional(received_at.date(), max(at, computed).date())
    milestones = tuple((m.label, calendar.due_at(received_at, m.time))
                       for m in procedure.milestones)
    return Appointment(computed, at, reason, provisional, milestones)


def complete_draft(
    data: ReceptionInput, procedure: Procedure, received_at: dt.datetime,
    calendar: WorkingCalendar, *, versions: Mapping[str, str],
) -> ReceptionDraft:
    """Join the input with the procedure in force and the calendar; stamp the rule versions.

    ``versions`` names the other rules applied (``forms``, ``code``, ``calendar``); the catalogue
    version is the procedure row's effective date.
    """
    if received_at.tzinfo is not None:
        raise ValueError("reception works on naive local datetimes")
    errors: dict[str, str] = {}
    if not procedure.in_force_on(received_at.date()):
        errors["procedure"] = (f"Thủ tục '{procedure.name}' không còn hoặc chưa có hiệu lực vào "
                               f"ngày {received_at:%d/%m/%Y}.")
    documents = merge_documents(procedure, data.documents)
    if not any(d.received or d.from_database for d in documents):
        errors["documents"] = "Chưa đánh dấu giấy tờ nào đã nhận hoặc đã tra cứu từ CSDL."
    if errors:
        raise ValidationError(errors)
    appointment = compute_appointment(calendar, procedure, received_at, data.appointment)
    stamp = {"catalogue": f"{procedure.effective_from:%Y-%m-%d}", **versions}
    rule_versions = ";".join(f"{k}={v}" for k, v in stamp.items())[:200]
    return ReceptionDraft(data, procedure, documents, received_at, appointment, rule_versions)


@cache
def _holidays_version() -> str:
    """The installed ``holidays`` package's version, read from its metadata (importing the
    package costs ~0.25 s at start-up)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return "?"


def calendar_version(overrides: Iterable[CalendarOverride]) -> str:
    """Return the calendar's version stamp: ``holidays-0.109``, plus ``+ov-<digest>`` of the
    centre's overrides when it has any."""
    base = f"holidays-{_holidays_version()}"
    lines = sorted(f"{o.day.isoformat()}:{o.kind.value}:{int(o.provisional)}" for o in overrides)
    if not lines:
        return base
    return f"{base}+ov-{hashlib.sha256('|'.join(lines).encode()).hexdigest()[:8]}"


def rule_version(rule_versions: str, name: str, default: str = "") -> str:
    """Return one version from a dossier's stamp, e.g. ``rule_version(s, "forms") == "2025"``."""
    for part in rule_versions.split(";"):
        key, _, value = part.partition("=")
        if key.strip() == name:
            return value.strip()
    return default
