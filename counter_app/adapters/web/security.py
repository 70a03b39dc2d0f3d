"""HTTP hardening as ASGI middleware: the client's address behind trusted proxies, request size
limits and the security headers every answer carries.

``X-Forwarded-For`` and ``X-Forwarded-Proto`` are believed only when the direct peer is one of the
configured proxies (``[web] trusted_proxies``); the client is then the right-most address of the
chain that is not itself a trusted proxy. From anyone else the headers are ignored, so a client
cannot dodge the per-address limit by sending its own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

MAX_PATH = 256
MAX_QUERY = 512

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; media-src 'self'; font-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000")


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """Return the trusted proxies as networks (a bare address is a /32 or /128)."""
    return tuple(ipaddress.ip_network(i.strip(), strict=False) for i in items if i.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(addr: str, proxies: Sequence[Network]) -> bool:
    ip = _address(addr)
    return ip is not None and any(ip in n for n in proxies)


def client_address(peer: str, forwarded_for: str | None,
                   proxies: Sequence[Network]) -> str:
    """Return the client's address: the peer, or from ``X-Forwarded-For`` behind a trusted proxy."""
    if not forwarded_for or not _trusted(peer, proxies):
        return peer
    for hop in reversed(forwarded_for.split(",")[-16:]):
        ip = _address(hop)
        if ip is None:
            return peer  # a garbled chain: trust nothing in it
        if not any(ip in n for n in proxies):
            return str(ip)
    return peer


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return str(v.decode("latin-1"))
    return None


class Hardening:
    """ASGI middleware: resolve the client behind trusted proxies, refuse oversized requests,
    add the security headers (and HSTS when the request came over HTTPS)."""

    def __init__(self, app: ASGIApp, proxies: Sequence[Network], too_large: ASGIApp) -> None:
        self.app = app
        self.proxies = tuple(proxies)
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one connection scope."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope["client"][0] if scope.get("client") else "unknown"
        client = client_address(peer, _header(scope, b"x-forwarded-for"), self.proxies)
        scheme = scope.get("scheme", "http")
        if client != peer or _trusted(peer, self.proxies):
            proto = (_header(scope, b"x-forwarded-proto") or "").strip().lower()
            scheme = proto if proto in ("http", "https") else scheme
        scope = dict(scope, client=(client, 0), scheme=scheme)
        https = scheme == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = [h for h in message.get("headers", [])
                                      if h[0].lower() != b"server"]
                headers.extend(SECURITY_HEADERS)
                if https:
                    headers.append(HSTS)
                message = dict(message, headers=headers)
            await send(message)

        if (len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH
                or len(scope.get("query_string", b"")) > MAX_QUERY):
            await self.too_large(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
