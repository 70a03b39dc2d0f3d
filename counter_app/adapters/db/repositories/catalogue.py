"""Procedure catalogue repository on SQLAlchemy (diacritics-insensitive search on a folded column)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.adapters.db.models import ProcedureRow
from counter_app.domain.catalogue import (
    Channel,
    DocumentForm,
    Procedure,
    ProcessingTime,
    RequiredDocument,
    TimeUnit,
    milestone_records,
    parse_milestones,
)
from counter_app.domain.text import fold


def _to_domain(r: ProcedureRow) -> Procedure:
    fees: dict[Channel, int | None] = {Channel(int(k)): v for k, v in r.fees.items()}
    docs = tuple(RequiredDocument(d["name"], DocumentForm(d["form"]), int(d["count"]))
                 for d in r.documents)
    return Procedure(
        id=r.id, code=r.code, variant=r.variant, name=r.name, field_code=r.field_code,
        time=ProcessingTime(TimeUnit(r.time_unit), r.time_amount, r.time_note),
        fees=fees, fee_note=r.fee_note, documents=docs, effective_from=r.effective_from,
        decision=r.decision, effective_to=r.effective_to,
        milestones=parse_milestones(r.milestones or [], []),
    )


def _values(p: Procedure) -> dict[str, Any]:
    return {
        "code": p.code, "variant": p.variant, "variant_key": fold(p.variant),
        "name": p.name, "search_text": p.search_text, "field_code": p.field_code,
        "time_unit": p.time.unit.value, "time_amount": p.time.amount, "time_note": p.time.note,
        "fees": {str(int(c)): v for c, v in p.fees.items()}, "fee_note": p.fee_note,
        "documents": [{"name": d.name, "form": d.form.value, "count": d.count}
                      for d in p.documents],
        "effective_from": p.effective_from, "effective_to": p.effective_to,
        "decision": p.decision, "milestones": milestone_records(p.milestones),
    }


class SqlCatalogueRepository:
    """The versioned catalogue in the SQL store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert_many(self, procedures: Sequence[Procedure]) -> int:
        """Insert or replace procedure versions (keyed by code, variant, effective date)."""
        for p in procedures:
            values = _values(p)
            row = self.session.scalar(select(ProcedureRow).where(
                ProcedureRow.code == p.code, ProcedureRow.variant_key == values["variant_key"],
                ProcedureRow.effective_from == p.effective_from))
            if row is None:
                self.session.add(ProcedureRow(id=p.id, **values))
            else:
                for k, v in values.items():
                    setattr(row, k, v)
        self.session.flush()
        return len(procedures)

    def search(self, text: str, day: dt.date, limit: int = 50) -> list[Procedure]:
        """Diacritics-insensitive search by name, code or field among versions in force.

        Picks the versions in force from a few light columns first and loads (and decodes) only
        the rows returned, so a catalogue with thousands of old versions stays fast.
        """
        q = select(ProcedureRow.id, ProcedureRow.code, ProcedureRow.variant, ProcedureRow.name,
                   ProcedureRow.field_code, ProcedureRow.effective_from
                   ).where(ProcedureRow.effective_from <= day)
        for word in fold(text).split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(ProcedureRow.search_text.like(f"%{escaped}%", escape="\\"))
        best: dict[tuple[str, str], Any] = {}
        for r in self.session.execute(q):
            key = (r.code or fold(r.name), r.variant)
            current = best.get(key)
            if current is None or r.effective_from > current.effective_from:
                best[key] = r
        wanted = fold(text)

        def rank(r: Any) -> tuple[bool, bool, bool, str]:
            name = fold(r.name)
            return (name != wanted, not name.startswith(wanted), wanted not in name, name)

        in_force_rows = sorted(best.values(), key=lambda r: (r.field_code, r.name))
        chosen = [r.id for r in sorted(in_force_rows, key=rank)[:limit]]
        if not chosen:
            return []
        rows = {r.id: r for r in self.session.scalars(
            select(ProcedureRow).where(ProcedureRow.id.in_(chosen)))}
        return [_to_domain(rows[i]) for i in chosen]

    def get(self, procedure_id: uuid.UUID) -> Procedure | None:
        """Return one procedure version."""
        row = self.session.get(ProcedureRow, procedure_id)
        return _to_domain(row) if row else None

    def count(self) -> int:
        """Return how many procedure versions are stored."""
        return int(self.session.scalar(select(func.count()).select_from(ProcedureRow)) or 0)

    def versions(self, code: str = "", variant: str | None = None) -> list[Procedure]:
        """Return every stored version (of one code and variant when given), oldest first."""
        q = select(ProcedureRow)
        if code:
            q = q.where(ProcedureRow.code == code)
        if variant is not None:
            q = q.where(ProcedureRow.variant_key == fold(variant))
        q = q.order_by(ProcedureRow.field_code, ProcedureRow.code, ProcedureRow.variant_key,
                       ProcedureRow.effective_from)
        return [_to_domain(r) for r in self.session.scalars(q)]
