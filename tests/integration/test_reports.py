"""Reports on SQLite and PostgreSQL: the SQL dossier figures equal the domain's reference tally
over generated lives (hypothesis), with the invariants (on time + late = finished, rates in
[0, 1], group sums = totals); queue percentiles against hand-computed values; drill-down lists;
roles; the CLI's JSON fields and the generated history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import text

from counter_app.adapters.db.store import Store
from counter_app.domain.clock import WorkingCalendar
from counter_app.domain.errors import PermissionDenied
from counter_app.domain.history import HistoryDay, HistoryDossier, HistoryTicket, simulate_dossier
from counter_app.domain.indicators import ProcessingRecord, tally
from counter_app.domain.lifecycle import processing_record
from counter_app.domain.queue import TicketStatus
from counter_app.domain.reference import Officer, Role
from counter_app.domain.settings import Settings
from counter_app.services.demo_history import generate_history
from counter_app.services.ports.reports import DOSSIER_GROUPINGS, GroupBy
from counter_app.services.reports import ReportPeriod, Reports
from tests.cli_runner import Run, cli_runner

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar(announced_through=2026)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
BOSS = Officer(uuid.uuid4(), "giamsat", "Lê Hoàng Nam", Role.SUPERVISOR)
CLERK = Officer(uuid.uuid4(), "canbo1", "Nguyễn Thị Lan", Role.OFFICER)
LEVELS = [("rat_hai_long", "Rất hài lòng", False), ("hai_long", "Hài lòng", False),
          ("khong_hai_long", "Không hài lòng", True)]
COUNTS = ("received", "supplement_requested", "digitised", "in_progress", "overdue_now",
          "finished", "on_time", "late", "refused", "stopped", "withdrawn", "with_result",
          "e_results", "complained")
TABLES = ("ratings", "dossier_files", "dossier_events", "dossiers", "tickets", "counter_sessions")


def _clear(store: Store) -> None:
    with store.engine.begin() as conn:
        for table in TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("DELETE FROM sequences WHERE name = 'dossier'"))


def _write(store: Store, dossiers: list[HistoryDossier], days: list[HistoryDay]) -> None:
    with store.uow() as uow:
        uow.history.write(dossiers, days, agency="H01.151.01", tz=TZ, files_dir="f",
                          levels=LEVELS)
        uow.commit()


def _procedures(store: Store) -> list[Any]:
    with store.uow() as uow:
        procs = uow.history.procedures(dt.date(2026, 10, 1), ["HT", "CT", "DD", "DKKD"])
    assert procs
    return list(procs)


def _record(d: HistoryDossier) -> ProcessingRecord:
    open_pause = d.steps[-1].before.paused_since if d.steps else None
    r = processing_record(d.state, open_pause=open_pause)
    return dataclasses.replace(r, digitised=d.digitised, e_result=d.e_result,
                               complained=d.rating is not None and d.rating >= 2)


def _lives(procs: list[Any], seed: int, n: int) -> list[HistoryDossier]:
    rng = random.Random(seed)
    start = dt.datetime(2026, 10, 20, 7, 30, tzinfo=TZ)
    out = []
    for _ in range(n):
        received = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        out.append(simulate_dossier(rng, rng.choice(procs), received.astimezone(dt.UTC),
                                    NOW.astimezone(dt.UTC), CAL, TZ,
                                    officer=rng.choice(["canbo1", "canbo2"]),
                                    counter=rng.choice([1, 2, 3, None])))
    return out


def reports(store: Store) -> Reports:
    return Reports(store.uow, Settings(), now=lambda: NOW)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000), n=st.integers(0, 30),
       first=st.dates(dt.date(2026, 10, 15), dt.date(2026, 11, 20)),
       length=st.integers(0, 20), by=st.sampled_from(DOSSIER_GROUPINGS))
def test_sql_dossier_figures_equal_the_domain_tally_and_keep_the_invariants(
        store: Store, seed: int, n: int, first: dt.date, length: int, by: GroupBy) -> None:
    _clear(store)
    lives = _lives(_procedures(store), seed, n)
    _write(store, lives, [])
    period = ReportPeriod(first, first + dt.timedelta(days=length))
    report = reports(store).dossiers(BOSS, period, by)
    w = period.window(TZ, NOW)
    expected = tally([_record(d) for d in lives], w.start, w.end, NOW)
    total = report.total.figures
    for name in COUNTS:
        assert getattr(total, name) == getattr(expected, name), name
        assert sum(getattr(line.figures, name) for line in report.lines) == (
            getattr(total, name) if by is not GroupBy.NONE else 0), name
    assert total.on_time + total.late == total.finished
    assert total.processing_count == len(expected.processing)
    for line in (*report.lines, report.total):
        for value in (line.on_time_rate, line.satisfaction_index, line.digitised_rate,
                      line.e_result_rate, line.received_share):
            assert value is None or 0.0 <= value <= 1.0
        assert line.figures.on_time + line.figures.late == line.figures.finished


def test_drill_down_lists_the_dossiers_behind_a_figure_and_is_audited(store: Store) -> None:
    _clear(store)
    lives = _lives(_procedures(store), 7, 40)
    _write(store, lives, [])
    period = ReportPeriod(dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    service = reports(store)
    report = service.dossiers(BOSS, period, GroupBy.FIELD)
    for line in report.lines:
        for figure in ("late", "finished", "received"):
            items = service.dossier_items(BOSS, period, GroupBy.FIELD, line.group, figure)
            assert len(items) == getattr(line.figures, figure)
            assert all(i.field_code == line.group for i in items)
    late = service.dossier_items(BOSS, period, GroupBy.NONE, None, "late")
    assert all(i.on_time is False for i in late) and len(late) == report.total.figures.late
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = "
                                 "'report_drilldown'")).scalar_one() >= 3
    with pytest.raises(PermissionDenied):
        service.dossier_items(CLERK, period, GroupBy.NONE, None, "late")
    with pytest.raises(PermissionDenied):
        service.dossiers(CLERK, period, GroupBy.NONE)


def _ticket(number: int, wait_s: int | None, status: TicketStatus, service_s: int = 0,
            counter: int = 1, code: str = "HT", prio: int = 0) -> HistoryTicket:
    issued = dt.datetime(2026, 11, 16, 8, 0, tzinfo=TZ).astimezone(dt.UTC) + dt.timedelta(
        minutes=number)
    if wait_s is None:
        return HistoryTicket(uuid.uuid4(), code, dt.date(2026, 11, 16), number, issued, status,
                             prio)
    called = issued + dt.timedelta(seconds=wait_s)
    done = called + dt.timedelta(seconds=service_s) if status is TicketStatus.DONE else None
    return HistoryTicket(uuid.uuid4(), code, dt.date(2026, 11, 16), number, issued, status,
                         prio, counter, "canbo1", called, called if done else None, done)


def test_queue_report_counts_percentiles_and_service_level(store: Store) -> None:
    _clear(store)
    tickets = [_ticket(1, 60, TicketStatus.DONE, 300), _ticket(2, 120, TicketStatus.DONE, 600),
               _ticket(3, 180, TicketStatus.DONE, 900, prio=1),
               _ticket(4, 2400, TicketStatus.NO_SHOW),
               _ticket(5, None, TicketStatus.CANCELLED),
               _ticket(6, 30, TicketStatus.DONE, 120, counter=4, code="DKKD")]
    opened = dt.datetime(2026, 11, 16, 7, 30, tzinfo=TZ).astimezone(dt.UTC)
    day = HistoryDay(tickets, [(1, "canbo1", opened, opened + dt.timedelta(hours=1))])
    _write(store, [], [day])
    period = ReportPeriod(dt.date(2026, 11, 16), dt.date(2026, 11, 16))
    report = reports(store).queue(BOSS, period, GroupBy.SERVICE)
    ht = next(line for line in report.lines if line.group == "HT")
    f = ht.figures
    assert (f.issued, f.served, f.no_show, f.cancelled, f.called) == (5, 3, 1, 1, 4)
    # waits 60, 120, 180, 2400: median (120 + 180) / 2; p90 at position 2.7 → 180 + 0.7 × 2220
    assert f.wait_median_s == pytest.approx(150.0, abs=0.01)
    assert f.wait_p90_s == pytest.approx(1734.0, abs=0.01)
    assert f.wait_max_s == pytest.approx(2400.0, abs=0.01)
    assert f.service_median_s == pytest.approx(600.0, abs=0.01)
    assert ht.within_target_rate == 0.75  # 15-minute target: 2400 s is over it
    assert ht.priority_share == 0.2
    total = report.total.figures
    assert (total.issued, total.served) == (6, 4)
    assert report.total.utilisation == pytest.approx((300 + 600 + 900 + 120) / 3600, abs=1e-4)
    by_counter = reports(store).queue(BOSS, period, GroupBy.COUNTER)
    assert sum(line.figures.issued for line in by_counter.lines) == total.issued
    one = next(line for line in by_counter.lines if line.group == "1")
    assert one.utilisation == pytest.approx(1800 / 3600, abs=1e-4)
    hours = reports(store).queue(BOSS, period, GroupBy.HOUR)
    assert [line.group for line in hours.lines] == ["08"]


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Run:
    return cli_runner(store_url, tmp_path, monkeypatch, capsys, "giamsat")


def test_cli_history_reports_json_and_exports(cli, store: Store,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    _clear(store)
    generate_history(store.uow, Settings(), BOSS, days=5, tickets_per_day=30, dossiers_per_day=10,
                     now=lambda: NOW)
    code, out, err = cli("report", "dossiers", "--from", "2026-11-16", "--to", "2026-11-20",
                         "--by", "field", "--json", "--officer", "giamsat")
    assert code == 0, err
    lines = json.loads(out)
    assert lines and {"group", "received", "finished", "on_time", "late", "on_time_rate",
                      "in_progress", "overdue_now", "supplement_requested", "refused",
                      "withdrawn", "avg_processing", "unit", "satisfaction_index",
                      "digitised_rate", "e_result_rate"} <= set(lines[0])
    code, out, err = cli("report", "queue", "--from", "2026-11-16", "--to", "2026-11-20",
                         "--by", "day", "--json", "--officer", "giamsat")
    assert code == 0, err
    days = json.loads(out)
    assert {"group", "issued", "served", "no_show", "cancelled", "wait_median_s", "wait_p90_s",
            "service_median_s", "service_p90_s", "within_target_rate"} <= set(days[0])
    assert [d["group"] for d in days] == sorted(d["group"] for d in days)
    assert all(d["issued"] > 0 for d in days)
    xlsx, pdf = tmp_path / "q.xlsx", tmp_path / "d.pdf"
    assert cli("report", "queue", "--from", "2026-11-16", "--to", "2026-11-20", "--by", "day",
               "--xlsx", str(xlsx), "--officer", "giamsat")[0] == 0
    sheet = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in sheet[7]]
    assert header[:3] == ["Nhóm", "Số phiếu", "Đã phục vụ"] and sheet.freeze_panes == "B8"
    assert isinstance(sheet.cell(8, 1).value, dt.datetime)  # a real date
    assert sheet.cell(8, 2).value == days[0]["issued"]
    rate_cell = sheet.cell(8, header.index("Đạt mục tiêu chờ") + 1)
    assert rate_cell.value == days[0]["within_target_rate"] and rate_cell.number_format == "0.0%"
    assert cli("report", "dossiers", "--from", "2026-11-16", "--to", "2026-11-20", "--by",
               "field", "--pdf", str(pdf), "--officer", "giamsat")[0] == 0
    words = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Báo cáo giải quyết hồ sơ" in words and "Từ 16/11/2026 đến 20/11/2026" in words
    assert "Hồ sơ giải quyết đúng hạn và quá hạn" in words  # the chart's title
    code, out, err = cli("report", "ratings", "--from", "2026-11-16", "--to", "2026-11-20",
                         "--json", "--officer", "canbo1", user="canbo1")
    assert code == 1 and "không có quyền" in err and out == ""
    code, out, err = cli("report", "queue", "--from", "2026-11-20", "--to", "2026-11-16",
                         "--officer", "giamsat")
    assert code == 1 and "Ngày kết thúc" in err
