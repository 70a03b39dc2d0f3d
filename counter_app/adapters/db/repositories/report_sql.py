"""SQL pieces of the reports, per backend: local day and hour, seconds between two moments,
percentiles (``percentile_cont`` on PostgreSQL, a window-function interpolation on SQLite) and the
dossier figures, each defined once as a condition used both by the GROUP BY and the drill-down.

Every fragment here is a constant of the code (never user input); values are bound parameters.
Grouping by local day or hour shifts the stored UTC moment by the centre's UTC offset (Vietnam
has no daylight saving time), the same way on both backends.
"""

from __future__ import annotations

from counter_app.services.ports.reports import GroupBy

OPEN_STATUSES = ("'received', 'processing', 'supplement_requested', 'financial_obligation', "
                 "'withdrawal_requested'")
WITH_RESULT = "(d.finished_at IS NOT NULL OR d.returned_at IS NOT NULL)"
# Per-dossier flags joined once (a hash join), instead of a subquery per dossier row.
DOSSIER_FLAGS = (
    "LEFT JOIN (SELECT dossier_id,\n"
    "    MAX(CASE WHEN kind = 'component' THEN 1 ELSE 0 END) AS has_component,\n"
    "    MAX(CASE WHEN kind = 'result' THEN 1 ELSE 0 END) AS has_result\n"
    "  FROM dossier_files GROUP BY dossier_id) df ON df.dossier_id = d.id\n"
    "LEFT JOIN (SELECT DISTINCT dossier_id FROM ratings\n"
    "  WHERE negative IS TRUE AND dossier_id IS NOT NULL) nr ON nr.dossier_id = d.id\n")
HAS_COMPONENT_FILE = "df.has_component = 1"
HAS_RESULT_FILE = "df.has_result = 1"
HAS_COMPLAINT = "nr.dossier_id IS NOT NULL"
LEGAL_DUE = "COALESCE(d.original_appointment_at, d.appointment_at)"

# figure → (side, condition). Side "received": dossiers received in the period; side "ended":
# dossiers whose end of processing is in the period (domain.indicators.tally).
DOSSIER_CONDITIONS: dict[str, tuple[str, str]] = {
    "received": ("received", "1 = 1"),
    "supplement_requested": ("received", "d.supplement_count > 0"),
    "digitised": ("received", HAS_COMPONENT_FILE),
    "in_progress": ("received", "(d.ended_at IS NULL OR d.ended_at >= :end)"),
    "overdue_now": ("received", f"(d.ended_at IS NULL AND d.status IN ({OPEN_STATUSES}) "
                                f"AND d.paused_since IS NULL AND {LEGAL_DUE} < :now)"),
    "finished": ("ended", "1 = 1"),
    "on_time": ("ended", "d.on_time IS TRUE"),
    "late": ("ended", "d.on_time IS FALSE"),
    "refused": ("ended", "d.closure = 'refused'"),
    "stopped": ("ended", "d.closure = 'stopped'"),
    "withdrawn": ("ended", "d.closure = 'withdrawn'"),
    "with_result": ("ended", WITH_RESULT),
    "e_results": ("ended", f"({WITH_RESULT} AND {HAS_RESULT_FILE})"),
    "complained": ("ended", HAS_COMPLAINT),
}
SIDE_MOMENT = {"received": "d.received_at", "ended": "d.ended_at"}


def local_shift(column: str, backend: str) -> str:
    """Return ``column`` shifted to local time by the bound ``:off`` seconds."""
    if backend == "postgresql":
        return f"({column} + make_interval(secs => :off))"
    return f"datetime({column}, :off_mod)"


def local_day(column: str, backend: str) -> str:
    """Local date of a UTC column as 'YYYY-MM-DD'."""
    shifted = local_shift(column, backend)
    if backend == "postgresql":
        return f"to_char({shifted}, 'YYYY-MM-DD')"
    return f"strftime('%Y-%m-%d', {shifted})"


def local_hour(column: str, backend: str) -> str:
    """Local hour of a UTC column as '00'..'23'."""
    shifted = local_shift(column, backend)
    if backend == "postgresql":
        return f"to_char({shifted}, 'HH24')"
    return f"strftime('%H', {shifted})"


