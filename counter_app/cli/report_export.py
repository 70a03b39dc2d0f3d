"""Write a report to an XLSX or PDF file (``report … --xlsx FILE | --pdf FILE``)."""

from __future__ import annotations

from pathlib import Path

from counter_app.app import CounterApp
from counter_app.cli.common import write_output
from counter_app.domain.errors import DomainError
from counter_app.services.reports import Report


def export(app: CounterApp, report: Report, *, xlsx: Path | None, pdf: Path | None) -> Path:
    """Render and write the report; return the path written."""
    if xlsx is None and pdf is None:  # pragma: no cover - argparse requires one
        raise DomainError("Chọn --xlsx hoặc --pdf.")
    path = xlsx if xlsx is not None else pdf
    assert path is not None
    write_output(path, app.report_document(report, xlsx=xlsx is not None))
    return path
