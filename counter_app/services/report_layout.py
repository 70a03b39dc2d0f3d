"""How a report is laid out: its columns (tables, XLSX, PDF) and its chart, one definition for the
screen, the terminal and the exports (the UI draws the chart with Qt Charts, the PDF with
ReportLab, both from :func:`chart_of`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from counter_app.services.ports.reports import GroupBy
from counter_app.services.reports import Report, ReportPeriod

# Columns of each report for tables, XLSX and PDF: JSON key, Vietnamese header, kind
# (int, rate 0–1, seconds, number, text). One list feeds every output.
COLUMNS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "dossiers": (
        ("label", "Nhóm", "text"), ("received", "Tiếp nhận", "int"),
        ("finished", "Đã giải quyết", "int"), ("on_time", "Đúng hạn", "int"),
        ("late", "Quá hạn", "int"), ("on_time_rate", "Tỷ lệ đúng hạn", "rate"),
        ("in_progress", "Đang giải quyết", "int"), ("overdue_now", "Đang quá hạn", "int"),
        ("supplement_requested", "Yêu cầu bổ sung", "int"), ("refused", "Từ chối", "int"),
        ("withdrawn", "Rút hồ sơ", "int"), ("avg_processing", "Thời gian TB", "number"),
        ("unit", "Đơn vị", "text"), ("satisfaction_index", "Chỉ số hài lòng", "rate"),
        ("digitised_rate", "Tỷ lệ số hóa", "rate"), ("e_result_rate", "Kết quả điện tử", "rate"),
        ("received_share", "Tỷ trọng tiếp nhận", "rate")),
    "queue": (
        ("label", "Nhóm", "text"), ("issued", "Số phiếu", "int"), ("served", "Đã phục vụ", "int"),
        ("no_show", "Vắng mặt", "int"), ("cancelled", "Hủy", "int"),
        ("transferred", "Chuyển", "int"), ("wait_median_s", "Chờ (trung vị)", "seconds"),
        ("wait_p90_s", "Chờ (p90)", "seconds"), ("wait_max_s", "Chờ (tối đa)", "seconds"),
        ("service_median_s", "Phục vụ (trung vị)", "seconds"),
        ("service_p90_s", "Phục vụ (p90)", "seconds"),
        ("within_target_rate", "Đạt mục tiêu chờ", "rate"),
        ("priority_share", "Ưu tiên", "rate"), ("utilisation", "Hiệu suất quầy", "rate")),
    "ratings": (
        ("label", "Nhóm", "text"), ("ratings", "Lượt đánh giá", "int"),
        ("negative", "Không hài lòng", "int"), ("negative_rate", "Tỷ lệ không hài lòng", "rate")),
}
UNIT_SHORT_VI = {"hours": "giờ", "half_days": "buổi", "working_days": "ngày LV"}
REPORT_TITLES_VI = {"queue": "Báo cáo xếp hàng và phục vụ",
                    "dossiers": "Báo cáo giải quyết hồ sơ (chỉ số QĐ 766/QĐ-TTg)",
                    "ratings": "Báo cáo đánh giá mức độ hài lòng"}


def format_cell(value: Any, kind: str) -> str:
    """Plain text of one cell: rates as percentages, seconds as minutes and seconds."""
    if value is None:
        return "–"
    if kind == "rate":
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == "seconds":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes}′{seconds:02d}″"
    if kind == "number":
        return f"{value:.2f}".replace(".", ",")
    if kind == "text" and value in UNIT_SHORT_VI:
        return UNIT_SHORT_VI[value]
    return str(value)


def table_rows(report: Report) -> list[list[str]]:
    """The report as text rows (header first, total last) for the terminal and the PDF."""
    cols = COLUMNS[report.kind]
    rows = [[header for _, header, _ in cols]]
    lines = [*report.lines, report.total] if report.by is not GroupBy.NONE else [report.total]
    for line in lines:
        data = line.to_json()
        rows.append([format_cell(data.get(key), kind) for key, _, kind in cols])
    return rows


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart: categories along x, one or more series (stacked or side by side)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    stacked: bool
    y_label: str
    colours: tuple[str, ...] = ()  # one per series (#rrggbb); empty: the drawer's palette


MAX_CATEGORIES = 31
GREEN, RED, BLUE, AMBER = "#2e7d32", "#c62828", "#1565c0", "#f9a825"


def chart_of(report: Report) -> ChartSpec:
    """The report's chart: dossiers on time vs late, queue waits (median, p90) in minutes, or
    ratings per level; by group (the total alone when ungrouped)."""
    lines = list(report.lines if report.by is not GroupBy.NONE else (report.total,))
    lines = lines[:MAX_CATEGORIES]
    cats = tuple(str(line.label) for line in lines)
    if report.kind == "dossiers":
        return ChartSpec("Hồ sơ giải quyết đúng hạn và quá hạn", cats, (
            ("Đúng hạn", tuple(float(line.figures.on_time) for line in lines)),
            ("Quá hạn", tuple(float(line.figures.late) for line in lines))), True, "hồ sơ",
            (GREEN, RED))
    if report.kind == "queue":
        def minutes(v: float | None) -> float:
            return round((v or 0.0) / 60, 1)
        return ChartSpec("Thời gian chờ (phút)", cats, (
            ("Trung vị", tuple(minutes(line.figures.wait_median_s) for line in lines)),
            ("P90", tuple(minutes(line.figures.wait_p90_s) for line in lines))), False, "phút",
            (BLUE, AMBER))
    seen = {code for line in lines for code, _ in line.figures.levels}
    known = [lv for lv in report.levels if lv[0] in seen]
    known += [(code, code, False) for code in sorted(seen - {lv[0] for lv in known})]
    colours = tuple(RED if negative else (GREEN if i == 0 else BLUE)
                    for i, (_c, _l, negative) in enumerate(known))
    return ChartSpec("Đánh giá theo mức", cats, tuple(
        (label, tuple(float(dict(line.figures.levels).get(code, 0)) for line in lines))
        for code, label, _neg in known), True, "lượt", colours)


class ReportFiles(Protocol):
    """Renders a report as file contents (the adapters' XLSX and PDF writers)."""

    def xlsx(self, report: Report) -> bytes:
        """The report as an Excel workbook."""
        ...

    def pdf(self, report: Report) -> bytes:
        """The report as PDF with its chart."""
        ...


PERIOD_PRESETS_VI = {"today": "Hôm nay", "week": "Tuần này", "month": "Tháng này",
                     "quarter": "Quý này", "year": "Năm nay", "custom": "Tùy chọn"}


def preset_period(preset: str, today: dt.date) -> ReportPeriod:
    """The period of a preset containing ``today`` (week from Monday; up to today)."""
    if preset == "today":
        return ReportPeriod(today, today)
    if preset == "week":
        return ReportPeriod(today - dt.timedelta(days=today.weekday()), today)
    if preset == "month":
        return ReportPeriod(today.replace(day=1), today)
    if preset == "quarter":
        return ReportPeriod(today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today)
    if preset == "year":
        return ReportPeriod(today.replace(month=1, day=1), today)
    raise ValueError(f"unknown preset {preset!r}")


# Dossier report columns that open the list of dossiers behind them.
DRILLABLE = frozenset({"received", "finished", "on_time", "late", "in_progress", "overdue_now",
                       "supplement_requested", "refused", "withdrawn"})
