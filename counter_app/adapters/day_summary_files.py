"""Writes the day summary PDF to the reports folder (private, one file per day)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from counter_app.adapters import lockdown
from counter_app.adapters.printing.day_summary_pdf import render_day_summary_pdf
from counter_app.domain.day_summary import DaySummary
from counter_app.domain.settings import Settings


class DaySummaryFiles:
    """``<folder>/ngay-YYYY-MM-DD.pdf``; a callable the day-close service is given."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.settings = settings

    def __call__(self, summary: DaySummary, closed_by: str, closed_at: dt.datetime) -> Path:
        """Render and write the PDF; return its path."""
        local = closed_at.astimezone(ZoneInfo(self.settings.timezone))
        pdf = render_day_summary_pdf(summary, self.settings.centre, closed_by,
                                     f"{local:%H:%M ngày %d/%m/%Y}")
        lockdown.private_dir(self.folder)
        path = self.folder / f"ngay-{summary.day.isoformat()}.pdf"
        path.write_bytes(pdf)
        return lockdown.private_file(path)
