"""Installed Windows build only: give windowed processes (pythonw.exe) a log file.

pythonw.exe has no console, so warnings, tracebacks and crashes would vanish. This module, run by
``import site`` at start-up, sends them to ``%ProgramData%\\counter-app\\logs\\counter-app.log``
(renamed to ``.old`` past 5 MB) when there is no console. Processes with a console are left alone.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
from pathlib import Path

MAX_BYTES = 5 * 2**20


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
    sys.stdout = sys.stderr = stream
    faulthandler.enable(stream)
    logging.basicConfig(stream=stream, level=logging.INFO,
                        format=f"%(asctime)s [{os.getpid()}] %(levelname)s %(name)s: %(message)s")
    logging.getLogger("counter_app").info("start: %s", " ".join(sys.argv[1:]))


if sys.stderr is None:
    _open_log()