def seconds_between(first: str, second: str, backend: str) -> str:
    """Seconds from ``first`` to ``second`` (two UTC columns) as a float expression."""
    if backend == "postgresql":
        return f"EXTRACT(EPOCH FROM ({second} - {first}))"
    return f"((julianday({second}) - julianday({first})) * 86400.0)"


def as_text(expr: str) -> str:
    """Cast to text, NULL as ''."""
    return f"COALESCE(CAST({expr} AS TEXT), '')"


def dossier_key(by: GroupBy, moment: str, backend: str) -> str:
    """The group key of a dossier for ``by`` (day and hour of ``moment``)."""
    return {
        GroupBy.NONE: "'total'",
        GroupBy.FIELD: "d.field_code",
        GroupBy.PROCEDURE: "d.procedure_code",
        GroupBy.CHANNEL: as_text("d.channel"),
        GroupBy.OFFICER: "d.officer_username",
        GroupBy.COUNTER: as_text("d.counter_number"),
        GroupBy.DAY: local_day(moment, backend),
        GroupBy.HOUR: local_hour(moment, backend),
    }[by]


def group_clause(by: GroupBy, key: str, *more: str) -> str:
    """``GROUP BY key`` (and ``more``); without grouping only ``more`` (PostgreSQL refuses a
    constant in GROUP BY)."""
    keys = [*([] if by is GroupBy.NONE else [key]), *more]
    return f"GROUP BY {', '.join(keys)}" if keys else ""


def dossier_side_sql(side: str, by: GroupBy, backend: str) -> str:
    """One GROUP BY over one side: a SUM(CASE …) per figure of the side, plus the processing
    time sums and the procedures' unit on the "ended" side."""
    moment = SIDE_MOMENT[side]
    key = dossier_key(by, moment, backend)
    sums = ",\n  ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {name}"
                        for name, (s, cond) in DOSSIER_CONDITIONS.items() if s == side)
    extra = ""
    if side == "ended":
        extra = (f",\n  SUM(CASE WHEN {WITH_RESULT} AND d.processing_minutes IS NOT NULL "
                 "THEN 1 ELSE 0 END) AS processing_count,\n"
                 f"  COALESCE(SUM(CASE WHEN {WITH_RESULT} THEN d.processing_minutes END), 0) "
                 "AS processing_minutes,\n  MIN(p.time_unit) AS unit_lo, MAX(p.time_unit) AS unit_hi")
    label = {GroupBy.FIELD: "MAX(fl.name)", GroupBy.PROCEDURE: "MAX(d.procedure_name)"}.get(
        by, "''")
    joins = "JOIN procedures p ON p.id = d.procedure_id\n" if side == "ended" else ""
    if by is GroupBy.FIELD:
        joins += "LEFT JOIN fields fl ON fl.code = d.field_code\n"
    return (f"SELECT {key} AS k, {label} AS label,\n  {sums}{extra}\n"
            f"FROM dossiers d\n{joins}" + DOSSIER_FLAGS +
            f"WHERE {moment} >= :start AND {moment} < :end\n{group_clause(by, key)}")


def dossier_items_sql(figure: str, by: GroupBy, with_key: bool, backend: str) -> str:
    """The dossiers behind one figure (optionally of one group), oldest first."""
    side, cond = DOSSIER_CONDITIONS[figure]
    moment = SIDE_MOMENT[side]
    key = f" AND {dossier_key(by, moment, backend)} = :key" if with_key else ""
    return ("SELECT d.code, d.procedure_name, d.field_code, d.applicant_name, d.officer_username,"
            f" d.received_at, {LEGAL_DUE} AS due, d.ended_at, d.status, d.on_time\n"
            "FROM dossiers d\n" + DOSSIER_FLAGS +
            f"WHERE {moment} >= :start AND {moment} < :end AND {cond}{key}\n"
            f"ORDER BY {moment}, d.code LIMIT :limit")


