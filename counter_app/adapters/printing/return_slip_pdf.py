"""The return slip (Phiếu trả kết quả giải quyết hồ sơ) as PDF, signed by both sides.

Not a numbered legal form: it records the hand-back the log book's "Trả kết quả" and "Ký nhận"
columns refer to — when, to whom (the applicant, or an authorised person with an ID number and
authorisation document), the fees collected, or the postal tracking number for a posted result.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from counter_app.adapters.printing.pdf_base import (
    SIGN_HINT,
    build_pdf,
    esc,
    field_line,
    form_styles,
    form_title,
    paper,
)
from counter_app.adapters.printing.pdf_blocks import OfficialHeader, SignatureBlock, signature_row
from counter_app.domain.forms import FormPurpose, hour_minute_date, vn_date_words
from counter_app.domain.lifecycle_forms import RETURN_SLIP_TITLE, ReturnSlipContent


def render_return_slip_pdf(c: ReturnSlipContent, *, paper_name: str = "A4") -> bytes:
    """Return the return slip as PDF bytes (A4 or A5)."""
    s = form_styles(paper_name)
    width = paper(paper_name).frame_width
    h = c.header
    h.version(FormPurpose.RECEIPT)  # checks the form set exists
    story: list[Flowable] = [
        OfficialHeader(h.governing_body, h.unit_name, "", f"{h.place}, {vn_date_words(h.issued_on)}",
                       s),
        *form_title(RETURN_SLIP_TITLE, s, f"Mã hồ sơ: <b>{esc(c.dossier_code)}</b>"),
    ]

    def line(label: str, value: str, *, bold: bool = False, indent: bool = False) -> None:
        story.append(field_line(label, value, s.indent if indent else s.body, width, bold=bold))

    who = "Ông (Bà)/Tổ chức nộp hồ sơ"
    line(who, c.applicant.name, bold=True)
    line("Số định danh cá nhân/tổ chức", c.applicant.id_number, indent=True)
    line("Nội dung yêu cầu giải quyết", c.procedure_name, bold=True)
    line("Thời gian nhận hồ sơ", hour_minute_date(c.received_at))
    line("Thời gian hẹn trả kết quả", hour_minute_date(c.appointment_at))
    line("Thời gian trả kết quả", hour_minute_date(c.returned_at), bold=True)
    line("Tình trạng giải quyết", c.timeliness)
    line("Kết quả giải quyết", c.result)
    if c.postal_tracking:
        line("Hình thức trả kết quả", "Qua dịch vụ bưu chính công ích")
        line("Mã vận đơn bưu chính", c.postal_tracking, bold=True)
        left = SignatureBlock("Nhân viên bưu chính")
    else:
        line("Hình thức trả kết quả", "Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả")
        line("Người nhận kết quả", f"{c.collector_name} ({c.collector_label})", bold=True)
        line("Số định danh cá nhân", c.collector_id_number, indent=True)
        if c.authorisation_document or c.collector_label != "Người nộp hồ sơ":
            line("Văn bản ủy quyền", c.authorisation_document, indent=True)
        left = SignatureBlock("Người nhận kết quả", (SIGN_HINT,), c.collector_name)
    line("Phí, lệ phí đã thu", c.fees_label)
    story.append(Paragraph(
        "Người nhận đã kiểm tra, nhận đủ kết quả giải quyết hồ sơ nêu trên.", s.body))
    story.append(Spacer(1, s.body.fontSize * 0.6))
    story.append(signature_row(
        [left, SignatureBlock("Người trả kết quả", (SIGN_HINT,), c.officer_name)], s, width))
    return build_pdf([story], paper_name=paper_name, title=f"{RETURN_SLIP_TITLE} {c.dossier_code}",
                     subject=RETURN_SLIP_TITLE,
                     continuations=[f"{RETURN_SLIP_TITLE} — Mã hồ sơ: {c.dossier_code}"])
