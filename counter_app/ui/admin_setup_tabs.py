"""The set-up tabs of the admin window: services (lĩnh vực), counters and priority categories.

Each lists its records in a table and edits one in a dialog; saving goes through the admin service
(role admin, audited with old and new values). Nothing is deleted: "Ngừng sử dụng" deactivates.
The kiosk, the counters and the board see changes through the store's change feed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from counter_app.domain.admin import (
    CounterDraft,
    CounterItem,
    PriorityDraft,
    PriorityItem,
    ServiceDraft,
    ServiceItem,
)
from counter_app.domain.reference import Officer
from counter_app.services.admin_setup import AdminService
from counter_app.ui.admin_base import RecordTab
from counter_app.ui.admin_form import FormDialog, Values, required
from counter_app.ui.admin_table import Column, TablePanel, yes_no
from counter_app.ui.qt import QtWidgets
from counter_app.ui.worker import Worker

NO_CAP = "Không giới hạn"


@dataclass(frozen=True)
class NewService:
    """The values a new service's dialog starts with."""

    code: str = ""
    name: str = ""
    prefix: str = ""
    start_number: int = 1
    daily_cap: int | None = None
    issue_from: dt.time | None = None
    issue_to: dt.time | None = None
    active: bool = True
    field_code: str = ""


def hours_text(item: ServiceItem) -> str:
    """Return ``"07:30–16:30"`` or ``"Theo giờ kiosk"``."""
    if item.issue_from is None or item.issue_to is None:
        return "Theo giờ kiosk"
    return f"{item.issue_from:%H:%M}–{item.issue_to:%H:%M}"


SERVICE_COLUMNS: tuple[Column[ServiceItem], ...] = (
    Column("Thứ tự", lambda s: str(s.sort_order + 1), sort=lambda s: s.sort_order, right=True),
    Column("Mã", lambda s: s.code, width=90),
    Column("Tên lĩnh vực / dịch vụ", lambda s: s.name, stretch=True),
    Column("Tiền tố", lambda s: s.prefix),
    Column("Số đầu", lambda s: str(s.start_number), sort=lambda s: s.start_number, right=True),
    Column("Giới hạn/ngày", lambda s: str(s.daily_cap) if s.daily_cap else NO_CAP),
    Column("Giờ cấp số", hours_text),
    Column("Đang dùng", lambda s: yes_no(s.active)),
)

COUNTER_COLUMNS: tuple[Column[CounterItem], ...] = (
    Column("Số quầy", lambda c: str(c.number), sort=lambda c: c.number, right=True),
    Column("Tên quầy", lambda c: c.name, stretch=True),
    Column("Lĩnh vực phục vụ", lambda c: ", ".join(c.service_codes), width=260),
    Column("Máy tính mặc định", lambda c: c.pc_name or "—"),
    Column("Đang dùng", lambda c: yes_no(c.active)),
)

PRIORITY_COLUMNS: tuple[Column[PriorityItem], ...] = (
    Column("Thứ tự", lambda p: str(p.rank), sort=lambda p: p.rank, right=True),
    Column("Mã", lambda p: p.code, width=90),
    Column("Đối tượng ưu tiên", lambda p: p.name, stretch=True),
    Column("Đang dùng", lambda p: yes_no(p.active)),
)


