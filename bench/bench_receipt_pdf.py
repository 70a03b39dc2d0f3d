"""Benchmark: time render_receipt_pdf (Mẫu 01) over ~100 runs and print median and p95.

Run: python bench/bench_receipt_pdf.py [runs]. Target: median < 50 ms on A4, one copy.
"""

from __future__ import annotations

import dataclasses as dc
import statistics
import sys
import time

from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf, specimen_receipt
from counter_app.domain.forms import ReceiptContent, ReceiptDocumentLine


def measure(label: str, runs: int, **kwargs: object) -> None:
    base = kwargs.pop("content", specimen_receipt())
    assert isinstance(base, ReceiptContent)
    times = []
    size = 0
    for run in range(runs):
        token = f"B{run:03d}{label[:2]}"  # a fresh lookup URL each run: no QR cache hits
        content = dc.replace(base, lookup_token=token,
                             lookup_url=base.lookup_url.replace(base.lookup_token, token))
        start = time.perf_counter()
        pdf = render_receipt_pdf(content, **kwargs)  # type: ignore[arg-type]
        times.append((time.perf_counter() - start) * 1000)
        size = len(pdf)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(f"{label:<34} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"
          f"   {size / 1024:5.0f} KiB")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    start = time.perf_counter()
    render_receipt_pdf(specimen_receipt())  # first call registers the fonts
    print(f"first render (font registration)   {(time.perf_counter() - start) * 1000:6.1f} ms")
    measure("A4, 1 copy", runs)
    measure("A4, 2 copies", runs, copies=2)
    measure("A5, 2 copies", runs, paper="A5", copies=2)
    docs = tuple(ReceiptDocumentLine(f"Giấy tờ số {i}", "Bản sao", 1) for i in range(40))
    measure("A4, 1 copy, 40 documents (2 pages)", runs // 4 or 1,
            content=dc.replace(specimen_receipt(), documents=docs))


if __name__ == "__main__":
    main()
