"""Base of the one-stop PDF forms (Mẫu 01–07), drawn with ReportLab platypus.

A form module builds a list of flowables per copy and hands the lists to ``build_pdf``, which
starts each copy on a new page and marks the continuation pages of a copy. Blocks:

* here: ``paper``/``form_styles`` (A4, A5), ``form_title``, ``field_line`` (label: value, or a
  dotted fill line when the value is empty), ``numbered_line``, ``table_block`` (ruled, wraps,
  splits across pages with its header repeated), ``footnote``, ``Rule``;
* in ``pdf_blocks``: ``OfficialHeader`` (governing body and unit on the left, national motto on
  the right, document number and place-and-date line on one row, ND 30/2020 layout),
  ``SignatureBlock``/``signature_row`` and the vector ``QrCode``/``qr_with_caption``.

Text is NFC-normalised and XML-escaped on the way in. Fonts are Noto Serif from ``resources/fonts``,
registered once per process and embedded (subset) in every file.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.errors import DomainError
from counter_app.resources import (
    FONT_SERIF,
    FONT_SERIF_BOLD,
    FONT_SERIF_ITALIC,
    resource_path,
)

SERIF = "NotoSerif"
SERIF_BOLD = "NotoSerif-Bold"
SERIF_ITALIC = "NotoSerif-Italic"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_TAGLINE = "Độc lập - Tự do - Hạnh phúc"
SIGN_HINT = "(Ký và ghi rõ họ tên)"


@functools.cache
def register_fonts() -> None:
    """Register Noto Serif regular/bold/italic with ReportLab (once per process)."""
    fonts = ((SERIF, FONT_SERIF), (SERIF_BOLD, FONT_SERIF_BOLD), (SERIF_ITALIC, FONT_SERIF_ITALIC))
    for name, parts in fonts:
        pdfmetrics.registerFont(TTFont(name, str(resource_path(*parts))))
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD
    )


@dataclass(frozen=True)
class Paper:
    """A paper size with its margins (points) and the base font size forms use on it."""

    name: str
    size: tuple[float, float]
    top: float
    right: float
    bottom: float
    left: float
    font_size: float
    line_spacing: float = 1.25

    @property
    def frame_width(self) -> float:
        """Width available to the text between the margins."""
        return self.size[0] - self.left - self.right

    @property
    def leading(self) -> float:
        """Line spacing of body text."""
        return self.font_size * self.line_spacing


PAPERS: dict[str, Paper] = {
    # ND 30/2020 margins (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm), slightly tightened.
    "A4": Paper("A4", A4, 14 * mm, 15 * mm, 12 * mm, 25 * mm, 11.0),
    "A5": Paper("A5", A5, 8 * mm, 9 * mm, 7 * mm, 14 * mm, 8.0, 1.2),
}


def paper(name: str) -> Paper:
    """Return the paper called ``name`` ("A4" or "A5"); DomainError otherwise."""
    try:
        return PAPERS[name.upper()]
    except KeyError:
        raise DomainError(f"Khổ giấy '{name}' không được hỗ trợ (chỉ A4 hoặc A5).") from None


@dataclass(frozen=True)
class FormStyles:
    """Paragraph styles of one paper size."""

    body: ParagraphStyle
    indent: ParagraphStyle
    title: ParagraphStyle
    centre: ParagraphStyle
    centre_bold: ParagraphStyle
    centre_italic: ParagraphStyle
    header: ParagraphStyle
    header_bold: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_head: ParagraphStyle


@functools.cache
def form_styles(paper_name: str, scale: float = 1.0) -> FormStyles:
    """Return the styles for ``paper_name``, sized from its base font size times ``scale``
    (slightly below 1 to fit a form on one page)."""
    register_fonts()
    p = paper(paper_name)
    size = p.font_size * scale
    lead = size * (p.line_spacing if scale >= 1 else max(1.15, p.line_spacing - 0.05))

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {"fontName": SERIF, "fontSize": size, "leading": lead}
        return ParagraphStyle(f"{p.name}-{name}", **{**base, **kw})

    small, header = size * 0.85, size * 0.95
    return FormStyles(
        body=style("body", alignment=TA_JUSTIFY, spaceAfter=size * 0.2),
        indent=style("indent", leftIndent=size * 1.5, spaceAfter=size * 0.2),
        title=style(
            "title", fontName=SERIF_BOLD, fontSize=size * 1.2, leading=size * 1.5,
            alignment=TA_CENTER,
        ),
        centre=style("centre", alignment=TA_CENTER),
        centre_bold=style("centre_bold", fontName=SERIF_BOLD, alignment=TA_CENTER),
        centre_italic=style("centre_italic", fontName=SERIF_ITALIC, alignment=TA_CENTER),
        header=style("header", fontSize=header, leading=header * 1.25, alignment=TA_CENTER),
        header_bold=style(
            "header_bold", fontName=SERIF_BOLD, fontSize=header, leading=header * 1.25,
            alignment=TA_CENTER,
        ),
        note=style(
            "note", fontName=SERIF_ITALIC, fontSize=small, leading=small * 1.25,
            alignment=TA_JUSTIFY,
        ),
        cell=style("cell", fontSize=size * 0.95, leading=size * 1.2, alignment=TA_LEFT),
        cell_centre=style(
            "cell_centre", fontSize=size * 0.95, leading=size * 1.2, alignment=TA_CENTER
        ),
        cell_head=style(
            "cell_head", fontName=SERIF_BOLD, fontSize=size * 0.95, leading=size * 1.2,
            alignment=TA_CENTER,
        ),
    )


def esc(text: str) -> str:
    """Return ``text`` NFC-normalised and escaped for Paragraph markup."""
    return escape(unicodedata.normalize("NFC", text))


def dots_for(width: float, style: ParagraphStyle) -> str:
    """Return a run of dots as wide as ``width`` in ``style`` (a fill line for handwriting)."""
    dot = pdfmetrics.stringWidth(".", style.fontName, style.fontSize)
    return "." * max(3, int(width / dot) - 1)


def field_line(
    label: str, value: str, style: ParagraphStyle, width: float, *, bold: bool = False
) -> Paragraph:
    """Return "label: value"; an empty value becomes a dotted line to the end of the text line."""
    head = f"{esc(label)}: " if label else ""
    if value.strip():
        shown = f"<b>{esc(value)}</b>" if bold else esc(value)
        return Paragraph(head + shown, style)
    plain = unicodedata.normalize("NFC", f"{label}: " if label else "")
    used = pdfmetrics.stringWidth(plain, style.fontName, style.fontSize)
    room = width - style.leftIndent - (used % (width - style.leftIndent))
    return Paragraph(head + dots_for(room, style), style)


def numbered_line(
    number: int, label: str, value: str, style: ParagraphStyle, width: float
) -> Paragraph:
    """Return "n. label: value" as on the forms' numbered items."""
    return field_line(f"{number}. {label}", value, style, width)


