"""The one gate to Qt: every ui module imports PySide6 classes from here.

Keeping the import in one place gives one clear message when Qt's system libraries are missing
and one place to adapt when Qt moves classes between versions. QtMultimedia (PySide6-Addons) is
optional and loaded on first use by :func:`multimedia` (only the display board speaks); without it
the board stays silent instead of failing. Importing this module also guards against PySide6
builds that return None/True without a reference (see :func:`_guard_singletons`), which would
otherwise abort a long-running window.
"""

from __future__ import annotations

import ctypes
import logging
import sys
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

_PROBES = 64
_SINGLETON_REFS = 1 << 60


class _Probe(QtCore.QObject):
    ping = QtCore.Signal()


def _singletons_leak() -> bool:
    """True when PySide returns None/True without owning a reference.

    Seen with PySide6 6.12.0 on CPython 3.11: every void method (``setText``, ``start`` …)
    returned ``None`` and ``SignalInstance.emit`` returned ``True`` without a reference, so their
    counts fell with each call until CPython aborted ("deallocating None") minutes into a kiosk's
    or board's day. Builds for 3.12+ do not notice: there these objects are immortal.
    """
    probe = _Probe()
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
        probe.ping.emit()
    return (sys.getrefcount(None) - before_none <= -_PROBES
            or sys.getrefcount(True) - before_true <= -_PROBES)


def _guard_singletons() -> bool:
    """Make None, True, False and NotImplemented practically immortal if PySide leaks them.

    Adds 2**60 to their reference counts (what CPython 3.12 does for every such object), so the
    missing references can never bring them to zero. Returns True when the guard was applied.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _singletons_leak():
        return False
    for obj in (None, True, False, NotImplemented):
        ctypes.c_ssize_t.from_address(id(obj)).value += _SINGLETON_REFS
    logging.getLogger(__name__).info("PySide6 %s leaks references to None/True: guarded",
                                     QtCore.qVersion())
    return True


SINGLETONS_GUARDED = _guard_singletons()


@cache
def multimedia() -> ModuleType | None:
    """Return ``PySide6.QtMultimedia``, or None (logged once) when PySide6-Addons is missing."""
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:  # pragma: no cover - depends on the installation
        logging.getLogger(__name__).warning("QtMultimedia unavailable, voice off: %s", exc)
        return None
    return QtMultimedia


@cache
def qtpdf() -> ModuleType | None:
    """Return ``PySide6.QtPdf`` (renders the receipt for preview and printing), or None."""
    try:
        from PySide6 import QtPdf
    except ImportError as exc:  # pragma: no cover - depends on the installation
        logging.getLogger(__name__).warning("QtPdf unavailable: %s", exc)
        return None
    return QtPdf


@cache
def charts() -> ModuleType | None:
    """Return ``PySide6.QtCharts`` (the supervisor's charts, used only by ``ui/charts.py``)."""
    try:
        from PySide6 import QtCharts
    except ImportError as exc:  # pragma: no cover - depends on the installation
        logging.getLogger(__name__).warning("QtCharts unavailable: %s", exc)
        return None
    return QtCharts


@cache
def print_support() -> ModuleType:
    """Return ``PySide6.QtPrintSupport`` (print dialogs and QPrinter)."""
    from PySide6 import QtPrintSupport

    return QtPrintSupport


__all__ = [
    "SINGLETONS_GUARDED",
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
    "charts",
    "multimedia",
    "print_support",
    "qtpdf",
]
