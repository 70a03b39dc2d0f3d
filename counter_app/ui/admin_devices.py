"""The devices tab: this PC's ticket printer (with "In thử") and the display board's options.

The printer is this PC's own setting (kind, address, paper width, QR code); "In thử" prints a
sample with the values in the dialog before they are saved. The board's notice, voice and the
counters it shows are centre settings: every board picks them up through the change feed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.admin import CounterItem
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.reference import Officer
from counter_app.domain.settings import PrinterSettings, counter_numbers
from counter_app.services.admin_setup import AdminService
from counter_app.services.centre_settings import CentreSettingsService, SettingItem
from counter_app.services.devices import KIND_LABELS_VI, KINDS, DeviceService
from counter_app.ui import theme
from counter_app.ui.admin_base import AdminTab, section_title
from counter_app.ui.admin_centre import BOOLS, save_changed
from counter_app.ui.admin_form import FormDialog, Values
from counter_app.ui.qt import QtWidgets
from counter_app.ui.worker import Worker

DISPLAY_KEYS = ("display.notice", "display.voice", "display.counters")


@dataclass(frozen=True)
class DevicesData:
    """What the tab shows."""

    printer: PrinterSettings
    display: tuple[SettingItem, ...]
    counters: tuple[CounterItem, ...]


def card(title: str, body: QtWidgets.QLabel, button_text: str, button_name: str,
         slot: Callable[[], None], hint: str) -> QtWidgets.QFrame:
    """A framed block: title, the description, a hint and its edit button."""
    frame = QtWidgets.QFrame()
    frame.setObjectName("device-card")
    frame.setStyleSheet(f"#device-card {{ background: {theme.WHITE}; border: 1px solid #d5dbe5;"
                        " border-radius: 8px; }")
    box = QtWidgets.QVBoxLayout(frame)
    box.setContentsMargins(18, 14, 18, 14)
    box.setSpacing(10)
    box.addWidget(section_title(title))
    box.addWidget(body)
    box.addWidget(theme.label(hint, 12, color=theme.MUTED, wrap=True))
    button = QtWidgets.QPushButton(button_text)
    button.setObjectName(button_name)
    button.clicked.connect(lambda _=False: slot())
    line = QtWidgets.QHBoxLayout()
    line.addWidget(button)
    line.addStretch(1)
    box.addLayout(line)
    return frame


def printer_address(p: PrinterSettings) -> str:
    """Where the printer is, in words."""
    return {"network": f"{p.host}:{p.port}", "usb": f"USB {p.vendor_id:04x}:{p.product_id:04x}",
            "serial": p.device, "win32raw": p.printer_name or "máy in mặc định của Windows",
            "file": p.path}.get(p.kind, "—")


def parse_usb(text: str) -> tuple[int, int] | None:
    """``"04b8:0202"`` → (0x04b8, 0x0202); None when malformed."""
    parts = text.strip().lower().split(":")
    try:
        return (int(parts[0], 16), int(parts[1], 16)) if len(parts) == 2 else None
    except ValueError:
        return None


def printer_from(v: Values, base: PrinterSettings) -> PrinterSettings:
    """The dialog's values as printer settings (USB ids from ``vvvv:pppp``)."""
    usb = parse_usb(str(v.get("usb") or "")) or (base.vendor_id, base.product_id)
    return dataclasses.replace(
        base, kind=v["kind"], host=v["host"], port=v["port"], vendor_id=usb[0],
        product_id=usb[1], device=v["device"], printer_name=v["printer_name"], path=v["path"],
        paper_width_mm=v["paper_width_mm"], print_qr=v["print_qr"])


def counters_check(v: Values) -> dict[str, str]:
    """The board's counter list must read as numbers separated by commas."""
    try:
        counter_numbers(str(v.get("display.counters") or ""))
    except DomainError as exc:
        return {"display.counters": exc.message}
    return {}


def kind_is(kind: str) -> Callable[[Values], bool]:
    """A condition: the dialog's printer kind is ``kind``."""
    return lambda v: bool(v["kind"] == kind)


def printer_check(v: Values) -> dict[str, str]:
    """Local checks: the fields the chosen kind needs."""
    kind = v.get("kind")
    errors: dict[str, str] = {}
    if kind == "network" and not v.get("host"):
        errors["host"] = "Nhập địa chỉ IP hoặc tên máy in."
    if kind == "usb" and parse_usb(str(v.get("usb") or "")) is None:
        errors["usb"] = "Nhập mã USB dạng 04b8:0202 (mã hãng:mã sản phẩm)."
    if kind == "serial" and not v.get("device"):
        errors["device"] = "Nhập cổng, ví dụ COM3 hoặc /dev/ttyUSB0."
    if kind == "file" and not v.get("path"):
        errors["path"] = "Nhập đường dẫn tệp."
    return errors


