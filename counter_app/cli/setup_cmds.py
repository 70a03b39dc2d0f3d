"""``counter-app init [--demo]``: create or upgrade the store, optionally with the demo centre."""

from __future__ import annotations

import argparse

from counter_app.app import CounterApp


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``init`` command."""
    p = sub.add_parser("init", help="tạo hoặc nâng cấp CSDL (--demo: thêm trung tâm mẫu)")
    p.add_argument("--demo", action="store_true",
                   help="thêm trung tâm cấp xã mẫu: 4 lĩnh vực, 4 quầy, 3 cán bộ, 1 quản trị")
    p.add_argument("--admin", metavar="USER",
                   help="tạo tài khoản quản trị đầu tiên (mật khẩu: biến COUNTER_APP_NEW_PASSWORD "
                        "hoặc nhập hai lần)")
    p.add_argument("--admin-name", default="Quản trị hệ thống", help="họ tên người quản trị")
    p.set_defaults(handler=run_init)


def initialise(app: CounterApp, *, demo: bool) -> dict[str, str]:
    """Migrate the store and add base data (and the demo centre); see ``CounterApp.initialise``."""
    return app.initialise(demo=demo)


def run_init(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``init``."""
    passwords = initialise(app, demo=args.demo)
    print(f"CSDL sẵn sàng: {app.store_description()}")
    if args.demo and not passwords:
        print("Trung tâm mẫu đã có sẵn; không tạo thêm.")
    if args.admin:
        from counter_app.cli.common import new_password

        made = app.admin.create_first_admin(args.admin, args.admin_name, new_password(args.admin))
        print(f"Đã tạo tài khoản quản trị {made.username}.")
    elif not args.demo and not app.admin.has_officers():
        print("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: counter-app init --admin "
              "TÊN_ĐĂNG_NHẬP, hoặc mở counter-app để dùng trình thiết lập trung tâm.")
    if passwords:
        print("Đã tạo trung tâm mẫu. Mật khẩu cán bộ (chỉ hiện một lần, hãy ghi lại):")
        for user, password in passwords.items():
            print(f"  {user}: {password}")
    return 0
