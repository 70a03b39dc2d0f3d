"""First run without a store: the demo centre, or "Thiết lập trung tâm mới" in a short wizard.

:class:`FirstRunDialog` offers the two paths. :class:`SetupWizard` asks the centre's identity
(name, level, governing body, agency code, address, place name for forms) and the first admin
account (password typed twice, strength checked as the user types), then creates both through the
admin service on a worker; the caller opens the admin window signed in as that admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from counter_app.domain.admin import OfficerItem
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.reference import AGENCY_CODE_RE, Centre, CentreLevel, Officer
from counter_app.ui import theme
from counter_app.ui.admin_centre import LEVELS
from counter_app.ui.admin_form import FieldsMixin, Values, required
from counter_app.ui.admin_officers import password_checks
from counter_app.ui.qt import QtWidgets
from counter_app.ui.worker import Worker

DEMO, NEW = "demo", "new"


class CentreCreator(Protocol):
    """What the wizard needs of the admin service."""

    def create_first_admin(self, username: str, full_name: str, password: str) -> OfficerItem:
        """Create the first admin (only while no officer exists)."""
        ...


class Login(Protocol):
    """What the wizard needs of the account service."""

    def login(self, username: str, password: str) -> Officer:
        """Check the password and return the officer."""
        ...


class SettingsWriter(Protocol):
    """What the wizard needs of the centre settings service."""

    def set(self, actor: Officer, key: str, value: str) -> object:
        """Change one centre setting (admin)."""
        ...


@dataclass(frozen=True)
class FirstAdmin:
    """The account the wizard created, signed in."""

    item: OfficerItem
    officer: Officer


def centre_settings_of(centre: Centre) -> dict[str, str]:
    """The centre's identity as centre-setting keys and values."""
    return {"centre.name": centre.name, "centre.level": centre.level.value,
            "centre.governing_body": centre.governing_body,
            "centre.agency_code": centre.agency_code, "centre.address": centre.address,
            "centre.place": centre.place, "centre.province": centre.province}


def create_centre(admin: CentreCreator, accounts: Login, settings: SettingsWriter, centre: Centre,
                  username: str, full_name: str, password: str) -> FirstAdmin:
    """Create the first admin, sign in as them and store the centre's identity (audited)."""
    item = admin.create_first_admin(username, full_name, password)
    officer = accounts.login(item.username, password)
    for key, value in centre_settings_of(centre).items():
        settings.set(officer, key, value)
    return FirstAdmin(item, officer)


class FirstRunDialog(QtWidgets.QDialog):
    """Two large buttons: the demo centre or a new centre; ``choice`` is DEMO, NEW or None."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("counter_app — lần chạy đầu tiên")
        self.setObjectName("first-run")
        self.choice: str | None = None
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label("Chưa có dữ liệu trên máy này", 22, bold=True,
                                     color=theme.NAVY))
        layout.addWidget(theme.label("Chọn cách bắt đầu:", 15, color=theme.MUTED))
        for key, title, hint in (
            (NEW, "Thiết lập trung tâm mới",
             "Nhập thông tin trung tâm và tạo tài khoản quản trị, sau đó thêm lĩnh vực, quầy, "
             "cán bộ trong màn hình quản trị."),
            (DEMO, "Dùng trung tâm mẫu (dùng thử)",
             "Trung tâm cấp xã mẫu với 4 lĩnh vực, 4 quầy, 3 cán bộ và 1 quản trị để làm quen."),
        ):
            button = QtWidgets.QPushButton(f"{title}\n{hint}")
            button.setObjectName(f"first-run-{key}")
            button.setMinimumHeight(84)
            button.setStyleSheet("font-size: 15px; text-align: left; padding: 10px 16px;")
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            layout.addWidget(button)
        layout.addStretch(1)
        self.setMinimumSize(720, 340)

    def choose(self, key: str) -> None:
        """Close with ``key`` chosen."""
        self.choice = key
        self.accept()


class FieldsPage(FieldsMixin, QtWidgets.QWizardPage):
    """A wizard page of fields; "Tiếp" is refused while a field is wrong."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.init_fields()
        layout = QtWidgets.QVBoxLayout(self)
        self.form = QtWidgets.QFormLayout()
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.general = theme.label("", 14, color=theme.RED, wrap=True, name="page-error")
        layout.addWidget(self.general)

    def validatePage(self) -> bool:
        """Allow going on only when every local check passes."""
        errors = self.local_errors()
        self.set_errors(errors, "Vui lòng sửa các ô được đánh dấu." if errors else "")
        return not errors


def centre_checks(v: Values) -> dict[str, str]:
    """The agency code's format (the domain's own pattern)."""
    code = str(v.get("agency_code") or "").upper()
    if code and not AGENCY_CODE_RE.match(code):
        return {"agency_code": "Mã định danh gồm chữ in hoa A–Z, chữ số và dấu chấm, tối đa "
                               "35 ký tự (ví dụ H01.151.01)."}
    return {}


def centre_from(v: Values) -> Centre:
    """The centre the first page describes."""
    return Centre(name=v["name"], governing_body=v["governing_body"].upper(),
                  agency_code=v["agency_code"].upper(), address=v["address"],
                  level=CentreLevel(v["level"]), province=v["province"], place=v["place"])


