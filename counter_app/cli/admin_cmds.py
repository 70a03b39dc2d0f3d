"""``counter-app service|counter|officer|priority list|add|edit|disable`` and ``centre show|set``.

One shape for every set-up record: ``list`` (``--json``), ``add``, ``edit`` (only the options
given change), ``disable`` (records are never deleted). Writes and the officer list need an
admin's login (``--officer USER``); the service, counter and priority lists are public.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable
from typing import Any

from counter_app.app import CounterApp
from counter_app.cli.common import ENV_PASSWORD, ask_password, login, new_password
from counter_app.domain.admin import CounterDraft, OfficerDraft, PriorityDraft, ServiceDraft
from counter_app.domain.errors import DomainError
from counter_app.domain.reference import ROLE_LABELS_VI, Role


def _hours(text: str) -> tuple[dt.time, dt.time]:
    try:
        start, end = (dt.time.fromisoformat(p.strip()) for p in text.split("-", 1))
    except ValueError:
        raise DomainError(f"Giờ cấp số '{text}' cần dạng HH:MM-HH:MM, ví dụ 07:30-16:30.") from None
    return start, end


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in text.split(",") if c.strip())


# record kind -> (options: (flag, draft field, converter, help))
OPTIONS: dict[str, list[tuple[str, str, Callable[[str], Any], str]]] = {
    "service": [("--name", "name", str, "tên hiển thị ở kiosk"),
                ("--prefix", "prefix", str, "tiền tố số, 1–3 chữ cái, duy nhất"),
                ("--start", "start_number", int, "số bắt đầu mỗi ngày"),
                ("--cap", "daily_cap", int, "số phiếu tối đa trong ngày"),
                ("--hours", "issue_hours", _hours, "giờ cấp số HH:MM-HH:MM"),
                ("--order", "sort_order", int, "thứ tự trên kiosk"),
                ("--field", "field_code", str, "mã lĩnh vực thủ tục")],
    "counter": [("--name", "name", str, "tên quầy"),
                ("--services", "service_codes", _codes, "mã lĩnh vực phục vụ, cách nhau dấu phẩy"),
                ("--pc", "pc_name", str, "tên máy tính mặc định mở quầy này")],
    "officer": [("--name", "full_name", str, "họ và tên"),
                ("--role", "role", Role, "officer | supervisor | admin"),
                ("--title", "title", str, "chức danh"),
                ("--services", "service_codes", _codes, "mã lĩnh vực phụ trách")],
    "priority": [("--name", "name", str, "tên đối tượng ưu tiên"),
                 ("--rank", "rank", int, "thứ tự ưu tiên (1 gọi trước)")],
}
KEY_HELP = {"service": "mã lĩnh vực (ví dụ HT)", "counter": "số quầy",
            "officer": "tên đăng nhập", "priority": "mã đối tượng (ví dụ NCT)"}
HELP = {"service": "lĩnh vực cấp số ở kiosk", "counter": "quầy",
        "officer": "tài khoản cán bộ", "priority": "đối tượng ưu tiên"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the set-up command groups and ``centre``."""
    for kind in OPTIONS:
        window = sub.choices.get(kind)  # ``counter`` alone still opens the counter window
        p = window or sub.add_parser(kind, help=f"{HELP[kind]}: list, add, edit, disable")
        if window is not None:
            window.description = ("Không ghi ACTION: mở màn hình quầy. "
                                  f"list|add|edit|disable: thiết lập {HELP[kind]}.")
        acts = p.add_subparsers(dest=f"{kind}_command", required=window is None,
                                metavar="ACTION")
        ls = acts.add_parser("list", help="liệt kê")
        ls.add_argument("--json", action="store_true", help="mỗi dòng một đối tượng JSON")
        if kind == "officer":
            ls.add_argument("--officer", required=True, metavar="USER", help="giám sát/quản trị")
        ls.set_defaults(handler=run_list, kind=kind)
        for action in ("add", "edit"):
            a = acts.add_parser(action, help="thêm" if action == "add" else "sửa (chỉ các mục ghi)")
            a.add_argument("key", type=int if kind == "counter" else str, help=KEY_HELP[kind])
            for flag, dest, conv, text in OPTIONS[kind]:
                a.add_argument(flag, dest=dest, type=conv, help=text,
                               required=action == "add" and dest in ("name", "full_name"))
            if kind == "service" and action == "add":
                a.set_defaults(prefix=None)
            a.add_argument("--officer", required=True, metavar="USER", help="tài khoản quản trị")
            a.set_defaults(handler=run_add if action == "add" else run_edit, kind=kind)
        d = acts.add_parser("disable", help="ngừng sử dụng (không xóa)")
        d.add_argument("key", type=int if kind == "counter" else str, help=KEY_HELP[kind])
        d.add_argument("--officer", required=True, metavar="USER", help="tài khoản quản trị")
        d.set_defaults(handler=run_disable, kind=kind)
        if kind == "officer":
            _officer_extras(acts)
    _register_centre(sub)


