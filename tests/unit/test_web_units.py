"""Web service pieces without a server: the client address behind proxies, the per-address limit,
the [web] settings, the mobile-ticket URL and the route shapes read from the URL templates."""

from __future__ import annotations

import uuid

import pytest

from counter_app.adapters.config_file import ConfigError, parse_settings
from counter_app.adapters.web.app import UrlShape
from counter_app.adapters.web.security import client_address, parse_networks
from counter_app.domain.errors import DomainError
from counter_app.domain.mobile_ticket import parse_ticket_id, ticket_url
from counter_app.services.rate_limit import RequestLimiter

PROXIES = parse_networks(["10.0.0.5", "192.168.0.0/16"])


def test_forwarded_for_only_from_trusted_proxies() -> None:
    assert client_address("203.0.113.9", "1.2.3.4", PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.5", "1.2.3.4", PROXIES) == "1.2.3.4"
    # spoofed left part is ignored: the right-most untrusted hop is the client
    assert client_address("10.0.0.5", "6.6.6.6, 1.2.3.4, 192.168.1.2", PROXIES) == "1.2.3.4"
    assert client_address("10.0.0.5", "garbage", PROXIES) == "10.0.0.5"
    assert client_address("10.0.0.5", None, PROXIES) == "10.0.0.5"


def test_limiter_counts_per_key_and_says_how_long_to_wait() -> None:
    now = [0.0]
    lim = RequestLimiter(3, 60.0, clock=lambda: now[0])
    assert [lim.hit("a") for _ in range(3)] == [(0, False)] * 3
    assert lim.hit("a") == (60, True)
    now[0] = 20.0
    assert lim.hit("a") == (40, False)  # still blocked; only the first refusal is flagged
    assert lim.hit("b") == (0, False)
    now[0] = 60.0
    assert lim.hit("a") == (0, False)


def test_limiter_forgets_idle_keys_when_full() -> None:
    now = [0.0]
    lim = RequestLimiter(1, 60.0, clock=lambda: now[0], max_keys=2)
    lim.hit("a")
    lim.hit("b")
    now[0] = 61.0
    assert lim.hit("c") == (0, False)
    assert lim.hit("a") == (0, False)


def test_web_settings_from_the_config_file() -> None:
    s = parse_settings('ticket_url_template = "https://x.vn/ve/{id}?k={token}"\n'
                       '[web]\nport = 9000\ntrusted_proxies = ["10.0.0.5"]\n'
                       'requests_per_ip_per_minute = 12\n')
    assert (s.web.port, s.web.trusted_proxies, s.web.requests_per_ip_per_minute) == (
        9000, ("10.0.0.5",), 12)
    assert s.ticket_url_template == "https://x.vn/ve/{id}?k={token}"
    with pytest.raises(ConfigError, match="port"):
        parse_settings("[web]\nprot = 1\n")
    with pytest.raises(ConfigError, match=r"web\.port"):
        parse_settings("[web]\nport = 0\n")
    with pytest.raises(ConfigError, match="dải mạng"):
        parse_settings('[web]\ntrusted_proxies = ["proxy.local"]\n')
    with pytest.raises(ConfigError, match="ticket_url_template"):
        parse_settings('ticket_url_template = "https://x.vn/ve?k={token}"\n')


def test_ticket_url_and_route_shapes() -> None:
    tid = uuid.UUID("85122e18-676a-49b9-bb7e-3dc08cf272ac")
    url = ticket_url("https://x.vn/ve/{id}?k={token}", tid, "0P7PQ1H9GQ")
    assert url == "https://x.vn/ve/85122e18676a49b9bb7e3dc08cf272ac?k=0P7PQ1H9GQ"
    assert parse_ticket_id(tid.hex) == tid and parse_ticket_id("../etc") is None
    with pytest.raises(DomainError):
        ticket_url("https://x.vn/ve", tid, "T")
    assert UrlShape.of("https://x.vn/tra-cuu?ma={code}&k={token}") == UrlShape(
        "/tra-cuu", {"code": "ma", "token": "k"})
    assert UrlShape.of("https://x.vn/ve/{id}?k={token}") == UrlShape("/ve/{id}", {"token": "k"})


class _Uow:
    def __init__(self, sink: list[object], fail: list[bool]) -> None:
        self.sink, self.fail, self.lines = sink, fail, []  # type: list[object]
        self.lifecycle = self

    def __enter__(self) -> _Uow:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def log_lookups(self, entries: list[object]) -> None:
        self.lines.extend(entries)

    def commit(self) -> None:
        if self.fail and self.fail.pop():
            raise OSError("database down")
        self.sink.append(tuple(self.lines))


def test_lookup_log_writer_batches_and_keeps_lines_when_the_store_fails() -> None:
    import datetime as dt

    from counter_app.services.lookup_log import LookupLogWriter
    from counter_app.services.ports.lifecycle import LookupLogEntry

    batches: list[object] = []
    fail = [True]
    writer = LookupLogWriter(lambda **_: _Uow(batches, fail))  # type: ignore[arg-type,return-value]
    now = dt.datetime.now(dt.UTC)
    first, second = (LookupLogEntry(now, "web:1.2.3.4", c, "found") for c in ("C1", "C2"))
    with pytest.raises(OSError):
        writer.add(first)  # not started: written at once; the store fails
    writer.add(second)  # the kept line goes with the next one, in one transaction
    assert batches == [(first, second)]
    fail.append(True)
    writer._pending.append(first)  # a line still queued when the service stops, store gone
    assert writer.close() == 1  # counted, not raised


class _Feed:
    """Reports a change on every wait (like SQLite's data_version under the lookup log)."""

    def wait(self, timeout: float) -> bool:
        import time

        time.sleep(0.01)
        return True

    def close(self) -> None:
        pass


def test_change_signal_wakes_streams_only_when_the_queue_moved() -> None:
    import asyncio

    from counter_app.adapters.web.live import ChangeSignal

    version = [1]

    async def scenario() -> tuple[bool, bool]:
        signal = ChangeSignal(_Feed, lambda: version[0])
        signal.start()
        try:
            quiet = await signal.wait(0.3)  # the feed reports writes, the queue did not move
            version[0] = 2
            moved = await signal.wait(10)
        finally:
            signal.stop()
        return quiet, moved

    assert asyncio.run(scenario()) == (False, True)
