"""Report use cases for supervisors: queue, dossiers (QĐ 766 indicators) and ratings over a period,
grouped, with a total line, and the list of dossiers behind any figure.

Aggregates come from the database (:class:`~counter_app.services.ports.reports.ReportRepository`,
GROUP BY in SQL); this module only derives the rates of each group line with the domain's
formulas (:mod:`counter_app.domain.indicators`). Role: supervisor or admin, checked here.
Opening the dossiers behind a figure shows applicants' names, so it is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.domain.catalogue import CHANNEL_LABELS_VI, Channel
from counter_app.domain.errors import DomainError
from counter_app.domain.indicators import in_unit, rate, report_unit, satisfaction_index
from counter_app.domain.ratings import scale_from_settings
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.ports.reports import (
    DOSSIER_FIGURES,
    DOSSIER_GROUPINGS,
    QUEUE_GROUPINGS,
    RATING_GROUPINGS,
    DossierFigures,
    DossierItem,
    GroupBy,
    QueueFigures,
    RatingFigures,
    ReportWindow,
)
from counter_app.services.unit_of_work import UnitOfWorkFactory

MAX_DAYS = 366 * 2
GROUP_LABELS_VI: dict[GroupBy, str] = {
    GroupBy.NONE: "Tổng hợp", GroupBy.SERVICE: "Dịch vụ", GroupBy.COUNTER: "Quầy",
    GroupBy.OFFICER: "Cán bộ", GroupBy.PROCEDURE: "Thủ tục", GroupBy.FIELD: "Lĩnh vực",
    GroupBy.CHANNEL: "Kênh", GroupBy.DAY: "Ngày", GroupBy.HOUR: "Giờ"}
UNIT_LABELS_VI = {"hours": "giờ làm việc", "half_days": "buổi làm việc",
                  "working_days": "ngày làm việc"}


@dataclass(frozen=True)
class ReportPeriod:
    """Local dates ``first`` … ``last``, both included."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DomainError("Ngày kết thúc kỳ báo cáo phải từ ngày bắt đầu trở đi.")
        if (self.last - self.first).days >= MAX_DAYS:
            raise DomainError("Kỳ báo cáo dài tối đa hai năm.")

    @property
    def label_vi(self) -> str:
        """"Từ 01/07/2026 đến 31/07/2026"."""
        return f"Từ {self.first:%d/%m/%Y} đến {self.last:%d/%m/%Y}"

    def window(self, tz: dt.tzinfo, now: dt.datetime) -> ReportWindow:
        """Return the period as UTC bounds, dates and the centre's UTC offset."""
        start = dt.datetime.combine(self.first, dt.time(), tz)
        end_day = self.last + dt.timedelta(days=1)
        end = dt.datetime.combine(end_day, dt.time(), tz)
        offset = start.utcoffset() or dt.timedelta()
        return ReportWindow(start.astimezone(dt.UTC), end.astimezone(dt.UTC), self.first, end_day,
                            now.astimezone(dt.UTC), int(offset.total_seconds()))


def sum_figures(groups: list[DossierFigures]) -> DossierFigures:
    """The total line of grouped dossier figures (counts and sums add up; the unit is kept
    when every group has the same one)."""
    units = {g.time_unit for g in groups}
    counts = {f.name: sum(getattr(g, f.name) for g in groups)
              for f in fields(DossierFigures) if f.type in ("int", int)}
    return DossierFigures("total", "", **counts,
                          time_unit=units.pop() if len(units) == 1 else None)


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class DossierLine:
    """One group of the dossier report with its derived indicators."""

    group: str
    label: str
    figures: DossierFigures
    received_share: float | None
    avg_processing: float | None
    unit: str

    @property
    def on_time_rate(self) -> float | None:
        """On time over finished (QĐ 766 2.1)."""
        return rate(self.figures.on_time, self.figures.finished)

    @property
    def satisfaction_index(self) -> float | None:
        """100 % − (overdue rate + complaint rate) (QĐ 766 5.4)."""
        f = self.figures
        return satisfaction_index(f.finished, f.late, f.complained)

    @property
    def digitised_rate(self) -> float | None:
        """Received dossiers with digitised components (4.2)."""
        return rate(self.figures.digitised, self.figures.received)

    @property
    def e_result_rate(self) -> float | None:
        """Dossiers with a result that have its electronic copy (4.1)."""
        return rate(self.figures.e_results, self.figures.with_result)

    def to_json(self) -> dict[str, Any]:
        """The ``report dossiers --json`` object of this group (docs/reports.md)."""
        f = asdict(self.figures)
        for k in ("key", "label", "processing_count", "processing_minutes", "time_unit"):
            f.pop(k)
        return {"group": self.group, "label": self.label, **f,
                "on_time_rate": _round(self.on_time_rate), "received_share": _round(self.received_share),
                "avg_processing": _round(self.avg_processing, 2), "unit": self.unit,
                "satisfaction_index": _round(self.satisfaction_index),
                "digitised_rate": _round(self.digitised_rate),
                "e_result_rate": _round(self.e_result_rate)}


