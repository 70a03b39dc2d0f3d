"""Reception input that forgives: variants by unique diacritics-insensitive prefix, one variant
needs none, and a pause shorter than a working minute does not move the appointment."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from counter_app.domain.catalogue import Channel, Procedure, ProcessingTime, TimeUnit
from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.errors import ValidationError
from counter_app.domain.procedure_choice import choose_variant

DAY = dt.date(2026, 7, 15)
D = dt.datetime


def version(variant: str) -> Procedure:
    return Procedure(id=uuid.uuid4(), code="1.013980", variant=variant,
                     name="Đăng ký biến động đất đai", field_code="DD",
                     time=ProcessingTime(TimeUnit.WORKING_DAYS, 10), fees={Channel.IN_PERSON: 0},
                     fee_note="", documents=(), effective_from=dt.date(2025, 7, 1))


ONE = [version("Chuyển nhượng, tặng cho, thỏa thuận hộ gia đình…")]
TWO = [version("Không phải xác minh"), version("Cần xác minh")]


def error(candidates: list[Procedure], typed: str) -> str:
    with pytest.raises(ValidationError) as info:
        choose_variant(candidates, typed, "1.013980", DAY)
    return next(iter(info.value.errors.values()))


def test_a_single_variant_needs_none_and_takes_any_prefix() -> None:
    assert choose_variant(ONE, "", "1.013980", DAY) is ONE[0]
    for typed in ("chuyen nhuong", "Chuyển nhượng, tặng cho, thỏa thuận hộ gia đình",
                  "chuyen nhuong, tang cho, thoa thuan ho gia dinh...", "CHUYỂN"):
        assert choose_variant(ONE, typed, "1.013980", DAY) is ONE[0], typed
    assert "không có trường hợp 'thừa kế'" in error(ONE, "thừa kế")
    assert "nhiều trường hợp" not in error(ONE, "thừa kế")


def test_two_variants_by_unique_prefix_without_diacritics() -> None:
    assert choose_variant(TWO, "can", "1.013980", DAY) is TWO[1]
    assert choose_variant(TWO, "KHONG PHAI", "1.013980", DAY) is TWO[0]
    assert choose_variant(TWO, "Cần xác minh", "1.013980", DAY) is TWO[1]
    assert "có 2 trường hợp" in error(TWO, "")
    assert "Không phải xác minh; Cần xác minh" in error(TWO, "xac minh")


def test_a_prefix_of_two_variants_is_ambiguous_but_an_exact_one_wins() -> None:
    both = [version("Cấp lại"), version("Cấp lại do bị mất")]
    assert choose_variant(both, "cap lai", "x", DAY) is both[0]
    assert "khớp với nhiều trường hợp" in error([version("Cấp đổi"), version("Cấp lại")], "cap")


def test_unknown_procedure_names_the_day() -> None:
    assert "15/07/2026" in error([], "")


def test_pause_shorter_than_a_working_minute_keeps_the_appointment() -> None:
    cal = WorkingCalendar()
    due = D(2026, 7, 17, 10, 15)
    assert cal.due_after_pause(due, D(2026, 7, 15, 9, 0), D(2026, 7, 15, 9, 0, 50)) == due
    assert cal.due_after_pause(due, D(2026, 7, 15, 9, 0), D(2026, 7, 15, 9, 1)) == \
        D(2026, 7, 17, 10, 30)  # one minute moves it, rounded up to the quarter hour
    # seconds either side of the lunch break are not a working minute either
    assert cal.due_after_pause(due, D(2026, 7, 15, 11, 59, 40),
                               D(2026, 7, 15, 13, 0, 15)) == due