class DevicesTab(AdminTab):
    """Printer of this PC and the display board."""

    title = "Thiết bị"

    def __init__(self, devices: DeviceService, settings: CentreSettingsService,
                 admin: AdminService, worker: Worker, officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-devices")
        self.devices, self.settings, self.admin = devices, settings, admin
        self.data: DevicesData | None = None
        self.form: FormDialog | None = None
        self.printer_info = theme.label("", 15, wrap=True, name="printer-info")
        self.display_info = theme.label("", 15, wrap=True, name="display-info")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        row = QtWidgets.QHBoxLayout()
        row.setSpacing(16)
        outer.addLayout(row)
        outer.addStretch(1)
        row.addWidget(card("Máy in phiếu của máy tính này", self.printer_info,
                           "Sửa máy in…", "printer-edit", self.edit_printer,
                           "In phiếu số thứ tự ở kiosk này. \"In thử\" có trong hộp sửa."), 1)
        row.addWidget(card("Bảng hiển thị gọi số", self.display_info, "Sửa bảng hiển thị…",
                           "display-edit", self.edit_display,
                           "Áp dụng cho mọi bảng hiển thị của trung tâm, không cần khởi động "
                           "lại."), 1)

    def fetch(self) -> DevicesData:
        """The printer, the board's settings and the counters."""
        items = tuple(i for i in self.settings.show() if i.key in DISPLAY_KEYS)
        return DevicesData(self.devices.printer(), items,
                           tuple(self.admin.list_counters(self.officer)))

    def show_data(self, data: DevicesData) -> None:
        """Describe the printer and the board."""
        self.data = data
        p = data.printer
        self.printer_info.setText(
            f"Loại: {KIND_LABELS_VI.get(p.kind, p.kind)}\nĐịa chỉ: {printer_address(p)}\n"
            f"Khổ giấy: {p.paper_width_mm} mm · In mã QR tra cứu: {'có' if p.print_qr else 'không'}"
            f" · Chờ tối đa {p.timeout_s:g} giây")
        values = {i.key: i.value for i in data.display}
        active = [c for c in data.counters if c.active]
        shown = values.get("display.counters", "") or "tất cả quầy đang dùng"
        self.display_info.setText(
            f"Dòng chữ chạy: {values.get('display.notice', '')}\n"
            f"Đọc số bằng giọng nói: {'bật' if values.get('display.voice') == 'true' else 'tắt'}"
            f"\nQuầy hiển thị: {shown} ({len(active)} quầy đang dùng: "
            f"{', '.join(str(c.number) for c in active) or '—'})")

    def edit_printer(self) -> None:
        """Open the printer dialog with "In thử"."""
        if self.data is None:
            return
        base = self.data.printer
        form = FormDialog("Máy in phiếu", self, name="printer-form",
                          intro="Máy in nhiệt ESC/POS của kiosk này. Bấm \"In thử\" để kiểm tra "
                                "trước khi lưu.")
        form.add_choice("kind", "Loại kết nối", [(k, KIND_LABELS_VI[k]) for k in KINDS],
                        base.kind)
        form.add_text("host", "Địa chỉ IP / tên máy", base.host, placeholder="192.168.1.50")
        form.add_int("port", "Cổng mạng", base.port, 1, 65535)
        form.add_text("usb", "Mã USB", f"{base.vendor_id:04x}:{base.product_id:04x}"
                      if base.vendor_id else "", placeholder="04b8:0202")
        form.add_text("device", "Cổng COM", base.device, placeholder="COM3")
        form.add_text("printer_name", "Tên máy in Windows", base.printer_name)
        form.add_text("path", "Tệp (in thử ra tệp)", base.path)
        form.add_choice("paper_width_mm", "Khổ giấy", [(80, "80 mm"), (58, "58 mm")],
                        base.paper_width_mm)
        form.add_check("print_qr", "Mã QR", base.print_qr, "In mã QR tra cứu trên phiếu")
        for keys, kind in ((("host", "port"), "network"), (("usb",), "usb"),
                           (("device",), "serial"), (("printer_name",), "win32raw"),
                           (("path",), "file")):
            form.enable_when(keys, kind_is(kind))
        form.on_check(printer_check)
        form.on_save(lambda v: self.devices.save_printer(self.officer, printer_from(v, base)))
        test = QtWidgets.QPushButton("In thử")
        test.setObjectName("printer-test")
        test.clicked.connect(lambda: self.test_print(form, base))
        form.buttons.addButton(test, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self._open(form)

    def test_print(self, form: FormDialog, base: PrinterSettings) -> None:
        """Print a sample with the dialog's values; say how it went inside the dialog."""
        errors = form.local_errors()
        if errors:
            form.set_errors(errors, "Vui lòng sửa các ô được đánh dấu.")
            return
        printer = printer_from(form.values(), base)
        form.set_errors({}, "Đang in thử…")

        def failed(error: DomainError) -> None:
            if isinstance(error, ValidationError):
                form.set_errors(error.errors)
            else:
                form.set_errors({}, f"In thử không được: {error.message}")

        form.worker.submit(lambda: self.devices.test_print(self.officer, printer),
                           lambda _r: form.set_errors({}, "✔ Đã gửi phiếu in thử tới máy in."),
                           failed, key="test")

    def edit_display(self) -> None:
        """Open the board's settings."""
        if self.data is None:
            return
        values = {i.key: i for i in self.data.display}
        form = FormDialog("Bảng hiển thị", self, name="display-form")
        if "display.notice" in values:
            form.add_text("display.notice", "Dòng chữ chạy", values["display.notice"].value,
                          max_length=500)
        if "display.voice" in values:
            form.add_choice("display.voice", "Đọc số bằng giọng nói", BOOLS,
                            values["display.voice"].value)
        if "display.counters" in values:
            form.add_text("display.counters", "Quầy hiển thị", values["display.counters"].value,
                          hint="Số quầy cách nhau bởi dấu phẩy, ví dụ 1,2,3; để trống: tất cả.")
        form.on_check(counters_check)
        before = {k: i.value for k, i in values.items()}
        form.on_save(lambda v: save_changed(self.settings, self.officer, before, v))
        self._open(form)

    def _open(self, form: FormDialog) -> None:
        self.form = form

        def accepted() -> None:
            self.changed.emit()
            self.load()

        form.accepted.connect(accepted)
        form.open()
