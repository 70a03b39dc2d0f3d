"""Write a report to an XLSX or PDF file (``report … --xlsx FILE | --pdf FILE``)."""

from __future__ import annotations

from pathlib import Path

from counter_app.app import AppContext
from counter_app.cli.failures import write_output
from counter_app.domain.errors import DomainError
from counter_app.services.reports import Report


def export(ctx: AppContext, report: Report, *, xlsx: Path | None, pdf: Path | None) -> Path:
    """Render and write the report; return the path written."""
    if xlsx is not None:
        from counter_app.adapters.report_xlsx import render_report_xlsx

        data, path = render_report_xlsx(report, ctx.settings.centre, ctx.tz), xlsx
    elif pdf is not None:
        from counter_app.adapters.printing.report_pdf import render_report_pdf

        data, path = render_report_pdf(report, ctx.settings.centre, ctx.tz), pdf
    else:  # pragma: no cover - argparse requires one
        raise DomainError("Chọn --xlsx hoặc --pdf.")
    write_output(path, data)
    return path
