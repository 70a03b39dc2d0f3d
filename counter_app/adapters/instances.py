"""Which windows of this PC hold the store open: one small file per window process.

A window calls :func:`hold_store` when it opens and releases it when it closes; a restore asks
:class:`WindowFiles.others` and names the windows to close. Files of dead processes are ignored
(and removed), so a crash never blocks a restore.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType

from counter_app.adapters import lockdown


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover - Windows without the process
        return False
    return True


class WindowFiles:
    """The ``windows/`` folder of the data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "windows"

    def others(self) -> list[str]:
        """Labels ("kiosk (pid 4121)") of the other live windows of this PC."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                meta = json.loads(path.read_text(encoding="utf-8-sig"))
                pid, window = int(meta["pid"]), str(meta["window"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if pid == os.getpid():
                continue
            if not _alive(pid):
                path.unlink(missing_ok=True)
                continue
            found.append(f"{window} (pid {pid})")
        return found


class StoreHold:
    """This process's mark in ``windows/``; a context manager, or call :meth:`release`."""

    def __init__(self, data_dir: Path, window: str) -> None:
        folder = lockdown.private_dir(data_dir / "windows")
        self.path = folder / f"{os.getpid()}-{window}.json"
        self.path.write_text(json.dumps({"pid": os.getpid(), "window": window}), encoding="utf-8")

    def release(self) -> None:
        """Remove the mark."""
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StoreHold:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def hold_store(data_dir: Path, window: str) -> StoreHold:
    """Mark that this process's ``window`` (kiosk, counter, display, admin) holds the store."""
    return StoreHold(data_dir, window)
