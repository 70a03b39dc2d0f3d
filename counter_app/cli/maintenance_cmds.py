"""``counter-app audit verify|list``, ``backup create|list|restore`` and ``day close``.

``audit verify`` needs no login (it shows no personal data); the rest need ``--officer``:
a supervisor for the audit list and the day close, an admin for backups.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from counter_app.app import CounterApp
from counter_app.cli.common import login, parse_day


def _officer(p: argparse.ArgumentParser, who: str) -> None:
    p.add_argument("--officer", required=True, metavar="USER", help=who)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``audit``, ``backup`` and ``day``."""
    audit = sub.add_parser("audit", help="nhật ký kiểm toán: kiểm tra chuỗi băm, xem")
    acts = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = acts.add_parser("verify", help="kiểm tra nhật ký không bị sửa, chèn hay xóa")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=run_verify)
    ls = acts.add_parser("list", help="xem nhật ký (giám sát, quản trị)")
    ls.add_argument("--from", dest="since", type=parse_day, metavar="NGÀY")
    ls.add_argument("--to", dest="until", type=parse_day, metavar="NGÀY")
    ls.add_argument("--user", default="", help="lọc theo cán bộ")
    ls.add_argument("--action", default="", help="lọc theo thao tác, ví dụ login_failed")
    ls.add_argument("--subject", default="", help="lọc theo đối tượng (chứa chuỗi)")
    ls.add_argument("--limit", type=int, default=200)
    ls.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="xuất ra tệp Excel")
    ls.add_argument("--json", action="store_true")
    _officer(ls, "giám sát hoặc quản trị")
    ls.set_defaults(handler=run_audit_list)

    backup = sub.add_parser("backup", help="sao lưu và khôi phục CSDL")
    bacts = backup.add_subparsers(dest="backup_command", required=True, metavar="ACTION")
    create = bacts.add_parser("create", help="sao lưu ngay")
    create.add_argument("--to", type=Path, metavar="DIR", help="thư mục (mặc định: backups)")
    _officer(create, "tài khoản quản trị")
    create.set_defaults(handler=run_backup_create)
    blist = bacts.add_parser("list", help="các bản sao lưu đã kiểm tra")
    blist.add_argument("--json", action="store_true")
    blist.set_defaults(handler=run_backup_list)
    restore = bacts.add_parser("restore", help="khôi phục từ một bản sao lưu")
    restore.add_argument("file", type=Path)
    _officer(restore, "tài khoản quản trị")
    restore.set_defaults(handler=run_backup_restore)

    day = sub.add_parser("day", help="kết thúc ngày làm việc")
    dacts = day.add_subparsers(dest="day_command", required=True, metavar="ACTION")
    close = dacts.add_parser("close", help="kết thúc ngày: phiếu còn chờ, quầy, báo cáo PDF")
    close.add_argument("--date", type=parse_day, metavar="NGÀY", help="mặc định: hôm nay")
    _officer(close, "giám sát hoặc quản trị")
    close.set_defaults(handler=run_day_close)


def run_verify(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``audit verify``: exit 1 when a chain is broken."""
    report = app.audit.verify()
    if args.json:
        p = report.problem
        print(json.dumps({"ok": report.ok, "checked": report.checked, "chains": report.chains,
                          "problem": None if p is None else {
                              "kind": p.kind.value, "origin": p.origin, "seq": p.seq,
                              "id": str(p.entry_id) if p.entry_id else None,
                              "message": p.message}}, ensure_ascii=False))
    else:
        print(report.message)
    return 0 if report.ok else 1


def run_audit_list(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``audit list``."""
    officer = login(app, args.officer)
    entries = app.audit.search(officer, since=args.since, until=args.until, officer=args.user,
                               action=args.action, subject=args.subject, limit=args.limit)
    if args.xlsx:
        path = app.audit.export_xlsx(officer, entries, args.xlsx)
        print(f"Đã ghi {len(entries)} dòng vào {path}.")
        return 0
    for e in entries:
        at = e.at.astimezone(app.tz)
        if args.json:
            print(json.dumps({"at": at.isoformat(), "actor": e.actor, "action": e.action,
                              "subject": e.subject, "detail": e.detail, "origin": e.origin,
                              "seq": e.seq}, ensure_ascii=False))
        else:
            print(f"{at:%d/%m/%Y %H:%M:%S} {e.actor:12} {e.action:24} {e.subject} {e.detail}"
                  .rstrip())
    return 0


def run_backup_create(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``backup create``."""
    info = app.backups.create(login(app, args.officer), args.to)
    print(f"Đã sao lưu vào {info.path} ({info.size:,} byte, phiên bản CSDL {info.revision}).")
    return 0


def run_backup_list(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``backup list``."""
    found = app.backups.list()
    if not found and not args.json:
        print("Chưa có bản sao lưu nào (counter-app backup create --officer TÊN).")
    for b in found:
        local = b.created_at.astimezone(app.tz)
        if args.json:
            print(json.dumps({"path": str(b.path), "created_at": local.isoformat(),
                              "backend": b.backend, "size": b.size, "revision": b.revision,
                              "kind": b.kind}, ensure_ascii=False))
        else:
            print(f"{local:%d/%m/%Y %H:%M} {b.kind:11} {b.size:>14,} {b.path}")
    return 0


def run_backup_restore(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``backup restore FILE``."""
    before = app.backups.restore(login(app, args.officer), args.file)
    print(f"Đã khôi phục từ {args.file}. CSDL trước khi khôi phục được giữ tại {before.path}.")
    return 0


def run_day_close(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``day close``."""
    report = app.day_close.close_day(login(app, args.officer), args.date)
    print(report.message)
    s = report.summary
    print(f"  Phiếu cấp: {s.issued}; đã phục vụ: {s.served}; vắng mặt: {s.no_show}; "
          f"chưa phục vụ: {s.not_served}; hồ sơ nhận: {s.dossiers_received}, "
          f"trả: {s.dossiers_returned}.")
    if report.pdf_path:
        print(f"  Báo cáo: {report.pdf_path}")
    return 0
