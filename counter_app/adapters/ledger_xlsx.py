"""Mẫu 07 (2025; Mẫu 06 in 2018) as an Excel workbook: Sổ theo dõi hồ sơ.

Same columns as the PDF (:data:`~counter_app.domain.lifecycle_forms.LEDGER_COLUMNS`), with the
title block on top, the grouped header merged, the column numbers (1)…(n) under it, frozen panes
below the header and a print set-up for A4 landscape, fit to width. Times are real Excel
date-times (format ``hh:mm dd/mm/yyyy``) so the book can be sorted and filtered.

Speed and memory: openpyxl builds the frame (title, header, styles, print set-up) and one
prototype line whose cells carry each column's style; the lines themselves are then written as
sheet XML straight into the zip entry, a few hundred at a time, in the prototype's styles
(openpyxl costs ~50 µs a cell; a string template ~2 µs). Memory stays flat in the number of lines
apart from the finished file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from counter_app.domain.forms import FormPurpose, form_set
from counter_app.domain.lifecycle_forms import (
    LedgerColumn,
    LedgerContent,
    LedgerRow,
    ledger_cells,
    ledger_columns,
)

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TIME_FORMAT = "hh:mm dd/mm/yyyy"
_TIME_KEYS = {"received": "received_at", "appointment": "appointment_at", "returned": "returned_at",
              "transferred": "transferred_at", "result_received": "result_received_at"}
_COUNT_KEYS = ("number", "sets")
SHEET = "xl/worksheets/sheet1.xml"
CHUNK = 250  # lines written (and progress reported) at a time
EXCEL_EPOCH = dt.datetime(1899, 12, 30)

Progress = Callable[[int, int], None]


def _value(row: LedgerRow, key: str, text: str) -> object:
    """Times as naive local datetimes (Excel has no time zones); counts as numbers."""
    if key in _TIME_KEYS:
        return getattr(row, _TIME_KEYS[key])
    if key in _COUNT_KEYS:
        return int(text)
    return text


def _frame(c: LedgerContent, columns: tuple[LedgerColumn, ...]) -> tuple[bytes, int]:
    """The workbook without its lines but with one prototype line; return it and the
    prototype's row number."""
    forms = form_set(c.form_set)
    form = forms.form(FormPurpose.LEDGER)
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
    proto = numbers + 1
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(proto, i, "x")
        cell.font, cell.border = body_font, BOX
        cell.alignment = CENTRE if col.key in _COUNT_KEYS else WRAP
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
    return out.getvalue(), proto


def _cell_xml(ref: str, style: str, value: object) -> str:
    """One ``<c>`` element: a date-time serial, a number, an inline string or an empty cell."""
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - EXCEL_EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _lines(c: LedgerContent, columns: tuple[LedgerColumn, ...], first: int, styles: list[str],
           progress: Progress | None) -> Iterator[str]:
    """The sheet XML of the lines, a chunk at a time."""
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    total = len(c.rows)
    chunk: list[str] = []
    for done, row in enumerate(c.rows, start=1):
        r = first + done - 1
        cells = ledger_cells(row)
        chunk.append(f'<row r="{r}">' + "".join(
            _cell_xml(f"{letter}{r}", style, _value(row, col.key, cells[col.key]))
            for letter, style, col in zip(letters, styles, columns, strict=True)) + "</row>")
        if done % CHUNK == 0 or done == total:
            yield "".join(chunk)
            chunk = []
            if progress is not None:
                progress(done, total)


def render_ledger_xlsx(c: LedgerContent, progress: Progress | None = None) -> bytes:
    """Return the log book of ``c`` as XLSX bytes; ``progress(done, total)`` is called every
    few hundred lines (for a progress bar)."""
    columns = ledger_columns(c.form_set)
    frame, proto = _frame(c, columns)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(frame)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != SHEET:
                dst.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            row = re.search(rf'<row r="{proto}"[^>]*>.*?</row>', xml)
            if row is None:
                raise RuntimeError("ledger XLSX: prototype line not found")
            styles = re.findall(r'<c r="[A-Z]+\d+" s="(\d+)"', row.group(0))
            last = proto + len(c.rows) - 1
            head = re.sub(r'<dimension ref="[^"]*"/>',
                          f'<dimension ref="A1:{get_column_letter(len(columns))}'
                          f'{max(last, proto - 1)}"/>', xml[:row.start()])
            with dst.open(SHEET, "w") as sheet:
                sheet.write(head.encode("utf-8"))
                for part in _lines(c, columns, proto, styles, progress):
                    sheet.write(part.encode("utf-8"))
                sheet.write(xml[row.end():].encode("utf-8"))
    return out.getvalue()
