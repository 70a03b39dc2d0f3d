"""Identity validators, applicant validation and the chip-card QR parser."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.applicants import (
    ChipCardQrError,
    parse_chip_card_qr,
    validate_organisation,
    validate_person,
    validate_submitter,
)
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.identity import (
    CMND_WARNING,
    PROVINCE_CODES,
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

TODAY = dt.date(2026, 7, 15)
# 001 Hà Nội, digit 4 = 0 (male, 1900s), 90 → born 1990.
HANOI_MAN_1990 = "001090012345"
# 079 TP HCM, digit 4 = 3 (female, 2000s), 01 → born 2001.
HCM_WOMAN_2001 = "079301001234"


# ---- names -----------------------------------------------------------------------------------


def test_name_is_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert normalise_name(f"  {decomposed}   ") == "Nguyễn Văn An"
    assert normalise_name("nguyễn   văn\tan") == "nguyễn văn an"
    assert normalise_name("H'Hen Niê") == "H'Hen Niê"
    assert normalise_name("Nguyễn-Trần Minh Thư") == "Nguyễn-Trần Minh Thư"


@pytest.mark.parametrize("bad", ["", "   ", "An1", "Nguyễn Văn An!", "'-", "A" * 101, "Lê\u200bAn"])
def test_bad_names(bad: str) -> None:
    with pytest.raises(IdentityError):
        normalise_name(bad)


def test_organisation_names_allow_digits_and_punctuation() -> None:
    assert normalise_organisation_name("Công ty TNHH Thương mại & Dịch vụ 24/7 (ABC)") == (
        "Công ty TNHH Thương mại & Dịch vụ 24/7 (ABC)"
    )
    with pytest.raises(IdentityError):
        normalise_organisation_name("Công ty <script>")


# ---- personal ID -----------------------------------------------------------------------------


def test_valid_personal_ids() -> None:
    assert validate_cccd(HANOI_MAN_1990, dt.date(1990, 2, 1), Sex.MALE) == HANOI_MAN_1990
    assert validate_cccd(HCM_WOMAN_2001, dt.date(2001, 3, 4), Sex.FEMALE) == HCM_WOMAN_2001
    assert validate_cccd("001 090 012 345") == HANOI_MAN_1990
    assert validate_cccd("００１０９００１２３４５") == HANOI_MAN_1990  # full-width digits


def test_personal_id_structure_and_province_code() -> None:
    assert "001" in PROVINCE_CODES and "096" in PROVINCE_CODES and len(PROVINCE_CODES) == 63
    with pytest.raises(IdentityError, match="12 chữ số"):
        validate_cccd("00109001234")
    with pytest.raises(IdentityError, match="mã nơi đăng ký khai sinh '003'"):
        validate_cccd("003090012345")  # 003 was never a province code
    with pytest.raises(IdentityError, match="mã nơi đăng ký khai sinh '097'"):
        validate_cccd("097090012345")


def test_personal_id_cross_checks_birth_year_and_sex() -> None:
    with pytest.raises(IdentityError, match="năm sinh 1991"):
        validate_cccd(HANOI_MAN_1990, dt.date(1991, 2, 1))
    with pytest.raises(IdentityError, match="năm sinh 1990"):
        validate_cccd(HCM_WOMAN_2001.replace("3", "1", 1), dt.date(1990, 1, 1))  # 1901
    with pytest.raises(IdentityError, match="giới tính Nữ"):
        validate_cccd(HANOI_MAN_1990, sex=Sex.FEMALE)
    # Digit 4 = 2 → male born in the 2000s; born 2001 with 3 is female.
    assert validate_cccd("001201001234", dt.date(2001, 1, 1), Sex.MALE)


def test_id_number_kinds() -> None:
    cccd = validate_id_number(HANOI_MAN_1990)
    assert (cccd.kind, cccd.notes) == (IdKind.CCCD, ())
    cmnd = validate_id_number("123 456 789")
    assert (cmnd.number, cmnd.kind, cmnd.notes) == ("123456789", IdKind.CMND, (CMND_WARNING,))
    passport = validate_id_number("c1234567")
    assert (passport.number, passport.kind) == ("C1234567", IdKind.PASSPORT)
    assert passport.notes
    assert validate_id_number("B12345678").kind is IdKind.PASSPORT
    for bad in ("", "12345678", "AB123456", "C123456", "1234567890123", "số 123"):
        with pytest.raises(IdentityError):
            validate_id_number(bad)


# ---- phone, e-mail, tax code, sex, dates -----------------------------------------------------


def test_phones() -> None:
    mobile = validate_phone("0912345678")
    assert (mobile.e164, mobile.national) == ("+84912345678", "0912 345 678")
    assert validate_phone("+84 912-345-678").e164 == "+84912345678"
    assert validate_phone("0868.123.456").e164 == "+84868123456"
    fixed = validate_phone("024 3812 3456")
    assert (fixed.e164, fixed.national) == ("+842438123456", "024 3812 3456")
    assert format_phone_national("+84912345678") == "0912 345 678"
    # 012x mobile prefixes were retired in 2018; 1900 numbers are premium rate; +33 is French.
    for bad in ("0123456789", "1900 1234", "+33612345678", "091234567", "abc", ""):
        with pytest.raises(IdentityError):
            validate_phone(bad)


def test_emails() -> None:
    assert validate_email(" Ten.Ho@Example.VN ") == "Ten.Ho@example.vn"
    assert validate_email("a+b@sub.gov.vn") == "a+b@sub.gov.vn"
    for bad in ("", "a@b", "a@@b.vn", "a b@c.vn", "người@x.vn", "a@-x.vn", "a..b@x.vn",
                "a@x.v", "a@x.123", "@x.vn", "a@x..vn"):
        with pytest.raises(IdentityError):
            validate_email(bad)


def test_tax_codes() -> None:
    # 0100109106: weights 31,29,23,19,17,13,7,5,3 give Σ mod 11 = 4 → check digit 10 − 4 = 6.
    assert validate_tax_code("0100109106") == "0100109106"
    assert validate_tax_code("0100109106001") == "0100109106-001"
    assert validate_tax_code(HANOI_MAN_1990) == HANOI_MAN_1990  # personal ID as tax code
    with pytest.raises(IdentityError, match="kiểm tra"):
        validate_tax_code("0100109107")
    with pytest.raises(IdentityError, match="cấu trúc"):
        validate_tax_code("0100109106-000")  # branch suffix 000 is invalid
    with pytest.raises(IdentityError, match="định danh"):
        validate_tax_code("003090012345")
    with pytest.raises(IdentityError):
        validate_tax_code(HANOI_MAN_1990, allow_personal_id=False)
    with pytest.raises(IdentityError):
        validate_tax_code("01001091")


def test_sex_and_dates() -> None:
    assert parse_sex("Nữ") is Sex.FEMALE and parse_sex("nam") is Sex.MALE
    with pytest.raises(IdentityError):
        parse_sex("khác")
    assert parse_date_vi("05/09/1990") == dt.date(1990, 9, 5)
    assert parse_date_vi("05091990") == dt.date(1990, 9, 5)
    assert parse_date_vi("1990-09-05") == dt.date(1990, 9, 5)
    with pytest.raises(IdentityError, match="ngày/tháng/năm"):
        parse_date_vi("31/02/2000")


# ---- applicants ------------------------------------------------------------------------------


def test_validate_person_normalises_everything() -> None:
    person = validate_person(
        full_name="  nguyễn   Văn An ", id_number="001 090 012 345", date_of_birth="01/02/1990",
        sex="Nam", phone="0912 345 678", email="AN@Example.vn", address=" Số 1  phố Huế ",
        today=TODAY,
    )
    assert person.full_name == "nguyễn Văn An"
    assert (person.id_number, person.id_kind) == (HANOI_MAN_1990, IdKind.CCCD)
    assert person.date_of_birth == dt.date(1990, 2, 1) and person.sex is Sex.MALE
    assert (person.phone, person.phone_national) == ("+84912345678", "0912 345 678")
    assert person.email == "AN@example.vn" and person.address == "Số 1 phố Huế"
    assert person.warnings == ()


def test_validate_person_collects_one_message_per_field() -> None:
    with pytest.raises(ValidationError) as info:
        validate_person(full_name="An1", id_number="123", phone="12", email="x@", today=TODAY)
    assert set(info.value.errors) == {"full_name", "id_number", "phone", "email"}
    assert all(info.value.errors.values())


def test_validate_person_cross_checks_and_warnings() -> None:
    with pytest.raises(ValidationError) as info:
        validate_person(full_name="Lê Thị Hoa", id_number=HANOI_MAN_1990,
                        date_of_birth=dt.date(1990, 5, 5), sex=Sex.FEMALE, today=TODAY)
    assert list(info.value.errors) == ["id_number"]
    with pytest.raises(ValidationError) as info:
        validate_person(full_name="Lê Hoa", id_number="123456789",
                        date_of_birth="01/01/2030", today=TODAY)
    assert list(info.value.errors) == ["date_of_birth"]
    legacy = validate_person(full_name="Lê Hoa", id_number="123456789", today=TODAY)
    assert legacy.id_kind is IdKind.CMND and legacy.warnings == (CMND_WARNING,)


def test_validate_organisation_and_submitter() -> None:
    org = validate_organisation(name="Công ty TNHH ABC", tax_code="0100109106-001",
                                representative="Trần Bình", phone="02438123456")
    assert org.tax_code == "0100109106-001" and org.phone == "+842438123456"
    with pytest.raises(ValidationError) as info:
        validate_organisation(name="", tax_code="0100109107", representative="B2")
    assert set(info.value.errors) == {"name", "tax_code", "representative"}
    sub = validate_submitter(name="Phạm Cường", id_number="B1234567",
                             authorisation_document="Giấy ủy quyền số 12 ngày 01/07/2026")
    assert sub.id_kind is IdKind.PASSPORT and sub.warnings
    with pytest.raises(ValidationError) as info:
        validate_submitter(name="", id_number="")
    assert set(info.value.errors) == {"name", "id_number"}


# ---- chip card QR ----------------------------------------------------------------------------

CARD = "001090012345|123456789|Nguyễn Văn An|01021990|Nam|Số 1 phố Huế, Hà Nội|10072021"


def test_parse_chip_card_qr() -> None:
    card = parse_chip_card_qr(CARD + "\r\n", today=TODAY)
    assert card.id_number == HANOI_MAN_1990 and card.old_id_number == "123456789"
    assert card.full_name == "Nguyễn Văn An" and card.sex is Sex.MALE
    assert card.date_of_birth == dt.date(1990, 2, 1) and card.issue_date == dt.date(2021, 7, 10)
    assert card.address == "Số 1 phố Huế, Hà Nội" and card.extra == ()
    assert parse_chip_card_qr(CARD.replace("|123456789|", "||") + "|x", today=TODAY).extra == (
        "x",
    )


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("https://dichvucong.gov.vn/tra-cuu?ma=1", "không phải mã QR"),
        ("00020101021238570010A000000727012700069704220113VQRQ00001", "không phải mã QR"),
        (CARD.rsplit("|", 1)[0], "không phải mã QR"),  # 6 fields
        (CARD.replace("01021990", "1021990"), "ngày sinh"),
        (CARD.replace("01021990", "30021990"), "ngày có thật"),
        (CARD.replace("01021990", "01021991"), "năm sinh"),  # ID says 1990
        (CARD.replace("|Nam|", "|Nữ|"), "giới tính"),
        (CARD.replace("|Nam|", "|X|"), "Giới tính"),
        (CARD.replace("10072021", "10072030"), "ngày cấp"),
        (CARD.replace("123456789", "12345"), "CMND"),
        (CARD.replace("Số 1 phố Huế, Hà Nội", " "), "nơi thường trú"),
        (CARD.replace("Nguyễn", "Nguy\x07n"), "không phải mã QR"),
        (CARD + "|" + "x" * 600, "quá dài"),
    ],
)
def test_bad_chip_card_payloads(payload: str, fragment: str) -> None:
    with pytest.raises(ChipCardQrError) as info:
        parse_chip_card_qr(payload, today=TODAY)
    assert fragment in info.value.message


# ---- fuzzing: arbitrary text gives a value or a DomainError, never another exception --------

Validator = Callable[[str], Any]
VALIDATORS: list[Validator] = [
    normalise_name,
    normalise_organisation_name,
    validate_cccd,
    validate_id_number,
    validate_phone,
    validate_email,
    validate_tax_code,
    parse_sex,
    parse_date_vi,
    lambda t: parse_chip_card_qr(t, today=TODAY),
    lambda t: validate_person(full_name=t, id_number=t, date_of_birth=t, sex=t, phone=t,
                              email=t, address=t, notes=t, today=TODAY),
    lambda t: validate_organisation(name=t, tax_code=t, representative=t, phone=t, email=t,
                                    address=t),
    lambda t: validate_submitter(name=t, id_number=t, address=t, phone=t, email=t,
                                 authorisation_document=t),
]

TEXTS = st.one_of(
    st.text(max_size=200),
    st.text(alphabet="0123456789 .-+|/", max_size=30),
    st.lists(st.text(max_size=20), min_size=6, max_size=9).map("|".join),
    st.text(min_size=990, max_size=1200),
)


def _is_vietnamese(message: str) -> bool:
    return bool(message) and message == unicodedata.normalize("NFC", message) and (
        not message.isascii()
    )


@pytest.mark.parametrize("validator", VALIDATORS, ids=range(len(VALIDATORS)))
@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_fuzz_validators(validator: Validator, text: str) -> None:
    try:
        validator(text)
    except DomainError as exc:
        assert _is_vietnamese(exc.message)
        if isinstance(exc, ValidationError):
            assert all(_is_vietnamese(m) for m in exc.errors.values())


@settings(max_examples=300, deadline=None)
@given(
    number=st.from_regex(r"\A0[0-9]{2}[0-9][0-9]{8}\Z"),
    dob=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 1, 1)),
    sex=st.sampled_from(Sex),
)
def test_fuzz_cccd_cross_checks(number: str, dob: dt.date, sex: Sex) -> None:
    # A 12-digit number passes exactly when its prefix, century, year and sex digits all agree.
    digit = int(number[3])
    consistent = (
        number[:3] in PROVINCE_CODES
        and 1900 + (digit // 2) * 100 + int(number[4:6]) == dob.year
        and (sex is Sex.MALE) == (digit % 2 == 0)
    )
    try:
        validate_cccd(number, dob, sex)
        assert consistent
    except IdentityError:
        assert not consistent
