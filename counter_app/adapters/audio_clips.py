"""Join recorded voice clips (WAV) into one announcement WAV, with short silences between them.

Clips live in ``resources/sounds/vi`` as ``<clip name>.wav`` (see its README.txt); all must share
one format (16-bit PCM mono at one rate as shipped). Only the stdlib ``wave`` module is used, so
the call sound works offline and with no audio library beyond what plays the result.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from counter_app.domain.announcement import ALL_CLIPS, CHIME
from counter_app.domain.errors import DomainError
from counter_app.resources import resource_path

GAP_MS = 60
AFTER_CHIME_MS = 250


class ClipProblem(DomainError):
    """A voice clip is missing or unreadable; ``message`` names the file in Vietnamese."""


@dataclass(frozen=True)
class _Clip:
    """Decoded frames of one clip with its format."""

    channels: int
    sample_width: int
    rate: int
    frames: bytes

    @property
    def params(self) -> tuple[int, int, int]:
        return (self.channels, self.sample_width, self.rate)


def default_sounds_dir() -> Path:
    """Return the shipped Vietnamese clip folder ``resources/sounds/vi``."""
    return resource_path("sounds", "vi")


def clip_path(name: str, sounds_dir: Path) -> Path:
    """Return the file of clip ``name`` in ``sounds_dir``."""
    return sounds_dir / f"{name}.wav"


def missing_clips(sounds_dir: Path | None = None, names: Sequence[str] = ALL_CLIPS) -> list[str]:
    """Return the clip names with no file in ``sounds_dir`` (empty when all are there)."""
    folder = sounds_dir or default_sounds_dir()
    return [n for n in names if not clip_path(n, folder).is_file()]


def _load(path: Path) -> _Clip:
    stat = path.stat()
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=128)
def _load_cached(path: str, _mtime_ns: int, _size: int) -> _Clip:
    """Read a WAV once per file version (the key includes its mtime and size)."""
    try:
        with wave.open(path, "rb") as w:
            return _Clip(w.getnchannels(), w.getsampwidth(), w.getframerate(),
                         w.readframes(w.getnframes()))  # fmt: skip
    except (wave.Error, EOFError) as exc:
        raise ClipProblem(f"Tệp âm thanh {Path(path).name} không đọc được (cần WAV PCM).") from exc


def _silence(clip: _Clip, ms: int) -> bytes:
    frames = clip.rate * ms // 1000
    return b"\x00" * (frames * clip.channels * clip.sample_width)


def build_announcement_wav(
    clip_names: Sequence[str],
    sounds_dir: Path | None = None,
    *,
    gap_ms: int = GAP_MS,
    after_chime_ms: int = AFTER_CHIME_MS,
) -> bytes:
    """Return one WAV file (bytes) playing ``clip_names`` in order.

    ``gap_ms`` of silence separates clips, ``after_chime_ms`` follows the chime. Raises
    ClipProblem naming the first missing file, or a file whose format differs from the first.
    """
    if not clip_names:
        raise ValueError("no clips to join")
    folder = sounds_dir or default_sounds_dir()
    missing = missing_clips(folder, clip_names)
    if missing:
        raise ClipProblem(
            f"Thiếu tệp âm thanh {missing[0]}.wav trong thư mục {folder}; "
            "chạy scripts/make_voice_clips.py hoặc chép bản ghi âm của trung tâm vào đó."
        )
    clips = [_load(clip_path(n, folder)) for n in clip_names]
    first = clips[0]
    for name, clip in zip(clip_names, clips, strict=True):
        if clip.params != first.params:
            raise ClipProblem(
                f"Tệp âm thanh {name}.wav khác định dạng ({clip.channels} kênh, "
                f"{clip.sample_width * 8} bit, {clip.rate} Hz) với {clip_names[0]}.wav "
                f"({first.channels} kênh, {first.sample_width * 8} bit, {first.rate} Hz)."
            )
    parts: list[bytes] = []
    for i, clip in enumerate(clips):
        if i:
            pause = after_chime_ms if clip_names[i - 1] == CHIME else gap_ms
            parts.append(_silence(first, pause))
        parts.append(clip.frames)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(first.channels)
        w.setsampwidth(first.sample_width)
        w.setframerate(first.rate)
        w.writeframes(b"".join(parts))
    return out.getvalue()
