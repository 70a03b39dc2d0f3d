"""Joining voice clips into one announcement WAV, and the shipped clips themselves."""

from __future__ import annotations

import array
import io
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from counter_app.adapters.audio_clips import (
    AFTER_CHIME_MS,
    GAP_MS,
    ClipProblem,
    build_announcement_wav,
    default_sounds_dir,
    missing_clips,
)
from counter_app.domain.announcement import ALL_CLIPS, announcement_clips

SHIPPED = default_sounds_dir()


def frames_of(path_or_bytes: Path | bytes) -> tuple[int, int, int, int]:
    """Return (channels, sample width, rate, frame count) of a WAV."""
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    with wave.open(source, "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()


def write_wav(path: Path, frames: int, *, rate: int = 16000, value: int = 1000) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(array.array("h", [value] * frames).tobytes())


# --- joining -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ticket", "counter"), [("A012", 3), ("B105", 15), ("A012", 24)])
def test_built_wav_is_valid_and_as_long_as_its_parts(ticket: str, counter: int) -> None:
    names = announcement_clips(ticket, counter)
    data = build_announcement_wav(names, SHIPPED)
    channels, width, rate, total = frames_of(data)
    assert (channels, width, rate) == (1, 2, 16000)
    parts = sum(frames_of(SHIPPED / f"{n}.wav")[3] for n in names)
    assert total == parts + sum(
        rate * (AFTER_CHIME_MS if prev == "chime" else GAP_MS) // 1000 for prev in names[:-1]
    )


def test_clips_are_joined_in_order_with_silence_between(tmp_path: Path) -> None:
    write_wav(tmp_path / "one.wav", 10, value=111)
    write_wav(tmp_path / "two.wav", 5, value=222)
    data = build_announcement_wav(["one", "two", "one"], tmp_path, gap_ms=1)  # 16 frames of gap
    with wave.open(io.BytesIO(data)) as w:
        samples = array.array("h", w.readframes(w.getnframes())).tolist()
    assert samples == [111] * 10 + [0] * 16 + [222] * 5 + [0] * 16 + [111] * 10


def test_longer_pause_after_the_chime(tmp_path: Path) -> None:
    write_wav(tmp_path / "chime.wav", 8)
    write_wav(tmp_path / "word.wav", 8)
    data = build_announcement_wav(["chime", "word"], tmp_path, gap_ms=10, after_chime_ms=100)
    assert frames_of(data)[3] == 8 + 1600 + 8


def test_missing_clip_is_named(tmp_path: Path) -> None:
    write_wav(tmp_path / "chime.wav", 8)
    with pytest.raises(ClipProblem, match=r"Thiếu tệp âm thanh letter_a\.wav"):
        build_announcement_wav(["chime", "letter_a"], tmp_path)
    assert missing_clips(tmp_path, ["chime", "letter_a"]) == ["letter_a"]


def test_clip_in_another_format_is_named(tmp_path: Path) -> None:
    write_wav(tmp_path / "chime.wav", 8, rate=16000)
    write_wav(tmp_path / "digit_1.wav", 8, rate=44100)
    with pytest.raises(ClipProblem, match=r"digit_1\.wav khác định dạng.*44100 Hz"):
        build_announcement_wav(["chime", "digit_1"], tmp_path)


def test_unreadable_clip_is_named(tmp_path: Path) -> None:
    (tmp_path / "chime.wav").write_bytes(b"ID3 this is an mp3")
    with pytest.raises(ClipProblem, match=r"chime\.wav không đọc được"):
        build_announcement_wav(["chime"], tmp_path)


def test_replaced_recording_is_picked_up(tmp_path: Path) -> None:
    clip = tmp_path / "word.wav"
    write_wav(clip, 8)
    first = build_announcement_wav(["word"], tmp_path)
    write_wav(clip, 20)  # the centre drops in its own, longer recording
    assert frames_of(build_announcement_wav(["word"], tmp_path))[3] == 20 != frames_of(first)[3]


def test_nothing_to_join() -> None:
    with pytest.raises(ValueError):
        build_announcement_wav([], SHIPPED)


# --- the shipped clips ---------------------------------------------------------------------------


def test_every_clip_is_shipped_in_one_format_and_small() -> None:
    assert missing_clips(SHIPPED) == []
    formats = {frames_of(SHIPPED / f"{n}.wav")[:3] for n in ALL_CLIPS}
    assert formats == {(1, 2, 16000)}
    total = sum((SHIPPED / f"{n}.wav").stat().st_size for n in ALL_CLIPS)
    assert total < 3 * 1024 * 1024


@pytest.mark.parametrize("name", ALL_CLIPS)
def test_each_shipped_clip_is_audible_and_short(name: str) -> None:
    with wave.open(str(SHIPPED / f"{name}.wav")) as w:
        seconds = w.getnframes() / w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    assert 0.1 <= seconds <= 3.0
    peak = max(abs(s) for s in samples)
    rms = (sum(s * s for s in samples) / len(samples)) ** 0.5
    assert peak > 8000  # normalised near -3 dBFS
    assert rms > 500  # not a click in silence


def test_readme_explains_replacement_and_lists_every_clip() -> None:
    readme = (SHIPPED / "README.txt").read_text(encoding="utf-8")
    assert "16000 Hz" in readme and "sox" in readme
    for name in ALL_CLIPS:
        assert f"{name}.wav" in readme


@pytest.mark.skipif(shutil.which("soxi") is None, reason="sox not installed")
def test_sox_agrees_on_the_duration(tmp_path: Path) -> None:
    names = announcement_clips("A012", 3)
    out = tmp_path / "call.wav"
    out.write_bytes(build_announcement_wav(names, SHIPPED))
    seconds = float(subprocess.run(["soxi", "-D", str(out)], capture_output=True,
                                   text=True, check=True).stdout)  # fmt: skip
    _, _, rate, frames = frames_of(out)
    assert seconds == pytest.approx(frames / rate, abs=1e-3)
    assert 4.0 < seconds < 9.0
