"""Report commands: ``counter-app report queue|dossiers|ratings --from DATE --to DATE [--by …]
[--json | --xlsx FILE | --pdf FILE] --officer USER``, ``report items`` (the dossiers behind one
figure) and ``counter-app demo history --days 30`` (a generated month for demos and benchmarks).

Supervisor or admin (checked by the services); the password comes from ``COUNTER_APP_PASSWORD``
or a prompt. Errors print one Vietnamese line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from counter_app.app import CounterApp
from counter_app.cli.common import login, parse_day
from counter_app.domain.errors import DomainError
from counter_app.services.ports.reports import DOSSIER_FIGURES, GroupBy
from counter_app.services.report_layout import table_rows
from counter_app.services.reports import Report, ReportPeriod

KINDS = ("queue", "dossiers", "ratings")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` and ``demo`` groups."""
    p = sub.add_parser("report", help="báo cáo xếp hàng, hồ sơ (chỉ số QĐ 766), đánh giá")
    p.add_argument("kind", choices=[*KINDS, "items"],
                   help="queue | dossiers | ratings | items (danh sách hồ sơ của một chỉ tiêu)")
    p.add_argument("--from", dest="first", required=True, help="ngày đầu kỳ, ví dụ 2026-11-01")
    p.add_argument("--to", dest="last", required=True, help="ngày cuối kỳ (tính cả ngày này)")
    p.add_argument("--by", default="none", choices=[g.value for g in GroupBy],
                   help="nhóm theo: service, counter, officer, procedure, field, channel, day, hour")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="in JSON, mỗi nhóm một đối tượng")
    out.add_argument("--xlsx", type=Path, help="xuất tệp Excel")
    out.add_argument("--pdf", type=Path, help="xuất tệp PDF")
    p.add_argument("--figure", choices=DOSSIER_FIGURES, default="late",
                   help="(items) chỉ tiêu cần xem danh sách hồ sơ")
    p.add_argument("--group", help="(items) khóa nhóm, ví dụ HT khi --by field")
    p.add_argument("--officer", required=True, help="tài khoản giám sát hoặc quản trị")
    p.set_defaults(handler=run_report)
    d = sub.add_parser("demo", help="dữ liệu minh họa")
    dsub = d.add_subparsers(dest="demo_command", metavar="COMMAND", required=True)
    h = dsub.add_parser("history", help="sinh lịch sử hoạt động (phiếu, hồ sơ, đánh giá)")
    h.add_argument("--days", type=int, default=30, help="số ngày (mặc định 30)")
    h.add_argument("--seed", type=int, default=2026)
    h.add_argument("--tickets-per-day", type=int, default=120)
    h.add_argument("--dossiers-per-day", type=int, default=40)
    h.add_argument("--officer", required=True, help="tài khoản giám sát hoặc quản trị")
    h.set_defaults(handler=run_history)


def _period(args: argparse.Namespace) -> ReportPeriod:
    return ReportPeriod(parse_day(args.first, "Ngày đầu kỳ"), parse_day(args.last, "Ngày cuối kỳ"))


def run_report(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``report``."""
    period = _period(args)
    by = GroupBy(args.by)
    officer = login(app, args.officer)
    service = app.reports
    if args.kind == "items":
        items = service.dossier_items(officer, period, by, args.group, args.figure)
        if args.json:
            print(json.dumps([{"code": i.code, "procedure": i.procedure_name,
                               "field": i.field_code, "applicant": i.applicant_name,
                               "officer": i.officer_username,
                               "received_at": i.received_at.isoformat(),
                               "due": i.due.isoformat(),
                               "ended_at": i.ended_at.isoformat() if i.ended_at else None,
                               "status": i.status, "on_time": i.on_time} for i in items],
                             ensure_ascii=False, indent=2))
        else:
            for i in items:
                end = i.ended_at.astimezone(app.tz).strftime("%d/%m/%Y %H:%M") if i.ended_at else "–"
                print(f"{i.code}\t{i.field_code}\t{i.applicant_name}\t"
                      f"hẹn {i.due.astimezone(app.tz):%d/%m/%Y %H:%M}\tkết thúc {end}")
        return 0
    report: Report = getattr(service, args.kind)(officer, period, by)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif args.xlsx or args.pdf:
        from counter_app.cli.report_export import export

        path = export(app, report, xlsx=args.xlsx, pdf=args.pdf)
        print(f"Đã xuất {path}")
    else:
        _print_table(report)
    return 0


def _print_table(report: Report) -> None:
    rows = table_rows(report)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"{report.period.label_vi}")
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))


def run_history(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``demo history``."""
    if args.tickets_per_day < 0 or args.dossiers_per_day < 0:
        raise DomainError("Số phiếu và số hồ sơ mỗi ngày không được âm.")
    officer = login(app, args.officer)
    started = dt.datetime.now()
    summary = app.demo_history(officer, days=args.days, seed=args.seed,
                               tickets_per_day=args.tickets_per_day,
                               dossiers_per_day=args.dossiers_per_day)
    took = (dt.datetime.now() - started).total_seconds()
    print(f"Đã sinh lịch sử {summary.days} ngày ({summary.first_day:%d/%m/%Y}–"
          f"{summary.last_day:%d/%m/%Y}): {summary.tickets} phiếu, {summary.dossiers} hồ sơ "
          f"trong {took:.1f} giây.")
    return 0
