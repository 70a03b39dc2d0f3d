"""Child process for the display-scaling test: the board under a real ``QT_SCALE_FACTOR``.

Usage: python -m tests.ui.scaled_board STORE.sqlite3 WIDTH HEIGHT (physical pixels). Prints one
JSON object: the device pixel ratio, the window's logical size, the size of its grab in physical
pixels and the geometry problems found.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    """Build the board over a copy of the store at the physical size given and report."""
    from counter_app.adapters.db.engine import sqlite_url
    from counter_app.adapters.db.store import open_store
    from counter_app.ui.common import ensure_app
    from counter_app.ui.display_window import DisplayWindow
    from tests.ui.geometry import fit
    from tests.ui.helpers import Clock, context, engine

    source, width, height = Path(argv[0]), int(argv[1]), int(argv[2])
    app = ensure_app()
    folder = Path(tempfile.mkdtemp())
    shutil.copy(source, folder / "store.sqlite3")
    store = open_store(sqlite_url(folder / "store.sqlite3"))
    ctx = context(store, folder, voice=False)
    ratio = app.primaryScreen().devicePixelRatio()
    logical = (round(width / ratio), round(height / ratio))
    engine(ctx, Clock(9, 0))
    window = DisplayWindow(ctx)
    window.db.wait()
    window.show()
    problems = fit(window, logical)
    grab = window.grab()
    print(json.dumps({"ratio": ratio, "logical": [window.width(), window.height()],
                      "grab": [grab.width(), grab.height()], "problems": problems}))
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
