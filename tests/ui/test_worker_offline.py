"""The worker reports a lost server as one Vietnamese line and tells windows once per change."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_app.domain.errors import SERVER_LOST, DomainError, StoreUnavailable
from counter_app.ui.common import ensure_app
from counter_app.ui.worker import Worker


def lost() -> None:
    raise StoreUnavailable()


def wrapped() -> None:
    try:
        lost()
    except StoreUnavailable as exc:
        raise RuntimeError("driver said something in English") from exc


def test_lost_server_is_one_line_and_one_state_change(qtbot: QtBot) -> None:
    ensure_app()
    worker = Worker(threads=1)
    states: list[bool] = []
    errors: list[DomainError] = []
    worker.online.connect(states.append)
    for job in (lost, wrapped, lost):
        worker.submit(job, on_error=errors.append)
        assert worker.wait()
    assert [e.message for e in errors] == [SERVER_LOST] * 3
    assert all(isinstance(e, StoreUnavailable) for e in errors)
    assert states == [False] and not worker.is_online
    worker.submit(lambda: 1)
    assert worker.wait()
    assert states == [False, True] and worker.is_online
    worker.shutdown()
