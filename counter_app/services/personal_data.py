"""Role-checked entry points to what shows personal data or changes shared rules.

The CLI (and any caller with a signed-in officer) goes through these: each checks the officer's
role here, in the service layer, then runs the use case with the officer as the audit actor.
Officers view, search and print dossiers; supervisors also export the ledger; admins import
the catalogue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from counter_app.domain.forms import ReceiptContent
from counter_app.domain.lifecycle_forms import LedgerContent
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.auth import require_role
from counter_app.services.catalogue import import_catalogue
from counter_app.services.dossier_queries import (
    DossierView,
    receipt_for,
    search_dossiers,
    show_dossier,
)
from counter_app.services.lifecycle_documents import (
    FormContent,
    FormKind,
    form_content,
    ledger_content,
)
from counter_app.services.ports.dossier import DossierSummary
from counter_app.services.unit_of_work import UnitOfWorkFactory

READERS = (Role.OFFICER, Role.SUPERVISOR)  # admins hold every role


def view_dossier(uow_factory: UnitOfWorkFactory, officer: Officer, code: str) -> DossierView:
    """One dossier with its history (any signed-in officer); audited."""
    require_role(officer, *READERS)
    return show_dossier(uow_factory, code, officer.username)


def find_dossiers(uow_factory: UnitOfWorkFactory, settings: Settings, officer: Officer,
                  text: str) -> list[DossierSummary]:
    """Search dossiers (any signed-in officer); the search is audited."""
    require_role(officer, *READERS)
    found = search_dossiers(uow_factory, settings, text)
    with uow_factory(immediate=True) as uow:
        uow.audit.record(officer.username, "dossier_search", text.strip()[:60],
                         f"{len(found)} kết quả")
        uow.commit()
    return found


def ticket_dossiers(uow_factory: UnitOfWorkFactory, officer: Officer,
                    ticket_id: uuid.UUID) -> list[DossierSummary]:
    """The dossiers already received for the citizen at the counter (the ticket served), so the
    officer sees them beside the queue (any signed-in officer)."""
    require_role(officer, *READERS)
    with uow_factory() as uow:
        return uow.dossiers.for_ticket(ticket_id)


def dossier_receipt(uow_factory: UnitOfWorkFactory, settings: Settings, officer: Officer,
                    code: str) -> ReceiptContent:
    """The Mẫu 01 receipt of a dossier (any signed-in officer); audited."""
    require_role(officer, *READERS)
    return receipt_for(uow_factory, settings, code, officer.username)


def dossier_form(uow_factory: UnitOfWorkFactory, settings: Settings, officer: Officer,
                 code: str, kind: FormKind | str, *,
                 now: Callable[[], dt.datetime] | None = None) -> FormContent:
    """A form (02–06, return slip) of a dossier (any signed-in officer); audited."""
    require_role(officer, *READERS)
    return form_content(uow_factory, settings, code, kind, officer.username, now=now)


def ledger_export(uow_factory: UnitOfWorkFactory, settings: Settings, officer: Officer,
                  first_day: dt.date, last_day: dt.date, field_code: str | None, *,
                  form_set: str | None = None) -> LedgerContent:
    """The log book (Mẫu 07) of a period: a report, so supervisors and admins; audited."""
    require_role(officer, Role.SUPERVISOR)
    return ledger_content(uow_factory, settings, first_day, last_day, field_code,
                          officer.username, form_set=form_set)


def catalogue_import(uow_factory: UnitOfWorkFactory, officer: Officer,
                     rows: Iterable[tuple[int, Mapping[str, Any]]]) -> int:
    """Import procedures (all or nothing): changes the rules every counter uses, so admins."""
    require_role(officer, Role.ADMIN)
    return import_catalogue(uow_factory, rows, officer.username)
