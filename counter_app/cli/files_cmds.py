"""Digitised documents: ``counter-app files attach CODE FILE [--result] [--document N]``,
``files import CODE --folder DIR`` (a scanner's inbox) and ``files list CODE`` (officer or
supervisor; ``--officer USER``). Files are checked by content (PDF, JPEG, PNG), size-limited and
stored by their hash under the data directory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from counter_app.app import CounterApp
from counter_app.cli.common import login
from counter_app.domain.digitised import MAX_BYTES, FileKind
from counter_app.domain.errors import DomainError, file_problem


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``files`` group."""
    p = sub.add_parser("files", help="tài liệu số hóa của hồ sơ (bản quét, kết quả điện tử)")
    fs = p.add_subparsers(dest="files_command", metavar="COMMAND", required=True)
    attach = fs.add_parser("attach", help="đính kèm một tệp quét (PDF, JPEG, PNG)")
    attach.add_argument("code", metavar="CODE")
    attach.add_argument("file", type=Path)
    attach.add_argument("--document", type=int, metavar="N", help="số thứ tự thành phần hồ sơ")
    inbox = fs.add_parser("import", help="đính kèm mọi bản quét trong thư mục máy quét")
    inbox.add_argument("code", metavar="CODE")
    inbox.add_argument("--folder", type=Path, required=True)
    listing = fs.add_parser("list", help="các tệp số hóa của hồ sơ")
    listing.add_argument("code", metavar="CODE")
    listing.add_argument("--json", action="store_true")
    for q in (attach, inbox):
        q.add_argument("--result", action="store_true", help="bản điện tử của kết quả giải quyết")
    for q in (attach, inbox, listing):
        q.add_argument("--officer", required=True, metavar="USER")
    attach.set_defaults(handler=run_attach)
    inbox.set_defaults(handler=run_import)
    listing.set_defaults(handler=run_list)


def _kind(args: argparse.Namespace) -> FileKind:
    return FileKind.RESULT if args.result else FileKind.COMPONENT


def run_attach(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``files attach``."""
    officer = login(app, args.officer)
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DomainError(f"Tệp {path.name} lớn quá {MAX_BYTES // (1024 * 1024)} MB.")
        data = path.read_bytes()
    except OSError as exc:
        raise file_problem(path, exc, writing=False) from None
    f = app.digitised.attach(officer, args.code, _kind(args), path.name, data, args.document)
    print(f"Đã lưu {f.file_name} ({f.media_type}, {f.size} byte) vào hồ sơ {args.code.upper()}.")
    return 0


def run_import(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``files import``."""
    officer = login(app, args.officer)
    done = app.digitised.import_inbox(officer, args.code, app.folder_inbox(args.folder),
                                      _kind(args))
    for f in done.stored:
        print(f"Đã lưu {f.file_name}")
    for name, why in done.refused:
        print(f"Bỏ qua {name}: {why}")
    return 0 if not done.refused else 1


def run_list(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``files list``."""
    officer = login(app, args.officer)
    files = app.digitised.files(officer, args.code)
    if args.json:
        print(json.dumps([{"kind": f.kind, "file_name": f.file_name, "media_type": f.media_type,
                           "size": f.size, "sha256": f.sha256, "document": f.document_position,
                           "officer": f.officer_username} for f in files],
                         ensure_ascii=False, indent=2))
    else:
        for f in files:
            print(f"{f.kind}\t{f.file_name}\t{f.media_type}\t{f.size}\t{f.sha256[:16]}…")
    return 0
