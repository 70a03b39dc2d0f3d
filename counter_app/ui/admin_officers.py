"""The officers tab: accounts, their role and services; reset a password, unlock, deactivate.

Nobody is deleted (their name stays on the records they made): "Ngừng sử dụng" deactivates. A
reset gives a one-time password shown once; the officer must change it at the next login.
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.accounts import check_password_strength
from counter_app.domain.admin import OfficerDraft, OfficerItem, ServiceItem
from counter_app.domain.errors import ValidationError
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.services.accounts import AccountService
from counter_app.services.admin_setup import AdminService
from counter_app.ui.admin_base import RecordTab
from counter_app.ui.admin_form import FormDialog, Values, required
from counter_app.ui.admin_table import Column, TablePanel
from counter_app.ui.qt import Qt, QtWidgets
from counter_app.ui.worker import Worker

ROLE_OPTIONS = [(role, ROLE_LABELS_VI[role]) for role in (Role.OFFICER, Role.SUPERVISOR,
                                                          Role.ADMIN)]


def state_text(item: OfficerItem) -> str:
    """Return the account's state in words: locked, must change password, inactive or active."""
    if not item.active:
        return "Ngừng sử dụng"
    if item.locked_until is not None:
        return f"Tạm khóa đến {item.locked_until:%H:%M %d/%m}"
    if item.must_change_password:
        return "Chờ đổi mật khẩu"
    return "Đang dùng"


OFFICER_COLUMNS: tuple[Column[OfficerItem], ...] = (
    Column("Tên đăng nhập", lambda o: o.username, width=130),
    Column("Họ và tên", lambda o: o.full_name, stretch=True),
    Column("Chức danh", lambda o: o.title or "—", width=150),
    Column("Vai trò", lambda o: ROLE_LABELS_VI[o.role], width=130),
    Column("Lĩnh vực", lambda o: ", ".join(o.service_codes) or "—", width=170),
    Column("Trạng thái", state_text),
)


def password_checks(username_key: str | None = "username") -> Any:
    """A form check: strong password (domain rule) typed twice the same."""
    def check(v: Values) -> dict[str, str]:
        errors: dict[str, str] = {}
        password = str(v.get("password") or "")
        if not password:
            return {"password": "Nhập mật khẩu."}
        try:
            check_password_strength(password, str(v.get(username_key) or "")
                                    if username_key else "")
        except ValidationError as exc:
            errors["password"] = next(iter(exc.errors.values()), exc.message)
        if v.get("password2") != password:
            errors["password2"] = "Hai lần nhập mật khẩu không giống nhau."
        return errors
    return check


class OfficersTab(RecordTab):
    """Officer accounts."""

    title = "Cán bộ"

    def __init__(self, admin: AdminService, accounts: AccountService, worker: Worker,
                 officer: Officer) -> None:
        super().__init__(worker, officer)
        self.setObjectName("tab-officers")
        self.admin, self.accounts = admin, accounts
        self.services: list[ServiceItem] = []
        self.last_password = ""
        self.panel: TablePanel[OfficerItem] = TablePanel(OFFICER_COLUMNS, name="officers")
        self.panel.add_button("Thêm cán bộ", self.add, name="officer-add")
        self.panel.add_button("Sửa", self.edit_selected, name="officer-edit", needs_row=True)
        self.panel.add_button("Cấp lại mật khẩu", self.reset_password, name="officer-reset",
                              needs_row=True)
        self.panel.add_button("Mở khóa", self.unlock, name="officer-unlock", needs_row=True)
        self.panel.add_button("Ngừng sử dụng", self.disable, name="officer-disable",
                              needs_row=True)
        self.panel.activated.connect(self.edit)
        QtWidgets.QVBoxLayout(self).addWidget(self.panel)

    def fetch(self) -> tuple[list[OfficerItem], list[ServiceItem]]:
        """Accounts and the services they may serve."""
        return self.admin.list_officers(self.officer), self.admin.list_services(self.officer)

    def show_data(self, data: tuple[list[OfficerItem], list[ServiceItem]]) -> None:
        """Show the accounts."""
        officers, self.services = data
        admins = sum(o.active and o.role is Role.ADMIN for o in officers)
        self.panel.set_rows(officers, f"{sum(o.active for o in officers)} tài khoản đang dùng, "
                                      f"{admins} quản trị.")

    def dialog(self, item: OfficerItem | None) -> FormDialog:
        """The edit dialog of an account (``None``: a new one with its first password)."""
        form = FormDialog("Sửa tài khoản cán bộ" if item else "Thêm cán bộ", self,
                          name="officer-form")
        form.add_text("username", "Tên đăng nhập", item.username if item else "",
                      read_only=item is not None, max_length=64)
        form.add_text("full_name", "Họ và tên", item.full_name if item else "")
        form.add_text("title", "Chức danh", item.title if item else "",
                      placeholder="Công chức Tư pháp - Hộ tịch")
        form.add_choice("role", "Vai trò", ROLE_OPTIONS, item.role if item else Role.OFFICER)
        options = [(s.code, f"{s.code} — {s.name}") for s in self.services if s.active]
        form.add_multi("service_codes", "Lĩnh vực phụ trách", options,
                       item.service_codes if item else ())
        form.add_check("active", "Đang dùng", item.active if item else True)
        form.on_check(required("username", "full_name"))
        if item is None:
            form.add_password("password", "Mật khẩu ban đầu",
                              "Ít nhất 8 ký tự, có chữ và số. Cán bộ phải đổi khi đăng nhập lần "
                              "đầu.")
            form.add_password("password2", "Nhập lại mật khẩu")
            form.on_check(password_checks())
            form.on_save(lambda v: self.admin.add_officer(
                self.officer, OfficerDraft(**officer_fields(v)), v["password"]))
        else:
            form.on_save(lambda v: self.admin.edit_officer(self.officer, item.username,
                                                           officer_fields(v)))
        return form

    def reset_password(self) -> None:
        """Give the selected officer a one-time password and show it once."""
        item = self.panel.selected()
        if item is None or not self.confirm(
                f"Cấp lại mật khẩu cho {item.username} ({item.full_name})? Mật khẩu cũ không "
                "dùng được nữa."):
            return
        username = item.username
        self.run(lambda: self.accounts.reset_password(self.officer, username),
                 lambda password: self._show_password(username, password))

    def _show_password(self, username: str, password: str) -> None:
        self.last_password = password
        box = QtWidgets.QMessageBox(self)
        box.setObjectName("one-time-password")
        box.setWindowTitle("Mật khẩu dùng một lần")
        box.setText(f"Mật khẩu mới của {username}: <b>{password}</b><br>Chỉ hiện một lần; "
                    "cán bộ phải đổi mật khẩu khi đăng nhập.")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()

    def unlock(self) -> None:
        """Lift a lock-out after too many wrong passwords."""
        item = self.panel.selected()
        if item is not None:
            username = item.username
            self.run(lambda: self.accounts.unlock(self.officer, username))

    def disable(self) -> None:
        """Deactivate the selected account (never deleted)."""
        item = self.panel.selected()
        if item is not None and self.confirm(
                f"Ngừng sử dụng tài khoản {item.username}? Hồ sơ do cán bộ này xử lý vẫn giữ "
                "nguyên tên."):
            username = item.username
            self.run(lambda: self.admin.disable_officer(self.officer, username))


def officer_fields(v: Values) -> dict[str, Any]:
    """The dialog's values as :class:`OfficerDraft` fields."""
    return {"username": v["username"], "full_name": v["full_name"], "role": v["role"],
            "title": v["title"], "service_codes": tuple(v["service_codes"]),
            "active": v["active"]}
