"""Full dossier lives on SQLite and PostgreSQL: every step in one transaction with its history
row, the clock pause, extensions, roles, worklists, the forms read back from their PDFs, the
ledger, ratings (one per service event) and the kiosk lookup with its slow-down and log."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

from counter_app.adapters.db.repositories import lifecycle as lifecycle_repo
from counter_app.adapters.db.store import Store
from counter_app.adapters.ledger_xlsx import render_ledger_xlsx
from counter_app.adapters.printing.control_sheet_pdf import render_control_sheet_pdf
from counter_app.adapters.printing.forms_pdf import (
    render_apology_pdf,
    render_refusal_pdf,
    render_stop_notice_pdf,
    render_supplement_pdf,
)
from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf
from counter_app.adapters.printing.return_slip_pdf import render_return_slip_pdf
from counter_app.domain.dossier import DossierStatus, SubState
from counter_app.domain.dossier_code import lookup_url
from counter_app.domain.errors import DomainError, IllegalTransition, PermissionDenied
from counter_app.domain.lifecycle import LifecycleState
from counter_app.domain.lifecycle_commands import (
    Collector,
    CollectorKind,
    Delay,
    Ready,
    Refuse,
    RequestSupplement,
    RequestWithdrawal,
    Resume,
    Return,
    Stop,
    Transfer,
)
from counter_app.domain.ratings import RatedEvent
from counter_app.domain.reference import Officer
from counter_app.domain.scan_input import ScanInputError
from counter_app.domain.settings import Settings
from counter_app.services.dossier_queries import LookupRefused
from counter_app.services.kiosk_lookup import KioskLookup, LookupThrottled, ThrottlePolicy
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.lifecycle_documents import form_content, ledger_content
from counter_app.services.ratings import AlreadyRated, RatingService
from counter_app.services.reception import receive_dossier
from counter_app.services.worklists import Worklist, Worklists
from tests.integration.dossier_workers import NOW, person_input
from tests.integration.queue_helpers import Clock

S = Settings()
H = dt.timedelta(hours=1)
SUPPLEMENT = RequestSupplement(("Bản sao Giấy chứng nhận kết hôn của cha mẹ",),
                               "Thiếu giấy tờ chứng minh quan hệ cha mẹ", "Lê Thị Thu Hà",
                               "0243 123 4567", "Công chức Tư pháp - Hộ tịch")


def officer(store: Store, username: str = "canbo1") -> Officer:
    with store.uow() as uow:
        found = uow.reference.officer_with_hash(username)
    assert found is not None
    return found[0]


def local(h: int, m: int = 0, day: int = 15) -> dt.datetime:
    """UTC moment of a Hà Nội wall-clock time in July 2026 (15 = Wednesday)."""
    return dt.datetime(2026, 7, day, h - 7, m, tzinfo=dt.UTC)


def receive(store: Store, **kw: Any) -> Any:
    return receive_dossier(store.uow, S, officer(store), person_input(**kw), counter_number=2,
                           now=NOW).dossier


def text(pdf: bytes) -> str:
    return " ".join(" ".join(unicodedata.normalize("NFC", p.extract_text()).split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)


def events(store: Store, code: str) -> list[Any]:
    with store.uow() as uow:
        d = uow.dossiers.by_code(code)
        return uow.dossiers.events(d.id)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def life(store: Store, clock: Clock) -> DossierLifecycle:
    return DossierLifecycle(store.uow, S, now=clock)


def test_sent_supplement_resumed_finished_returned(store: Store, life: DossierLifecycle,
                                                   clock: Clock) -> None:
    d = receive(store)
    assert d.appointment_at == local(9, day=20)  # Wed 09:00 + 3 working days = Mon 09:00
    me = officer(store)
    clock.t = local(10)
    r = life.act(me, d.code.lower(), Transfer("Công chức Tư pháp - Hộ tịch", "Trần Minh Đức",
                                              "Công an phường"), counter_number=2)
    assert (r.status, r.status.national_code) == (DossierStatus.PROCESSING, 4)
    clock.t = local(9, day=16)
    r = life.act(me, d.code, SUPPLEMENT, counter_number=2)
    assert r.status.national_code == 5 and r.document_number == 1
    _d, state, allowed = life.state(d.code)
    assert state.paused_since == local(9, day=16) and state.supplement_count == 1
    assert [a.value for a in allowed] == ["resume", "request_withdrawal"]
    clock.t = local(14, day=17)  # paused Thu 09:00 → Fri 14:00 = 6 h 30 + 5 h of working time
    r = life.act(me, d.code, Resume("Đã nhận bản sao giấy chứng nhận kết hôn"))
    assert r.appointment_at == local(14, day=21)  # Mon 09:00 + 11 h 30 → Tue 14:00
    clock.t = local(10, day=21)
    r = life.act(me, d.code, Ready("Giấy khai sinh bản chính", "Trần Minh Đức"))
    assert r.status is DossierStatus.FINISHED and r.warnings == ()
    _d, state, _a = life.state(d.code)
    assert state.sub_state is SubState.AWAITING_RETURN and state.finished_at == local(10, day=21)
    clock.t = local(15, day=21)
    r = life.act(me, d.code, Return(Collector(CollectorKind.AUTHORISED, "Trần Văn Bình",
                                              "001085067890", "Giấy ủy quyền số 12"),
                                    fees_collected=8000), counter_number=3)
    assert r.status.national_code == 10 and r.rating_target is not None
    history = events(store, d.code)
    assert [(e.action, e.national_code) for e in history] == [
        ("receive", 2), ("transfer", 4), ("request_supplement", 5), ("resume", 4),
        ("ready", 9), ("return", 10)]
    assert [e.counter_number for e in history] == [2, 2, 2, None, None, 3]
    assert all(e.officer_username == "canbo1" for e in history)
    assert history[3].detail["paused_working_minutes"] == 690
    with pytest.raises(IllegalTransition, match="Đã trả kết quả"):
        life.act(me, d.code, Ready())
    # forms read back
    f02 = text(render_supplement_pdf(form_content(store.uow, S, d.code, "02", "canbo1")))
    for needle in ("PHIẾU YÊU CẦU BỔ SUNG", "Số: 01/PBS-TTPVHCC", d.code, "Nguyễn Văn An",
                   SUPPLEMENT.items[0], SUPPLEMENT.why, "0243 123 4567", "Nguyễn Thị Lan",
                   "ngày 16 tháng 7 năm 2026"):
        assert needle in f02, needle
    f06 = text(render_control_sheet_pdf(form_content(store.uow, S, d.code, "06", "canbo1")))
    for needle in ("Công chức Tư pháp - Hộ tịch", "Công an phường", "Trần Minh Đức",
                   "10 giờ 00 phút, ngày 15/07/2026", "Yêu cầu bổ sung (Mẫu 02)",
                   "Hồ sơ đã bổ sung", "Có kết quả", "Người được ủy quyền", "Trần Văn Bình",
                   "Hẹn trả kết quả vào: 14 giờ 00 phút, ngày 21/07/2026", "Trước hạn",
                   "Tình trạng giải quyết hồ sơ: Đúng hạn"):
        assert needle in f06, needle
    slip = text(render_return_slip_pdf(form_content(store.uow, S, d.code, "return", "canbo1")))
    for needle in ("PHIẾU TRẢ KẾT QUẢ", "Trần Văn Bình (Người được ủy quyền)", "001085067890",
                   "Giấy ủy quyền số 12", "8.000 đ", "Giấy khai sinh bản chính",
                   "15 giờ 00 phút, ngày 21/07/2026", "Tình trạng giải quyết: Đúng hạn"):
        assert needle in slip, needle


def test_received_then_refused(store: Store, life: DossierLifecycle, clock: Clock) -> None:
    d = receive(store)
    clock.t = local(9, 30)
    r = life.act(officer(store), d.code, Refuse(("Không thuộc thẩm quyền của phường",
                                                 "Thiếu chữ ký của người yêu cầu")))
    assert r.status.national_code == 3
    f03 = text(render_refusal_pdf(form_content(store.uow, S, d.code, "03", "canbo1")))
    for needle in ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Số: 01/PTC-TTPVHCC",
                   "Ông (Bà): Nguyễn Văn An", "Số định danh cá nhân: 001090012345",
                   "0912 345 678", "an@example.vn", d.code, "1. Không thuộc thẩm quyền của phường",
                   "2. Thiếu chữ ký của người yêu cầu", "Nguyễn Thị Lan"):
        assert needle in f03, needle
    with pytest.raises(DomainError, match="chưa có yêu cầu bổ sung"):
        form_content(store.uow, S, d.code, "02", "canbo1")


def test_delayed_with_apology_then_finished_and_returned(store: Store, life: DossierLifecycle,
                                                         clock: Clock) -> None:
    d = receive(store)
    me, head = officer(store), officer(store, "giamsat")
    life.act(me, d.code, Transfer("Phòng Tài nguyên và Môi trường"))
    wl = Worklists(store.uow, S, now=clock)
    clock.t = local(10, day=17)  # Friday: due Monday 09:00, within one working day
    assert wl.counts()[Worklist.DUE_NEXT_DAY] == 1
    [row] = wl.rows(Worklist.DUE_NEXT_DAY)
    assert row.code == d.code and row.warn and not row.overdue
    with pytest.raises(PermissionDenied):
        life.act(me, d.code, Delay("Cần xác minh thực địa", local(16, day=23)))
    r = life.act(head, d.code, Delay("Cần xác minh thực địa", local(16, day=23)))
    assert r.document_number == 1 and len(r.warnings) == 1  # under one working day's notice
    _d, state, _a = life.state(d.code)
    assert state.appointment_at == local(16, day=23)
    assert state.original_appointment_at == local(9, day=20)
    [row] = wl.rows(Worklist.DUE_NEXT_DAY) or [None]
    assert row is None or row.code != d.code
    f04 = text(render_apology_pdf(form_content(store.uow, S, d.code, "04", "giamsat")))
    for needle in ("PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Số: 01/PXL-TTPVHCC",
                   "Kính gửi: Ông (Bà) Nguyễn Văn An", d.code, "số định danh cá nhân: 001090012345",
                   "09 giờ 00 phút, ngày 20 tháng 7 năm 2026", "Lý do: Cần xác minh thực địa",
                   "16 giờ 00 phút, ngày 23 tháng 7 năm 2026", "Lê Hoàng Nam"):
        assert needle in f04, needle
    clock.t = local(10, day=22)
    r = life.act(me, d.code, Ready())
    assert r.warnings and "quá hạn" in r.warnings[0]
    assert wl.counts()[Worklist.READY_TO_RETURN] == 1
    clock.t = local(11, day=22)
    life.act(me, d.code, Return(Collector(CollectorKind.APPLICANT)))
    slip = form_content(store.uow, S, d.code, "return", "canbo1")
    assert slip.timeliness == "Quá hạn" and slip.collector_name == "Nguyễn Văn An"  # type: ignore[union-attr]
    sheet = form_content(store.uow, S, d.code, "06", "canbo1")
    assert sheet.original_appointment_at == dt.datetime(2026, 7, 20, 9)  # type: ignore[union-attr]


def test_stop_requested_then_stopped(store: Store, life: DossierLifecycle, clock: Clock) -> None:
    d = receive(store)
    clock.t = local(11)
    life.act(officer(store), d.code, RequestWithdrawal("Không còn nhu cầu"))
    clock.t = local(14)
    with pytest.raises(PermissionDenied):
        life.act(officer(store), d.code, Stop("Theo đề nghị của người nộp hồ sơ"))
    r = life.act(officer(store, "giamsat"), d.code, Stop("Theo đề nghị của người nộp hồ sơ"))
    assert (r.status, r.status.national_code) == (DossierStatus.STOPPED, 8)
    f05 = text(render_stop_notice_pdf(form_content(store.uow, S, d.code, "05", "giamsat")))
    for needle in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Số: 01/TB-TTPVHCC", d.code,
                   "đề nghị dừng giải quyết, rút hồ sơ", "ngày 15/07/2026",
                   "Lý do: Theo đề nghị của người nộp hồ sơ", "09 giờ 00 phút, ngày 15 tháng 7"):
        assert needle in f05, needle
    _d, state, allowed = life.state(d.code)
    assert allowed == [] and state.closed_at == local(14)


def test_compare_and_set_refuses_a_stale_state(store: Store) -> None:
    d = receive(store)
    with store.uow() as uow:
        state = uow.lifecycle.state(d.id)
        after = LifecycleState(DossierStatus.PROCESSING, state.received_at, state.appointment_at)
        assert uow.lifecycle.save_state(d.id, state, after)
        assert not uow.lifecycle.save_state(d.id, state, after)  # status changed meanwhile
        uow.commit()


def test_worklists_overdue_and_waiting(store: Store, life: DossierLifecycle, clock: Clock) -> None:
    a, b = receive(store), receive(store, name="Trần Văn Bích", id_number="001090067890")
    wl = Worklists(store.uow, S, now=clock)
    clock.t = local(10)
    life.act(officer(store), b.code, SUPPLEMENT)
    clock.t = local(10, day=21)
    counts = wl.counts()
    assert counts[Worklist.OVERDUE] == 1 and counts[Worklist.WAITING_APPLICANT] == 1
    [row] = wl.rows(Worklist.OVERDUE)
    assert row.code == a.code and row.overdue and row.status_label == "Đã tiếp nhận hồ sơ"
    assert [r.code for r in wl.rows("waiting_applicant")] == [b.code]
    assert wl.counts(field_code="XX")[Worklist.OVERDUE] == 0


def test_ledger_lists_the_range_with_transfer_and_return(store: Store, life: DossierLifecycle,
                                                         clock: Clock) -> None:
    d = receive(store)
    receive(store, name="Trần Văn Bích", id_number="001090067890")
    life.act(officer(store), d.code, Transfer("Phòng Tư pháp"))
    clock.t = local(10, day=16)
    life.act(officer(store), d.code, Ready())
    clock.t = local(11, day=16)
    life.act(officer(store), d.code, Return(postal_tracking="EE123456789VN"))
    content = ledger_content(store.uow, S, dt.date(2026, 7, 15), dt.date(2026, 7, 15), None,
                             "giamsat")
    assert [r.dossier_code for r in content.rows] == [d.code, d.code[:-1] + "2"]
    first = content.rows[0]
    assert first.processing_body == "Phòng Tư pháp" and first.return_method == "Qua dịch vụ bưu chính"
    assert first.returned_at == dt.datetime(2026, 7, 16, 11) and "0912 345 678" in first.address_phone
    pdf = text(render_ledger_pdf(content))
    assert d.code in pdf and "Phòng Tư pháp" in pdf and "11:00 16/07/2026" in pdf
    assert render_ledger_xlsx(content)[:2] == b"PK"
    assert ledger_content(store.uow, S, dt.date(2026, 7, 16), dt.date(2026, 7, 31), None,
                          "giamsat").rows == ()


def test_ledger_reads_in_chunks_keeping_order_and_events(store: Store, life: DossierLifecycle,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle_repo, "LEDGER_CHUNK", 2)  # 5 dossiers: chunks of 2, 2, 1
    names = ["Nguyễn Văn An", "Trần Văn Bích", "Lê Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Én"]
    codes = [receive(store, name=n, id_number=f"00109006789{i}").code
             for i, n in enumerate(names)]
    for code in (codes[1], codes[2], codes[4]):  # events on both sides of the chunk boundaries
        life.act(officer(store), code, Transfer(f"Phòng {code[-1]}"))
    content = ledger_content(store.uow, S, dt.date(2026, 7, 15), dt.date(2026, 7, 15), None,
                             "giamsat")
    assert [(r.number, r.dossier_code, r.applicant_name) for r in content.rows] == [
        (i, c, n) for i, (c, n) in enumerate(zip(codes, names, strict=True), 1)]
    assert [r.processing_body for r in content.rows] == [
        "", f"Phòng {codes[1][-1]}", f"Phòng {codes[2][-1]}", "", f"Phòng {codes[4][-1]}"]


def test_ratings_one_per_service_event(store: Store, life: DossierLifecycle, clock: Clock) -> None:
    d = receive(store)
    ratings = RatingService(store.uow, now=clock)
    with pytest.raises(DomainError, match="sau khi đã trả kết quả"):
        ratings.submit(RatedEvent.DOSSIER_RETURN, d.id, "satisfied")
    life.act(officer(store), d.code, Ready())
    result = life.act(officer(store), d.code, Return(Collector(CollectorKind.APPLICANT)),
                      counter_number=4)
    target = result.rating_target
    assert target is not None and ratings.target_for_dossier(d.code).key == target.key
    r = ratings.submit(target.kind, target.subject_id, "dissatisfied", "Trả kết quả chậm")
    assert (r.negative, r.target.counter_number, r.target.officer_username) == (True, 4, "canbo1")
    with pytest.raises(AlreadyRated):
        ratings.submit(target.kind, target.subject_id, "very_satisfied")
    with pytest.raises(AlreadyRated):
        ratings.target_for_dossier(d.code)
    summary = ratings.summary(NOW - H, clock() + H)
    assert summary.total == 1 and summary.by_level == {"Không hài lòng": 1}
    assert summary.by_counter == {4: (1, 1)} and summary.negative_share == 1.0


def test_ticket_rating_needs_a_finished_ticket(store: Store, clock: Clock) -> None:
    from tests.integration.queue_helpers import engine, login

    clock.t = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    q = engine(store, clock)
    me = login(store, "canbo1")
    ticket = q.issue_ticket("HT")
    q.open_counter_session(1, me)
    called = q.call_next(1, me)
    ratings = RatingService(store.uow, now=clock)
    with pytest.raises(DomainError, match="phục vụ xong"):
        ratings.target_for_ticket(called.id)
    q.finish(called.id, me)
    target = ratings.target_for_ticket(called.id)
    assert target.counter_number == 1 and target.officer_username == "canbo1"
    assert target.label == f"Phiếu {ticket.display_number}" and target.field_code
    ratings.submit(RatedEvent.TICKET, called.id, "very_satisfied")
    with pytest.raises(AlreadyRated):
        ratings.submit(RatedEvent.TICKET, called.id, "satisfied")


def test_kiosk_lookup_scans_logs_and_slows_down(store: Store, life: DossierLifecycle,
                                                clock: Clock) -> None:
    d = receive(store)
    clock.t = local(10)
    life.act(officer(store), d.code, SUPPLEMENT)
    kiosk = KioskLookup(store.uow, S, "kiosk-1", now=clock,
                        policy=ThrottlePolicy(free_failures=2, first_wait_s=10))
    found = kiosk.lookup(lookup_url(S.lookup_url_template, d.code, d.lookup_token) + "\r\n")
    assert found.public.applicant_masked == "Ng***n V** A"
    assert found.public.status is DossierStatus.SUPPLEMENT_REQUESTED
    assert found.supplement_items == SUPPLEMENT.items and "0243 123 4567" in found.supplement_contact
    assert kiosk.lookup(f"{d.code} {d.lookup_token.lower()}").public.code == d.code
    with pytest.raises(ScanInputError):
        kiosk.lookup("javascript:alert(1)")
    wrong = f"{d.code} {'Z' * 8}"
    for _ in range(2):
        with pytest.raises(LookupRefused):
            kiosk.lookup(wrong)
    with pytest.raises(LookupThrottled) as info:
        kiosk.lookup(wrong)
    assert info.value.seconds == 10
    with pytest.raises(LookupThrottled):  # even the right token must wait now
        kiosk.lookup(f"{d.code} {d.lookup_token}")
    other = KioskLookup(store.uow, S, "kiosk-2", now=clock)
    assert other.lookup(f"{d.code} {d.lookup_token}").public.code == d.code
    clock.advance(seconds=11)
    assert kiosk.lookup(f"{d.code} {d.lookup_token}").public.code == d.code
    with pytest.raises(LookupThrottled) as info:
        kiosk.lookup(wrong)
    assert info.value.seconds == 20  # doubles within the window
    clock.advance(minutes=30)  # the window has passed: free tries again
    with pytest.raises(LookupRefused):
        kiosk.lookup(wrong)
    with store.uow() as uow:
        log = uow.lifecycle.lookups(NOW - H)
    outcomes = sorted(e.outcome for e in log)  # several share one instant of the test clock
    assert outcomes == sorted(["found", "found", "malformed", "refused", "refused", "refused",
                               "throttled", "found", "found", "refused", "refused"])
    assert {e.source for e in log} == {"kiosk:kiosk-1", "kiosk:kiosk-2"}
    assert all(d.lookup_token not in (e.code + e.reason) for e in log)
