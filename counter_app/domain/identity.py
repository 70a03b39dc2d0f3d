"""Validation of applicants' identifiers: names, ID numbers, phones, e-mail, tax codes, card QR.

Each ``normalise_*``/``validate_*`` function returns the normalised value or raises
:class:`IdentityError` with a Vietnamese message. ``validate_person``, ``validate_organisation``
and ``validate_submitter`` (in :mod:`counter_app.domain.applicants`) collect one message per
field; the chip-card QR parser lives there too.

Personal ID rules (vn-one-stop-rules §6.1): 12 digits = 3-digit province-of-birth code, 1 digit
century + sex, 2 digits birth year, 6 random digits; **there is no check digit**.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass

from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

from counter_app.domain.errors import DomainError
from counter_app.domain.text import nfc


class IdentityError(DomainError):
    """An identifier or name failed validation; ``message`` says why, in Vietnamese."""


class IdKind(enum.StrEnum):
    """Kind of identity document number."""

    CCCD = "cccd"  # số định danh cá nhân / căn cước (12 digits)
    CMND = "cmnd"  # chứng minh nhân dân 9 số (legacy)
    PASSPORT = "passport"  # hộ chiếu


ID_KIND_LABELS_VI: dict[IdKind, str] = {
    IdKind.CCCD: "Số định danh cá nhân",
    IdKind.CMND: "Chứng minh nhân dân",
    IdKind.PASSPORT: "Hộ chiếu",
}


class Sex(enum.StrEnum):
    """Sex as recorded on the ID card."""

    MALE = "male"
    FEMALE = "female"


SEX_LABELS_VI: dict[Sex, str] = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}

# Province-of-birth codes (digits 1–3) of the 63 provinces before the 2025 mergers
# (administrative-unit codes, TT 07/2016/TT-BCA as commonly cited). Merged provinces kept codes
# from this list, and people keep their numbers, so it stays the set of valid prefixes (uncertain).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

CMND_WARNING = (
    "Chứng minh nhân dân 9 số là giấy tờ cũ (hết giá trị từ 01/01/2025): "
    "đề nghị đối chiếu số định danh cá nhân."
)
PASSPORT_NOTE = "Số hộ chiếu: không đối chiếu được với Cơ sở dữ liệu quốc gia về dân cư."

MAX_NAME_LENGTH = 100
MAX_ORGANISATION_NAME_LENGTH = 250
_MAX_INPUT = 1000  # longer raw input is refused before any parsing
_CCCD_RE = re.compile(r"^(\d{3})(\d)(\d{2})(\d{6})$")
_PASSPORT_RE = re.compile(r"^[A-Z]\d{7,8}$")
_NAME_PUNCT = frozenset("'’-")
_ORG_PUNCT = frozenset("'’-.,&()/+\"")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_LOCAL_RE = re.compile(rf"^{_ATOM}(\.{_ATOM})*$")
_EMAIL_LABEL_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class IdNumber:
    """A normalised identity document number with its kind and any notes for the officer."""

    number: str
    kind: IdKind
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phone:
    """A phone number stored in E.164 (``+84912345678``) and shown in national format."""

    e164: str
    national: str


def _raw(text: str, what: str) -> str:
    if len(text) > _MAX_INPUT:
        raise IdentityError(f"{what} quá dài.")
    return nfc(text)


def _compact_digits(text: str, what: str) -> str:
    """Return ``text`` with spaces, dots and hyphens removed and full-width digits made ASCII."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", _raw(text, what))).upper()


def _check_chars(text: str, allowed_punct: frozenset[str], digits: bool) -> bool:
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == " " or ch in allowed_punct or cat[0] in "LM" or (digits and cat == "Nd"):
            continue
        return False
    return any(unicodedata.category(ch)[0] == "L" for ch in text)


