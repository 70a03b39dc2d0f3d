"""GUI role commands (``kiosk``, ``counter``, ``display``, ``admin``) and the launcher."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from counter_app.adapters.instances import hold_store
from counter_app.app import AppContext

GUI_ROLES: dict[str, tuple[str, str]] = {
    "kiosk": ("counter_app.ui.kiosk_window", "kiosk lấy số"),
    "counter": ("counter_app.ui.counter_window", "quầy tiếp nhận"),
    "display": ("counter_app.ui.display_window", "bảng hiển thị"),
    "admin": ("counter_app.ui.admin_window", "quản trị"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add one command per GUI role."""
    for role, (_module, label) in GUI_ROLES.items():
        p = sub.add_parser(role, help=f"mở màn hình {label}")
        p.set_defaults(handler=run_role, role=role)


def run_role(args: argparse.Namespace, ctx: AppContext) -> int:
    """Open the window of ``args.role``, or say plainly that it is not built yet."""
    module_name, label = GUI_ROLES[args.role]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        print(f"Màn hình {label} chưa được xây dựng trong phiên bản này.", file=sys.stderr)
        return 2
    with hold_store(ctx.paths.data_dir, args.role):  # a restore names the windows to close
        return int(module.run(ctx))


def _base_args(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    for flag in ("data_dir", "database_url", "config"):
        value = getattr(args, flag, None)
        if value:
            out += [f"--{flag.replace('_', '-')}", value]
    return out


def run_launcher(args: argparse.Namespace, ctx: AppContext) -> int:
    """``counter-app`` with no command: on a fresh store offer the demo or a new centre, then
    the launcher (a new centre goes through the set-up wizard into the admin window)."""
    from counter_app.cli.setup_cmds import initialise

    with ctx.store.uow() as uow:
        fresh = not uow.reference.list_services(active_only=False)
    passwords: dict[str, str] = {}
    if fresh and not ctx.admin.has_officers():
        from counter_app.ui import first_run

        choice = first_run.ask_first_run()
        if choice is None:
            return 1
        passwords = initialise(ctx, demo=choice == first_run.DEMO)
        if choice == first_run.NEW:
            with hold_store(ctx.paths.data_dir, "admin"):
                return first_run.run_setup(ctx)
    if passwords:
        print("Đã tạo trung tâm mẫu. Mật khẩu cán bộ (chỉ hiện một lần):")
        for user, password in passwords.items():
            print(f"  {user}: {password}")
    from counter_app.ui import launcher

    missing = frozenset(role for role, (module, _) in GUI_ROLES.items()
                        if importlib.util.find_spec(module) is None)
    return launcher.run(_base_args(args), ctx.settings.centre.name, passwords, missing)
