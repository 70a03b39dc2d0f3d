"""Reading dossiers: show one, search, build its receipt, and the citizen's public lookup.

Showing a dossier or printing its receipt is written to the audit trail (who viewed or printed
which dossier); those units of work take the write lock at BEGIN (``immediate``), since on SQLite
a read transaction that later writes can fail at once when another process wrote in between.
The public lookup returns only what a citizen may see (vn-one-stop-rules §8):
procedure, receiving unit, status in plain Vietnamese, received and appointment times, the date
of the last step and the applicant's name masked. Its token is compared in constant time, and an
unknown code and a wrong token get the same answer, so a guess reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.domain.catalogue import Procedure
from counter_app.domain.dossier import STATUS_LABELS_VI, Dossier, DossierStatus
from counter_app.domain.dossier_code import TOKEN_LENGTH, tokens_equal
from counter_app.domain.dossier_search import QueryKind, classify_query
from counter_app.domain.errors import DomainError, NotFound
from counter_app.domain.forms import ReceiptContent
from counter_app.domain.lifecycle_commands import LifecycleAction
from counter_app.domain.privacy import mask_name
from counter_app.domain.receipt_content import receipt_content
from counter_app.domain.settings import Settings
from counter_app.services.ports.dossier import DossierEvent, DossierSummary, PublicFacts
from counter_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

LOOKUP_REFUSED = ("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập. Vui lòng kiểm tra lại "
                  "hai mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
_DUMMY_TOKEN = "0" * TOKEN_LENGTH
MAX_RESULTS = 200


class LookupRefused(DomainError):
    """The code and token do not match a dossier (deliberately not saying which is wrong)."""


@dataclass(frozen=True)
class DossierView:
    """A dossier with its history, its procedure version and the receiving officer's name."""

    dossier: Dossier
    events: tuple[DossierEvent, ...]
    procedure: Procedure | None
    officer_name: str


@dataclass(frozen=True)
class PublicStatus:
    """What the public status lookup shows: nothing more."""

    code: str
    procedure_name: str
    receiving_unit: str
    status: DossierStatus
    status_label: str
    received_at: dt.datetime
    appointment_at: dt.datetime
    last_step_at: dt.datetime
    applicant_masked: str


def _officer_name(uow: UnitOfWork, username: str) -> str:
    found = uow.reference.officer_with_hash(username) if username else None
    return found[0].full_name if found else username


def _load(uow: UnitOfWork, code: str) -> Dossier:
    dossier = uow.dossiers.by_code(code.strip().upper())
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code.strip()[:60]}.")
    return dossier


def show_dossier(uow_factory: UnitOfWorkFactory, code: str, actor: str) -> DossierView:
    """Return the dossier ``code`` with its history; the viewing is audited."""
    with uow_factory(immediate=True) as uow:
        dossier = _load(uow, code)
        view = DossierView(dossier, tuple(uow.dossiers.events(dossier.id)),
                           uow.catalogue.get(dossier.procedure_id),
                           _officer_name(uow, dossier.officer_username))
        uow.audit.record(actor, "dossier_view", dossier.code)
        uow.commit()
    return view


def receipt_for(uow_factory: UnitOfWorkFactory, settings: Settings, code: str, actor: str,
                *, copy_label: str | None = None) -> ReceiptContent:
    """Return the Mẫu 01 content of dossier ``code``; the printing is audited."""
    with uow_factory(immediate=True) as uow:
        dossier = _load(uow, code)
        content = receipt_content(dossier, settings,
                                  officer_name=_officer_name(uow, dossier.officer_username),
                                  procedure=uow.catalogue.get(dossier.procedure_id),
                                  copy_label=copy_label)
        uow.audit.record(actor, "dossier_receipt", dossier.code)
        uow.commit()
    return content


def search_dossiers(uow_factory: UnitOfWorkFactory, settings: Settings, text: str,
                    limit: int = 50) -> list[DossierSummary]:
    """Find dossiers by code (or its start), ID number / tax code, or name without diacritics.

    ``YYMMDD-NNNN`` is read as a code of this centre. Each kind is one index lookup.
    """
    query = classify_query(text, settings.centre.agency_code)
    limit = max(1, min(limit, MAX_RESULTS))
    with uow_factory() as uow:
        if query.kind is QueryKind.CODE:
            return uow.dossiers.search_code_prefix(query.value, limit)
        if query.kind is QueryKind.ID_NUMBER:
            return uow.dossiers.search_id_number(query.value, limit)
        if query.kind is QueryKind.NAME:
            return uow.dossiers.search_name(query.value, limit)
    return []


def supplement_request(events: Sequence[DossierEvent]) -> tuple[tuple[str, ...], str]:
    """Return the items of the latest supplement request (Mẫu 02) and its contact line.

    Neither holds personal data of the applicant, so both may be shown to the public.
    """
    for e in reversed(events):
        if e.action == LifecycleAction.REQUEST_SUPPLEMENT.value:
            d = dict(e.detail)
            items = tuple(str(i) for i in d.get("items") or ())
            contact = " — ".join(x for x in (str(d.get("contact_name", "")),
                                             str(d.get("contact_phone", ""))) if x)
            return items, contact
    return (), ""


def match_dossier(uow: UnitOfWork, code: str, token: str) -> PublicFacts | None:
    """Return what the public may see of dossier ``code`` if ``token`` matches it, else None.

    One index probe reads the stored token with the public columns; the comparison is constant
    time, against a dummy when the code is unknown, so an unknown code and a wrong token cost the
    same.
    """
    wanted = code.strip().upper()[:64]
    facts = uow.dossiers.public_facts(wanted) if wanted else None
    matched = tokens_equal(facts.lookup_token if facts else _DUMMY_TOKEN, token[:64])
    return facts if matched and facts is not None else None


def public_status(dossier: PublicFacts, settings: Settings,
                  last_step_at: dt.datetime | None) -> PublicStatus:
    """Return what a citizen may see of ``dossier`` (its applicant's name masked)."""
    return PublicStatus(
        code=dossier.code, procedure_name=dossier.procedure_name,
        receiving_unit=settings.centre.name, status=dossier.status,
        status_label=STATUS_LABELS_VI[dossier.status], received_at=dossier.received_at,
        appointment_at=dossier.appointment_at, last_step_at=last_step_at or dossier.received_at,
        applicant_masked=mask_name(dossier.applicant_name),
    )


def public_lookup(uow_factory: UnitOfWorkFactory, settings: Settings, code: str,
                  token: str) -> PublicStatus:
    """Return the citizen's view of dossier ``code`` if ``token`` matches; else LookupRefused.

    Every attempt is audited (for rate limiting and breach investigation), without the token.
    """
    wanted = code.strip().upper()[:64]
    with uow_factory(immediate=True) as uow:
        dossier = match_dossier(uow, wanted, token)
        uow.audit.record("public", "public_lookup", wanted, "ok" if dossier else "refused")
        last = uow.dossiers.last_event_at(dossier.id) if dossier else None
        uow.commit()
    if dossier is None:
        raise LookupRefused(LOOKUP_REFUSED)
    return public_status(dossier, settings, last)
