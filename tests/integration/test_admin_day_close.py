"""Day-end on both backends: open tickets end with the reason, sessions close, summary, idempotent."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from counter_app.adapters.day_summary_files import DaySummaryFiles
from counter_app.adapters.db.store import Store
from counter_app.domain.day_summary import NOT_SERVED_AT_CLOSING
from counter_app.domain.errors import PermissionDenied
from counter_app.domain.queue import TicketStatus
from counter_app.domain.settings import Settings
from counter_app.services.day_close import AUTO_ACTOR, DayCloseService
from tests.integration.queue_helpers import Clock, engine, login


def test_day_close_ends_open_tickets_and_is_idempotent(store: Store, tmp_path: Path) -> None:
    clock = Clock()
    q = engine(store, clock)
    officer, supervisor = login(store, "canbo1"), login(store, "giamsat")
    q.open_counter_session(1, officer)
    first = q.issue_ticket("HT")
    q.issue_ticket("HT")
    q.issue_ticket("HT")
    clock.advance(minutes=6)
    called = q.call_next(1, officer)
    assert called.id == first.id
    clock.advance(minutes=4)
    q.finish(called.id, officer)
    left_called = q.call_next(1, officer)  # still called at closing time
    clock.advance(minutes=1)
    writer = DaySummaryFiles(tmp_path / "reports", Settings())
    days = DayCloseService(store.uow, Settings(), writer, now=clock)
    with pytest.raises(PermissionDenied):
        days.close_day(officer)
    report = days.close_day(supervisor)
    assert not report.already_closed and report.tickets_ended == 2
    assert report.sessions_closed == 1
    assert report.summary.issued == 3 and report.summary.served == 1
    assert report.summary.not_served == 2 and report.summary.avg_wait_min is not None
    assert report.pdf_path is not None and report.pdf_path.exists()
    pages = subprocess.run(["pdfinfo", str(report.pdf_path)], capture_output=True, text=True,
                           check=False).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.M)
    ended = q.ticket(left_called.id)
    assert ended.status is TicketStatus.CANCELLED
    history = q.history(left_called.id)
    assert history[-1].detail == NOT_SERVED_AT_CLOSING and history[-1].actor == "giamsat"
    with store.uow() as uow:
        assert uow.queue.active_sessions() == []
    again = days.close_day(supervisor)
    assert again.already_closed and again.tickets_ended == 0
    assert days.auto_close_if_due() is None  # already closed today


def test_auto_close_only_after_the_configured_time(store: Store) -> None:
    clock = Clock()  # 09:00 local; auto close at 17:30 by default
    days = DayCloseService(store.uow, Settings(), None, now=clock)
    assert days.auto_close_if_due() is None
    clock.advance(minutes=9 * 60)
    report = days.auto_close_if_due()
    assert report is not None and report.closed_by == AUTO_ACTOR