class ServicesTab(RecordTab):
    """Queue services: code, name, prefix, first number, daily cap, issuing hours, kiosk order."""

    title = "Lĩnh vực"

    def __init__(self, admin: AdminService, worker: Worker, officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-services")
        self.admin = admin
        self.panel: TablePanel[ServiceItem] = TablePanel(SERVICE_COLUMNS, name="services")
        self.panel.add_button("Thêm lĩnh vực", self.add, name="service-add")
        self.panel.add_button("Sửa", self.edit_selected, name="service-edit", needs_row=True)
        self.panel.add_button("▲ Lên", lambda: self.move_selected(-1), name="service-up", needs_row=True)
        self.panel.add_button("▼ Xuống", lambda: self.move_selected(1), name="service-down",
                              needs_row=True)
        self.panel.add_button("Ngừng sử dụng", self.disable, name="service-disable",
                              needs_row=True)
        self.panel.activated.connect(self.edit)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> list[ServiceItem]:
        """Every service, in kiosk order."""
        return self.admin.list_services(self.officer)

    def show_data(self, data: list[ServiceItem]) -> None:
        """Show the services."""
        self.panel.set_rows(data, f"{sum(s.active for s in data)} lĩnh vực đang cấp số "
                                  f"trên {len(data)}. Thứ tự là thứ tự nút trên kiosk.")

    def dialog(self, item: ServiceItem | None) -> FormDialog:
        """The edit dialog of a service (``None``: a new one)."""
        d: ServiceItem | NewService = item or NewService()
        form = FormDialog("Sửa lĩnh vực" if item else "Thêm lĩnh vực", self, name="service-form")
        form.add_text("code", "Mã", d.code, read_only=item is not None, max_length=16,
                      hint="Dùng trong lệnh và báo cáo, ví dụ HT.")
        form.add_text("name", "Tên hiển thị", d.name, placeholder="Hộ tịch")
        form.add_text("prefix", "Tiền tố số thứ tự", d.prefix, max_length=3,
                      hint="1–3 chữ in hoa, không trùng lĩnh vực khác (phiếu in A001).")
        form.add_int("start_number", "Số bắt đầu mỗi ngày", d.start_number, 0, 9999)
        form.add_int("daily_cap", "Giới hạn phiếu/ngày", d.daily_cap, 1, 99999,
                     empty_text=NO_CAP)
        form.add_check("own_hours", "Giờ cấp số riêng", d.issue_from is not None,
                       "Chỉ cấp số trong khung giờ dưới đây")
        form.add_time("issue_from", "Cấp số từ", d.issue_from or dt.time(7, 30))
        form.add_time("issue_to", "Đến", d.issue_to or dt.time(16, 30))
        form.add_text("field_code", "Mã lĩnh vực TTHC", d.field_code, max_length=16,
                      hint="Để trống nếu trùng mã ở trên.")
        form.add_check("active", "Đang dùng", d.active, "Hiện trên kiosk")
        form.enable_when(("issue_from", "issue_to"), lambda v: bool(v["own_hours"]))
        form.on_check(required("code", "name", "prefix"))
        form.on_check(_check_service)
        if item is None:
            order = max((s.sort_order for s in self.panel.model.rows), default=-1) + 1
            form.on_save(lambda v: self.admin.add_service(self.officer, ServiceDraft(
                **service_fields(v, order))))
        else:
            form.on_save(lambda v: self.admin.edit_service(
                self.officer, item.code, service_fields(v, item.sort_order)))
        return form

    def move_selected(self, step: int) -> None:
        """Move the selected service up or down on the kiosk."""
        item = self.panel.selected()
        rows = self.panel.model.rows
        if item is None:
            return
        index = next(i for i, r in enumerate(rows) if r.code == item.code)
        other = index + step
        if not 0 <= other < len(rows):
            return
        code, neighbour = item.code, rows[other]

        def job() -> None:
            self.admin.move_service(self.officer, code, neighbour.sort_order)

        self.run(job, lambda _r: None)

    def disable(self) -> None:
        """Stop issuing tickets for the selected service (kept for history)."""
        item = self.panel.selected()
        if item is not None and self.confirm(
                f"Ngừng cấp số lĩnh vực {item.code} — {item.name}? Dữ liệu cũ vẫn được giữ."):
            self.run(lambda: self.admin.disable_service(self.officer, item.code))


def _check_service(v: Values) -> dict[str, str]:
    errors: dict[str, str] = {}
    prefix = str(v.get("prefix") or "")
    if prefix and not (prefix.isascii() and prefix.isalpha() and prefix.isupper()):
        errors["prefix"] = "Tiền tố gồm 1–3 chữ cái in hoa A–Z."
    if v.get("own_hours") and v["issue_from"] >= v["issue_to"]:
        errors["issue_to"] = "Giờ kết thúc phải sau giờ bắt đầu."
    return errors


def service_fields(v: Values, sort_order: int) -> dict[str, Any]:
    """The dialog's values as :class:`ServiceDraft` fields."""
    own = bool(v["own_hours"])
    return {"code": str(v["code"]).upper(), "name": v["name"], "prefix": v["prefix"],
            "start_number": v["start_number"], "daily_cap": v["daily_cap"],
            "issue_from": v["issue_from"] if own else None,
            "issue_to": v["issue_to"] if own else None, "sort_order": sort_order,
            "active": v["active"], "field_code": v["field_code"]}


class CountersTab(RecordTab):
    """Counters: number, name, services served, default PC, active."""

    title = "Quầy"

    def __init__(self, admin: AdminService, worker: Worker, officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-counters")
        self.admin = admin
        self.services: list[ServiceItem] = []
        self.panel: TablePanel[CounterItem] = TablePanel(COUNTER_COLUMNS, name="counters")
        self.panel.add_button("Thêm quầy", self.add, name="counter-add")
        self.panel.add_button("Sửa", self.edit_selected, name="counter-edit", needs_row=True)
        self.panel.add_button("Ngừng sử dụng", self.disable, name="counter-disable",
                              needs_row=True)
        self.panel.activated.connect(self.edit)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> tuple[list[CounterItem], list[ServiceItem]]:
        """Counters and the services they may serve."""
        return self.admin.list_counters(self.officer), self.admin.list_services(self.officer)

    def show_data(self, data: tuple[list[CounterItem], list[ServiceItem]]) -> None:
        """Show the counters."""
        counters, self.services = data
        self.panel.set_rows(counters, f"{sum(c.active for c in counters)} quầy đang dùng.")

    def dialog(self, item: CounterItem | None) -> FormDialog:
        """The edit dialog of a counter (``None``: a new one)."""
        numbers = [c.number for c in self.panel.model.rows]
        number = item.number if item else max(numbers, default=0) + 1
        form = FormDialog("Sửa quầy" if item else "Thêm quầy", self, name="counter-form")
        form.add_int("number", "Số quầy", number, 1, 999)
        form.add_text("name", "Tên quầy", item.name if item else f"Quầy {number}")
        options = [(s.code, f"{s.code} — {s.name}") for s in self.services if s.active]
        form.add_multi("service_codes", "Lĩnh vực phục vụ", options,
                       item.service_codes if item else ())
        form.add_text("pc_name", "Máy tính mặc định", item.pc_name if item else "",
                      hint="Tên máy tính mở sẵn quầy này khi đăng nhập (để trống: chọn tay).")
        form.add_check("active", "Đang dùng", item.active if item else True)
        form.on_check(required("name"))
        form.on_check(lambda v: {} if v["service_codes"] else
                      {"service_codes": "Chọn ít nhất một lĩnh vực."})
        if item is None:
            form.on_save(lambda v: self.admin.add_counter(self.officer, CounterDraft(
                **counter_fields(v))))
        else:
            form.on_save(lambda v: self.admin.edit_counter(self.officer, item.number,
                                                           counter_fields(v)))
        return form

    def disable(self) -> None:
        """Take the selected counter out of use."""
        item = self.panel.selected()
        if item is not None and self.confirm(f"Ngừng sử dụng {item.name}?"):
            self.run(lambda: self.admin.disable_counter(self.officer, item.number))


def counter_fields(v: Values) -> dict[str, Any]:
    """The dialog's values as :class:`CounterDraft` fields."""
    return {"number": v["number"], "name": v["name"], "service_codes": tuple(v["service_codes"]),
            "pc_name": v["pc_name"], "active": v["active"]}


class PrioritiesTab(RecordTab):
    """Priority categories chosen at the kiosk: code, name, order, active."""

    title = "Đối tượng ưu tiên"

    def __init__(self, admin: AdminService, worker: Worker, officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-priorities")
        self.admin = admin
        self.panel: TablePanel[PriorityItem] = TablePanel(PRIORITY_COLUMNS, name="priorities")
        self.panel.add_button("Thêm đối tượng", self.add, name="priority-add")
        self.panel.add_button("Sửa", self.edit_selected, name="priority-edit", needs_row=True)
        self.panel.add_button("Ngừng sử dụng", self.disable, name="priority-disable",
                              needs_row=True)
        self.panel.activated.connect(self.edit)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> list[PriorityItem]:
        """Every category."""
        return self.admin.list_priorities(self.officer)

    def show_data(self, data: list[PriorityItem]) -> None:
        """Show the categories."""
        self.panel.set_rows(data, "Thứ tự nhỏ được mời trước khi hai người cùng ưu tiên.")

    def dialog(self, item: PriorityItem | None) -> FormDialog:
        """The edit dialog of a category (``None``: a new one)."""
        form = FormDialog("Sửa đối tượng ưu tiên" if item else "Thêm đối tượng ưu tiên", self,
                          name="priority-form")
        form.add_text("code", "Mã", item.code if item else "", read_only=item is not None,
                      max_length=16)
        form.add_text("name", "Tên đối tượng", item.name if item else "")
        form.add_int("rank", "Thứ tự", item.rank if item else 1, 1, 99)
        form.add_check("active", "Đang dùng", item.active if item else True, "Hiện trên kiosk")
        form.on_check(required("code", "name"))
        if item is None:
            form.on_save(lambda v: self.admin.add_priority(self.officer, PriorityDraft(
                str(v["code"]).upper(), v["name"], v["rank"], v["active"])))
        else:
            form.on_save(lambda v: self.admin.edit_priority(self.officer, item.code, {
                "name": v["name"], "rank": v["rank"], "active": v["active"]}))
        return form

    def disable(self) -> None:
        """Stop offering the selected category."""
        item = self.panel.selected()
        if item is not None and self.confirm(f"Ngừng sử dụng đối tượng {item.name}?"):
            self.run(lambda: self.admin.disable_priority(self.officer, item.code))


