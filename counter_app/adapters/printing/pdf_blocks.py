"""Larger blocks shared by the one-stop PDF forms: official header, signature row and QR code.

They build on the fonts and styles of ``pdf_base``; see there for how a form is put together.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter_app.adapters.printing.pdf_base import (
    MOTTO,
    MOTTO_TAGLINE,
    PAPERS,
    SERIF,
    SERIF_BOLD,
    SIGN_HINT,
    FormStyles,
    esc,
)
from counter_app.adapters.qr import qr_code


def fitted(text: str, style: ParagraphStyle, width: float, *, min_scale: float = 0.85) -> Paragraph:
    """Return ``text`` on one line, shrinking the font down to ``min_scale`` if needed; wrap if
    even that is too wide (so a unit name never ends in a one-word orphan line when avoidable)."""
    natural = pdfmetrics.stringWidth(text, style.fontName, style.fontSize)
    if natural > width and natural * min_scale <= width:
        scale = width / natural * 0.995
        style = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=style.fontSize * scale)
    return Paragraph(esc(text), style)


class OfficialHeader(Flowable):  # type: ignore[misc]
    """Header of an administrative document (ND 30/2020 layout), two columns.

    Left: governing body (regular) and issuing unit (bold), a short rule, then "Số: …".
    Right: the national motto (bold), the tagline (bold, underlined over its full length), then the
    italic place-and-date line, on the same row as the document number. The right column is as
    wide as the motto needs; the left one takes the rest.
    """

    def __init__(
        self, governing_body: str, unit_name: str, document_number: str, place_date: str,
        styles: FormStyles,
    ) -> None:
        super().__init__()
        self.styles = styles
        self.texts = (governing_body.upper(), unit_name.upper())
        self.document_number, self.place_date = document_number, place_date
        self.gap = styles.body.fontSize * 1.0
        self.rule_drop = styles.body.fontSize * 0.3

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Lay out both columns; the two bottom lines share one row."""
        s = self.styles
        motto = pdfmetrics.stringWidth(MOTTO, SERIF_BOLD, s.header_bold.fontSize)
        self.width = avail_width
        self.rw = min(motto + 3 * s.body.fontSize, avail_width * 0.6)
        self.lw = avail_width - self.rw
        inner = self.lw - s.body.fontSize
        self.left_top = [fitted(self.texts[0], s.header, inner),
                         fitted(self.texts[1], s.header_bold, inner)]
        self.right_top = [Paragraph(esc(MOTTO), s.header_bold),
                          Paragraph(esc(MOTTO_TAGLINE), s.header_bold)]
        number, place_date = self.document_number, self.place_date
        self.left_bottom = Paragraph(esc(number), s.header) if number else None
        self.right_bottom = Paragraph(esc(place_date), s.centre_italic) if place_date else None
        lt = sum(p.wrap(self.lw, avail_height)[1] for p in self.left_top)
        rt = sum(p.wrap(self.rw, avail_height)[1] for p in self.right_top)
        self.top = max(lt, rt) + self.gap
        lb = self.left_bottom.wrap(self.lw, avail_height)[1] if self.left_bottom else 0.0
        rb = self.right_bottom.wrap(self.rw, avail_height)[1] if self.right_bottom else 0.0
        self.height = self.top + max(lb, rb)
        return self.width, self.height

    def _column(self, paras: Sequence[Paragraph], x: float) -> float:
        y: float = self.height
        for para in paras:
            y -= float(para.height)
            para.drawOn(self.canv, x, y)
        return y

    def draw(self) -> None:
        """Draw the columns, the rule under the unit and the underline of the tagline."""
        c, s = self.canv, self.styles
        c.setLineWidth(0.6)
        y = self._column(self.left_top, 0) - self.rule_drop
        c.line(self.lw * 0.35, y, self.lw * 0.65, y)
        y = self._column(self.right_top, self.lw) - self.rule_drop
        tag = pdfmetrics.stringWidth(MOTTO_TAGLINE, SERIF_BOLD, s.header_bold.fontSize)
        centre = self.lw + self.rw / 2
        c.line(centre - tag / 2, y, centre + tag / 2, y)
        bottom = self.height - self.top
        if self.left_bottom:
            self.left_bottom.drawOn(c, 0, bottom - self.left_bottom.height)
        if self.right_bottom:
            self.right_bottom.drawOn(c, self.lw, bottom - self.right_bottom.height)