def form_title(title: str, styles: FormStyles, *sublines: str) -> list[Flowable]:
    """Return the centred bold upper-case title followed by centred sub-lines (code, copy label)."""
    out: list[Flowable] = [Spacer(1, styles.body.fontSize * 0.7)]
    out.append(Paragraph(esc(title.upper()), styles.title))
    out += [Paragraph(line, styles.centre) for line in sublines]
    out.append(Spacer(1, styles.body.fontSize * 0.6))
    return out


def table_block(
    header: Sequence[str], rows: Sequence[Sequence[str]], fractions: Sequence[float],
    styles: FormStyles, width: float, *, centred_columns: Sequence[int] = (0,),
    with_header: bool = True,
) -> Table:
    """Return a ruled table with a repeated bold header row; cells wrap; it splits across pages.

    ``with_header=False`` gives the rows alone, to continue a table just above (same columns).
    """
    head = [Paragraph(esc(h), styles.cell_head) for h in header]
    body = [
        [
            Paragraph(esc(cell), styles.cell_centre if i in centred_columns else styles.cell)
            for i, cell in enumerate(row)
        ]
        for row in rows
    ]
    pad = styles.body.fontSize * 0.25
    table = Table([head, *body] if with_header else body, colWidths=[f * width for f in fractions],
                  repeatRows=1 if with_header else 0)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.5),
    ]))
    return table


def footnote(text: str, styles: FormStyles, width: float) -> list[Flowable]:
    """Return a short rule and the form's footnote in small italics."""
    return [KeepTogether([Spacer(1, styles.note.fontSize * 0.6), Rule(width * 0.25, align="LEFT"),
                          Paragraph(esc(text), styles.note)])]


class Rule(Flowable):  # type: ignore[misc]
    """A thin horizontal line of a given length, left-aligned or centred."""

    def __init__(self, length: float, *, align: str = "CENTER", thickness: float = 0.5) -> None:
        super().__init__()
        self.length, self.hAlign, self.thickness = length, align, thickness

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the rule's length and a little vertical room."""
        return self.length, 4.0

    def draw(self) -> None:
        """Draw the line."""
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 2, self.length, 2)


