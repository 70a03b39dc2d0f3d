"""Errors of the queue list the valid codes (both backends)."""

from __future__ import annotations

import pytest

from counter_app.adapters.db.store import Store
from counter_app.domain.errors import NotFound
from tests.integration.queue_helpers import Clock, engine


def test_unknown_codes_list_the_valid_ones(store: Store) -> None:
    q = engine(store, Clock())
    with pytest.raises(NotFound) as svc:
        q.issue_ticket("XX")
    assert "HT" in svc.value.message and "DKKD" in svc.value.message
    with pytest.raises(NotFound) as pri:
        q.issue_ticket("HT", "VIP")
    assert "NCT" in pri.value.message


def test_a_service_issues_only_in_its_own_hours(store: Store) -> None:
    import datetime as dt

    from counter_app.domain.admin import OfficerDraft
    from counter_app.domain.queue import ServiceClosed
    from counter_app.domain.reference import Role
    from counter_app.services.admin_setup import AdminService
    from tests.integration.queue_helpers import login

    with store.uow() as uow:  # promote the demo supervisor to admin for the set-up
        state = uow.admin.account("giamsat")
        assert state is not None
        uow.admin.save_officer(state.officer.id, OfficerDraft("giamsat", "Giám sát", Role.ADMIN))
        uow.commit()
    admin = AdminService(store.uow, None)  # type: ignore[arg-type]
    admin.edit_service(login(store, "giamsat"), "HT",
                       {"issue_from": dt.time(13, 0), "issue_to": dt.time(16, 30)})
    clock = Clock()  # 09:00 local
    q = engine(store, clock, issue_without_open_counter=True)
    with pytest.raises(ServiceClosed) as closed:
        q.issue_ticket("HT")
    assert "13:00–16:30" in closed.value.message
    status = {s.code: s for s in q.service_status()}
    assert not status["HT"].open and status["CT"].open
    assert q.issue_ticket("CT").display_number == "B001"
    clock.advance(minutes=4 * 60 + 5)  # 13:05
    assert q.issue_ticket("HT").display_number == "A001"
