"""Back-dated lifecycle steps (``--at``) on both backends: a supervisor enters steps done on paper
during a power cut; never in the future, never before the previous step; recorded and audited as
back-dated; the report columns use the recorded times."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from counter_app.adapters.db.store import Store
from tests.cli_runner import Run, cli_runner

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dossier.json"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    return cli_runner(store_url, tmp_path, monkeypatch, capsys, "giamsat")


def test_steps_entered_afterwards_keep_their_recorded_times(cli, store: Store) -> None:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(TZ).replace(second=0, microsecond=0)
    received = now - dt.timedelta(hours=5)
    code, out, err = cli("dossier", "receive", "--from-json", str(EXAMPLE), "--officer",
                         "giamsat", "--received-at", received.isoformat(), "--json")
    assert code == 0, err
    dossier = json.loads(out)["code"]
    sent = received + dt.timedelta(hours=1)

    def at(moment: dt.datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M")

    code, _, err = cli("dossier", "transfer", dossier, "--officer", "canbo1", "--body",
                       "Phòng Tư pháp", "--at", at(sent), user="canbo1")
    assert code == 1 and "không có quyền" in err  # back-dating is for supervisors
    code, _, err = cli("dossier", "transfer", dossier, "--officer", "giamsat", "--body",
                       "Phòng Tư pháp", "--at", at(received - dt.timedelta(hours=1)))
    assert code == 1 and "trước" in err
    code, _, err = cli("dossier", "transfer", dossier, "--officer", "giamsat", "--body",
                       "Phòng Tư pháp", "--at", at(now + dt.timedelta(hours=2)))
    assert code == 1 and "tương lai" in err
    code, _, err = cli("dossier", "transfer", dossier, "--officer", "giamsat", "--body",
                       "Phòng Tư pháp", "--at", at(sent))
    assert code == 0, err
    code, _, err = cli("dossier", "ready", dossier, "--officer", "giamsat",
                       "--at", at(sent - dt.timedelta(minutes=30)))
    assert code == 1 and "trước bước" in err  # before the transfer just entered
    done = sent + dt.timedelta(hours=2)
    code, _, err = cli("dossier", "ready", dossier, "--officer", "giamsat", "--at", at(done))
    assert code == 0, err
    with store.engine.connect() as conn:
        events = conn.execute(text(
            "SELECT e.action, e.at, e.detail FROM dossier_events e JOIN dossiers d "
            "ON d.id = e.dossier_id WHERE d.code = :c ORDER BY e.at"), {"c": dossier}).all()
        ended = conn.execute(text("SELECT ended_at, on_time FROM dossiers WHERE code = :c"),
                             {"c": dossier}).one()
        audit = conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                  "'dossier_step_backdated' AND subject = :c"),
                             {"c": dossier}).scalar_one()
    steps = [(e.action, e.at) for e in events][1:]
    as_utc = [str(m)[:16] for _, m in steps]
    assert [a for a, _ in steps] == ["transfer", "ready"]
    assert as_utc == [sent.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
                      done.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")]
    details = [e.detail if isinstance(e.detail, dict) else json.loads(e.detail)
               for e in events[1:]]
    assert all(d["backdated"] is True and d["entered_at"] for d in details)
    assert audit == 2
    assert str(ended.ended_at)[:16] == done.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
