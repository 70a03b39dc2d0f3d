"""Write a report to an XLSX or PDF file (``report … --xlsx FILE | --pdf FILE``)."""

from __future__ import annotations

from pathlib import Path

from counter_app.app import CounterApp
from counter_app.cli.common import write_output
from counter_app.domain.errors import DomainError
from counter_app.services.reports import Report


def export(app: CounterApp, report: Report, *, xlsx: Path | None, pdf: Path | None) -> Path:
    """Render and write the report; return the path written."""
    files = app.report_files
    if xlsx is not None:
        data, path = files.xlsx(report), xlsx
    elif pdf is not None:
        data, path = files.pdf(report), pdf
    else:  # pragma: no cover - argparse requires one
        raise DomainError("Chọn --xlsx hoặc --pdf.")
    write_output(path, data)
    return path
