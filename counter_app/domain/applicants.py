"""Applicants of a dossier: a person, an organisation, an authorised submitter; chip-card QR.

The ``validate_*`` functions check every field and raise one
:class:`~counter_app.domain.errors.ValidationError` whose ``errors`` maps each bad field (named
as the keyword argument) to its Vietnamese message, so a form can mark them all at once.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from counter_app.domain.errors import ValidationError
from counter_app.domain.identity import (
    IdentityError,
    IdKind,
    Sex,
    format_phone_national,
    normalise_name,
    normalise_organisation_name,
    parse_date_vi,
    parse_sex,
    validate_cccd,
    validate_email,
    validate_id_number,
    validate_phone,
    validate_tax_code,
)
from counter_app.domain.text import nfc

MAX_ADDRESS_LENGTH = 300
MAX_NOTE_LENGTH = 1000
MAX_QR_LENGTH = 600
T = TypeVar("T")


@dataclass(frozen=True)
class PersonApplicant:
    """A citizen submitting a dossier (phone stored as E.164, empty when not given)."""

    full_name: str
    id_number: str
    id_kind: IdKind
    date_of_birth: dt.date | None = None
    sex: Sex | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    notes: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def phone_national(self) -> str:
        """Return the phone as shown to people, e.g. ``0912 345 678``."""
        return format_phone_national(self.phone) if self.phone else ""


@dataclass(frozen=True)
class OrganisationApplicant:
    """An organisation submitting a dossier."""

    name: str
    tax_code: str
    representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    @property
    def phone_national(self) -> str:
        """Return the phone in national format."""
        return format_phone_national(self.phone) if self.phone else ""


@dataclass(frozen=True)
class AuthorisedSubmitter:
    """The person submitting on the applicant's behalf (người được ủy quyền)."""

    name: str
    id_number: str
    id_kind: IdKind
    address: str = ""
    phone: str = ""
    email: str = ""
    authorisation_document: str = ""
    warnings: tuple[str, ...] = ()


class _Collector:
    """Runs field checks and gathers one message per failing field."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, field: str, func: Callable[[], T]) -> T | None:
        try:
            return func()
        except IdentityError as exc:
            self.errors[field] = exc.message
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _free_text(text: str, what: str, limit: int) -> str:
    value = nfc(text[: limit * 4])
    if len(value) > limit:
        raise IdentityError(f"{what} dài quá {limit} ký tự.")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise IdentityError(f"{what} chứa ký tự điều khiển không hợp lệ.")
    return value


def _optional(text: str, func: Callable[[str], T]) -> T | None:
    return func(text) if nfc(text[:2000]) else None


def _birth_date(value: dt.date | str | None, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not nfc(value[:100])):
        return None
    day = value if isinstance(value, dt.date) else parse_date_vi(value, "Ngày sinh")
    if day > today:
        raise IdentityError("Ngày sinh không được sau ngày hôm nay.")
    if day.year < 1900:
        raise IdentityError("Ngày sinh trước năm 1900 không hợp lệ.")
    return day


def _sex(value: Sex | str | None) -> Sex | None:
    if value is None or isinstance(value, Sex):
        return value
    return parse_sex(value) if nfc(value[:100]) else None


def validate_person(
    *,
    full_name: str,
    id_number: str,
    date_of_birth: dt.date | str | None = None,
    sex: Sex | str | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    notes: str = "",
    today: dt.date | None = None,
) -> PersonApplicant:
    """Return a valid person; name and ID number are required, the rest optional."""
    c = _Collector()
    name = c.check("full_name", lambda: normalise_name(full_name))
    dob = c.check("date_of_birth", lambda: _birth_date(date_of_birth, today or dt.date.today()))
    sex_ = c.check("sex", lambda: _sex(sex))
    ident = c.check("id_number", lambda: validate_id_number(id_number, dob, sex_))
    tel = c.check("phone", lambda: _optional(phone, validate_phone))
    mail = c.check("email", lambda: _optional(email, validate_email))
    addr = c.check("address", lambda: _free_text(address, "Địa chỉ", MAX_ADDRESS_LENGTH))
    note = c.check("notes", lambda: _free_text(notes, "Ghi chú", MAX_NOTE_LENGTH))
    c.raise_if_any()
    assert name is not None and ident is not None and addr is not None and note is not None
    return PersonApplicant(
        full_name=name, id_number=ident.number, id_kind=ident.kind, date_of_birth=dob, sex=sex_,
        phone=tel.e164 if tel else "", email=mail or "", address=addr, notes=note,
        warnings=ident.notes,
    )


def validate_organisation(
    *,
    name: str,
    tax_code: str,
    representative: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
) -> OrganisationApplicant:
    """Return a valid organisation; name and tax code are required."""
    c = _Collector()
    org = c.check("name", lambda: normalise_organisation_name(name))
    mst = c.check("tax_code", lambda: validate_tax_code(tax_code))
    rep = c.check(
        "representative",
        lambda: _optional(representative, lambda t: normalise_name(t, "Người đại diện")),
    )
    tel = c.check("phone", lambda: _optional(phone, validate_phone))
    mail = c.check("email", lambda: _optional(email, validate_email))
    addr = c.check("address", lambda: _free_text(address, "Địa chỉ", MAX_ADDRESS_LENGTH))
    c.raise_if_any()
    assert org is not None and mst is not None and addr is not None
    return OrganisationApplicant(
        name=org, tax_code=mst, representative=rep or "", phone=tel.e164 if tel else "",
        email=mail or "", address=addr,
    )


def validate_submitter(
    *,
    name: str,
    id_number: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    authorisation_document: str = "",
) -> AuthorisedSubmitter:
    """Return a valid authorised submitter; name and ID number are required."""
    c = _Collector()
    person = c.check("name", lambda: normalise_name(name, "Họ và tên người được ủy quyền"))
    ident = c.check("id_number", lambda: validate_id_number(id_number))
    addr = c.check("address", lambda: _free_text(address, "Địa chỉ", MAX_ADDRESS_LENGTH))
    tel = c.check("phone", lambda: _optional(phone, validate_phone))
    mail = c.check("email", lambda: _optional(email, validate_email))
    doc = c.check(
        "authorisation_document",
        lambda: _free_text(authorisation_document, "Văn bản ủy quyền", MAX_ADDRESS_LENGTH),
    )
    c.raise_if_any()
    assert person is not None and ident is not None and addr is not None and doc is not None
    return AuthorisedSubmitter(
        name=person, id_number=ident.number, id_kind=ident.kind, address=addr,
        phone=tel.e164 if tel else "", email=mail or "", authorisation_document=doc,
        warnings=ident.notes,
    )


# ---- chip ID card QR -------------------------------------------------------------------------


class ChipCardQrError(IdentityError):
    """A scanned payload is not a readable chip ID card QR code."""


@dataclass(frozen=True)
class ChipCardData:
    """The fields of a chip ID card's QR code."""

    id_number: str
    old_id_number: str
    full_name: str
    date_of_birth: dt.date
    sex: Sex
    address: str
    issue_date: dt.date
    extra: tuple[str, ...] = ()


