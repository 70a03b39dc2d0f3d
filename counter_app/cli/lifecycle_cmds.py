"""Lifecycle commands: ``counter-app dossier transfer|request-supplement|resume|refuse|ready|delay|
stop|return|withdraw … CODE``, ``dossier form CODE --form 02|03|04|05|06|return --pdf OUT.pdf``,
``dossier worklist`` and ``counter-app ledger --from DATE --to DATE --xlsx|--pdf OUT``.

Actions take ``--officer USER`` (password from ``COUNTER_APP_PASSWORD`` or a prompt) and
``--counter N``; each is one transaction with one history line. Errors print one Vietnamese line
on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app.app import CounterApp
from counter_app.cli.common import local, login, parse_day, write_output
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle_commands import (
    ACTION_LABELS_VI,
    CancelWithdrawal,
    Collector,
    CollectorKind,
    Delay,
    FinancialDone,
    LifecycleCommand,
    Ready,
    Refuse,
    RequestFinancial,
    RequestSupplement,
    RequestWithdrawal,
    Resume,
    Return,
    Stop,
    Transfer,
    Withdraw,
)
from counter_app.services.lifecycle import ActionResult
from counter_app.services.lifecycle_documents import FormKind
from counter_app.services.worklists import WORKLIST_LABELS_VI, Worklist

Parser = argparse.ArgumentParser
Builder = Callable[[argparse.Namespace, CounterApp], LifecycleCommand]


def _parse_moment(app: CounterApp, text: str, what: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"{what} '{text[:40]}' không đúng dạng, ví dụ 2026-07-21T16:00.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=app.tz)


def _collector(args: argparse.Namespace) -> Collector:
    return Collector(CollectorKind(args.collector), args.collector_name or "",
                     args.collector_id or "", args.authorisation or "")


Option = tuple[tuple[str, ...], dict[str, Any]]


def _o(*flags: str, **kw: Any) -> Option:
    return flags, kw


COLLECTOR_OPTIONS: list[Option] = [
    _o("--collector", choices=[k.value for k in CollectorKind], default="applicant",
       help="người nhận: applicant (người nộp) hoặc authorised (người được ủy quyền)"),
    _o("--collector-name", metavar="TÊN"),
    _o("--collector-id", metavar="SỐ", help="số định danh của người được ủy quyền"),
    _o("--authorisation", metavar="VĂN BẢN", help="văn bản ủy quyền"),
]


def _return(args: argparse.Namespace, _ctx: CounterApp) -> LifecycleCommand:
    collector = None if args.postal_tracking else _collector(args)
    return Return(collector, args.fees, args.postal_tracking or "", args.note or "")


ACTIONS: dict[str, tuple[str, list[Option], Builder]] = {
    "transfer": (
        "chuyển hồ sơ đến cơ quan giải quyết",
        [_o("--body", required=True, help="cơ quan (bộ phận) giải quyết"),
         _o("--receiver", help="người nhận tại cơ quan"), _o("--co-bodies", help="cơ quan phối hợp"),
         _o("--note")],
        lambda a, c: Transfer(a.body, a.receiver or "", a.co_bodies or "", a.note or "")),
    "request-supplement": (
        "yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02; tạm dừng tính thời gian)",
        [_o("--item", action="append", required=True, help="nội dung cần bổ sung (lặp lại)"),
         _o("--reason", required=True), _o("--contact-name"), _o("--contact-phone"), _o("--body")],
        lambda a, c: RequestSupplement(tuple(a.item), a.reason, a.contact_name or "",
                                       a.contact_phone or "", a.body or "")),
    "resume": ("đã nhận hồ sơ bổ sung, tiếp tục giải quyết", [_o("--note")],
               lambda a, c: Resume(a.note or "")),
    "request-financial": (
        "yêu cầu thực hiện nghĩa vụ tài chính (tạm dừng tính thời gian)",
        [_o("--description", required=True), _o("--amount", type=int)],
        lambda a, c: RequestFinancial(a.description, a.amount)),
    "financial-done": ("đã thực hiện nghĩa vụ tài chính", [_o("--receipt")],
                       lambda a, c: FinancialDone(a.receipt or "")),
    "refuse": ("từ chối tiếp nhận hồ sơ (Mẫu 03)",
               [_o("--reason", action="append", required=True, help="lý do (lặp lại)")],
               lambda a, c: Refuse(tuple(a.reason))),
    "ready": ("đã có kết quả, chờ trả",
              [_o("--result", help="kết quả giải quyết"), _o("--handed-by", help="người giao"),
               _o("--body")],
              lambda a, c: Ready(a.result or "", a.handed_by or "", a.body or "")),
    "delay": ("xin lỗi và gia hạn (Mẫu 04; giám sát)",
              [_o("--reason", required=True),
               _o("--new-date", required=True, metavar="ISO", help="ví dụ 2026-07-21T16:00")],
              lambda a, c: Delay(a.reason, _parse_moment(c, a.new_date, "Ngày hẹn mới"))),
    "request-withdrawal": ("công dân yêu cầu dừng, rút hồ sơ", [_o("--reason")],
                           lambda a, c: RequestWithdrawal(a.reason or "")),
    "cancel-withdrawal": ("hủy yêu cầu rút hồ sơ", [_o("--note")],
                          lambda a, c: CancelWithdrawal(a.note or "")),
    "stop": ("dừng giải quyết hồ sơ (Mẫu 05; giám sát)", [_o("--reason", required=True), _o("--body")],
             lambda a, c: Stop(a.reason, a.body or "")),
    "withdraw": ("trả lại hồ sơ đã rút cho công dân", [*COLLECTOR_OPTIONS, _o("--note")],
                 lambda a, c: Withdraw(_collector(a), a.note or "")),
    "return": ("trả kết quả (tại quầy hoặc qua bưu chính)",
               [*COLLECTOR_OPTIONS, _o("--fees", type=int, default=0, help="phí, lệ phí đã thu (đồng)"),
                _o("--postal-tracking", metavar="MÃ", help="mã vận đơn khi gửi qua bưu chính"),
                _o("--note")], _return),
}


def register_dossier_actions(ds: argparse._SubParsersAction[Parser]) -> None:
    """Add the lifecycle actions, ``form`` and ``worklist`` to the ``dossier`` group."""
    for name, (help_text, options, build) in ACTIONS.items():
        p = ds.add_parser(name, help=help_text)
        p.add_argument("code", metavar="CODE")
        p.add_argument("--officer", required=True, metavar="USER")
        p.add_argument("--counter", type=int, metavar="N")
        p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        p.add_argument("--at", metavar="'YYYY-MM-DD HH:MM'",
                       help="nhập bù bước đã làm trên giấy (giám sát; không trước bước trước, "
                            "không ở tương lai)")
        for flags, kw in options:
            p.add_argument(*flags, **kw)
        p.set_defaults(handler=_action_handler(build))
    form = ds.add_parser("form", help="in mẫu 02, 03, 04, 05, 06 hoặc phiếu trả kết quả (PDF)")
    form.add_argument("code", metavar="CODE")
    form.add_argument("--form", required=True, choices=[k.value for k in FormKind])
    form.add_argument("--pdf", required=True, type=Path, metavar="OUT.pdf")
    form.add_argument("--paper", choices=("A4", "A5"), help="khổ giấy (mặc định: theo cấu hình)")
    form.add_argument("--officer", metavar="USER")
    form.set_defaults(handler=run_form)
    wl = ds.add_parser("worklist", help="danh sách hồ sơ đến hạn, quá hạn, chờ trả, chờ bổ sung")
    wl.add_argument("--list", choices=[w.value for w in Worklist], help="chỉ một danh sách")
    wl.add_argument("--field", metavar="CODE", help="chỉ một lĩnh vực")
    wl.add_argument("--json", action="store_true")
    wl.add_argument("--officer", metavar="USER")
    wl.set_defaults(handler=run_worklist)


def register(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``ledger`` (Mẫu 07, sổ theo dõi hồ sơ)."""
    p = sub.add_parser("ledger", help="xuất Sổ theo dõi hồ sơ (Mẫu 07) ra PDF hoặc XLSX")
    p.add_argument("--from", dest="first", required=True, metavar="DATE")
    p.add_argument("--to", dest="last", required=True, metavar="DATE")
    p.add_argument("--field", metavar="CODE", help="lĩnh vực (mặc định: tất cả)")
    p.add_argument("--form-set", choices=("2025", "2018"), help="bộ biểu mẫu (mặc định: cấu hình)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--xlsx", type=Path, metavar="OUT.xlsx")
    out.add_argument("--pdf", type=Path, metavar="OUT.pdf")
    p.add_argument("--officer", metavar="USER", help="giám sát hoặc quản trị (bắt buộc)")
    p.set_defaults(handler=run_ledger)


