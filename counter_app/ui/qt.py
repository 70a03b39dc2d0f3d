"""The one gate to Qt: every ui module imports PySide6 classes from here.

Keeping the import in one place gives one clear message when Qt's system libraries are missing
and one place to adapt when Qt moves classes between versions. QtMultimedia (PySide6-Addons) is
optional: without it :data:`HAVE_MULTIMEDIA` is False and the board stays silent instead of failing.
"""

from __future__ import annotations

try:
    from PySide6 import QtCore, QtGui, QtWidgets
except ImportError as exc:  # pragma: no cover - depends on the machine
    raise SystemExit(
        "Không nạp được thư viện giao diện Qt (PySide6). Trên Debian/Ubuntu hãy cài: "
        "sudo apt-get install libegl1 libxkbcommon-x11-0 libxcb-cursor0 libdbus-1-3\n"
        f"Chi tiết: {exc}"
    ) from exc

try:
    from PySide6 import QtMultimedia
except ImportError:  # pragma: no cover - PySide6-Addons not installed
    QtMultimedia = None  # type: ignore[assignment]

HAVE_MULTIMEDIA = QtMultimedia is not None

Qt = QtCore.Qt
Signal = QtCore.Signal
Slot = QtCore.Slot

__all__ = [
    "HAVE_MULTIMEDIA",
    "Qt",
    "QtCore",
    "QtGui",
    "QtMultimedia",
    "QtWidgets",
    "Signal",
    "Slot",
]
