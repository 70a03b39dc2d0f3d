"""The dossier lifecycle machine: legal and illegal transitions, the clock pause, extensions,
the QĐ 766 on-time rules and the deadline warning; a hypothesis state machine walks random lives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.dossier import DossierStatus, ReturnPlace, SubState
from counter_app.domain.errors import DomainError, IllegalTransition, ValidationError
from counter_app.domain.lifecycle import (
    ALLOWED_FROM,
    FINAL_STATUSES,
    FLAG_AFTER_DEADLINE,
    FLAG_LATE,
    FLAG_SECOND_SUPPLEMENT,
    FLAG_SHORT_NOTICE,
    LifecycleState,
    Timeliness,
    allowed_actions,
    apply,
    classify,
    deadline_warning,
    is_overdue,
    processing_end,
    timeliness,
)
from counter_app.domain.lifecycle_commands import (
    CancelWithdrawal,
    Collector,
    CollectorKind,
    Delay,
    FinancialDone,
    LifecycleAction,
    LifecycleCommand,
    Ready,
    Refuse,
    RequestFinancial,
    RequestSupplement,
    RequestWithdrawal,
    Resume,
    Return,
    Stop,
    Transfer,
    Withdraw,
    action_label,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar(announced_through=2026)
S = DossierStatus


def at(day: int, hour: int, minute: int = 0, month: int = 7) -> dt.datetime:
    """A local time in July 2026 (Mon 13, Tue 14, Wed 15, Thu 16, Fri 17, Mon 20)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def fresh(**kw: object) -> LifecycleState:
    base = dict(status=S.RECEIVED, received_at=at(13, 9), appointment_at=at(16, 9))
    base.update(kw)
    return LifecycleState(**base)  # type: ignore[arg-type]


def step(state: LifecycleState, command: LifecycleCommand, moment: dt.datetime) -> LifecycleState:
    return apply(state, command, moment, calendar=CAL, tz=TZ).after


SUPPLEMENT = RequestSupplement(("Bản sao giấy chứng sinh có chứng thực",), "Thiếu giấy chứng sinh",
                               "Lê Thị Thu Hà", "0243 123 456")
APPLICANT = Collector(CollectorKind.APPLICANT)


# --- full lives -------------------------------------------------------------------------------

def test_life_sent_supplement_resumed_finished_returned_with_the_clock_paused() -> None:
    s = step(fresh(), Transfer("Phòng Văn hóa - Xã hội", "Nguyễn Văn Bình"), at(13, 10))
    assert (s.status, s.sub_state, s.national_code) == (S.PROCESSING, SubState.SENT_TO_BODY, 4)
    s = step(s, SUPPLEMENT, at(14, 9))
    assert (s.status, s.national_code, s.paused_since, s.supplement_count) == (
        S.SUPPLEMENT_REQUESTED, 5, at(14, 9), 1)
    assert is_overdue(s, at(30, 9)) is False  # a paused dossier is never overdue
    t = apply(s, Resume("Đã nhận bản sao"), at(15, 9), calendar=CAL, tz=TZ)
    # paused Tue 09:00 → Wed 09:00 = 8 working hours: appointment Thu 09:00 → Fri 09:00
    assert t.after.appointment_at == at(17, 9)
    assert t.detail["paused_working_minutes"] == 480
    assert t.after.paused_since is None and t.after.status is S.PROCESSING
    s = step(t.after, Ready("Giấy khai sinh bản chính"), at(17, 8))
    assert (s.status, s.sub_state, s.finished_at) == (S.FINISHED, SubState.AWAITING_RETURN, at(17, 8))
    s = step(s, Return(APPLICANT, fees_collected=8000), at(17, 10))
    assert (s.status, s.national_code, s.returned_at) == (S.RETURNED, 10, at(17, 10))
    # finished (9) is the end even though the return (10) was after the due time
    assert timeliness(s, at(20, 9), TZ) is Timeliness.ON_TIME
    assert allowed_actions(s) == []


def test_pause_over_a_weekend_counts_only_working_time() -> None:
    s = step(fresh(status=S.PROCESSING, appointment_at=at(17, 16)), SUPPLEMENT, at(17, 15))
    s = step(s, Resume(), at(20, 8, 30))  # Fri 15:00 → Mon 08:30 = 2 h + 1 h of working time
    assert s.appointment_at == at(20, 9, 30)  # Fri 16:00 + 3 h = Fri 17:00 (1 h) + Mon 07:30 + 2 h


