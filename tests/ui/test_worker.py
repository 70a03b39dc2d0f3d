"""The background worker: results and errors come back on the GUI thread, keys never pile up."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from counter_app.domain.errors import DomainError
from counter_app.ui.common import ensure_app
from counter_app.ui.qt import QtCore
from counter_app.ui.worker import UNEXPECTED, Worker


def make_worker() -> Worker:
    ensure_app()
    return Worker(threads=2)


def test_result_arrives_on_gui_thread(qtbot: QtBot) -> None:
    worker = make_worker()
    gui = threading.get_ident()
    seen: list[tuple[int, int]] = []
    job_thread: list[int] = []

    def job() -> int:
        job_thread.append(threading.get_ident())
        return 41 + 1

    with qtbot.waitSignal(worker.idle, timeout=5000):
        worker.submit(job, lambda v: seen.append((v, threading.get_ident())))
    assert seen == [(42, gui)]
    assert job_thread and job_thread[0] != gui


def test_domain_error_goes_to_on_error_and_bug_becomes_domain_error(qtbot: QtBot) -> None:
    worker = make_worker()
    errors: list[DomainError] = []

    def refuse() -> None:
        raise DomainError("Dịch vụ đã tạm dừng")

    def bug() -> None:
        raise ZeroDivisionError("x")

    with qtbot.waitSignal(worker.idle, timeout=5000):
        worker.submit(refuse, on_error=errors.append)
    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.submit(bug)
    assert errors[0].message == "Dịch vụ đã tạm dừng"
    assert isinstance(blocker.args[0], DomainError)
    assert blocker.args[0].message.startswith(UNEXPECTED)


def test_gui_thread_stays_free_while_a_job_blocks(qtbot: QtBot) -> None:
    worker = make_worker()
    release = threading.Event()
    ticks: list[int] = []
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    worker.submit(lambda: release.wait(5))
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)
    assert worker.pending == 1
    release.set()
    assert worker.wait(5000)
    timer.stop()


def test_key_skips_a_second_job_while_the_first_is_pending(qtbot: QtBot) -> None:
    worker = make_worker()
    release = threading.Event()
    assert worker.submit(lambda: release.wait(5), key="refresh")
    assert worker.busy("refresh")
    assert not worker.submit(lambda: None, key="refresh")
    release.set()
    assert worker.wait(5000)
    assert worker.submit(lambda: time.sleep(0), key="refresh")
    assert worker.wait(5000)
