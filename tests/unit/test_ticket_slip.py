"""Content and wording of the queue ticket (domain/ticket_slip.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.ticket_slip import (
    REPRINT_MARK,
    WAIT_PLEASE,
    PaperStatus,
    PrinterProblem,
    TicketSlip,
    duration_text,
    estimate_text,
    slip_lines,
)

SLIP = TicketSlip(
    centre_name="Trung tâm Phục vụ hành chính công phường Mẫu",
    service_name="Đăng ký khai sinh",
    display_number="A012",
    priority_label="Người cao tuổi",
    issued_at=dt.datetime(2025, 5, 2, 8, 5),
    people_ahead=4,
    estimate_minutes=15,
    counter_hint="Quầy 3, 4",
    qr_payload="https://example.gov.vn/q?so=A012",
    reprint=False,
)


def test_full_slip_lines_in_order() -> None:
    assert slip_lines(SLIP) == [
        "Trung tâm Phục vụ hành chính công phường Mẫu",
        "Đăng ký khai sinh",
        "SỐ THỨ TỰ CỦA BẠN",
        "A012",
        "Ưu tiên: Người cao tuổi",
        "Thời gian lấy số: 02/05/2025 08:05",
        "Số người đang chờ trước bạn: 4",
        "Thời gian chờ dự kiến: khoảng 15 phút",
        "Nơi phục vụ: Quầy 3, 4",
        "Quét mã để theo dõi lượt chờ",
        "Vui lòng chờ đến khi số của bạn được mời",
    ]


def test_minimal_slip_omits_optional_lines() -> None:
    slip = dataclasses.replace(
        SLIP, priority_label=None, estimate_minutes=None, counter_hint=None, qr_payload=None
    )
    lines = slip_lines(slip)
    assert not any(line.startswith(("Ưu tiên", "Thời gian chờ", "Nơi phục vụ")) for line in lines)
    assert "Quét mã để theo dõi lượt chờ" not in lines
    assert lines[-1] == WAIT_PLEASE


def test_reprint_mark_is_last_line() -> None:
    lines = slip_lines(dataclasses.replace(SLIP, reprint=True))
    assert lines[-1] == REPRINT_MARK == "In lại"
    assert REPRINT_MARK not in slip_lines(SLIP)


def test_nobody_ahead() -> None:
    lines = slip_lines(dataclasses.replace(SLIP, people_ahead=0))
    assert "Không có ai đang chờ trước bạn" in lines


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "Thời gian chờ dự kiến: dưới 1 phút"),
        (1, "Thời gian chờ dự kiến: khoảng 1 phút"),
        (60, "Thời gian chờ dự kiến: khoảng 1 giờ"),
        (75, "Thời gian chờ dự kiến: khoảng 1 giờ 15 phút"),
        (None, None),
    ],
)
def test_estimate_wording(minutes: int | None, text: str | None) -> None:
    assert estimate_text(dataclasses.replace(SLIP, estimate_minutes=minutes)) == text


def test_duration_text() -> None:
    assert duration_text(5) == "5 phút"
    assert duration_text(120) == "2 giờ"
    assert duration_text(135) == "2 giờ 15 phút"


def test_issue_time_is_day_first_with_leading_zeros() -> None:
    slip = dataclasses.replace(SLIP, issued_at=dt.datetime(2025, 1, 9, 7, 3))
    assert "Thời gian lấy số: 09/01/2025 07:03" in slip_lines(slip)


@pytest.mark.parametrize(
    "change",
    [{"display_number": " "}, {"people_ahead": -1}, {"estimate_minutes": -5}],
)
def test_invalid_slips_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(SLIP, **change)  # type: ignore[arg-type]


def test_slip_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SLIP.people_ahead = 3  # type: ignore[misc]


def test_printer_problem_is_a_domain_error_and_paper_labels_are_vietnamese() -> None:
    assert issubclass(PrinterProblem, DomainError)
    assert PrinterProblem("Máy in hết giấy").message == "Máy in hết giấy"
    assert PaperStatus.OUT.label == "Máy in hết giấy"
    assert PaperStatus.NEAR_END.label == "Máy in sắp hết giấy"