def test_received_then_refused() -> None:
    s = step(fresh(), Refuse(("Hồ sơ không thuộc thẩm quyền giải quyết của xã",)), at(13, 9, 30))
    assert (s.status, s.national_code, s.closed_at) == (S.REFUSED, 3, at(13, 9, 30))
    assert processing_end(s) == at(13, 9, 30)
    with pytest.raises(IllegalTransition, match="Chuyển cơ quan giải quyết"):
        step(s, Transfer("Phòng Tư pháp"), at(13, 10))


def test_delay_keeps_both_dates_and_lateness_is_not_hidden() -> None:
    s = step(fresh(), Transfer("Phòng Tài nguyên và Môi trường"), at(13, 10))
    t = apply(s, Delay("Cần xác minh thực địa", at(21, 16)), at(14, 9), calendar=CAL, tz=TZ)
    assert t.after.appointment_at == at(21, 16)
    assert t.after.original_appointment_at == at(16, 9)
    assert t.after.appointment_reason == "Cần xác minh thực địa"
    assert t.flags == ()  # two working days ahead: enough notice
    s = step(t.after, Ready(), at(21, 10))
    assert t.after.legal_due == at(16, 9)
    assert timeliness(s, at(21, 11), TZ) is Timeliness.LATE
    assert apply(t.after, Ready(), at(21, 10), calendar=CAL, tz=TZ).flags == (FLAG_LATE,)
    s = step(s, Return(Collector(CollectorKind.AUTHORISED, "Trần Văn Bình", "001085067890",
                                 "Giấy ủy quyền số 12")), at(21, 14))
    assert s.status is S.RETURNED


def test_a_second_delay_keeps_the_first_appointment() -> None:
    s = step(fresh(), Delay("Chờ ý kiến cơ quan phối hợp", at(20, 9)), at(13, 10))
    s = step(s, Delay("Chờ kết quả xác minh", at(22, 9)), at(14, 10))
    assert s.original_appointment_at == at(16, 9) and s.appointment_at == at(22, 9)


def test_delay_flags_short_notice_and_after_deadline() -> None:
    s = fresh()
    short = apply(s, Delay("Cần thêm thời gian", at(20, 9)), at(15, 14), calendar=CAL, tz=TZ)
    assert short.flags == (FLAG_SHORT_NOTICE,)
    late = apply(s, Delay("Cần thêm thời gian", at(20, 9)), at(16, 10), calendar=CAL, tz=TZ)
    assert late.flags == (FLAG_AFTER_DEADLINE,)


def test_delay_must_move_the_appointment_later() -> None:
    with pytest.raises(DomainError, match="phải sau ngày hẹn hiện tại"):
        apply(fresh(), Delay("Cần thêm thời gian", at(15, 9)), at(13, 10), calendar=CAL, tz=TZ)


def test_received_stop_requested_stopped() -> None:
    s = step(fresh(), RequestWithdrawal("Không còn nhu cầu"), at(13, 11))
    assert (s.status, s.national_code, s.before_withdrawal) == (S.WITHDRAWAL_REQUESTED, 7, S.RECEIVED)
    t = apply(s, Stop("Dừng theo đề nghị của người nộp hồ sơ"), at(13, 14), calendar=CAL, tz=TZ)
    assert (t.after.status, t.after.national_code) == (S.STOPPED, 8)
    assert t.detail["on_request"] is True


def test_withdrawal_cancelled_restores_the_paused_status() -> None:
    s = step(fresh(status=S.PROCESSING), SUPPLEMENT, at(13, 10))
    s = step(s, RequestWithdrawal(), at(13, 11))
    s = step(s, CancelWithdrawal(), at(13, 14))
    assert s.status is S.SUPPLEMENT_REQUESTED and s.paused_since == at(13, 10)


def test_withdraw_hands_documents_back() -> None:
    s = step(fresh(), RequestWithdrawal(), at(13, 11))
    t = apply(s, Withdraw(APPLICANT), at(13, 15), calendar=CAL, tz=TZ)
    assert t.after.status is S.STOPPED and t.detail["collector"]["kind"] == "applicant"


def test_body_may_stop_a_processing_dossier_but_not_a_received_one() -> None:
    s = step(fresh(status=S.PROCESSING), Stop("Hồ sơ giả mạo giấy tờ"), at(13, 11))
    assert s.status is S.STOPPED
    with pytest.raises(IllegalTransition):
        step(fresh(), Stop("Hồ sơ giả mạo giấy tờ"), at(13, 11))


def test_financial_obligation_pauses_the_clock() -> None:
    s = step(fresh(status=S.PROCESSING), RequestFinancial("Nộp thuế thu nhập cá nhân", 1_500_000),
             at(13, 13))
    assert s.status is S.FINANCIAL_OBLIGATION and s.national_code == 6 and s.paused
    s = step(s, FinancialDone("Biên lai 0012345"), at(14, 13))
    assert s.status is S.PROCESSING and s.appointment_at == at(17, 9)


