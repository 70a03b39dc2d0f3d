"""Send rendered queue tickets to ESC/POS thermal printers (python-escpos).

A ticket is one raster image (``GS v 0``) followed by a cut; the bytes are built once with
``escpos.printer.Dummy`` and written to the real link in one go. Every failure becomes a
:class:`~counter_app.domain.ticket_slip.PrinterProblem` with a Vietnamese message, and no call
blocks longer than ``PrinterSettings.timeout_s``: the job runs on a daemon thread and the link is
closed when the deadline passes. Paper status (``DLE EOT 4``) is read only over two-way links
(network, usb, serial); the Windows spooler (``win32raw``) and ``file`` cannot answer.
"""

from __future__ import annotations

import importlib
import importlib.util
import socket
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from escpos.constants import RT_MASK_LOWPAPER, RT_MASK_NOPAPER, RT_STATUS_PAPER
from escpos.exceptions import DeviceNotFoundError

from counter_app.domain.settings import PrinterSettings
from counter_app.domain.ticket_slip import PaperStatus, PrinterProblem, TicketSlip

if TYPE_CHECKING:
    from escpos.escpos import Escpos
    from PIL import Image

__all__ = [
    "TWO_WAY_KINDS",
    "PaperStatus",
    "PrinterProblem",
    "TicketPrinter",
    "build_printer",
    "ticket_bytes",
]

KINDS = frozenset({"network", "usb", "serial", "win32raw", "file", "none"})
TWO_WAY_KINDS = frozenset({"network", "usb", "serial"})
_PROBE_READ_S = 1.0
_T = TypeVar("_T")

NO_RESPONSE = "Máy in không phản hồi"
PAPER_OUT = "Máy in hết giấy. Vui lòng thay cuộn giấy mới rồi in lại phiếu."


def escpos_printers() -> ModuleType:
    """``escpos.printer``, imported on first use: importing python-escpos parses its printer
    capabilities database (~0.5 s of YAML), which a window must not pay before it shows. The
    kiosk calls this on its print thread once its window is up."""
    return importlib.import_module("escpos.printer")


def ticket_bytes(image: Image.Image) -> bytes:
    """Return the ESC/POS bytes of one ticket: ``ESC @``, the image as raster, feed and cut."""
    dummy = escpos_printers().Dummy()
    _set_media_width(dummy, image.width)
    dummy.hw("INIT")
    dummy.image(image, impl="bitImageRaster", center=False)
    dummy.cut()
    return bytes(dummy.output)


