"""Mẫu 07 (2025; Mẫu 06 in 2018) as PDF: Sổ theo dõi hồ sơ, A4 landscape.

Columns come from :data:`~counter_app.domain.lifecycle_forms.LEDGER_COLUMNS` of the chosen form
set; grouped columns ("Nhận và trả kết quả") get a spanning header. The header rows repeat on
every page, and each page carries the book, field and date range at its foot.

Speed and memory: the lines are not platypus tables of paragraphs (~1.7 ms a line, and every
cell an object held to the end) but one flowable that splits by binary search over the lines'
heights and draws its lines' text straight into the page (:class:`~.pdf_text.PageText`); only
the header is a table. A line's cells are worked out again when it is drawn, so nothing per line
is kept but its height (8 bytes), and each finished page goes into the output at once
(:class:`~.pdf_stream.StreamingCanvas`): the memory the export needs beyond its file is flat in
the number of lines.
"""

from __future__ import annotations

import bisect
import functools
import io
import unicodedata
from array import array
from collections.abc import Callable
from itertools import accumulate

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
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
from counter_app.adapters.printing.pdf_stream import StreamingCanvas
from counter_app.adapters.printing.pdf_text import PageText
from counter_app.domain.forms import FormPurpose, form_set
from counter_app.domain.lifecycle_forms import LedgerContent, ledger_cells, ledger_columns

PAGE = landscape(A4)
MARGIN = 12 * mm


def _period(c: LedgerContent) -> str:
    return f"Từ ngày {c.first_day:%d/%m/%Y} đến ngày {c.last_day:%d/%m/%Y}"


PAD_TOP, PAD_BOTTOM, PAD_SIDE = 2.0, 3.0, 2.0
# A time is printed on two lines, "14:30" above "15/07/2026"; short values stay on one line;
# the rest wraps at word boundaries.
TIME_KEYS = frozenset({"received", "appointment", "returned", "transferred", "result_received"})
PLAIN_KEYS = frozenset({"number", "code", "sets", "signature"})
CENTRED_KEYS = frozenset({"number", "sets"})
UNIQUE_KEYS = frozenset({"number", "code"})  # a new value on every line: not worth caching
PROGRESS_EVERY = 200  # lines between two progress reports
HEADER_FORM = "ledgerHeader"

Progress = Callable[[int, int], None]


def _header_table(c: LedgerContent, widths: list[float]) -> Table:
    """The header rows (grouped header spanning its columns, then the column numbers), as one
    table drawn on top of every page."""
    s = form_styles("A5")  # 8 pt body: eleven columns fit across A4 landscape
    columns = ledger_columns(c.form_set)
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
    table = Table(header_rows + numbers, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, s.cell.fontSize, s.cell.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_SIDE), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_SIDE),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
        *spans,
    ]))
    return table


class _Book:
    """What every piece of the ledger's table shares: columns, header, text and line heights."""

    def __init__(self, c: LedgerContent, width: float, progress: Progress | None) -> None:
        s = form_styles("A5")
        self.columns = ledger_columns(c.form_set)
        total = sum(col.width for col in self.columns)
        self.widths = [col.width / total * width for col in self.columns]
        self.xs = list(accumulate([0.0, *self.widths[:-1]]))
        self.header = _header_table(c, self.widths)
        self.header_height = float(self.header.wrap(width, PAGE[1])[1])
        self.header_drawn = False
        self.text = PageText(SERIF, s.cell.fontSize)
        self.leading = float(s.cell.leading)
        self.rows = c.rows
        self.progress = progress
        # 8 bytes a line, the only thing kept per line
        self.ends = array("d", accumulate(self._height(i) for i in range(len(c.rows))))

    def cells(self, i: int) -> list[list[str]]:
        """The lines of each cell of line ``i``."""
        values = ledger_cells(self.rows[i])
        out = []
        for col, w in zip(self.columns, self.widths, strict=True):
            value = unicodedata.normalize("NFC", values[col.key])
            if col.key in TIME_KEYS:
                out.append(value.split(" ", 1) if value else [])
            elif col.key in PLAIN_KEYS:
                out.append([value] if value else [])
            else:
                out.append(self.text.wrap(value, w - 2 * PAD_SIDE))
        return out

    def _height(self, i: int) -> float:
        return max(1, *(len(lines) for lines in self.cells(i))) * self.leading \
            + PAD_TOP + PAD_BOTTOM

    def span(self, start: int, end: int) -> float:
        """Height of lines ``start`` to ``end`` (exclusive)."""
        if end <= start:
            return 0.0
        return self.ends[end - 1] - (self.ends[start - 1] if start else 0.0)


