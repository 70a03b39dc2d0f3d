"""The one gate to Qt: every ui module imports PySide6 classes from here.

Keeping the import in one place gives one clear message when Qt's system libraries are missing
and one place to adapt when Qt moves classes between versions. QtMultimedia (PySide6-Addons) is
optional and loaded on first use by :func:`multimedia` (only the display board speaks); without it
the board stays silent instead of failing.
"""

from __future__ import annotations

import logging
from functools import cache
from types import ModuleType

try:
    from PySide6 import QtCore, QtGui, QtWidgets
except ImportError as exc:  # pragma: no cover - depends on the machine
    raise SystemExit(
        "Không nạp được thư viện giao diện Qt (PySide6). Trên Debian/Ubuntu hãy cài: "
        "sudo apt-get install libegl1 libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3\n"
        f"Chi tiết: {exc}"
    ) from exc

Qt = QtCore.Qt
Signal = QtCore.Signal
Slot = QtCore.Slot


@cache
def multimedia() -> ModuleType | None:
    """Return ``PySide6.QtMultimedia``, or None (logged once) when PySide6-Addons is missing."""
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:  # pragma: no cover - depends on the installation
        logging.getLogger(__name__).warning("QtMultimedia unavailable, voice off: %s", exc)
        return None
    return QtMultimedia


__all__ = [
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
    "multimedia",
]