def _set_media_width(device: Escpos, width_dots: int) -> None:
    """Give this printer object (only) a profile with a known paper width in dots."""
    data = dict(device.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": width_dots}}
    device.profile.profile_data = data


def _where(settings: PrinterSettings) -> str:
    """Describe the printer's address for messages."""
    return {
        "network": f"{settings.host}:{settings.port}",
        "usb": f"USB {settings.vendor_id:04x}:{settings.product_id:04x}",
        "serial": settings.device,
        "win32raw": settings.printer_name or "máy in mặc định",
        "file": settings.path,
    }.get(settings.kind, settings.kind)


# the driver module each link needs (python-escpos's ``is_usable`` checks the same imports)
_DRIVERS = {"usb": ("usb", "Thiếu thư viện pyusb để in qua cổng USB."),
            "serial": ("serial", "Thiếu thư viện pyserial để in qua cổng COM."),
            "win32raw": ("win32print", "Kiểu máy in win32raw chỉ dùng trên Windows.")}


def check_printer(settings: PrinterSettings) -> None:
    """Raise PrinterProblem for an unknown kind or a driver library missing on this computer,
    without importing python-escpos."""
    kind = settings.kind
    if kind not in KINDS:
        raise PrinterProblem(
            f"Loại máy in '{kind}' không hợp lệ; "
            "chọn network, usb, serial, win32raw, file hoặc none."
        )
    if kind in _DRIVERS:
        module, message = _DRIVERS[kind]
        _require(importlib.util.find_spec(module) is not None, message)


def build_printer(settings: PrinterSettings) -> Escpos | None:
    """Return an unopened python-escpos printer for ``settings``, or None for kind ``none``.

    Raises PrinterProblem for an unknown kind or a driver library missing on this computer.
    """
    check_printer(settings)
    kind = settings.kind
    if kind == "none":
        return None
    escpos_printer = escpos_printers()
    if kind == "network":
        return escpos_printer.Network(settings.host, settings.port, timeout=settings.timeout_s)
    if kind == "file":
        return escpos_printer.File(settings.path)
    if kind == "usb":
        _require(escpos_printer.Usb.is_usable(), _DRIVERS["usb"][1])
        timeout_ms = max(1, round(settings.timeout_s * 1000))
        return escpos_printer.Usb(settings.vendor_id, settings.product_id, timeout=timeout_ms)
    if kind == "serial":
        _require(escpos_printer.Serial.is_usable(), _DRIVERS["serial"][1])
        return escpos_printer.Serial(
            settings.device, baudrate=settings.baudrate, timeout=settings.timeout_s
        )
    _require(escpos_printer.Win32Raw.is_usable(), _DRIVERS["win32raw"][1])
    return escpos_printer.Win32Raw(settings.printer_name)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PrinterProblem(message)


def _set_read_timeout(device: Escpos, seconds: float) -> None:
    """Shorten the wait for a status reply on links that read with a timeout."""
    link: Any = device.device
    if isinstance(link, socket.socket):
        link.settimeout(seconds)
    elif hasattr(link, "timeout") and not isinstance(device, escpos_printers().Usb):
        link.timeout = seconds


def _read_paper(device: Escpos) -> PaperStatus | None:
    """Ask for the paper sensor (``DLE EOT 4``); None when the printer gives no answer.

    Same request and bit masks as python-escpos' ``paper_status()``, which however reports an
    empty reply as "paper adequate" and lets a read timeout escape; here both mean "unknown".
    """
    try:
        status = device.query_status(RT_STATUS_PAPER)
    except (OSError, NotImplementedError):
        return None
    if not status:
        return None
    return _paper_from_byte(status[0])


def _paper_from_byte(byte: int) -> PaperStatus:
    """Decode the ``DLE EOT 4`` reply byte: bits 5–6 paper end, bits 2–3 near end."""
    if byte & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
        return PaperStatus.OUT
    if byte & RT_MASK_LOWPAPER == RT_MASK_LOWPAPER:
        return PaperStatus.NEAR_END
    return PaperStatus.OK


class TicketPrinter:
    """The kiosk's ticket printer, configured by :class:`PrinterSettings`.

    ``check_paper``: before printing over a two-way link, read the paper sensor and refuse with
    "Máy in hết giấy" when it is empty (printers may otherwise accept the job and print it later).
    """

    def __init__(self, settings: PrinterSettings, *, check_paper: bool = True) -> None:
        self.settings = settings
        self.check_paper = check_paper
        self._lock = threading.Lock()
        check_printer(settings)  # validate the kind and drivers early (python-escpos loads later)

    @property
    def configured(self) -> bool:
        """False for kind ``none``: the centre prints no tickets."""
        return self.settings.kind != "none"

    def prepare(self, slip: TicketSlip) -> bytes:
        """Render ``slip`` and return its ESC/POS bytes (no device I/O)."""
        return ticket_bytes(self.render(slip))

    @property
    def two_way(self) -> bool:
        """True when the link can read the printer's status."""
        return self.settings.kind in TWO_WAY_KINDS

    def render(self, slip: TicketSlip) -> Image.Image:
        """Render ``slip`` at this printer's paper width (QR only if ``print_qr`` is set)."""
        from counter_app.adapters.printing.ticket_image import render_ticket  # Pillow, qrcode

        return render_ticket(
            slip, paper_width_mm=self.settings.paper_width_mm, with_qr=self.settings.print_qr
        )

    def print(self, slip: TicketSlip) -> None:
        """Render and print ``slip`` or raise PrinterProblem; kind ``none`` does nothing."""
        if self.settings.kind == "none":
            return
        self.send(ticket_bytes(self.render(slip)))

    def send(self, data: bytes) -> None:
        """Write ready ESC/POS ``data`` to the printer within ``timeout_s``."""

        def job(device: Escpos) -> None:
            if self.check_paper and self.two_way:
                _set_read_timeout(device, min(_PROBE_READ_S, self.settings.timeout_s / 4))
                paper = _read_paper(device)
                _set_read_timeout(device, self.settings.timeout_s)
                if paper is PaperStatus.OUT:
                    raise PrinterProblem(PAPER_OUT)
            device._raw(data)

        self._run(job)

    def warm_up(self) -> None:
        """Import python-escpos (its capabilities database) and the ticket renderer (Pillow,
        qrcode) ahead of the first ticket."""
        escpos_printers()
        importlib.import_module("counter_app.adapters.printing.ticket_image")

    def paper_status(self) -> PaperStatus | None:
        """Return the paper sensor's state over a two-way link; None when it cannot be read."""
        if not self.two_way:
            return None

        def job(device: Escpos) -> PaperStatus | None:
            _set_read_timeout(device, min(_PROBE_READ_S * 2, self.settings.timeout_s / 2))
            return _read_paper(device)

        return self._run(job)

    def _run(self, job: Callable[[Escpos], _T]) -> _T:
        """Open the link, run ``job`` and close, all within ``timeout_s`` on a daemon thread."""
        with self._lock:
            device = build_printer(self.settings)
            if device is None:
                raise PrinterProblem("Chưa cấu hình máy in phiếu.")
            outcome: list[Any] = []

            def target() -> None:
                try:
                    device.open()
                    try:
                        outcome.append(("ok", job(device)))
                    finally:
                        device.close()
                except BaseException as exc:  # reported to the caller's thread
                    outcome.append(("error", exc))

            worker = threading.Thread(target=target, name="ticket-printer", daemon=True)
            worker.start()
            worker.join(self.settings.timeout_s)
            if worker.is_alive():
                _close_quietly(device)
                raise PrinterProblem(self._no_response())
            state, value = outcome[0]
            if state == "ok":
                return value  # type: ignore[no-any-return]
            raise self._translate(value) from value

    def _no_response(self) -> str:
        return (
            f"{NO_RESPONSE} ({_where(self.settings)}) sau {self.settings.timeout_s:g} giây. "
            "Kiểm tra nguồn điện, dây cáp và giấy in."
        )

    def _translate(self, exc: BaseException) -> PrinterProblem:
        """Map a driver exception to a PrinterProblem with a Vietnamese message."""
        if isinstance(exc, PrinterProblem):
            return exc
        where = _where(self.settings)
        if isinstance(exc, TimeoutError) or self.settings.kind == "network":
            return PrinterProblem(self._no_response())
        if isinstance(exc, DeviceNotFoundError):
            return PrinterProblem(f"Không tìm thấy máy in ({where}). Kiểm tra cáp và cấu hình.")
        if type(exc).__name__ == "NoBackendError":  # pyusb found no libusb on this machine
            return PrinterProblem(
                f"Không dùng được máy in USB ({where}): máy tính thiếu thư viện libusb "
                "(Debian/Ubuntu: gói libusb-1.0-0; Windows: cài trình điều khiển WinUSB/libusb).")
        return PrinterProblem(f"Máy in ({where}) báo lỗi khi in phiếu: {exc}")


def _close_quietly(device: Escpos) -> None:
    """Close a link whose job overran its deadline, unblocking the worker where possible."""
    try:
        device.close()
    except Exception:  # best effort; the caller already gets PrinterProblem
        pass
