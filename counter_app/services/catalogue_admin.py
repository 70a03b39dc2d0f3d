"""The procedure catalogue as the admin edits it: search, versions, a new dated version, files.

A change to a procedure (processing time, fees per channel, documents) is never an edit in place:
it is a new version with its own effective date, so a dossier keeps the version it was received
under. Import is all-or-nothing (every bad row is named); export writes the import format back.
Reading is open to any signed-in officer; changes need an admin and are audited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from counter_app.domain.catalogue import (
    Channel,
    Procedure,
    ProcessingTime,
    RequiredDocument,
    TimeUnit,
    procedure_record,
)
from counter_app.domain.errors import NotFound, ValidationError
from counter_app.domain.reference import Officer, Role
from counter_app.domain.text import fold
from counter_app.services.auth import require_role
from counter_app.services.catalogue import import_catalogue
from counter_app.services.unit_of_work import UnitOfWorkFactory


class CatalogueFiles(Protocol):
    """Reads and writes catalogue files (CSV or JSON); implemented in the adapters."""

    def read(self, path: Path) -> list[tuple[int, dict[str, Any]]]:
        """Return numbered raw records of ``path``."""
        ...

    def write(self, path: Path, records: list[dict[str, Any]]) -> None:
        """Write import records to ``path``."""
        ...


@dataclasses.dataclass(frozen=True)
class VersionChanges:
    """What a new version changes; ``None`` keeps the previous version's value."""

    effective_from: dt.date
    time: ProcessingTime | None = None
    fees: Mapping[Channel, int | None] | None = None
    fee_note: str | None = None
    documents: tuple[RequiredDocument, ...] | None = None
    decision: str | None = None


class CatalogueAdmin:
    """Catalogue reads and changes for the admin window and the CLI."""

    def __init__(self, uow_factory: UnitOfWorkFactory, files: CatalogueFiles) -> None:
        self.uow_factory = uow_factory
        self.files = files

    def search(self, text: str, day: dt.date, limit: int = 500) -> list[Procedure]:
        """Procedures in force on ``day`` matching ``text`` (all of them for an empty text)."""
        with self.uow_factory() as uow:
            return uow.catalogue.search(text, day, limit)

    def versions(self, procedure: Procedure) -> list[Procedure]:
        """Every version of ``procedure``'s code and variant, oldest first."""
        with self.uow_factory() as uow:
            if procedure.code:
                return uow.catalogue.versions(procedure.code, procedure.variant)
            return [p for p in uow.catalogue.versions("", procedure.variant)
                    if p.key == procedure.key]

    def count(self) -> int:
        """How many versions are stored."""
        with self.uow_factory() as uow:
            return uow.catalogue.count()

    def new_version(self, actor: Officer, base_id: uuid.UUID,
                    changes: VersionChanges) -> Procedure:
        """Store a new version of the procedure ``base_id`` from ``changes.effective_from`` on."""
        require_role(actor, Role.ADMIN)
        with self.uow_factory(immediate=True) as uow:
            base = uow.catalogue.get(base_id)
            if base is None:
                raise NotFound("Không tìm thấy thủ tục cần sửa.")
            latest = max((p.effective_from for p in uow.catalogue.versions(base.code,
                                                                           base.variant)
                          if p.key == base.key), default=base.effective_from)
            if changes.effective_from <= latest:
                raise ValidationError({"effective_from": (
                    f"Ngày hiệu lực phải sau {latest:%d/%m/%Y} (ngày của phiên bản mới nhất); "
                    "phiên bản cũ được giữ cho hồ sơ đã nhận.")})
            _check_time(changes.time)
            new = dataclasses.replace(
                base,
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"procedure:{base.code or fold(base.name)}:"
                              f"{fold(base.variant)}:{changes.effective_from.isoformat()}"),
                effective_from=changes.effective_from, effective_to=None,
                time=changes.time or base.time,
                fees=dict(changes.fees) if changes.fees is not None else base.fees,
                fee_note=base.fee_note if changes.fee_note is None else changes.fee_note,
                documents=base.documents if changes.documents is None else changes.documents,
                decision=base.decision if changes.decision is None else changes.decision)
            uow.catalogue.upsert_many([new])
            uow.audit.record(actor.username, "procedure_version", f"{base.code} {base.variant}"
                             .strip(), json.dumps({"old": _summary(base), "new": _summary(new)},
                                                  ensure_ascii=False))
            uow.commit()
        return new

    def import_file(self, actor: Officer, path: Path) -> int:
        """Import a CSV/JSON file all-or-nothing; return how many versions were stored."""
        require_role(actor, Role.ADMIN)
        return import_catalogue(self.uow_factory, self.files.read(path), actor.username)

    def export_file(self, actor: Officer, path: Path) -> int:
        """Write every stored version to ``path`` in the import format; return the count."""
        require_role(actor, Role.ADMIN)
        with self.uow_factory() as uow:
            records = [procedure_record(p) for p in uow.catalogue.versions()]
        self.files.write(path, records)
        with self.uow_factory() as uow:
            uow.audit.record(actor.username, "catalogue_export", path.name,
                             f"{len(records)} phiên bản")
            uow.commit()
        return len(records)


def _check_time(time: ProcessingTime | None) -> None:
    if time is not None and time.unit in (TimeUnit.HOURS, TimeUnit.HALF_DAYS,
                                          TimeUnit.WORKING_DAYS) and time.amount <= 0:
        raise ValidationError({"time_amount": "Thời gian giải quyết phải lớn hơn 0."})


def _summary(p: Procedure) -> dict[str, object]:
    return {"effective_from": p.effective_from.isoformat(), "time": p.time.label_vi(),
            "fees": {str(int(c)): v for c, v in p.fees.items()},
            "documents": len(p.documents)}


def fees_from(values: Sequence[int | None]) -> dict[Channel, int | None]:
    """Fees for in person, online and post, in that order (None: by the province's rules)."""
    return dict(zip((Channel.IN_PERSON, Channel.ONLINE, Channel.POST), values, strict=True))
