"""SQL repository of the reports: every figure is a GROUP BY in the database (SQLite and
PostgreSQL); Python only merges the few group lines of the separate queries by their key."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from counter_app.adapters.db.repositories import report_sql as q
from counter_app.adapters.db.types import UtcDateTime
from counter_app.services.ports.reports import (
    DossierFigures,
    DossierItem,
    FieldDue,
    GroupBy,
    QueueFigures,
    RatingFigures,
    ReportWindow,
)

_TYPES: dict[str, Any] = {"start": UtcDateTime(), "end": UtcDateTime(), "now": UtcDateTime(),
                          "tomorrow": UtcDateTime(), "after": UtcDateTime(), "day": Date(),
                          "first_day": Date(), "end_day": Date(), "off": Float(),
                          "off_mod": String(), "key": String(), "limit": Integer()}
_PARAM = re.compile(r"(?<!:):([a-z_0-9]+)")


def _statement(sql: str) -> TextClause:
    """Return ``text(sql)`` with the typed bind parameters it uses."""
    names = set(_PARAM.findall(sql))
    return text(sql).bindparams(*(bindparam(n, type_=_TYPES[n]) for n in names if n in _TYPES))


def _window_params(w: ReportWindow) -> dict[str, Any]:
    return {"start": w.start, "end": w.end, "now": w.now, "first_day": w.first_day,
            "end_day": w.end_day, "off": float(w.utc_offset_s),
            "off_mod": f"{w.utc_offset_s:+d} seconds"}


def _int(value: Any) -> int:
    return int(value or 0)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


class SqlReportRepository:
    """Report aggregates inside one unit of work's session."""

    def __init__(self, session: Session, backend: str) -> None:
        self.session = session
        self.backend = backend

    def _rows(self, sql: str, params: dict[str, Any], **columns: Any) -> Iterable[Any]:
        stmt: Any = _statement(sql)
        if columns:
            stmt = stmt.columns(**columns)
        used = {k: v for k, v in params.items() if f":{k}" in sql}
        return self.session.execute(stmt, used)

    # ---- dossiers ----------------------------------------------------------------------------

    def dossier_figures(self, window: ReportWindow, by: GroupBy) -> list[DossierFigures]:
        """Return the dossier figures of each group (received side and ended side merged)."""
        params = _window_params(window)
        merged: dict[str, dict[str, Any]] = {}
        for side in ("received", "ended"):
            for row in self._rows(q.dossier_side_sql(side, by, self.backend), params):
                values = dict(row._mapping)
                key = str(values.pop("k") or "")
                line = merged.setdefault(key, {"key": key, "label": ""})
                label = values.pop("label") or ""
                line["label"] = line["label"] or str(label)
                lo, hi = values.pop("unit_lo", None), values.pop("unit_hi", None)
                if side == "ended":
                    line["time_unit"] = lo if lo == hi else None
                line.update({k: _int(v) for k, v in values.items()})
        return [DossierFigures(**line) for line in sorted(merged.values(), key=lambda d: d["key"])]

    def dossier_items(self, window: ReportWindow, by: GroupBy, key: str | None, figure: str,
                      limit: int = 1000) -> list[DossierItem]:
        """Return the dossiers behind ``figure`` (in group ``key`` unless None)."""
        if figure not in q.DOSSIER_CONDITIONS:
            raise ValueError(f"unknown figure {figure!r}")
        params = {**_window_params(window), "key": key or "", "limit": limit}
        sql = q.dossier_items_sql(figure, by, key is not None and by is not GroupBy.NONE,
                                  self.backend)
        return [DossierItem(r.code, r.procedure_name, r.field_code, r.applicant_name,
                            r.officer_username, r.received_at, r.due, r.ended_at, r.status,
                            None if r.on_time is None else bool(r.on_time))
                for r in self._rows(sql, params, received_at=UtcDateTime(), due=UtcDateTime(),
                                    ended_at=UtcDateTime(), on_time=Boolean())]

    # ---- queue -------------------------------------------------------------------------------

    def queue_figures(self, window: ReportWindow, by: GroupBy, targets_s: dict[str, int],
                      default_target_s: int) -> list[QueueFigures]:
        """Return the queue figures of each group: counts, percentiles, utilisation."""
        params = _window_params(window)
        params["target_default"] = default_target_s
        for i, (code, seconds) in enumerate(sorted(targets_s.items())):
            params[f"code{i}"], params[f"target{i}"] = code, seconds
        base = q.queue_base_sql(by, len(targets_s), self.backend)
        stmt_params = {k: v for k, v in params.items() if not k.startswith(("code", "target"))}
        extra = {k: v for k, v in params.items() if k.startswith(("code", "target"))}
        merged: dict[str, dict[str, Any]] = {}

        def run(sql: str) -> Iterable[Any]:
            return self.session.execute(_statement(sql), {**{
                k: v for k, v in stmt_params.items() if f":{k}" in sql}, **extra})

        for row in run(q.queue_sql(base, self.backend)):
            v = dict(row._mapping)
            key = str(v.pop("k") or "")
            merged[key] = {"key": key, "label": str(v.pop("label") or ""),
                           **{n: _int(v[n]) for n in ("issued", "served", "no_show", "cancelled",
                                                      "transferred", "priority", "called",
                                                      "within_target")},
                           **{n: _float(v[n]) for n in (
                               "wait_max_s", "service_max_s", "wait_s_median", "wait_s_p90",
                               "service_s_median", "service_s_p90")},
                           "service_total_s": float(v["service_total_s"] or 0)}
            line = merged[key]
            for stem in ("wait", "service"):
                line[f"{stem}_median_s"] = line.pop(f"{stem}_s_median")
                line[f"{stem}_p90_s"] = line.pop(f"{stem}_s_p90")
        if by in (GroupBy.COUNTER, GroupBy.OFFICER, GroupBy.NONE):
            for row in self._rows(q.session_sql(by, self.backend), params):
                found = merged.get(str(row.k or ""))
                if found is not None:
                    found["session_total_s"] = float(row.session_s or 0)
        return [QueueFigures(**line) for line in sorted(merged.values(), key=lambda d: d["key"])]

    # ---- ratings -----------------------------------------------------------------------------

    def rating_figures(self, window: ReportWindow, by: GroupBy) -> list[RatingFigures]:
        """Return the ratings of each group with their count per level."""
        merged: dict[str, dict[str, Any]] = {}
        for row in self._rows(q.rating_sql(by, self.backend), _window_params(window)):
            key = str(row.k or "")
            line = merged.setdefault(key, {"key": key, "ratings": 0, "negative": 0, "levels": {}})
            line["ratings"] += _int(row.n)
            line["negative"] += _int(row.negative)
            line["levels"][str(row.level)] = _int(row.n)
        return [RatingFigures(key=d["key"], ratings=d["ratings"], negative=d["negative"],
                              levels=tuple(sorted(d["levels"].items())))
                for d in sorted(merged.values(), key=lambda d: d["key"])]

    # ---- live monitor ------------------------------------------------------------------------

    def oldest_waiting(self, day: dt.date) -> dict[str, dt.datetime]:
        """Issue time of the longest-waiting ticket of each service today."""
        rows = self._rows(q.OLDEST_WAITING_SQL, {"day": day}, oldest=UtcDateTime())
        return {str(r.code): r.oldest for r in rows if r.oldest is not None}

    def dossiers_due(self, now: dt.datetime, tomorrow: dt.datetime,
                     after: dt.datetime) -> list[FieldDue]:
        """Open dossiers per field: overdue now, due before ``tomorrow``, due the day after."""
        rows = self._rows(q.DUE_BY_FIELD_SQL, {"now": now, "tomorrow": tomorrow, "after": after})
        return [FieldDue(str(r.field_code), str(r.field_name or r.field_code), _int(r.overdue),
                         _int(r.due_today), _int(r.due_tomorrow)) for r in rows]
