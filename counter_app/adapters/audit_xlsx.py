"""The audit trail as an Excel workbook (the Audit tab's export)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from counter_app.adapters import lockdown
from counter_app.domain.errors import file_problem
from counter_app.services.ports.admin import AuditEntry

HEADER = ("Thời điểm", "Cán bộ", "Thao tác", "Đối tượng", "Chi tiết", "Máy", "Số thứ tự")
WIDTHS = (19, 16, 26, 30, 80, 16, 10)


def write_audit_xlsx(entries: Sequence[AuditEntry], path: Path, timezone: str) -> Path:
    """Write ``entries`` (local times, real Excel date-times) to ``path``; return it (0600)."""
    tz = ZoneInfo(timezone)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nhat ky kiem toan"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in entries:
        sheet.append([e.at.astimezone(tz).replace(tzinfo=None), e.actor, e.action, e.subject,
                      e.detail, e.origin, e.seq])
        sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy hh:mm:ss"
    for n, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + n)].width = width
    sheet.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as exc:
        raise file_problem(path, exc, writing=True) from None
    return lockdown.private_file(path)
