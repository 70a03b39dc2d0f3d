"""The connection line every window shows, and the supervisors' list of replica PCs."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from counter_app.domain.errors import StoreUnavailable
from counter_app.domain.reference import Officer, Role
from counter_app.services.sync_status import DeviceState, SyncConflict, SyncState
from counter_app.ui.common import ensure_app
from counter_app.ui.sync_status import SyncDevicesTab, SyncStatusLabel
from counter_app.ui.worker import Worker

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def shown(qtbot: QtBot, state: SyncState) -> SyncStatusLabel:
    ensure_app()
    label = SyncStatusLabel(lambda: state)
    qtbot.addWidget(label)
    assert label.worker.wait()
    return label


def test_offline_replica_says_so_with_its_backlog(qtbot: QtBot) -> None:
    label = shown(qtbot, SyncState("replica", online=False, outbox=12))
    assert not label.isHidden()
    assert label.text() == ("○ Mất kết nối máy chủ — đang làm việc ngoại tuyến"
                            " — 12 thay đổi chờ đồng bộ")


def test_online_replica_and_syncing(qtbot: QtBot) -> None:
    assert shown(qtbot, SyncState("replica", online=True)).text() == "● Đã kết nối máy chủ"
    busy = shown(qtbot, SyncState("replica", online=True, outbox=3))
    assert busy.text() == "● Đã kết nối máy chủ — đang đồng bộ 3 thay đổi"


def test_standalone_pc_shows_nothing(qtbot: QtBot) -> None:
    assert shown(qtbot, SyncState("standalone", online=True)).isHidden()


def test_unreadable_state_is_one_line(qtbot: QtBot) -> None:
    ensure_app()

    def lost() -> SyncState:
        raise StoreUnavailable()

    label = SyncStatusLabel(lost)
    qtbot.addWidget(label)
    assert label.worker.wait()
    assert label.text() == "○ Mất kết nối máy chủ — đang làm việc ngoại tuyến"


def test_supervisor_sees_each_pc(qtbot: QtBot) -> None:
    ensure_app()
    boss = Officer(uuid.uuid4(), "giamsat", "Lê Giám Sát", Role.SUPERVISOR)
    at = dt.datetime(2026, 11, 30, 2, 15, tzinfo=dt.UTC)
    rows = [DeviceState("a1b2c3d4e5", "quay-1", at, at, 0, False),
            DeviceState("f6e5d4c3b2", "quay-2", at - dt.timedelta(hours=2), None, 14, False),
            DeviceState("0a0b0c0d0e", "quay-2", None, None, 0, True)]
    worker = Worker(threads=1)
    late = SyncConflict(at, "quay-2", "late_step", "dossiers", "H01.151.01-261130-0003",
                        "received→refused đến khi máy chủ đã ở processing")
    tab = SyncDevicesTab(lambda officer: rows if officer is boss else [], boss, worker, TZ,
                         lambda officer: [late])
    qtbot.addWidget(tab)
    tab.refresh()
    assert worker.wait()
    assert tab.table.rowCount() == 3
    assert tab.table.item(0, 2).text() == "09:15:00 30/11"
    assert tab.table.item(1, 4).text() == "14"
    assert tab.table.item(2, 5).text() == "đã thay bằng bản khôi phục"
    assert tab.note.text() == "2 máy trạm đồng bộ với máy chủ; 14 thay đổi đang chờ."
    assert tab.conflict_note.text() == "Thay đổi máy chủ giữ riêng, cần xem lại: 1"
    assert tab.conflict_table.item(0, 2).text() == "bước đến muộn (giữ trong lịch sử)"
    assert tab.conflict_table.item(0, 3).text() == "H01.151.01-261130-0003"
