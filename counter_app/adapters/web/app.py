"""The Starlette application: routes at the paths of the configured QR URL templates, the JSON API,
the live stream, Vietnamese error pages.

Paths come from the settings: the dossier page answers at the path of ``lookup_url_template``
(``/tra-cuu?ma=…&k=…`` by default) and the mobile ticket at the path of ``ticket_url_template``
(``/ve/{id}?k=…``), reading the query keys the templates name, so a printed QR opens its page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar
from urllib.parse import parse_qsl, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from counter_app.adapters.web import pages
from counter_app.adapters.web.live import ChangeSignal, Feed
from counter_app.adapters.web.security import Hardening, parse_networks
from counter_app.domain.errors import DomainError
from counter_app.domain.settings import Settings
from counter_app.services.lookup_log import LookupLogWriter
from counter_app.services.mobile_ticket import MobileTickets
from counter_app.services.rate_limit import RequestLimiter
from counter_app.services.unit_of_work import UnitOfWorkFactory
from counter_app.services.web_lookup import WebDossierLookup


@dataclass(frozen=True)
class UrlShape:
    """Where a QR template puts its values: the route path and the query keys."""

    path: str
    keys: dict[str, str]  # placeholder ("code", "token", "id") → query key

    @classmethod
    def of(cls, template: str) -> UrlShape:
        """Read the path and query keys of a URL template such as ``…/tra-cuu?ma={code}&k={token}``."""
        parts = urlsplit(template)
        keys = {v.strip("{}"): k for k, v in parse_qsl(parts.query, keep_blank_values=True)
                if v.startswith("{") and v.endswith("}")}
        return cls(parts.path or "/", keys)


LOG = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class WebState:
    """What the handlers share: settings, the use cases, the live signal, the URL shapes, and
    where a store read runs (``inline_reads``: on the event loop itself, else in a worker thread).
    """

    settings: Settings
    dossiers: WebDossierLookup
    tickets: MobileTickets
    signal: ChangeSignal
    lookup: UrlShape
    ticket: UrlShape
    log: LookupLogWriter
    inline_reads: bool = False

    async def read(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the blocking store read ``fn``: inline on a local store, where the read takes less
        than a thread hop costs (SQLite: ~0.5 ms against ~0.8 ms of hand-over between the loop and
        a worker), else in a worker thread so a slow or lost server never stalls the other
        requests and the live streams."""
        if self.inline_reads:
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)


def create_app(settings: Settings, uow_factory: UnitOfWorkFactory, *,
               feed_factory: Callable[[], Feed] | None = None,
               now: Callable[[], dt.datetime] | None = None,
               inline_reads: bool = False) -> Starlette:
    """Return the ASGI application over a store's units of work (``feed_factory`` opens the
    store's change feed for live tickets; without it streams poll every few seconds;
    ``inline_reads`` for a store on this machine's disk, see :meth:`WebState.read`)."""
    web = settings.web
    limiter = RequestLimiter(web.requests_per_ip_per_minute, 60.0)
    log = LookupLogWriter(uow_factory)
    dossiers = WebDossierLookup(uow_factory, settings, limiter, log, now=now)
    tickets = MobileTickets(uow_factory, settings, dossiers, now=now)
    lookup, ticket = UrlShape.of(settings.lookup_url_template), UrlShape.of(
        settings.ticket_url_template)
    signal = ChangeSignal(feed_factory, tickets.queue_version)
    state = WebState(settings, dossiers, tickets, signal, lookup, ticket, log, inline_reads)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.signal.start()
        log.start()
        try:
            yield
        finally:
            state.signal.stop()
            lost = log.close()
            if lost:
                LOG.warning("Nhật ký tra cứu: %d dòng chưa ghi được vì mất kết nối máy chủ.", lost)

    routes = [
        Route("/", home),
        Route("/healthz", health),
        Route(lookup.path, pages.dossier_page, name="dossier"),
        Route(ticket.path, pages.ticket_page, name="ticket"),
        Route("/api/v1/ho-so/{code}", pages.dossier_api),
        Route("/api/v1/ve/{id}", pages.ticket_api),
        Route("/api/v1/ve/{id}/su-kien", pages.ticket_events),
        Mount("/static", StaticFiles(packages=[("counter_app.adapters.web", "static")]),
              name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        HTTPException: http_error, DomainError: domain_error, Exception: server_error})
    app.state.web = state
    proxies = parse_networks(web.trusted_proxies)
    app.add_middleware(Hardening, proxies=proxies, too_large=_too_large)
    return app


async def home(request: Request) -> Response:
    """The site's root: the lookup form."""
    state: WebState = request.app.state.web
    return RedirectResponse(state.lookup.path, status_code=303)


async def health(request: Request) -> Response:
    """For the reverse proxy's health check: no database access."""
    return PlainTextResponse("ok")


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    response = pages.error_response(request, 400, "Địa chỉ truy cập quá dài.")
    await response(scope, receive, send)


async def http_error(request: Request, exc: Exception) -> Response:
    """404 for unknown paths, 405 and the like: a plain Vietnamese page."""
    code = exc.status_code if isinstance(exc, HTTPException) else 500
    messages = {404: "Không tìm thấy trang này.",
                405: "Trang này không nhận kiểu yêu cầu đó."}
    return pages.error_response(request, code, messages.get(code, "Yêu cầu không hợp lệ."))


async def domain_error(request: Request, exc: Exception) -> Response:
    """A rule refused the request: its Vietnamese message with the matching status."""
    return pages.domain_error_response(request, exc)


async def server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected: a calm Vietnamese page, never a trace."""
    return pages.error_response(request, 500, "Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít "
                                "phút hoặc liên hệ Trung tâm.")

