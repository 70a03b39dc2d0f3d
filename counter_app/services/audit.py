"""The audit trail: search it (supervisors) and verify its hash chains (anyone may check).

Each origin (PC) keeps its own chain, so after PCs' rows are merged every chain still verifies.
:meth:`AuditService.verify` reports the first altered, inserted or deleted row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from counter_app.domain.audit_chain import ChainProblem, verify_chain
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer, Role
from counter_app.services.auth import require_role
from counter_app.services.ports.admin import AuditEntry, AuditFilter
from counter_app.services.unit_of_work import UnitOfWorkFactory

XlsxWriter = Callable[[Sequence[AuditEntry], Path, str], Path]


@dataclass(frozen=True)
class AuditReport:
    """Outcome of :meth:`AuditService.verify`."""

    ok: bool
    checked: int
    chains: int
    problem: ChainProblem | None

    @property
    def message(self) -> str:
        """One Vietnamese line for the screen or the CLI."""
        if self.problem is not None:
            return self.problem.message
        return (f"Nhật ký kiểm toán nguyên vẹn: {self.checked} dòng, "
                f"{self.chains} chuỗi (theo máy).")


class AuditService:
    """Search and verification of the audit trail."""

    def __init__(self, uow_factory: UnitOfWorkFactory, timezone: str,
                 write_xlsx: XlsxWriter | None = None) -> None:
        self._uow = uow_factory
        self._tz = ZoneInfo(timezone)
        self._timezone = timezone
        self._write_xlsx = write_xlsx

    def export_xlsx(self, actor: Officer, entries: Sequence[AuditEntry], path: Path) -> Path:
        """Write ``entries`` to an XLSX file (supervisor); the export itself is audited."""
        require_role(actor, Role.SUPERVISOR)
        if self._write_xlsx is None:
            raise DomainError("Chưa cấu hình xuất Excel.")
        written = self._write_xlsx(entries, path, self._timezone)
        with self._uow(immediate=True) as uow:
            uow.audit.record(actor.username, "audit_export", path.name, f"{len(entries)} dòng")
            uow.commit()
        return written

    def search(self, actor: Officer, *, since: dt.date | None = None,
               until: dt.date | None = None, officer: str = "", action: str = "",
               subject: str = "", limit: int = 1000) -> list[AuditEntry]:
        """Audit lines, newest first, between local dates ``since``..``until`` inclusive."""
        require_role(actor, Role.SUPERVISOR)

        def start(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(), self._tz)

        wanted = AuditFilter(start(since) if since else None,
                             start(until + dt.timedelta(days=1)) if until else None,
                             officer.strip().lower(), action.strip(), subject.strip(), limit)
        with self._uow() as uow:
            return uow.admin.audit_entries(wanted)

    def verify(self) -> AuditReport:
        """Walk every origin's chain; the report names the first broken row, if any."""
        checked = 0
        with self._uow() as uow:
            heads = uow.admin.audit_heads()
            origins = sorted(set(uow.admin.audit_origins()) | set(heads))
            for origin in origins:
                count, problem = verify_chain(origin, uow.admin.audit_links(origin),
                                              heads.get(origin))
                checked += count
                if problem is not None:
                    return AuditReport(False, checked, len(origins), problem)
        return AuditReport(True, checked, len(origins), None)
