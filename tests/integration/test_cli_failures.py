"""Every CLI command fails in one Vietnamese line: missing output folder, unreadable input, a store
that is locked by another program or gone. Never a traceback, never an English message.

The table below names an invocation for every command of the parser (a new command without a row
fails :func:`test_every_command_has_a_row`). Commands run in-process on one SQLite copy of the
demo store (SQLite only: the failures tested are the file's and the connection's).
"""

from __future__ import annotations

import functools
import re
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.adapters.db import engine as db_engine
from counter_app.adapters.db.engine import sqlite_url
from counter_app.adapters.passwords import Argon2Hasher
from counter_app.app import CounterApp
from counter_app.cli import main as cli_main
from counter_app.cli.main import build_parser, main
from tests.db_fixtures import DEMO_PASSWORDS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"
# windows, the web service and the sync agent run until closed; selftest (seconds of argon2 and
# printing) has its own test
GUI = {"kiosk", "display", "admin", "supervisor", "web", "sync run", "selftest"}
CANBO = ("--officer", "canbo1")
BOSS = ("--officer", "giamsat")

# {code}: a received dossier; {out}: an output file; {json}/{csv}: input files.
COMMANDS: dict[str, list[str]] = {
    "init": ["init"],
    "sync now": ["sync", "now"],
    "sync status": ["sync", "status"],
    "counter list": ["counter", "list"],
    "counter add": ["counter", "add", "9", "--name", "Quầy 9", *BOSS],
    "counter edit": ["counter", "edit", "9", *BOSS],
    "counter disable": ["counter", "disable", "9", *BOSS],
    "service list": ["service", "list"],
    "service add": ["service", "add", "XX", "--name", "Thử", *BOSS],
    "service edit": ["service", "edit", "XX", *BOSS],
    "service disable": ["service", "disable", "XX", *BOSS],
    "officer list": ["officer", "list", *BOSS],
    "officer add": ["officer", "add", "canbo9", "--name", "Cán Bộ Chín", *BOSS],
    "officer edit": ["officer", "edit", "canbo9", *BOSS],
    "officer disable": ["officer", "disable", "canbo9", *BOSS],
    "officer reset-password": ["officer", "reset-password", "canbo9", *BOSS],
    "officer unlock": ["officer", "unlock", "canbo9", *BOSS],
    "officer passwd": ["officer", "passwd", "canbo1"],
    "priority list": ["priority", "list"],
    "priority add": ["priority", "add", "ZZ", "--name", "Thử", *BOSS],
    "priority edit": ["priority", "edit", "ZZ", *BOSS],
    "priority disable": ["priority", "disable", "ZZ", *BOSS],
    "centre show": ["centre", "show"],
    "centre set": ["centre", "set", "name", "Trung tâm Thử", *BOSS],
    "audit verify": ["audit", "verify"],
    "audit list": ["audit", "list", "--xlsx", "{out}.xlsx", *BOSS],
    "backup create": ["backup", "create", "--to", "{out}", *BOSS],
    "backup list": ["backup", "list"],
    "backup restore": ["backup", "restore", "{json}", *BOSS],
    "day close": ["day", "close", *BOSS],
    "report": ["report", "queue", "--from", "2026-01-01", "--to", "2027-12-31", "--xlsx",
               "{out}.xlsx", *BOSS],
    "demo history": ["demo", "history", "--days", "1", *BOSS],
    "catalogue import": ["catalogue", "import", "{csv}", *BOSS],
    "catalogue search": ["catalogue", "search", "ket hon"],
    "catalogue versions": ["catalogue", "versions", "1.000894"],
    "catalogue export": ["catalogue", "export", "{out}.csv", *BOSS],
    "catalogue edit": ["catalogue", "edit", "1.000894", "--variant", "Cần xác minh", "--from",
                       "2030-01-01", "--time", "5", "working_days", *BOSS],
    "ticket issue": ["ticket", "issue", "--service", "HT"],
    "ticket call-next": ["ticket", "call-next", "--counter", "1", *CANBO],
    "ticket call": ["ticket", "call", "A001", "--counter", "1", *CANBO],
    "ticket recall": ["ticket", "recall", "A001", *CANBO],
    "ticket serve": ["ticket", "serve", "A001", *CANBO],
    "ticket finish": ["ticket", "finish", "A001", *CANBO],
    "ticket no-show": ["ticket", "no-show", "A001", *CANBO],
    "ticket reactivate": ["ticket", "reactivate", "A001", *CANBO],
    "ticket cancel": ["ticket", "cancel", "A001", *CANBO],
    "ticket transfer": ["ticket", "transfer", "A001", "--to-service", "CT", *CANBO],
    "ticket show": ["ticket", "show", "A001"],
    "queue show": ["queue", "show"],
    "queue status": ["queue", "status"],
    "queue waiting": ["queue", "waiting", "--counter", "1"],
    "queue open-counter": ["queue", "open-counter", "--counter", "1", *CANBO],
    "queue close-counter": ["queue", "close-counter", "--counter", "1", *CANBO],
    "queue free-counter": ["queue", "free-counter", "--counter", "1", *CANBO],
    "queue pause-counter": ["queue", "pause-counter", "--counter", "1", *CANBO],
    "queue resume-counter": ["queue", "resume-counter", "--counter", "1", *CANBO],
    "dossier receive": ["dossier", "receive", "--from-json", "{json}", *CANBO],
    "dossier show": ["dossier", "show", "{code}", *CANBO],
    "dossier search": ["dossier", "search", "bich ngoc", *CANBO],
    "dossier receipt": ["dossier", "receipt", "{code}", "--pdf", "{out}.pdf", *CANBO],
    "dossier transfer": ["dossier", "transfer", "{code}", "--body", "Phòng Tư pháp", *CANBO],
    "dossier request-supplement": ["dossier", "request-supplement", "{code}", "--item", "Tờ khai",
                                   "--reason", "Thiếu chữ ký", *CANBO],
    "dossier resume": ["dossier", "resume", "{code}", *CANBO],
    "dossier request-financial": ["dossier", "request-financial", "{code}", "--description",
                                  "Lệ phí trước bạ", *CANBO],
    "dossier financial-done": ["dossier", "financial-done", "{code}", *CANBO],
    "dossier refuse": ["dossier", "refuse", "{code}", "--reason", "Không đủ điều kiện", *CANBO],
    "dossier ready": ["dossier", "ready", "{code}", *CANBO],
    "dossier delay": ["dossier", "delay", "{code}", "--reason", "Cần xác minh thêm",
                      "--new-date", "2030-01-15", *CANBO],
    "dossier request-withdrawal": ["dossier", "request-withdrawal", "{code}", *CANBO],
    "dossier cancel-withdrawal": ["dossier", "cancel-withdrawal", "{code}", *CANBO],
    "dossier stop": ["dossier", "stop", "{code}", "--reason", "Công dân rút hồ sơ", *CANBO],
    "dossier withdraw": ["dossier", "withdraw", "{code}", *CANBO],
    "dossier return": ["dossier", "return", "{code}", *CANBO],
    "dossier form": ["dossier", "form", "{code}", "--form", "06", "--pdf", "{out}.pdf", *CANBO],
    "dossier worklist": ["dossier", "worklist", *CANBO],
    "lookup": ["lookup", "{code}", "ABCD2345"],
    "files attach": ["files", "attach", "{code}", "{json}", "--document", "1", *CANBO],
    "files import": ["files", "import", "{code}", "--folder", "{out}", *CANBO],
    "files list": ["files", "list", "{code}", *CANBO],
    "calendar add": ["calendar", "add", "2030-01-02", "--kind", "off", *CANBO],
    "calendar remove": ["calendar", "remove", "2030-01-02", *CANBO],
    "calendar list": ["calendar", "list"],
    "ledger xlsx": ["ledger", "--from", "2026-01-01", "--to", "2030-12-31", "--xlsx",
                    "{out}.xlsx", *BOSS],
    "ledger pdf": ["ledger", "--from", "2026-01-01", "--to", "2030-12-31", "--pdf", "{out}.pdf",
                   *BOSS],
}
PARSER = functools.cache(build_parser)
ENGLISH = re.compile(r"\b(error|errno|traceback|exception|no such|denied|directory|not found|"
                     r"failed|invalid|locked|unable|refused|timeout|file|database)\b",
                     re.IGNORECASE)


