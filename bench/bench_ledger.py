"""Ledger (Mẫu 07, sổ theo dõi hồ sơ) export: 8,000 lines to PDF and to XLSX, and the memory the
export needs beyond its input and its output, at 2,000 and at 8,000 lines.

Lines are the specimen's, repeated and renumbered (content built in memory, no database: the
query is measured by ``bench_lifecycle.py``). Time is CPU time of the process (the export is
single-threaded and CPU-bound; the wall time, also shown, adds the waits for the machine's
other users). Memory is Python's peak allocation during the
export (``tracemalloc``, in a separate untimed pass) minus the size of the file produced; "flat"
means the 8,000-line figure stays near the 2,000-line one. Targets: PDF < 3 s, XLSX < 1.5 s,
working memory at 8,000 lines ≤ 1.5× that at 2,000.

Run: python bench/bench_ledger.py [--lines 8000] [--runs 2] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses as dc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.benchlib import Measure, Target, report
from counter_app.adapters.ledger_xlsx import render_ledger_xlsx
from counter_app.adapters.printing.forms_specimens import specimen_ledger
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.domain.lifecycle_forms import LedgerContent


def ledger(lines: int) -> LedgerContent:
    """The specimen book with ``lines`` lines."""
    base = specimen_ledger()
    rows = tuple(dc.replace(base.rows[i % len(base.rows)], number=i + 1,
                            dossier_code=f"H01.151.01-260715-{i + 1:04d}")
                 for i in range(lines))
    return dc.replace(base, rows=rows)


def seconds(fn: Callable[[], bytes], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` calls (CPU time is what the export costs; on a shared
    machine the wall time adds the waits for the other users' work)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return wall, cpu


def working_mb(fn: Callable[[], bytes]) -> float:
    """Peak MB Python allocated during ``fn`` beyond the bytes it returned."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    data = fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - base - len(data)) / 1e6


def main() -> None:
    """Measure and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=8000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    big, small, one = ledger(args.lines), ledger(args.lines // 4), ledger(1)
    render_ledger_pdf(one)  # fonts
    k = f"{args.lines:,}"
    measures = []
    for name, render in (("PDF", render_ledger_pdf), ("XLSX", render_ledger_xlsx)):
        floor_wall, floor_cpu = seconds(lambda r=render: r(one), 3)  # type: ignore[misc]
        wall, cpu = seconds(lambda r=render: r(big), args.runs)  # type: ignore[misc]
        limit = 3.0 if name == "PDF" else 1.5
        measures += [
            Measure(f"ledger {name}, {k} lines (CPU time)", cpu, unit="s",
                    floor=Measure("", floor_cpu).median, floor_name="1 line",
                    target=Target("median", limit)),
            Measure(f"ledger {name}, {k} lines (wall time)", wall, unit="s",
                    floor=Measure("", floor_wall).median, floor_name="1 line"),
        ]
    for name, render in (("PDF", render_ledger_pdf), ("XLSX", render_ledger_xlsx)):
        at_small = working_mb(lambda r=render: r(small))  # type: ignore[misc]
        at_big = working_mb(lambda r=render: r(big))  # type: ignore[misc]
        measures.append(Measure(f"ledger {name} working memory, {k} lines", [at_big], unit="MB",
                                floor=at_small, floor_name=f"{args.lines // 4:,} lines",
                                target=Target("ratio", 1.5, inclusive=True)))
    report("ledger", measures, args.json_out)


if __name__ == "__main__":
    main()
