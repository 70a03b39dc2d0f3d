"""Run by ``bench_startup.py`` in a fresh process: start a window the way the CLI does and print
the milliseconds from the parent's launch (``BENCH_T0``, epoch seconds) to "usable".

Usable means shown with its first data: the kiosk with its service buttons loaded, the counter's
login dialog with its counters loaded, the display board with its first snapshot; ``bare`` is
the floor, a plain PySide6 window. A timer polls the top-level widgets every 2 ms from inside the
window's own event loop, then the process exits at once.

Usage: python bench/startup_probe.py bare | -- <counter-app arguments>
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

T0 = float(os.environ.get("BENCH_T0", time.time()))
PROFILE = os.environ.get("PROBE_PROFILE")  # a path: write a cProfile of the start there
if PROFILE:
    import cProfile

    _profiler = cProfile.Profile()
    _profiler.enable()


def ready(widget: Any) -> bool:
    """Whether ``widget`` is a visible window that has its first data."""
    if not widget.isVisible():
        return False
    name = type(widget).__name__
    if name == "KioskWindow":
        return bool(widget.statuses)
    if name == "LoginDialog":
        return bool(widget.ok.isEnabled())
    if name == "DisplayWindow":
        return widget.snapshot is not None
    return name == "BareWindow"


def watch(app: Any, qtcore: Any) -> Any:
    """Start the 2 ms poll; report and exit at the first usable window."""
    def check() -> None:
        for widget in app.topLevelWidgets():
            if ready(widget):
                print(json.dumps({"ms": (time.time() - T0) * 1000,
                                  "window": type(widget).__name__}), flush=True)
                if PROFILE:
                    _profiler.disable()
                    _profiler.dump_stats(PROFILE)
                os._exit(0)

    timer = qtcore.QTimer()
    timer.setInterval(2)
    timer.timeout.connect(check)
    timer.start()
    return timer


def main() -> None:
    """Start the bare window or the CLI command."""
    args = sys.argv[1:]
    if args == ["bare"]:
        from PySide6 import QtCore, QtWidgets

        class BareWindow(QtWidgets.QWidget):
            """The floor: an empty window."""

        app = QtWidgets.QApplication(sys.argv[:1])
        window = BareWindow()
        window.show()
        _timer = watch(app, QtCore)
        app.exec()
        return
    from counter_app.ui.common import ensure_app
    from counter_app.ui.qt import QtCore

    _timer = watch(ensure_app(), QtCore)
    from counter_app.cli.main import main as cli

    cli([a for a in args if a != "--"])
    print(json.dumps({"ms": None, "window": None}), flush=True)


if __name__ == "__main__":
    main()
