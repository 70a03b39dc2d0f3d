"""A report as PDF (A4 landscape): the centre's header, the title, the period and the generation
time, the table (total in bold) and the report's chart drawn with ReportLab from the same
:class:`~counter_app.services.report_layout.ChartSpec` the screen uses."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from counter_app.adapters.printing.pdf_base import (
    SERIF,
    SERIF_BOLD,
    esc,
    form_styles,
    register_fonts,
)
from counter_app.domain.reference import Centre
from counter_app.services.ports.reports import GroupBy
from counter_app.services.report_layout import REPORT_TITLES_VI, ChartSpec, chart_of, table_rows
from counter_app.services.reports import Report

PAGE = landscape(A4)
MARGIN = 12 * mm
PALETTE = (colors.HexColor("#2E7D32"), colors.HexColor("#C62828"), colors.HexColor("#1565C0"),
           colors.HexColor("#F9A825"), colors.HexColor("#6A1B9A"), colors.HexColor("#00838F"))


def chart_drawing(spec: ChartSpec, width: float, height: float) -> Drawing:
    """Draw ``spec`` as a ReportLab bar chart with a legend."""
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, spec.title, fontName=SERIF_BOLD, fontSize=10,
                 textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 40
    chart.width, chart.height = width - 170, height - 70
    chart.data = [list(values) or [0.0] for _, values in spec.series] or [[0.0]]
    chart.categoryAxis.categoryNames = [c[:20] for c in spec.categories] or [""]
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = 6 if len(spec.categories) > 12 else 8
    chart.categoryAxis.labels.angle = 30 if len(spec.categories) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(spec.categories) > 8 else "n"
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.valueMin = 0
    if spec.stacked:
        chart.categoryAxis.style = "stacked"
    fills = [colors.HexColor(spec.colours[i]) if i < len(spec.colours)
             else PALETTE[i % len(PALETTE)] for i in range(len(chart.data))]
    for i, fill in enumerate(fills):
        chart.bars[i].fillColor = fill
        chart.bars[i].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 30
    legend.fontName, legend.fontSize = SERIF, 8
    legend.colorNamePairs = [(fills[i] if i < len(fills) else PALETTE[0], name)
                             for i, (name, _) in enumerate(spec.series)]
    d.add(legend)
    d.add(String(chart.x, chart.y + chart.height + 6, spec.y_label, fontName=SERIF, fontSize=8))
    return d


def render_report_pdf(report: Report, centre: Centre, tz: dt.tzinfo) -> bytes:
    """Return ``report`` as PDF bytes."""
    register_fonts()
    s = form_styles("A4")
    title = REPORT_TITLES_VI[report.kind]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, author="counter_app",
                            creator="counter_app", lang="vi-VN", invariant=1,
                            title=unicodedata.normalize("NFC", f"{title} — {report.period.label_vi}"))
    generated = report.generated_at.astimezone(tz)
    story = [
        Paragraph(esc(centre.governing_body.upper()), s.centre),
        Paragraph(f"<b>{esc(centre.name.upper())}</b>", s.centre),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>{esc(title)}</b>", s.title),
        Paragraph(esc(report.period.label_vi), s.centre_italic),
        Paragraph(esc(f"Lập lúc {generated:%H:%M ngày %d/%m/%Y}"), s.centre_italic),
        Spacer(1, 4 * mm),
    ]
    rows = table_rows(report)
    width = PAGE[0] - 2 * MARGIN
    first = width * (0.16 if len(rows[0]) > 10 else 0.3)
    widths = [first] + [(width - first) / (len(rows[0]) - 1)] * (len(rows[0]) - 1)
    size = 6.5 if len(rows[0]) > 12 else 8
    header_style = s.centre.clone("head", fontSize=size, leading=size * 1.2, fontName=SERIF_BOLD)
    data: list[list[object]] = [[Paragraph(esc(c), header_style) for c in rows[0]]]
    data += [list(r) for r in rows[1:]]
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), SERIF, size), ("FONT", (0, 0), (-1, 0), SERIF_BOLD, size),
             ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
             ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if report.by is not GroupBy.NONE:
        style.append(("FONT", (0, -1), (-1, -1), SERIF_BOLD, size))
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 6 * mm), chart_drawing(chart_of(report), width, 75 * mm)]
    doc.build(story)
    return buffer.getvalue()
