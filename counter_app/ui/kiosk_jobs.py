"""What the kiosk does off the GUI thread: read the services, issue a ticket, render and print it.

No Qt here: these run on the kiosk window's worker threads (and in ``bench/bench_kiosk.py``).
Issuing commits the ticket first and only then renders the slip and builds the ESC/POS bytes, so
a printer fault can never lose a number; sending the bytes is a separate job with the printer's
own short timeout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from counter_app.adapters.printing.escpos_output import TicketPrinter, ticket_bytes
from counter_app.app import AppContext
from counter_app.domain.mobile_ticket import ticket_url
from counter_app.domain.ticket_slip import PaperStatus, PrinterProblem, TicketSlip
from counter_app.services.kiosk_setup import KioskSetup, kiosk_setup
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import IssuedTicket, ServiceStatus


@dataclass(frozen=True)
class PreparedTicket:
    """A ticket stored in the database, its slip and the printer bytes (None: no printer)."""

    issued: IssuedTicket
    slip: TicketSlip
    data: bytes | None


def counter_hint(numbers: tuple[int, ...]) -> str | None:
    """Return ``"Quầy 1, 2"`` for the counters serving a service, or None."""
    if not numbers:
        return None
    return "Quầy " + ", ".join(str(n) for n in sorted(numbers))


class KioskJobs:
    """The kiosk's background work over one context; safe to call from worker threads."""

    def __init__(self, ctx: AppContext, engine: QueueEngine | None = None,
                 printer: TicketPrinter | None = None) -> None:
        self.ctx = ctx
        self._engine = engine
        self.printer = printer
        self._setup: KioskSetup | None = None

    @property
    def engine(self) -> QueueEngine:
        """The queue engine (opens the store on first use, on the calling thread)."""
        if self._engine is None:
            self._engine = QueueEngine(self.ctx.store.uow, self.ctx.settings)
        return self._engine

    def now(self) -> dt.datetime:
        """Local time by the engine's clock once it exists (tests fix it), else the wall clock."""
        if self._engine is not None:
            return self._engine.now().astimezone(self.ctx.tz)
        return dt.datetime.now(self.ctx.tz)

    def setup(self) -> KioskSetup:
        """Read priority categories and the counters of each service (once per kiosk run)."""
        if self._setup is None:
            self._setup = kiosk_setup(self.ctx.store.uow)
        return self._setup

    def statuses(self) -> list[ServiceStatus]:
        """Return whether each service can issue now, with waiting counts."""
        return self.engine.service_status()

    def issue(self, service_code: str, priority_code: str | None) -> PreparedTicket:
        """Issue (commit) a ticket, then build its slip and ESC/POS bytes."""
        issued = self.engine.issue_ticket(service_code, priority_code)
        slip = self.slip_for(issued)
        return PreparedTicket(issued, slip, self.render(slip))

    def slip_for(self, issued: IssuedTicket) -> TicketSlip:
        """Return the printed content of an issued ticket."""
        settings = self.ctx.settings
        hint = counter_hint(self.setup().counters_by_service.get(issued.service_code, ()))
        qr = None
        if settings.printer.print_qr and issued.web_token:
            qr = ticket_url(settings.ticket_url_template, issued.id, issued.web_token)
        return TicketSlip(
            centre_name=settings.centre.name, service_name=issued.service_name,
            display_number=issued.display_number, priority_label=issued.priority_name,
            issued_at=issued.issued_at, people_ahead=issued.people_ahead,
            estimate_minutes=issued.estimate_minutes, counter_hint=hint, qr_payload=qr)

    def render(self, slip: TicketSlip) -> bytes | None:
        """Return the ESC/POS bytes of ``slip``, or None when no printer is configured."""
        if self.printer is None or self.printer.settings.kind == "none":
            return None
        return ticket_bytes(self.printer.render(slip))

    def send(self, data: bytes) -> None:
        """Send ready bytes to the printer (raises PrinterProblem within the timeout)."""
        if self.printer is None:
            raise PrinterProblem("Chưa cấu hình máy in phiếu.")
        self.printer.send(data)

    def reprint(self, slip: TicketSlip) -> None:
        """Render ``slip`` again, marked "In lại", and print it."""
        data = self.render(replace(slip, reprint=True))
        if data is not None:
            self.send(data)

    def paper(self) -> PaperStatus | None:
        """Return the paper sensor state where the link can tell."""
        return None if self.printer is None else self.printer.paper_status()
