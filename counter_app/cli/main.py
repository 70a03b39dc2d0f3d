"""``counter-app`` entry point: global options, command registration and error reporting.

Start-up speed: only the modules of the command being run are imported. :data:`COMMANDS` lists
every command with its help line and the modules that register it (in registration order:
``admin_cmds`` adds actions to the ``counter`` window command of ``gui_cmds``); the other commands
get a placeholder parser carrying their help, so ``--help`` lists them all and ``--version``
imports nothing. ``tests/unit/test_cli_index.py`` checks the list against the modules. The
composition root (``counter_app.app``) is imported after parsing.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from counter_app import __version__
from counter_app.cli.failures import VietnameseParser, unexpected
from counter_app.domain.errors import DomainError, file_problem

if TYPE_CHECKING:
    from counter_app.app import CounterApp

# Each module has ``register(subparsers)``; its handlers take ``(args, app)``.
COMMAND_MODULES = (
    "counter_app.cli.setup_cmds",
    "counter_app.cli.gui_cmds",
    "counter_app.cli.catalogue_cmds",
    "counter_app.cli.queue_cmds",
    "counter_app.cli.dossier_cmds",
    "counter_app.cli.lifecycle_cmds",
    "counter_app.cli.admin_cmds",
    "counter_app.cli.maintenance_cmds",
    "counter_app.cli.web_cmds",
    "counter_app.cli.report_cmds",
    "counter_app.cli.files_cmds",
    "counter_app.cli.selftest_cmds",
    "counter_app.cli.sync_cmds",
)
_C = "counter_app.cli."
# command -> (help line, modules registering it in COMMAND_MODULES order)
COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "init": ("tạo hoặc nâng cấp CSDL (--demo: thêm trung tâm mẫu)", (_C + "setup_cmds",)),
    "kiosk": ("mở màn hình kiosk lấy số", (_C + "gui_cmds",)),
    "counter": ("mở màn hình quầy tiếp nhận", (_C + "gui_cmds", _C + "admin_cmds")),
    "display": ("mở màn hình bảng hiển thị", (_C + "gui_cmds",)),
    "admin": ("mở màn hình quản trị", (_C + "gui_cmds",)),
    "supervisor": ("mở màn hình giám sát và báo cáo", (_C + "gui_cmds",)),
    "catalogue": ("danh mục thủ tục hành chính", (_C + "catalogue_cmds",)),
    "ticket": ("phiếu số thứ tự: cấp số, mời, phục vụ, chuyển, hủy", (_C + "queue_cmds",)),
    "queue": ("hàng chờ: tình hình, quầy làm việc", (_C + "queue_cmds",)),
    "dossier": ("hồ sơ: tiếp nhận, xem, tìm, in giấy tiếp nhận", (_C + "dossier_cmds",)),
    "lookup": ("tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu", (_C + "dossier_cmds",)),
    "calendar": ("lịch làm việc: ngày nghỉ, ngày làm bù của trung tâm", (_C + "dossier_cmds",)),
    "ledger": ("xuất Sổ theo dõi hồ sơ (Mẫu 07) ra PDF hoặc XLSX", (_C + "lifecycle_cmds",)),
    "service": ("lĩnh vực cấp số ở kiosk: list, add, edit, disable", (_C + "admin_cmds",)),
    "officer": ("tài khoản cán bộ: list, add, edit, disable", (_C + "admin_cmds",)),
    "priority": ("đối tượng ưu tiên: list, add, edit, disable", (_C + "admin_cmds",)),
    "centre": ("thông tin và cài đặt chung của trung tâm", (_C + "admin_cmds",)),
    "audit": ("nhật ký kiểm toán: kiểm tra chuỗi băm, xem", (_C + "maintenance_cmds",)),
    "backup": ("sao lưu và khôi phục CSDL", (_C + "maintenance_cmds",)),
    "day": ("kết thúc ngày làm việc", (_C + "maintenance_cmds",)),
    "web": ("chạy trang tra cứu hồ sơ và vé điện tử (HTTP)", (_C + "web_cmds",)),
    "report": ("báo cáo xếp hàng, hồ sơ (chỉ số QĐ 766), đánh giá", (_C + "report_cmds",)),
    "demo": ("dữ liệu minh họa", (_C + "report_cmds",)),
    "files": ("tài liệu số hóa của hồ sơ (bản quét, kết quả điện tử)", (_C + "files_cmds",)),
    "selftest": ("tự kiểm tra bản cài đặt (không đụng tới dữ liệu thật)",
                 (_C + "selftest_cmds",)),
    "sync": ("đồng bộ với máy chủ: chạy, xem tình trạng, đồng bộ ngay", (_C + "sync_cmds",)),
}
_VALUE_OPTIONS = ("--data-dir", "--database-url", "--config")


def command_in(argv: Sequence[str]) -> str | None:
    """The command word of ``argv`` (the first argument that is no global option or value)."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg.startswith("-"):
            long = arg.startswith("--") and "=" not in arg and len(arg) > 2
            if long and sum(o.startswith(arg) for o in _VALUE_OPTIONS) == 1:
                next(args, None)  # its value (argparse accepts a unique prefix)
            continue
        return arg
    return None


def build_parser(command: str | None = "*") -> argparse.ArgumentParser:
    """Return the argument parser: every command's own parser for ``command="*"``, only
    ``command``'s for a known command, placeholders (name and help) for the rest."""
    parser = VietnameseParser(
        prog="counter-app",
        description="Phần mềm xếp hàng và tiếp nhận hồ sơ cho Trung tâm Phục vụ hành chính công.",
    )
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: thư mục dữ liệu người dùng)")
    parser.add_argument("--database-url",
                        help="CSDL, ví dụ postgresql://user:pass@host/db (mặc định: SQLite)")
    parser.add_argument("--config", help="tệp cấu hình TOML (mặc định: trong thư mục dữ liệu)")
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=VietnameseParser)
    wanted = COMMANDS[command][1] if command in COMMANDS else ()
    for name in COMMAND_MODULES:
        if command != "*" and name not in wanted:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    for name, (text, _modules) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; domain errors print one Vietnamese message and exit 1."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = command_in(argv)
    # a word missing from the index (a new command, a typo) loads every module, as before
    wanted = command if command in COMMANDS or command is None else "*"
    args = build_parser(wanted).parse_args(argv)
    app: CounterApp | None = None
    try:
        from counter_app.app import build_app

        app = build_app(args.data_dir, args.config, args.database_url)
        handler = getattr(args, "handler", None)
        if handler is None:
            from counter_app.cli.gui_cmds import run_launcher

            return run_launcher(args, app)
        return int(handler(args, app) or 0)
    except DomainError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file no handler expected to fail
        print(f"Lỗi: {file_problem(exc.filename, exc, writing=None).message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the store gone, else a bug: its traceback goes to a log file
        message = _store_unavailable(exc)
        if message is None:
            message = unexpected(exc, app.paths.data_dir if app else None)
        print(f"Lỗi: {message}", file=sys.stderr)
        return 1
    finally:
        if app is not None:
            try:
                app.close()
            except Exception as exc:
                if not _is_sqlalchemy(exc):
                    raise
                # the server is gone; nothing left to release


def _is_sqlalchemy(exc: BaseException) -> bool:
    """Whether ``exc`` is an SQLAlchemy error (without importing SQLAlchemy for it)."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)


def _store_unavailable(exc: BaseException) -> str | None:
    """The Vietnamese line for an SQLAlchemy error meaning "database unreachable", else None."""
    from counter_app.app import store_unavailable_message

    return store_unavailable_message(exc)
