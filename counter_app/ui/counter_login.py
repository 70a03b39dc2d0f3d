"""The counter's login dialog: officer, password and counter number; opens the counter session.

Signing in runs off the GUI thread (password hashing and the database take a moment); a wrong
password or a counter held by someone else is shown in red inside the dialog.
"""

from __future__ import annotations

from counter_app.domain.accounts import AccountLocked, PasswordChangeRequired
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import Officer
from counter_app.services.accounts import AccountService
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import CounterSessionView, CounterState
from counter_app.ui import theme
from counter_app.ui.qt import Qt, QtWidgets
from counter_app.ui.worker import Worker


def counter_choice_text(counter: CounterState) -> str:
    """Return ``"Quầy 2 — Hộ tịch, Chứng thực (đang do canbo2 làm việc)"``."""
    busy = f" (đang do {counter.officer_username} làm việc)" if counter.officer_username else ""
    return f"{counter.name}{busy}"


class LoginDialog(QtWidgets.QDialog):
    """Ask for the officer's credentials and counter; ``officer``/``session`` set on success."""

    def __init__(self, accounts: AccountService, engine: QueueEngine, centre_name: str,
                 parent: QtWidgets.QWidget | None = None, *, pc_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Đăng nhập quầy")
        self.setObjectName("login")
        self.accounts = accounts
        self.engine = engine
        self.officer: Officer | None = None
        self.session: CounterSessionView | None = None
        self.change_dialog: QtWidgets.QDialog | None = None
        self.worker = Worker(self, threads=1, name="login")
        self.setMinimumWidth(560)
        form = QtWidgets.QFormLayout()
        form.setVerticalSpacing(12)
        self.username = QtWidgets.QLineEdit()
        self.username.setObjectName("username")
        self.password = QtWidgets.QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.counter = QtWidgets.QComboBox()
        self.counter.setObjectName("counter")
        for widget in (self.username, self.password, self.counter):
            widget.setFont(theme.font(18))
            widget.setMinimumHeight(40)
        form.addRow("Tên đăng nhập", self.username)
        form.addRow("Mật khẩu", self.password)
        form.addRow("Quầy làm việc", self.counter)
        self.error = theme.label("", 16, color=theme.RED, wrap=True, name="login-error")
        self.buttons = QtWidgets.QDialogButtonBox()
        self.ok = self.buttons.addButton("Đăng nhập",
                                         QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Thoát", QtWidgets.QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(theme.label(centre_name, 20, bold=True, color=theme.NAVY))
        layout.addWidget(theme.label("Đăng nhập để làm việc tại quầy", 16, color=theme.MUTED))
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.ok.setEnabled(False)
        self.worker.submit(lambda: (self.engine.snapshot(0).counters,
                                    self.engine.counter_for_pc(pc_name)),
                           self._counters_loaded, self._failed)

    def _counters_loaded(self, loaded: tuple[tuple[CounterState, ...], int | None]) -> None:
        counters, mine = loaded
        self.counter.clear()
        for c in counters:
            self.counter.addItem(counter_choice_text(c), c.number)
        if mine is not None:  # the counter the admin bound to this PC comes first
            self.counter.setCurrentIndex(max(0, self.counter.findData(mine)))
        self.ok.setEnabled(bool(counters))

    def sign_in(self) -> None:
        """Check the password and open the session at the chosen counter."""
        number = self.counter.currentData()
        if number is None:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.setText("Vui lòng nhập tên đăng nhập và mật khẩu.")
            return
        self.ok.setEnabled(False)
        self.error.setText("Đang đăng nhập…")
        accounts, engine = self.accounts, self.engine

        def job() -> tuple[Officer, CounterSessionView]:
            officer = accounts.login(username, password)
            return officer, engine.open_counter_session(int(number), officer)

        def failed(error: DomainError) -> None:
            if isinstance(error, PasswordChangeRequired):
                self.ask_new_password(username, password, int(number))
            else:
                self._failed(error)

        self.worker.submit(job, self._signed_in, failed)

    def ask_new_password(self, username: str, current: str, number: int) -> None:
        """The admin set this password: choose a new one, then open the counter session."""
        from counter_app.ui.sign_in import ChangePasswordDialog

        self.error.setText("Cần đổi mật khẩu do quản trị cấp trước khi làm việc.")
        dialog = ChangePasswordDialog(self.accounts, username, current, self)
        self.change_dialog = dialog
        engine = self.engine

        def changed() -> None:
            officer: Officer = dialog.result_value
            self.worker.submit(lambda: (officer, engine.open_counter_session(number, officer)),
                               self._signed_in, self._failed)

        dialog.accepted.connect(changed)
        dialog.rejected.connect(lambda: self.ok.setEnabled(True))
        dialog.open()

    def _signed_in(self, result: tuple[Officer, CounterSessionView]) -> None:
        self.officer, self.session = result
        self.accept()

    def _failed(self, error: DomainError) -> None:
        self.error.setText(f"🔒 {error.message}" if isinstance(error, AccountLocked)
                           else error.message)
        self.ok.setEnabled(self.counter.count() > 0)
        self.password.selectAll()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
