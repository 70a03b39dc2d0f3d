"""``counter-app dossier …``, ``lookup`` and ``calendar`` on both backends."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from counter_app.domain.dossier_code import lookup_url
from counter_app.domain.settings import Settings
from tests.cli_runner import Run, cli_runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    return cli_runner(store_url, tmp_path, monkeypatch, capsys, "canbo1")


def test_receive_show_search_receipt_lookup(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1",
                       "--counter", "2", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["code"].startswith("H01.151.01-") and r["code"].endswith("-0001")
    assert r["counter"] == 2 and r["ledger_line"] == 1 and r["national_code"] == 2
    assert r["procedure"] == "Đăng ký kết hôn — Cần xác minh" and len(r["token"]) == 8

    code, out, _ = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1")
    assert code == 0 and "-0002" in out and "Mã tra cứu:" in out and "Hẹn trả kết quả:" in out
    assert "quyển 01, số 2" in out

    code, out, _ = cli("dossier", "show", r["code"], "--json", "--officer", "canbo1")
    shown = json.loads(out)
    assert shown["applicant"] == "Trần Thị Bích Ngọc" and shown["return_place"] == "post"
    assert [d["from_database"] for d in shown["documents"]] == [False, True, False, False, False]
    assert shown["events"][0]["status"] == "received"
    code, out, _ = cli("dossier", "show", r["code"], "--officer", "canbo1")
    assert "Người được ủy quyền: Lê Văn Hùng" in out and "[CSDL]" in out
    assert "Tiếp nhận hồ sơ → Đã tiếp nhận" in out or "Tiếp nhận hồ sơ →" in out
    assert "(bản chính: 1 bản)" in out and "(xuất trình)" in out
    assert not re.search(r"\b(receive|original|copy|shown|received)\b", out), out

    code, out, _ = cli("dossier", "search", "bich ngoc", "--officer", "canbo1")
    assert code == 0 and out.count("Trần Thị Bích Ngọc") == 2
    # YYMMDD-NNNN of this centre
    code, out, _ = cli("dossier", "search", r["code"][-11:], "--officer", "canbo1")
    assert out.startswith(r["code"])
    code, out, _ = cli("dossier", "search", "khong co ai", "--officer", "canbo1")
    assert "Không tìm thấy" in out

    pdf = tmp_path / "receipt.pdf"
    code, out, _ = cli("dossier", "receipt", r["code"], "--pdf", str(pdf), "--copies", "1",
                       "--officer", "canbo1")
    assert code == 0 and pdf.exists()
    text = " ".join(PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())
    assert r["code"] in text and r["token"] in text and "Lê Văn Hùng" in text
    assert "6. Đăng ký nhận kết quả: Qua dịch vụ bưu chính công ích" in text

    # the example (a representative and four documents): one A4 page per copy, signatures and
    # the QR code on it, the QR decoding to the lookup URL
    code, out, _ = cli("dossier", "receipt", r["code"], "--pdf", str(pdf), "--copies", "2",
                       "--officer", "canbo1")
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert code == 0 and len(pages) == 2
    for page in pages:
        text = " ".join(page.extract_text().split())
        assert "NGƯỜI NỘP HỒ SƠ" in text and "Nguyễn Thị Lan" in text and r["token"] in text
    png = subprocess.run(["pdftoppm", "-r", "120", "-png", "-singlefile", "-f", "2", "-l", "2",
                          str(pdf)], capture_output=True, check=True).stdout
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    url = lookup_url(Settings().lookup_url_template, r["code"], r["token"])
    assert [c.text for c in codes] == [url]

    code, out, _ = cli("lookup", r["code"], r["token"], "--json")
    seen = json.loads(out)
    assert seen["applicant"] == "T**n T** B**h N" and seen["status"] == "Đã tiếp nhận hồ sơ"
    assert set(seen) == {"code", "procedure", "receiving_unit", "status", "national_code",
                         "received_at", "appointment_at", "last_step_on", "applicant"}
    assert "079195001234" not in out and "0987" not in out
    code, out, err = cli("lookup", r["code"], "WRONG123")
    assert code == 1 and out == "" and "Không tìm thấy hồ sơ" in err and "Ngọc" not in err


def test_receive_errors_and_back_dating(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"procedure": {"code": "1.004873"},
                               "applicant": {"full_name": "An", "id_number": "12"},
                               "sets_count": 0}), encoding="utf-8")
    code, out, err = cli("dossier", "receive", "--from-json", str(bad), "--officer", "canbo1")
    assert code == 1 and "applicant.id_number" in err and "sets_count" in err
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = cli("dossier", "receive", "--from-json", str(bad), "--officer", "canbo1")
    assert code == 1 and "JSON" in err
    args = ("dossier", "receive", "--from-json", str(EXAMPLE), "--received-at",
            "2026-01-05T09:30")
    code, _, err = cli(*args, "--officer", "canbo1")
    assert code == 1 and "Giám sát" in err
    code, out, _ = cli(*args, "--officer", "giamsat", "--json", user="giamsat")
    r = json.loads(out)
    assert code == 0 and r["backdated"] and r["code"] == "H01.151.01-260105-0001"
    assert r["received_at"] == "2026-01-05T09:30:00+07:00"
    code, _, err = cli("dossier", "show", "H01.151.01-260105-0999", "--officer", "canbo1")
    assert code == 1 and "Không tìm thấy" in err


def test_calendar_commands(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("calendar", "add", "2026-07-16", "--kind", "off", "--officer", "canbo1")
    assert code == 1 and "Giám sát" in err
    code, out, _ = cli("calendar", "add", "16/07/2026", "--kind", "off", "--note", "Nghỉ bão",
                       "--source", "CV 5/UBND", "--officer", "giamsat", user="giamsat")
    assert code == 0 and "16/07/2026" in out
    cli("calendar", "add", "2027-01-02", "--kind", "work", "--provisional", "--officer", "giamsat",
        user="giamsat")
    code, out, _ = cli("calendar", "list", "--year", "2026")
    assert "16/07/2026 Nghỉ bão [điều chỉnh của trung tâm] — CV 5/UBND" in out
    assert "22/08/2026" in out and "Tết Nguyên Đán" in out
    code, out, _ = cli("calendar", "list", "--year", "2027")
    assert "02/01/2027 (dự kiến)" in out and "dự kiến" in out
    code, out, _ = cli("calendar", "remove", "2026-07-16", "--officer", "giamsat", user="giamsat")
    assert "Đã bỏ" in out
    code, _, err = cli("calendar", "add", "2026-13-01", "--kind", "off", "--officer", "giamsat",
                       user="giamsat")
    assert code == 1 and "không đúng dạng" in err


def test_help_in_a_real_process() -> None:
    out = subprocess.run([sys.executable, "-m", "counter_app", "dossier", "receive", "--help"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    for word in ("--from-json", "--officer", "--counter", "--ticket", "--received-at", "--json"):
        assert word in out


def test_personal_data_commands_need_a_login(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1",
                       "--json")
    dossier = json.loads(out)["code"]
    for argv in (("dossier", "show", dossier), ("dossier", "search", "ngoc"),
                 ("dossier", "receipt", dossier, "--pdf", str(tmp_path / "r.pdf")),
                 ("ledger", "--from", "2020-01-01", "--to", "2030-01-01", "--pdf",
                  str(tmp_path / "s.pdf")),
                 ("catalogue", "import", str(ROOT / "resources" / "catalogue" /
                                             "example-import.csv"))):
        code, out, err = cli(*argv)
        assert code == 1 and "--officer" in err and "Ngọc" not in out, argv
    code, _, err = cli("catalogue", "import", str(ROOT / "resources" / "catalogue" /
                                                  "example-import.csv"), "--officer", "giamsat",
                       user="giamsat")
    assert code == 1 and "không có quyền" in err  # changing rules: admins only


def test_receive_from_json_with_a_utf8_bom(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())  # as Windows Notepad saves it
    code, out, err = cli("dossier", "receive", "--from-json", str(with_bom), "--officer",
                         "canbo1", "--json")
    assert code == 0, err
    assert json.loads(out)["procedure"].startswith("Đăng ký kết hôn")
