"""GUI role commands (``kiosk``, ``counter``, ``display``, ``admin``) and the launcher."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from counter_app.app import CounterApp

GUI_ROLES: dict[str, tuple[str, str]] = {
    "kiosk": ("counter_app.ui.kiosk_window", "kiosk lấy số"),
    "counter": ("counter_app.ui.counter_window", "quầy tiếp nhận"),
    "display": ("counter_app.ui.display_window", "bảng hiển thị"),
    "admin": ("counter_app.ui.admin_window", "quản trị"),
    "supervisor": ("counter_app.ui.supervisor_window", "giám sát và báo cáo"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add one command per GUI role."""
    for role, (_module, label) in GUI_ROLES.items():
        p = sub.add_parser(role, help=f"mở màn hình {label}")
        p.set_defaults(handler=run_role, role=role)


def run_role(args: argparse.Namespace, app: CounterApp) -> int:
    """Open the window of ``args.role``, or say plainly that it is not built yet."""
    module_name, label = GUI_ROLES[args.role]
    if importlib.util.find_spec(module_name) is None:
        print(f"Màn hình {label} chưa được xây dựng trong phiên bản này.", file=sys.stderr)
        return 2
    return app.run_window(module_name, args.role)


def _base_args(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    for flag in ("data_dir", "database_url", "config"):
        value = getattr(args, flag, None)
        if value:
            out += [f"--{flag.replace('_', '-')}", value]
    return out


def run_launcher(args: argparse.Namespace, app: CounterApp) -> int:
    """``counter-app`` with no command: on a fresh store offer the demo or a new centre, then
    the launcher (a new centre goes through the set-up wizard into the admin window)."""
    from counter_app.cli.setup_cmds import initialise

    fresh = app.setup.is_empty()
    passwords: dict[str, str] = {}
    if fresh and not app.admin.has_officers():
        choice = app.first_run_choice()
        if choice is None:
            return 1
        passwords = initialise(app, demo=choice == "demo")
        if choice == "new":
            return app.run_first_setup()
    if passwords:
        print("Đã tạo trung tâm mẫu. Mật khẩu cán bộ (chỉ hiện một lần):")
        for user, password in passwords.items():
            print(f"  {user}: {password}")
    missing = frozenset(role for role, (module, _) in GUI_ROLES.items()
                        if importlib.util.find_spec(module) is None)
    return app.run_launcher(_base_args(args), passwords, missing)
