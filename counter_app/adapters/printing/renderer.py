"""The document renderer adapter: one table from each legal document to its ReportLab/openpyxl
renderer, behind :class:`counter_app.services.ports.devices.DocumentRenderer`.

Renderer modules are imported on first use, so a command that prints nothing never loads ReportLab.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.forms import ReceiptContent
from counter_app.domain.lifecycle_forms import LedgerContent

# FormKind value -> (module, function) rendering its content with ``paper_name=``.
FORM_RENDERERS: dict[str, tuple[str, str]] = {
    "02": ("counter_app.adapters.printing.forms_pdf", "render_supplement_pdf"),
    "03": ("counter_app.adapters.printing.forms_pdf", "render_refusal_pdf"),
    "04": ("counter_app.adapters.printing.forms_pdf", "render_apology_pdf"),
    "05": ("counter_app.adapters.printing.forms_pdf", "render_stop_notice_pdf"),
    "06": ("counter_app.adapters.printing.control_sheet_pdf", "render_control_sheet_pdf"),
    "return": ("counter_app.adapters.printing.return_slip_pdf", "render_return_slip_pdf"),
}


def _function(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


class ReportLabRenderer:
    """Renders every document of the centre (receipt, forms 02–06, return slip, ledger)."""

    def receipt_pdf(self, content: ReceiptContent, *, paper: str, copies: int) -> bytes:
        """Mẫu 01 as PDF bytes."""
        from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf

        return render_receipt_pdf(content, paper=paper, copies=copies)

    def form_pdf(self, kind: str, content: object, *, paper: str) -> bytes:
        """A lifecycle form as PDF bytes."""
        try:
            module, name = FORM_RENDERERS[str(kind)]
        except KeyError:
            raise DomainError(f"Không có mẫu biểu '{kind}'.") from None
        return bytes(_function(module, name)(content, paper_name=paper))

    def ledger_pdf(self, content: LedgerContent,
                   progress: Callable[[int, int], None] | None = None) -> bytes:
        """Mẫu 07 as PDF bytes."""
        from counter_app.adapters.printing.ledger_pdf import render_ledger_pdf

        return render_ledger_pdf(content, progress)

    def ledger_xlsx(self, content: LedgerContent,
                    progress: Callable[[int, int], None] | None = None) -> bytes:
        """Mẫu 07 as XLSX bytes."""
        from counter_app.adapters.ledger_xlsx import render_ledger_xlsx

        return render_ledger_xlsx(content, progress)
