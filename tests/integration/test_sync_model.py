"""Randomised model of a centre: three replicas on a real PostgreSQL, random partitions and heals,
receiving, stepping and returning-to-body dossiers, issuing and calling tickets (issue 11).

After every step each copy keeps the invariants (codes unique, (day, service, number) unique,
every dossier whole). At the end every link heals and every replica syncs: every replica then holds
exactly the server's rows, and every dossier any replica committed is on the server.
The run is derandomised (the same examples every time); :data:`EXPLORED` counts what it did and
is printed at the end (``-s``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from counter_app.adapters.db.engine import make_engine
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle_commands import Ready, Refuse, Transfer
from tests.db_fixtures import _pg_admin, _with_db
from tests.sync_helpers import Clock, Replica, assert_converged, check_invariants, sync_all

REPLICAS = 3
EXAMPLES = 6
STEPS = 30
EXPLORED: Counter[str] = Counter()
NAMES = [f"Công Dân {a}{b}" for a in "ABCDEFGH" for b in "ABCDEFGH"]
ACTIONS = (["receive"] * 4 + ["step"] * 4 + ["issue"] * 2 + ["call"] * 2 + ["partition"] * 3
           + ["heal"] + ["sync"])
STEPS_OF = {
    "transfer": Transfer("Công chức Tư pháp - Hộ tịch", "Trần Minh Đức"),
    "refuse": Refuse(("Hồ sơ không thuộc thẩm quyền",)),
    "ready": Ready("Giấy khai sinh bản chính", "Trần Minh Đức"),
}


def machine(base_url: str, template: str, replica_file: Path, tmp: Path) -> type:
    """The state machine class, bound to the session's PostgreSQL and templates."""

    class Centre(RuleBasedStateMachine):
        """Several PCs of one centre, their links and what they did."""

        @initialize()
        def open_centre(self) -> None:
            name = f"m_{uuid.uuid4().hex[:10]}"
            _pg_admin(base_url, f"CREATE DATABASE {name} TEMPLATE {template}")
            self.db = name
            self.url = _with_db(base_url, name)
            self.server = make_engine(self.url)
            clock = Clock()
            self.replicas = [Replica(self.url, tmp / name / f"pc{i}", clock, name=f"pc{i}",
                                     template=replica_file) for i in range(REPLICAS)]
            for i, r in enumerate(self.replicas[:2]):  # two counters with an officer each
                r.queue.open_counter_session(i + 1, r.officer(f"canbo{i + 1}"))
            sync_all(self.replicas)
            self.codes: set[str] = set()
            self.cut = [False] * REPLICAS
            EXPLORED["examples"] += 1

        def teardown(self) -> None:
            try:
                if hasattr(self, "replicas"):
                    for r in self.replicas:
                        r.heal()
                    sync_all(self.replicas, rounds=3)
                    with self.server.connect() as conn:
                        check_invariants(conn)
                        found = set(conn.execute(text("SELECT code FROM dossiers")).scalars())
                        EXPLORED["flagged"] += int(conn.execute(text(
                            "SELECT count(*) FROM sync_conflicts")).scalar_one())
                    missing = self.codes - found
                    assert not missing, missing
                    assert_converged(self.server, self.replicas)
            finally:
                for r in getattr(self, "replicas", []):
                    r.close()
                if hasattr(self, "server"):
                    self.server.dispose()
                    _pg_admin(base_url, f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")

        def _do(self, what: str, fn: Any) -> Any:
            EXPLORED[what] += 1
            try:
                return fn()
            except DomainError as exc:
                EXPLORED[f"{what} refused"] += 1
                return exc

        @rule(i=st.integers(0, REPLICAS - 1), what=st.sampled_from(ACTIONS),
              n=st.integers(0, 10 ** 6), step=st.sampled_from(sorted(STEPS_OF)))
        def act(self, i: int, what: str, n: int, step: str) -> None:
            """One thing a PC does, or happens to it (weighted by :data:`ACTIONS`)."""
            r = self.replicas[i]
            if what == "receive":
                got = self._do("receive", lambda: r.receive(NAMES[n % len(NAMES)]))
                if isinstance(got, str):
                    self.codes.add(got)
                    EXPLORED["receive offline" if self.cut[i] else "receive online"] += 1
            elif what == "step" and self.codes:
                code = sorted(self.codes)[n % len(self.codes)]
                self._do(f"step {step}", lambda: r.life.act(r.officer(), code, STEPS_OF[step]))
            elif what == "issue":
                self._do("issue", lambda: r.queue.issue_ticket("HT"))
            elif what == "call" and i < 2:
                self._do("call", lambda: r.queue.call_next(i + 1, r.officer(f"canbo{i + 1}")))
            elif what == "partition" and not self.cut[i]:
                EXPLORED["partitions"] += 1
                self.cut[i] = True
                r.partition()
            elif what == "heal" and self.cut[i]:
                EXPLORED["heals"] += 1
                self.cut[i] = False
                r.heal()
            elif what == "sync":
                EXPLORED["sync offline" if r.sync().error else "sync"] += 1

        @invariant()
        def every_copy_keeps_the_invariants(self) -> None:
            if not hasattr(self, "replicas"):
                return
            for r in self.replicas:
                with r.store.local.engine.connect() as conn:
                    check_invariants(conn)

    return Centre


def test_replicas_partitions_and_heals(pg_base_url: str, _pg_template: str,
                                       replica_template: Path, tmp_path: Path) -> None:
    EXPLORED.clear()
    centre = machine(pg_base_url, _pg_template, replica_template, tmp_path)
    run_state_machine_as_test(centre, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck), database=None))
    print("explored:", dict(sorted(EXPLORED.items())))
    assert EXPLORED["examples"] >= EXAMPLES
    assert EXPLORED["partitions"] and EXPLORED["heals"]


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
