"""This PC's devices as the admin sets them: the ticket printer and its test print.

The printer belongs to the PC (its ``[printer]`` table in the config file), not to the centre:
two kiosks may use different printers. Saving writes the table through a :class:`PrinterConfig`
port (the file is re-read and checked by the same loader as at start-up; a refused value leaves
the file as it was). "In thử" prints a sample ticket with the settings on screen, saved or not.
Both need an admin and are audited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

from counter_app.domain.errors import ValidationError
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import PrinterSettings
from counter_app.domain.ticket_slip import TicketSlip
from counter_app.services.auth import require_role
from counter_app.services.unit_of_work import UnitOfWorkFactory

KINDS = ("none", "network", "usb", "serial", "win32raw", "file")
KIND_LABELS_VI = {
    "none": "Không in phiếu", "network": "Mạng LAN (TCP/IP)", "usb": "Cổng USB",
    "serial": "Cổng COM (nối tiếp)", "win32raw": "Máy in Windows", "file": "Ghi ra tệp (thử)",
}


class PrinterConfig(Protocol):
    """Reads and writes this PC's ``[printer]`` settings (the config file in production)."""

    def read_printer(self) -> PrinterSettings:
        """Return the saved printer settings."""
        ...

    def write_printer(self, printer: PrinterSettings) -> PrinterSettings:
        """Save the printer settings (checked like the config file); return them as read back."""
        ...


class SamplePrinter(Protocol):
    """A printer that prints one slip (the adapters' TicketPrinter)."""

    def print(self, slip: TicketSlip) -> None:
        """Print ``slip`` within the printer's timeout or raise a Vietnamese error."""
        ...


def check_printer(p: PrinterSettings) -> None:
    """Raise :class:`ValidationError` naming each bad field of ``p``."""
    errors: dict[str, str] = {}
    if p.kind not in KINDS:
        errors["kind"] = f"Loại máy in phải là một trong: {', '.join(KINDS)}."
    if p.kind == "network":
        if not p.host.strip():
            errors["host"] = "Nhập địa chỉ IP hoặc tên máy in."
        if not 1 <= p.port <= 65535:
            errors["port"] = "Cổng từ 1 đến 65535 (máy in mạng thường dùng 9100)."
    if p.kind == "usb" and (not 0 < p.vendor_id <= 0xFFFF or not 0 < p.product_id <= 0xFFFF):
        errors["vendor_id"] = "Nhập mã hãng và mã sản phẩm USB (dạng 04b8:0202)."
    if p.kind == "serial" and not p.device.strip():
        errors["device"] = "Nhập cổng, ví dụ COM3 hoặc /dev/ttyUSB0."
    if p.kind == "file" and not p.path.strip():
        errors["path"] = "Nhập đường dẫn tệp."
    if p.paper_width_mm not in (58, 80):
        errors["paper_width_mm"] = "Khổ giấy 58 hoặc 80 mm."
    if errors:
        raise ValidationError(errors)


class DeviceService:
    """The printer of this PC: read, save, print a sample."""

    def __init__(self, uow_factory: UnitOfWorkFactory, config: PrinterConfig,
                 printer_for: Callable[[PrinterSettings], SamplePrinter], centre_name: str,
                 tz: ZoneInfo) -> None:
        self.uow_factory = uow_factory
        self.config = config
        self.printer_for = printer_for
        self.centre_name = centre_name
        self.tz = tz

    def printer(self) -> PrinterSettings:
        """The saved printer settings of this PC."""
        return self.config.read_printer()

    def save_printer(self, actor: Officer, printer: PrinterSettings) -> PrinterSettings:
        """Check and save the printer settings (admin; audited with old and new values)."""
        require_role(actor, Role.ADMIN)
        check_printer(printer)
        old = self.config.read_printer()
        saved = self.config.write_printer(printer)
        before, after = dataclasses.asdict(old), dataclasses.asdict(saved)
        keys = [k for k in after if before[k] != after[k]]
        with self.uow_factory() as uow:
            uow.audit.record(actor.username, "printer_settings", "printer", json.dumps(
                {"old": {k: before[k] for k in keys}, "new": {k: after[k] for k in keys}},
                ensure_ascii=False))
            uow.commit()
        return saved

    def test_print(self, actor: Officer, printer: PrinterSettings) -> None:
        """Print a sample ticket on ``printer`` (admin); raises the printer's Vietnamese error."""
        require_role(actor, Role.ADMIN)
        check_printer(printer)
        if printer.kind == "none":
            raise ValidationError({"kind": "Chọn loại máy in trước khi in thử."})
        slip = TicketSlip(centre_name=self.centre_name, service_name="IN THỬ — kiểm tra máy in",
                          display_number="T000", priority_label=None,
                          issued_at=dt.datetime.now(self.tz), people_ahead=0,
                          counter_hint=f"Khổ {printer.paper_width_mm} mm",
                          qr_payload="https://example.gov.vn/in-thu" if printer.print_qr
                          else None)
        self.printer_for(printer).print(slip)
        with self.uow_factory() as uow:
            uow.audit.record(actor.username, "printer_test", printer.kind)
            uow.commit()
