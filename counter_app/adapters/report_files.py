"""The report renderers behind :class:`~counter_app.services.report_layout.ReportFiles`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.domain.reference import Centre
from counter_app.services.reports import Report


@dataclass(frozen=True)
class ReportFileWriter:
    """XLSX (openpyxl) and PDF (ReportLab) of a report, with the centre's header."""

    centre: Centre
    tz: dt.tzinfo

    def xlsx(self, report: Report) -> bytes:
        """The report as an Excel workbook."""
        from counter_app.adapters.report_xlsx import render_report_xlsx

        return render_report_xlsx(report, self.centre, self.tz)

    def pdf(self, report: Report) -> bytes:
        """The report as PDF with its chart."""
        from counter_app.adapters.printing.report_pdf import render_report_pdf

        return render_report_pdf(report, self.centre, self.tz)
