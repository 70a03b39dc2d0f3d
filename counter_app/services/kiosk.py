"""The kiosk's use cases: services on offer, issue a ticket, build its slip, print and reprint it.

Issuing commits the ticket first and only then builds the slip and the printer bytes, so a printer
fault can never lose a number; sending the bytes is a separate call with the printer's own short
timeout. The printer is a port (:class:`TicketPrinterPort`) injected by the composition root.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from counter_app.domain.mobile_ticket import ticket_url
from counter_app.domain.settings import Settings
from counter_app.domain.ticket_slip import PaperStatus, PrinterProblem, TicketSlip
from counter_app.services.kiosk_setup import KioskSetup, kiosk_setup
from counter_app.services.ports.devices import TicketPrinterPort
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import IssuedTicket, ServiceStatus
from counter_app.services.unit_of_work import UnitOfWorkFactory

NO_PRINTER = "Chưa cấu hình máy in phiếu."


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


def ticket_qr_payload(settings: Settings, issued: IssuedTicket) -> str | None:
    """The mobile-ticket URL printed as the ticket's QR code, or None when the centre prints no
    QR (or the ticket has no web token)."""
    if not settings.printer.print_qr or not issued.web_token:
        return None
    return ticket_url(settings.ticket_url_template, issued.id, issued.web_token)


class KioskService:
    """The kiosk's work over the queue engine and a printer port; safe from worker threads."""

    def __init__(self, engine: QueueEngine, uow_factory: UnitOfWorkFactory, settings: Settings,
                 printer: TicketPrinterPort | None, printer_problem: str | None = None) -> None:
        self.engine = engine
        self.settings = settings
        self.printer = printer
        self.printer_problem = printer_problem
        self._uow_factory = uow_factory
        self._setup: KioskSetup | None = None

    def now(self) -> dt.datetime:
        """Local time by the engine's clock (tests fix it)."""
        return self.engine.now().astimezone(self.engine.tz)

    def setup(self) -> KioskSetup:
        """Read priority categories and the counters of each service (once per kiosk run)."""
        if self._setup is None:
            self._setup = kiosk_setup(self._uow_factory)
        return self._setup

    def reload_setup(self) -> KioskSetup:
        """Read them again (the admin may have changed them while the kiosk runs)."""
        self._setup = kiosk_setup(self._uow_factory)
        return self._setup

    def statuses(self) -> list[ServiceStatus]:
        """Return whether each service can issue now, with waiting counts."""
        return self.engine.service_status()

    def issue(self, service_code: str, priority_code: str | None) -> PreparedTicket:
        """Issue (commit) a ticket, then build its slip and printer bytes."""
        issued = self.engine.issue_ticket(service_code, priority_code)
        slip = self.slip_for(issued)
        return PreparedTicket(issued, slip, self.render(slip))

    def slip_for(self, issued: IssuedTicket) -> TicketSlip:
        """Return the printed content of an issued ticket."""
        hint = counter_hint(self.setup().counters_by_service.get(issued.service_code, ()))
        return TicketSlip(
            centre_name=self.settings.centre.name, service_name=issued.service_name,
            display_number=issued.display_number, priority_label=issued.priority_name,
            issued_at=issued.issued_at, people_ahead=issued.people_ahead,
            estimate_minutes=issued.estimate_minutes, counter_hint=hint,
            qr_payload=ticket_qr_payload(self.settings, issued))

    def render(self, slip: TicketSlip) -> bytes | None:
        """Return the printer bytes of ``slip``, or None when no printer is configured."""
        if self.printer is None or not self.printer.configured:
            return None
        return self.printer.prepare(slip)

    def send(self, data: bytes) -> None:
        """Send ready bytes to the printer (raises PrinterProblem within the timeout)."""
        if self.printer is None:
            raise PrinterProblem(self.printer_problem or NO_PRINTER)
        self.printer.send(data)

    def reprint(self, slip: TicketSlip) -> None:
        """Render ``slip`` again, marked "In lại", and print it."""
        data = self.render(replace(slip, reprint=True))
        if data is not None:
            self.send(data)

    def warm_up(self) -> None:
        """Get the printer ready for the first ticket (run on the print thread after start)."""
        if self.printer is not None and self.printer.configured:
            self.printer.warm_up()

    def paper(self) -> PaperStatus | None:
        """Return the paper sensor state where the link can tell."""
        return None if self.printer is None else self.printer.paper_status()
