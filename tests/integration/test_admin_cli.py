"""The docs/ script sets up a three-counter commune centre from nothing; the accounts it made then
issue, call and receive a dossier. The CLI's login and role checks on the set-up commands.

bash runs the script itself; each ``counter-app`` call it makes is recorded (arguments and the
password variables) and replayed in this process, so the test does not start ~25 interpreters.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from counter_app.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "docs" / "setup-commune-centre.sh"
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"
ADMIN_PW, FIRST_PW, NEW_PW = "Tanhoa-Admin-2026", "Batdau-2026", "Canbo-Moi-2026"
RECORDER = r'''record() {
  { printf '%s\0' "${COUNTER_APP_PASSWORD-}" "${COUNTER_APP_NEW_PASSWORD-}" "$@"; printf '\n'; } >> "$RECORD"
}'''
PW_VARS = ("COUNTER_APP_PASSWORD", "COUNTER_APP_NEW_PASSWORD")


def _recorded(tmp_path: Path) -> list[tuple[str, str, list[str]]]:
    record = tmp_path / "calls"
    env = dict(os.environ, COUNTER_APP="record", RECORD=str(record), ADMIN_PASSWORD=ADMIN_PW,
               OFFICER_PASSWORD=FIRST_PW)
    for var in PW_VARS:
        env.pop(var, None)
    subprocess.run(["bash", "-c", f'{RECORDER}\nexport -f record\nbash "{SCRIPT}"'], env=env,
                   check=True)
    calls = []
    for line in record.read_bytes().split(b"\0\n"):
        if line:
            password, new, *argv = line.decode().split("\0")
            calls.append((password, new, argv))
    return calls


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ):  # type: ignore[no-untyped-def]
    data = tmp_path / "data"

    def run(*argv: str, password: str = "", new: str = "") -> tuple[int, str, str]:
        for var, value in zip(PW_VARS, (password, new), strict=True):
            if value:
                monkeypatch.setenv(var, value)
            else:
                monkeypatch.delenv(var, raising=False)
        capsys.readouterr()
        code = main(["--data-dir", str(data), *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_script_sets_up_a_centre_that_then_works(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calls = _recorded(tmp_path)
    assert len(calls) > 20 and calls[0][2][0] == "init"
    for password, new, argv in calls:
        code, out, err = cli(*argv, password=password, new=new)
        assert code == 0, (argv, err)
    code, out, _ = cli("service", "list", "--json")
    assert [json.loads(line)["code"] for line in out.splitlines()] == ["HT", "CT", "DD"]
    code, out, _ = cli("counter", "list", "--json")
    assert [json.loads(line)["service_codes"] for line in out.splitlines()] == [
        ["HT"], ["CT", "HT"], ["CT", "DD"]]
    code, out, _ = cli("centre", "show", "--json")
    assert json.loads(out)["centre.agency_code"] == "H40.22.15"
    data = tmp_path / "data"
    if os.name == "posix":
        assert data.stat().st_mode & 0o777 == 0o700
        assert (data / "counter-app.sqlite3").stat().st_mode & 0o777 == 0o600
        assert (data / "counter-app.toml").stat().st_mode & 0o777 == 0o600

    # The accounts the script made: first login changes the password, then real work. The test
    # runs at any hour: the kiosk issues all day (equal opening and closing times).
    for key in ("queue.kiosk_opens", "queue.kiosk_closes"):
        assert cli("centre", "set", key, "00:00", "--officer", "quantri", password=ADMIN_PW)[0] == 0
    code, out, err = cli("ticket", "issue", "--service", "HT", "--json")
    assert code == 0 and json.loads(out)["display_number"] == "A001", err
    code, _, err = cli("queue", "open-counter", "--counter", "1", "--officer", "canbo1",
                       password=FIRST_PW)
    assert code == 1 and "COUNTER_APP_NEW_PASSWORD" in err  # must change it first
    code, _, err = cli("queue", "open-counter", "--counter", "1", "--officer", "canbo1",
                       password=FIRST_PW, new=NEW_PW)
    assert code == 0, err
    code, out, err = cli("ticket", "call-next", "--counter", "1", "--officer", "canbo1",
                         "--json", password=NEW_PW)
    assert code == 0 and json.loads(out)["display_number"] == "A001"
    code, out, err = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer", "canbo1",
                         "--counter", "1", "--json", password=NEW_PW)
    assert code == 0, err
    assert json.loads(out)["code"].startswith("H40.22.15-")
    code, out, _ = cli("audit", "verify")
    assert code == 0 and "nguyên vẹn" in out


def test_cli_roles_and_login(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--admin", "quantri", new=ADMIN_PW)[0] == 0
    code, _, err = cli("officer", "add", "canbo1", "--name", "Nguyễn Văn A", "--officer",
                       "quantri", password=ADMIN_PW, new=FIRST_PW)
    assert code == 0, err
    code, _, err = cli("service", "add", "XD", "--name", "Xây dựng", "--officer", "canbo1",
                       password=FIRST_PW, new=NEW_PW)
    assert code == 1 and "không có quyền" in err
    code, _, err = cli("service", "add", "XD", "--name", "Xây dựng", "--officer", "quantri",
                       password="sai-mat-khau")
    assert code == 1 and "Sai tên đăng nhập" in err
    code, out, _ = cli("officer", "reset-password", "canbo1", "--officer", "quantri",
                       password=ADMIN_PW)
    assert code == 0 and "dùng một lần" in out
    code, _, err = cli("centre", "set", "printer.port", "99999", "--officer", "quantri",
                       password=ADMIN_PW)
    assert code == 1 and "không chỉnh được" in err
    code, _, err = cli("centre", "set", "lookup_url_template", "https://x.vn/?c={code}",
                       "--officer", "quantri", password=ADMIN_PW)
    assert code == 1 and "{token}" in err
    code, out, _ = cli("audit", "list", "--officer", "quantri", "--action", "password_reset",
                       "--json", password=ADMIN_PW)
    assert json.loads(out.splitlines()[0])["actor"] == "quantri"
    code, out, err = cli("catalogue", "edit", "1.001193", "--from", "2027-01-01", "--time", "2",
                         "working_days", "--fees", "0,0,-", "--officer", "quantri",
                         password=ADMIN_PW)
    assert code == 0 and "2 ngày làm việc" in out, err
    code, out, _ = cli("catalogue", "versions", "1.001193")
    assert out.count("từ ") == 2 and "01/01/2027" in out  # the old version is kept
    code, _, err = cli("catalogue", "edit", "1.000894", "--from", "2027-01-01", "--officer",
                       "quantri", password=ADMIN_PW)
    assert code == 1 and "Cần xác minh" in err  # which variant?
    code, _, err = cli("--config", str(tmp_path / "khong-co.toml"), "service", "list")
    assert code == 1 and "khong-co.toml" in err
