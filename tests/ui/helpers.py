"""Helpers for window tests: a context over the test store and an engine with a fixed clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp, Paths
from counter_app.domain.settings import PrinterSettings, QueueSettings, Settings
from counter_app.services.queue import QueueEngine

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def context(store: Store, tmp_path: Path, *, printer: dict[str, Any] | None = None,
            **display: Any) -> CounterApp:
    """Return the composition root over ``store`` with the given printer and display settings.

    The kiosk issues for every service even with no counter open (the tests press buttons first).
    """
    settings = Settings(queue=QueueSettings(issue_without_open_counter=True))
    if printer is not None:
        settings = dataclasses.replace(settings, printer=PrinterSettings(**printer))
    if display:
        settings = dataclasses.replace(
            settings, display=dataclasses.replace(settings.display, **display))
    url = store.engine.url.render_as_string(hide_password=False)
    return CounterApp(Paths(tmp_path, tmp_path / "config.toml"), settings, url, store=store)


class Clock:
    """A settable clock for the engine, in the centre's time zone."""

    def __init__(self, hour: int = 9, minute: int = 0) -> None:
        today = dt.datetime.now(TZ).date()
        self.at = dt.datetime.combine(today, dt.time(hour, minute), TZ)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += dt.timedelta(minutes=minutes)


def engine(app: CounterApp, clock: Clock) -> QueueEngine:
    """Set every service's clock to ``clock`` and return the app's queue engine."""
    app.now = clock
    return app.queue


def closed_port() -> int:
    """Return a local TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def hanging_port() -> Iterator[int]:
    """Yield a local port whose connections hang (listen backlog full), like a dead printer."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    filler = socket.create_connection(server.getsockname(), timeout=1)
    try:
        yield int(server.getsockname()[1])
    finally:
        filler.close()
        server.close()


class FakePrinter:
    """A network ESC/POS printer on 127.0.0.1 that answers the paper sensor query.

    ``paper_byte`` is the reply to ``DLE EOT 4`` (0x12: paper present, 0x72: paper out);
    everything else received is kept in ``received``.
    """

    def __init__(self, paper_byte: int) -> None:
        self.paper_byte = paper_byte
        self.received = bytearray()
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(5)
        self._server.settimeout(0.2)
        self.port = int(self._server.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                while not self._stop.is_set():
                    try:
                        data = conn.recv(65536)
                    except OSError:
                        break
                    if not data:
                        break
                    if data.endswith(b"\x10\x04\x04"):
                        conn.sendall(bytes([self.paper_byte]))
                        data = data[:-3]
                    self.received.extend(data)

    def close(self) -> None:
        """Stop serving."""
        self._stop.set()
        self._thread.join(2)
        self._server.close()
