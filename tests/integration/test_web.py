"""The public web service over HTTP on SQLite and PostgreSQL: the dossier page and API show the
status and the masked name and nothing personal, a wrong token and an unknown code answer alike,
throttles answer 429 with Retry-After, every lookup is logged, the mobile ticket follows its
ticket, errors are Vietnamese pages, every answer carries the security headers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from counter_app.adapters.db.store import Store
from counter_app.adapters.web import create_app
from counter_app.domain.dossier import Dossier
from counter_app.domain.lifecycle_commands import Ready, RequestSupplement
from counter_app.domain.reference import Officer
from counter_app.domain.settings import QueueSettings, Settings, WebSettings
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.queue import QueueEngine
from counter_app.services.queue_views import IssuedTicket
from counter_app.services.reception import receive_dossier
from tests.integration.dossier_workers import NOW, person_input
from tests.integration.queue_helpers import Clock, login

NAME, ID_NUMBER, PHONE = "Nguyễn Văn An", "001090012345", "0912345678"
PERSONAL = (NAME, "Nguyễn Văn", ID_NUMBER, "*345", "0912", "091****678", "345678", "an@example.vn",
            "phố Huế", "15/08/1990", "1990-08-15")
PEER = "203.0.113.7"
ALL_DAY = QueueSettings(kiosk_opens=dt.time(0, 0), kiosk_closes=dt.time(23, 59))


def settings(**web: Any) -> Settings:
    return Settings(queue=ALL_DAY, web=WebSettings(**web))


def client(store: Store, s: Settings, peer: str = PEER) -> TestClient:
    app = create_app(s, store.uow, inline_reads=store.backend == "sqlite")  # as the root wires it
    return TestClient(app, client=(peer, 40000), raise_server_exceptions=False,
                      follow_redirects=False)


@pytest.fixture
def officer(store: Store) -> Officer:
    return login(store, "canbo1")


@pytest.fixture
def dossier(store: Store, officer: Officer) -> Dossier:
    return receive_dossier(store.uow, Settings(), officer, person_input(), counter_number=2,
                           now=NOW).dossier


@pytest.fixture
def web(store: Store) -> Iterator[TestClient]:
    with client(store, settings()) as c:
        yield c


def page_url(d: Dossier, token: str | None = None) -> str:
    return f"/tra-cuu?ma={d.code}&k={token or d.lookup_token}"


def assert_private(text: str) -> None:
    for item in PERSONAL:
        assert item not in text, item


def assert_hardened(headers: Any) -> None:
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in headers


def test_dossier_page_and_api_show_status_and_masked_name_only(
        store: Store, web: TestClient, dossier: Dossier, officer: Officer) -> None:
    r = web.get(page_url(dossier))
    assert r.status_code == 200
    assert_hardened(r.headers)
    assert r.headers["cache-control"] == "no-store"
    html = r.text
    for shown in ("Ng***n V** A", dossier.code, dossier.procedure_name, "Đã tiếp nhận hồ sơ",
                  "Tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công phường Mẫu",
                  "09:00 ngày 15/07/2026"):
        assert shown in html, shown
    assert_private(html)
    assert "<script" not in html  # the dossier page needs no script at all
    api = web.get(f"/api/v1/ho-so/{dossier.code}?k={dossier.lookup_token}")
    assert api.status_code == 200
    data = api.json()
    assert (data["applicant"], data["status"], data["code"]) == ("Ng***n V** A", "received",
                                                                  dossier.code)
    assert [s["text"] for s in data["steps"]] == ["Tiếp nhận hồ sơ"]
    assert_private(json.dumps(data, ensure_ascii=False))

    life = DossierLifecycle(store.uow, Settings(), now=Clock(NOW + dt.timedelta(hours=2)))
    life.act(officer, dossier.code, RequestSupplement(
        ("Bản sao Giấy chứng nhận kết hôn",), "Thiếu giấy tờ", "Lê Thị Thu Hà", "0243 123 4567",
        "Tư pháp"))
    data = web.get(f"/api/v1/ho-so/{dossier.code}?k={dossier.lookup_token}").json()
    assert data["status"] == "supplement_requested"
    assert data["bring"] == ["Bản sao Giấy chứng nhận kết hôn"]
    assert "Lê Thị Thu Hà" in data["contact"]
    assert_private(json.dumps(data, ensure_ascii=False))


def test_result_ready_lists_what_to_bring(store: Store, web: TestClient, dossier: Dossier,
                                          officer: Officer) -> None:
    life = DossierLifecycle(store.uow, Settings(), now=Clock(NOW + dt.timedelta(hours=3)))
    life.act(officer, dossier.code, Ready())
    html = web.get(page_url(dossier)).text
    assert "Khi đến nhận kết quả, vui lòng mang theo" in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert "Có kết quả, chờ trả" in html
    assert_private(html)


def test_wrong_token_and_unknown_code_are_indistinguishable(
        store: Store, web: TestClient, dossier: Dossier) -> None:
    unknown = dataclasses.replace(dossier, code=dossier.code[:-4] + "9999")
    wrong = web.get(page_url(dossier, "ZZZZZZZZ"))
    nobody = web.get(page_url(unknown))
    assert wrong.status_code == nobody.status_code == 404
    assert wrong.content == nobody.content
    assert "Không tìm thấy hồ sơ" in wrong.text and '<form class="lookup"' in wrong.text
    a = web.get(f"/api/v1/ho-so/{dossier.code}?k=ZZZZZZZZ")
    b = web.get(f"/api/v1/ho-so/{unknown.code}?k={dossier.lookup_token}")
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert sorted(a.headers.keys()) == sorted(b.headers.keys())
    with store.uow() as uow:
        log = uow.lifecycle.lookups(NOW - dt.timedelta(days=3650))
    assert {(e.source, e.code, e.outcome) for e in log} == {
        (f"web:{PEER}", dossier.code, "refused"), (f"web:{PEER}", unknown.code, "refused")}


def test_lookup_form_without_javascript(web: TestClient, dossier: Dossier) -> None:
    form = web.get("/tra-cuu")
    assert form.status_code == 200 and 'name="ma"' in form.text and 'name="k"' in form.text
    assert web.get("/").headers["location"] == "/tra-cuu"
    r = web.get("/tra-cuu", params={"ma": f" {dossier.code.lower()} ",
                                    "k": dossier.lookup_token.lower()})
    assert r.status_code == 200 and "Ng***n V** A" in r.text


def test_per_code_throttle(store: Store, dossier: Dossier) -> None:
    with client(store, settings(wrong_tokens_per_code_per_hour=3)) as web:
        for _ in range(3):
            assert web.get(page_url(dossier, "ZZZZZZZZ")).status_code == 404
        blocked = web.get(page_url(dossier))  # even the right token, so nothing leaks
        assert blocked.status_code == 429
        assert 3500 <= int(blocked.headers["retry-after"]) <= 3600
        assert "Vui lòng thử lại sau" in blocked.text
        api = web.get(f"/api/v1/ho-so/{dossier.code}?k={dossier.lookup_token}")
        assert api.status_code == 429 and "retry-after" in api.headers
    with store.uow() as uow:
        outcomes = [e.outcome for e in uow.lifecycle.lookups(NOW - dt.timedelta(days=3650))]
    assert sorted(outcomes) == ["refused"] * 3 + ["throttled"] * 2


def test_per_address_throttle_and_trusted_proxy(store: Store, dossier: Dossier) -> None:
    s = settings(requests_per_ip_per_minute=4, trusted_proxies=("10.0.0.5",))
    with client(store, s) as web:
        for _ in range(4):
            assert web.get(page_url(dossier)).status_code == 200
        r = web.get(page_url(dossier), headers={"X-Forwarded-For": "198.51.100.1"})
        assert r.status_code == 429  # a client cannot pick its own address
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert "quá nhiều lần" in r.text
    with client(store, s, peer="10.0.0.5") as proxied:
        for n in range(1, 6):
            r = proxied.get(page_url(dossier), headers={
                "X-Forwarded-For": "198.51.100.2, 10.0.0.5", "X-Forwarded-Proto": "https"})
            assert r.status_code == (200 if n <= 4 else 429)
        assert "strict-transport-security" in r.headers
        other = proxied.get(page_url(dossier), headers={"X-Forwarded-For": "198.51.100.3"})
        assert other.status_code == 200
    with store.uow() as uow:
        sources = {e.source for e in uow.lifecycle.lookups(NOW - dt.timedelta(days=3650))}
    assert sources == {f"web:{PEER}", "web:198.51.100.2", "web:198.51.100.3"}


def test_error_pages_are_vietnamese_and_plain(store: Store, web: TestClient) -> None:
    bad = web.get("/tra-cuu?ma=<script>&k=1")
    assert bad.status_code == 400 and "Mã hồ sơ không đúng" in bad.text
    assert "<script>" not in bad.text
    long = web.get("/tra-cuu?ma=" + "A" * 600 + "&k=1")
    assert long.status_code == 400 and "quá dài" in long.text
    missing = web.get("/khong-co")
    assert missing.status_code == 404 and "Không tìm thấy trang này" in missing.text
    assert_hardened(missing.headers)
    assert web.post("/tra-cuu").status_code == 405
    assert web.get("/api/v1/ho-so/X?k=1").json()["status"] == 400
    app = web.app
    app.state.web.dossiers.lookup = _boom  # type: ignore[attr-defined]
    crash = web.get("/tra-cuu?ma=H01.151.01-260715-0001&k=ABCDEFGH")
    assert crash.status_code == 500 and "Hệ thống đang gặp sự cố" in crash.text
    assert "Traceback" not in crash.text and "secret internals" not in crash.text


def _boom(*_: object) -> None:
    raise RuntimeError("secret internals")


def issue(store: Store, clock: Clock) -> IssuedTicket:
    return QueueEngine(store.uow, settings(), now=clock).issue_ticket("HT")


def test_mobile_ticket_follows_its_ticket(store: Store, web: TestClient, officer: Officer) -> None:
    clock = Clock(dt.datetime.now(dt.UTC))
    first, mine = issue(store, clock), issue(store, clock)
    url = f"/ve/{mine.id.hex}?k={mine.web_token}"
    page = web.get(url)
    assert page.status_code == 200
    assert_hardened(page.headers)
    assert mine.display_number in page.text and "Số người đang chờ trước bạn" in page.text
    assert '<script src="/static/ticket.js"' in page.text
    assert f"/api/v1/ve/{mine.id.hex}/su-kien?k={mine.web_token}" in page.text
    api = f"/api/v1/ve/{mine.id.hex}?k={mine.web_token}"
    assert (web.get(api).json()["people_ahead"], web.get(api).json()["status"]) == (1, "waiting")
    engine = QueueEngine(store.uow, settings(), now=clock)
    engine.open_counter_session(1, officer)
    engine.call_next(1, officer)  # calls the first ticket
    assert web.get(api).json()["people_ahead"] == 0
    engine.finish(first.id, officer)
    engine.call_next(1, officer)
    data = web.get(api).json()
    assert (data["status"], data["counter"], data["call_text"]) == ("called", 1,
                                                                   "Mời đến quầy số 1")
    assert "Mời đến quầy số 1" in web.get(url).text
    engine.transfer(mine.id, officer, to_service="CT")  # same QR follows the new stint
    data = web.get(api).json()
    assert (data["number"], data["status"], data["call_text"]) == (mine.display_number,
                                                                  "waiting", None)
    assert data["service"] != mine.service_name
    wrong = web.get(f"/api/v1/ve/{mine.id.hex}?k=ZZZZZZZZZZ")
    unknown = web.get(f"/api/v1/ve/{'0' * 32}?k={mine.web_token}")
    assert wrong.status_code == unknown.status_code == 404 and wrong.content == unknown.content
    garbage = web.get("/ve/xyz?k=1")
    assert garbage.status_code == 404 and "Không tìm thấy vé" in garbage.text


def test_people_ahead_follow_the_queue_order(store: Store, web: TestClient) -> None:
    clock = Clock(dt.datetime.now(dt.UTC))
    engine = QueueEngine(store.uow, settings(), now=clock)
    issued = []
    for priority in (None, None, "NCT", None, "NCT"):
        issued.append(engine.issue_ticket("HT", priority))
        clock.advance(seconds=30)
    with store.uow() as uow:
        order = [t.id for t in uow.queue.waiting(issued[0].business_date,
                                                 service_ids=[uow.queue.get_ticket(
                                                     issued[0].id).service_id])]  # type: ignore[union-attr]
    ahead = {t.id: web.get(f"/api/v1/ve/{t.id.hex}?k={t.web_token}").json()["people_ahead"]
             for t in issued}
    assert [ahead[i] for i in order] == list(range(len(order)))
    assert ahead[issued[2].id] == 0 and ahead[issued[0].id] == 2  # priorities go first
