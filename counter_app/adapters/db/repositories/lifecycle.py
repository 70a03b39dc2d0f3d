"""SQL repository of the dossier lifecycle: guarded status updates, worklists, ledger, ratings,
lookup log and throttle (SQLite and PostgreSQL).

A status update is a compare-and-set: ``UPDATE dossiers … WHERE id = :id AND status = :before
AND supplement_count = :before AND appointment_at = :before`` must touch exactly one row, so two
officers acting on the same dossier at once cannot both win. A rating insert runs in a savepoint;
the unique ``event_key`` is the backstop for two rating screens racing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.adapters.db.models import node_id
from counter_app.adapters.db.models_dossier import DossierEventRow, DossierRow
from counter_app.adapters.db.models_lifecycle import LookupLogRow, LookupThrottleRow, RatingRow
from counter_app.domain.dossier import DossierStatus, ReturnPlace, SubState
from counter_app.domain.indicators import Closure
from counter_app.domain.lifecycle import IndicatorSnapshot, LifecycleState
from counter_app.domain.lifecycle_commands import LifecycleAction
from counter_app.domain.ratings import RatedEvent, Rating, RatingTarget
from counter_app.services.ports.lifecycle import (
    LedgerFacts,
    LookupLogEntry,
    ThrottleState,
    TrackedDossier,
)

_CLOSING = {LifecycleAction.REFUSE.value, LifecycleAction.STOP.value, LifecycleAction.WITHDRAW.value}
LEDGER_CHUNK = 500  # dossiers read at a time for the ledger
_LEDGER_COLUMNS = (DossierRow.id, DossierRow.code, DossierRow.procedure_name,
                   DossierRow.applicant_name, DossierRow.applicant, DossierRow.sets_count,
                   DossierRow.received_at, DossierRow.appointment_at, DossierRow.returned_at,
                   DossierRow.return_place, DossierRow.status, DossierRow.ledger_line)
_LEDGER_ACTIONS = (LifecycleAction.TRANSFER.value, LifecycleAction.READY.value,
                   LifecycleAction.RETURN.value)
_WORKLIST_COLUMNS = (DossierRow.id, DossierRow.code, DossierRow.procedure_name,
                     DossierRow.field_code, DossierRow.applicant_name, DossierRow.received_at,
                     DossierRow.appointment_at, DossierRow.status, DossierRow.sub_state,
                     DossierRow.return_place, DossierRow.paused_since, DossierRow.supplement_count,
                     DossierRow.original_appointment_at, DossierRow.finished_at,
                     DossierRow.counter_number)

_T = cast(Table, LookupThrottleRow.__table__)
_LOOKUP_LOG = cast(Table, LookupLogRow.__table__)
_THROTTLE = select(_T).where(_T.c.source == bindparam("source"))
_THROTTLE_LOCKED = _THROTTLE.with_for_update()


class SqlLifecycleRepository:
    """Lifecycle persistence inside one unit of work's session."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend

    # ---- the machine's state -----------------------------------------------------------------

    def state(self, dossier_id: uuid.UUID) -> LifecycleState | None:
        """Return the machine's view of the dossier."""
        row = self.session.get(DossierRow, dossier_id)
        if row is None:
            return None
        status = DossierStatus(row.status)
        closed_at, before = row.closed_at, None
        if status in (DossierStatus.REFUSED, DossierStatus.STOPPED,
                      DossierStatus.WITHDRAWAL_REQUESTED):
            last = self.session.execute(
                select(DossierEventRow.action, DossierEventRow.at, DossierEventRow.from_status)
                .where(DossierEventRow.dossier_id == dossier_id,
                       DossierEventRow.to_status == status.value)
                .order_by(DossierEventRow.at.desc()).limit(1)).first()
            if last is not None and last.action in _CLOSING and closed_at is None:
                closed_at = last.at
            if last is not None and status is DossierStatus.WITHDRAWAL_REQUESTED and last.from_status:
                before = DossierStatus(last.from_status)
        return LifecycleState(
            status=status, received_at=row.received_at, appointment_at=row.appointment_at,
            sub_state=SubState(row.sub_state), original_appointment_at=row.original_appointment_at,
            appointment_reason=row.appointment_reason, paused_since=row.paused_since,
            supplement_count=row.supplement_count, finished_at=row.finished_at,
            returned_at=row.returned_at, closed_at=closed_at, before_withdrawal=before,
            return_place=ReturnPlace(row.return_place), closure=Closure(row.closure or ""),
            paused_minutes=row.paused_minutes or 0)

    def save_state(self, dossier_id: uuid.UUID, before: LifecycleState,
                   after: LifecycleState, indicators: IndicatorSnapshot | None = None) -> bool:
        """Compare-and-set the lifecycle columns (and the report columns when ``indicators`` is
        given); False when someone changed the dossier first."""
        report: dict[str, Any] = {}
        if indicators is not None:
            report = {"ended_at": indicators.ended_at, "on_time": indicators.on_time,
                      "processing_minutes": indicators.processing_minutes}
        result = self.session.execute(
            update(DossierRow)
            .where(DossierRow.id == dossier_id, DossierRow.status == before.status.value,
                   DossierRow.supplement_count == before.supplement_count,
                   DossierRow.appointment_at == before.appointment_at)
            .values(status=after.status.value, national_code=after.national_code,
                    sub_state=after.sub_state.value, appointment_at=after.appointment_at,
                    original_appointment_at=after.original_appointment_at,
                    appointment_reason=after.appointment_reason, paused_since=after.paused_since,
                    supplement_count=after.supplement_count, finished_at=after.finished_at,
                    returned_at=after.returned_at, closed_at=after.closed_at,
                    closure=after.closure.value, paused_minutes=after.paused_minutes,
                    updated_at=dt.datetime.now(dt.UTC), **report)
            .execution_options(synchronize_session="fetch"))
        return int(getattr(result, "rowcount", 0)) == 1

    # ---- worklists ---------------------------------------------------------------------------

    def _filtered(self, q: Any, statuses: Sequence[DossierStatus],
                  appointment_before: dt.datetime | None,
                  field_code: str | tuple[str, ...] | None) -> Any:
        q = q.where(DossierRow.status.in_([s.value for s in statuses]))
        if appointment_before is not None:
            q = q.where(DossierRow.appointment_at < appointment_before)
        if isinstance(field_code, tuple):
            q = q.where(DossierRow.field_code.in_(field_code))
        elif field_code:
            q = q.where(DossierRow.field_code == field_code)
        return q

    def tracked(self, statuses: Sequence[DossierStatus], *,
                appointment_before: dt.datetime | None = None,
                field_code: str | tuple[str, ...] | None = None,
                limit: int = 500) -> list[TrackedDossier]:
        """Return dossiers in ``statuses``, earliest appointment first."""
        q = self._filtered(select(*_WORKLIST_COLUMNS), statuses, appointment_before, field_code)
        rows = self.session.execute(q.order_by(DossierRow.appointment_at, DossierRow.code)
                                    .limit(limit))
        return [TrackedDossier(
            r.id, r.code, r.procedure_name, r.field_code, r.applicant_name, r.received_at,
            r.appointment_at, DossierStatus(r.status), SubState(r.sub_state),
            ReturnPlace(r.return_place), r.paused_since, r.supplement_count,
            r.original_appointment_at, r.finished_at, r.counter_number) for r in rows]

    def count(self, statuses: Sequence[DossierStatus], *,
              appointment_before: dt.datetime | None = None,
              field_code: str | tuple[str, ...] | None = None) -> int:
        """Count what :meth:`tracked` would list."""
        q = self._filtered(select(func.count()).select_from(DossierRow), statuses,
                           appointment_before, field_code)
        return int(self.session.scalar(q) or 0)

    # ---- ledger ------------------------------------------------------------------------------

    def ledger(self, received_from: dt.datetime, received_to: dt.datetime,
               field_code: str | None) -> Iterator[LedgerFacts]:
        """Dossiers received in the range with their transfer, result and return events, oldest
        first. Read :data:`LEDGER_CHUNK` dossiers at a time, as columns (no records held in the
        session), with their events chunk by chunk: memory does not grow with the range."""
        q = select(*_LEDGER_COLUMNS).where(DossierRow.received_at >= received_from,
                                           DossierRow.received_at < received_to)
        if isinstance(field_code, tuple):
            q = q.where(DossierRow.field_code.in_(field_code))
        elif field_code:
            q = q.where(DossierRow.field_code == field_code)
        q = q.order_by(DossierRow.received_at, DossierRow.code)
        result = self.session.execute(q.execution_options(yield_per=LEDGER_CHUNK))
        for chunk in result.partitions():
            events = self._ledger_events([r.id for r in chunk])
            for r in chunk:
                yield self._ledger_facts(r, events.get(r.id, []))

    def _ledger_events(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Row[Any]]]:
        """The transfer, result and return events of dossiers ``ids``, oldest first."""
        events: dict[uuid.UUID, list[Row[Any]]] = {}
        for ev in self.session.execute(
                select(DossierEventRow.dossier_id, DossierEventRow.action, DossierEventRow.at,
                       DossierEventRow.detail)
                .where(DossierEventRow.dossier_id.in_(ids), DossierEventRow.action.in_(_LEDGER_ACTIONS))
                .order_by(DossierEventRow.at)):
            events.setdefault(ev.dossier_id, []).append(ev)
        return events

    @staticmethod
    def _ledger_facts(r: Row[Any], events: list[Row[Any]]) -> LedgerFacts:
        def first(action: LifecycleAction) -> Row[Any] | None:
            return next((e for e in events if e.action == action.value), None)

        transfer, ready, ret = (first(LifecycleAction.TRANSFER), first(LifecycleAction.READY),
                                first(LifecycleAction.RETURN))
        applicant = r.applicant or {}
        return LedgerFacts(
            r.id, r.code, r.procedure_name, r.applicant_name, str(applicant.get("address", "")),
            str(applicant.get("phone", "")), r.sets_count, r.received_at, r.appointment_at,
            r.returned_at, ReturnPlace(r.return_place), DossierStatus(r.status), r.ledger_line,
            transfer.at if transfer else None,
            str((transfer.detail or {}).get("body", "")) if transfer else "",
            ready.at if ready else None,
            bool((ret.detail or {}).get("by_post")) if ret else False)

    # ---- ratings -----------------------------------------------------------------------------

    def rating_exists(self, event_key: str) -> bool:
        """True when the event already has its rating."""
        return self.session.scalar(
            select(RatingRow.id).where(RatingRow.event_key == event_key)) is not None

    def add_rating(self, rating: Rating) -> bool:
        """Store a rating in a savepoint; False when its event already has one."""
        if self.rating_exists(rating.target.key):
            return False
        t = rating.target
        try:
            with self.session.begin_nested():
                self.session.add(RatingRow(
                    id=rating.id, event_key=t.key, kind=t.kind.value, subject_id=t.subject_id,
                    dossier_id=t.dossier_id, ticket_id=t.ticket_id, level_code=rating.level_code,
                    level_label=rating.level_label, negative=rating.negative,
                    reason=rating.reason, officer_username=t.officer_username,
                    counter_number=t.counter_number, field_code=t.field_code,
                    rated_at=rating.rated_at))
        except IntegrityError:
            return False
        return True

    def ratings(self, since: dt.datetime, until: dt.datetime) -> list[Rating]:
        """Ratings given in ``[since, until)``."""
        rows = self.session.scalars(select(RatingRow).where(RatingRow.rated_at >= since,
                                                            RatingRow.rated_at < until)
                                    .order_by(RatingRow.rated_at))
        return [Rating(r.id, RatingTarget(RatedEvent(r.kind), r.subject_id, r.officer_username,
                                          r.counter_number, r.field_code, r.dossier_id,
                                          r.ticket_id),
                       r.level_code, r.level_label, r.negative, r.reason, r.rated_at)
                for r in rows]

    # ---- lookup log and throttle -------------------------------------------------------------

    def log_lookup(self, entry: LookupLogEntry) -> None:
        """Append one lookup."""
        self.log_lookups([entry])

    def log_lookups(self, entries: Sequence[LookupLogEntry]) -> None:
        """Append a batch of lookups in one statement (no ORM objects: the web service writes
        a line for every request)."""
        if not entries:
            return
        origin = node_id()
        self.session.execute(_LOOKUP_LOG.insert(), [
            {"id": uuid.uuid4(), "at": e.at, "source": e.source[:64], "code": e.code[:64],
             "outcome": e.outcome, "reason": e.reason[:32], "dossier_id": e.dossier_id,
             "origin": origin} for e in entries])

    def lookups(self, since: dt.datetime, limit: int = 1000) -> list[LookupLogEntry]:
        """Logged lookups since ``since``, newest first."""
        rows = self.session.scalars(select(LookupLogRow).where(LookupLogRow.at >= since)
                                    .order_by(LookupLogRow.at.desc()).limit(limit))
        return [LookupLogEntry(r.at, r.source, r.code, r.outcome, r.reason, r.dossier_id)
                for r in rows]

    def throttle(self, source: str) -> ThrottleState | None:
        """The source's throttle row, locked until commit on PostgreSQL."""
        q = _THROTTLE_LOCKED if self.backend == "postgresql" else _THROTTLE
        row = self.session.execute(q, {"source": source[:64]}).first()  # Core: on every lookup
        if row is None:
            return None
        return ThrottleState(row.source, row.failures, row.window_start, row.blocked_until)

    def save_throttle(self, state: ThrottleState) -> None:
        """Insert or replace the source's throttle row."""
        row = self.session.get(LookupThrottleRow, state.source[:64])
        if row is None:
            row = LookupThrottleRow(source=state.source[:64])
            self.session.add(row)
        row.failures, row.window_start = state.failures, state.window_start
        row.blocked_until = state.blocked_until
        self.session.flush()
