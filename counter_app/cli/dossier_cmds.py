"""``counter-app dossier …`` (receive, show, search, receipt), ``lookup`` and ``calendar``.

``dossier receive`` reads the JSON format of ``docs/dossier-json.md``. Officer actions take
``--officer USER``; the password comes from ``COUNTER_APP_PASSWORD`` or a prompt.
``--received-at`` back-dates a paper receipt written during an outage (supervisors only).
Errors print one Vietnamese line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from counter_app.app import CounterApp
from counter_app.cli import calendar_cmds, lifecycle_cmds
from counter_app.cli.common import json_opt, local, login, officer_opt, read_json, write_output
from counter_app.domain.catalogue import CHANNEL_LABELS_VI, DOCUMENT_FORM_LABELS_VI, DocumentForm
from counter_app.domain.dossier import STATUS_LABELS_VI, Dossier
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle_commands import action_label
from counter_app.services.dossier_queries import (
    DossierView,
    PublicStatus,
)
from counter_app.services.reception import ReceptionResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``dossier``, ``lookup`` and ``calendar`` command groups."""
    p = sub.add_parser("dossier", help="hồ sơ: tiếp nhận, xem, tìm, in giấy tiếp nhận")
    ds = p.add_subparsers(dest="dossier_command", required=True, metavar="ACTION")
    rcv = ds.add_parser("receive", help="tiếp nhận hồ sơ từ tệp JSON (xem docs/dossier-json.md)")
    rcv.add_argument("--from-json", required=True, type=Path, metavar="FILE")
    rcv.add_argument("--officer", required=True, metavar="USER",
                     help="cán bộ tiếp nhận (mật khẩu: COUNTER_APP_PASSWORD hoặc nhập khi hỏi)")
    rcv.add_argument("--counter", type=int, metavar="N", help="quầy tiếp nhận")
    rcv.add_argument("--ticket", metavar="TICKET_ID",
                     help="phiếu số thứ tự đang phục vụ (mã phiếu hoặc số in trên phiếu hôm nay)")
    rcv.add_argument("--received-at", metavar="ISO",
                     help="ghi lùi thời điểm nhận (chỉ giám sát), ví dụ 2026-07-15T09:30")
    json_opt(rcv)
    rcv.set_defaults(handler=run_receive)
    show = ds.add_parser("show", help="xem hồ sơ theo mã")
    show.add_argument("code")
    officer_opt(show, required=False)
    json_opt(show)
    show.set_defaults(handler=run_show)
    srch = ds.add_parser("search", help="tìm theo mã hồ sơ, tên (không dấu) hoặc số định danh")
    srch.add_argument("text")
    officer_opt(srch, required=False)
    json_opt(srch)
    srch.set_defaults(handler=run_search)
    rct = ds.add_parser("receipt", help="ghi Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)")
    rct.add_argument("code")
    rct.add_argument("--pdf", required=True, type=Path, metavar="OUT.pdf")
    rct.add_argument("--paper", choices=("A4", "A5"), help="khổ giấy (mặc định: theo cấu hình)")
    rct.add_argument("--copies", type=int, choices=(1, 2), help="số liên (mặc định: theo cấu hình)")
    rct.add_argument("--officer", metavar="USER",
                     help="cán bộ đăng nhập (mật khẩu: COUNTER_APP_PASSWORD hoặc nhập khi hỏi)")
    rct.set_defaults(handler=run_receipt)
    lk = sub.add_parser("lookup", help="tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu")
    lk.add_argument("code")
    lk.add_argument("token")
    json_opt(lk)
    lk.set_defaults(handler=run_lookup)
    lifecycle_cmds.register_dossier_actions(ds)
    calendar_cmds.register(sub)


