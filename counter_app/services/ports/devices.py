"""Ports for devices and documents: the ticket printer and the PDF/XLSX renderers.

Services talk to these protocols; the composition root (``counter_app.app``) injects the concrete
adapters (python-escpos, ReportLab, openpyxl). Tests inject fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: the kiosk imports this port without the forms
    from counter_app.domain.forms import ReceiptContent
    from counter_app.domain.lifecycle_forms import LedgerContent
    from counter_app.domain.ticket_slip import PaperStatus, TicketSlip

Progress = Callable[[int, int], None]


class TicketPrinterPort(Protocol):
    """A ticket printer: turn a slip into device bytes, send them, read the paper sensor."""

    @property
    def configured(self) -> bool:
        """False when the centre set no printer (kind ``none``): nothing is printed."""
        ...

    @property
    def two_way(self) -> bool:
        """True when the link can read the printer's status (paper sensor)."""
        ...

    def prepare(self, slip: TicketSlip) -> bytes:
        """Return the device bytes of ``slip`` (no I/O)."""
        ...

    def send(self, data: bytes) -> None:
        """Send ready bytes within the printer's timeout or raise ``PrinterProblem``."""
        ...

    def paper_status(self) -> PaperStatus | None:
        """Return the paper state, or None when the link cannot tell."""
        ...

    def warm_up(self) -> None:
        """Load the driver and the ticket renderer now (slow imports), so the first ticket is as
        quick as the next; no I/O with the device."""
        ...


class DocumentRenderer(Protocol):
    """Renders the legal documents: the receipt (Mẫu 01), the lifecycle forms and the ledger."""

    def receipt_pdf(self, content: ReceiptContent, *, paper: str, copies: int) -> bytes:
        """Mẫu 01 as PDF bytes."""
        ...

    def form_pdf(self, kind: str, content: object, *, paper: str) -> bytes:
        """A lifecycle form (``FormKind`` value: 02, 03, 04, 05, 06, return) as PDF bytes."""
        ...

    def ledger_pdf(self, content: LedgerContent, progress: Progress | None = None) -> bytes:
        """The ledger (Mẫu 07) as PDF bytes; ``progress(done, total)`` follows the rendering."""
        ...

    def ledger_xlsx(self, content: LedgerContent, progress: Progress | None = None) -> bytes:
        """The ledger (Mẫu 07) as XLSX bytes; ``progress(done, total)`` follows the rendering."""
        ...