def _officer_extras(acts: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = acts.add_parser("reset-password", help="cấp mật khẩu dùng một lần (phải đổi khi đăng nhập)")
    r.add_argument("key", metavar="USER")
    r.add_argument("--officer", required=True, metavar="ADMIN", help="tài khoản quản trị")
    r.set_defaults(handler=run_reset)
    u = acts.add_parser("unlock", help="mở khóa tài khoản bị khóa do nhập sai mật khẩu")
    u.add_argument("key", metavar="USER")
    u.add_argument("--officer", required=True, metavar="ADMIN", help="tài khoản quản trị")
    u.set_defaults(handler=run_unlock)
    pw = acts.add_parser("passwd", help="đổi mật khẩu của chính mình")
    pw.add_argument("key", metavar="USER")
    pw.set_defaults(handler=run_passwd)


def _register_centre(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("centre", help="thông tin và cài đặt chung của trung tâm")
    acts = p.add_subparsers(dest="centre_command", required=True, metavar="ACTION")
    show = acts.add_parser("show", help="xem cài đặt chung")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_centre_show)
    st = acts.add_parser("set", help="đổi một cài đặt chung (quản trị)")
    st.add_argument("key", help="ví dụ centre.name, office_hours.morning, backup.keep")
    st.add_argument("value")
    st.add_argument("--officer", required=True, metavar="USER", help="tài khoản quản trị")
    st.set_defaults(handler=run_centre_set)


def _jsonable(item: Any) -> dict[str, Any]:
    out = {}
    for k, v in dataclasses.asdict(item).items():
        if k == "id":
            continue
        if isinstance(v, dt.time):
            v = v.strftime("%H:%M")
        elif isinstance(v, dt.datetime | Role):
            v = v.isoformat() if isinstance(v, dt.datetime) else v.value
        elif isinstance(v, tuple):
            v = list(v)
        out[k] = v
    return out


def _line(kind: str, item: Any) -> str:
    off = "" if item.active else "  [ngừng]"
    if kind == "service":
        hours = (f"; cấp số {item.issue_from:%H:%M}-{item.issue_to:%H:%M}"
                 if item.issue_from and item.issue_to else "")
        cap = f"; tối đa {item.daily_cap}/ngày" if item.daily_cap else ""
        return f"{item.code:6} {item.prefix:3} {item.name}{cap}{hours}{off}"
    if kind == "counter":
        pc = f"; máy {item.pc_name}" if item.pc_name else ""
        return f"Quầy {item.number:<3} {item.name} — {', '.join(item.service_codes) or '-'}{pc}{off}"
    if kind == "officer":
        flags = (" [phải đổi mật khẩu]" if item.must_change_password else "") + (
            f" [khóa đến {item.locked_until:%H:%M}]" if item.locked_until else "")
        return (f"{item.username:12} {item.full_name} — {ROLE_LABELS_VI[item.role]}"
                f"{'; ' + ', '.join(item.service_codes) if item.service_codes else ''}{flags}{off}")
    return f"{item.code:6} {item.name} (thứ tự {item.rank}){off}"


def run_list(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``<kind> list``."""
    if args.kind == "officer":
        items: list[Any] = app.admin.list_officers(login(app, args.officer))
    else:
        items = list(app.admin.reference_list(args.kind))
    for item in items:
        print(json.dumps(_jsonable(item), ensure_ascii=False) if args.json
              else _line(args.kind, item))
    if not items and not args.json:
        print("(chưa có)")
    return 0


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for _flag, dest, _conv, _text in OPTIONS[args.kind]:
        value = getattr(args, dest, None)
        if value is None:
            continue
        if dest == "issue_hours":
            changes["issue_from"], changes["issue_to"] = value
        else:
            changes[dest] = value
    return changes


def run_add(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``<kind> add``."""
    admin = login(app, args.officer)
    c = _changes(args)
    if args.kind == "service":
        item: Any = app.admin.add_service(admin, dataclasses.replace(
            ServiceDraft(args.key, c.pop("name"), c.pop("prefix", None) or args.key[:1]), **c))
    elif args.kind == "counter":
        item = app.admin.add_counter(admin, dataclasses.replace(
            CounterDraft(args.key, c.pop("name")), **c))
    elif args.kind == "priority":
        item = app.admin.add_priority(admin, dataclasses.replace(
            PriorityDraft(args.key, c.pop("name")), **c))
    else:
        draft = dataclasses.replace(OfficerDraft(args.key, c.pop("full_name")), **c)
        item = app.admin.add_officer(admin, draft, new_password(args.key))
    print(f"Đã thêm: {_line(args.kind, item)}")
    return 0


def run_edit(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``<kind> edit``."""
    admin = login(app, args.officer)
    changes = _changes(args)
    if not changes:
        raise DomainError("Không có mục nào cần sửa; hãy ghi ít nhất một tùy chọn, ví dụ --name.")
    method = {"service": app.admin.edit_service, "counter": app.admin.edit_counter,
              "officer": app.admin.edit_officer, "priority": app.admin.edit_priority}[args.kind]
    item = method(admin, args.key, changes)  # type: ignore[operator]
    print(f"Đã sửa: {_line(args.kind, item)}")
    return 0


def run_disable(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``<kind> disable``."""
    admin = login(app, args.officer)
    method = {"service": app.admin.disable_service, "counter": app.admin.disable_counter,
              "officer": app.admin.disable_officer,
              "priority": app.admin.disable_priority}[args.kind]
    item = method(admin, args.key)  # type: ignore[operator]
    print(f"Đã ngừng: {_line(args.kind, item)}")
    return 0


def run_reset(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``officer reset-password``: print the one-time password once."""
    one_time = app.accounts.reset_password(login(app, args.officer), args.key)
    print(f"Mật khẩu dùng một lần của {args.key.strip().lower()}: {one_time}")
    print("Cán bộ phải đổi mật khẩu này khi đăng nhập lần đầu.")
    return 0


def run_unlock(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``officer unlock``."""
    app.accounts.unlock(login(app, args.officer), args.key)
    print(f"Đã mở khóa tài khoản {args.key.strip().lower()}.")
    return 0


def run_passwd(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``officer passwd``: change one's own password."""


    current = os.environ.get(ENV_PASSWORD) or ask_password(f"Mật khẩu hiện tại của {args.key}: ",
                                                   args.key)
    officer = app.accounts.change_password(args.key, current, new_password(args.key))
    print(f"Đã đổi mật khẩu của {officer.username}.")
    return 0


def run_centre_show(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``centre show``."""
    items = app.centre_settings.show()
    if args.json:
        print(json.dumps({i.key: i.value for i in items}, ensure_ascii=False))
        return 0
    for i in items:
        mark = {"store": "", "file": " (tệp cấu hình)", "default": " (mặc định)"}[i.source]
        print(f"{i.key:36} {i.value}{mark}")
    return 0


def run_centre_set(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``centre set KEY VALUE``."""
    item = app.centre_settings.set(login(app, args.officer), args.key, args.value)
    print(f"Đã đặt {item.key} = {item.value}")
    return 0
