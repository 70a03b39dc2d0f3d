"""Run by ``bench_startup.py`` in a fresh process: start a window the way the CLI does and print
the milliseconds from the parent's launch (``BENCH_T0``, epoch seconds) to "usable".

Usable means shown with its first data: the kiosk with its service buttons loaded, the counter's
login dialog with its counters loaded, the display board with its first snapshot; ``bare`` is
the floor, a plain PySide6 window. A timer polls the top-level widgets every 2 ms from inside the
window's own event loop, then the process exits at once.

With ``PROBE_SIGN_IN=user:password`` the probe goes on from the counter's login dialog as an
officer would: signs in, calls the next ticket, starts and finishes serving it, and reports the
process's peak memory (``VmHWM``, KiB) once the ticket is finished; ``bare`` reports its peak too.

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
SIGN_IN = os.environ.get("PROBE_SIGN_IN")  # "user:password": go on to a served ticket
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


def peak_kib() -> int:
    """The process's peak resident memory so far (KiB)."""
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def report(widget: Any, **extra: Any) -> None:
    """Print the figures and end the process at once."""
    print(json.dumps({"ms": (time.time() - T0) * 1000, "window": type(widget).__name__,
                      "peak_kib": peak_kib(), **extra}), flush=True)
    if PROFILE:
        _profiler.disable()
        _profiler.dump_stats(PROFILE)
    os._exit(0)


class Officer:
    """The officer of ``PROBE_SIGN_IN``: signs in, then serves one ticket."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.step = "sign in"

    def act(self, widget: Any) -> None:
        """Take the next step on ``widget`` when it is ready for it."""
        name = type(widget).__name__
        if self.step == "sign in" and name == "LoginDialog" and ready(widget):
            widget.username.setText(self.user)
            widget.password.setText(self.password)
            widget.sign_in()
            self.step = "call"
        elif name == "CounterWindow" and widget.isVisible() and widget.snapshot is not None:
            current = widget.current
            if self.step == "call" and current is None:
                widget.do("call_next")
                self.step = "start"
            elif self.step == "start" and current is not None:
                widget.do("start")
                self.step = "finish"
            elif self.step == "finish" and current is not None and current.status == "serving":
                widget.do("finish")
                self.step = "done"
            elif self.step == "done" and current is None:
                report(widget)


def watch(app: Any, qtcore: Any) -> Any:
    """Start the 2 ms poll; report and exit at the first usable window (or, signing in, once
    the officer has served a ticket)."""
    officer = Officer(*SIGN_IN.split(":", 1)) if SIGN_IN else None

    def check() -> None:
        for widget in app.topLevelWidgets():
            if officer is not None:
                officer.act(widget)
            elif ready(widget):
                report(widget)

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
