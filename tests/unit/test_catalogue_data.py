"""The shipped catalogue data (resources/catalogue) validates and matches the §7 reference table."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.catalogue import (
    Channel,
    DocumentForm,
    Procedure,
    TimeUnit,
    validate_catalogue,
)
from counter_app.domain.reference import PREFIX_RE
from counter_app.domain.text import fold

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "resources" / "catalogue"

# Every row of vn-one-stop-rules §7: (national code or "" when it varies, folded words of the name).
TABLE_ROWS: list[tuple[str, str]] = [
    ("1.001193", "dang ky khai sinh"),
    ("1.000894", "dang ky ket hon"),
    ("1.000656", "dang ky khai tu"),
    ("1.004873", "xac nhan tinh trang hon nhan"),
    ("1.004859", "thay doi, cai chinh, bo sung thong tin ho tich"),
    ("1.001022", "dang ky nhan cha, me, con"),
    ("1.004837", "dang ky giam ho"),
    ("1.004845", "cham dut giam ho"),
    ("1.004884", "dang ky lai khai sinh"),
    ("2.000635", "trich luc ho tich"),
    ("2.000986", "lien thong"),
    ("2.000815", "chung thuc ban sao tu ban chinh"),
    ("2.000884", "chung thuc chu ky"),
    ("2.000908", "cap ban sao tu so goc"),
    ("2.001035", "quyen su dung dat va nha o"),
    ("2.001019", "chung thuc di chuc"),
    ("2.001406", "phan chia di san"),
    ("2.001016", "tu choi nhan di san"),
    ("2.000913", "sua doi, bo sung, huy bo hop dong"),
    ("2.000942", "giao dich da duoc chung thuc"),
    ("2.000992", "nguoi dich"),
    ("1.004222", "dang ky thuong tru"),
    ("1.004194", "dang ky tam tru"),
    ("", "tach ho"),
    ("1.012796", "dinh chinh giay chung nhan"),
    ("", "cap doi giay chung nhan"),
    ("", "tach thua, hop thua"),
    ("", "cap lai giay chung nhan"),
    ("1.013980", "dang ky bien dong"),
    ("", "giay phep xay dung nha o rieng le"),
    ("1.013225", "cong trinh cap iii, cap iv"),
    ("", "dieu chinh, gia han, cap lai giay phep xay dung"),
    ("2.000720", "thanh lap ho kinh doanh"),
    ("", "tam ngung, cham dut hoat dong ho kinh doanh"),
    ("1.001776", "tro cap xa hoi hang thang"),
    ("", "ho tro chi phi mai tang"),
    ("1.013133", "nghia vu quan su lan dau"),
]


def _load_json(name: str) -> Any:
    return json.loads((CATALOGUE_DIR / name).read_text(encoding="utf-8"))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)


@pytest.fixture(scope="module")
def fields() -> list[dict[str, Any]]:
    data = _load_json("fields.json")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def raw_catalogue() -> dict[str, Any]:
    data = _load_json("procedures.json")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def procedures(fields: list[dict[str, Any]], raw_catalogue: dict[str, Any]) -> list[Procedure]:
    rows = raw_catalogue["procedures"]
    return validate_catalogue(enumerate(rows, start=1), [f["code"] for f in fields])


def _find(procedures: list[Procedure], code: str, variant: str = "") -> Procedure:
    found = [p for p in procedures if p.code == code and p.variant == variant]
    assert len(found) == 1, f"{code}/{variant}: {len(found)} rows"
    return found[0]


def test_fields_have_unique_codes_and_valid_prefixes(fields: list[dict[str, Any]]) -> None:
    codes = [f["code"] for f in fields]
    prefixes = [f["ticket_prefix"] for f in fields]
    assert codes == ["HT", "CT", "DD", "DKKD", "CTR", "XD", "XH", "QP"]
    assert len(set(prefixes)) == len(prefixes)
    assert all(PREFIX_RE.match(p) for p in prefixes)
    assert [f["sort_order"] for f in fields] == sorted(f["sort_order"] for f in fields)
    assert {f["code"]: f["name"] for f in fields}["HT"] == "Hộ tịch"


def test_catalogue_format_and_size(
    raw_catalogue: dict[str, Any], procedures: list[Procedure]
) -> None:
    assert raw_catalogue["format"] == "counter-app-catalogue/1"
    assert len(procedures) >= 30
    assert len(procedures) == len(raw_catalogue["procedures"])


def test_every_row_of_the_reference_table_is_present(procedures: list[Procedure]) -> None:
    for code, words in TABLE_ROWS:
        hits = [p for p in procedures if p.code == code and words in fold(p.name)]
        assert hits, f"missing §7 row {code or '(varies)'} {words}"


def test_rows_without_a_code_carry_a_variant(procedures: list[Procedure]) -> None:
    for p in procedures:
        if not p.code:
            assert p.variant, p.name


def test_every_field_is_used(fields: list[dict[str, Any]], procedures: list[Procedure]) -> None:
    assert {f["code"] for f in fields} == {p.field_code for p in procedures}


def test_all_text_is_nfc(raw_catalogue: dict[str, Any], fields: list[dict[str, Any]]) -> None:
    for text in [*_strings(raw_catalogue), *_strings(fields)]:
        assert unicodedata.normalize("NFC", text) == text, text
    for name in ("procedures.json", "fields.json", "example-import.csv", "README.md"):
        raw = (CATALOGUE_DIR / name).read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", raw) == raw, name


def test_birth_registration_is_same_day_with_its_documents(procedures: list[Procedure]) -> None:
    birth = _find(procedures, "1.001193")
    assert birth.name == "Đăng ký khai sinh"
    assert birth.time.unit is TimeUnit.SAME_DAY
    assert birth.fees[Channel.IN_PERSON] == 0
    docs = [(fold(d.name), d.form) for d in birth.documents]
    assert len(docs) == 4
    assert "to khai" in docs[0][0] and docs[0][1] is DocumentForm.ORIGINAL
    certificate = docs[1][0]
    for words in ("giay chung sinh", "nguoi lam chung", "cam doan", "bo roi", "mang thai ho"):
        assert words in certificate, words
    assert "giay to tuy than" in docs[2][0] and docs[2][1] is DocumentForm.SHOWN
    assert "uy quyen" in docs[3][0]


def test_other_section_7_1_documents(procedures: list[Procedure]) -> None:
    marriage = _find(procedures, "1.000894", "Không phải xác minh")
    assert marriage.time.unit is TimeUnit.IMMEDIATE
    assert any("ca hai" in fold(d.name) or "cung co mat" in fold(d.name)
               for d in marriage.documents)
    verified = _find(procedures, "1.000894", "Cần xác minh")
    assert (verified.time.unit, verified.time.amount) == (TimeUnit.WORKING_DAYS, 5)
    residence = _find(procedures, "1.004222")
    assert "ct01" in fold(residence.documents[0].name)
    copy = _find(procedures, "2.000815")
    assert {d.form for d in copy.documents} == {DocumentForm.SHOWN, DocumentForm.COPY}
    permit = [p for p in procedures if "nha o rieng le" in fold(p.name)]
    assert any(d.count == 2 and "ban ve" in fold(d.name) for d in permit[0].documents)


def test_fees_follow_the_table(procedures: list[Procedure]) -> None:
    residence = _find(procedures, "1.004222")
    assert residence.fees[Channel.IN_PERSON] == 20_000
    assert residence.fees[Channel.ONLINE] == 10_000
    temporary = _find(procedures, "1.004194")
    assert (temporary.fees[Channel.IN_PERSON], temporary.fees[Channel.ONLINE]) == (15_000, 7_000)
    assert _find(procedures, "2.000884").fees[Channel.IN_PERSON] == 10_000
    assert _find(procedures, "2.001035").fees[Channel.IN_PERSON] == 50_000
    assert _find(procedures, "1.004873").fees[Channel.IN_PERSON] is None
    for p in procedures:
        if None in p.fees.values():
            assert p.fee_note, f"{p.code} {p.name}: fee set elsewhere needs a fee_note"


def test_times_follow_the_table(procedures: list[Procedure]) -> None:
    assert _find(procedures, "1.000656").time.unit is TimeUnit.SAME_DAY
    will = _find(procedures, "2.001019").time
    assert (will.unit, will.amount) == (TimeUnit.WORKING_DAYS, 2)
    assert _find(procedures, "1.004873").time.note.endswith("(cần xác nhận)")
    assert _find(procedures, "1.012796").time.amount == 8


def test_all_rows_in_force_from_the_2025_reform(procedures: list[Procedure]) -> None:
    assert {p.effective_from.isoformat() for p in procedures} == {"2025-07-01"}
    assert all(p.decision for p in procedures)


def test_example_csv_validates(fields: list[dict[str, Any]]) -> None:
    with (CATALOGUE_DIR / "example-import.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    result = validate_catalogue(enumerate(rows, start=1), [f["code"] for f in fields])
    assert [p.name for p in result] == ["Đăng ký khai sinh", "Đăng ký thường trú", "Tách hộ"]
    assert result[1].fees[Channel.ONLINE] == 10_000
    assert result[0].documents[2].form is DocumentForm.SHOWN
