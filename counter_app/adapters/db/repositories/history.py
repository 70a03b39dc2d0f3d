"""Bulk writer of a generated history (``counter-app demo history``): dossiers with their steps,
digitised-file records, ratings, tickets and counter sessions, as multi-row INSERTs.

Dossier codes continue each day's sequence (the ``sequences`` rows are advanced), so a dossier
received later on a generated day never collides with a generated one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from counter_app.adapters.db.models import (
    CounterRow,
    CounterServiceRow,
    OfficerRow,
    ProcedureRow,
    QueueServiceRow,
    node_id,
)
from counter_app.adapters.db.models_dossier import (
    DossierEventRow,
    DossierFileRow,
    DossierRow,
    SequenceRow,
)
from counter_app.adapters.db.models_lifecycle import RatingRow
from counter_app.adapters.db.models_queue import (
    CounterSessionRow,
    TicketRow,
    TicketSequenceRow,
)
from counter_app.domain.catalogue import ProcessingTime, TimeUnit
from counter_app.domain.dossier_code import new_lookup_token
from counter_app.domain.dossier_search import fold_name
from counter_app.domain.history import HistoryDay, HistoryDossier, HistoryProcedure
from counter_app.domain.mobile_ticket import new_ticket_token
from counter_app.domain.queue import display_number

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phúc", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vy", "Yến")
Level = tuple[str, str, bool]  # code, label, negative


class SqlHistoryRepository:
    """Reads the reference rows a history needs and writes one in bulk."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend

    def procedures(self, day: dt.date, fields: Sequence[str], per_field: int = 6
                   ) -> list[HistoryProcedure]:
        """A few procedures in force on ``day`` for each of ``fields``."""
        rows = self.session.execute(
            select(ProcedureRow.id, ProcedureRow.code, ProcedureRow.name, ProcedureRow.field_code,
                   ProcedureRow.time_unit, ProcedureRow.time_amount)
            .where(ProcedureRow.field_code.in_(list(fields)), ProcedureRow.effective_from <= day)
            .order_by(ProcedureRow.field_code, ProcedureRow.code, ProcedureRow.id))
        out: list[HistoryProcedure] = []
        seen: dict[str, int] = {}
        for r in rows:
            if seen.get(r.field_code, 0) >= per_field:
                continue
            seen[r.field_code] = seen.get(r.field_code, 0) + 1
            out.append(HistoryProcedure(r.id, r.code, r.name, r.field_code,
                                        ProcessingTime(TimeUnit(r.time_unit), r.time_amount)))
        return out

    def hall(self) -> tuple[dict[str, tuple[int, ...]], dict[int, str]]:
        """Service codes with the counters serving them, and counter number → officer."""
        links = self.session.execute(
            select(QueueServiceRow.code, CounterRow.number)
            .join(CounterServiceRow, CounterServiceRow.service_id == QueueServiceRow.id)
            .join(CounterRow, CounterRow.id == CounterServiceRow.counter_id)
            .where(QueueServiceRow.active.is_(True), CounterRow.active.is_(True)))
        services: dict[str, list[int]] = {}
        for code, number in links:
            services.setdefault(code, []).append(number)
        officers = [r.username for r in self.session.execute(
            select(OfficerRow.username).where(OfficerRow.active.is_(True),
                                              OfficerRow.role == "officer")
            .order_by(OfficerRow.username))]
        counters = sorted({n for ns in services.values() for n in ns})
        staff = {n: officers[i % len(officers)] for i, n in enumerate(counters)} if officers else {}
        return {k: tuple(sorted(v)) for k, v in services.items()}, staff

    def write(self, dossiers: Sequence[HistoryDossier], days: Sequence[HistoryDay], *,
              agency: str, tz: dt.tzinfo, files_dir: str, levels: Sequence[Level]) -> None:
        """Insert the generated dossiers (with steps, files, ratings) and the days' tickets;
        a rating index 0 is the best of ``levels``, 2 (or more) the worst."""
        ids = {r.username: r.id for r in self.session.execute(
            select(OfficerRow.username, OfficerRow.id))}
        counters = {r.number: r.id for r in self.session.execute(
            select(CounterRow.number, CounterRow.id))}
        services = {r.code: (r.id, r.prefix, r.width) for r in self.session.execute(
            select(QueueServiceRow.code, QueueServiceRow.id, QueueServiceRow.prefix,
                   QueueServiceRow.width))}
        offsets = self._ticket_offsets({d.tickets[0].day for d in days if d.tickets})
        last: dict[tuple[dt.date, uuid.UUID], tuple[int, int]] = {}
        now = dt.datetime.now(dt.UTC)
        stamp = {"created_at": now, "updated_at": now, "origin": node_id()}
        self._dossiers(dossiers, ids, agency, tz, files_dir, stamp, levels)
        tickets: list[dict[str, Any]] = []
        ratings: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []
        for day in days:
            for t in day.tickets:
                sid, prefix, width = services[t.service_code]
                number = offsets.get((t.day, sid), 0) + t.number
                top, count = last.get((t.day, sid), (0, 0))
                last[(t.day, sid)] = (max(top, number), count + 1)
                tickets.append({
                    "id": t.id, **stamp, "business_date": t.day, "issue_service_id": sid,
                    "number": number, "display_number": display_number(prefix, number, width),
                    "service_id": sid, "issued_at": t.issued_at, "web_token": new_ticket_token(),
                    "status": t.status.value, "priority_code": "NCT" if t.priority_rank else None,
                    "priority_rank": t.priority_rank, "target_counter_id": None,
                    "counter_id": counters.get(t.counter) if t.counter else None,
                    "officer_id": ids.get(t.officer or ""), "called_at": t.called_at,
                    "serving_at": t.serving_at, "finished_at": t.finished_at, "recall_count": 0,
                    "transferred_from_id": t.transferred_from})
                if t.rating is not None and t.finished_at is not None:
                    code, label, negative = _level(levels, t.rating)
                    ratings.append({"id": uuid.uuid4(), **stamp, "event_key": f"ticket:{t.id}",
                                    "kind": "ticket", "subject_id": t.id, "dossier_id": None,
                                    "ticket_id": t.id, "level_code": code, "level_label": label,
                                    "negative": negative, "reason": "",
                                    "officer_username": t.officer or "", "counter_number": t.counter,
                                    "field_code": t.service_code, "rated_at": t.finished_at})
            for number, officer, opened, closed in day.sessions:
                if number in counters and officer in ids:
                    sessions.append({"id": uuid.uuid4(), **stamp, "counter_id": counters[number],
                                     "officer_id": ids[officer], "opened_at": opened,
                                     "closed_at": closed, "closed_by": officer,
                                     "paused_since": None})
        self._insert(TicketRow, tickets)
        self._insert(RatingRow, ratings)
        self._insert(CounterSessionRow, sessions)
        self._advance_ticket_sequences(last, offsets)

    def _ticket_offsets(self, days: set[dt.date]) -> dict[tuple[dt.date, uuid.UUID], int]:
        """The numbers already handed out on ``days`` (generated numbers continue after them)."""
        if not days:
            return {}
        rows = self.session.execute(
            select(TicketSequenceRow.business_date, TicketSequenceRow.service_id,
                   TicketSequenceRow.last_number)
            .where(TicketSequenceRow.business_date.in_(sorted(days))))
        return {(r.business_date, r.service_id): r.last_number for r in rows}

    def _advance_ticket_sequences(self, last: dict[tuple[dt.date, uuid.UUID], tuple[int, int]],
                                  offsets: dict[tuple[dt.date, uuid.UUID], int]) -> None:
        """Set each day's and service's last number, so the kiosk continues after them."""
        for (day, sid), (top, count) in last.items():
            if (day, sid) in offsets:
                self.session.execute(
                    update(TicketSequenceRow)
                    .where(TicketSequenceRow.business_date == day,
                           TicketSequenceRow.service_id == sid)
                    .values(last_number=top, issued=TicketSequenceRow.issued + count))
            else:
                self.session.execute(insert(TicketSequenceRow), [
                    {"business_date": day, "service_id": sid, "last_number": top,
                     "issued": count}])

    def _insert(self, model: Any, rows: list[dict[str, Any]], chunk: int = 5000) -> None:
        for i in range(0, len(rows), chunk):
            self.session.execute(insert(model), rows[i:i + chunk])

    def _sequences(self, days: set[dt.date], agency: str) -> dict[dt.date, int]:
        keys = {f"{agency}|{d.isoformat()}": d for d in days}
        found = {r.key: r.last for r in self.session.execute(
            select(SequenceRow.key, SequenceRow.last).where(SequenceRow.name == "dossier",
                                                             SequenceRow.key.in_(list(keys))))}
        return {d: found.get(k, 0) for k, d in keys.items()}

    def _dossiers(self, dossiers: Sequence[HistoryDossier], ids: dict[str, uuid.UUID],
                  agency: str, tz: dt.tzinfo, files_dir: str, stamp: dict[str, Any],
                  levels: Sequence[Level]) -> None:
        by_day = {d.id: d.received_at.astimezone(tz).date() for d in dossiers}
        last = self._sequences(set(by_day.values()), agency)
        start = dict(last)
        rows, events, files, ratings = [], [], [], []
        for d in dossiers:
            day = by_day[d.id]
            last[day] += 1
            seq = last[day]
            name = _name(d.id)
            s, r = d.state, d.report
            rows.append({
                "id": d.id, **stamp, "code": f"{agency}-{day:%y%m%d}-{seq:04d}",
                "lookup_token": new_lookup_token(), "agency_code": agency,
                "business_date": day, "sequence": seq, "procedure_id": d.procedure.id,
                "procedure_code": d.procedure.code, "procedure_name": d.procedure.name,
                "field_code": d.procedure.field_code, "rule_versions": "history",
                "applicant_kind": "person", "applicant_name": name,
                "applicant_name_folded": fold_name(name),
                "applicant_id_number": f"0010{d.id.int % 10**8:08d}",
                "applicant": {"kind": "person", "full_name": name,
                              "id_number": f"0010{d.id.int % 10**8:08d}", "id_kind": "cccd",
                              "date_of_birth": None, "sex": None, "phone": "", "email": "",
                              "address": "", "notes": ""},
                "submitter": None, "sets_count": 1, "channel": d.channel,
                "return_place": "counter", "return_address": "", "received_at": d.received_at,
                "appointment_at": s.appointment_at,
                "original_appointment_at": s.original_appointment_at,
                "appointment_reason": s.appointment_reason, "status": s.status.value,
                "national_code": s.national_code, "sub_state": s.sub_state.value,
                "officer_id": ids.get(d.officer), "officer_username": d.officer,
                "counter_number": d.counter, "ticket_id": None, "ledger_book": "",
                "ledger_line": None, "backdated": False, "paused_since": s.paused_since,
                "supplement_count": s.supplement_count, "finished_at": s.finished_at,
                "returned_at": s.returned_at, "ended_at": r.ended_at, "on_time": r.on_time,
                "closed_at": s.closed_at, "closure": s.closure.value,
                "paused_minutes": s.paused_minutes, "processing_minutes": r.processing_minutes})
            events.append({"id": uuid.uuid4(), "dossier_id": d.id, "at": d.received_at,
                           "action": "receive", "from_status": "", "to_status": "received",
                           "national_code": 2, "officer_username": d.officer,
                           "counter_number": d.counter, "reason": "", "detail": {"history": True},
                           "origin": stamp["origin"]})
            for t in d.steps:
                events.append({"id": uuid.uuid4(), "dossier_id": d.id, "at": t.at,
                               "action": t.action.value, "from_status": t.before.status.value,
                               "to_status": t.after.status.value,
                               "national_code": t.after.national_code,
                               "officer_username": d.officer, "counter_number": d.counter,
                               "reason": t.reason, "detail": {"flags": list(t.flags)},
                               "origin": stamp["origin"]})
            files.extend(_files(d, files_dir, stamp))
            if d.rating is not None and s.returned_at is not None:
                code, label, negative = _level(levels, d.rating)
                ratings.append({"id": uuid.uuid4(), **stamp, "event_key": f"dossier:{d.id}",
                                "kind": "dossier_return", "subject_id": d.id, "dossier_id": d.id,
                                "ticket_id": None, "level_code": code, "level_label": label,
                                "negative": negative, "reason": "",
                                "officer_username": d.officer, "counter_number": d.counter,
                                "field_code": d.procedure.field_code, "rated_at": s.returned_at})
        self._insert(DossierRow, rows)
        self._insert(DossierEventRow, events)
        self._insert(DossierFileRow, files)
        self._insert(RatingRow, ratings)
        for day, value in last.items():
            key = f"{agency}|{day.isoformat()}"
            if start[day] == 0:
                self.session.add(SequenceRow(name="dossier", key=key, last=value))
            else:
                row = self.session.get(SequenceRow, ("dossier", key))
                if row is not None:
                    row.last = value
        self.session.flush()


def _level(levels: Sequence[Level], index: int) -> Level:
    return levels[-1] if index >= 2 else levels[min(index, len(levels) - 1)]


def _name(seed: uuid.UUID) -> str:
    n = seed.int
    return f"{SURNAMES[n % 11]} {MIDDLE[(n >> 8) % 8]} {GIVEN[(n >> 16) % 20]}"


def _files(d: HistoryDossier, files_dir: str, stamp: dict[str, Any]) -> list[dict[str, Any]]:
    """File records only (a generated history stores no file bodies)."""
    out = []
    for kind, present in (("component", d.digitised), ("result", d.e_result)):
        if present:
            digest = hashlib.sha256(f"{d.id}:{kind}".encode()).hexdigest()
            out.append({"id": uuid.uuid4(), **stamp, "dossier_id": d.id, "kind": kind,
                        "document_position": 1 if kind == "component" else None,
                        "file_name": f"{kind}.pdf", "media_type": "application/pdf",
                        "size": 0, "sha256": digest, "stored_path": f"{files_dir}/{digest}",
                        "officer_username": d.officer})
    return out
