"""The launcher: one large button per role; each role opens in its own process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence

from counter_app.ui.common import ensure_app
from counter_app.ui.qt import Qt, QtCore, QtWidgets

ROLES: tuple[tuple[str, str, str], ...] = (
    ("kiosk", "Kiosk lấy số thứ tự", "Màn hình cảm ứng cho công dân lấy phiếu"),
    ("counter", "Quầy tiếp nhận", "Cán bộ gọi số, tiếp nhận và trả hồ sơ"),
    ("display", "Màn hình hiển thị", "Bảng gọi số và loa thông báo"),
    ("admin", "Quản trị và báo cáo", "Giám sát, báo cáo, danh mục"),
)


class LauncherWindow(QtWidgets.QWidget):
    """Pick a role; ``start_role`` is called with the role's command name."""

    def __init__(self, start_role: Callable[[str], None], centre_name: str,
                 demo_passwords: Mapping[str, str] | None = None,
                 unavailable: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.setWindowTitle("counter_app — chọn chức năng")
        self._start_role = start_role
        layout = QtWidgets.QVBoxLayout(self)
        title = QtWidgets.QLabel(centre_name)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 22px; font-weight: bold; margin: 12px;")
        layout.addWidget(title)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for role, label, hint in ROLES:
            button = QtWidgets.QPushButton(f"{label}\n{hint}")
            button.setObjectName(f"role-{role}")
            button.setMinimumHeight(72)
            button.setStyleSheet("font-size: 16px; text-align: left; padding: 8px 16px;")
            button.clicked.connect(lambda _=False, r=role: self._start_role(r))
            if role in unavailable:
                button.setText(f"{label}\n(chưa có trong phiên bản này)")
                button.setEnabled(False)
            layout.addWidget(button)
            self.buttons[role] = button
        if demo_passwords:
            lines = "\n".join(f"{u}: {p}" for u, p in demo_passwords.items())
            note = QtWidgets.QLabel(
                "Đã tạo dữ liệu mẫu. Mật khẩu cán bộ (chỉ hiện một lần, hãy ghi lại):\n" + lines)
            note.setObjectName("demo-passwords")
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            note.setStyleSheet("background: #fff6d6; padding: 8px; border: 1px solid #e0c060;")
            layout.addWidget(note)
        self.resize(520, 420)


def start_detached(base_args: Sequence[str]) -> Callable[[str], None]:
    """Return a starter that runs ``python -m counter_app <base_args> <role>`` as its own process."""
    def start(role: str) -> None:
        QtCore.QProcess.startDetached(sys.executable, ["-m", "counter_app", *base_args, role])
    return start


def run(base_args: Sequence[str], centre_name: str,
        demo_passwords: Mapping[str, str] | None = None,
        unavailable: frozenset[str] = frozenset()) -> int:
    """Show the launcher until it is closed."""
    app = ensure_app()
    window = LauncherWindow(start_detached(base_args), centre_name, demo_passwords, unavailable)
    window.show()
    return int(app.exec())
