"""``counter-app`` entry point: global options, command registration and error reporting."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from counter_app import __version__
from counter_app.adapters.db.errors import unavailable
from counter_app.app import CounterApp, build_app
from counter_app.cli.failures import VietnameseParser, unexpected
from counter_app.domain.errors import DomainError, file_problem

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
    "counter_app.cli.selftest_cmds",
    "counter_app.cli.sync_cmds",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available command."""
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
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; domain errors print one Vietnamese message and exit 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    app: CounterApp | None = None
    try:
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
    except SQLAlchemyError as exc:
        mapped = unavailable(getattr(exc, "orig", None) or exc)
        line = mapped.message if mapped is not None else unexpected(
            exc, app.paths.data_dir if app else None)
        print(f"Lỗi: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: the traceback goes to a log file, the user gets one line
        print(f"Lỗi: {unexpected(exc, app.paths.data_dir if app else None)}", file=sys.stderr)
        return 1
    finally:
        if app is not None:
            try:
                app.close()
            except SQLAlchemyError:
                pass  # the server is gone; nothing left to release