def _received_at(app: CounterApp, text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"Thời điểm nhận '{text}' không đúng dạng ISO, ví dụ "
                          "2026-07-15T09:30.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=app.tz)


def _ticket_id(app: CounterApp, ref: str | None) -> uuid.UUID | None:
    if ref is None:
        return None
    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        return app.queue.find_ticket(ref).id


def run_receive(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier receive``."""
    data = read_json(args.from_json)
    received_at = _received_at(app, args.received_at)
    officer = login(app, args.officer)
    result = app.dossiers.receive(officer, data, counter_number=args.counter,
                                  ticket_id=_ticket_id(app, args.ticket), received_at=received_at)
    _print_result(args, app, result)
    return 0


def _print_result(args: argparse.Namespace, app: CounterApp, r: ReceptionResult) -> None:
    d = r.dossier
    if args.json:
        print(json.dumps({**_summary_json(app, d), "token": d.lookup_token,
                          "appointment_computed": r.appointment.computed_at.isoformat(),
                          "appointment_provisional": r.appointment.provisional,
                          "milestones": [{"label": m.label,
                                          "at": m.at.astimezone(app.tz).isoformat()}
                                         for m in d.milestones],
                          "warnings": list(r.warnings)}, ensure_ascii=False))
        return
    provisional = " (dự kiến)" if r.appointment.provisional else ""
    print(f"Đã tiếp nhận hồ sơ {d.code}")
    print(f"  Mã tra cứu: {d.lookup_token}")
    for step in d.milestones:
        print(f"  Hẹn {step.label[0].lower()}{step.label[1:]}: {local(app, step.at)}")
    print(f"  Hẹn trả kết quả: {local(app, d.appointment_at)}{provisional}")
    print(f"  Sổ theo dõi hồ sơ: quyển {d.ledger_book}, số {d.ledger_line}")
    if d.backdated:
        print(f"  Ghi lùi thời điểm nhận: {local(app, d.received_at)}")
    for warning in r.warnings:
        print(f"  Lưu ý: {warning}")


def _summary_json(app: CounterApp, d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code, "procedure_code": d.procedure_code, "procedure": d.procedure_name,
        "applicant": d.applicant_name, "id_number": d.applicant_id_number,
        "status": d.status.value, "national_code": d.status.national_code,
        "status_label": STATUS_LABELS_VI[d.status],
        "received_at": d.received_at.astimezone(app.tz).isoformat(),
        "appointment_at": d.appointment_at.astimezone(app.tz).isoformat(),
        "appointment_reason": d.appointment_reason, "channel": int(d.channel),
        "return_place": d.return_place.value, "sets_count": d.sets_count,
        "officer": d.officer_username, "counter": d.counter_number,
        "ticket_id": str(d.ticket_id) if d.ticket_id else None,
        "ledger_book": d.ledger_book, "ledger_line": d.ledger_line, "backdated": d.backdated,
        "rule_versions": d.rule_versions,
    }


def run_show(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier show``."""
    view = app.dossiers.show(login(app, args.officer), args.code)
    d = view.dossier
    if args.json:
        obj = _summary_json(app, d)
        obj["documents"] = [{"name": x.name, "form": x.form.value, "count": x.count,
                             "received": x.received, "from_database": x.from_database,
                             "extra": x.extra} for x in d.documents]
        obj["events"] = [{"at": e.at.astimezone(app.tz).isoformat(), "action": e.action,
                          "status": e.to_status.value, "national_code": e.national_code,
                          "officer": e.officer_username, "counter": e.counter_number,
                          "reason": e.reason, "detail": dict(e.detail)} for e in view.events]
        print(json.dumps(obj, ensure_ascii=False))
        return 0
    _print_view(app, view)
    return 0


def _print_view(app: CounterApp, view: DossierView) -> None:
    d = view.dossier
    print(f"Hồ sơ {d.code} — {STATUS_LABELS_VI[d.status]} (mã trạng thái {d.status.national_code})")
    print(f"  Thủ tục: {d.procedure_name}" + (f" ({d.procedure_code})" if d.procedure_code else ""))
    print(f"  Người nộp: {d.applicant_name} — {d.applicant_id_number}")
    if d.submitter:
        print(f"  Người được ủy quyền: {d.submitter.name} — {d.submitter.id_number}")
    print(f"  Kênh: {CHANNEL_LABELS_VI[d.channel]}; số bộ: {d.sets_count}")
    print(f"  Nhận lúc: {local(app, d.received_at)}" + (" (ghi lùi)" if d.backdated else "")
          + f"; cán bộ: {view.officer_name}" + (f", quầy {d.counter_number}"
                                                if d.counter_number else ""))
    reason = f" — lý do đổi: {d.appointment_reason}" if d.appointment_reason else ""
    for step in d.milestones:
        print(f"  Hẹn {step.label[0].lower()}{step.label[1:]}: {local(app, step.at)}")
    print(f"  Hẹn trả: {local(app, d.appointment_at)}{reason}")
    print(f"  Sổ theo dõi: quyển {d.ledger_book}, số {d.ledger_line}")
    print("  Giấy tờ:")
    for n, doc in enumerate(d.documents, start=1):
        mark = "x" if doc.received else ("CSDL" if doc.from_database else " ")
        form = DOCUMENT_FORM_LABELS_VI[doc.form].lower()
        amount = "" if doc.form is DocumentForm.SHOWN else f": {doc.count} bản"
        print(f"    {n}. [{mark}] {doc.name} ({form}{amount})")
    print("  Lịch sử:")
    for e in view.events:
        why = f"; lý do: {e.reason}" if e.reason else ""
        print(f"    {local(app, e.at)} {action_label(e.action)} → {STATUS_LABELS_VI[e.to_status]}"
              f" (cán bộ {e.officer_username}{why})")


def run_search(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier search``."""
    found = app.dossiers.search(login(app, args.officer), args.text)
    for s in found:
        if args.json:
            print(json.dumps({"code": s.code, "applicant": s.applicant_name,
                              "id_number": s.applicant_id_number, "procedure": s.procedure_name,
                              "received_at": s.received_at.astimezone(app.tz).isoformat(),
                              "appointment_at": s.appointment_at.astimezone(app.tz).isoformat(),
                              "status": s.status.value}, ensure_ascii=False))
        else:
            print(f"{s.code}  {s.applicant_name} — {s.procedure_name}; nhận "
                  f"{local(app, s.received_at)}; {STATUS_LABELS_VI[s.status]}")
    if not found and not args.json:
        print(f"Không tìm thấy hồ sơ nào khớp với \"{args.text}\".")
    return 0


def run_receipt(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``dossier receipt``."""
    code, pdf = app.documents.receipt_pdf(login(app, args.officer), args.code, paper=args.paper,
                                          copies=args.copies)
    write_output(args.pdf, pdf)
    print(f"Đã ghi giấy tiếp nhận hồ sơ {code} vào {args.pdf}.")
    return 0


def run_lookup(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``lookup``: what a citizen may see, or one line saying the codes do not match."""
    s: PublicStatus = app.dossiers.public_lookup(args.code, args.token)
    if args.json:
        print(json.dumps({"code": s.code, "procedure": s.procedure_name,
                          "receiving_unit": s.receiving_unit, "status": s.status_label,
                          "national_code": s.status.national_code,
                          "received_at": s.received_at.astimezone(app.tz).isoformat(),
                          "appointment_at": s.appointment_at.astimezone(app.tz).isoformat(),
                          "last_step_on": s.last_step_at.astimezone(app.tz).date().isoformat(),
                          "applicant": s.applicant_masked}, ensure_ascii=False))
        return 0
    print(f"Hồ sơ {s.code}: {s.status_label}")
    print(f"  Thủ tục: {s.procedure_name}")
    print(f"  Nơi tiếp nhận: {s.receiving_unit}")
    print(f"  Người nộp: {s.applicant_masked}")
    print(f"  Nhận lúc: {local(app, s.received_at)}; hẹn trả: {local(app, s.appointment_at)}")
    print(f"  Cập nhật gần nhất: {s.last_step_at.astimezone(app.tz):%d/%m/%Y}")
    return 0
