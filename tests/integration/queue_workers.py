"""Functions run in spawned worker processes by the queue change-feed and stress tests."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from counter_app.adapters.db.store import open_store
from counter_app.domain.queue import NoTicketWaiting
from counter_app.domain.reference import Officer
from counter_app.domain.settings import QueueSettings, Settings
from counter_app.services.queue import QueueEngine

SERVICES = ("HT", "CT", "DD", "HT", "DKKD")
ALL_DAY = Settings(queue=QueueSettings(kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)))


def issue_on_signal(url: str, go: Any, committed_at: Any) -> None:
    """Wait for ``go``, issue one ticket and record the wall time right after the commit."""
    store = open_store(url, upgrade=False)
    q = QueueEngine(store.uow, ALL_DAY)
    q.service_status()  # warm the connection before the timed part
    go.wait(30)
    q.issue_ticket("HT")
    committed_at.value = time.time()
    store.close()


def stress_issuer(url: str, rounds: int, start: Any, out: Any, issuers_left: Any) -> None:
    """Issue ``rounds`` tickets across the services; put ``("issue", [(id, number, service)])``."""
    store = open_store(url, upgrade=False)
    q = QueueEngine(store.uow, ALL_DAY)
    q.service_status()
    done: list[tuple[str, str, str]] = []
    start.wait(60)
    try:
        for i in range(rounds):
            t = q.issue_ticket(SERVICES[i % len(SERVICES)])
            done.append((str(t.id), t.display_number, t.service_code))
    finally:
        with issuers_left.get_lock():
            issuers_left.value -= 1
        out.put(("issue", done))
        store.close()


def stress_caller(url: str, counter_no: int, officer: Officer, start: Any,
                  out: Any, issuers_left: Any, deadline: float) -> None:
    """Call and finish tickets at a counter until the issuers are done and nobody waits."""
    store = open_store(url, upgrade=False)
    q = QueueEngine(store.uow, ALL_DAY)
    q.open_counter_session(counter_no, officer)
    done: list[tuple[str, str, str]] = []
    start.wait(60)
    try:
        while time.time() < deadline:
            try:
                v = q.call_next(counter_no, officer)
            except NoTicketWaiting:
                if issuers_left.value == 0:
                    break
                time.sleep(0.002)
                continue
            done.append((str(v.id), v.display_number, v.service_code))
            q.finish(v.id, officer)
    finally:
        out.put(("call", done))
        store.close()


def ahead_issuer(url: str, rounds: int, start: Any, out: Any) -> None:
    """Issue ``rounds`` tickets of HT at once with the others; put [(display, people ahead)]."""
    store = open_store(url, upgrade=False)
    q = QueueEngine(store.uow, ALL_DAY)
    q.service_status()
    start.wait(60)
    try:
        out.put([(t.display_number, t.people_ahead)
                 for t in (q.issue_ticket("HT") for _ in range(rounds))])
    finally:
        store.close()