def queue_key(by: GroupBy, backend: str) -> tuple[str, str]:
    """The group key and label of a ticket stint for ``by``."""
    return {
        GroupBy.NONE: ("'total'", "''"),
        GroupBy.SERVICE: ("s.code", "s.name"),
        GroupBy.COUNTER: (as_text("c.number"), "COALESCE(c.name, '')"),
        GroupBy.OFFICER: ("COALESCE(o.username, '')", "COALESCE(o.full_name, '')"),
        GroupBy.DAY: (local_day("t.issued_at", backend), "''"),
        GroupBy.HOUR: (local_hour("t.issued_at", backend), "''"),
    }[by]


def queue_base_sql(by: GroupBy, targets: int, backend: str) -> str:
    """Ticket stints of the period with their group, wait (first stint only), service time and
    the service's wait target (``:code0``/``:target0`` … bound, else ``:target_default``)."""
    key, label = queue_key(by, backend)
    cases = " ".join(f"WHEN :code{i} THEN :target{i}" for i in range(targets))
    target = f"CASE s.code {cases} ELSE :target_default END" if targets else ":target_default"
    wait = seconds_between("t.issued_at", "t.called_at", backend)
    served = seconds_between("COALESCE(t.serving_at, t.called_at)", "t.finished_at", backend)
    return (f"SELECT {key} AS k, {label} AS label, t.status, t.priority_rank,\n"
            "  CASE WHEN t.transferred_from_id IS NULL THEN 1 ELSE 0 END AS first_stint,\n"
            "  CASE WHEN t.transferred_from_id IS NULL AND t.called_at IS NOT NULL\n"
            f"    THEN {wait} END AS wait_s,\n"
            "  CASE WHEN t.status = 'done' AND t.finished_at IS NOT NULL\n"
            f"    AND COALESCE(t.serving_at, t.called_at) IS NOT NULL THEN {served} END AS service_s,\n"
            f"  {target} AS target_s\n"
            "FROM tickets t JOIN queue_services s ON s.id = t.service_id\n"
            "LEFT JOIN counters c ON c.id = t.counter_id\n"
            "LEFT JOIN officers o ON o.id = t.officer_id\n"
            "WHERE t.business_date >= :first_day AND t.business_date < :end_day")


def queue_sql(base: str, backend: str) -> str:
    """One pass per grouping: counts, maxima, sums and the median and p90 of waits and service
    times (``percentile_cont`` on PostgreSQL; on SQLite each value's rank among the group's
    non-null values by a window, interpolated the same way)."""
    counts = ("MAX(label) AS label, SUM(first_stint) AS issued,\n"
              "  SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS served,\n"
              "  SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END) AS no_show,\n"
              "  SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,\n"
              "  SUM(CASE WHEN status = 'transferred' THEN 1 ELSE 0 END) AS transferred,\n"
              "  SUM(CASE WHEN first_stint = 1 AND priority_rank > 0 THEN 1 ELSE 0 END) AS priority,\n"
              "  SUM(CASE WHEN wait_s IS NOT NULL THEN 1 ELSE 0 END) AS called,\n"
              "  SUM(CASE WHEN wait_s IS NOT NULL AND wait_s <= target_s THEN 1 ELSE 0 END)"
              " AS within_target,\n"
              "  MAX(wait_s) AS wait_max_s, MAX(service_s) AS service_max_s,\n"
              "  COALESCE(SUM(service_s), 0) AS service_total_s")
    fractions = {"median": 0.5, "p90": 0.9}
    if backend == "postgresql":
        pct = ", ".join(f"percentile_cont({f}) WITHIN GROUP (ORDER BY {v}) AS {v}_{name}"
                        for v in ("wait_s", "service_s") for name, f in fractions.items())
        return f"WITH b AS ({base})\nSELECT k, {counts},\n  {pct}\nFROM b GROUP BY k"
    pct = ", ".join(_sqlite_percentile(v, f"{v}_{name}", f)
                    for v in ("wait_s", "service_s") for name, f in fractions.items())
    ranked = ("SELECT b.*,\n"
              "  ROW_NUMBER() OVER (PARTITION BY k, wait_s IS NULL ORDER BY wait_s) - 1 AS wait_s_rn,"
              "\n  COUNT(wait_s) OVER (PARTITION BY k) AS wait_s_n,\n"
              "  ROW_NUMBER() OVER (PARTITION BY k, service_s IS NULL ORDER BY service_s) - 1"
              " AS service_s_rn,\n  COUNT(service_s) OVER (PARTITION BY k) AS service_s_n\nFROM b")
    return (f"WITH b AS ({base}),\nr AS ({ranked})\n"
            f"SELECT k, {counts},\n  {pct}\nFROM r GROUP BY k")


