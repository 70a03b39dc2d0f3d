"""``counter-app init [--demo]``: create or upgrade the store, optionally with the demo centre."""

from __future__ import annotations

import argparse

from counter_app.adapters import lockdown
from counter_app.adapters.catalogue_file import read_fields_file, shipped_catalogue
from counter_app.adapters.config_file import EXAMPLE_CONFIG
from counter_app.app import AppContext
from counter_app.services.setup import create_demo_centre, ensure_base_data


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``init`` command."""
    p = sub.add_parser("init", help="tạo hoặc nâng cấp CSDL (--demo: thêm trung tâm mẫu)")
    p.add_argument("--demo", action="store_true",
                   help="thêm trung tâm cấp xã mẫu: 4 lĩnh vực, 4 quầy, 3 cán bộ")
    p.add_argument("--admin", metavar="USER",
                   help="tạo tài khoản quản trị đầu tiên (mật khẩu: biến COUNTER_APP_NEW_PASSWORD "
                        "hoặc nhập hai lần)")
    p.add_argument("--admin-name", default="Quản trị hệ thống", help="họ tên người quản trị")
    p.set_defaults(handler=run_init)


def initialise(ctx: AppContext, *, demo: bool) -> dict[str, str]:
    """Migrate the store, add base data, and the demo centre when asked; return new passwords."""
    store = ctx.store
    ensure_base_data(store.uow, read_fields_file(), shipped_catalogue())
    if not ctx.paths.config_file.exists() and ctx.database_url.startswith("sqlite"):
        ctx.paths.config_file.parent.mkdir(parents=True, exist_ok=True)
        ctx.paths.config_file.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    if ctx.paths.config_file.exists():
        lockdown.private_file(ctx.paths.config_file)
    if demo:
        return dict(create_demo_centre(store.uow, ctx.hasher).demo_passwords)
    return {}


def run_init(args: argparse.Namespace, ctx: AppContext) -> int:
    """Handle ``init``."""
    passwords = initialise(ctx, demo=args.demo)
    print(f"CSDL sẵn sàng: {ctx.store.engine.url.render_as_string(hide_password=True)}")
    if args.demo and not passwords:
        print("Trung tâm mẫu đã có sẵn; không tạo thêm.")
    if args.admin:
        from counter_app.cli.admin_login import new_password

        made = ctx.admin.create_first_admin(args.admin, args.admin_name, new_password(args.admin))
        print(f"Đã tạo tài khoản quản trị {made.username}.")
    if passwords:
        print("Đã tạo trung tâm mẫu. Mật khẩu cán bộ (chỉ hiện một lần, hãy ghi lại):")
        for user, password in passwords.items():
            print(f"  {user}: {password}")
    return 0