@dataclass(frozen=True)
class QueueLine:
    """One group of the queue report with its derived rates."""

    group: str
    label: str
    figures: QueueFigures

    @property
    def within_target_rate(self) -> float | None:
        """Share of called first stints whose wait was within the service's target."""
        return rate(self.figures.within_target, self.figures.called)

    @property
    def priority_share(self) -> float | None:
        """Share of issued tickets with a priority."""
        return rate(self.figures.priority, self.figures.issued)

    @property
    def utilisation(self) -> float | None:
        """Service time over the time counters were open (counter, officer and total lines)."""
        f = self.figures
        if f.session_total_s <= 0:
            return None
        return min(max(f.service_total_s / f.session_total_s, 0.0), 1.0)

    def to_json(self) -> dict[str, Any]:
        """The ``report queue --json`` object of this group (docs/reports.md)."""
        f = self.figures
        seconds = {k: _round(getattr(f, k), 1) for k in (
            "wait_median_s", "wait_p90_s", "wait_max_s", "service_median_s", "service_p90_s",
            "service_max_s")}
        return {"group": self.group, "label": self.label, "issued": f.issued, "served": f.served,
                "no_show": f.no_show, "cancelled": f.cancelled, "transferred": f.transferred,
                **seconds, "within_target_rate": _round(self.within_target_rate),
                "priority_share": _round(self.priority_share),
                "utilisation": _round(self.utilisation)}


@dataclass(frozen=True)
class RatingLine:
    """One group of the ratings report."""

    group: str
    label: str
    figures: RatingFigures

    @property
    def negative_rate(self) -> float | None:
        """Negative ratings over ratings."""
        return rate(self.figures.negative, self.figures.ratings)

    def to_json(self) -> dict[str, Any]:
        """The ``report ratings --json`` object of this group."""
        f = self.figures
        return {"group": self.group, "label": self.label, "ratings": f.ratings,
                "negative": f.negative, "negative_rate": _round(self.negative_rate),
                "levels": dict(f.levels)}