def test_second_supplement_is_allowed_but_flagged_and_counts_late() -> None:
    s = step(fresh(status=S.PROCESSING), SUPPLEMENT, at(13, 10))
    assert timeliness(s, at(13, 11), TZ) is Timeliness.EARLY  # one request counts as the end
    s = step(s, Resume(), at(13, 14))
    t = apply(s, SUPPLEMENT, at(14, 10), calendar=CAL, tz=TZ)
    assert t.flags == (FLAG_SECOND_SUPPLEMENT,) and t.after.supplement_count == 2
    s = step(step(t.after, Resume(), at(14, 11)), Ready(), at(14, 14))
    assert timeliness(s, at(14, 15), TZ) is Timeliness.LATE


def test_postal_return_records_tracking_number() -> None:
    s = fresh(status=S.FINISHED, finished_at=at(15, 9), return_place=ReturnPlace.POST)
    t = apply(s, Return(postal_tracking="ee 123 456 789 vn"), at(15, 10), calendar=CAL, tz=TZ)
    assert t.after.sub_state is SubState.SENT_BY_POST
    assert t.detail["postal_tracking"] == "EE123456789VN" and t.detail["by_post"] is True


def test_return_needs_a_collector_or_a_tracking_number() -> None:
    with pytest.raises(ValidationError) as info:
        Return()
    assert "collector" in info.value.errors
    with pytest.raises(ValidationError) as info:
        Return(postal_tracking="<script>")
    assert "postal_tracking" in info.value.errors


def test_authorised_collector_needs_a_valid_id_number() -> None:
    with pytest.raises(ValidationError) as info:
        Collector(CollectorKind.AUTHORISED, "Trần Văn Bình", "")
    assert "collector.id_number" in info.value.errors
    c = Collector(CollectorKind.AUTHORISED, "  Trần   Văn Bình ", "001 085 067 890")
    assert (c.name, c.id_number) == ("Trần Văn Bình", "001085067890")


def test_commands_validate_every_field_with_vietnamese_messages() -> None:
    with pytest.raises(ValidationError) as info:
        RequestSupplement((), "x")
    assert set(info.value.errors) == {"items", "why"}
    assert "ít nhất một" in info.value.errors["items"]
    with pytest.raises(ValidationError):
        Refuse(("",))
    with pytest.raises(ValidationError):
        Transfer("")
    with pytest.raises(ValidationError):
        Delay("Lý do hợp lệ", dt.datetime(2026, 7, 20, 9))  # naive


def test_illegal_transition_message_names_action_and_status() -> None:
    with pytest.raises(IllegalTransition) as info:
        step(fresh(), Return(APPLICANT), at(13, 10))
    assert info.value.message == ("Không thể thực hiện 'Trả kết quả' với hồ sơ đang ở trạng thái "
                                  "'Đã tiếp nhận hồ sơ' (mã 2).")


def test_resume_before_the_pause_is_refused() -> None:
    s = step(fresh(status=S.PROCESSING), SUPPLEMENT, at(14, 10))
    with pytest.raises(DomainError, match="trước thời điểm tạm dừng"):
        step(s, Resume(), at(14, 9))


def test_timeliness_classification() -> None:
    due = at(16, 9)
    assert classify(at(15, 16), due, TZ) is Timeliness.EARLY
    assert classify(at(16, 8), due, TZ) is Timeliness.ON_TIME
    assert classify(at(16, 9), due, TZ) is Timeliness.ON_TIME
    assert classify(at(16, 9, 1), due, TZ) is Timeliness.LATE
    assert timeliness(fresh(), at(16, 10), TZ) is Timeliness.LATE
    assert timeliness(fresh(), at(15, 10), TZ) is Timeliness.PENDING


def test_overdue_is_derived_and_deadline_warning_one_working_day_before() -> None:
    s = fresh(appointment_at=at(20, 9))  # Monday 09:00
    assert not is_overdue(s, at(20, 9)) and is_overdue(s, at(20, 9, 1))
    assert not deadline_warning(s, at(16, 16), CAL, TZ)  # Thu 16:00: 1 h + Fri 8 h + 1.5 h
    assert deadline_warning(s, at(17, 9), CAL, TZ)  # Fri 09:00: 8 h left
    assert not deadline_warning(s, at(20, 10), CAL, TZ)  # already overdue: another list
    finished = fresh(status=S.FINISHED, appointment_at=at(20, 9), finished_at=at(17, 9))
    assert not deadline_warning(finished, at(17, 10), CAL, TZ)


