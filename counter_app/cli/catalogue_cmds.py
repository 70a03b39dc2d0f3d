"""``counter-app catalogue import FILE`` and ``catalogue search TEXT``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from counter_app.app import CounterApp
from counter_app.domain.catalogue import Channel, Procedure, ProcessingTime, TimeUnit
from counter_app.domain.errors import DomainError, NotFound


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``catalogue`` command group."""
    p = sub.add_parser("catalogue", help="danh mục thủ tục hành chính")
    cs = p.add_subparsers(dest="catalogue_command", required=True, metavar="ACTION")
    imp = cs.add_parser("import", help="nhập tệp CSV hoặc JSON (lỗi một dòng: không nhập gì)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--officer", metavar="USER", help="tài khoản quản trị")
    imp.set_defaults(handler=run_import)
    srch = cs.add_parser("search", help="tìm thủ tục, không phân biệt dấu")
    srch.add_argument("text")
    srch.add_argument("--json", action="store_true", help="mỗi thủ tục một dòng JSON")
    srch.set_defaults(handler=run_search)
    ver = cs.add_parser("versions", help="các phiên bản của một thủ tục (theo ngày hiệu lực)")
    ver.add_argument("code")
    ver.add_argument("--variant", default=None, help="trường hợp của thủ tục")
    ver.set_defaults(handler=run_versions)
    edit = cs.add_parser("edit", help="sửa thủ tục: tạo phiên bản mới có ngày hiệu lực "
                                      "(hồ sơ đã nhận giữ phiên bản cũ)")
    edit.add_argument("code")
    edit.add_argument("--variant", default=None, help="trường hợp của thủ tục")
    edit.add_argument("--from", dest="effective_from", required=True, metavar="NGÀY",
                      help="ngày hiệu lực của phiên bản mới, YYYY-MM-DD")
    edit.add_argument("--time", nargs=2, metavar=("SỐ", "ĐƠN_VỊ"),
                      help="thời hạn giải quyết, ví dụ: 3 working_days (đơn vị: "
                           + ", ".join(u.value for u in TimeUnit) + ")")
    edit.add_argument("--fees", metavar="TT,TTUYEN,BC",
                      help="lệ phí (đồng) trực tiếp, trực tuyến, bưu chính; '-' = theo quy định")
    edit.add_argument("--fee-note", help="ghi chú lệ phí")
    edit.add_argument("--decision", help="quyết định công bố thủ tục")
    edit.add_argument("--officer", metavar="USER", help="tài khoản quản trị")
    edit.set_defaults(handler=run_edit)
    exp = cs.add_parser("export", help="xuất toàn bộ danh mục (mọi phiên bản) ra CSV hoặc JSON")
    exp.add_argument("file", type=Path)
    exp.add_argument("--officer", metavar="USER", help="tài khoản quản trị")
    exp.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue import``."""
    from counter_app.cli.common import login

    officer = login(app, args.officer)
    count = app.catalogue_admin.import_file(officer, args.file)
    print(f"Đã nhập {count} thủ tục từ {args.file.name}.")
    return 0


def run_search(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue search``."""
    found = app.catalogue.search(args.text, dt.datetime.now(app.tz).date())
    for p in found:
        if args.json:
            print(json.dumps({"id": str(p.id), "code": p.code, "variant": p.variant,
                              "name": p.name, "field": p.field_code,
                              "time": p.time.label_vi(),
                              "fee_in_person": p.fee_label_vi(Channel.IN_PERSON)},
                             ensure_ascii=False))
        else:
            variant = f" ({p.variant})" if p.variant else ""
            print(f"{p.code or '—':9} {p.name}{variant} — {p.time.label_vi()}; "
                  f"lệ phí: {p.fee_label_vi(Channel.IN_PERSON)}")
    if not found:
        print(f"Không tìm thấy thủ tục nào khớp với \"{args.text}\".")
    return 0


def _procedure(app: CounterApp, code: str, variant: str | None) -> Procedure:
    """The version in force today of ``code`` (and ``variant``), or the newest one."""
    today = dt.datetime.now(app.tz).date()
    found = [p for p in app.catalogue_admin.search(code.strip(), today, 500)
             if p.code == code.strip() and (variant is None or p.variant == variant)]
    if not found:
        raise NotFound(f"Không tìm thấy thủ tục mã {code} đang có hiệu lực.")
    variants = sorted({p.variant for p in found})
    if len(variants) > 1:
        raise DomainError(f"Thủ tục {code} có nhiều trường hợp; hãy ghi --variant, một trong: "
                          + "; ".join(f"'{v}'" for v in variants) + ".")
    return found[0]


def run_versions(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue versions``."""
    for p in app.catalogue_admin.versions(_procedure(app, args.code, args.variant)):
        until = f" đến {p.effective_to:%d/%m/%Y}" if p.effective_to else ""
        print(f"từ {p.effective_from:%d/%m/%Y}{until}: {p.time.label_vi()}; lệ phí trực tiếp "
              f"{p.fee_label_vi(Channel.IN_PERSON)}; {len(p.documents)} giấy tờ")
    return 0


def _fees(text: str) -> dict[Channel, int | None]:
    from counter_app.services.catalogue_admin import fees_from

    parts = [x.strip() for x in text.split(",")]
    if len(parts) != 3:
        raise DomainError("--fees cần ba giá trị: trực tiếp, trực tuyến, bưu chính (ví dụ "
                          "8000,4000,8000; '-' = theo quy định).")
    try:
        return fees_from([None if x in ("", "-") else int(x) for x in parts])
    except ValueError:
        raise DomainError(f"Lệ phí '{text}' không hợp lệ: cần số đồng, ví dụ 8000.") from None


def run_edit(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue edit``: a new effective-dated version."""
    from counter_app.cli.common import login
    from counter_app.services.catalogue_admin import VersionChanges

    officer = login(app, args.officer)
    base = _procedure(app, args.code, args.variant)
    try:
        start = dt.date.fromisoformat(args.effective_from)
    except ValueError:
        raise DomainError(f"Ngày '{args.effective_from}' cần dạng YYYY-MM-DD.") from None
    time = None
    if args.time:
        try:
            time = ProcessingTime(TimeUnit(args.time[1]), int(args.time[0]))
        except ValueError:
            raise DomainError("--time cần: SỐ ĐƠN_VỊ, ví dụ 3 working_days.") from None
    changes = VersionChanges(start, time, _fees(args.fees) if args.fees else None,
                             args.fee_note, None, args.decision)
    new = app.catalogue_admin.new_version(officer, base.id, changes)
    print(f"Đã tạo phiên bản mới của {new.code} từ {new.effective_from:%d/%m/%Y}: "
          f"{new.time.label_vi()}; lệ phí trực tiếp {new.fee_label_vi(Channel.IN_PERSON)}.")
    return 0


def run_export(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue export``."""
    from counter_app.cli.common import login

    count = app.catalogue_admin.export_file(login(app, args.officer), args.file)
    print(f"Đã xuất {count} phiên bản thủ tục vào {args.file}.")
    return 0
