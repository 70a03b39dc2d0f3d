"""Mẫu 01 content of a received dossier: a :class:`Dossier` and the settings → :class:`ReceiptContent`.

The form set is the one stamped on the dossier at reception (``forms=…`` in its rule versions), so
a reprint looks like the original even after the centre switches sets. Times are printed in the
centre's local time. The QR code carries only the lookup URL (dossier code and token).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from counter_app.domain.applicants import PersonApplicant
from counter_app.domain.catalogue import (
    DOCUMENT_FORM_LABELS_VI,
    Procedure,
)
from counter_app.domain.dossier import RETURN_PLACE_LABELS_VI, Dossier, ReturnPlace
from counter_app.domain.dossier_code import lookup_url
from counter_app.domain.forms import (
    ApplicantBlock,
    ApplicantKind,
    ReceiptContent,
    ReceiptDocumentLine,
    SubmitterBlock,
)
from counter_app.domain.identity import format_phone_national
from counter_app.domain.reception_draft import rule_version
from counter_app.domain.settings import Settings

FROM_DATABASE_LABEL = "Khai thác từ CSDL"
_GOVERNING_PREFIX = "ỦY BAN NHÂN DÂN "


def place_name(settings: Settings) -> str:
    """Return the place written before the date ("Phường Mẫu, ngày …").

    The configured ``centre.place`` when set; else taken from the governing body
    ("ỦY BAN NHÂN DÂN PHƯỜNG MẪU" → "Phường Mẫu"), else the
    province, else the centre's name.
    """
    if settings.centre.place:
        return settings.centre.place
    body = settings.centre.governing_body.strip()
    if body.upper().startswith(_GOVERNING_PREFIX) and len(body) > len(_GOVERNING_PREFIX):
        return body[len(_GOVERNING_PREFIX):].strip().title()
    return settings.centre.province or settings.centre.name


def _phone(e164: str) -> str:
    return format_phone_national(e164) if e164 else ""


def applicant_block(dossier: Dossier) -> ApplicantBlock:
    """Return the applicant as the form prints it."""
    a = dossier.applicant
    if isinstance(a, PersonApplicant):
        return ApplicantBlock(ApplicantKind.PERSON, a.full_name, a.id_number, a.address,
                              _phone(a.phone), a.email)
    return ApplicantBlock(ApplicantKind.ORGANISATION, a.name, a.tax_code, a.address,
                          _phone(a.phone), a.email)


def document_lines(dossier: Dossier) -> tuple[ReceiptDocumentLine, ...]:
    """Return the documents actually received (on paper or looked up in a national database)."""
    return tuple(
        ReceiptDocumentLine(d.name, FROM_DATABASE_LABEL if d.from_database and not d.received
                            else DOCUMENT_FORM_LABELS_VI[d.form], max(1, d.count))
        for d in dossier.documents if d.received or d.from_database
    )


def collect_label(dossier: Dossier, settings: Settings) -> str:
    """Return item 6, where the result is collected: at the receiving unit named by its
    configured type, or by post (with the postal address)."""
    if dossier.return_place is ReturnPlace.COUNTER:
        return f"Tại {settings.centre.unit_type}"
    label = RETURN_PLACE_LABELS_VI[dossier.return_place]
    if dossier.return_address:
        return f"{label}, địa chỉ: {dossier.return_address}"
    return label


def receipt_content(
    dossier: Dossier,
    settings: Settings,
    *,
    officer_name: str,
    procedure: Procedure | None = None,
    copy_label: str | None = None,
) -> ReceiptContent:
    """Return everything Mẫu 01 prints for ``dossier``.

    ``procedure`` is the catalogue version the dossier was received under; it gives the legal
    processing time and the fee. ``officer_name`` is the receiving officer's full name.
    """
    tz = ZoneInfo(settings.timezone)
    received = dossier.received_at.astimezone(tz).replace(tzinfo=None)
    appointment = dossier.appointment_at.astimezone(tz).replace(tzinfo=None)
    submitter = None
    if dossier.submitter is not None:
        s = dossier.submitter
        submitter = SubmitterBlock(s.name, s.id_number, s.address, _phone(s.phone), s.email,
                                   s.authorisation_document)
    line = "" if dossier.ledger_line is None else str(dossier.ledger_line)
    number = f"Số: {line}/TN-TTPVHCC" if line else "Số: …/TN-TTPVHCC"
    code = f" ({dossier.procedure_code})" if dossier.procedure_code else ""
    return ReceiptContent(
        governing_body=settings.centre.governing_body,
        unit_name=settings.centre.name,
        document_number=number,
        dossier_code=dossier.code,
        place=place_name(settings),
        issued_on=received.date(),
        applicant=applicant_block(dossier),
        procedure_name=f"{dossier.procedure_name}{code}",
        documents=document_lines(dossier),
        sets_count=dossier.sets_count,
        legal_time_label=procedure.time.label_vi() if procedure else "",
        received_at=_minute(received),
        appointment_at=_minute(appointment),
        collect_at=collect_label(dossier, settings),
        ledger_book=dossier.ledger_book,
        ledger_line=line,
        officer_name=officer_name,
        lookup_url=lookup_url(settings.lookup_url_template, dossier.code, dossier.lookup_token),
        lookup_token=dossier.lookup_token,
        submitter=submitter,
        copy_label=copy_label,
        form_set=rule_version(dossier.rule_versions, "forms", settings.dossier.form_set),
        fees_label=procedure.fee_label_vi(dossier.channel) if procedure else None,
        milestones=tuple((m.label, _minute(m.at.astimezone(tz).replace(tzinfo=None)))
                         for m in dossier.milestones),
    )


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)
