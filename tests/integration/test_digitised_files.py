"""Digitised documents on both backends: scans checked by content and stored by hash under the
data directory, the electronic result only once there is a result, a scanner's inbox imported,
and the dossier report's digitisation rates counting them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
from pathlib import Path

import pytest

from counter_app.domain.digitised import RejectedFile, check_file
from tests.cli_runner import Run, cli_runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    return cli_runner(store_url, tmp_path / "data", monkeypatch, capsys, "canbo1")


def test_scans_are_checked_stored_by_hash_and_counted(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1",
                         "--json")
    assert code == 0, err
    dossier = json.loads(out)["code"]
    scan = tmp_path / "giay-khai-sinh.pdf"
    scan.write_bytes(PDF)
    assert cli("files", "attach", dossier, str(scan), "--document", "1",
               "--officer", "canbo1")[0] == 0
    fake = tmp_path / "virus.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    code, _, err = cli("files", "attach", dossier, str(fake), "--officer", "canbo1")
    assert code == 1 and "không phải PDF, JPEG hoặc PNG" in err
    code, _, err = cli("files", "attach", dossier, str(scan), "--result", "--officer", "canbo1")
    assert code == 1 and "chưa có kết quả" in err
    code, _, err = cli("files", "attach", dossier, str(scan), "--document", "99",
                       "--officer", "canbo1")
    assert code == 1 and "không có thành phần số 99" in err
    inbox = tmp_path / "scanner"
    inbox.mkdir()
    (inbox / "trang-2.png").write_bytes(PNG)
    (inbox / "hong.jpg").write_bytes(b"garbage")
    (inbox / "ghi-chu.txt").write_text("ignored")
    code, out, _ = cli("files", "import", dossier, "--folder", str(inbox), "--officer", "canbo1")
    assert code == 1 and "Đã lưu trang-2.png" in out and "Bỏ qua hong.jpg" in out
    assert sorted(p.name for p in inbox.iterdir()) == ["ghi-chu.txt", "hong.jpg"]
    code, out, _ = cli("files", "list", dossier, "--json", "--officer", "canbo1")
    files = json.loads(out)
    assert [(f["file_name"], f["media_type"], f["document"]) for f in files] == [
        ("giay-khai-sinh.pdf", "application/pdf", 1), ("trang-2.png", "image/png", None)]
    digest = hashlib.sha256(PDF).hexdigest()
    stored = tmp_path / "data" / "files" / digest[:2] / f"{digest}.pdf"
    assert stored.read_bytes() == PDF and stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert files[0]["sha256"] == digest
    code, _, err = cli("dossier", "transfer", dossier, "--officer", "canbo1", "--body", "Tư pháp")
    assert code == 0, err
    assert cli("dossier", "ready", dossier, "--officer", "canbo1")[0] == 0
    assert cli("files", "attach", dossier, str(scan), "--result", "--officer", "canbo1")[0] == 0
    today = dt.date.today()  # the centre's date may differ from this machine's: a wide period
    first, last = (today - dt.timedelta(days=1)).isoformat(), (today + dt.timedelta(days=1)).isoformat()
    code, out, err = cli("report", "dossiers", "--from", first, "--to", last, "--json",
                         "--officer", "giamsat", user="giamsat")
    assert code == 0, err
    total = json.loads(out)[0]
    assert total["digitised"] == 1 and total["digitised_rate"] == 1.0
    assert total["e_results"] == 1 and total["e_result_rate"] == 1.0


def test_files_are_recognised_by_content_and_size_limited() -> None:
    assert check_file("a.bin", PDF).media_type == "application/pdf"
    assert check_file("C:\\scans\\b.JPG", b"\xff\xd8\xff\xe0" + b"0" * 10).file_name == "b.JPG"
    with pytest.raises(RejectedFile, match="lớn quá 1 MB"):
        check_file("big.pdf", PDF + b"0" * (1024 * 1024), max_bytes=1024 * 1024)
    with pytest.raises(RejectedFile, match="rỗng"):
        check_file("empty.png", b"")