def normalise_name(text: str, what: str = "Họ và tên") -> str:
    """Return a person's name in NFC with single spaces; letters, spaces, ' and - only."""
    name = _raw(text, what)
    if not name:
        raise IdentityError(f"{what} không được để trống.")
    if len(name) > MAX_NAME_LENGTH:
        raise IdentityError(f"{what} dài quá {MAX_NAME_LENGTH} ký tự.")
    if not _check_chars(name, _NAME_PUNCT, digits=False):
        raise IdentityError(
            f"{what} chỉ được gồm chữ cái, khoảng trắng, dấu nháy đơn (') và gạch nối (-)."
        )
    return name


def normalise_organisation_name(text: str, what: str = "Tên tổ chức") -> str:
    """Return an organisation's name in NFC: letters, digits, spaces and common punctuation."""
    name = _raw(text, what)
    if not name:
        raise IdentityError(f"{what} không được để trống.")
    if len(name) > MAX_ORGANISATION_NAME_LENGTH:
        raise IdentityError(f"{what} dài quá {MAX_ORGANISATION_NAME_LENGTH} ký tự.")
    if not _check_chars(name, _ORG_PUNCT, digits=True):
        raise IdentityError(f"{what} chứa ký tự không hợp lệ.")
    return name


def _century_and_sex(digit: int) -> tuple[int, Sex]:
    """Digit 4 of a personal ID: 0/1 = 1900s male/female, 2/3 = 2000s, … up to 8/9 = 2300s."""
    return 1900 + (digit // 2) * 100, Sex.MALE if digit % 2 == 0 else Sex.FEMALE


def validate_cccd(
    text: str, date_of_birth: dt.date | None = None, sex: Sex | None = None
) -> str:
    """Return a 12-digit personal ID number, cross-checked with birth date and sex when given."""
    number = _compact_digits(text, "Số định danh cá nhân")
    match = _CCCD_RE.match(number)
    if match is None or not number.isascii():
        raise IdentityError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    province, digit, year2, _ = match.groups()
    if province not in PROVINCE_CODES:
        raise IdentityError(
            f"Số định danh cá nhân không hợp lệ: mã nơi đăng ký khai sinh '{province}' không có "
            "trong danh mục tỉnh, thành phố."
        )
    century, coded_sex = _century_and_sex(int(digit))
    if date_of_birth is not None and date_of_birth.year != century + int(year2):
        raise IdentityError(
            f"Số định danh cá nhân không khớp năm sinh {date_of_birth.year} "
            f"(chữ số thứ 4–6 cho năm {century + int(year2)})."
        )
    if sex is not None and sex is not coded_sex:
        raise IdentityError(
            f"Số định danh cá nhân không khớp giới tính {SEX_LABELS_VI[sex]} "
            f"(chữ số thứ 4 ứng với {SEX_LABELS_VI[coded_sex]})."
        )
    return number


def validate_id_number(
    text: str, date_of_birth: dt.date | None = None, sex: Sex | None = None
) -> IdNumber:
    """Return a personal ID (12 digits), legacy CMND (9 digits, with a warning) or passport."""
    number = _compact_digits(text, "Số giấy tờ tùy thân")
    if not number:
        raise IdentityError("Số giấy tờ tùy thân không được để trống.")
    if number.isascii() and number.isdigit() and len(number) == 9:
        return IdNumber(number, IdKind.CMND, (CMND_WARNING,))
    if _PASSPORT_RE.match(number) and number.isascii():
        return IdNumber(number, IdKind.PASSPORT, (PASSPORT_NOTE,))
    if number.isdigit() and len(number) != 12:
        raise IdentityError(
            "Số giấy tờ tùy thân phải là số định danh cá nhân 12 số, CMND 9 số "
            "hoặc số hộ chiếu (1 chữ cái và 7–8 chữ số)."
        )
    if not number.isdigit():
        raise IdentityError(
            "Số giấy tờ tùy thân chỉ gồm chữ số (số định danh, CMND) hoặc 1 chữ cái "
            "và 7–8 chữ số (hộ chiếu)."
        )
    return IdNumber(validate_cccd(number, date_of_birth, sex), IdKind.CCCD)


def validate_phone(text: str) -> Phone:
    """Return a Vietnamese mobile or fixed-line number; the E.164 form is what is stored."""
    raw = _raw(text, "Số điện thoại")
    if not raw:
        raise IdentityError("Số điện thoại không được để trống.")
    message = (
        "Số điện thoại không hợp lệ (số di động hoặc cố định của Việt Nam, ví dụ 0912 345 678)."
    )
    if len(raw) > 40:
        raise IdentityError(message)
    import phonenumbers  # ~20 ms to import: only when a phone number is checked

    try:
        parsed = phonenumbers.parse(unicodedata.normalize("NFKC", raw), "VN")
    except phonenumbers.NumberParseException:
        raise IdentityError(message) from None
    kinds = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if (
        parsed.country_code != 84
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) not in kinds
    ):
        raise IdentityError(message)
    return Phone(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
    )


