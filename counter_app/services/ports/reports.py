"""Port for the report aggregates (computed in SQL with GROUP BY) and the records it returns.

Each figure's definition is in ``docs/reports.md``; the dossier figures follow the reference
definition :func:`counter_app.domain.indicators.tally`, which the tests compare with the SQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Protocol


class GroupBy(enum.StrEnum):
    """What a report is grouped by."""

    NONE = "none"  # one line: the total
    SERVICE = "service"
    COUNTER = "counter"
    OFFICER = "officer"
    PROCEDURE = "procedure"
    FIELD = "field"
    CHANNEL = "channel"
    DAY = "day"
    HOUR = "hour"


QUEUE_GROUPINGS = (GroupBy.NONE, GroupBy.SERVICE, GroupBy.COUNTER, GroupBy.OFFICER, GroupBy.DAY,
                   GroupBy.HOUR)
DOSSIER_GROUPINGS = (GroupBy.NONE, GroupBy.FIELD, GroupBy.PROCEDURE, GroupBy.CHANNEL,
                     GroupBy.OFFICER, GroupBy.COUNTER, GroupBy.DAY, GroupBy.HOUR)
RATING_GROUPINGS = (GroupBy.NONE, GroupBy.COUNTER, GroupBy.OFFICER, GroupBy.FIELD, GroupBy.DAY,
                    GroupBy.HOUR)

# Dossier figures a drill-down can open (the SQL conditions live in the adapter, one per name).
DOSSIER_FIGURES = ("received", "supplement_requested", "digitised", "in_progress", "overdue_now",
                   "finished", "on_time", "late", "refused", "stopped", "withdrawn",
                   "with_result", "e_results", "complained")


@dataclass(frozen=True)
class ReportWindow:
    """A period as UTC moments [start, end), its local dates [first_day, end_day), the current
    moment and the centre's UTC offset (for grouping by local day and hour)."""

    start: dt.datetime
    end: dt.datetime
    first_day: dt.date
    end_day: dt.date
    now: dt.datetime
    utc_offset_s: int


@dataclass(frozen=True)
class DossierFigures:
    """Counted figures of one group of dossiers (see :func:`~counter_app.domain.indicators.tally`)."""

    key: str
    label: str = ""
    received: int = 0
    supplement_requested: int = 0
    digitised: int = 0
    in_progress: int = 0
    overdue_now: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    refused: int = 0
    stopped: int = 0
    withdrawn: int = 0
    with_result: int = 0
    e_results: int = 0
    complained: int = 0
    processing_count: int = 0
    processing_minutes: int = 0  # sum of net working minutes of those with a result
    time_unit: str | None = None  # the procedures' unit when they all share one


@dataclass(frozen=True)
class QueueFigures:
    """Figures of one group of ticket stints; seconds are None when nothing was measured."""

    key: str
    label: str = ""
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    priority: int = 0
    called: int = 0
    within_target: int = 0
    wait_median_s: float | None = None
    wait_p90_s: float | None = None
    wait_max_s: float | None = None
    service_median_s: float | None = None
    service_p90_s: float | None = None
    service_max_s: float | None = None
    service_total_s: float = 0.0
    session_total_s: float = 0.0  # time counters were open (utilisation's denominator)


@dataclass(frozen=True)
class RatingFigures:
    """Ratings of one group: total, negative and the count per level code."""

    key: str
    label: str = ""
    ratings: int = 0
    negative: int = 0
    levels: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DossierItem:
    """One dossier behind a figure (drill-down)."""

    code: str
    procedure_name: str
    field_code: str
    applicant_name: str
    officer_username: str
    received_at: dt.datetime
    due: dt.datetime
    ended_at: dt.datetime | None
    status: str
    on_time: bool | None


@dataclass(frozen=True)
class FieldDue:
    """Open dossiers of one field: overdue now, due today, due tomorrow."""

    field_code: str
    field_name: str
    overdue: int
    due_today: int
    due_tomorrow: int


class ReportRepository(Protocol):
    """Report aggregates inside one unit of work."""

    def dossier_figures(self, window: ReportWindow, by: GroupBy) -> list[DossierFigures]:
        """Return the dossier figures of each group with anything to count."""
        ...

    def dossier_items(self, window: ReportWindow, by: GroupBy, key: str | None, figure: str,
                      limit: int = 1000) -> list[DossierItem]:
        """Return the dossiers behind ``figure`` in group ``key`` (every group when None)."""
        ...

    def queue_figures(self, window: ReportWindow, by: GroupBy, targets_s: dict[str, int],
                      default_target_s: int) -> list[QueueFigures]:
        """Return the queue figures of each group (targets: wait target per service code)."""
        ...

    def rating_figures(self, window: ReportWindow, by: GroupBy) -> list[RatingFigures]:
        """Return the rating figures of each group."""
        ...

    def oldest_waiting(self, day: dt.date) -> dict[str, dt.datetime]:
        """Issue time of the longest-waiting ticket of each service code today."""
        ...

    def dossiers_due(self, now: dt.datetime, tomorrow: dt.datetime,
                     after: dt.datetime) -> list[FieldDue]:
        """Open dossiers per field: overdue, due before ``tomorrow``, due before ``after``."""
        ...
