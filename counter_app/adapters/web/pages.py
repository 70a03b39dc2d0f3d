"""Request handlers: the dossier page and API, the mobile ticket page, API and live stream, and the
error answers (HTML for pages, JSON under ``/api/``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from counter_app.adapters.web.render import render
from counter_app.domain.errors import DomainError, StoreUnavailable
from counter_app.services.dossier_queries import LookupRefused
from counter_app.services.kiosk_lookup import LookupThrottled
from counter_app.services.mobile_ticket import MobileTicketView, TicketRefused
from counter_app.services.web_lookup import DossierPage

NO_STORE = {"Cache-Control": "no-store"}
KEEPALIVE_S = 15.0


def _state(request: Request) -> Any:
    return request.app.state.web


def _ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str,
                   headers: dict[str, str] | None = None) -> Response:
    """Return a Vietnamese error: JSON under ``/api/``, else a page (with the lookup form on the
    dossier path)."""
    all_headers = {**NO_STORE, **(headers or {})}
    if _is_api(request):
        return JSONResponse({"error": message, "status": status}, status, all_headers)
    state = _state(request)
    on_lookup = request.url.path == state.lookup.path
    html = render("error.html", status=status, message=message, form=on_lookup,
                  lookup_path=state.lookup.path, keys=state.lookup.keys,
                  centre=state.settings.centre.name)
    return HTMLResponse(html, status, all_headers)


def domain_error_response(request: Request, exc: Exception) -> Response:
    """Map a refused request to its status: 429 (with Retry-After), 404, or 400."""
    message = exc.message if isinstance(exc, DomainError) else "Yêu cầu không hợp lệ."
    if isinstance(exc, LookupThrottled):
        return error_response(request, 429, message, {"Retry-After": str(exc.seconds)})
    if isinstance(exc, LookupRefused | TicketRefused):
        return error_response(request, 404, message)
    if isinstance(exc, StoreUnavailable):
        return error_response(request, 503, "Hệ thống tra cứu tạm thời gián đoạn. Vui lòng thử "
                              "lại sau ít phút.", {"Retry-After": "30"})
    return error_response(request, 400, message)


def _iso(moment: dt.datetime | None, tz: Any) -> str | None:
    return moment.astimezone(tz).isoformat(timespec="seconds") if moment else None


def dossier_json(page: DossierPage, tz: Any) -> dict[str, Any]:
    """The API's dossier object (documented in docs/web.md)."""
    s = page.status
    return {
        "code": s.code, "procedure": s.procedure_name, "receiving_unit": s.receiving_unit,
        "applicant": s.applicant_masked, "status": s.status.value, "status_text": s.status_label,
        "received_at": _iso(s.received_at, tz), "appointment_at": _iso(s.appointment_at, tz),
        "appointment_extended": page.appointment_extended,
        "last_step_at": _iso(s.last_step_at, tz),
        "steps": [{"at": _iso(x.at, tz), "text": x.label} for x in page.steps],
        "return_place": page.return_place, "bring": list(page.bring),
        "contact": page.supplement_contact,
    }


def ticket_json(view: MobileTicketView) -> dict[str, Any]:
    """The API's ticket object (documented in docs/web.md)."""
    return {
        "number": view.display_number, "service": view.service_name,
        "status": view.status.value, "status_text": view.status_text,
        "people_ahead": view.people_ahead, "estimate_minutes": view.estimate_minutes,
        "counter": view.counter_number, "call_text": view.call_text,
        "called": view.called, "finished": view.finished,
        "issued_at": view.issued_at.isoformat(timespec="seconds"),
        "updated_at": view.read_at.isoformat(timespec="seconds"),
    }


def _param(request: Request, keys: dict[str, str], name: str) -> str | None:
    key = keys.get(name, name)
    value = request.path_params.get(name)
    return str(value) if value is not None else request.query_params.get(key)


async def dossier_page(request: Request) -> Response:
    """The status page at the lookup template's path; the form when no code is given."""
    state = _state(request)
    keys = state.lookup.keys
    code, token = _param(request, keys, "code"), _param(request, keys, "token")
    common = {"lookup_path": state.lookup.path, "keys": keys,
              "centre": state.settings.centre.name}
    if code is None and token is None:
        return HTMLResponse(render("lookup.html", **common), headers=NO_STORE)
    page = await state.read(state.dossiers.lookup, _ip(request), code or "", token or "")
    return HTMLResponse(render("dossier.html", page=page, tz=state.tickets.tz, **common),
                        headers=NO_STORE)


async def dossier_api(request: Request) -> Response:
    """``GET /api/v1/ho-so/{code}?k=TOKEN``."""
    state = _state(request)
    page = await state.read(state.dossiers.lookup, _ip(request), request.path_params["code"],
                            request.query_params.get("k", ""))
    return JSONResponse(dossier_json(page, state.tickets.tz), headers=NO_STORE)


def _ticket_query(request: Request) -> tuple[str, str]:
    state = _state(request)
    keys = state.ticket.keys
    return (_param(request, keys, "id") or "", _param(request, keys, "token") or "")


async def ticket_page(request: Request) -> Response:
    """The mobile ticket page (rendered complete, so it works before the script runs)."""
    state = _state(request)
    tid, token = _ticket_query(request)
    ticket_id, view = await state.read(state.tickets.open, _ip(request), tid, token)
    stream = request.url_for("ticket_events", id=ticket_id.hex).include_query_params(k=token)
    return HTMLResponse(render("ticket.html", view=view, stream_url=stream.path + "?" +
                               stream.query, refresh=state.settings.web.live_refresh_seconds,
                               centre=state.settings.centre.name), headers=NO_STORE)


async def ticket_api(request: Request) -> Response:
    """``GET /api/v1/ve/{id}?k=TOKEN``."""
    state = _state(request)
    _, view = await state.read(state.tickets.open, _ip(request), request.path_params["id"],
                               request.query_params.get("k", ""))
    return JSONResponse(ticket_json(view), headers=NO_STORE)


async def ticket_events(request: Request) -> Response:
    """``GET /api/v1/ve/{id}/su-kien?k=TOKEN``: Server-Sent Events, one ``ticket`` event per
    change, until the ticket is finished or the client leaves."""
    state = _state(request)
    token = request.query_params.get("k", "")
    ticket_id, first = await state.read(state.tickets.open, _ip(request),
                                        request.path_params["id"], token)
    every = float(state.settings.web.live_refresh_seconds)

    async def events() -> AsyncIterator[str]:
        view: MobileTicketView | None = first
        last: MobileTicketView | None = None
        quiet = 0.0
        yield f"retry: {int(every * 1000)}\n\n"
        while True:
            if view is not None and not view.same_as(last):
                yield f"event: ticket\ndata: {json.dumps(ticket_json(view))}\n\n"
                last, quiet = view, 0.0
                if view.finished:
                    return
            elif quiet >= KEEPALIVE_S:
                yield ": ping\n\n"
                quiet = 0.0
            await state.signal.wait(every)
            quiet += every
            try:
                view = await state.read(state.tickets.refresh, ticket_id, token)
            except TicketRefused:
                return

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={**NO_STORE, "X-Accel-Buffering": "no"})


__all__ = ["dossier_api", "dossier_page", "error_response", "ticket_api",
           "ticket_events", "ticket_page"]
