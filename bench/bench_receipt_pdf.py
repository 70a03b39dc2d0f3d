"""Benchmark: the receipt Mẫu 01 (A4, one copy, with its lookup QR) beside a Mẫu 02 form and a
bare one-page ReportLab document (one paragraph in the same embedded Noto Serif: the floor).

The three are timed interleaved (floor, receipt, form, floor, …); every receipt gets a fresh
lookup URL, so no QR cache helps. Also prints two copies on A4/A5 and a 40-document receipt.
Targets: receipt median < 30 ms and p95 < 60 ms, on the thread's CPU time (the wall time, also
shown, adds the waits for the shared machine's other users).

Run: python bench/bench_receipt_pdf.py [--runs 100] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses as dc
import io
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench.benchlib import Measure, Target, interleaved, report
from counter_app.adapters.printing import forms_specimens as sp
from counter_app.adapters.printing.forms_pdf import render_supplement_pdf
from counter_app.adapters.printing.pdf_base import SERIF, register_fonts
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf, specimen_receipt
from counter_app.domain.forms import ReceiptContent, ReceiptDocumentLine

_serial = itertools.count()


def fresh(base: ReceiptContent) -> ReceiptContent:
    """``base`` with a new lookup token and URL (a QR never seen before)."""
    token = f"B{next(_serial):05d}"
    return dc.replace(base, lookup_token=token,
                      lookup_url=base.lookup_url.replace(base.lookup_token, token))


def bare_page() -> bytes:
    """One A4 page with one paragraph of Vietnamese in embedded Noto Serif."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    style = ParagraphStyle("bare", fontName=SERIF, fontSize=11, leading=14)
    doc.build([Paragraph("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", style)])
    return buffer.getvalue()


def main() -> None:
    """Measure and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    base = specimen_receipt()
    start = time.perf_counter()
    render_receipt_pdf(fresh(base))  # first call registers the fonts
    first = (time.perf_counter() - start) * 1000
    supplement = sp.specimen_supplement()
    t = interleaved({"floor": bare_page,
                     "receipt": lambda: render_receipt_pdf(fresh(base)),
                     "form02": lambda: render_supplement_pdf(supplement)}, args.runs, warmup=2,
                    cpu=True)
    floor = Measure("bare one-page ReportLab document", t["floor"]).median
    floor_cpu = Measure("", t["floor/cpu"]).median
    docs = tuple(ReceiptDocumentLine(f"Giấy tờ số {i}", "Bản sao", 1) for i in range(40))
    many = dc.replace(base, documents=docs)
    extra = interleaved({
        "a4x2": lambda: render_receipt_pdf(fresh(base), copies=2),
        "a5x2": lambda: render_receipt_pdf(fresh(base), paper="A5", copies=2),
        "docs40": lambda: render_receipt_pdf(fresh(many)),
    }, max(10, args.runs // 4))
    measures = [
        Measure("receipt PDF: first render (fonts)", [first]),
        Measure("receipt PDF: bare ReportLab page (floor, CPU)", t["floor/cpu"]),
        Measure("receipt PDF: bare ReportLab page (floor, wall)", t["floor"]),
        Measure("receipt PDF Mẫu 01 A4 + QR (CPU)", t["receipt/cpu"], floor=floor_cpu,
                floor_name="bare page", target=Target("median", 30)),
        Measure("receipt PDF Mẫu 01 A4 + QR (CPU, p95)", t["receipt/cpu"], floor=floor_cpu,
                floor_name="bare page", target=Target("p95", 60)),
        Measure("receipt PDF Mẫu 01 A4 + QR (wall)", t["receipt"], floor=floor,
                floor_name="bare page"),
        Measure("Mẫu 02 PDF beside the receipt (CPU)", t["form02/cpu"], floor=floor_cpu,
                floor_name="bare page"),
        Measure("Mẫu 02 PDF beside the receipt (wall)", t["form02"], floor=floor,
                floor_name="bare page"),
        Measure("receipt PDF A4, 2 copies (wall)", extra["a4x2"], floor=floor,
                floor_name="bare page"),
        Measure("receipt PDF A5, 2 copies (wall)", extra["a5x2"], floor=floor,
                floor_name="bare page"),
        Measure("receipt PDF A4, 40 documents, 2 pages (wall)", extra["docs40"], floor=floor,
                floor_name="bare page"),
    ]
    report("receipt PDF", measures, args.json_out)


if __name__ == "__main__":
    main()
