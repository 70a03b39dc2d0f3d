"""Draw the Windows icons (.ico, 16–256 px) of the installer and the role shortcuts with Pillow.

One rounded square per role in its own colour with a short Vietnamese label in Noto Sans Bold (the
font the app ships), so the four shortcuts are told apart at a glance on a counter PC's desktop.

Usage: make_icons.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "NotoSans-Bold.ttf"
# file stem: (label, background colour)
ICONS = {
    "app": ("HC", "#b71c1c"),
    "kiosk": ("SỐ", "#1565c0"),
    "counter": ("QUẦY", "#2e7d32"),
    "display": ("BẢNG", "#ef6c00"),
    "admin": ("QT", "#6a1b9a"),
    "selftest": ("KT", "#455a64"),
}
SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(label: str, colour: str, size: int = 256) -> Image.Image:
    """Return one icon image: ``label`` centred in white on a rounded ``colour`` square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=colour)
    points = int(size * (0.55 if len(label) <= 2 else 0.3))
    font = ImageFont.truetype(str(FONT), points)
    pen.text((size / 2, size / 2), label, font=font, fill="white", anchor="mm")
    return image


def main(argv: list[str]) -> int:
    """Write ``<stem>.ico`` for every entry of :data:`ICONS` into the folder ``argv[0]``."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for stem, (label, colour) in ICONS.items():
        draw(label, colour).save(out / f"{stem}.ico", sizes=SIZES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
