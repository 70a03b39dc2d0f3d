"""Dossier reception on SQLite and PostgreSQL: codes, sequences, one transaction, back-dating,
search, public lookup, calendar overrides and the receipt read back from its PDF."""

from __future__ import annotations

import dataclasses as dc
import datetime as dt
import io
import multiprocessing as mp
import re
import subprocess
import unicodedata
import uuid
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from counter_app.adapters.db.models import AuditRow
from counter_app.adapters.db.models_dossier import (
    DossierDocumentRow,
    DossierEventRow,
    DossierNameTokenRow,
    DossierRow,
    SequenceRow,
)
from counter_app.adapters.db.store import Store
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf
from counter_app.domain.clock import CalendarOverride, OverrideKind
from counter_app.domain.dossier import DossierStatus
from counter_app.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from counter_app.domain.reference import Officer
from counter_app.domain.settings import DossierSettings, QueueSettings, Settings
from counter_app.services.calendar import put_override
from counter_app.services.dossier_queries import (
    LOOKUP_REFUSED,
    LookupRefused,
    public_lookup,
    receipt_for,
    search_dossiers,
    show_dossier,
)
from counter_app.services.reception import receive_dossier
from tests.integration.dossier_workers import NOW, person_input, receive_many

S = Settings()


def officer(store: Store, username: str = "canbo1") -> Officer:
    with store.uow() as uow:
        found = uow.reference.officer_with_hash(username)
    assert found is not None
    return found[0]


def count(store: Store, model: Any) -> int:
    with store.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[attr-defined]


def receive(store: Store, data: dict[str, Any] | None = None, *, settings: Settings = S,
            now: dt.datetime = NOW, user: str = "canbo1", **kw: Any) -> Any:
    return receive_dossier(store.uow, settings, officer(store, user), data or person_input(),
                           now=now, **kw)


# ---- receive, code and sequences ---------------------------------------------------------------


def test_receive_stores_everything(store: Store) -> None:
    r = receive(store, counter_number=2)
    d = r.dossier
    assert re.fullmatch(r"H01\.151\.01-260715-0001", d.code)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", d.lookup_token)
    assert d.status is DossierStatus.RECEIVED and d.status.national_code == 2
    # Wed 09:00 + 3 working days → Mon 20/07 09:00 (02:00 UTC).
    assert d.appointment_at == dt.datetime(2026, 7, 20, 2, 0, tzinfo=dt.UTC)
    assert (d.ledger_book, d.ledger_line) == ("01", 1)
    assert d.rule_versions.startswith("catalogue=2025-07-01;forms=2025;code=TT03-2025;calendar=")
    view = show_dossier(store.uow, d.code, "tester")
    assert view.dossier == d and view.officer_name == "Nguyễn Thị Lan"
    assert [(e.action, e.national_code, e.officer_username, e.counter_number)
            for e in view.events] == [("receive", 2, "canbo1", 2)]
    assert view.events[0].detail["computed_appointment"] == "2026-07-20T09:00"
    assert count(store, DossierDocumentRow) == len(d.documents) == 2
    assert count(store, DossierNameTokenRow) == 3
    with store.uow() as uow:
        actions = list(uow.session.scalars(select(AuditRow.action)  # type: ignore[attr-defined]
                                           .where(AuditRow.subject == d.code)))
    assert sorted(actions) == ["dossier_receive", "dossier_view"]


def test_daily_sequence_per_agency_and_yearly_ledger(store: Store) -> None:
    codes = [receive(store).dossier for _ in range(3)]
    assert [d.code[-4:] for d in codes] == ["0001", "0002", "0003"]
    next_day = receive(store, now=NOW + dt.timedelta(days=1)).dossier
    assert next_day.code == "H01.151.01-260716-0001" and next_day.ledger_line == 4
    other = dc.replace(S, centre=dc.replace(S.centre, agency_code="H01.151"),
                       dossier=DossierSettings(code_sequence_width=5, code_system_infix="07"))
    d = receive(store, settings=other).dossier
    assert d.code == "H01.151-260715-0700001" and "code=TT04-2025" in d.rule_versions
    new_year = receive(store, now=dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)).dossier
    assert new_year.ledger_line == 1 and new_year.code.endswith("-270104-0001")


