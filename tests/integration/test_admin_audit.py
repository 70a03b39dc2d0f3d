"""Audit hash chain on both backends: raw-SQL edits, inserts and deletions are reported."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from counter_app.adapters.db.store import Store
from counter_app.domain.audit_chain import ProblemKind
from counter_app.services.audit import AuditService


def _write(store: Store, n: int) -> None:
    with store.uow() as uow:
        for i in range(n):
            uow.audit.record("canbo1", "dossier_view", f"HS-{i}")
        uow.commit()


def _seq_ids(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        return [(r[0], str(r[1])) for r in conn.execute(text(
            "SELECT seq, id FROM audit_log WHERE origin = 'test-node' ORDER BY seq"))]


@pytest.fixture
def chained(store: Store) -> Store:
    _write(store, 6)
    assert AuditService(store.uow, "Asia/Ho_Chi_Minh").verify().ok
    return store


def _sql(store: Store, sql: str, **params: object) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(sql), params)


def _problem(store: Store):  # type: ignore[no-untyped-def]
    report = AuditService(store.uow, "Asia/Ho_Chi_Minh").verify()
    assert not report.ok and report.problem is not None
    return report.problem


def test_altered_row_is_reported(chained: Store) -> None:
    seq, _ = _seq_ids(chained)[2]
    _sql(chained, "UPDATE audit_log SET subject = 'HS-khac' WHERE origin = 'test-node' "
                  "AND seq = :s", s=seq)
    problem = _problem(chained)
    assert problem.kind is ProblemKind.ALTERED and problem.seq == seq
    assert "bị sửa" in problem.message and f"dòng số {seq}" in problem.message


def test_deleted_row_in_the_middle_and_at_the_end(chained: Store) -> None:
    rows = _seq_ids(chained)
    _sql(chained, "DELETE FROM audit_log WHERE id = :i", i=rows[3][1].replace("-", "")
         if chained.backend == "sqlite" else rows[3][1])
    problem = _problem(chained)
    assert problem.kind is ProblemKind.DELETED and problem.seq == rows[3][0]


def test_deleted_last_row_is_reported(chained: Store) -> None:
    last = _seq_ids(chained)[-1][0]
    _sql(chained, "DELETE FROM audit_log WHERE origin = 'test-node' AND seq = :s", s=last)
    problem = _problem(chained)
    assert problem.kind is ProblemKind.DELETED and problem.seq == last


def test_inserted_row_is_reported(chained: Store) -> None:
    new_id = uuid.uuid4().hex if chained.backend == "sqlite" else str(uuid.uuid4())
    _sql(chained, "INSERT INTO audit_log (id, created_at, updated_at, origin, at, actor, action,"
                  " subject, detail, prev_hash, row_hash) VALUES (:i, '2026-11-30 01:00:00',"
                  " '2026-11-30 01:00:00', 'test-node', '2026-11-30 01:00:00', 'canbo1',"
                  " 'login', '', '', '', '')", i=new_id)
    problem = _problem(chained)
    assert problem.kind is ProblemKind.INSERTED


def test_chains_of_two_origins_verify_after_merge(store: Store, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    _write(store, 2)
    monkeypatch.setenv("COUNTER_APP_NODE", "pc-quay-2")
    _write(store, 3)
    monkeypatch.setenv("COUNTER_APP_NODE", "test-node")
    _write(store, 1)
    report = AuditService(store.uow, "Asia/Ho_Chi_Minh").verify()
    assert report.ok and report.chains >= 2