@dataclass(frozen=True)
class SignatureBlock:
    """One signature column: title (e.g. NGƯỜI TIẾP NHẬN HỒ SƠ), hints, and the printed name."""

    title: str
    hints: tuple[str, ...] = (SIGN_HINT,)
    name: str = ""


def signature_row(
    blocks: Sequence[SignatureBlock], styles: FormStyles, width: float, *,
    sign_space: float = 16 * mm, middle: Flowable | None = None,
) -> Table:
    """Return the signature columns side by side, each with room to sign above the printed name.

    ``sign_space`` is given for A4 and scaled with the paper's font size. ``middle`` (e.g. the
    receipt's QR code) sits between two signature columns, in the space they leave free.
    """
    hint = ParagraphStyle("hint", parent=styles.centre_italic, fontSize=styles.note.fontSize,
                          leading=styles.note.leading)
    room = sign_space * styles.body.fontSize / PAPERS["A4"].font_size
    cells = []
    for block in blocks:
        cell: list[Flowable] = [Paragraph(esc(block.title.upper()), styles.centre_bold)]
        cell += [Paragraph(esc(h), hint) for h in block.hints]
        cell.append(Spacer(1, room))
        cell.append(Paragraph(f"<b>{esc(block.name)}</b>" if block.name else "", styles.centre))
        cells.append(cell)
    widths = [width / len(blocks)] * len(blocks)
    if middle is not None and len(blocks) == 2:
        side = width * 0.38
        cells.insert(1, [middle])
        widths = [side, width - 2 * side, side]
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    return table


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """Return the modules of the QR code of ``payload`` (level M, no border), row by row.

    Cached: the two copies of a slip, and a reprint, share one computation. The mask is the
    fixed one of :func:`counter_app.adapters.qr.qr_code` (no search over the eight masks).
    """
    return tuple(tuple(bool(m) for m in row) for row in qr_code(payload, border=0).get_matrix())


class QrCode(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector modules (one filled path: no seams, sharp at any resolution)."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Occupy a square of ``size``."""
        return self.size, self.size

    def draw(self) -> None:
        """Fill runs of dark modules row by row as one path."""
        n = len(self.matrix)
        module = self.size / n
        path = self.canv.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.size - (r + 1) * module
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(start * module, y, (c - start) * module, module)
                else:
                    c += 1
        self.canv.setFillColor("black")
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_block(payload: str, caption: str, styles: FormStyles, *, size: float) -> Table:
    """Return the QR code centred above a one-line caption (already marked up).

    A quiet zone of four modules' width is kept clear around the code.
    """
    code = QrCode(payload, size)
    quiet = 4 * size / len(code.matrix)
    table = Table([[code], [Paragraph(caption, styles.cell_centre)]])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (0, 0), quiet), ("BOTTOMPADDING", (0, 0), (0, 0), quiet),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 1), (0, 1), 0), ("TOPPADDING", (0, 1), (0, 1), 0),
    ]))
    return table


def qr_with_caption(
    payload: str, lines: Sequence[str], styles: FormStyles, width: float, *, size: float
) -> Table:
    """Return the QR code with caption paragraphs (already marked up) to its right.

    A quiet zone of four modules' width is kept clear around the code.
    """
    code = QrCode(payload, size)
    quiet = 4 * size / len(code.matrix)
    text = [Paragraph(line, styles.cell) for line in lines]
    table = Table([[code, text]], colWidths=[size + 2 * quiet, width - size - 2 * quiet])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, 0), quiet), ("RIGHTPADDING", (0, 0), (0, 0), quiet),
        ("TOPPADDING", (0, 0), (0, 0), quiet), ("BOTTOMPADDING", (0, 0), (0, 0), quiet),
        ("LEFTPADDING", (1, 0), (1, 0), 4),
    ]))
    return table
