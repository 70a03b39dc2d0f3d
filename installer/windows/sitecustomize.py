"""Installed Windows build only: give windowed processes (pythonw.exe) a log file and an error box.

pythonw.exe has no console, so warnings, tracebacks and crashes would vanish. This module, run by
``import site`` at start-up, sends them to ``%ProgramData%\\counter-app\\logs\\counter-app.log``
(renamed to ``.old`` past 5 MB) when there is no console, and when the process wrote an error
(counter-app's one Vietnamese ``Lỗi: …`` line, or a traceback) it shows that line in a message box
as it exits, so a role shortcut that cannot start says why. Processes with a console are left alone.
"""

from __future__ import annotations

import atexit
import faulthandler
import io
import logging
import os
import sys
from pathlib import Path

MAX_BYTES = 5 * 2**20
TITLE = "Phục vụ hành chính công"


class _Tee(io.TextIOBase):
    """Write to the log file and remember the first error line written."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream
        self.error: str | None = None

    def write(self, text: str) -> int:
        """Write ``text`` to the log; keep the first ``Lỗi:`` line or traceback's last line."""
        self.stream.write(text)
        for line in text.splitlines():
            if self.error is None and line.startswith("Lỗi:"):
                self.error = line
            elif self.error is None and line.startswith("Traceback"):
                self.error = ""
        return len(text)

    def flush(self) -> None:
        """Flush the log file."""
        self.stream.flush()


def _show_error(tee: _Tee, log: Path) -> None:
    """Show the error the process reported (if any) in a Windows message box."""
    if tee.error is None:
        return
    text = tee.error or "Phần mềm gặp lỗi và phải đóng."
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, f"{text}\n\nNhật ký: {log}", TITLE, 0x10)
    except (OSError, AttributeError):
        pass


def _open_log() -> None:
    """Point stdout, stderr, logging and faulthandler at the shared log file."""
    folder = Path(os.environ.get("PROGRAMDATA", "C:\\ProgramData")) / "counter-app" / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "counter-app.log"
        if path.exists() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_suffix(".old"))
        stream = open(path, "a", encoding="utf-8", buffering=1)  # open as long as the process lives
    except OSError:
        return
    tee = _Tee(stream)
    sys.stdout = sys.stderr = tee
    faulthandler.enable(stream)
    logging.basicConfig(stream=stream, level=logging.INFO,
                        format=f"%(asctime)s [{os.getpid()}] %(levelname)s %(name)s: %(message)s")
    logging.getLogger("counter_app").info("start: %s", " ".join(sys.argv[1:]))
    atexit.register(_show_error, tee, path)


if sys.stderr is None:
    _open_log()
