"""``counter-app selftest`` runs every check, prints one line each and writes its files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from counter_app.cli.main import main
from counter_app.ui.selftest_view import WINDOW_SIZE


def test_selftest_passes_and_writes_window_and_receipt(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--data-dir", str(tmp_path / "data"), "selftest", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    checks = [line for line in lines if line.startswith("[")]
    assert len(checks) == 8 and all(line.startswith("[ĐẠT]") for line in checks)
    assert lines[-1].startswith("TẤT CẢ ĐẠT: 8/8")
    assert (out / "receipt.pdf").read_bytes().startswith(b"%PDF")
    with Image.open(out / "window.png") as window:
        assert window.size == WINDOW_SIZE
    with Image.open(out / "receipt-page1.png") as page:
        assert page.width < page.height  # an A4 portrait page
    assert not (tmp_path / "data").exists()  # the centre's store is never touched


def test_selftest_without_gui_skips_qt_checks(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest", "--no-gui", "--out", str(tmp_path)]) == 0
    checks = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    assert len(checks) == 5
    assert not (tmp_path / "window.png").exists()


def test_print_preview_is_skipped_under_wine(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("counter_app.adapters.selftest.under_wine", lambda: True)
    assert main(["selftest", "--out", str(tmp_path)]) == 0
    preview = [line for line in capsys.readouterr().out.splitlines() if "Xem trước bản in" in line]
    assert preview and preview[0].startswith("[BỎ QUA]") and "Wine" in preview[0]
    assert not (tmp_path / "receipt-page1.png").exists()
