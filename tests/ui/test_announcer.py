"""The board's announcer: serial queue, no cut-off, recall spoken again, voice off, no device."""

from __future__ import annotations

import io
import time
import wave

from pytestqt.qtbot import QtBot

from counter_app.domain.announcement import Announcement
from counter_app.ui.announcer import Announcer, wav_duration_ms
from counter_app.ui.common import ensure_app


def silent_wav(ms: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * (16 * ms))
    return out.getvalue()


def record(announcer: Announcer) -> list[tuple[str, str, float]]:
    events: list[tuple[str, str, float]] = []
    announcer.started.connect(lambda a: events.append(("start", a.display_number, time.monotonic())))
    announcer.finished.connect(lambda a: events.append(("end", a.display_number, time.monotonic())))
    return events


def test_wav_duration() -> None:
    assert wav_duration_ms(silent_wav(250)) == 250
    assert wav_duration_ms(b"not a wav") == 0


def test_calls_are_spoken_one_after_another_and_never_cut_off(qtbot: QtBot) -> None:
    ensure_app()
    built: list[list[str]] = []

    def builder(a: Announcement) -> bytes:
        built.append(a.clips)
        return silent_wav(300)

    announcer = Announcer(voice=True, wav_builder=builder)
    events = record(announcer)
    first, second = Announcement("A012", 3), Announcement("B004", 12)
    announcer.announce(first)
    announcer.announce(second)
    announcer.announce(first)  # a recall is announced again
    assert len(announcer.queue) == 3
    qtbot.waitUntil(lambda: len(events) == 6, timeout=10_000)
    kinds = [(k, n) for k, n, _t in events]
    assert kinds == [("start", "A012"), ("end", "A012"), ("start", "B004"), ("end", "B004"),
                     ("start", "A012"), ("end", "A012")]
    # each call lasted its sound (no device here: played silently for its duration)
    for i in (0, 2, 4):
        assert events[i + 1][2] - events[i][2] >= 0.28
    assert built[0][:2] == ["chime", "moi_cong_dan"]
    assert len(announcer.queue) == 0


def test_voice_off_passes_calls_through_without_building_sound(qtbot: QtBot) -> None:
    ensure_app()
    announcer = Announcer(voice=False, wav_builder=lambda a: (_ for _ in ()).throw(AssertionError))
    events = record(announcer)
    with qtbot.waitSignal(announcer.queued):
        announcer.announce(Announcement("C001", 1))
    qtbot.waitUntil(lambda: len(events) == 2, timeout=3000)
    assert [a.display_number for a in announcer.history] == ["C001"]


def test_broken_clips_do_not_stop_the_queue(qtbot: QtBot) -> None:
    ensure_app()

    def broken(a: Announcement) -> bytes:
        raise FileNotFoundError("resources/sounds/vi/chime.wav")

    announcer = Announcer(voice=True, wav_builder=broken)
    events = record(announcer)
    announcer.announce(Announcement("A001", 1))
    announcer.announce(Announcement("A002", 2))
    qtbot.waitUntil(lambda: len(events) == 4, timeout=5000)
    assert [(k, n) for k, n, _t in events] == [("start", "A001"), ("end", "A001"),
                                               ("start", "A002"), ("end", "A002")]
    assert len(announcer.queue) == 0
