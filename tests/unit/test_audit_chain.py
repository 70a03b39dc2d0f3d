"""The audit chain's hash format is fixed: stores and merged replicas already carry these hashes."""

from __future__ import annotations

import datetime as dt
import uuid

from counter_app.domain.audit_chain import GENESIS, AuditLink, ProblemKind, link_hash, verify_chain

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def test_hash_format_is_stable() -> None:
    at = dt.datetime(2026, 11, 30, 1, 2, 3, 456789, tzinfo=dt.UTC)
    assert link_hash(GENESIS, entry_id=ID, origin="pc-quay-1", seq=7, at=at, actor="canbo1",
                     action="dossier_view", subject="H01.151.01-261130-0001",
                     detail='Trần Thị "Bích" Ngọc') == (
        "8b25fafc33e5e73cbf826131b17913b5eeaeace5548f38c18a0e599a0a9528d9")
    local = dt.datetime(2026, 11, 30, 8, 2, 3, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert link_hash(GENESIS, entry_id=ID, origin="pc", seq=1, at=local, actor="a", action="b",
                     subject="", detail="") == (
        "1970ce296959883de6d7070c6ac14ad2c73dece7c1b9e0f13f9aac74f069915c")


def _links(n: int) -> list[AuditLink]:
    out, prev = [], GENESIS
    at = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)
    for seq in range(1, n + 1):
        entry = uuid.uuid4()
        digest = link_hash(prev, entry_id=entry, origin="pc", seq=seq, at=at, actor="a",
                           action="login", subject="", detail="")
        out.append(AuditLink(entry, "pc", seq, at, "a", "login", "", "", prev, digest))
        prev = digest
    return out


def test_verify_chain_reports_the_first_break() -> None:
    links = _links(5)
    assert verify_chain("pc", links, (5, links[-1].row_hash)) == (5, None)
    _checked, problem = verify_chain("pc", links[:2] + links[3:], (5, links[-1].row_hash))
    assert problem is not None and problem.kind is ProblemKind.DELETED and problem.seq == 3
    _, tail = verify_chain("pc", links[:4], (5, links[-1].row_hash))
    assert tail is not None and tail.kind is ProblemKind.DELETED and tail.seq == 5
