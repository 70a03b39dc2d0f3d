"""Benchmark the admin window: open time and each tab's load time on a large centre.

Builds a demo store (SQLite, temporary folder) with 200 extra officers and 2,000 more procedure
versions, then, offscreen, measures: the window from construction until its first tab (Centre)
shows its data, and for each tab the time from being brought to the front until its rows are
shown (data read on the worker, model filled on the GUI thread). Repeats --runs times with a new
window each run. Target: under 300 ms each.

Usage: python bench/bench_admin_window.py [--runs 5] [--officers 200] [--versions 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from admin_demo import admin_demo  # the demo store with an admin

from counter_app.ui.admin_window import AdminWindow
from counter_app.ui.common import ensure_app
from counter_app.ui.qt import QtCore


def wait_loaded(window: AdminWindow, name: str, timeout_ms: int = 20_000) -> float:
    """Run the event loop until tab ``name`` reports its load; return the seconds it took."""
    got: list[float] = []
    loop = QtCore.QEventLoop()

    def seen(tab: str, seconds: float) -> None:
        if tab == name:
            got.append(seconds)
            loop.quit()

    window.tab_loaded.connect(seen)
    QtCore.QTimer.singleShot(timeout_ms, loop.quit)
    if not got:
        loop.exec()
    window.tab_loaded.disconnect(seen)
    if not got:
        raise SystemExit(f"tab {name} did not load within {timeout_ms} ms")
    return got[0]


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--versions", type=int, default=2000)
    args = parser.parse_args()
    app = ensure_app()
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        ctx, officer = admin_demo(Path(folder), officers=args.officers, versions=args.versions)
        with ctx.store.uow() as uow:
            stored = uow.catalogue.count()
        print(f"store built in {time.perf_counter() - t0:.1f} s: "
              f"{len(ctx.admin.list_officers(officer))} officers, {stored} procedure versions; "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
        samples: dict[str, list[float]] = {}
        for _run in range(args.runs):
            start = time.perf_counter()
            window = AdminWindow(ctx, officer, ctx.settings.centre.name, ctx.tz)
            window.resize(1366, 768)
            window.show()
            wait_loaded(window, "centre")
            samples.setdefault("open (until Centre tab shown)", []).append(
                time.perf_counter() - start)
            for name in window.tabs:
                if name == "centre":
                    continue
                started = time.perf_counter()
                window.show_tab(name)
                wait_loaded(window, name)
                app.processEvents()
                samples.setdefault(f"tab {name}", []).append(time.perf_counter() - started)
            window.close()
            window.deleteLater()
            app.processEvents()
        for name, values in samples.items():
            ms = sorted(v * 1000 for v in values)
            flag = "" if statistics.median(ms) < 300 else "   > 300 ms target"
            print(f"{name:<34} median {statistics.median(ms):7.1f} ms   max {ms[-1]:7.1f} ms"
                  f"   (n={len(ms)}){flag}")
        ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
