"""A real browser on the public pages: the QR printed on a receipt (Mẫu 01 PDF) and on a queue
ticket (the kiosk's raster slip), decoded with zxing-cpp, open the dossier page and the live mobile
ticket in Debian's headless Chromium at a phone (390x844) and a desktop viewport; the ticket turns
to "Mời đến quầy số 1" when the counter calls it from another process. No script error and no CSP
violation is reported. Screenshots go to ``$COUNTER_APP_SCREENSHOTS_DIR`` (the README's come from
``COUNTER_APP_SCREENSHOTS_DIR=docs/screenshots``), else to the test's temporary directory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from counter_app.adapters.db.change_feed import open_change_feed
from counter_app.adapters.db.store import Store
from counter_app.adapters.printing.receipt_pdf import render_receipt_pdf
from counter_app.adapters.printing.ticket_image import render_ticket
from counter_app.adapters.web import create_app
from counter_app.app import CounterApp, Paths
from counter_app.domain.lifecycle_commands import Ready
from counter_app.domain.settings import PrinterSettings
from counter_app.services.dossier_queries import receipt_for
from counter_app.services.lifecycle import DossierLifecycle
from counter_app.services.queue import QueueEngine
from counter_app.services.reception import receive_dossier
from tests.browser_cdp import Browser
from tests.integration.dossier_workers import NOW, person_input
from tests.integration.queue_helpers import Clock, login
from tests.integration.test_web import assert_private, settings
from tests.integration.test_web_live import call_next_elsewhere
from tests.integration.web_server import free_port, serving

SHOTS_ENV = "COUNTER_APP_SCREENSHOTS_DIR"  # set to docs/screenshots to refresh the README's
PHONE, DESKTOP = (390, 844), (1366, 900)


@pytest.fixture
def browser() -> Iterator[Browser]:
    b = Browser()
    try:
        yield b
    finally:
        b.close()


def qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def receipt_qr(pdf: bytes, tmp: Path) -> str:
    (tmp / "receipt.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp / "receipt.pdf"), str(tmp / "receipt")], check=True, timeout=60)
    found = qr_texts(Image.open(tmp / "receipt.png"))
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_printed_qr_codes_open_the_pages_in_chromium(store: Store, store_url: str, tmp_path: Path,
                                                    browser: Browser) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    s = dataclasses.replace(settings(), lookup_url_template=base + "/tra-cuu?ma={code}&k={token}",
                            ticket_url_template=base + "/ve/{id}?k={token}",
                            printer=PrinterSettings(print_qr=True))
    officer = login(store, "canbo1")
    code = receive_dossier(store.uow, s, officer, person_input(), counter_number=2,
                           now=NOW).dossier.code
    receipt_url = receipt_qr(render_receipt_pdf(receipt_for(store.uow, s, code, "canbo1")),
                             tmp_path)
    DossierLifecycle(store.uow, s, now=Clock(NOW + dt.timedelta(days=2))).act(
        officer, code, Ready())  # the result is back: the page lists what to bring
    assert receipt_url.startswith(base + "/tra-cuu?ma=")

    engine = QueueEngine(store.uow, s)
    engine.issue_ticket("HT")
    app = CounterApp(Paths(tmp_path, tmp_path / "c.toml"), s, store_url, store=store)
    slip = app.kiosk.slip_for(engine.issue_ticket("HT"))
    (ticket_url,) = qr_texts(render_ticket(slip, paper_width_mm=80, with_qr=True))
    assert ticket_url.startswith(base + "/ve/")

    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    app = create_app(s, store.uow, feed_factory=lambda: open_change_feed(store),
                     inline_reads=store.backend == "sqlite")
    with serving(app, port):
        for name, (w, h) in (("phone", PHONE), ("desktop", DESKTOP)):
            browser.open(receipt_url, w, h, mobile=name == "phone")
            text = browser.eval("document.body.innerText")
            assert "Đã có kết quả, mời nhận kết quả" in text and "Ng***n V** A" in text
            assert code in text and "Khi đến nhận kết quả, vui lòng mang theo" in text
            assert_private(browser.eval("document.documentElement.outerHTML"))
            browser.screenshot(shots / f"web-dossier-{name}.png", full_page=name == "phone")
        assert browser.console_errors() == []

        browser.open(ticket_url, *PHONE, mobile=True)
        browser.wait_for("document.getElementById('ve').dataset.live === 'on'")
        assert browser.eval("document.getElementById('so').textContent") == slip.display_number
        assert browser.eval("document.getElementById('truoc').textContent") == "1"
        browser.screenshot(shots / "web-ticket-phone-waiting.png")
        call_next_elsewhere(store_url, tmp_path)  # the first ticket: one fewer ahead
        browser.wait_for("document.getElementById('truoc').textContent === '0'")
        call_next_elsewhere(store_url, tmp_path, 2, "canbo2")
        browser.wait_for("document.getElementById('ve').classList.contains('is-called')")
        called = browser.eval("document.getElementById('moi').textContent")
        assert called == "Mời đến quầy số 2"
        assert browser.eval("document.title") == called
        browser.screenshot(shots / "web-ticket-phone-called.png")
        browser.open(ticket_url, *DESKTOP, mobile=False)
        browser.wait_for("document.getElementById('ve').dataset.live === 'on'")
        browser.screenshot(shots / "web-ticket-desktop-called.png")
        assert browser.console_errors() == []
