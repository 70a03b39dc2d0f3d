"""Digitised documents of a dossier: attach a scanned component (at reception or later) or the
electronic copy of the result (once there is a result), from a file picker or a scanner's inbox
folder. Files are checked by content and size (:mod:`counter_app.domain.digitised`), stored once
by their SHA-256 under the data directory, recorded with the officer and audited; they count in
the digitisation indicators of the dossier report. Officers and supervisors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from counter_app.domain.digitised import SIGNATURES, FileKind, RejectedFile, check_file
from counter_app.domain.dossier import CLOSED_STATUSES, DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer, Role
from counter_app.services.auth import require_role
from counter_app.services.lifecycle import load_dossier
from counter_app.services.ports.dossier import DossierFile
from counter_app.services.ports.files import FileStore, ScanInbox
from counter_app.services.unit_of_work import UnitOfWorkFactory

WITH_RESULT = frozenset({DossierStatus.FINISHED, DossierStatus.RETURNED})
SUFFIX = {media: suffix for _magic, media, suffix in SIGNATURES}


@dataclass(frozen=True)
class ImportedScans:
    """What an inbox import did: files stored, and files left in the folder with the reason."""

    stored: tuple[DossierFile, ...]
    refused: tuple[tuple[str, str], ...]


class DigitisedFiles:
    """Attach and list a dossier's digitised files."""

    def __init__(self, uow_factory: UnitOfWorkFactory, store: FileStore) -> None:
        self.uow_factory = uow_factory
        self.store = store

    def attach(self, officer: Officer, code: str, kind: FileKind, file_name: str, data: bytes,
               document_position: int | None = None) -> DossierFile:
        """Check, store and record one file of dossier ``code``."""
        require_role(officer, Role.OFFICER, Role.SUPERVISOR)
        checked = check_file(file_name, data)
        with self.uow_factory(immediate=True) as uow:
            dossier = load_dossier(uow, code)
            if kind is FileKind.RESULT and dossier.status not in WITH_RESULT:
                raise DomainError(f"Hồ sơ {dossier.code} chưa có kết quả để lưu bản điện tử.")
            if kind is FileKind.COMPONENT and dossier.status in CLOSED_STATUSES - WITH_RESULT:
                raise DomainError(f"Hồ sơ {dossier.code} đã kết thúc, không bổ sung thành phần.")
            if document_position is not None and not 1 <= document_position <= len(
                    dossier.documents):
                raise DomainError(f"Hồ sơ {dossier.code} không có thành phần số "
                                  f"{document_position}.")
            stored = self.store.put(checked.sha256, SUFFIX[checked.media_type], data)
            record = DossierFile(uuid.uuid4(), dossier.id, kind.value, checked.file_name,
                                 checked.media_type, checked.size, checked.sha256, stored,
                                 officer.username, document_position)
            uow.dossiers.add_file(record)
            uow.audit.record(officer.username, f"dossier_file_{kind.value}", dossier.code,
                             f"{checked.file_name} ({checked.size} byte, sha256 "
                             f"{checked.sha256[:16]}…)")
            uow.commit()
        return record

    def files(self, officer: Officer, code: str) -> list[DossierFile]:
        """The dossier's digitised files."""
        require_role(officer, Role.OFFICER, Role.SUPERVISOR)
        with self.uow_factory() as uow:
            return uow.dossiers.files(load_dossier(uow, code).id)

    def import_inbox(self, officer: Officer, code: str, inbox: ScanInbox,
                     kind: FileKind = FileKind.COMPONENT) -> ImportedScans:
        """Attach every scan waiting in ``inbox`` to dossier ``code``; a stored scan leaves the
        folder, a refused one stays there with its reason."""
        stored: list[DossierFile] = []
        refused: list[tuple[str, str]] = []
        for name in inbox.pending():
            try:
                stored.append(self.attach(officer, code, kind, name, inbox.read(name)))
            except RejectedFile as exc:
                refused.append((name, exc.message))
                continue
            inbox.remove(name)
        return ImportedScans(tuple(stored), tuple(refused))
