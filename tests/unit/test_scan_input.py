"""Untrusted lookup input (scanner or keypad): real receipts parse; everything else gets a plain
Vietnamese message with a reason code and never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.dossier_code import TOKEN_ALPHABET, lookup_url
from counter_app.domain.scan_input import (
    MAX_INPUT,
    LookupRequest,
    ScanInputError,
    parse_lookup_input,
)

TEMPLATE = "https://dichvucong.example.gov.vn/tra-cuu?ma={code}&k={token}"
CODE = "H01.151.01-260715-0125"


def parse(raw: object, template: str = TEMPLATE) -> LookupRequest:
    return parse_lookup_input(raw, template)


def reason_of(raw: object, template: str = TEMPLATE) -> str:
    with pytest.raises(ScanInputError) as info:
        parse(raw, template)
    assert info.value.message and info.value.message[0].isupper()
    return info.value.reason


def test_scanned_receipt_url_with_the_scanners_enter() -> None:
    url = lookup_url(TEMPLATE, CODE, "7Q4MK2PX")
    assert parse(url + "\r\n") == LookupRequest(CODE, "7Q4MK2PX", scanned=True)


def test_typed_code_and_token_forgive_case_spacing_and_lookalikes() -> None:
    assert parse(" h01.151.01-260715-0125   7q4m-k2px ") == LookupRequest(CODE, "7Q4MK2PX", False)
    assert parse(f"{CODE}\t7Q4MO2PI").token == "7Q4M02P1"  # O read as 0, I as 1
    assert parse(f"{CODE};7Q4M").token == "7Q4M"


def test_full_width_digits_from_an_ime_are_read() -> None:
    assert parse("Ｈ０１.151.01-260715-0125 7Q4M").code == CODE


def test_path_template() -> None:
    template = "https://tracuu.example.vn/hs/{code}/{token}"
    assert parse(f"https://tracuu.example.vn/hs/{CODE}/7Q4M", template).token == "7Q4M"
    assert reason_of(f"https://tracuu.example.vn/other/{CODE}/7Q4M", template) == "foreign"


@pytest.mark.parametrize(("raw", "reason"), [
    ("", "empty"),
    ("   \r\n", "empty"),
    (None, "not_text"),
    (b"H01", "not_text"),
    ("x" * (MAX_INPUT + 1), "too_long"),
    (f"{CODE}\x00 7Q4M", "control"),
    (f"{CODE}\u202e 7Q4M", "control"),
    ("001190012345|123456789|Nguyễn Thị Hồng Nhung|01011990|Nữ|Hà Nội|01012021", "chip_card"),
    (f"https://evil.example.com/tra-cuu?ma={CODE}&k=7Q4M", "foreign"),
    (f"https://dichvucong.example.gov.vn.evil.com/tra-cuu?ma={CODE}&k=7Q4M", "foreign"),
    (f"https://user@dichvucong.example.gov.vn/tra-cuu?ma={CODE}&k=7Q4M", "foreign"),
    (f"http://dichvucong.example.gov.vn/tra-cuu?ma={CODE}&k=7Q4M", "foreign"),
    (f"https://dichvucong.example.gov.vn/tra-cuu?ma={CODE}&ma=X&k=7Q4M", "crafted"),
    ("javascript:alert(1)", "crafted"),
    ("data:text/html,<b>x</b>", "crafted"),
    ("https://dichvucong.example.gov.vn/tra-cuu?k=7Q4M", "bad_url"),
    (f"https://dichvucong.example.gov.vn/tra-cuu?ma={CODE}", "missing_token"),
    ("https://dichvucong.example.gov.vn/tra-cuu?ma=%27%3B%20DROP&k=7Q4M", "bad_code"),
    (CODE, "missing_token"),
    ("H01.151.01-261315-0125 7Q4M", "bad_code"),
    (f"{CODE} 7Q", "bad_token"),
    (f"{CODE} ÀÁÂÃ", "bad_token"),
    (f"{CODE} 7Q4M extra", "bad_format"),
    ("'; DROP TABLE dossiers; --", "bad_format"),
    ("WIFI:S:guest;T:WPA;P:secret;;", "crafted"),
])
def test_bad_input_gets_a_reason(raw: object, reason: str) -> None:
    assert reason_of(raw) == reason


def test_a_broken_template_rejects_urls_politely() -> None:
    assert reason_of(lookup_url(TEMPLATE, CODE, "7Q4M"), "http://[::1") == "foreign"


@settings(max_examples=600)
@given(st.one_of(
    st.text(max_size=700),
    st.text(alphabet=st.characters(codec="ascii"), max_size=120).map(
        lambda s: "https://dichvucong.example.gov.vn/tra-cuu?" + s),
    st.builds(lambda a, b: f"{a} {b}", st.text(max_size=40), st.text(max_size=40)),
    st.binary(max_size=50),
    st.integers(),
))
def test_arbitrary_payloads_never_crash(raw: object) -> None:
    try:
        got = parse(raw)
    except ScanInputError as exc:
        assert exc.message and exc.reason
    else:
        assert got.code.isascii() and all(ch in TOKEN_ALPHABET for ch in got.token)


@given(st.text(alphabet=TOKEN_ALPHABET, min_size=4, max_size=16),
       st.integers(1, 99999))
def test_every_real_receipt_url_round_trips(token: str, seq: int) -> None:
    code = f"H01.151.01-260715-{seq:04d}"
    assert parse(lookup_url(TEMPLATE, code, token)) == LookupRequest(code, token, scanned=True)


def test_counter_scan_needs_only_the_code() -> None:
    from counter_app.domain.scan_input import code_from_scan

    assert code_from_scan(lookup_url(TEMPLATE, CODE, "7Q4M") + "\n", TEMPLATE) == CODE
    assert code_from_scan(f" {CODE.lower()} ", TEMPLATE) == CODE
    assert code_from_scan(f"{CODE} 7Q4M", TEMPLATE) == CODE
    for bad in ("", "javascript:x", "a b c", "001190012345|x|y", "x" * 600):
        with pytest.raises(ScanInputError):
            code_from_scan(bad, TEMPLATE)


@given(st.text(max_size=200))
def test_counter_scan_never_crashes(raw: str) -> None:
    from counter_app.domain.scan_input import code_from_scan

    try:
        assert code_from_scan(raw, TEMPLATE).isascii()
    except ScanInputError as exc:
        assert exc.message