def leaf_commands() -> set[str]:
    """Every runnable command of the parser, as ``"group action"``."""
    out: set[str] = set()

    def walk(parser: object, prefix: list[str]) -> None:
        subs = [a for a in getattr(parser, "_actions", []) if hasattr(a, "choices")
                and isinstance(a.choices, dict)]
        if not subs:
            out.add(" ".join(prefix))
            return
        for name, child in subs[0].choices.items():
            walk(child, [*prefix, name])

    walk(build_parser(), [])
    return out


def test_every_command_has_a_row() -> None:
    known = {name.split(" ")[0] if name.startswith("ledger") else name for name in COMMANDS}
    assert leaf_commands() - GUI - known == set()


class Hall:
    """The demo store copy, a received dossier and paths for the scenarios."""

    def __init__(self, folder: Path, db: Path, code: str) -> None:
        self.folder, self.db, self.code = folder, db, code
        self.url = sqlite_url(db)

    def argv(self, row: list[str], *, out: Path, json_in: Path, csv_in: Path) -> list[str]:
        """Fill a row's placeholders."""
        return [a.format(code=self.code, out=out, json=json_in, csv=csv_in) for a in row]


@pytest.fixture(scope="module")
def hall(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Hall:
    """One store copy with one received dossier."""
    templates = request.getfixturevalue("_templates")
    folder = tmp_path_factory.mktemp("cli-failures")
    db = folder / "store.sqlite3"
    shutil.copy(templates["sqlite"], db)
    mp = pytest.MonkeyPatch()
    mp.setenv("COUNTER_APP_PASSWORD", DEMO_PASSWORDS["canbo1"])
    import contextlib
    import io
    import json

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["--data-dir", str(folder), "--database-url", sqlite_url(db), "dossier",
                     "receive", "--from-json", str(EXAMPLE), *CANBO, "--json"]) == 0
    mp.undo()
    return Hall(folder, db, json.loads(buffer.getvalue())["code"])


