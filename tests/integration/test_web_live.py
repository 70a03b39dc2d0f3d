"""The mobile ticket live on a real server: a phone holding the Server-Sent Events stream sees
its ticket go from waiting to called when another process (the counter's CLI) calls it, on SQLite
(change feed: ``data_version``) and PostgreSQL (``LISTEN``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from counter_app.adapters.db.change_feed import open_change_feed
from counter_app.adapters.db.store import Store
from counter_app.adapters.web import create_app
from counter_app.services.queue import QueueEngine
from tests.db_fixtures import DEMO_PASSWORDS
from tests.integration.test_web import settings
from tests.integration.web_server import serving


def events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    """Yield the data of each ``ticket`` event of an SSE stream."""
    kind = ""
    for line in lines:
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: ") and kind == "ticket":
            yield json.loads(line[6:])


def call_next_elsewhere(store_url: str, tmp: Path, counter: int = 1,
                        officer: str = "canbo1") -> None:
    """Call the next ticket at ``counter`` from a separate ``counter-app`` process."""
    env = {**os.environ, "COUNTER_APP_PASSWORD": DEMO_PASSWORDS[officer],
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "counter_app", "--database-url", store_url, "--data-dir", str(tmp),
         "ticket", "call-next", "--counter", str(counter), "--officer", officer],
        env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_phone_follows_ticket_from_waiting_to_called(store: Store, store_url: str,
                                                     tmp_path: Path) -> None:
    s = settings()
    mine = QueueEngine(store.uow, s).issue_ticket("HT")
    app = create_app(s, store.uow, feed_factory=lambda: open_change_feed(store),
                     inline_reads=store.backend == "sqlite")
    with serving(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        url = f"/api/v1/ve/{mine.id.hex}/su-kien?k={mine.web_token}"
        with http.stream("GET", url) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            stream = events(r.iter_lines())
            first = next(stream)
            assert (first["number"], first["status"], first["people_ahead"]) == (
                mine.display_number, "waiting", 0)
            call_next_elsewhere(store_url, tmp_path)
            called = next(stream)
        assert (called["status"], called["counter"], called["call_text"]) == (
            "called", 1, "Mời đến quầy số 1")
        assert http.get(url.replace("k=", "k=WRONG")).status_code == 404
