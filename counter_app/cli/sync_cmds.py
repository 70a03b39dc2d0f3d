"""``counter-app sync run|status|now``: the replica's sync agent from the command line."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from counter_app.app import CounterApp
from counter_app.services.sync_status import MODE_LABELS_VI, SyncState


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sync`` group."""
    p = sub.add_parser("sync", help="đồng bộ với máy chủ: chạy, xem tình trạng, đồng bộ ngay")
    actions = p.add_subparsers(dest="sync_action", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="chạy tác tử đồng bộ của máy này (đến khi Ctrl+C)")
    run.add_argument("--kiosk", action="store_true", help="máy kiosk: thuê trước dãy số phiếu")
    run.set_defaults(handler=run_agent)
    status = actions.add_parser("status", help="chế độ, kết nối, thay đổi chờ đồng bộ")
    status.add_argument("--json", action="store_true", help="in một dòng JSON")
    status.add_argument("--devices", action="store_true",
                        help="kèm tình trạng từng máy (giám sát, cần kết nối máy chủ)")
    status.set_defaults(handler=show_status)
    now = actions.add_parser("now", help="đồng bộ ngay một lượt")
    now.add_argument("--json", action="store_true", help="in một dòng JSON")
    now.set_defaults(handler=sync_now)


def _state_json(state: SyncState) -> dict[str, Any]:
    return {"mode": state.mode, "online": state.online,
            "server_reachable": state.server_reachable, "outbox": state.outbox,
            "last_push_at": state.last_push_at.isoformat() if state.last_push_at else None,
            "last_pull_at": state.last_pull_at.isoformat() if state.last_pull_at else None,
            "last_error": state.last_error, "device_id": state.device_id,
            "leases_left": state.leases_left}


def show_status(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``sync status``."""
    state = app.sync_status.source.state(probe=True)
    devices = [d.__dict__ for d in app.sync_status.source.devices()] if args.devices else None
    if args.json:
        out = _state_json(state)
        if devices is not None:
            out["devices"] = [{**d, "last_push_at": _iso(d["last_push_at"]),
                               "last_pull_at": _iso(d["last_pull_at"])} for d in devices]
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"Chế độ: {MODE_LABELS_VI[state.mode]}")
    print(f"Tình trạng: {state.line}")
    if state.server_reachable is not None:
        print(f"Máy chủ: {'kết nối được' if state.server_reachable else 'không kết nối được'}")
    if state.mode == "replica":
        print(f"Lần đẩy lên gần nhất: {_iso(state.last_push_at) or 'chưa'}")
        print(f"Lần kéo về gần nhất: {_iso(state.last_pull_at) or 'chưa'}")
        print(f"Thay đổi chờ đồng bộ: {state.outbox}")
        for label, left in sorted(state.leases_left.items()):
            print(f"Số còn được cấp trước — {label}: {left}")
    for d in devices or []:
        print(f"Máy {d['name']} ({d['device_id'][:8]}): kéo về {_iso(d['last_pull_at']) or 'chưa'},"
              f" chờ {d['backlog']}{' (đã thay thế)' if d['retired'] else ''}")
    return 0


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def sync_now(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``sync now``: one round right here (safe beside a running agent)."""
    report = app.sync_agent().round()
    if args.json:
        print(json.dumps(report.__dict__, ensure_ascii=False))
    elif not report.error:
        print(f"Đã đồng bộ: đẩy lên {report.pushed}, kéo về {report.pulled}, "
              f"còn chờ {report.backlog}.")
    if report.error:
        print(f"Lỗi: {report.error}", file=sys.stderr)
        return 1
    return 0


def run_agent(args: argparse.Namespace, app: CounterApp) -> int:
    """Handle ``sync run``: the agent in the foreground until Ctrl+C or SIGTERM."""
    agent = app.sync_agent(tickets=args.kiosk)
    if app.sync_agent_elsewhere():
        print("Tác tử đồng bộ đang chạy ở cửa sổ hoặc tiến trình khác trên máy này; chờ đến lượt.",
              file=sys.stderr)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        agent.run(stop)
    except KeyboardInterrupt:
        stop.set()
    return 0
