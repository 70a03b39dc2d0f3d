"""The audit trail's hash chain: each row's hash covers its content and the previous row's hash.

One chain per origin (the PC that wrote the rows), numbered ``seq`` = 1, 2, 3 …, so chains made on
several PCs still verify after their rows are merged into one store. :func:`verify_chain` walks one
origin's rows in ``seq`` order and reports the first row that was altered, inserted or deleted.
The hash is not keyed: it shows edits made with plain SQL, not a forger who recomputes the chain.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # the canonical form


@dataclass(frozen=True)
class AuditLink:
    """One audit row as the chain sees it (the columns the hash covers plus the chain columns)."""

    id: uuid.UUID
    origin: str
    seq: int | None
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: str
    prev_hash: str
    row_hash: str


class ProblemKind(enum.StrEnum):
    """How the chain was broken."""

    ALTERED = "altered"
    INSERTED = "inserted"
    DELETED = "deleted"


PROBLEM_LABELS_VI = {
    ProblemKind.ALTERED: "bị sửa",
    ProblemKind.INSERTED: "bị chèn thêm",
    ProblemKind.DELETED: "bị xóa",
}


@dataclass(frozen=True)
class ChainProblem:
    """The first break found in one origin's chain."""

    kind: ProblemKind
    origin: str
    seq: int | None
    entry_id: uuid.UUID | None
    at: dt.datetime | None

    @property
    def message(self) -> str:
        """One Vietnamese line naming the row."""
        where = f"máy {self.origin}, dòng số {self.seq}" if self.seq is not None \
            else f"máy {self.origin}, dòng không có số thứ tự"
        when = f" (lúc {self.at:%H:%M:%S %d/%m/%Y} UTC)" if self.at else ""
        ident = f", mã {self.entry_id}" if self.entry_id else ""
        return f"Nhật ký kiểm toán {PROBLEM_LABELS_VI[self.kind]}: {where}{when}{ident}."


def _utc_text(at: dt.datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    elif at.tzinfo is not dt.UTC:
        at = at.astimezone(dt.UTC)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def link_hash(prev_hash: str, *, entry_id: uuid.UUID, origin: str, seq: int, at: dt.datetime,
              actor: str, action: str, subject: str, detail: str) -> str:
    """Return the SHA-256 (hex) over ``prev_hash`` and the row's content, canonically encoded."""
    body = _ENCODER.encode([prev_hash, str(entry_id), origin, seq, _utc_text(at), actor, action,
                            subject, detail])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def expected_hash(link: AuditLink) -> str:
    """Return the hash ``link`` should carry given its own ``prev_hash``."""
    return link_hash(link.prev_hash, entry_id=link.id, origin=link.origin, seq=link.seq or 0,
                     at=link.at, actor=link.actor, action=link.action, subject=link.subject,
                     detail=link.detail)


def verify_chain(origin: str, links: Iterable[AuditLink], head: tuple[int, str] | None
                 ) -> tuple[int, ChainProblem | None]:
    """Check one origin's rows (ordered by ``seq``, unnumbered ones first); return (checked, problem).

    ``head`` is the (seq, hash) the writers last recorded for this origin: rows missing after it
    were deleted, rows beyond it were inserted.
    """
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last: AuditLink | None = None
    for link in links:
        checked += 1
        if link.seq is None:
            return checked, ChainProblem(ProblemKind.INSERTED, origin, None, link.id, link.at)
        if head is not None and link.seq > head[0]:
            return checked, ChainProblem(ProblemKind.INSERTED, origin, link.seq, link.id, link.at)
        if link.seq > expected_seq:
            at = last.at if last else None
            return checked, ChainProblem(ProblemKind.DELETED, origin, expected_seq, None, at)
        if link.prev_hash != prev_hash or link.row_hash != expected_hash(link):
            return checked, ChainProblem(ProblemKind.ALTERED, origin, link.seq, link.id, link.at)
        prev_hash, expected_seq, last = link.row_hash, link.seq + 1, link
    if head is not None and (expected_seq - 1 < head[0]):
        return checked, ChainProblem(ProblemKind.DELETED, origin, expected_seq,
                                     None, last.at if last else None)
    if head is not None and last is not None and head[1] != last.row_hash:
        return checked, ChainProblem(ProblemKind.ALTERED, origin, last.seq, last.id, last.at)
    return checked, None
