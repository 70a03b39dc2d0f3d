"""``counter-app dossier transfer|…|return``, ``dossier form``, ``dossier worklist`` and
``ledger`` on both backends."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.cli_runner import Run, cli_runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"
OFF = ("--officer", "canbo1")


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    return cli_runner(store_url, tmp_path, monkeypatch, capsys, "canbo1")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def receive(cli) -> str:  # type: ignore[no-untyped-def]
    code, out, _ = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1",
                       "--json")
    assert code == 0
    return str(json.loads(out)["code"])


def test_life_through_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = receive(cli)
    code, out, _ = cli("dossier", "transfer", c, "--officer", "canbo1", "--counter", "2",
                       "--body", "Công chức Tư pháp - Hộ tịch", "--receiver", "Trần Minh Đức")
    assert code == 0 and "Chuyển cơ quan giải quyết" in out and "(mã 4)" in out
    code, out, _ = cli("dossier", "request-supplement", c, "--officer", "canbo1", "--json",
                       "--item", "Bản sao giấy xác nhận tình trạng hôn nhân",
                       "--item", "Ảnh chân dung", "--reason", "Thiếu giấy tờ theo quy định",
                       "--contact-name", "Lê Thị Thu Hà", "--contact-phone", "0243 123 4567")
    r = json.loads(out)
    assert r["national_code"] == 5 and r["document_number"] == 1
    pdf = tmp_path / "02.pdf"
    assert cli("dossier", "form", c, "--form", "02", "--pdf", str(pdf), *OFF)[0] == 0
    text = pdf_text(pdf)
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "2. Ảnh chân dung" in text and c in text
    assert cli("dossier", "resume", c, "--officer", "canbo1")[0] == 0
    code, out, err = cli("dossier", "delay", c, "--officer", "canbo1", "--reason",
                         "Cần xác minh thêm", "--new-date", "2099-01-05T16:00")
    assert code == 1 and "không có quyền" in err
    code, out, _ = cli("dossier", "delay", c, "--officer", "giamsat", "--reason",
                       "Cần xác minh thêm", "--new-date", "2099-01-05T16:00", user="giamsat")
    assert code == 0 and "Hẹn ban đầu:" in out and "16:00 05/01/2099" in out
    assert cli("dossier", "form", c, "--form", "04", "--pdf", str(tmp_path / "04.pdf"), *OFF)[0] == 0
    assert "Cần xác minh thêm" in pdf_text(tmp_path / "04.pdf")
    assert cli("dossier", "ready", c, "--officer", "canbo1", "--result", "Giấy chứng nhận")[0] == 0
    code, out, _ = cli("dossier", "worklist", "--list", "ready_to_return", "--json", "--officer",
                       "canbo1")
    assert [x["code"] for x in json.loads(out)["ready_to_return"]] == [c]
    code, out, err = cli("dossier", "return", c, "--officer", "canbo1", "--collector",
                         "authorised", "--collector-name", "Lê Văn Hùng")
    assert code == 1 and "Số giấy tờ tùy thân không được để trống" in err
    code, out, _ = cli("dossier", "return", c, "--officer", "canbo1", "--collector", "authorised",
                       "--collector-name", "Lê Văn Hùng", "--collector-id", "001085067890",
                       "--authorisation", "Giấy ủy quyền số 5", "--fees", "50000", "--counter", "2")
    assert code == 0 and "(mã 10)" in out
    for form in ("06", "return"):
        path = tmp_path / f"{form}.pdf"
        assert cli("dossier", "form", c, "--form", form, "--pdf", str(path), "--paper", "A5", *OFF)[0] == 0
    assert "Lê Văn Hùng (Người được ủy quyền)" in pdf_text(tmp_path / "return.pdf")
    assert "50.000 đ" in pdf_text(tmp_path / "return.pdf")
    assert "Trần Minh Đức" in pdf_text(tmp_path / "06.pdf")
    code, _out, err = cli("dossier", "ready", c, "--officer", "canbo1")
    assert code == 1 and err.startswith("Lỗi: Không thể thực hiện 'Có kết quả, chờ trả'")
    code, _out, err = cli("dossier", "form", c, "--form", "03", "--pdf", str(tmp_path / "x.pdf"), *OFF)
    assert code == 1 and "không bị từ chối" in err


def test_refuse_stop_and_ledger(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = receive(cli), receive(cli)
    code, out, _ = cli("dossier", "refuse", a, "--officer", "canbo1", "--reason",
                       "Không thuộc thẩm quyền", "--reason", "Thiếu chữ ký")
    assert code == 0 and "(mã 3)" in out
    assert cli("dossier", "form", a, "--form", "03", "--pdf", str(tmp_path / "03.pdf"), *OFF)[0] == 0
    assert "2. Thiếu chữ ký" in pdf_text(tmp_path / "03.pdf")
    assert cli("dossier", "request-withdrawal", b, "--officer", "canbo1")[0] == 0
    code, out, _ = cli("dossier", "stop", b, "--officer", "giamsat", "--reason",
                       "Theo đề nghị của người nộp hồ sơ", user="giamsat")
    assert code == 0 and "(mã 8)" in out
    assert cli("dossier", "form", b, "--form", "05", "--pdf", str(tmp_path / "05.pdf"), *OFF)[0] == 0
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in pdf_text(tmp_path / "05.pdf")
    today = dt.date.today().isoformat()
    code, _out, err = cli("ledger", "--from", "2020-01-01", "--to", today, "--xlsx",
                          str(tmp_path / "so.xlsx"))
    assert code == 1 and "--officer" in err  # no login: refused
    code, _out, err = cli("ledger", "--from", "2020-01-01", "--to", today, "--xlsx",
                          str(tmp_path / "so.xlsx"), "--officer", "canbo1")
    assert code == 1 and "không có quyền" in err  # a report: supervisors
    code, out, _ = cli("ledger", "--from", "2020-01-01", "--to", today, "--xlsx",
                       str(tmp_path / "so.xlsx"), "--officer", "giamsat", user="giamsat")
    assert code == 0 and "2 hồ sơ" in out
    ws = openpyxl.load_workbook(tmp_path / "so.xlsx").active
    values = {v for row in ws.iter_rows(values_only=True) for v in row if v}
    assert {a, b, "Mã hồ sơ", "Phương thức nhận kết quả"} <= values
    code, out, _ = cli("ledger", "--from", "01/01/2020", "--to", today, "--pdf",
                       str(tmp_path / "so.pdf"), "--form-set", "2018", "--officer", "giamsat",
                       user="giamsat")
    assert code == 0 and "Chuyển hồ sơ đến cơ quan giải quyết" in pdf_text(tmp_path / "so.pdf")
    code, _out, err = cli("ledger", "--from", "2020-13-01", "--to", today, "--pdf", "x.pdf",
                          "--officer", "giamsat", user="giamsat")
    assert code == 1 and "không đúng dạng" in err
