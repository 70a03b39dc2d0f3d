"""A report as an Excel workbook: title block, one header row (frozen), one row per group and the
total, real numbers (rates formatted as percentages, seconds as numbers, days as dates)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from counter_app.domain.reference import Centre
from counter_app.services.ports.reports import GroupBy
from counter_app.services.report_layout import COLUMNS, REPORT_TITLES_VI
from counter_app.services.reports import UNIT_LABELS_VI, Report

FORMATS = {"rate": "0.0%", "seconds": "0", "number": "0.00", "int": "0"}
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def _cell_value(report: Report, key: str, kind: str, data: dict[str, Any]) -> Any:
    value = data.get(key)
    if key == "label" and report.by is GroupBy.DAY and data.get("group", "").count("-") == 2:
        return dt.date.fromisoformat(data["group"])
    if kind == "text" and value in UNIT_LABELS_VI:
        return UNIT_LABELS_VI[value]
    return value


def render_report_xlsx(report: Report, centre: Centre, tz: dt.tzinfo) -> bytes:
    """Return ``report`` as XLSX bytes."""
    cols = COLUMNS[report.kind]
    wb = Workbook()
    ws = wb.active
    ws.title = report.kind
    generated = report.generated_at.astimezone(tz).replace(tzinfo=None)
    title_rows = [centre.governing_body.upper(), centre.name.upper(),
                  REPORT_TITLES_VI[report.kind].upper(), report.period.label_vi,
                  f"Lập lúc {generated:%H:%M ngày %d/%m/%Y}"]
    for r, text in enumerate(title_rows, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))
        cell = ws.cell(r, 1, text)
        cell.font = Font(bold=r in (2, 3), size=13 if r == 3 else 11, italic=r >= 4)
        cell.alignment = Alignment(horizontal="center")
    head = len(title_rows) + 2
    for i, (_, header, _kind) in enumerate(cols, start=1):
        cell = ws.cell(head, i, header)
        cell.font, cell.fill = Font(bold=True), HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = 28 if i == 1 else 14
    lines = [*report.lines, report.total] if report.by is not GroupBy.NONE else [report.total]
    for r, line in enumerate(lines, start=head + 1):
        data = line.to_json()
        for i, (key, _, kind) in enumerate(cols, start=1):
            cell = ws.cell(r, i, _cell_value(report, key, kind, data))
            if kind in FORMATS:
                cell.number_format = FORMATS[kind]
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            if line is report.total:
                cell.font = Font(bold=True)
    ws.freeze_panes = ws.cell(head + 1, 2)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = f"{REPORT_TITLES_VI[report.kind]} — {report.period.label_vi}"
    wb.properties.creator = "counter_app"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