@pytest.fixture
def run(hall: Hall, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> Iterator[object]:
    """Run one command line in-process; return (exit code, stderr)."""
    monkeypatch.setenv("COUNTER_APP_PASSWORD", DEMO_PASSWORDS["canbo1"])
    # one parser for all runs (building it costs ~150 ms of argparse/gettext each time)
    monkeypatch.setattr(cli_main, "build_parser", PARSER)
    # the demo hashes are cheap; the production hasher would re-hash them at the first login
    monkeypatch.setattr(CounterApp, "hasher", property(lambda _self: Argon2Hasher(fast=True)))

    def call(argv: list[str], url: str) -> tuple[int, str]:
        user = argv[argv.index("--officer") + 1] if "--officer" in argv else "canbo1"
        monkeypatch.setenv("COUNTER_APP_PASSWORD", DEMO_PASSWORDS[user])
        capsys.readouterr()
        code = main(["--data-dir", str(hall.folder), "--database-url", url, *argv])
        return code, capsys.readouterr().err

    yield call


def assert_one_vietnamese_line(name: str, code: int, err: str) -> None:
    """A failure is one ``Lỗi: …`` line in Vietnamese; success prints nothing on stderr."""
    if code == 0:
        assert err == "", f"{name}: {err}"
        return
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: "), f"{name}: {err}"
    assert "ngoài dự kiến" not in err, f"{name} hit a bug: {err}"
    words = re.sub(r"--[\w-]+|\S+\.(pdf|xlsx|json|csv)\b", "", lines[0].split(": ", 1)[1])
    assert not ENGLISH.search(words), f"{name}: {err}"


def _scenario(hall: Hall, tmp: Path, run: object, *, url: str, out: Path, json_in: Path,
              csv_in: Path, only: tuple[str, ...] = ()) -> dict[str, str]:
    """Run every command (or those with one of the ``only`` placeholders) and check stderr."""
    seen: dict[str, str] = {}
    for name, row in COMMANDS.items():
        if only and not any(mark in a for a in row for mark in only):
            continue
        code, err = run(hall.argv(row, out=out, json_in=json_in, csv_in=csv_in), url)  # type: ignore[operator]
        assert_one_vietnamese_line(name, code, err)
        seen[name] = err.strip()
    return seen


def test_missing_output_folder(hall: Hall, run: object, tmp_path: Path) -> None:
    csv_in = ROOT / "resources" / "catalogue" / "example-import.csv"
    seen = _scenario(hall, tmp_path, run, url=hall.url, out=tmp_path / "khong-co" / "ra",
                     json_in=EXAMPLE, csv_in=csv_in, only=("{out}",))
    for name in ("dossier receipt", "dossier form", "ledger xlsx", "ledger pdf", "audit list",
                 "report"):  # backup create, catalogue export need an administrator (no demo one)
        assert "thư mục" in seen[name] and "không tồn tại" in seen[name], seen[name]
    assert not list(tmp_path.rglob("*.part"))


def test_unreadable_inputs(hall: Hall, run: object, tmp_path: Path) -> None:
    garbage = tmp_path / "rac.json"
    garbage.write_bytes(b"\xff\xfe\x00garbage\x81")
    garbage_csv = tmp_path / "rac.csv"
    garbage_csv.write_bytes(b"\xff\xfe\x00garbage\x81")
    folder = tmp_path / "mot-thu-muc.json"
    folder.mkdir()
    for json_in, csv_in in ((garbage, garbage_csv), (folder, folder),
                            (tmp_path / "khong-co.json", tmp_path / "khong-co.csv")):
        seen = _scenario(hall, tmp_path, run, url=hall.url, out=tmp_path / "ra",
                         json_in=json_in, csv_in=csv_in, only=("{json}", "{csv}"))
        assert all(seen.values()), seen


def test_store_locked_by_another_program(hall: Hall, run: object, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(hall.db, isolation_level=None, timeout=5)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        seen = _scenario(hall, tmp_path, run, url=hall.url, out=tmp_path / "ra",
                         json_in=EXAMPLE, csv_in=ROOT / "resources" / "catalogue" /
                         "example-import.csv")
    finally:
        holder.rollback()
        holder.close()
    assert "đang bận" in seen["ticket issue"], seen["ticket issue"]
    assert "đang bận" in seen["dossier receive"], seen["dossier receive"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("gone", ["missing-folder", "not-a-database", "server-down"])
def test_store_gone(hall: Hall, run: object, tmp_path: Path, gone: str) -> None:
    if gone == "missing-folder":
        url = sqlite_url(tmp_path / "da-xoa" / "store.sqlite3")
    elif gone == "not-a-database":
        broken = tmp_path / "store.sqlite3"
        broken.write_bytes(b"this is not a database" * 500)
        url = sqlite_url(broken)
    else:
        url = f"postgresql://u:p@127.0.0.1:{_closed_port()}/counter"
    seen = _scenario(hall, tmp_path, run, url=url, out=tmp_path / "ra", json_in=EXAMPLE,
                     csv_in=ROOT / "resources" / "catalogue" / "example-import.csv")
    odd = {name: line for name, line in seen.items()
           if "cơ sở dữ liệu" not in line.lower() and "máy chủ" not in line}
    assert not odd, odd


def test_argument_mistakes_are_one_vietnamese_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["dossier", "receipt"], ["ticket", "issue", "--service"],
                 ["queue", "waiting", "--counter", "hai"], ["khong-co-lenh"],
                 ["ledger", "--from", "2026-01-01", "--to", "2026-01-02", "--pdf", "a", "--xlsx",
                  "b"], ["dossier", "receipt", "X", "--pdf", "a", "--bogus"]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        err = capsys.readouterr().err
        assert stop.value.code == 2
        assert len(err.splitlines()) == 1 and err.startswith("Lỗi: "), err
        assert "--help" in err and not re.search(r"\b(argument|required|invalid|usage)\b", err), err
