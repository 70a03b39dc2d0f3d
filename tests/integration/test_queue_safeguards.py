"""Queue safeguards on both backends: transfer refusals, closing a counter with a ticket in hand,
the kiosk's unavailable services, and errors listing the valid codes."""

from __future__ import annotations

import pytest

from counter_app.adapters.db.store import Store
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.queue import TicketStatus
from counter_app.services.queue_safeguards import NO_OPEN_COUNTER, DecisionNeeded
from tests.integration.queue_helpers import Clock, engine, login


def test_transfer_to_closed_or_wrong_counter_is_refused(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan, minh = login(store, "canbo1"), login(store, "canbo2")
    q.open_counter_session(1, lan)  # counter 1 serves HT
    q.issue_ticket("HT")
    called = q.call_next(1, lan)
    with pytest.raises(DomainError) as closed:
        q.transfer(called.id, lan, to_counter=2)  # counter 2 serves HT but nobody is there
    assert "đang đóng" in closed.value.message
    q.open_counter_session(3, minh)  # counter 3 serves DD only
    with pytest.raises(DomainError) as wrong:
        q.transfer(called.id, lan, to_counter=3)
    assert "không phục vụ" in wrong.value.message and "HT" in wrong.value.message
    moved = q.transfer(called.id, lan, to_counter=3, to_service="DD")
    assert moved.status is TicketStatus.WAITING and moved.target_counter_no == 3


@pytest.mark.parametrize("decision", ["requeue", "no_show"])
def test_closing_a_counter_with_a_called_ticket_needs_a_decision(store: Store,
                                                                 decision: str) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan = login(store, "canbo1")
    q.open_counter_session(1, lan)
    issued = q.issue_ticket("HT")
    q.call_next(1, lan)
    with pytest.raises(DecisionNeeded) as ask:
        q.close_counter_session(1, lan)
    assert ask.value.tickets == (issued.display_number,)
    q.close_counter_session(1, lan, decision)
    with store.uow() as uow:
        assert uow.queue.active_sessions() == []
    stints = q.history(issued.id)
    if decision == "requeue":
        assert stints[-1].to_status is TicketStatus.TRANSFERRED
        q.open_counter_session(1, lan)
        again = q.call_next(1, lan)
        assert again.display_number == issued.display_number  # called again, same number
    else:
        assert q.ticket(issued.id).status is TicketStatus.NO_SHOW


def test_kiosk_greys_out_services_without_an_open_counter(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    assert q.kiosk_unavailable()["HT"] == NO_OPEN_COUNTER
    q.open_counter_session(2, login(store, "canbo1"))  # counter 2: HT and CT
    gone = q.kiosk_unavailable()
    assert "HT" not in gone and "CT" not in gone and gone["DD"] == NO_OPEN_COUNTER
    allowing = engine(store, clock, issue_without_open_counter=True)
    assert allowing.kiosk_unavailable() == {}


def test_unknown_codes_list_the_valid_ones(store: Store) -> None:
    q = engine(store, Clock())
    with pytest.raises(NotFound) as svc:
        q.issue_ticket("XX")
    assert "HT" in svc.value.message and "DKKD" in svc.value.message
    with pytest.raises(NotFound) as pri:
        q.issue_ticket("HT", "VIP")
    assert "NCT" in pri.value.message