@dataclass(frozen=True)
class Report:
    """A report: its kind, period, grouping, the group lines and the total line."""

    kind: str  # queue | dossiers | ratings
    period: ReportPeriod
    by: GroupBy
    lines: tuple[Any, ...]
    total: Any
    generated_at: dt.datetime
    levels: tuple[tuple[str, str, bool], ...] = ()  # ratings: (code, label, negative), best first

    def to_json(self) -> list[dict[str, Any]]:
        """One object per group (the total line when ungrouped)."""
        lines = self.lines if self.by is not GroupBy.NONE else (self.total,)
        return [line.to_json() for line in lines]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Reports:
    """Report use cases over a unit-of-work factory (tests inject ``now``)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings | None = None, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings or Settings()
        self.tz = ZoneInfo(self.settings.timezone)
        self._now = now or _utcnow
        hours = self.settings.office_hours
        self.day_minutes = sum(
            (dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)).seconds
            // 60 for a, b in (hours.morning, hours.afternoon))

    def _check(self, officer: Officer, by: GroupBy, allowed: tuple[GroupBy, ...]) -> None:
        require_role(officer, Role.SUPERVISOR)
        if by not in allowed:
            names = ", ".join(g.value for g in allowed)
            raise DomainError(f"Không nhóm được báo cáo này theo '{by.value}'; chọn: {names}.")

    def _label(self, by: GroupBy, key: str, sql_label: str) -> str:
        if by is GroupBy.CHANNEL and key.isdigit() and int(key) in set(Channel):
            return CHANNEL_LABELS_VI[Channel(int(key))]
        if by is GroupBy.COUNTER:
            return f"Quầy {key}" if key else "(không ghi quầy)"
        if by is GroupBy.HOUR:
            return f"{key}h"
        if by is GroupBy.NONE:
            return "Tổng cộng"
        return sql_label or key or "(không ghi)"

    def dossiers(self, officer: Officer, period: ReportPeriod, by: GroupBy) -> Report:
        """The dossier report with the QĐ 766 indicators."""
        self._check(officer, by, DOSSIER_GROUPINGS)
        now = self._now()
        window = period.window(self.tz, now)
        with self.uow_factory() as uow:
            if by is GroupBy.NONE:
                groups, totals = [], uow.reports.dossier_figures(window, GroupBy.NONE)
            else:  # every dossier figure is a count or a sum: the total adds the groups up
                groups = uow.reports.dossier_figures(window, by)
                totals = [sum_figures(groups)]
        total = totals[0] if totals else DossierFigures("total")
        make = self._dossier_line(by, total.received)
        return Report("dossiers", period, by, tuple(make(g) for g in groups),
                      self._dossier_line(GroupBy.NONE, total.received)(total), now)

    def _dossier_line(self, by: GroupBy, received_total: int) -> Callable[[DossierFigures],
                                                                          DossierLine]:
        def make(f: DossierFigures) -> DossierLine:
            unit = report_unit(f.time_unit)
            avg = (in_unit(f.processing_minutes / f.processing_count, unit, self.day_minutes)
                   if f.processing_count else None)
            return DossierLine(f.key, self._label(by, f.key, f.label), f,
                               rate(f.received, received_total), avg, unit)
        return make

    def queue(self, officer: Officer, period: ReportPeriod, by: GroupBy) -> Report:
        """The queue report: tickets, waits and service times, service level."""
        self._check(officer, by, QUEUE_GROUPINGS)
        now = self._now()
        window = period.window(self.tz, now)
        m = self.settings.monitor
        targets = {code: minutes * 60 for code, minutes in m.targets_minutes().items()}
        with self.uow_factory() as uow:
            args = (targets, m.wait_target_minutes * 60)
            groups = uow.reports.queue_figures(window, by, *args) if by is not GroupBy.NONE else []
            totals = uow.reports.queue_figures(window, GroupBy.NONE, *args)
        total = totals[0] if totals else QueueFigures("total")
        return Report("queue", period, by,
                      tuple(QueueLine(g.key, self._label(by, g.key, g.label), g) for g in groups),
                      QueueLine(total.key, self._label(GroupBy.NONE, "", ""), total), now)

    def ratings(self, officer: Officer, period: ReportPeriod, by: GroupBy) -> Report:
        """The ratings report: count, negative share and each level's count per group."""
        self._check(officer, by, RATING_GROUPINGS)
        now = self._now()
        window = period.window(self.tz, now)
        with self.uow_factory() as uow:
            groups = uow.reports.rating_figures(window, by) if by is not GroupBy.NONE else []
            totals = uow.reports.rating_figures(window, GroupBy.NONE)
        total = totals[0] if totals else RatingFigures("total")
        scale = scale_from_settings(self.settings.rating)
        levels = tuple((lv.code, lv.label, lv.negative) for lv in scale.levels)
        return Report("ratings", period, by,
                      tuple(RatingLine(g.key, self._label(by, g.key, g.label), g) for g in groups),
                      RatingLine(total.key, self._label(GroupBy.NONE, "", ""), total), now,
                      levels)

    def dossier_items(self, officer: Officer, period: ReportPeriod, by: GroupBy,
                      key: str | None, figure: str) -> list[DossierItem]:
        """The dossiers behind one figure of one group (audited: it shows applicants' names)."""
        self._check(officer, by, DOSSIER_GROUPINGS)
        if figure not in DOSSIER_FIGURES:
            raise DomainError(f"Không có chỉ tiêu '{figure[:40]}' trong báo cáo hồ sơ.")
        window = period.window(self.tz, self._now())
        with self.uow_factory() as uow:
            items = uow.reports.dossier_items(window, by, key, figure)
            uow.audit.record(officer.username, "report_drilldown", figure,
                             f"{period.first}..{period.last} {by.value}={key or ''} "
                             f"({len(items)} hồ sơ)")
            uow.commit()
        return items

