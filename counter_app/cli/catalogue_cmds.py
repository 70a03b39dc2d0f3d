"""``counter-app catalogue import FILE`` and ``catalogue search TEXT``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from counter_app.adapters.catalogue_file import read_catalogue_file
from counter_app.app import CounterApp
from counter_app.domain.catalogue import Channel


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


def run_import(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``catalogue import``."""
    from counter_app.cli.common import login

    officer = login(app, args.officer)
    rows = read_catalogue_file(args.file)
    count = app.catalogue.import_rows(officer, rows)
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
