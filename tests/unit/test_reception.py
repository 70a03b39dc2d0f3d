"""Reception input: parsing, one message per bad field, documents, appointment, rule versions."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.applicants import OrganisationApplicant, PersonApplicant
from counter_app.domain.catalogue import (
    Channel,
    DocumentForm,
    Procedure,
    ProcessingTime,
    RequiredDocument,
    TimeUnit,
)
from counter_app.domain.clock import CalendarOverride, OverrideKind, WorkingCalendar
from counter_app.domain.dossier import ReturnPlace
from counter_app.domain.errors import ValidationError
from counter_app.domain.reception import DocumentTick, parse_reception
from counter_app.domain.reception_draft import (
    calendar_version,
    complete_draft,
    compute_appointment,
    merge_documents,
    rule_version,
)

TODAY = dt.date(2026, 7, 15)
D = dt.datetime
CARD = "001090012345|123456789|Nguyễn Văn An|15081990|Nam|Số 5 phố Huế, Hà Nội|01012022"


def person(**over: Any) -> dict[str, Any]:
    base = {"kind": "person", "full_name": "Nguyễn Văn An", "id_number": "001090012345",
            "date_of_birth": "15/08/1990", "sex": "Nam", "phone": "0912345678",
            "email": "an@example.vn", "address": "Số 5 phố Huế"}
    return {**base, **over}


def good(**over: Any) -> dict[str, Any]:
    base = {"procedure": {"code": "1.004873"}, "applicant": person(), "sets_count": 1,
            "channel": 1, "return": {"place": "counter"}}
    return {**base, **over}


def procedure(unit: TimeUnit = TimeUnit.WORKING_DAYS, amount: int = 3,
              effective: dt.date = dt.date(2025, 7, 1)) -> Procedure:
    return Procedure(
        id=uuid.uuid4(), code="1.004873", variant="", name="Cấp Giấy xác nhận tình trạng hôn nhân",
        field_code="HT", time=ProcessingTime(unit, amount), fees={Channel.IN_PERSON: 0},
        fee_note="", effective_from=effective,
        documents=(RequiredDocument("Tờ khai theo mẫu"),
                   RequiredDocument("Giấy tờ tùy thân", DocumentForm.SHOWN),
                   RequiredDocument("Văn bản ủy quyền (nếu có)")),
    )


def errors_of(data: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        parse_reception(data, today=TODAY)
    return info.value.errors


# ---- parsing -----------------------------------------------------------------------------------


def test_valid_person_input() -> None:
    r = parse_reception(good(), today=TODAY)
    assert isinstance(r.applicant, PersonApplicant)
    assert r.applicant.full_name == "Nguyễn Văn An" and r.applicant.phone == "+84912345678"
    assert r.procedure.code == "1.004873" and r.documents is None
    assert r.channel is Channel.IN_PERSON and r.return_place is ReturnPlace.COUNTER


def test_valid_organisation_with_submitter_and_post_return() -> None:
    data = good(applicant={"kind": "organisation", "name": "Công ty TNHH Mẫu",
                           "tax_code": "0100109106", "representative": "Lê Văn Bình"},
                submitter={"name": "Trần Thị Cúc", "id_number": "079195001234",
                           "authorisation_document": "Giấy ủy quyền số 12/GUQ"},
                channel="post", **{"return": {"place": "post", "address": "12 Lê Lợi"}})
    r = parse_reception(data, today=TODAY)
    assert isinstance(r.applicant, OrganisationApplicant) and r.applicant.tax_code == "0100109106"
    assert r.submitter is not None and r.submitter.name == "Trần Thị Cúc"
    assert r.channel is Channel.POST
    assert (r.return_place, r.return_address) == (ReturnPlace.POST, "12 Lê Lợi")


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    r = parse_reception(good(applicant=person(full_name=decomposed)), today=TODAY)
    assert isinstance(r.applicant, PersonApplicant) and r.applicant.full_name == "Nguyễn Văn An"


def test_every_bad_field_has_its_own_message() -> None:
    errors = errors_of({
        "procedure": {}, "applicant": person(full_name="X1", id_number="123", phone="12",
                                             email="a@", date_of_birth="31/02/1990"),
        "sets_count": 0, "channel": 9, "return": {"place": "post"},
        "appointment": {"at": "2026-07-20T10:00"}, "documents": [{"count": 0}], "colour": "red",
    })
    for key in ("procedure", "applicant.full_name", "applicant.phone", "applicant.email",
                "applicant.date_of_birth", "sets_count", "channel", "return.address",
                "appointment.reason", "documents[1].name", "documents[1].count", "colour"):
        assert key in errors, key
    assert all(isinstance(m, str) and m for m in errors.values())
    assert "bưu chính" in errors["return.address"] and "lý do" in errors["appointment.reason"]


def test_id_number_cross_checked_with_birth_year() -> None:
    errors = errors_of(good(applicant=person(date_of_birth="15/08/1991")))
    assert "năm sinh" in errors["applicant.id_number"]


def test_chip_card_qr_fills_person_and_typed_fields_win() -> None:
    r = parse_reception(good(applicant={"kind": "person", "chip_card_qr": CARD,
                                        "phone": "0912345678"}), today=TODAY)
    a = r.applicant
    assert isinstance(a, PersonApplicant)
    assert (a.full_name, a.id_number, a.date_of_birth) == ("Nguyễn Văn An", "001090012345",
                                                          dt.date(1990, 8, 15))
    assert a.address == "Số 5 phố Huế, Hà Nội"
    r2 = parse_reception(good(applicant={"kind": "person", "chip_card_qr": CARD,
                                         "address": "Địa chỉ mới"}), today=TODAY)
    assert isinstance(r2.applicant, PersonApplicant) and r2.applicant.address == "Địa chỉ mới"


def test_bad_chip_card_qr_is_reported_on_its_field() -> None:
    errors = errors_of(good(applicant={"kind": "person", "chip_card_qr": "not a card"}))
    assert "thẻ căn cước" in errors["applicant.chip_card_qr"]


def test_submitter_needs_authorisation_document() -> None:
    errors = errors_of(good(submitter={"name": "Trần Thị Cúc", "id_number": "079195001234"}))
    assert "ủy quyền" in errors["submitter.authorisation_document"]


def test_organisation_tax_code_checked() -> None:
    errors = errors_of(good(applicant={"kind": "organisation", "name": "Công ty A",
                                       "tax_code": "0100109107"}))
    assert "kiểm tra" in errors["applicant.tax_code"]


def test_wrong_types_are_messages_not_crashes() -> None:
    errors = errors_of({"procedure": "1.001193", "applicant": [], "sets_count": "two",
                        "channel": True, "documents": {"a": 1}, "return": "counter"})
    assert set(errors) >= {"procedure", "applicant", "sets_count", "channel", "documents",
                           "return"}
    assert errors_of([1, 2]) and errors_of(None)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=5),
    max_leaves=25,
)
FIELD = st.sampled_from(["procedure", "applicant", "submitter", "documents", "sets_count",
                         "channel", "return", "appointment", "notes"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(FIELD, JSON, max_size=9))
def test_fuzzed_input_never_crashes(data: dict[str, Any]) -> None:
    try:
        parse_reception(data, today=TODAY)
    except ValidationError as exc:
        assert exc.errors and all(isinstance(m, str) and m.strip() for m in exc.errors.values())


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["full_name", "id_number", "date_of_birth", "sex", "phone",
                                        "email", "address", "chip_card_qr"]),
                       st.text(max_size=40) | st.none(), max_size=8))
def test_fuzzed_person_fields_each_get_a_message(fields: dict[str, Any]) -> None:
    try:
        parse_reception(good(applicant={"kind": "person", **fields}), today=TODAY)
    except ValidationError as exc:
        assert all(k.startswith("applicant") for k in exc.errors)
        assert all(m.strip() for m in exc.errors.values())


# ---- documents ---------------------------------------------------------------------------------


def test_no_ticks_means_whole_checklist_received() -> None:
    docs = merge_documents(procedure(), None)
    assert [d.received for d in docs] == [True, True, True] and not any(d.extra for d in docs)


def test_ticks_by_number_and_by_name_and_free_items() -> None:
    ticks = (DocumentTick("", item=1), DocumentTick("giay to tuy than", received=False,
                                                     from_database=True),
             DocumentTick("Sổ hộ khẩu cũ", form=DocumentForm.COPY, count=2))
    docs = merge_documents(procedure(), ticks)
    assert [(d.received, d.from_database, d.extra) for d in docs] == [
        (True, False, False), (False, True, False), (False, False, False), (True, False, True)]
    assert docs[1].form is DocumentForm.SHOWN and docs[3].count == 2


def test_bad_ticks_are_reported() -> None:
    with pytest.raises(ValidationError) as info:
        merge_documents(procedure(), (DocumentTick("", item=7), DocumentTick("", item=1),
                                      DocumentTick("Tờ khai theo mẫu")))
    assert "documents[1].item" in info.value.errors and "documents[3]" in info.value.errors


# ---- appointment and draft ---------------------------------------------------------------------

CAL = WorkingCalendar(announced_through=2026)


def test_appointment_computed_by_the_calendar() -> None:
    # Wed 15/07/2026 14:30 + 3 working days: Wed 2.5 h, Thu 8, Fri 8 (18.5), Mon 07:30 + 5.5 h.
    a = compute_appointment(CAL, procedure(), D(2026, 7, 15, 14, 30))
    assert a.at == a.computed_at == D(2026, 7, 20, 14, 30) and not a.changed
    assert not a.provisional and a.label_vi() == "14 giờ 30 phút, ngày 20/07/2026"


def test_appointment_changed_only_with_reason_and_not_before_receipt() -> None:
    r = parse_reception(good(appointment={"at": "2026-07-21T09:00",
                                          "reason": "Cần xác minh tại nơi cư trú"}), today=TODAY)
    a = compute_appointment(CAL, procedure(), D(2026, 7, 15, 14, 30), r.appointment)
    assert a.changed and a.at == D(2026, 7, 21, 9) and a.computed_at == D(2026, 7, 20, 14, 30)
    assert a.reason == "Cần xác minh tại nơi cư trú"
    early = parse_reception(good(appointment={"at": "15/07/2026 08:00", "reason": "Lý do khác"}),
                            today=TODAY)
    with pytest.raises(ValidationError) as info:
        compute_appointment(CAL, procedure(), D(2026, 7, 15, 14, 30), early.appointment)
    assert "appointment.at" in info.value.errors


def test_appointment_over_an_unannounced_year_is_provisional() -> None:
    # Wed 03/02/2027 14:00 + 1 day; Tết estimate Thu 04 – Wed 10/02 → Thu 11/02 14:00 (dự kiến).
    a = compute_appointment(CAL, procedure(amount=1), D(2027, 2, 3, 14, 0))
    assert a.at == D(2027, 2, 11, 14, 0) and a.provisional
    assert a.label_vi().endswith("(dự kiến)")


def test_same_day_after_cutoff_goes_to_next_working_day() -> None:
    a = compute_appointment(CAL, procedure(TimeUnit.SAME_DAY, 0), D(2026, 7, 17, 15, 5))
    assert a.at == D(2026, 7, 20, 17, 0)


def test_draft_stamps_rule_versions_and_checks_documents_and_validity() -> None:
    data = parse_reception(good(), today=TODAY)
    draft = complete_draft(data, procedure(), D(2026, 7, 15, 9, 0), CAL,
                           versions={"forms": "2025", "code": "TT03-2025", "calendar": "x"})
    assert draft.rule_versions == "catalogue=2025-07-01;forms=2025;code=TT03-2025;calendar=x"
    assert rule_version(draft.rule_versions, "forms") == "2025"
    assert rule_version(draft.rule_versions, "missing", "d") == "d"
    none_received = parse_reception(good(documents=[{"item": 1, "received": False}]), today=TODAY)
    with pytest.raises(ValidationError) as info:
        complete_draft(none_received, procedure(), D(2026, 7, 15, 9, 0), CAL, versions={})
    assert "documents" in info.value.errors
    with pytest.raises(ValidationError) as info:
        complete_draft(data, procedure(effective=dt.date(2026, 8, 1)), D(2026, 7, 15, 9, 0), CAL,
                       versions={})
    assert "hiệu lực" in info.value.errors["procedure"]


def test_calendar_version_changes_with_overrides() -> None:
    plain = calendar_version([])
    off = CalendarOverride(dt.date(2026, 7, 15), OverrideKind.OFF)
    assert plain.startswith("holidays-") and "+ov-" not in plain
    assert calendar_version([off]) != plain
    assert calendar_version([off]) != calendar_version(
        [CalendarOverride(dt.date(2026, 7, 15), OverrideKind.WORK)])
