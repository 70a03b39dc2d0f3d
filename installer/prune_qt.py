"""Remove the parts of PySide6 a Qt Widgets application never loads (run on the staged Windows tree).

Keeps the Python binding modules counter_app imports (:data:`KEEP_MODULES`), the plugin folders a
widgets app loads at run time (:data:`KEEP_PLUGINS`), and every DLL those need, found by following
the PE import tables (``objdump -p``) inside the PySide6 and shiboken6 folders. Everything else
(Quick/QML, WebEngine, Designer and the other tools, translations, 3D, opengl32sw…) is deleted.

Usage: prune_qt.py SITE_PACKAGES [OBJDUMP]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

# Binding modules the app imports (ui/qt.py is the one gate) and what they need to import.
KEEP_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtMultimedia",
                "QtNetwork", "QtSvg")
# Plugin folders: the Windows platform, styles, images, icons, sound, touch input, TLS. (Not
# platforminputcontexts: its only plugin is the QML virtual keyboard, which drags in Qt Quick.)
KEEP_PLUGINS = ("platforms", "styles", "imageformats", "iconengines", "multimedia", "generic", "tls")
# Top-level folders and files of PySide6 never needed at run time.
DROP_DIRS = ("qml", "translations", "resources", "metatypes", "include", "typesystems", "glue",
             "scripts", "doc", "support", "lib")
# Files for developers only: type stubs, import libraries, executables (designer, qmlls…).
DROP_GLOBS = ("*.exe", "*.pyi", "*.lib")
DLL_NAME = re.compile(r"DLL Name:\s*(\S+)", re.IGNORECASE)


def imports(objdump: str, binary: Path) -> list[str]:
    """Return the DLL names ``binary`` imports (lower case)."""
    out = subprocess.run([objdump, "-p", str(binary)], check=True, capture_output=True,
                         text=True, errors="replace").stdout
    return [m.lower() for m in DLL_NAME.findall(out)]


def prune(site: Path, objdump: str) -> tuple[int, int]:
    """Prune ``site/PySide6``; return (bytes before, bytes after)."""
    pyside = site / "PySide6"
    before = _size(pyside)
    for name in DROP_DIRS:
        shutil.rmtree(pyside / name, ignore_errors=True)
    for plugin_dir in (pyside / "plugins").iterdir():
        if plugin_dir.name not in KEEP_PLUGINS:
            shutil.rmtree(plugin_dir)
    for pattern in DROP_GLOBS:
        for path in pyside.glob(pattern):
            path.unlink()
    for pyd in pyside.glob("*.pyd"):
        if pyd.stem not in KEEP_MODULES:
            pyd.unlink()
    local = {p.name.lower(): p for folder in (pyside, site / "shiboken6") for p in folder.glob("*.dll")}
    roots = [*pyside.glob("*.pyd"), *(site / "shiboken6").glob("*.pyd"),
             *(pyside / "plugins").rglob("*.dll")]
    needed: set[str] = set()
    todo = list(roots)
    while todo:
        for name in imports(objdump, todo.pop()):
            if name in local and name not in needed:
                needed.add(name)
                todo.append(local[name])
    for name, path in local.items():
        if name not in needed and path.parent == pyside:
            path.unlink()
    return before, _size(pyside)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str]) -> int:
    """Prune and print the sizes."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = prune(Path(argv[0]), argv[1] if len(argv) > 1 else "x86_64-w64-mingw32-objdump")
    print(f"PySide6: {before / 2**20:.0f} MB -> {after / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
