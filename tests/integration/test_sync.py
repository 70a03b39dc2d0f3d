"""Replicas on a real PostgreSQL: offline work reaches everyone exactly once (issue 11).

Each replica has its own data directory and SQLite file; "partition" cuts its link (the server's
address then refuses at once, like a dead cable with a fast RST), "heal" restores it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from counter_app.adapters.db.engine import make_engine
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf
from counter_app.adapters.sync import local
from counter_app.adapters.sync.agent import check_restored
from counter_app.adapters.sync.replica import OutOfNumbers
from counter_app.adapters.sync.status import StoreSyncStatus
from counter_app.domain.accounts import BAD_LOGIN
from counter_app.domain.errors import DomainError, StoreUnavailable
from counter_app.domain.lifecycle_commands import Refuse, Transfer
from counter_app.services.accounts import AccountService
from counter_app.services.dossier_queries import receipt_for
from counter_app.services.sync_status import SyncStatusService
from tests.sync_helpers import (
    Clock,
    Replica,
    assert_converged,
    check_invariants,
    counts,
    sync_all,
)


@pytest.fixture
def server(centre_url: str) -> Iterator[Engine]:
    engine = make_engine(centre_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make(centre_url: str, tmp_path: Path, replica_template: Path) -> Iterator[object]:
    made: list[Replica] = []

    def factory(name: str, clock: Clock | None = None) -> Replica:
        r = Replica(centre_url, tmp_path / name, clock, name=name, template=replica_template)
        made.append(r)
        return r

    yield factory
    for r in made:
        r.close()


def test_first_sync_pulls_reference_data_and_logins_work_offline(make: object,
                                                                server: Engine) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    a.partition()
    accounts = AccountService(a.store.uow, Argon2Hasher(fast=True), a.settings)
    with pytest.raises(DomainError) as wrong:
        accounts.login("canbo1", "sai-mat-khau")
    assert wrong.value.message == BAD_LOGIN  # the lockout count is kept on this PC
    officer = accounts.login("canbo1", "matkhau1")
    assert officer.username == "canbo1"
    assert not a.online


def test_server_lost_mid_shift_three_receipts_then_everyone_sees_them_once(
        make: object, server: Engine) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    sync_all([a, b])
    assert a.online and b.online
    a.partition(noticed=False)
    # the first try after the loss tells the officer, in one line; the PC is offline from then
    with pytest.raises(StoreUnavailable):
        a.receive("Người Đầu Tiên")
    assert not a.online
    codes = [a.receive(f"Người Thứ {i}") for i in "ABC"]
    for code in codes:  # a legally valid receipt with its final code, printed offline
        content = receipt_for(a.store.uow, a.settings, code, "canbo1")
        assert render_receipt_pdf(content).startswith(b"%PDF")
    before = counts(server)
    assert a.sync().error  # still cut off: nothing moves
    a.heal()
    sync_all([a, b])
    with server.connect() as conn:
        found = sorted(conn.execute(text("SELECT code FROM dossiers")).scalars())
        check_invariants(conn)
    assert found == sorted(codes)
    after = counts(server)
    assert after["dossiers"] - before["dossiers"] == 3
    sync_all([a, b])  # more rounds change nothing
    assert counts(server) == after
    assert_converged(server, [a, b])


@pytest.mark.parametrize("faults", [["drop", "drop_reply", "drop_pull"],
                                    ["duplicate", "reorder", "replay"]])
def test_faulty_transport_changes_nothing_twice(make: object, server: Engine,
                                                faults: list[str]) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    sync_all([a, b])
    codes, tickets = [], []
    for i, fault in enumerate(faults):
        a.partition()
        codes += [a.receive(f"Người {x}{'ABC'[i]}") for x in "ABC"]
        tickets.append(a.queue.issue_ticket("HT").display_number)
        a.heal()
        a.transport.faults = [fault]
        a.sync()
    assert a.transport.injected == faults
    sync_all([a, b])
    with server.connect() as conn:
        check_invariants(conn)
        assert sorted(conn.execute(text("SELECT code FROM dossiers")).scalars()) == sorted(codes)
        numbers = conn.execute(text("SELECT display_number FROM tickets")).scalars().all()
        assert sorted(numbers) == sorted(tickets)
        assert conn.execute(text("SELECT count(*) FROM dossier_events")).scalar_one() == 9
        assert conn.execute(text("SELECT count(*) FROM sync_conflicts")).scalar_one() == 0
    assert_converged(server, [a, b])


def test_a_late_step_is_kept_and_flagged_never_applied_backwards(make: object,
                                                                 server: Engine) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    code = a.receive()
    sync_all([a, b])
    a.partition()
    b.partition()
    me = a.officer()
    a.life.act(me, code, Transfer("Công chức Tư pháp - Hộ tịch", "Trần Minh Đức"))
    b.life.act(me, code, Refuse(("Hồ sơ không thuộc thẩm quyền",)))
    a.heal()
    b.heal()
    sync_all([a, b])
    with server.connect() as conn:
        status = conn.execute(text("SELECT status FROM dossiers WHERE code = :c"),
                              {"c": code}).scalar_one()
        steps = conn.execute(text(
            "SELECT e.to_status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id"
            " WHERE d.code = :c ORDER BY e.at"), {"c": code}).scalars().all()
        flags = conn.execute(text("SELECT kind FROM sync_conflicts")).scalars().all()
    assert status == "processing"  # the first step to arrive wins; nothing moves back
    assert sorted(steps) == ["processing", "received", "refused"]  # the late step is kept
    assert flags == ["late_step"]
    assert_converged(server, [a, b])
    boss = a.officer("giamsat")
    (seen,) = SyncStatusService(StoreSyncStatus(a.store)).conflicts(boss)
    assert (seen.kind, seen.subject, seen.device_name) == ("late_step", code, "b")
    with pytest.raises(DomainError):
        SyncStatusService(StoreSyncStatus(a.store)).conflicts(me)  # supervisors only


def test_out_of_leased_numbers_refuses_rather_than_invent(make: object) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    a.partition()
    with a.store.local.engine.begin() as conn:  # leave two dossier numbers for today
        conn.execute(text("UPDATE sync_leases SET next = last - 1 WHERE name = 'dossier'"))
    a.receive("Một")
    a.receive("Hai")
    with pytest.raises(OutOfNumbers, match="hết dãy số"):
        a.receive("Ba")


def test_midnight_passes_offline(make: object, server: Engine) -> None:
    clock = Clock()
    a: Replica = make("a", clock)  # type: ignore[operator]
    a.partition()
    today = a.receive("Hôm Nay")
    clock.now = clock.now.replace(day=clock.now.day + 1)
    tomorrow = a.receive("Ngày Mai")
    assert today.split("-")[1] != tomorrow.split("-")[1]  # each code carries its own day
    a.heal()
    sync_all([a])
    with server.connect() as conn:
        check_invariants(conn)


@pytest.mark.parametrize("days", [-1, 1])
def test_clock_skewed_by_a_day(make: object, server: Engine, days: int) -> None:
    import datetime as dt

    skewed = Clock()
    skewed.now += dt.timedelta(days=days)
    a: Replica = make("a", skewed)  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    sync_all([a, b])
    a.partition()
    b.partition()
    codes = [a.receive("Lệch Giờ"), b.receive("Đúng Giờ")]
    a.heal()
    b.heal()
    sync_all([a, b])
    with server.connect() as conn:
        check_invariants(conn)
        assert sorted(conn.execute(text("SELECT code FROM dossiers")).scalars()) == sorted(codes)
    assert_converged(server, [a, b])


def test_restored_backup_re_registers_and_drops_its_blocks(make: object, server: Engine,
                                                           tmp_path: Path) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    sync_all([a])
    backup = tmp_path / "backup.sqlite3"
    a.store.local.engine.dispose()
    shutil.copy(a.store.local.engine.url.database or "", backup)
    a.partition()
    used = [a.receive(f"Sau Sao Lưu {i}") for i in "ABC"]
    a.heal()
    sync_all([a])
    a.partition()
    a.store.local.engine.dispose()
    shutil.copy(backup, a.store.local.engine.url.database or "")
    for suffix in ("-wal", "-shm"):
        Path((a.store.local.engine.url.database or "") + suffix).unlink(missing_ok=True)
    assert check_restored(a.store, a.dir)
    with pytest.raises(OutOfNumbers, match="khôi phục"):
        a.receive("Không Được Cấp")
    a.heal()
    assert not a.sync().error
    assert a.sync().online
    again = a.receive("Sau Khôi Phục")
    assert again not in used
    with server.connect() as conn:
        check_invariants(conn)
        retired = conn.execute(text("SELECT count(*) FROM sync_devices WHERE retired")).scalar()
    assert retired == 1


def test_two_agents_on_one_pc_sync_at_once(make: object, server: Engine) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    sync_all([a, b])
    a.partition()
    b.partition()
    codes = [a.receive(f"Song Song {i}") for i in "ABCDEF"] + [b.receive("Máy B")]
    a.heal()
    b.heal()
    from counter_app.adapters.sync.agent import SyncAgent

    twin = SyncAgent(a.store, a.settings, a.dir, transport=a.transport, name="a")
    errors: list[str] = []

    def spin(agent: SyncAgent) -> None:
        for _ in range(4):
            report = agent.round()
            if report.error:
                errors.append(report.error)

    threads = [threading.Thread(target=spin, args=(x,)) for x in (a.agent, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    sync_all([a, b])
    with server.connect() as conn:
        check_invariants(conn)
        assert sorted(conn.execute(text("SELECT code FROM dossiers")).scalars()) == sorted(codes)
    assert_converged(server, [a, b])


def test_reference_data_is_read_only_offline(make: object) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    a.partition()
    with pytest.raises(DomainError, match="chỉ thay đổi được trên máy chủ"), \
            a.store.local_uow() as uow:
        uow.session.execute(text("UPDATE counters SET name = 'Quầy mới'"))


def test_offline_tickets_and_calls_merge(make: object, server: Engine) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    b: Replica = make("b")  # type: ignore[operator]
    me = a.officer()
    a.queue.open_counter_session(1, me)
    sync_all([a, b])
    a.partition()
    issued = [a.queue.issue_ticket("HT") for _ in range(3)]
    called = a.queue.call_next(1, me)
    a.heal()
    sync_all([a, b])
    with server.connect() as conn:
        check_invariants(conn)
        status = dict(conn.execute(text("SELECT display_number, status FROM tickets")).all())
    assert status[called.display_number] == "called"
    assert {t.display_number for t in issued} <= set(status)
    assert_converged(server, [a, b])
    with b.store.local.engine.connect() as conn:
        assert local.backlog(conn) == 0


def test_server_side_sql_sees_offline_rows(make: object, centre_url: str) -> None:
    a: Replica = make("a")  # type: ignore[operator]
    a.partition()
    code = a.receive()
    a.heal()
    sync_all([a])
    engine = create_engine(centre_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM dossiers WHERE code = :c"),
                            {"c": code}).scalar_one() == 1
    engine.dispose()
