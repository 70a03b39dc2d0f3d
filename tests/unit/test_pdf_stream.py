"""The streaming canvas: pages go into the output as they are finished, and the file it makes is
a valid PDF (cross-reference offsets, page tree, embedded fonts), as the long ledger shows."""

from __future__ import annotations

import dataclasses as dc
import io
import re
from typing import Any

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from counter_app.adapters.printing import forms_specimens as sp
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.adapters.printing.pdf_base import SERIF, register_fonts
from counter_app.adapters.printing.pdf_stream import StreamingCanvas


def _xref_points_at_objects(data: bytes) -> int:
    """Check that every in-use entry of the cross-reference table starts its object; return
    how many objects there are."""
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))  # type: ignore[union-attr]
    table = data[start:].split(b"trailer")[0].split(b"\n")
    assert table[0] == b"xref"
    first, count = map(int, table[1].split())
    entries = table[2:2 + count]
    for number, entry in enumerate(entries, first):
        assert len(entry) + 1 == 20  # fixed-width entries, each ending in " \n"
        offset, _, kind = entry.split()
        if kind == b"n":
            assert data[int(offset):].startswith(b"%d 0 obj" % number), number
    return count - 1


def test_pages_are_written_as_they_are_finished() -> None:
    register_fonts()
    out = io.BytesIO()
    canvas = StreamingCanvas(out, pagesize=A4, invariant=1, lang="vi-VN")
    sizes = []
    for page in range(1, 4):
        canvas.setFont(SERIF, 12)
        canvas.drawString(72, 700, f"Trang {page}: Nguyễn Thị Hồng Nhung")
        canvas.showPage()
        sizes.append(out.tell())
    assert 0 < sizes[0] < sizes[1] < sizes[2]  # each page in the file before the next begins
    canvas.save()
    data = out.getvalue()
    assert _xref_points_at_objects(data) > 6
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert [p.extract_text().strip() for p in reader.pages] == [
        f"Trang {n}: Nguyễn Thị Hồng Nhung" for n in (1, 2, 3)]
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "vi-VN"


def test_long_ledger_has_every_line_once_in_order_with_page_numbers_and_embedded_fonts() -> None:
    base = sp.specimen_ledger()
    rows = tuple(dc.replace(base.rows[i % len(base.rows)], number=i + 1,
                            dossier_code=f"H01.151.01-260715-{i + 1:04d}") for i in range(120))
    data = render_ledger_pdf(dc.replace(base, rows=rows))
    _xref_points_at_objects(data)
    reader = PdfReader(io.BytesIO(data), strict=True)
    texts = [p.extract_text() for p in reader.pages]
    codes = re.findall(r"H01\.151\.01-260715-(\d{4})", "\n".join(texts))
    assert codes == [f"{n:04d}" for n in range(1, 121)]
    assert len(texts) > 5
    for number, text in enumerate(texts, 1):
        assert "Mã hồ sơ" in text and "Nhận và trả kết quả" in text  # header on every page
        assert f"Trang {number}" in text
    assert "Nguyễn Thị Hồng Nhung" in texts[0]
    resources: Any = reader.pages[0]["/Resources"]
    fonts = {f["/BaseFont"].split("+")[-1]: f for f in resources["/Font"].values()}
    assert "/FontFile2" in fonts["NotoSerif-Regular"]["/FontDescriptor"]
