"""The composition root builds each service once, settles the centre's settings before anything
reads them, and gives every service the same clock."""

from __future__ import annotations

import datetime as dt
import sys
import types
import uuid
from pathlib import Path

from counter_app.adapters.db.store import Store
from counter_app.app import CounterApp, Paths
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings

ADMIN = Officer(uuid.uuid4(), "quantri", "Quản trị", Role.ADMIN)


def _app(store: Store, tmp_path: Path) -> CounterApp:
    url = store.engine.url.render_as_string(hide_password=False)
    return CounterApp(Paths(tmp_path, tmp_path / "c.toml"), Settings(), url, store=store)


def test_each_service_is_built_once_and_shares_the_clock(store: Store, tmp_path: Path) -> None:
    app = _app(store, tmp_path)
    assert app.queue is app.queue and app.kiosk.engine is app.queue
    assert app.desk.documents is app.documents
    at = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
    app.now = lambda: at  # tests and screenshots move the clock after the services exist
    assert app.queue.now() == at and app.desk.now() == at and app.kiosk.now() == at


def test_windows_and_services_see_the_centre_settings_of_the_store(store: Store,
                                                                   tmp_path: Path) -> None:
    _app(store, tmp_path).centre_settings.set(ADMIN, "centre.name", "Trung tâm xã Hòa Bình")
    app = _app(store, tmp_path)  # another process of the same centre starts
    assert app.settings.centre.name != "Trung tâm xã Hòa Bình"  # the file's, before the store
    seen: list[str] = []
    window = types.ModuleType("fake_window")

    def run(services: CounterApp) -> int:
        seen.append(services.settings.centre.name)
        return 0

    window.run = run  # type: ignore[attr-defined]
    sys.modules["fake_window"] = window
    try:
        assert app.run_window("fake_window", "display") == 0
    finally:
        del sys.modules["fake_window"]
    assert seen == ["Trung tâm xã Hòa Bình"]
    assert app.kiosk.settings.centre.name == "Trung tâm xã Hòa Bình"
