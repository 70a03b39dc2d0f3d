"""``counter-app ticket …`` / ``queue …`` on both backends: JSON lines, Vietnamese errors, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from counter_app.cli.main import main
from tests.db_fixtures import DEMO_PASSWORDS

ALL_DAY = '[queue]\nkiosk_opens = "00:00"\nkiosk_closes = "00:00"\n'


class Cli:
    """Runs the CLI in-process against one store and captures its output."""

    def __init__(self, url: str, tmp: Path, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.config = tmp / "config.toml"
        self.config.write_text(ALL_DAY, encoding="utf-8")
        self.base = ["--database-url", url, "--data-dir", str(tmp), "--config", str(self.config)]
        self.capsys, self.monkeypatch = capsys, monkeypatch

    def run(self, *args: str, officer: str | None = None) -> tuple[int, str, str]:
        if officer:
            self.monkeypatch.setenv("COUNTER_APP_PASSWORD", DEMO_PASSWORDS[officer])
        code = main([*self.base, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str, officer: str | None = None) -> dict[str, object]:
        code, out, err = self.run(*args, "--json", officer=officer)
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == 1
        obj = json.loads(lines[0])
        assert isinstance(obj, dict)
        return obj

    def fails(self, *args: str, officer: str | None = None) -> str:
        code, out, err = self.run(*args, officer=officer)
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("Lỗi: ")
        return err.strip()


@pytest.fixture
def cli(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(store_url, tmp_path, capsys, monkeypatch)


def test_issue_prints_the_ticket(cli: Cli) -> None:
    t = cli.json("ticket", "issue", "--service", "HT")
    assert set(t) >= {"id", "display_number", "service", "priority", "issued_at",
                      "people_ahead", "estimate_minutes"}
    assert (t["display_number"], t["service"], t["priority"], t["people_ahead"]) == (
        "A001", "HT", None, 0)
    assert re.fullmatch(rf"https://\S+/ve/{uuid.UUID(t['id']).hex}\?k=[\w-]{{8,}}",
                        str(t["mobile_url"]))
    p = cli.json("ticket", "issue", "--service", "ht", "--priority", "NCT")
    assert (p["display_number"], p["priority"]) == ("A002", "NCT")
    code, out, _ = cli.run("ticket", "issue", "--service", "CT")
    assert code == 0 and out.startswith("Số B001 — Chứng thực; 0 người đang chờ trước")
    assert "\nVé điện tử: https://" in out


def test_errors_are_one_vietnamese_line(cli: Cli) -> None:
    assert cli.fails("ticket", "issue", "--service", "XX") == (
        "Lỗi: Không có dịch vụ mã 'XX'. Các mã hợp lệ: HT, CT, DD, DKKD.")
    assert "Không còn công dân nào đang chờ cho quầy 1" in cli.fails(
        "ticket", "call-next", "--counter", "1", "--officer", "canbo1", officer="canbo1")
    cli.monkeypatch.setenv("COUNTER_APP_PASSWORD", "sai")
    assert "Sai tên đăng nhập" in cli.fails("ticket", "call-next", "--counter", "1",
                                            "--officer", "canbo1")
    assert "Không có quầy số 9" in cli.fails("queue", "waiting", "--counter", "9")


def test_counter_busy(cli: Cli) -> None:
    cli.json("ticket", "issue", "--service", "HT")
    cli.json("ticket", "issue", "--service", "HT")
    called = cli.json("ticket", "call-next", "--counter", "1", "--officer", "canbo1",
                      officer="canbo1")
    assert (called["display_number"], called["counter"], called["status"]) == ("A001", 1,
                                                                               "called")
    err = cli.fails("ticket", "call-next", "--counter", "1", "--officer", "canbo2",
                    officer="canbo2")
    assert "Quầy 1 đang do cán bộ Nguyễn Thị Lan (canbo1) làm việc" in err
    err = cli.fails("ticket", "call-next", "--counter", "1", "--officer", "canbo1",
                    officer="canbo1")
    assert "đang mời hoặc phục vụ số A001" in err


def test_ticket_actions_and_queue_show(cli: Cli) -> None:
    for _ in range(3):
        cli.json("ticket", "issue", "--service", "HT")
    a1 = cli.json("ticket", "call-next", "--counter", "1", "--officer", "canbo1",
                  officer="canbo1")
    assert cli.json("ticket", "recall", "A001", "--officer", "canbo1",
                    officer="canbo1")["recall_count"] == 1
    assert cli.json("ticket", "serve", str(a1["id"]), "--officer", "canbo1",
                    officer="canbo1")["status"] == "serving"
    moved = cli.json("ticket", "transfer", "A001", "--to-service", "CT", "--officer", "canbo1",
                     officer="canbo1")
    assert (moved["service"], moved["status"], moved["transferred_from"]) == (
        "CT", "waiting", a1["id"])
    cli.json("ticket", "call", "A002", "--counter", "1", "--officer", "canbo1", officer="canbo1")
    assert cli.json("ticket", "no-show", "A002", "--officer", "canbo1",
                    officer="canbo1")["status"] == "no_show"
    assert cli.json("ticket", "reactivate", "A002", "--officer", "canbo1",
                    officer="canbo1")["status"] == "waiting"
    assert cli.json("ticket", "cancel", "A003", "--officer", "canbo1", "--reason", "về trước",
                    officer="canbo1")["status"] == "cancelled"
    cli.json("ticket", "call-next", "--counter", "1", "--officer", "canbo1", officer="canbo1")
    assert cli.json("ticket", "finish", "A002", "--officer", "canbo1",
                    officer="canbo1")["status"] == "done"
    snap = cli.json("queue", "show")
    assert snap["waiting"]["HT"] == {"waiting": 0, "priority": 0, "issued": 3}  # type: ignore[index]
    assert snap["waiting"]["CT"]["waiting"] == 1  # type: ignore[index]
    assert snap["serving"][0] == {"counter": 1, "open": True, "paused": False, "officer": "canbo1",  # type: ignore[index]
                                  "ticket": None, "status": None}
    code, out, _ = cli.run("queue", "show")
    assert code == 0 and "Quầy 1 [Nguyễn Thị Lan]: —" in out and "B Chứng thực: 1 đang chờ" in out
    code, out, _ = cli.run("ticket", "show", "A002")
    assert code == 0 and "canbo1: đánh dấu vắng mặt tại quầy 1" in out
    code, out, _ = cli.run("queue", "waiting", "--counter", "2", "--json")
    assert [json.loads(line)["display_number"] for line in out.splitlines()] == ["A001"]


def test_counter_sessions_from_the_cli(cli: Cli) -> None:
    assert cli.run("queue", "open-counter", "--counter", "2", "--officer", "canbo2",
                   officer="canbo2")[0] == 0
    assert "đang do cán bộ Trần Văn Minh" in cli.fails(
        "queue", "open-counter", "--counter", "2", "--officer", "canbo1", officer="canbo1")
    assert "không có quyền" in cli.fails(
        "queue", "free-counter", "--counter", "2", "--officer", "canbo1", officer="canbo1")
    assert cli.run("queue", "free-counter", "--counter", "2", "--officer", "giamsat",
                   officer="giamsat")[0] == 0
    assert cli.run("queue", "open-counter", "--counter", "2", "--officer", "canbo1",
                   officer="canbo1")[0] == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_real_subprocess(store_url: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(ALL_DAY, encoding="utf-8")
    base = [sys.executable, "-m", "counter_app", "--database-url", store_url,
            "--data-dir", str(tmp_path), "--config", str(config)]
    env = {**os.environ, "COUNTER_APP_PASSWORD": DEMO_PASSWORDS["canbo2"]}
    ok = subprocess.run([*base, "ticket", "issue", "--service", "CT", "--json"],
                        capture_output=True, text=True, env=env, timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["display_number"] == "B001"
    call = subprocess.run([*base, "ticket", "call-next", "--counter", "2", "--officer", "canbo2",
                           "--json"], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert json.loads(call.stdout)["display_number"] == "B001"
    bad = subprocess.run([*base, "ticket", "issue", "--service", "ZZ"], capture_output=True,
                         text=True, env=env, timeout=60, check=False)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == "Lỗi: Không có dịch vụ mã 'ZZ'. Các mã hợp lệ: HT, CT, DD, DKKD.\n"
