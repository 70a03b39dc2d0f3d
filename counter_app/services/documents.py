"""The one pipeline from a dossier to its printed documents: content (domain) → bytes (renderer).

The receipt (Mẫu 01), the lifecycle forms (02–06, return slip) and the ledger (Mẫu 07) are built
here for the counter window and the CLI alike; the renderer is a port injected by the composition
root. Every document produced is audited by the content builders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from counter_app.domain.errors import file_problem
from counter_app.domain.reference import Officer
from counter_app.domain.settings import Settings
from counter_app.services import personal_data
from counter_app.services.lifecycle_documents import FormKind
from counter_app.services.ports.devices import DocumentRenderer, Progress
from counter_app.services.unit_of_work import UnitOfWorkFactory


class DocumentService:
    """Receipts, forms and ledgers as PDF/XLSX bytes."""

    def __init__(self, uow_factory: UnitOfWorkFactory, settings: Settings,
                 renderer: DocumentRenderer, *,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        self.uow_factory = uow_factory
        self.settings = settings
        self.renderer = renderer
        self._now = now

    def receipt_pdf(self, officer: Officer, code: str, *, paper: str | None = None,
                    copies: int | None = None) -> tuple[str, bytes]:
        """Return the dossier's code and its receipt (Mẫu 01) as PDF, in the configured paper and
        number of copies unless given (any signed-in officer; audited)."""
        content = personal_data.dossier_receipt(self.uow_factory, self.settings, officer, code)
        pdf = self.renderer.receipt_pdf(content, paper=paper or self.settings.dossier.paper,
                                        copies=copies or self.settings.dossier.copies)
        return content.dossier_code, pdf

    def form_pdf(self, officer: Officer, code: str, kind: FormKind | str, *,
                 paper: str | None = None) -> bytes:
        """Return lifecycle form ``kind`` of dossier ``code`` as PDF (any signed-in officer;
        audited)."""
        content = personal_data.dossier_form(self.uow_factory, self.settings, officer, code, kind,
                                             now=self._now)
        return self.renderer.form_pdf(FormKind(kind).value, content,
                                      paper=paper or self.settings.dossier.paper)

    def export_ledger(self, officer: Officer, first_day: dt.date, last_day: dt.date, path: Path,
                      progress: Progress | None = None) -> int:
        """Write the log book (Mẫu 07) of a period to ``path`` (PDF, or XLSX by the suffix);
        return its number of lines. ``progress(done, total)`` follows the rendering. The file
        appears whole or not at all (written beside it, then renamed)."""
        content = personal_data.ledger_export(self.uow_factory, self.settings, officer, first_day,
                                              last_day, None)
        if path.suffix.lower() == ".xlsx":
            data = self.renderer.ledger_xlsx(content, progress)
        else:
            data = self.renderer.ledger_pdf(content, progress)
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(data)
            partial.replace(path)
        except OSError as exc:
            if partial.parent.is_dir():
                partial.unlink(missing_ok=True)
            raise file_problem(path, exc, writing=True) from exc
        return len(content.rows)

    def ledger(self, officer: Officer, first_day: dt.date, last_day: dt.date,
               field_code: str | None, *, xlsx: bool,
               form_set: str | None = None) -> tuple[int, str, bytes]:
        """Return (lines, field name, bytes) of the ledger as XLSX or PDF (supervisors; audited)."""
        content = personal_data.ledger_export(self.uow_factory, self.settings, officer, first_day,
                                              last_day, field_code, form_set=form_set)
        data = (self.renderer.ledger_xlsx(content) if xlsx
                else self.renderer.ledger_pdf(content))
        return len(content.rows), content.field_name, data
