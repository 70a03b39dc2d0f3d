"""Dossier codes, lookup tokens and lookup URLs."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.dossier_code import (
    DEFAULT_FORMAT,
    TOKEN_ALPHABET,
    DossierCodeError,
    DossierCodeFormat,
    DossierCodeParts,
    format_in_force,
    lookup_url,
    new_lookup_token,
    normalise_token,
    parse_dossier_code,
    tokens_equal,
)
from counter_app.domain.errors import DomainError

DAY = dt.date(2026, 7, 15)
AGENCY = "H01.151.01"


def test_format_examples() -> None:
    assert DEFAULT_FORMAT.format(AGENCY, DAY, 7) == "H01.151.01-260715-0007"
    with_infix = DossierCodeFormat("TT04-2025", dt.date(2026, 1, 25), 4, "12")
    assert with_infix.format(AGENCY, DAY, 7) == "H01.151.01-260715-120007"
    assert DossierCodeFormat(sequence_width=6).format("000.00.12.H12", DAY, 42) == (
        "000.00.12.H12-260715-000042"
    )
    # A busy day outgrows the width: the sequence just gets longer.
    assert DEFAULT_FORMAT.format(AGENCY, DAY, 12345) == "H01.151.01-260715-12345"


@pytest.mark.parametrize(
    ("agency", "seq"), [("h01.151", 1), ("H01-151", 1), ("A" * 36, 1), ("", 1), (AGENCY, 0)]
)
def test_format_refuses_bad_input(agency: str, seq: int) -> None:
    with pytest.raises(DossierCodeError):
        DEFAULT_FORMAT.format(agency, DAY, seq)


def test_format_versions_are_checked_and_dated() -> None:
    with pytest.raises(DossierCodeError, match="từ 4"):
        DossierCodeFormat(sequence_width=3)
    with pytest.raises(DossierCodeError, match="2 chữ số"):
        DossierCodeFormat(system_infix="A1")
    old = DossierCodeFormat("2018", dt.date(2018, 6, 21))
    new = DossierCodeFormat("TT04-2025", dt.date(2026, 1, 25), system_infix="12")
    assert format_in_force([old, new], dt.date(2026, 1, 24)) is old
    assert format_in_force([old, new], dt.date(2026, 1, 25)) is new
    with pytest.raises(DossierCodeError):
        format_in_force([new], dt.date(2025, 1, 1))


def test_parse_dossier_code() -> None:
    assert parse_dossier_code(" h01.151.01-260715-0007 ") == DossierCodeParts(AGENCY, DAY, "", 7)
    fmt = DossierCodeFormat(system_infix="12")
    assert parse_dossier_code("H01.151.01-260715-120007", fmt) == DossierCodeParts(
        AGENCY, DAY, "12", 7
    )
    assert parse_dossier_code("H01.151.01-260715-120007").sequence == 120007  # no format: no infix
    assert parse_dossier_code("H01-690101-0001").day == dt.date(2069, 1, 1)  # YY is 20YY
    with pytest.raises(DossierCodeError, match="mã hệ thống 12"):
        parse_dossier_code("H01.151.01-260715-340007", fmt)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "H01.151.01-260715-007",  # sequence shorter than 4
        "H01.151.01-260231-0007",  # 31 February
        "H01.151.01-261301-0007",  # month 13
        "H01.151.01-20260715-0007",  # 8-digit date (a per-system variant, not this format)
        "H01.151.01-260715-0000",  # sequence 0
        "H01.151.01 260715 0007",
        "H01_151-260715-0007",
        "H01.151.01-260715-0007-1",
        "Đ01.151.01-260715-0007",
        "H01.151.01-260715-０００７",
        "A" * 36 + "-260715-0007",
    ],
)
def test_parse_refuses(bad: str) -> None:
    with pytest.raises(DossierCodeError) as info:
        parse_dossier_code(bad)
    assert "Mã" in info.value.message


@settings(max_examples=300, deadline=None)
@given(
    agency=st.from_regex(r"\A[A-Z0-9.]{1,35}\Z"),
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    seq=st.integers(min_value=1, max_value=999_999_999),
    width=st.integers(min_value=4, max_value=9),
    infix=st.sampled_from(["", "01", "99"]),
)
def test_format_parse_round_trip(agency: str, day: dt.date, seq: int, width: int,
                                 infix: str) -> None:
    fmt = DossierCodeFormat(sequence_width=width, system_infix=infix)
    parts = parse_dossier_code(fmt.format(agency, day, seq), fmt)
    assert parts == DossierCodeParts(agency, day, infix, seq)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_parse_fuzz(text: str) -> None:
    try:
        parse_dossier_code(text)
    except DomainError as exc:
        assert exc.message


def test_lookup_tokens() -> None:
    tokens = {new_lookup_token() for _ in range(200)}
    assert len(tokens) == 200  # 40 random bits: a collision here would be a broken generator
    assert all(len(t) == 8 and set(t) <= set(TOKEN_ALPHABET) for t in tokens)
    assert not set("ILOU") & set(TOKEN_ALPHABET) and len(TOKEN_ALPHABET) == 32
    assert tokens_equal("7Q4M0K1Z", "7q4m-oki z")  # O read as 0, I as 1
    assert normalise_token("lo-1") == "101"
    assert not tokens_equal("7Q4M0K1Z", "7Q4M0K1Y")
    assert not tokens_equal("7Q4M0K1Z", "Đ")  # non-ASCII input compares, never crashes
    assert len(new_lookup_token(12)) == 12


def test_lookup_url_quotes_parts() -> None:
    template = "https://dichvucong.example.gov.vn/tra-cuu?ma={code}&k={token}"
    url = lookup_url(template, "H01.151.01-260715-0007", "7Q4M0K1Z")
    assert url == "https://dichvucong.example.gov.vn/tra-cuu?ma=H01.151.01-260715-0007&k=7Q4M0K1Z"
    tricky = lookup_url(template, "A&B=C D", "x/y?z#")
    query = parse_qs(urlsplit(tricky).query)
    assert query == {"ma": ["A&B=C D"], "k": ["x/y?z#"]}
    assert lookup_url("https://x/{code}", "H01-260715-0007", "T") == "https://x/H01-260715-0007"
    with pytest.raises(DossierCodeError, match=r"\{code\}"):
        lookup_url("https://x/tra-cuu", "H01-260715-0007", "T")
