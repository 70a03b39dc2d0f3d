"""What a queue ticket (phiếu số thứ tự) says: its content and Vietnamese wording, not its looks.

The kiosk builds a :class:`TicketSlip` after the number is issued; adapters render it (raster image
for ESC/POS printers, on-screen copy). Every wording lives here so the printed ticket, the screen
and the tests agree.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from counter_app.domain.errors import DomainError

WAIT_PLEASE = "Vui lòng chờ đến khi số của bạn được mời"
REPRINT_MARK = "In lại"
TICKET_TITLE = "SỐ THỨ TỰ CỦA BẠN"
QR_CAPTION = "Quét mã để theo dõi lượt chờ"


class PrinterProblem(DomainError):
    """The ticket printer failed (offline, out of paper, not found); ``message`` is Vietnamese."""


class PaperStatus(enum.Enum):
    """Paper sensor of a thermal printer, as far as a two-way link can tell."""

    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"

    @property
    def label(self) -> str:
        """Vietnamese wording for the kiosk or the supervisor's screen."""
        return {
            PaperStatus.OK: "Giấy in còn đủ",
            PaperStatus.NEAR_END: "Máy in sắp hết giấy",
            PaperStatus.OUT: "Máy in hết giấy",
        }[self]


@dataclass(frozen=True)
class TicketSlip:
    """Content of one printed queue ticket.

    ``issued_at`` is shown as given (its wall-clock time), so pass it in the centre's time zone.
    ``estimate_minutes`` is None when no estimate is known; ``qr_payload`` None prints no QR code.
    """

    centre_name: str
    service_name: str
    display_number: str
    priority_label: str | None
    issued_at: dt.datetime
    people_ahead: int
    estimate_minutes: int | None = None
    counter_hint: str | None = None
    qr_payload: str | None = None
    reprint: bool = False

    def __post_init__(self) -> None:
        if not self.display_number.strip():
            raise ValueError("display_number must not be empty")
        if self.people_ahead < 0:
            raise ValueError("people_ahead must be >= 0")
        if self.estimate_minutes is not None and self.estimate_minutes < 0:
            raise ValueError("estimate_minutes must be >= 0")


def issued_at_text(slip: TicketSlip) -> str:
    """Return the issue-time line: ``"Thời gian lấy số: 12/05/2025 08:15"`` (dd/mm/yyyy HH:MM)."""
    return f"Thời gian lấy số: {slip.issued_at:%d/%m/%Y %H:%M}"


def people_ahead_text(slip: TicketSlip) -> str:
    """Return the line about the people waiting ahead of this ticket."""
    if slip.people_ahead == 0:
        return "Không có ai đang chờ trước bạn"
    return f"Số người đang chờ trước bạn: {slip.people_ahead}"


def duration_text(minutes: int) -> str:
    """Return a Vietnamese duration: ``"15 phút"``, ``"1 giờ"``, ``"1 giờ 20 phút"``."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} phút"
    if rest == 0:
        return f"{hours} giờ"
    return f"{hours} giờ {rest} phút"


def estimate_text(slip: TicketSlip) -> str | None:
    """Return the estimated-wait line, or None when no estimate is known."""
    if slip.estimate_minutes is None:
        return None
    if slip.estimate_minutes < 1:
        return "Thời gian chờ dự kiến: dưới 1 phút"
    return f"Thời gian chờ dự kiến: khoảng {duration_text(slip.estimate_minutes)}"


def counter_hint_text(slip: TicketSlip) -> str | None:
    """Return the line naming where the ticket will be served, or None."""
    if not slip.counter_hint:
        return None
    return f"Nơi phục vụ: {slip.counter_hint}"


def slip_lines(slip: TicketSlip) -> list[str]:
    """Return the ticket's text lines, top to bottom, in Vietnamese.

    The lines are: centre, service, title, number, priority (if any), issue time, people ahead,
    estimate (if known), counter hint (if any), QR caption (if any), the waiting notice and the
    "In lại" mark on a reprint.
    """
    lines = [slip.centre_name, slip.service_name, TICKET_TITLE, slip.display_number]
    if slip.priority_label:
        lines.append(f"Ưu tiên: {slip.priority_label}")
    lines.append(issued_at_text(slip))
    lines.append(people_ahead_text(slip))
    for optional in (estimate_text(slip), counter_hint_text(slip)):
        if optional:
            lines.append(optional)
    if slip.qr_payload:
        lines.append(QR_CAPTION)
    lines.append(WAIT_PLEASE)
    if slip.reprint:
        lines.append(REPRINT_MARK)
    return lines