def _sqlite_percentile(value: str, name: str, fraction: float) -> str:
    """percentile_cont(fraction) of ``value`` from its 0-based rank ``value_rn`` among the
    ``value_n`` non-null values of the group: linear interpolation between two ranks."""
    rn, n = f"{value}_rn", f"{value}_n"
    pos = f"(({n} - 1) * {fraction})"
    lo = f"CAST({pos} AS INTEGER)"
    frac = f"({pos} - {lo})"
    return (f"CASE WHEN MAX({n}) > 0 THEN SUM(CASE WHEN {value} IS NULL THEN 0 "
            f"WHEN {rn} = {lo} THEN {value} * (1 - {frac}) "
            f"WHEN {rn} = {lo} + 1 THEN {value} * {frac} ELSE 0 END) END AS {name}")


def session_sql(by: GroupBy, backend: str) -> str:
    """Seconds each counter (or officer) was open within the period; '' keys for other groups."""
    key = {GroupBy.COUNTER: as_text("c.number"), GroupBy.OFFICER: "o.username",
           GroupBy.NONE: "'total'"}[by]
    lo, hi = ("GREATEST", "LEAST") if backend == "postgresql" else ("MAX", "MIN")
    span = seconds_between(f"{lo}(cs.opened_at, :start)",
                           f"{hi}(COALESCE(cs.closed_at, :now), :end)", backend)
    return (f"SELECT {key} AS k, SUM({span}) AS session_s\n"
            "FROM counter_sessions cs JOIN counters c ON c.id = cs.counter_id\n"
            "JOIN officers o ON o.id = cs.officer_id\n"
            "WHERE cs.opened_at < :end AND COALESCE(cs.closed_at, :now) > :start\n"
            f"{group_clause(by, key)}")


def rating_sql(by: GroupBy, backend: str) -> str:
    """Ratings per group and level."""
    key = {
        GroupBy.NONE: "'total'",
        GroupBy.COUNTER: as_text("r.counter_number"),
        GroupBy.OFFICER: "r.officer_username",
        GroupBy.FIELD: "r.field_code",
        GroupBy.DAY: local_day("r.rated_at", backend),
        GroupBy.HOUR: local_hour("r.rated_at", backend),
    }[by]
    return (f"SELECT {key} AS k, r.level_code AS level, COUNT(*) AS n,\n"
            "  SUM(CASE WHEN r.negative IS TRUE THEN 1 ELSE 0 END) AS negative\n"
            "FROM ratings r WHERE r.rated_at >= :start AND r.rated_at < :end\n"
            f"{group_clause(by, key, 'r.level_code')}")


OLDEST_WAITING_SQL = ("SELECT s.code AS code, MIN(t.issued_at) AS oldest FROM tickets t\n"
                      "JOIN queue_services s ON s.id = t.service_id\n"
                      "WHERE t.business_date = :day AND t.status = 'waiting' GROUP BY s.code")
DUE_BY_FIELD_SQL = (
    "SELECT d.field_code AS field_code, MAX(fl.name) AS field_name,\n"
    f"  SUM(CASE WHEN d.paused_since IS NULL AND {LEGAL_DUE} < :now THEN 1 ELSE 0 END) AS overdue,\n"
    "  SUM(CASE WHEN d.appointment_at >= :now AND d.appointment_at < :tomorrow THEN 1 ELSE 0 END)"
    " AS due_today,\n"
    "  SUM(CASE WHEN d.appointment_at >= :tomorrow AND d.appointment_at < :after THEN 1 ELSE 0 END)"
    " AS due_tomorrow\n"
    "FROM dossiers d LEFT JOIN fields fl ON fl.code = d.field_code\n"
    f"WHERE d.ended_at IS NULL AND d.status IN ({OPEN_STATUSES})\n"
    "GROUP BY d.field_code ORDER BY d.field_code")
