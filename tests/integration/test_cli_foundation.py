"""The CLI on a fresh data directory: init --demo, catalogue search, import errors, GUI stubs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli.main import main


def test_init_demo_then_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    assert main(["--data-dir", data, "init", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "canbo1:" in out and "giamsat:" in out
    assert (tmp_path / "d" / "counter-app.sqlite3").exists()
    assert (tmp_path / "d" / "counter-app.toml").exists()
    assert main(["--data-dir", data, "catalogue", "search", "dang ky khai sinh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("1.001193") and "Đăng ký khai sinh" in lines[0]
    # a second init keeps the demo centre and prints no new passwords
    assert main(["--data-dir", data, "init", "--demo"]) == 0
    assert "canbo1:" not in capsys.readouterr().out


def test_catalogue_import_bad_row_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = str(tmp_path / "d")
    monkeypatch.setenv("COUNTER_APP_NEW_PASSWORD", "Mat-khau-2026")
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "Mat-khau-2026")
    assert main(["--data-dir", data, "init", "--admin", "quantri"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,field,time_unit,time_amount,effective_from\n"
                   "1.999001,Thủ tục A,HT,immediate,0,2026-01-01\n"
                   "1.999002,Thủ tục B,HT,never,0,2026-01-01\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", data, "catalogue", "import", str(bad)]) == 1
    assert "--officer" in capsys.readouterr().err  # no login, no import
    assert main(["--data-dir", data, "catalogue", "import", str(bad), "--officer", "quantri"]) == 1
    err = capsys.readouterr().err
    assert "Dòng 3" in err and "không nhập dòng nào" in err
    assert main(["--data-dir", data, "catalogue", "search", "1.999001"]) == 0
    assert "Không tìm thấy" in capsys.readouterr().out


def test_bad_config_value_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[printer]\nport = "abc"\n', encoding="utf-8")
    assert main(["--config", str(cfg), "--data-dir", str(tmp_path), "init"]) == 1
    assert "printer.port" in capsys.readouterr().err


def test_help_lists_commands_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "COUNTER_APP_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "counter_app", "--help"], capture_output=True,
                         text=True, env=env, check=True).stdout
    for word in ("init", "kiosk", "counter", "display", "admin", "catalogue", "--data-dir",
                 "--database-url", "--config"):
        assert word in out


def test_database_url_option_selects_postgresql(pg_base_url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, text
    admin = create_engine(pg_base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS cli_init"))
        conn.execute(text("CREATE DATABASE cli_init"))
    admin.dispose()
    url = pg_base_url.rsplit("/", 1)[0] + "/cli_init"
    assert main(["--data-dir", str(tmp_path), "--database-url", url, "init", "--demo"]) == 0
    assert "postgresql" in capsys.readouterr().out
    os.environ["COUNTER_APP_DATABASE_URL"] = url
    try:
        assert main(["--data-dir", str(tmp_path), "catalogue", "search", "chung thuc"]) == 0
    finally:
        del os.environ["COUNTER_APP_DATABASE_URL"]
    assert "2.000815" in capsys.readouterr().out
    assert not (tmp_path / "counter-app.sqlite3").exists()
