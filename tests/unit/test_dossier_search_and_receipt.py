"""Search-box reading, name tokens, and the receipt content built from a dossier snapshot."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import uuid

from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.applicants import (
    AuthorisedSubmitter,
    OrganisationApplicant,
    PersonApplicant,
)
from counter_app.domain.catalogue import (
    Channel,
    DocumentForm,
    Procedure,
    ProcessingTime,
    TimeUnit,
)
from counter_app.domain.dossier import Dossier, DossierDocument, DossierStatus, ReturnPlace
from counter_app.domain.dossier_search import (
    QueryKind,
    classify_query,
    fold_name,
    name_tokens,
    prefix_upper_bound,
)
from counter_app.domain.identity import IdKind
from counter_app.domain.receipt_content import place_name, receipt_content
from counter_app.domain.settings import Settings

UTC = dt.UTC


# ---- search ------------------------------------------------------------------------------------


def test_name_tokens_are_folded_suffixes() -> None:
    assert name_tokens("Nguyễn Văn An") == ["nguyen van an", "van an", "an"]
    assert name_tokens("Đặng  Thị-Ánh") == ["dang thi anh", "thi anh", "anh"]
    assert name_tokens("An An") == ["an an", "an"]
    assert all(len(t) <= 64 for t in name_tokens("Công ty " + "rất dài " * 20))


def test_query_kinds() -> None:
    agency = "H01.151.01"
    assert classify_query("h01.151.01-260715-0007", agency).value == "H01.151.01-260715-0007"
    assert classify_query("260715-0007", agency).value == "H01.151.01-260715-0007"
    assert classify_query("H01.151.01-2607", agency).kind is QueryKind.CODE
    assert classify_query("001 090 012 345").kind is QueryKind.ID_NUMBER
    assert classify_query("0100109106-001").kind is QueryKind.ID_NUMBER
    assert classify_query("B1234567").kind is QueryKind.ID_NUMBER
    q = classify_query("  Nguyễn  văn ")
    assert (q.kind, q.value) == (QueryKind.NAME, "nguyen van")
    assert classify_query("   ").kind is QueryKind.EMPTY
    assert classify_query("!!!").kind is QueryKind.EMPTY


@given(st.text(min_size=1, max_size=20))
def test_prefix_bound_is_tight(prefix: str) -> None:
    hi = prefix_upper_bound(prefix)
    assert prefix < hi and (prefix + "zzzz") < hi and (prefix + "\uffff") < hi


@given(st.text(max_size=40))
def test_every_token_of_a_name_is_found_by_its_own_words(name: str) -> None:
    for token in name_tokens(name):
        assert token == fold_name(token)[:64].rstrip() or len(token) == 64


# ---- receipt content ---------------------------------------------------------------------------


def dossier(**over: object) -> Dossier:
    base = Dossier(
        id=uuid.uuid4(), code="H01.151.01-260715-0007", lookup_token="7Q4MK2PA",
        procedure_id=uuid.uuid4(), procedure_code="1.004873",
        procedure_name="Cấp Giấy xác nhận tình trạng hôn nhân", field_code="HT",
        applicant=PersonApplicant("Nguyễn Văn An", "001090012345", IdKind.CCCD,
                                  phone="+84912345678", email="an@example.vn",
                                  address="Số 5 phố Huế"),
        submitter=AuthorisedSubmitter("Trần Thị Cúc", "079195001234", IdKind.CCCD,
                                      authorisation_document="GUQ 12"),
        documents=(DossierDocument("Tờ khai", DocumentForm.ORIGINAL),
                   DossierDocument("Giấy tờ tùy thân", DocumentForm.SHOWN, received=False,
                                   from_database=True),
                   DossierDocument("Văn bản ủy quyền", DocumentForm.ORIGINAL, received=False)),
        sets_count=1, channel=Channel.IN_PERSON, return_place=ReturnPlace.COUNTER,
        return_address="",
        received_at=dt.datetime(2026, 7, 15, 7, 30, 41, tzinfo=UTC),  # 14:30 in Hà Nội
        appointment_at=dt.datetime(2026, 7, 20, 7, 30, tzinfo=UTC),
        status=DossierStatus.RECEIVED, officer_username="canbo1", counter_number=2,
        ledger_book="01", ledger_line=125, rule_versions="catalogue=2025-07-01;forms=2018",
    )
    return dc.replace(base, **over)  # type: ignore[arg-type]


PROC = Procedure(uuid.uuid4(), "1.004873", "", "Cấp Giấy xác nhận tình trạng hôn nhân", "HT",
                 ProcessingTime(TimeUnit.WORKING_DAYS, 3), {Channel.IN_PERSON: 0}, "", (),
                 dt.date(2025, 7, 1))


def test_receipt_content_fields() -> None:
    c = receipt_content(dossier(), Settings(), officer_name="Nguyễn Thị Lan", procedure=PROC)
    assert c.dossier_code == "H01.151.01-260715-0007" and c.lookup_token == "7Q4MK2PA"
    assert c.received_at == dt.datetime(2026, 7, 15, 14, 30)  # local, seconds dropped
    assert c.appointment_at == dt.datetime(2026, 7, 20, 14, 30)
    assert c.issued_on == dt.date(2026, 7, 15) and c.place == "Phường Mẫu"
    assert c.applicant.phone == "0912 345 678" and c.applicant.id_number == "001090012345"
    assert [(d.name, d.form_label) for d in c.documents] == [
        ("Tờ khai", "Bản chính"), ("Giấy tờ tùy thân", "Khai thác từ CSDL")]
    assert c.submitter is not None and c.submitter.authorisation_document == "GUQ 12"
    assert c.legal_time_label == "3 ngày làm việc" and c.fees_label == "Miễn phí"
    assert (c.ledger_book, c.ledger_line, c.document_number) == ("01", "125", "Số: 125/TN-TTPVHCC")
    assert c.form_set == "2018"  # the set stamped on the dossier, not today's setting
    assert c.procedure_name.endswith("(1.004873)") and c.officer_name == "Nguyễn Thị Lan"
    assert c.lookup_url == ("https://dichvucong.example.gov.vn/tra-cuu?"
                            "ma=H01.151.01-260715-0007&k=7Q4MK2PA")


def test_receipt_content_organisation_and_post() -> None:
    d = dossier(applicant=OrganisationApplicant("Công ty TNHH Mẫu", "0100109106"),
                submitter=None, return_place=ReturnPlace.POST, return_address="12 Lê Lợi",
                rule_versions="")
    c = receipt_content(d, Settings(), officer_name="X")
    assert c.applicant.kind.value == "organisation" and c.applicant.id_number == "0100109106"
    assert c.collect_at.endswith("địa chỉ: 12 Lê Lợi") and c.form_set == "2025"
    assert c.legal_time_label == "" and c.fees_label is None


def test_place_name_falls_back_to_province() -> None:
    s = Settings()
    assert place_name(s) == "Phường Mẫu"
    other = dc.replace(s, centre=dc.replace(s.centre, governing_body="SỞ TƯ PHÁP"))
    assert place_name(other) == "Tỉnh Mẫu"


def test_configured_place_wins() -> None:
    import dataclasses

    from counter_app.domain.settings import Settings

    s = Settings()
    s = dataclasses.replace(s, centre=dataclasses.replace(s.centre, place="Xã Định Mỹ"))
    assert place_name(s) == "Xã Định Mỹ"
