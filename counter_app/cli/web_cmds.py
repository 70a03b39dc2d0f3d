"""``counter-app web``: the public status-lookup web service (dossier page and mobile ticket)."""

from __future__ import annotations

import argparse

from counter_app.app import CounterApp


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``web`` command."""
    p = sub.add_parser("web", help="chạy trang tra cứu hồ sơ và vé điện tử (HTTP)")
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định: [web] host, 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng (mặc định: [web] port, 8080)")
    p.set_defaults(handler=run_web)


def run_web(args: argparse.Namespace, app: CounterApp) -> int:
    """Serve the web application with uvicorn until interrupted."""
    import uvicorn

    asgi = app.public_web
    web = app.settings.web
    host, port = args.host or web.host, args.port or web.port
    print(f"Trang tra cứu: http://{host}:{port}/ (Ctrl+C để dừng)", flush=True)
    uvicorn.run(asgi, host=host, port=port, server_header=False, proxy_headers=False,
                access_log=False, timeout_graceful_shutdown=3, log_level="warning")
    return 0
