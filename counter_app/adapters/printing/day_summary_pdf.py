"""The one-page day summary (Báo cáo tổng hợp cuối ngày) as an A4 PDF."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from counter_app.adapters.printing.pdf_base import (
    build_pdf,
    esc,
    form_styles,
    form_title,
    paper,
    table_block,
)
from counter_app.domain.day_summary import DaySummary
from counter_app.domain.reference import Centre


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def render_day_summary_pdf(summary: DaySummary, centre: Centre, closed_by: str,
                           closed_at_text: str) -> bytes:
    """Return the day summary of ``summary`` for ``centre`` as PDF bytes (one A4 page)."""
    s = form_styles("A4")
    width = paper("A4").frame_width
    story: list[Flowable] = [
        Paragraph(esc(centre.governing_body.upper()), s.header),
        Paragraph(esc(centre.name.upper()), s.header_bold),
        *form_title("Báo cáo tổng hợp cuối ngày", s, f"Ngày {summary.day:%d/%m/%Y}"),
    ]
    rows = [[ln.code, ln.name, str(ln.issued), str(ln.served), str(ln.no_show),
             str(ln.not_served), _minutes(ln.avg_wait_min), _minutes(ln.avg_service_min)]
            for ln in summary.lines]
    rows.append(["", "Tổng cộng", str(summary.issued), str(summary.served),
                 str(summary.no_show), str(summary.not_served), _minutes(summary.avg_wait_min),
                 _minutes(summary.avg_service_min)])
    story.append(table_block(
        ["Mã", "Lĩnh vực", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt", "Chưa phục vụ",
         "Chờ TB (phút)", "Phục vụ TB (phút)"],
        rows, (0.08, 0.28, 0.1, 0.1, 0.1, 0.11, 0.11, 0.12), s, width,
        centred_columns=(0, 2, 3, 4, 5, 6, 7)))
    story += [
        Spacer(1, s.body.fontSize),
        Paragraph(f"Hồ sơ tiếp nhận trong ngày: <b>{summary.dossiers_received}</b>", s.body),
        Paragraph(f"Hồ sơ trả kết quả trong ngày: <b>{summary.dossiers_returned}</b>", s.body),
        Paragraph(esc(f"Phiếu còn chờ hoặc đang mời lúc kết thúc ngày được ghi “không được phục "
                      f"vụ do kết thúc ngày làm việc”: {summary.not_served}."), s.body),
        Spacer(1, s.body.fontSize),
        Paragraph(esc(f"Kết thúc ngày lúc {closed_at_text}, người thực hiện: {closed_by}."),
                  s.centre_italic),
    ]
    return build_pdf([story], paper_name="A4", title=f"Báo cáo cuối ngày {summary.day:%d/%m/%Y}",
                     subject=centre.name)
