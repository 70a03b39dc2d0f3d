"""Render a queue ticket as one 1-bit raster image for thermal printers.

Vietnamese text is drawn on the host with the bundled Noto Sans font, so the printer's code pages
never matter (CP1258/TCVN-3 support varies by vendor and clones garble tone marks). Widths are the
printable dots at 203 dpi: 58 mm paper → 384 dots, 80 mm paper → 576 dots (multiples of 8).
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from counter_app.adapters.qr import qr_image
from counter_app.domain.ticket_slip import (
    QR_CAPTION,
    REPRINT_MARK,
    TICKET_TITLE,
    WAIT_PLEASE,
    PrinterProblem,
    TicketSlip,
    counter_hint_text,
    estimate_text,
    issued_at_text,
    people_ahead_text,
)
from counter_app.resources import FONT_SANS, FONT_SANS_BOLD, resource_path

PAPER_DOTS: dict[int, int] = {58: 384, 80: 576}
BLACK = 0
WHITE = 1
_CANVAS_HEIGHT = 4000
_QR_DOTS_PER_MODULE_MIN = 3


def paper_width_dots(paper_width_mm: int) -> int:
    """Return the printable width in dots for a paper width in mm (58 → 384, 80 → 576)."""
    try:
        return PAPER_DOTS[paper_width_mm]
    except KeyError:
        raise PrinterProblem(
            f"Khổ giấy {paper_width_mm} mm chưa được hỗ trợ; chỉ dùng khổ 58 mm hoặc 80 mm."
        ) from None


@lru_cache(maxsize=64)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """Load (once) the bundled sans font in ``size`` pixels."""
    parts = FONT_SANS_BOLD if bold else FONT_SANS
    return ImageFont.truetype(str(resource_path(*parts)), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Split ``text`` into lines no wider than ``max_width`` (words kept whole where possible)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > max_width and len(current) > 1:
            cut = len(current) - 1
            while cut > 1 and font.getlength(current[:cut]) > max_width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


@lru_cache(maxsize=256)
def _balanced(text: str, bold: bool, size: int, max_width: int) -> tuple[str, ...]:
    """Wrap ``text`` into as few lines as greedy wrapping needs, but with even line lengths.

    Avoids a lone last word ("… kết / hôn") by finding the narrowest width that still gives
    the same number of lines.
    """
    font = _font(bold, size)
    lines = _wrap(text, font, max_width)
    if len(lines) < 2:
        return tuple(lines)
    low, high = max_width // len(lines), max_width
    while low < high:
        mid = (low + high) // 2
        if len(_wrap(text, font, mid)) <= len(lines):
            high = mid
        else:
            low = mid + 1
    return tuple(_wrap(text, font, high))


@lru_cache(maxsize=512)
def _glyphs(text: str, bold: bool, size: int) -> tuple[Image.Image, int, int]:
    """Return the ink of one line as a 1-bit mask with its offset from the pen position.

    Cached: the centre, service and notices repeat on every ticket, so each is rasterised once.
    """
    font = _font(bold, size)
    left, top, right, bottom = (round(v) for v in font.getbbox(text))
    mask = Image.new("1", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=1)
    return mask, left, top


class _Layout:
    """A cursor that draws blocks top to bottom on a tall 1-bit canvas."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = width / 576
        self.margin = max(8, round(16 * self.scale))
        self.inner = width - 2 * self.margin
        self.image = Image.new("1", (width, _CANVAS_HEIGHT), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.y = self.margin

    def px(self, size: float, minimum: int) -> int:
        """Scale a size given for 80 mm paper, never below ``minimum``."""
        return max(minimum, round(size * self.scale))

    def gap(self, size: float) -> None:
        """Advance by a vertical gap given for 80 mm paper."""
        self.y += round(size * self.scale)

    def text(
        self, text: str, size: int, *, bold: bool = False, fill: int = BLACK, narrow: int = 0
    ) -> None:
        """Draw wrapped, centred text; ``narrow`` dots are kept free on each side."""
        font = _font(bold, size)
        ascent, descent = font.getmetrics()
        for line in _balanced(text, bold, size, self.inner - 2 * narrow):
            x = (self.width - font.getlength(line)) / 2
            self.stamp(line, bold, size, round(x), self.y, fill)
            self.y += ascent + descent

    def rule(self, dashed: bool = True) -> None:
        """Draw a horizontal separator."""
        thickness = max(2, round(2 * self.scale))
        y = self.y
        if dashed:
            step = self.px(12, 8)
            for x in range(self.margin, self.width - self.margin, step):
                self.draw.rectangle((x, y, x + step // 2, y + thickness - 1), fill=BLACK)
        else:
            box = (self.margin, y, self.width - self.margin, y + thickness - 1)
            self.draw.rectangle(box, fill=BLACK)
        self.y += thickness

    def big_number(self, text: str) -> None:
        """Draw the ticket number as large as the paper allows, tightly boxed."""
        size = round(200 * self.scale)
        font = _font(True, size)
        while font.getlength(text) > self.inner and size > 24:
            size -= 4
            font = _font(True, size)
        left, top, right, bottom = (round(v) for v in font.getbbox(text))
        x = (self.width - (right - left)) // 2 - left
        self.stamp(text, True, size, x, self.y - top, BLACK)
        self.y += bottom - top

    def stamp(self, text: str, bold: bool, size: int, x: int, y: int, fill: int) -> None:
        """Put one line of text with its pen at (x, y) (top of the ascender)."""
        mask, dx, dy = _glyphs(text, bold, size)
        self.image.paste(fill, (x + dx, y + dy), mask)

    def boxed(self, text: str, size: int, *, inverted: bool) -> None:
        """Draw text in a full-width box: white on black if ``inverted``, else outlined."""
        font = _font(True, size)
        ascent, descent = font.getmetrics()
        lines = _balanced(text, True, size, self.inner - 2 * self.margin)
        pad = self.px(8, 5)
        height = pad * 2 + len(lines) * (ascent + descent)
        box = (self.margin, self.y, self.width - self.margin - 1, self.y + height)
        if inverted:
            self.draw.rectangle(box, fill=BLACK)
        else:
            self.draw.rectangle(box, outline=BLACK, width=max(2, round(3 * self.scale)))
        self.y += pad
        self.text(text, size, bold=True, fill=WHITE if inverted else BLACK, narrow=self.margin)
        self.y = box[3] + 1

    def qr(self, payload: str) -> None:
        """Draw a centred QR code about 45 % of the paper width (at least 3 dots a module)."""
        code = qr_image(payload, box_size=1, border=0)
        factor = max(_QR_DOTS_PER_MODULE_MIN, round(self.inner * 0.45) // code.width)
        code = code.resize((code.width * factor, code.height * factor), Image.Resampling.NEAREST)
        quiet = 2 * factor
        self.y += quiet
        self.image.paste(code, ((self.width - code.width) // 2, self.y))
        self.y += code.height + quiet

    def finish(self) -> Image.Image:
        """Return the drawn part of the canvas."""
        return self.image.crop((0, 0, self.width, self.y + self.margin))


def render_ticket(
    slip: TicketSlip, *, paper_width_mm: int = 80, with_qr: bool = True
) -> Image.Image:
    """Render ``slip`` as one 1-bit image ``paper_width_dots(paper_width_mm)`` dots wide.

    The QR code is drawn only when ``with_qr`` is true and the slip carries a payload.
    """
    page = _Layout(paper_width_dots(paper_width_mm))
    if slip.reprint:
        page.boxed(REPRINT_MARK.upper(), page.px(26, 20), inverted=False)
        page.gap(10)
    page.text(slip.centre_name.upper(), page.px(26, 20), bold=True)
    page.gap(10)
    page.rule(dashed=False)
    page.gap(14)
    page.text(slip.service_name, page.px(30, 22), bold=True)
    page.gap(12)
    page.text(TICKET_TITLE, page.px(24, 20))
    page.gap(10)
    page.big_number(slip.display_number)
    page.gap(22)
    if slip.priority_label:
        page.boxed(f"ƯU TIÊN: {slip.priority_label.upper()}", page.px(28, 20), inverted=True)
        page.gap(14)
    page.rule()
    page.gap(10)
    info = page.px(25, 20)
    page.text(issued_at_text(slip), info)
    page.text(people_ahead_text(slip), info, bold=True)
    for line in (estimate_text(slip), counter_hint_text(slip)):
        if line:
            page.text(line, info)
    if with_qr and slip.qr_payload:
        page.gap(6)
        page.qr(slip.qr_payload)
        page.text(QR_CAPTION, page.px(22, 18))
    page.gap(10)
    page.rule()
    page.gap(10)
    page.text(WAIT_PLEASE, page.px(24, 19))
    return page.finish()
