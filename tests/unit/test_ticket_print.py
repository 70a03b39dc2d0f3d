"""Ticket raster rendering and ESC/POS output, checked by decoding the bytes a printer receives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
import threading
import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops

from counter_app.adapters.printing.escpos_output import (
    TicketPrinter,
    build_printer,
    ticket_bytes,
)
from counter_app.adapters.printing.ticket_image import paper_width_dots, render_ticket
from counter_app.domain.settings import PrinterSettings
from counter_app.domain.ticket_slip import PaperStatus, PrinterProblem, TicketSlip
from tests.escpos_decode import decode

PAYLOAD = "https://dichvucong.example.gov.vn/hang-cho?so=A012&k=9f3c1a"
SLIP = TicketSlip(
    centre_name="Trung tâm Phục vụ hành chính công phường Mẫu",
    service_name="Đăng ký khai sinh, khai tử, kết hôn",
    display_number="A012",
    priority_label="Người cao tuổi",
    issued_at=dt.datetime(2025, 5, 12, 8, 15),
    people_ahead=4,
    estimate_minutes=15,
    counter_hint="Quầy 3, 4",
    qr_payload=PAYLOAD,
)


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


def qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def file_printer(tmp_path: Path, **kw: object) -> tuple[TicketPrinter, Path]:
    out = tmp_path / "printer.bin"
    settings = PrinterSettings(kind="file", path=str(out), **kw)  # type: ignore[arg-type]
    return TicketPrinter(settings), out


# --- rendering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("mm", "dots"), [(58, 384), (80, 576)])
def test_render_width_and_mode(mm: int, dots: int) -> None:
    image = render_ticket(SLIP, paper_width_mm=mm)
    assert paper_width_dots(mm) == dots
    assert image.mode == "1"
    assert image.width == dots and dots % 8 == 0
    assert 400 < image.height < 1400


def test_unsupported_paper_width_is_a_printer_problem() -> None:
    with pytest.raises(PrinterProblem, match="Khổ giấy 76 mm"):
        render_ticket(SLIP, paper_width_mm=76)


def test_priority_mark_is_an_inverted_box() -> None:
    def full_black_rows(image: Image.Image) -> int:
        width = image.width
        inner = image.crop((24, 0, width - 24, image.height)).convert("L")
        rows = 0
        for y in range(inner.height):
            row = inner.crop((0, y, inner.width, y + 1))
            if row.getextrema() == (0, 0):
                rows += 1
        return rows

    with_mark = full_black_rows(render_ticket(SLIP, with_qr=False))
    plain = dataclasses.replace(SLIP, priority_label=None)
    without = full_black_rows(render_ticket(plain, with_qr=False))
    assert with_mark - without >= 10  # the box's black band above and below the text


def test_reprint_and_longer_content_make_a_different_ticket() -> None:
    plain = render_ticket(SLIP)
    assert not same_pixels(plain, render_ticket(dataclasses.replace(SLIP, reprint=True)))
    assert not same_pixels(plain, render_ticket(dataclasses.replace(SLIP, display_number="A013")))


def test_qr_only_when_asked_and_present() -> None:
    assert qr_texts(render_ticket(SLIP, with_qr=True)) == [PAYLOAD]
    assert qr_texts(render_ticket(SLIP, with_qr=False)) == []
    assert qr_texts(render_ticket(dataclasses.replace(SLIP, qr_payload=None))) == []


def test_long_names_wrap_inside_the_paper() -> None:
    slip = dataclasses.replace(
        SLIP,
        centre_name="Trung tâm Phục vụ hành chính công tỉnh Mẫu — chi nhánh số 3 khu vực phía Bắc",
        service_name="Cấp đổi giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản",
    )
    short = render_ticket(SLIP, paper_width_mm=58)
    long = render_ticket(slip, paper_width_mm=58)
    assert long.width == 384
    assert long.height > short.height  # more lines, same width
    # nothing drawn in the side margins
    margin = long.crop((0, 0, 6, long.height)).convert("L")
    assert margin.getextrema() == (255, 255)


# --- ESC/POS bytes ----------------------------------------------------------------------------


@pytest.mark.parametrize("mm", [58, 80])
def test_ticket_bytes_decode_to_the_rendered_image(mm: int) -> None:
    image = render_ticket(SLIP, paper_width_mm=mm)
    decoded = decode(ticket_bytes(image))
    assert decoded.commands[0] == "init"
    assert decoded.ends_with_cut
    assert same_pixels(decoded.image, image)
    assert decoded.image.width == paper_width_dots(mm)


def test_tall_ticket_is_sent_in_several_raster_fragments() -> None:
    image = render_ticket(SLIP, paper_width_mm=80)
    assert image.height > 960  # python-escpos splits above 960 rows
    decoded = decode(ticket_bytes(image))
    assert len(decoded.fragments) >= 2
    assert same_pixels(decoded.image, image)


@pytest.mark.parametrize("mm", [58, 80])
def test_file_printer_writes_a_decodable_ticket_with_qr(tmp_path: Path, mm: int) -> None:
    printer, out = file_printer(tmp_path, paper_width_mm=mm, print_qr=True)
    printer.print(SLIP)
    decoded = decode(out.read_bytes())
    assert decoded.commands[0] == "init"
    assert decoded.commands[-2:] == ["feed 6", "cut full"]
    assert same_pixels(decoded.image, printer.render(SLIP))
    assert decoded.image.width == paper_width_dots(mm)
    assert qr_texts(decoded.image) == [PAYLOAD]


def test_file_printer_without_qr_setting_prints_no_qr(tmp_path: Path) -> None:
    printer, out = file_printer(tmp_path, print_qr=False)
    printer.print(SLIP)
    assert qr_texts(decode(out.read_bytes()).image) == []


def test_file_printer_has_no_paper_status(tmp_path: Path) -> None:
    printer, _ = file_printer(tmp_path)
    assert printer.paper_status() is None
    assert not printer.two_way


def test_missing_folder_is_a_printer_problem(tmp_path: Path) -> None:
    printer, _ = file_printer(tmp_path / "no-such-dir")
    with pytest.raises(PrinterProblem, match="Không tìm thấy máy in"):
        printer.print(SLIP)


def test_none_printer_does_nothing() -> None:
    printer = TicketPrinter(PrinterSettings(kind="none"))
    printer.print(SLIP)  # no error, nothing to talk to
    assert printer.paper_status() is None
    assert build_printer(PrinterSettings(kind="none")) is None


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(PrinterProblem, match="không hợp lệ"):
        TicketPrinter(PrinterSettings(kind="bluetooth"))


def test_absent_usb_and_serial_printers_are_reported_in_vietnamese() -> None:
    usb = TicketPrinter(PrinterSettings(kind="usb", vendor_id=0x04B8, product_id=0x0E15,
                                        timeout_s=3))
    with pytest.raises(PrinterProblem) as info:
        usb.print(SLIP)
    assert "04b8:0e15" in info.value.message
    assert any(w in info.value.message for w in ("Không tìm thấy", "libusb"))
    serial = TicketPrinter(PrinterSettings(kind="serial", device="/dev/ttyKHONGCO", timeout_s=3))
    with pytest.raises(PrinterProblem, match="Không tìm thấy máy in"):
        serial.print(SLIP)


@pytest.mark.skipif(os.name == "nt", reason="win32raw works on Windows")
def test_win32raw_is_windows_only() -> None:
    with pytest.raises(PrinterProblem, match="Windows"):
        TicketPrinter(PrinterSettings(kind="win32raw", printer_name="XP-80"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_blocked_device_never_hangs_past_the_timeout(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)  # opening it for writing blocks until a reader comes: a stuck device
    printer = TicketPrinter(PrinterSettings(kind="file", path=str(fifo), timeout_s=0.5))
    started = time.monotonic()
    try:
        with pytest.raises(PrinterProblem, match="Máy in không phản hồi"):
            printer.print(SLIP)
        assert time.monotonic() - started < 1.5
    finally:
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # release the stuck worker
        time.sleep(0.2)
        os.close(reader)


# --- network printer -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_network_printer_on_closed_port_fails_fast() -> None:
    settings = PrinterSettings(kind="network", host="127.0.0.1", port=free_port(), timeout_s=2.0)
    started = time.monotonic()
    with pytest.raises(PrinterProblem, match="Máy in không phản hồi") as caught:
        TicketPrinter(settings).print(SLIP)
    assert time.monotonic() - started < settings.timeout_s + 0.5
    assert "127.0.0.1" in caught.value.message


class FakeNetworkPrinter:
    """A TCP printer on 127.0.0.1 that records what it receives and answers DLE EOT 4."""

    def __init__(self, status_reply: bytes | None) -> None:
        self.status_reply = status_reply
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.server.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.server.settimeout(5)
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.received += chunk
                if b"\x10\x04\x04" in chunk and self.status_reply is not None:
                    conn.sendall(self.status_reply)

    def settings(self, **kw: object) -> PrinterSettings:
        return PrinterSettings(kind="network", host="127.0.0.1", port=self.port, **kw)  # type: ignore[arg-type]

    def finish(self) -> bytes:
        self.thread.join(5)
        self.server.close()
        return bytes(self.received)


def test_network_printer_checks_paper_then_prints() -> None:
    fake = FakeNetworkPrinter(status_reply=b"\x12")  # paper adequate
    printer = TicketPrinter(fake.settings(paper_width_mm=58, print_qr=True))
    printer.print(SLIP)
    decoded = decode(fake.finish())
    assert decoded.commands[0] == "status 4"
    assert decoded.commands[1] == "init"
    assert decoded.ends_with_cut
    assert same_pixels(decoded.image, printer.render(SLIP))


def test_network_printer_out_of_paper_refuses_and_sends_no_ticket() -> None:
    fake = FakeNetworkPrinter(status_reply=b"\x72")  # paper end sensor
    with pytest.raises(PrinterProblem, match="Máy in hết giấy"):
        TicketPrinter(fake.settings()).print(SLIP)
    assert decode(fake.finish()).commands == ["status 4"]


def test_network_printer_that_never_answers_status_still_prints() -> None:
    fake = FakeNetworkPrinter(status_reply=None)
    printer = TicketPrinter(fake.settings(timeout_s=2.0))
    started = time.monotonic()
    printer.print(SLIP)
    assert time.monotonic() - started < 2.0
    assert decode(fake.finish()).ends_with_cut


@pytest.mark.parametrize(
    ("reply", "status"),
    [(b"\x12", PaperStatus.OK), (b"\x1e", PaperStatus.NEAR_END), (b"\x72", PaperStatus.OUT)],
)
def test_network_paper_status(reply: bytes, status: PaperStatus) -> None:
    fake = FakeNetworkPrinter(status_reply=reply)
    printer = TicketPrinter(fake.settings())
    assert printer.two_way
    assert printer.paper_status() is status
    fake.finish()


def test_network_paper_status_unknown_when_printer_is_silent() -> None:
    fake = FakeNetworkPrinter(status_reply=None)
    assert TicketPrinter(fake.settings(timeout_s=1.0)).paper_status() is None
    fake.finish()
