"""Signing in to a staff window: the login dialog, the lock-out message and the forced change.

:class:`SignInDialog` checks the password through the account service on a worker. A locked
account shows the service's message (it says until when); an account whose password was set or
reset by an admin gets :class:`ChangePasswordDialog` before it is let in. ``roles`` limits who may
open the window (the service checks roles again on every change).
"""

from __future__ import annotations

from collections.abc import Callable

from counter_app.domain.accounts import AccountLocked, PasswordChangeRequired
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.reference import ROLE_LABELS_VI, Officer, Role
from counter_app.services.accounts import AccountService
from counter_app.ui import theme
from counter_app.ui.admin_form import FormDialog
from counter_app.ui.admin_officers import password_checks
from counter_app.ui.qt import Qt, QtWidgets
from counter_app.ui.worker import Worker


class ChangePasswordDialog(FormDialog):
    """Choose a new password (twice, strength checked); ``result_value`` is the officer."""

    def __init__(self, accounts: AccountService, username: str, current: str,
                 parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Đổi mật khẩu", parent, name="change-password",
                         intro=f"Tài khoản {username} đang dùng mật khẩu do quản trị cấp. "
                               "Vui lòng đặt mật khẩu mới trước khi làm việc.")
        self.username = username
        self.add_text("username", "Tên đăng nhập", username, read_only=True)
        self.add_password("password", "Mật khẩu mới", "Ít nhất 8 ký tự, có chữ và chữ số.")
        self.add_password("password2", "Nhập lại mật khẩu mới")
        self.on_check(password_checks())
        def save(values: dict[str, object]) -> Officer:
            try:
                return accounts.change_password(username, current, str(values["password"]))
            except ValidationError as exc:  # the service names the field "new"
                raise ValidationError({"password" if k == "new" else k: m
                                       for k, m in exc.errors.items()}) from exc

        self.on_save(save)


class SignInDialog(QtWidgets.QDialog):
    """Username and password; ``officer`` is set once signed in with an allowed role."""

    def __init__(self, accounts: AccountService, centre_name: str, purpose: str,
                 roles: tuple[Role, ...] = (), parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(purpose)
        self.setObjectName("sign-in")
        self.setMinimumWidth(480)
        self.accounts = accounts
        self.roles = roles
        self.officer: Officer | None = None
        self.change_dialog: ChangePasswordDialog | None = None
        self.worker = Worker(self, threads=1, name="sign-in")
        form = QtWidgets.QFormLayout()
        self.username = QtWidgets.QLineEdit()
        self.username.setObjectName("username")
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        form.addRow("Tên đăng nhập", self.username)
        form.addRow("Mật khẩu", self.password)
        self.error = theme.label("", 14, color=theme.RED, wrap=True, name="sign-in-error")
        buttons = QtWidgets.QDialogButtonBox()
        self.ok = buttons.addButton("Đăng nhập", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("sign-in-ok")
        buttons.addButton("Thoát", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label(centre_name, 18, bold=True, color=theme.NAVY, wrap=True))
        layout.addWidget(theme.label(purpose, 14, color=theme.MUTED))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def sign_in(self) -> None:
        """Check the password on the worker."""
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.setText("Vui lòng nhập tên đăng nhập và mật khẩu.")
            return
        self.ok.setEnabled(False)
        self.error.setText("Đang kiểm tra…")
        self.worker.submit(lambda: self.accounts.login(username, password), self._signed_in,
                           lambda e: self._failed(e, username, password), key="login")

    def _signed_in(self, officer: Officer) -> None:
        self.ok.setEnabled(True)
        if self.roles and not officer.can(*self.roles):
            needed = ", ".join(ROLE_LABELS_VI[r] for r in self.roles)
            self.error.setText(f"Tài khoản {officer.username} không có quyền mở màn hình này "
                               f"(cần: {needed}).")
            return
        self.officer = officer
        self.accept()

    def _failed(self, error: DomainError, username: str, password: str) -> None:
        self.ok.setEnabled(True)
        if isinstance(error, PasswordChangeRequired):
            self.error.setText("Cần đổi mật khẩu trước khi làm việc.")
            self.ask_new_password(username, password)
            return
        if isinstance(error, AccountLocked):
            self.error.setText(f"🔒 {error.message}")
        else:
            self.error.setText(error.message)
        self.password.selectAll()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_new_password(self, username: str, current: str) -> None:
        """Open the forced change; signing in completes when it is saved."""
        dialog = ChangePasswordDialog(self.accounts, username, current, self)
        self.change_dialog = dialog
        dialog.accepted.connect(lambda: self._signed_in(dialog.result_value))
        dialog.open()


def sign_in(accounts: AccountService, centre_name: str, purpose: str,
            roles: tuple[Role, ...], parent: QtWidgets.QWidget | None = None,
            on_dialog: Callable[[SignInDialog], None] | None = None) -> Officer | None:
    """Show the sign-in dialog modally; return the officer or None when cancelled."""
    dialog = SignInDialog(accounts, centre_name, purpose, roles, parent)
    if on_dialog is not None:
        on_dialog(dialog)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    return dialog.officer
