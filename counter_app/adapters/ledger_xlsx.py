"""Mẫu 07 (2025; Mẫu 06 in 2018) as an Excel workbook: Sổ theo dõi hồ sơ.

Same columns as the PDF (:data:`~counter_app.domain.lifecycle_forms.LEDGER_COLUMNS`), with the
title block on top, the grouped header merged, the column numbers (1)…(n) under it, frozen panes
below the header and a print set-up for A4 landscape, fit to width. Times are real Excel
date-times (format ``hh:mm dd/mm/yyyy``) so the book can be sorted and filtered.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from counter_app.domain.forms import FormPurpose, form_set
from counter_app.domain.lifecycle_forms import LedgerContent, LedgerRow, ledger_cells, ledger_columns

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TIME_FORMAT = "hh:mm dd/mm/yyyy"
_TIME_KEYS = {"received": "received_at", "appointment": "appointment_at", "returned": "returned_at",
              "transferred": "transferred_at", "result_received": "result_received_at"}


def _value(row: LedgerRow, key: str, text: str) -> object:
    """Times as naive local datetimes (Excel has no time zones); counts as numbers."""
    if key in _TIME_KEYS:
        return getattr(row, _TIME_KEYS[key])
    if key in ("number", "sets"):
        return int(text)
    return text


def render_ledger_xlsx(c: LedgerContent) -> bytes:
    """Return the log book of ``c`` as XLSX bytes."""
    forms = form_set(c.form_set)
    form = forms.form(FormPurpose.LEDGER)
    columns = ledger_columns(c.form_set)
    n = len(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi ho so"
    title_rows = [
        (c.governing_body.upper(), Font(name=FONT, size=12)),
        (c.unit_name.upper(), Font(name=FONT, size=12, bold=True)),
        (form.title.upper(), Font(name=FONT, size=14, bold=True)),
        (f"Lĩnh vực: {c.field_name}", Font(name=FONT, size=12)),
        (f"Từ ngày {c.first_day:%d/%m/%Y} đến ngày {c.last_day:%d/%m/%Y}"
         + (f" — Quyển số: {c.book}" if c.book else ""), Font(name=FONT, size=12, italic=True)),
    ]
    for r, (text, font) in enumerate(title_rows, start=1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        cell = ws.cell(r, 1, text)
        cell.font, cell.alignment = font, CENTRE
    head = len(title_rows) + 2
    grouped = any(col.group for col in columns)
    head_font = Font(name=FONT, size=11, bold=True)
    for i, col in enumerate(columns, start=1):
        if grouped and col.group:
            ws.cell(head, i, col.group)
            ws.cell(head + 1, i, col.header)
        else:
            ws.cell(head, i, col.header)
            if grouped:
                ws.merge_cells(start_row=head, start_column=i, end_row=head + 1, end_column=i)
        ws.column_dimensions[get_column_letter(i)].width = max(6.0, col.width * 180)
    if grouped:
        i = 0
        while i < n:
            if columns[i].group:
                j = i
                while j + 1 < n and columns[j + 1].group == columns[i].group:
                    j += 1
                ws.merge_cells(start_row=head, start_column=i + 1, end_row=head, end_column=j + 1)
                i = j + 1
            else:
                i += 1
    last_head = head + 1 if grouped else head
    numbers = last_head + 1
    for i in range(1, n + 1):
        ws.cell(numbers, i, f"({i})")
        for r in range(head, numbers + 1):
            cell = ws.cell(r, i)
            cell.font = head_font if r < numbers else Font(name=FONT, size=10, italic=True)
            cell.alignment, cell.border = CENTRE, BOX
    body_font = Font(name=FONT, size=11)
    for r, row in enumerate(c.rows, start=numbers + 1):
        cells = ledger_cells(row)
        for i, col in enumerate(columns, start=1):
            cell = ws.cell(r, i, _value(row, col.key, cells[col.key]))
            cell.font, cell.border = body_font, BOX
            cell.alignment = CENTRE if col.key in ("number", "sets") else WRAP
            if col.key in _TIME_KEYS:
                cell.number_format = TIME_FORMAT
    ws.freeze_panes = ws.cell(numbers + 1, 3)
    ws.print_title_rows = f"{head}:{numbers}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = f"{form.title} ({form.number}, {forms.legal_basis})"
    wb.properties.creator = "counter_app"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
