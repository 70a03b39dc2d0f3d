"""Queue use cases on SQLite and PostgreSQL: numbering, caps, hours, sessions, actions, events."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from counter_app.adapters.db.store import Store
from counter_app.domain.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from counter_app.domain.queue import (
    ConcurrentUpdate,
    CounterBusy,
    DecisionNeeded,
    NoTicketWaiting,
    PendingDecision,
    ServiceClosed,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketStatus,
)
from tests.integration.queue_helpers import Clock, engine, login

A = TicketAction


def _sql(store: Store, sql: str, **params: object) -> list[tuple[object, ...]]:
    with store.engine.begin() as conn:
        result = conn.execute(text(sql), params)
        return [tuple(r) for r in result] if result.returns_rows else []


def test_numbers_per_service_restart_each_business_day(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    assert [q.issue_ticket("HT").display_number for _ in range(3)] == ["A001", "A002", "A003"]
    assert q.issue_ticket("ct").display_number == "B001"
    clock.advance(minutes=24 * 60)
    tomorrow = q.issue_ticket("HT")
    assert tomorrow.display_number == "A001"
    assert tomorrow.business_date == dt.date(2026, 11, 24)
    assert _sql(store, "SELECT count(*) FROM tickets")[0][0] == 5  # history kept
    with store.uow() as uow:
        assert uow.queue.issued_counts(dt.date(2026, 11, 23)) == {
            uow.reference.service_by_code("HT").id: 3,  # type: ignore[union-attr]
            uow.reference.service_by_code("CT").id: 1}  # type: ignore[union-attr]


def test_business_date_follows_local_midnight(store: Store) -> None:
    # 23:30 UTC on the 22nd is 06:30 on the 23rd in Hà Nội: a kiosk open 24 h numbers it the 23rd.
    clock = Clock(dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC))
    t = engine(store, clock, kiosk_opens=dt.time(0), kiosk_closes=dt.time(0)).issue_ticket("HT")
    assert t.business_date == dt.date(2026, 11, 23)
    assert t.issued_at.utcoffset() == dt.timedelta(hours=7)


def test_unique_number_backstop(store: Store) -> None:
    q = engine(store, Clock())
    first = q.issue_ticket("HT")
    with store.uow() as uow:
        row = uow.queue.get_ticket(first.id)
        assert row is not None
        clone = Ticket(uuid.uuid4(), row.business_date, row.issue_service_id, row.number,
                       row.display_number, row.service_id, row.issued_at)
        with pytest.raises(IntegrityError):
            uow.queue.add_ticket(clone)


def test_daily_cap_refuses_without_spending_a_number(store: Store) -> None:
    _sql(store, "UPDATE queue_services SET daily_cap = 2 WHERE code = 'DD'")
    q = engine(store, Clock())
    q.issue_ticket("DD")
    q.issue_ticket("DD")
    with pytest.raises(ServiceClosed, match="hết số trong ngày"):
        q.issue_ticket("DD")
    dd = next(s for s in q.service_status() if s.code == "DD")
    assert (dd.open, dd.remaining, dd.issued_today) == (False, 0, 2)
    assert dd.reason is not None and "tối đa 2" in dd.reason
    _sql(store, "UPDATE queue_services SET daily_cap = 3 WHERE code = 'DD'")
    assert q.issue_ticket("DD").display_number == "C003"  # the refused attempt left no gap


def test_kiosk_hours(store: Store) -> None:
    clock = Clock(dt.datetime(2026, 11, 23, 6, 30, tzinfo=dt.UTC) - dt.timedelta(hours=7))
    q = engine(store, clock)
    with pytest.raises(ServiceClosed, match="Ngoài giờ cấp số"):
        q.issue_ticket("HT")
    assert all(not s.open and "07:00–17:00" in (s.reason or "") for s in q.service_status())
    clock.advance(minutes=30)
    assert q.issue_ticket("HT").display_number == "A001"
    assert all(s.open for s in q.service_status())


def test_unknown_service_and_priority(store: Store) -> None:
    q = engine(store, Clock())
    with pytest.raises(NotFound, match="Không có dịch vụ mã 'XX'"):
        q.issue_ticket("XX")
    with pytest.raises(NotFound, match="đối tượng ưu tiên"):
        q.issue_ticket("HT", "KHONGCO")
    t = q.issue_ticket("HT", "nct")
    assert (t.priority_code, t.priority_name) == ("NCT", "Người từ 60 tuổi trở lên")


def test_people_ahead_and_wait_estimate(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan, minh = login(store, "canbo1"), login(store, "canbo2")
    first = q.issue_ticket("HT")
    assert (first.people_ahead, first.estimate_minutes) == (0, None)  # no history yet
    q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    for minutes in (6, 4):  # two tickets served: 6 and 4 minutes from call to finish
        called = q.call_next(1, lan)
        clock.advance(minutes=minutes)
        q.finish(called.id, lan)
    for _ in range(3):
        q.issue_ticket("HT")
    q.open_counter_session(2, minh)  # counters 1 and 2 both serve HT
    t = q.issue_ticket("HT")
    assert t.people_ahead == 3
    assert t.estimate_minutes == 8  # 3 × 5 min ÷ 2 counters = 7.5 → 8
    prio = q.issue_ticket("HT", "NKT")
    assert prio.people_ahead == 0 and prio.estimate_minutes == 0


def test_one_officer_per_counter(store: Store) -> None:
    q = engine(store, Clock())
    lan, minh, boss = login(store, "canbo1"), login(store, "canbo2"), login(store, "giamsat")
    q.open_counter_session(1, lan)
    assert q.open_counter_session(1, lan).officer_username == "canbo1"  # idempotent
    with pytest.raises(CounterBusy) as info:
        q.open_counter_session(1, minh)
    assert "Quầy 1 đang do cán bộ Nguyễn Thị Lan (canbo1) làm việc" in info.value.message
    with pytest.raises(CounterBusy, match="đang làm việc tại quầy 1"):
        q.open_counter_session(2, lan)
    with pytest.raises(PermissionDenied):
        q.free_counter(1, minh)
    q.free_counter(1, boss)
    assert q.open_counter_session(1, minh).officer_username == "canbo2"
    q.close_counter_session(1, minh)
    assert q.open_counter_session(1, lan).officer_username == "canbo1"
    assert [c.open for c in q.snapshot().counters] == [True, False, False, False]


def test_call_next_guards(store: Store) -> None:
    q = engine(store, Clock())
    lan = login(store, "canbo1")
    q.issue_ticket("HT")
    with pytest.raises(CounterBusy, match="chưa mở phiên"):
        q.call_next(1, lan)
    q.open_counter_session(1, lan)
    first = q.call_next(1, lan)
    q.issue_ticket("HT")
    with pytest.raises(CounterBusy, match="đang mời hoặc phục vụ số A001"):
        q.call_next(1, lan)
    q.finish(first.id, lan)
    second = q.call_next(1, lan)
    q.finish(second.id, lan)
    with pytest.raises(NoTicketWaiting, match="Không còn công dân nào đang chờ cho quầy 1"):
        q.call_next(1, lan)


def test_counter_calls_only_its_services_oldest_first(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    minh, lan = login(store, "canbo2"), login(store, "canbo1")
    for code in ("CT", "HT", "CT", "DD"):
        q.issue_ticket(code)
        clock.advance(minutes=1)
    assert [v.display_number for v in q.waiting_list(2)] == ["B001", "A001", "B002"]
    assert [v.display_number for v in q.waiting_list(3)] == ["C001"]
    q.open_counter_session(2, minh)
    q.open_counter_session(3, lan)
    order = []
    for _ in range(3):
        v = q.call_next(2, minh)
        order.append(v.display_number)
        q.finish(v.id, minh)
    assert order == ["B001", "A001", "B002"]
    assert q.call_next(3, lan).display_number == "C001"


def test_lifecycle_records_every_action(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan = login(store, "canbo1")
    t = q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    clock.advance(minutes=1)
    q.call_next(1, lan)
    q.recall(t.id, lan)
    clock.advance(seconds=30)
    assert q.recall(t.id, lan).recall_count == 2
    q.start_serving(t.id, lan)
    clock.advance(minutes=5)
    done = q.finish(t.id, lan)
    assert done.status is TicketStatus.DONE and done.counter_no == 1
    assert done.officer_username == "canbo1"
    history = q.history(t.id)
    assert [e.action for e in history] == [A.ISSUE, A.CALL, A.RECALL, A.RECALL, A.START,
                                           A.FINISH]
    assert [e.actor for e in history] == ["kiosk"] + ["canbo1"] * 5
    assert [e.counter_no for e in history] == [None, 1, 1, 1, 1, 1]
    assert history[-1].at - history[0].at == dt.timedelta(minutes=6, seconds=30)
    assert history[2].action_label == "mời lại"
    calls = q.snapshot().recent_calls
    assert [(c.display_number, c.recall) for c in calls] == [
        ("A001", True), ("A001", True), ("A001", False)]
    assert len({c.event_id for c in calls}) == 3


def test_illegal_transition_is_refused_in_vietnamese(store: Store) -> None:
    q = engine(store, Clock())
    lan = login(store, "canbo1")
    t = q.issue_ticket("HT")
    with pytest.raises(IllegalTransition) as info:
        q.finish(t.id, lan)
    assert info.value.message == ("Không thể hoàn thành phiếu A001 đang ở trạng thái "
                                  "“Đang chờ”.")
    assert q.ticket(t.id).status is TicketStatus.WAITING
    assert [e.action for e in q.history(t.id)] == [A.ISSUE]  # nothing recorded


def test_no_show_and_reactivate_same_day_only(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan = login(store, "canbo1")
    a1, a2 = q.issue_ticket("HT"), q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    q.call_next(1, lan)
    assert q.mark_no_show(a1.id, lan).status is TicketStatus.NO_SHOW
    assert q.reactivate(a1.id, lan).status is TicketStatus.WAITING
    assert [v.display_number for v in q.waiting_list(1)] == ["A001", "A002"]  # original place
    q.call_next(1, lan)
    q.mark_no_show(a1.id, lan)
    clock.advance(minutes=24 * 60)
    with pytest.raises(IllegalTransition, match="trong ngày"):
        q.reactivate(a1.id, lan)
    assert q.waiting_list(1) == []  # yesterday's waiting A002 is not called today
    assert q.ticket(a2.id).status is TicketStatus.WAITING


def test_transfer_to_service_keeps_issue_time(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan, minh = login(store, "canbo1"), login(store, "canbo2")
    a1 = q.issue_ticket("HT")
    clock.advance(minutes=5)
    for _ in range(2):
        q.issue_ticket("CT")
    q.open_counter_session(1, lan)
    q.call_next(1, lan)
    moved = q.transfer(a1.id, lan, to_service="CT")
    assert (moved.display_number, moved.service_code, moved.status) == (
        "A001", "CT", TicketStatus.WAITING)
    assert moved.issued_at == a1.issued_at and moved.transferred_from_id == a1.id
    assert q.ticket(a1.id).status is TicketStatus.TRANSFERRED
    assert q.find_ticket("A001").id == moved.id  # newest stint
    q.open_counter_session(4, minh)  # counter 4 serves DKKD and CT
    assert q.call_next(4, minh).display_number == "A001"  # older than B001
    actions = [(e.action, e.to_status) for e in q.history(moved.id)]
    assert actions[-3:] == [(A.TRANSFER, TicketStatus.TRANSFERRED),
                            (A.TRANSFER, TicketStatus.WAITING), (A.CALL, TicketStatus.CALLED)]
    with pytest.raises(NotFound):
        q.transfer(moved.id, minh, to_service="XX")


def test_transfer_to_counter_only_that_counter_calls_it(store: Store) -> None:
    q = engine(store, Clock())
    lan, minh = login(store, "canbo1"), login(store, "canbo2")
    a1 = q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    q.call_next(1, lan)
    q.start_serving(a1.id, lan)
    with pytest.raises(DomainError, match="Quầy 3 không phục vụ dịch vụ Hộ tịch"):
        q.transfer(a1.id, lan, to_counter=3)  # counter 3 serves DD only
    with pytest.raises(DomainError, match="Quầy 2 đang đóng"):
        q.transfer(a1.id, lan, to_counter=2)  # serves HT but nobody signed in
    q.open_counter_session(2, minh)
    moved = q.transfer(a1.id, lan, to_counter=2)
    assert moved.target_counter_no == 2
    assert q.waiting_list(1) == []
    assert [v.display_number for v in q.waiting_list(2)] == ["A001"]
    assert q.call_next(2, minh).id == moved.id


def test_closing_a_counter_with_a_citizen_asks_what_to_do(store: Store) -> None:
    q = engine(store, Clock())
    lan = login(store, "canbo1")
    a1, a2 = q.issue_ticket("HT"), q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    assert q.call_next(1, lan).id == a1.id
    with pytest.raises(DecisionNeeded) as asked:
        q.close_counter_session(1, lan)
    assert asked.value.ticket_display == "A001" and "vắng mặt" in asked.value.message
    q.close_counter_session(1, lan, PendingDecision.REQUEUE)
    assert [v.display_number for v in q.waiting_list(1)] == ["A001", "A002"]  # back in front
    q.open_counter_session(1, lan)
    again = q.call_next(1, lan)
    assert again.display_number == "A001"
    q.start_serving(again.id, lan)
    with pytest.raises(DecisionNeeded) as serving:
        q.close_counter_session(1, lan)
    assert "vắng mặt" not in serving.value.message
    with pytest.raises(IllegalTransition):
        q.close_counter_session(1, lan, "no_show")  # a citizen being served did come
    q.finish(again.id, lan)
    assert q.call_next(1, lan).id == a2.id
    q.close_counter_session(1, lan, "no_show")
    assert q.history(a2.id)[-1].action is TicketAction.NO_SHOW
    assert q.waiting_list(1) == []


def test_kiosk_greys_out_a_service_no_open_counter_serves(store: Store) -> None:
    strict = engine(store, Clock(), issue_without_open_counter=False)
    assert {s.code: s.reason for s in strict.service_status()} == {
        "HT": "Chưa có quầy phục vụ", "CT": "Chưa có quầy phục vụ",
        "DD": "Chưa có quầy phục vụ", "DKKD": "Chưa có quầy phục vụ"}
    strict.open_counter_session(2, login(store, "canbo1"))  # counter 2: HT and CT
    assert {s.code for s in strict.service_status() if s.open} == {"HT", "CT"}
    relaxed = engine(store, Clock())
    assert all(s.open for s in relaxed.service_status())


def test_cancel(store: Store) -> None:
    q = engine(store, Clock())
    lan = login(store, "canbo1")
    a1, a2 = q.issue_ticket("HT"), q.issue_ticket("HT")
    assert q.cancel(a2.id, lan, "công dân về").status is TicketStatus.CANCELLED
    assert q.history(a2.id)[-1].detail == "công dân về"
    q.open_counter_session(1, lan)
    q.call_next(1, lan)
    q.start_serving(a1.id, lan)
    with pytest.raises(IllegalTransition, match="Không thể hủy"):
        q.cancel(a1.id, lan)


def test_only_the_counters_officer_or_a_supervisor_acts_on_a_called_ticket(
    store: Store,
) -> None:
    q = engine(store, Clock())
    lan, minh, boss = login(store, "canbo1"), login(store, "canbo2"), login(store, "giamsat")
    t = q.issue_ticket("HT")
    q.open_counter_session(1, lan)
    q.open_counter_session(2, minh)
    q.call_next(1, lan)
    with pytest.raises(CounterBusy, match="Quầy 1 đang do cán bộ"):
        q.finish(t.id, minh)
    assert q.finish(t.id, boss).status is TicketStatus.DONE
    with pytest.raises(CounterBusy):
        q.call_next(1, boss)  # supervisors may act, but not call from a counter they do not hold


def test_claim_refuses_a_stale_update(store: Store) -> None:
    q = engine(store, Clock())
    lan = login(store, "canbo1")
    t = q.issue_ticket("HT")
    with store.uow() as uow:
        stale = uow.queue.get_ticket(t.id)
    assert stale is not None
    q.cancel(t.id, lan)
    with store.uow() as uow:
        counter = uow.reference.counter_by_number(1)
    assert counter is not None
    called = stale.apply(A.CALL, stale.issued_at, counter_id=counter.id)
    event = TicketEvent(uuid.uuid4(), t.id, stale.issued_at, A.CALL, "canbo1",
                        TicketStatus.CALLED, TicketStatus.WAITING)
    with store.uow(immediate=True) as uow:
        assert uow.queue.save_ticket(called, TicketStatus.WAITING) is False
        assert uow.queue.record(called, TicketStatus.WAITING, event) is False
        uow.commit()
    assert q.ticket(t.id).status is TicketStatus.CANCELLED
    assert [e.action for e in q.history(t.id)] == [A.ISSUE, A.CANCEL]  # no stray event
    with store.uow(immediate=True) as uow:  # and the claim does win against the right status
        fresh = uow.queue.get_ticket(t.id)
        assert fresh is not None
        assert uow.queue.record(replace(fresh, recall_count=5), TicketStatus.CANCELLED,
                                replace(event, id=uuid.uuid4())) is True
    assert issubclass(ConcurrentUpdate, DomainError)


def test_snapshot(store: Store) -> None:
    clock = Clock()
    q = engine(store, clock)
    lan = login(store, "canbo1")
    q.issue_ticket("HT")
    q.issue_ticket("HT", "PNMT")
    q.issue_ticket("CT")
    q.open_counter_session(1, lan)
    q.call_next(1, lan)
    snap = q.snapshot()
    assert snap.business_date == dt.date(2026, 11, 23)
    assert [(s.code, s.waiting, s.waiting_priority, s.issued_today) for s in snap.services] == [
        ("HT", 1, 0, 2), ("CT", 1, 0, 1), ("DD", 0, 0, 0), ("DKKD", 0, 0, 0)]
    c1 = snap.counters[0]
    assert (c1.number, c1.open, c1.officer_name, c1.service_codes) == (
        1, True, "Nguyễn Thị Lan", ("HT",))
    assert c1.current is not None and c1.current.display_number == "A002"  # priority first
    assert snap.recent_calls[0].counter_name == "Quầy 1 — Hộ tịch"
    assert snap.as_json()["serving"][0]["ticket"] == "A002"
