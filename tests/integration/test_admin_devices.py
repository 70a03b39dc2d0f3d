"""This PC's printer settings: the config file's [printer] table rewritten in place, checked,
audited; "In thử" prints a sample ticket; the catalogue export reads back through the import."""

from __future__ import annotations

import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.adapters.catalogue_file import CatalogueFileIO, read_catalogue_file
from counter_app.adapters.config_file import load_settings
from counter_app.adapters.db.store import Store
from counter_app.adapters.printer_config import FilePrinterConfig
from counter_app.adapters.printing.escpos_output import TicketPrinter
from counter_app.domain.catalogue import validate_catalogue
from counter_app.domain.errors import PermissionDenied, ValidationError
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import PrinterSettings
from counter_app.services.audit import AuditService
from counter_app.services.catalogue_admin import CatalogueAdmin
from counter_app.services.devices import DeviceService

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])
ADMIN = Officer(uuid.uuid4(), "quantri", "Quản trị", Role.ADMIN)
OFFICER = Officer(uuid.uuid4(), "canbo1", "Cán bộ", Role.OFFICER)
CONFIG = """\
# Cấu hình của máy kiosk sảnh A
timezone = "Asia/Ho_Chi_Minh"

[printer]
kind = "none"   # chưa nối máy in

[display]
notice = "Xin chào"
"""


def _service(store: Store, config: Path) -> DeviceService:
    return DeviceService(store.uow, FilePrinterConfig(config), TicketPrinter, "Trung tâm thử",
                         ZoneInfo("Asia/Ho_Chi_Minh"))


def test_printer_table_rewritten_in_place_checked_and_audited(store: Store,
                                                              tmp_path: Path) -> None:
    config = tmp_path / "counter-app.toml"
    config.write_text(CONFIG, encoding="utf-8")
    devices = _service(store, config)
    with pytest.raises(ValidationError) as bad:
        devices.save_printer(ADMIN, PrinterSettings(kind="network", host="", port=70000))
    assert set(bad.value.errors) == {"host", "port"}
    with pytest.raises(PermissionDenied):
        devices.save_printer(OFFICER, PrinterSettings(kind="network", host="10.0.0.9"))
    saved = devices.save_printer(ADMIN, PrinterSettings(kind="network", host="10.0.0.9",
                                                        paper_width_mm=58, print_qr=True))
    assert saved.host == "10.0.0.9" and saved.paper_width_mm == 58
    text = config.read_text(encoding="utf-8")
    assert "# Cấu hình của máy kiosk sảnh A" in text and 'notice = "Xin chào"' in text
    assert text.count("[printer]") == 1
    assert load_settings(config).display.notice == "Xin chào"
    assert config.stat().st_mode & 0o777 == 0o600
    lines = AuditService(store.uow, "Asia/Ho_Chi_Minh").search(ADMIN, action="printer_settings")
    assert len(lines) == 1 and lines[0].actor == "quantri"
    assert '"host": "10.0.0.9"' in lines[0].detail and '"host": ""' in lines[0].detail


def test_test_print_writes_a_sample_ticket(store: Store, tmp_path: Path) -> None:
    devices = _service(store, tmp_path / "counter-app.toml")
    out = tmp_path / "ticket.bin"
    with pytest.raises(ValidationError):
        devices.test_print(ADMIN, PrinterSettings(kind="none"))
    devices.test_print(ADMIN, PrinterSettings(kind="file", path=str(out)))
    data = out.read_bytes()
    assert data.startswith(b"\x1b@") and b"\x1dV" in data  # init ... cut


def test_catalogue_export_reads_back_through_the_import(store: Store, tmp_path: Path) -> None:
    catalogue = CatalogueAdmin(store.uow, CatalogueFileIO())
    total = catalogue.count()
    for name in ("danh-muc.csv", "danh-muc.json"):
        path = tmp_path / name
        assert catalogue.export_file(ADMIN, path) == total
        rows = read_catalogue_file(path)
        with store.uow() as uow:
            fields = [f.code for f in uow.reference.list_fields()]
        assert len(validate_catalogue(rows, fields)) == total
    assert catalogue.import_file(ADMIN, tmp_path / "danh-muc.json") == total
    assert catalogue.count() == total
    with pytest.raises(PermissionDenied):
        catalogue.export_file(OFFICER, tmp_path / "x.json")