def format_phone_national(e164: str) -> str:
    """Return a stored E.164 number in national format (``0912 345 678``), or as is if odd."""
    try:
        return validate_phone(e164).national
    except IdentityError:
        return e164


def validate_email(text: str) -> str:
    """Return an e-mail address after a structural check; the domain is lower-cased."""
    raw = _raw(text, "Thư điện tử")
    message = "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)."
    if not raw:
        raise IdentityError("Địa chỉ thư điện tử không được để trống.")
    if len(raw) > 254 or raw.count("@") != 1 or not raw.isascii():
        raise IdentityError(message)
    local, domain = raw.split("@")
    labels = domain.lower().split(".")
    if (
        len(local) > 64
        or not _EMAIL_LOCAL_RE.match(local)
        or len(labels) < 2
        or not all(_EMAIL_LABEL_RE.match(label) for label in labels)
        or not labels[-1].isalpha()
        or len(labels[-1]) < 2
    ):
        raise IdentityError(message)
    return f"{local}@{'.'.join(labels)}"


def validate_tax_code(text: str, allow_personal_id: bool = True) -> str:
    """Return a tax code: 10 digits, 13 as ``NNNNNNNNNN-NNN``, or (individuals) a 12-digit ID."""
    number = _compact_digits(text, "Mã số thuế")
    if not number:
        raise IdentityError("Mã số thuế không được để trống.")
    if allow_personal_id and len(number) == 12 and number.isdigit():
        try:
            return validate_cccd(number)
        except IdentityError as exc:
            message = f"Mã số thuế 12 số phải là số định danh cá nhân: {exc.message}"
            raise IdentityError(message) from None
    if not number.isascii() or not number.isdigit() or len(number) not in (10, 13):
        raise IdentityError("Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số (dạng 0100109106-001).")
    try:
        mst.validate(number)
    except InvalidChecksum:
        raise IdentityError("Mã số thuế không hợp lệ (sai chữ số kiểm tra).") from None
    except StdnumError:
        raise IdentityError("Mã số thuế không hợp lệ (sai cấu trúc mã).") from None
    return str(mst.format(number))


def parse_sex(text: str) -> Sex:
    """Return the sex written as ``Nam``/``Nữ`` (or male/female, M/F)."""
    folded = _raw(text, "Giới tính").lower()
    if folded in ("nam", "male", "m"):
        return Sex.MALE
    if folded in ("nữ", "nu", "female", "f"):
        return Sex.FEMALE
    raise IdentityError("Giới tính phải là Nam hoặc Nữ.")


def parse_date_vi(text: str, what: str = "Ngày sinh") -> dt.date:
    """Return a date written ``dd/mm/yyyy``, ``ddmmyyyy`` or ISO ``yyyy-mm-dd``."""
    raw = _raw(text, what)
    for pattern in ("%d/%m/%Y", "%d%m%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            if raw.isascii():
                return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise IdentityError(f"{what} '{raw[:20]}' không đúng dạng ngày/tháng/năm (ví dụ 05/09/1990).")
