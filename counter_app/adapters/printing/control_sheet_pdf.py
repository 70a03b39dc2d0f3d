"""Mẫu 06 (2025; Mẫu 05 in 2018) as PDF: Phiếu kiểm soát quá trình giải quyết hồ sơ.

The table lists each hand-over as a pair "Giao: … / Nhận: …" with its time, the two signature
boxes (Người giao, Người nhận, names printed when known) and the on-time state recorded by the
receiving side (trước hạn / đúng hạn / quá hạn). Printable at any time of the dossier's life.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter_app.adapters.printing.forms_pdf import FormFrame
from counter_app.adapters.printing.pdf_base import SERIF, esc, footnote
from counter_app.domain.forms import FormPurpose, hour_minute_date
from counter_app.domain.lifecycle_forms import ControlSheetContent, HandOver

COLUMNS = ("Tên cơ quan", "Thời gian giao, nhận hồ sơ",
           "Kết quả giải quyết hồ sơ (Trước hạn/ Đúng hạn/ Quá hạn)", "Ghi chú")
FRACTIONS = (0.26, 0.40, 0.20, 0.14)
NOTE = ("Kết quả giải quyết hồ sơ do bên nhận ghi tại mỗi lần giao, nhận (trước hạn, đúng hạn "
        "hoặc quá hạn). Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì thời gian giao, "
        "nhận hồ sơ và việc ký nhận thể hiện trong chứng từ của cơ quan bưu chính.")


def _times_cell(f: FormFrame, h: HandOver, width: float) -> Table:
    """Time of the hand-over above the two signature boxes."""
    s = f.s
    sign = [[Paragraph(f"{esc(h.at.strftime('%H giờ %M phút, ngày %d/%m/%Y'))}", s.cell_centre), ""],
            [Paragraph("<b>Người giao</b>", s.cell_centre),
             Paragraph("<b>Người nhận</b>", s.cell_centre)],
            [Spacer(1, s.body.fontSize * 1.6), Spacer(1, s.body.fontSize * 1.6)],
            [Paragraph(esc(h.giver_name), s.cell_centre),
             Paragraph(esc(h.receiver_name), s.cell_centre)]]
    table = Table(sign, colWidths=[width / 2] * 2)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF), ("SPAN", (0, 0), (1, 0)),
        ("LINEBELOW", (0, 0), (1, 0), 0.4, "black"), ("LINEBEFORE", (1, 1), (1, -1), 0.4, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _table(f: FormFrame, c: ControlSheetContent) -> Table:
    s = f.s
    widths = [x * f.width for x in FRACTIONS]
    rows: list[list[object]] = [[Paragraph(esc(h), s.cell_head) for h in COLUMNS]]
    for i, h in enumerate(c.hand_overs):
        n = 2 * i + 1
        units = [Paragraph(f"{n}. Giao: {esc(h.giver_unit)}", s.cell),
                 Spacer(1, s.body.fontSize * 0.5),
                 Paragraph(f"{n + 1}. Nhận: {esc(h.receiver_unit)}", s.cell)]
        rows.append([units, _times_cell(f, h, widths[1]),
                     Paragraph(esc(h.timeliness), s.cell_centre), Paragraph(esc(h.note), s.cell)])
    if not c.hand_overs:
        rows.append([Paragraph("1. Giao: Bộ phận Tiếp nhận và Trả kết quả", s.cell), "", "", ""])
    pad = s.body.fontSize * 0.25
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.5), ("RIGHTPADDING", (0, 0), (-1, -1), pad * 1.5),
        ("LEFTPADDING", (1, 1), (1, -1), 0), ("RIGHTPADDING", (1, 1), (1, -1), 0),
        ("TOPPADDING", (1, 1), (1, -1), 0), ("BOTTOMPADDING", (1, 1), (1, -1), 0),
    ]))
    return table


def render_control_sheet_pdf(c: ControlSheetContent, *, paper_name: str = "A4") -> bytes:
    """Return the process-control sheet of one dossier as PDF bytes."""
    f = FormFrame(c.header, FormPurpose.CONTROL_SHEET, paper_name)
    story: list[Flowable] = f.top(f"Mã số hồ sơ: <b>{esc(c.dossier_code)}</b>")
    story.append(f.line("Cơ quan (bộ phận) giải quyết hồ sơ", c.processing_body))
    story.append(f.line("Cơ quan phối hợp giải quyết hồ sơ", c.co_bodies))
    story.append(f.line("Thời gian nhận hồ sơ", hour_minute_date(c.received_at)))
    appointment = hour_minute_date(c.appointment_at)
    if c.original_appointment_at is not None and c.original_appointment_at != c.appointment_at:
        appointment += f" (hẹn ban đầu: {hour_minute_date(c.original_appointment_at)})"
    story.append(f.line("Hẹn trả kết quả vào", appointment, bold=True))
    story.append(Spacer(1, f.s.body.fontSize * 0.3))
    story.append(_table(f, c))
    if c.state_label:
        story.append(Spacer(1, f.s.body.fontSize * 0.4))
        story.append(f.line("Tình trạng giải quyết hồ sơ", c.state_label, bold=True))
    story += footnote(NOTE, f.s, f.width)
    return f.build(story, c.dossier_code)