class SetupWizard(QtWidgets.QWizard):
    """Centre identity, then the first admin; ``created`` is the :class:`FirstAdmin` at the end."""

    def __init__(self, admin: CentreCreator, accounts: Login, settings: SettingsWriter,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thiết lập trung tâm mới")
        self.setObjectName("setup-wizard")
        self.setWizardStyle(QtWidgets.QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QtWidgets.QWizard.WizardButton.NextButton, "Tiếp >")
        self.setButtonText(QtWidgets.QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QtWidgets.QWizard.WizardButton.FinishButton, "Hoàn tất")
        self.setButtonText(QtWidgets.QWizard.WizardButton.CancelButton, "Hủy")
        self.admin, self.accounts, self.settings = admin, accounts, settings
        self.created: FirstAdmin | None = None
        self.worker = Worker(self, threads=1, name="wizard")
        self.centre = FieldsPage("Thông tin trung tâm",
                                 "In trên phiếu, biên nhận và sổ theo dõi. Sửa được sau trong "
                                 "màn hình quản trị.")
        c = self.centre
        c.add_text("name", "Tên trung tâm", placeholder="Trung tâm Phục vụ hành chính công "
                   "phường Bến Thành")
        c.add_choice("level", "Cấp", LEVELS, "commune")
        c.add_text("governing_body", "Cơ quan chủ quản", placeholder="ỦY BAN NHÂN DÂN PHƯỜNG "
                   "BẾN THÀNH", hint="Dòng đầu góc trái của biểu mẫu (in hoa).")
        c.add_text("agency_code", "Mã định danh cơ quan", placeholder="H29.01.01",
                   max_length=35, hint="Mã định danh điện tử của cơ quan (dùng trong mã hồ sơ).")
        c.add_text("address", "Địa chỉ", placeholder="Số 1 đường …, phường …, TP …")
        c.add_text("place", "Địa danh ghi trên biểu mẫu", placeholder="Bến Thành",
                   hint="Viết trước ngày tháng: \"Bến Thành, ngày … tháng … năm …\".")
        c.add_text("province", "Tỉnh, thành phố", placeholder="Thành phố Hồ Chí Minh")
        c.on_check(required("name", "governing_body", "agency_code", "address"))
        c.on_check(centre_checks)
        self.account = FieldsPage("Tài khoản quản trị đầu tiên",
                                  "Người quản trị thêm lĩnh vực, quầy và tài khoản cán bộ.")
        a = self.account
        a.add_text("username", "Tên đăng nhập", "quantri", max_length=64)
        a.add_text("full_name", "Họ và tên")
        a.add_password("password", "Mật khẩu", "Ít nhất 8 ký tự, có chữ và chữ số, không chứa "
                       "tên đăng nhập.")
        a.add_password("password2", "Nhập lại mật khẩu")
        a.on_check(required("username", "full_name"))
        a.on_check(password_checks())
        self.addPage(self.centre)
        self.addPage(self.account)
        self.resize(760, 620)

    def accept(self) -> None:
        """Create the centre and the admin on the worker; close only when both are stored."""
        if not self.account.validatePage():
            return
        centre_values, account = self.centre.values(), self.account.values()
        try:
            centre = centre_from(centre_values)
        except DomainError as exc:
            self.account.set_errors({}, exc.message)
            return
        self.button(QtWidgets.QWizard.WizardButton.FinishButton).setEnabled(False)
        self.account.set_errors({}, "Đang tạo trung tâm…")

        def job() -> FirstAdmin:
            return create_centre(self.admin, self.accounts, self.settings, centre,
                                 account["username"], account["full_name"], account["password"])

        self.worker.submit(job, self._created, self._failed, key="create")

    def _created(self, created: FirstAdmin) -> None:
        self.created = created
        super().accept()

    def _failed(self, error: DomainError) -> None:
        self.button(QtWidgets.QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(error, ValidationError):
            mine = {k: v for k, v in error.errors.items() if k in self.account.fields}
            theirs = {k: v for k, v in error.errors.items() if k in self.centre.fields}
            self.centre.set_errors(theirs)
            self.account.set_errors(mine, " ".join(v for k, v in error.errors.items()
                                                   if k not in mine))
        else:
            self.account.set_errors({}, error.message)

    def done(self, result: int) -> None:
        """Stop background work when closed."""
        self.worker.shutdown()
        super().done(result)


def run_setup(app: Any) -> int:
    """Run the wizard; when it created the centre, open the admin window as the new admin."""
    from counter_app.ui.admin_window import AdminWindow
    from counter_app.ui.common import ensure_app
    from counter_app.ui.housekeeping import Housekeeping, standard_chores

    qt_app = ensure_app()
    wizard = SetupWizard(app.admin, app.accounts, app.centre_settings)
    if wizard.exec() != QtWidgets.QDialog.DialogCode.Accepted or wizard.created is None:
        return 1
    name = wizard.centre.values()["name"]
    window = AdminWindow(app, wizard.created.officer, name, app.tz, open_feed=app.open_change_feed)
    window.housekeeping = Housekeeping(standard_chores(app), window)
    window.show()
    return int(qt_app.exec())


def ask_first_run(parent: Any = None) -> str | None:
    """Show the first-run choice modally; return DEMO, NEW or None."""
    from counter_app.ui.common import ensure_app

    ensure_app()
    dialog = FirstRunDialog(parent)
    dialog.exec()
    return dialog.choice