def test_action_labels() -> None:
    assert action_label("transfer") == "Chuyển cơ quan giải quyết"
    assert action_label("printed") == "printed"


# --- hypothesis: random lives ---------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=5,
                max_size=30).filter(lambda s: len(s.strip()) >= 5)

COMMANDS: dict[LifecycleAction, st.SearchStrategy[LifecycleCommand]] = {
    LifecycleAction.TRANSFER: st.builds(Transfer, st.just("Phòng Tư pháp")),
    LifecycleAction.REQUEST_SUPPLEMENT: st.builds(RequestSupplement, st.just(("Bản sao",)), texts),
    LifecycleAction.RESUME: st.just(Resume()),
    LifecycleAction.REQUEST_FINANCIAL: st.builds(RequestFinancial, texts),
    LifecycleAction.FINANCIAL_DONE: st.just(FinancialDone()),
    LifecycleAction.REFUSE: st.builds(Refuse, st.tuples(texts)),
    LifecycleAction.READY: st.just(Ready()),
    LifecycleAction.REQUEST_WITHDRAWAL: st.just(RequestWithdrawal()),
    LifecycleAction.CANCEL_WITHDRAWAL: st.just(CancelWithdrawal()),
    LifecycleAction.STOP: st.builds(Stop, texts),
    LifecycleAction.WITHDRAW: st.just(Withdraw(APPLICANT)),
    LifecycleAction.RETURN: st.just(Return(APPLICANT)),
}


class Lives(RuleBasedStateMachine):
    """Random sequences of actions, legal or not, on one dossier."""

    def __init__(self) -> None:
        super().__init__()
        self.state = fresh()
        self.now = at(13, 9)
        self.history: list[LifecycleState] = [self.state]

    @rule(action=st.sampled_from(sorted(COMMANDS)), data=st.data(),
          minutes=st.integers(1, 3 * 24 * 60))
    def act(self, action: LifecycleAction, data: st.DataObject, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)
        command = data.draw(COMMANDS[action])
        legal = self.state.status in ALLOWED_FROM[action]
        try:
            t = apply(self.state, command, self.now, calendar=CAL, tz=TZ)
        except IllegalTransition:
            assert not legal
            return
        assert legal
        assert t.before == self.state and t.action is action
        # the appointment never moves earlier; a pause moves it by at least zero
        assert t.after.appointment_at >= self.state.appointment_at
        if self.state.paused and not t.after.paused:
            assert t.after.appointment_at >= self.state.appointment_at
        self.state = t.after
        self.history.append(t.after)

    @precondition(lambda self: self.state.status not in FINAL_STATUSES)
    @rule(days=st.integers(1, 20), data=st.data())
    def delay(self, days: int, data: st.DataObject) -> None:
        self.now += dt.timedelta(minutes=data.draw(st.integers(1, 600)))
        new = max(self.state.appointment_at, self.now) + dt.timedelta(days=days)
        legal = self.state.status in ALLOWED_FROM[LifecycleAction.DELAY]
        try:
            self.state = apply(self.state, Delay("Cần thêm thời gian", new), self.now,
                               calendar=CAL, tz=TZ).after
        except IllegalTransition:
            assert not legal
        else:
            assert legal and self.state.original_appointment_at is not None

    @invariant()
    def consistent(self) -> None:
        s = self.state
        assert s.national_code == {S.RECEIVED: 2, S.REFUSED: 3, S.PROCESSING: 4,
                                   S.SUPPLEMENT_REQUESTED: 5, S.FINANCIAL_OBLIGATION: 6,
                                   S.WITHDRAWAL_REQUESTED: 7, S.STOPPED: 8, S.FINISHED: 9,
                                   S.RETURNED: 10}[s.status]
        if s.status in (S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION):
            assert s.paused
        if s.status in {S.PROCESSING, S.RECEIVED, S.FINISHED, S.RETURNED} | FINAL_STATUSES:
            assert not s.paused
        if s.status in FINAL_STATUSES:
            assert allowed_actions(s) == []
            assert processing_end(s) is not None
            assert timeliness(s, self.now, TZ) is not Timeliness.PENDING
        if s.original_appointment_at is not None:
            assert s.appointment_at >= s.original_appointment_at
        counts = [h.supplement_count for h in self.history]
        assert counts == sorted(counts)
        if s.status is S.RETURNED:
            assert s.finished_at is not None and s.returned_at is not None
            assert s.finished_at <= s.returned_at


Lives.TestCase.settings = settings(max_examples=150, stateful_step_count=25, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow])
TestLives = Lives.TestCase