def test_codes_are_race_free_across_processes(store: Store, store_url: str) -> None:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    workers, each = 4, 8
    procs = [ctx.Process(target=receive_many, args=(store_url, "canbo1", each, start, out))
             for _ in range(workers)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    got = [item for chunk in results for item in chunk]
    assert len(got) == workers * each
    assert sorted(int(c[-4:]) for c, _ in got) == list(range(1, workers * each + 1))
    assert sorted(line for _, line in got) == list(range(1, workers * each + 1))


def test_failure_leaves_nothing_and_gives_numbers_back(store: Store) -> None:
    class FailingAudit:
        def record(self, *args: Any, **kwargs: Any) -> None:
            raise RuntimeError("disk full")

    class Wrapped:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __enter__(self) -> Any:
            uow = self.inner.__enter__()
            uow.__dict__["audit"] = FailingAudit()  # shadow the cached repository
            return uow

        def __exit__(self, *exc: Any) -> None:
            self.inner.__exit__(*exc)

    def failing_factory(*, immediate: bool = False) -> Any:
        return Wrapped(store.uow(immediate=immediate))

    with pytest.raises(RuntimeError):
        receive_dossier(failing_factory, S, officer(store), person_input(), now=NOW)  # type: ignore[arg-type]
    for model in (DossierRow, DossierDocumentRow, DossierEventRow, DossierNameTokenRow,
                  SequenceRow):
        assert count(store, model) == 0, model
    assert receive(store).dossier.code.endswith("-0001")


def test_invalid_input_allocates_no_number(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        receive(store, person_input(id_number="123"))
    assert "applicant.id_number" in info.value.errors
    with pytest.raises(ValidationError) as info:
        receive(store, person_input(code="9.999999"))
    assert "procedure" in info.value.errors
    with pytest.raises(ValidationError) as info:
        receive(store, person_input(code="1.000894"))  # two variants: must say which
    assert "procedure.variant" in info.value.errors
    with pytest.raises(NotFound):
        receive(store, counter_number=99)
    with pytest.raises(NotFound):
        receive(store, ticket_id=uuid.uuid4())
    assert count(store, DossierRow) == 0 and count(store, SequenceRow) == 0


def test_unknown_procedure_reported_with_the_other_errors(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        receive(store, person_input(code="9.999999", id_number="123"))
    assert {"procedure", "applicant.id_number"} <= set(info.value.errors)
    assert str(info.value.message).startswith("Dữ liệu không hợp lệ — procedure:")
    with pytest.raises(ValidationError) as info:
        receive(store, person_input(code="1.000894", id_number="123"))
    assert {"procedure.variant", "applicant.id_number"} <= set(info.value.errors)
    with pytest.raises(ValidationError) as info:  # a tick the checklist lacks, same report
        receive(store, person_input(id_number="123", documents=[{"item": 9}]))
    assert {"applicant.id_number", "documents[1].item"} <= set(info.value.errors)
    data = person_input(code="1.013980")  # one variant: none needed, prefix accepted
    assert receive(store, data).procedure.variant.startswith("Chuyển nhượng")
    data["procedure"]["variant"] = "chuyen nhuong"
    assert receive(store, data).procedure.variant.startswith("Chuyển nhượng")


def test_land_registration_gets_the_tax_notice_and_the_result(store: Store) -> None:
    d = receive(store, person_input(code="1.013980")).dossier
    # Wed 15/07 09:00 + 5 working days → Wed 22/07 09:00; + 10 → Wed 29/07 09:00 (02:00 UTC)
    assert [(m.label, m.at) for m in d.milestones] == [
        ("Thông báo nộp nghĩa vụ tài chính (thuế, lệ phí trước bạ)",
         dt.datetime(2026, 7, 22, 2, 0, tzinfo=dt.UTC))]
    assert d.appointment_at == dt.datetime(2026, 7, 29, 2, 0, tzinfo=dt.UTC)
    assert show_dossier(store.uow, d.code, "tester").dossier.milestones == d.milestones
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(
        render_receipt_pdf(receipt_for(store.uow, S, d.code, "tester")))).pages)
    assert ("5. Thời gian trả kết quả giải quyết hồ sơ: - Thông báo nộp nghĩa vụ tài chính (thuế,"
            " lệ phí trước bạ): 09 giờ 00 phút, ngày 22 tháng 7 năm 2026 - Kết quả giải quyết hồ"
            " sơ: 09 giờ 00 phút, ngày 29 tháng 7 năm 2026") in text
    plain = receive(store).dossier  # a procedure without milestones: one appointment
    assert plain.milestones == ()


def test_variant_and_documents_and_appointment_change(store: Store) -> None:
    data = person_input(code="1.000894")
    data["procedure"]["variant"] = "cần xác minh"
    data["documents"] = [{"item": 1}, {"item": 2, "received": False, "from_database": True},
                         {"name": "Bản sao sổ hộ khẩu cũ", "form": "copy", "count": 2}]
    data["appointment"] = {"at": "2026-07-23T16:00", "reason": "Hẹn theo đề nghị của công dân"}
    d = receive(store, data).dossier
    assert d.procedure_name == "Đăng ký kết hôn — Cần xác minh"
    assert [(x.received, x.from_database, x.extra) for x in d.documents] == [
        (True, False, False), (False, True, False), (False, False, False), (False, False, False),
        (True, False, True)]
    assert d.appointment_at == dt.datetime(2026, 7, 23, 9, 0, tzinfo=dt.UTC)
    assert d.appointment_reason == "Hẹn theo đề nghị của công dân"
    event = show_dossier(store.uow, d.code, "t").events[0]
    assert event.detail["appointment_changed"] is True and event.reason == d.appointment_reason
    assert event.detail["computed_appointment"] == "2026-07-22T09:00"


def test_dossier_links_the_ticket_being_served(store: Store) -> None:
    from counter_app.services.queue import QueueEngine

    q = QueueEngine(store.uow, Settings(queue=QueueSettings(kiosk_opens=dt.time(0),
                                                            kiosk_closes=dt.time(0))))
    issued = q.issue_ticket("HT")
    q.open_counter_session(1, officer(store))
    called = q.call_next(1, officer(store))
    assert called.id == issued.id
    d = receive(store, counter_number=1, ticket_id=called.id).dossier
    assert d.ticket_id == called.id
    assert show_dossier(store.uow, d.code, "t").events[0].detail["ticket_id"] == str(called.id)


# ---- back-dating ----------------------------------------------------------------------------------


def test_back_dating_is_for_supervisors_and_recorded(store: Store) -> None:
    paper = dt.datetime(2026, 7, 14, 8, 15, tzinfo=dt.UTC)  # Tue 15:15 local, during an outage
    with pytest.raises(PermissionDenied):
        receive(store, received_at=paper)
    with pytest.raises(DomainError, match="sau thời điểm hiện tại"):
        receive(store, user="giamsat", received_at=NOW + dt.timedelta(hours=1))
    d = receive(store, user="giamsat", received_at=paper).dossier
    assert d.backdated and d.received_at == paper and d.code == "H01.151.01-260714-0001"
    event = show_dossier(store.uow, d.code, "t").events[0]
    assert event.at == paper and event.detail["backdated"] is True
    assert event.detail["entered_at"].startswith("2026-07-15T02:00")
    with store.uow() as uow:
        action = uow.session.scalar(select(AuditRow.action)  # type: ignore[attr-defined]
                                    .where(AuditRow.subject == d.code))
    assert action == "dossier_receive_backdated"


# ---- search ----------------------------------------------------------------------------------------


def test_search_by_code_name_and_id(store: Store) -> None:
    a = receive(store, person_input("Nguyễn Văn An")).dossier
    b = receive(store, person_input("Nguyễn Văn Anh", "001090054321")).dossier
    org = person_input() | {"applicant": {"kind": "organisation", "tax_code": "0100109106",
                                          "name": "Công ty TNHH Đức Thành"}}
    c = receive(store, org).dossier

    def codes(text: str) -> list[str]:
        return sorted(s.code for s in search_dossiers(store.uow, S, text))

    assert codes(a.code) == [a.code]
    assert codes(a.code.lower()) == [a.code]
    assert codes("260715-0002") == [b.code]
    assert codes("H01.151.01-260715") == sorted([a.code, b.code, c.code])
    assert codes("nguyen van an") == sorted([a.code, b.code])  # "an" is a prefix of "anh"
    assert codes("NGUYỄN VĂN ANH") == [b.code]
    assert codes("van a") == sorted([a.code, b.code])
    assert codes("duc thanh") == [c.code] and codes("cong ty") == [c.code]
    assert codes("001090054321") == [b.code] and codes("0100109106") == [c.code]
    assert codes("le van") == [] and codes("   ") == []


# ---- public lookup ------------------------------------------------------------------------------


def test_public_lookup_shows_only_what_a_citizen_may_see(store: Store) -> None:
    d = receive(store).dossier
    s = public_lookup(store.uow, S, d.code.lower(), " " + d.lookup_token.lower() + " ")
    assert s.applicant_masked == "Ng***n V** A"
    assert s.status_label == "Đã tiếp nhận hồ sơ" and s.receiving_unit == S.centre.name
    assert (s.received_at, s.appointment_at) == (d.received_at, d.appointment_at)
    assert s.last_step_at == d.received_at
    shown = " ".join(str(v) for v in dc.asdict(s).values())
    for secret in ("001090012345", "0912345678", "+84912345678", "Nguyễn Văn An", "phố Huế",
                   d.lookup_token):
        assert secret not in shown
    for code, token in ((d.code, "ZZZZZZZZ"), (d.code, ""), ("H01.151.01-260715-0999", "X"),
                        ("", d.lookup_token), ("garbage", d.lookup_token)):
        with pytest.raises(LookupRefused) as info:
            public_lookup(store.uow, S, code, token)
        assert info.value.message == LOOKUP_REFUSED
    with store.uow() as uow:
        logged = list(uow.session.scalars(select(AuditRow.detail)  # type: ignore[attr-defined]
                                          .where(AuditRow.action == "public_lookup")))
    assert logged.count("ok") == 1 and logged.count("refused") == 5


# ---- calendar overrides -------------------------------------------------------------------------


def test_calendar_override_changes_the_appointment_and_its_stamp(store: Store) -> None:
    before = receive(store).dossier
    day_off = CalendarOverride(dt.date(2026, 7, 16), OverrideKind.OFF, "Nghỉ theo QĐ của tỉnh",
                               "QĐ 12/QĐ-UBND")
    with pytest.raises(PermissionDenied):
        put_override(store.uow, officer(store), day_off)
    put_override(store.uow, officer(store, "giamsat"), day_off)
    after = receive(store).dossier
    assert after.appointment_at - before.appointment_at == dt.timedelta(days=1)  # Tue 21/07
    assert after.rule_versions != before.rule_versions and "+ov-" in after.rule_versions


# ---- receipt ---------------------------------------------------------------------------------------


def test_receipt_of_a_received_dossier_reads_back_with_a_clean_qr(store: Store) -> None:
    data = person_input()
    data["submitter"] = {"name": "Trần Thị Cúc", "id_number": "079195001234",
                         "phone": "0987654321", "authorisation_document": "Giấy ủy quyền số 7"}
    d = receive(store, data, counter_number=2).dossier
    content = receipt_for(store.uow, S, d.code, "tester")
    pdf = render_receipt_pdf(content, copies=2)
    pages = [" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
             for p in PdfReader(io.BytesIO(pdf)).pages]
    first = next(p for p in pages if "Liên 1" in p)
    assert any("Liên 2" in p for p in pages)
    for text in (d.code, d.lookup_token, "Nguyễn Văn An", "001090012345", "0912 345 678",
                 "an@example.vn", "Trần Thị Cúc", "Giấy ủy quyền số 7",
                 "Cấp Giấy xác nhận tình trạng hôn nhân (1.004873)", "3 ngày làm việc",
                 "09 giờ 00 phút, ngày 15 tháng 7 năm 2026",
                 "09 giờ 00 phút, ngày 20 tháng 7 năm 2026", "Quyển số: 01", "Số thứ tự: 1",
                 "Nguyễn Thị Lan", "Phường Mẫu, ngày 15 tháng 7 năm 2026", "01 bộ"):
        assert text in first, text
    png = subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                          "-"], input=pdf, capture_output=True, check=True).stdout
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [b.text for b in found] == [
        f"https://dichvucong.example.gov.vn/tra-cuu?ma={d.code}&k={d.lookup_token}"]
    for secret in ("001090012345", "0912345678", "Nguyen", "Nguyễn", "079195001234", "Cúc"):
        assert secret not in found[0].text