def _action_handler(build: Builder) -> Callable[[argparse.Namespace, CounterApp], int]:
    def handler(args: argparse.Namespace, app: CounterApp) -> int:
        command = build(args, app)
        officer = login(app, args.officer)
        at = _parse_moment(app, args.at, "Thời điểm nhập bù") if args.at else None
        result = app.desk.lifecycle.act(officer, args.code, command,
                                        counter_number=args.counter, at=at)
        _print_result(args, app, result)
        return 0
    return handler


def _print_result(args: argparse.Namespace, app: CounterApp, r: ActionResult) -> None:
    if args.json:
        print(json.dumps({
            "code": r.code, "action": r.action.value, "at": r.at.astimezone(app.tz).isoformat(),
            "status": r.status.value, "national_code": r.status.national_code,
            "status_label": r.status_label,
            "appointment_at": r.appointment_at.astimezone(app.tz).isoformat(),
            "original_appointment_at": r.original_appointment_at.astimezone(app.tz).isoformat()
            if r.original_appointment_at else None,
            "document_number": r.document_number, "warnings": list(r.warnings)},
            ensure_ascii=False))
        return
    print(f"{ACTION_LABELS_VI[r.action]}: hồ sơ {r.code}")
    print(f"  Trạng thái: {r.status_label} (mã {r.status.national_code})")
    print(f"  Hẹn trả kết quả: {local(app, r.appointment_at)}")
    if r.original_appointment_at is not None:
        print(f"  Hẹn ban đầu: {local(app, r.original_appointment_at)}")
    if r.document_number is not None:
        print(f"  Số phiếu: {r.document_number:02d}")
    for warning in r.warnings:
        print(f"  Lưu ý: {warning}")


