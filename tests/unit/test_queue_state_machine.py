"""Hypothesis state machine over the pure queue rules: random action sequences stay legal.

The machine plays a small centre in memory with the domain functions only: a kiosk issuing
(sometimes priority) tickets, two counters calling with :func:`choose_next`, and random actions
on random tickets. Illegal actions must raise and change nothing; invariants hold after every step.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from counter_app.domain.errors import IllegalTransition
from counter_app.domain.queue import (
    TRANSITIONS,
    CallingRule,
    Ticket,
    TicketAction,
    TicketStatus,
    choose_next,
    display_number,
    queue_key,
)

S = TicketStatus
A = TicketAction
DAY = dt.date(2026, 11, 23)
T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
SERVICES = (uuid.UUID(int=1), uuid.UUID(int=2))
COUNTERS = (uuid.UUID(int=11), uuid.UUID(int=12))
RULE = CallingRule(max_priority_in_row=2, starvation_minutes=20)
ACTIVE = (S.WAITING, S.CALLED, S.SERVING, S.NO_SHOW)
ACTIONS = [a for a in A if a is not A.ISSUE]


class QueueMachine(RuleBasedStateMachine):
    """A centre with two services and two counters, both serving both services."""

    @initialize()
    def setup(self) -> None:
        self.now = T0
        self.serial = 0
        self.tickets: dict[uuid.UUID, Ticket] = {}
        self.numbers: dict[uuid.UUID, int] = dict.fromkeys(SERVICES, 0)
        self.recent: dict[uuid.UUID, list[bool]] = {c: [] for c in COUNTERS}

    def _new_id(self) -> uuid.UUID:
        self.serial += 1
        return uuid.UUID(int=10_000 + self.serial)  # deterministic: hypothesis replays runs

    def _put(self, t: Ticket) -> None:
        self.tickets[t.id] = t

    @rule(minutes=st.integers(0, 30))
    def tick(self, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)

    @rule(service=st.sampled_from(SERVICES), rank=st.sampled_from([0, 0, 1, 2]))
    def issue(self, service: uuid.UUID, rank: int) -> None:
        self.numbers[service] += 1
        n = self.numbers[service]
        self._put(Ticket(self._new_id(), DAY, service, n, display_number("AB"[SERVICES.index(
            service)], n, 3), service, self.now, priority_rank=rank))

    @rule(counter=st.sampled_from(COUNTERS))
    def call_next(self, counter: uuid.UUID) -> None:
        waiting = [t for t in self.tickets.values() if t.status is S.WAITING
                   and t.target_counter_id in (None, counter)]
        prio = min((t for t in waiting if t.has_priority), key=queue_key, default=None)
        normal = min((t for t in waiting if not t.has_priority), key=queue_key, default=None)
        chosen = choose_next(prio, normal, self.recent[counter], self.now, RULE)
        if chosen is None:
            assert not waiting
            return
        streak_before = len(list(itertools.takewhile(bool, self.recent[counter])))
        if chosen.has_priority and normal is not None and streak_before >= RULE.max_priority_in_row:
            # the starvation rule may only let priority through if the normal has not starved
            assert self.now - normal.issued_at < dt.timedelta(minutes=RULE.starvation_minutes)
        self._put(chosen.apply(A.CALL, self.now, counter_id=counter))
        self.recent[counter].insert(0, chosen.has_priority)

    @rule(data=st.data(), action=st.sampled_from(ACTIONS))
    def act(self, data: st.DataObject, action: TicketAction) -> None:
        if not self.tickets:
            return
        tid = data.draw(st.sampled_from(list(self.tickets)))
        before = self.tickets[tid]
        legal = before.status in TRANSITIONS[action][0]
        try:
            after = before.apply(action, self.now, counter_id=COUNTERS[0], business_date=DAY)
        except IllegalTransition:
            assert not legal
            assert self.tickets[tid] is before
            return
        assert legal
        assert after.status is TRANSITIONS[action][1]
        self._put(after)
        if action is A.RECALL:
            assert after.recall_count == before.recall_count + 1
        if action is A.TRANSFER:
            target = data.draw(st.sampled_from([None, *COUNTERS]))
            service = data.draw(st.sampled_from(SERVICES))
            self._put(before.transferred_copy(self._new_id(), service_id=service,
                                              target_counter_id=target))

    @invariant()
    def stints_are_consistent(self) -> None:
        for t in getattr(self, "tickets", {}).values():
            assert isinstance(t.status, TicketStatus)
            if t.status in (S.CALLED, S.SERVING, S.DONE, S.NO_SHOW):
                assert t.counter_id is not None and t.called_at is not None
                assert t.called_at >= t.issued_at
            if t.status is S.WAITING:
                assert t.counter_id is None and t.called_at is None
            if t.status is S.SERVING:
                assert t.serving_at is not None
            if t.status is S.DONE:
                assert t.finished_at is not None and t.serving_at is not None
                assert t.called_at is not None and t.called_at <= t.finished_at

    @invariant()
    def one_live_stint_per_ticket(self) -> None:
        live: dict[tuple[uuid.UUID, int], int] = {}
        for t in getattr(self, "tickets", {}).values():
            if t.status in ACTIVE:
                key = (t.issue_service_id, t.number)
                live[key] = live.get(key, 0) + 1
        assert all(n == 1 for n in live.values())

    @invariant()
    def transfers_keep_issue_time(self) -> None:
        tickets = getattr(self, "tickets", {})
        for t in tickets.values():
            if t.transferred_from_id is not None:
                parent = tickets[t.transferred_from_id]
                assert parent.status is S.TRANSFERRED
                assert (parent.issued_at, parent.display_number) == (t.issued_at,
                                                                     t.display_number)


QueueMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=60,
                                          deadline=None)
TestQueueMachine = QueueMachine.TestCase
