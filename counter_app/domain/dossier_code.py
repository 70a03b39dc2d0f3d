"""Dossier codes (mã hồ sơ), lookup tokens and lookup URLs (vn-one-stop-rules §3.2 and §8).

A code is ``{agency code}-{YYMMDD}-{AA}{sequence}``: the agency code of the resolving body, the
receipt date, the optional 2-digit system infix ``AA`` of TT 04/2025/TT-VPCP, and the daily
sequence zero-padded to at least 4 digits (it simply grows longer when a day needs more).
Formats are versioned data: a dossier keeps the version it was numbered under.

Codes are guessable, so the public lookup also asks for a short random token printed on the slip.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from counter_app.domain.errors import DomainError
from counter_app.domain.reference import AGENCY_CODE_RE

MIN_SEQUENCE_WIDTH = 4
MAX_SEQUENCE_WIDTH = 9
_INFIX_RE = re.compile(r"^\d{2}$")
_CODE_RE = re.compile(r"^(?P<agency>[A-Z0-9.]{1,35})-(?P<date>\d{6})-(?P<tail>\d{4,11})$")

# Crockford base32 (no I, L, O, U): nothing on the slip can be misread as another character.
TOKEN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_LENGTH = 8
_TOKEN_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class DossierCodeError(DomainError):
    """A dossier code, its format or a lookup template is not valid."""


def check_agency_code(agency_code: str) -> str:
    """Return ``agency_code`` when it has only A–Z, 0–9 and dots (1–35 characters)."""
    if not AGENCY_CODE_RE.match(agency_code):
        raise DossierCodeError(
            f"Mã định danh cơ quan '{agency_code[:40]}' không hợp lệ: chỉ gồm chữ in hoa A–Z, "
            "chữ số và dấu chấm, tối đa 35 ký tự."
        )
    return agency_code


@dataclass(frozen=True)
class DossierCodeFormat:
    """One version of the dossier code rule, in force from ``effective_from``."""

    version: str = "TT03-2025"
    effective_from: dt.date = dt.date(2025, 7, 1)
    sequence_width: int = MIN_SEQUENCE_WIDTH
    system_infix: str = ""  # the 2-digit AA of TT 04/2025, or empty

    def __post_init__(self) -> None:
        if not MIN_SEQUENCE_WIDTH <= self.sequence_width <= MAX_SEQUENCE_WIDTH:
            raise DossierCodeError(
                f"Độ dài số thứ tự của mã hồ sơ phải từ {MIN_SEQUENCE_WIDTH} đến "
                f"{MAX_SEQUENCE_WIDTH} chữ số."
            )
        if self.system_infix and not _INFIX_RE.match(self.system_infix):
            raise DossierCodeError("Mã hệ thống (AA) trong mã hồ sơ phải gồm đúng 2 chữ số.")

    def format(self, agency_code: str, day: dt.date, seq: int) -> str:
        """Return the code, e.g. ``H01.151.01-260715-0007`` (or ``…-260715-AA0007``)."""
        check_agency_code(agency_code)
        if seq < 1 or seq >= 10**MAX_SEQUENCE_WIDTH:
            raise DossierCodeError(f"Số thứ tự hồ sơ {seq} nằm ngoài khoảng cho phép.")
        return f"{agency_code}-{day:%y%m%d}-{self.system_infix}{seq:0{self.sequence_width}d}"


DEFAULT_FORMAT = DossierCodeFormat()


def format_in_force(formats: Iterable[DossierCodeFormat], day: dt.date) -> DossierCodeFormat:
    """Return the format version in force on ``day`` (the latest ``effective_from`` ≤ ``day``)."""
    candidates = [f for f in formats if f.effective_from <= day]
    if not candidates:
        raise DossierCodeError(f"Chưa có quy tắc đánh mã hồ sơ áp dụng cho ngày {day:%d/%m/%Y}.")
    return max(candidates, key=lambda f: f.effective_from)


@dataclass(frozen=True)
class DossierCodeParts:
    """The pieces of a parsed dossier code."""

    agency_code: str
    day: dt.date
    system_infix: str
    sequence: int


def parse_dossier_code(text: str, fmt: DossierCodeFormat | None = None) -> DossierCodeParts:
    """Split a dossier code into its parts, strictly.

    Surrounding spaces are ignored and letters upper-cased (people type codes in lower case);
    nothing else is forgiven. Without ``fmt`` the whole last group is the sequence (no infix);
    with ``fmt`` its infix must be present and the sequence at least its width.
    """
    code = text.strip().upper()
    invalid = (
        f"Mã hồ sơ '{code[:60]}' không đúng dạng <mã cơ quan>-<YYMMDD>-<số thứ tự>, "
        "ví dụ H01.151.01-260715-0007."
    )
    match = _CODE_RE.match(code) if len(code) <= 60 and code.isascii() else None
    if match is None:
        raise DossierCodeError(invalid)
    agency, date_text, tail = match.group("agency", "date", "tail")
    try:
        # YY is always 20YY: strptime's %y would read 69–99 as 19xx.
        day = dt.date(2000 + int(date_text[:2]), int(date_text[2:4]), int(date_text[4:]))
    except ValueError:
        message = f"Mã hồ sơ '{code}': ngày nhận '{date_text}' không có thật."
        raise DossierCodeError(message) from None
    infix, width = "", MIN_SEQUENCE_WIDTH
    if fmt is not None:
        infix, width = fmt.system_infix, fmt.sequence_width
        if not tail.startswith(infix):
            raise DossierCodeError(f"Mã hồ sơ '{code}' thiếu mã hệ thống {infix}.")
    sequence = tail[len(infix):]
    if not width <= len(sequence) <= MAX_SEQUENCE_WIDTH or int(sequence) == 0:
        raise DossierCodeError(invalid)
    return DossierCodeParts(check_agency_code(agency), day, infix, int(sequence))


def new_lookup_token(length: int = TOKEN_LENGTH) -> str:
    """Return a random lookup token from an unambiguous alphabet (8 characters = 40 bits)."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(length))


def normalise_token(text: str) -> str:
    """Return a typed token upper-cased, without spaces or dashes, O read as 0 and I/L as 1."""
    return re.sub(r"[\s-]", "", text).upper().translate(_TOKEN_READ_AS)


def tokens_equal(a: str, b: str) -> bool:
    """Compare a stored and a typed token in constant time (after normalising both)."""
    return hmac.compare_digest(normalise_token(a).encode(), normalise_token(b).encode())


def lookup_url(template: str, code: str, token: str) -> str:
    """Fill ``{code}`` and ``{token}`` in a URL template, each percent-encoded."""
    if "{code}" not in template:
        raise DossierCodeError("Mẫu địa chỉ tra cứu phải chứa {code}.")
    return template.replace("{code}", quote(code, safe="")).replace(
        "{token}", quote(token, safe="")
    )
