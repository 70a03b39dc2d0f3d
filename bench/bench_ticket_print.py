"""Benchmark the kiosk's ticket path: slip → 1-bit raster image → ESC/POS bytes ready to send.

Prints median and p95 over N runs for 58/80 mm paper, with and without a QR code. Each run uses
a different ticket number and QR payload (no help from caches beyond the loaded fonts).
Target: the whole kiosk path (this plus the DB insert) under 150 ms median.

Usage: python bench/bench_ticket_print.py [runs]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app.adapters.printing.escpos_output import ticket_bytes
from counter_app.adapters.printing.ticket_image import render_ticket
from counter_app.domain.ticket_slip import TicketSlip


def slip(i: int, with_qr: bool) -> TicketSlip:
    return TicketSlip(
        centre_name="Trung tâm Phục vụ hành chính công phường Mẫu",
        service_name="Đăng ký khai sinh, khai tử, kết hôn",
        display_number=f"A{i % 1000:03d}",
        priority_label="Người cao tuổi" if i % 3 == 0 else None,
        issued_at=dt.datetime(2025, 5, 12, 8, 15) + dt.timedelta(minutes=i),
        people_ahead=i % 40,
        estimate_minutes=(i % 40) * 4,
        counter_hint="Quầy 3, 4",
        qr_payload=f"https://dichvucong.example.gov.vn/hang-cho?so=A{i:03d}&k={i * 7919:08x}"
        if with_qr
        else None,
    )


def measure(mm: int, with_qr: bool, runs: int) -> tuple[float, float, int]:
    render_ticket(slip(0, with_qr), paper_width_mm=mm)  # warm-up: fonts load once per process
    times = []
    size = 0
    for i in range(1, runs + 1):
        s = slip(i, with_qr)
        start = time.perf_counter()
        data = ticket_bytes(render_ticket(s, paper_width_mm=mm, with_qr=with_qr))
        times.append((time.perf_counter() - start) * 1000)
        size = len(data)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, size


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"slip → raster → ESC/POS bytes, {runs} runs each")
    print(f"{'paper':>6} {'QR':>4} {'median ms':>10} {'p95 ms':>8} {'bytes':>7}")
    for mm in (58, 80):
        for with_qr in (False, True):
            median, p95, size = measure(mm, with_qr, runs)
            print(f"{mm:>4}mm {'yes' if with_qr else 'no':>4} {median:>10.1f} {p95:>8.1f} {size:>7}")


if __name__ == "__main__":
    main()