class _Lines(Flowable):  # type: ignore[misc]
    """Lines ``start``…``end`` of the ledger under the header; splits across pages in O(log n)."""

    def __init__(self, book: _Book, start: int, end: int) -> None:
        super().__init__()
        self.book, self.start, self.end = book, start, end

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The header plus every line."""
        self.width = sum(self.book.widths)
        self.height = self.book.header_height + self.book.span(self.start, self.end)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """As many lines as fit here, and the rest (at least one line on an empty page)."""
        b = self.book
        room = avail_height - b.header_height
        base = b.ends[self.start - 1] if self.start else 0.0
        fit = bisect.bisect_right(b.ends, base + room, self.start, self.end)
        if fit == self.start:
            if avail_height < PAGE[1] - 2 * MARGIN - 1:
                return []
            fit = self.start + 1
        return [_Lines(b, self.start, fit), _Lines(b, fit, self.end)]

    def draw(self) -> None:
        """The header, then each line's text, row rules and the column rules."""
        b, canv = self.book, self.canv
        if not b.header_drawn:  # drawn once into a form, then placed on every page
            canv.beginForm(HEADER_FORM, 0, 0, self.width, b.header_height)
            b.header.drawOn(canv, 0, 0)
            canv.endForm()
            b.header_drawn = True
        canv.saveState()
        canv.translate(0, self.height - b.header_height)
        canv.doForm(HEADER_FORM)
        canv.restoreState()
        y = self.height - b.header_height
        canv.setLineWidth(0.5)
        rules: list[tuple[float, float, float, float]] = []
        fs = b.text.size
        for i in range(self.start, self.end):
            h = b.span(i, i + 1)
            for lines, x, w, col in zip(b.cells(i), b.xs, b.widths, b.columns, strict=True):
                top = y - PAD_TOP - (h - PAD_TOP - PAD_BOTTOM - len(lines) * b.leading) / 2
                keep = col.key not in UNIQUE_KEYS
                for k, line in enumerate(lines):
                    base = top - k * b.leading - fs
                    if col.key in CENTRED_KEYS:
                        b.text.draw(canv, x + (w - b.text.width(line, keep)) / 2, base, line, keep)
                    else:
                        b.text.draw(canv, x + PAD_SIDE, base, line, keep)
            y -= h
            rules.append((0.0, y, self.width, y))
            done = i + 1
            if b.progress is not None and (done % PROGRESS_EVERY == 0 or done == len(b.rows)):
                b.progress(done, len(b.rows))
        if self.end > self.start:
            top = self.height - b.header_height
            rules += [(x, top, x, y) for x in [*b.xs, self.width]]
            canv.lines(rules)


def _foot(text: str, canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(SERIF_ITALIC, 7.5)
    canvas.drawString(MARGIN, MARGIN * 0.5, text)
    canvas.drawRightString(PAGE[0] - MARGIN, MARGIN * 0.5, f"Trang {canvas.getPageNumber()}")
    canvas.restoreState()


def render_ledger_pdf(c: LedgerContent, progress: Progress | None = None) -> bytes:
    """Return the log book of ``c`` as PDF bytes (A4 landscape); ``progress(done, total)`` is
    called every few hundred lines drawn (for a progress bar)."""
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
    width = PAGE[0] - 2 * MARGIN
    story: list[Flowable] = [OfficialHeader(c.governing_body, c.unit_name, "", "", s),
                             *form_title(form.title, s, *sub)]
    story.append(_Lines(_Book(c, width, progress), 0, len(c.rows)))
    if not c.rows:
        story.append(Paragraph("Không có hồ sơ nào trong khoảng thời gian này.", s.centre_italic))
    doc.build(story, canvasmaker=StreamingCanvas)  # each page goes into the buffer when done
    return buffer.getvalue()
