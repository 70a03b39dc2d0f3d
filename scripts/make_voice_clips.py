"""Generate the Vietnamese voice clips of the call announcement once, with espeak-ng and sox.

Writes one WAV per clip of ``counter_app.domain.announcement.ALL_CLIPS`` into
``resources/sounds/vi`` (16-bit PCM, mono, 16 kHz): the spoken words with espeak-ng's Vietnamese
voice (leading/trailing silence trimmed, loudness normalised) and a two-tone chime synthesised
here. Existing files are kept unless ``--force`` is given, so a centre's own recordings are never
overwritten. Also writes README.txt explaining how to replace the clips.

Usage: python scripts/make_voice_clips.py [--out DIR] [--force] [--voice vi] [--speed 140]
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counter_app.domain.announcement import ALL_CLIPS, CHIME, CLIP_TEXTS  # noqa: E402

RATE = 16000
PEAK_DB = -3


def write_chime(path: Path, rate: int = RATE) -> None:
    """Synthesise a soft two-tone "ding-dong" (E5 then C5, bell-like partials, decaying)."""
    notes = ((0.0, 659.25), (0.45, 523.25))  # start time (s), fundamental (Hz)
    partials = ((1.0, 1.0), (2.0, 0.35), (3.0, 0.12), (4.2, 0.05))  # ratio, weight
    length = 1.6
    samples = [0.0] * int(length * rate)
    for start, freq in notes:
        first = int(start * rate)
        for i in range(len(samples) - first):
            t = i / rate
            envelope = min(1.0, t / 0.015) * math.exp(-t / 0.38)
            tone = sum(w * math.sin(2 * math.pi * freq * r * t) for r, w in partials)
            samples[first + i] += envelope * tone
    peak = max(abs(s) for s in samples)
    scale = 10 ** (PEAK_DB / 20) * 32767 / peak
    fade = int(0.05 * rate)  # reach exact silence at the end
    for i in range(fade):
        samples[-1 - i] *= i / fade
    pcm = array.array("h", (round(s * scale) for s in samples))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def speak(text: str, path: Path, *, voice: str, speed: int) -> None:
    """Speak ``text`` with espeak-ng, then trim silences, normalise and resample with sox."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True
        )
        trimmed = Path(tmp) / "trimmed.wav"
        trim = ["silence", "1", "0.005", "0.05%"]  # keep quiet stops (ép, hát)
        subprocess.run(
            ["sox", str(raw), str(trimmed), *trim, "reverse", *trim, "reverse"], check=True
        )
        subprocess.run(
            ["sox", str(trimmed), "-r", str(RATE), "-b", "16", "-c", "1", "-e", "signed-integer",
             str(path), "norm", str(PEAK_DB), "fade", "0.005", "-0", "0.02"],
            check=True,
        )  # fmt: skip


README = """Tiếng đọc số thứ tự (tiếng Việt) — voice clips for call announcements
=====================================================================

Mỗi lần mời số, phần mềm ghép các tệp WAV trong thư mục này, ví dụ số A012 mời đến quầy 3:
  chime + moi_cong_dan + letter_a + digit_0 + digit_1 + digit_2 + den_quay_so + number_3
  = "Mời công dân có số thứ tự A không một hai đến quầy số ba"

Các tệp kèm theo được tạo một lần bằng scripts/make_voice_clips.py (giọng máy espeak-ng "{voice}",
tốc độ {speed}) và một tiếng chuông tổng hợp. Giọng máy nghe rõ nhưng còn cứng; nên thay bằng
giọng đọc thật của trung tâm.

Thay bằng bản ghi âm của trung tâm
----------------------------------
1. Ghi âm từng câu/từ trong bảng dưới (mỗi dòng một tệp), giọng rõ, phòng yên tĩnh, không nhạc nền.
2. Lưu ĐÚNG tên tệp (ví dụ digit_7.wav), cắt bỏ khoảng lặng ở đầu và cuối.
3. Mọi tệp phải cùng định dạng: WAV, PCM 16 bit, mono, {rate} Hz. Chuyển đổi bằng sox:
       sox ban_ghi.wav -r {rate} -c 1 -b 16 -e signed-integer digit_7.wav
4. Chép các tệp vào thư mục này (hoặc resources/sounds/vi của bản đã cài đặt).
   Chạy lại scripts/make_voice_clips.py sẽ giữ nguyên tệp đã có (trừ khi dùng --force).
Tệp thiếu hoặc sai định dạng sẽ được báo rõ tên khi phát lời mời.

In English: record each phrase below under the same file name, trim the silence at both ends,
and convert it to WAV 16-bit PCM mono {rate} Hz (command above). Existing files are never
overwritten by the generator unless --force is given.

Tệp và nội dung đọc / Files and what each one says
---------------------------------------------------
{table}
"""


def write_readme(out: Path, *, voice: str, speed: int) -> None:
    """Write README.txt listing every clip and its words."""
    rows = [f"  {CHIME}.wav".ljust(24) + "(chuông báo hai tiếng — two-tone chime)"]
    rows += [f"  {name}.wav".ljust(24) + text for name, text in CLIP_TEXTS.items()]
    text = README.format(voice=voice, speed=speed, rate=RATE, table="\n".join(rows))
    (out / "README.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Generate the missing clips (all with --force) and the README; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "sounds" / "vi")
    parser.add_argument("--force", action="store_true", help="regenerate existing clips too")
    parser.add_argument("--voice", default="vi")
    parser.add_argument("--speed", type=int, default=140)
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"missing tool: {tool}", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    made = 0
    for name in ALL_CLIPS:
        path = args.out / f"{name}.wav"
        if path.exists() and not args.force:
            continue
        if name == CHIME:
            write_chime(path)
        else:
            speak(CLIP_TEXTS[name], path, voice=args.voice, speed=args.speed)
        made += 1
    write_readme(args.out, voice=args.voice, speed=args.speed)
    total = sum(p.stat().st_size for p in args.out.glob("*.wav"))
    print(f"{made} clip(s) generated, {len(ALL_CLIPS)} in {args.out}, {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
