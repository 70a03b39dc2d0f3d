"""Text drawn straight into a ReportLab page stream, for long tables of short strings.

ReportLab's ``drawString`` costs ~30 µs (subset encoding, a text object, number formatting); a
ledger of 8,000 lines draws ~100,000 strings, mostly repeated (dates, names, procedures), so each
distinct string is encoded, measured and wrapped once. The caches are bounded
(:data:`CACHE_SIZE` strings each, then they start again), and a value that never repeats (a
dossier code, a line number) is not cached at all: memory does not grow with the length.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

CACHE_SIZE = 2_000  # distinct strings kept per cache


class PageText:
    """Strings of one TrueType font and size drawn into the page stream with the operators
    ReportLab emits for a subset (``Tf``/``Tj``), each distinct string encoded once."""

    def __init__(self, font_name: str, size: float) -> None:
        self.font = pdfmetrics.getFont(font_name)
        self.name, self.size = font_name, size
        self.size_text = fp_str(size)
        self._ops: dict[str, str] = {}
        self._widths: dict[str, float] = {}
        self._wrapped: dict[tuple[str, float], list[str]] = {}

    def width(self, text: str, cache: bool = True) -> float:
        """Width of ``text`` in points (cached unless ``cache`` is false)."""
        w = self._widths.get(text)
        if w is None:
            w = pdfmetrics.stringWidth(text, self.name, self.size)
            if cache:
                if len(self._widths) >= CACHE_SIZE:
                    self._widths.clear()
                self._widths[text] = w
        return w

    def draw(self, canv: Canvas, x: float, y: float, text: str, cache: bool = True) -> None:
        """Draw ``text`` with its baseline starting at (x, y); its operators are kept for the
        next time unless ``cache`` is false (a value that never repeats)."""
        ops = self._ops.get(text)
        if ops is None:
            doc = canv._doc  # the document the subsets are registered in
            ops = " ".join(
                f"{self.font.getSubsetInternalName(subset, doc)} {self.size_text} Tf "
                f"({escapePDF(chunk)}) Tj" for subset, chunk in self.font.splitString(text, doc))
            if cache:
                if len(self._ops) >= CACHE_SIZE:  # names and addresses: keep the cache bounded
                    self._ops.clear()
                self._ops[text] = ops
        canv.addLiteral(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {ops} ET")

    def wrap(self, text: str, width: float) -> list[str]:
        """Split ``text`` into lines no wider than ``width`` at spaces (a word longer than the
        line stays whole, as in a paragraph); cached."""
        key = (text, width)
        lines = self._wrapped.get(key)
        if lines is None:
            if len(self._wrapped) >= CACHE_SIZE:
                self._wrapped.clear()
            lines = self._wrapped[key] = self._wrap(text, width)
        return lines

    def _wrap(self, text: str, width: float) -> list[str]:
        if not text or self.width(text) <= width:
            return [text] if text else []
        lines: list[str] = []
        line, used, space = "", 0.0, self.width(" ")
        for word in text.split():
            w = self.width(word)
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        if line:
            lines.append(line)
        return lines
