"""What the counter shows the officer: the dossiers of the ticket served and the worklists of the
counter's own fields (both backends)."""

from __future__ import annotations

import datetime as dt
import uuid

from counter_app.adapters.db.store import Store
from counter_app.domain.reference import Officer
from counter_app.domain.settings import Settings
from counter_app.services.personal_data import ticket_dossiers
from counter_app.services.queue import QueueEngine
from counter_app.services.reception import receive_dossier
from counter_app.services.worklists import Worklist, Worklists
from tests.integration.dossier_workers import NOW, person_input

S = Settings()


def officer(store: Store, username: str = "canbo1") -> Officer:
    with store.uow() as uow:
        found = uow.reference.officer_with_hash(username)
    assert found is not None
    return found[0]


def test_ticket_dossiers_in_the_order_received(store: Store) -> None:
    me = officer(store)
    ticket = QueueEngine(store.uow, S, now=lambda: NOW).issue_ticket("HT", None)
    first = receive_dossier(store.uow, S, me, person_input(), ticket_id=ticket.id,
                            now=NOW).dossier
    second = receive_dossier(store.uow, S, me, person_input(code="1.013980"),
                             ticket_id=ticket.id, now=NOW).dossier
    receive_dossier(store.uow, S, me, person_input(), now=NOW)  # another citizen's
    assert [d.code for d in ticket_dossiers(store.uow, me, ticket.id)] == [first.code,
                                                                          second.code]
    assert ticket_dossiers(store.uow, me, uuid.uuid4()) == []


def test_worklists_of_the_counter_fields_by_default(store: Store) -> None:
    me = officer(store)
    receive_dossier(store.uow, S, me, person_input(), now=NOW)  # Hộ tịch
    receive_dossier(store.uow, S, me, person_input(code="1.013980"), now=NOW)  # Đất đai
    lists = Worklists(store.uow, S, now=lambda: NOW + dt.timedelta(days=30))  # both overdue
    fields = {n: lists.counter_fields(n) for n in (1, 2, 3, 4)}
    assert fields[1] == ("HT",) and set(fields[2]) == {"HT", "CT"} and fields[3] == ("DD",)
    assert lists.counter_fields(99) == ()
    assert sum(lists.counts(fields[3]).values()) == 1
    assert sum(lists.counts(fields[1]).values()) == 1
    assert sum(lists.counts().values()) == 2  # all on demand
    land = [r for w in Worklist for r in lists.rows(w, fields[3])]
    assert [r.procedure_name[:18] for r in land] == ["Đăng ký biến động "]
