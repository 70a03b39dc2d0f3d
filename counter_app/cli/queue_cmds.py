"""``counter-app ticket …`` and ``counter-app queue …``: the queue engine from the command line.

JSON output (``--json``) is one object per line. Officer actions take ``--officer USER``; the
password comes from ``COUNTER_APP_PASSWORD`` or a prompt. A ticket is named by its id or by
today's display number (``A012``). Errors print one Vietnamese line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from counter_app.app import CounterApp
from counter_app.cli.common import json_opt, login, officer_opt
from counter_app.domain.mobile_ticket import ticket_url
from counter_app.services.queue_views import TicketView

TICKET_ACTIONS = {
    "recall": ("mời lại số đã mời (được đếm)", "recall"),
    "serve": ("bắt đầu phục vụ", "start_serving"),
    "finish": ("hoàn thành", "finish"),
    "no-show": ("đánh dấu vắng mặt", "mark_no_show"),
    "reactivate": ("kích hoạt lại phiếu vắng mặt trong ngày", "reactivate"),
    "cancel": ("hủy phiếu", "cancel"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``ticket`` and ``queue`` command groups."""
    _register_ticket(sub)
    _register_queue(sub)


def _register_ticket(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ticket", help="phiếu số thứ tự: cấp số, mời, phục vụ, chuyển, hủy")
    ts = p.add_subparsers(dest="ticket_command", required=True, metavar="ACTION")
    issue = ts.add_parser("issue", help="cấp số cho một dịch vụ")
    issue.add_argument("--service", required=True, metavar="CODE")
    issue.add_argument("--priority", metavar="CATEGORY", help="mã đối tượng ưu tiên, ví dụ NCT")
    json_opt(issue)
    issue.set_defaults(handler=run_issue)
    nxt = ts.add_parser("call-next", help="mời số tiếp theo đến quầy")
    nxt.add_argument("--counter", type=int, required=True, metavar="N")
    officer_opt(nxt)
    json_opt(nxt)
    nxt.set_defaults(handler=run_call_next)
    call = ts.add_parser("call", help="mời một số cụ thể đến quầy")
    call.add_argument("ticket", metavar="TICKET_ID")
    call.add_argument("--counter", type=int, required=True, metavar="N")
    officer_opt(call)
    json_opt(call)
    call.set_defaults(handler=run_call)
    for name, (help_text, _method) in TICKET_ACTIONS.items():
        a = ts.add_parser(name, help=help_text)
        a.add_argument("ticket", metavar="TICKET_ID")
        officer_opt(a)
        json_opt(a)
        if name == "cancel":
            a.add_argument("--reason", default="", help="lý do hủy")
        a.set_defaults(handler=run_action, action_name=name)
    tr = ts.add_parser("transfer", help="chuyển phiếu sang dịch vụ hoặc quầy khác")
    tr.add_argument("ticket", metavar="TICKET_ID")
    dest = tr.add_mutually_exclusive_group(required=True)
    dest.add_argument("--to-service", metavar="CODE")
    dest.add_argument("--to-counter", type=int, metavar="N")
    officer_opt(tr)
    json_opt(tr)
    tr.set_defaults(handler=run_transfer)
    show = ts.add_parser("show", help="xem phiếu và lịch sử thao tác")
    show.add_argument("ticket", metavar="TICKET_ID")
    json_opt(show)
    show.set_defaults(handler=run_show)


def _register_queue(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("queue", help="hàng chờ: tình hình, quầy làm việc")
    qs = p.add_subparsers(dest="queue_command", required=True, metavar="ACTION")
    show = qs.add_parser("show", help="số đang chờ theo dịch vụ, số đang phục vụ theo quầy")
    json_opt(show)
    show.set_defaults(handler=run_queue_show)
    status = qs.add_parser("status", help="dịch vụ nào đang cấp số (như màn hình kiosk)")
    json_opt(status)
    status.set_defaults(handler=run_queue_status)
    waiting = qs.add_parser("waiting", help="danh sách chờ của một quầy, theo thứ tự mời")
    waiting.add_argument("--counter", type=int, required=True, metavar="N")
    json_opt(waiting)
    waiting.set_defaults(handler=run_waiting)
    for name, help_text in (("open-counter", "đăng nhập làm việc tại quầy"),
                            ("close-counter", "đăng xuất khỏi quầy"),
                            ("free-counter", "giải phóng quầy (giám sát, quản trị)"),
                            ("pause-counter", "tạm nghỉ (bảng hiển thị ghi 'Tạm nghỉ')"),
                            ("resume-counter", "tiếp tục làm việc sau khi tạm nghỉ")):
        c = qs.add_parser(name, help=help_text)
        c.add_argument("--counter", type=int, required=True, metavar="N")
        if name == "close-counter":
            c.add_argument("--pending", choices=("requeue", "no_show"),
                           help="số đang mời/phục vụ tại quầy: đưa lại hàng chờ hoặc vắng mặt")
        officer_opt(c)
        c.set_defaults(handler=run_counter, counter_action=name, pending=None)


def _emit(args: argparse.Namespace, obj: dict[str, Any], text: str) -> None:
    print(json.dumps(obj, ensure_ascii=False) if args.json else text)


def _ticket_line(v: TicketView) -> str:
    where = f" — quầy {v.counter_no}" if v.counter_no else ""
    if v.target_counter_no:
        where = f" — chờ quầy {v.target_counter_no}"
    return f"{v.display_number} ({v.service_name}): {v.status_label}{where} [{v.id}]"


def run_issue(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket issue``."""
    t = app.queue.issue_ticket(args.service, args.priority)
    wait = "chưa có ước tính" if t.estimate_minutes is None else f"~{t.estimate_minutes} phút"
    url = ticket_url(app.settings.ticket_url_template, t.id, t.web_token) if t.web_token else None
    _emit(args, {**t.as_json(), "mobile_url": url},
          f"Số {t.display_number} — {t.service_name}; {t.people_ahead} người đang chờ trước; "
          f"{wait}. [{t.id}]" + (f"\nVé điện tử: {url}" if url else ""))
    return 0


def run_call_next(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket call-next`` (signs the officer in at the counter if it is free)."""
    officer = login(app, args.officer)
    engine = app.queue
    engine.open_counter_session(args.counter, officer)
    v = engine.call_next(args.counter, officer)
    _emit(args, v.as_json(), f"Mời số {v.display_number} đến quầy {v.counter_no}. [{v.id}]")
    return 0


def run_call(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket call``."""
    officer = login(app, args.officer)
    engine = app.queue
    ticket = engine.find_ticket(args.ticket)
    engine.open_counter_session(args.counter, officer)
    v = engine.call_specific(args.counter, officer, ticket.id)
    _emit(args, v.as_json(), f"Mời số {v.display_number} đến quầy {v.counter_no}. [{v.id}]")
    return 0


def run_action(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket recall|serve|finish|no-show|reactivate|cancel``."""
    officer = login(app, args.officer)
    engine = app.queue
    ticket = engine.find_ticket(args.ticket)
    method = getattr(engine, TICKET_ACTIONS[args.action_name][1])
    v: TicketView = (method(ticket.id, officer, args.reason) if args.action_name == "cancel"
                     else method(ticket.id, officer))
    _emit(args, v.as_json(), _ticket_line(v))
    return 0


def run_transfer(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket transfer``."""
    officer = login(app, args.officer)
    engine = app.queue
    ticket = engine.find_ticket(args.ticket)
    v = engine.transfer(ticket.id, officer, to_service=args.to_service,
                        to_counter=args.to_counter)
    _emit(args, v.as_json(), "Đã chuyển: " + _ticket_line(v))
    return 0


def run_show(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``ticket show``."""
    engine = app.queue
    v = engine.find_ticket(args.ticket)
    history = engine.history(v.id)
    if args.json:
        obj = v.as_json()
        obj["history"] = [{"at": e.at.isoformat(), "action": e.action.value, "actor": e.actor,
                           "counter": e.counter_no, "to_status": e.to_status.value,
                           "detail": e.detail} for e in history]
        print(json.dumps(obj, ensure_ascii=False))
        return 0
    print(_ticket_line(v))
    for e in history:
        where = f" tại quầy {e.counter_no}" if e.counter_no else ""
        extra = f" ({e.detail})" if e.detail else ""
        print(f"  {e.at:%d/%m/%Y %H:%M:%S} {e.actor}: {e.action_label}{where}{extra}")
    return 0


def run_queue_show(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``queue show``."""
    snap = app.queue.snapshot()
    if args.json:
        print(json.dumps(snap.as_json(), ensure_ascii=False))
        return 0
    print(f"Hàng chờ ngày {snap.business_date:%d/%m/%Y}")
    for s in snap.services:
        print(f"  {s.prefix} {s.name}: {s.waiting} đang chờ ({s.waiting_priority} ưu tiên), "
              f"đã cấp {s.issued_today}")
    for c in snap.counters:
        who = c.officer_name or "chưa mở"
        now = f"{c.current.display_number} ({c.current.status_label})" if c.current else "—"
        print(f"  Quầy {c.number} [{who}]: {now}")
    return 0


def run_queue_status(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``queue status``."""
    for s in app.queue.service_status():
        obj = {"service": s.code, "open": s.open, "reason": s.reason, "waiting": s.waiting,
               "issued": s.issued_today, "remaining": s.remaining}
        state = "đang cấp số" if s.open else f"tạm dừng — {s.reason}"
        _emit(args, obj, f"{s.prefix} {s.name}: {state}; {s.waiting} đang chờ")
    return 0


def run_waiting(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``queue waiting``."""
    rows = app.queue.waiting_list(args.counter)
    for v in rows:
        _emit(args, v.as_json(), _ticket_line(v))
    if not rows and not args.json:
        print(f"Không có ai đang chờ cho quầy {args.counter}.")
    return 0


def run_counter(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``queue open-counter|close-counter|free-counter|pause-counter|resume-counter``."""
    officer = login(app, args.officer)
    engine = app.queue
    if args.counter_action == "open-counter":
        s = engine.open_counter_session(args.counter, officer)
        print(f"{s.officer_name} đang làm việc tại {s.counter_name}.")
    elif args.counter_action == "close-counter":
        engine.close_counter_session(args.counter, officer, args.pending)
        print(f"Đã đăng xuất khỏi quầy {args.counter}.")
    elif args.counter_action == "pause-counter":
        engine.pause_counter(args.counter, officer)
        print(f"Quầy {args.counter} tạm nghỉ.")
    elif args.counter_action == "resume-counter":
        engine.resume_counter(args.counter, officer)
        print(f"Quầy {args.counter} tiếp tục làm việc.")
    else:
        engine.free_counter(args.counter, officer)
        print(f"Đã giải phóng quầy {args.counter}.")
    return 0
