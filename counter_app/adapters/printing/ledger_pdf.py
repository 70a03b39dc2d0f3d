"""Mẫu 07 (2025; Mẫu 06 in 2018) as PDF: Sổ theo dõi hồ sơ, A4 landscape.

Columns come from :data:`~counter_app.domain.lifecycle_forms.LEDGER_COLUMNS` of the chosen form
set; grouped columns ("Nhận và trả kết quả") get a spanning header. The header rows repeat on
every page, and each page carries the book, field and date range at its foot.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from counter_app.adapters.printing.pdf_base import (
    SERIF,
    SERIF_ITALIC,
    esc,
    form_styles,
    form_title,
    register_fonts,
)
from counter_app.adapters.printing.pdf_blocks import OfficialHeader
from counter_app.domain.forms import FormPurpose, form_set
from counter_app.domain.lifecycle_forms import LedgerContent, ledger_cells, ledger_columns

PAGE = landscape(A4)
MARGIN = 12 * mm


def _period(c: LedgerContent) -> str:
    return f"Từ ngày {c.first_day:%d/%m/%Y} đến ngày {c.last_day:%d/%m/%Y}"


PAD_TOP, PAD_BOTTOM = 2.0, 3.0
# Short one-line values are plain table strings (much faster than paragraphs); a time is
# printed on two lines, "14:30" above "15/07/2026".
TIME_KEYS = frozenset({"received", "appointment", "returned", "transferred", "result_received"})
PLAIN_KEYS = frozenset({"number", "code", "sets", "signature"})


def _tables(c: LedgerContent, width: float, first_room: float, page_room: float) -> list[Flowable]:
    """The table cut into one Table per page (each with the header), so a long book lays out in
    linear time; a page whose rows were under-estimated still splits safely (header repeated)."""
    s = form_styles("A5")  # 8 pt body: eleven columns fit across A4 landscape
    columns = ledger_columns(c.form_set)
    total = sum(col.width for col in columns)
    widths = [col.width / total * width for col in columns]
    grouped = any(col.group for col in columns)
    top: list[object] = []
    second: list[object] = []
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if col.group and grouped:
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == col.group:
                j += 1
            top += [Paragraph(esc(col.group), s.cell_head)] + [""] * (j - i)
            second += [Paragraph(esc(columns[k].header), s.cell_head) for k in range(i, j + 1)]
            spans.append(("SPAN", (i, 0), (j, 0)))
            i = j + 1
            continue
        top.append(Paragraph(esc(col.header), s.cell_head))
        second.append("")
        if grouped:
            spans.append(("SPAN", (i, 0), (i, 1)))
        i += 1
    header_rows = [top, second] if grouped else [top]
    numbers = [[Paragraph(f"({n})", s.cell_centre) for n in range(1, len(columns) + 1)]]
    body: list[list[Any]] = []
    for line in c.rows:
        cells = ledger_cells(line)
        body.append([cells[col.key].replace(" ", "\n", 1) if col.key in TIME_KEYS
                     else cells[col.key] if col.key in PLAIN_KEYS
                     else Paragraph(esc(cells[col.key]), s.cell) for col in columns])
    centred = [("ALIGN", (i, len(header_rows) + 1), (i, -1), "CENTER")
               for i, col in enumerate(columns) if col.key in ("number", "sets")]
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, s.cell.fontSize, s.cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), *centred,
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
        *spans,
    ])
    head = header_rows + numbers

    def table(rows: list[list[Any]]) -> Table:
        t = Table(head + rows, colWidths=widths, repeatRows=len(head))
        t.setStyle(style)
        return t

    head_height = table([]).wrap(width, PAGE[1])[1]

    def height(row: list[Any]) -> float:
        tallest = max(float(p.wrap(w - 4, PAGE[1])[1]) if isinstance(p, Paragraph)
                      else s.cell.leading * (p.count("\n") + 1)
                      for p, w in zip(row, widths, strict=True))
        return tallest + PAD_TOP + PAD_BOTTOM

    out: list[Flowable] = []
    page: list[list[Any]] = []
    room = first_room - head_height - 2
    for row in body:
        h = height(row)
        if page and h > room:
            out += [table(page), PageBreak()]
            page, room = [], page_room - head_height - 2
        page.append(row)
        room -= h
    out.append(table(page))
    return out


def _foot(text: str, canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(SERIF_ITALIC, 7.5)
    canvas.drawString(MARGIN, MARGIN * 0.5, text)
    canvas.drawRightString(PAGE[0] - MARGIN, MARGIN * 0.5, f"Trang {canvas.getPageNumber()}")
    canvas.restoreState()


def render_ledger_pdf(c: LedgerContent) -> bytes:
    """Return the log book of ``c`` as PDF bytes (A4 landscape)."""
    register_fonts()
    forms = form_set(c.form_set)
    form = forms.form(FormPurpose.LEDGER)
    s = form_styles("A4")
    buffer = io.BytesIO()
    title = unicodedata.normalize("NFC", f"{form.title} — {c.field_name} — {_period(c)}")
    doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN, title=title,
                          subject=f"{form.number} ({forms.legal_basis})", author="counter_app",
                          creator="counter_app", lang="vi-VN", invariant=1)
    frame = Frame(MARGIN, MARGIN, PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    foot = unicodedata.normalize(
        "NFC", f"{form.title} — Quyển số {c.book or '…'} — Lĩnh vực: {c.field_name} — {_period(c)}")
    doc.addPageTemplates([PageTemplate(id="ledger", frames=[frame],
                                       onPageEnd=functools.partial(_foot, foot))])
    sub = [f"Lĩnh vực: <b>{esc(c.field_name)}</b>", esc(_period(c))]
    if c.book:
        sub.append(f"Quyển số: {esc(c.book)}")
    width, room = PAGE[0] - 2 * MARGIN, PAGE[1] - 2 * MARGIN
    story: list[Flowable] = [OfficialHeader(c.governing_body, c.unit_name, "", "", s),
                             *form_title(form.title, s, *sub)]
    used = sum(f.wrap(width, room)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)
    story += _tables(c, width, room - used, room)
    if not c.rows:
        story.append(Paragraph("Không có hồ sơ nào trong khoảng thời gian này.", s.centre_italic))
    doc.build(story)
    return buffer.getvalue()