def _card_date(text: str, what: str) -> dt.date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise ChipCardQrError(f"Mã QR trên thẻ: {what} '{text[:20]}' không đúng dạng ngàythángnăm.")
    try:
        return dt.datetime.strptime(text, "%d%m%Y").date()
    except ValueError:
        raise ChipCardQrError(f"Mã QR trên thẻ: {what} '{text}' không phải ngày có thật.") from None


def parse_chip_card_qr(payload: str, today: dt.date | None = None) -> ChipCardData:
    """Parse ``ID|oldID|FullName|DOB(ddMMyyyy)|Sex|Address|IssueDate(ddMMyyyy)``.

    Extra trailing fields (newer card layouts) are kept in ``extra``. Anything that does not
    fit raises :class:`ChipCardQrError` with a plain Vietnamese message.
    """
    not_card = "Mã vừa quét không phải mã QR trên thẻ căn cước (cần 7 trường ngăn cách bởi '|')."
    if len(payload) > MAX_QR_LENGTH:
        raise ChipCardQrError("Mã vừa quét quá dài, không phải mã QR trên thẻ căn cước.")
    text = unicodedata.normalize("NFC", payload).strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        raise ChipCardQrError(not_card)
    parts = [p.strip() for p in text.split("|")]
    if not 7 <= len(parts) <= 12:
        raise ChipCardQrError(not_card)
    id_raw, old_raw, name_raw, dob_raw, sex_raw, addr_raw, issue_raw = parts[:7]
    try:
        dob = _card_date(dob_raw, "ngày sinh")
        sex = parse_sex(sex_raw)
        number = validate_cccd(id_raw, dob, sex)
        if not (old_raw == "" or (old_raw.isascii() and old_raw.isdigit()
                                  and len(old_raw) in (9, 12))):
            raise ChipCardQrError("Mã QR trên thẻ: số CMND cũ không hợp lệ.")
        name = normalise_name(name_raw)
        address = _free_text(addr_raw, "Địa chỉ", MAX_ADDRESS_LENGTH)
        issued = _card_date(issue_raw, "ngày cấp")
    except ChipCardQrError:
        raise
    except IdentityError as exc:
        raise ChipCardQrError(f"Mã QR trên thẻ: {exc.message}") from None
    if issued < dob or issued > (today or dt.date.today()):
        raise ChipCardQrError("Mã QR trên thẻ: ngày cấp không hợp lệ.")
    if not address:
        raise ChipCardQrError("Mã QR trên thẻ: thiếu nơi thường trú.")
    return ChipCardData(number, old_raw, name, dob, sex, address, issued, tuple(parts[7:]))