class _CopyStart(Flowable):  # type: ignore[misc]
    """Zero-size marker placed first in each copy; records the page the copy starts on."""

    def __init__(self, state: dict[str, object], index: int, continuation: str) -> None:
        super().__init__()
        self.state, self.index, self.continuation = state, index, continuation

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Remember where the copy starts and what its continuation pages say."""
        self.state["start"] = self.canv.getPageNumber()
        self.state["index"] = self.index
        self.state["continuation"] = self.continuation


def _page_end(state: dict[str, object], p: Paper, canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Mark the pages of a copy that runs over one page.

    Pages after the first repeat the copy's header line (its continuation text) on top; when the
    copies' page counts are known (``state["totals"]``) every page of such a copy says
    "Trang i/n" in the top right corner, else the later pages say "(tiếp theo, trang i)".
    """
    page = canvas.getPageNumber()
    start = state.get("start", page)
    index = state.get("index", 0)
    assert isinstance(start, int) and isinstance(index, int)
    starts = state.setdefault("starts", {})
    assert isinstance(starts, dict)
    starts[index] = start
    totals = state.get("totals")
    total = totals[index] if isinstance(totals, Sequence) and index < len(totals) else 0
    number = page - start + 1
    size = p.font_size * 0.8
    top = p.size[1] - p.top * 0.6
    room = p.frame_width
    canvas.saveState()
    if total > 1:
        mark = unicodedata.normalize("NFC", f"Trang {number}/{total}")
        canvas.setFont(SERIF_ITALIC, size)
        canvas.drawRightString(p.size[0] - p.right, top, mark)
        room -= pdfmetrics.stringWidth(mark, SERIF_ITALIC, size) + size
    if page != start:
        suffix = "(tiếp theo)" if total > 1 else f"(tiếp theo, trang {number})"
        text = unicodedata.normalize("NFC", f"{state.get('continuation', '')} {suffix}")
        fitted = size * min(1.0, room / pdfmetrics.stringWidth(text, SERIF_ITALIC, size))
        canvas.setFont(SERIF_ITALIC, fitted)
        canvas.drawString(p.left, top, text)
    canvas.restoreState()


def layout_pdf(
    copies: Sequence[Sequence[Flowable]], *, paper_name: str, title: str,
    continuations: Sequence[str] = (), subject: str = "", totals: Sequence[int] = (),
) -> tuple[bytes, list[int]]:
    """Lay out each copy's flowables from a new page; return the PDF and each copy's page count.

    ``continuations[i]`` is printed on top of the second and later pages of copy ``i`` (e.g. the
    form's title and the dossier code), so a loose page can be matched to its first page;
    ``totals`` (the page counts of a previous layout) turn the page marks into "Trang i/n".
    """
    register_fonts()
    p = paper(paper_name)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=p.size, leftMargin=p.left, rightMargin=p.right, topMargin=p.top,
        bottomMargin=p.bottom, title=unicodedata.normalize("NFC", title), subject=subject,
        author="counter_app", creator="counter_app", lang="vi-VN", invariant=1,
        displayDocTitle=1, initialFontName=SERIF,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    state: dict[str, object] = {"totals": list(totals)}
    doc.addPageTemplates([PageTemplate(
        id="form", frames=[frame], onPageEnd=functools.partial(_page_end, state, p)
    )])
    story: list[Flowable] = []
    for i, flowables in enumerate(copies):
        if i:
            story.append(PageBreak())
        story.append(_CopyStart(state, i, continuations[i] if i < len(continuations) else ""))
        story.extend(flowables)
    doc.build(story)
    starts = state.get("starts", {})
    assert isinstance(starts, dict)
    first = [starts.get(i, 1) for i in range(len(copies))]
    last_page = int(doc.page)
    pages = [(first[i + 1] if i + 1 < len(first) else last_page + 1) - first[i]
             for i in range(len(first))]
    return buffer.getvalue(), pages


def build_pdf(
    copies: Sequence[Sequence[Flowable]], *, paper_name: str, title: str,
    continuations: Sequence[str] = (), subject: str = "",
) -> bytes:
    """Lay out each copy's flowables from a new page and return the PDF bytes (see
    :func:`layout_pdf`)."""
    return layout_pdf(copies, paper_name=paper_name, title=title, continuations=continuations,
                      subject=subject)[0]