def run_form(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier form``."""
    pdf = app.documents.form_pdf(login(app, args.officer), args.code, args.form,
                                 paper=args.paper)
    write_output(args.pdf, pdf)
    print(f"Đã ghi {args.pdf} ({len(pdf) // 1024 + 1} KB).")
    return 0


def run_worklist(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier worklist``."""
    wl = app.desk.worklists_for(login(app, args.officer))
    lists = [Worklist(args.list)] if args.list else list(Worklist)
    out: dict[str, Any] = {}
    for which in lists:
        rows = wl.rows(which, args.field)
        out[which.value] = [{"code": r.code, "procedure": r.procedure_name,
                             "applicant": r.applicant_name, "appointment_at": r.appointment_at.isoformat(),
                             "status_label": r.status_label, "warn": r.warn, "overdue": r.overdue,
                             "extended": r.extended} for r in rows]
        if not args.json:
            print(f"{WORKLIST_LABELS_VI[which]}: {len(rows)}")
            for r in rows:
                mark = "⚠ " if r.warn or r.overdue else "  "
                print(f"  {mark}{r.code}  {r.appointment_at:%H:%M %d/%m/%Y}  {r.applicant_name}"
                      f"  — {r.procedure_name}")
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    return 0


def run_ledger(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ledger``."""
    first, last = parse_day(args.first, "Ngày bắt đầu"), parse_day(args.last, "Ngày kết thúc")
    lines, field_name, data = app.documents.ledger(login(app, args.officer), first, last,
                                                   args.field, xlsx=bool(args.xlsx),
                                                   form_set=args.form_set)
    path = args.xlsx or args.pdf
    write_output(path, data)
    print(f"Đã ghi {path}: {lines} hồ sơ, {field_name}, "
          f"{first:%d/%m/%Y}–{last:%d/%m/%Y}.")
    return 0
